"""Synthetic-voice indicator: how much a recording's speech resembles the speech generators we trained on.

No detector weights ship in the package registries, so ours is trained here (``training/
train_synthetic_voice.py``) on speech we generated against real read speech: six families that share no voice
and no vocoder (espeak-ng; flite/festival diphone; flite clustergen + festival HTS; the neural Piper VITS joe
voice; Kokoro-82M; WORLD-vocoder resyntheses of real recordings), every clip put through the same channel
(codecs, levels, noise) so the model learns the voice and not the file. Each window of speech (3 s, down to
1 s for a short clip) is described by cepstral statistics (mel and linear-frequency cepstra with deltas: the
spectral envelope and how it moves), prosody statistics (pitch movement and voicing), and since v2 spectral
tilt, cepstral peak prominence and frame-to-frame pitch jitter; it is scored by a logistic regression in
numpy: no torch at run time. The recording's score is the mean over at most ``MAX_WINDOWS`` windows spread
across the speech, so memory and time stay bounded whatever the length; a recording scored on one window is
held to its own, higher threshold (one window is a noisier score).

It is an indicator, never a verdict: on a generator family left out of training it misses many clips (the
measured figures it carries), so other neural voices and voice clones may score as real.
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
from veracity.resources import location, verified

MODEL_DIR = location("synthetic_voice")
WINDOW_SECONDS = 3.0
MIN_WINDOW_SECONDS = 1.0  # a stretch this long (speech throughout) is scored: a 2 s clip gets a score
SPAN_PAD_SECONDS = 0.25  # transcript segments end on word boundaries: widen each a little
JOIN_GAP_SECONDS = 1.0  # segments this close are one stretch (the pause's frames are not counted as speech)
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
LTAS_BANDS = 32
V1_FEATURES = 162  # the first 162 features are the v1 set; v2 models read all of them
NOTE = ("An indicator, not a verdict: a small model trained on six families of speech generators (espeak-ng; "
        "flite and festival diphone, clustergen and HTS voices; the neural Piper VITS joe voice and Kokoro-82M; "
        "WORLD-vocoder resyntheses of real speech) against real read speech. On a family it was not trained on "
        "it misses many clips (mean equal error rate over left-out families 12 %, neural ones 18 %: Kokoro 22 %, "
        "WORLD 28 %), so other neural voices and voice clones may well score as real; a real voice can score "
        "high too. The measured figures are shown with it (eer_unseen_generator).")


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
    return window_features_or_reason(samples)[0]


def window_features_or_reason(samples: np.ndarray) -> tuple[np.ndarray | None, str]:
    """(features, "") for a window with enough speech in it, else (None, why not: true of these samples)."""
    if len(samples) < FRAME + HOP * MIN_SPEECH_FRAMES:
        return None, f"the stretch is {len(samples) / SAMPLE_RATE:.2f} s long, under the 0.5 s of speech needed"
    count = 1 + (len(samples) - FRAME) // HOP
    index = np.arange(FRAME)[None, :] + HOP * np.arange(count)[:, None]
    window = np.hanning(FRAME)
    frames = samples[index] * window
    power = np.abs(np.fft.rfft(frames, axis=1)) ** 2 + 1e-10
    level_dbfs = 10 * np.log10(np.mean(frames**2, axis=1) / np.mean(window**2) + 1e-12)
    speech = (level_dbfs > level_dbfs.max() - SILENCE_DB) & (level_dbfs > QUIET_DBFS)
    if speech.sum() < MIN_SPEECH_FRAMES:
        if level_dbfs.max() <= QUIET_DBFS:
            return None, (f"it is silent or nearly: its loudest 32 ms is at {level_dbfs.max():.0f} dBFS, below the "
                          f"{QUIET_DBFS:g} dBFS counted as sound")
        return None, (f"only {speech.sum() / 100:.2f} s of it is sound (louder than {QUIET_DBFS:g} dBFS and within "
                      f"{SILENCE_DB:g} dB of its loudest moment), under the 0.5 s needed")
    pitch = _pitch_features(frames, speech)
    if pitch[0] * speech.sum() < MIN_VOICED_FRAMES:
        return None, (f"its sound has only {pitch[0] * speech.sum() / 100:.2f} s of voicing (a pitch), under the "
                      f"0.3 s needed: noise, clicks or music rather than speech")
    mel, linear, dct = _filterbanks()
    mfcc = np.log(power @ mel.T) @ dct.T
    lfcc = np.log(power @ linear.T) @ dct.T
    cepstral = np.hstack([mfcc[:, 1:], _deltas(mfcc)[:, 1:], lfcc[:, 1:], _deltas(lfcc)[:, 1:]])[speech]
    v1 = [_stats(cepstral), _spectral_features(power[speech]), pitch]
    return np.concatenate([*v1, _v2_features(frames, power, speech)]).astype(np.float32), ""


def _v2_features(frames: np.ndarray, power: np.ndarray, speech: np.ndarray) -> np.ndarray:
    """What the v2 model adds for neural voices and vocoders: the long-term spectrum in 32 linear bands (level
    removed) and its fine structure (how peaky it is around its smooth shape) per 2 kHz region; the modulation
    spectrum of low, mid and high band envelopes; how the high band follows the low one; cepstral peak
    prominence (harmonicity); and frame-to-frame pitch jitter from an interpolated pitch track."""
    speech_power = power[speech]
    ltas = np.log(speech_power.mean(axis=0))
    edges = np.linspace(0, len(ltas), LTAS_BANDS + 1).astype(int)
    bands = np.array([ltas[a:b].mean() for a, b in zip(edges[:-1], edges[1:], strict=True)])
    smooth = np.convolve(np.pad(ltas, 4, mode="edge"), np.ones(9) / 9, mode="valid")
    residual = ltas - smooth
    regions = [residual[i * 64 : (i + 1) * 64 + 1].std() for i in range(4)]
    frame_residual = np.log(speech_power) - np.log(speech_power).mean(axis=0)
    high_variability = [frame_residual[:, i * 64 : (i + 1) * 64 + 1].std() for i in range(4)]
    # band envelopes over every frame (pauses included: their depth is part of the rhythm)
    low, mid, high = (np.log(power[:, a:b].sum(axis=1)) for a, b in ((2, 33), (33, 129), (129, 257)))
    modulation = np.concatenate([_modulation(envelope) for envelope in (low, mid, high)])
    if speech.sum() > 2 and np.std(high[speech]) > 0 and np.std(low[speech]) > 0:
        follow = float(np.corrcoef(high[speech], low[speech])[0, 1])
    else:
        follow = 0.0
    tilt = high[speech] - low[speech]
    cepstrum = np.fft.irfft(np.log(speech_power), axis=1)[:, :FRAME // 2]
    quefrency = slice(SAMPLE_RATE // 400, SAMPLE_RATE // 60)
    prominence = cepstrum[:, quefrency].max(axis=1) - np.median(cepstrum[:, quefrency], axis=1)
    return np.concatenate([bands - bands.mean(), regions, high_variability, modulation,
                           [follow, tilt.mean(), tilt.std(), prominence.mean(),
                            prominence.std()], _jitter(frames, speech), _band_flatness(speech_power)])


def _band_flatness(power: np.ndarray) -> np.ndarray:
    """Mean and std over frames of the spectral flatness in 8 linear 1 kHz bands: how noise-like each band is
    (vocoders mix harmonics and noise by band in their own way)."""
    edges = np.linspace(1, power.shape[1], 9).astype(int)
    flatness = np.stack([np.exp(np.log(power[:, a:b]).mean(axis=1)) / power[:, a:b].mean(axis=1)
                         for a, b in zip(edges[:-1], edges[1:], strict=True)], axis=1)
    return np.concatenate([flatness.mean(axis=0), flatness.std(axis=0)])


def _modulation(envelope: np.ndarray) -> np.ndarray:
    """Share of the envelope's modulation energy (100 frames a second) in 0.5-4, 4-8, 8-16 and 16-50 Hz."""
    centred = envelope - envelope.mean()
    spectrum = np.abs(np.fft.rfft(centred * np.hanning(len(centred)))) ** 2
    rates = np.fft.rfftfreq(len(centred), 1 / 100)
    shares = np.array([spectrum[(rates >= a) & (rates < b)].sum() for a, b in ((0.5, 4), (4, 8), (8, 16), (16, 50))])
    return np.asarray(np.log(shares / (shares.sum() + 1e-12) + 1e-6))


