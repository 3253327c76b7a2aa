"""Readings that take the tense of their clause: a bare weekday ("on Monday") and a bare season ("in the spring").

Neither names its week or year, so the clause decides which side of the anchor it lies on: "will meet on
Monday" is the coming Monday, "met on Monday" the one before, and a present-tense schedule ("the hearing
continues on Wednesday", "whatever happens on Thursday") looks ahead, as news writes it. Only the clause
before the expression is read: a later clause ("..., when they will vote") speaks of something else.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from veracity.time import lexicon as lx
from veracity.time.calendar import interval_of
from veracity.time.rules import PAST_BIAS_DAYS, Context, Reading

_FUTURE = re.compile(r"\b(?:will|won['’]t|['’]ll|shall|scheduled|is to|are to|next|plans? to|planned|planning|"
                     r"expected to|set to|as soon as|as early as|tomorrow|upcoming|going to|due to|would)\b",
                     re.IGNORECASE)
# a verb in the present tense just before the expression: a schedule, so the coming day
_PRESENT_SCHEDULE = re.compile(
    r"\b(?:is|are|continues|resumes|begins|starts|opens|closes|ends|meets|happens|reconvenes|returns|travels|"
    r"visits|faces|plays|hosts|holds|takes\s+place|kicks\s+off|gets\s+under\s*way)\s+(?:again\s+)?(?:on\s+)?$",
    re.IGNORECASE)
_PAST_JUST_BEFORE = re.compile(r"(?<!\bbe\s)(?<!\bbeen\s)(?<!\bbeing\s)(?<!\bto\s)\b(?:[a-z]{3,}ed|said|told|met|spoke|"
                               r"read|held|made|gave|won|lost|began|left)\s+(?:on\s+|late\s+|early\s+)?$",
                               re.IGNORECASE)
_PAST_PLAN = re.compile(r"\b(?:had\s+been|was|were)\s+(?:due|expected|scheduled|set|supposed|planned)\s+to\b",
                        re.IGNORECASE)
_CLAUSE_START = re.compile(r"[.!?;:\"“”]\s|\n|,\s+(?:and|but|when|while|as)\s")


def clause_before(text: str, start: int, reach: int = 60) -> str:
    """The words of the expression's clause before it (at most ``reach`` characters)."""
    window = text[max(0, start - reach):start]
    cut = 0
    for found in _CLAUSE_START.finditer(window):
        cut = found.end()
    return window[cut:]


def looks_ahead(text: str, start: int) -> bool:
    """Does the clause before ``start`` speak of the future (a future word, or a schedule in the present)?
    Not when a past verb comes just before it ("will appeal the decision announced Wednesday") or the
    plan was itself in the past ("had been due to expire Friday")."""
    clause = clause_before(text, start)
    if _PAST_JUST_BEFORE.search(clause) or _PAST_PLAN.search(clause):
        return False
    return bool(_FUTURE.search(clause) or _PRESENT_SCHEDULE.search(clause))


def weekday(match: re.Match[str], ctx: Context) -> Reading | None:
    """"on Monday": the nearest Monday on the side of the anchor the clause's tense points to (the one
    before when it says nothing: news mostly reports); "last Friday", "next Tuesday" say it themselves."""
    word = match.group("wd")
    number = lx.weekday_number(word)
    if number is None or not word[0].isupper():
        return None
    if word.lower().rstrip(".") in ("sun", "sat", "wed", "mon", "fri", "tue") and not word.endswith("."):
        return None
    if re.search(r"[\"“‘']$", ctx.text[max(0, match.start() - 1):match.start()]) and re.match(
            r"\s+[A-Z]", ctx.text[match.end():match.end() + 2]):
        return None  # the "Sunday Square" programme: a title
    rel = (match.group("rel") or "").lower()
    part = lx.PARTS_OF_DAY.get((match.group("part") or "").lower())
    kind = "DATE"  # "Wednesday night" is a DATE in TimeBank; the part of day stays in the value
    if ctx.anchor is None:
        return Reading(kind, f"XXXX-WXX-{number}" + (f"T{part}" if part else ""), relative=True)
    anchor = ctx.anchor
    delta = number - anchor.isoweekday()
    future = rel in ("next", "coming") or (rel not in ("last", "past") and looks_ahead(ctx.text, match.start()))
    if rel == "this":
        day = anchor + timedelta(days=delta)
    elif future:
        day = anchor + timedelta(days=delta if delta >= 0 else delta + 7)
        if rel == "next" and delta <= 0:
            day += timedelta(days=7)
    else:
        day = anchor + timedelta(days=delta if delta <= 0 else delta - 7)
        if rel in ("last", "past") and delta == 0:
            day -= timedelta(days=7)
    value = day.isoformat() + (f"T{part}" if part else "")
    return Reading(kind, value, relative=True)


def bare_season(match: re.Match[str], ctx: Context) -> Reading | None:
    """"in the spring", "until the autumn", "the spring thaw": the season nearest the anchor, the
    clause's tense deciding only between two about as near (as ``rules.resolve_year`` does for months)."""
    word = match.group("bseason")
    prep, the = match.group("bprep"), match.group("bthe")
    if not (prep or the) or word.lower() == "fall" and not (prep and the):
        return None  # "spring into action", "a fall in prices"
    before = ctx.text[max(0, match.start() - 30):match.start()]
    if word[0].isupper() and re.search(r"[A-Z][\w'-]*\s+$", before):
        return None  # "the Arab Spring", "Prague Spring": a name
    code = lx.SEASONS[word.lower()]
    skip = match.start("bthe" if the else "bseason") - match.start()
    if ctx.anchor is None:
        return Reading("DATE", f"XXXX-{code}", relative=True, skip=skip)
    return Reading("DATE", f"{nearest_season(code, ctx.anchor, looks_ahead(ctx.text, match.start())):04d}-{code}",
                   relative=True, skip=skip)


def nearest_season(code: str, anchor: date, ahead: bool) -> int:
    """The year of the season ``code`` around ``anchor``: the next one not yet over when the clause looks
    ahead, else the nearest, days outside it counted with a bias against the future."""
    best: tuple[int, int] | None = None
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        bounds = interval_of(f"{year:04d}-{code}")
        first, last = date.fromisoformat(bounds.earliest_start or ""), date.fromisoformat(bounds.latest_end or "")
        if first <= anchor <= last or ahead and first > anchor:
            return year
        distance = (first - anchor).days if first > anchor else (anchor - last).days
        penalty = distance + (PAST_BIAS_DAYS if first > anchor else 0)
        if best is None or penalty < best[0]:
            best = (penalty, year)
    return best[1] if best else anchor.year
