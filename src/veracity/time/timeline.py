"""One timeline: events ordered by what is known, a partial order rather than a forced sequence.

An edge a -> b means a is known to end before b starts: stated in the text ("before he took
office"), or implied by the dates (a's latest end is before b's earliest start). Ranks are levels
of that order (longest chain of known predecessors); events of equal rank are not ordered against
each other. Events with no known time and no stated ordering get no rank and are listed apart.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Sequence

from veracity.model import Event, TemporalRelation, TimelineEntry


def _earliest(event: Event) -> str | None:
    return event.when.earliest_start


def _latest(event: Event) -> str | None:
    return event.when.latest_end


def _dated(event: Event) -> bool:
    return event.when.earliest_start is not None and event.when.latest_end is not None


def build_timeline(events: Sequence[Event], relations: Sequence[TemporalRelation]) -> list[TimelineEntry]:
    """Entries in timeline order: ranked events by rank then earliest start, then the unranked."""
    ids = {e.id for e in events}
    edges: dict[str, set[str]] = defaultdict(set)
    for relation in relations:
        if relation.source not in ids or relation.target not in ids or relation.negated:
            continue  # a denial ("no calls then") orders nothing
        if relation.relation == "before":
            edges[relation.source].add(relation.target)
        elif relation.relation == "after":
            edges[relation.target].add(relation.source)
    dated = [e for e in events if _dated(e)]
    for a_id, b_id in _immediate_successions(dated):
        edges[a_id].add(b_id)
    ordered = {e.id for e in dated} | {n for n, targets in edges.items() if targets} | {
        t for targets in edges.values() for t in targets}
    rank = _levels(ordered, edges)
    by_id = {e.id: e for e in events}
    entries = [TimelineEntry(e.id, rank.get(e.id), _earliest(e), _latest(e), sorted(edges.get(e.id, ())))
               for e in events]
    return sorted(entries, key=lambda t: (t.rank is None, t.rank or 0, t.earliest_start or "", by_id[t.event].start))


def _immediate_successions(dated: Sequence[Event]) -> list[tuple[str, str]]:
    """Pairs (a, b) with a known to end before b starts and nothing known to fit between them.

    For intervals that is the transitive reduction of "ends before": b follows a directly when b
    starts after a ends but no later than the earliest end among everything starting after a ends.
    Sorting and a suffix minimum keep it near-linear, so a long document does not cost n².
    """
    ordered = sorted(dated, key=lambda e: (e.when.earliest_start or "")[:10])
    starts = [(e.when.earliest_start or "")[:10] for e in ordered]
    suffix_min_end = [""] * (len(ordered) + 1)
    suffix_min_end[-1] = "9999-99-99"
    for index in range(len(ordered) - 1, -1, -1):
        suffix_min_end[index] = min(suffix_min_end[index + 1], (ordered[index].when.latest_end or "")[:10])
    pairs: list[tuple[str, str]] = []
    for a in ordered:
        first = bisect.bisect_right(starts, (a.when.latest_end or "")[:10])
        if first >= len(ordered):
            continue
        last = bisect.bisect_right(starts, suffix_min_end[first])
        pairs.extend((a.id, b.id) for b in ordered[first:last] if b.id != a.id)
    return pairs


def _levels(nodes: set[str], edges: dict[str, set[str]]) -> dict[str, int]:
    """Longest-path level of each node; a cycle (contradictory statements) leaves its nodes at level 0."""
    incoming: dict[str, int] = {n: 0 for n in nodes}
    for source, targets in edges.items():
        for target in targets:
            if source in nodes and target in nodes:
                incoming[target] += 1
    level = {n: 0 for n in nodes}
    ready = sorted(n for n, count in incoming.items() if count == 0)
    while ready:
        node = ready.pop()
        for target in sorted(edges.get(node, ())):
            if target not in nodes:
                continue
            level[target] = max(level[target], level[node] + 1)
            incoming[target] -= 1
            if incoming[target] == 0:
                ready.append(target)
    return level
