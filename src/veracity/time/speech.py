"""When each quote was said: the day its relative expressions ("last Thursday", "tomorrow") count from.

The text gives it, in order of trust: a time in the quote's own sentence ("she said on Thursday", "in a
call on 30 September"); the sentence that introduces a quote with a colon ("In a statement on Monday, he
said:"); the quote it continues (the next paragraph of the same statement, "he added"); the dated
recording or statement it was said in ("the voicemail, left on March 19, opens:", "it was made at a
dinner on February 6" for "Kolberg says on the tape"); the occasion the sentence before shows its speaker
speaking at ("Peskov addressed the recording on Thursday. 'There were no talks,' he said."); the occasion
the lead reports, for words said to its room ("told MPs", "Responding, …"); the quote it is nested in. Otherwise the
report's own date: the publication date, or the dateline's day ("LEEDS, May 27 (Pressline) -"), which
is the day a wire report speaks of as "today". A time that gives only a week or a year is kept as the
speech time of the event, but anchors nothing: counting "tomorrow" from a whole year would invent a day.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from veracity.lang.en import time_words as lx
from veracity.model import Quote, QuotedText, Span, TimeExpression
from veracity.time.events import Sentences

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATED = re.compile(r"\d{4}-\d{2}(?:-\d{2}|$)")
_RECORDING = r"recording|tape|clip|video|footage|voicemail|voice[\s-]note|voice\s+message|message|audio"
_STATEMENT = r"statement|letter|e-?mail|memo"
_MEDIUM = re.compile(rf"\b(?:{_RECORDING}|{_STATEMENT})s?\b", re.IGNORECASE)
_RECORDING_WORD = re.compile(rf"\b(?:{_RECORDING})s?\b", re.IGNORECASE)
# the words before a time that date a recording or a statement: "it was made at a dinner on", "left the
# message for Rao on", "issued a statement on"; the day it was published is not the day it was said
_MADE = re.compile(r"\b(?:was|were|been)\s+(?:made|recorded|filmed|taped|left|sent|issued|written|dated)\b"
                   r"[^.;:\"“”]{0,60}?$", re.IGNORECASE)
_ACTIVE = re.compile(rf"\b(?:left|sent|recorded|made|issued|filmed|wrote)\s+(?:a|an|the|his|her|their|its)\s+"
                     rf"(?:[\w-]+\s+){{0,2}}?(?P<noun>{_RECORDING}|{_STATEMENT})\b[^.;:\"“”]{{0,60}}?$", re.IGNORECASE)
_SAID_IN = re.compile(rf"\b(?:in|on|at\s+the\s+end\s+of|during)\s+(?:a|an|the|his|her|their|its)\s+"
                      rf"(?:[\w-]+\s+){{0,2}}?(?P<noun>{_RECORDING}|{_STATEMENT})\b", re.IGNORECASE)
_NOUN_SAYS = re.compile(rf"\b(?:the|a|an|his|her|its|their)\s+(?:[\w-]+\s+){{0,2}}?(?P<noun>{_RECORDING}|{_STATEMENT})"
                        r"\s+(?:said|says|read|reads|added|adds|stated|states)\b", re.IGNORECASE)
_PRONOUNS = frozenset({"he", "she", "it", "they"})
# a publishing right before a time: "published this morning", "which surfaced on Monday", "leaked last week to"
_PUBLISHED = re.compile(r"\b(?:published|released|posted|aired|broadcast|leaked|surfaced|emerged|uploaded|circulated|"
                        r"obtained|shared)\s+(?:[\w'’-]+\s+){0,2}?(?:on|in|at|during|over|since)?\s*$", re.IGNORECASE)
_PRESENT_CUE = re.compile(r"(?:says|tells|goes|adds|asks|continues|opens|explains|replies|insists|jokes|boasts|"
                          r"can\s+be\s+heard)\b", re.IGNORECASE)
# words that show someone speaking on an occasion: "addressed the recording", "at a news conference"
_OCCASION = re.compile(r"\b(?:spoke|speaking|spoken|addressed|addressing|told|telling|said|saying|asked|answered|"
                       r"responded|replied|commented|denied|confirmed|dismissed|rejected|insisted|briefed|"
                       r"testified|wrote|posted|interview|(?:news|press)\s+conference|briefing|statement|speech|"
                       r"remarks|hearing|rally|appearance|podcast|broadcast)\b", re.IGNORECASE)
_ONLY_MARKS = re.compile(r"[\s\"'“”‘’.,:;—–-]*")
_MONTH_DAY = re.compile(r"(?:[A-Za-z]+\.?,?\s+)?"  # "Wednesday, March 12"
                        r"(?:(?P<mon>[A-Za-z]+\.?)\s+(?P<day>\d{1,2})|(?P<day2>\d{1,2})\s+(?P<mon2>[A-Za-z]+\.?))"
                        r"(?:st|nd|rd|th)?")
_DATELINE_END = re.compile(r"[ \t]*(?:,[ \t]*\d{4})?[ \t]*(?:\([^)\n]{1,40}\))?[ \t]*[-–—]")
# what may stand before the date on its line: a place in capitals ("WASHINGTON, D.C.,"), the agency
# ("LONDON (Capital Wire) —"), or nothing when the date opens one of the story's first lines
_DATELINE_LEAD = re.compile(r"(?:^|\n)[ \t]*(?P<place>[A-Z][A-Z'’.\- ]{1,40}(?:,[ \t]+[A-Z][\w.'’ -]{1,30})?[ \t]*"
                            r"(?:\([^)\n]{1,40}\)[ \t]*)?(?:,|[-–—])[ \t]*)?$")
_FIRST_LINES = 4  # a dateline without a place opens one of the story's first lines (after a headline, a byline)


@dataclass(frozen=True)
class Spoken:
    """The speech time of one quote: the day (None: not known to the day), the expression that gives it
    (start offset; None for the report's date), and how it was found."""

    day: date | None
    time: int | None
    how: str  # sentence, introduction, continuation, medium, occasion, parent or report


def dateline(text: str, times: Sequence[TimeExpression], published: date | None) -> tuple[TimeExpression, date] | None:
    """The dateline's date ("STOCKHOLM, March 12 (Nordwire) -", "March 12 —" opening the story) and the
    day it names: its year is the publication's, or the one before when only that puts it near
    ("December 31" published on 2 January)."""
    if published is None:
        return None
    for time in times:
        if time.start > 1500:
            break
        if not _is_dateline(text, time):
            continue
        if re.search(r"\d{4}", time.text):
            if _DAY.fullmatch(time.value):
                return time, date.fromisoformat(time.value)  # the year is written out
            continue
        named = _MONTH_DAY.fullmatch(time.text)
        month = lx.month_number(named.group("mon") or named.group("mon2")) if named else None
        if named is None or month is None:
            continue
        day = int(named.group("day") or named.group("day2"))
        candidates = []
        for year in (published.year - 1, published.year):
            try:
                candidates.append(date(year, month, day))
            except ValueError:  # 29 February: only a leap year has it
                continue
        if candidates:
            return time, min(candidates, key=lambda when: abs((when - published).days))
    return None


def _is_dateline(text: str, time: TimeExpression) -> bool:
    """Is the expression a dateline: a dash after it, and before it on its line a place, an agency or,
    in the story's first lines only, nothing at all (a chronology's "March 12 — ..." comes later)?"""
    if not _DATELINE_END.match(text, time.end):
        return False
    lead = _DATELINE_LEAD.search(text, max(0, time.start - 80), time.start)
    if lead is None:
        return False
    return lead.group("place") is not None or text.count("\n", 0, lead.start()) < _FIRST_LINES and (
        len(text[:lead.start()].split()) <= 40)


def report_day(said: date | None, published: date | None) -> bool:
    """Is the dateline's day the report's day? Only on or up to a week before publication."""
    return said is not None and published is not None and published - timedelta(days=7) <= said <= published


def speech_times(text: str, quotes: Sequence[Quote], times: Sequence[TimeExpression], sentences: Sentences,
                 report: date | None, dateline_at: int | None = None) -> dict[str, Spoken]:
    """Each quote's speech time (see the module's docstring for the order); ``report`` is the report's day.
    The dateline (starting at ``dateline_at``) dates the report, never a quote of the sentence it opens: "KALMAR,
    Oct 14 (Baltic Wire) - The port chief was recorded telling a donor …" was told on an earlier day."""
    times = [t for t in times if t.start != dateline_at]
    by_id = {q.id: q for q in quotes}
    starts = [t.start for t in times]
    media = _dated_media(text, times, sentences)
    out: dict[str, Spoken] = {}
    ordered = sorted(quotes, key=lambda q: (_depth(q, by_id), q.start))
    tops = sorted((q for q in quotes if q.parent is None), key=lambda q: q.start)
    previous_top = {q.id: tops[i - 1] for i, q in enumerate(tops) if i > 0}
    quoted = QuotedText(list(quotes))
    lead = _lead_occasion(text, times, sentences, report)
    for quote in ordered:
        narration = _Narration(set(_ancestors(quote, by_id)), quoted)
        found = _in_sentence(text, quote, times, starts, sentences, narration, report)
        if found is None and quote.parent is None:
            found = _introduction(text, quote, times, starts, sentences, narration, report) or _continuation(
                text, quote, previous_top.get(quote.id), out) or _medium(text, quote, sentences, media, report) or (
                _occasion(text, quote, times, starts, sentences, narration, report)) or _at_the_lead_occasion(
                text, quote, sentences, lead)
        if found is None and quote.parent in out:
            parent = out[quote.parent]
            found = parent if parent.how == "report" else Spoken(parent.day, parent.time, "parent")
        out[quote.id] = found or Spoken(report, None, "report")
    return out


def _depth(quote: Quote, by_id: dict[str, Quote]) -> int:
    return len(_ancestors(quote, by_id))


def _ancestors(quote: Quote, by_id: dict[str, Quote]) -> list[str]:
    chain: list[str] = []
    parent = quote.parent
    while parent is not None and parent in by_id and parent not in chain:
        chain.append(parent)
        parent = by_id[parent].parent
    return chain


def _spoken(time: TimeExpression, how: str, report: date | None) -> Spoken | None:
    """A speech time from an expression: its day when it names one, never a day after the report's; a
    period of the calendar (a week, a year) is kept without a day; "now" and X-ed values are no time."""
    if time.type not in ("DATE", "TIME") or not time.value[:4].isdigit():
        return None
    if not _DAY.match(time.value):
        return Spoken(None, time.start, how)
    day = date.fromisoformat(time.value[:10])
    return None if report is not None and day > report else Spoken(day, time.start, how)


class _Narration:
    """Whether an offset is narration for one quote: outside its words and outside any other quote's
    (its parents' words are fine)."""

    def __init__(self, ancestors: set[str], quoted: QuotedText) -> None:
        self.ancestors = ancestors
        self.quoted = quoted

    def __call__(self, time: TimeExpression) -> bool:
        return all(q.id in self.ancestors for q in self.quoted.covering(time.start))


def _in_sentence(text: str, quote: Quote, times: Sequence[TimeExpression], starts: list[int], sentences: Sentences,
                 narration: _Narration, report: date | None) -> Spoken | None:
    """The time in the narration of the quote's sentence nearest its cue: "she said on Thursday". One
    with a signal ("since 2020") dates something else; one vaguer than a day counts only in or just after the
    cue ("said last week"), not in an aside ("whose daughter died in 2020")."""
    if quote.cue is None:
        return None
    low, high = sentences.around(quote.cue.start)
    nearby = times[bisect.bisect_left(starts, low):bisect.bisect_left(starts, high)]
    cue = quote.cue
    candidates = [t for t in nearby if narration(t) and t.type in ("DATE", "TIME")
                  and t.signal is None and (_DAY.match(t.value) or cue.start <= t.start <= cue.end + 40)
                  and not _dates_a_publishing(text, t, low, cue)
                  and not (t.start < cue.start and _recounted(text, t, low))]
    for time in sorted(candidates, key=lambda t: abs(t.start - cue.start)):
        if (found := _spoken(time, "sentence", report)) is not None:
            return found
    return None


def _dates_a_publishing(text: str, time: TimeExpression, low: int, cue: Span | None) -> bool:
    """Whether a time dates when a recording came out, not when its words were said: "the audio, published this
    morning by Harbour Watch, appears to capture a woman telling …" (unless the publishing is the cue: "posted
    on Monday: '…'"; a statement released on Monday was said then)."""
    published = _PUBLISHED.search(text, max(low, time.start - 40), time.start)
    if published is None or (cue is not None and cue.start <= published.start() < cue.end):
        return False
    # what came out is a recording ("the audio, published …"); a statement released is one said then
    return _RECORDING_WORD.search(text, max(low, published.start() - 60), published.start()) is not None


def _introduction(text: str, quote: Quote, times: Sequence[TimeExpression], starts: list[int],
                  sentences: Sentences, narration: _Narration, report: date | None) -> Spoken | None:
    """A quote set off by a colon takes the time of the sentence that introduces it ("on Monday, he said:")."""
    window = max(0, quote.start - 300)
    before = text[window:quote.start].rstrip(" \n\"“‘'")
    if not before.endswith(":"):
        return None
    colon = window + len(before) - 1
    low, _ = sentences.around(colon)
    nearby = times[bisect.bisect_left(starts, low):bisect.bisect_left(starts, colon)]
    candidates = [t for t in nearby if narration(t) and t.type in ("DATE", "TIME")
                  and not _dates_a_publishing(text, t, low, quote.cue) and not _recounted(text, t, low)]
    return _spoken(candidates[-1], "introduction", report) if candidates else None


def _recounted(text: str, time: TimeExpression, low: int) -> bool:
    """Whether a time dates what the speaker recounts, not the telling: "Recounting their first meeting, during
    rehearsals in 1977, she said: …"."""
    return _RECOUNTING.search(text, low, time.start) is not None


_RECOUNTING = re.compile(r"\b(?:[Rr]ecounting|[Rr]ecalling|[Rr]emembering|[Dd]escribing|[Ll]ooking\s+back\s+(?:at|on))"
                         r"\b")


def _continuation(text: str, quote: Quote, previous: Quote | None, out: dict[str, Spoken]) -> Spoken | None:
    """The quote goes on from the one before (``previous``, the top-level quote before it): a new
    paragraph of it, or the same speaker "added"."""
    if previous is None:
        return None
    known = out.get(previous.id)
    if known is None or known.how == "report" or previous.end > quote.start:
        return None
    gap = text[previous.end:quote.start]
    same_speaker = quote.speaker is not None and previous.speaker is not None and (
        quote.speaker.name == previous.speaker.name)
    if (quote.cue is None and _ONLY_MARKS.fullmatch(gap)) or (same_speaker and len(gap) <= 80):
        return Spoken(known.day, known.time, "continuation")
    return None


def _occasion(text: str, quote: Quote, times: Sequence[TimeExpression], starts: list[int], sentences: Sentences,
              narration: _Narration, report: date | None) -> Spoken | None:
    """The day of the occasion the sentence just before shows the speaker speaking at: "Peskov addressed
    the recording on Thursday. 'There were no talks,' he said." The speaker must be the one named there
    (or a pronoun standing for them), and the sentence must name one day, in its narration."""
    if quote.cue is None:
        return None
    low, _ = sentences.around(min(quote.start, quote.cue.start))
    if low == 0:
        return None
    before_low, before_high = sentences.around(low - 1)
    if before_low >= low or not _OCCASION.search(text, before_low, before_high):
        return None
    if not _same_speaker(text[before_low:before_high], quote):
        return None
    nearby = times[bisect.bisect_left(starts, before_low):bisect.bisect_left(starts, before_high)]
    days = {t.value[:10]: t for t in nearby if narration(t) and t.type in ("DATE", "TIME") and t.signal is None
            and _DAY.match(t.value)}
    return _spoken(next(iter(days.values())), "occasion", report) if len(days) == 1 else None


def _lead_occasion(text: str, times: Sequence[TimeExpression], sentences: Sentences,
                   report: date | None) -> Spoken | None:
    """The day of the occasion a story's lead reports ("clashed in a heated Commons exchange on Thursday", "told a
    jury on Tuesday"): the first date to the day near the top right after the sitting, hearing or debate it
    dates (not "on trial for the blaze on 3 June 2023")."""
    for time in times:
        if time.start > _LEAD_REACH:
            break
        if time.type not in ("DATE", "TIME") or not _DAY.match(time.value):
            continue
        low, _ = sentences.around(time.start)
        sitting = _SITTING_BEFORE.search(text, max(low, time.start - 60), time.start)
        if sitting is not None:  # "a heated Commons exchange on Thursday", "told a jury on Tuesday"
            return _spoken(time, "occasion", report)
    return None


def _at_the_lead_occasion(text: str, quote: Quote, sentences: Sentences, lead: Spoken | None) -> Spoken | None:
    """A quote said to the room of the lead's occasion ("told MPs", "Responding, …", "told the jury") was said
    that day, unless its sentence dates it otherwise (checked before)."""
    if lead is None or quote.cue is None:
        return None
    low, high = sentences.around(quote.cue.start)
    return lead if _TO_THE_ROOM.search(_outside(text, quote, low, high)) else None


_LEAD_REACH = 1200  # characters from the top where the lead is
# a sitting right before the date that dates it: "exchange on", "told a jury on", "the hearing late on"
_SITTING_BEFORE = re.compile(r"\b(?:debate|exchange|hearing|session|sitting|inquiry|question\s+time|questions|"
                             r"committee|tribunal|jury|Commons|Senate|parliament|assembly|council\s+meeting)"
                             r"(?:\s+(?:late|early|on|at|in|during|this|last))*\s*$", re.IGNORECASE)
_TO_THE_ROOM = re.compile(r"\b(?:told|telling|tells)\s+(?:the\s+)?(?:MPs|MSPs|TDs|peers|senators|councillors|"
                          r"delegates|lawmakers|legislators|House|Commons|chamber|court|jury|jurors|committee|hearing|"
                          r"inquiry|tribunal|assembly|panel)\b|\bResponding\b|\b(?:replied|interjected|retorted|"
                          r"shot\s+back|hit\s+back)\b|\b(?:in|during)\s+the\s+(?:debate|exchange|hearing|session)\b")


def _same_speaker(sentence: str, quote: Quote) -> bool:
    """Is the quote's speaker the one a sentence names: their surname is in it, or the quote's source is
    a pronoun (it stands for the person just named)?"""
    if quote.source is not None and quote.source.text.lower() in _PRONOUNS:
        return True
    names = [quote.speaker.name if quote.speaker else None, quote.source.text if quote.source else None]
    surnames = {name.split()[-1] for name in names if name and name.split() and name[0].isupper()}
    return any(re.search(rf"\b{re.escape(surname)}\b", sentence) for surname in surnames)


def _dated_media(text: str, times: Sequence[TimeExpression], sentences: Sentences) -> list[tuple[bool, TimeExpression]]:
    """(is a recording, the time) for each recording or statement the text dates, to the day or month (a
    month anchors nothing, but keeps the publication date from being taken for the day it was said)."""
    media = []
    for time in times:
        if time.type not in ("DATE", "TIME") or not _DATED.match(time.value):
            continue
        low, _ = sentences.around(time.start)
        cut = time.signal.start if time.signal else time.start
        if (active := _ACTIVE.search(text, low, cut)) is not None:
            media.append((bool(_RECORDING_WORD.fullmatch(active.group("noun"))), time))
        elif (passive := _MADE.search(text, low, cut)) is not None:
            earlier, _ = sentences.around(max(0, low - 2))
            nouns = list(_MEDIUM.finditer(text, earlier, passive.start()))
            if nouns:
                media.append((bool(_RECORDING_WORD.fullmatch(nouns[-1].group(0))), time))
    return media


def _medium(text: str, quote: Quote, sentences: Sentences, media: list[tuple[bool, TimeExpression]],
            report: date | None) -> Spoken | None:
    """A quote said in a dated recording or statement: "says on the tape", "the voicemail ... opens:".

    The cue's medium, or its sentence ("he said in the recording", "the statement said"); a pronoun
    speaking just after the sentence that dates one ("it said"); a cue in the present tense, or none, as a
    recording is described ("Kolberg says", "the voicemail opens:"), may take it from the sentence before.
    """
    # (a date in the quote's own words never dates it: "which the Courier said was made at a dinner last June")
    media = [(r, t) for r, t in media if not any(start <= t.start < end for start, end in quote.content.spans)]
    if not media:
        return None
    if named := _MEDIUM.search(quote.channel_words):
        return _pick(media, named.group(0), report)
    low, _ = sentences.around(quote.start)
    earlier, _ = sentences.around(max(0, low - 2))
    context = ""
    if quote.cue is not None:
        cue_low, cue_high = sentences.around(quote.cue.start)
        context = _outside(text, quote, cue_low, cue_high)
        if not _PRESENT_CUE.match(quote.cue.text):
            if said_in := _SAID_IN.search(context) or _NOUN_SAYS.search(context):
                return _pick(media, said_in.group("noun"), report)
            if quote.source is None or quote.source.text.lower() not in _PRONOUNS:
                return None
            # "The ministry issued a statement on Thursday. 'We will respond,' it said."
            just_before = [(r, t) for r, t in media if earlier <= t.start < low]
            return _spoken(just_before[0][1], "medium", report) if len(just_before) == 1 else None
    context += " " + _outside(text, quote, earlier, quote.start)
    named = _MEDIUM.search(context)
    return _pick(media, named.group(0), report) if named else None


def _pick(media: list[tuple[bool, TimeExpression]], noun: str, report: date | None) -> Spoken | None:
    """The one dated medium of the noun's kind; none when the text dates several (which one is unclear)."""
    recording = bool(_RECORDING_WORD.fullmatch(noun))
    matching = {time.start: time for is_recording, time in media if is_recording == recording}
    return _spoken(next(iter(matching.values())), "medium", report) if len(matching) == 1 else None


def _outside(text: str, quote: Quote, low: int, high: int) -> str:
    """The text of [low, high) with the quote's own words blanked out."""
    chars = list(text[low:high])
    for start, end in quote.content.spans:
        for index in range(max(start, low), min(end, high)):
            chars[index - low] = " "
    return "".join(chars)
