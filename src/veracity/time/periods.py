"""Terms in office the text gives, and the periods described against them ("during his first term").

A term is learned only from what the text states: a start ("Kell took office in 2021", "Kell, who
became chancellor in 2021", "Kell has been chancellor since 2021"), an end ("Kell left office in
2025"), or both ("his first term (2017-2021)", "Kell served as chancellor from 2021 to 2025"). An
end the text does not give stays open (None), except "has been ... since", which runs to publication.

A period description ("before he took office", "in her first year in office", "while he was
president", "the period when she was not yet the chancellor") becomes an event whose interval is
derived from the term, anchored to the term's date (anchor ``mention``), and related to the term's
event. When the text gives no date for the term, the description is kept with an unknown interval:
nothing is invented. Bounds are the safe ones: "before he took office" in 2021 ends before the last
day he could have taken office, not before 1 January.

"His" and "she" are resolved through the speakers stage's people (a pronoun mention it attributed),
else the nearest preceding name (a person, a quote's speaker, a term holder). An age when taking
office ("who was 69 when he took office in 1981") anchors a birth range, as "the 71-year-old" does
with a publication date.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from veracity.model import (
    Event,
    Person,
    Quote,
    TemporalRelation,
    TimeAnchor,
    TimeExpression,
    TimeValue,
    content_id,
)
from veracity.time.calendar import add_months, interval_of

_NAME = r"(?:[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?|[Hh]e|[Ss]he)"
_ROLE = (r"(?:the\s+)?(?P<role>(?:[a-z][\w-]*\s+){0,2}?(?:president|chancellor|prime\s+minister|minister|mayor|"
         r"governor|senator|premier|leader|chair(?:man|woman)?|chief\s+executive|secretary(?:\s+of\s+state)?|"
         r"speaker|king|queen|pope|director|head\s+of\s+\w+))\b")  # an office, so "when he was arrested" is not a term
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5}
_ORDINAL = r"(?:(?P<ord>first|second|third|fourth|fifth|last)\s+)?"
# Each is matched against the text just before a time expression (its signal, if any, excluded).
_START_BEFORE = re.compile(
    r".*\b(?P<who>" + _NAME + r")(?:,\s+who)?\s+(?P<verb>took\s+office|came\s+to\s+power|was\s+sworn\s+in|"
    r"was\s+(?:elected|appointed|named)|became)(?:\s+(?:as\s+)?" + _ROLE + r")?\s+(?:in|on)\s+$", re.DOTALL)
_SINCE_BEFORE = re.compile(r".*\b(?P<who>" + _NAME + r")\s+has\s+been\s+" + _ROLE + r"\s+$", re.DOTALL)
_END_BEFORE = re.compile(  # "Ruiz left office in", "Ruiz took office in 2017 and left office in"
    r".*\b(?P<who>" + _NAME + r")(?:,\s+who)?(?:\s+(?:took\s+office|was\s+(?:elected|sworn\s+in))\s+(?:in|on)\s+"
    r"[^.;]{1,30}?\s+and)?\s+(?:left\s+office|stepped\s+down|resigned|was\s+ousted)\s+(?:in|on)\s+$", re.DOTALL)
_SERVED_BEFORE = re.compile(r".*\b(?P<who>" + _NAME + r")\s+served\s+as\s+" + _ROLE + r"\s+(?:(?:from|between)\s+)?$",
                            re.DOTALL)
_RANGE_TAIL = re.compile(r"\s*(?:to|until|till|and|-|–)\s*$")
_YEAR_RANGE = re.compile(  # "his first term (2017-2021)"
    r"\b(?P<who>(?i:his|her|their)|[A-Z][\w'-]+'s)\s+" + _ORDINAL
    + r"term\s*\(\s*(?P<a>\d{4})\s*[-–]\s*(?P<b>\d{4})\s*\)")
_POSSESSIVE = r"(?P<who>(?i:his|her|their)|[A-Z][\w'-]+'s)"
_UNTIL = r"(?=[\s.,;:!?)]|$)"
_TOOK = r"(?:took\s+office|came\s+to\s+power|became\s+" + _ROLE + r"|was\s+(?:elected|sworn\s+in))" + _UNTIL
_DESCRIPTIONS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("first year", re.compile(r"\b(?P<sig>(?i:in|during))\s+" + _POSSESSIVE + r"\s+first\s+year\s+in\s+office\b")),
    ("during", re.compile(r"\b(?P<sig>(?i:during|in|throughout))\s+" + _POSSESSIVE + r"\s+" + _ORDINAL
                          + r"term(?:\s+in\s+office|\s+as\s+" + _ROLE + r")?\b")),
    ("during", re.compile(r"\b(?P<sig>(?i:while|when))\s+(?P<who>" + _NAME + r")\s+(?:was|is)\s+(?!not\b)" + _ROLE
                          + _UNTIL)),
    ("before", re.compile(r"\b(?:(?i:the)\s+(?:period|time|years?)\s+)?(?i:when)\s+(?P<who>" + _NAME
                          + r")\s+was\s+(?P<sig>not\s+yet)\s+" + _ROLE + _UNTIL)),
    ("before", re.compile(r"\b(?P<sig>(?i:before))\s+(?P<who>" + _NAME + r")\s+" + _TOOK)),
    ("after", re.compile(r"\b(?P<sig>(?i:after))\s+(?P<who>" + _NAME + r")\s+(?:left\s+office|stepped\s+down|"
                         r"resigned)\b")),
    ("after start", re.compile(r"\b(?P<sig>(?i:after))\s+(?P<who>" + _NAME + r")\s+" + _TOOK)),
)
_AGE_AT_START = re.compile(  # "who was 69 when he took office in 1981"
    r"\b(?:was|aged)\s+(?P<age>\d{1,3})(?:\s+years?\s+old)?,?\s+when\s+(?P<who>" + _NAME + r")\s+(?:took\s+office|"
    r"came\s+to\s+power|became\s+" + _ROLE + r"|was\s+(?:elected|sworn\s+in|appointed)(?:\s+(?:as\s+)?[a-z]+)?)"
    r"(?:\s+(?:in|on)\s+)?")
_PRONOUNS = frozenset("he she they his her their".split())


@dataclass
class Term:
    """One person's term (in a role, when named): when it began and ended, as far as the text says."""

    holder: str  # the name as the text gives it ("Kell", "Angela Merkel")
    start: int  # where the text states it
    end: int
    role: str | None = None
    ordinal: int | None = None
    began: Moment | None = None  # when it began, when given
    ended: Moment | None = None  # None: open, or not given
    ref: str | None = None  # the time expression the term is counted from
    anchor_value: str | None = None
    end_ref: str | None = None  # the time expression giving its end
    end_value: str | None = None
    event: Event | None = field(default=None, repr=False)

    @property
    def key(self) -> str:
        return _key(self.holder)


