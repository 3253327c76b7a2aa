"""The HTML timeline: bars for ordered events, faded unknown ends, undated events apart, text escaped."""

from __future__ import annotations

import pytest

from veracity.model import Document, Event, Metadata, TemporalRelation, TimeValue
from veracity.report import render_html
from veracity.report.timeline_view import timeline_view
from veracity.time.timeline import build_timeline

pytestmark = pytest.mark.unit


def story() -> Document:
    text = "The <b>summit</b> in 2023 came before the vote. Nobody knows when the <script>talks</script> were."
    summit = Event("event-000000000001", "reported", "The <b>summit</b>", 0, 17,
                   when=TimeValue("2023-01-01", "2023-01-01", "2023-12-31", "2023-12-31", "year"))
    vote = Event("event-000000000002", "reported", "the vote", 39, 47, when=TimeValue())
    talks = Event("event-000000000003", "reported", "the <script>talks</script>", 66, 93, when=TimeValue())
    relation = TemporalRelation("before", 31, 37, source=summit.id, target=vote.id, relation="before")
    doc = Document(text=text, metadata=Metadata(published="2026-03-14"), events=[summit, vote, talks],
                   relations=[relation])
    doc.timeline = build_timeline(doc.events, doc.relations)
    return doc


def test_ordered_events_become_bars_and_undated_ones_are_listed_apart() -> None:
    view = timeline_view(story())
    assert view is not None
    assert [(b.label, b.start_known, b.end_known) for b in view.bars] == [
        ("The <b>summit</b>", True, True), ("the vote", False, False)]
    assert view.bars[0].left == 0.0 and view.bars[0].width == 100.0
    assert [u.label for u in view.undated] == ["the <script>talks</script>"]


def test_every_string_is_escaped_in_the_page() -> None:
    page = render_html(story())
    assert "<script>talks" not in page and "&lt;script&gt;talks" in page
    assert "<b>summit" not in page
    assert "open-start open-end" in page  # the vote: known only to follow the summit


def test_no_events_no_timeline() -> None:
    assert timeline_view(Document(text="Nothing happened.")) is None
    assert 'class="timeline"' not in render_html(Document(text="Nothing happened."))


def test_an_uncertain_start_fades_in_over_the_period_it_may_fall_in() -> None:
    since = Event("event-000000000004", "reported", "the dispute", 0, 11,
                  when=TimeValue("2014-01-01", "2014-12-31", "2023-12-31", "2023-12-31", "year", "since"))
    doc = Document(text="the dispute", events=[since])
    doc.timeline = build_timeline(doc.events, doc.relations)
    view = timeline_view(doc)
    assert view is not None
    (bar,) = view.bars
    assert 9.0 < bar.fade_in < 10.5 and bar.fade_out == 100.0  # one year of ten is uncertain
