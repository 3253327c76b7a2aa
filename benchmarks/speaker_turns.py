"""Speaker turns on made-up conversations: LibriSpeech readers taking turns, voices clustered as in ``listen``.

    python benchmarks/speaker_turns.py --data ../shared/data/audio/librispeech/train-clean-100 [--json]

Each conversation joins 1 to 4 readers' utterances (one LibriSpeech utterance per reader, cut into turns of 1.5
to 5 s, readers alternating, 0.2 to 0.8 s of silence between turns) and is written to a 16 kHz WAV. The
"transcript segments" are the turns, except that about a third of neighbouring turns are joined into one
segment, as whisper sometimes joins a question and its quick answer, so the pieces inside a segment must find
the change themselves. Each conversation then goes through ``veracity.audio.speakers`` exactly as a recording
does (split into pieces, each piece embedded, clustered, labelled), by the Resemblyzer encoder and by the
baseline, an MFCC-statistics embedding (mean and standard deviation of 19 cepstra, standardised) with the same
pieces and the same clustering.

Readers are split by id: those with id divisible by 3 tune each method's clustering threshold (the lowest mean
diarisation error over a grid); the other two thirds, never seen in tuning, are the held-out test. Reported on
the held-out conversations: diarisation error (the share of speech time given to the wrong voice after the best
one-to-one mapping of clusters to readers; speech regions are the oracle segments, so it is all speaker
confusion), speaker-count accuracy, and turn-change F1 (a detected change within 0.5 s of a true one).
"""

from __future__ import annotations

import argparse
import datetime
import json
import platform
import random
import shlex
import sys
import tempfile
import time
import wave
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy.fft import dct
from scipy.optimize import linear_sum_assignment

from veracity.audio.decode import SAMPLE_RATE, stream_pcm
from veracity.audio.speakers import (
    THRESHOLD,
    Encoder,
    Piece,
    SpeakerTurns,
    cluster_voices,
    describe,
    embed_pieces,
    refine_changes,
    split_segments,
)
from veracity.audio.voice_encoder import mel_filterbank, voice_encoder

TOLERANCE = 0.5
THRESHOLDS = [round(0.05 + 0.025 * k, 3) for k in range(37)]  # 0.05 .. 0.95
FRAME = 0.01


@dataclass
class Conversation:
    path: Path
    readers: list[str]
    turns: list[tuple[str, float, float]]  # (reader, start, end)
    segments: list[tuple[float, float]]


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


