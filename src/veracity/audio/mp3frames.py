"""Walk an MP3's frame headers and report where the frame grid breaks.

An encoder writes an unbroken chain: each frame header says how long its frame is, and the next header
starts exactly there. Joining two MP3 files byte-wise, or cutting one at an arbitrary byte, leaves a partial
frame (the chain breaks and must resynchronise), a second encoder header (Xing/Info/VBRI, written only at the
start of a file) or an ID3 tag in the middle, or a change of sample rate or channel mode. Decoders play
through all of these silently. The file is read in 64 KB blocks, so memory does not depend on its length.
A file re-encoded after editing has a clean grid: this finds byte-level edits only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

READ_BLOCK = 1 << 16
_BITRATES = {  # kbps by (MPEG-1?, layer), index 1..14
    (True, 1): (32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448),
    (True, 2): (32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384),
    (True, 3): (32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
    (False, 1): (32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256),
    (False, 2): (8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
    (False, 3): (8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
}
_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}  # by version bits
MAX_EVENTS = 20


@dataclass(frozen=True)
class FrameHeader:
    version: int  # 3: MPEG-1, 2: MPEG-2, 0: MPEG-2.5
    layer: int
    bitrate_kbps: int
    sample_rate: int
    padding: int
    channel_mode: int  # 3: mono

    @property
    def length(self) -> int:
        if self.layer == 1:
            return (12_000 * self.bitrate_kbps // self.sample_rate + self.padding) * 4
        per = 144_000 if self.version == 3 or self.layer == 2 else 72_000
        return per * self.bitrate_kbps // self.sample_rate + self.padding

    @property
    def samples(self) -> int:
        if self.layer == 1:
            return 384
        return 1152 if self.version == 3 or self.layer == 2 else 576

    @property
    def side_info(self) -> int:
        mono = self.channel_mode == 3
        if self.version == 3:
            return 17 if mono else 32
        return 9 if mono else 17

    def same_stream(self, other: FrameHeader) -> bool:
        return (self.version, self.layer, self.sample_rate) == (other.version, other.layer, other.sample_rate)


def parse_header(raw: bytes) -> FrameHeader | None:
    """The header in the first four bytes, or ``None`` where they are not a valid MPEG audio header."""
    if len(raw) < 4 or raw[0] != 0xFF or raw[1] & 0xE0 != 0xE0:
        return None
    version, layer_bits = (raw[1] >> 3) & 3, (raw[1] >> 1) & 3
    bitrate_index, rate_index = raw[2] >> 4, (raw[2] >> 2) & 3
    if version == 1 or layer_bits == 0 or bitrate_index in (0, 15) or rate_index == 3:
        return None  # reserved values, and free format (no stated length to follow)
    layer = 4 - layer_bits
    return FrameHeader(version=version, layer=layer,
                       bitrate_kbps=_BITRATES[(version == 3, layer)][bitrate_index - 1],
                       sample_rate=_RATES[version][rate_index], padding=(raw[2] >> 1) & 1,
                       channel_mode=raw[3] >> 6)


@dataclass(frozen=True)
class GridEvent:
    kind: str  # "grid_break", "encoder_header", "id3_inside", "settings_change"
    seconds: float
    byte: int


@dataclass
class FrameScan:
    frames: int = 0
    seconds: float = 0.0
    events: list[GridEvent] = field(default_factory=list)
    first_header: FrameHeader | None = None
    is_mpeg_audio: bool = False


class _Reader:
    """Random access near a moving position, reading the file forward in blocks."""

    def __init__(self, handle: BinaryIO) -> None:
        self._handle = handle
        self._buffer = b""
        self._base = 0

    def peek(self, position: int, size: int) -> bytes:
        if position < self._base:
            raise ValueError("the frame walk only moves forward")
        while position + size > self._base + len(self._buffer):
            more = self._handle.read(READ_BLOCK)
            if not more:
                break
            # Keep a margin behind the position: a resync looks ahead one frame, then back to its window.
            drop = max(0, position - 2 * READ_BLOCK - self._base)
            self._buffer = self._buffer[drop:] + more
            self._base += drop
        start = position - self._base
        return self._buffer[start: start + size]


def scan_mp3(path: str | Path) -> FrameScan:
    """Walk every frame of an MPEG audio file and collect the places where the chain is not as written."""
    scan = FrameScan()
    with Path(path).open("rb") as handle:
        reader = _Reader(handle)
        found_first = _resync(reader, _skip_id3v2(reader), None)
        if found_first is None:
            return scan
        position = found_first
        first = parse_header(reader.peek(position, 4))
        assert first is not None
        scan.first_header, scan.is_mpeg_audio = first, True
        declared_cbr = _encoder_tag(reader, position, first) == b"Info"
        audio: FrameHeader | None = None
        while True:
            raw = reader.peek(position, 4)
            header = parse_header(raw)
            if header is not None and header.same_stream(first):
                frame_bytes = reader.peek(position, header.length)
                if len(frame_bytes) < header.length:
                    break  # a last frame cut short: truncation, which the decoder's checks report
                tagged = _encoder_tag(reader, position, header) is not None
                if scan.frames > 0 and tagged:
                    _add(scan, GridEvent("encoder_header", scan.seconds, position))
                elif not tagged:
                    # The encoder's tag frame carries its own bit rate; the first audio frame sets the reference.
                    audio = audio or header
                    if header.channel_mode != audio.channel_mode or (
                            declared_cbr and header.bitrate_kbps != audio.bitrate_kbps):
                        _add(scan, GridEvent("settings_change", scan.seconds, position))
                        audio = header
                scan.frames += 1
                scan.seconds += header.samples / header.sample_rate
                position += header.length
                continue
            if len(raw) < 4 or _is_trailing_tag(reader, position):
                break
            if raw[:3] == b"ID3":
                _add(scan, GridEvent("id3_inside", scan.seconds, position))
                position = _skip_id3v2(reader, position)
                continue
            found = _resync(reader, position + 1, first)
            if found is None:
                break
            kind = "settings_change" if header is not None else "grid_break"
            _add(scan, GridEvent(kind, scan.seconds, position))
            position = found
    return scan


def _add(scan: FrameScan, event: GridEvent) -> None:
    if len(scan.events) < MAX_EVENTS:
        scan.events.append(event)


def _skip_id3v2(reader: _Reader, position: int = 0) -> int:
    header = reader.peek(position, 10)
    if len(header) == 10 and header[:3] == b"ID3":
        size = (header[6] & 0x7F) << 21 | (header[7] & 0x7F) << 14 | (header[8] & 0x7F) << 7 | header[9] & 0x7F
        footer = 10 if header[5] & 0x10 else 0
        return position + 10 + size + footer
    return position


def _resync(reader: _Reader, position: int, like: FrameHeader | None, limit: int = 1 << 20) -> int | None:
    """Next offset holding a header whose successor sits where it says (two in a row rule out chance)."""
    end = position + limit
    while position < end:
        window = reader.peek(position, READ_BLOCK)
        if len(window) < 4:
            return None
        index = window.find(b"\xff")
        while index != -1 and index + 4 <= len(window):
            header = parse_header(window[index: index + 4])
            if header is not None and (like is None or header.same_stream(like)):
                follower = parse_header(reader.peek(position + index + header.length, 4))
                if follower is not None and follower.same_stream(header):
                    return position + index
                window = reader.peek(position, READ_BLOCK)  # peek may have moved the buffer
            index = window.find(b"\xff", index + 1)
        position += max(1, len(window) - 3)
    return None


def _encoder_tag(reader: _Reader, position: int, header: FrameHeader) -> bytes | None:
    """b"Xing", b"Info" or b"VBRI" when this frame is an encoder's header frame rather than audio."""
    if header.layer != 3:
        return None
    tag = reader.peek(position + 4 + header.side_info, 4)
    if tag in (b"Xing", b"Info"):
        return tag
    return b"VBRI" if reader.peek(position + 36, 4) == b"VBRI" else None


def _is_trailing_tag(reader: _Reader, position: int) -> bool:
    """ID3v1 ("TAG", 128 bytes) or APE tags after the last frame are normal, not a broken grid."""
    head = reader.peek(position, 8)
    return head[:3] == b"TAG" or head == b"APETAGEX" or head[:8] == b"LYRICSBE"
