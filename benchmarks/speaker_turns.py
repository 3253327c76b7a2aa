"""Speaker turns scored as the field scores diarisation: made-up conversations with overlap, backchannels, rooms,
noise and codecs, segmented by the system itself, DER time-weighted with pyannote.metrics.

    python benchmarks/speaker_turns.py --data ../shared/data/audio/librispeech/train-clean-100 [--json] [--record FILE]

Conversations. Each joins 1 to 4 LibriSpeech readers (one utterance per reader, at most ``READER_SECONDS`` of it,
cut into turns of 1.5 to 5 s). Readers alternate (never one after themself); the gap before a turn is an overlap
of 0.2 to 1.0 s (the next reader starts before the last has finished; at most half of either turn) with
probability 0.3, exactly zero with probability 0.15, else 0.05 to 1.0 s of silence. With two or more readers, a
turn gets a backchannel with probability 0.4: 0.3 to 1.0 s of another participant's speech (a "yeah", "mm": the
most voiced stretch of that length from their utterance), laid over the turn or in the gap after it. Every
reader's track goes through a room of its own: an impulse response of exponentially decaying noise, RT60 drawn
from 0 (dry), 0.3, 0.6, 0.9 s, direct-to-reverberant ratio 0 to 8 dB; readers' levels differ by up to +-3 dB;
pink noise is added at 5 to 30 dB SNR (or none); the mix is written as 16-bit WAV, MP3 (libmp3lame, 32 kb/s) or
Ogg Opus (libopus, 20 kb/s), all by PyAV, the library ``veracity`` decodes with.

Reference. Each reader's speech is where their clean, dry clip is voiced (10 ms frames within 35 dB of their
utterance's loud frames, pauses under 0.25 s bridged): turn edges and long pauses inside a turn are not speech.

System under test (no oracle). Each file goes through ``listen``'s own path: ``veracity.audio.transcribe`` (whisper
base by default, one thread; faster-whisper's Silero VAD inside) gives the transcript segments, and
``veracity.audio.speaker_turns.speaker_turns`` finds who speaks when in them (speech check, pieces, Resemblyzer
embeddings, clustering, change refinement). Its turns are the hypothesis. Baselines on the same files: the same
pipeline with an MFCC-statistics embedding (mean and sd of 19 cepstra, standardised; its own tuned cut), and
"one speaker for all speech" (whisper's segments, all one label). An ablation runs the pipeline on oracle speech
(the reference turns, as the old benchmark did) to show what segmentation costs.

Readers are split by id: those with id divisible by 3 make the tuning conversations (each method's cut is the one
with the lowest DER there; ``speakers.THRESHOLD`` is what ships); the others, never seen in tuning, make the
held-out conversations reported. DER is pyannote.metrics' ``DiarizationErrorRate``: missed speech + false alarm +
confusion over total reference speech, summed over all held-out files (time-weighted, not a mean of files), overlap
scored (``skip_overlap=False``), optimal one-to-one speaker mapping, uem = the whole file; with a collar of 0.25 s
each side of every reference boundary (pyannote's ``collar=0.5`` is the total width, centred: md-eval's ``-c 0.25``)
and without any. ``--cache`` keeps whisper's segments per file (keyed by the file's bytes and the model) so a rerun
does not transcribe again; the figures do not depend on it.

Printed as tables: DER of every method (the system, its baselines and the oracle-speech ablation), with and
without the collar and by number of readers; speaker counts and tuning for the two embeddings; DER by condition.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import importlib
import json
import os
import platform
import random
import shlex
import sys
import tempfile
import wave
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import av
import numpy as np
from harness import Run, Table, add_output_arguments, announce, finish, timed
from harness import start as start_run
from pyannote.core import Annotation, Segment, Timeline
from pyannote.metrics.diarization import DiarizationErrorRate
from scipy.fft import dct
from scipy.signal import fftconvolve

from veracity.audio import speaker_turns as speakers
from veracity.audio.decode import SAMPLE_RATE, stream_pcm
from veracity.audio.speaker_turns import (
    THRESHOLD,
    Encoder,
    Piece,
    SpeakerTurns,
    cluster_voices,
    describe,
    embed_pieces,
    prepare_pieces,
    refine_changes,
    speech_regions,
    split_segments,
)
from veracity.audio.voice_encoder import mel_filterbank, voice_encoder

THRESHOLDS = [round(0.2 + 0.025 * k, 3) for k in range(29)]  # 0.2 .. 0.9
METHODS = ("resemblyzer", "mfcc_baseline", "one_speaker", "one_speaker_whisper", "resemblyzer_oracle_speech")
TUNED = ("resemblyzer", "mfcc_baseline")  # the methods with an embedding and a tuned cut
READER_SECONDS = 12.0
COLLAR = 0.5  # pyannote's collar is the total width around each reference boundary: 0.25 s each side
RT60S = (0.0, 0.3, 0.6, 0.9)
SNRS = (None, 30.0, 20.0, 10.0, 5.0)
CODECS = ("wav", "mp3", "opus")
FRAME = int(0.01 * SAMPLE_RATE)
VOICED_DB = 35.0
BRIDGE_SECONDS = 0.25


@dataclass
class Conversation:
    path: Path
    readers: list[str]
    reference: list[tuple[str, float, float]]  # each reader's speech (reader, start, end)
    turns: list[tuple[str, float, float]]  # the turns as laid out (edges may be silence), without backchannels
    duration: float
    room: float
    snr: float | None
    codec: str
    backchannels: int = 0
    segments: list[tuple[float, float]] = field(default_factory=list)  # whisper's, filled in later

    @property
    def speech_seconds(self) -> float:
        return float(_annotation(self.reference).get_timeline().support().duration())

    @property
    def overlap_seconds(self) -> float:
        return _overlap(self.reference)


class MfccEncoder:
    """The baseline: mean and spread of 19 MFCCs per piece, standardised on the tuning readers, unit length."""

    def __init__(self) -> None:
        self.filters = mel_filterbank()
        self.centre = np.zeros(38)
        self.scale = np.ones(38)

    def statistics(self, wav: np.ndarray) -> np.ndarray:
        mel = voice_encoder().mel_spectrogram(wav)
        cepstra = dct(np.log(mel + 1e-8), type=2, norm="ortho", axis=1)[:, 1:20]
        return np.concatenate([cepstra.mean(axis=0), cepstra.std(axis=0)])

    def fit(self, wavs: list[np.ndarray]) -> None:
        stats = np.stack([self.statistics(wav) for wav in wavs])
        self.centre, self.scale = stats.mean(axis=0), stats.std(axis=0) + 1e-8

    def embed_utterances(self, wavs: Sequence[np.ndarray]) -> np.ndarray:
        vectors = (np.stack([self.statistics(wav) for wav in wavs]) - self.centre) / self.scale
        return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)


def load_readers(data: Path) -> dict[str, Path]:
    files = sorted(data.glob("*.flac"))
    if not files:
        raise SystemExit(f"no LibriSpeech .flac files in {data}")
    return {file.name.split("-")[0]: file for file in files}


# --- making the conversations ---------------------------------------------------------------------------------

def voiced(samples: np.ndarray, loud_db: float) -> list[tuple[float, float]]:
    """(start, end) seconds where ``samples`` is voiced: 10 ms frames within VOICED_DB of ``loud_db``, pauses
    under BRIDGE_SECONDS bridged."""
    frames = len(samples) // FRAME
    if frames == 0:
        return []
    energy = 10 * np.log10(np.mean(samples[: frames * FRAME].reshape(frames, FRAME) ** 2, axis=1) + 1e-12)
    active = energy > loud_db - VOICED_DB
    runs: list[tuple[float, float]] = []
    k = 0
    while k < frames:
        if not active[k]:
            k += 1
            continue
        start = k
        while k < frames and active[k]:
            k += 1
        run = (start * FRAME / SAMPLE_RATE, k * FRAME / SAMPLE_RATE)
        if runs and run[0] - runs[-1][1] < BRIDGE_SECONDS:
            runs[-1] = (runs[-1][0], run[1])
        else:
            runs.append(run)
    return [run for run in runs if run[1] - run[0] >= 0.05]


def loudness(samples: np.ndarray) -> float:
    frames = len(samples) // FRAME
    energy = 10 * np.log10(np.mean(samples[: frames * FRAME].reshape(frames, FRAME) ** 2, axis=1) + 1e-12)
    return float(np.percentile(energy, 95))


def room_response(rt60: float, rng: np.random.Generator) -> np.ndarray:
    """A direct path and a tail of exponentially decaying noise (60 dB down at ``rt60``), direct-to-reverberant
    ratio 0 to 8 dB; a lone impulse when dry."""
    if rt60 <= 0:
        return np.ones(1, dtype=np.float32)
    times = np.arange(int(1.2 * rt60 * SAMPLE_RATE)) / SAMPLE_RATE
    tail = rng.normal(0, 1, len(times)) * np.exp(-6.9078 * times / rt60)
    tail[: int(0.0025 * SAMPLE_RATE)] = 0.0  # the first reflections arrive after the direct sound
    drr = rng.uniform(0.0, 8.0)
    tail *= np.sqrt(10 ** (-drr / 10) / np.sum(tail**2))
    tail[0] = 1.0
    return tail.astype(np.float32)


def pink_noise(length: int, rng: np.random.Generator) -> np.ndarray:
    spectrum = np.fft.rfft(rng.normal(0, 1, length))
    spectrum /= np.sqrt(np.maximum(np.arange(len(spectrum)), 1))
    noise = np.fft.irfft(spectrum, n=length)
    return (noise / (np.std(noise) + 1e-12)).astype(np.float32)


def write_audio(samples: np.ndarray, path: Path, codec: str) -> Path:
    """16 kHz mono ``samples`` written as WAV, MP3 (32 kb/s) or Ogg Opus (20 kb/s) with PyAV."""
    samples = np.clip(samples, -1, 1).astype(np.float32)
    if codec == "wav":
        path = path.with_suffix(".wav")
        with wave.open(str(path), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(SAMPLE_RATE)
            out.writeframes((samples * 32767).astype(np.int16).tobytes())
        return path
    path = path.with_suffix(".mp3" if codec == "mp3" else ".opus")
    # bitexact: Ogg would otherwise pick a random stream serial, and the same audio would never hit --cache.
    options = {"fflags": "+bitexact"} if codec == "opus" else {}
    with av.open(str(path), "w", format="mp3" if codec == "mp3" else "ogg", options=options) as container:
        stream = container.add_stream("libmp3lame" if codec == "mp3" else "libopus", rate=SAMPLE_RATE,
                                      layout="mono")
        stream.bit_rate = 32_000 if codec == "mp3" else 20_000
        frame = av.AudioFrame.from_ndarray(samples[None, :], format="flt", layout="mono")
        frame.sample_rate = SAMPLE_RATE
        for packet in stream.encode(frame):
            container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return path


def make_conversation(readers: list[str], audio: dict[str, np.ndarray], rng: random.Random, folder: Path,
                      name: str) -> Conversation:
    noise_rng = np.random.default_rng(rng.randrange(2**32))
    queues = {reader: _cut_turns(audio[reader][: int(READER_SECONDS * SAMPLE_RATE)], rng) for reader in readers}
    loud = {reader: loudness(audio[reader]) for reader in readers}
    placed: list[tuple[str, float, np.ndarray]] = []  # (reader, start, clean clip)
    turns: list[tuple[str, float, float]] = []
    backchannels = 0
    position = 0.3
    while any(queues.values()):
        choices = [r for r in readers if queues[r] and (not turns or r != turns[-1][0] or len(readers) == 1)]
        if not choices:
            break
        reader = rng.choice(choices)
        chunk = queues[reader].pop(0)
        seconds = len(chunk) / SAMPLE_RATE
        if not turns:
            start = position
        else:
            draw = rng.random()
            previous = turns[-1][2] - turns[-1][1]
            if draw < 0.3 and len(readers) > 1:
                start = position - min(rng.uniform(0.2, 1.0), previous / 2, seconds / 2)
            elif draw < 0.45:
                start = position
            else:
                start = position + rng.uniform(0.05, 1.0)
        placed.append((reader, start, chunk))
        turns.append((reader, start, start + seconds))
        position = max(position, start + seconds)
        others = [r for r in readers if r != reader]
        if others and rng.random() < 0.4:
            listener = rng.choice(others)
            clip = _backchannel(audio[listener], rng.uniform(0.3, 1.0), rng)
            clip_seconds = len(clip) / SAMPLE_RATE
            if rng.random() < 0.5 and seconds > clip_seconds + 1.0:  # over the turn
                at = rng.uniform(start + 0.5, start + seconds - clip_seconds - 0.2)
            else:  # after it, in a gap made for it
                at = position + rng.uniform(0.1, 0.4)
                position = at + clip_seconds + rng.uniform(0.0, 0.3)
            placed.append((listener, at, clip))
            backchannels += 1
    duration = position + 0.5
    length = int(duration * SAMPLE_RATE)
    rt60 = rng.choice(RT60S)
    snr = rng.choice(SNRS)
    codec = rng.choice(CODECS)
    tracks = {reader: np.zeros(length, dtype=np.float32) for reader in readers}
    reference: list[tuple[str, float, float]] = []
    for reader, start, clip in placed:
        at = int(round(start * SAMPLE_RATE))
        tracks[reader][at: at + len(clip)] += clip[: length - at]
        reference += [(reader, start + a, start + b) for a, b in voiced(clip, loud[reader])]
    mix = np.zeros(length, dtype=np.float32)
    for reader in readers:
        wet = fftconvolve(tracks[reader], room_response(rt60, noise_rng))[:length]
        mix += wet * 10 ** (rng.uniform(-3, 3) / 20) / (np.sqrt(np.mean(tracks[reader] ** 2)) + 1e-9) * 0.05
    if snr is not None:
        speech_rms = np.sqrt(np.mean(mix[np.abs(mix) > 0] ** 2))
        mix += pink_noise(length, noise_rng) * speech_rms * 10 ** (-snr / 20)
    mix *= 0.3 / max(float(np.max(np.abs(mix))), 1e-9)
    path = write_audio(mix, folder / name, codec)
    return Conversation(path, readers, sorted(reference, key=lambda r: (r[1], r[2])), turns, duration, rt60, snr,
                        codec, backchannels)


def _cut_turns(samples: np.ndarray, rng: random.Random) -> list[np.ndarray]:
    chunks, at = [], 0
    while len(samples) - at > int(1.5 * SAMPLE_RATE):
        size = int(rng.uniform(1.5, 5.0) * SAMPLE_RATE)
        chunks.append(samples[at: at + size])
        at += size
    return chunks


def _backchannel(samples: np.ndarray, seconds: float, rng: random.Random) -> np.ndarray:
    """The most voiced of a few stretches of ``seconds`` from ``samples``, faded in and out over 15 ms."""
    size = int(seconds * SAMPLE_RATE)
    starts = [rng.randrange(0, max(1, len(samples) - size)) for _ in range(8)]
    best = max(starts, key=lambda s: float(np.mean(samples[s: s + size] ** 2)))
    clip = samples[best: best + size].copy()
    fade = min(int(0.015 * SAMPLE_RATE), len(clip) // 2)
    if fade:
        ramp = np.linspace(0, 1, fade, dtype=np.float32)
        clip[:fade] *= ramp
        clip[-fade:] *= ramp[::-1]
    return clip


# --- segmentation (whisper, as listen) -------------------------------------------------------------------------

def whisper_segments(conversations: list[Conversation], model: str, cache: Path | None) -> None:
    """Fill each conversation's ``segments`` with whisper's, as ``listen`` gets them (one CPU thread)."""
    transcribe_module = importlib.import_module("veracity.audio.transcribe")  # the package's name is the function
    os.environ[transcribe_module.MODEL_ENV] = str(transcribe_module.named_model_directory(model))
    for conversation in conversations:
        key = hashlib.sha256(conversation.path.read_bytes() + model.encode()).hexdigest()[:24]
        stored = cache / f"{key}.json" if cache else None
        if stored is not None and stored.exists():
            conversation.segments = [(float(a), float(b)) for a, b in json.loads(stored.read_text())]
            continue
        transcript = transcribe_module.transcribe(conversation.path, cpu_threads=1)
        conversation.segments = [(s.start, s.end) for s in transcript.segments]
        if stored is not None:
            stored.parent.mkdir(parents=True, exist_ok=True)
            stored.write_text(json.dumps(conversation.segments))


def oracle_segments(conversation: Conversation) -> list[tuple[float, float]]:
    """The ablation's speech: the reference speech of the laid-out turns (no backchannels), overlaps cut at the
    later turn's start, as the old benchmark handed whisper-free segments to the pipeline."""
    spans = sorted((start, end) for _, start, end in conversation.reference)
    segments: list[tuple[float, float]] = []
    for start, end in spans:
        if segments and start < segments[-1][1]:
            segments[-1] = (segments[-1][0], start) if start - segments[-1][0] > 0.1 else segments[-1]
        segments.append((start, end))
    return [(s, e) for s, e in segments if e > s]


