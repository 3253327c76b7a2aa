"""The ``times`` stage on its own: warnings for what it cannot read, and its place in the pipeline."""

from __future__ import annotations

import pytest

from veracity.model import Document, Metadata
from veracity.pipeline import DEFAULT_CONFIG, Pipeline, registered_stages
from veracity.time.stage import TimeAnnotator, annotate_times

pytestmark = pytest.mark.unit


def test_missing_publication_date_leaves_relative_times_relative_and_says_so() -> None:
    doc = annotate_times(Document(text="She spoke yesterday. The dinner was in 2023."))
    assert [(t.text, t.value, t.time.anchor.kind) for t in doc.times] == [
        ("yesterday", "XXXX-XX-XX", "missing"), ("2023", "2023", "none")]
    assert any(w.startswith("no publication date: 1 relative") for w in doc.warnings)


def test_unreadable_dates_and_foreign_month_names_are_warned_about() -> None:
    doc = Document(text="The vote on 31 February was void. Le vote a eu lieu en juin.",
                   metadata=Metadata(published="2026-03-14"))
    annotate_times(doc)
    assert any("'31 February'" in w and "no such date" in w for w in doc.warnings)
    assert any("another language" in w and "juin" in w for w in doc.warnings)


def test_an_impossible_publication_date_is_a_warning_not_a_crash() -> None:
    doc = annotate_times(Document(text="She spoke yesterday.", metadata=Metadata(published="2026-02-31")))
    assert doc.times[0].value == "XXXX-XX-XX"
    assert any("publication date unusable" in w for w in doc.warnings)


def test_stage_is_registered_after_speakers_and_round_trips_its_config() -> None:
    names = [stage["name"] for stage in DEFAULT_CONFIG["stages"]]
    assert names.index("times") == names.index("speakers") + 1
    assert registered_stages()["times"] is TimeAnnotator
    pipe = Pipeline.from_config({"stages": [{"name": "times", "speech_anchoring": False}]})
    assert pipe.to_config()["stages"] == [{"name": "times", "speech_anchoring": False}]
    out = pipe(Document(text="In 2023.", metadata=Metadata(published="2026-03-14")))
    assert [t.value for t in out.times] == ["2023"]
