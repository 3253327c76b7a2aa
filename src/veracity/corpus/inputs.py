"""What ``veracity add`` reads: text and HTML files, directories of them, JSONL files of articles and
WARC web archives.

A JSONL line is one article: ``{"url", "outlet", "title", "published", "text" or "html"}``; only the text
or html is required. Each line is its own input, named ``FILE:LINE``, so a malformed line is reported
(and recorded in the store's ledger) on its own and the other lines are still stored. A WARC file
(plain or gzipped, read with warcio) gives one input per HTML response record, named ``FILE#N``; a
broken record ends that file's reading with an error on that record, the records before it are kept.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

from veracity.errors import ConfigError, InputError, VeracityError
from veracity.ingest import MAX_INPUT_BYTES, expand_inputs, load_bytes, load_document
from veracity.model import Document

_FIELDS = ("url", "outlet", "title", "published", "text", "html")


@dataclass
class Loaded:
    """One input: its loaded Document, or the error that stopped it loading."""

    source: str
    document: Document | None = None
    error: str | None = None


def iter_inputs(paths: list[str], *, max_bytes: int = MAX_INPUT_BYTES) -> Iterator[Loaded]:
    """Every input under ``paths``, loaded lazily, in order; a bad input becomes a ``Loaded`` with an error."""
    for path in expand_inputs(paths):
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
        except VeracityError as error:
            yield Loaded(path, error=str(error))


def _jsonl(path: str, max_bytes: int) -> Iterator[Loaded]:
    try:
        handle = open(path, encoding="utf-8", errors="replace")  # noqa: SIM115 - closed below, read lazily
    except OSError as error:
        yield Loaded(path, error=f"{path}: cannot read: {error.strerror}")
        return
    with handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            source = f"{path}:{number}"
            try:
                yield Loaded(source, article_from_json(line, source, max_bytes))
            except VeracityError as error:
                yield Loaded(source, error=str(error))


def article_from_json(line: str, source: str, max_bytes: int = MAX_INPUT_BYTES) -> Document:
    """A Document from one JSONL line; the line's outlet, title, url and date win over the page's own."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise InputError(f"not valid JSON ({error.msg} at column {error.colno})", source=source) from error
    if not isinstance(record, dict):
        raise InputError("a JSONL line must be an object with text or html", source=source)
    wrong = [k for k in _FIELDS if record.get(k) is not None and not isinstance(record[k], str)]
    if wrong:
        raise InputError(f"{', '.join(wrong)} must be strings", source=source)
    text, html = record.get("text"), record.get("html")
    if (text is None) == (html is None):
        raise InputError("give exactly one of text or html", source=source)
    body = html if html is not None else text
    assert body is not None
    doc = load_bytes(body.encode("utf-8"), source=source, published=record.get("published") or None,
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
        yield Loaded(path, error=f"{path}: cannot read: {error.strerror}")
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
                    yield Loaded(source, error=str(error))
        except (ArchiveLoadFailed, OSError, EOFError) as error:
            yield Loaded(f"{path}#{number + 1}", error=f"{path}: broken WARC record after record {number}: {error}")
            return
        except Exception as error:  # noqa: BLE001 - warcio raises many kinds on a malformed record
            yield Loaded(f"{path}#{number + 1}", error=f"{path}: broken WARC record after record {number}: "
                                                       f"{type(error).__name__}: {error}")
            return
    if number == 0:
        yield Loaded(path, error=f"{path}: no HTML or text response records in this WARC file")
