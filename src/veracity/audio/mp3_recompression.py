"""Double MP3 compression: does re-encoding the file reproduce its own quantiser choices unusually well?

Lossy encoding moves a signal towards what the encoder can represent, and each further pass moves it less: an
MP3 decoded (edited or not) and encoded again sits closer to a fixed point of the encoder than one encoded once.
The cue re-encodes the decoded audio with LAME at the file's own bit rate, its frames laid exactly on the file's
frame grid, and counts the granules whose global gain (the quantiser step, read from each frame's side info)
comes out the same. That share depends on the bit rate and the material, so the same is done once more on the
re-encoding itself, and the score is the difference: near zero for a file already encoded twice, negative for
one encoded once (its first re-encoding changes more than the second). No Huffman decoding is needed: the side
info sits at a fixed place after each frame header.

Only constant-bit-rate Layer III files are measured, from at most ``MAX_SECONDS`` of audio taken in ``PIECES``
runs of frames spread over the file (byte positions, so a two-hour file costs what a one-minute file does).
It is an indicator with a measured false-alarm rate (``benchmarks/splices.py``), never proof: an encoder other
than LAME, or LAME with other settings, re-encodes differently.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, cast

import av
import av.error
import numpy as np

from veracity.audio.mp3frames import FrameHeader, parse_header

MAX_SECONDS = 60.0
PIECES = 6
# Frames decoded and re-encoded ahead of each piece and not compared: the decoder needs the bit reservoir
# of earlier frames, and the encoder's own reservoir and psychoacoustic state need time to settle.
WARMUP_FRAMES = 8
# An MPEG audio decoder's raw output lags the bitstream's grid by 529 samples (its synthesis filterbank) and
# LAME's encoder puts its input 576 samples into its first frame: dropping 529 + 576 decoded samples makes the
# re-encoding's frame k cover exactly what the piece's frame k covered (checked by tests: an offset by one
# frame reproduces far fewer gains).
GRID_OFFSET = 529 + 576
MIN_GRANULES = 100  # fewer compared granules say too little (100: 3.6 s of 16 kHz mono, 0.7 s of 44.1 kHz stereo)
READ_LIMIT = 1 << 20  # a resync looks this far for the next chain of frames


@dataclass(frozen=True)
class Recompression:
    """How well re-encoding reproduces the file's quantiser steps, and the same for the re-encoding."""

    score: float  # reproduced - reproduced_again: higher means closer to a twice-encoded file
    reproduced: float  # share of sounding granules whose global gain the re-encoding repeats
    reproduced_again: float  # the same share for re-encoding the re-encoding
    granules: int
    bit_rate_kbps: int
    seconds: float


@dataclass(frozen=True)
class _Frame:
    header: FrameHeader
    data: bytes


class NotMeasurable(Exception):
    """The file is an MP3 this cue cannot measure (VBR, not Layer III, too short); the message says why."""


def measure_recompression(path: str | Path) -> Recompression:
    """Score the file at ``path``; raises ``NotMeasurable`` with a plain reason where the cue does not apply."""
    pieces = list(_pieces(Path(path)))
    frames = [frame for piece in pieces for frame in piece]
    if not frames:
        raise NotMeasurable("no MPEG audio frames were found")
    first = frames[0].header
    if first.layer != 3:
        raise NotMeasurable(f"MPEG Layer {first.layer} audio, not Layer III (MP3)")
    if len({frame.header.bitrate_kbps for frame in frames}) > 1:
        raise NotMeasurable("variable bit rate: the cue re-encodes at the file's one constant bit rate, and a "
                            "VBR file has none")
    matches = np.zeros(2)
    compared = 0
    seconds = 0.0
    for piece in pieces:
        if len(piece) <= 2 * WARMUP_FRAMES:
            continue
        original = [_global_gains(frame) for frame in piece]
        try:
            once = _reencode(piece)
            twice = _reencode(once)
        except av.error.FFmpegError as error:
            raise NotMeasurable(f"LAME could not re-encode the audio at {first.bitrate_kbps} kb/s and "
                                f"{first.sample_rate} Hz: {error}") from error
        for index in range(WARMUP_FRAMES, min(len(original), len(once), len(twice))):
            sounding = [k for k, gain in enumerate(original[index]) if gain is not None]
            gains_once, gains_twice = _global_gains(once[index]), _global_gains(twice[index])
            if len(gains_once) != len(original[index]) or len(gains_twice) != len(gains_once):
                continue  # the re-encoding chose another channel layout for this frame
            matches[0] += sum(original[index][k] == gains_once[k] for k in sounding)
            matches[1] += sum(gains_once[k] == gains_twice[k] for k in sounding)
            compared += len(sounding)
        seconds += (len(piece) - WARMUP_FRAMES) * first.samples / first.sample_rate
    if compared < MIN_GRANULES:
        raise NotMeasurable(f"too little sounding audio to measure ({compared} granules compared; at least "
                            f"{MIN_GRANULES} are needed)")
    reproduced, again = matches / compared
    return Recompression(score=float(reproduced - again), reproduced=float(reproduced),
                         reproduced_again=float(again), granules=compared, bit_rate_kbps=first.bitrate_kbps,
                         seconds=round(seconds, 2))