# --- scoring -----------------------------------------------------------------------------------------------------

def _annotation(turns: Sequence[tuple[str, float, float]]) -> Annotation:
    annotation = Annotation()
    for k, (label, start, end) in enumerate(turns):
        if end > start:
            annotation[Segment(start, end), k] = label
    return annotation


def _overlap(reference: Sequence[tuple[str, float, float]]) -> float:
    edges = sorted([(s, 1) for _, s, _ in reference] + [(e, -1) for _, _, e in reference])
    active, last, total = 0, 0.0, 0.0
    for time_, step in edges:
        if active >= 2:
            total += time_ - last
        active, last = active + step, time_
    return total


class Scores:
    """DER (with and without the collar) accumulated over files, in total and by number of readers."""

    def __init__(self) -> None:
        self.metrics: dict[tuple[str, float], DiarizationErrorRate] = {}
        self.count_right: dict[int, list[bool]] = {}
        self.too_many = self.too_few = 0

    def _metric(self, group: str, collar: float) -> DiarizationErrorRate:
        return self.metrics.setdefault((group, collar), DiarizationErrorRate(collar=collar, skip_overlap=False))

    def add(self, conversation: Conversation, hypothesis: Sequence[tuple[str, float, float]],
            groups: Sequence[str] = ()) -> None:
        reference, hyp = _annotation(conversation.reference), _annotation(hypothesis)
        uem = Timeline([Segment(0, conversation.duration)])
        readers = len(set(conversation.readers))
        for group in ("all", f"readers={readers}", *groups):
            for collar in (COLLAR, 0.0):
                self._metric(group, collar)(reference, hyp, uem=uem)
        voices = len({label for label, _, _ in hypothesis})
        self.count_right.setdefault(readers, []).append(voices == readers)
        self.too_many += voices > readers
        self.too_few += voices < readers

    def der(self, group: str = "all", collar: float = COLLAR) -> float:
        return float(abs(self.metrics[(group, collar)]))

    def row(self) -> dict[str, Any]:
        def parts(group: str, collar: float) -> dict[str, float]:
            metric = self.metrics[(group, collar)]
            seconds = {name: float(metric.accumulated_[name])
                       for name in ("total", "missed detection", "false alarm", "confusion")}
            total = seconds["total"]
            return {"der": round(abs(metric), 4), "missed": round(seconds["missed detection"] / total, 4),
                    "false_alarm": round(seconds["false alarm"] / total, 4),
                    "confusion": round(seconds["confusion"] / total, 4), "scored_speech_seconds": round(total, 1)}

        counts = [right for values in self.count_right.values() for right in values]
        groups = sorted({group for group, _ in self.metrics if group != "all"})
        return {"collar_0.25": parts("all", COLLAR), "no_collar": parts("all", 0.0),
                "by_group_collar_0.25": {group: parts(group, COLLAR)["der"] for group in groups},
                "speaker_count_accuracy": round(float(np.mean(counts)), 4),
                "count_accuracy_by_readers": {str(k): round(float(np.mean(v)), 4)
                                              for k, v in sorted(self.count_right.items())},
                "too_many_speakers": self.too_many, "too_few_speakers": self.too_few}