def _jitter(frames: np.ndarray, speech: np.ndarray) -> np.ndarray:
    """Local pitch perturbation: each voiced frame's log F0 (parabolic peak of the autocorrelation) against the
    median of its 5-frame neighbourhood; mean, std and 90th percentile, and the mean voiced run length."""
    autocorrelation = np.fft.irfft(np.abs(np.fft.rfft(frames, n=2 * FRAME, axis=1)) ** 2, axis=1)[:, :FRAME]
    autocorrelation = autocorrelation / (autocorrelation[:, :1] + 1e-12) / _window_autocorrelation()
    low, high = PITCH_LAGS
    rows = np.arange(len(frames))
    lag = low + np.argmax(autocorrelation[:, low:high], axis=1)
    left, centre, right = (autocorrelation[rows, np.clip(lag + d, 0, FRAME - 1)] for d in (-1, 0, 1))
    curvature = left - 2 * centre + right
    offset = np.where(np.abs(curvature) > 1e-9, 0.5 * (left - right) / np.where(curvature == 0, 1, curvature), 0.0)
    log_f0 = np.log(SAMPLE_RATE / (lag + np.clip(offset, -0.5, 0.5)))
    voiced = speech & (centre > 0.5)
    padded = np.pad(log_f0, 2, mode="edge")
    neighbourhood = np.median(np.stack([padded[i : i + len(log_f0)] for i in range(5)]), axis=0)
    padded_voiced = np.pad(voiced, 2)
    whole = voiced & np.all(np.stack([padded_voiced[i : i + len(voiced)] for i in range(5)]), axis=0)
    deviation = np.abs(log_f0 - neighbourhood)[whole]
    deviation = deviation[deviation < 0.1]
    runs = np.diff(np.flatnonzero(np.diff(np.concatenate([[0], voiced.astype(int), [0]]))))[::2]
    if len(deviation) < 3:
        return np.array([0.0, 0.0, 0.0, float(runs.mean()) / 100 if len(runs) else 0.0])
    return np.array([deviation.mean() * 100, deviation.std() * 100, np.percentile(deviation, 90) * 100,
                     float(runs.mean()) / 100])


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
    columns: np.ndarray | None = None  # which features the model reads; None: the first len(mean)
    one_window_threshold: float | None = None  # for a recording scored on a single window (a short clip)

    def threshold_for(self, windows: int) -> float:
        """One window's score is noisier than a mean of several, so it has its own 5 % false-alarm point."""
        return self.one_window_threshold if windows == 1 and self.one_window_threshold is not None else self.threshold

    def window_scores(self, features: np.ndarray) -> np.ndarray:
        """Scores of windows' feature vectors; a v1 model reads the first ``V1_FEATURES`` of each."""
        used = features[:, : len(self.mean)] if self.columns is None else features[:, self.columns]
        logits = ((used - self.mean) / self.scale) @ self.coef + self.intercept
        return np.asarray(1 / (1 + np.exp(-np.clip(logits, -30, 30))))


