"""The timeline of the HTML dossier: events as bars on one date axis, uncertain ends faded.

Only numbers (percentages) are computed here; every string reaches the page through the template,
which escapes it. Events with no rank (no known time, no stated ordering) are listed apart, with
what is known about them ("on or before 2026-03-14"), never placed on the axis.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from veracity.model import Document, Event, TemporalRelation, TimelineEntry


@dataclass
class BarView:
    label: str
    kind: str
    rank: int
    left: float  # percent of the axis
    width: float
    start_known: bool
    end_known: bool
    span: str  # "2023-01-01 – 2023-12-31", "? – 2026-03-14"
    time_text: str | None
    fade_in: float = 0.0  # percent of the bar before which the start is not yet certain ("since 2014")
    fade_out: float = 100.0  # percent of the bar after which the end is no longer certain


@dataclass
class UndatedView:
    label: str
    kind: str
    known: str  # what is known, in words


@dataclass
class RelationView:
    source: str
    relation: str
    target: str
    evidence: str


@dataclass
class TimelineView:
    axis_start: str
    axis_end: str
    bars: list[BarView]
    undated: list[UndatedView]
    relations: list[RelationView]


def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _known(event: Event) -> str:
    when = event.when
    if when.latest_end and not when.earliest_start:
        return f"{when.qualifier or 'on or before'} {when.latest_end}"
    if when.earliest_start and not when.latest_end:
        return f"{when.qualifier or 'on or after'} {when.earliest_start}"
    return "no date in the text"


def _uncertain_edges(event: Event, start: date | None, end: date | None) -> tuple[float, float]:
    """Where, within the bar, the start becomes certain and the end stops being so (percent)."""
    if start is None or end is None:
        return 0.0, 100.0
    length = (end - start).days + 1
    latest_start = _day(event.when.latest_start) or start
    earliest_end = _day(event.when.earliest_end) or end
    fade_in = min(max(100 * (latest_start - start).days / length, 0.0), 100.0)
    fade_out = min(max(100 * ((earliest_end - start).days + 1) / length, fade_in), 100.0)
    return round(fade_in, 2), round(fade_out, 2)


def _relation_words(relation: TemporalRelation) -> str:
    """The relation as a reader takes it: its qualifier, whether a speaker claims it, and a conflict."""
    words: str = "before or after: unknown" if relation.relation == "unknown" else relation.relation
    if relation.negated:
        words = f"not {words}"
    if relation.qualifier:
        words += f" ({relation.qualifier})"
    if relation.quote:
        words += ", claimed in a quote"
    if relation.conflicts:
        words += ", disputed"
    return words


def timeline_view(doc: Document) -> TimelineView | None:
    """The timeline panel of ``doc``, or None when it has no events."""
    if not doc.events:
        return None
    events = {e.id: e for e in doc.events}
    times = {t.id: t.text for t in doc.times}
    ranked = [t for t in doc.timeline if t.rank is not None and t.event in events]
    days = [d for t in ranked for d in (_day(t.earliest_start), _day(t.latest_end)) if d]
    first, last = (min(days), max(days)) if days else (date.today(), date.today())
    total = max((last - first).days + 1, 1)
    predecessors: dict[str, list[TimelineEntry]] = {}
    for entry in ranked:
        for target in entry.before:
            predecessors.setdefault(target, []).append(entry)

    def position(day: date) -> float:
        return round(100 * (day - first).days / total, 2)

    bars = []
    for entry in ranked:
        event = events[entry.event]
        start, end = _day(entry.earliest_start), _day(entry.latest_end)
        if start is None:  # known only to follow its predecessors
            ends = [d for p in predecessors.get(entry.event, []) if (d := _day(p.latest_end))]
            start_pct = position(max(ends)) if ends else 0.0
        else:
            start_pct = position(start)
        end_pct = 100.0 if end is None else round(100 * ((end - first).days + 1) / total, 2)
        fade_in, fade_out = _uncertain_edges(event, start, end)
        bars.append(BarView(event.text, event.kind, entry.rank or 0, start_pct, max(end_pct - start_pct, 0.8),
                            start is not None, end is not None,
                            f"{entry.earliest_start or '?'} – {entry.latest_end or '?'}",
                            times.get(event.time or ""), fade_in, fade_out))
    undated = [UndatedView(events[t.event].text, events[t.event].kind, _known(events[t.event]))
               for t in doc.timeline if t.rank is None and t.event in events]
    relations = [RelationView(events[r.source].text if r.source in events else r.source,
                              _relation_words(r),
                              events[r.target].text if r.target in events else times.get(r.target, r.target),
                              r.text)
                 for r in doc.relations]
    return TimelineView(first.isoformat(), last.isoformat(), bars, undated, relations)
