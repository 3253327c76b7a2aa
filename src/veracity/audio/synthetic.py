"""Synthetic-voice indicator: how much a recording's speech resembles the open-source synthesisers we trained on.

No detector weights ship in the package registries, so ours is trained here (``training/
train_synthetic_voice.py``) on speech we generated with espeak-ng, flite and festival against real read
speech, every clip put through the same channel (codecs, levels, noise) so the model learns the voice and not
the file. Each 3-second window of speech is described by cepstral statistics (mel and linear-frequency
cepstra with deltas: the spectral envelope and how it moves) and prosody statistics (pitch movement and
voicing: synthetic pitch is smoother than a person's), and scored by a logistic regression in numpy: no torch
at run time. The recording's score is the mean over at most ``MAX_WINDOWS`` windows spread across the speech,
so memory and time stay bounded whatever the length.

It is an indicator, never a verdict: modern neural voice clones are outside what it was trained on and may
score as real, and its error on a generator it has never seen is the measured figure it carries.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from veracity.audio.decode import SAMPLE_RATE, declared_duration, open_audio, stream_pcm
from veracity.errors import ModelError

MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "synthetic_voice"
WINDOW_SECONDS = 3.0
MIN_WINDOW_SECONDS = 1.5
MAX_WINDOWS = 50
FRAME = 512  # 32 ms
HOP = 160  # 10 ms
CEPSTRA = 20
BANDS = 40
SILENCE_DB = 40.0  # a frame this far below the window's loudest frame is not speech
QUIET_DBFS = -55.0  # frames quieter than this are never speech
MIN_SPEECH_FRAMES = 50  # half a second of speech frames in a window, or the window is not scored
MIN_VOICED_FRAMES = 30  # and 0.3 s of them voiced (pitched): noise and clicks are not speech
PITCH_LAGS = (SAMPLE_RATE // 400, SAMPLE_RATE // 60)  # 60-400 Hz
NOTE = ("An indicator, not a verdict: a small model trained on a few open-source speech synthesisers "
        "(espeak-ng, flite, festival) against real read speech. Modern neural voice clones are outside its "
        "training and may score as real; a high score on a real voice is possible too. How often it errs on a "
        "synthesiser it never saw is the measured figure shown with it (eer_unseen_generator).")


@dataclass(frozen=True)
class WindowScore:
    """One scored stretch of the recording, in seconds."""

    start: float
    end: float
    score: float

    def to_dict(self) -> dict[str, float]:
        return {"start": round(self.start, 2), "end": round(self.end, 2), "score": round(self.score, 4)}


@dataclass(frozen=True)
class SyntheticVoice:
    """The indicator for one recording: ``score`` is ``None`` when there was no speech to score (``reason``)."""

    score: float | None
    threshold: float
    windows: list[WindowScore]
    model: str
    measured: dict[str, Any]
    reason: str | None = None
    note: str = NOTE

    @property
    def flagged(self) -> bool:
        return self.score is not None and self.score >= self.threshold

    def to_dict(self) -> dict[str, Any]:
        result: dict[str, Any] = {
            "score": None if self.score is None else round(self.score, 4),
            "threshold": round(self.threshold, 4),
            "flagged": self.flagged,
            "windows": [window.to_dict() for window in self.windows],
            "model": self.model,
            "measured": self.measured,
            "note": self.note,
        }
        if self.reason is not None:
            result["reason"] = self.reason
        return result


# ---------------------------------------------------------------- features


@lru_cache(maxsize=1)
def _filterbanks() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(mel filterbank, linear filterbank, DCT-II matrix): triangular filters over the 257 FFT bins."""
    bins = np.fft.rfftfreq(FRAME, 1 / SAMPLE_RATE)

    def triangles(edges: np.ndarray) -> np.ndarray:
        bank = np.zeros((BANDS, len(bins)))
        for band in range(BANDS):
            low, centre, high = edges[band : band + 3]
            rising = (bins - low) / (centre - low)
            falling = (high - bins) / (high - centre)
            bank[band] = np.clip(np.minimum(rising, falling), 0, None)
        return bank

    mel_top = 2595 * np.log10(1 + (SAMPLE_RATE / 2) / 700)
    mel_edges = 700 * (10 ** (np.linspace(0, mel_top, BANDS + 2) / 2595) - 1)
    linear_edges = np.linspace(0, SAMPLE_RATE / 2, BANDS + 2)
    n = np.arange(BANDS)
    dct = np.cos(np.pi / BANDS * (n[None, :] + 0.5) * np.arange(CEPSTRA)[:, None]) * np.sqrt(2 / BANDS)
    return triangles(mel_edges), triangles(linear_edges), dct


