"""Sample-level traces of a hard splice: a click where two waveforms were butted together, and digital zeros.

A cut made without a crossfade joins two waveforms at arbitrary values: the step shows as one outsized value
of the second difference against the 10 ms around it (speech and noise change smoothly from sample to sample
at 16 kHz). Silence pasted in by an editor is often exact zeros, which a microphone never produces inside a
recording that has a noise floor elsewhere. Both are computed block by block with a few samples carried over.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy import linalg

from veracity.audio.decode import SAMPLE_RATE

FRAME = SAMPLE_RATE // 50  # 20 ms frames for the prediction residual
ORDER = 16
CONTEXT = SAMPLE_RATE // 100  # 10 ms before each frame also shape its predictor
ZERO = 1e-7  # |sample| at or below this is digital zero (float32 from integer PCM is exactly 0.0)
FLOOR_FRAME = SAMPLE_RATE // 50  # 20 ms frames for the noise-floor histogram
MIN_ZERO_RUN = SAMPLE_RATE // 100  # runs shorter than 10 ms are ordinary zero crossings at low level
TOP = 8  # candidate places kept


@dataclass
class ClickResult:
    score: float  # largest prediction-residual outlier over the robust residual scale of its 20 ms frame
    places: list[tuple[float, float]] = field(default_factory=list)  # (score, seconds), strongest first

    def at(self, threshold: float) -> list[float]:
        return [round(seconds, 3) for score, seconds in self.places if score >= threshold]


@dataclass
class ZeroResult:
    longest_seconds: float  # longest run of exact zeros strictly inside the recording
    at: list[float]
    floor_dbfs: float  # 5th percentile of the non-zero 20 ms frames' level: the recording's noise floor


class ClickDetector:
    """Largest isolated outlier of a linear-prediction residual, frame by frame.

    Each 20 ms frame is predicted from its own recent past (order-16 LPC fitted on the frame and the 10 ms
    before it); speech and noise are predictable to within a small residual, a step where two waveforms were
    butted together is not. The outlier is measured against the frame's robust residual scale.
    """

    def __init__(self) -> None:
        self._carry = np.zeros(0, dtype=np.float64)  # history of ORDER + CONTEXT samples, then the unread rest
        self._offset = -(ORDER + CONTEXT)  # sample index of ``_carry[0]``
        # Per frame: largest residual, its robust scale and where it is; float32, 12 bytes per 20 ms (2 MB an
        # hour), because the recording's typical residual is only known at the end.
        self._peaks: list[np.ndarray] = []
        self._window = np.hanning(FRAME + CONTEXT)

    def feed(self, block: np.ndarray) -> None:
        head = ORDER + CONTEXT
        data = np.concatenate([self._carry if len(self._carry) else np.zeros(head), block.astype(np.float64)])
        frames = (len(data) - head) // FRAME
        found = np.zeros((frames, 3), dtype=np.float32)
        for index in range(frames):
            start = head + index * FRAME
            if np.median(np.abs(data[start: start + FRAME])) <= ZERO:
                continue  # digital zeros next to signal are the zero detector's business
            residual = _residual(data[start - head: start + FRAME], self._window)
            if residual is None:
                continue
            peak = int(np.abs(residual).argmax())
            found[index] = (abs(residual[peak]), 1.4826 * np.median(np.abs(residual)),
                            (self._offset + start + peak) / SAMPLE_RATE)
        self._peaks.append(found[found[:, 1] > 0])
        used = head + frames * FRAME
        self._carry = data[used - head:]
        self._offset += used - head

    def result(self) -> ClickResult:
        frames = np.concatenate(self._peaks) if self._peaks else np.zeros((0, 3), dtype=np.float32)
        if len(frames) == 0:
            return ClickResult(score=0.0)
        # The scale has a floor at the recording's typical residual: in a pause, where the local residual
        # vanishes, a faint tick would otherwise tower over it; a splice's step is as big as the waveform.
        typical = float(np.median(frames[:, 1]))
        ratio = frames[:, 0].astype(np.float64) / (frames[:, 1] + typical + 1e-9)
        top = np.argsort(ratio)[::-1][:TOP]
        return ClickResult(score=float(ratio[top[0]]), places=[(float(ratio[i]), float(frames[i, 2])) for i in top])


def _residual(segment: np.ndarray, window: np.ndarray) -> np.ndarray | None:
    """Prediction error of the last FRAME samples of ``segment`` (ORDER + CONTEXT samples of history first)."""
    fit = segment[ORDER:] * window
    correlation = np.correlate(fit, fit, mode="full")[len(fit) - 1: len(fit) + ORDER]
    if correlation[0] <= 0:
        return None
    correlation[0] *= 1.0 + 1e-4  # a little white-noise correction keeps the system well conditioned
    try:
        coefficients = linalg.solve_toeplitz(correlation[:ORDER], correlation[1: ORDER + 1])
    except (np.linalg.LinAlgError, ValueError):
        return None
    inverse = np.concatenate([[1.0], -coefficients])
    return np.convolve(segment[CONTEXT:], inverse, mode="valid")[-FRAME:]


class ZeroRunDetector:
    """Runs of exact zeros that start after the first sound and end before the last, and the noise floor."""

    def __init__(self) -> None:
        self._position = 0
        self._run_start: int | None = None
        self._seen_sound = False
        self._runs: list[tuple[int, int]] = []  # closed interior runs (start, length), longest kept
        self._levels = np.zeros(200, dtype=np.int64)  # histogram of 20 ms frame levels, 1 dB bins, -200..0
        self._frame_carry = np.zeros(0, dtype=np.float64)

    def feed(self, block: np.ndarray) -> None:
        self._histogram(block)
        silent = np.abs(block) <= ZERO
        if silent.all():
            if self._run_start is None and self._seen_sound:
                self._run_start = self._position
            self._position += len(block)
            return
        # Edges between sound and zero, within this block, including the state carried in.
        change = np.flatnonzero(np.diff(silent.astype(np.int8))) + 1
        bounds = np.concatenate([[0], change, [len(block)]])
        for start in bounds[:-1]:
            if silent[start]:
                if self._run_start is None and self._seen_sound:
                    self._run_start = self._position + start
            else:
                if self._run_start is not None:
                    self._close(self._position + start)
                self._seen_sound = True
        self._position += len(block)

    def _close(self, end: int) -> None:
        assert self._run_start is not None
        length = end - self._run_start
        if length >= MIN_ZERO_RUN:
            self._runs = sorted([*self._runs, (self._run_start, length)], key=lambda run: -run[1])[:TOP]
        self._run_start = None

    def _histogram(self, block: np.ndarray) -> None:
        data = np.concatenate([self._frame_carry, block.astype(np.float64)])
        usable = len(data) // FLOOR_FRAME * FLOOR_FRAME
        frames = data[:usable].reshape(-1, FLOOR_FRAME)
        rms = np.sqrt(np.mean(frames**2, axis=1))
        rms = rms[rms > ZERO]
        if len(rms):
            bins = np.clip((20 * np.log10(rms) + 200).astype(int), 0, 199)
            self._levels += np.bincount(bins, minlength=200)
        self._frame_carry = data[usable:]

    def result(self) -> ZeroResult:
        # A run still open at the end is trailing silence, which exporters pad with: not counted.
        longest = self._runs[0][1] / SAMPLE_RATE if self._runs else 0.0
        at = [round(start / SAMPLE_RATE, 3) for start, _ in self._runs]
        total = self._levels.sum()
        floor = -200.0 if total == 0 else float(np.searchsorted(np.cumsum(self._levels), 0.05 * total) - 200)
        return ZeroResult(longest_seconds=longest, at=at, floor_dbfs=floor)
