"""The store's interface, and everything both backends do the same way.

Why this shape:

- A document's id is the content hash of its cleaned text (``Document.id``), and it is the primary key, so
  re-adding the same content (even under a new URL) changes nothing and reports "unchanged".
- Each document is written in one transaction (row, quotes, people, index rows, vectors and ledger entry),
  so a crash mid-write never leaves half a document.
- The ledger records what happened to each source (added, unchanged, failed with its error), so a bulk add
  can be resumed and audited; a resumed add skips analysis for content already stored.
- Each quote and each document's title is also stored as a sentence embedding (``vectors``), so
  ``search(mode="meaning")`` finds what was said in other words (``veracity.store.vectors``).
- Only this package writes SQL: callers get records (``veracity.store.records``), never rows.
"""

from __future__ import annotations

import json
import re
from abc import ABC, abstractmethod
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Self

from veracity.errors import StoreError
from veracity.model import Document
from veracity.store.records import (
    SEARCH_MODES,
    AddStatus,
    JobRow,
    LedgerEntry,
    RecordingHit,
    RecordingLink,
    Row,
    SaidQuote,
    SearchHit,
    SearchMode,
    StoredRecording,
    VectorRow,
)

if TYPE_CHECKING:
    from veracity.store.vectors import StoreVectors

# Search ranks at most this many matches, the newest first: every match of a query would be scored
# otherwise, and common words match tens of thousands of rows in a large store.
RANK_CANDIDATES = 2000
# A stored fact-check: id, claim, title, verdict, publisher, date, url, then claim and title vectors (bytes).
FactCheckRow = tuple[Any, ...]


class Store(ABC):
    """A Veracity store: what every backend does, written once over its connection (SQLite's, or psycopg's
    behind the same ``execute`` with ``?`` placeholders). A backend adds only how it opens, writes a
    document's annotations and searches its full-text index (``SqliteStore``, ``PgStore``)."""

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

    # Fact-checks (veracity.corpus.factchecks decides what they are; here is only how they are kept)

    def factcheck_count(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM factchecks").fetchone()[0])

    def has_factcheck(self, factcheck_id: str) -> bool:
        return self._db.execute("SELECT 1 FROM factchecks WHERE id = ?", (factcheck_id,)).fetchone() is not None

    def add_factchecks(self, rows: list[FactCheckRow], source: str | None) -> None:
        """New fact-checks with their float16 claim and title vectors, in one transaction."""
        now = _now()
        self._db.execute("BEGIN IMMEDIATE")
        try:
            self._db.executemany("INSERT INTO factchecks VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                 [(*fields, source, claim, title, now) for *fields, claim, title in rows])
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise

    def factcheck_rows(self) -> list[FactCheckRow]:
        """Every stored fact-check, by id: its seven fields, then its claim and title vectors (bytes)."""
        rows = self._db.execute("SELECT id, claim, title, verdict, publisher, date, url, claim_vector, title_vector"
                                " FROM factchecks ORDER BY id").fetchall()
        return [tuple(row) for row in rows]

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
        from veracity.store.vectors import fuse

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
