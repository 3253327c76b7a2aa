"""The PostgreSQL store: the same documents, quotes, people, ledger and fact-checks as the SQLite store,
for a newsroom whose machines share one database (``VERACITY_DATABASE_URL=postgresql://…``).

Sentence vectors are stored as in SQLite (``bytea`` rows, same transaction); their usearch index is built
in memory at a connection's first meaning search and caught up from the table after. Full-text search
uses PostgreSQL's own: a ``tsvector`` generated from each row's text (English
stemming, like FTS5's porter tokenizer), a GIN index, ``plainto_tsquery`` (every word must match, and
nothing a user types is query syntax) and ``ts_rank`` for order. Each document is written in one
transaction, as in SQLite, and ``id`` primary keys make a second add of the same content a no-op even
when two workers add it at once (``ON CONFLICT DO NOTHING``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from veracity.corpus.store import (
    RANK_CANDIDATES,
    RECORDINGS_SCHEMA,
    SERVER_SCHEMA,
    STORE_FORMAT,
    STORE_SCHEMA_VERSION,
    RecordingHit,
    SearchHit,
    StoreRecords,
    fts_query,
)
from veracity.corpus.vectors import StoreVectors
from veracity.errors import StoreError
from veracity.model import Document

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY, source TEXT, url TEXT, outlet TEXT, title TEXT, published TEXT,
    dossier TEXT NOT NULL, added TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS quotes (
    doc_id TEXT NOT NULL REFERENCES documents(id), quote_id TEXT NOT NULL,
    speaker_name TEXT, speaker_id TEXT, kind TEXT NOT NULL, content TEXT NOT NULL, cue TEXT,
    published TEXT, start INTEGER NOT NULL,
    PRIMARY KEY (doc_id, quote_id)
);
CREATE INDEX IF NOT EXISTS quotes_by_speaker ON quotes (speaker_name);
CREATE TABLE IF NOT EXISTS mentions (
    doc_id TEXT NOT NULL REFERENCES documents(id), person_id TEXT NOT NULL, name TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS mentions_by_person ON mentions (doc_id, person_id);
CREATE TABLE IF NOT EXISTS search (
    id BIGSERIAL PRIMARY KEY, kind TEXT NOT NULL, doc_id TEXT NOT NULL, quote_id TEXT, body TEXT NOT NULL,
    words TSVECTOR GENERATED ALWAYS AS (to_tsvector('english', body)) STORED
);
CREATE INDEX IF NOT EXISTS search_words ON search USING GIN (words);
CREATE INDEX IF NOT EXISTS search_by_doc ON search (doc_id);
CREATE TABLE IF NOT EXISTS ledger (
    id BIGSERIAL PRIMARY KEY, source TEXT, content_hash TEXT, status TEXT NOT NULL, error TEXT, time TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ledger_by_hash ON ledger (content_hash);
CREATE TABLE IF NOT EXISTS factchecks (
    id TEXT PRIMARY KEY, claim TEXT NOT NULL, title TEXT, verdict TEXT, publisher TEXT, date TEXT, url TEXT,
    source TEXT, claim_vector BYTEA, title_vector BYTEA, added TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS vectors (
    id BIGSERIAL PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents(id), quote_id TEXT NOT NULL,
    vector BYTEA NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS vectors_by_doc ON vectors (doc_id, quote_id);
CREATE TABLE IF NOT EXISTS recording_search (
    id BIGSERIAL PRIMARY KEY, recording_id TEXT NOT NULL, start_s DOUBLE PRECISION NOT NULL,
    end_s DOUBLE PRECISION NOT NULL, body TEXT NOT NULL,
    words TSVECTOR GENERATED ALWAYS AS (to_tsvector('english', body)) STORED
);
CREATE INDEX IF NOT EXISTS recording_search_words ON recording_search USING GIN (words);
"""


class _Connection:
    """psycopg behind the small part of sqlite3's interface the shared code uses (``?`` placeholders)."""

    def __init__(self, connection: Any) -> None:
        self.connection = connection

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.connection.execute(_placeholders(sql), tuple(params))

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        with self.connection.cursor() as cursor:
            cursor.executemany(_placeholders(sql), [tuple(r) for r in rows])

    def close(self) -> None:
        self.connection.close()


def _placeholders(sql: str) -> str:
    return sql.replace("BEGIN IMMEDIATE", "BEGIN").replace("%", "%%").replace("?", "%s")


