"""The events a story is about: calls, meetings, invasions, elections, and the exchanges speakers recount.

Nominal events are event nouns ("Russia's February 2022 invasion of Ukraine", "a private fundraising
event in 2024"); verbal ones past-tense event verbs ("the two men met in March 2019"). Each takes the
time expression that governs it: a date inside its noun phrase ("the 2017 border crisis"), one joined
to it by in/on/at ("the meeting on Monday"), or one in its clause. Without one it stays undated: an
honest unknown, never the publication date.

A quote that tells of an exchange ("I told him, 'if you go in, I'll hit you.' And he said ...") gives
an event of its own, ``recounted_in`` that quote: the words nested in it were said during the exchange,
not when the quote was told, so the tape's date is never the exchange's. A definite description after
it ("the conversation") names the same event (see ``coreference``).

With the spaCy parse at hand, the events the learned detector finds that a date governs come last
("served as defence minister between 2015 and 2018", "approved in August 2024"; see ``timed_events``):
only where no word-list event is already there, typed by the word lists when they know the word.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from veracity.lang.en.event_words import EVENT_VERBS, event_type, noun_pattern, verb_pattern
from veracity.model import Event, Person, Quote, QuotedText, SpeakerRef, TimeExpression, TimeValue, content_id
from veracity.stretches import Stretches
from veracity.time.coreference import EventMentions
from veracity.time.events import is_telling
from veracity.time.governed_dates import GovernedDates, Part
from veracity.time.starts import Starts
from veracity.time.timed_events import TimedEvent, timed_events

_NOUNS = Starts([noun_pattern()])  # tried only where an event noun can open
_VERBS = verb_pattern()
_RECOUNT = re.compile(r"\b(?P<verb>told|said\s+to|asked|promised|warned|threatened|spoke\s+(?:to|with)|"
                      r"called|phoned|rang|met)\s+(?:him|her|them|me|us|[A-Z][\w'-]+)\b")
_DETERMINER = re.compile(r"(?:\b(?i:the|a|an|this|that|these|those|his|her|their|its|our|such)|"
                         r"\b[A-Z][\w-]*'s?)\s+(?:[a-z][\w-]*\s+){0,2}$")
_NEGATED = re.compile(r"\b(?:no|never\s+any|not\s+any|any)\s+(?:[a-z][\w-]*\s+){0,2}$", re.IGNORECASE)
_OF = re.compile(r"\s+(?:of|with|between|against)\s+(?:the\s+)?[A-Z][\w'-]*(?:\s+(?:and\s+)?[A-Z][\w'-]*){0,3}")
_PREMOD_GAP = re.compile(r"(?:'s)?\s+(?:[a-z][\w-]*\s+){0,2}")
_POSTMOD_GAP = re.compile(r"\s+(?:(?:held|that\s+took\s+place|which\s+took\s+place)\s+)?(?:in|on|at|during|since|of)?"
                          r"\s*")
_CLAUSE_GAP = re.compile(r"[^.;:!?\"“”]{0,60}")
_SKIP_AFTER = re.compile(r"\s+(?:for|on|off|out|up|it|this|that|in\s+sick|nobody|no\s+one|no-one|anyone|anybody)\b")
_NOT_BEFORE = re.compile(r"\b(?:never|not|n't)\s+(?:\w+\s+)?$")
_OBJECT = re.compile(r"\s+(?:to\s+|with\s+)?(?:him|her|them|me|us|[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,3})")
_SUBJECT = re.compile(r"(?:\b(?:I|we|he|she|they)|[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,2}|the\s+two\s+\w+)\s+"
                      r"(?:(?:once|again|then|later|first|had|have|never|also)\s+)?$")


class Cast:
    """Who an event involves: the people whose mentions (names, and pronouns the speakers stage resolved)
    fall within a stretch of text."""

    def __init__(self, people: Sequence[Person]) -> None:
        self.mentions = sorted(((m.start, m.end, p) for p in people for m in p.mentions), key=lambda m: m[:2])
        self._starts = [start for start, _, _ in self.mentions]

    def within(self, start: int, end: int) -> list[SpeakerRef]:
        """The people mentioned from ``start`` to ``end``, found by binary search (a long text has
        thousands of mentions and events)."""
        found: dict[str, SpeakerRef] = {}
        first, last = bisect.bisect_left(self._starts, start), bisect.bisect_left(self._starts, end)
        for _, _, person in self.mentions[first:last]:
            if person.id not in found:
                found[person.id] = SpeakerRef(person.id, person.name)
        return list(found.values())


def _innermost(quoted: QuotedText, offset: int) -> Quote | None:
    covering = quoted.covering(offset)
    return max(covering, key=lambda q: q.start) if covering else None


def _premodifier(text: str, times: Sequence[TimeExpression], noun_start: int) -> TimeExpression | None:
    """A date inside the noun phrase: "February 2022 invasion", "the 2017 border crisis"."""
    for time in times:
        if time.end <= noun_start and noun_start - time.end <= 30 and time.type == "DATE" \
                and _PREMOD_GAP.fullmatch(text, time.end, noun_start):
            return time
    return None


def _postmodifier(text: str, times: Sequence[TimeExpression], end: int) -> TimeExpression | None:
    """A date joined to the phrase: "the meeting on Monday", "a dinner held in May 2023"."""
    for time in times:
        cut = time.signal.start if time.signal else time.start
        if end <= cut <= end + 40 and time.type in ("DATE", "TIME") and _POSTMOD_GAP.fullmatch(text, end, cut):
            return time
    return None


def _clause_time(text: str, times: Sequence[TimeExpression], start: int, end: int,
                 sentence_start: int) -> TimeExpression | None:
    """The date of a verb's clause: after it with no clause break between, or opening the sentence."""
    for time in times:
        if time.type not in ("DATE", "TIME"):
            continue
        if end <= time.start <= end + 60 and _CLAUSE_GAP.fullmatch(text, end, time.start) \
                and " and " not in text[end:time.start] and not _VERBS.search(text, end, time.start):
            return time
        if sentence_start <= time.start and time.end <= start and \
                re.fullmatch(r"\W*(?:\w+\s+)?", text[sentence_start:time.start]) and \
                re.fullmatch(r",?\s+(?:[\w'-]+\s+){0,5}", text[time.end:start]):
            return time
    return None


