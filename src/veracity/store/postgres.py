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

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from veracity.errors import InputError, StoreError
from veracity.model import Document
from veracity.store.base import RANK_CANDIDATES, Store, annotation_rows, fts_query
from veracity.store.records import RecordingHit, SearchHit
from veracity.store.schema import STORE_FORMAT, STORE_SCHEMA_VERSION, postgres_script
from veracity.store.vectors import StoreVectors


class _Connection:
    """psycopg behind the small part of sqlite3's interface the shared code uses (``?`` placeholders), with
    its errors translated here, once: a lost or refused connection is a ``StoreError`` (no document can be
    stored: the run stops with one line), a row PostgreSQL refuses is an ``InputError`` about that document."""

    def __init__(self, connection: Any, location: str) -> None:
        self.connection = connection
        self.location = location

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        with self._translated():
            return self.connection.execute(_placeholders(sql), tuple(params))

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        with self._translated(), self.connection.cursor() as cursor:
            cursor.executemany(_placeholders(sql), [tuple(r) for r in rows])

    @contextmanager
    def _translated(self) -> Iterator[None]:
        import psycopg

        try:
            yield
        except (psycopg.OperationalError, psycopg.InterfaceError) as error:
            raise StoreError(f"PostgreSQL: {_first_line(error)}", source=self.location) from error
        except psycopg.DataError as error:
            raise InputError(f"PostgreSQL refused it: {_first_line(error)}", source=self.location) from error

    def close(self) -> None:
        self.connection.close()


def _placeholders(sql: str) -> str:
    return sql.replace("BEGIN IMMEDIATE", "BEGIN").replace("%", "%%").replace("?", "%s")


class PgStore(Store):
    """A Veracity store in a PostgreSQL database (the interface of :class:`veracity.store.Store`)."""

    def __init__(self, url: str, *, create: bool = True, embed: bool = True) -> None:
        try:
            import psycopg
        except ImportError as error:
            raise StoreError("a PostgreSQL store needs Veracity's postgres extra; install it with: "
                             "pip install 'veracity[postgres]'", source=safe_url(url)) from error
        self.path = safe_url(url)
        try:
            connection = psycopg.connect(url, autocommit=True, connect_timeout=10)
        except psycopg.Error as error:
            raise StoreError(f"cannot connect to PostgreSQL: {_first_line(error)}",
                             source=self.path) from error
        self._db = _Connection(connection, self.path)
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
            self._db.connection.execute(postgres_script())
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
            self._db.connection.execute(postgres_script())
            self._db.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(STORE_SCHEMA_VERSION),))
            self._db.execute("COMMIT")

    # Writing

    def _write_annotations(self, doc: Document) -> None:
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


def _first_line(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def safe_url(url: str) -> str:
    """The URL without its password, for messages."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urlunsplit(parts._replace(netloc=netloc))
    return url
