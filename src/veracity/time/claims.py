"""Time claims: what a speaker says about when an event happened, or that it could not have then.

"There were no telephone conversations then" (a spokesman, of an exchange on a tape) denies the
event at the time it was placed; "the period predates his presidency" places it before a term. Each
becomes a relation from the event in dispute (the latest such event before the claim, one a speaker
recounted first) with ``quote`` set to the claim, so the dossier shows whose dating it is. Datings of
one event that cannot both hold are then marked as conflicts on each other, and the event as
``disputed``: a denial against a positive dating of the same time, or two intervals that do not meet.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from veracity.lang.en.event_words import EVENT_NOUNS, event_type
from veracity.model import Event, Person, Quote, SpeakerRef, TemporalRelation, TimeExpression, TimeValue, content_id
from veracity.time.coreference import EventMentions, latest_of

_NOUN = "|".join(sorted((re.escape(w).replace(r"\ ", r"\s+") for w in EVENT_NOUNS), key=len, reverse=True))
_DENIED = re.compile(r"\b(?:there\s+(?:were|was|had\s+been)\s+no|no\s+such|(?:had|held)\s+no|never\s+(?:any|a)?|"
                     r"(?:did\s+not|didn't|had\s+not|hadn't)\s+(?:have|hold)\s+(?:any|a)?)\s*"
                     r"(?:[\w-]+\s+){0,2}?(?P<noun>" + _NOUN
                     + r")(?:s|es)?\b[^.;]{0,60}?(?P<when>\bthen\b|\bat\s+(?:that|the)\s+time\b|\bin\s+that\s+period\b|"
                     r"\bduring\s+that\s+(?:period|time)\b)", re.IGNORECASE)
_TERM = r"(?:presidency|premiership|chancellorship|tenure|time\s+in\s+office|term(?:\s+in\s+office)?)"
_PREDATES = re.compile(r"\b(?P<sig>predates?|predated|preceded|came\s+before|was\s+before|postdates?|postdated|"
                       r"came\s+after|was\s+after)\s+(?P<who>his|her|their|[A-Z][\w'-]+'s)\s+(?:\w+\s+)?(?P<term>"
                       + _TERM + r")\b", re.IGNORECASE)
_PRINCIPAL = re.compile(r"\bspokes(?:man|woman|person)\s+for\s+(?:the\s+)?(?P<a>[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?)|"
                        r"\b(?P<b>[A-Z][\w'-]+)(?:'s)?\s+spokes(?:man|woman|person)\b")
_PERIODS = re.compile(r"\b(?:period|time|years?)\s+when\b|\bbefore\s+\w+\s+(?:took\s+office|became)", re.IGNORECASE)


def time_claims(doc_id: str, text: str, events: list[Event], relations: list[TemporalRelation],
                quotes: Sequence[Quote], people: Sequence[Person], mentions: EventMentions) -> None:
    """Add the quotes' time claims to ``relations`` (in place), each from the event it dates."""
    # The described periods, found once: each claim then looks at these few, not at every event of the story.
    periods = [e for e in events if e.type is None and _PERIODS.search(e.text)]
    for quote in quotes:
        if quote.parent is not None:
            continue
        for start, end in quote.content.spans:
            for match in _DENIED.finditer(text, start, end):
                _denial(text, match, quote, events, relations, mentions)
            for match in _PREDATES.finditer(text, start, end):
                _placement(doc_id, text, match, quote, events, relations, people)
            _periods(quote, start, end, events, periods, relations)


def _disputed(events: Sequence[Event], kind: str, before: int) -> Event | None:
    """The event a claim is about: the latest of its kind before it, else the latest recounted one."""
    return latest_of(events, kind, before) or max((e for e in events if e.recounted_in and e.start < before),
                                                  key=lambda e: e.start, default=None)


def _denial(text: str, match: re.Match[str], quote: Quote, events: Sequence[Event],
            relations: list[TemporalRelation], mentions: EventMentions) -> None:
    """"No telephone conversations then": the event did not happen at the time it was placed."""
    event = _disputed(events, event_type(match.group("noun")) or "communication", quote.start)
    if event is None:
        return
    placed = [r for r in relations if r.source == event.id and r.quote != quote.id and not r.negated
              and r.relation in ("during", "simultaneous")]
    target = placed[-1].target if placed else event.time
    if target is None:
        return
    relations.append(TemporalRelation(text[match.start():match.end()], match.start(), match.end(), source=event.id,
                                      target=target, relation="during", quote=quote.id, negated=True))


