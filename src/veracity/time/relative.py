"""Handlers for expressions read against an anchor: "yesterday", "on Monday", "last week", "three
years ago", durations, sets, clock times, quarters and seasons.

Each takes the pattern's match and the ``Context`` (anchor date, text, tense of the sentence) and
returns a ``Reading``, or None to reject the match; see ``rules`` for the contract.
"""

from __future__ import annotations

import contextlib
import re
from datetime import date, timedelta

from veracity.lang.en import time_words as lx
from veracity.time.calendar import add_months, iso_week, quarter_of
from veracity.time.rules import MODS, REL_SHIFT, Context, Reading, resolve_year, unanchored


def year_earlier(match: re.Match[str], ctx: Context) -> Reading | None:
    """"the year-earlier quarter": a year before the anchor (before the quarter in context: see tagger)."""
    skip = 0 if match.group("period") or not match.group(0).lower().startswith("the") else 4
    if ctx.anchor is None:
        return Reading("DATE", "XXXX", relative=True, skip=skip)
    return Reading("DATE", f"{ctx.anchor.year - 1:04d}", relative=True, skip=skip)


def bare_units(match: re.Match[str], ctx: Context) -> Reading | None:
    """"for years", "within weeks": an unknown number of units (PXY, PXW); "months ago" is one too."""
    unit = lx.unit_of(match.group("unit"))
    letter = lx.UNITS[unit]
    prefix = "PT" if unit in lx.TIME_UNITS else "P"
    if letter == "DE":
        letter = "DE"
    return Reading("DURATION", f"{prefix}X{letter}", skip=match.start("unit") - match.start())


def year_end(match: re.Match[str], ctx: Context) -> Reading | None:
    """"by year-end", "year's end": the anchor's year, its end."""
    if ctx.anchor is None:
        return unanchored("DATE", "XXXX", "end")
    return Reading("DATE", f"{ctx.anchor.year:04d}", "end", relative=True)


def the_past_unit(match: re.Match[str], ctx: Context) -> Reading | None:
    """"the past year": a span of one unit ending at the anchor (P1Y), not the calendar year before."""
    letter = {"year": "Y", "month": "M", "week": "W", "decade": "DE"}[match.group("unit").lower()]
    return Reading("DURATION", "P10Y" if letter == "DE" else f"P1{letter}")


def the_weekend(match: re.Match[str], ctx: Context) -> Reading | None:
    if ctx.anchor is None:
        return unanchored("DATE", "XXXX-WXX-WE")
    anchor = ctx.anchor
    if anchor.isoweekday() < 5 and not ctx.future(match.start()):
        anchor -= timedelta(weeks=1)
    return Reading("DATE", iso_week(anchor) + "-WE", relative=True)


def the_year(match: re.Match[str], ctx: Context) -> Reading | None:
    """"the year" in news is mostly a span of a year (P1Y): "over the year", "for the full year"."""
    return Reading("DURATION", "P1Y")


def _day_value(day: date | None, part: str | None = None) -> str:
    if day is None:
        return "XXXX-XX-XX" + (f"T{part}" if part else "")
    return day.isoformat() + (f"T{part}" if part else "")


def relative_day(match: re.Match[str], ctx: Context) -> Reading | None:
    """today, yesterday, tomorrow, tonight, last night, this morning, earlier today, late yesterday."""
    words = match.group(0).lower().split()
    shift = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "this": 0, "last": -1}
    offset = next((shift[w] for w in words if w in shift), 0)
    if "day before yesterday" in match.group(0).lower():
        offset = -2
    part = next((lx.PARTS_OF_DAY[w] for w in words if w in lx.PARTS_OF_DAY), None)
    day = ctx.anchor + timedelta(days=offset) if ctx.anchor else None
    kind = "TIME" if part else "DATE"
    mod = "early" if words[0] == "early" else "late" if words[0] in ("late", "later") else None
    if words[0] == "earlier" and words[-1] == "today":
        mod = None
    return Reading(kind, _day_value(day, part), mod, relative=True)