def make_conversation(readers: list[str], audio: dict[str, np.ndarray], rng: random.Random, folder: Path,
                      name: str) -> Conversation:
    queues = {reader: _cut_turns(audio[reader], rng) for reader in readers}
    parts: list[np.ndarray] = []
    turns: list[tuple[str, float, float]] = []
    position = 0.0
    while any(queues.values()):
        # A reader never follows themself (unless alone): every turn boundary is a change of voice.
        choices = [r for r in readers if queues[r] and (not turns or r != turns[-1][0] or len(readers) == 1)]
        if not choices:
            break
        reader = rng.choice(choices)
        chunk = queues[reader].pop(0)
        gap = np.zeros(int(rng.uniform(0.2, 0.8) * SAMPLE_RATE), dtype=np.float32)
        parts += [gap, chunk]
        start = position + len(gap) / SAMPLE_RATE
        position = start + len(chunk) / SAMPLE_RATE
        turns.append((reader, start, position))
    samples = np.concatenate(parts + [np.zeros(SAMPLE_RATE // 2, dtype=np.float32)])
    path = folder / f"{name}.wav"
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(SAMPLE_RATE)
        out.writeframes((np.clip(samples, -1, 1) * 32767).astype(np.int16).tobytes())
    segments: list[tuple[float, float]] = []
    for k, (_, start, end) in enumerate(turns):
        if segments and k > 0 and rng.random() < 1 / 3 and segments[-1][1] == turns[k - 1][2]:
            segments[-1] = (segments[-1][0], end)
        else:
            segments.append((start, end))
    return Conversation(path, readers, turns, segments)


def _cut_turns(samples: np.ndarray, rng: random.Random) -> list[np.ndarray]:
    chunks, at = [], 0
    while len(samples) - at > int(1.5 * SAMPLE_RATE):
        size = int(rng.uniform(1.5, 5.0) * SAMPLE_RATE)
        chunks.append(samples[at: at + size])
        at += size
    return chunks


def der(conversation: Conversation, hypothesis: SpeakerTurns) -> float:
    """Share of reference speech frames given to the wrong voice under the best one-to-one mapping."""
    readers = sorted(set(conversation.readers))
    labels = [label for label, _ in hypothesis.speakers]
    end = max(turn[2] for turn in conversation.turns)
    frames = int(end / FRAME) + 1
    reference = np.full(frames, -1)
    for reader, start, stop in conversation.turns:
        reference[int(start / FRAME): int(stop / FRAME)] = readers.index(reader)
    hyp = np.full(frames, -1)
    for turn in hypothesis.turns:
        hyp[int(turn.start / FRAME): int(turn.end / FRAME)] = labels.index(turn.speaker)
    speech = reference >= 0
    overlap = np.zeros((len(readers), max(1, len(labels))))
    for r in range(len(readers)):
        for h in range(len(labels)):
            overlap[r, h] = np.sum((reference == r) & (hyp == h))
    rows, cols = linear_sum_assignment(-overlap)
    return 1.0 - overlap[rows, cols].sum() / speech.sum()


def change_f1(conversation: Conversation, hypothesis: SpeakerTurns) -> tuple[int, int, int]:
    """(hits, true changes, detected changes): a detected change within TOLERANCE s of a true one is a hit."""
    truth = [conversation.turns[k][1] for k in range(1, len(conversation.turns))
             if conversation.turns[k][0] != conversation.turns[k - 1][0]]
    found = [turn.start for turn in hypothesis.turns[1:]]
    unused = list(truth)
    hits = 0
    for time_ in found:
        near = [t for t in unused if abs(t - time_) <= TOLERANCE]
        if near:
            unused.remove(min(near, key=lambda t: abs(t - time_)))
            hits += 1
    return hits, len(truth), len(found)


def evaluate(items: Embedded, threshold: float, refine_with: Encoder | None = None) -> dict[str, Any]:
    """The figures at one threshold; ``refine_with`` runs the change refinement as ``speaker_turns`` does."""
    errors, counts_right, hits, true_changes, found, too_many, too_few = [], 0, 0, 0, 0, 0, 0
    by_readers: dict[int, list[float]] = {}
    count_by_readers: dict[int, list[bool]] = {}
    for conversation, pieces, embeddings in items:
        labels = cluster_voices(embeddings, [piece.seconds for piece in pieces], threshold)
        if refine_with is not None:
            pieces = refine_changes(conversation.path, pieces, labels, embeddings, refine_with)
        result = describe(pieces, labels, len(conversation.segments), threshold)
        errors.append(der(conversation, result))
        voices, readers = len(result.speakers), len(set(conversation.readers))
        counts_right += voices == readers
        too_many, too_few = too_many + (voices > readers), too_few + (voices < readers)
        count_by_readers.setdefault(readers, []).append(voices == readers)
        h, t, f = change_f1(conversation, result)
        hits, true_changes, found = hits + h, true_changes + t, found + f
        by_readers.setdefault(len(conversation.readers), []).append(errors[-1])
    precision = hits / found if found else 0.0
    recall = hits / true_changes if true_changes else 0.0
    return {"threshold": threshold, "der": round(float(np.mean(errors)), 4),
            "speaker_count_accuracy": round(counts_right / len(items), 4),
            "too_many_speakers": too_many, "too_few_speakers": too_few,
            "count_accuracy_by_readers": {str(k): round(float(np.mean(v)), 4)
                                          for k, v in sorted(count_by_readers.items())},
            "change_precision": round(precision, 4), "change_recall": round(recall, 4),
            "change_f1": round(2 * precision * recall / (precision + recall) if hits else 0.0, 4),
            "der_by_readers": {str(k): round(float(np.mean(v)), 4) for k, v in sorted(by_readers.items())}}


Embedded = list[tuple[Conversation, list[Piece], np.ndarray]]


def embed_all(conversations: list[Conversation], encoder: Encoder) -> Embedded:
    items = []
    for conversation in conversations:
        pieces = split_segments(conversation.segments)
        embeddings, heard = embed_pieces(conversation.path, pieces, encoder)
        items.append((conversation, [p for p, kept in zip(pieces, heard, strict=True) if kept], embeddings))
    return items


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="LibriSpeech folder of SPEAKER-CHAPTER-UTT.flac")
    parser.add_argument("--conversations", type=int, default=60, help="held-out conversations (tuning: 2/3 as many)")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    print(f"command: {' '.join(shlex.quote(a) for a in [sys.executable, *sys.argv])}")
    readers = load_readers(args.data)
    tuning = sorted(r for r in readers if int(r) % 3 == 0)
    held_out = sorted(r for r in readers if int(r) % 3 != 0)
    audio = {reader: np.concatenate(list(stream_pcm(path))) for reader, path in readers.items()}
    rng = random.Random(args.seed)
    began = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        sets = {}
        for split, pool, count in (("tune", tuning, args.conversations * 2 // 3), ("test", held_out,
                                                                                   args.conversations)):
            sets[split] = [make_conversation(rng.sample(pool, 1 + k % 4), audio, rng, Path(folder), f"{split}{k}")
                           for k in range(count)]
        baseline = MfccEncoder()
        baseline.fit([audio[reader] for reader in tuning])
        results: dict[str, Any] = {}
        for method, encoder in (("resemblyzer", voice_encoder()), ("mfcc_baseline", baseline)):
            tune_items, test_items = embed_all(sets["tune"], encoder), embed_all(sets["test"], encoder)
            sweep = [evaluate(tune_items, t) for t in THRESHOLDS]
            best = min(sweep, key=lambda row: (row["der"], -row["speaker_count_accuracy"]))
            shipped = THRESHOLD if method == "resemblyzer" else best["threshold"]
            results[method] = {"tuned_threshold": best["threshold"], "tune": best,
                               "test": evaluate(test_items, shipped, refine_with=encoder)}
            if method == "resemblyzer":  # the same without moving changes inside segments: what refinement adds
                results["resemblyzer_unrefined"] = {"test": evaluate(test_items, shipped)}
    result = {"date": datetime.date.today().isoformat(), "machine": platform.machine(),
              "readers": {"tune": len(tuning), "held_out": len(held_out)},
              "conversations": {split: len(items) for split, items in sets.items()},
              "test_audio_seconds": round(sum(c.turns[-1][2] for c in sets["test"]), 1),
              "shipped_threshold": THRESHOLD, "seconds": round(time.perf_counter() - began, 1), **results}
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"held-out readers {len(held_out)}, tuning readers {len(tuning)}; conversations of 1-4 readers: "
              f"{len(sets['test'])} test ({result['test_audio_seconds']} s), {len(sets['tune'])} tuning")
        print(f"{'method':21} {'threshold':>9} {'DER':>7} {'count acc':>9} {'change P':>8} {'R':>6} {'F1':>6}  "
              "DER by readers (1/2/3/4)")
        for method in ("resemblyzer", "resemblyzer_unrefined", "mfcc_baseline"):
            row = results[method]["test"]
            print(f"{method:21} {row['threshold']:9.3f} {row['der']:7.3f} {row['speaker_count_accuracy']:9.3f} "
                  f"{row['change_precision']:8.3f} {row['change_recall']:6.3f} {row['change_f1']:6.3f}  "
                  + " / ".join(f"{v:.3f}" for v in row["der_by_readers"].values()))
        for method in ("resemblyzer", "mfcc_baseline"):
            row = results[method]["test"]
            print(f"{method:21} speaker count right with 1/2/3/4 readers: "
                  + " / ".join(f"{v:.2f}" for v in row["count_accuracy_by_readers"].values())
                  + f"; {row['too_many_speakers']} too many, {row['too_few_speakers']} too few")
        print(f"tuned thresholds (lowest tuning DER): resemblyzer {results['resemblyzer']['tuned_threshold']} "
              f"(shipped {THRESHOLD}), mfcc {results['mfcc_baseline']['tuned_threshold']}; {result['seconds']} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