def _hypothesis(result: SpeakerTurns) -> list[tuple[str, float, float]]:
    return [(turn.speaker, turn.start, turn.end) for turn in result.turns]


def _groups(conversation: Conversation) -> list[str]:
    return [f"codec={conversation.codec}", f"rt60={conversation.room}",
            f"snr={'none' if conversation.snr is None else int(conversation.snr)}"]


Prepared = list[tuple[Conversation, list[Piece], np.ndarray]]


def prepare(conversations: list[Conversation], encoder: Encoder, oracle: bool = False) -> Prepared:
    """Each conversation's pieces and embeddings: as ``speaker_turns`` makes them from whisper's segments, or for
    the ablation straight from the oracle speech (no speech check)."""
    items = []
    for conversation in conversations:
        if oracle:
            pieces = split_segments(oracle_segments(conversation), speakers.PIECE_SECONDS)
            embeddings, heard = embed_pieces(conversation.path, pieces, encoder)
            pieces = [piece for piece, kept in zip(pieces, heard, strict=True) if kept]
        else:
            pieces, embeddings = prepare_pieces(conversation.path, conversation.segments, encoder)
        items.append((conversation, pieces, embeddings))
    return items


def evaluate(items: Prepared, threshold: float, refine_with: Encoder | None = None,
             segments: Callable[[Conversation], list[tuple[float, float]]] | None = None) -> Scores:
    """Score the pipeline at one cut; ``refine_with`` also moves changes inside segments, as ``speaker_turns``."""
    scores = Scores()
    for conversation, pieces, embeddings in items:
        labels = cluster_voices(embeddings, [piece.seconds for piece in pieces], threshold)
        if refine_with is not None:
            pieces = refine_changes(conversation.path, pieces, labels, embeddings, refine_with)
        count = len(segments(conversation)) if segments else len(conversation.segments)
        scores.add(conversation, _hypothesis(describe(pieces, labels, count, threshold)), _groups(conversation))
    return scores


