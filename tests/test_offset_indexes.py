"""The offset indexes that keep long texts linear answer exactly as the scans they replaced."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from veracity.model import Event
from veracity.stretches import Stretches
from veracity.text.mentions import PersonRecord
from veracity.time.coreference import EventMentions

stretch = st.tuples(st.integers(0, 3000), st.integers(0, 600)).map(lambda p: (p[0], p[0] + p[1]))
query = st.tuples(st.integers(-10, 3700), st.integers(0, 1200)).map(lambda p: (p[0], p[0] + p[1]))


@settings(max_examples=200, deadline=None)
@given(st.lists(stretch, max_size=30), st.lists(query, min_size=1, max_size=20))
def test_stretches_answer_as_a_scan_of_every_stretch(stretches: list[tuple[int, int]],
                                                     queries: list[tuple[int, int]]) -> None:
    index = Stretches(stretches)
    for start, end in queries:
        assert index.overlap(start, end) == any(s < end and start < e for s, e in stretches)
        assert index.cover(start) == any(s <= start < e for s, e in stretches)


def _event(n: int, start: int, end: int, kind: str) -> Event:
    return Event(f"event-{n}", kind, "the call", start, end)  # type: ignore[arg-type]


def _scan_at(spans: list[tuple[int, int, str]], events: list[Event], start: int, end: int) -> str | None:
    """The lookup as it was: the first recorded mention overlapping, else the first reported event."""
    for s, e, event_id in spans:
        if s < end and start < e:
            return next(ev.id for ev in events if ev.id == event_id)
    return next((ev.id for ev in events if ev.kind == "reported" and ev.start < end and start < ev.end), None)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(stretch, st.sampled_from(["reported", "speech"]), st.booleans()), max_size=25),
       st.lists(query, min_size=1, max_size=15))
def test_event_mentions_answer_as_a_scan_while_events_arrive(
        arrivals: list[tuple[tuple[int, int], str, bool]], queries: list[tuple[int, int]]) -> None:
    events: list[Event] = []
    mentions = EventMentions(events)
    for n, ((start, end), kind, mentioned) in enumerate(arrivals):
        event = _event(n, start, end, kind)
        events.append(event)  # the caller's list grows behind the index's back
        if mentioned:
            mentions.add(max(0, start - 7), end + 3, event)
        for q_start, q_end in queries:
            found = mentions.at(q_start, q_end)
            assert (found.id if found else None) == _scan_at(mentions.spans, events, q_start, q_end)


def test_event_mentions_notice_a_list_rebuilt_in_place() -> None:
    events = [_event(0, 10, 20, "reported"), _event(1, 100, 120, "reported")]
    mentions = EventMentions(events)
    assert mentions.at(105, 106) is events[1]
    events[:] = [events[0], _event(2, 300, 320, "reported")]  # a duplicate dropped, another added
    assert mentions.at(105, 106) is None
    assert mentions.by_id("event-1") is None
    assert mentions.at(310, 311) is events[1]


def test_a_record_knows_where_it_was_named_as_mentions_arrive() -> None:
    record = PersonRecord("Anna Berg", "PERSON")
    record.add_mention("Berg", 500, 504, "name")
    record.add_mention("she", 40, 43, "pronoun")
    record.add_mention("Anna Berg", 10, 19, "name")
    assert record.named_at() == [10, 500]
    record.add_mention("Berg", 200, 204, "name")
    assert record.named_at() == [10, 200, 500]
    assert record.has_mention_at(40) and not record.has_mention_at(41)
    record.add_mention("her", 41, 44, "pronoun")
    assert record.has_mention_at(41)
    assert record.person_id == record.to_person().id
