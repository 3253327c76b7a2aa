"""Orderings the relation model infers between the story's events, and between an event and a time, where
the text states none and the dates do not settle it.

The stated orderings ("before he took office"), the datings and the claims come first; the relation
model (``veracity.time.tlinks``, TempEval-3 task C) is then asked about the story's own events and times,
and only its confident links are kept: those between two events not both dated, or an undated event and
a time; never a pair the text already relates (an "unknown" order included); never one contradicting the
relations kept so far (a point-algebra check over the stated ones first). An undated event the model
places against a dated one or a time is then ordered against the other dated events through that date
(before a day no later than another event's start: before that event). Each is marked ``stated``
False with the qualifier "inferred", so a reader tells the model's guess from what the text says.

On the stories' dev half this took "event order right" from 0.175 to 0.222 (22 to 28 of 126 gold
orderings; the same at ``least`` 0.3, 0.5 and 0.7), nothing else changing, for 5.6 ms more per article
in the time stage (8.0 to 13.6 ms, two shared cores).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from veracity.model import Event, RelationKind, TemporalRelation, TimeExpression, content_id
from veracity.time.point_algebra import PointGraph

# the model's TimeML relation -> the dossier's relation kind (begins/ends have no kind of their own)
_KIND: dict[str, RelationKind] = {
    "BEFORE": "before", "IBEFORE": "before", "AFTER": "after", "IAFTER": "after", "IS_INCLUDED": "during",
    "DURING": "during", "INCLUDES": "includes", "DURING_INV": "includes", "SIMULTANEOUS": "simultaneous",
    "IDENTITY": "simultaneous",
}
_TIMEML = {"before": "BEFORE", "after": "AFTER", "during": "IS_INCLUDED", "includes": "INCLUDES",
           "simultaneous": "SIMULTANEOUS"}
_INVERSE: dict[RelationKind, RelationKind] = {"before": "after", "after": "before", "during": "includes",
                                             "includes": "during"}
LEAST = 0.5  # the least probability (of the relation, times that of some link) for a link to be kept
# Each kept link is checked against the closure of all the links before it, and ordered through the
# dates against every dated event: work that grows with the square of a document's events. A news story
# has 20 to 40 (the stories' dev half); past this many the text is a book or a transcript, and its
# orderings are left to what it states (a warning says so), so that analysis stays linear in length.
MAX_EVENTS = 250


def inferred_relations(doc_id: str, parse: Any, events: Sequence[Event], times: Sequence[TimeExpression],
                       published: str | None, relations: Sequence[TemporalRelation], least: float = LEAST
                       ) -> list[TemporalRelation]:
    """The model's confident orderings the text leaves open, consistent with ``relations``; none without a
    parse (the pipeline did not parse the text), without events, or with more than ``MAX_EVENTS``."""
    from veracity.time.tlinks import order_events

    ordered = [e for e in events if e.end > e.start]
    if parse is None or not ordered or len(ordered) > MAX_EVENTS:
        return []
    dated_times = [t for t in times if t.value and t.end > t.start]
    links = order_events(parse, [(e.start, e.end, "REPORTING" if e.kind == "speech" else "OCCURRENCE")
                                 for e in ordered],
                         [(t.start, t.end, t.type, t.value) for t in dated_times], published)
    ids = {f"e{n}": e for n, e in enumerate(ordered)} | {f"t{n}": t for n, t in enumerate(dated_times, start=1)}
    graph = PointGraph()
    related: set[frozenset[str]] = set()
    for relation in relations:
        related.add(frozenset((relation.source, relation.target)))
        if relation.relation in _TIMEML and not relation.negated:
            graph.add(relation.source, relation.target, _TIMEML[relation.relation])
    found = []
    for link in links:  # most probable first
        source, target = ids.get(link.source), ids.get(link.target)
        kind = _KIND.get(link.rel)
        if source is None or target is None or kind is None or link.probability < least:
            continue
        if isinstance(source, TimeExpression):  # read the link from its event
            source, target = target, source
            kind = _INVERSE.get(kind, kind)
        if not isinstance(source, Event) or not _open(source, target):
            continue
        pair = frozenset((source.id, target.id))
        if pair in related or not graph.add(source.id, target.id, _TIMEML[kind]):
            continue
        related.add(pair)
        found.append(_inferred(doc_id, source, target, kind))
        undated, anchor, read = source, target, kind
        if isinstance(target, Event) and source.time is not None:  # the undated one is the target
            undated, anchor, read = target, source, _INVERSE.get(kind, kind)
        for other, through in _through_dates(undated, anchor, read, ordered):
            pair = frozenset((undated.id, other.id))
            if pair not in related and graph.add(undated.id, other.id, _TIMEML[through]):
                related.add(pair)
                found.append(_inferred(doc_id, undated, other, through))
    return found


def _inferred(doc_id: str, source: Event, target: Event | TimeExpression, kind: RelationKind) -> TemporalRelation:
    relation = TemporalRelation("", source.start, source.start, source=source.id, target=target.id,
                                relation=kind, stated=False, qualifier="inferred")
    relation.id = content_id("relation", doc_id, source.id, kind, target.id, "inferred")
    return relation


def _bounds(item: Event | TimeExpression) -> tuple[str, str] | None:
    when = item.when if isinstance(item, Event) else item.time
    if when.earliest_start is None or when.latest_end is None:
        return None
    return when.earliest_start[:10], when.latest_end[:10]


def _through_dates(event: Event, anchor: Event | TimeExpression, kind: RelationKind,
                   events: Sequence[Event]) -> list[tuple[Event, RelationKind]]:
    """The dated events an undated ``event`` is ordered against through its link to a dated ``anchor``
    (before a day that is not after another event's start: before that event, and so on)."""
    span = _bounds(anchor)
    if span is None or event.time is not None:
        return []
    first, last = span
    out: list[tuple[Event, RelationKind]] = []
    for other in events:
        other_span = _bounds(other) if other is not event and other is not anchor and other.time else None
        if other_span is None:
            continue
        start, end = other_span
        if (kind == "before" and first <= start) or (kind in ("during", "simultaneous") and last < start):
            out.append((other, "before"))
        elif (kind == "after" and last >= end) or (kind in ("during", "simultaneous") and first > end):
            out.append((other, "after"))
        elif kind in ("during", "simultaneous") and start <= first and last <= end:
            out.append((other, "during"))
    return out


def _open(event: Event, other: Event | TimeExpression) -> bool:
    """Whether the dates leave the pair's order open: the event undated, or an undated other event."""
    if isinstance(other, TimeExpression):
        return event.time is None
    return event.time is None or other.time is None
