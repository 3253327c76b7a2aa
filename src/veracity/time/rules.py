"""Readings of temporal expressions, and the handlers for absolute dates ("14 March 2023", "in 2023").

A rule's handler (here and in ``relative``) turns a match into a ``Reading`` (TIMEX3 type, TimeML value,
modifier) given the anchor date (publication date or speech time), or None to reject the match. Relative forms need the
anchor; without one they get X-ed out values ("XXXX-03-14") and say so, so nothing is invented.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from veracity.lang.en import time_words as lx


@dataclass(frozen=True)
class Reading:
    type: str  # DATE, TIME, DURATION or SET
    value: str
    mod: str | None = None  # early, mid, late, start, end, about, ...
    relative: bool = False  # needed the anchor
    error: str | None = None  # why the expression could not be read (impossible date, out of range)
    skip: int = 0  # leading characters of the match outside the TIMEX3 extent ("a" in "a five-year plan")
    mention: int | None = None  # start offset of the expression it was read against, if not the anchor date
    trim: int = 0  # trailing characters of the match outside the extent ("later" in "two days later")


@dataclass
class Context:
    text: str
    anchor: date | None
    future: Callable[[int], bool]  # does the sentence at this offset talk about the future?


Handler = Callable[[re.Match[str], Context], Reading | None]
REL_SHIFT = {"this": 0, "current": 0, "last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1,
              "following": 1}
MIN_YEAR, MAX_YEAR = 1000, 2200
_MOD = r"(?:(?P<mod>early|late|mid-|mid|the (?:end|beginning|start|middle) of|(?:the )?(?:end|start) of)\s*)?"
MODS = {"early": "early", "late": "late", "mid": "mid", "mid-": "mid", "end": "end", "beginning": "start",
         "start": "start", "middle": "mid"}


def _mod(match: re.Match[str]) -> str | None:
    word = (match.groupdict().get("mod") or "").lower().strip()
    if not word:
        return None
    return MODS.get(word.split()[-2] if word.endswith(" of") else word)


def unanchored(kind: str, value: str, mod: str | None = None) -> Reading:
    return Reading(kind, value, mod, relative=True)


def _year_ok(year: int) -> bool:
    return MIN_YEAR <= year <= MAX_YEAR


# A reading against the sentence's tense must be this much nearer to win: news mostly looks back, and on
# TBAQ 120 days beat 30, 60 and 180 (value F1 .7825, .7825, .7820 against .7842).
PAST_BIAS_DAYS = 120


_CLAUSE_START = re.compile(r"[.!?;:\"“”]\s|\n|,\s+(?:and|but|when|while|as)\s")
_PAST_VERB = re.compile(r"\b(?:[a-z]{2,}ed|took|met|said|told|spoke|held|made|gave|won|lost|began|left|came|went|saw|"
                        r"got|was|were|had|did|wrote|sent|brought|became|fell|rose|ran|found|paid|struck|sold|bought|"
                        r"led|broke|knew|sat|hit)\b(?!['’]t)", re.IGNORECASE)  # not "won't"
# After the past verb, what makes the date a deadline or a plan ("declared a dividend, payable Dec. 15", "asked
# for it by Monday") or the clause a present one ("said he expects a decision in").
_NOT_PAST = re.compile(r"\b(?:is|are|am|has|have|will|would|shall|can|could|may|might|must|does|do|to|be|payable|"
                       r"effective|due|until|till|by|starting|from)\b|['’](?:s|re|ll|ve|t)\b"
                       r"|\b(?:he|she|it|who|which|that)\s+(?:\w+ly\s+)?[a-z]+s\b", re.IGNORECASE)


def clause_before(text: str, start: int, reach: int = 60) -> str:
    """The words of the expression's clause before it (at most ``reach`` characters)."""
    window = text[max(0, start - reach):start]
    cut = 0
    for found in _CLAUSE_START.finditer(window):
        cut = found.end()
    return window[cut:]


def told_as_past(text: str, start: int) -> bool:
    """Is the clause before ``start`` told in the past, its last verb a past one ("died in", "took over in",
    "had met Frayne at his London office in")? What it tells has happened, so it is not after the anchor."""
    clause = clause_before(text, start)
    verbs = list(_PAST_VERB.finditer(clause))
    return bool(verbs) and not _NOT_PAST.search(clause, verbs[-1].end()) \
        and not _PRESENT_PASSIVE.search(clause, 0, verbs[-1].start())


