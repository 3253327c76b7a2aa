"""Who speaks when: the recording's speech cut into short pieces, each embedded, clustered into voices.

Speech is what a voice-activity model (Silero VAD, bundled with faster-whisper) hears, checked over the whole
recording once the transcript has any segment: whisper's segments run over pauses, over the silence between turns
and over its own filter's padding, and they leave some speech without words (a quick "yeah", a noisy stretch).
Each stretch of speech is given to the transcript segment whose time it falls in (to none when it lies away from
every segment) and cut into pieces of at most ``PIECE_SECONDS``; each piece is embedded with Resemblyzer's speaker
encoder, and the pieces of at least ``MIN_CLUSTER_SECONDS`` clustered agglomeratively (average linkage, cosine
distance) with a cut tuned on LibriSpeech readers kept apart from the benchmark's held-out ones
(benchmarks/speaker_turns.py); shorter pieces join the nearest voice, and a cluster of under 2.5 s of speech lying
near another is taken for a splinter of that voice and merged into it. The number of voices is whatever is left:
one when everything is one voice. A change of voice between two pieces of one unbroken stretch of speech is then
moved to where the voice really changes. A turn is a voice's speech until another voice is heard or it falls
silent for ``TURN_PAUSE_SECONDS``. Labels are "Speaker 1", "Speaker 2", ... in order of first appearance. These
are clusters of voices, never identities, and two similar voices may be merged into one. Overlapping speech is
given to one voice only.

Memory follows one piece, not the recording: the audio is streamed (once for the speech check, once for the
pieces) and only the pieces are kept (as 256 numbers each); a very long recording clusters an evenly spread
sample of pieces and assigns the rest to the nearest voice.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage

from veracity.audio.decode import SAMPLE_RATE, stream_pcm
from veracity.audio.voice_encoder import voice_encoder

MODEL = "Resemblyzer voice encoder (resemblyzer 0.1.4 pretrained.pt: 3-layer LSTM, GE2E, 256-d; run in numpy)"
# Cosine distance at which average linkage stops merging: the lowest diarisation error on the conversations of
# LibriSpeech's tuning readers in benchmarks/speaker_turns.py (its held-out readers give the reported figures).
# Lower splits one voice into several; higher merges different voices.
THRESHOLD = 0.325
PIECE_SECONDS = 3.0
# Pieces shorter than this carry too little voice to found a cluster; they join the nearest one.
MIN_CLUSTER_SECONDS = 1.25
# A cluster with less than this much speech is a splinter when it lies within the cut plus SPLINTER_MARGIN of
# another cluster: it is merged into it (tuned with THRESHOLD on the same readers).
SPLINTER_SECONDS = 2.5
SPLINTER_MARGIN = 0.15
# Above this many pieces, cluster an even sample (linkage needs n^2 / 2 distances) and assign the rest.
MAX_CLUSTERED_PIECES = 3000
# Pieces embedded together (their partials share the encoder's batches); memory stays a few MB of audio.
PIECES_PER_BATCH = 32
# A change of voice inside a segment is placed with windows this long, this far apart.
REFINE_WINDOW_SECONDS = 1.0
REFINE_STEP_SECONDS = 0.1
MIN_TURN_SECONDS = 0.2
# The speech check (see ``speech_regions``; threshold tuned on the benchmark's tuning readers): Silero's speech
# probability per 32 ms, pauses shorter than VAD_MIN_PAUSE_SECONDS bridged, blips dropped, stretches padded.
SPEECH_WIDEN_SECONDS = 0.5
VAD_THRESHOLD = 0.4
VAD_MIN_PAUSE_SECONDS = 0.2
VAD_MIN_SPEECH_SECONDS = 0.1
VAD_PAD_SECONDS = 0.05
# A voice's turn goes on over a pause shorter than this; after a longer silence it starts a new turn.
TURN_PAUSE_SECONDS = 1.0
NOTE = ("Clusters of voices, not identities: a label says which stretches sound like the same voice. Two similar "
        "voices may be merged into one speaker, and one voice in very different conditions may be split.")


@dataclass(frozen=True)
class Turn:
    """One speaker's uninterrupted stretch, from the start of its first piece to the end of its last."""

    speaker: str
    start: float
    end: float


