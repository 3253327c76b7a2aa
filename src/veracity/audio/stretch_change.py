"""Abrupt changes between adjacent stretches: noise floor (measured in the pauses) and spectral colour.

A stretch pasted in from another take brings its own room: a different background level and hiss, and a
different microphone colouring. Either side of every candidate point (each 0.1 s), two seconds of 20 ms frames
in 24 log-spaced bands give a floor spectrum (the 10th percentile of each band: the pauses and gaps between
words) and a speech colour (the level-normalised mean of the louder half of the frames). The change score is
the mean absolute difference across bands, in dB. Only the last few seconds of frames are kept, so memory does
not grow with the recording.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from veracity.audio.decode import SAMPLE_RATE

FRAME = 512
HOP = SAMPLE_RATE // 50  # 20 ms
BANDS = 24
LOW_HZ, HIGH_HZ = 100.0, 7600.0
SIDE_FRAMES = 100  # two seconds either side
STEP_FRAMES = 5  # a candidate point every 0.1 s
FLOOR_PERCENTILE = 10
SILENT_DB = -100.0  # frames below this (digital zero) say nothing about the room
TOP = 5


@dataclass
class ChangeResult:
    floor_db: float  # largest floor change between adjacent two-second stretches
    floor_places: list[tuple[float, float]] = field(default_factory=list)  # (dB, seconds), largest first
    colour_db: float = 0.0  # largest change of speech colour
    colour_places: list[tuple[float, float]] = field(default_factory=list)
    points: int = 0  # candidate points examined (0: the recording is under four seconds)


class StretchChangeDetector:
    """Fed 16 kHz mono blocks in order; scores the largest floor and colour changes."""

    def __init__(self) -> None:
        self._carry = np.zeros(0, dtype=np.float64)
        self._frames = np.zeros((0, BANDS), dtype=np.float32)
        self._levels = np.zeros(0, dtype=np.float32)
        self._first_frame = 0  # index in the recording of ``_frames[0]``
        self._next_point = SIDE_FRAMES
        self._window = np.hanning(FRAME)
        self._bands = band_matrix()
        self._floor: list[tuple[float, float]] = []
        self._colour: list[tuple[float, float]] = []
        self._points = 0

    def feed(self, block: np.ndarray) -> None:
        frames, self._carry = whole_frames(np.concatenate([self._carry, block.astype(np.float64)]), HOP)
        if len(frames):
            levels = 10 * np.log10(np.mean(frames**2, axis=1) + 1e-12).astype(np.float32)
            self._frames = np.concatenate([self._frames, band_levels_db(frames, self._window, self._bands)])
            self._levels = np.concatenate([self._levels, levels])
        self._score_ready_points()

    def _score_ready_points(self) -> None:
        last = self._first_frame + len(self._frames)
        while self._next_point + SIDE_FRAMES <= last:
            local = self._next_point - self._first_frame
            before = slice(local - SIDE_FRAMES, local)
            after = slice(local, local + SIDE_FRAMES)
            seconds = self._next_point * HOP / SAMPLE_RATE
            floor = _floor_change(self._frames[before], self._levels[before], self._frames[after],
                                  self._levels[after])
            colour = _colour_change(self._frames[before], self._levels[before], self._frames[after],
                                    self._levels[after])
            self._floor = keep_top(self._floor, floor, seconds)
            self._colour = keep_top(self._colour, colour, seconds)
            self._points += 1
            self._next_point += STEP_FRAMES
        drop = self._next_point - SIDE_FRAMES - self._first_frame
        if drop > 0:
            self._frames = self._frames[drop:]
            self._levels = self._levels[drop:]
            self._first_frame += drop

    def result(self) -> ChangeResult:
        return ChangeResult(floor_db=self._floor[0][0] if self._floor else 0.0,
                            floor_places=list(self._floor),
                            colour_db=self._colour[0][0] if self._colour else 0.0,
                            colour_places=list(self._colour), points=self._points)


def places_at_or_above(places: list[tuple[float, float]], threshold: float) -> list[float]:
    """Seconds of the kept change points that score at least ``threshold``."""
    return [round(seconds, 2) for score, seconds in places if score >= threshold]


def _floor_change(left: np.ndarray, left_levels: np.ndarray, right: np.ndarray, right_levels: np.ndarray) -> float:
    """|Median difference| across bands of the two stretches' 10th-percentile band levels (dB)."""
    a = _audible(left, left_levels)
    b = _audible(right, right_levels)
    if len(a) < 10 or len(b) < 10:
        return 0.0
    difference = np.percentile(a, FLOOR_PERCENTILE, axis=0) - np.percentile(b, FLOOR_PERCENTILE, axis=0)
    # A new background moves most bands the same way; the median ignores the few that speech sounds fill.
    return float(abs(np.median(difference)))


