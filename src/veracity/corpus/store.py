"""The embedded document store: one SQLite file (WAL mode) holding analysed documents, their quotes and
the people who said them, a full-text index over both, and a ledger of every add.

Why this shape:

- A document's id is the content hash of its cleaned text (``Document.id``), and it is the primary key, so
  re-adding the same content (even under a new URL) changes nothing and reports "unchanged".
- Each document is written in one transaction (row, quotes, people, index rows and ledger entry), so a crash
  mid-write never leaves half a document; WAL with ``synchronous=NORMAL`` survives a killed process (only a
  power cut can lose the last few commits, and even then the file stays consistent).
- The ledger records what happened to each source (added, unchanged, failed with its error), so a bulk add
  can be resumed and audited; a resumed add skips analysis for content already stored.
- Each quote and each document's title is also stored as a sentence embedding (``vectors``, in the same
  transaction), so ``search(mode="meaning")`` finds what was said in other words; the usearch index over
  them is a cache beside the file (``veracity.corpus.vectors``).
- A ``meta`` table names the file as a Veracity store and holds its schema version, so a stranger's database
  or a store written by a newer Veracity is refused with a clear ``StoreError`` instead of being changed.
"""

from __future__ import annotations

import json
import re
import sqlite3
from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Self

from veracity.errors import StoreError
from veracity.model import Document

if TYPE_CHECKING:
    from veracity.corpus.vectors import StoreVectors