def _key(name: str) -> str:
    """People are matched by the last word of their name, without a possessive: "Angela Merkel's" -> "merkel"."""
    words = re.findall(r"[\w-]+", re.sub(r"'s$", "", name.strip()))
    return words[-1].lower() if words else ""


@dataclass(frozen=True)
class Moment:
    """A term boundary (a day) known to fall between ``first`` and ``last``: "in 2021" is any day of 2021."""

    first: str
    last: str
    granularity: str


def _moment(time: TimeExpression) -> Moment | None:
    """The period the date names, its qualifier set aside: "since 2021" began in 2021, not from 2021 to now."""
    bounds = interval_of(time.value)
    if bounds.earliest_start is None or bounds.latest_end is None:
        return None
    return Moment(bounds.earliest_start[:10], bounds.latest_end[:10], bounds.granularity)


def _year(year: str) -> Moment:
    return Moment(f"{year}-01-01", f"{year}-12-31", "year")


def _next_time(times: Sequence[TimeExpression], after: TimeExpression, text: str) -> TimeExpression | None:
    """The second date of "from <date> to <date>": the next time, joined by "to"/"until" and nothing else."""
    for time in times:
        if time.start >= after.end:
            between = text[after.end:time.start]
            return time if time.type == "DATE" and _RANGE_TAIL.fullmatch(between) else None
    return None