def _pieces(path: Path) -> list[list[_Frame]]:
    """Runs of consecutive audio frames: the whole file when short, else ``PIECES`` runs spread over it.

    A run ends where the frame chain breaks (a byte-wise join, damage); the next run starts where it resumes.
    """
    size = path.stat().st_size
    with path.open("rb") as handle:
        start = _audio_start(handle)
        if start is None:
            return []
        header = parse_header(_read(handle, start, 4))
        assert header is not None
        frames_per_second = header.sample_rate / header.samples
        total_seconds = (size - start) / header.length / frames_per_second
        if total_seconds <= MAX_SECONDS * 1.2:
            return _runs(handle, start, header, int(MAX_SECONDS * 1.2 * frames_per_second) + WARMUP_FRAMES)
        per_piece = int(MAX_SECONDS / PIECES * frames_per_second) + WARMUP_FRAMES
        runs: list[list[_Frame]] = []
        for index in range(PIECES):
            position = start + (size - start - per_piece * header.length) * index // (PIECES - 1)
            runs.extend(_runs(handle, max(start, position), header, per_piece))
        return runs


def _runs(handle: BinaryIO, position: int, like: FrameHeader, count: int) -> list[list[_Frame]]:
    """Chains of frames from ``position`` (resynchronising after each break) until ``count`` frames or the end."""
    runs: list[list[_Frame]] = []
    total = 0
    while total < count:
        found = _resync(handle, position, like)
        if found is None:
            break
        run = _run(handle, found, like, count - total)
        if not run:
            position = found + 1
            continue
        runs.append(run)
        total += len(run)
        position = found + sum(len(frame.data) for frame in run)
    return runs


def _audio_start(handle: BinaryIO) -> int | None:
    """Offset of the first audio frame: after an ID3v2 tag and the encoder's Xing/Info/LAME header frame."""
    position = 0
    tag = _read(handle, 0, 10)
    if len(tag) == 10 and tag[:3] == b"ID3":
        position = 10 + ((tag[6] & 0x7F) << 21 | (tag[7] & 0x7F) << 14 | (tag[8] & 0x7F) << 7 | tag[9] & 0x7F)
        position += 10 if tag[5] & 0x10 else 0
    found = _resync(handle, position, None)
    if found is None:
        return None
    header = parse_header(_read(handle, found, 4))
    assert header is not None
    head = _read(handle, found, 4 + header.side_info + 4)
    if head[4 + header.side_info:] in (b"Xing", b"Info") or _read(handle, found + 36, 4) == b"VBRI":
        return found + header.length
    return found


def _run(handle: BinaryIO, position: int, like: FrameHeader, count: int) -> list[_Frame]:
    """Up to ``count`` frames chained from ``position``; stops where the chain breaks or the file ends."""
    frames: list[_Frame] = []
    while len(frames) < count:
        header = parse_header(_read(handle, position, 4))
        if header is None or not header.same_stream(like):
            break
        data = _read(handle, position, header.length)
        if len(data) < header.length:
            break  # a last frame cut short (a truncated file)
        frames.append(_Frame(header, data))
        position += header.length
    return frames


def _resync(handle: BinaryIO, position: int, like: FrameHeader | None) -> int | None:
    """The next offset holding a header whose successor sits where it says (two in a row rule out chance)."""
    window = _read(handle, position, READ_LIMIT)
    index = window.find(b"\xff")
    while index != -1 and index + 4 <= len(window):
        header = parse_header(window[index: index + 4])
        if header is not None and (like is None or header.same_stream(like)):
            follower = parse_header(_read(handle, position + index + header.length, 4))
            if follower is not None and follower.same_stream(header):
                return position + index
        index = window.find(b"\xff", index + 1)
    return None


