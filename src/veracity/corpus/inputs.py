"""What ``veracity add`` reads: text and HTML files, directories of them, and JSONL files of articles.

A JSONL line is one article: ``{"url", "outlet", "title", "published", "text" or "html"}``; only the text
or html is required. Each line is its own input, named ``FILE:LINE``, so a malformed line is reported
(and recorded in the store's ledger) on its own and the other lines are still stored.
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
