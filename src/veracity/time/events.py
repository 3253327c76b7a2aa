"""Events in time: when each quote was said, what the text dates, and the orderings it states.

Speech time comes from the narration around a quote's cue ("said at a press conference
yesterday"); a quote whose sentence names no time gets none: all that is known is that it was said
on or before publication. Reported events are the noun phrases a date attaches to ("a dinner in
2023", "the border crisis in October 2021"). Stated orderings are read from a few sentence forms
("X was before Y took office", "it is unclear whether X came before or after Y"); an unclear
ordering is recorded as ``unknown`` and never turned into a date.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from veracity.lang.en.event_words import event_type
from veracity.model import (
    Event,
    Person,
    Quote,
    Span,
    TemporalRelation,
    TimeAnchor,
    TimeExpression,
    TimeValue,
    content_id,
)
from veracity.time.calendar import add_months
from veracity.time.coreference import EventMentions

_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s+|\n\s*\n")
_LINKERS = r"(?:in|on|at|during|since|from|of|until|by)"
# Both are matched from a window start, and the leading ".*" makes the last determiner win: in "the ministry
# said a dinner in 2023" the event is "a dinner", not "the ministry said a dinner".
_NOUN_BEFORE = re.compile(  # "a closed-door dinner in", "the border crisis in"
    r".*\b(?P<np>(?:a|an|the|this|that|his|her|their|its|our)\s+(?:[\w-]+\s+){0,3}?[\w-]+)\s+" + _LINKERS
    + r"\s+$", re.IGNORECASE | re.DOTALL)
_PARTICIPLE_BEFORE = re.compile(  # "A recording released by a newspaper" + "earlier today"
    r".*\b(?P<np>(?:a|an|the)\s+[\w-]+\s+\w+ed\b(?:\s+(?:by|to|from)\s+(?:a|an|the)?\s*[\w-]+)?)\s+$",
    re.IGNORECASE | re.DOTALL)
_TELLING_PARTICIPLE = re.compile(r"(?:published|released|leaked|posted|aired|broadcast|obtained|reported|"
                                 r"revealed|shared|uploaded)\b", re.IGNORECASE)


def _telling_of_an_event(found: re.Match[str]) -> bool:
    """ "a telephone call published on Tuesday": the date is the publishing's, and the phrase names the call, an
    event of its own that the date must not be shown on (a recording released today is the release)."""
    words = found.group("np").split()
    return any(_TELLING_PARTICIPLE.fullmatch(word) and event_type(before) is not None
               for before, word in zip(words[1:], words[2:], strict=False))


_CLAUSE_BEFORE = re.compile(  # "Kell took office in" + "January 2025": a term or role that can anchor others
    r".*\b(?P<np>[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?\s+(?:took\s+office|came\s+to\s+power|became\s+[\w -]{1,30}?|"
    r"was\s+(?:elected|appointed|sworn\s+in|named)[\w -]{0,30}?))\s+(?:in|on|at)\s+$", re.DOTALL)
_STATED = re.compile(r"\s+(?:was|were|came|happened|took\s+place|occurred)\s+(?:(?P<deg>some\s*time|long|"
                     r"(?:several\s+|some\s+)?(?:days|weeks|months|years)|shortly|soon|just)\s+)?"
                     r"(?P<rel>before|after|during|(?:at\s+)?(?:around|about)\s+the\s+(?:same\s+)?time\s+(?:of|as))\s+"
                     r"(?!or\b)(?P<b>[^.;,]{3,80})", re.IGNORECASE)
_SUBJECT = re.compile(r".*\b(?P<a>(?:the|a|an|this|that|his|her|their)\s+(?:[\w-]+\s+){0,3}?[\w-]+|[Ii]t)$",
                      re.IGNORECASE | re.DOTALL)
_UNCLEAR = re.compile(  # "unclear whether X came before or after Y", "not (immediately) clear when X took place or if"
    r"(?:unclear|not\s+(?:\w+ly\s+)?(?:clear|known)|unknown|uncertain)\s+(?:when\s+[^.;]{2,80}?,?\s+or\s+)?(?:whether|if)\s+"
    r"(?P<a>[^.;]{2,80}?)\s+(?:came|happened|took\s+place|occurred|was\s+held|was)\s+"
    r"(?P<sig>before\s+or\s+after)\s+(?P<b>[^.;,]{2,80})", re.IGNORECASE)
_HEDGE_CUE = re.compile(r"\b(?:believed|thought|understood|reported|alleged|suspected|likely)\b", re.IGNORECASE)
_STOP = frozenset("a an the this that his her their its our of in on at during before after".split())


@dataclass(frozen=True)
class Sentences:
    """Sentence boundaries of a text, found once, looked up by offset."""

    starts: list[int]
    ends: list[int]

    @classmethod
    def of(cls, text: str) -> Sentences:
        starts, ends = [0], []
        for match in _SENTENCE_END.finditer(text):
            ends.append(match.start() + 1)
            starts.append(match.end())
        ends.append(len(text))
        return cls(starts, ends)

    def around(self, offset: int) -> tuple[int, int]:
        index = max(0, bisect.bisect_right(self.starts, offset) - 1)
        return self.starts[index], self.ends[index]


def inside(quote: Quote, offset: int) -> bool:
    return any(start <= offset < end for start, end in quote.content.spans)


def speech_time(quote: Quote, times: Sequence[TimeExpression], sentences: Sentences,
                starts: Sequence[int] | None = None) -> TimeExpression | None:
    """The time expression in the narration of the quote's sentence (outside its words), nearest the cue.

    ``starts`` are the times' start offsets (they come sorted); pass them when asking for many quotes.
    """
    if quote.cue is None:
        return None
    low, high = sentences.around(quote.cue.start)
    starts = [t.start for t in times] if starts is None else starts
    nearby = times[bisect.bisect_left(starts, low):bisect.bisect_left(starts, high)]
    candidates = [t for t in nearby if not inside(quote, t.start) and t.type in ("DATE", "TIME")]
    if not candidates:
        return None
    return min(candidates, key=lambda t: abs(t.start - quote.cue.start))  # type: ignore[union-attr]


def _on_or_before(published: str | None, report: TimeAnchor | None = None) -> TimeValue:
    """Said on or before the report's day: the dateline's when the report is dated there, else publication."""
    if report is not None and report.value is not None:
        return TimeValue(None, report.value, None, report.value, "unknown", "on or before", report)
    if published is None:
        return TimeValue(granularity="unknown", anchor=TimeAnchor("missing"))
    return TimeValue(None, published, None, published, "unknown", "on or before",
                     TimeAnchor("publication", published))


def _copy(time: TimeExpression) -> TimeValue:
    value = time.time
    return TimeValue(value.earliest_start, value.latest_start, value.earliest_end, value.latest_end,
                     value.granularity, value.qualifier, value.anchor)


def speech_events(doc_id: str, quotes: Sequence[Quote], times: Sequence[TimeExpression], sentences: Sentences,
                  published: str | None, said: Mapping[str, TimeExpression] | None = None,
                  report: TimeAnchor | None = None) -> tuple[list[Event], dict[str, TimeExpression]]:
    """One speech event per quote, dated by its narration when the text says when it was said; ``said``
    gives each quote's speech time when the caller found it (``speech.speech_times``). An undated quote
    was said on or before the report's day: ``report`` when a dateline gives it, else publication."""
    events, spoken = [], {}
    starts = [t.start for t in times]
    for quote in quotes:
        if not is_telling(quote):
            continue
        when = speech_time(quote, times, sentences, starts) if said is None else said.get(quote.id)
        speaker = quote.speaker.name if quote.speaker else "an unknown speaker"
        anchor = quote.cue or Span(quote.content.text, quote.start, quote.end)
        words = quote.content.text if len(quote.content.text) <= 50 else quote.content.text[:49].rstrip() + "…"
        label = f"{speaker} {quote.cue.text if quote.cue else 'quoted'}: “{words}”"
        if when is not None:
            spoken[quote.id] = when
        events.append(Event(content_id("event", doc_id, "speech", quote.id), "speech", label, anchor.start,
                            anchor.end, quote=quote.id, time=when.id if when else None,
                            when=_copy(when) if when else _on_or_before(published, report)))
    return events, spoken


