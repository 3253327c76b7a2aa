"""Search by meaning: a sentence embedding of every stored quote and of each document's title, a usearch
index over them, and the fusion of its nearest vectors with the full-text matches.

Why this shape:

- The database is the source of truth. Vectors (all-MiniLM-L6-v2, float16 bytes) are rows of the
  ``vectors`` table, written in the same transaction as their document, so a crash never leaves one
  without the other; a unique (document, quote) key makes every write of them idempotent.
- The usearch index is a cache of that table: for SQLite a file beside the database (``story.db.usearch``,
  written to a temporary file and renamed, so a reader never sees half of one), for PostgreSQL an index in
  memory built at a connection's first meaning search. On first use it is checked against the table (same
  number of rows up to its newest key, same vector for that key); a missing, corrupt or disagreeing file is
  rebuilt from the table. Rows are only ever appended, so before each search the rows added since are
  added to it (a look-back of ``LOOKBACK`` keys catches PostgreSQL rows committed out of key order).
- One index may serve many connections (the web server's request threads each have their own, and share
  the index: one copy in memory, loaded once). It is handed each call's connection and serialises its own
  use with a lock: usearch's index may not be searched while rows are added to it.
- Stores written before vectors existed (schema 2) are embedded at their first meaning search, a batch
  of documents per transaction, so an interrupted back-fill resumes where it stopped.
- ``both`` fuses the two rankings by reciprocal rank (RRF, k = 60): bm25 scores and cosine distances are
  on different scales, ranks are not, and RRF needs no weight tuned per store.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from veracity.links.embedder import DIMENSION, SentenceEmbedder, shared_embedder
from veracity.model import Document
from veracity.store.records import Matched, SearchHit

# A document without a title is represented by its opening; the model reads 128 tokens, so more
# characters than this would only be tokenised to be cut.
OPENING_CHARS = 600
# Keys below the newest indexed one that are looked at again before each search: a PostgreSQL row can
# become visible after rows with higher keys (its transaction committed later).
LOOKBACK = 1000
FETCH_CHUNK = 500  # keys per "IN (…)" read
SAVE_EVERY = 1000  # vectors caught up before the index file is written again (a rebuild is written at once)
BACKFILL_BATCH = 64  # documents embedded per transaction when back-filling an older store
RRF_K = 60
# Below this many vectors the index compares the query with every one (a few milliseconds, and the same
# answer every time); above it, HNSW's approximate search, whose answers can vary slightly by build.
EXACT_BELOW = 100_000
# Nearest vectors less similar than this are not shown: every query has nearest neighbours, however
# unrelated. On CheckThat! 2020 dev (tweets against verified claims), 98.4 % of unrelated pairs fall
# below 0.3 and 1.5 % of right ones (3 of 197).
MIN_SIMILARITY = 0.3
SNIPPET_WORDS = 24

Row = tuple[str, str, bytes]


def texts_to_embed(doc: Document) -> list[tuple[str, str]]:
    """(quote id, text) for each quote, and ("", title or opening words) for the document itself."""
    own = doc.metadata.title or doc.text[:OPENING_CHARS]
    return [("", own)] + [(q.id, q.content.text) for q in doc.quotes]


def vector_rows(docs: Sequence[Document], embedder: SentenceEmbedder, ids: Sequence[str] | None = None) -> list[Row]:
    """(document id, quote id, float16 bytes) for every text of ``docs``, embedded in one call."""
    ids = ids if ids is not None else [doc.id for doc in docs]
    keyed = [(doc_id, quote_id, text) for doc_id, doc in zip(ids, docs, strict=True)
             for quote_id, text in texts_to_embed(doc)]
    vectors = embedder.embed([text for _, _, text in keyed]).astype(np.float16)
    return [(doc_id, quote_id, vector.tobytes()) for (doc_id, quote_id, _), vector in zip(keyed, vectors, strict=True)]


def write_vectors(db: Any, rows: list[Row]) -> None:
    """Insert vector rows inside the caller's transaction; rows already stored are left as they are."""
    if rows:
        db.executemany("INSERT INTO vectors (doc_id, quote_id, vector) VALUES (?, ?, ?) ON CONFLICT DO NOTHING", rows)


_MISSING = "FROM documents AS d WHERE NOT EXISTS (SELECT 1 FROM vectors AS v WHERE v.doc_id = d.id)"


def documents_without_vectors(db: Any) -> int:
    """Stored documents that have no vectors yet (added before schema 3, or with embedding turned off)."""
    return int(db.execute(f"SELECT count(*) {_MISSING}").fetchone()[0])


