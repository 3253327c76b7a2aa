"""A spectrogram picture of a whole recording, drawn in bounded memory and encoded as a PNG without matplotlib.

The dossier shows the recording as one image of fixed width, whatever its length. The file is streamed
(``decode.stream_pcm``) and every short-time spectrum is pooled into a column as it arrives; when there
are more columns than pixels, neighbouring columns are merged in pairs. Memory is therefore one chunk of
samples plus ``width`` spectra, for a 4-second clip or a 6-hour one. The PNG is written with ``zlib`` and
``struct`` (an indexed-colour image with a viridis-like palette), so the report needs no plotting library.
"""

from __future__ import annotations

import base64
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from veracity.audio.decode import SAMPLE_RATE, stream_pcm

FFT_SIZE = 512  # 32 ms at 16 kHz: fine enough in frequency to show a band edge, in time to show a word
HOP = 256
DEFAULT_WIDTH = 960
DEFAULT_HEIGHT = 160
DYNAMIC_RANGE_DB = 80.0
# The loudest level drawn yellow is at least this (dB of windowed power), so silence is drawn dark, not as
# its own loudest part stretched to full scale.
QUIETEST_TOP_DB = -20.0
# Viridis at nine stops: dark is quiet, yellow is loud; readable in greyscale print and by most colour-blind eyes.
_VIRIDIS = np.array([
    (68, 1, 84), (71, 44, 122), (59, 81, 139), (44, 113, 142), (33, 144, 141),
    (39, 173, 129), (92, 200, 99), (170, 220, 50), (253, 231, 37),
], dtype=np.float64)


@dataclass(frozen=True)
class Spectrogram:
    """A recording's spectrogram as palette indices (row 0 is the highest frequency) and what the axes mean."""

    pixels: np.ndarray  # uint8, shape (height, width)
    duration_seconds: float
    max_hz: float

    @property
    def width(self) -> int:
        return int(self.pixels.shape[1])

    @property
    def height(self) -> int:
        return int(self.pixels.shape[0])

    def png(self) -> bytes:
        return encode_png(self.pixels, palette())

    def data_uri(self) -> str:
        """The PNG as a ``data:`` URI, so the HTML dossier stays one file with nothing to fetch."""
        return "data:image/png;base64," + base64.b64encode(self.png()).decode("ascii")


def palette() -> np.ndarray:
    """256 RGB colours interpolated between the viridis stops."""
    positions = np.linspace(0, len(_VIRIDIS) - 1, 256)
    below = np.floor(positions).astype(int)
    above = np.minimum(below + 1, len(_VIRIDIS) - 1)
    share = (positions - below)[:, None]
    return np.rint(_VIRIDIS[below] * (1 - share) + _VIRIDIS[above] * share).astype(np.uint8)


