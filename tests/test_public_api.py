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