def embed_missing(db: Any, embedder: SentenceEmbedder) -> int:
    """Embed every stored document that has no vectors, a batch per transaction; how many were embedded."""
    done = 0
    while rows := db.execute(f"SELECT d.id, d.dossier {_MISSING} ORDER BY d.id LIMIT ?", (BACKFILL_BATCH,)).fetchall():
        docs = [Document.from_dict(json.loads(dossier)) for _, dossier in rows]
        vectors = vector_rows(docs, embedder, ids=[doc_id for doc_id, _ in rows])  # the stored ids, always
        db.execute("BEGIN IMMEDIATE")
        try:
            write_vectors(db, vectors)
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        done += len(rows)
    return done


class StoreVectors:
    """One store's sentence vectors: computed for each new document, back-filled for documents stored
    without them, and searched for the nearest to a query through the cached index."""

    def __init__(self, db: Any, index_file: Path | None, *, embed: bool = True) -> None:
        self._db = db
        self.embed = embed  # False: documents are stored without vectors (the next meaning search adds them)
        self.index = VectorIndex(index_file)
        self._complete = False  # every stored document has its vectors (checked once per connection)

    def for_document(self, doc: Document) -> list[Row]:
        """The rows to store with a new document (none when embedding is off)."""
        return vector_rows([doc], shared_embedder()) if self.embed else []

    def write(self, rows: list[Row]) -> None:
        """Store a new document's rows, inside the transaction that stores the document."""
        write_vectors(self._db, rows)
        self._complete = self._complete and bool(rows)

    def missing(self) -> int:
        """How many stored documents have no vectors yet: the next meaning search embeds them first."""
        missing = documents_without_vectors(self._db)
        self._complete = missing == 0
        return missing

    def nearest(self, query: str, limit: int) -> list[SearchHit]:
        """The stored quotes and documents nearest in meaning to ``query`` (see ``meaning_hits``)."""
        embedder = shared_embedder()
        if not self._complete:
            embed_missing(self._db, embedder)
            self._complete = True
        return meaning_hits(self._db, self.index, query_vector(query), limit)


@lru_cache(maxsize=4096)
def query_vector(query: str) -> np.ndarray:
    """A query's embedding, kept for the next time someone searches the same words (a newsroom searches the
    same names all day); read-only, since every caller gets the same array."""
    vector = shared_embedder().embed([query])[0]
    vector.flags.writeable = False
    return vector


class VectorIndex:
    """The usearch index over a store's ``vectors`` table, kept in step with it (see the module docstring)."""

    def __init__(self, file: Path | None) -> None:
        self.file = file
        self._lock = threading.RLock()
        self._index: Any = None
        self._newest = 0  # the highest key in the index
        self._unsaved = 0  # vectors in memory that the file does not hold

    def nearest(self, db: Any, vector: np.ndarray, count: int) -> list[tuple[int, float]]:
        """(vector key, cosine distance) of the ``count`` nearest stored vectors, nearest first."""
        with self._lock:
            index = self.sync(db)
            if len(index) == 0:
                return []
            matches = index.search(vector.astype(np.float32), count, exact=len(index) < EXACT_BELOW)
        found = [(int(key), float(distance)) for key, distance in zip(matches.keys, matches.distances, strict=True)]
        # Equal distances (the same text stored twice, say as one story's title and another's quote): the
        # vector stored first comes first, so the order never depends on how the index was built.
        return sorted(found, key=lambda pair: (pair[1], pair[0]))

    def sync(self, db: Any) -> Any:
        """The index, holding every row of the table (loaded or rebuilt on first use, caught up after)."""
        with self._lock:
            if self._index is None:
                loaded = self._load()
                if loaded is not None:
                    self._index, self._newest = loaded, _newest_key(loaded)
                if loaded is None or not self._agrees(db):
                    # Whatever the file held, it is not this table: build from the rows, and write it after.
                    self._index, self._newest, self._unsaved = _new_index(), 0, SAVE_EVERY
            self._catch_up(db)
            if self._unsaved >= SAVE_EVERY:
                self._save()
            return self._index

    def _load(self) -> Any:
        from usearch.index import Index, MetricKind, ScalarKind

        if self.file is None or not self.file.exists():
            return None
        try:
            meta = Index.metadata(str(self.file))
            if (not meta or meta["dimensions"] != DIMENSION or meta["kind_metric"] != MetricKind.Cos
                    or meta["kind_scalar"] != ScalarKind.F16):
                return None
            index = _new_index()
            index.load(str(self.file))
        except (RuntimeError, ValueError, OSError):  # truncated or not an index: a cache, so rebuild it
            return None
        return index

    def _agrees(self, db: Any) -> bool:
        """Whether the loaded index is this table's: as many rows up to its newest key, same newest vector."""
        count = len(self._index)
        if count == 0:
            return True
        (stored,) = db.execute("SELECT count(*) FROM vectors WHERE id <= ?", (self._newest,)).fetchone()
        row = db.execute("SELECT vector FROM vectors WHERE id = ?", (self._newest,)).fetchone()
        return stored == count and row is not None and np.array_equal(
            np.asarray(self._index.get(self._newest), dtype=np.float16), np.frombuffer(row[0], dtype=np.float16))

    def _catch_up(self, db: Any) -> None:
        start = max(0, self._newest - LOOKBACK)
        keys = np.array([r[0] for r in db.execute("SELECT id FROM vectors WHERE id > ?", (start,))],
                        dtype=np.uint64)
        if len(keys):
            keys = keys[~np.asarray(self._index.contains(keys), dtype=bool)]
        for first in range(0, len(keys), FETCH_CHUNK):
            chunk = [int(k) for k in keys[first : first + FETCH_CHUNK]]
            rows = db.execute(f"SELECT id, vector FROM vectors WHERE id IN ({', '.join('?' * len(chunk))})",
                              chunk).fetchall()
            if rows:
                self._index.add(np.array([r[0] for r in rows], dtype=np.uint64),
                                np.stack([np.frombuffer(r[1], dtype=np.float16) for r in rows]))
                self._newest = max(self._newest, max(r[0] for r in rows))
                self._unsaved += len(rows)

    def _save(self) -> None:
        """Write the index beside the database, atomically; a cache, so a failed write only costs a rebuild."""
        self._unsaved = 0
        if self.file is None:
            return
        try:
            handle, temporary = tempfile.mkstemp(dir=self.file.parent, prefix=f".{self.file.name}.", suffix=".tmp")
        except OSError:  # a read-only folder: search from memory all the same
            return
        os.close(handle)
        umask = os.umask(0)
        os.umask(umask)
        try:
            os.chmod(temporary, 0o666 & ~umask)  # mkstemp makes it private; whoever reads the store reads this
            self._index.save(temporary)
            os.replace(temporary, self.file)
        except (OSError, RuntimeError):  # a full disk: the same
            Path(temporary).unlink(missing_ok=True)


