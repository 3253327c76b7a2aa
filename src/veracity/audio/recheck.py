"""Where whisper and the printed quote disagree, let a second recogniser listen to that stretch again.

Whisper mishears names, rare words and compounds, and such an ASR error must not be called a misquote.
For each disagreement (printed words that differ from, add to or leave out what whisper heard) the
audio of that stretch, with up to two agreed words either side as anchors, is decoded by pocketsphinx
under a grammar that allows exactly two readings: the printed words or whisper's words. Pocketsphinx's
acoustic model (its own, independent of whisper's) picks the reading the sound fits better; where one
reading only leaves words out, each is also aligned on its own and the answer stands only if the two
path scores agree with the grammar's pick. When it picks
the printed words, the printing is supported by the audio and the disagreement is put down to ASR
("asr_uncertain"); when it picks whisper's words, the change is real and stays "different". A word
pocketsphinx's dictionary lacks (many names, digits) cannot be put in a grammar, so that disagreement is
left unchecked, never resolved in the printing's favour.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import av
import av.error
import numpy as np

from veracity.audio.decode import SAMPLE_RATE, open_audio
from veracity.audio.transcribe import Word
from veracity.errors import AudioError

Choice = Literal["printed", "heard"]
ENGINE = "pocketsphinx {version} en-us, printed vs heard words aligned to the audio"
CONTEXT_WORDS = 2  # agreed heard words on each side, so the grammar is anchored in sound both sides agree on
MARGIN_SECONDS = 0.25  # whisper's word times are often a little early or late
MAX_SPAN_SECONDS = 20.0
# Spans in the first minute are decoded from the start (sample-exact, as whisper saw them); later ones seek,
# which can land up to one codec delay off (50 ms for an MP3 whose encoder delay is not re-applied after a
# seek), well inside MARGIN_SECONDS.
SEEK_AFTER_SECONDS = 60.0  # longer stretches are not re-checked: the alignment would be slow and unreliable
_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)*")
_FILLERS = frozenset({"<s>", "</s>", "<sil>", "(NULL)", "NULL"})


@dataclass(frozen=True)
class Disagreement:
    """One stretch where the printed and heard words differ, and the heard words around it."""

    printed: list[str]
    heard: list[str]
    before: list[Word]
    after: list[Word]
    start: float  # where the differing heard words are (or the gap between words, for a word only printed)
    end: float


@dataclass
class Recheck:
    """What the second listening concluded for one quote (``ran`` is False where it could not run)."""

    ran: bool
    engine: str
    supported: list[str] = field(default_factory=list)  # printed words the audio supports: ASR errors
    not_supported: list[str] = field(default_factory=list)  # printed words the audio does not support
    unchecked: list[str] = field(default_factory=list)  # printed words that could not be re-checked
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"ran": self.ran, "engine": self.engine, "supported": self.supported,
                "not_supported": self.not_supported, "unchecked": self.unchecked, "note": self.note}


def tokens(text: str) -> list[str]:
    """A word as pocketsphinx's dictionary spells it: lower case, apostrophes kept, hyphens split."""
    return _TOKEN.findall(text.lower().replace("’", "'"))


