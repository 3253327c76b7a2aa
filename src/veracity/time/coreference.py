"""Which event a later mention names: "the conversation" after a recounted exchange, "it" after "the call".

A story names its key event many ways ("I told him ...", "the exchange", "the conversation", "it"),
and an ordering or a time claim stated against any of them belongs to the one event. Mentions are
kept by offset; a definite description of an event type names the latest earlier event of that type
(one a speaker recounts first, as the story is about it), a pronoun the nearest event mentioned before
it (in its sentence, or the sentence or two before).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from veracity.lang.en.event_words import event_type
from veracity.model import Event
from veracity.stretches import Slots

_DEFINITE = re.compile(r"^(?:the|that|this|such|these|those)\s+(?:[\w-]+\s+){0,3}?(?P<noun>[\w-]+(?:\s+[\w-]+)?)$",
                       re.IGNORECASE)
_PRONOUN = re.compile(r"^(?:it|they|this|that)$", re.IGNORECASE)


@dataclass
class EventMentions:
    """Every stretch of text known to name an event, with the event it names.

    Lookups by offset go through slots of 512 characters (``veracity.stretches.Slots``), so a long text's
    thousands of mentions cost each lookup only its neighbours. ``events`` is the caller's list, which grows
    behind our back: new events are filed at the next lookup.
    """

    events: list[Event]
    spans: list[tuple[int, int, str]] = field(default_factory=list)
    _span_slots: Slots[tuple[int, int, str]] = field(default_factory=Slots, repr=False)
    _event_slots: Slots[Event] = field(default_factory=Slots, repr=False)
    _ids: dict[str, Event] = field(default_factory=dict, repr=False)
    _filed: int = 0  # how many of ``events`` are in the index
    _last: str = ""  # the id of the last one filed, to notice a list rebuilt in place

    def add(self, start: int, end: int, event: Event) -> None:
        self.spans.append((start, end, event.id))
        self._span_slots.add(start, end, self.spans[-1])

    def by_id(self, event_id: str) -> Event | None:
        self._catch_up()
        return self._ids.get(event_id)

    def at(self, start: int, end: int) -> Event | None:
        """The event a mention overlapping ``[start, end)`` names, if one is known there (the earliest
        recorded mention first, then the earliest reported event)."""
        self._catch_up()
        for s, e, event_id in self._span_slots.near(start, end):
            if s < end and start < e:
                return self.by_id(event_id)
        for event in self._event_slots.near(start, end):
            if event.kind == "reported" and event.start < end and start < event.end:
                return event
        return None

    def _catch_up(self) -> None:
        if self._filed and (len(self.events) < self._filed or self.events[self._filed - 1].id != self._last):
            self._event_slots, self._ids, self._filed = Slots(), {}, 0  # the list was rebuilt (duplicates dropped)
        for event in self.events[self._filed :]:
            self._event_slots.add(event.start, event.end, event)
            self._ids.setdefault(event.id, event)
        self._filed = len(self.events)
        self._last = self.events[-1].id if self.events else ""

    def refers_to(self, phrase: str, start: int, sentence_start: int) -> Event | None:
        """The event a pronoun or a definite description of an event type names, else None."""
        words = phrase.strip()
        if _PRONOUN.match(words):
            reach = min(sentence_start, start - 250)  # "The call leaked. It is unclear if it came ..."
            earlier = [(s, eid) for s, e, eid in self._span_slots.near(reach, start) if reach <= s and e <= start]
            earlier += [(ev.start, ev.id) for ev in self.events
                        if ev.kind == "reported" and reach <= ev.start and ev.end <= start]
            return self.by_id(max(earlier)[1]) if earlier else None
        match = _DEFINITE.match(words)
        kind = _type_of(match.group("noun")) if match else None
        if kind is None:
            return None
        candidates = [e for e in self.events if e.type == kind and e.start < start and e.kind == "reported"]
        head = _head(match.group("noun")) if match else ""
        same = [e for e in candidates if _head(e.text) == head]
        recounted = [e for e in candidates if e.recounted_in is not None]
        # a call, a conversation, an exchange are one thing told many ways; a dinner is not a press conference
        pool = (recounted or candidates) if kind == "communication" else same
        return max(pool, key=lambda e: e.start) if pool else None


def _head(phrase: str) -> str:
    words = phrase.lower().split()
    return re.sub(r"(?<=[^s])s$", "", words[-1]) if words else ""


def _type_of(noun: str) -> str | None:
    """The type of the head: the last word, or the last two ("phone call")."""
    words = noun.split()
    return event_type(" ".join(words[-2:])) if len(words) > 1 and event_type(" ".join(words[-2:])) else \
        event_type(words[-1])


def shared_participants(a: Event, b: Event) -> bool:
    return bool({p.id for p in a.participants} & {p.id for p in b.participants})


def latest_of(events: Sequence[Event], kind: str, before: int) -> Event | None:
    """The last event of ``kind`` starting before an offset, a recounted one first."""
    found = [e for e in events if e.type == kind and e.start < before]
    recounted = [e for e in found if e.recounted_in is not None]
    pool = recounted or found
    return max(pool, key=lambda e: e.start) if pool else None
