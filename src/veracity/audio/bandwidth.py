"""Declared versus actual bandwidth: does the audio reach as high as its file says it can?

A file's sample rate and codec promise a bandwidth; the spectrum shows what is really there. An "original WAV"
whose spectrum ends in a brick wall at 16 kHz was an MP3 once (encoders cut everything above a lowpass that
depends on the bit rate); an MP3 declared 320 kb/s that ends at 17 kHz was re-encoded from 128 kb/s; a 44.1 kHz
file with nothing above 4 kHz came from a telephone line. These are indicators with innocent explanations
(a studio's own lowpass, a resampling step in an editor), never verdicts.

The spectrum is measured at the file's native sample rate (``decode.stream_pcm`` resamples to 16 kHz, which
would erase exactly what is looked for), from at most ``MAX_SECONDS`` of audio read in pieces spread over the
whole file, so time and memory stay bounded whatever the length.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import av
import av.error
import numpy as np

from veracity.audio.container import ContainerInfo
from veracity.audio.decode import declared_duration, open_audio
from veracity.errors import AudioError

MAX_SECONDS = 60.0
PIECES = 12
# Frequency resolution of the long-term spectrum (Hz per bin, about) and the width it is smoothed over.
BIN_HZ = 10.0
SMOOTH_HZ = 150.0
# The spectrum "stays above the floor" while it is this many dB over it.
FLOOR_MARGIN_DB = 10.0
# Nor closer than this to the loudest band: a floating-point decoder leaves traces far below any real noise
# floor (-120 dB and less) above an encoder's lowpass, which must not count as audio.
DYNAMIC_RANGE_DB = 70.0
# A brick wall: the level falls this much from just below the cutoff to just above it.
WALL_DROP_DB = 25.0
WALL_SPAN_HZ = (300.0, 1500.0)
EDGE_DB = 10.0
MIN_WALL_HZ = 2500.0  # below this no encoder, resampler or phone line sets a lowpass
# A cutoff this close to Nyquist is the converter's or resampler's anti-alias filter: full band.
FULL_BAND = 0.9
# A top band (the last 5 % below Nyquist) louder than this per bin, dB full scale, holds signal or analogue
# noise up to the end: 11 dB above 16-bit quantisation noise (-101 dB), far above what a decoder leaves.
LIVE_TOP_DB = -90.0
SILENCE_DB = -100.0  # mean power below this (dB full scale) is no signal
_FLOOR_CLAMP = 1e-13  # -130 dB: digital silence above a wall is clamped here rather than at -inf
_LOSSLESS = {"flac", "alac", "wavpack", "ape", "tta", "mlp", "truehd", "shorten", "tak"}
# Sample rates a recording may have been upsampled from. A resampler's passband ends just below the old Nyquist
# but its skirt (and the images a cheap one leaves) reach up to ~15 % above it, and speech falling off towards
# the old limit puts the measured edge up to ~25 % below it.
_RATES = (8000, 11025, 16000, 22050, 24000)
_ORIGIN_SPAN = (0.75, 1.15)

# LAME 3.100's optimum_bandwidth table (lame.c): CBR/ABR bit rate in kb/s -> lowpass in Hz. For mono, LAME
# multiplies the lowpass by 1.5; it never goes above 20.5 kHz or the output's Nyquist.
LAME_LOWPASS = ((8, 2000), (16, 3700), (24, 3900), (32, 5500), (40, 7000), (48, 7500), (56, 10000), (64, 11000),
                (80, 13500), (96, 15100), (112, 15600), (128, 17000), (160, 17500), (192, 18600), (224, 19400),
                (256, 19700), (320, 20500))
_ENCODER_CAVEAT = {
    "mp3": " (expected from LAME's defaults; another encoder, or LAME with its own --lowpass, differs)",
    "aac": " (expected from FFmpeg's AAC encoder; Apple's and FDK's choose their own lowpass)",
    "opus": " (expected from libopus's automatic bandwidth; an application may force a narrower one)",
}
# libopus's automatic audio bandwidth by bit rate per channel (bit/s): narrow-, wide-, super-wide-, full-band.
OPUS_BANDWIDTH = ((14_000, 20_000), (11_000, 12_000), (9_000, 8_000), (0, 4_000))

# Measured by benchmarks/bandwidth.py (2026-11-26) on real speech: 225 files that are what they declare (14 of
# them full band: the 48 kHz ALSA prompts; the rest 16-22 kHz sources whose Nyquist hides any MP3 lowpass) and
# 211 altered ones (MP3 decoded to WAV, 128 -> 320 kb/s, telephone or 16/22 kHz audio upsampled). Thresholds were
# revised on this same data, so these are in-sample figures.
ERROR_RATES = {
    "false_alarm_rate": 0.009,
    "false_alarm_rate_full_band": 0.143,
    "detection_rate": 0.995,
    "measured_on": "benchmarks/bandwidth.py, 2026-11-26: 225 genuine or consistent files (14 full band), "
                   "211 altered; in-sample (thresholds revised on this data)",
}

NOTE = ("Measured on the long-term spectrum of up to 60 s of audio spread over the file. A brick wall below "
        "what the file's sample rate and codec allow means the audio passed through a lower-quality step "
        "(a lossy encoder, a lower sample rate, a telephone line) before it became this file. Innocent "
        "explanations exist (an editor's lowpass, a resampling step, a microphone with nothing above 8 kHz), "
        "and a full-band spectrum proves no originality: an indicator, not a verdict.")


@dataclass(frozen=True)
class Finding:
    kind: str
    detail: str

    def to_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "detail": self.detail}


@dataclass(frozen=True)
class BandwidthCheck:
    """The measured bandwidth against the declared one; ``to_dict`` is the report's JSON."""

    sample_rate: int
    nyquist_hz: float
    measured_cutoff_hz: float | None
    expected_cutoff_hz: float | None
    sharp_cutoff: bool
    findings: list[Finding] = field(default_factory=list)
    analysed_seconds: float = 0.0
    note: str = NOTE

    def to_dict(self) -> dict[str, Any]:
        return {"sample_rate": self.sample_rate, "nyquist_hz": self.nyquist_hz,
                "measured_cutoff_hz": self.measured_cutoff_hz, "expected_cutoff_hz": self.expected_cutoff_hz,
                "sharp_cutoff": self.sharp_cutoff, "findings": [f.to_dict() for f in self.findings],
                "analysed_seconds": self.analysed_seconds, "error_rates": dict(ERROR_RATES), "note": self.note}