class _ColumnPool:
    """Short-time power spectra pooled into at most ``width`` columns of equal time span.

    Each column holds ``frames_per_column`` frames; when the columns fill the width, pairs are merged and
    the span doubles, so the pool never grows past ``width`` spectra.
    """

    def __init__(self, width: int) -> None:
        self.width = width
        self.frames_per_column = 1
        self.columns: list[np.ndarray] = []
        self._partial = np.zeros(FFT_SIZE // 2 + 1)
        self._partial_frames = 0

    def add(self, power: np.ndarray) -> None:
        """Pool consecutive frames (rows of ``power``) into columns."""
        start = 0
        while start < len(power):
            take = min(self.frames_per_column - self._partial_frames, len(power) - start)
            self._partial += power[start:start + take].sum(axis=0)
            self._partial_frames += take
            start += take
            if self._partial_frames == self.frames_per_column:
                self.columns.append(self._partial / self.frames_per_column)
                self._partial, self._partial_frames = np.zeros_like(self._partial), 0
                if len(self.columns) == self.width:
                    self._merge_pairs()

    def _merge_pairs(self) -> None:
        self.columns = [(self.columns[i] + self.columns[i + 1]) / 2 for i in range(0, len(self.columns), 2)]
        self.frames_per_column *= 2

    def finish(self) -> np.ndarray:
        """Every column, the last partly filled one included, as an array (columns, frequency bins)."""
        columns = list(self.columns)
        if self._partial_frames:
            columns.append(self._partial / self._partial_frames)
        return np.array(columns) if columns else np.zeros((1, FFT_SIZE // 2 + 1))


def compute_spectrogram(path: str | Path, *, width: int = DEFAULT_WIDTH, height: int = DEFAULT_HEIGHT) -> Spectrogram:
    """The spectrogram of the recording at ``path``, ``width`` × ``height`` pixels, 0 Hz to 8 kHz.

    The recording is decoded to 16 kHz mono (as for the transcript), so nothing above 8 kHz is drawn;
    the bandwidth section of the report measures the file at its own rate. ``AudioError`` as ``stream_pcm``.
    """
    if width < 2 or width % 2 or height < 2:
        raise ValueError("the spectrogram needs an even width of at least 2 and a height of at least 2 pixels")
    pool = _ColumnPool(width)
    window = np.hanning(FFT_SIZE).astype(np.float32)
    leftover = np.zeros(0, dtype=np.float32)
    samples = 0
    for chunk in stream_pcm(path):
        samples += len(chunk)
        buffer = np.concatenate([leftover, chunk])
        frames = (len(buffer) - FFT_SIZE) // HOP + 1
        if frames <= 0:
            leftover = buffer
            continue
        view = np.lib.stride_tricks.sliding_window_view(buffer, FFT_SIZE)[: frames * HOP: HOP]
        pool.add(np.abs(np.fft.rfft(view * window, axis=1)) ** 2)
        leftover = buffer[frames * HOP:]
    if samples < FFT_SIZE:  # shorter than one frame: one zero-padded frame
        padded = np.zeros(FFT_SIZE, dtype=np.float32)
        padded[: len(leftover)] = leftover
        pool.add(np.abs(np.fft.rfft(padded * window))[None, :] ** 2)
    columns = pool.finish()
    duration = samples / SAMPLE_RATE
    return Spectrogram(_to_pixels(columns, pool.frames_per_column, duration, width, height), duration,
                       SAMPLE_RATE / 2)


def _to_pixels(columns: np.ndarray, frames_per_column: int, duration: float, width: int, height: int) -> np.ndarray:
    """Columns placed on the time axis (pixel x shows the column that holds its mid time) and bins pooled."""
    column_seconds = frames_per_column * HOP / SAMPLE_RATE
    mid_times = (np.arange(width) + 0.5) * duration / width
    index = np.minimum((mid_times / column_seconds).astype(int), len(columns) - 1)
    placed = columns[index]  # (width, bins)
    edges = np.linspace(0, placed.shape[1], height + 1).astype(int)
    rows = np.stack([placed[:, a:max(b, a + 1)].mean(axis=1) for a, b in zip(edges, edges[1:], strict=False)])
    decibels = 10 * np.log10(rows + 1e-12)
    top = max(float(np.percentile(decibels, 99.5)), QUIETEST_TOP_DB)
    scaled = np.clip((decibels - (top - DYNAMIC_RANGE_DB)) / DYNAMIC_RANGE_DB, 0.0, 1.0)
    return np.rint(scaled[::-1] * 255).astype(np.uint8)  # low frequencies at the bottom


def encode_png(indices: np.ndarray, colours: np.ndarray) -> bytes:
    """An 8-bit indexed-colour PNG of ``indices`` (height, width) with ``colours`` (≤ 256 RGB) as its palette."""
    height, width = indices.shape
    raw = np.zeros((height, width + 1), dtype=np.uint8)  # a leading 0 per row: filter type None
    raw[:, 1:] = indices
    header = struct.pack(">IIBBBBB", width, height, 8, 3, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"PLTE", colours.astype(np.uint8).tobytes())
            + _chunk(b"IDAT", zlib.compress(raw.tobytes(), 9)) + _chunk(b"IEND", b""))


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
