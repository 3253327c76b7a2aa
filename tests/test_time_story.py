"""The done-when story of the timeline issue (examples/timeline-story.txt), pinned value by value.

Published Saturday 14 March 2026. Every time value, anchor, event and stated relation in its dossier
is what a careful reader would write down; the unclear ordering of the meeting and the crisis is
reported as unknown and gets no date.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from veracity import analyze
from veracity.model import Document, dossier_json_schema
from veracity.report import render_html, render_json

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[1]
STORY = (ROOT / "examples" / "timeline-story.txt").read_text(encoding="utf-8")
PUBLISHED = "2026-03-14"

# text -> (type, value, earliest start, latest end, qualifier, anchor kind, anchor value)
TIMES = {
    "earlier today": ("DATE", "2026-03-14", "2026-03-14", "2026-03-14", None, "publication", PUBLISHED),
    "14 March": ("DATE", "2026-03-14", "2026-03-14", "2026-03-14", None, "publication", PUBLISHED),
    "2023": ("DATE", "2023", "2023-01-01", "2023-12-31", None, "none", None),
    "October 2021": ("DATE", "2021-10", "2021-10-01", "2021-10-31", None, "none", None),
    # inside the quote said at yesterday's press conference (13 March): the Monday before that
    "Monday": ("DATE", "2026-03-09", "2026-03-09", "2026-03-09", None, "speech", "2026-03-13"),
    "yesterday": ("DATE", "2026-03-13", "2026-03-13", "2026-03-13", None, "publication", PUBLISHED),
}


@pytest.fixture(scope="module")
def doc() -> Document:
    return analyze(STORY, published=PUBLISHED)


def event_named(doc: Document, text: str):  # noqa: ANN201 - a model Event
    matches = [e for e in doc.events if e.text == text]
    assert len(matches) == 1, [e.text for e in doc.events]
    return matches[0]


def test_every_time_value_and_anchor(doc: Document) -> None:
    found = {t.text: (t.type, t.value, t.time.earliest_start, t.time.latest_end, t.time.qualifier,
                      t.time.anchor.kind, t.time.anchor.value) for t in doc.times}
    assert found == TIMES
    monday = next(t for t in doc.times if t.text == "Monday")
    quote = next(q for q in doc.quotes if q.id == monday.time.anchor.ref)
    assert quote.content.text == "I met nobody on Monday"
    assert monday.quote == quote.id


def test_speech_events(doc: Document) -> None:
    by_quote = {q.content.text: q for q in doc.quotes}
    conference = next(e for e in doc.events if e.quote == by_quote["I met nobody on Monday"].id)
    yesterday = next(t for t in doc.times if t.text == "yesterday")
    assert conference.time == yesterday.id
    assert (conference.when.earliest_start, conference.when.latest_end) == ("2026-03-13", "2026-03-13")
    recording = next(e for e in doc.events if e.quote == by_quote["We settled the border question over dessert"].id)
    assert recording.time is None  # the text does not say when it was said
    assert (recording.when.earliest_start, recording.when.latest_end, recording.when.qualifier) == (
        None, PUBLISHED, "on or before")


def test_reported_events_take_their_dates(doc: Document) -> None:
    times = {t.id: t.text for t in doc.times}
    assert times[event_named(doc, "a closed-door dinner").time] == "2023"
    assert times[event_named(doc, "the border crisis").time] == "October 2021"
    assert times[event_named(doc, "A recording released by a newspaper").time] == "earlier today"
    meeting = event_named(doc, "the meeting")
    assert meeting.time is None and not meeting.when.known  # never dated


def test_stated_relations(doc: Document) -> None:
    relations = {(r.source, r.relation, r.target) for r in doc.relations}
    dinner, office = event_named(doc, "a closed-door dinner"), event_named(doc, "Kell took office")
    meeting, crisis = event_named(doc, "the meeting"), event_named(doc, "the border crisis")
    assert relations == {(dinner.id, "before", office.id), (meeting.id, "unknown", crisis.id)}
    unclear = next(r for r in doc.relations if r.relation == "unknown")
    assert unclear.text == "before or after" and STORY[unclear.start:unclear.end] == "before or after"


def test_timeline_is_a_partial_order_with_undated_events_apart(doc: Document) -> None:
    entries = {t.event: t for t in doc.timeline}
    crisis, dinner = event_named(doc, "the border crisis"), event_named(doc, "a closed-door dinner")
    office, meeting = event_named(doc, "Kell took office"), event_named(doc, "the meeting")
    release = event_named(doc, "A recording released by a newspaper")
    assert entries[crisis.id].rank == 0
    assert entries[dinner.id].rank == 1 and dinner.id in entries[crisis.id].before
    assert office.id in entries[dinner.id].before  # stated, though the office has no date
    assert entries[office.id].rank is not None and entries[office.id].rank > entries[dinner.id].rank
    assert entries[release.id].rank > entries[dinner.id].rank
    assert entries[meeting.id].rank is None  # unknown ordering: listed apart
    ranks = [t.rank for t in doc.timeline]
    assert ranks == sorted(ranks, key=lambda r: (r is None, r or 0))


def test_dossier_round_trips_and_validates(doc: Document) -> None:
    data = json.loads(render_json(doc))
    assert Document.from_dict(data).to_dict() == data
    jsonschema = pytest.importorskip("jsonschema")
    schema = dossier_json_schema()
    jsonschema.Draft202012Validator(schema).validate(data)
    assert {t["text"] for t in data["times"]} == set(TIMES)


def test_html_draws_the_timeline(doc: Document) -> None:
    page = render_html(doc)
    assert 'class="timeline"' in page
    assert "the border crisis" in page and "Undated" in page