def find_terms(text: str, times: Sequence[TimeExpression], resolve: Resolver) -> list[Term]:
    """Every term the text dates, merged per holder: a start and a later end ("left office") make one term."""
    terms: list[Term] = []
    for time in times:
        moment = _moment(time) if time.type == "DATE" else None
        if moment is None:
            continue
        cut = time.signal.start if time.signal else time.start
        window = max(0, cut - 80)
        start = _START_BEFORE.match(text, window, cut)
        since = _SINCE_BEFORE.match(text, window, cut) if time.time.qualifier == "since" else None
        served = _SERVED_BEFORE.match(text, window, cut)
        ended = _END_BEFORE.match(text, window, cut)
        term = None
        if served:
            term = _term(served, resolve, time, moment)
            until = _next_time(times, time, text)
            if term is not None and until is not None:
                term.ended, term.end_ref, term.end_value = _moment(until), until.id, until.value
        elif since:  # "has been chancellor since 2021": still in office at the anchor (open without one)
            term = _term(since, resolve, time, moment)
            if term is not None and time.time.latest_end:
                term.ended = Moment(time.time.latest_end[:10], time.time.latest_end[:10], "day")
        elif start and (start.group("role") or start.group("verb") != "became"):  # "became ill" is no term
            term = _term(start, resolve, time, moment)
        elif ended:
            _close(terms, resolve(ended.group("who"), ended.start("who")), moment, ended, time)
        if term is not None:
            terms.append(term)
    for match in _YEAR_RANGE.finditer(text):
        holder = resolve(match.group("who"), match.start("who"))
        if holder is not None and int(match.group("a")) <= int(match.group("b")):
            _add_range(terms, Term(holder, match.start(), match.end(), None, _ORDINALS.get(match.group("ord") or ""),
                                   _year(match.group("a")), _year(match.group("b")), None, match.group("a"),
                                   end_value=match.group("b")))
    return terms


def _add_range(terms: list[Term], term: Term) -> None:
    """"His first term (2017-2021)" names a term the text may already have dated ("took office in January 2017")."""
    assert term.began is not None and term.ended is not None
    for known in terms:
        if known.key != term.key:
            continue
        if known.began and known.began.first[:4] == term.began.first[:4]:
            known.ordinal = known.ordinal or term.ordinal
            if known.ended is None:
                known.ended, known.end_value = term.ended, term.end_value
            return
        if known.began is None and known.ended and known.ended.first[:4] == term.ended.first[:4]:  # "left office"
            known.began, known.anchor_value, known.ordinal = term.began, term.anchor_value, term.ordinal
            return
    terms.append(term)


def _term(match: re.Match[str], resolve: Resolver, time: TimeExpression, began: Moment) -> Term | None:
    """The term a clause states, or None when its holder is a pronoun nobody can be found for."""
    holder = resolve(match.group("who"), match.start("who"))
    if holder is None:
        return None
    return Term(holder, match.start("who"), time.end, match.groupdict().get("role"), None, began, None, time.id,
                time.value)


def _close(terms: list[Term], holder: str | None, ended: Moment, match: re.Match[str], time: TimeExpression) -> None:
    """"X left office in 2025": the end of X's latest open term, or a term known only by its end."""
    if holder is None:
        return
    open_terms = [t for t in terms if t.key == _key(holder) and t.ended is None]
    term = open_terms[-1] if open_terms else Term(holder, match.start("who"), time.end)
    if not open_terms:
        terms.append(term)
    term.ended, term.end_ref, term.end_value = ended, time.id, time.value


