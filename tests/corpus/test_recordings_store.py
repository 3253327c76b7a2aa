"""Recordings kept in the store (issue 19): stored once by the hash of their bytes, their transcript searchable,
each story linked with its printed quotes checked; on SQLite and PostgreSQL."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import veracity
from veracity.errors import StoreError
from veracity.store import STORE_SCHEMA_VERSION, StoredRecording, open_store

SHA = "ab" * 32
REPORT = {"kind": "veracity.recording", "version": 2, "recording": {"source": "leak.mp3", "transcript": {
    "segments": [{"start": 0.0, "end": 5.0, "text": "If you cross that line, we will hit you very hard.",
                  "words": []}]}}}
SEGMENTS = [(0.0, 5.0, "If you cross that line, we will hit you very hard."),
            (5.5, 7.0, "And what did he say to that?")]
CHECK = {"quote_id": "q1", "printed": "If you cross that line", "verdict": "verbatim", "how": [], "start": 0.0,
         "end": 2.1, "heard": "If you cross that line", "speaker": "Halvorsen"}


@pytest.fixture(scope="module")
def story() -> veracity.Document:
    return veracity.analyze('"If you cross that line, we will hit you," Halvorsen said on Monday.',
                            published="2026-11-20")


def test_a_recording_is_kept_once_and_its_transcript_found_by_its_words(store_location: str,
                                                                        story: veracity.Document) -> None:
    with open_store(store_location, embed=False) as store:
        recording = StoredRecording(SHA, "leak.mp3", 21.2, REPORT, SEGMENTS)
        assert store.add_recording(recording) == "added"
        assert store.add_recording(recording) == "unchanged"  # the same bytes: nothing indexed twice
        assert store.recording_count() == 1
        (hit,) = store.search_recordings("crossing lines")  # stemmed, like document search
        assert (hit.recording_id, hit.source, hit.start, hit.end) == (SHA, "leak.mp3", 0.0, 5.0)
        assert "[cross]" in hit.snippet
        assert store.search_recordings("Halvorsen") == []
        with pytest.raises(StoreError, match="no words"):
            store.search_recordings("?!")
        assert [entry.status for entry in store.ledger()] == ["added", "unchanged"]

        store.add(story, source="story.txt")
        assert store.link_recording(SHA, story.id, [CHECK]) == "added"
        assert store.link_recording(SHA, story.id, [CHECK]) == "unchanged"
        (link,) = store.recordings_of(story.id)
        assert (link.recording_id, link.source, link.duration, link.checks) == (SHA, "leak.mp3", 21.2, [CHECK])
        kept = store.recording(SHA)
        assert kept is not None and kept["documents"] == [{"doc_id": story.id, "checks": [CHECK]}]
        assert store.recording("cd" * 32) is None and store.recordings_of("doc-000000000000") == []


def test_a_story_is_found_by_its_id_url_or_source(store_location: str, story: veracity.Document) -> None:
    with open_store(store_location, embed=False) as store:
        store.add(story, source="stories/leak.txt")
        assert store.find_document(story.id) is not None
        found = store.find_document("stories/leak.txt")
        assert found is not None and found.id == story.id
        assert store.find_document("elsewhere.txt") is None


def test_a_schema_4_store_gains_the_recording_tables(tmp_path: Path, story: veracity.Document) -> None:
    path = tmp_path / "old.db"
    with open_store(path, embed=False) as store:
        store.add(story)
    db = sqlite3.connect(path)
    db.executescript("DROP TABLE recording_quotes; DROP TABLE recordings; DROP TABLE recording_search;"
                     " UPDATE meta SET value = '4' WHERE key = 'schema_version';")
    db.close()
    with open_store(path, embed=False) as store:
        assert store.add_recording(StoredRecording(SHA, "leak.mp3", 21.2, REPORT, SEGMENTS)) == "added"
        assert store.search_recordings("cross that line")
        assert store.document(story.id) is not None
        version = store._db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0]
        assert version == str(STORE_SCHEMA_VERSION) == "6"


def test_a_schema_5_store_gains_the_batch_tables_in_its_schema(tmp_path: Path, story: veracity.Document) -> None:
    """Schema 6 moved the batch run ledger's tables into the store's schema (``veracity batch`` used to create
    them on first use, outside the version): a schema 5 store gains them when opened, and keeps its documents."""
    path = tmp_path / "old.db"
    with open_store(path, embed=False) as store:
        store.add(story)
    db = sqlite3.connect(path)
    db.executescript("DROP TABLE batch_runs; DROP TABLE batch_shards;"
                     " UPDATE meta SET value = '5' WHERE key = 'schema_version';")
    db.close()
    with open_store(path, embed=False) as store:
        tables = {row[0] for row in store._db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {"batch_runs", "batch_shards"} <= tables
        assert store.document(story.id) is not None