# A participle after a present or infinitive "be" is no past tense: "is now expected at", "to be published before".
_PRESENT_PASSIVE = re.compile(r"\b(?:is|are|am|be|been|being)\s+(?:\w+ly\s+|now\s+|not\s+)?$", re.IGNORECASE)


def resolve_year(month: int, day: int | None, ctx: Context, offset: int) -> int | None:
    """The year of a month (and day) given without one: the nearest occurrence to the anchor; the
    sentence's tense decides only when both sides are about as near (news mostly looks back), and a
    clause told in the past never looks ahead ("died in March", read in November, is this year's)."""
    if ctx.anchor is None:
        return None
    anchor = ctx.anchor
    past = told_as_past(ctx.text, offset)  # the clause's own verb outweighs a future elsewhere in the sentence
    future = ctx.future(offset) and not past
    best: tuple[float, int] | None = None
    for year_ in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            when = date(year_, month, min(day or 15, 28 if month == 2 else 30))
        except ValueError:
            continue
        distance = (when - anchor).days
        if day is None and when.year == anchor.year and when.month == anchor.month:
            distance = 0
        if past and distance > 0 and not (when.year == anchor.year and when.month == anchor.month):
            continue
        penalty = abs(distance) + (PAST_BIAS_DAYS if (distance > 0) != future and distance != 0 else 0)
        if best is None or penalty < best[0]:
            best = (penalty, year_)
    return best[1] if best else None


def calendar_date(match: re.Match[str], ctx: Context) -> Reading | None:
    """"14 March", "March 14, 2023", "Friday, Oct. 23": a day; X-ed year when none can be found."""
    month = lx.month_number(match.group("mon"))
    day = int(match.group("day"))
    if month is None or not match.group("mon")[0].isupper():
        return None
    year_text = match.group("year")
    mod = _mod(match)
    shift = match.group("dyear")  # "on April 12 last year"
    if year_text is not None:
        year = int(year_text)
        if not _year_ok(year):
            return Reading("DATE", f"XXXX-{month:02d}-{day:02d}", error=f"year {year} is out of range")
    elif shift is not None:
        if ctx.anchor is None:
            return _check_day(None, month, day, mod, relative=True)
        year = ctx.anchor.year + REL_SHIFT[shift.lower()]
    else:
        resolved = resolve_year(month, day, ctx, match.start())
        if resolved is None:
            return _check_day(None, month, day, mod, relative=True)
        year = resolved
    return _check_day(year, month, day, mod, relative=year_text is None)


def _check_day(year: int | None, month: int, day: int, mod: str | None, relative: bool) -> Reading:
    try:
        date(year or 2000, month, day)  # 2000 is a leap year: 29 February stays possible
    except ValueError:
        return Reading("DATE", "XXXX-XX-XX", error=f"no such date: day {day} of month {month}")
    if year is not None and month == 2 and day == 29 and not (year % 4 == 0 and (year % 100 or year % 400 == 0)):
        return Reading("DATE", "XXXX-XX-XX", error=f"no such date: 29 February {year}")
    prefix = f"{year:04d}" if year is not None else "XXXX"
    return Reading("DATE", f"{prefix}-{month:02d}-{day:02d}", mod, relative=relative)


def month_year(match: re.Match[str], ctx: Context) -> Reading | None:
    """"October 2021" (the month), "early March", bare "January" (nearest in the sentence's tense)."""
    word = match.group("mon")
    month = lx.month_number(word)
    if month is None or not word[0].isupper():
        return None
    before = ctx.text[max(0, match.start() - 12):match.start()].lower()
    if word.lower().rstrip(".") in ("may", "mar", "jan", "sun", "sat", "wed") and not (
            match.group("year") or match.group("mod") or re.search(r"(in|of|since|until|by|last|next|this|early|"
                                                                    r"late|from|to|through|mid-)\s*$", before)):
        return None  # "May" the verb, "Mar" the name
    year_text = match.group("year")
    mod = _mod(match)
    if year_text:
        year = int(year_text)
        if not _year_ok(year):
            return Reading("DATE", f"XXXX-{month:02d}", mod, error=f"year {year} is out of range")
        return Reading("DATE", f"{year:04d}-{month:02d}", mod)
    rel = (match.group("mrel") or match.group("myear") or "").lower()
    if rel and ctx.anchor is not None:
        anchor = ctx.anchor
        if match.group("myear"):
            year = anchor.year + REL_SHIFT[rel]
        elif rel == "last":
            year = anchor.year if month < anchor.month else anchor.year - 1
        elif rel == "next":
            year = anchor.year if month > anchor.month else anchor.year + 1
        else:
            year = anchor.year
        return Reading("DATE", f"{year:04d}-{month:02d}", mod, relative=True)
    resolved = resolve_year(month, None, ctx, match.start())
    if resolved is None:
        return unanchored("DATE", f"XXXX-{month:02d}", mod)
    return Reading("DATE", f"{resolved:04d}-{month:02d}", mod, relative=True)


