"""Ranges of two expressions: "between 2015 and 2018", "from March to June 2024", "from 2015 to 2018",
"2015-2018".

TimeML (and TempEval-3) keeps one TIMEX3 per end, each with its own value, so the values stay those of
the two ends. What a reader takes from the range is the interval from the first end's start to the
second end's end: both expressions carry that interval, rather than "on or after 2015" for the first
(the "from" signal read alone) or 2015 alone. A first end without a year takes the second's
("between June and November 2023" is June 2023, whatever the anchor's year).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from veracity.model import Span, TimeExpression, TimeValue
from veracity.time import rules
from veracity.time.calendar import Bounds, interval_of, shift_bounds

_OPEN = re.compile(r"\b(?P<word>between|from)\s+$", re.IGNORECASE)
_JOIN = {"between": re.compile(r"\s+and\s+"), "from": re.compile(r"\s*(?:to|until|till|through|-|–)\s*")}
_DASH = re.compile(r"[-–]")  # "2015-2018", "2015–2018": two years joined by a dash alone are a range
_YEAR = re.compile(r"\d{4}")
_MONTH = re.compile(r"(\d{4}|XXXX)-(\d{2})(-\d{2})?")
_MODS = frozenset({"early", "mid", "late", "start", "end"})


def _pairs(text: str, starts: Sequence[int], ends: Sequence[int]) -> list[tuple[int, int, int]]:
    """(index of the first end, index of the second, start of "between"/"from", else of the first end)
    for each range."""
    out = []
    for index in range(len(starts) - 1):
        opened = _OPEN.search(text, max(0, starts[index] - 10), starts[index])
        if opened is None:
            if (_DASH.fullmatch(text, ends[index], starts[index + 1])
                    and _YEAR.fullmatch(text, starts[index], ends[index])
                    and _YEAR.fullmatch(text, starts[index + 1], ends[index + 1])):
                out.append((index, index + 1, starts[index]))
            continue
        join = _JOIN[opened.group("word").lower()]
        if join.fullmatch(text, ends[index], starts[index + 1]):
            out.append((index, index + 1, opened.start()))
    return out


def inherit_years(text: str, starts: Sequence[int], ends: Sequence[int],
                  readings: list[rules.Reading]) -> list[rules.Reading]:
    """Readings with a first end's year taken from the second: "between June and November 2023"."""
    out = list(readings)
    for first, second, _ in _pairs(text, starts, ends):
        a, b = readings[first], readings[second]
        if not a.relative or b.relative or re.search(r"\d{4}", text[starts[first]:ends[first]]):
            continue
        own, other = _MONTH.fullmatch(a.value), _MONTH.fullmatch(b.value)
        if own is None or other is None or other.group(1) == "XXXX":
            continue
        year = int(other.group(1)) - (1 if own.group(2) > other.group(2) else 0)
        out[first] = replace(a, value=f"{year:04d}-{own.group(2)}{own.group(3) or ''}", relative=False,
                             mention=starts[second])
    return out


def join_ranges(text: str, times: list[TimeExpression]) -> None:
    """Give both ends of each range the interval from the first's start to the second's end (in place)."""
    if len(times) < 2:
        return
    for first, second, opened in _pairs(text, [t.start for t in times], [t.end for t in times]):
        a, b = times[first], times[second]
        start, end = _period(a), _period(b)
        if a.type != "DATE" or b.type != "DATE" or start.earliest_start is None or end.latest_end is None:
            continue
        if start.earliest_start > end.latest_end:
            continue
        words = text[opened:a.start].rstrip()
        if words:
            a.signal = Span(words, opened, opened + len(words))
        for time in (a, b):
            time.time = TimeValue(start.earliest_start, start.latest_start, end.earliest_end, end.latest_end,
                                  start.granularity, None, time.time.anchor)


def _period(time: TimeExpression) -> Bounds:
    """The period the value names, narrowed by its own modifier ("early 2015") but not opened by a signal."""
    qualifier = time.time.qualifier
    return shift_bounds(interval_of(time.value), qualifier if qualifier in _MODS else None)
