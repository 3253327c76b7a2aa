"""Every error the API returns has one JSON shape, ``{"error", "message"}`` (plus ``fields`` on a 422),
and none carries a stack trace: an unexpected failure is logged on the server with a reference the
client is given, so an operator can find it without the client learning anything about the internals.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from veracity.errors import (
    BinaryInputError,
    ConfigError,
    InputError,
    InputTooLargeError,
    ModelError,
    StoreError,
    VeracityError,
)

log = logging.getLogger("veracity.web")

TITLES = {400: "bad request", 401: "unauthorized", 403: "forbidden", 404: "not found", 405: "method not allowed",
           409: "conflict", 413: "payload too large", 415: "unsupported media type", 421: "misdirected request",
           422: "invalid request", 429: "too many requests", 500: "internal error", 503: "service unavailable"}


class Problem(Exception):
    """An error to answer with: an HTTP status and a message that says what to do."""

    def __init__(self, status: int, message: str, *, fields: list[dict[str, str]] | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.fields = fields
        self.headers = headers


def invalid(field: str, message: str) -> Problem:
    """A 422 naming the field that is wrong."""
    return Problem(422, f"{field}: {message}", fields=[{"field": field, "message": message}])


def refuse_unknown_fields(names: Iterable[str], allowed: frozenset[str]) -> None:
    """A 422 for a form field the route does not read: a typo would otherwise be ignored without a word."""
    unknown = sorted(set(names) - allowed)
    if unknown:
        raise invalid(unknown[0][:60], f"not a field of this form; it reads {', '.join(sorted(allowed))}")


def problem_response(status: int, message: str, fields: list[dict[str, str]] | None = None,
                     headers: dict[str, str] | None = None) -> JSONResponse:
    body: dict[str, Any] = {"error": TITLES.get(status, "error"), "message": message}
    if fields is not None:
        body["fields"] = fields
    return JSONResponse(body, status_code=status, headers=headers)


def from_veracity_error(error: VeracityError, field: str | None = None) -> Problem:
    """The HTTP answer to an error Veracity raised on purpose; its message is written for users."""
    message = error.message  # without the source: it is a label the server chose, not the client
    if isinstance(error, InputTooLargeError):
        return Problem(413, message)
    if isinstance(error, BinaryInputError):
        return Problem(415, message)
    if isinstance(error, InputError):
        return invalid(field, message) if field else Problem(422, message)
    if isinstance(error, ConfigError):
        return Problem(400, message)
    if isinstance(error, ModelError | StoreError):
        return Problem(503, message)
    return Problem(400, message)


# What an id in a path looks like, said to a person instead of the regular expression that checks it.
_ID_SHAPES = {"dossier_id": "a dossier id looks like doc-0123456789ab", "job_id": "a job id is 32 hexadecimal digits",
              "recording_id": "a recording id looks like rec-0123456789abcdef"}


def _said(item: Any) -> str:
    """A validation error's message; an id of the wrong shape says what the id should look like."""
    name = str(item.get("loc", ("",))[-1])
    if item.get("type") == "string_pattern_mismatch" and name in _ID_SHAPES:
        given = str(item.get("input", ""))[:40]
        return f"{given!r} is not an id this server gives out: {_ID_SHAPES[name]}"
    return str(item.get("msg", ""))


def install_handlers(app: FastAPI) -> None:
    @app.exception_handler(Problem)
    async def _problem(request: Request, error: Problem) -> JSONResponse:
        return problem_response(error.status, error.message, error.fields, error.headers)

    @app.exception_handler(VeracityError)
    async def _veracity(request: Request, error: VeracityError) -> JSONResponse:
        answer = from_veracity_error(error)
        return problem_response(answer.status, answer.message, answer.fields)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, error: RequestValidationError) -> JSONResponse:
        fields = [{"field": ".".join(str(part) for part in item.get("loc", ())), "message": _said(item)}
                  for item in error.errors()]
        summary = "; ".join(f"{f['field']}: {f['message']}" for f in fields) or "the request is not valid"
        return problem_response(422, summary, fields)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, error: StarletteHTTPException) -> JSONResponse:
        message = error.detail if isinstance(error.detail, str) else TITLES.get(error.status_code, "error")
        return problem_response(error.status_code, message, headers=getattr(error, "headers", None))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, error: Exception) -> JSONResponse:
        reference = uuid.uuid4().hex[:12]
        log.error("internal error %s on %s %s", reference, request.method, request.url.path, exc_info=error)
        return problem_response(500, f"internal error (reference {reference}); the server log has the details")
