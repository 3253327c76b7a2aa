"""Datings the text hedges: "the conversation is believed to have taken place at a fundraiser in 2024".

A hedged dating is kept as a relation with the qualifier "believed" (never folded into the event's own
interval: that stays what the text asserts), from the event the clause is about to the event or date
it is placed at. The event or date introduced inside the hedged clause is itself only believed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from veracity.lang.en.event_words import HEDGES
from veracity.model import Event, TemporalRelation, TimeExpression
from veracity.time.coreference import EventMentions

_HEDGED = re.compile(r"(?P<hedge>" + HEDGES + r")\s+(?:(?:taken|took)\s+place|occurred|happened|been\s+(?:held|made|"
                     r"recorded)|been|was\s+held|met|spoken)\s+(?P<prep>at|during|in|on|around)\s+"
                     r"(?P<b>[^.;]{2,90})", re.IGNORECASE)
_RELATION = {"at": "during", "during": "during", "in": "during", "on": "during", "around": "simultaneous"}


def hedged_relations(text: str, times: Sequence[TimeExpression], mentions: EventMentions,
                     sentence_of: Callable[[int], tuple[int, int]]) -> list[TemporalRelation]:
    """"X is believed to have taken place at Y (in T)": X during Y, believed; Y believed too."""
    relations = []
    for match in _HEDGED.finditer(text):
        opening, _ = sentence_of(match.start())
        subject = _subject(mentions, opening, match.start())
        if subject is None:
            continue
        start, end = match.start("b"), match.end("b")
        target: Event | TimeExpression | None = mentions.at(start, end)
        if target is None or target.id == subject.id:
            target = next((t for t in times if start <= t.start < end), None)
        if target is None:
            continue
        if isinstance(target, Event) and start <= target.start:
            target.believed = True  # introduced inside the hedge: only believed
        relation = _RELATION[match.group("prep").lower()]
        relations.append(TemporalRelation(match.group("hedge"), match.start("hedge"), match.end("hedge"),
                                          source=subject.id, target=target.id, relation=relation,  # type: ignore[arg-type]
                                          qualifier="believed"))
    return relations


def _subject(mentions: EventMentions, opening: int, hedge: int) -> Event | None:
    """The event the hedged clause is about: the last event mention in its sentence before the hedge."""
    spans = [(s, eid) for s, e, eid in mentions.spans if opening <= s and e <= hedge]
    if spans:
        return mentions.by_id(max(spans)[1])
    return mentions.refers_to("it", hedge, opening)
