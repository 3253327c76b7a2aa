"""Each printed quote located in the transcript, word by word, with a verdict.

A story quoting a leaked recording can be checked against it: where (in seconds) the printed words were
said, which of them were heard as printed, and how the printing differs. The search is a sliding window
over the transcript's words (case, punctuation and simple suffixes folded), scored by the longest common
subsequence with the printed words; the chosen span is then compared with ``links.variants.compare_quotes``,
the same aligner and edit types used for two printings of one quote, so "altered" means the same thing
for a recording as for an article.

Whisper makes mistakes, and an ASR mistake must not be called a misquote: a heard word spelled nearly as
printed ("concern" for "concerned") counts as the printed word, and a word heard the same but with a low
probability is marked ASR-uncertain. Given the recording, every other disagreement is listened to again
by pocketsphinx (``veracity.audio.recheck``): a printed word the audio supports is an ASR error
("asr_uncertain"), one it does not support stays "different". Without the recording, or where the
re-check cannot decide, the disagreement is shown as "different", with whisper's probability beside it.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

import numpy as np
from rapidfuzz.distance import Indel, LCSseq, Levenshtein

from veracity.audio.decode import SAMPLE_RATE
from veracity.audio.numbers import spellings
from veracity.audio.recheck import Disagreement, Recheck, engine_name, read_span, recheck
from veracity.audio.transcribe import Word
from veracity.links.variants import CENSORED, GAP_MARKS, QUALIFIERS, Edit, QuoteComparison, compare_quotes, words
from veracity.links.variants import Word as TextWord
from veracity.model import Quote

WordStatus = Literal["exact", "asr_uncertain", "different", "omitted", "inserted", "censored", "in_gap"]
QuoteVerdict = Literal["verbatim", "faithful", "altered", "not_found", "not_checked"]

# whisper's word probability is the mean of its tokens' probabilities. Below one half the model preferred
# another reading about as often as this one; on the fixture clip clean words score 0.92-1.0 and the
# clipped last word ("concerned", cut at 4.3 s) 0.46.
UNCERTAIN_PROBABILITY = 0.5
# Two words of four letters or more this close in spelling (normalised Levenshtein) are one word misheard.
NEAR_SPELLING = 0.8
# A printed "…" or "[inaudible]" stands for at most this many heard words.
MAX_GAP_WORDS = 8
# A quote is found when at least this share of its printed words is heard, in order, in one span (and at
# least two words, unless the quote is one word). A quote that was never said shares only its function
# words ("the", "in", "we") with the recording, well under half in the tests and the examples.
FOUND_SHARE = 0.6
MEANING_SHARE = FOUND_SHARE  # of its words that are not "the", "of", "in" … or numbers; near spellings count
QUALIFIER_REACH = 8  # heard words of a cut qualifier's clause compared with the printing (enough to show it)
# Locating a printing in a long recording: a heard word inside the span that the printing does not share
# costs this much against each shared word, so a span does not stretch into the sentence before for one
# "the" (an unmarked elision of a few words still costs less than the words after it bring).
STRAY_COST = 0.5
MAX_TRIM = 12  # candidate first and last words tried on each side
# Snapping a found span to the sound: 10 ms frames, "sound" within 35 dB of the span's loudest frame; an end is
# moved past whisper's only to where the sound fades within SNAP_REACH (a quote cut mid-sentence is followed at
# once by the next word, and then whisper's end stands).
SNAP_FRAME_SECONDS = 0.01
SNAP_DB = 35.0
SNAP_REACH = 0.8
SNAP_FADE_FRAMES = 10  # 0.1 s of quiet after the last word: it has ended
SNAP_SEARCH_FRAMES = 100  # the start is looked for within a second of whisper's
SNAP_PAUSE_FRAMES = 25  # 0.25 s of quiet: the sound before it is another word's
PAUSE_COST = 2.0  # a span reaching across a pause for one or two words of the sentence before or after loses
SENTENCE_PAUSE = 0.5  # seconds of silence between heard words that a quote's unmatched edge words do not cross
FUNCTION_WORDS = frozenset("a an the of to in on at by for from with and or but as is was be it that this".split())
GAP_KEYS = GAP_MARKS
_QUOTED = re.compile(r"[\"“”«»„]([^\"“”«»„]+)[\"“”«»„]")
_NUMBERS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
            "sixteen seventeen eighteen nineteen twenty").split()
_TENS = {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_WORD_TO_DIGITS = {**{name: str(n) for n, name in enumerate(_NUMBERS)}, **{k: str(v) for k, v in _TENS.items()}}
# what a reader is told for each edit type that makes a printing a misquote
_HOW = {"substitution": "words changed", "insertion": "words added", "reordering": "order changed",
        "unmarked_elision": "unmarked elision", "truncation": "cut before a qualifier"}


@dataclass(frozen=True)
class AlignedWord:
    """One printed word beside the heard word it was matched to (times in seconds of the recording)."""

    status: WordStatus
    printed: str | None
    heard: str | None
    start: float | None = None
    end: float | None = None
    probability: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"status": self.status, "printed": self.printed, "heard": self.heard, "start": self.start,
                "end": self.end, "probability": self.probability}


@dataclass
class QuoteCheck:
    """A printed quote against the recording: where it was said, word by word, and a verdict."""

    printed: str
    kind: str
    speaker: str | None
    verdict: QuoteVerdict
    how: list[str] = field(default_factory=list)  # why "altered": words changed, negation lost …
    start: float | None = None
    end: float | None = None
    heard: str = ""
    matched_share: float = 0.0
    words: list[AlignedWord] = field(default_factory=list)
    edits: list[Edit] = field(default_factory=list)
    asr_doubt: bool = False  # a differing heard word had a low probability: re-check against the audio
    quote_id: str | None = None
    recheck: Recheck | None = None  # the second listening, where the recording was given


    def to_dict(self) -> dict[str, Any]:
        return {"quote_id": self.quote_id, "printed": self.printed, "kind": self.kind, "speaker": self.speaker,
                "verdict": self.verdict, "how": self.how, "start": self.start, "end": self.end,
                "heard": self.heard, "matched_share": round(self.matched_share, 3), "asr_doubt": self.asr_doubt,
                "recheck": self.recheck.to_dict() if self.recheck is not None else None,
                "edits": [{"type": e.type, "heard": e.original, "printed": e.printed, "detail": e.detail}
                          for e in self.edits],
                "words": [word.to_dict() for word in self.words]}


def check_article_quotes(quotes: list[Quote], heard: list[Word], audio: str | Path | None = None,
                         text: str | None = None) -> list[QuoteCheck]:
    """Every quote of an analysed article (``Document.quotes``) against the transcript's words.

    Direct quotes are checked whole; mixed and partial quotes by the words inside their quotation marks;
    an indirect quote is a paraphrase and is listed as not checked, so it is not taken for a match.
    With ``audio`` (the recording the transcript came from) disagreements are re-checked against it.
    ``text`` is the article's cleaned text: a mixed quote's content often stops inside its quotation marks
    ("If you cross that line," Halvorsen said he told the minister), so the marks are looked for there.
    """
    checks = []
    for quote in quotes:
        speaker = quote.speaker.name if quote.speaker is not None else None
        if quote.kind == "indirect":
            checks.append(QuoteCheck(quote.content.text, quote.kind, speaker, "not_checked",
                                     how=["paraphrase, not checked"], quote_id=quote.id))
            continue
        for fragment in printed_fragments(_with_marks(quote, text), quote.kind):
            check = check_quote(fragment, heard, audio)
            check.kind, check.speaker, check.quote_id = quote.kind, speaker, quote.id
            checks.append(check)
    return checks


def _with_marks(quote: Quote, text: str | None) -> str:
    """The quote's printed stretch with the quotation marks just outside its content spans, when the article's
    text is at hand (a mixed quote's own text may hold its words but not their marks)."""
    if text is None or quote.kind == "direct":
        return quote.content.text
    start, end = quote.start, quote.end
    while start > 0 and text[start - 1] in " \t":
        start -= 1
    return text[max(start - 1, 0):min(end + 2, len(text))]


def printed_fragments(text: str, kind: str) -> list[str]:
    """The words printed as said: a direct quote whole, else each stretch inside quotation marks."""
    if kind == "direct":
        return [text.strip().strip("\"“”«»„").strip()]
    fragments = [m.group(1).strip() for m in _QUOTED.finditer(text)]
    return [f for f in fragments if words(f)] or [text]


def check_quote(printed: str, heard: list[Word], audio: str | Path | None = None) -> QuoteCheck:
    """Locate ``printed`` among the ``heard`` words and compare it with what was said there (and, given the
    recording, re-check each disagreement against its audio)."""
    tokens = [w.key for w in words(printed)]
    content = [k for k in tokens if k not in GAP_KEYS and not CENSORED.match(k)]
    span, matched = _best_span(tokens, heard, audio)
    share = matched / len(content) if content else 0.0
    if span is None or share < FOUND_SHARE or matched < min(2, len(content)) \
            or not _carries_meaning(content, heard[span[0]:span[1]]):
        return QuoteCheck(printed, "direct", None, "not_found", matched_share=share)
    first, last = span
    check = _compare(printed, heard[first:_through_cut_qualifier(heard, last)], share, audio)
    check.end = heard[last - 1].end  # a cut qualifier's clause is compared with the printing, not quoted in it
    if audio is not None and check.start is not None:
        check.start, check.end = snap_to_speech(audio, check.start, check.end, first_word_end=heard[first].end)
    return check


def _carries_meaning(content: list[str], said: list[Word]) -> bool:
    """Whether the span shares enough of the printing's meaningful words, not only its "the", "of" and "in":
    in an hour of talk on one subject most sentences share those with some stretch."""
    meaningful = [_search_key(k) for k in content  # numbers may be heard in digits: not counted here
                  if k not in FUNCTION_WORDS and k not in _WORD_TO_DIGITS and not any(c.isdigit() for c in k)]
    if len(meaningful) < 3:
        return True
    keys = set(_heard_keys(said, set(content))[0])
    shared = sum(1 for key in meaningful if key in keys or any(_near(key, heard) for heard in keys))
    return shared / len(meaningful) >= MEANING_SHARE


def _near(printed: str, heard: str) -> bool:
    """Spelled nearly the same (Strasburg / Strasbourg, Lubeck / Lubek): names are heard in another spelling."""
    return min(len(printed), len(heard)) >= 4 and Levenshtein.normalized_similarity(printed, heard) >= NEAR_SPELLING


def snap_to_speech(audio: str | Path, start: float, end: float,
                   first_word_end: float | None = None) -> tuple[float, float]:
    """Whisper often starts a word where the word before it ended, pause included, and ends a span a little
    early: move the start to where the sound begins and the end to where it fades (within ``SNAP_REACH``).
    The start is looked for up to the first word's end when given (a word holding a pause can be a second
    long), else within ``SNAP_SEARCH_FRAMES``."""
    origin = max(start - SNAP_FRAME_SECONDS, 0.0)
    samples = read_span(audio, origin, end + SNAP_REACH)
    frame = int(SNAP_FRAME_SECONDS * SAMPLE_RATE)
    if len(samples) < frame * 3:
        return start, end
    frames = samples[: len(samples) // frame * frame].reshape(-1, frame)
    level = 10 * np.log10((frames**2).mean(axis=1) + 1e-12)
    loud = level > level.max() - SNAP_DB
    first_frame = int((start - origin) / SNAP_FRAME_SECONDS)
    last_frame = min(int((end - origin) / SNAP_FRAME_SECONDS), len(loud) - 1)
    search = SNAP_SEARCH_FRAMES if first_word_end is None else int((first_word_end - origin) / SNAP_FRAME_SECONDS)
    onset = _after_last_pause(loud, first_frame, min(max(search, first_frame + 1), last_frame))
    fade = last_frame
    while fade > onset and not loud[fade]:  # whisper's end may hold the pause after the last word
        fade -= 1
    pause = _first_pause(loud, fade + 1)
    if pause is not None:  # the sound fades within reach: the last word ends there (else the next word runs on)
        fade = pause - 1
    return round(origin + onset * SNAP_FRAME_SECONDS, 2), round(origin + (fade + 1) * SNAP_FRAME_SECONDS, 2)


def _through_cut_qualifier(heard: list[Word], last: int) -> int:
    """Where a printing stops right before a qualifier the speaker went on to say ("we will hit them hard" |
    "unless they stop"), the qualifier's clause joins the compared span, so variants names the cut; not
    where the heard sentence ended there."""
    if last >= len(heard) or heard[last].text.strip(".,;:!?\"'").lower() not in QUALIFIERS:
        return last
    if last > 0 and heard[last - 1].text.rstrip("\"'”’").endswith((".", "?", "!")):
        return last  # the printing ended where a sentence did: "But …" opens the next one
    end = last + 1
    while end < len(heard) and end - last < QUALIFIER_REACH and not heard[end - 1].text.endswith((".", "?", "!")):
        end += 1
    return end


def _compare(printed: str, said: list[Word], share: float, audio: str | Path | None = None) -> QuoteCheck:
    """Align printed with heard words twice: once for the per-word view, then with ASR near-misses, number
    spellings and (given the audio) disagreements the audio decides for the printing counted as the printed
    words, so the verdict rests on real differences only."""
    printed_keys = {w.key for w in words(printed)}
    heard_text, offsets = _heard_text([_as_printed_number(w.text, printed_keys) for w in said])
    first_pass = compare_quotes(heard_text, printed)
    rows = _rows(first_pass, said, offsets, heard_text, printed)
    corrected = [_as_printed_number(w.text, printed_keys) for w in said]
    for row, index in rows:
        if row.status == "asr_uncertain" and index is not None and row.printed is not None:
            corrected[index] = row.printed
    summary = None
    if audio is not None:
        rows, corrected, summary = _recheck(rows, said, corrected, audio)
    comparison = compare_quotes(" ".join(corrected), printed)
    edits = [_censoring(edit) for edit in comparison.edits]
    aligned = [row for row, _ in rows]
    check = QuoteCheck(printed, "direct", None, _verdict(comparison, edits), how=_how(edits),
                       start=said[0].start, end=said[-1].end, heard=" ".join(w.text for w in said),
                       matched_share=share, words=aligned, edits=edits, recheck=summary)
    check.asr_doubt = any(r.status == "different" and (r.probability or 1.0) < UNCERTAIN_PROBABILITY
                          for r in aligned)
    return check


_DISAGREE = frozenset({"different", "inserted", "omitted"})


def _recheck(rows: list[tuple[AlignedWord, int | None]], said: list[Word], corrected: list[str],
             audio: str | Path) -> tuple[list[tuple[AlignedWord, int | None]], list[str], Recheck]:
    """Each run of disagreeing rows listened to again: where the audio fits the printed words, the rows
    become asr_uncertain and the printed words replace the heard ones for the verdict."""
    blocks = _disagreeing_blocks(rows)
    if not blocks:
        return rows, corrected, Recheck(ran=False, engine=engine_name(),
                                        note="nothing to re-check: every printed word was heard")
    spans = [_heard_range(rows, first, last) for first, last in blocks]
    items = [_disagreement(rows, said, first, last, span) for (first, last), span in zip(blocks, spans, strict=True)]
    choices, summary = recheck(audio, items)
    rows = list(rows)
    for (first, last), (lo, hi), choice, item in reversed(list(zip(blocks, spans, choices, items, strict=True))):
        if choice != "printed":
            continue
        for position in range(first, last):
            row, index = rows[position]
            rows[position] = (replace(row, status="asr_uncertain"), index)
        corrected[lo:hi] = item.printed
    return rows, corrected, summary


def _disagreeing_blocks(rows: list[tuple[AlignedWord, int | None]]) -> list[tuple[int, int]]:
    """[first, last) row ranges of consecutive different/inserted/omitted rows."""
    blocks: list[tuple[int, int]] = []
    for position, (row, _) in enumerate(rows):
        if row.status not in _DISAGREE:
            continue
        if blocks and blocks[-1][1] == position:
            blocks[-1] = (blocks[-1][0], position + 1)
        else:
            blocks.append((position, position + 1))
    return blocks


def _heard_range(rows: list[tuple[AlignedWord, int | None]], first: int, last: int) -> tuple[int, int]:
    """The heard words [lo, hi) a block covers; an empty range where the block is printed words only."""
    inside = [index for _, index in rows[first:last] if index is not None]
    if inside:
        return min(inside), max(inside) + 1
    earlier = [index for _, index in rows[:first] if index is not None]
    at = max(earlier) + 1 if earlier else 0
    return at, at


def _disagreement(rows: list[tuple[AlignedWord, int | None]], said: list[Word], first: int, last: int,
                  span: tuple[int, int]) -> Disagreement:
    lo, hi = span
    printed = [row.printed for row, _ in rows[first:last] if row.printed is not None]
    if lo < hi:
        start, end = said[lo].start, said[hi - 1].end
    else:  # printed words only: the pause between the heard words around them
        start = said[lo - 1].end if lo > 0 else said[0].start
        end = said[lo].start if lo < len(said) else said[-1].end
    return Disagreement(printed=printed, heard=[w.text for w in said[lo:hi]], before=said[max(lo - 2, 0):lo],
                        after=said[hi:hi + 2], start=start, end=max(end, start))


def _verdict(comparison: QuoteComparison, edits: list[Edit]) -> QuoteVerdict:
    """variants' verdict over our edits (censoring re-typed): verbatim, faithful or altered."""
    return replace(comparison, edits=edits).verdict


def _how(edits: list[Edit]) -> list[str]:
    how = []
    for edit in edits:
        if edit.type == "changed_meaning":
            reason = edit.detail.split(":")[0]  # "negation lost", "number changed" …
        elif edit.type == "truncation" and not edit.detail.startswith("cut before"):
            continue
        else:
            reason = _HOW.get(edit.type, "")
        if reason and reason not in how:
            how.append(reason)
    return how


def _censoring(edit: Edit) -> Edit:
    """A censored printed word stands for any one heard word, whatever its first letter."""
    printed = edit.printed.split()
    if edit.type == "substitution" and printed and len(printed) == len(edit.original.split()) and all(
        CENSORED.match(w.lower()) for w in printed
    ):
        return replace(edit, type="censoring")
    return edit


# --- the search ---------------------------------------------------------------------------------------

def _stem(key: str) -> str:
    """A crude English stem, so "concern" heard for "concerned" still anchors the search."""
    for suffix in ("ing", "ed", "es", "s"):
        if key.endswith(suffix) and len(key) - len(suffix) >= 3:
            return key[: -len(suffix)]
    return key


def _search_key(key: str) -> str:
    return _stem(_WORD_TO_DIGITS.get(key, key))


def _heard_keys(heard: list[Word], printed_keys: frozenset[str] | set[str] = frozenset()
                ) -> tuple[list[str], list[int]]:
    """The transcript as search keys, with the heard word each key came from (a contraction gives two; a
    number heard in digits gives the words it is printed in, "1455" the three of "fourteen fifty-five")."""
    keys, owners = [], []
    for index, word in enumerate(heard):
        for token in words(_as_printed_number(word.text, printed_keys) if printed_keys else word.text):
            keys.append(_search_key(token.key))
            owners.append(index)
    return keys, owners


def _best_span(tokens: list[str], heard: list[Word],
               audio: str | Path | None = None) -> tuple[tuple[int, int] | None, int]:
    """The heard words [first, last) that share most printed words in order, and how many they share."""
    printed = [_search_key(k) for k in tokens if k not in GAP_KEYS and not CENSORED.match(k)]
    keys, owners = _heard_keys(heard, set(tokens))
    if not printed or not keys:
        return None, 0
    gaps = sum(k in GAP_KEYS for k in tokens)
    width = len(tokens) + gaps * MAX_GAP_WORDS + len(tokens) // 2 + 2
    wanted = set(printed)
    best, best_start = 0, 0
    for start in (i for i, key in enumerate(keys) if key in wanted):
        score = LCSseq.similarity(printed, keys[start : start + width], score_cutoff=best + 1)
        if score > best:
            best, best_start = score, start
    if best == 0:
        return None, 0
    window = keys[best_start : best_start + width]
    matched = [op for op in Indel.opcodes(printed, window) if op.tag == "equal"]
    first, last = best_start + matched[0].dest_start, best_start + matched[-1].dest_end
    censored = sum(1 for k in tokens if CENSORED.match(k))
    pauses = _pauses(heard, owners, first, last, audio)
    first, last = _tightest(printed, keys, first, last, allowance=gaps * MAX_GAP_WORDS + censored, pauses=pauses,
                           marked=gaps + censored)
    matched = [op for op in Indel.opcodes(printed, keys[first:last]) if op.tag == "equal"]
    if not matched:
        return None, 0
    missing = Counter(printed) - Counter(keys[first:last])
    tightest = first, last
    first, last = _take_moved_words(keys, first, last, missing, reach=len(tokens))
    # Printed words before the first match or after the last may be heard differently: take as many
    # heard words on each side, so they show as "different" rather than vanish from the comparison.
    before = sum(1 for k in tokens[: _printed_index(tokens, matched[0].src_start)] if k not in GAP_KEYS)
    after = sum(1 for k in tokens[_printed_index(tokens, matched[-1].src_end) :] if k not in GAP_KEYS)
    if (first, last) != tightest:
        before = after = 0  # the missing words were found nearby, in another order
    shared = sum((Counter(printed) & Counter(keys[first:last])).values())
    return (_reach_back(heard, owners[first], before), _reach_on(heard, owners[last - 1] + 1, after)), shared


def _pauses(heard: list[Word], owners: list[int], first: int, last: int, audio: str | Path | None) -> list[bool]:
    """Whether a pause of over ``SENTENCE_PAUSE`` comes before each search key: a gap between whisper's word
    times or, given the audio, that long a quiet stretch ending before the word's end, looked for in
    [first, last) only. Whisper often stretches a sentence's first word back over the pause before it, so its
    times alone hide where one sentence ended and the next began."""
    pauses = [k > 0 and owners[k] != owners[k - 1]
              and heard[owners[k]].start - heard[owners[k - 1]].end > SENTENCE_PAUSE for k in range(len(owners))]
    if audio is None or last - first < 2:
        return pauses
    origin, frame = heard[owners[first]].start, int(SNAP_FRAME_SECONDS * SAMPLE_RATE)
    samples = read_span(audio, origin, heard[owners[last - 1]].end)
    frames = samples[: len(samples) // frame * frame].reshape(-1, frame)
    if len(frames) == 0:
        return pauses
    level = 10 * np.log10((frames**2).mean(axis=1) + 1e-12)
    quiet = np.concatenate([[False], level < level.max() - SNAP_DB, [False]])
    edges = np.flatnonzero(np.diff(quiet.astype(np.int8)))
    runs = [(origin + a * SNAP_FRAME_SECONDS, origin + b * SNAP_FRAME_SECONDS)
            for a, b in zip(edges[::2], edges[1::2], strict=True) if (b - a) * SNAP_FRAME_SECONDS > SENTENCE_PAUSE]
    # each quiet stretch comes before the first word still sounding after it (whisper may have started that
    # word inside the stretch, or ended the word before there)
    keys_of = {owners[k]: k for k in range(last - 1, first, -1) if owners[k] != owners[k - 1]}
    ends = [heard[owners[k]].end for k in range(first, last)]
    for _, quiet_end in runs:
        k = first + bisect.bisect_right(ends, quiet_end)
        if k < last and owners[k] in keys_of:
            pauses[keys_of[owners[k]]] = True
    return pauses


def _reach_back(heard: list[Word], first: int, count: int) -> int:
    """Up to ``count`` heard words before ``first``, not across a pause: the sentence before is not the quote's."""
    while count > 0 and first > 0 and heard[first].start - heard[first - 1].end <= SENTENCE_PAUSE:
        first, count = first - 1, count - 1
    return first


def _reach_on(heard: list[Word], end: int, count: int) -> int:
    """Up to ``count`` heard words from ``end`` on, not across a pause."""
    while count > 0 and end < len(heard) and heard[end].start - heard[end - 1].end <= SENTENCE_PAUSE:
        end, count = end + 1, count - 1
    return end


def _first_pause(loud: np.ndarray, start: int) -> int | None:
    """The first frame from ``start`` on that begins ``SNAP_FADE_FRAMES`` quiet frames (or the quiet end)."""
    for index in range(start, len(loud)):
        if not loud[index:index + SNAP_FADE_FRAMES].any():
            return index
    return None


def _after_last_pause(loud: np.ndarray, first: int, limit: int) -> int:
    """The first sounding frame from ``first`` on, or, when a pause (``SNAP_PAUSE_FRAMES`` quiet frames) comes
    before ``limit``, the first after the last such pause: what sounds before it is the word before."""
    onset, quiet = None, 0
    for index in range(first, max(limit, first + 1)):
        if not loud[index]:
            quiet += 1
            continue
        if onset is None or quiet >= SNAP_PAUSE_FRAMES:
            onset = index
        quiet = 0
    return first if onset is None else onset


def _tightest(printed: list[str], keys: list[str], first: int, last: int, allowance: int = 0,
              pauses: list[bool] | None = None, marked: int = 0) -> tuple[int, int]:
    """Of the spans inside [first, last) that start and end on a printed word, the one whose shared words
    minus ``STRAY_COST`` per heard word beyond the printing's length (a misheard word stands for a printed
    one; more than that were not printed) scores best: in a long recording the window's first
    "the" may belong to the sentence before, and a printing does not reach into its neighbours for one word.
    ``allowance``: heard words the printing marks as left out ("…", a censored word) cost nothing.
    ``pauses[k]``: a pause of over ``SENTENCE_PAUSE`` before key k; each inside the span costs ``PAUSE_COST``.
    ``marked``: the printing's gaps and censored words, each standing for at least one heard word the span
    must hold besides the shared ones. Of spans scoring the same, the one sharing more printed words wins,
    then the tighter: a pause may cost as much as the words beyond it bring."""
    pause_before = pauses or [False] * len(keys)
    wanted = set(printed)
    starts = [i for i in range(first, last) if keys[i] in wanted][:MAX_TRIM + 1]
    ends = [i + 1 for i in range(last - 1, first - 1, -1) if keys[i] in wanted][:MAX_TRIM + 1]
    best, best_score = (first, last), (float("-inf"), 0, 0)
    for start in starts:
        for end in ends:
            if end <= start:
                continue
            shared = LCSseq.similarity(printed, keys[start:end])
            crossed = sum(pause_before[start + 1:end])
            extra = end - start - len(printed) - allowance  # heard words beyond one per printed word
            unheld = max(marked - (end - start - shared), 0)  # a "…" standing for no word is not that span's
            score = (shared - STRAY_COST * (max(extra, 0) + unheld) - PAUSE_COST * crossed, shared, start - end)
            if score > best_score:
                best, best_score = (start, end), score
    return best


def _take_moved_words(keys: list[str], first: int, last: int, missing: Counter[str], reach: int) -> tuple[int, int]:
    """Widen [first, last) to printed words heard just before or after it: a quote printed in another
    order than it was said must be compared with all of what was said, or the move goes unseen. Only
    words that carry meaning are followed: a missing "the" or "of" is in every neighbouring sentence."""
    for index in range(max(first - reach, 0), first):
        if missing[keys[index]] > 0 and keys[index] not in FUNCTION_WORDS:
            first = index
            break
    for index in range(min(last + reach, len(keys)) - 1, last - 1, -1):
        if missing[keys[index]] > 0 and keys[index] not in FUNCTION_WORDS:
            last = index + 1
            break
    return first, last


def _printed_index(tokens: list[str], content_index: int) -> int:
    """The position in ``tokens`` of the ``content_index``-th searchable token (gaps and censoring skipped)."""
    seen = 0
    for position, key in enumerate(tokens):
        if key in GAP_KEYS or CENSORED.match(key):
            continue
        if seen == content_index:
            return position
        seen += 1
    return len(tokens)


def _as_printed_number(text: str, printed_keys: frozenset[str] | set[str]) -> str:
    """A number heard in digits where the print has words ("10" and "ten", "1455" and "fourteen fifty-five"),
    or in words where the print has digits, is the same number: spell it as printed."""
    key = text.strip(".,;:!?").lower()
    if key in _WORD_TO_DIGITS and _WORD_TO_DIGITS[key] in printed_keys:
        return _WORD_TO_DIGITS[key]
    hidden = sum(1 for printed in printed_keys if CENSORED.match(printed))  # "f--- fifty-five" may hide "fourteen"
    for reading in spellings(key):  # "1455" heard, "fourteen fifty-five" printed; "15th" and "fifteenth"
        missing = sum(word not in printed_keys for word in reading)
        if missing == 0 or missing <= min(hidden, len(reading) - 1):
            return " ".join(reading)
    return text


def _heard_text(texts: list[str]) -> tuple[str, list[int]]:
    """The heard words joined by spaces, with each word's starting character offset."""
    offsets, position = [], 0
    for text in texts:
        offsets.append(position)
        position += len(text) + 1
    return " ".join(texts), offsets


# --- the per-word view --------------------------------------------------------------------------------

def _rows(comparison: QuoteComparison, said: list[Word], offsets: list[int], heard_text: str,
          printed: str) -> list[tuple[AlignedWord, int | None]]:
    """compare_quotes' side-by-side rows, with each heard word's times and a status for each row."""
    source = [w for w in words(heard_text) if w.key != "…"]
    target = words(printed)
    i = j = 0
    out: list[tuple[AlignedWord, int | None]] = []
    block: list[tuple[int | None, int | None]] = []
    for row in comparison.alignment:
        heard_index = bisect.bisect_right(offsets, source[i].start) - 1 if row.original is not None else None
        printed_index = j if row.printed is not None else None
        i += row.original is not None
        j += row.printed is not None
        if row.same and heard_index is not None and printed_index is not None:
            out += _pair_block(block, said, target)
            block = []
            word = said[heard_index]
            status: WordStatus = "asr_uncertain" if word.probability < UNCERTAIN_PROBABILITY else "exact"
            out.append((_aligned(status, target[printed_index].text, word), heard_index))
        else:
            block.append((heard_index, printed_index))
    return out + _pair_block(block, said, target)


def _pair_block(block: list[tuple[int | None, int | None]], said: list[Word],
                target: list[TextWord]) -> list[tuple[AlignedWord, int | None]]:
    """Pair the heard and printed words of one difference: a censored word takes one heard word, a gap
    up to MAX_GAP_WORDS, the rest pair in order (near spellings are ASR-uncertain); leftovers are
    omitted (said, not printed) or inserted (printed, not said)."""
    heard = [h for h, _ in block if h is not None]
    printed = [p for _, p in block if p is not None]
    # Only as many printed as heard words pair in order ("fees" for "taxes"); otherwise a printed word
    # pairs only with a near spelling, and the rest are shown as inserted and omitted.
    one_to_one = any(target[p].key in GAP_KEYS for p in printed) or len(printed) == len(heard)
    out: list[tuple[AlignedWord, int | None]] = []
    for p in printed:
        key = target[p].key
        if key in GAP_KEYS:
            taken, heard = heard[:MAX_GAP_WORDS], heard[MAX_GAP_WORDS:]
            out.append((AlignedWord("in_gap", target[p].text, None), None))
            out += [(_aligned("in_gap", None, said[h]), h) for h in taken]
        elif (h := _partner(key, heard, said, one_to_one)) is not None:
            out += [(_aligned("omitted", None, said[skipped]), skipped) for skipped in heard[: heard.index(h)]]
            heard = heard[heard.index(h) + 1 :]
            status: WordStatus = "censored" if CENSORED.match(key) else _near_or_different(key, said[h])
            out.append((_aligned(status, target[p].text, said[h]), h))
        else:
            out.append((AlignedWord("inserted", target[p].text, None), None))
    out += [(_aligned("omitted", None, said[h]), h) for h in heard]
    return out


def _partner(printed_key: str, heard: list[int], said: list[Word], one_to_one: bool) -> int | None:
    """The heard word a printed word stands for: any next one for a censored word, a near spelling,
    else the next one when the difference pairs word for word; None when it was not said."""
    if not heard:
        return None
    if CENSORED.match(printed_key):
        return heard[0]
    near = _closest(printed_key, heard, said)
    if near is not None:
        return near
    return heard[0] if one_to_one else None


def _closest(printed_key: str, heard: list[int], said: list[Word]) -> int | None:
    """The first heard word spelled nearly as the printed one, if any."""
    for h in heard:
        if _near_or_different(printed_key, said[h]) == "asr_uncertain":
            return h
    return None


def _near_or_different(printed_key: str, word: Word) -> WordStatus:
    heard = [w.key for w in words(word.text)]
    key = heard[0] if heard else ""
    if _stem(key) == _stem(printed_key):
        return "asr_uncertain"
    if min(len(key), len(printed_key)) >= 4 and Levenshtein.normalized_similarity(key, printed_key) >= NEAR_SPELLING:
        return "asr_uncertain"
    return "different"


def _aligned(status: WordStatus, printed: str | None, word: Word) -> AlignedWord:
    return AlignedWord(status, printed, word.text, word.start, word.end, word.probability)