def relative_unit(match: re.Match[str], ctx: Context) -> Reading | None:
    """"last week", "this year", "next month", "earlier this year", "last fall", "the weekend"."""
    rel = match.group("rel").lower().split()[-1]
    unit = match.group("unit").lower()
    edge = (match.group("edge") or "").lower()
    mod = {"early": "early", "late": "late"}.get(edge)
    skip = match.start("rel") - match.start() if edge in ("earlier", "later") and unit not in ("year", "month") else 0
    shift = REL_SHIFT[rel]
    anchor = ctx.anchor
    if anchor is None:
        return unanchored("DATE", "XXXX", mod)
    if unit in lx.SEASONS:
        code = lx.SEASONS[unit]
        return Reading("DATE", f"{anchor.year + shift:04d}-{code}", mod, relative=True, skip=skip)
    if unit == "year":
        return Reading("DATE", f"{anchor.year + shift:04d}", mod, relative=True, skip=skip)
    if unit == "month":
        moved = add_months(anchor, shift)
        return Reading("DATE", f"{moved.year:04d}-{moved.month:02d}", mod, relative=True, skip=skip)
    if unit in ("week", "weekend"):
        moved = anchor + timedelta(weeks=shift)
        return Reading("DATE", iso_week(moved) + ("-WE" if unit == "weekend" else ""), mod, relative=True, skip=skip)
    if unit == "quarter":
        index = anchor.year * 4 + quarter_of(anchor) - 1 + shift
        return Reading("DATE", f"{index // 4:04d}-Q{index % 4 + 1}", mod, relative=True, skip=skip)
    if unit == "decade":
        return Reading("DATE", f"{anchor.year // 10 + shift:03d}", mod, relative=True, skip=skip)
    if unit == "century":
        return Reading("DATE", f"{anchor.year // 100 + shift:02d}", mod, relative=True, skip=skip)
    return None


def ago(match: re.Match[str], ctx: Context) -> Reading | None:
    """"three years ago" (a year, not a day), "two days ago", "a decade ago"; "X earlier" too.

    "Two days later" counts from an event of the narrative, not from the anchor: TimeML marks "two days"
    as the duration (P2D) and leaves "later" outside, so that is what it is here."""
    amount = lx.number_value(match.group("num"))
    unit = lx.unit_of(match.group("unit"))
    letter = lx.UNITS.get(unit)
    if match.group("dir").lower() == "later" and letter in ("Y", "M", "W", "D", "H", "S"):
        count = "X" if amount is None or amount != int(amount) else str(int(amount))
        prefix = "PT" if unit in lx.TIME_UNITS else "P"
        return Reading("DURATION", f"{prefix}{count}{letter}", trim=match.end() - match.end("unit"))
    direction = -1 if match.group("dir").lower() in ("ago", "earlier", "before") else 1
    if ctx.anchor is None or amount is None or amount != int(amount):
        letter = lx.UNITS.get(unit, "X")
        return unanchored("DATE", "PAST_REF" if direction < 0 else "FUTURE_REF") if amount is None else \
            Reading("DATE", "XXXX", relative=True) if letter else None
    n, anchor = int(amount) * direction, ctx.anchor
    if unit in ("day", "night"):
        return Reading("DATE", (anchor + timedelta(days=n)).isoformat(), relative=True)
    if unit in ("week", "weekend"):
        return Reading("DATE", iso_week(anchor + timedelta(weeks=n)), relative=True)
    if unit == "month":
        moved = add_months(anchor, n)
        return Reading("DATE", f"{moved.year:04d}-{moved.month:02d}", relative=True)
    if unit == "quarter":
        moved = add_months(anchor, 3 * n)
        return Reading("DATE", f"{moved.year:04d}-Q{quarter_of(moved)}", relative=True)
    if unit == "year":
        return Reading("DATE", f"{anchor.year + n:04d}", relative=True)
    if unit == "decade":
        return Reading("DATE", f"{(anchor.year + 10 * n) // 10:03d}", relative=True)
    if unit == "century":
        return Reading("DATE", f"{(anchor.year + 100 * n) // 100:02d}", relative=True)
    if unit in lx.TIME_UNITS:
        return Reading("TIME", "PAST_REF" if n < 0 else "FUTURE_REF", relative=True)
    return None


