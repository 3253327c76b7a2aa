"""Bytes to text: refuse binary, then decode UTF-8, UTF-16/32 with a BOM, or a guessed charset.

Every decision that is not plain UTF-8 is recorded as a warning, and undecodable bytes are never
dropped silently: when they must be replaced, the warning says how many. Text that is UTF-8 but for a
few bad bytes stays UTF-8 (the bad bytes replaced and counted): a guessed single-byte charset would
garble every accented name in it ("Müller" read as "MÃ¼ller"). Another charset is tried only when UTF-8
fails badly, that is when most of the non-ASCII bytes are not UTF-8.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from charset_normalizer import CharsetMatch, from_bytes

from veracity.errors import BinaryInputError, DecodingError

# (magic bytes at offset 0, what the file looks like, what to do about it)
_EXTRACT_TEXT = "extract its text first"
_MAGIC_NUMBERS: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF", "a PDF", f"{_EXTRACT_TEXT} (for example with pdftotext) and analyse that"),
    (
        b"PK\x03\x04",
        "a ZIP archive (or a .docx, .odt or .epub document)",
        "unzip it, or save the document as plain text or HTML, and analyse that",
    ),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "an old Microsoft Office document",
        "save it as plain text",
    ),
    (b"{\\rtf", "an RTF document", "save it as plain text or HTML and analyse that"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image", "run OCR on it, or analyse the article's text instead"),
    (b"\xff\xd8\xff", "a JPEG image", "run OCR on it, or analyse the article's text instead"),
    (b"GIF87a", "a GIF image", "analyse the article's text instead"),
    (b"GIF89a", "a GIF image", "analyse the article's text instead"),
    (b"\x1f\x8b", "a gzip archive", "decompress it first (for example with gunzip)"),
    (b"BZh", "a bzip2 archive", "decompress it first (for example with bunzip2)"),
    (b"\xfd7zXZ\x00", "an xz archive", "decompress it first (for example with unxz)"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive", "extract it first"),
    (b"Rar!\x1a\x07", "a RAR archive", "extract it first"),
    (b"\x7fELF", "a program (ELF executable)", "check that you passed the right file"),
    (b"SQLite format 3\x00", "an SQLite database", "export the articles as text first"),
    (b"ID3", "an MP3 audio file", "transcribe it first and analyse the transcript"),
    (b"OggS", "an Ogg audio file", "transcribe it first and analyse the transcript"),
    (b"fLaC", "a FLAC audio file", "transcribe it first and analyse the transcript"),
)
_RIFF_KINDS = {b"WAVE": "a WAV audio file", b"WEBP": "a WebP image", b"AVI ": "an AVI video"}
# C0 control characters that never appear in text (tab, newlines and form feed are allowed).
_CONTROL_BYTES = re.compile(rb"[\x01-\x08\x0e-\x1a\x1c-\x1f]")
_SNIFF_BYTES = 8192
_DECLARED_CHARSET = re.compile(
    rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE
)
_UNICODE_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# Among equally clean guesses, the encodings news sites and newsroom tools use most, in order.
_PREFERRED_CHARSETS = ("cp1252", "iso8859_15", "latin_1", "cp1250", "cp1251")
_CHAOS_TOLERANCE = 0.01
# Text is "mostly UTF-8" when its valid non-ASCII characters are at least as many as its bad bytes. Text in a
# legacy charset forms valid UTF-8 sequences only by accident: rarely in cp1252 or cp1251, and at most about
# one for every three bad bytes in GBK, Big5, Shift-JIS, EUC-JP or EUC-KR news text.
_MIN_VALID_PER_BAD_BYTE = 1.0
# The bytes surrogateescape stands in for: 0x80-0xFF become U+DC80-U+DCFF, one per byte.
_ESCAPED_BYTES = re.compile("[\udc80-\udcff]")
_HIGH_BYTES = bytes(range(0x80, 0x100))


@dataclass
class DecodedText:
    """Decoded text, the encoding used, and the warnings a reader of the dossier should see."""

    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)


def reject_binary(data: bytes, source: str) -> None:
    """Raise BinaryInputError when the bytes are a known binary format or not text at all."""
    kind, advice = _binary_kind(data)
    if kind:
        raise BinaryInputError(f"looks like {kind}, not text or HTML; {advice}", source=source)


def _binary_kind(data: bytes) -> tuple[str | None, str]:
    for magic, kind, advice in _MAGIC_NUMBERS:
        if data.startswith(magic):
            return kind, advice
    if data.startswith(b"RIFF") and data[8:12] in _RIFF_KINDS:
        return _RIFF_KINDS[data[8:12]], "analyse the article's text instead"
    if data[4:8] == b"ftyp":
        return "an MP4/MOV media file", "transcribe it first and analyse the transcript"
    if _utf16_without_bom(data) or data.startswith(_UNICODE_BOMS):
        return None, ""  # UTF-16/32 text is full of NUL bytes by design
    if b"\x00" in data:
        return "binary data (it contains NUL bytes)", "check that you passed the right file"
    head = data[:_SNIFF_BYTES]
    if head and len(_CONTROL_BYTES.findall(head)) > len(head) * 0.05:
        return (
            "binary data (it is full of control characters)",
            "check that you passed the right file",
        )
    return None, ""


def _utf16_without_bom(data: bytes) -> str | None:
    """The UTF-16 codec when the bytes look like mostly-ASCII UTF-16 without a BOM, else None."""
    head = data[: _SNIFF_BYTES - _SNIFF_BYTES % 2]
    if len(head) < 4:
        return None
    evens, odds = head[0::2], head[1::2]
    if odds.count(0) > 0.9 * len(odds) and evens.count(0) < 0.1 * len(evens):
        return "utf-16-le"
    if evens.count(0) > 0.9 * len(evens) and odds.count(0) < 0.1 * len(odds):
        return "utf-16-be"
    return None


def decode_bytes(data: bytes, source: str) -> DecodedText:
    """Decode input bytes to text, refusing binary input first."""
    reject_binary(data, source)
    if data.startswith(codecs.BOM_UTF8):
        return _decode_declared(data[len(codecs.BOM_UTF8) :], "utf-8", "a UTF-8 byte order mark")
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            decoded = _decode_declared(data[len(bom) :], encoding, "a byte order mark")
            decoded.warnings.insert(0, f"decoded as {encoding} (from its byte order mark)")
            return decoded
    bomless = _utf16_without_bom(data)
    if bomless:
        decoded = _decode_declared(data, bomless, "its NUL-byte pattern")
        decoded.warnings.insert(
            0, f"decoded as {bomless} (detected from NUL bytes; no byte order mark)"
        )
        return decoded
    try:
        return DecodedText(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    mostly = _mostly_utf8(data)
    if mostly is not None:
        return mostly
    declared = _declared_html_charset(data)
    if declared:
        try:
            text = data.decode(declared)
        except UnicodeDecodeError:
            pass
        else:
            return DecodedText(
                text,
                declared,
                [f"decoded as {declared} (declared in the HTML; the input was not UTF-8)"],
            )
    return _decode_detected(data, source)


def _decode_declared(data: bytes, encoding: str, evidence: str) -> DecodedText:
    """Decode with an encoding the input declares; replace (and count) bytes that do not fit."""
    try:
        return DecodedText(data.decode(encoding), encoding)
    except UnicodeDecodeError:
        text = data.decode(encoding, errors="replace")
        replaced = text.count("\ufffd") - data.decode(encoding, errors="ignore").count("\ufffd")
        return DecodedText(
            text,
            encoding,
            [
                f"{replaced} undecodable byte sequence(s) replaced with U+FFFD: the input declares "
                f"{encoding} by {evidence} but is not valid {encoding} throughout"
            ],
        )


def _mostly_utf8(data: bytes) -> DecodedText | None:
    """The bytes as UTF-8 with the bad bytes replaced by U+FFFD, when UTF-8 fails only a little; else None.

    Each byte that is not part of a valid UTF-8 sequence counts as one bad byte (and one U+FFFD), so the
    warning names exactly how many bytes of the input were lost.
    """
    escaped = data.decode("utf-8", errors="surrogateescape")
    text, bad = _ESCAPED_BYTES.subn("\ufffd", escaped)
    ascii_bytes = len(data.translate(None, _HIGH_BYTES))
    valid_non_ascii = len(escaped) - ascii_bytes - bad
    if valid_non_ascii <= 0 or valid_non_ascii < _MIN_VALID_PER_BAD_BYTE * bad:
        return None
    return DecodedText(text, "utf-8", [f"read as UTF-8 with {bad} invalid byte(s) replaced with U+FFFD "
                                       "(the rest of the input is valid UTF-8)"])


def _declared_html_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a <meta> tag, if Python knows it."""
    match = _DECLARED_CHARSET.search(data[:_SNIFF_BYTES])
    if not match:
        return None
    try:
        return codecs.lookup(match.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None


def _decode_detected(data: bytes, source: str) -> DecodedText:
    matches = list(from_bytes(data))
    if not matches:
        raise DecodingError(
            "the bytes are not valid UTF-8 and their encoding could not be detected; convert the "
            "file to UTF-8 (for example with iconv -f ENCODING -t UTF-8) and try again",
            source=source,
        )
    encoding, text = _most_likely(data, matches)
    return DecodedText(
        text, encoding, [f"decoded as {encoding} (detected; the input was not UTF-8)"]
    )


def _most_likely(data: bytes, matches: list[CharsetMatch]) -> tuple[str, str]:
    """The encoding to use among charset-normalizer's matches, and the decoded text.

    On short texts charset-normalizer often ranks a rare code page (cp775, cp1250) first although
    cp1252 reads the bytes just as cleanly; among the matches with the least "chaos", prefer the
    encodings the web actually uses.
    """
    least_chaos = min(match.chaos for match in matches)
    clean = [match for match in matches if match.chaos <= least_chaos + _CHAOS_TOLERANCE]
    for preferred in _PREFERRED_CHARSETS:
        for match in clean:
            if preferred in match.could_be_from_charset:
                return preferred, data.decode(preferred)
    return clean[0].encoding, str(clean[0])