class PgStore(StoreRecords):
    """A Veracity store in a PostgreSQL database (same interface as :class:`veracity.corpus.store.Store`)."""

    def __init__(self, url: str, *, create: bool = True, embed: bool = True) -> None:
        try:
            import psycopg
        except ImportError as error:
            raise StoreError("a PostgreSQL store needs Veracity's postgres extra; install it with: "
                             "pip install 'veracity[postgres]'", source=_safe(url)) from error
        self.path = _safe(url)
        try:
            connection = psycopg.connect(url, autocommit=True, connect_timeout=10)
        except psycopg.Error as error:
            raise StoreError(f"cannot connect to PostgreSQL: {str(error).strip().splitlines()[0]}",
                             source=self.path) from error
        self._db = _Connection(connection)
        try:
            self._open(create)
        except BaseException:
            connection.close()
            raise
        self.vectors = StoreVectors(self._db, None, embed=embed)  # its index lives in memory

    def _open(self, create: bool) -> None:
        exists = self._db.execute("SELECT to_regclass('meta')").fetchone()[0] is not None
        if not exists:
            if not create:
                raise StoreError("no Veracity store in this database; add documents first with `veracity add`",
                                 source=self.path)
            self._db.execute("BEGIN")
            self._db.connection.execute("SELECT pg_advisory_xact_lock(7260117)")  # one creator at a time
            self._db.connection.execute(_SCHEMA + SERVER_SCHEMA + RECORDINGS_SCHEMA)
            self._db.execute("INSERT INTO meta VALUES (?, ?), (?, ?) ON CONFLICT DO NOTHING",
                             ("format", STORE_FORMAT, "schema_version", str(STORE_SCHEMA_VERSION)))
            self._db.execute("COMMIT")
        meta = dict(self._db.execute("SELECT key, value FROM meta").fetchall())
        if meta.get("format") != STORE_FORMAT:
            raise StoreError("this database holds something else, not a Veracity store", source=self.path)
        version = int(meta.get("schema_version", "0"))
        if version > STORE_SCHEMA_VERSION:
            raise StoreError("written by a newer Veracity; upgrade Veracity", source=self.path)
        if version < STORE_SCHEMA_VERSION:  # an older store: the schema's IF NOT EXISTS adds what it lacks
            self._db.execute("BEGIN")
            self._db.connection.execute("SELECT pg_advisory_xact_lock(7260117)")
            self._db.connection.execute(_SCHEMA + SERVER_SCHEMA + RECORDINGS_SCHEMA)
            self._db.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(STORE_SCHEMA_VERSION),))
            self._db.execute("COMMIT")

    # Writing

    def _write_annotations(self, doc: Document) -> None:
        from veracity.corpus.store import annotation_rows

        quotes, mentions, search = annotation_rows(doc)
        if quotes:
            self._db.executemany("INSERT INTO quotes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", quotes)
        if mentions:
            self._db.executemany("INSERT INTO mentions VALUES (?, ?, ?)", mentions)
        self._db.executemany("INSERT INTO search (kind, doc_id, quote_id, body) VALUES (?, ?, ?, ?)", search)

    # Reading

    def _text_search(self, query: str, limit: int) -> list[SearchHit]:
        """Documents and quotes holding every word of ``query``, best first (``ts_rank``) among the newest
        ``RANK_CANDIDATES`` matches, as in the SQLite store."""
        fts_query(query)  # the same refusal of a query without words as the SQLite store
        rows = self._db.execute(
            # MATERIALIZED: the matches come from the GIN index first; left to itself the planner walks
            # the primary key backwards testing every row (0.7 s a query at 100,000 documents).
            "WITH q AS (SELECT plainto_tsquery('english', ?) AS query),"
            " matches AS MATERIALIZED (SELECT s.id FROM search AS s, q WHERE s.words @@ q.query),"
            " candidates AS (SELECT id FROM matches ORDER BY id DESC LIMIT ?),"
            " top AS (SELECT s.id, ts_rank(s.words, q.query) AS rank FROM candidates AS c"
            "         JOIN search AS s ON s.id = c.id, q ORDER BY rank DESC, s.id LIMIT ?)"
            " SELECT s.doc_id, s.quote_id, d.outlet, d.title, d.published, d.source,"
            "        ts_headline('english', s.body, q.query, 'StartSel=[, StopSel=], MaxWords=16, MinWords=6'),"
            "        top.rank"
            " FROM top JOIN search AS s ON s.id = top.id JOIN documents AS d ON d.id = s.doc_id, q"
            " ORDER BY top.rank DESC, s.id",
            (query, RANK_CANDIDATES, limit),
        ).fetchall()
        return [SearchHit(doc_id, quote_id, outlet, title, published, source, snippet, -float(rank))
                for doc_id, quote_id, outlet, title, published, source, snippet, rank in rows]

    def _recording_text_search(self, query: str, limit: int) -> list[RecordingHit]:
        rows = self._db.execute(
            "WITH q AS (SELECT plainto_tsquery('english', ?) AS query)"
            " SELECT s.recording_id, r.source, s.start_s, s.end_s,"
            "        ts_headline('english', s.body, q.query, 'StartSel=[, StopSel=], MaxWords=16, MinWords=6'),"
            "        ts_rank(s.words, q.query) AS rank"
            " FROM recording_search AS s JOIN recordings AS r ON r.id = s.recording_id, q"
            " WHERE s.words @@ q.query ORDER BY rank DESC, s.id LIMIT ?", (query, limit)).fetchall()
        return [RecordingHit(str(rid), source, float(start), float(end), snippet, -float(rank))
                for rid, source, start, end, snippet, rank in rows]

    def check(self) -> list[str]:
        """Problems with the store's consistency (empty when sound): every document has its quotes and
        index rows."""
        return self._check_documents()


def _safe(url: str) -> str:
    """The URL without its password, for messages."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urlunsplit(parts._replace(netloc=netloc))
    return url
