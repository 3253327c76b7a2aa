"""Which requests the server answers: its own host names only, and writes only from its own pages.

Two browser attacks on a server left running on a newsroom laptop (issue 18):

- **Forged writes.** A page on any site can ``fetch(..., {mode: "no-cors"})`` a ``text/plain`` body or a
  multipart form to ``http://localhost:8080/documents``: the browser sends it without asking, and only
  hides the answer. Browsers mark every such request with ``Origin`` (and ``Sec-Fetch-Site``), so a write
  (POST, PUT, PATCH, DELETE) whose origin is neither this server's own nor one allowed with
  ``--cors-origin`` is refused with 403. Clients that are not browsers (curl, scripts) send neither header
  and are not affected; the token, when set, still guards them.
- **DNS rebinding.** A hostile name that resolves to 127.0.0.1 makes the browser treat this server as the
  attacker's own site, and read from it. A request whose ``Host`` is not one of the server's names is
  refused with 421, so a rebound name gets nothing.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.types import ASGIApp, Receive, Scope, Send

from veracity.web.problems import problem_response

WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")


def host_names(bind: str, extra: tuple[str, ...] = ()) -> tuple[str, ...] | None:
    """The Host names a server bound to ``bind`` answers to; None (any) for a wildcard bind without names."""
    if bind in ("0.0.0.0", "::", ""):
        return tuple(extra) or None
    names = (*LOOPBACK_NAMES, *extra) if bind in LOOPBACK_NAMES else (bind, *extra)
    return tuple(dict.fromkeys(name.lower() for name in names))


def _hostname(netloc: str) -> str:
    """``example.org:8080`` -> ``example.org``; ``[::1]:8080`` -> ``::1``."""
    parsed = urlsplit("//" + netloc)
    return (parsed.hostname or "").lower()


class OriginGuard:
    """ASGI middleware: 421 for a Host the server does not answer to, 403 for a cross-origin write."""

    def __init__(self, app: ASGIApp, *, hosts: tuple[str, ...] | None, allowed_origins: tuple[str, ...] = ()) -> None:
        self.app = app
        self.hosts = hosts
        self.allowed_origins = frozenset(o.rstrip("/").lower() for o in allowed_origins)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {name.decode("latin-1").lower(): value.decode("latin-1") for name, value in scope["headers"]}
        host = headers.get("host", "")
        if self.hosts is not None and _hostname(host) not in self.hosts:
            refusal = problem_response(421, f"this server does not answer to the host name "
                                            f"{_hostname(host) or '(none)'!r}; use one of: {', '.join(self.hosts)}")
        elif scope["method"] in WRITES and not self._same_origin(headers, host):
            refusal = problem_response(403, "a page from another site may not write to this server; open "
                                            "Veracity's own page, or allow that site with --cors-origin")
        else:
            await self.app(scope, receive, send)
            return
        await refusal(scope, receive, send)

    def _same_origin(self, headers: dict[str, str], host: str) -> bool:
        origin = headers.get("origin")
        if origin is not None:
            if origin.rstrip("/").lower() in self.allowed_origins:
                return True
            return origin != "null" and urlsplit(origin).netloc.lower() == host.lower()
        # No Origin: not a browser, or a browser old enough not to send it; Sec-Fetch-Site still says.
        return headers.get("sec-fetch-site", "same-origin") in ("same-origin", "none")