@dataclass
class SpeakerTurns:
    """The voices heard, each one's turns, and the voice of each transcript segment."""

    threshold: float
    speakers: list[tuple[str, float]] = field(default_factory=list)
    turns: list[Turn] = field(default_factory=list)
    segment_speakers: list[str | None] = field(default_factory=list)
    model: str = MODEL

    def to_dict(self) -> dict[str, Any]:
        return {"model": self.model,
                "speakers": [{"label": label, "seconds": round(seconds, 2)} for label, seconds in self.speakers],
                "turns": [{"speaker": turn.speaker, "start": round(turn.start, 2), "end": round(turn.end, 2)}
                          for turn in self.turns],
                "segment_speakers": list(self.segment_speakers), "threshold": self.threshold, "note": NOTE}


@dataclass(frozen=True)
class Piece:
    """Part of one transcript segment, short enough to hold one voice."""

    segment: int
    start: float
    end: float

    @property
    def seconds(self) -> float:
        return self.end - self.start


class Encoder(Protocol):
    """Anything that turns clips of 16 kHz mono samples into unit voice embedding rows (the benchmark's baseline
    too)."""

    def embed_utterances(self, wavs: Sequence[np.ndarray]) -> np.ndarray: ...


def speaker_turns(path: str | Path, segments: Sequence[tuple[float, float]], *, threshold: float = THRESHOLD,
                  encoder: Encoder | None = None) -> SpeakerTurns:
    """Cluster the voices in ``path`` over the transcript's speech ``segments`` ((start, end) seconds)."""
    encoder = encoder or voice_encoder()
    pieces, embeddings = prepare_pieces(path, segments, encoder)
    labels = cluster_voices(embeddings, [piece.seconds for piece in pieces], threshold)
    pieces = refine_changes(path, pieces, labels, embeddings, encoder)
    return describe(pieces, labels, len(segments), threshold)


def prepare_pieces(path: str | Path, segments: Sequence[tuple[float, float]],
                   encoder: Encoder) -> tuple[list[Piece], np.ndarray]:
    """The pieces of speech in the segments, and their embeddings (one row each).

    The speech check (``speech_regions``) finds where the voices really are; each stretch of speech is cut into
    pieces, each piece keeping the index of the segment it belongs to (-1: none)."""
    regions = speech_regions(path, segments)
    pieces = split_segments([(start, end) for _, start, end in regions], PIECE_SECONDS)
    pieces = [Piece(regions[piece.segment][0], piece.start, piece.end) for piece in pieces]
    embeddings, heard = embed_pieces(path, pieces, encoder)
    return [piece for piece, kept in zip(pieces, heard, strict=True) if kept], embeddings


def speech_regions(path: str | Path, segments: Sequence[tuple[float, float]]) -> list[tuple[int, float, float]]:
    """(segment index, start, end) of each stretch of speech the voice-activity model hears, in time order.

    With no transcript segments there is no speech. Otherwise the whole recording is checked, since whisper
    leaves some speech without words (a quick "yeah", a noisy stretch): speech is cut where one segment's
    time ends and the next one's begins (halfway between them) and given to that segment, or to none (index -1)
    when it lies more than ``SPEECH_WIDEN_SECONDS`` from it. A segment in which no speech is heard keeps its
    whole span, since whisper heard words there."""
    spans = sorted((max(0.0, float(start)), float(end), index) for index, (start, end) in enumerate(segments)
                   if float(end) > max(0.0, float(start)))
    if not spans:
        return []
    found = _voice_activity_of(path)
    borders = [(spans[k][1] + spans[k + 1][0]) / 2 for k in range(len(spans) - 1)]
    regions: list[tuple[int, float, float]] = []
    for start, end in found:
        cuts = [start] + [b for b in borders if start < b < end] + [end]
        for a, b in zip(cuts, cuts[1:], strict=False):
            k = int(np.searchsorted(borders, (a + b) / 2))
            low, high, index = spans[k]
            near = b > low - SPEECH_WIDEN_SECONDS and a < high + SPEECH_WIDEN_SECONDS
            regions.append((index if near else -1, a, b))
    for low, high, index in spans:
        if not any(low < b and a < high for _, a, b in regions):
            regions.append((index, low, high))
    return sorted(regions, key=lambda region: (region[1], region[2]))