def is_telling(quote: Quote) -> bool:
    """Was the quote told on an occasion of its own? Words nested in another quote were said during the
    exchange that quote recounts (its event, see ``story_events``), and a speakerless "is believed to" is a
    hedge, not speech."""
    if quote.parent is not None:
        return False
    return not (quote.speaker is None and quote.cue is not None and _HEDGE_CUE.search(quote.cue.text))


def reported_events(doc_id: str, text: str, times: Sequence[TimeExpression], used: set[str]) -> list[Event]:
    """Events a date attaches to: the noun phrase just before "in/on/at <time>"."""
    events = []
    for time in times:
        if time.id in used or time.type not in ("DATE", "TIME"):
            continue
        start = time.signal.start if time.signal else time.start
        window = max(0, start - 60)
        found = (_CLAUSE_BEFORE.match(text, window, start) or _NOUN_BEFORE.match(text, window, start)
                 or _PARTICIPLE_BEFORE.match(text, window, start))
        if found is None or _telling_of_an_event(found):
            continue
        phrase = found.group("np")
        events.append(Event(content_id("event", doc_id, "reported", found.start("np"), time.id), "reported",
                            phrase, found.start("np"), found.end("np"), time=time.id, when=_copy(time)))
    return events


_AGE = re.compile(r"\b(?:the\s+)?(?P<age>\d{1,3})-year-old\b(?!\s+(?:truce|law|war|company|firm|record|policy))",
                  re.IGNORECASE)


