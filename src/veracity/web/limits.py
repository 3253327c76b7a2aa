"""Bounds on what a request may carry: its size (413) and its media type (415).

The size is checked twice: against ``Content-Length`` before anything is read, and while the body
streams in, so a chunked upload without a length is cut off at the limit too rather than spooled whole.
"""

from __future__ import annotations

import json
from pathlib import PurePosixPath

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# What POST /documents accepts, by the part's declared type or, when a browser says only
# application/octet-stream, by the file name's extension (used as a label; no path is ever opened).
TEXT_TYPES = {"text/plain": "text/plain", "text/markdown": "text/plain"}
HTML_TYPES = {"text/html": "text/html", "application/xhtml+xml": "text/html"}
BATCH_TYPES = {"application/x-ndjson": "jsonl", "application/jsonl": "jsonl", "application/x-jsonlines": "jsonl"}
EXTENSIONS = {".txt": "text/plain", ".text": "text/plain", ".md": "text/plain", ".html": "text/html",
              ".htm": "text/html", ".xhtml": "text/html", ".jsonl": "jsonl", ".ndjson": "jsonl"}
ACCEPTED_UPLOADS = "text/plain, text/html, application/xhtml+xml, or JSONL (.jsonl, application/x-ndjson)"


def media_type(header: str | None) -> str:
    """The bare media type of a Content-Type header, lower case ('' when absent)."""
    return (header or "").split(";", 1)[0].strip().lower()


def upload_kind(declared: str, filename: str | None) -> str | None:
    """'text/plain', 'text/html' or 'jsonl' for an uploaded part, or None when it is none of them."""
    declared = media_type(declared)
    for table in (TEXT_TYPES, HTML_TYPES, BATCH_TYPES):
        if declared in table:
            return table[declared]
    if declared in ("", "application/octet-stream") and filename:
        return EXTENSIONS.get(PurePosixPath(filename.replace("\\", "/")).suffix.lower())
    return None


def upload_label(filename: str | None) -> str:
    """A label for an upload in the dossier's ``source``: the bare file name, never a path."""
    name = PurePosixPath((filename or "").replace("\\", "/")).name
    name = "".join(ch for ch in name if ch.isprintable())[:120]
    return f"upload:{name or 'file'}"


def too_large_message(limit: int) -> str:
    return (f"the request is larger than this server accepts ({limit:,} bytes); split a batch into smaller "
            "files or ask the operator to raise --max-upload-mb")


class BodyLimit:
    """ASGI middleware: refuse a request body over ``max_bytes`` with 413, before or while it is read."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None:
            try:
                length = int(declared)
            except ValueError:
                length = -1
            if length > self.max_bytes:
                await self._refuse(send)
                return
        received = 0

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    # An HTTPException passes through FastAPI's body reading untouched and reaches the
                    # app's handler, which answers with the JSON 413.
                    raise HTTPException(413, too_large_message(self.max_bytes))
            return message

        await self.app(scope, limited, send)

    async def _refuse(self, send: Send) -> None:
        body = json.dumps({"error": "payload too large", "message": too_large_message(self.max_bytes)}).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})
