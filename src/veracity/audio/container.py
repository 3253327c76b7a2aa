"""What a recording's file says about itself: codec, bit rate, format, encoder, tags and dates.

Read from two independent parsers, FFmpeg (through PyAV) and mutagen, because each knows things the other
does not (mutagen reads the LAME header's encoder and bit-rate mode; FFmpeg reads WAV ``bext`` and MP4 atom
dates). Everything here is declared by whoever wrote the file and can be forged: it is evidence to weigh,
never proof.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import mutagen

from veracity.audio.decode import declared_duration, open_audio

# Tag names (FFmpeg's, lower-cased, and mutagen's) that hold when a recording was made or encoded.
_DATE_TAGS = ("creation_time", "date", "origination_date", "origination_time", "tdrc", "tden", "tdor", "tyer",
              "©day", "icrd", "year", "encoded_date", "tagged_date")
_ENCODER_TAGS = ("encoder", "encoded_by", "tsse", "tenc", "©too", "isft", "coding_history", "encoder_options")
_MAX_TAG_CHARS = 500


@dataclass(frozen=True)
class ContainerInfo:
    """A recording's declared properties, as its file states them.

    ``tags`` are FFmpeg's common names (title, date, encoder, creation_time); ``native_tags`` are the
    format's own frames as mutagen reads them (ID3 TDRC, MP4 ©day, Vorbis comments), kept because a forger
    who edits one set often forgets the other.
    """

    format: str
    format_long_name: str
    codec: str
    codec_long_name: str
    sample_rate: int
    channels: int
    channel_layout: str
    declared_duration_seconds: float | None
    bit_rate: int | None
    stream_bit_rate: int | None
    bit_rate_mode: str | None
    encoders: list[str] = field(default_factory=list)
    created: list[dict[str, str]] = field(default_factory=list)
    tags: dict[str, str] = field(default_factory=dict)
    native_tags: dict[str, str] = field(default_factory=dict)
    file_size_bytes: int = 0
    file_modified: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def read_container(path: str | Path) -> ContainerInfo:
    """The container and first audio stream's declared properties, tags and dates."""
    with open_audio(path) as container:
        stream = container.streams.audio[0]
        context = stream.codec_context
        ffmpeg_tags = {**_clean(container.metadata), **_clean(stream.metadata)}
        # FFmpeg names decoders by implementation (mp3float, aac_fixed); the codec is the part before.
        codec_name = re.sub(r"(float|_fixed)$", "", context.codec.name if context.codec else context.name)
        info: dict[str, Any] = {
            "format": container.format.name,
            "format_long_name": container.format.long_name,
            "codec": codec_name,
            "codec_long_name": context.codec.long_name if context.codec else "",
            "sample_rate": stream.rate or context.sample_rate,
            "channels": stream.channels,
            "channel_layout": stream.layout.name if stream.layout else "",
            "declared_duration_seconds": _round(declared_duration(container)),
            "bit_rate": container.bit_rate or None,
            "stream_bit_rate": stream.bit_rate or None,
        }
    tagged = _mutagen_tags(path)
    both = {**ffmpeg_tags, **tagged.tags}
    file = Path(path)
    modified = dt.datetime.fromtimestamp(file.stat().st_mtime, tz=dt.UTC).isoformat(timespec="seconds")
    return ContainerInfo(
        **info,
        bit_rate_mode=tagged.bit_rate_mode,
        encoders=_unique([*(both[k] for k in both if k.lower() in _ENCODER_TAGS), *tagged.encoders]),
        created=[{"tag": k, "value": v} for k, v in [*ffmpeg_tags.items(), *tagged.tags.items()]
                 if k.lower() in _DATE_TAGS],
        tags=ffmpeg_tags,
        native_tags=tagged.tags,
        file_size_bytes=file.stat().st_size,
        file_modified=modified,
    )


@dataclass
class _Tagged:
    tags: dict[str, str] = field(default_factory=dict)
    encoders: list[str] = field(default_factory=list)
    bit_rate_mode: str | None = None


def _mutagen_tags(path: str | Path) -> _Tagged:
    """Tags and encoder details mutagen reads; an empty result where it does not know the format."""
    try:
        parsed = mutagen.File(str(path))
    except (mutagen.MutagenError, OSError, ValueError):
        # FFmpeg decoded the file; mutagen's stricter parser failing is not a reason to refuse it.
        return _Tagged()
    if parsed is None:
        return _Tagged()
    result = _Tagged()
    for key, value in (parsed.tags.items() if parsed.tags is not None else ()):
        text = _tag_text(value)
        if text is not None:
            result.tags[str(key)] = text
    info = parsed.info
    for attr in ("encoder_info", "encoder_settings"):
        value = getattr(info, attr, "")
        if value:
            result.encoders.append(str(value))
    mode = getattr(info, "bitrate_mode", None)
    if mode is not None and getattr(mode, "name", "UNKNOWN") != "UNKNOWN":
        result.bit_rate_mode = mode.name.lower()  # cbr, vbr, abr
    return result


def _tag_text(value: object) -> str | None:
    """A tag as text; pictures and other binary frames are described, not copied."""
    data = getattr(value, "data", None)
    if isinstance(data, bytes | bytearray):
        mime = getattr(value, "mime", "binary")
        return f"<{mime}, {len(data)} bytes>"
    if isinstance(value, bytes | bytearray):
        return f"<binary, {len(value)} bytes>"
    text = getattr(value, "text", value)
    if isinstance(text, list | tuple):
        text = "; ".join(str(part) for part in text)
    return str(text)[:_MAX_TAG_CHARS]


def _clean(metadata: dict[str, str]) -> dict[str, str]:
    return {str(k): str(v)[:_MAX_TAG_CHARS] for k, v in metadata.items()}


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)