STORE_FORMAT = "veracity-store"
STORE_SCHEMA_VERSION = 5
AddStatus = Literal["added", "unchanged"]
VectorRow = tuple[str, str, bytes]  # (document id, quote id, float16 sentence vector): see corpus/vectors.py
SearchMode = Literal["text", "meaning", "both"]
SEARCH_MODES: tuple[SearchMode, ...] = ("text", "meaning", "both")
Matched = Literal["text", "meaning", "both"]
# Search ranks at most this many matches, the newest first: every match of a query would be scored
# otherwise, and common words match tens of thousands of rows in a large store.
RANK_CANDIDATES = 2000

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE documents (
    id TEXT PRIMARY KEY,            -- content hash of the cleaned text (Document.id)
    source TEXT, url TEXT, outlet TEXT, title TEXT, published TEXT,
    dossier TEXT NOT NULL,          -- Document.to_dict() as JSON
    added TEXT NOT NULL
);
CREATE TABLE quotes (
    doc_id TEXT NOT NULL REFERENCES documents(id), quote_id TEXT NOT NULL,
    speaker_name TEXT, speaker_id TEXT, kind TEXT NOT NULL, content TEXT NOT NULL, cue TEXT,
    published TEXT, start INTEGER NOT NULL,
    PRIMARY KEY (doc_id, quote_id)
);
CREATE INDEX quotes_by_speaker ON quotes (speaker_name);
CREATE TABLE mentions (             -- the names a document uses for each person, for ``person`` queries
    doc_id TEXT NOT NULL REFERENCES documents(id), person_id TEXT NOT NULL, name TEXT NOT NULL
);
CREATE INDEX mentions_by_person ON mentions (doc_id, person_id);
CREATE VIRTUAL TABLE search USING fts5(
    kind UNINDEXED, doc_id UNINDEXED, quote_id UNINDEXED, body, tokenize = 'porter unicode61'
);
CREATE TABLE ledger (
    id INTEGER PRIMARY KEY, source TEXT, content_hash TEXT, status TEXT NOT NULL, error TEXT, time TEXT NOT NULL
);
CREATE INDEX ledger_by_hash ON ledger (content_hash);
"""
# Schema 2: fact-checks imported from ClaimReview (or CheckThat!), with their embeddings (float16 bytes).
_FACTCHECKS = """
CREATE TABLE factchecks (
    id TEXT PRIMARY KEY,            -- content hash of publisher, url and claim
    claim TEXT NOT NULL, title TEXT, verdict TEXT, publisher TEXT, date TEXT, url TEXT, source TEXT,
    claim_vector BLOB, title_vector BLOB, added TEXT NOT NULL
);
"""
# Schema 3: a sentence embedding of each quote and of each document's title (or opening), float16 bytes.
_VECTORS = """
CREATE TABLE IF NOT EXISTS vectors (
    id INTEGER PRIMARY KEY,         -- the vector's key in the usearch index
    doc_id TEXT NOT NULL REFERENCES documents(id),
    quote_id TEXT NOT NULL,         -- '' for the document's own vector (a unique key cannot hold NULL)
    vector BLOB NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS vectors_by_doc ON vectors (doc_id, quote_id);
"""
# Schema 4: the web server's jobs, so queued and running work survives a killed process (veracity.web.jobs),
# and each document's conflicts panel, computed when it is stored and marked stale when a related one arrives.
SERVER_SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY, server TEXT NOT NULL, lane TEXT NOT NULL, status TEXT NOT NULL,
    record TEXT NOT NULL,           -- what GET /jobs/{id} shows, as JSON
    payload TEXT,                   -- how to run the job again after a restart (JSON); dropped once it ends
    attempts INTEGER NOT NULL,      -- how many times a worker started it
    created TEXT NOT NULL, updated TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS jobs_unfinished ON jobs (server, status);
CREATE TABLE IF NOT EXISTS panels (
    doc_id TEXT PRIMARY KEY REFERENCES documents(id),
    panel TEXT NOT NULL,            -- the conflicts panel as JSON (veracity.web.conflicts)
    stale INTEGER NOT NULL,         -- 1 once a later document or fact-check may change it
    computed TEXT NOT NULL
);
"""
# Schema 5: recordings kept with the stories that quote them (veracity.corpus.recordings): each file once, by
# the SHA-256 of its bytes, with its report; each story's printed quotes checked against it; and its transcript,
# one row a segment, in a full-text index of its own (the backends differ there: ``_RECORDING_SEARCH``).
RECORDINGS_SCHEMA = """
CREATE TABLE IF NOT EXISTS recordings (
    id TEXT PRIMARY KEY,            -- SHA-256 of the file's bytes
    source TEXT, duration DOUBLE PRECISION NOT NULL,
    report TEXT NOT NULL,           -- what `veracity listen` reports (JSON), without any article's quotes
    added TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS recording_quotes (
    recording_id TEXT NOT NULL REFERENCES recordings(id), doc_id TEXT NOT NULL REFERENCES documents(id),
    checks TEXT NOT NULL,           -- the document's printed quotes against the recording (JSON list)
    added TEXT NOT NULL,
    PRIMARY KEY (recording_id, doc_id)
);
CREATE INDEX IF NOT EXISTS recording_quotes_by_doc ON recording_quotes (doc_id);
"""
_RECORDING_SEARCH = """
CREATE VIRTUAL TABLE IF NOT EXISTS recording_search USING fts5(
    recording_id UNINDEXED, start_s UNINDEXED, end_s UNINDEXED, body, tokenize = 'porter unicode61'
);
"""


@dataclass(frozen=True)
class SearchHit:
    """One match: a document (``quote_id`` None) or one of its quotes.

    ``score`` is lower for better matches: bm25 for a full-text search, cosine distance for a meaning
    search, minus the fused reciprocal rank for both; ``matched`` says which search found it.
    """

    doc_id: str
    quote_id: str | None
    outlet: str | None
    title: str | None
    published: str | None
    source: str | None
    snippet: str
    score: float
    matched: Matched = "text"


@dataclass(frozen=True)
class SaidQuote:
    """One thing a person said, with the document that reports it."""

    speaker: str
    content: str
    kind: str
    cue: str | None
    published: str | None
    doc_id: str
    outlet: str | None
    title: str | None
    source: str | None


@dataclass(frozen=True)
class JobRow:
    """A job as the store keeps it: ``record`` is what a client is shown, ``payload`` what reruns it."""

    id: str
    lane: str
    status: str
    record: dict[str, Any]
    payload: dict[str, Any] | None
    attempts: int


@dataclass(frozen=True)
class LedgerEntry:
    source: str | None
    content_hash: str | None
    status: str
    error: str | None
    time: str


@dataclass(frozen=True)
class StoredRecording:
    """A recording as the store keeps it: the hash of its bytes (its id), where it came from, what
    ``veracity listen`` reported, and its transcript segments as (start, end, text) for the index."""

    id: str
    source: str | None
    duration: float
    report: dict[str, Any]
    segments: list[tuple[float, float, str]]


@dataclass(frozen=True)
class RecordingHit:
    """Words said on a stored recording: which one, when in it (seconds), and the transcript around them.

    ``score`` is lower for better matches, as in ``SearchHit``."""

    recording_id: str
    source: str | None
    start: float
    end: float
    snippet: str
    score: float


@dataclass(frozen=True)
class RecordingLink:
    """A stored recording a document quotes from, with the document's printed quotes checked against it."""

    recording_id: str
    doc_id: str
    source: str | None
    duration: float
    checks: list[dict[str, Any]]


class StoreRecords(ABC):
    """What both stores do the same way over their connection (SQLite's, or psycopg's behind the same
    ``execute`` with ``?`` placeholders): reading documents, the ledger and people's quotes."""

    path: str
    _db: Any
    vectors: StoreVectors

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # Writing

    def contains(self, doc_id: str) -> bool:
        return self._db.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone() is not None

    def add(self, doc: Document, *, source: str | None = None, vectors: list[VectorRow] | None = None
            ) -> AddStatus:
        """Store an analysed document in one transaction; "unchanged" when its content is already stored.

        ``vectors`` are its sentence vectors when a batch worker computed them; otherwise they are embedded
        here, before the transaction opens, so the write lock never waits on the model.
        """
        source = source if source is not None else doc.metadata.source
        meta = doc.metadata
        if vectors is None:
            vectors = [] if self.contains(doc.id) else self.vectors.for_document(doc)
        self._db.execute("BEGIN IMMEDIATE")
        try:
            inserted = self._db.execute(
                "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
                (doc.id, source, meta.url, meta.site_name, meta.title, meta.published,
                 json.dumps(doc.to_dict(), ensure_ascii=False), _now()),
            ).rowcount
            status: AddStatus = "added" if inserted else "unchanged"
            if inserted:
                self._write_annotations(doc)
                self.vectors.write(vectors)
            self._note(source, doc.id, status, None)
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        return status

    @abstractmethod
    def _write_annotations(self, doc: Document) -> None:
        """A new document's quotes, names and full-text rows, inside ``add``'s transaction."""

    def note(self, source: str | None, content_hash: str | None, status: str, error: str | None = None) -> None:
        """Record in the ledger what happened to an input that was not stored (failed, or skipped as known)."""
        self._db.execute("BEGIN IMMEDIATE")
        self._note(source, content_hash, status, error)
        self._db.execute("COMMIT")

    def _note(self, source: str | None, content_hash: str | None, status: str, error: str | None) -> None:
        self._db.execute("INSERT INTO ledger (source, content_hash, status, error, time) VALUES (?, ?, ?, ?, ?)",
                         (source, content_hash, status, error, _now()))

    def save_job(self, job: JobRow, server: str) -> None:
        """Write a job's state. The payload (up to an upload's size) is written when the row is first
        written and kept while the job runs (a later write may leave it None); a finished job drops it."""
        payload = json.dumps(job.payload, ensure_ascii=False) if job.payload is not None else None
        now = _now()
        self._db.execute(
            "INSERT INTO jobs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET status ="
            " excluded.status, record = excluded.record, attempts = excluded.attempts, updated = excluded.updated,"
            " payload = CASE WHEN excluded.status IN ('done', 'failed') THEN NULL"
            " ELSE COALESCE(excluded.payload, jobs.payload) END",
            (job.id, server, job.lane, job.status, json.dumps(job.record, ensure_ascii=False), payload,
             job.attempts, now, now))

    def job(self, job_id: str) -> JobRow | None:
        row = self._db.execute("SELECT id, lane, status, record, payload, attempts FROM jobs WHERE id = ?",
                               (job_id,)).fetchone()
        return _job_row(row) if row else None

    def unfinished_jobs(self, server: str) -> list[JobRow]:
        """The jobs ``server`` had queued or running when it stopped, oldest first."""
        rows = self._db.execute(
            "SELECT id, lane, status, record, payload, attempts FROM jobs WHERE server = ? AND status IN"
            " ('queued', 'running') ORDER BY created, id", (server,)).fetchall()
        return [_job_row(row) for row in rows]

    def forget_jobs(self, keep: int) -> None:
        """Drop finished jobs beyond the newest ``keep``: a client can read what happened for a while."""
        self._db.execute(
            "DELETE FROM jobs WHERE status NOT IN ('queued', 'running') AND id NOT IN (SELECT id FROM jobs"
            " WHERE status NOT IN ('queued', 'running') ORDER BY updated DESC, id LIMIT ?)", (keep,))

    def save_panel(self, doc_id: str, panel: dict[str, Any]) -> None:
        self._db.execute(
            "INSERT INTO panels VALUES (?, ?, 0, ?) ON CONFLICT (doc_id) DO UPDATE SET panel = excluded.panel,"
            " stale = 0, computed = excluded.computed", (doc_id, json.dumps(panel, ensure_ascii=False), _now()))

    def panel(self, doc_id: str) -> tuple[dict[str, Any], bool] | None:
        """A document's stored conflicts panel and whether it is stale, or None when none was computed."""
        row = self._db.execute("SELECT panel, stale FROM panels WHERE doc_id = ?", (doc_id,)).fetchone()
        return (json.loads(str(row[0])), bool(row[1])) if row else None

    def mark_panels_stale(self, doc_ids: Iterable[str] | None = None) -> None:
        """Mark the panels of ``doc_ids`` (all of them when None) as due for recomputing."""
        if doc_ids is None:
            self._db.execute("UPDATE panels SET stale = 1")
            return
        ids = list(doc_ids)
        if ids:
            self._db.execute(f"UPDATE panels SET stale = 1 WHERE doc_id IN ({', '.join('?' * len(ids))})", ids)

    def add_recording(self, recording: StoredRecording) -> AddStatus:
        """Keep a recording and index its transcript, in one transaction; "unchanged" when its bytes are stored."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            inserted = self._db.execute(
                "INSERT INTO recordings VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
                (recording.id, recording.source, recording.duration,
                 json.dumps(recording.report, ensure_ascii=False), _now())).rowcount
            status: AddStatus = "added" if inserted else "unchanged"
            if inserted and recording.segments:
                self._db.executemany(
                    "INSERT INTO recording_search (recording_id, start_s, end_s, body) VALUES (?, ?, ?, ?)",
                    [(recording.id, start, end, text) for start, end, text in recording.segments])
            self._note(recording.source, recording.id, status, None)
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        return status

    def link_recording(self, recording_id: str, doc_id: str, checks: list[dict[str, Any]]) -> AddStatus:
        """Keep a stored document's quote checks against a stored recording; "unchanged" when already kept."""
        inserted = self._db.execute(
            "INSERT INTO recording_quotes VALUES (?, ?, ?, ?) ON CONFLICT (recording_id, doc_id) DO NOTHING",
            (recording_id, doc_id, json.dumps(checks, ensure_ascii=False), _now())).rowcount
        return "added" if inserted else "unchanged"

    def recording(self, recording_id: str) -> dict[str, Any] | None:
        """The stored report of a recording, with the documents quoting it and their checks, or None."""
        row = self._db.execute("SELECT report FROM recordings WHERE id = ?", (recording_id,)).fetchone()
        if row is None:
            return None
        report: dict[str, Any] = json.loads(str(row[0]))
        links = self._db.execute("SELECT doc_id, checks FROM recording_quotes WHERE recording_id = ? ORDER BY added,"
                                 " doc_id", (recording_id,)).fetchall()
        report["documents"] = [{"doc_id": doc_id, "checks": json.loads(str(checks))} for doc_id, checks in links]
        return report

    def has_recording(self, recording_id: str) -> bool:
        return self._db.execute("SELECT 1 FROM recordings WHERE id = ?", (recording_id,)).fetchone() is not None

    def recordings_of(self, doc_id: str) -> list[RecordingLink]:
        """The stored recordings a document quotes from, oldest link first."""
        rows = self._db.execute(
            "SELECT r.id, r.source, r.duration, l.checks FROM recording_quotes AS l JOIN recordings AS r"
            " ON r.id = l.recording_id WHERE l.doc_id = ? ORDER BY l.added, r.id", (doc_id,)).fetchall()
        return [RecordingLink(str(rid), doc_id, source, float(duration), json.loads(str(checks)))
                for rid, source, duration, checks in rows]

    def recording_count(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM recordings").fetchone()[0])

    def search_recordings(self, query: str, *, limit: int = 10) -> list[RecordingHit]:
        """Stretches of stored transcripts holding every word of ``query``, best first."""
        fts_query(query)  # the same refusal of a query without words as a document search
        return self._recording_text_search(query, limit)

    @abstractmethod
    def _recording_text_search(self, query: str, limit: int) -> list[RecordingHit]:
        """Transcript segments matching ``query``, best first, from the backend's own full-text index."""

    # Reading

    def search(self, query: str, *, limit: int = 10, mode: SearchMode = "text") -> list[SearchHit]:
        """Stored documents and quotes for ``query``, best first: by its words (``text``), by the meaning of
        what was said (``meaning``: nearest sentence embeddings), or both fused by reciprocal rank.

        A meaning search first embeds any stored document that has no vectors yet (a store from before
        they existed); a store with nothing stored returns nothing.
        """
        if mode not in SEARCH_MODES:
            raise StoreError(f"unknown search mode {mode!r}; use one of {', '.join(SEARCH_MODES)}", source=self.path)
        if mode == "text":
            return self._text_search(query, limit)
        fts_query(query)  # the same refusal of a query without words as a full-text search
        if mode == "meaning":
            return self.vectors.nearest(query, limit)
        from veracity.corpus.vectors import fuse

        depth = max(2 * limit, 20)  # each ranking deeper than the cut, so fusion can lift what both found
        return fuse(self._text_search(query, depth), self.vectors.nearest(query, depth), limit)

    @abstractmethod
    def _text_search(self, query: str, limit: int) -> list[SearchHit]:
        """Full-text hits, best first: each backend has its own index (FTS5, or tsvector + GIN)."""

    def count(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM documents").fetchone()[0])

    def document(self, doc_id: str) -> Document | None:
        stored = self.dossier_json(doc_id)
        return Document.from_dict(json.loads(stored)) if stored is not None else None

    def find_document(self, reference: str) -> Document | None:
        """The stored document whose id, URL or source is ``reference`` (the newest, when several share it)."""
        row = self._db.execute("SELECT dossier FROM documents WHERE id = ? OR url = ? OR source = ? ORDER BY"
                               " id = ? DESC, added DESC LIMIT 1", (reference, reference, reference, reference)
                               ).fetchone()
        return Document.from_dict(json.loads(str(row[0]))) if row else None

    def dossier_json(self, doc_id: str) -> str | None:
        """The dossier exactly as stored (the schema's JSON): serving it costs no rebuild and no re-serialising."""
        row = self._db.execute("SELECT dossier FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return str(row[0]) if row else None

    def speaker_names(self, person_id: str) -> list[str]:
        """The names stored quotes give a person id (a hash of the canonical name, the same in every document)."""
        rows = self._db.execute("SELECT DISTINCT speaker_name FROM quotes WHERE speaker_id = ?", (person_id,))
        return sorted(row[0] for row in rows if row[0])

    def document_ids(self) -> list[str]:
        return [row[0] for row in self._db.execute("SELECT id FROM documents ORDER BY id")]

    def ledger(self) -> list[LedgerEntry]:
        rows = self._db.execute("SELECT source, content_hash, status, error, time FROM ledger ORDER BY id")
        return [LedgerEntry(*row) for row in rows]

    def person(self, name: str) -> list[SaidQuote]:
        """Everything a person said, oldest first: quotes whose speaker's canonical name, or a name the
        document uses for them, contains ``name`` (case-insensitive)."""
        needle = name.strip().lower()
        if not needle:
            raise StoreError("give a name to look for", source=self.path)
        pattern = "%" + needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        rows = self._db.execute(
            "SELECT q.speaker_name, q.content, q.kind, q.cue, q.published, q.doc_id, d.outlet, d.title, d.source"
            " FROM quotes AS q JOIN documents AS d ON d.id = q.doc_id"
            " WHERE lower(q.speaker_name) LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM mentions AS m"
            "   WHERE m.doc_id = q.doc_id AND m.person_id = q.speaker_id AND lower(m.name) LIKE ? ESCAPE '\\')"
            " ORDER BY q.published IS NULL, q.published, q.doc_id, q.start",
            (pattern, pattern),
        ).fetchall()
        return [SaidQuote(*row) for row in rows]

    def _check_documents(self) -> list[str]:
        """Documents whose quotes, index rows or vectors are not all stored (no vectors at all is sound: a
        document stored without them is embedded at the next meaning search)."""
        problems = []
        for doc_id, dossier in self._db.execute("SELECT id, dossier FROM documents").fetchall():
            quotes = {q["id"] for q in json.loads(dossier)["quotes"]}
            stored = {r[0] for r in self._db.execute("SELECT quote_id FROM quotes WHERE doc_id = ?", (doc_id,))}
            indexed = self._db.execute("SELECT count(*) FROM search WHERE doc_id = ?", (doc_id,)).fetchone()[0]
            vectors = self._db.execute("SELECT count(*) FROM vectors WHERE doc_id = ?", (doc_id,)).fetchone()[0]
            if stored != quotes or indexed != len(quotes) + 1 or vectors not in (0, len(quotes) + 1):
                problems.append(f"{doc_id}: {len(stored)} of {len(quotes)} quotes, {indexed} index rows, "
                                f"{vectors} vectors")
        return problems


class Store(StoreRecords):
    """A Veracity store in one SQLite file.

    ``create=False`` refuses a file that does not exist yet, so a query against a mistyped path says so
    instead of silently creating an empty store. ``embed=False`` stores documents without their sentence
    vectors (embedding is most of the cost of storing, see benchmarks/RESULTS.md); the first meaning search
    embeds them.
    """

    def __init__(self, path: str | Path, *, create: bool = True, embed: bool = True) -> None:
        from veracity.corpus.vectors import StoreVectors

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
            db.execute("PRAGMA journal_mode = WAL")
            # One script, one transaction: a crash while creating leaves an empty file, not half a schema.
            try:
                db.executescript(f"BEGIN IMMEDIATE; {_SCHEMA} {_FACTCHECKS} {_VECTORS} {SERVER_SCHEMA}"
                                 f" {RECORDINGS_SCHEMA} {_RECORDING_SEARCH} INSERT INTO"
                                 f" meta VALUES ('format', '{STORE_FORMAT}'), ('schema_version',"
                                 f" '{STORE_SCHEMA_VERSION}'); COMMIT;")
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
            missing = (_FACTCHECKS if version < 2 else "") + _VECTORS + SERVER_SCHEMA + RECORDINGS_SCHEMA
            missing += _RECORDING_SEARCH
            db.executescript(f"BEGIN IMMEDIATE; {missing} UPDATE meta SET value = '{STORE_SCHEMA_VERSION}' WHERE "
                             "key = 'schema_version'; COMMIT;")
        db.execute("PRAGMA journal_mode = WAL")
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


Row = tuple[object, ...]


def annotation_rows(doc: Document) -> tuple[list[Row], list[Row], list[Row]]:
    """The rows a document adds besides its own: quotes, the names used for each person, index rows."""
    doc_id, published = doc.id, doc.metadata.published
    quotes: list[Row] = [
        (doc_id, q.id, q.speaker.name if q.speaker else None, q.speaker.id if q.speaker else None, q.kind,
         q.content.text, q.cue.text if q.cue else None, published, q.start) for q in doc.quotes]
    mentions: list[Row] = [(doc_id, p.id, name) for p in doc.people
                           for name in sorted({p.name, *(m.text for m in p.mentions if m.kind == "name")})]
    title = doc.metadata.title
    # A headline the text already opens with is not indexed twice (it would weigh double in bm25).
    body = doc.text if not title or doc.text.startswith(title) else f"{title}\n\n{doc.text}"
    search: list[Row] = [("document", doc_id, None, body)]
    search += [("quote", doc_id, q.id, q.content.text) for q in doc.quotes]
    return quotes, mentions, search


def open_store(location: str | Path, *, create: bool = True, embed: bool = True) -> Store:
    """The store at ``location``: a PostgreSQL URL (``postgresql://…``) or an SQLite file path."""
    if str(location).startswith(("postgresql://", "postgres://")):
        from veracity.corpus.pg_store import PgStore

        return PgStore(str(location), create=create, embed=embed)  # type: ignore[return-value]
    return Store(location, create=create, embed=embed)


_WORD = re.compile(r"\w+", re.UNICODE)


def fts_query(query: str) -> str:
    """An FTS5 query matching every word of ``query``: each word quoted as a string, so no input is syntax."""
    words = _WORD.findall(query)
    if not words:
        raise StoreError(f"the query {query!r} has no words to search for")
    return " ".join(f'"{word}"' for word in words)


def _job_row(row: Row) -> JobRow:
    job_id, lane, status, record, payload, attempts = row
    return JobRow(str(job_id), str(lane), str(status), json.loads(str(record)),
                  json.loads(str(payload)) if payload is not None else None, int(str(attempts)))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
