"""The store's one schema: every table, for both backends side by side, and its version.

A store names itself in its ``meta`` table (format and schema version). Each version adds tables, never
changes one, so an older store is brought up to date by creating what it lacks (``sqlite_migration``;
PostgreSQL's script is all ``IF NOT EXISTS`` and is simply run again), in one transaction. The backends
differ only where their engines do: full-text search (FTS5, or a generated ``tsvector`` with a GIN index),
auto-increment keys and binary columns.
"""

from __future__ import annotations

STORE_FORMAT = "veracity-store"
STORE_SCHEMA_VERSION = 6

# Schema 1: documents, their quotes, the names they use for each person, a full-text index and a ledger.
SQLITE_SCHEMA = """
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
FACTCHECKS_SCHEMA = """
CREATE TABLE factchecks (
    id TEXT PRIMARY KEY,            -- content hash of publisher, url and claim
    claim TEXT NOT NULL, title TEXT, verdict TEXT, publisher TEXT, date TEXT, url TEXT, source TEXT,
    claim_vector BLOB, title_vector BLOB, added TEXT NOT NULL
);
"""
# Schema 3: a sentence embedding of each quote and of each document's title (or opening), float16 bytes.
VECTORS_SCHEMA = """
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
# one row a segment, in a full-text index of its own (the backends differ there: ``SQLITE_RECORDING_SEARCH``).
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
SQLITE_RECORDING_SEARCH = """
CREATE VIRTUAL TABLE IF NOT EXISTS recording_search USING fts5(
    recording_id UNINDEXED, start_s UNINDEXED, end_s UNINDEXED, body, tokenize = 'porter unicode61'
);
"""
# Schema 6: the batch run ledger (veracity.store.runs): runs, and each shard's outcome by the hash of its bytes.
# (Earlier, ``veracity batch`` created these on first use, outside the version: ``IF NOT EXISTS`` keeps them.)
BATCH_SCHEMA = """
CREATE TABLE IF NOT EXISTS batch_runs (
    id TEXT PRIMARY KEY, engine TEXT NOT NULL, workers INTEGER NOT NULL, started TEXT NOT NULL, finished TEXT,
    report TEXT
);
CREATE TABLE IF NOT EXISTS batch_shards (
    content_hash TEXT PRIMARY KEY, path TEXT NOT NULL, status TEXT NOT NULL, run_id TEXT NOT NULL,
    documents INTEGER, failed INTEGER, time TEXT NOT NULL
);
"""
# PostgreSQL: the same tables (schema 1-3 here; jobs, panels, recordings and batch runs share the SQL above).
POSTGRES_SCHEMA = """
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


def sqlite_creation() -> str:
    """Every table of a new SQLite store and its ``meta`` rows, as one script (run inside one transaction)."""
    return (f"{SQLITE_SCHEMA} {FACTCHECKS_SCHEMA} {VECTORS_SCHEMA} {SERVER_SCHEMA} {RECORDINGS_SCHEMA}"
            f" {SQLITE_RECORDING_SEARCH} {BATCH_SCHEMA} INSERT INTO meta VALUES ('format', '{STORE_FORMAT}'),"
            f" ('schema_version', '{STORE_SCHEMA_VERSION}');")


def sqlite_migration(version: int) -> str:
    """What an SQLite store of schema ``version`` lacks, and the version update, as one script."""
    missing = (FACTCHECKS_SCHEMA if version < 2 else "") + VECTORS_SCHEMA + SERVER_SCHEMA + RECORDINGS_SCHEMA
    missing += SQLITE_RECORDING_SEARCH + BATCH_SCHEMA
    return f"{missing} UPDATE meta SET value = '{STORE_SCHEMA_VERSION}' WHERE key = 'schema_version';"


def postgres_script() -> str:
    """Every table of a PostgreSQL store; all ``IF NOT EXISTS``, so it creates a store and migrates an old one."""
    return POSTGRES_SCHEMA + SERVER_SCHEMA + RECORDINGS_SCHEMA + BATCH_SCHEMA