def _colour_change(left: np.ndarray, left_levels: np.ndarray, right: np.ndarray, right_levels: np.ndarray) -> float:
    """Mean |difference| of the louder frames' band shape, each stretch normalised to its own mean level."""
    shapes = []
    for frames, levels in ((left, left_levels), (right, right_levels)):
        audible = levels > SILENT_DB
        if audible.sum() < 20:
            return 0.0
        loud = frames[audible & (levels >= np.median(levels[audible]))]
        mean = loud.mean(axis=0)
        shapes.append(mean - mean.mean())
    return float(np.mean(np.abs(shapes[0] - shapes[1])))


def _audible(frames: np.ndarray, levels: np.ndarray) -> np.ndarray:
    return frames[levels > SILENT_DB]


def whole_frames(data: np.ndarray, hop: int, frame: int = FRAME) -> tuple[np.ndarray, np.ndarray]:
    """The whole ``frame``-sample frames of ``data``, one every ``hop`` samples, and the samples left over for
    the next block (streamed detectors see a recording in blocks, not whole)."""
    count = max(0, (len(data) - frame) // hop + 1)
    index = np.arange(frame)[None, :] + hop * np.arange(count)[:, None]
    return data[index], data[count * hop:]


def band_levels_db(frames: np.ndarray, window: np.ndarray, bands: np.ndarray) -> np.ndarray:
    """Each frame's power in each band (``band_matrix``), in dB."""
    spectrum = np.abs(np.fft.rfft(frames * window, axis=1)) ** 2
    return 10 * np.log10(spectrum @ bands + 1e-12).astype(np.float32)


def keep_top(top: list[tuple[float, float]], score: float, seconds: float,
             size: int = TOP) -> list[tuple[float, float]]:
    """The ``size`` highest scores at least two seconds apart (one change is not reported ten times)."""
    for index, (kept, at) in enumerate(top):
        if abs(at - seconds) < 2.0:
            if score > kept:
                top[index] = (score, seconds)
                return sorted(top, reverse=True)
            return top
    return sorted([*top, (score, seconds)], reverse=True)[:size]


def band_matrix(frame: int = FRAME, low_hz: float = LOW_HZ, high_hz: float = HIGH_HZ,
                bands: int = BANDS) -> np.ndarray:
    """FFT bins of a ``frame``-sample frame to ``bands`` log-spaced bands between ``low_hz`` and ``high_hz``
    (rectangular, summing power; a band narrower than a bin takes the bin nearest its centre)."""
    frequencies = np.fft.rfftfreq(frame, 1 / SAMPLE_RATE)
    edges = np.geomspace(low_hz, high_hz, bands + 1)
    matrix = np.zeros((len(frequencies), bands))
    for band in range(bands):
        inside = (frequencies >= edges[band]) & (frequencies < edges[band + 1])
        if not inside.any():
            inside[np.argmin(np.abs(frequencies - np.sqrt(edges[band] * edges[band + 1])))] = True
        matrix[inside, band] = 1.0
    return matrix
