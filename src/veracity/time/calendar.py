"""Calendar arithmetic and TimeML values as intervals.

A TimeML value names a period ("2021-10" is the whole month); ``interval_of`` turns it into the
first and last day (or minute) it covers, and ``qualify`` narrows or opens that interval for a
modifier ("early" March, "before" October). Bounds are ISO strings, inclusive: a day-granular
period from its first to its last day. None means unknown, never "now".
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

GRANULARITY_OF_UNIT = {"second": "instant", "minute": "instant", "hour": "instant", "day": "day",
                       "week": "week", "weekend": "week", "month": "month", "quarter": "quarter",
                       "year": "year", "decade": "decade", "century": "century"}
_PART_HOURS = {"MO": (6, 11), "AF": (12, 17), "EV": (18, 21), "NI": (20, 23), "DT": (9, 17)}
_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}  # winter runs into next year


@dataclass(frozen=True)
class Bounds:
    """An interval: earliest/latest start and end (inclusive ISO strings, None when unknown)."""

    earliest_start: str | None
    latest_start: str | None
    earliest_end: str | None
    latest_end: str | None
    granularity: str


UNKNOWN = Bounds(None, None, None, None, "unknown")


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, clamped to the month's length (31 March - 1 month = 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_start(year: int, week: int) -> date:
    return date.fromisocalendar(year, week, 1)


def quarter_of(day: date) -> int:
    return (day.month - 1) // 3 + 1


def _span(first: date, last: date, granularity: str) -> Bounds:
    return Bounds(first.isoformat(), first.isoformat(), last.isoformat(), last.isoformat(), granularity)


# the value forms ``_interval`` reads, compiled once
_CLOCK = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})")
_PART = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(MO|AF|EV|NI|DT)")
_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_WEEK = re.compile(r"(\d{4})-W(\d{2})(-WE)?")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_QUARTER = re.compile(r"(\d{4})-Q([1-4])")
_HALF = re.compile(r"(\d{4})-H([12])")
_SEASON = re.compile(r"(\d{4})-(SP|SU|FA|WI)")
_YEAR = re.compile(r"\d{4}")
_DECADE = re.compile(r"\d{3}X?")
_CENTURY = re.compile(r"\d{2}X{0,2}")


@lru_cache(maxsize=4096)  # a story reads the same few values many times (every pair of times compared)
def interval_of(value: str) -> Bounds:
    """The period a TimeML DATE/TIME value covers, or UNKNOWN (PAST_REF, X-ed out, durations)."""
    try:
        return _interval(value)
    except ValueError:
        return UNKNOWN


def _interval(value: str) -> Bounds:  # noqa: C901 - one branch per TimeML value form, flat on purpose
    if match := _CLOCK.fullmatch(value):
        moment = datetime(*map(int, match.groups()))  # type: ignore[arg-type]
        text = moment.isoformat(timespec="minutes")
        return Bounds(text, text, text, text, "instant")
    if match := _PART.fullmatch(value):
        day = date(*map(int, match.groups()[:3]))
        first, last = _PART_HOURS[match.group(4)]
        start, end = f"{day.isoformat()}T{first:02d}:00", f"{day.isoformat()}T{last:02d}:59"
        return Bounds(start, start, end, end, "instant")
    if match := _DAY.fullmatch(value):
        day = date(*map(int, match.groups()))
        return _span(day, day, "day")
    if match := _WEEK.fullmatch(value):
        monday = week_start(int(match.group(1)), int(match.group(2)))
        if match.group(3):
            return _span(monday + timedelta(days=5), monday + timedelta(days=6), "week")
        return _span(monday, monday + timedelta(days=6), "week")
    if match := _MONTH.fullmatch(value):
        year, month = int(match.group(1)), int(match.group(2))
        return _span(date(year, month, 1), last_day(year, month), "month")
    if match := _QUARTER.fullmatch(value):
        year, quarter = int(match.group(1)), int(match.group(2))
        return _span(date(year, 3 * quarter - 2, 1), last_day(year, 3 * quarter), "quarter")
    if match := _HALF.fullmatch(value):
        year, half = int(match.group(1)), int(match.group(2))
        return _span(date(year, 6 * half - 5, 1), last_day(year, 6 * half), "half year")
    if match := _SEASON.fullmatch(value):
        year = int(match.group(1))
        first_month, last_month = _SEASON_MONTHS[match.group(2)]
        end_year, end_month = year + (last_month - 1) // 12, (last_month - 1) % 12 + 1
        return _span(date(year, first_month, 1), last_day(end_year, end_month), "season")
    if _YEAR.fullmatch(value):
        year = int(value)
        return _span(date(year, 1, 1), date(year, 12, 31), "year")
    if _DECADE.fullmatch(value):
        decade = int(value[:3]) * 10
        return _span(date(max(decade, 1), 1, 1), date(decade + 9, 12, 31), "decade")
    if _CENTURY.fullmatch(value):
        century = int(value[:2]) * 100
        return _span(date(max(century, 1), 1, 1), date(century + 99, 12, 31), "century")
    return UNKNOWN


def shift_bounds(bounds: Bounds, qualifier: str | None) -> Bounds:
    """Narrow or open an interval for a qualifier: early/mid/late thirds, start/end tenths, before/after."""
    if qualifier is None or bounds.earliest_start is None or bounds.latest_end is None:
        return bounds
    first = date.fromisoformat(bounds.earliest_start[:10])
    last = date.fromisoformat(bounds.latest_end[:10])
    length = (last - first).days + 1
    if qualifier in ("early", "mid", "late") and bounds.granularity == "year" and first.year == last.year:
        # a year's thirds in whole months, as a reader takes them: "early 2023" is January to April
        months = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}[qualifier]
        a = date(first.year, months[0], 1)
        b = date(first.year, months[1], calendar.monthrange(first.year, months[1])[1])
        return Bounds(a.isoformat(), a.isoformat(), b.isoformat(), b.isoformat(), bounds.granularity)
    if qualifier in ("early", "mid", "late", "start", "end") and length > 1:
        third = max(1, length // 3)
        tenth = max(1, length // 10)
        pieces = {"early": (0, third - 1), "mid": (third, length - third - 1),
                  "late": (length - third, length - 1), "start": (0, tenth - 1),
                  "end": (length - tenth, length - 1)}
        offset_first, offset_last = pieces[qualifier]
        a, b = first + timedelta(days=offset_first), first + timedelta(days=offset_last)
        return Bounds(a.isoformat(), a.isoformat(), b.isoformat(), b.isoformat(), bounds.granularity)
    if qualifier == "before":
        end = (first - timedelta(days=1)).isoformat()
        return Bounds(None, end, None, end, bounds.granularity)
    if qualifier == "on or before":
        return Bounds(None, bounds.latest_end, None, bounds.latest_end, bounds.granularity)
    if qualifier == "after":
        start = (last + timedelta(days=1)).isoformat()
        return Bounds(start, None, start, None, bounds.granularity)
    if qualifier == "on or after":
        return Bounds(bounds.earliest_start, None, bounds.earliest_start, None, bounds.granularity)
    if qualifier == "unknown ordering":
        return Bounds(None, None, None, None, bounds.granularity)
    return bounds