class Resolver:
    """Who "he"/"she"/"his"/"her" is: the speakers stage's people when it saw the pronoun, else the nearest
    preceding name the text gives (a person the speakers stage found, a quote's speaker, or a term holder)."""

    def __init__(self, text: str, people: Sequence[Person], quotes: Sequence[Quote] = ()) -> None:
        self.covering: list[tuple[int, int, str]] = []
        self.names: list[tuple[int, str]] = [(q.cue.start, q.speaker.name) for q in quotes if q.cue and q.speaker]
        for person in people:
            if person.type not in ("PERSON", "UNKNOWN"):
                continue
            for mention in person.mentions:
                if mention.kind == "pronoun":
                    self.covering.append((mention.start, mention.end, person.name))
                elif mention.kind == "name":
                    self.names.append((mention.start, person.name))
        for match in re.finditer(r"\b([A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?)(?=(?:,\s+who)?\s+(?:took\s+office|became|"
                                 r"has\s+been|was\s+(?:elected|appointed|sworn|named)|served|left\s+office)\b)",
                                 text):
            if match.group(1).lower() not in _PRONOUNS:  # "He became ..." names nobody
                self.names.append((match.start(), match.group(1)))
        self.names.sort()
        self.full = {_key(p.name): p.name for p in people if p.type == "PERSON"}

    def __call__(self, word: str, offset: int) -> str | None:
        if word.lower() not in _PRONOUNS:
            name = re.sub(r"'s$", "", word)
            return self.full.get(_key(name), name)
        for start, end, name in self.covering:
            if start <= offset < end:
                return name
        before = [name for start, name in self.names if start < offset]
        if before:
            return before[-1]
        # "During his first term, Ruiz ...": a pronoun may point forward, but only within its sentence's reach
        after = [name for start, name in self.names if offset < start <= offset + 80]
        return after[0] if after else None


def _pick(terms: Sequence[Term], holder: str | None, role: str | None, ordinal: int | None) -> Term | None:
    """The holder's term the description means: that ordinal, else that role (a term of another role never
    stands in: "while he was president" is not his term as mayor), else the first one."""
    if holder is None:
        return None
    mine = [t for t in terms if t.key == _key(holder)]
    if ordinal is not None:
        numbered = [t for t in mine if t.ordinal == ordinal]
        if numbered:
            return numbered[0]
        return mine[0] if ordinal == 1 and len(mine) == 1 and mine[0].ordinal is None else None
    if role is not None:
        mine = sorted((t for t in mine if t.role is None or _key(t.role) == _key(role)), key=lambda t: t.role is None)
    return mine[0] if mine else None


def _day(iso: str, days: int) -> str:
    return (date.fromisoformat(iso) + timedelta(days=days)).isoformat()


def _interval(kind: str, term: Term) -> TimeValue | None:
    """The described period's interval from the term's bounds; None when the bound it needs is not given.

    Bounds are the safe ones: "before he took office" (in 2021) ends by the day before the last day he
    could have taken office, because the text does not say which day of 2021 it was.
    """
    began, ended = term.began, term.ended
    anchor = TimeAnchor("mention", term.anchor_value, term.ref)
    if kind == "before" and began:
        last = _day(began.last, -1)
        return TimeValue(None, last, None, last, began.granularity, "before", anchor)
    if kind == "after start" and began:
        first = _day(began.first, 1)
        return TimeValue(first, None, first, None, began.granularity, "after", anchor)
    if kind == "after" and ended:
        first = _day(ended.first, 1)
        return TimeValue(first, None, first, None, ended.granularity, "after",
                         TimeAnchor("mention", term.end_value, term.end_ref))
    if kind == "first year" and began:
        last = _day(add_months(date.fromisoformat(began.last), 12).isoformat(), -1)
        return TimeValue(began.first, last, began.first, last, "year", "start", anchor)  # the term's start
    if kind == "during" and began:
        until = ended.last if ended else None
        # within the term, as "in 2023" is within 2023: the interval says it, no qualifier is needed
        return TimeValue(began.first, until, began.first, until, began.granularity, None, anchor)
    return None


_RELATION = {"before": "before", "after start": "after", "after": "after", "first year": "during", "during": "during"}
_QUALIFIER = {"before": "before", "after start": "after", "after": "after", "first year": "start", "during": None}


def _term_event(doc_id: str, term: Term) -> Event:
    """The term itself on the timeline: began within ``began``, ended within ``ended`` (open: no end)."""
    if term.event is None:
        began, ended = term.began, term.ended
        ordinal = next((w for w, n in _ORDINALS.items() if n == term.ordinal), "")
        name = f"{term.holder}'s {ordinal + ' ' if ordinal else ''}term" + (f" as {term.role}" if term.role else "")
        when = TimeValue(began.first if began else None, began.last if began else None,
                         ended.first if ended else None, ended.last if ended else None,
                         began.granularity if began else "unknown", None,
                         TimeAnchor("mention", term.anchor_value, term.ref) if began else TimeAnchor())
        term.event = Event(content_id("event", doc_id, "term", term.start, name), "reported", name, term.start,
                           term.end, time=term.ref, when=when)
    return term.event


