"""Resemblyzer's speaker encoder run in numpy: 40-band mel frames in, a 256-d unit voice embedding out.

The weights are the ``pretrained.pt`` that PyPI's ``resemblyzer`` ships (a 3-layer LSTM, then a linear layer
and ReLU, trained on LibriSpeech, VoxCeleb 1 and 2 with the GE2E loss), read by ``torch_weights`` without torch.
The features and the network follow Resemblyzer 0.1.4 step for step (its ``audio.py``, ``hparams.py`` and
``voice_encoder.py``: power mel spectrogram, not log, with librosa's slaney filters and zero-padded centred
frames; partial utterances of 160 frames at 1.3 per second, each embedded, averaged and renormalised), so an
embedding here equals Resemblyzer's to float precision (tests/audio/test_speaker_turns.py checks it against torch).
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from veracity.audio.decode import SAMPLE_RATE
from veracity.audio.torch_weights import load_state_dict
from veracity.errors import ModelError

WINDOW = 400  # 25 ms
HOP = 160  # 10 ms
MEL_BANDS = 40
PARTIAL_FRAMES = 160  # 1.6 s of frames per partial utterance
PARTIALS_PER_SECOND = 1.3
MIN_COVERAGE = 0.75
TARGET_DBFS = -30.0
LAYERS = 3
HIDDEN = 256
# Partials per LSTM batch: the gates of one batch take BATCH x 160 x 1024 floats (42 MB at 64).
BATCH = 64
_INT16_MAX = 2 ** 15 - 1


def weights_path() -> Path:
    """The ``pretrained.pt`` inside the installed ``resemblyzer`` package (found, never imported: it needs torch)."""
    spec = importlib.util.find_spec("resemblyzer")
    if spec is None or not spec.submodule_search_locations:
        from veracity.model_packages import missing_model

        raise missing_model("the speaker encoder's weights (package resemblyzer)")
    path = Path(next(iter(spec.submodule_search_locations))) / "pretrained.pt"
    if not path.is_file():
        raise ModelError(f"the resemblyzer package has no pretrained.pt at {path}; reinstall it")
    return path


class VoiceEncoder:
    """Resemblyzer's LSTM speaker encoder with numpy arithmetic. Loaded once per process by ``voice_encoder()``."""

    def __init__(self, path: str | Path | None = None) -> None:
        state = load_state_dict(path or weights_path())
        try:
            self.layers = [(state[f"model_state.lstm.weight_ih_l{k}"].T.copy(),
                            state[f"model_state.lstm.weight_hh_l{k}"].T.copy(),
                            state[f"model_state.lstm.bias_ih_l{k}"] + state[f"model_state.lstm.bias_hh_l{k}"])
                           for k in range(LAYERS)]
            self.linear_weight = state["model_state.linear.weight"].T.copy()
            self.linear_bias = state["model_state.linear.bias"]
        except KeyError as error:
            raise ModelError(f"the speaker-encoder checkpoint lacks {error}; it is not Resemblyzer's") from error
        self.mel_filters = mel_filterbank()

    def embed_mels(self, mels: np.ndarray) -> np.ndarray:
        """Unit embeddings of a batch of mel frames shaped (batch, frames, 40): the final hidden state of the
        last LSTM layer, through the linear layer and ReLU, L2-normalised (Resemblyzer's ``forward``)."""
        sequence = mels.astype(np.float32)
        hidden = np.zeros((len(mels), HIDDEN), dtype=np.float32)
        for input_weight, hidden_weight, bias in self.layers:
            gates_in = sequence @ input_weight + bias  # every time step's input at once
            hidden = np.zeros((len(mels), HIDDEN), dtype=np.float32)
            cell = np.zeros_like(hidden)
            outputs = np.empty((len(mels), sequence.shape[1], HIDDEN), dtype=np.float32)
            for step in range(sequence.shape[1]):
                gates = gates_in[:, step] + hidden @ hidden_weight
                # PyTorch's gate order: input, forget, cell candidate, output.
                i, f, g, o = np.split(gates, 4, axis=1)
                cell = _sigmoid(f) * cell + _sigmoid(i) * np.tanh(g)
                hidden = _sigmoid(o) * np.tanh(cell)
                outputs[:, step] = hidden
            sequence = outputs
        raw = np.maximum(hidden @ self.linear_weight + self.linear_bias, 0.0)
        return raw / np.maximum(np.linalg.norm(raw, axis=1, keepdims=True), 1e-12)

    def embed_utterance(self, wav: np.ndarray, normalise_volume: bool = True) -> np.ndarray:
        """One unit embedding for 16 kHz mono speech of any length: the renormalised mean of its partials'.

        ``normalise_volume`` raises quiet speech to -30 dBFS as Resemblyzer's ``preprocess_wav`` does (the
        features are power, not log, so level matters); its long-silence trimming is left to the caller.
        """
        return self.embed_utterances([wav], normalise_volume)[0]

    def embed_utterances(self, wavs: Sequence[np.ndarray], normalise_volume: bool = True) -> np.ndarray:
        """``embed_utterance`` for many clips at once, (len(wavs), 256): their partials share LSTM batches,
        which is several times faster than one clip at a time (the recurrence is a Python loop)."""
        partials, owners = [], []
        for index, wav in enumerate(wavs):
            if normalise_volume:
                wav = normalize_volume(wav)
            wav_slices, mel_slices = partial_slices(len(wav))
            needed = wav_slices[-1].stop
            if needed >= len(wav):
                wav = np.pad(wav, (0, needed - len(wav)))
            mel = self.mel_spectrogram(wav)
            partials += [mel[part] for part in mel_slices]
            owners += [index] * len(mel_slices)
        if not partials:
            return np.zeros((0, HIDDEN), dtype=np.float32)
        embedded = np.concatenate([self.embed_mels(np.stack(partials[at: at + BATCH]))
                                   for at in range(0, len(partials), BATCH)])
        sums = np.zeros((len(wavs), HIDDEN), dtype=np.float32)
        np.add.at(sums, np.asarray(owners), embedded)
        return sums / np.linalg.norm(sums, axis=1, keepdims=True)

    def mel_spectrogram(self, wav: np.ndarray) -> np.ndarray:
        """(frames, 40) power mel spectrogram, as ``librosa.feature.melspectrogram`` makes it for Resemblyzer."""
        padded = np.pad(wav.astype(np.float32), WINDOW // 2)
        count = 1 + (len(padded) - WINDOW) // HOP
        frames = np.lib.stride_tricks.as_strided(padded, shape=(count, WINDOW),
                                                 strides=(padded.strides[0] * HOP, padded.strides[0]))
        spectrum = np.fft.rfft(frames * _hann(WINDOW), axis=1)
        power = (spectrum.real ** 2 + spectrum.imag ** 2).astype(np.float32)
        return (power @ self.mel_filters.T).astype(np.float32)


@lru_cache(maxsize=1)
def voice_encoder() -> VoiceEncoder:
    """The shared encoder (1.3 M parameters; loading takes a fraction of a second)."""
    return VoiceEncoder()


def partial_slices(n_samples: int) -> tuple[list[slice], list[slice]]:
    """Where Resemblyzer cuts an utterance into 1.6 s partials (``compute_partial_slices`` at rate 1.3, min
    coverage 0.75): waveform and mel-frame slices, the last one dropped if under 75 % covered (unless alone)."""
    n_frames = int(np.ceil((n_samples + 1) / HOP))
    frame_step = int(np.round((SAMPLE_RATE / PARTIALS_PER_SECOND) / HOP))
    steps = max(1, n_frames - PARTIAL_FRAMES + frame_step + 1)
    mel_slices = [slice(start, start + PARTIAL_FRAMES) for start in range(0, steps, frame_step)]
    wav_slices = [slice(part.start * HOP, part.stop * HOP) for part in mel_slices]
    last = wav_slices[-1]
    coverage = (n_samples - last.start) / (last.stop - last.start)
    if coverage < MIN_COVERAGE and len(mel_slices) > 1:
        mel_slices, wav_slices = mel_slices[:-1], wav_slices[:-1]
    return wav_slices, mel_slices


def normalize_volume(wav: np.ndarray, target_dbfs: float = TARGET_DBFS) -> np.ndarray:
    """Raise (never lower) the level to ``target_dbfs`` RMS, as Resemblyzer's ``normalize_volume(increase_only)``."""
    rms = float(np.sqrt(np.mean((wav.astype(np.float64) * _INT16_MAX) ** 2))) if len(wav) else 0.0
    if rms == 0.0:
        return wav
    change = target_dbfs - 20 * np.log10(rms / _INT16_MAX)
    if change < 0:
        return wav
    return (wav * (10 ** (change / 20))).astype(np.float32)


def mel_filterbank(n_fft: int = WINDOW, bands: int = MEL_BANDS, rate: int = SAMPLE_RATE) -> np.ndarray:
    """librosa's default mel filters (Slaney scale, area-normalised triangles, 0 Hz to Nyquist), (bands, bins)."""
    bins = np.linspace(0, rate / 2, 1 + n_fft // 2)
    edges = _mel_to_hz(np.linspace(_hz_to_mel(0.0), _hz_to_mel(rate / 2), bands + 2))
    widths = np.diff(edges)
    ramps = np.subtract.outer(edges, bins)
    lower = -ramps[:-2] / widths[:-1, None]
    upper = ramps[2:] / widths[1:, None]
    weights = np.maximum(0.0, np.minimum(lower, upper))
    weights *= (2.0 / (edges[2:] - edges[:-2]))[:, None]
    return weights.astype(np.float32)


# Slaney's mel scale: linear below 1 kHz (3 mels per 200 Hz), logarithmic above.
_F_SP = 200.0 / 3
_MIN_LOG_HZ = 1000.0
_MIN_LOG_MEL = _MIN_LOG_HZ / _F_SP
_LOG_STEP = np.log(6.4) / 27.0


def _hz_to_mel(hz: float) -> float:
    if hz >= _MIN_LOG_HZ:
        return float(_MIN_LOG_MEL + np.log(hz / _MIN_LOG_HZ) / _LOG_STEP)
    return hz / _F_SP


def _mel_to_hz(mels: np.ndarray) -> np.ndarray:
    return np.where(mels >= _MIN_LOG_MEL, _MIN_LOG_HZ * np.exp(_LOG_STEP * (mels - _MIN_LOG_MEL)), _F_SP * mels)


def _hann(length: int) -> np.ndarray:
    """The periodic Hann window (``scipy.signal.get_window('hann', n)``, librosa's default)."""
    return (0.5 - 0.5 * np.cos(2 * np.pi * np.arange(length) / length)).astype(np.float32)


def _sigmoid(values: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * values))  # equal to 1 / (1 + e^-x), without overflow warnings