@lru_cache(maxsize=1)
def load_detector(model_dir: Path = MODEL_DIR) -> Detector:
    """The committed weights and the benchmark's measured error rates next to them."""
    try:
        weights = json.loads((verified(model_dir) / "model.json").read_text())
    except (OSError, ValueError) as error:
        raise ModelError(f"the synthetic-voice model in {model_dir} is missing or unreadable ({error}); "
                         "reinstall Veracity or run training/train_synthetic_voice.py") from error
    measured_file = model_dir / "measured.json"
    measured = json.loads(measured_file.read_text()) if measured_file.is_file() else {}
    return Detector(name=weights["name"], mean=np.array(weights["mean"]), scale=np.array(weights["scale"]),
                    coef=np.array(weights["coef"]), intercept=float(weights["intercept"]),
                    threshold=float(weights["threshold"]), measured=measured,
                    columns=np.array(weights["columns"]) if "columns" in weights else None,
                    one_window_threshold=weights.get("one_window_threshold"))


# ---------------------------------------------------------------- recording


def speech_stretches(duration: float, speech: Sequence[tuple[float, float]] | None) -> list[tuple[float, float]]:
    """The stretches to score: the whole recording, or the speech segments widened by ``SPAN_PAD_SECONDS`` and
    joined where under ``JOIN_GAP_SECONDS`` apart (a transcript cuts a short clip into pieces at every pause)."""
    if speech is None:
        return [(0.0, duration)] if duration > 0 else []
    stretches: list[tuple[float, float]] = []
    for start, end in sorted(speech):
        start, end = max(0.0, start - SPAN_PAD_SECONDS), min(duration, end + SPAN_PAD_SECONDS)
        if end <= start:
            continue
        if stretches and start - stretches[-1][1] < JOIN_GAP_SECONDS:
            stretches[-1] = (stretches[-1][0], max(stretches[-1][1], end))
        else:
            stretches.append((start, end))
    return stretches


