"""The run ledger: which shards a batch run has finished, kept in the store beside the documents.

A shard is known by the hash of its bytes, so a finished shard is skipped on every later run, under
any path, and an edited shard is read again. A shard that was started but not finished (the run was
killed), or finished with inputs that failed, is resumed: the inputs the store already holds are skipped,
the rest are analysed again, so a failure that was fixed (a larger ``--max-bytes``, a model installed)
is retried by running the same command again. The tables are created on first use with SQL both stores
accept, so a store made by ``veracity add`` gains them without a migration.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from veracity.corpus.store import StoreRecords
from veracity.errors import InputError
from veracity.ingest.sources import content_hash, expand_inputs

_TABLES = (
    "CREATE TABLE IF NOT EXISTS batch_runs (id TEXT PRIMARY KEY, engine TEXT NOT NULL, workers INTEGER NOT NULL,"
    " started TEXT NOT NULL, finished TEXT, report TEXT)",
    "CREATE TABLE IF NOT EXISTS batch_shards (content_hash TEXT PRIMARY KEY, path TEXT NOT NULL,"
    " status TEXT NOT NULL, run_id TEXT NOT NULL, documents INTEGER, failed INTEGER, time TEXT NOT NULL)",
)


@dataclass(frozen=True)
class Shard:
    """One input file of a batch run and the hash of its content."""

    path: str
    content_hash: str


def find_shards(paths: list[str]) -> list[Shard]:
    """Every input file under ``paths`` (directories expanded, sorted), hashed; InputError for one that cannot
    be read."""
    shards, unreadable = scan_shards(paths)
    if unreadable:
        raise unreadable[0]
    return shards


def scan_shards(paths: list[str]) -> tuple[list[Shard], list[InputError]]:
    """Every input file under ``paths`` (directories expanded, sorted), hashed, and the ones that cannot be
    read (missing, unreadable), each as the error that says why: a run records those and goes on with the
    others. Stdin is refused: a shard must be read again to resume."""
    files = expand_inputs(paths, keep_missing=True)
    if "-" in files:
        raise InputError("a batch run reads files, not stdin: it must be able to read a shard again to resume",
                         source="-")
    shards: list[Shard] = []
    unreadable: list[InputError] = []
    for path in files:
        try:
            shards.append(Shard(path, content_hash(path)))
        except InputError as error:
            unreadable.append(error)
    return shards, unreadable


class RunLedger:
    """Reads and writes the batch tables of an open store (SQLite or PostgreSQL)."""

    def __init__(self, store: StoreRecords) -> None:
        self._db = store._db
        for statement in _TABLES:
            self._db.execute(statement)

    def status(self, shard: Shard) -> str | None:
        """"done", "started", "failed", or None for a shard never seen."""
        row = self._db.execute("SELECT status FROM batch_shards WHERE content_hash = ?",
                               (shard.content_hash,)).fetchone()
        return row[0] if row else None

    def failed_inputs(self, shard: Shard) -> int:
        """How many of a finished shard's inputs failed in its last run (0 for a shard never seen)."""
        row = self._db.execute("SELECT failed FROM batch_shards WHERE content_hash = ?",
                               (shard.content_hash,)).fetchone()
        return int(row[0] or 0) if row else 0

    def stored_sources(self, shard: Shard) -> frozenset[str]:
        """Inputs of a shard whose documents the store holds (added, or found unchanged): a resumed shard skips
        these and analyses the rest, the ones that failed included."""
        return self.recorded_sources(shard, statuses=("added", "unchanged"))

    def recorded_sources(self, shard: Shard, statuses: tuple[str, ...] | None = None) -> frozenset[str]:
        """Inputs of a shard that the store's document ledger records (with one of ``statuses``; any outcome
        when None)."""
        prefix = shard.path.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        rows = self._db.execute(
            "SELECT DISTINCT source, status FROM ledger WHERE source = ? OR source LIKE ? ESCAPE '\\' OR source LIKE ?"
            " ESCAPE '\\'", (shard.path, prefix + ":%", prefix + "#%")).fetchall()
        return frozenset(row[0] for row in rows if statuses is None or row[1] in statuses)

    def start_run(self, run_id: str, engine: str, workers: int) -> None:
        self._write("INSERT INTO batch_runs (id, engine, workers, started) VALUES (?, ?, ?, ?)",
                    (run_id, engine, workers, _now()))

    def mark(self, shard: Shard, status: str, run_id: str, documents: int = 0, failed: int = 0) -> None:
        self._write("DELETE FROM batch_shards WHERE content_hash = ?", (shard.content_hash,),
                    "INSERT INTO batch_shards VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (shard.content_hash, shard.path, status, run_id, documents, failed, _now()))

    def finish_run(self, run_id: str, report: dict[str, Any]) -> None:
        self._write("UPDATE batch_runs SET finished = ?, report = ? WHERE id = ?",
                    (_now(), json.dumps(report), run_id))

    def _write(self, *statements: Any) -> None:
        """Statements and their parameters, in pairs, in one transaction."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            for sql, params in zip(statements[::2], statements[1::2], strict=True):
                self._db.execute(sql, params)
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise


def new_run_id() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S") + f"-{os.getpid()}"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