def _new_index() -> Any:
    from usearch.index import Index

    return Index(ndim=DIMENSION, metric="cos", dtype="f16")


def _newest_key(index: Any) -> int:
    return int(index.keys[0 : len(index)].max()) if len(index) else 0


def meaning_hits(db: Any, index: VectorIndex, query_vector: np.ndarray, limit: int) -> list[SearchHit]:
    """The stored quotes and documents nearest in meaning to the query, nearest first (score: cosine
    distance, lower is better), without those less similar than ``MIN_SIMILARITY``."""
    nearest = [(key, distance) for key, distance in index.nearest(db, query_vector, limit)
               if 1.0 - distance >= MIN_SIMILARITY]
    if not nearest:
        return []
    rows = db.execute(
        "SELECT v.id, v.doc_id, v.quote_id, d.outlet, d.title, d.published, d.source, q.content"
        " FROM vectors AS v JOIN documents AS d ON d.id = v.doc_id"
        " LEFT JOIN quotes AS q ON q.doc_id = v.doc_id AND q.quote_id = v.quote_id"
        f" WHERE v.id IN ({', '.join('?' * len(nearest))})", [key for key, _ in nearest]).fetchall()
    found = {row[0]: row for row in rows}
    hits = []
    for key, distance in nearest:
        if key not in found:
            continue
        _, doc_id, quote_id, outlet, title, published, source, content = found[key]
        text = content or title or _opening(db, doc_id)
        hits.append(SearchHit(doc_id, quote_id or None, outlet, title, published, source, _shortened(text),
                              distance, matched="meaning"))
    return hits


def fuse(text_hits: list[SearchHit], meaning: list[SearchHit], limit: int) -> list[SearchHit]:
    """Reciprocal-rank fusion of the two rankings (score: minus the fused value, lower is better); a hit
    in both keeps its full-text snippet, which marks the words that matched."""
    fused: dict[tuple[str, str | None], float] = {}
    hits: dict[tuple[str, str | None], SearchHit] = {}
    kinds: dict[tuple[str, str | None], set[str]] = {}
    for ranking in (text_hits, meaning):
        for rank, hit in enumerate(ranking, 1):
            key = (hit.doc_id, hit.quote_id)
            fused[key] = fused.get(key, 0.0) + 1.0 / (RRF_K + rank)
            hits.setdefault(key, hit)
            kinds.setdefault(key, set()).add(hit.matched)
    order = sorted(fused, key=lambda key: -fused[key])[:limit]
    both: Matched = "both"
    return [replace(hits[key], score=-fused[key], matched=both if len(kinds[key]) > 1 else hits[key].matched)
            for key in order]




def _opening(db: Any, doc_id: str) -> str:
    row = db.execute("SELECT dossier FROM documents WHERE id = ?", (doc_id,)).fetchone()
    return str(json.loads(row[0])["text"])[:OPENING_CHARS] if row else ""


def _shortened(text: str) -> str:
    words = text.split()
    return " ".join(words[:SNIPPET_WORDS]) + ("…" if len(words) > SNIPPET_WORDS else "")