def duration(match: re.Match[str], ctx: Context) -> Reading | None:
    """"for three years" (P3Y), "the past two months", "a five-year plan", "several weeks" (PXW)."""
    number = match.group("num")
    unit = lx.unit_of(match.group("unit"))
    if unit == "quarter" and match.group("unit").lower().endswith("s") and "-" in match.group(0):
        return None  # "three-quarters of its food" is a fraction
    if match.group("unit")[0].isupper() and not match.group(0)[0].isupper():
        return None  # "60 Minutes", a title
    if unit == "weekend":
        return Reading("DURATION", "P2D")
    amount = lx.number_value(number)
    letter = lx.UNITS.get(unit)
    if letter is None:
        return None
    if number.lower() in ("a", "an") and not (match.group("det") or match.group("rel") or match.group("approx")):
        before = ctx.text[max(0, match.start() - 12):match.start()].lower()
        if not re.search(r"\b(for|in|over|within|about|almost|nearly|than|after|take|took|takes|last|lasted)\s*$",
                         before):
            return None
    approx = (match.group("approx") or "").lower()
    mod = {"about": "about", "nearly": "less than", "almost": "less than", "more than": "more than",
           "less than": "less than", "up to": "on or before", "at least": "more than", "over": "more than",
           "roughly": "about", "some": "about"}.get(approx)
    if amount is None:
        count = "X"
    elif amount == int(amount):
        count = str(int(amount))
    elif letter == "Y":
        count, letter = str(int(amount * 12)), "M"
    elif letter == "D":
        count, letter = str(int(amount * 24)), "H"
    else:
        count = str(amount)
    prefix = "PT" if unit in lx.TIME_UNITS else "P"
    # Quarters, decades and centuries are written in months and years; a fractional count ("half a
    # century") scales too.
    for unit_letter, factor, written_as in (("Q", 3, "M"), ("DE", 10, "Y"), ("CE", 100, "Y")):
        if letter == unit_letter:
            if count == "X":
                letter = "M" if unit_letter == "Q" else unit_letter
            else:
                scaled = float(count) * factor
                count = str(int(scaled)) if scaled == int(scaled) else f"{scaled:g}"
                letter = written_as
    skip = 0
    det = match.group("det")
    adjectival = not match.group("unit").lower().endswith("s")
    vague = number.lower() in lx.VAGUE_NUMBERS or number.lower().startswith(("few", "couple", "dozen", "half"))
    if det and not match.group("rel") and not match.group("approx") and number.lower() not in ("a", "an") and (
            not (vague and det.lower() in ("a", "an"))) and (
            det.lower() != "the" or adjectival):
        skip = match.start("num") - match.start()
    if (match.group("rel") or "").lower() == "last" and not det and _LAST_AS_VERB.search(
            ctx.text, max(0, match.start() - 12), match.start()):
        # "expected to last six weeks": the verb lasts, the duration is "six weeks"
        skip = (match.start("approx") if match.group("approx") else match.start("num")) - match.start()
    return Reading("DURATION", f"{prefix}{count}{letter}", mod, skip=skip)


_LAST_AS_VERB = re.compile(r"\b(?:to|will|would|could|may|might|should|must|can|['’]ll|won['’]t|not)\s+$",
                           re.IGNORECASE)


def long_span(match: re.Match[str], ctx: Context) -> Reading | None:
    """"a week-long cruise" lasts a week (P1W); "decades-long" some number of them."""
    unit = match.group("lunit").lower()
    letter = lx.UNITS[unit]
    prefix = "PT" if unit in lx.TIME_UNITS else "P"
    if letter == "DE" and not match.group("lplural"):
        return Reading("DURATION", "P10Y")
    return Reading("DURATION", f"{prefix}{'X' if match.group('lplural') else '1'}{letter}")


