"""Abrupt changes of reverberation between adjacent stretches, measured blindly from how speech sounds die away.

A stretch recorded in another room, or pasted from a take made further from the microphone, brings its own
reverberation: after each syllable the sound dies away at the room's rate (60 dB per reverberation time, RT60),
and a room can slow a fall but never speed it up, while the starts of syllables stay sharp. So the shape of the
speech's energy in 8 sub-bands (10 ms frames, smoothed over three) describes the room (after the decay-rate
distribution of Wen, Habets and Naylor, and Löllmann and Vary's free decays): the rates of rise and fall are
fitted over 50 ms and 90 ms windows that sit well above each band's noise floor, and each three-second stretch
gets two numbers, both natural logarithms of ratios: the **asymmetry** (how much slower the fastest falls are
than the fastest rises; about 0.1-0.3 in dry speech, 0.4-0.7 in a room) and the **fall rate** (the root mean
square of the 90 ms fall rates, in dB/s). Either side of every half-second boundary the two stretches are
compared, and the score is the distance between their (asymmetry, log fall rate) points: near 0 for the same
room, about 0.6 or more for dry speech against a room of 0.3-1 s. The two describe different things (the
asymmetry mostly whether there is a room, the fall rate also how large), and on the tuning half the plain sum of
squares did as well as any weighting tried.

The recording's RT60 is also estimated, from the late part (after the first 80 ms) of free decays that start
20 dB above the floor: -60 divided by their median slope. It is rough, and made to describe the recording, not to
measure a room. Only a few seconds of frames and a fixed histogram are kept, so memory does not grow with length.
"""

from __future__ import annotations

import json
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from veracity.audio.decode import SAMPLE_RATE
from veracity.audio.stretch_change import band_levels_db, band_matrix, keep_top, whole_frames
from veracity.resources import location, verified

FRAME = 512
HOP = SAMPLE_RATE // 100  # 10 ms: a 0.3 s room's decay falls 2 dB a frame
BANDS = 8
LOW_HZ, HIGH_HZ = 250.0, 6000.0
SMOOTH = 3  # frames averaged, so one noisy frame does not break a fall
CELL_FRAMES = 50  # rates are gathered in half-second cells; boundaries are scored between cells
SIDE_CELLS = 6  # three seconds either side of a boundary
SHORT_WINDOW, LONG_WINDOW = 5, 9  # frames over which a rate is fitted (50 and 90 ms)
FAST_PERCENTILE = 90  # the fastest tenth of rises and of falls: the sharpest the room lets through
LOOKAHEAD_FRAMES = 100  # a free decay starting in a cell is followed for at most a second
CONTEXT_FRAMES = 250  # frames before a cell kept to measure each band's floor and peak
FLOOR_PERCENTILE, PEAK_PERCENTILE = 10, 95
RATE_ABOVE_FLOOR_DB = 15.0  # a fitted window must reach this far above the floor ...
RATE_BELOW_PEAK_DB = 35.0  # ... and within this of the band's loud frames (not a faint flicker)
START_ABOVE_FLOOR_DB = 20.0  # a free decay must start this far above the floor (noise hides the rest)
END_ABOVE_FLOOR_DB = 6.0  # windows and decays are used only while they stay this far above the floor
SKIP_FRAMES = 8  # the direct sound and the early reflections: the RT60 estimate fits what follows
MIN_LATE_FRAMES = 5  # at least 50 ms of the late decay fitted
MIN_RATES = 150  # rates a stretch needs (about a second of speech): fewer make its percentiles wander
MIN_DECAYS = 12  # free decays the recording needs for an RT60 estimate
SILENT_DB = -100.0
TOP = 5
HISTOGRAM_EDGES = np.linspace(-1500.0, 0.0, 301)  # dB/s, 5 dB/s bins: the recording's estimate in fixed memory
CALIBRATION_FILE = location("reverberation") / "measured.json"
INDICATOR_NAME = "reverberation_change"
WEAK_SEPARATION = 2.0  # as in editing.py: detection under twice the false alarms (+5 points) is called weak


