"""What ``veracity add`` reads: text and HTML files, directories of them, JSONL files of articles and
WARC web archives.

A JSONL line is one article: ``{"url", "outlet", "title", "published", "text" or "html"}``; only the text
or html is required. Each line is its own input, named ``FILE:LINE``, so a malformed line is reported
(and recorded in the store's ledger) on its own and the other lines are still stored. A WARC file
(plain or gzipped, read with warcio) gives one input per HTML response record, named ``FILE#N``; a
broken record ends that file's reading with an error on that record, the records before it are kept.

Nothing one input holds stops the others: a missing or unreadable path, a malformed line, a damaged
record, even an unexpected error while loading, becomes a ``Loaded`` with the reason, and the caller
records it and goes on.
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from veracity.errors import ConfigError, InputError, VeracityError
from veracity.ingest import MAX_INPUT_BYTES, expand_inputs, load_bytes, load_document
from veracity.ingest.dates import iso_date
from veracity.ingest.sources import os_error_reason
from veracity.model import Document

_FIELDS = ("url", "outlet", "title", "published", "text", "html")
_ESCAPED_BYTES = re.compile("[\udc80-\udcff]")  # what surrogateescape makes of bytes that are not UTF-8


@dataclass
class Loaded:
    """One input: its loaded Document, or why it could not be loaded.

    ``error`` is the reason alone, without the source (``source`` names the input), so every report
    writes ``SOURCE: REASON`` once.
    """

    source: str
    document: Document | None = None
    error: str | None = None

    def failure(self) -> str:
        """The failure as one line naming the input."""
        return f"{self.source}: {self.error or 'could not be read'}"


def iter_inputs(paths: list[str], *, max_bytes: int = MAX_INPUT_BYTES) -> Iterator[Loaded]:
    """Every input under ``paths``, loaded lazily, in order; a bad input becomes a ``Loaded`` with an error."""
    for path in expand_inputs(paths, keep_missing=True):
        if path.lower().endswith(".jsonl"):
            yield from _jsonl(path, max_bytes)
            continue
        if path.lower().endswith((".warc", ".warc.gz")):
            yield from _warc(path, max_bytes)
            continue
        try:
            yield Loaded(path, load_document(path, max_bytes=max_bytes))
        except ConfigError:
            raise
        except Exception as error:  # noqa: BLE001 - one input must not stop the run; the reason is kept
            yield Loaded(path, error=reason(error))


def reason(error: Exception) -> str:
    """Why an input failed, without its source: our errors' own message, anything else with its type."""
    if isinstance(error, VeracityError):
        return error.message
    return f"could not be loaded ({type(error).__name__}: {error})"


def _jsonl(path: str, max_bytes: int) -> Iterator[Loaded]:
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed below, read lazily
    except OSError as error:
        yield Loaded(path, error=os_error_reason(error))
        return
    with handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            source = f"{path}:{number}"
            try:
                line, bad = _utf8_line(raw)
                doc = article_from_json(line, source, max_bytes)
                if bad:
                    doc.warnings.insert(0, f"the JSONL line is not valid UTF-8: {bad} byte(s) replaced with U+FFFD")
                yield Loaded(source, doc)
            except Exception as error:  # noqa: BLE001 - one line must not stop the file
                yield Loaded(source, error=reason(error))


def _utf8_line(raw: bytes) -> tuple[str, int]:
    """A JSONL line as text (JSON is UTF-8), and how many of its bytes were not UTF-8 and were replaced."""
    try:
        return raw.decode("utf-8"), 0
    except UnicodeDecodeError:
        escaped = raw.decode("utf-8", errors="surrogateescape")
        return _ESCAPED_BYTES.subn("\ufffd", escaped)


def article_from_json(line: str, source: str, max_bytes: int = MAX_INPUT_BYTES) -> Document:
    """A Document from one JSONL line; the line's outlet, title, url and date win over the page's own."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise InputError(f"not valid JSON ({error.msg} at column {error.colno})", source=source) from error
    except RecursionError as error:
        raise InputError("not an article: its JSON is nested too deeply", source=source) from error
    except ValueError as error:  # e.g. an integer of more digits than Python converts
        raise InputError(f"not valid JSON ({error})", source=source) from error
    if not isinstance(record, dict):
        raise InputError("a JSONL line must be an object with text or html", source=source)
    wrong = [k for k in _FIELDS if record.get(k) is not None and not isinstance(record[k], str)]
    if wrong:
        raise InputError(f"{', '.join(wrong)} must be {'strings' if len(wrong) > 1 else 'a string'}", source=source)
    text, html = record.get("text"), record.get("html")
    if (text is None) == (html is None):
        raise InputError("give exactly one of text or html", source=source)
    body = html if html is not None else text
    assert body is not None
    published = record.get("published") or None
    if published is not None and iso_date(published) is None:
        raise InputError(f"published must be a date like 2025-07-09, not {published[:40]!r}", source=source)
    doc = load_bytes(body.encode("utf-8"), source=source, published=published,
                     max_bytes=max_bytes, media_type="text/html" if html is not None else "text/plain")
    meta = doc.metadata
    meta.url = record.get("url") or meta.url
    meta.site_name = record.get("outlet") or meta.site_name
    meta.title = record.get("title") or meta.title
    return doc


def _warc(path: str, max_bytes: int) -> Iterator[Loaded]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed below, read lazily
    except OSError as error:
        yield Loaded(path, error=os_error_reason(error))
        return
    number = 0
    with handle:
        try:
            for record in ArchiveIterator(handle):
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                media = (record.http_headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
                if media not in ("text/html", "application/xhtml+xml", "text/plain"):
                    continue
                number += 1
                source = f"{path}#{number}"
                try:
                    body = record.content_stream().read(max_bytes + 1)
                    doc = load_bytes(body, source=source, max_bytes=max_bytes,
                                     media_type="text/plain" if media == "text/plain" else "text/html")
                    doc.metadata.url = record.rec_headers.get_header("WARC-Target-URI") or doc.metadata.url
                    yield Loaded(source, doc)
                except VeracityError as error:
                    yield Loaded(source, error=error.message)
        except Exception as error:  # noqa: BLE001 - warcio raises many kinds on a malformed record
            yield Loaded(f"{path}#{number + 1}", error=_broken_warc(error, number, ArchiveLoadFailed))
            return
    if number == 0:
        yield Loaded(path, error="no HTML or text response records in this WARC file")


def _broken_warc(error: Exception, number: int, load_failed: type[Exception]) -> str:
    """Why a WARC file could not be read past record ``number``, in words: warcio's own errors are terse
    (an AttributeError on a header cut in half) or quote binary garbage."""
    kept = "; the records before it were kept" if number else ""
    after = f"after record {number}" if number else "before its first record"
    if isinstance(error, EOFError | zlib.error) or "compressed file ended" in str(error).lower():
        what = "the file ends in the middle of a record (cut short, or a damaged gzip)"
    elif isinstance(error, load_failed):
        what = "a record does not start with a WARC header (the file is cut short, damaged, or not a WARC)"
    elif isinstance(error, OSError):
        what = f"the file cannot be read ({error.strerror or error})"
    else:
        what = "a record's headers are cut short or damaged"
    return f"broken WARC record {after}: {what}{kept}"
