"""What a server runs with: its store, its limits, its token and the origins allowed to call it."""

from __future__ import annotations

import os
from dataclasses import dataclass

from veracity.errors import ConfigError

TOKEN_VARIABLE = "VERACITY_TOKEN"
DEFAULT_MAX_UPLOAD_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class WebSettings:
    """A server's configuration; ``from_environment`` reads the token from ``VERACITY_TOKEN``.

    ``inline_wait_s``: how long a request for one document (or a fact-check import, or a dossier's links)
    waits for its job before answering 202 with the job to poll; a batch never waits.
    """

    store: str
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES
    token: str | None = None
    cors_origins: tuple[str, ...] = ()
    # The Host names the server answers to (see veracity.web.origins); None answers to any.
    host_names: tuple[str, ...] | None = None
    inline_wait_s: float = 15.0
    max_queued_jobs: int = 64
    max_batch_documents: int = 2000  # articles in one JSONL upload (one job)
    max_job_s: float = 1800.0  # an analysis job starts no new article after this long (see Analyst)
    # Which server this is, for its jobs in a store several servers may share (serve sets host:port).
    server_name: str = "local"
    warm_up: bool = True  # load the pipeline when the server starts, not on the first request
    # Run the analyses in a process of their own (``veracity serve --analysis-process``; see
    # veracity.web.analysis), not on the job thread, where they share the interpreter lock with every request.
    analysis_process: bool = False

    def __post_init__(self) -> None:
        if self.max_upload_bytes < 1024:
            raise ConfigError("the upload limit must be at least 1 KB")
        if self.token is not None and len(self.token) < 8:
            raise ConfigError(f"{TOKEN_VARIABLE} must be at least 8 characters; use a long random string")
        for origin in self.cors_origins:
            if origin == "*" or not origin.startswith(("http://", "https://")):
                raise ConfigError(f"CORS origin {origin!r} must be one http(s)://host[:port]; '*' is not allowed")

    @classmethod
    def from_environment(cls, store: str, **options: object) -> WebSettings:
        token = os.environ.get(TOKEN_VARIABLE) or None
        return cls(store=store, token=token, **options)  # type: ignore[arg-type]