def _read(handle: BinaryIO, position: int, size: int) -> bytes:
    handle.seek(position)
    return handle.read(size)


def _global_gains(frame: _Frame) -> list[int | None]:
    """Each granule's (and channel's) global gain from the side info; ``None`` where the granule is silent.

    MPEG-1 side info: main_data_begin (9 bits), private bits (5 mono, 3 stereo), scfsi (4 per channel), then
    two granules; MPEG-2/2.5: main_data_begin (8), private bits (1 mono, 2 stereo), one granule. Each granule
    and channel: part2_3_length (12), big_values (9), global_gain (8), then 47 (MPEG-1) or 51 more bits.
    """
    header = frame.header
    offset = 4 + (2 if frame.data[1] & 1 == 0 else 0)  # a CRC follows the header when the protection bit is 0
    side = frame.data[offset: offset + header.side_info]
    bits = int.from_bytes(side, "big")
    width = len(side) * 8
    channels = 1 if header.channel_mode == 3 else 2
    mpeg1 = header.version == 3
    cursor = (9 + (5 if channels == 1 else 3) + 4 * channels) if mpeg1 else (8 + channels)
    granule_bits = 59 if mpeg1 else 63
    gains: list[int | None] = []
    for _ in range(2 if mpeg1 else 1):
        for _ in range(channels):
            part23 = (bits >> (width - cursor - 12)) & 0xFFF
            gain = (bits >> (width - cursor - 29)) & 0xFF
            gains.append(gain if part23 > 0 else None)
            cursor += granule_bits
    return gains


def _reencode(frames: list[_Frame]) -> list[_Frame]:
    """Decode the frames and encode them again with LAME at their bit rate, on the same frame grid."""
    header = frames[0].header
    layout = "mono" if header.channel_mode == 3 else "stereo"
    decoder = cast(av.AudioCodecContext, av.CodecContext.create("mp3float", "r"))
    pieces: list[np.ndarray] = []
    for frame in frames:
        try:
            decoded = decoder.decode(av.Packet(frame.data))
        except av.error.InvalidDataError:
            decoded = []  # a frame whose reservoir lies before the piece: its samples are replaced below
        got = sum(out.samples for out in decoded)
        if got < header.samples:  # keep the grid: a frame the decoder could not use still counts its samples
            pieces.append(np.zeros((1 if layout == "mono" else 2, header.samples - got), dtype=np.float32))
        pieces.extend(_planar(out, layout) for out in decoded)
    # As 16-bit PCM, the way a decoded file is saved and handed to an encoder (LAME's float input path also
    # scales differently, which moves every global gain).
    pcm = np.clip(np.round(np.concatenate(pieces, axis=1)[:, GRID_OFFSET:] * 32768), -32768, 32767).astype(np.int16)
    encoder = cast(av.AudioCodecContext, av.CodecContext.create("libmp3lame", "w"))
    encoder.sample_rate = header.sample_rate
    encoder.layout = layout
    encoder.format = "s16p"
    encoder.bit_rate = header.bitrate_kbps * 1000
    encoder.open()
    packets = []
    step = header.samples * 4
    for start in range(0, pcm.shape[1], step):
        audio = av.AudioFrame.from_ndarray(np.ascontiguousarray(pcm[:, start: start + step]), format="s16p",
                                           layout=layout)
        audio.sample_rate = header.sample_rate
        audio.pts = start
        packets.extend(encoder.encode(audio))
    packets.extend(encoder.encode(None))
    out = []
    for packet in packets:
        data = bytes(packet)
        parsed = parse_header(data[:4])
        if parsed is not None:
            out.append(_Frame(parsed, data))
    return out


def _planar(frame: av.AudioFrame, layout: str) -> np.ndarray:
    samples = frame.to_ndarray()
    samples = samples / np.float32(32768) if samples.dtype == np.int16 else samples.astype(np.float32)
    if frame.format.is_packed:
        samples = samples.reshape(-1, len(frame.layout.channels)).T
    channels = 1 if layout == "mono" else 2
    return samples[:channels] if len(samples) >= channels else np.repeat(samples, channels, axis=0)