def _dated(event: Event, time: TimeExpression | None, part: Part = "whole") -> Event:
    """``event`` placed in ``time``: wholly, or only its start or end ("which began on January 20")."""
    if time is not None:
        value = time.time
        event.time = time.id
        start, end = (value.earliest_start, value.latest_start), (value.earliest_end, value.latest_end)
        if part == "start":  # it began then: it ends no earlier than it began, and no one says when
            end = (value.earliest_start, None)
        elif part == "end":  # it ended then: it began no later
            start = (None, value.latest_end)
        event.when = TimeValue(*start, *end, value.granularity, value.qualifier, value.anchor)
    return event


class StoryEvents:
    """Finds the story's events and adds them to ``events`` (in place), recording every mention."""

    def __init__(self, doc_id: str, text: str, times: Sequence[TimeExpression], events: list[Event],
                 quotes: Sequence[Quote], people: Sequence[Person],
                 sentence_of: Callable[[int], tuple[int, int]], parse: Any = None) -> None:
        self.parse = parse
        self.doc_id, self.text, self.times, self.events, self.quotes = doc_id, text, times, events, quotes
        self.quoted = QuotedText(list(quotes))
        self.nested: dict[str, list[Quote]] = {}  # parent quote id -> the quotes inside it
        for quote in quotes:
            if quote.parent is not None:
                self.nested.setdefault(quote.parent, []).append(quote)
        self.cast = Cast(people)
        self.mentions = EventMentions(events)
        self.sentence_of = sentence_of  # Sentences.around
        self.cues = Stretches([(q.cue.start, q.cue.end) for q in quotes if q.cue])
        self.quote_by_id = {q.id: q for q in quotes}
        self.recountings: list[Event] = []  # events told inside a quote, the candidates of ``_told_in``
        self.undated: list[Event] = []  # nominal and verbal events the words beside them did not date
        self.said: Mapping[str, TimeExpression] = {}
        # the quote told by each character of a cue, for the events that are the occasion of one
        self.telling_at = {offset: q for q in quotes if q.cue is not None and is_telling(q)
                           for offset in range(q.cue.start, q.cue.end)}
        self.placed: dict[str, list[str]] = {}  # time id -> the words of the events found undated, dated since

    def run(self, said: Mapping[str, TimeExpression]) -> EventMentions:
        self.said = said
        # what speakers recount first, so a later "the conversation" can name it
        for pattern in (_VERBS, _RECOUNT):
            for match in pattern.finditer(self.text):
                self._verb(match)
        for quote in self.quotes:
            self._exchange(quote, said)
        for match in _NOUNS.finditer(self.text)[0]:
            self._noun(match)
        if self.parse is not None:
            self._date_by_parse()
            for found in timed_events(self.parse, self.times, self.text):
                self._timed(found)
        return self.mentions

    def _date_by_parse(self) -> None:
        """Date the events found undated by what the parse joins to them (see ``governed_dates``)."""
        governed = GovernedDates(self.parse, self.times)
        for event in self.undated:
            if event.time is None:
                found = governed.of(event.start, event.end)
                if found is not None:
                    _dated(event, found.time, found.part)
                else:
                    occasion = governed.occasion(event.start, event.end)
                    quote = self._quote_told_by(occasion) if occasion is not None else None
                    if quote is not None and quote.id in self.said:
                        _dated(event, self.said[quote.id])
        for event in self.undated:
            if event.time is not None:
                self.placed.setdefault(event.time, []).append(event.text)

    def _quote_told_by(self, verb: Any) -> Quote | None:
        """The quote whose cue is ``verb``, or the verb its clause hangs from ("Speaking at a press conference,
        she said": the cue is "said")."""
        quote = self.telling_at.get(verb.idx)
        if quote is None and verb.dep_ == "advcl":
            quote = self.telling_at.get(verb.head.idx)
        return quote

    def _timed(self, found: TimedEvent) -> None:
        """A detected event its date governs, where the word lists found nothing and no quote's cue is, and
        which is not told by an event its own date already placed ("an air strike … on Thursday killed nine":
        the strike; "led a trade mission in 2024": the mission)."""
        if self.mentions.at(found.start, found.end) is not None or self.cues.overlap(found.start, found.end):
            return
        if any(words in found.label for words in self.placed.get(found.time.id, ())):
            return
        kind = event_type(found.word) or EVENT_VERBS.get(found.word.lower()) or "other"
        self._add("detected", kind, found.start, found.end, found.time, found.label)

    def _recounted(self, offset: int) -> str | None:
        quote = _innermost(self.quoted, offset)
        while quote is not None and quote.parent is not None:  # nested words were said in the exchange
            quote = self.quote_by_id.get(quote.parent)
        return quote.id if quote is not None and is_telling(quote) else None

    def _noun(self, match: re.Match[str]) -> None:
        kind = event_type(match.group(0))
        start, end = match.start(), match.end()
        if kind is None or _NEGATED.search(self.text, max(0, start - 40), start):
            return  # "there were no telephone conversations": no event is asserted
        known = self.mentions.at(start, end)
        if known is not None and known.kind == "reported":
            known.type = known.type or kind
            self.mentions.add(start, end, known)
            return
        time = _premodifier(self.text, self.times, start)
        first = time.start if time else start
        article = _DETERMINER.search(self.text, max(0, first - 40), first)
        phrase_start = article.start() if article else first
        tail = _OF.match(self.text, end)
        phrase_end = tail.end() if tail else end
        time = time or _postmodifier(self.text, self.times, phrase_end)
        definite = article is not None and article.group(0).split()[0].lower() in ("the", "that", "this", "such")
        if time is None and definite:
            same = self.mentions.refers_to(self.text[phrase_start:end], phrase_start, 0)
            if same is not None:
                self.mentions.add(start, end, same)
                return
        self._add("nominal", kind, phrase_start, phrase_end, time)

    def _verb(self, match: re.Match[str]) -> None:
        start, end = match.start("verb"), match.end("verb")
        if self.cues.cover(start) or _SKIP_AFTER.match(self.text, end) \
                or _NOT_BEFORE.search(self.text, max(0, start - 20), start):
            return  # "called for", "met nobody", "never met him": no event is asserted
        if self.mentions.at(start, end) is not None:
            return
        verb = re.sub(r"\s+.*", "", match.group("verb"))
        kind = EVENT_VERBS.get(verb, "communication")
        quoted = _innermost(self.quoted, start) is not None
        obj = _OBJECT.match(self.text, end)
        sentence_start, _ = self.sentence_of(start)
        time = _clause_time(self.text, self.times, start, end, sentence_start)
        if not quoted and time is None and (obj is None or kind not in ("communication", "meeting")):
            return  # narration's undated verbs are too often not events ("he attacked the plan")
        subject = _SUBJECT.search(self.text, max(sentence_start, start - 40), start)
        self._add("verbal", kind, subject.start() if subject else start, obj.end() if obj else end, time)

    def _add(self, how: str, kind: str, start: int, end: int, time: TimeExpression | None,
             label: str | None = None) -> Event:
        phrase = label or self.text[start:end]
        event = _dated(Event(content_id("event", self.doc_id, how, start, phrase), "reported", phrase, start, end,
                             type=kind, participants=self.cast.within(start, end),
                             recounted_in=self._recounted(start)), time)
        self._keep(event)
        self.mentions.add(start, end, event)
        if time is None and how in ("nominal", "verbal"):
            self.undated.append(event)
        return event

    def _keep(self, event: Event) -> None:
        self.events.append(event)
        if event.recounted_in is not None:
            self.recountings.append(event)

    def _exchange(self, quote: Quote, said: Mapping[str, TimeExpression]) -> None:
        """The exchange a quote with nested speech recounts, dated by a nested quote's speech time if any."""
        if quote.parent is not None:
            return
        nested = self.nested.get(quote.id, [])
        if not nested:
            return
        people = [p for p in ([quote.speaker] + [q.speaker for q in nested]) if p is not None]
        people += [SpeakerRef(q.addressee.id, q.addressee.name or q.addressee.text) for q in nested
                   if q.addressee is not None and q.addressee.id]
        time = next((said[q.id] for q in nested if q.id in said), None)
        known = self._told_in(quote)
        if known is None:
            start, end = quote.start, max(q.end for q in nested)
            speaker = quote.speaker.name if quote.speaker else "an unknown speaker"
            known = _dated(Event(content_id("event", self.doc_id, "exchange", quote.id), "reported",
                                 f"exchange recounted by {speaker}", start, end, type="communication",
                                 recounted_in=quote.id), time)
            self._keep(known)
        elif known.time is None and time is not None:
            _dated(known, time)
        ids = {p.id for p in known.participants}
        known.participants += [p for p in dict((p.id, p) for p in people).values() if p.id not in ids]
        for q in [quote, *nested]:
            self.mentions.add(q.start, q.end, known)

    def _told_in(self, quote: Quote) -> Event | None:
        """An exchange already found for the same speaker: a recounting verb in this quote, or an earlier
        undated exchange the same speaker recounted (the story's one threat, told twice)."""
        speaker = quote.speaker.id if quote.speaker else None
        for event in self.recountings:
            if event.type != "communication" or event.recounted_in is None:
                continue
            if event.recounted_in == quote.id:
                return event
            teller = self.quote_by_id.get(event.recounted_in)
            if speaker and teller and teller.speaker and teller.speaker.id == speaker and event.time is None:
                return event
        return None


def story_events(doc_id: str, text: str, times: Sequence[TimeExpression], events: list[Event],
                 quotes: Sequence[Quote], people: Sequence[Person], said: Mapping[str, TimeExpression],
                 sentence_of: Callable[[int], tuple[int, int]], parse: Any = None) -> EventMentions:
    """Add the story's nominal, verbal and recounted events to ``events``; the mentions found for each.
    ``parse`` (the document's spaCy parse, when the pipeline parsed it) adds the detector's dated events."""
    return StoryEvents(doc_id, text, times, events, quotes, people, sentence_of, parse).run(said)
