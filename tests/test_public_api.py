"""The names ``import veracity`` promises, and that each of them exists."""

import pytest

import veracity

pytestmark = pytest.mark.unit

PUBLIC = {
    "SCHEMA_VERSION", "BinaryInputError", "ConfigError", "DecodingError", "Document", "EmptyInputError",
    "Entity", "InputError", "InputTooLargeError", "Mention", "Metadata", "ModelError", "PartyRef", "Person",
    "Pipeline", "Quote", "QuoteContent", "Span", "SpeakerRef", "Stage", "StageError", "StoreError", "VeracityError",
    "__version__", "analyze", "default_pipeline", "load_document", "register_stage", "render",
    "Event", "InvalidDateError", "TemporalRelation", "TimeExpression", "TimeValue", "TimelineEntry",
    "AudioError", "listen", "open_store", "build_story",
}


def test_all_lists_exactly_the_public_names() -> None:
    assert set(veracity.__all__) == PUBLIC


def test_every_public_name_resolves() -> None:
    for name in veracity.__all__:
        assert getattr(veracity, name) is not None


def test_errors_form_one_tree() -> None:
    for name in ("InputError", "ConfigError", "ModelError", "StageError", "StoreError"):
        assert issubclass(getattr(veracity, name), veracity.VeracityError)
    for name in ("EmptyInputError", "BinaryInputError", "InputTooLargeError", "DecodingError", "InvalidDateError"):
        assert issubclass(getattr(veracity, name), veracity.InputError)


def test_the_api_refuses_an_impossible_publication_date() -> None:
    """Issue 21: the CLI validated ``--published`` and the API did not (a bad date reached the time tagger)."""
    with pytest.raises(veracity.InvalidDateError, match="2025-02-30"):
        veracity.analyze("He said so on Monday.", published="2025-02-30")


def test_the_heavy_parts_load_only_when_asked() -> None:
    import subprocess
    import sys

    code = ("import sys, veracity; heavy = [m for m in ('veracity.audio', 'veracity.store') if m in sys.modules]; "
            "print(heavy); assert veracity.open_store.__module__ == 'veracity.store'")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
