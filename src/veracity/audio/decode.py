"""Decode any recording FFmpeg reads into 16 kHz mono float32, streamed in bounded windows.

Whisper and every later check want 16 kHz mono; decoding through PyAV (FFmpeg in the wheel) reads WAV,
MP3, M4A/AAC, OGG/Opus, FLAC and more at any sample rate and channel count. Memory stays bounded whatever the
length: a two-hour recording is never held whole, only one window (ten minutes, 38 MB) at a time.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import av
import av.error
import numpy as np

from veracity.errors import AudioError

SAMPLE_RATE = 16_000
WINDOW_SECONDS = 600.0
# A window ends at the quietest 100 ms of its last few seconds, so a word is not cut between two windows.
CUT_SEARCH_SECONDS = 5.0
CUT_FRAME = SAMPLE_RATE // 10
# Declared and decoded durations may differ by codec priming and padding (AAC adds ~20 ms, Opus trims some);
# a file that decodes this much shorter than its header says was cut short.
TRUNCATION_TOLERANCE_SECONDS = 0.25


@dataclass(frozen=True)
class AudioWindow:
    """Consecutive samples of a recording and where they start in it, in seconds."""

    start: float
    samples: np.ndarray

    @property
    def end(self) -> float:
        return self.start + len(self.samples) / SAMPLE_RATE


@contextmanager
def open_audio(path: str | Path) -> Iterator[av.container.InputContainer]:
    """Open ``path`` with FFmpeg, or raise an ``AudioError`` that says why it is not a usable recording."""
    source = str(path)
    file = Path(path)
    if file.is_dir():
        raise AudioError("is a directory; give one recording file", source=source)
    if not file.is_file():
        raise AudioError("no such file; check the path", source=source)
    if file.stat().st_size == 0:
        raise AudioError("the file is empty (0 bytes); a download or copy may have failed", source=source)
    try:
        container = av.open(source, mode="r")
    except av.error.InvalidDataError as error:
        raise AudioError("not a recording FFmpeg can read: another kind of file renamed, or a recording cut "
                         "short before its header (an M4A's index often comes last); supply a complete WAV, MP3, "
                         "M4A, OGG/Opus or FLAC file", source=source) from error
    except (av.error.FFmpegError, OSError) as error:
        raise AudioError(f"cannot open the recording: {error}", source=source) from error
    try:
        if not container.streams.audio:
            raise AudioError("the file has no audio track", source=source)
        stream = container.streams.audio[0]
        if not (stream.rate or stream.codec_context.sample_rate):
            # FFmpeg's MP3 probe accepts any bytes named .mp3 but finds no frame in them, so no sample rate:
            # every later step would divide by it.
            raise AudioError("not a recording FFmpeg can read: no audio frame found in it (its audio track has "
                             "no sample rate); another kind of file renamed, or a damaged file; supply a complete "
                             "WAV, MP3, M4A, OGG/Opus or FLAC file", source=source)
        yield container
    finally:
        container.close()


def declared_duration(container: av.container.InputContainer) -> float | None:
    """The duration the container's header states, in seconds (``None`` where it states none)."""
    if container.duration is not None and container.duration > 0:
        return container.duration / av.time_base
    stream = container.streams.audio[0]
    if stream.duration and stream.time_base:
        return float(stream.duration * stream.time_base)
    return None


def check_complete(path: str | Path) -> None:
    """Raise ``AudioError`` if the file ends well before its header says, checked by seeking near the end.

    Cheap (one seek, one second decoded), so a truncated two-hour download fails before it is transcribed.
    Formats that cannot seek are left to the decoded-duration check after decoding.
    """
    with open_audio(path) as container:
        if container.format.name == "wav":
            _check_riff_size(Path(path))
        declared = declared_duration(container)
        if declared is None or declared < 2.0:
            return
        stream = container.streams.audio[0]
        last_end = None
        try:
            container.seek(int((declared - 1.0) * av.time_base))
            # A cut-off file often ends inside a packet: the damaged one is skipped, the last whole one counts.
            for frame in _frames(container, stream):
                if frame.pts is not None and frame.time_base is not None:
                    last_end = float(frame.pts * frame.time_base) + frame.samples / frame.sample_rate
        except av.error.FFmpegError:
            return
        if last_end is not None and last_end < declared - TRUNCATION_TOLERANCE_SECONDS:
            raise _truncated(path, declared, last_end)


