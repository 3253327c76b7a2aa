"""Where in a recording a printed quote was said: the span of heard words, and its times in the sound.

The search is a sliding window over the transcript's words (case, punctuation and simple suffixes folded;
numbers heard in digits read as the words the printing uses), scored by the longest common subsequence with
the printed words. In a long recording that window is then tightened: a stray heard word or a pause inside
the span costs, because a printing does not reach into the sentence before for a shared "the". Whisper's
word times absorb pauses, so given the recording the pauses are read from the sound, and the span's ends
are moved to where the sound begins and fades. ``quote_check`` compares what was said in the span.
"""

from __future__ import annotations

import bisect
from collections import Counter
from pathlib import Path

import numpy as np
from rapidfuzz.distance import Indel, LCSseq, Levenshtein

from veracity.audio.decode import SAMPLE_RATE
from veracity.audio.numbers import WORD_TO_DIGITS, as_printed
from veracity.audio.recheck import read_span
from veracity.audio.transcribe import Word
from veracity.text.compare import CENSORED, GAP_MARKS, words

# Two words of four letters or more this close in spelling (normalised Levenshtein) are one word misheard.
NEAR_SPELLING = 0.8
# A printed "…" or "[inaudible]" stands for at most this many heard words.
MAX_GAP_WORDS = 8
# A span must share this share of the printing's words that are not "the", "of", "in" … or numbers (near
# spellings count): in an hour of talk on one subject most sentences share the little words with some stretch.
MEANING_SHARE = 0.6
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
GAP_KEYS = GAP_MARKS  # "…", "[inaudible]" …


def carries_meaning(content: list[str], said: list[Word]) -> bool:
    """Whether the span shares enough of the printing's meaningful words, not only its "the", "of" and "in":
    in an hour of talk on one subject most sentences share those with some stretch."""
    meaningful = [_search_key(k) for k in content  # numbers may be heard in digits: not counted here
                  if k not in FUNCTION_WORDS and k not in WORD_TO_DIGITS and not any(c.isdigit() for c in k)]
    if len(meaningful) < 3:
        return True
    keys = set(_heard_keys(said, set(content))[0])
    shared = sum(1 for key in meaningful if key in keys or any(near_spelling(key, heard) for heard in keys))
    return shared / len(meaningful) >= MEANING_SHARE


def near_spelling(printed: str, heard: str) -> bool:
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


def stem(key: str) -> str:
    """A crude English stem, so "concern" heard for "concerned" still anchors the search."""
    for suffix in ("ing", "ed", "es", "s"):
        if key.endswith(suffix) and len(key) - len(suffix) >= 3:
            return key[: -len(suffix)]
    return key


def _search_key(key: str) -> str:
    return stem(WORD_TO_DIGITS.get(key, key))


def _heard_keys(heard: list[Word], printed_keys: frozenset[str] | set[str] = frozenset()
                ) -> tuple[list[str], list[int]]:
    """The transcript as search keys, with the heard word each key came from (a contraction gives two; a
    number heard in digits gives the words it is printed in, "1455" the three of "fourteen fifty-five")."""
    keys, owners = [], []
    for index, word in enumerate(heard):
        for token in words(as_printed(word.text, printed_keys) if printed_keys else word.text):
            keys.append(_search_key(token.key))
            owners.append(index)
    return keys, owners


def locate(tokens: list[str], heard: list[Word],
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