def one_speaker(conversations: list[Conversation], own_speech: bool) -> Scores:
    """Everything one voice: over whisper's segments, or over the speech ``speaker_turns`` finds in them."""
    scores = Scores()
    for conversation in conversations:
        spans = ([(s, e) for _, s, e in speech_regions(conversation.path, conversation.segments)] if own_speech
                 else conversation.segments)
        scores.add(conversation, [("Speaker 1", s, e) for s, e in spans], _groups(conversation))
    return scores


def der_table(run: Run, result: dict[str, Any]) -> Table:
    """Every method on the held-out conversations: DER and its parts with the collar and without, the share of
    files with the right speaker count, and DER (collar) by number of readers."""
    table = run.table("DER on the held-out conversations (collar 0.25 s each side; DER0: no collar)",
                      ["method", "cut", "DER", "miss", "FA", "conf", "DER0", "miss0", "FA0", "conf0", "count",
                       "DER 1 reader", "DER 2 readers", "DER 3 readers", "DER 4 readers"],
                      {column: ".3f" for column in ("cut", "DER", "miss", "FA", "conf", "DER0", "miss0", "FA0",
                                                    "conf0", "count", "DER 1 reader", "DER 2 readers",
                                                    "DER 3 readers", "DER 4 readers")})
    for method in METHODS:
        row = result[method]
        a, b = row["collar_0.25"], row["no_collar"]
        by = [row["by_group_collar_0.25"].get(f"readers={n}") for n in (1, 2, 3, 4)]
        table.add(method, row["threshold"], a["der"], a["missed"], a["false_alarm"], a["confusion"], b["der"],
                  b["missed"], b["false_alarm"], b["confusion"], row["speaker_count_accuracy"], *by)
    table.notes.append(
        f"held-out readers {result['readers']['held_out']}, tuning readers {result['readers']['tune']}; "
        f"{result['conversations']['test']} held-out conversations of 1-4 readers: {result['test_audio_seconds']} s "
        f"audio, {result['test_speech_seconds']} s speech, {result['test_overlap_seconds']} s overlapped, "
        f"{result['test_turns']} turns, {result['test_backchannels']} backchannels; "
        f"{result['conversations']['tune']} tuning conversations; segments by whisper {result['whisper']}")
    seconds = result["seconds"]
    table.notes.append(f"seconds: making {seconds['making']}, whisper {seconds['whisper']}, total {seconds['total']}")
    return table