def _check_riff_size(path: Path) -> None:
    """A WAV's data chunk states its size; FFmpeg trusts the file's length instead, so compare them here."""
    size = path.stat().st_size
    with path.open("rb") as handle:
        if handle.read(4) != b"RIFF":
            return  # RF64 and friends keep sizes elsewhere
        handle.seek(12)
        while True:
            header = handle.read(8)
            if len(header) < 8:
                return
            chunk, length = header[:4], int.from_bytes(header[4:], "little")
            if chunk == b"data":
                present = size - handle.tell()
                # 0 and 0xFFFFFFFF are what recorders write while still recording: no size was declared.
                if length not in (0, 0xFFFFFFFF) and present < length * 0.99:
                    raise AudioError(f"the recording is cut short: its header declares {length} bytes of audio "
                                     f"but the file holds {present}; get a complete copy of the file",
                                     source=str(path))
                return
            handle.seek(length + (length & 1), 1)


def _truncated(path: str | Path, declared: float, decoded: float) -> AudioError:
    return AudioError(f"the recording is cut short: its header says {declared:.1f} s but audio ends at "
                      f"{decoded:.1f} s; get a complete copy of the file", source=str(path))


def stream_pcm(path: str | Path, chunk_seconds: float = 30.0) -> Iterator[np.ndarray]:
    """16 kHz mono float32 samples of the first audio track, in chunks of about ``chunk_seconds``.

    At the end, raises ``AudioError`` when fewer seconds decoded than the header declares (a cut-off file),
    and when nothing decoded at all.
    """
    chunk = int(chunk_seconds * SAMPLE_RATE)
    pending: list[np.ndarray] = []
    pending_size = total = 0
    with open_audio(path) as container:
        declared = declared_duration(container)
        stream = container.streams.audio[0]
        resampler = av.AudioResampler(format="flt", layout="mono", rate=SAMPLE_RATE)
        try:
            for frame in _frames(container, stream):
                for out in resampler.resample(frame):
                    samples = out.to_ndarray().reshape(-1)
                    pending.append(samples)
                    pending_size += len(samples)
                    if pending_size >= chunk:
                        block = np.concatenate(pending)
                        total += len(block)
                        yield block
                        pending, pending_size = [], 0
            for out in resampler.resample(None):
                pending.append(out.to_ndarray().reshape(-1))
        except av.error.FFmpegError as error:
            raise AudioError(f"decoding failed after {total / SAMPLE_RATE:.1f} s: {error}",
                             source=str(path)) from error
    if pending:
        block = np.concatenate(pending)
        total += len(block)
        yield block
    if total == 0:
        raise AudioError("no audio could be decoded from the file; it may be damaged", source=str(path))
    if declared is not None and total / SAMPLE_RATE < declared - TRUNCATION_TOLERANCE_SECONDS:
        raise _truncated(path, declared, total / SAMPLE_RATE)


def _frames(container: av.container.InputContainer, stream: av.AudioStream) -> Iterator[av.AudioFrame]:
    """Decoded frames, skipping single corrupt packets the way ffmpeg's command line does."""
    for packet in container.demux(stream):
        try:
            yield from packet.decode()
        except av.error.InvalidDataError:
            continue


def decoded_duration(path: str | Path) -> float:
    """Seconds of audio the file actually holds, by decoding it all (streamed)."""
    return sum(len(block) for block in stream_pcm(path)) / SAMPLE_RATE


def windows(path: str | Path, seconds: float = WINDOW_SECONDS) -> Iterator[AudioWindow]:
    """The recording in windows of at most ``seconds``, each cut at a quiet moment near its end."""
    size = int(seconds * SAMPLE_RATE)
    search = min(int(CUT_SEARCH_SECONDS * SAMPLE_RATE), size // 2)
    # Blocks are gathered in a list and joined once per window: joining at every block would copy the
    # growing window again and again.
    pending: list[np.ndarray] = []
    pending_size = start = 0
    for block in stream_pcm(path, chunk_seconds=min(30.0, seconds)):
        pending.append(block)
        pending_size += len(block)
        while pending_size >= size:
            buffer = np.concatenate(pending)
            cut = _quietest_cut(buffer[size - search: size]) + size - search
            yield AudioWindow(start / SAMPLE_RATE, buffer[:cut])
            start += cut
            pending = [buffer[cut:].copy()]  # a copy, so the yielded window's memory can be freed
            pending_size = len(pending[0])
    if pending_size:
        yield AudioWindow(start / SAMPLE_RATE, np.concatenate(pending))


def _quietest_cut(tail: np.ndarray) -> int:
    """Offset in ``tail`` of the middle of its quietest 100 ms frame."""
    frames = len(tail) // CUT_FRAME
    if frames == 0:
        return len(tail)
    energy = np.square(tail[: frames * CUT_FRAME].reshape(frames, CUT_FRAME)).mean(axis=1)
    return int(np.argmin(energy)) * CUT_FRAME + CUT_FRAME // 2