def _placement(doc_id: str, text: str, match: re.Match[str], quote: Quote, events: list[Event],
               relations: list[TemporalRelation], people: Sequence[Person]) -> None:
    """"The period predates his presidency": the disputed event before (or after) the holder's term."""
    event = _disputed(events, "communication", quote.start)
    if event is None:
        return
    term = _term_event(doc_id, match, _holder(text, match.group("who"), quote), events, people)
    relation = "after" if match.group("sig").lower().startswith(("post", "came after", "was after")) else "before"
    relations.append(TemporalRelation(match.group("sig"), match.start("sig"), match.end("sig"), source=event.id,
                                      target=term.id, relation=relation, quote=quote.id))  # type: ignore[arg-type]


def _holder(text: str, word: str, quote: Quote) -> str | None:
    """Whose term: a named one, or for "his"/"her" in a spokesperson's words, the person they speak for."""
    if word.lower() not in ("his", "her", "their"):
        return re.sub(r"'s$", "", word)
    if quote.source is None:
        return None
    found = _PRINCIPAL.search(text, max(0, quote.source.start - 40), quote.source.end + 40)
    return (found.group("a") or found.group("b")) if found else None


def _key(name: str) -> str:
    return name.split()[-1].lower() if name.split() else ""


def _term_event(doc_id: str, match: re.Match[str], holder: str | None, events: list[Event],
                people: Sequence[Person]) -> Event:
    """The holder's term already on the timeline (from ``periods``), else the term the words name."""
    key = _key(holder or "")
    for event in events:
        if key and _key(event.text.split("'s")[0]) == key and "'s" in event.text and "term" in event.text:
            return event
    span = (match.start("who"), match.end("term"))
    named = next((e for e in events if e.kind == "reported" and e.start <= span[1] and span[0] < e.end
                  and e.type == "term"), None)
    if named is None:
        named = Event(content_id("event", doc_id, "claimed term", span[0]), "reported",
                      match.string[span[0]:span[1]], span[0], span[1], when=TimeValue(), type="term")
        events.append(named)
    person = next((p for p in people if key and _key(p.name) == key), None)
    if person is not None:
        named.participants = [SpeakerRef(person.id, person.name)]
    return named


def _periods(quote: Quote, start: int, end: int, events: Sequence[Event], periods: Sequence[Event],
             relations: list[TemporalRelation]) -> None:
    """A period described in a claim ("the period when he was not yet president") is when the disputed event
    fell, as the speaker tells it. ``periods`` are the story's events that describe a period."""
    for period in periods:
        if not (start <= period.start < end):
            continue
        event = _disputed(events, "communication", quote.start)
        if event is not None and event.id != period.id:
            relations.append(TemporalRelation(period.text, period.start, period.end, source=event.id,
                                              target=period.id, relation="during", quote=quote.id))


def finish_relations(doc_id: str, events: Sequence[Event], relations: list[TemporalRelation],
                     times: Sequence[TimeExpression]) -> None:
    """Give each relation its id, mark the datings that contradict each other, and the events disputed."""
    for relation in relations:
        relation.id = content_id("relation", doc_id, relation.source, relation.relation, relation.target,
                                 relation.start, relation.quote)
    bounds = {e.id: e.when for e in events} | {t.id: t.time for t in times}
    for index, a in enumerate(relations):
        for b in relations[index + 1:]:
            if a.source == b.source and a.quote != b.quote and _contradict(a, b, bounds):
                a.conflicts.append(b.id)
                b.conflicts.append(a.id)
    disputed = {r.source for r in relations if r.conflicts or r.negated}
    for event in events:
        event.disputed = event.id in disputed


def _contradict(a: TemporalRelation, b: TemporalRelation, bounds: dict[str, TimeValue]) -> bool:
    """A denial against a positive dating at the same time, or two datings whose intervals cannot meet."""
    if a.negated != b.negated:
        return a.target == b.target
    if a.negated or "unknown" in (a.relation, b.relation):
        return False
    first, second = _implied(a, bounds), _implied(b, bounds)
    if first is None or second is None:
        return False
    return (first[1] is not None and second[0] is not None and first[1] < second[0]) or \
        (second[1] is not None and first[0] is not None and second[1] < first[0])


def _implied(relation: TemporalRelation, bounds: dict[str, TimeValue]) -> tuple[str | None, str | None] | None:
    """The earliest start and latest end a relation allows its source (ISO days), None when unknown."""
    value = bounds.get(relation.target)
    if value is None or not value.known:
        return None
    if relation.relation in ("during", "simultaneous"):
        return (value.earliest_start or "")[:10] or None, (value.latest_end or "")[:10] or None
    if relation.relation == "before":
        return None, (value.latest_start or value.latest_end or "")[:10] or None
    if relation.relation == "after":
        return (value.earliest_end or value.earliest_start or "")[:10] or None, None
    return None
