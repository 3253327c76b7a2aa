"""Writing test signals as 16-bit mono WAV files (the standard library's wave module: no encoder involved)."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np

from veracity.audio.decode import SAMPLE_RATE


def write_wav(path: Path, samples: np.ndarray, rate: int = SAMPLE_RATE) -> Path:
    """``samples`` in [-1, 1] at ``rate`` Hz written to ``path``; returns ``path``."""
    with wave.open(str(path), "wb") as handle:
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(rate)
        handle.writeframes((np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes())
    return path
