"""Times that point back: "that week", "the same afternoon", "that year", "the next day", "the following morning",
"the following month".

They name the period of an earlier expression: "had met on January 14 ... in Dravograd the whole of
that week" is the week of 14 January. The antecedent is the nearest earlier expression precise enough
(a day for "that week", a month for "that month"), read in the stage after speech anchoring; words told
inside a recounted conversation (a quote nested in a quote) are passed over from outside it, as a reader
does: the voicemail's "whatever happens on Thursday" is not what "the same afternoon" of the narration
refers to. With no antecedent the value stays X-ed out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta

from veracity.lang.en import time_words as lx
from veracity.model import TimeAnchor, TimeExpression, TimeValue, content_id
from veracity.time.calendar import add_months, interval_of, iso_week, shift_bounds
from veracity.time.rules import Context, Reading

_UNRESOLVED = {"day": "XXXX-XX-XX", "week": "XXXX-WXX", "month": "XXXX-XX", "year": "XXXX"}
_NEEDS = {"day": r"\d{4}-\d{2}-\d{2}", "week": r"\d{4}-\d{2}-\d{2}", "month": r"\d{4}-\d{2}", "year": r"\d{4}"}
_REACH = 1500  # characters back to look for the antecedent
_ANAPHOR = re.compile(r"(?:that|the\s+same)\s+(?P<unit>day|week|month|year|morning|afternoon|evening|night)"
                      r"|the\s+(?P<shift>next|following|previous|preceding)\s+(?P<sunit>day|morning|afternoon|evening|"
                      r"night)|the\s+(?P<shift2>following|preceding|previous)\s+(?P<sunit2>week|month|year)",
                      re.IGNORECASE)
_SHIFT = {"next": 1, "following": 1, "previous": -1, "preceding": -1}


def unresolved(match: re.Match[str], ctx: Context) -> Reading | None:
    """The pattern's reading before its antecedent is known: X-ed out, relative."""
    unit = match.group("aunit").lower()
    if unit in lx.PARTS_OF_DAY:
        return Reading("TIME", f"XXXX-XX-XXT{lx.PARTS_OF_DAY[unit]}", relative=True)
    return Reading("DATE", _UNRESOLVED[unit], relative=True)


def resolve(text: str, times: list[TimeExpression], doc_id: str, hidden: Sequence[tuple[int, int]] = (),
            told: Sequence[tuple[int, int]] = ()) -> None:
    """Give each anaphoric expression the period of its antecedent (in place); expressions inside a
    ``hidden`` span (a nested quote) are not antecedents for anything outside that span. Inside a ``told``
    span (a direct quote), "the next day" counts from a date the speaker gave, never from the narration's:
    "I rang the minister the next day" is the day after the dinner the speaker speaks of."""
    for index, time in enumerate(times):
        found = _ANAPHOR.fullmatch(time.text)
        if found is None:
            continue
        unit = (found.group("unit") or found.group("sunit") or found.group("sunit2")).lower()
        shift_word = (found.group("shift") or found.group("shift2") or "").lower()
        need = re.compile(_NEEDS.get(unit, _NEEDS["day"]))
        own = [(s, e) for s, e in hidden if s <= time.start < e]
        speech = [(s, e) for s, e in told if s <= time.start < e] if shift_word else []
        antecedent = None
        for earlier in reversed(times[:index]):
            if earlier.start < time.start - _REACH:
                break
            if earlier.type not in ("DATE", "TIME") or not need.match(earlier.value):
                continue
            if any(s <= earlier.start < e for s, e in hidden if (s, e) not in own):
                continue
            if speech and not any(s <= earlier.start < e for s, e in speech):
                break  # the speaker's "the next day" after no date of theirs: the day is not known
            antecedent = earlier
            break
        if antecedent is not None:
            shift = _SHIFT.get(shift_word, 0)  # "the next day": the day after it; "the following month" too
            _set(time, _value(unit, antecedent.value, shift), TimeAnchor("mention", antecedent.value, antecedent.id),
                 doc_id)
        elif time.time.anchor.kind == "mention":  # an antecedent found before, now passed over
            part = lx.PARTS_OF_DAY.get(unit)
            _set(time, f"XXXX-XX-XXT{part}" if part else _UNRESOLVED[unit], TimeAnchor("missing"), doc_id)


def _value(unit: str, value: str, shift: int = 0) -> str:
    if shift and unit == "year":  # "the following year": the year after the one named
        return f"{int(value[:4]) + shift:04d}"
    if shift and unit == "month":
        moved = add_months(date(int(value[:4]), int(value[5:7]), 1), shift)
        return f"{moved.year:04d}-{moved.month:02d}"
    if shift and unit == "week":
        return iso_week(date.fromisoformat(value[:10]) + timedelta(weeks=shift))
    if shift:  # days and parts of days ("the following morning")
        value = (date.fromisoformat(value[:10]) + timedelta(days=shift)).isoformat()
        if unit == "day":
            return value
    if unit in lx.PARTS_OF_DAY:
        return f"{value[:10]}T{lx.PARTS_OF_DAY[unit]}"
    if unit == "week":
        return iso_week(date.fromisoformat(value[:10]))
    return value[:{"day": 10, "month": 7, "year": 4}[unit]]


def _set(time: TimeExpression, value: str, anchor: TimeAnchor, doc_id: str) -> None:
    bounds = shift_bounds(interval_of(value), time.time.qualifier)
    time.value = value
    time.id = content_id("time", doc_id, time.start, time.end, value)
    time.time = TimeValue(bounds.earliest_start, bounds.latest_start, bounds.earliest_end, bounds.latest_end,
                          bounds.granularity, time.time.qualifier, anchor)