@lru_cache(maxsize=1)
def _window_autocorrelation() -> np.ndarray:
    window = np.hanning(FRAME)
    own = np.fft.irfft(np.abs(np.fft.rfft(window, n=2 * FRAME)) ** 2)[:FRAME]
    return np.asarray(own / own[0])


def _deltas(x: np.ndarray) -> np.ndarray:
    """Regression deltas over +-2 frames along axis 0."""
    padded = np.pad(x, ((2, 2), (0, 0)), mode="edge")
    return (padded[3:-1] - padded[1:-3] + 2 * (padded[4:] - padded[:-4])) / 10


def _stats(x: np.ndarray) -> np.ndarray:
    return np.concatenate([x.mean(axis=0), x.std(axis=0)])


def window_features(samples: np.ndarray) -> np.ndarray | None:
    """The feature vector of one window of 16 kHz speech, or ``None`` when it holds under 0.5 s of speech."""
    if len(samples) < FRAME + HOP * MIN_SPEECH_FRAMES:
        return None
    count = 1 + (len(samples) - FRAME) // HOP
    index = np.arange(FRAME)[None, :] + HOP * np.arange(count)[:, None]
    window = np.hanning(FRAME)
    frames = samples[index] * window
    power = np.abs(np.fft.rfft(frames, axis=1)) ** 2 + 1e-10
    level_dbfs = 10 * np.log10(np.mean(frames**2, axis=1) / np.mean(window**2) + 1e-12)
    speech = (level_dbfs > level_dbfs.max() - SILENCE_DB) & (level_dbfs > QUIET_DBFS)
    if speech.sum() < MIN_SPEECH_FRAMES:
        return None
    pitch = _pitch_features(frames, speech)
    if pitch[0] * speech.sum() < MIN_VOICED_FRAMES:
        return None
    mel, linear, dct = _filterbanks()
    mfcc = np.log(power @ mel.T) @ dct.T
    lfcc = np.log(power @ linear.T) @ dct.T
    cepstral = np.hstack([mfcc[:, 1:], _deltas(mfcc)[:, 1:], lfcc[:, 1:], _deltas(lfcc)[:, 1:]])[speech]
    return np.concatenate([_stats(cepstral), _spectral_features(power[speech]), pitch]).astype(np.float32)


def _spectral_features(power: np.ndarray) -> np.ndarray:
    """Flatness and frame-to-frame flux: how noisy and how changeable the spectrum is."""
    log_power = np.log(power)
    flatness = np.exp(log_power.mean(axis=1)) / power.mean(axis=1)
    flux = np.sqrt(np.mean(np.diff(log_power, axis=0) ** 2, axis=1)) if len(power) > 1 else np.zeros(1)
    return np.array([flatness.mean(), flatness.std(), flux.mean(), flux.std()])


def _pitch_features(frames: np.ndarray, speech: np.ndarray) -> np.ndarray:
    """Voicing and pitch movement from each frame's autocorrelation (zero-padded, divided by the window's own
    autocorrelation as Boersma 1993 does, so long lags are not penalised by the taper)."""
    autocorrelation = np.fft.irfft(np.abs(np.fft.rfft(frames, n=2 * FRAME, axis=1)) ** 2, axis=1)[:, :FRAME]
    autocorrelation = autocorrelation / (autocorrelation[:, :1] + 1e-12) / _window_autocorrelation()
    low, high = PITCH_LAGS
    peak_lag = low + np.argmax(autocorrelation[:, low:high], axis=1)
    strength = autocorrelation[np.arange(len(frames)), peak_lag]
    voiced = speech & (strength > 0.5)
    log_f0 = np.log(SAMPLE_RATE / peak_lag)
    both = voiced[1:] & voiced[:-1]
    steps = np.abs(np.diff(log_f0))[both]
    steps = steps[steps < 0.2]  # an octave jump is a tracking error, not intonation
    voiced_f0 = log_f0[voiced]
    return np.array([
        voiced.sum() / max(speech.sum(), 1),
        strength[speech].mean(),
        strength[speech].std(),
        voiced_f0.std() if len(voiced_f0) > 1 else 0.0,
        steps.mean() if len(steps) else 0.0,
        steps.std() if len(steps) else 0.0,
    ])


# ---------------------------------------------------------------- model


@dataclass(frozen=True)
class Detector:
    """Standardise, then logistic regression: the whole model is a few hundred numbers in a JSON file."""

    name: str
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    threshold: float
    measured: dict[str, Any] = field(default_factory=dict)

    def window_scores(self, features: np.ndarray) -> np.ndarray:
        logits = ((features - self.mean) / self.scale) @ self.coef + self.intercept
        return np.asarray(1 / (1 + np.exp(-np.clip(logits, -30, 30))))