def counts_table(run: Run, result: dict[str, Any]) -> Table:
    """The two embeddings: how often the speaker count is right per number of readers, and their tuned cuts."""
    table = run.table("Speaker count and cut (the two embeddings)",
                      ["method", "count right 1 reader", "2 readers", "3 readers", "4 readers", "too many",
                       "too few", "tuned cut", "tuning DER", "tuning DER at the cut used"],
                      {"count right 1 reader": ".2f", "2 readers": ".2f", "3 readers": ".2f", "4 readers": ".2f"})
    for method in TUNED:
        row = result[method]
        right = [row["count_accuracy_by_readers"].get(str(n)) for n in (1, 2, 3, 4)]
        table.add(method, *right, row["too_many_speakers"], row["too_few_speakers"], row["tuned_threshold"],
                  row["tune_der"], row["tune_der_at_shipped"])
    return table


def conditions_table(run: Run, result: dict[str, Any]) -> Table:
    """DER (collar) of the two embeddings by codec, room and noise level."""
    groups = list(dict.fromkeys(group for method in TUNED for group in result[method]["by_group_collar_0.25"]
                                if not group.startswith("readers")))
    table = run.table("DER by condition (collar)", ["method", *groups], dict.fromkeys(groups, ".3f"))
    for method in TUNED:
        table.add(method, *(result[method]["by_group_collar_0.25"].get(group) for group in groups))
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="LibriSpeech folder of SPEAKER-CHAPTER-UTT.flac")
    parser.add_argument("--conversations", type=int, default=32, help="held-out conversations (tuning: half)")
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--whisper", default="base", choices=("base", "tiny.en"), help="the segmenting model")
    parser.add_argument("--cache", type=Path, help="folder to keep whisper's segments in between runs")
    parser.add_argument("--keep", type=Path, help="write the conversations here (with a reference .rttm each)")
    add_output_arguments(parser)
    args = parser.parse_args(argv)
    command = " ".join(shlex.quote(a) for a in [sys.executable, *(sys.argv if argv is None else ["", *argv])])
    run = start_run("speaker_turns")
    announce(run, args)
    readers = load_readers(args.data)
    tuning = sorted(r for r in readers if int(r) % 3 == 0)
    held_out = sorted(r for r in readers if int(r) % 3 != 0)
    audio = {reader: np.concatenate(list(stream_pcm(path))) for reader, path in readers.items()}
    rng = random.Random(args.seed)
    with timed() as total, tempfile.TemporaryDirectory() as temporary:
        folder = args.keep or Path(temporary)
        folder.mkdir(parents=True, exist_ok=True)
        sets: dict[str, list[Conversation]] = {}
        with timed() as making:
            for split, pool, count in (("tune", tuning, args.conversations // 2), ("test", held_out,
                                                                                  args.conversations)):
                sets[split] = [make_conversation(rng.sample(pool, 1 + k % 4), audio, rng, folder, f"{split}{k}")
                               for k in range(count)]
            if args.keep:
                for conversation in sets["tune"] + sets["test"]:
                    conversation.path.with_suffix(".rttm").write_text("".join(
                        f"SPEAKER {conversation.path.stem} 1 {s:.3f} {e - s:.3f} <NA> <NA> {r} <NA> <NA>\n"
                        for r, s, e in conversation.reference))
        with timed() as whispering:
            whisper_segments(sets["tune"] + sets["test"], args.whisper, args.cache)
        baseline = MfccEncoder()
        baseline.fit([audio[reader] for reader in tuning])
        results: dict[str, Any] = {}
        for method, encoder in (("resemblyzer", voice_encoder()), ("mfcc_baseline", baseline)):
            tune_items, test_items = prepare(sets["tune"], encoder), prepare(sets["test"], encoder)
            sweep = {t: evaluate(tune_items, t).der() for t in THRESHOLDS}
            best = min(sweep, key=lambda t: sweep[t])
            shipped = THRESHOLD if method == "resemblyzer" else best
            results[method] = {"threshold": shipped, "tuned_threshold": best, "tune_der": round(sweep[best], 4),
                               "tune_der_at_shipped": round(evaluate(tune_items, shipped).der(), 4),
                               **evaluate(test_items, shipped, refine_with=encoder).row()}
            if method == "resemblyzer":
                oracle = prepare(sets["test"], encoder, oracle=True)
                results["resemblyzer_oracle_speech"] = {
                    "threshold": shipped, **evaluate(oracle, shipped, encoder, oracle_segments).row()}
        results["one_speaker"] = {"threshold": None, **one_speaker(sets["test"], own_speech=True).row()}
        results["one_speaker_whisper"] = {"threshold": None, **one_speaker(sets["test"], own_speech=False).row()}
    test = sets["test"]
    result = {"date": datetime.date.today().isoformat(), "machine": platform.machine(), "command": command,
              "whisper": args.whisper, "readers": {"tune": len(tuning), "held_out": len(held_out)},
              "conversations": {split: len(items) for split, items in sets.items()},
              "test_audio_seconds": round(sum(c.duration for c in test), 1),
              "test_speech_seconds": round(sum(c.speech_seconds for c in test), 1),
              "test_overlap_seconds": round(sum(c.overlap_seconds for c in test), 1),
              "test_backchannels": sum(c.backchannels for c in test),
              "test_turns": sum(len(c.turns) for c in test),
              "shipped_threshold": THRESHOLD,
              "seconds": {"making": round(making[0], 1), "whisper": round(whispering[0], 1),
                          "total": round(total[0], 1)}, **results}
    run.figures.update(result)
    der_table(run, result)
    counts_table(run, result)
    conditions_table(run, result)
    finish(run, args, announced=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