@dataclass(frozen=True)
class Stretch:
    """How one stretch's sound dies away."""

    asymmetry: float  # ln(fastest rises / fastest falls), 50 ms fits: 0 dry, higher in a room
    fall_db_per_second: float  # root mean square of the 90 ms fall rates

    def distance(self, other: Stretch) -> float:
        return float(np.hypot(self.asymmetry - other.asymmetry,
                              np.log(self.fall_db_per_second / other.fall_db_per_second)))


@dataclass
class ReverbResult:
    score: float  # largest distance between adjacent three-second stretches (0: none scored)
    places: list[tuple[float, float]] = field(default_factory=list)  # (score, seconds), largest first
    sides: tuple[Stretch, Stretch] | None = None  # the stretches before and after the largest change
    rt60_seconds: float | None = None  # the whole recording's rough estimate, None with too few free decays
    decays: int = 0  # free decays measured for the estimate
    points: int = 0  # boundaries scored (0: too short, or too little speech either side)

    @property
    def too_short(self) -> bool:
        return self.points == 0


@dataclass
class _Cell:
    rises: np.ndarray  # 50 ms rise rates (dB/s, positive)
    falls: np.ndarray  # 50 ms fall rates (dB/s, positive)
    long_falls: np.ndarray  # 90 ms fall rates (dB/s, positive)


class ReverbChangeDetector:
    """Fed 16 kHz mono blocks in order; scores the largest change of reverberation between stretches."""

    def __init__(self) -> None:
        self._carry = np.zeros(0, dtype=np.float64)
        self._raw = np.zeros((0, BANDS), dtype=np.float32)  # band levels not yet smoothed
        self._frames = np.zeros((0, BANDS), dtype=np.float32)  # smoothed band levels (dB)
        self._first_frame = 0  # index in the recording of ``_frames[0]``
        self._next_cell = 0
        self._cells: deque[_Cell] = deque(maxlen=2 * SIDE_CELLS)
        self._histogram = np.zeros(len(HISTOGRAM_EDGES) - 1, dtype=np.int64)
        self._window = np.hanning(FRAME)
        self._bands = band_matrix(FRAME, LOW_HZ, HIGH_HZ, BANDS)
        self._places: list[tuple[float, float]] = []
        self._sides: dict[float, tuple[Stretch, Stretch]] = {}
        self._points = 0

    def feed(self, block: np.ndarray) -> None:
        frames, self._carry = whole_frames(np.concatenate([self._carry, block.astype(np.float64)]), HOP, FRAME)
        if len(frames):
            self._raw = np.concatenate([self._raw, band_levels_db(frames, self._window, self._bands)])
            self._smooth()
        self._process_cells(final=False)

    def result(self) -> ReverbResult:
        self._process_cells(final=True)
        top = self._places[0] if self._places else None
        total = int(self._histogram.sum())
        rt60 = None
        if total >= MIN_DECAYS:
            median_bin = int(np.searchsorted(np.cumsum(self._histogram), total / 2))
            rt60 = _rt60(float((HISTOGRAM_EDGES[median_bin] + HISTOGRAM_EDGES[median_bin + 1]) / 2))
        return ReverbResult(score=top[0] if top else 0.0, places=list(self._places),
                            sides=self._sides.get(top[1]) if top else None, rt60_seconds=rt60, decays=total,
                            points=self._points)

    def _smooth(self) -> None:
        usable = len(self._raw) - SMOOTH + 1
        if usable <= 0:
            return
        smoothed = np.mean([self._raw[k: k + usable] for k in range(SMOOTH)], axis=0, dtype=np.float32)
        self._frames = np.concatenate([self._frames, smoothed])
        self._raw = self._raw[usable:]

    def _process_cells(self, final: bool) -> None:
        last = self._first_frame + len(self._frames)
        while True:
            start = self._next_cell * CELL_FRAMES
            end = start + CELL_FRAMES
            if start >= last or (not final and end + LOOKAHEAD_FRAMES > last):
                break
            self._cells.append(self._measure_cell(start, min(end, last)))
            self._next_cell += 1
            self._score_boundary()
        drop = self._next_cell * CELL_FRAMES - CONTEXT_FRAMES - self._first_frame
        if drop > 0:
            self._frames = self._frames[drop:]
            self._first_frame += drop

    def _measure_cell(self, start: int, end: int) -> _Cell:
        """Rise and fall rates of the windows starting in frames [start, end), and the free decays begun there."""
        local_start, local_end = start - self._first_frame, end - self._first_frame
        context = self._frames[max(0, local_start - CONTEXT_FRAMES): local_end + LOOKAHEAD_FRAMES]
        audible = context[context.min(axis=1) > SILENT_DB]
        if len(audible) < CELL_FRAMES:
            empty = np.zeros(0, dtype=np.float32)
            return _Cell(empty, empty, empty)
        floor = np.percentile(audible, FLOOR_PERCENTILE, axis=0)
        peak = np.percentile(audible, PEAK_PERCENTILE, axis=0)
        short = _rates(self._frames[local_start: local_end + SHORT_WINDOW - 1], SHORT_WINDOW, floor, peak)
        long = _rates(self._frames[local_start: local_end + LONG_WINDOW - 1], LONG_WINDOW, floor, peak)
        lo = max(0, local_start - 1)
        decays = np.concatenate([
            _decay_slopes(self._frames[lo: local_end + LOOKAHEAD_FRAMES, band], local_start - lo, local_end - lo,
                          float(floor[band]), float(peak[band])) for band in range(BANDS)])
        self._histogram += np.histogram(np.clip(decays, HISTOGRAM_EDGES[0], HISTOGRAM_EDGES[-1] - 1e-3),
                                        HISTOGRAM_EDGES)[0]
        return _Cell(rises=short[short > 0], falls=-short[short < 0], long_falls=-long[long < 0])

    def _score_boundary(self) -> None:
        if len(self._cells) < 2 * SIDE_CELLS:
            return
        cells = list(self._cells)
        before, after = _describe(cells[:SIDE_CELLS]), _describe(cells[SIDE_CELLS:])
        if before is None or after is None:
            return
        score = before.distance(after)
        seconds = (self._next_cell - SIDE_CELLS) * CELL_FRAMES * HOP / SAMPLE_RATE
        self._points += 1
        self._places = keep_top(self._places, score, seconds, TOP)
        kept = {at for _, at in self._places}
        self._sides = {at: sides for at, sides in self._sides.items() if at in kept}
        if seconds in kept:
            self._sides[seconds] = (before, after)