class Listener:
    """A pocketsphinx decoder (loaded once) that says which of two readings a stretch of audio fits."""

    def __init__(self) -> None:
        from pocketsphinx import Decoder

        # Only silence between words: the model's [NOISE] and [SPEECH] fillers would let a grammar absorb
        # words the speaker said but one reading leaves out (an unmarked elision) as noise.
        with tempfile.TemporaryDirectory() as folder:
            fillers = Path(folder) / "noisedict"
            fillers.write_text("<s> SIL\n</s> SIL\n<sil> SIL\n", encoding="ascii")
            # FATAL: a grammar the audio fits badly is an answer here, not an error to print on the user's terminal.
            self._decoder = Decoder(loglevel="FATAL", fdict=str(fillers))
        self._searches = 0

    def knows(self, word: str) -> bool:
        """Whether ``word`` can be put in a grammar: in the dictionary, or a compound of two words that are
        ("woodcutters", which whisper hears as "wood cutters"), added with their joined pronunciations."""
        if self._decoder.lookup_word(word) is not None:
            return True
        for cut in range(2, len(word) - 1):
            head, tail = self._decoder.lookup_word(word[:cut]), self._decoder.lookup_word(word[cut:])
            if head is not None and tail is not None:
                self._decoder.add_word(word, f"{head} {tail}", True)
                return True
        return False

    def choose(self, samples: np.ndarray, before: Sequence[str], printed: Sequence[str], heard: Sequence[str],
               after: Sequence[str]) -> Choice | None:
        """"printed" or "heard": the reading of the middle words the audio fits better; None if undecided
        (the two readings are the same words, a word is not in the dictionary, or nothing decodes)."""
        printed, heard = list(printed), list(heard)
        if printed == heard or not all(self.knows(w) for w in [*before, *printed, *heard, *after]):
            return None
        if not (printed and heard) and not (before and after):
            # a word only one side has needs sound both sides agree on around it, or it takes in the
            # neighbouring word's sound (or silence) and always fits
            return None
        audio = _int16(samples)
        picked = self._pick(audio, before, printed, heard, after)
        if printed and heard:
            return picked
        # One reading only leaves words out. In one grammar the search can prune the longer path early (on
        # LJ001-0021 three said words gave way to silence), and aligned separately the shorter path tends
        # to score better (fewer words, silence stretched over speech): each errs toward a different
        # reading, so the answer stands only where the two agree.
        fit_printed = self._score(audio, [*before, *printed, *after])
        fit_heard = self._score(audio, [*before, *heard, *after])
        if fit_printed is None or fit_heard is None or fit_printed == fit_heard:
            return None
        return picked if picked == ("printed" if fit_printed > fit_heard else "heard") else None

    def _pick(self, audio: bytes, before: Sequence[str], printed: list[str], heard: list[str],
              after: Sequence[str]) -> Choice | None:
        """One grammar offering both readings of the middle: the search keeps the one the sound fits."""
        if printed and heard:
            middle = f"({' '.join(printed)} | {' '.join(heard)})"
        else:  # one reading is the other without some words
            middle = f"[{' '.join(printed or heard)}]"
        decoded = self._decode(audio, f"{' '.join(before)} {middle} {' '.join(after)}")
        if decoded is None:
            return None
        words, _ = decoded
        if words[: len(before)] != list(before) or words[len(words) - len(after):] != list(after):
            return None
        chosen = words[len(before): len(words) - len(after)]
        if chosen == printed:
            return "printed"
        return "heard" if chosen == heard else None

    def _score(self, audio: bytes, sequence: list[str]) -> float | None:
        """The path score of ``sequence`` forced onto the audio (silences allowed between words), or None
        where the words cannot be fitted to it."""
        decoded = self._decode(audio, " ".join(sequence))
        return decoded[1] if decoded is not None and decoded[0] == sequence else None

    def _decode(self, audio: bytes, rule: str) -> tuple[list[str], float] | None:
        """The words decoded under a one-rule JSGF grammar and the path's score; None if nothing fits."""
        self._searches += 1
        name = f"recheck{self._searches}"
        try:
            self._decoder.add_jsgf_string(name, f"#JSGF V1.0;\ngrammar {name};\npublic <quote> = {rule.strip()};\n")
        except ValueError:
            return None  # a word JSGF cannot hold
        try:
            self._decoder.activate_search(name)
            self._decoder.start_utt()
            self._decoder.process_raw(audio, no_search=False, full_utt=True)
            self._decoder.end_utt()
            hypothesis = self._decoder.hyp()
            if hypothesis is None:
                return None
            words = [_word(seg.word) for seg in self._decoder.seg() if _word(seg.word) not in _FILLERS]
        except RuntimeError:
            return None
        finally:
            self._decoder.remove_search(name)
        return words, float(hypothesis.score)


@lru_cache(maxsize=1)
def listener() -> Listener:
    """The process's one pocketsphinx decoder (0.4 s to load)."""
    return Listener()


def engine_name() -> str:
    from importlib.metadata import version

    return ENGINE.format(version=version("pocketsphinx"))