def plan_windows(duration: float, speech: Sequence[tuple[float, float]] | None) -> list[tuple[float, float]]:
    """Windows of up to 3 s tiling the speech (or the whole recording), at most ``MAX_WINDOWS`` spread evenly."""
    candidates: list[tuple[float, float]] = []
    for start, end in speech_stretches(duration, speech):
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


def why_no_window(duration: float, speech: Sequence[tuple[float, float]] | None) -> str:
    """Why no stretch was long enough to score, in terms true of this recording."""
    if speech is None:
        return (f"the recording is {duration:.2f} s long, under the {MIN_WINDOW_SECONDS:g} s of audio the indicator "
                "needs")
    if not speech:
        return "the transcript found no speech in the recording"
    longest = max((end - start for start, end in speech_stretches(duration, speech)), default=0.0)
    return (f"the transcript's speech segments ({len(speech)}, {sum(e - s for s, e in speech):.2f} s in all) "
            f"make no stretch of {MIN_WINDOW_SECONDS:g} s, even widened by {SPAN_PAD_SECONDS:g} s and joined across "
            f"pauses under {JOIN_GAP_SECONDS:g} s (longest {longest:.2f} s)")


def why_unscored(duration: float, speech: Sequence[tuple[float, float]] | None, reasons: list[str]) -> str:
    """Why none of the planned stretches could be scored: the first stretch's reason, with the count."""
    where = "the recording" if speech is None else "the transcript's speech"
    if not reasons:
        return f"{where} could not be read as far as its stated {duration:.2f} s"
    if len(reasons) == 1:
        return f"in {where}, {reasons[0]}"
    return f"none of the {len(reasons)} stretches of {where} holds enough speech (the first: {reasons[0]})"


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
    duration = _duration(path)
    planned = plan_windows(duration, speech)
    scored: list[WindowScore] = []
    reasons: list[str] = []
    for start, end, samples in extract_windows(path, planned):
        features, why = window_features_or_reason(samples)
        if features is not None:
            scored.append(WindowScore(start, end, float(detector.window_scores(features[None, :])[0])))
        else:
            reasons.append(why)
    if not scored:
        reason = "no speech to score: " + (why_unscored(duration, speech, reasons) if planned else
                                           why_no_window(duration, speech))
        return SyntheticVoice(None, detector.threshold, [], detector.name, detector.measured, reason=reason)
    score = float(np.mean([window.score for window in scored]))
    return SyntheticVoice(score, detector.threshold_for(len(scored)), scored, detector.name, detector.measured)
