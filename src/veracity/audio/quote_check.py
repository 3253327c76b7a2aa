"""Each printed quote located in the transcript, word by word, with a verdict.

A story quoting a leaked recording can be checked against it: where (in seconds) the printed words were
said, which of them were heard as printed, and how the printing differs. ``quote_location`` finds the span
of heard words; it is then compared with ``text.compare.compare_quotes``, the same aligner and edit types
used for two printings of one quote, so "altered" means the same thing for a recording as for an article.

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
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from veracity.audio.numbers import as_printed
from veracity.audio.quote_location import (
    GAP_KEYS,
    MAX_GAP_WORDS,
    carries_meaning,
    locate,
    near_spelling,
    snap_to_speech,
    stem,
)
from veracity.audio.recheck import Disagreement, Recheck, engine_name, recheck
from veracity.audio.transcribe import Word
from veracity.lang.en.negation import QUALIFIERS
from veracity.model import Quote
from veracity.text.compare import CENSORED, Edit, QuoteComparison, Token, compare_quotes, words

WordStatus = Literal["exact", "asr_uncertain", "different", "omitted", "inserted", "censored", "in_gap"]
QuoteVerdict = Literal["verbatim", "faithful", "altered", "not_found", "not_checked"]

# whisper's word probability is the mean of its tokens' probabilities. Below one half the model preferred
# another reading about as often as this one; on the fixture clip clean words score 0.92-1.0 and the
# clipped last word ("concerned", cut at 4.3 s) 0.46.
UNCERTAIN_PROBABILITY = 0.5
# A quote is found when at least this share of its printed words is heard, in order, in one span (and at
# least two words, unless the quote is one word). A quote that was never said shares only its function
# words ("the", "in", "we") with the recording, well under half in the tests and the examples.
FOUND_SHARE = 0.6
QUALIFIER_REACH = 8  # heard words of a cut qualifier's clause compared with the printing (enough to show it)
_QUOTED = re.compile(r"[\"“”«»„]([^\"“”«»„]+)[\"“”«»„]")
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
    span, matched = locate(tokens, heard, audio)
    share = matched / len(content) if content else 0.0
    if span is None or share < FOUND_SHARE or matched < min(2, len(content)) \
            or not carries_meaning(content, heard[span[0]:span[1]]):
        return QuoteCheck(printed, "direct", None, "not_found", matched_share=share)
    first, last = span
    check = _compare(printed, heard[first:_through_cut_qualifier(heard, last)], share, audio)
    check.end = heard[last - 1].end  # a cut qualifier's clause is compared with the printing, not quoted in it
    if audio is not None and check.start is not None:
        check.start, check.end = snap_to_speech(audio, check.start, check.end, first_word_end=heard[first].end)
    return check


def _through_cut_qualifier(heard: list[Word], last: int) -> int:
    """Where a printing stops right before a qualifier the speaker went on to say ("we will hit them hard" |
    "unless they stop"), the qualifier's clause joins the compared span, so text.compare names the cut; not
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
    heard_text, offsets = _heard_text([as_printed(w.text, printed_keys) for w in said])
    first_pass = compare_quotes(heard_text, printed)
    rows = _rows(first_pass, said, offsets, heard_text, printed)
    corrected = [as_printed(w.text, printed_keys) for w in said]
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
    """text.compare's verdict over our edits (censoring re-typed): verbatim, faithful or altered."""
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
                target: list[Token]) -> list[tuple[AlignedWord, int | None]]:
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
    if stem(key) == stem(printed_key):
        return "asr_uncertain"
    if near_spelling(printed_key, key):
        return "asr_uncertain"
    return "different"


def _aligned(status: WordStatus, printed: str | None, word: Word) -> AlignedWord:
    return AlignedWord(status, printed, word.text, word.start, word.end, word.probability)