def age_events(doc_id: str, text: str, published: str | None, people: Sequence[Person] = ()) -> list[Event]:
    """"The 71-year-old" with a publication date: a birth between two dates a year apart.

    Born at most ``age + 1`` years less a day before publication, and at least ``age`` years before.
    Without a publication date nothing is known, so no event is made. When the speakers stage resolved
    the description to a person, the event carries that person's name.
    """
    if published is None:
        return []
    day = date.fromisoformat(published)
    events = []
    whose = _MentionOwners(people)
    for match in _AGE.finditer(text):
        age = int(match.group("age"))
        if not 0 < age < 125:
            continue
        try:
            latest = day.replace(year=day.year - age)
        except ValueError:  # 29 February
            latest = day.replace(year=day.year - age, day=28)
        earliest = add_months(latest, -12) + timedelta(days=1)
        when = TimeValue(earliest.isoformat(), latest.isoformat(), earliest.isoformat(), latest.isoformat(), "day",
                         "about", TimeAnchor("publication", published))
        events.append(Event(content_id("event", doc_id, "birth", match.start()), "reported",
                            f"birth of {whose(match)}", match.start(), match.end(), when=when))
    return events


class _MentionOwners:
    """Whose mention covers an offset: the first such person in the speakers stage's order. Mentions are
    sorted once, so each lookup reads only those that start within the longest mention's reach."""

    def __init__(self, people: Sequence[Person]) -> None:
        self.mentions = sorted((m.start, m.end, rank) for rank, p in enumerate(people) for m in p.mentions)
        self.starts = [start for start, _, _ in self.mentions]
        self.reach = max((end - start for start, end, _ in self.mentions), default=0)
        self.names = [p.name for p in people]

    def __call__(self, match: re.Match[str]) -> str:
        """The person a mention at the age description belongs to, else the description itself."""
        at = match.start()
        first = bisect.bisect_left(self.starts, at - self.reach)
        last = bisect.bisect_right(self.starts, at)
        ranks = [rank for start, end, rank in self.mentions[first:last] if start <= at < end]
        return self.names[min(ranks)] if ranks else match.group(0)


