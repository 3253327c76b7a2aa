"""Electrical network frequency (ENF): mains hum at 50 or 60 Hz, its track, and jumps in its phase.

A recording made near mains wiring picks up a faint hum whose phase advances smoothly for as long as the
recorder runs. Cutting a stretch out, or joining two takes, breaks that continuity: the hum's phase jumps at
the join (by 2π·f·Δt modulo 2π for a removed stretch of Δt seconds). The hum is demodulated at each candidate
frequency (50, 60 Hz and their second harmonics) into a 10 Hz complex baseband, a few bytes a second, so a
six-hour recording costs a few megabytes here; presence is judged from an averaged 0.25 Hz spectrum.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import signal

from veracity.audio.decode import SAMPLE_RATE

NARROW_RATE = 1000  # Hz: the hum and its second harmonic fit far below 500 Hz
BASEBAND_RATE = 10  # Hz: phase is tracked ten times a second
CANDIDATES = {50.0: (50.0, 100.0), 60.0: (60.0, 120.0)}  # mains nominal: components tracked
SPECTRUM_SECONDS = 4.0  # Welch segments: 0.25 Hz resolution, enough to separate hum from speech
PEAK_HALF_WIDTH = 0.6  # Hz around a component where the grid's frequency may sit
BACKGROUND_HALF_WIDTH = 6.0  # Hz either side that give the local background level
SETTLE_SECONDS = 2.5  # filter transients at the start and end are not read as jumps
JUMP_SPANS = (5, 10, 20)  # baseband samples either side between which the phase is compared (0.5, 1, 2 s)
TREND_SECONDS = 4.1
HARMONIC_MARGIN_DB = 6.0
# The baseband keeps 0.5 Hz either side of the component: the grid drifts far slower, and the narrower the
# band, the less speech and noise disturb the phase (a jump then takes about a second to complete).
LOWPASS_HZ = 0.5
BASEBAND_PENALTY_DB = 4.3
PHASE_NOISE_FLOOR = 0.03  # radians
WEAK = 0.5  # baseband samples below this fraction of the median magnitude carry no usable phase


@dataclass(frozen=True)
class EnfResult:
    """The strongest mains component and what its phase track shows."""

    nominal_hz: float
    component_hz: float
    presence_db: float  # peak over local background, dB
    frequency_hz: float  # mean frequency of the tracked component
    jump_radians: float  # largest phase jump beyond the local trend
    jump_sigmas: float  # the same, in units of the phase noise expected at this hum's strength
    jumps_at: list[float]  # seconds of the largest jumps, strongest first
    track_seconds: float


class EnfTracker:
    """Fed 16 kHz mono blocks in order; ``result()`` gives the hum's presence and phase discontinuities."""

    def __init__(self) -> None:
        self._decimate = _Decimator(SAMPLE_RATE // NARROW_RATE)
        components = sorted({c for pair in CANDIDATES.values() for c in pair})
        self._demodulators = {c: _Demodulator(c) for c in components}
        self._segment = int(SPECTRUM_SECONDS * NARROW_RATE)
        self._pending = np.zeros(0, dtype=np.float64)
        self._power = np.zeros(self._segment // 2 + 1)
        self._segments = 0
        self._window = signal.windows.hann(self._segment, sym=False)

    def feed(self, block: np.ndarray) -> None:
        narrow = self._decimate(block)
        for demodulator in self._demodulators.values():
            demodulator.feed(narrow)
        self._pending = np.concatenate([self._pending, narrow])
        hop = self._segment // 2
        while len(self._pending) >= self._segment:
            piece = self._pending[: self._segment]
            self._power += np.abs(np.fft.rfft((piece - piece.mean()) * self._window)) ** 2
            self._segments += 1
            self._pending = self._pending[hop:]

    def result(self) -> EnfResult | None:
        """``None`` when the recording is too short for a spectrum (under four seconds)."""
        if self._segments == 0:
            return None
        frequencies = np.fft.rfftfreq(self._segment, 1 / NARROW_RATE)
        presence = {c: _peak_over_background(self._power, frequencies, c) for c in self._demodulators}
        nominal = max(CANDIDATES, key=lambda n: max(presence[c] for c in CANDIDATES[n]))
        fundamental, harmonic = CANDIDATES[nominal]
        # The fundamental is followed unless the harmonic stands far clearer: voices reach down to 100-120 Hz.
        component = harmonic if presence[harmonic] > presence[fundamental] + HARMONIC_MARGIN_DB else fundamental
        baseband = self._demodulators[component].baseband()
        jump, at, frequency = _phase_jumps(baseband, component)
        return EnfResult(nominal_hz=nominal, component_hz=component, presence_db=presence[component],
                         frequency_hz=frequency, jump_radians=jump,
                         jump_sigmas=jump / expected_phase_noise(presence[component]), jumps_at=at,
                         track_seconds=len(baseband) / BASEBAND_RATE)


def expected_phase_noise(presence_db: float) -> float:
    """Standard deviation (radians) of the difference of two phase readings of a hum this far above the noise.

    The baseband passes about 1 Hz of noise where the spectrum's Hann bin passes 0.375 Hz: its signal-to-noise
    ratio is 4.3 dB below the presence figure, and a phase reading at SNR r wanders by 1/sqrt(2r) radians.
    A faint hum's phase is noisy, so a jump is judged against what the noise alone would do. However strong
    the hum, the drift estimate leaves a few hundredths of a radian (PHASE_NOISE_FLOOR).
    """
    ratio = 10 ** ((presence_db - BASEBAND_PENALTY_DB) / 10)
    return float(np.hypot(1.0 / np.sqrt(max(ratio, 1e-3)), PHASE_NOISE_FLOOR))


def _peak_over_background(power: np.ndarray, frequencies: np.ndarray, centre: float) -> float:
    """dB by which the strongest bin near ``centre`` stands above the median of its neighbourhood."""
    offset = np.abs(frequencies - centre)
    peak = power[offset <= PEAK_HALF_WIDTH].max()
    background = np.median(power[(offset > 1.0) & (offset <= BACKGROUND_HALF_WIDTH)])
    return float(10 * np.log10((peak + 1e-30) / (background + 1e-30)))


def _phase_jumps(baseband: np.ndarray, component: float) -> tuple[float, list[float], float]:
    """Largest phase step (radians) beyond the local frequency trend, where it happens, and mean frequency.

    The phase is compared across gaps of 0.5, 1 and 2 s, only between points where the hum is strong, so a
    hum that fades under speech or stops for a pasted-in silence is judged by where it resumes.
    """
    settle = int(SETTLE_SECONDS * BASEBAND_RATE)
    if len(baseband) < 2 * settle + 2 * JUMP_SPANS[0] + 2:
        return 0.0, [], component
    steps = np.angle(baseband[1:] * np.conj(baseband[:-1]))
    trend = signal.medfilt(steps, _odd(TREND_SECONDS * BASEBAND_RATE))
    advance = np.concatenate([[0.0], np.cumsum(trend)])  # expected phase at each sample, from the drift alone
    magnitude = np.abs(baseband)
    strong = magnitude >= WEAK * np.median(magnitude[settle:-settle])
    strong[:settle] = False
    strong[-settle:] = False
    size = np.zeros(len(baseband))
    for span in JUMP_SPANS:
        if len(baseband) <= 2 * span:
            continue
        centre = np.arange(span, len(baseband) - span)
        turned = np.angle(baseband[centre + span] * np.conj(baseband[centre - span]))
        expected = advance[centre + span] - advance[centre - span]
        jump = np.abs(np.angle(np.exp(1j * (turned - expected))))
        jump[~(strong[centre + span] & strong[centre - span])] = 0.0
        size[centre] = np.maximum(size[centre], jump)
    order = np.argsort(size)[::-1]
    at: list[float] = []
    for index in order:
        if size[index] < 0.5 * size[order[0]] or size[index] == 0.0 or len(at) == 5:
            break
        seconds = index / BASEBAND_RATE
        if all(abs(seconds - earlier) > 2 * JUMP_SPANS[-1] / BASEBAND_RATE for earlier in at):
            at.append(round(float(seconds), 1))
    frequency = component + float(np.median(steps)) * BASEBAND_RATE / (2 * np.pi)
    return float(size[order[0]]), at, frequency


def _odd(value: float) -> int:
    number = max(3, int(round(value)))
    return number if number % 2 else number + 1


class _Decimator:
    """Low-pass and keep every ``factor``-th sample, with filter state and phase carried across blocks."""

    def __init__(self, factor: int) -> None:
        self._factor = factor
        self._sos = signal.butter(8, 0.8 * (SAMPLE_RATE / factor / 2), fs=SAMPLE_RATE, output="sos")
        self._state = signal.sosfilt_zi(self._sos) * 0.0
        self._phase = 0

    def __call__(self, block: np.ndarray) -> np.ndarray:
        filtered, self._state = signal.sosfilt(self._sos, block.astype(np.float64), zi=self._state)
        kept = filtered[self._phase:: self._factor]
        self._phase = (self._phase - len(block)) % self._factor
        return np.asarray(kept)


class _Demodulator:
    """Shift one component to 0 Hz, low-pass at LOWPASS_HZ and keep ten samples a second."""

    def __init__(self, frequency: float) -> None:
        self._frequency = frequency
        self._sos = signal.butter(4, LOWPASS_HZ, fs=NARROW_RATE, output="sos")
        self._state = np.zeros((self._sos.shape[0], 2), dtype=np.complex128)
        self._position = 0
        self._factor = NARROW_RATE // BASEBAND_RATE
        self._phase = 0
        self._kept: list[np.ndarray] = []

    def feed(self, narrow: np.ndarray) -> None:
        n = np.arange(self._position, self._position + len(narrow))
        self._position += len(narrow)
        # Reduced modulo one period of the carrier so the phase stays exact after hours of samples.
        turns = (self._frequency * n / NARROW_RATE) % 1.0
        shifted = narrow * np.exp(-2j * np.pi * turns)
        filtered, self._state = signal.sosfilt(self._sos, shifted, zi=self._state)
        self._kept.append(filtered[self._phase:: self._factor].astype(np.complex64))
        self._phase = (self._phase - len(narrow)) % self._factor

    def baseband(self) -> np.ndarray:
        return np.concatenate(self._kept) if self._kept else np.zeros(0, dtype=np.complex64)