def period_events(doc_id: str, text: str, times: Sequence[TimeExpression], events: list[Event],
                  relations: list[TemporalRelation], people: Sequence[Person], quotes: Sequence[Quote] = ()) -> None:
    """Add terms, period descriptions and their orderings to ``events`` and ``relations`` (in place).

    A description whose signal already carries a stated ordering ("the dinner was before Kell took
    office") is left to that ordering, so the same words are not read twice.
    """
    resolve = Resolver(text, people, quotes)
    terms = find_terms(text, times, resolve)
    stated = {r.start for r in relations}
    for kind, pattern in _DESCRIPTIONS:
        for match in pattern.finditer(text):
            if match.start("sig") in stated:
                continue
            stated.add(match.start("sig"))
            holder = resolve(match.group("who"), match.start("who"))
            groups = match.groupdict()
            term = _pick(terms, holder, groups.get("role"), _ORDINALS.get(groups.get("ord") or ""))
            when = _interval(kind, term) if term else None
            phrase = match.group(0)
            if when is None:  # the text does not give what is needed: keep the description, undated
                when = TimeValue(granularity="unknown", qualifier=_QUALIFIER[kind], anchor=TimeAnchor("missing"))
            event = Event(content_id("event", doc_id, "period", match.start(), phrase), "reported", phrase,
                          match.start(), match.end(), time=term.ref if term else None, when=when)
            events.append(event)
            if term is None and holder is not None:  # the term is real, its dates are not given
                term = Term(holder, match.start("who"), match.end("who"), groups.get("role"),
                            _ORDINALS.get(groups.get("ord") or ""))
                terms.append(term)
            if term is not None:
                target = _term_event(doc_id, term)
                relations.append(TemporalRelation(match.group("sig"), match.start("sig"), match.end("sig"),
                                                  source=event.id, target=target.id,
                                                  relation=_RELATION[kind]))  # type: ignore[arg-type]
    events.extend(t.event if t.event else _term_event(doc_id, t) for t in terms if t.began or t.ended or t.event)
    events.extend(age_at_start(doc_id, text, times, terms, resolve))
    _dedupe(events)


def age_at_start(doc_id: str, text: str, times: Sequence[TimeExpression], terms: Sequence[Term],
                 resolve: Resolver) -> list[Event]:
    """"Who was 69 when he took office in 1981": a birth between two dates a year apart, from the term's start.

    Taking office on a day D at age A means being born after D less A + 1 years and no later than D
    less A years; D is only known to lie within the start's period, so the birth range widens with it.
    The date is the one the clause ends on, else the holder's term; without either nothing is made.
    """
    by_start = {t.start: t for t in times if t.type == "DATE"}
    births = []
    for match in _AGE_AT_START.finditer(text):
        age = int(match.group("age"))
        time = by_start.get(match.end())
        began = _moment(time) if time is not None else None
        ref, value = (time.id, time.value) if time is not None else (None, None)
        if began is None:
            term = _pick(terms, resolve(match.group("who"), match.start("who")), match.groupdict().get("role"), None)
            if term is None or term.began is None:
                continue
            began, ref, value = term.began, term.ref, term.anchor_value
        if not 0 < age < 125:
            continue
        holder = resolve(match.group("who"), match.start("who"))
        earliest = _day(_years_before(began.first, age + 1), 1)
        latest = _years_before(began.last, age)
        when = TimeValue(earliest, latest, earliest, latest, "day", "about", TimeAnchor("mention", value, ref))
        births.append(Event(content_id("event", doc_id, "birth", match.start()), "reported",
                            f"birth of {holder or 'the office holder'} (aged {age} at taking office)", match.start(),
                            match.end(),
                            time=ref, when=when))
    return births


def _years_before(iso: str, years: int) -> str:
    return add_months(date.fromisoformat(iso), -12 * years).isoformat()


def _dedupe(events: list[Event]) -> None:
    """A term two descriptions point to is added once."""
    seen: set[str] = set()
    kept = []
    for event in events:
        if event.id not in seen:
            seen.add(event.id)
            kept.append(event)
    events[:] = kept


__all__ = ["Resolver", "Term", "find_terms", "period_events"]
