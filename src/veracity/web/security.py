"""Who may call the API (an optional bearer token) and the headers that keep the page inert.

The token, when ``VERACITY_TOKEN`` is set, guards every API route; the page, its assets, the API docs and
``/health`` stay open because they hold no newsroom data (the page asks for the token and sends it).
The Content-Security-Policy allows scripts and styles from this server only, so even a mistake in
escaping could not run a script a story smuggled in.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable

from fastapi import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from veracity.web.problems import Problem

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


class SecurityHeaders:
    """ASGI middleware adding the security headers to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []), *(h for h in _HEADERS if h[0] not in present)]
            await send(message)

        await self.app(scope, receive, with_headers)


def require_token(expected: str | None) -> Callable[[Request], None]:
    """A dependency that checks ``Authorization: Bearer <token>`` when a token is configured."""

    def check(request: Request) -> None:
        if expected is None:
            return
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), expected.encode()):
            raise Problem(401, "this server needs a token: send 'Authorization: Bearer <VERACITY_TOKEN>'",
                          headers={"WWW-Authenticate": 'Bearer realm="veracity"'})

    return check
