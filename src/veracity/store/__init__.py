"""The store: analysed documents, their quotes and people, sentence vectors, fact-checks, kept recordings,
the web server's jobs and the batch runs, in one SQLite file or one PostgreSQL database.

``open_store`` picks the backend from the location. Everything else talks to ``Store`` (the interface,
``veracity.store.base``) and gets records back (``veracity.store.records``); nothing outside this package
writes SQL. Adding a backend is one module beside ``sqlite.py`` and ``postgres.py`` (see
docs/architecture.md).
"""

from __future__ import annotations

from pathlib import Path

from veracity.errors import ConfigError, ModelError, StoreError, VeracityError
from veracity.store.base import Store, fts_query
from veracity.store.records import (
    SEARCH_MODES,
    AddStatus,
    JobRow,
    LedgerEntry,
    RecordingHit,
    RecordingLink,
    SaidQuote,
    SearchHit,
    SearchMode,
    StoredRecording,
)
from veracity.store.schema import STORE_SCHEMA_VERSION
from veracity.store.sqlite import SqliteStore

__all__ = [
    "SEARCH_MODES", "STORE_SCHEMA_VERSION", "AddStatus", "JobRow", "LedgerEntry", "RecordingHit", "RecordingLink",
    "SaidQuote", "SearchHit", "SearchMode", "SqliteStore", "Store", "StoredRecording", "fts_query", "open_store",
    "storage_failure",
]


def open_store(location: str | Path, *, create: bool = True, embed: bool = True) -> Store:
    """The store at ``location``: a PostgreSQL URL (``postgresql://…``) or an SQLite file path."""
    if str(location).startswith(("postgresql://", "postgres://")):
        from veracity.store.postgres import PgStore  # psycopg is an extra: imported only when asked for

        return PgStore(str(location), create=create, embed=embed)
    return SqliteStore(location, create=create, embed=embed)


def storage_failure(error: Exception) -> str:
    """Why one document could not be stored, as its failure's reason; re-raises what is not about the document.

    The store's ``add`` rolls its transaction back before raising, so the store holds none of the document
    and the run can go on. A missing model, a bad option, or a store that cannot be written at all (locked,
    full, the connection lost: an ``OperationalError`` in both backends) is not the document's fault and
    would fail every document alike: that stops the run with one line, and a rerun resumes it.
    """
    if isinstance(error, ModelError | ConfigError | StoreError) or any(
            cls.__name__ == "OperationalError" for cls in type(error).__mro__):
        raise error
    if isinstance(error, VeracityError):
        return f"could not be stored: {error.message}"
    return f"could not be stored ({type(error).__name__}: {error})"