@lru_cache(maxsize=1)
def load_detector(model_dir: Path = MODEL_DIR) -> Detector:
    """The committed weights and the benchmark's measured error rates next to them."""
    try:
        weights = json.loads((model_dir / "model.json").read_text())
    except (OSError, ValueError) as error:
        raise ModelError(f"the synthetic-voice model in {model_dir} is missing or unreadable ({error}); "
                         "reinstall Veracity or run training/train_synthetic_voice.py") from error
    measured_file = model_dir / "measured.json"
    measured = json.loads(measured_file.read_text()) if measured_file.is_file() else {}
    return Detector(name=weights["name"], mean=np.array(weights["mean"]), scale=np.array(weights["scale"]),
                    coef=np.array(weights["coef"]), intercept=float(weights["intercept"]),
                    threshold=float(weights["threshold"]), measured=measured)


# ---------------------------------------------------------------- recording


def plan_windows(duration: float, speech: Sequence[tuple[float, float]] | None) -> list[tuple[float, float]]:
    """Windows of up to 3 s tiling the speech (or the whole recording), at most ``MAX_WINDOWS`` spread evenly."""
    spans = [(max(0.0, s), min(duration, e)) for s, e in speech] if speech is not None else [(0.0, duration)]
    candidates = []
    for start, end in sorted(spans):
        position = start
        while end - position >= MIN_WINDOW_SECONDS:
            candidates.append((position, min(position + WINDOW_SECONDS, end)))
            position += WINDOW_SECONDS
    if len(candidates) <= MAX_WINDOWS:
        return candidates
    keep = np.linspace(0, len(candidates) - 1, MAX_WINDOWS).round().astype(int)
    return [candidates[i] for i in np.unique(keep)]


def extract_windows(path: str | Path, planned: list[tuple[float, float]]) -> Iterator[tuple[float, float, np.ndarray]]:
    """The planned stretches' samples, cut from the decoded stream as it passes (one chunk held at a time)."""
    pending = iter(planned)
    current = next(pending, None)
    buffer = np.zeros(0, dtype=np.float32)
    buffer_start = 0.0
    for chunk in stream_pcm(path):
        buffer = np.concatenate([buffer, chunk])
        buffer_end = buffer_start + len(buffer) / SAMPLE_RATE
        while current is not None and current[1] <= buffer_end + 1e-6:
            first = max(0, int(round((current[0] - buffer_start) * SAMPLE_RATE)))
            last = int(round((current[1] - buffer_start) * SAMPLE_RATE))
            yield current[0], current[1], buffer[first:last]
            current = next(pending, None)
        if current is None:
            return
        keep_from = min(current[0], buffer_end)
        drop = max(0, int((keep_from - buffer_start) * SAMPLE_RATE))
        buffer, buffer_start = buffer[drop:], buffer_start + drop / SAMPLE_RATE
    if current is not None and buffer_start + len(buffer) / SAMPLE_RATE - current[0] >= MIN_WINDOW_SECONDS:
        first = max(0, int(round((current[0] - buffer_start) * SAMPLE_RATE)))
        yield current[0], buffer_start + len(buffer) / SAMPLE_RATE, buffer[first:]


def _duration(path: str | Path) -> float:
    with open_audio(path) as container:
        declared = declared_duration(container)
    if declared is not None:
        return declared
    return sum(len(block) for block in stream_pcm(path)) / SAMPLE_RATE


def synthetic_voice_indicator(path: str | Path,
                              speech: list[tuple[float, float]] | None = None) -> SyntheticVoice:
    """Score how much the recording's speech resembles the synthetic speech the model was trained on.

    ``speech``: optional (start, end) seconds of speech (the transcript's segments), so music and silence
    are not scored. Raises ``AudioError`` for a file that is not a readable recording.
    """
    detector = load_detector()
    planned = plan_windows(_duration(path), speech)
    scored: list[WindowScore] = []
    for start, end, samples in extract_windows(path, planned):
        features = window_features(samples)
        if features is not None:
            scored.append(WindowScore(start, end, float(detector.window_scores(features[None, :])[0])))
    if not scored:
        reason = ("no speech to score: the recording (or the speech segments given) holds no stretch of at least "
                  f"{MIN_WINDOW_SECONDS:g} s with half a second of speech in it")
        return SyntheticVoice(None, detector.threshold, [], detector.name, detector.measured, reason=reason)
    score = float(np.mean([window.score for window in scored]))
    return SyntheticVoice(score, detector.threshold, scored, detector.name, detector.measured)