def _voice_activity_of(path: str | Path, chunk_seconds: float = 60.0) -> list[tuple[float, float]]:
    """(start, end) seconds of speech in the recording, checked a minute at a time (memory: one minute)."""
    found: list[tuple[float, float]] = []
    offset = 0
    pending = np.zeros(0, dtype=np.float32)
    chunk = int(chunk_seconds * SAMPLE_RATE)

    def check(samples: np.ndarray) -> None:
        for a, b in _voice_activity(samples):
            a, b = a + offset / SAMPLE_RATE, b + offset / SAMPLE_RATE
            if found and a - found[-1][1] < VAD_MIN_PAUSE_SECONDS:
                found[-1] = (found[-1][0], b)
            else:
                found.append((a, b))

    for block in stream_pcm(path, chunk_seconds=chunk_seconds):
        pending = np.concatenate([pending, block])
        while len(pending) >= chunk:
            check(pending[:chunk])
            pending, offset = pending[chunk:], offset + chunk
    check(pending)
    return found


def _voice_activity(samples: np.ndarray) -> list[tuple[float, float]]:
    """(start, end) seconds of speech in ``samples``: Silero VAD (bundled with faster-whisper) probabilities per
    32 ms, speech above ``VAD_THRESHOLD``, pauses under ``VAD_MIN_PAUSE_SECONDS`` bridged, blips under
    ``VAD_MIN_SPEECH_SECONDS`` dropped, each stretch padded by ``VAD_PAD_SECONDS``."""
    window = 512
    if len(samples) < window:
        return []
    from faster_whisper.vad import get_vad_model

    padded = np.pad(samples.astype(np.float32), (0, -len(samples) % window))
    speech = np.asarray(get_vad_model()(padded)).reshape(-1) >= VAD_THRESHOLD
    step = window / SAMPLE_RATE
    runs: list[list[float]] = []
    for k in np.flatnonzero(speech):
        if runs and k * step - runs[-1][1] < VAD_MIN_PAUSE_SECONDS + 1e-9:
            runs[-1][1] = (k + 1) * step
        else:
            runs.append([k * step, (k + 1) * step])
    total = len(samples) / SAMPLE_RATE
    return [(max(0.0, a - VAD_PAD_SECONDS), min(total, b + VAD_PAD_SECONDS)) for a, b in runs
            if b - a >= VAD_MIN_SPEECH_SECONDS]


def describe(pieces: Sequence[Piece], labels: Sequence[int], segment_count: int,
             threshold: float = THRESHOLD) -> SpeakerTurns:
    """Name the clusters in order of first appearance; total each voice's time, join its turns, and give each
    segment the voice heard longest in it."""
    result = SpeakerTurns(threshold=threshold, segment_speakers=[None] * segment_count)
    names = [f"Speaker {label + 1}" for label in _first_appearance_order(list(labels))]
    seconds: dict[str, float] = {}
    per_segment: dict[int, dict[str, float]] = {}
    for piece, name in zip(pieces, names, strict=True):
        seconds[name] = seconds.get(name, 0.0) + piece.seconds
        if piece.segment < 0:
            continue
        votes = per_segment.setdefault(piece.segment, {})
        votes[name] = votes.get(name, 0.0) + piece.seconds
    result.speakers = list(seconds.items())
    result.turns = _turns(pieces, names)
    for index, votes in per_segment.items():
        result.segment_speakers[index] = max(votes, key=lambda name: votes[name])
    return result


def refine_changes(path: str | Path, pieces: Sequence[Piece], labels: Sequence[int], embeddings: np.ndarray,
                   encoder: Encoder) -> list[Piece]:
    """Move each change of voice inside a segment from the pieces' cut to where the voice really changes.

    Pieces are cut blindly, so a change found between two pieces can be a second off. Short windows slid over
    the two pieces are each compared with the two voices' centroids, and the change goes where the windows
    before it sound most like the first voice and those after it like the second."""
    changes = [k for k in range(1, len(pieces)) if labels[k] != labels[k - 1]
               and pieces[k].segment == pieces[k - 1].segment and abs(pieces[k].start - pieces[k - 1].end) < 1e-6]
    refined = list(pieces)
    if not changes:
        return refined
    centroids = _centroids(embeddings, labels)
    spans = [(pieces[k - 1].start, pieces[k].end) for k in changes]
    for k, samples in zip(changes, read_spans(path, spans), strict=True):
        left, right = refined[k - 1], pieces[k]
        change = pieces[k - 1].start + _change_point(samples, centroids[labels[k - 1]], centroids[labels[k]],
                                                     encoder)
        low, high = left.start + MIN_TURN_SECONDS, right.end - MIN_TURN_SECONDS
        change = min(max(change, low), high) if low < high else right.start
        refined[k - 1] = Piece(left.segment, left.start, change)
        refined[k] = Piece(right.segment, change, right.end)
    return refined