def year(match: re.Match[str], ctx: Context) -> Reading | None:
    """"in 2023" (the year), "fiscal 1989", "the 1990s", "early 1990s"."""
    text = ctx.text
    start, end = match.start("year"), match.end("year")
    if start > 0 and text[start - 1] in "$£€#" or re.match(r"[,.]?\d|%|\s*percent", text[end:end + 9]):
        return None
    if re.search(r"\d[,.]$", text[max(0, start - 2):start]):
        return None
    value = int(match.group("year"))
    decade = match.group("decade")
    if not _year_ok(value):
        return None  # a number, not a year: four-digit counts are common in news
    if match.group("the") and not (match.group("period") or decade):
        return None  # "the 1988 results": the year alone is the expression; a shorter match takes it
    if not decade and not match.group("mod") and not match.group("fiscal") and not _year_context(text, start, end):
        return None
    mod = _mod(match)
    if decade:
        # "the 1990s" is the decade (199X in TimeBank), "the 1900s" the century (19)
        return Reading("DATE", f"{value // 10:03d}X" if value % 100 else f"{value // 100:02d}", mod)
    return Reading("DATE", f"{value:04d}", mod)


_COUNTED = re.compile(r"\s+(troops|people|cars|dollars|shares|workers|miles|feet|tons|men|women|soldiers|jobs)\b",
                      re.IGNORECASE)


def _year_context(text: str, start: int, end: int) -> bool:
    """Is a bare four-digit number a year here? Not in "1,500 troops" or "2000 cars"."""
    return not _COUNTED.match(text, end)


def year_in_words(match: re.Match[str], ctx: Context) -> Reading | None:
    """"nineteen ninety-six", "the year two thousand"."""
    words = match.group("yw").lower().replace("-", " ").split()
    if words[:2] == ["two", "thousand"]:
        rest = lx.number_value(" ".join(words[3:])) if len(words) > 3 else 0
        return Reading("DATE", f"{2000 + int(rest or 0):04d}") if rest is not None else None
    if words[0] != "nineteen" or len(words) < 2:
        return None
    if words[1] == "hundred":
        return Reading("DATE", "1900") if len(words) == 2 else None
    rest = lx.number_value(" ".join(words[1:3]))
    if rest is None or rest < 10 or rest > 99:
        return None
    return Reading("DATE", f"{1900 + int(rest):04d}")


def ordinal_century(match: re.Match[str], ctx: Context) -> Reading | None:
    """"the 20th century" is 1900-1999: TimeML value "19"."""
    number = int(match.group("cent"))
    return Reading("DATE", f"{number - 1:02d}") if 1 <= number <= 22 else None


def two_digit_year(match: re.Match[str], ctx: Context) -> Reading | None:
    """"in '98": the century is not stated, so the value keeps it open (XX98 is not TimeML; 19XX-ish)."""
    return Reading("DATE", "XXXX", error=f"two-digit year {match.group(0).strip()!r}: century not stated")


def iso_date(match: re.Match[str], ctx: Context) -> Reading | None:
    year_, month, day = int(match.group("y")), int(match.group("m")), int(match.group("d"))
    if not _year_ok(year_):
        return Reading("DATE", "XXXX-XX-XX", error=f"year {year_} is out of range")
    return _check_day(year_, month, day, None, relative=False)


def slash_date(match: re.Match[str], ctx: Context) -> Reading | None:
    """US style 3/14/2023; a two-digit year is read as stated, with its century left open."""
    month, day, year_text = int(match.group("m")), int(match.group("d")), match.group("y")
    if len(year_text) == 2:
        reading = _check_day(None, month, day, None, relative=False)
        return Reading("DATE", reading.value, error=f"two-digit year {year_text!r}: century not stated")
    return _check_day(int(year_text), month, day, None, relative=False)
