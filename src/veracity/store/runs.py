"""The run ledger of ``veracity batch``: which shards a run has finished, kept in the store beside the documents.

A shard is known by the hash of its bytes, so a finished shard is skipped on every later run, under any
path, and an edited shard is read again (``veracity.batch.runner`` decides what to run; this module only
keeps the record, in the schema's ``batch_runs`` and ``batch_shards`` tables).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from veracity.store.base import Store


@dataclass(frozen=True)
class Shard:
    """One input file of a batch run and the hash of its content."""

    path: str
    content_hash: str


class RunLedger:
    """Reads and writes the batch tables of an open store (SQLite or PostgreSQL)."""

    def __init__(self, store: Store) -> None:
        self._db = store._db

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


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