def reference(match: re.Match[str], ctx: Context) -> Reading | None:
    """now, currently, recently, the past, the future, soon: PRESENT_REF, PAST_REF, FUTURE_REF."""
    word = match.group(0).lower()
    if re.search(r"now|current|present|nowadays|these days|today's", word):
        return Reading("DATE", "PRESENT_REF", relative=True)
    if re.search(r"recent|past|former|previous|lately|once", word):
        return Reading("DATE", "PAST_REF", relative=True)
    return Reading("DATE", "FUTURE_REF", relative=True)


def set_expression(match: re.Match[str], ctx: Context) -> Reading | None:
    """daily, every Tuesday (XXXX-WXX-2), each year, twice a week."""
    word = match.group(0).lower()
    simple = {"hourly": "PT1H", "daily": "P1D", "nightly": "P1D", "weekly": "P1W", "monthly": "P1M",
              "quarterly": "P3M", "annually": "P1Y", "yearly": "P1Y"}
    if word in simple:
        if re.match(r"\s+[A-Z]", ctx.text[match.end():match.end() + 2]):
            return None  # "the Communist Party daily Granma": a newspaper
        return Reading("SET", simple[word])
    if (day := match.group("swd")) and (number := lx.weekday_number(day)):
        return Reading("SET", f"XXXX-WXX-{number}")
    unit = lx.unit_of(match.group("sunit") or match.group("sunit2") or "day")
    letter = lx.UNITS.get(unit, "D")
    prefix = "PT" if unit in lx.TIME_UNITS else "P"
    if unit in lx.PARTS_OF_DAY:
        return Reading("SET", f"XXXX-XX-XXT{lx.PARTS_OF_DAY[unit]}")
    return Reading("SET", f"{prefix}1{letter}")


_DATE_BEFORE = re.compile(rf"(?P<day>\d{{1,2}})\s+(?P<mon>{lx.MONTH_RE})\s+(?P<year>\d{{4}}),?\s*\|?\s*(?:at\s+)?$",
                          re.IGNORECASE)


def clock_time(match: re.Match[str], ctx: Context) -> Reading | None:
    """"10 a.m.", "3:30 p.m.", "6.40pm", "14:32 GMT", "noon": a time on the anchor day (or an unknown day)."""
    word = match.group(0).lower()
    if match.group("h24"):  # "14:32 GMT", as a byline gives it
        hour, minute = int(match.group("h24")), int(match.group("m24"))
        if hour > 23 or minute > 59:
            return None
    elif "noon" in word or "midnight" in word or "midday" in word:
        hour, minute = (0 if "midnight" in word else 12), 0
    else:
        hour, minute = int(match.group("h")), int(match.group("min") or 0)
        if hour > 12 or minute > 59:
            return None
        if match.group("ap").lower().startswith("p") and hour < 12:
            hour += 12
        elif match.group("ap").lower().startswith("a") and hour == 12:
            hour = 0
    day = ctx.anchor
    dated = _DATE_BEFORE.search(ctx.text, max(0, match.start() - 40), match.start())
    if dated is not None and (month := lx.month_number(dated.group("mon"))) is not None:
        with contextlib.suppress(ValueError):  # a byline's "12 November 2025, 17:42", "17 April 2025 | 14:32"
            day = date(int(dated.group("year")), month, int(dated.group("day")))
    named = (match.group("cday") or "").lower()
    if day is not None and named:
        if named in ("today", "tonight", "yesterday", "tomorrow"):
            day += timedelta(days={"yesterday": -1, "tomorrow": 1}.get(named, 0))
        elif (number := lx.weekday_number(named)) is not None:  # "at 6.15am on Saturday": the one before,
            delta = number - day.isoweekday()                      # as a bare weekday in past narration
            day += timedelta(days=delta if delta <= 0 else delta - 7)
    return Reading("TIME", f"{_day_value(day)}T{hour:02d}:{minute:02d}", relative=True)