def recheck(audio: str | Path, disagreements: Sequence[Disagreement]) -> tuple[list[Choice | None], Recheck]:
    """Each disagreement decided by the audio (None: could not be decided), and the quote's summary."""
    result = Recheck(ran=True, engine=engine_name())
    listening = listener()
    choices: list[Choice | None] = []
    for item in disagreements:
        choice = _decide(listening, audio, item)
        choices.append(choice)
        printed = item.printed or [f"(without {' '.join(item.heard)})"]
        {"printed": result.supported, "heard": result.not_supported, None: result.unchecked}[choice].extend(printed)
    if result.unchecked:
        result.note = ("some disagreements could not be decided (a word pocketsphinx's dictionary lacks, a digit, "
                       "no reading decoded, or the two alignments disagreed); they stay as whisper heard them")
    return choices, result


def _decide(listening: Listener, audio: str | Path, item: Disagreement) -> Choice | None:
    printed = [t for word in item.printed for t in tokens(word)]
    heard = [t for word in item.heard for t in tokens(word)]
    before = _anchors(listening, item.before[::-1])[::-1]
    after = _anchors(listening, item.after)
    start = (item.before[-len(before)].start if before else item.start) - MARGIN_SECONDS
    end = (item.after[len(after) - 1].end if after else item.end) + MARGIN_SECONDS
    if end - start > MAX_SPAN_SECONDS:
        return None
    samples = read_span(audio, max(start, 0.0), end)
    if len(samples) < SAMPLE_RATE // 10:
        return None
    context_before = [t for word in before for t in tokens(word.text)]
    context_after = [t for word in after for t in tokens(word.text)]
    return listening.choose(samples, context_before, printed, heard, context_after)


def _anchors(listening: Listener, nearest_first: Sequence[Word]) -> list[Word]:
    """Up to CONTEXT_WORDS heard words next to the disagreement, stopping at one the dictionary lacks."""
    taken: list[Word] = []
    for word in nearest_first[:CONTEXT_WORDS]:
        spelled = tokens(word.text)
        if not spelled or not all(listening.knows(t) for t in spelled):
            break
        taken.append(word)
    return taken


def read_span(path: str | Path, start: float, end: float) -> np.ndarray:
    """16 kHz mono samples of ``path`` from ``start`` to ``end`` seconds, seeking rather than decoding
    everything before them (a quote an hour into a recording costs about the same as one at its start)."""
    with open_audio(path) as container:
        stream = container.streams.audio[0]
        resampler = av.AudioResampler(format="flt", layout="mono", rate=SAMPLE_RATE)
        # from the start, samples are counted as stream_pcm counts them (whisper's times); after a seek the
        # first frame's time stamp says where we are
        position: float | None = 0.0
        if start > SEEK_AFTER_SECONDS:
            try:
                container.seek(int((start - 1.0) * av.time_base), backward=True, any_frame=False)
                position = None
            except av.error.FFmpegError:
                container.seek(0)
        pieces: list[np.ndarray] = []
        try:
            for packet in container.demux(stream):
                for frame in _decoded(packet):
                    if position is None:
                        position = float(frame.time) if frame.time is not None else 0.0
                    for out in resampler.resample(frame):
                        pieces.append(out.to_ndarray().reshape(-1))
                    if position + sum(map(len, pieces)) / SAMPLE_RATE >= end:
                        break
                else:
                    continue
                break
        except av.error.FFmpegError as error:
            raise AudioError(f"decoding failed near {start:.1f} s: {error}", source=str(path)) from error
    if not pieces or position is None:
        return np.zeros(0, dtype=np.float32)
    samples = np.concatenate(pieces)
    first = max(int(round((start - position) * SAMPLE_RATE)), 0)
    return samples[first: max(int(round((end - position) * SAMPLE_RATE)), first)]


def _decoded(packet: av.Packet) -> list[av.AudioFrame]:
    try:
        return list(packet.decode())  # type: ignore[arg-type]
    except av.error.InvalidDataError:
        return []


def _int16(samples: np.ndarray) -> bytes:
    return (np.clip(samples, -1.0, 1.0) * 32767).astype(np.int16).tobytes()


def _word(name: str) -> str:
    """A decoded word without its pronunciation variant ("the(2)" -> "the")."""
    return name.split("(")[0] if not name.startswith("(") else name