def _change_point(samples: np.ndarray, before: np.ndarray, after: np.ndarray, encoder: Encoder) -> float:
    """Seconds into ``samples`` where the voice most likely changes from ``before`` to ``after``."""
    window = min(int(REFINE_WINDOW_SECONDS * SAMPLE_RATE), len(samples) // 2)
    step = int(REFINE_STEP_SECONDS * SAMPLE_RATE)
    starts = list(range(0, max(1, len(samples) - window + 1), step))
    if window == 0 or len(starts) < 2:
        return len(samples) / 2 / SAMPLE_RATE
    embedded = encoder.embed_utterances([samples[start: start + window] for start in starts])
    leaning = embedded @ after - embedded @ before
    # Best split j: windows before it lean to ``before`` (negative), windows from it on lean to ``after``.
    gain = leaning.sum() - 2 * np.cumsum(leaning)[:-1]  # gain[j - 1] = -sum(leaning[:j]) + sum(leaning[j:])
    best = int(np.argmax(gain)) + 1
    centres = [(start + window / 2) / SAMPLE_RATE for start in starts]
    return (centres[best - 1] + centres[best]) / 2


def _centroids(embeddings: np.ndarray, labels: Sequence[int]) -> np.ndarray:
    """Each cluster's mean embedding, unit length, row = cluster number."""
    array = np.asarray(labels)
    centroids = np.stack([embeddings[array == cluster].mean(axis=0) for cluster in range(int(array.max()) + 1)])
    return centroids / np.linalg.norm(centroids, axis=1, keepdims=True)


def split_segments(segments: Sequence[tuple[float, float]], piece_seconds: float = PIECE_SECONDS) -> list[Piece]:
    """Each segment cut into equal pieces of at most ``piece_seconds``, in time order (empty segments dropped)."""
    pieces: list[Piece] = []
    for index, (start, end) in enumerate(segments):
        start, end = max(0.0, float(start)), float(end)
        if end <= start:
            continue
        count = max(1, math.ceil((end - start) / piece_seconds - 1e-9))
        step = (end - start) / count
        pieces.extend(Piece(index, start + k * step, start + (k + 1) * step) for k in range(count))
    return sorted(pieces, key=lambda piece: (piece.start, piece.end))


def embed_pieces(path: str | Path, pieces: Sequence[Piece], encoder: Encoder) -> tuple[np.ndarray, list[bool]]:
    """One voice embedding per piece that holds sound, and which pieces did (silence or past the end: none)."""
    embeddings: list[np.ndarray] = []
    heard: list[bool] = []
    batch: list[np.ndarray] = []
    for samples in read_spans(path, [(piece.start, piece.end) for piece in pieces]):
        heard.append(len(samples) > 0 and bool(np.any(samples)))
        if heard[-1]:
            batch.append(samples)
        if len(batch) == PIECES_PER_BATCH:
            embeddings.append(encoder.embed_utterances(batch))
            batch = []
    if batch:
        embeddings.append(encoder.embed_utterances(batch))
    return (np.concatenate(embeddings) if embeddings else np.zeros((0, 256), dtype=np.float32)), heard


def read_spans(path: str | Path, spans: Sequence[tuple[float, float]],
               chunk_seconds: float = 30.0) -> Iterator[np.ndarray]:
    """The samples of each (start, end) span, spans sorted by start, decoding the file once.

    Only the audio from the earliest span still to come onwards is kept, so memory is one decoding block plus
    the longest span, whatever the recording's length."""
    bounds = [(int(round(start * SAMPLE_RATE)), int(round(end * SAMPLE_RATE))) for start, end in spans]
    buffer = np.zeros(0, dtype=np.float32)
    offset = 0  # recording sample at buffer[0]
    upcoming = 0
    for block in stream_pcm(path, chunk_seconds=chunk_seconds):
        buffer = np.concatenate([buffer, block])
        while upcoming < len(bounds) and bounds[upcoming][1] <= offset + len(buffer):
            start, end = bounds[upcoming]
            yield buffer[max(0, start - offset): max(0, end - offset)].copy()
            upcoming += 1
        keep_from = min(bounds[upcoming][0] - offset, len(buffer)) if upcoming < len(bounds) else len(buffer)
        if keep_from > 0:
            buffer, offset = buffer[keep_from:], offset + keep_from
    for start, end in bounds[upcoming:]:  # spans that run past the end of the audio
        yield buffer[max(0, start - offset): max(0, end - offset)].copy()


def cluster_voices(embeddings: np.ndarray, seconds: Sequence[float], threshold: float = THRESHOLD) -> list[int]:
    """A cluster number per embedding: average-linkage agglomeration of the pieces long enough to carry a voice
    (cut at ``threshold`` cosine distance); the short ones, and any beyond ``MAX_CLUSTERED_PIECES``, join the
    nearest cluster's centroid."""
    if len(embeddings) == 0:
        return []
    long_enough = [k for k, length in enumerate(seconds) if length >= MIN_CLUSTER_SECONDS]
    founders = long_enough or list(range(len(embeddings)))
    if len(founders) > MAX_CLUSTERED_PIECES:
        founders = [founders[k] for k in np.linspace(0, len(founders) - 1, MAX_CLUSTERED_PIECES).astype(int)]
    if len(founders) == 1:
        founder_labels = np.zeros(1, dtype=int)
    else:
        tree = linkage(embeddings[founders].astype(np.float64), method="average", metric="cosine")
        founder_labels = fcluster(tree, t=threshold, criterion="distance") - 1
        founder_labels = _absorb_splinters(embeddings[founders], [seconds[k] for k in founders], founder_labels,
                                           threshold + SPLINTER_MARGIN)
    centroids = _centroids(embeddings[founders], [int(label) for label in founder_labels])
    labels = np.argmax(embeddings @ centroids.T, axis=1)
    labels[founders] = founder_labels
    return [int(label) for label in labels]


def _absorb_splinters(embeddings: np.ndarray, seconds: Sequence[float], labels: np.ndarray,
                      limit: float) -> np.ndarray:
    """Merge each cluster of under ``SPLINTER_SECONDS`` into its nearest cluster when their mean distance is under
    ``limit``: one reader's odd sentence splits off as a voice of its own, while a real second voice, even one
    short question, sits further away."""
    labels = labels.copy()
    durations = np.asarray(seconds)
    distances = 1.0 - embeddings @ embeddings.T
    while len(set(labels.tolist())) > 1:
        totals = {int(cluster): float(durations[labels == cluster].sum()) for cluster in set(labels.tolist())}
        smallest = min(totals, key=lambda cluster: totals[cluster])
        if totals[smallest] >= SPLINTER_SECONDS:
            break
        mean_distance = {other: float(distances[np.ix_(labels == smallest, labels == other)].mean())
                         for other in totals if other != smallest}
        nearest = min(mean_distance, key=lambda other: mean_distance[other])
        if mean_distance[nearest] >= limit:
            break
        labels[labels == smallest] = nearest
    _, renumbered = np.unique(labels, return_inverse=True)
    return renumbered


def _first_appearance_order(labels: list[int]) -> list[int]:
    """Renumber clusters 0, 1, ... in the order they are first heard, so "Speaker 1" speaks first."""
    order: dict[int, int] = {}
    for label in labels:
        order.setdefault(label, len(order))
    return [order[label] for label in labels]


def _turns(pieces: Sequence[Piece], names: Sequence[str]) -> list[Turn]:
    """Consecutive pieces of one voice joined into a turn; a turn ends where another voice is heard or after a
    silence of ``TURN_PAUSE_SECONDS``."""
    turns: list[Turn] = []
    for piece, name in zip(pieces, names, strict=True):
        if turns and turns[-1].speaker == name and piece.start - turns[-1].end < TURN_PAUSE_SECONDS:
            turns[-1] = Turn(name, turns[-1].start, max(turns[-1].end, piece.end))
        else:
            turns.append(Turn(name, piece.start, piece.end))
    return turns
