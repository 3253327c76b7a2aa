"""The environment Veracity reads, in one place, read when asked (never at import), so a test or a
long-lived server sees the value of the moment."""

from __future__ import annotations

import os

DATABASE_URL = "VERACITY_DATABASE_URL"
DEBUG = "VERACITY_DEBUG"
PIPELINE = "VERACITY_PIPELINE"
FALLBACK_STORE = "veracity.db"


def default_store() -> str:
    """The store a command uses without ``--store``: a newsroom points every machine at one PostgreSQL
    database with ``VERACITY_DATABASE_URL=postgresql://…``; otherwise ``veracity.db`` here."""
    return os.environ.get(DATABASE_URL) or FALLBACK_STORE


def debugging() -> bool:
    """``VERACITY_DEBUG=1``: show the traceback of an internal error instead of one line."""
    return bool(os.environ.get(DEBUG))


def pipeline_file() -> str | None:
    """``VERACITY_PIPELINE``: a TOML pipeline configuration every entry point (commands, server, batch
    workers, the API) builds from instead of the default stages."""
    return os.environ.get(PIPELINE) or None
