"""Readings that take the tense of their clause: a bare weekday ("on Monday") and a bare season ("in the spring").

Neither names its week or year, so the clause decides which side of the anchor it lies on: "will meet on
Monday" is the coming Monday, "met on Monday" the one before, and a present-tense schedule ("the hearing
continues on Wednesday", "Pirc signs the deal on Monday", "voters go to the polls on Sunday") looks ahead,
as news writes it. The clause before the expression is read: a later clause ("..., when they will vote")
speaks of something else. Only when the expression opens its clause ("On Monday, the council will vote",
"By spring we will be out of money") does the verb after it give the tense.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from veracity.lang.en import time_words as lx
from veracity.time import rules
from veracity.time.calendar import interval_of
from veracity.time.rules import PAST_BIAS_DAYS, Context, Reading, clause_before

_FUTURE = re.compile(r"\b(?:will|won['’]t|['’]ll|shall|scheduled|is to|are to|next|plans? to|planned|planning to|"
                     r"expected to|set to|as soon as|as early as|tomorrow|upcoming|going to|due to|would|"
                     r"(?:un)?likely to|poised to|hopes? to|intends? to|aims? to)\b",  # not "the planning committee"
                     re.IGNORECASE)
# a verb in the present tense just before the expression: a schedule, so the coming day
_PRESENT_SCHEDULE = re.compile(
    r"\b(?:is|are|continues|resumes|begins|starts|opens|closes|ends|meets|happens|reconvenes|returns|travels|"
    r"visits|faces|plays|hosts|holds|takes\s+place|kicks\s+off|gets\s+under\s*way|(?:is|are)\s+(?:\w+ly\s+)?[a-z]+ed)"
    r"\s+(?:again\s+)?(?:on\s+)?$", re.IGNORECASE)  # ("is published on Thursday": a present passive, scheduled)
_PAST_JUST_BEFORE = re.compile(r"(?<!\bbe\s)(?<!\bbeen\s)(?<!\bbeing\s)(?<!\bto\s)(?<!\bis\s)(?<!\bare\s)"
                               r"\b(?:[a-z]{3,}ed|said|told|met|spoke|"
                               r"read|held|made|gave|won|lost|began|left)\s+(?:on\s+|late\s+|early\s+)?$",
                               re.IGNORECASE)
_PAST_PLAN = re.compile(r"\b(?:had\s+been|was|were)\s+(?:due|expected|scheduled|set|supposed|planned)\s+to\b",
                        re.IGNORECASE)
# a schedule verb in the present, then its object ("signs the deal", "votes on the bill", "go to the
# polls"): the -s form after anything, the plain form only after a plural subject, where it is a verb
_SCHEDULE_VERB = (r"(?:meet|sign|vote|go|visit|travel|fly|arrive|leave|return|face|play|host|hold|open|close|start|"
                  r"begin|end|resume|launch|unveil|release|publish|testify|appear|sit|convene|gather|march|rule|"
                  r"decide|debate|hear|head|reconvene|announce|present|deliver|take)")
_SCHEDULE_WITH_OBJECT = re.compile(
    rf"(?:\b(?P<third>{_SCHEDULE_VERB}e?s|flies|testifies)|\b(?:they|we|you|(?!(?:was|has|is|does|this|his|its|thus|"
    rf"less|unless|plus|always|perhaps)\b)[a-z]+[^s'’\W]s)\s+(?:{_SCHEDULE_VERB}|fly|testify))"
    r"(?:\s+[\w'’-]+){0,4}?\s+(?:(?:on|at)\s+)?$", re.IGNORECASE)
_NOT_A_SUBJECT = re.compile(r"the|a|an|his|her|their|its|our|my|your|of|for|in|on|to|with|by|[\w'’-]+ing",
                            re.IGNORECASE)
_PAST_WORD = re.compile(r"\b(?:[a-z]{3,}ed|said|told|met|spoke|held|made|gave|won|lost|began|left|was|were|had|did)\b",
                        re.IGNORECASE)
# the first verb of the clause after an expression that opens it: a future one, or one that says it is past
_AFTER_FUTURE = re.compile(r"(?:will|won['’]t|['’]ll|shall|(?:is|are)\s+(?:due|expected|set|scheduled|going)\s+to|"
                           r"(?:is|are)\s+to)\b", re.IGNORECASE)
_AFTER_PAST = re.compile(r"(?:[a-z]{3,}ed|said|told|met|spoke|held|made|gave|won|lost|began|left|was|were|had|did|"
                         r"would)\b", re.IGNORECASE)
_OPENER = re.compile(r"\s*(?:on|in|by|until|till|before|after|during|over|through|throughout|since|early|late|"
                     r"this|next|last|the|,)?\s*$", re.IGNORECASE)
_SENTENCE_BREAK = re.compile(r"[.!?][\"'”’)]*\s+|\n")
# a year as a date names it: after a month, a season or a preposition of time ("in 2023", "May 2023")
_DATE_YEAR = re.compile(r"\b(?:in|of|during|since|until|by|from|spring|summer|autumn|fall|winter|January|February|"
                        r"March|April|May|June|July|August|September|October|November|December)\s+"
                        r"(?P<year>1[6-9]\d\d|20\d\d)(?![\d,])", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[.!?;:\"“”]|\n|,\s+(?:and|but|when|while|as|who|which)\s")


def looks_ahead(text: str, start: int, end: int | None = None) -> bool:
    """Does the clause before ``start`` speak of the future (a future word, or a schedule in the present)?
    Not when a past verb comes just before it ("will appeal the decision announced Wednesday") or the
    plan was itself in the past ("had been due to expire Friday"). With ``end``, an expression that opens
    its clause takes the tense of the verb after it ("On Monday, the council will vote")."""
    clause = clause_before(text, start)
    if _PAST_JUST_BEFORE.search(clause) or _PAST_PLAN.search(clause):
        return False
    if _FUTURE.search(clause) or _PRESENT_SCHEDULE.search(clause) or _schedule_with_object(clause):
        return True
    return end is not None and _OPENER.fullmatch(clause) is not None and _verb_after_is_future(text, end)


def _schedule_with_object(clause: str) -> bool:
    """A present schedule verb with its object between it and the expression ("signs the deal on"),
    and no past verb in the clause ("opens the files released on" is about the release, "accused the
    party of buying votes in" speaks of the past). An -s word after a determiner or an -ing word is a
    noun ("buying votes in Sunday's election")."""
    found = _SCHEDULE_WITH_OBJECT.search(clause)
    if found is None or _PAST_WORD.search(clause):
        return False
    before = clause[:found.start()].split()
    return found.group("third") is None or not before or _NOT_A_SUBJECT.fullmatch(before[-1]) is None


def _verb_after_is_future(text: str, end: int) -> bool:
    """Is the first verb of the clause after ``end`` a future one ("will", "is due to")? The first of
    the two kinds to come decides: in "On Monday, he said he will resign" the clause is told in the past."""
    stop = _CLAUSE_END.search(text, end, end + 100)
    after = text[end:stop.start() if stop else end + 100]
    future, past = _AFTER_FUTURE.search(after), _AFTER_PAST.search(after)
    return future is not None and (past is None or future.start() < past.start())


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
    future = rel in ("next", "coming") or (rel not in ("last", "past")
                                                 and looks_ahead(ctx.text, match.start(), match.end()))
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
    """"in the spring", "in early spring", "until the autumn", "the spring thaw": the season of the year
    the sentence has just named ("began in the spring of 2023 and stalled by the autumn"), else the one
    nearest the anchor, the clause's tense deciding only between two about as near (as
    ``rules.resolve_year`` does for months)."""
    word, mod = match.group("bseason"), match.group("bmod")
    prep, the = match.group("bprep"), match.group("bthe")
    if not (prep or the or mod) or word.lower() == "fall" and not (prep and the):
        return None  # "spring into action", "a fall in prices"
    before = ctx.text[max(0, match.start() - 30):match.start()]
    if word[0].isupper() and re.search(r"[A-Z][\w'-]*\s+$", before):
        return None  # "the Arab Spring", "Prague Spring": a name
    code = lx.SEASONS[word.lower()]
    skip = match.start("bthe" if the else "bmod" if mod else "bseason") - match.start()
    modifier = rules.MODS[mod.lower()] if mod else None
    if ctx.anchor is None:
        return Reading("DATE", f"XXXX-{code}", modifier, relative=True, skip=skip)
    ahead = looks_ahead(ctx.text, match.start(), match.end())
    named = None if ahead else _year_named_before(ctx.text, match.start())
    if named is not None:
        year, at = named
        return Reading("DATE", f"{year:04d}-{code}", modifier, relative=True, skip=skip, mention=at)
    return Reading("DATE", f"{nearest_season(code, ctx.anchor, ahead):04d}-{code}", modifier, relative=True,
                   skip=skip)


def _year_named_before(text: str, start: int) -> tuple[int, int] | None:
    """The year a date earlier in the same sentence names ("in the spring of 2023 and ... by the
    autumn"), and its offset: a season told in the same breath is of that year, not the anchor's."""
    window = max(0, start - 150)
    ends = list(_SENTENCE_BREAK.finditer(text, window, start))
    low = ends[-1].end() if ends else window
    years = list(_DATE_YEAR.finditer(text, low, start))
    return (int(years[-1].group("year")), years[-1].start("year")) if years else None


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