def _head(phrase: str) -> str:
    words = [w for w in re.findall(r"[\w-]+", phrase.lower()) if w not in _STOP]
    return words[-1] if words else ""


def _event_for(doc_id: str, phrase: str, start: int, events: list[Event], published: str | None,
               mentions: EventMentions | None = None, sentence_start: int = 0) -> Event:
    """The event a phrase names: one already mentioned there, the one a pronoun or definite description
    names, an existing one with the same head word, or a new undated one."""
    trimmed = phrase.strip()
    if mentions is not None:
        found = mentions.at(start, start + len(trimmed)) or mentions.refers_to(trimmed, start, sentence_start)
        if found is not None:
            return found
    head = _head(phrase)
    for event in events:
        if event.kind == "reported" and head and _head(event.text) == head:
            return event
    event = Event(content_id("event", doc_id, "stated", start, trimmed), "reported", trimmed, start,
                  start + len(trimmed), when=TimeValue(granularity="unknown"))
    events.append(event)
    return event


def stated_relations(doc_id: str, text: str, events: list[Event], published: str | None,
                     mentions: EventMentions | None = None,
                     sentence_of: Callable[[int], tuple[int, int]] | None = None) -> list[TemporalRelation]:
    """Orderings the sentences state; "unclear whether X came before or after Y" is ``unknown``, "some time
    before" a ``before`` with its qualifier, "around the time of" ``simultaneous`` "about"."""
    relations = []
    taken: list[tuple[int, int]] = []

    def event(phrase: str, start: int) -> Event:
        opening = sentence_of(start)[0] if sentence_of else 0
        return _event_for(doc_id, phrase, start, events, published, mentions, opening)

    for match in _UNCLEAR.finditer(text):
        a, b = event(match.group("a"), match.start("a")), event(match.group("b"), match.start("b"))
        relations.append(TemporalRelation(match.group("sig"), match.start("sig"), match.end("sig"), source=a.id,
                                          target=b.id, relation="unknown"))
        taken.append((match.start(), match.end()))
    for match in _STATED.finditer(text):
        if any(s <= match.start("rel") < e for s, e in taken):
            continue
        window = max(0, match.start() - 60)
        subject = _SUBJECT.match(text, window, match.start())
        if subject is None:
            continue
        a, b = event(subject.group("a"), subject.start("a")), event(match.group("b"), match.start("b"))
        if a.id == b.id:
            continue
        relation, qualifier = _ordering(match)
        start = match.start("deg") if match.group("deg") else match.start("rel")
        relations.append(TemporalRelation(text[start:match.end("rel")], start, match.end("rel"), source=a.id,
                                          target=b.id, relation=relation, qualifier=qualifier))  # type: ignore[arg-type]
    return relations


def _ordering(match: re.Match[str]) -> tuple[str, str | None]:
    """The relation and its qualifier: "some time before" is before, its gap unknown; "around the time
    of" is simultaneous, about."""
    rel = match.group("rel").lower()
    if rel.startswith(("at ", "around", "about")):
        return "simultaneous", "about"
    degree = (match.group("deg") or "").lower()
    return rel, ("some time" if degree and not degree.startswith(("shortly", "soon", "just")) else None)


def told_after(events: Sequence[Event]) -> list[TemporalRelation]:
    """A recounted event came before its telling: the exchange on a tape is bounded by the tape, never dated by
    it. Derived from the recounting (``stated`` False), with no words of its own as evidence."""
    telling = {e.quote: e for e in events if e.kind == "speech" and e.quote}
    return [TemporalRelation("", e.start, e.start, source=e.id, target=telling[e.recounted_in].id, relation="before",
                             stated=False)
            for e in events if e.kind == "reported" and e.recounted_in in telling and e.time is None
            and e.type in ("communication", "meeting")]