def _describe(cells: list[_Cell]) -> Stretch | None:
    rises = np.concatenate([cell.rises for cell in cells])
    falls = np.concatenate([cell.falls for cell in cells])
    long_falls = np.concatenate([cell.long_falls for cell in cells])
    if min(len(rises), len(falls), len(long_falls)) < MIN_RATES:
        return None
    fastest_rise = float(np.percentile(rises, FAST_PERCENTILE))
    fastest_fall = float(np.percentile(falls, FAST_PERCENTILE))
    return Stretch(asymmetry=float(np.log(max(fastest_rise, 1.0) / max(fastest_fall, 1.0))),
                   fall_db_per_second=max(float(np.sqrt(np.mean(long_falls**2))), 1.0))


def _rates(levels: np.ndarray, width: int, floor: np.ndarray, peak: np.ndarray) -> np.ndarray:
    """Least-squares slopes (dB/s) of every ``width``-frame window in every band that sits well above the floor."""
    if len(levels) < width:
        return np.zeros(0, dtype=np.float32)
    windows = np.lib.stride_tricks.sliding_window_view(levels, width, axis=0)  # (frames, bands, width)
    steps = np.arange(width) - (width - 1) / 2
    slopes = windows @ (steps / (steps @ steps)) * (SAMPLE_RATE / HOP)
    loud = windows.max(axis=2) > np.maximum(floor + RATE_ABOVE_FLOOR_DB, peak - RATE_BELOW_PEAK_DB)
    clear = windows.min(axis=2) > floor + END_ABOVE_FLOOR_DB
    return slopes[loud & clear].astype(np.float32)


