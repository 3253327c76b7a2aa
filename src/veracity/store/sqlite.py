"""The embedded store: one SQLite file (WAL mode) beside its usearch vector index.

WAL with ``synchronous=NORMAL`` survives a killed process (only a power cut can lose the last few commits,
and even then the file stays consistent). A ``meta`` table names the file as a Veracity store and holds its
schema version, so a stranger's database or a store written by a newer Veracity is refused with a clear
``StoreError`` instead of being changed.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from veracity.errors import StoreError
from veracity.model import Document
from veracity.store.base import RANK_CANDIDATES, Store, annotation_rows, fts_query
from veracity.store.records import RecordingHit, SearchHit
from veracity.store.schema import STORE_FORMAT, STORE_SCHEMA_VERSION, sqlite_creation, sqlite_migration
from veracity.store.vectors import StoreVectors


class SqliteStore(Store):
    """A Veracity store in one SQLite file.

    ``create=False`` refuses a file that does not exist yet, so a query against a mistyped path says so
    instead of silently creating an empty store. ``embed=False`` stores documents without their sentence
    vectors (embedding is most of the cost of storing, see benchmarks/RESULTS.md); the first meaning search
    embeds them.
    """

    def __init__(self, path: str | Path, *, create: bool = True, embed: bool = True) -> None:
        self.path = str(path)
        if not create and not Path(self.path).exists():
            raise StoreError("no store here; add documents first with `veracity add`", source=self.path)
        if Path(self.path).is_dir():
            raise StoreError("is a directory, not a store file", source=self.path)
        try:
            # Autocommit mode: transactions are opened explicitly, one per document.
            self._db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
        except sqlite3.Error as error:
            raise StoreError(f"cannot open the store: {error}", source=self.path) from error
        try:
            self._open()
        except sqlite3.DatabaseError as error:
            self._db.close()
            raise StoreError(f"not a Veracity store (SQLite says: {error}); give another --store file",
                             source=self.path) from error
        except StoreError:
            self._db.close()
            raise
        self.vectors = StoreVectors(self._db, Path(self.path + ".usearch"), embed=embed)

    def _open(self) -> None:
        db = self._db
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not tables:
            _use_wal(db)
            # One script, one transaction: a crash while creating leaves an empty file, not half a schema.
            try:
                db.executescript(f"BEGIN IMMEDIATE; {sqlite_creation()} COMMIT;")
            except sqlite3.OperationalError as error:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                if "already exists" not in str(error):
                    raise
                # Another connection created the store at the same moment (its whole script committed
                # before ours could start): read theirs.
        elif "meta" not in tables:
            raise StoreError("not a Veracity store (an SQLite database of something else); give another "
                             "--store file", source=self.path)
        meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
        if meta.get("format") != STORE_FORMAT:
            raise StoreError("not a Veracity store; give another --store file", source=self.path)
        version = int(meta.get("schema_version", "0"))
        if version > STORE_SCHEMA_VERSION:
            raise StoreError(f"written by a newer Veracity (store schema {version}, this version reads up to "
                             f"{STORE_SCHEMA_VERSION}); upgrade Veracity", source=self.path)
        if version < STORE_SCHEMA_VERSION:  # an older store: add the tables it lacks, in one transaction
            db.executescript(f"BEGIN IMMEDIATE; {sqlite_migration(version)} COMMIT;")
        _use_wal(db)
        db.execute("PRAGMA synchronous = NORMAL")
        db.execute("PRAGMA foreign_keys = ON")

    # Writing

    def _write_annotations(self, doc: Document) -> None:
        quotes, mentions, search = annotation_rows(doc)
        self._db.executemany("INSERT INTO quotes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", quotes)
        self._db.executemany("INSERT INTO mentions VALUES (?, ?, ?)", mentions)
        self._db.executemany("INSERT INTO search (kind, doc_id, quote_id, body) VALUES (?, ?, ?, ?)", search)

    # Reading

    def _text_search(self, query: str, limit: int) -> list[SearchHit]:
        """Documents and quotes matching every word of ``query``, best first (bm25) among the newest
        ``RANK_CANDIDATES`` matches.

        The query is taken as plain words, never as FTS5 syntax, so quotes, brackets or operators a user
        types cannot make it fail.
        """
        match = fts_query(query)
        try:
            # Rank first, touching only the index (FTS5 orders by its rank column itself), then join and
            # cut snippets for the few rows kept: ranking with the join and snippets for every match
            # took 69 ms at the 95th percentile on 20,000 stored documents, against 50 ms allowed at 100,000.
            # bm25 is computed for every row it orders, so a query of common words over a large store
            # ranks only the newest RANK_CANDIDATES matches (rowid order: the most recently added).
            # (A rowid range, not "rowid IN (…)": FTS5 turns the range into a seek, the IN list it does not.)
            top = self._db.execute(
                "WITH newest AS (SELECT rowid AS id FROM search WHERE search MATCH ? ORDER BY rowid DESC LIMIT ?)"
                " SELECT rowid, rank FROM search WHERE search MATCH ? AND rowid >= (SELECT min(id) FROM newest)"
                " ORDER BY rank LIMIT ?", (match, RANK_CANDIDATES, match, limit)
            ).fetchall()
            if not top:
                return []
            scores = dict(top)
            rows = self._db.execute(
                "SELECT s.rowid, s.doc_id, s.quote_id, d.outlet, d.title, d.published, d.source,"
                " snippet(search, 3, '[', ']', '…', 16)"
                " FROM search AS s JOIN documents AS d ON d.id = s.doc_id"
                f" WHERE search MATCH ? AND s.rowid IN ({', '.join('?' * len(scores))})",
                (match, *scores),
            ).fetchall()
        except sqlite3.OperationalError as error:  # should not happen with a quoted query; say what it was
            raise StoreError(f"cannot search for {query!r}: {error}", source=self.path) from error
        hits = [SearchHit(doc_id, quote_id, outlet, title, published, source, snippet, scores[rowid])
                for rowid, doc_id, quote_id, outlet, title, published, source, snippet in rows]
        return sorted(hits, key=lambda hit: hit.score)

    def _recording_text_search(self, query: str, limit: int) -> list[RecordingHit]:
        rows = self._db.execute(
            "SELECT s.recording_id, r.source, s.start_s, s.end_s, snippet(recording_search, 3, '[', ']', '…', 16),"
            " s.rank FROM recording_search AS s JOIN recordings AS r ON r.id = s.recording_id"
            " WHERE recording_search MATCH ? ORDER BY s.rank LIMIT ?", (fts_query(query), limit)).fetchall()
        return [RecordingHit(str(rid), source, float(start), float(end), snippet, float(rank))
                for rid, source, start, end, snippet, rank in rows]

    def check(self) -> list[str]:
        """Problems with the store's consistency (empty when sound): SQLite's own check, and every document
        having its quotes and index rows."""
        problems = [row[0] for row in self._db.execute("PRAGMA integrity_check") if row[0] != "ok"]
        return problems + self._check_documents()


def _use_wal(db: sqlite3.Connection) -> None:
    """Switch the file to write-ahead logging. SQLite answers "database is locked" at once, without waiting
    for the busy timeout, when another connection holds the file at that instant (three request threads
    opening one store together met it in CI): try again for up to five seconds."""
    for attempt in range(100):
        try:
            db.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or attempt == 99:
                raise
            time.sleep(0.05)
