"""Find and normalise the temporal expressions of a text: TIMEX3 extents, values and intervals.

One pass of each compiled pattern over the text; overlapping matches are settled longest first. Each
expression is read against its anchor: the publication date for narration, the speech time inside
a quote when that is known. Words just before it ("before", "since", "by", "before or after") set
its qualifier and open its interval accordingly; they are kept as the ``signal``, outside the TIMEX3
extent, as TimeML has it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from veracity.errors import InvalidDateError
from veracity.lang.en.time_words import FOREIGN_MONTHS
from veracity.model import Span, TimeAnchor, TimeExpression, TimeValue, content_id
from veracity.time import anaphora, ranges, rules
from veracity.time.calendar import UNKNOWN, Bounds, add_months, interval_of, shift_bounds
from veracity.time.patterns import COMPILED
from veracity.time.starts import Starts

_FUTURE = re.compile(r"\b(will|won['’]t|['’]ll|shall|going to|scheduled|expected to|plans? to|planning|next|"
                     r"tomorrow|upcoming|due to|set to|would|should|must)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])|\n\s*\n")
_SIGNALS = [  # (words ending just before the expression, qualifier)
    (re.compile(r"\bbefore\s+or\s+after\s+$", re.I), "unknown ordering"),
    (re.compile(r"\b(?:no\s+later\s+than|by|until|till|up\s+to)\s+$", re.I), "on or before"),
    (re.compile(r"\b(?:no\s+earlier\s+than|from)\s+$", re.I), "on or after"),
    (re.compile(r"\bbefore\s+$", re.I), "before"),
    (re.compile(r"\bafter\s+$", re.I), "after"),
    (re.compile(r"\bsince\s+$", re.I), "since"),
    (re.compile(r"\b(?:around|about|circa|roughly|approximately)\s+$", re.I), "about"),
]
_DURATION = re.compile(r"P(\d+)(Y|M|W|D)")
_STARTS = Starts([pattern for _name, pattern, _handler in COMPILED])  # each pattern tried only where it can open


@dataclass(frozen=True)
class AnchorRegion:
    """Expressions inside [start, end) are anchored to ``day`` (a quote said on a known day)."""

    start: int
    end: int
    day: date | None
    kind: str  # "speech" or "publication"
    ref: str | None = None


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    reading: rules.Reading


def recognise(text: str, anchor: date | None, future: rules.Context | None = None, start: int = 0,
              end: int | None = None) -> list[Match]:
    """Every expression in ``text[start:end]`` read against one anchor, overlaps settled longest first."""
    ctx = future or rules.Context(text, anchor, _future_detector(text))
    found: list[tuple[int, int, int, rules.Reading]] = []
    stop = len(text) if end is None else end
    for order, ((_name, _pattern, handler), matches) in enumerate(zip(COMPILED, _STARTS.finditer(text, start, stop),
                                                                       strict=True)):
        for match in matches:
            reading = handler(match, ctx)
            if reading is not None:
                found.append((match.start() + reading.skip, match.end() - reading.trim, order, reading))
    found.sort(key=lambda item: (-(item[1] - item[0]), item[0], item[2]))
    taken: list[tuple[int, int]] = []
    kept: list[Match] = []
    for start, end, _order, reading in found:
        index = bisect.bisect_left(taken, (start, end))
        if index > 0 and taken[index - 1][1] > start or index < len(taken) and taken[index][0] < end:
            continue
        taken.insert(index, (start, end))
        kept.append(Match(start, end, reading))
    kept.sort(key=lambda m: m.start)
    return _year_before_quarter(text, kept)


_A_YEAR_BEFORE = re.compile(r"(?:a|one)\s+year\s+(?:ago|earlier)|(?:the\s+)?year-(?:ago|earlier)(?:\s+period)?",
                            re.IGNORECASE)


_DAY = re.compile(r"\d{4}-\d\d-\d\d")
_QUARTER = re.compile(r"\d{4}-Q[1-4]")
_AT = re.compile(r"[\s,]{0,3}(?:at\s+)?")
_CLOCK = re.compile(r"[\dX]{4}-[\dX]{2}-[\dX]{2}T\d\d:\d\d$")


def _year_before_quarter(text: str, matches: list[Match]) -> list[Match]:
    """Readings that depend on the expression before: "a year earlier" in a report on a quarter is that
    quarter a year before (as TimeML annotates it); "Friday at 10 a.m." is 10 a.m. on that Friday."""
    last_quarter: str | None = None
    last_quarter_start = 0
    out: list[Match] = []
    for match in matches:
        value = match.reading.value
        previous = out[-1] if out else None
        if (previous is not None and match.reading.type == "TIME" and _DAY.fullmatch(previous.reading.value)
                and _AT.fullmatch(text, previous.end, match.start) and _CLOCK.match(value)):
            # "on Friday at 10 a.m.": the clock time is on that day, not on the anchor's
            match = Match(match.start, match.end, rules.Reading("TIME", previous.reading.value + value[10:],
                                                                relative=True, mention=previous.start))
        if _QUARTER.fullmatch(value):
            last_quarter, last_quarter_start = value, match.start
        elif last_quarter and _A_YEAR_BEFORE.fullmatch(text[match.start:match.end]):
            shifted = f"{int(last_quarter[:4]) - 1:04d}{last_quarter[4:]}"
            match = Match(match.start, match.end, rules.Reading("DATE", shifted, relative=True,
                                                                mention=last_quarter_start))
        out.append(match)
    return out


def _future_detector(text: str) -> rules.Callable[[int], bool]:
    """Whether the sentence around an offset speaks of the future (for "on Monday", bare months)."""
    ends = [m.end() for m in _SENTENCE_END.finditer(text)]
    cache: dict[int, bool] = {}

    def future(offset: int) -> bool:
        index = bisect.bisect_right(ends, offset)
        if index not in cache:
            start = ends[index - 1] if index else 0
            end = ends[index] if index < len(ends) else len(text)
            cache[index] = bool(_FUTURE.search(text, start, end))
        return cache[index]

    return future


def anchor_date(value: str) -> date:
    """A publication or speech date as given (YYYY-MM-DD); InvalidDateError when impossible or out of range."""
    try:
        day = date.fromisoformat(value.strip()[:10])
    except ValueError as error:
        raise InvalidDateError(f"{value!r} is not a date like 2026-03-14: {error}") from error
    if not rules.MIN_YEAR <= day.year <= rules.MAX_YEAR:
        raise InvalidDateError(f"{value!r} is out of the range of years Veracity reads "
                               f"({rules.MIN_YEAR}-{rules.MAX_YEAR})")
    return day


@dataclass(frozen=True)
class Prepared:
    """One recognition pass over a text, to re-use when the same text is read with other anchors."""

    day: date | None
    future: rules.Callable[[int], bool]
    matches: list[Match]


def prepare(text: str, published: str | date | None) -> Prepared:
    """Recognise every expression of ``text`` against the publication date (the costly part)."""
    day = anchor_date(published) if isinstance(published, str) else published
    future = _future_detector(text)
    return Prepared(day, future, recognise(text, day, rules.Context(text, day, future)))


def find_times(text: str, published: str | date | None, regions: Sequence[AnchorRegion] = (),
               doc_id: str = "", prepared: Prepared | None = None) -> list[TimeExpression]:
    """The temporal expressions of ``text``, each with value, interval, qualifier and anchor.

    ``published`` (ISO date) anchors narration; an expression inside one of ``regions`` is anchored
    to that region's day instead (None there: the speech time is unknown, so relative values stay
    relative rather than borrow the publication date). ``prepared`` is ``prepare(text, published)``
    when the caller already has it.
    """
    prepared = prepared or prepare(text, published)
    day, future, matches = prepared.day, prepared.future, prepared.matches
    if regions:
        matches = _reanchor(text, matches, regions, future, day)
    readings = ranges.inherit_years(text, [m.start for m in matches], [m.end for m in matches],
                                    [m.reading for m in matches])
    matches = [m if r is m.reading else Match(m.start, m.end, r) for m, r in zip(matches, readings, strict=True)]
    region_starts = [r.start for r in regions]
    longest = max((r.end - r.start for r in regions), default=0)
    out = []
    for match in matches:
        region = _region_at(regions, region_starts, match.start, longest)
        if region is not None:
            anchor_kind, anchor_day, ref = region.kind, region.day, region.ref
        else:
            anchor_kind, anchor_day, ref = "publication", day, None
        out.append(_expression(text, match, anchor_kind, anchor_day, ref, doc_id))
    by_start = {t.start: t for t in out}
    for match, time in zip(matches, out, strict=True):
        other = _expression_at(out, by_start, match.reading.mention)
        if other is not None:  # read against another date in the text, not the anchor date
            time.time.anchor = TimeAnchor("mention", other.value, other.id)
    ranges.join_ranges(text, out)
    anaphora.resolve(text, out, doc_id)
    return out


def _expression_at(times: list[TimeExpression], by_start: dict[int, TimeExpression],
                   offset: int | None) -> TimeExpression | None:
    """The expression starting at ``offset``, else the one holding it (a year inside "the spring of 2023")."""
    if offset is None:
        return None
    return by_start.get(offset) or next((t for t in times if t.start <= offset < t.end), None)


def _region_at(regions: Sequence[AnchorRegion], starts: list[int], offset: int, longest: int) -> AnchorRegion | None:
    """The latest-starting region holding ``offset``; none that starts more than ``longest`` before it can."""
    index = bisect.bisect_right(starts, offset) - 1
    while index >= 0 and regions[index].start >= offset - longest:
        region = regions[index]
        if region.start <= offset < region.end:
            return region
        index -= 1
    return None


def _reanchor(text: str, matches: list[Match], regions: Sequence[AnchorRegion],
              future: rules.Callable[[int], bool], day: date | None) -> list[Match]:
    """Re-read relative expressions inside quotes against the speech day (or none when unknown); ``day``
    is the one they were read against first, so a region of that day keeps its readings."""
    starts = [r.start for r in regions]
    longest = max((r.end - r.start for r in regions), default=0)
    out = []
    for match in matches:
        region = _region_at(regions, starts, match.start, longest)
        if region is None or not match.reading.relative or region.day == day:
            out.append(match)
            continue
        ctx = rules.Context(text, region.day, future)
        window = max(0, match.start - 80)  # the longest pattern, with the words before it that some rules read
        again = [m for m in recognise(text, region.day, ctx, window, match.end) if m.start == match.start]
        out.append(Match(match.start, match.end, again[0].reading) if again else match)
    return out


def _expression(text: str, match: Match, anchor_kind: str, anchor_day: date | None, ref: str | None,
                doc_id: str) -> TimeExpression:
    reading = match.reading
    signal, qualifier = _signal(text, match.start)
    if reading.relative:
        anchor = TimeAnchor("missing") if anchor_day is None else TimeAnchor(
            anchor_kind, anchor_day.isoformat(), ref)  # type: ignore[arg-type]
    else:
        anchor = TimeAnchor("none")
    bounds = _bounds(reading, anchor_day if reading.relative or reading.type == "DURATION" or qualifier == "since"
                     else None, text[match.start:match.end])
    if reading.type == "DURATION" and bounds.earliest_start is not None and anchor_day is not None:
        anchor = TimeAnchor(anchor_kind, anchor_day.isoformat(), ref)  # type: ignore[arg-type]
    mod_qualifier = reading.mod if reading.mod in ("early", "mid", "late", "start", "end", "about") else None
    bounds = shift_bounds(bounds, mod_qualifier)
    if qualifier == "since" and anchor_day is not None and bounds.earliest_start:
        # it started at some point within the period named and runs on to the anchor
        bounds = Bounds(bounds.earliest_start, bounds.latest_end, anchor_day.isoformat(), anchor_day.isoformat(),
                        bounds.granularity)
        if anchor.kind == "none":
            anchor = TimeAnchor(anchor_kind, anchor_day.isoformat(), ref)  # type: ignore[arg-type]
    elif qualifier is not None:
        bounds = shift_bounds(bounds, qualifier)
    value = TimeValue(bounds.earliest_start, bounds.latest_start, bounds.earliest_end, bounds.latest_end,
                      bounds.granularity, qualifier or mod_qualifier or _mod_words(reading.mod), anchor)
    span_text = text[match.start:match.end]
    return TimeExpression(span_text, match.start, match.end,
                          id=content_id("time", doc_id, match.start, match.end, reading.value),
                          type=reading.type, value=reading.value, time=value, signal=signal,  # type: ignore[arg-type]
                          error=reading.error)


def _mod_words(mod: str | None) -> str | None:
    return mod if mod in ("more than", "less than", "on or before") else None


def _signal(text: str, start: int) -> tuple[Span | None, str | None]:
    before = text[max(0, start - 40):start]
    for pattern, qualifier in _SIGNALS:
        found = pattern.search(before)
        if found:
            offset = start - len(before) + found.start()
            words = text[offset:start].rstrip()
            return Span(words, offset, offset + len(words)), qualifier
    return None, None


def _bounds(reading: rules.Reading, anchor: date | None, words: str) -> Bounds:
    """The interval of a reading; durations get one only when tied to the anchor ("the past two months")."""
    if reading.type in ("DATE", "TIME"):
        if reading.value == "PRESENT_REF" and anchor is not None:
            return Bounds(anchor.isoformat(), anchor.isoformat(), anchor.isoformat(), anchor.isoformat(), "day")
        if reading.value == "PAST_REF" and anchor is not None:
            return Bounds(None, None, None, anchor.isoformat(), "unknown")
        if reading.value == "FUTURE_REF" and anchor is not None:
            return Bounds(anchor.isoformat(), None, anchor.isoformat(), None, "unknown")
        return interval_of(reading.value)
    if reading.type == "DURATION" and anchor is not None and (found := _DURATION.fullmatch(reading.value)):
        amount, unit = int(found.group(1)), found.group(2)
        lowered = words.lower()
        if re.match(r"(the\s+)?(past|last|previous)\b", lowered):
            first = _minus(anchor, amount, unit)
            return Bounds(first.isoformat(), first.isoformat(), anchor.isoformat(), anchor.isoformat(),
                          _GRAIN[unit])
        if re.match(r"(the\s+)?(next|coming)\b", lowered):
            last = _minus(anchor, -amount, unit)
            return Bounds(anchor.isoformat(), anchor.isoformat(), last.isoformat(), last.isoformat(), _GRAIN[unit])
    return UNKNOWN if reading.type != "DURATION" else Bounds(None, None, None, None, _duration_grain(reading.value))


_GRAIN = {"Y": "year", "M": "month", "W": "week", "D": "day"}


def _duration_grain(value: str) -> str:
    found = _DURATION.fullmatch(value)
    return _GRAIN[found.group(2)] if found else "unknown"


def _minus(day: date, amount: int, unit: str) -> date:
    if unit == "D":
        return day - timedelta(days=amount)
    if unit == "W":
        return day - timedelta(weeks=amount)
    return add_months(day, -amount * (12 if unit == "Y" else 1))


def foreign_month_names(text: str) -> list[str]:
    """Month names of other languages in the text: reported, never read as English dates."""
    words = {w.lower() for w in re.findall(r"\b[^\W\d_]{3,10}\b", text)}
    return sorted(words & FOREIGN_MONTHS)