def _decay_slopes(levels: np.ndarray, first: int, stop: int, floor: float, peak: float) -> np.ndarray:
    """Slopes (dB/s) of the late part of each free decay (a run of falling levels) begun in ``levels[first:stop]``.

    The late part, after the direct sound and the early reflections have gone, falls at the room's rate; a
    decay is followed only while it stays clear of the noise floor.
    """
    falling = np.diff(levels) < 0
    edges = np.diff(np.concatenate([[False], falling, [False]]).astype(np.int8))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)  # run covers levels[s..e]
    chosen = (starts >= first) & (starts < stop)
    if first > 0:
        chosen &= starts > 0  # a run already falling before the cell belongs to the previous cell
    slopes = []
    start_floor = max(floor + START_ABOVE_FLOOR_DB, peak - RATE_BELOW_PEAK_DB)
    for start, end in zip(starts[chosen], ends[chosen], strict=True):
        if levels[start] < start_floor:
            continue
        run = levels[start: end + 1]
        below = np.flatnonzero(run <= floor + END_ABOVE_FLOOR_DB)
        if len(below):
            run = run[: below[0]]
        late = run[SKIP_FRAMES:]
        if len(late) < MIN_LATE_FRAMES:
            continue
        steps = np.arange(len(late)) - (len(late) - 1) / 2
        slopes.append(float(steps @ late / (steps @ steps)) * SAMPLE_RATE / HOP)
    return np.asarray(slopes, dtype=np.float64)


def _rt60(slope_db_per_second: float) -> float:
    """Seconds to fall 60 dB at the given slope (a flat or rising median reads as a very long 10 s)."""
    return 60.0 / max(-slope_db_per_second, 6.0)


def load_calibration(path: Path = CALIBRATION_FILE) -> dict[str, Any]:
    """The threshold and error rates benchmarks/reverberation.py measured (written with --write-calibration)."""
    return dict(json.loads(verified(path).read_text()))


def indicator_fields(result: ReverbResult, calibration: dict[str, Any] | None = None) -> dict[str, Any]:
    """The fields ``editing.Indicator`` takes besides its name, for a scored recording (``points`` > 0)."""
    table = calibration if calibration is not None else load_calibration()
    threshold, false_alarms = float(table["threshold"]), float(table["false_alarm_rate"])
    detection = table["detection_rate"]
    flagged = result.points > 0 and result.score >= threshold
    at = [round(seconds, 2) for score, seconds in result.places if score >= threshold][:3] if flagged else []
    room = (f"; the whole recording's rough RT60 estimate is {result.rt60_seconds:.2f} s"
            if result.rt60_seconds is not None else "")
    if result.sides is not None:
        before, after = result.sides
        detail = (f"largest change of reverberation between adjacent three-second stretches: {result.score:.2f} "
                  f"(0: the same). Before: the fastest falls of the sound {_times(before.asymmetry)} slower than "
                  f"its fastest rises, typical fall {before.fall_db_per_second:.0f} dB/s; after: "
                  f"{_times(after.asymmetry)} slower, {after.fall_db_per_second:.0f} dB/s{room}")
    else:
        detail = f"too little speech either side of any point to compare the stretches' reverberation{room}"
    note = ("A stretch recorded in another room, or further from the microphone, brings its own reverberation: "
            "after each word the sound dies away at another rate. A speaker turning or walking away, a moved "
            "microphone, a change of loudness against steady noise, a noise gate or noise reduction can change "
            "it as well.")
    if detection is not None and detection < WEAK_SEPARATION * false_alarms + 0.05:
        note += (f" On the benchmark it barely tells edited recordings from untouched ones (caught {detection:.0%} "
                 f"of its edits, fired on {false_alarms:.0%} of untouched recordings): weigh it accordingly.")
    return {"score": round(float(result.score), 4), "flagged": bool(flagged), "threshold": threshold,
            "at_seconds": at, "false_alarm_rate": false_alarms, "detection_rate": detection,
            "measured_by": f"benchmarks/reverberation.py: {table['measured_on']}", "detail": detail, "note": note}


def _times(asymmetry: float) -> str:
    return f"{np.exp(asymmetry):.1f} times"


NOT_COMPUTED_REASON = ("the recording is too short, or holds too little speech, to compare two adjacent "
                       "three-second stretches' reverberation")