def quarter(match: re.Match[str], ctx: Context) -> Reading | None:
    """"the third quarter", "third-quarter", "the latest quarter", "fiscal 1989's first quarter"."""
    groups = match.groupdict()
    ordinal = (groups.get("ord") or "").lower()
    which = (groups.get("which") or "").lower()
    year_text = groups.get("qyear") or groups.get("qyear2")
    anchor = ctx.anchor
    if ordinal in lx.ORDINALS:
        number = lx.ORDINALS[ordinal]
        if year_text:
            return Reading("DATE", f"{int(year_text):04d}-Q{number}")
        if anchor is None:
            return unanchored("DATE", f"XXXX-Q{number}")
        year_ = anchor.year - (1 if number > quarter_of(anchor) and not ctx.future(match.start()) else 0)
        if "year-ago" in which or "year-earlier" in which or "last year" in which:
            year_ -= 1
        elif "next year" in which:
            year_ += 1
        skip = 0
        if re.match(r"the\s+(first|second|third|fourth|1st|2nd|3rd|4th)-", match.group(0), re.IGNORECASE):
            skip = 4  # "the third-quarter results": the adjective alone is the expression
        return Reading("DATE", f"{year_:04d}-Q{number}", relative=True, skip=skip)
    if anchor is None:
        return unanchored("DATE", "XXXX-QX")
    last_completed = add_months(anchor, -3)
    year_, number = last_completed.year, quarter_of(last_completed)
    if "year-ago" in which or "year-earlier" in which:
        year_ -= 1
    return Reading("DATE", f"{year_:04d}-Q{number}", relative=True)


def half(match: re.Match[str], ctx: Context) -> Reading | None:
    number = 1 if match.group("half").lower() == "first" else 2
    if match.group("hyear"):
        return Reading("DATE", f"{int(match.group('hyear')):04d}-H{number}")
    if ctx.anchor is None:
        return unanchored("DATE", f"XXXX-H{number}")
    return Reading("DATE", f"{ctx.anchor.year:04d}-H{number}", relative=True)


def season(match: re.Match[str], ctx: Context) -> Reading | None:
    code = lx.SEASONS[match.group("season").lower()]
    if match.group("syear"):
        return Reading("DATE", f"{int(match.group('syear')):04d}-{code}")
    if ctx.anchor is None:
        return unanchored("DATE", f"XXXX-{code}")
    return Reading("DATE", f"{ctx.anchor.year:04d}-{code}", relative=True)


def holiday(match: re.Match[str], ctx: Context) -> Reading | None:
    month, day = lx.HOLIDAYS[re.sub(r"\s+", " ", match.group("holiday").lower())]
    if match.group("hyear2"):
        resolved: int | None = int(match.group("hyear2"))
    else:
        resolved = resolve_year(month, day or 25, ctx, match.start())
    if resolved is None:
        return unanchored("DATE", f"XXXX-{month:02d}" + (f"-{day:02d}" if day else ""))
    if day == 0:  # the fourth Thursday of November
        first = date(resolved, 11, 1)
        day = 1 + (3 - first.weekday()) % 7 + 21
    return Reading("DATE", f"{resolved:04d}-{month:02d}-{day:02d}", relative=not match.group("hyear2"))


def end_of_unit(match: re.Match[str], ctx: Context) -> Reading | None:
    """"the end of the month", "the beginning of the year": the anchor's period with a modifier."""
    unit = match.group("eunit").lower()
    mod = MODS[match.group("edge2").lower()]
    anchor = ctx.anchor
    if anchor is None:
        return unanchored("DATE", "XXXX", mod)
    value = {"year": f"{anchor.year:04d}", "month": f"{anchor.year:04d}-{anchor.month:02d}",
             "week": iso_week(anchor), "quarter": f"{anchor.year:04d}-Q{quarter_of(anchor)}",
             "decade": f"{anchor.year // 10:03d}", "century": f"{anchor.year // 100:02d}"}[unit]
    return Reading("DATE", value, mod, relative=True)