@dataclass(frozen=True)
class Spectrum:
    """Long-term average power spectrum, smoothed, in dB full scale."""

    freqs: np.ndarray
    level_db: np.ndarray
    mean_power_db: float
    seconds: float


@dataclass(frozen=True)
class Cutoff:
    hz: float
    sharp: bool
    drop_db: float


def check_bandwidth(path: str | Path, container: ContainerInfo) -> BandwidthCheck:
    """Measure where the audio's spectrum ends and compare it with what ``container`` declares."""
    rate = int(container.sample_rate)
    nyquist = rate / 2
    spectrum = long_term_spectrum(path, rate)
    expected = expected_cutoff(container)
    if spectrum.mean_power_db < SILENCE_DB:
        return BandwidthCheck(rate, nyquist, None, expected, False, [], round(spectrum.seconds, 2),
                              "No signal: the analysed audio is silent, so its bandwidth cannot be measured. " + NOTE)
    cutoff = find_cutoff(spectrum, nyquist)
    findings = judge(cutoff, nyquist, expected, container)
    return BandwidthCheck(rate, nyquist, round(cutoff.hz, -1), expected, cutoff.sharp, findings,
                          round(spectrum.seconds, 2))


def long_term_spectrum(path: str | Path, rate: int) -> Spectrum:
    """Average power spectrum over pieces of the file at its native rate (Hann frames, half overlap)."""
    n_fft = 1 << max(8, round(np.log2(rate / BIN_HZ)))
    window = np.hanning(n_fft)
    scale = 1.0 / np.sum(window**2)
    total = np.zeros(n_fft // 2 + 1)
    frames = 0
    seconds = 0.0
    for piece in _pieces(path, rate):
        seconds += len(piece) / rate
        if len(piece) < n_fft:
            piece = np.pad(piece, (0, n_fft - len(piece)))
        starts = range(0, len(piece) - n_fft + 1, n_fft // 2)
        stack = np.stack([piece[s: s + n_fft] for s in starts]) * window
        total += (np.abs(np.fft.rfft(stack, axis=1)) ** 2).sum(axis=0) * scale
        frames += len(stack)
    if frames == 0:
        raise AudioError("no audio could be decoded to measure its bandwidth; the file may be damaged",
                         source=str(path))
    power = total / frames
    freqs = np.fft.rfftfreq(n_fft, 1.0 / rate)
    width = max(1, int(round(SMOOTH_HZ / (rate / n_fft))))
    smoothed = np.convolve(power, np.ones(width) / width, mode="same")
    mean_power = float(power.sum() / (n_fft / 2))  # per-sample mean square, as a full-scale sine's 0.5 is -3 dB
    return Spectrum(freqs, 10 * np.log10(np.maximum(smoothed, _FLOOR_CLAMP)),
                    10 * np.log10(max(mean_power, 1e-30)), seconds)


def find_cutoff(spectrum: Spectrum, nyquist: float) -> Cutoff:
    """Where the spectrum ends: the highest brick wall if there is one, else where it meets its floor.

    A wall is a fall of ``WALL_DROP_DB`` from just below a frequency to just above it, with nothing above
    it rising back to half that fall (clipping distortion or a decoder's traces may sit above a wall; speech
    does not come back). Without a wall, the cutoff is the highest frequency ``FLOOR_MARGIN_DB`` above the floor
    (the 10th percentile of the spectrum) and within ``DYNAMIC_RANGE_DB`` of the loudest band, or Nyquist where
    the top band is live (noise or signal well above any quantisation floor, so nothing was cut).
    """
    freqs, level = spectrum.freqs, spectrum.level_db
    usable = (freqs >= 50.0) & (freqs <= nyquist * 0.995)
    wall = _highest_wall(freqs, level, nyquist)
    if wall is not None:
        return wall
    top = level[(freqs >= nyquist * 0.95) & usable]
    if len(top) and float(np.median(top)) > LIVE_TOP_DB:
        return Cutoff(float(nyquist), False, 0.0)
    floor = float(np.percentile(level[usable], 10))
    threshold = max(floor + FLOOR_MARGIN_DB, float(np.max(level[usable])) - DYNAMIC_RANGE_DB)
    above = np.nonzero(usable & (level > threshold))[0]
    return Cutoff(float(freqs[above[-1]]) if len(above) else float(nyquist), False, 0.0)


def _highest_wall(freqs: np.ndarray, level: np.ndarray, nyquist: float) -> Cutoff | None:
    """The highest frequency across which the level falls ``WALL_DROP_DB`` and never comes back."""
    step = float(freqs[1] - freqs[0])
    near, far = (int(round(hz / step)) for hz in WALL_SPAN_HZ)
    last = int(np.searchsorted(freqs, nyquist * 0.995))
    band = level[:last]
    if len(band) < 2 * far + 1:
        return None
    sums = np.concatenate(([0.0], np.cumsum(band)))
    centres = np.arange(far, len(band) - far)
    below = (sums[centres - near] - sums[centres - far]) / (far - near)
    beyond = (sums[centres + far] - sums[centres + near]) / (far - near)
    drop = below - beyond
    # The loudest point anywhere above each candidate (plus the near gap), to check nothing comes back.
    ceiling = np.maximum.accumulate(band[::-1])[::-1]
    rest = ceiling[np.minimum(centres + near, len(band) - 1)]
    walls = np.nonzero((drop >= WALL_DROP_DB) & (rest <= below - WALL_DROP_DB / 2)
                       & (freqs[centres] >= MIN_WALL_HZ))[0]
    # Means let one loud tone below a frequency pass for a wall; the wall must hold on medians too, so the band
    # below it is broadband audio, not a hum or a test tone.
    for candidate in walls[::-1]:
        centre = int(centres[candidate])
        median_drop = float(np.median(band[centre - far: centre - near]) - np.median(band[centre + near: centre + far]))
        if median_drop >= WALL_DROP_DB:
            return Cutoff(_wall_edge(freqs, level, float(freqs[centre])), True, median_drop)
    return None


def _wall_edge(freqs: np.ndarray, level: np.ndarray, hz: float) -> float:
    """Where a wall starts: the highest frequency still within ``EDGE_DB`` of the passband just below it.

    The threshold crossing lies down the wall's skirt (a resampler's transition band can be 600 Hz wide);
    the edge is where the filter was set.
    """
    passband = level[(freqs >= hz - 2500.0) & (freqs <= hz - 1000.0)]
    if len(passband) == 0:
        return hz
    inside = np.nonzero((freqs <= hz) & (level >= float(np.median(passband)) - EDGE_DB))[0]
    return float(freqs[inside[-1]]) if len(inside) else hz


def judge(cutoff: Cutoff, nyquist: float, expected: float | None, container: ContainerInfo) -> list[Finding]:
    """Name what a wall below the declared bandwidth suggests."""
    hz = cutoff.hz
    if not cutoff.sharp or hz >= FULL_BAND * nyquist:
        return []
    khz, nyq_khz = hz / 1000, nyquist / 1000
    if expected is not None and not _lossless(container) and hz >= expected - _tolerance(expected):
        return []  # the codec's own lowpass at the declared bit rate
    origin = _origin_rate(hz)
    findings: list[Finding] = []
    if origin is not None:
        findings.append(Finding("upsampled", f"the audio stops at {khz:.1f} kHz, at the {origin / 2000:g} kHz "
                                f"limit of {origin} Hz sampling, in a file sampled at {container.sample_rate} "
                                "Hz: it was likely resampled up from a lower rate (or lowpassed by an encoder at "
                                "that frequency)"))
        if origin == 8000:
            findings.append(Finding("narrowband_origin", f"nothing above {khz:.1f} kHz: telephone band (8 kHz "
                                    "sampling, or a narrowband codec); the recording passed through a phone line "
                                    "or a narrowband channel"))
    # A wall near 11-13.5 kHz is ambiguous: upsampled from 22.05/24 kHz, or an MP3 at 64-80 kb/s; both are named.
    if _lossless(container) and (origin is None or origin >= 22050):
        findings.append(Finding("lossy_origin", f"a lossless {container.codec} file whose spectrum ends in a brick "
                                f"wall at {khz:.1f} kHz, well below its {nyq_khz:.2f} kHz limit, as a lossy "
                                f"encoder's lowpass does ({_nearest_mp3(hz)}): it was likely lossy-encoded once"))
    if not _lossless(container) and expected is not None and origin is None:
        findings.append(Finding("transcoded", f"declared {_kbps(container)} kb/s, at which the encoder keeps up to "
                                f"{expected / 1000:.1f} kHz, but the spectrum ends in a wall at {khz:.1f} kHz "
                                f"({_nearest_mp3(hz)}): likely re-encoded from a lower-quality file"
                                f"{_ENCODER_CAVEAT.get(container.codec, '')}"))
    if not findings:
        findings.append(Finding("band_limited", f"the spectrum ends in a wall at {khz:.1f} kHz, below the "
                                f"{nyq_khz:.2f} kHz its sample rate allows; the codec's usual lowpass is unknown"))
    return findings


def expected_cutoff(container: ContainerInfo) -> float | None:
    """Where the declared codec at the declared bit rate puts its lowpass (Hz), or ``None`` when unknown."""
    nyquist = container.sample_rate / 2
    codec = container.codec
    if _lossless(container):
        return nyquist
    rate = container.stream_bit_rate or container.bit_rate
    if not rate:
        return None
    channels = max(1, container.channels)
    if codec == "mp3":
        if container.bit_rate_mode == "vbr":
            return None  # the lowpass follows the VBR quality level, which the header does not state
        lowpass = _lame_lowpass(rate / 1000) * (1.5 if channels == 1 else 1.0)
        return float(min(lowpass, 20_500.0, nyquist))
    if codec == "aac":
        per_channel = rate / channels  # FFmpeg's native AAC encoder (AAC_CUTOFF_FROM_BITRATE); others differ
        cut = min(max(per_channel / 5, per_channel * 15 / 32 - 5500), 3000 + per_channel / 4,
                  12000 + per_channel / 16)
        return float(min(cut, 22_000.0, nyquist))
    if codec == "opus":
        per_channel = rate / channels
        return float(min(next(band for floor, band in OPUS_BANDWIDTH if per_channel >= floor), nyquist))
    return None


def _lossless(container: ContainerInfo) -> bool:
    return container.codec.startswith("pcm_") or container.codec in _LOSSLESS


def _lame_lowpass(kbps: float) -> float:
    """LAME's lowpass for a bit rate, interpolated between its table's rows as LAME does."""
    rows = LAME_LOWPASS
    if kbps <= rows[0][0]:
        return float(rows[0][1])
    for (rate_a, low_a), (rate_b, low_b) in zip(rows, rows[1:], strict=False):
        if kbps <= rate_b:
            return low_a + (low_b - low_a) * (kbps - rate_a) / (rate_b - rate_a)
    return float(rows[-1][1])


def _nearest_mp3(hz: float) -> str:
    rate, lowpass = min(LAME_LOWPASS, key=lambda row: abs(row[1] - hz))
    return f"LAME's lowpass at {rate} kb/s stereo is {lowpass / 1000:g} kHz"


def _tolerance(expected: float) -> float:
    return max(1500.0, 0.1 * expected)


def _origin_rate(hz: float) -> int | None:
    """A standard sample rate whose Nyquist the cutoff sits just below (a resampler's passband edge)."""
    for rate in _RATES:
        if _ORIGIN_SPAN[0] * rate / 2 <= hz <= _ORIGIN_SPAN[1] * rate / 2:
            return rate
    return None


def _kbps(container: ContainerInfo) -> str:
    rate = container.stream_bit_rate or container.bit_rate or 0
    return f"{rate / 1000:g}"


def _pieces(path: str | Path, rate: int) -> Iterator[np.ndarray]:
    """Mono float64 blocks of ``MAX_SECONDS / PIECES`` at the native rate: the whole file up to ``MAX_SECONDS``,
    else one block from each of ``PIECES`` places spread over it."""
    piece = MAX_SECONDS / PIECES
    with open_audio(path) as container:
        duration = declared_duration(container)
        if duration is None or duration <= MAX_SECONDS * 1.2:
            yield from _blocks(_read(container, rate, 0.0, MAX_SECONDS, seek=False), int(piece * rate))
            return
        for index in range(PIECES):
            start = (duration - piece) * index / (PIECES - 1)
            yield from _blocks(_read(container, rate, start, piece, seek=True), int(piece * rate))


def _blocks(frames: Iterator[np.ndarray], size: int) -> Iterator[np.ndarray]:
    """Decoded frames (about 20 ms each) joined into blocks of ``size`` samples, the last one shorter."""
    pending: list[np.ndarray] = []
    count = 0
    for samples in frames:
        pending.append(samples)
        count += len(samples)
        if count >= size:
            yield np.concatenate(pending)
            pending, count = [], 0
    if pending:
        yield np.concatenate(pending)


def _read(container: av.container.InputContainer, rate: int, start: float, seconds: float,
          seek: bool) -> Iterator[np.ndarray]:
    """``seconds`` of mono samples from ``start`` (after a seek to the nearest earlier point the format allows)."""
    stream = container.streams.audio[0]
    wanted = int(seconds * rate)
    resampler = av.AudioResampler(format="dbl", layout="mono", rate=rate)
    got = 0
    try:
        if seek:
            container.seek(int(start * av.time_base))
        for packet in container.demux(stream):
            try:
                frames = packet.decode()
            except av.error.InvalidDataError:
                continue  # one damaged packet; the rest of the piece still tells the spectrum
            for frame in frames:
                for out in resampler.resample(frame):
                    samples = out.to_ndarray().reshape(-1)[: wanted - got]
                    got += len(samples)
                    yield samples
                if got >= wanted:
                    return
    except av.error.FFmpegError:
        return  # a seek or read that fails near a damaged stretch: the other pieces still count
