"""The store on hand-built documents, on SQLite and PostgreSQL alike: idempotence, full-text search, person
queries; and bad files (SQLite)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from veracity.errors import InputError, StoreError
from veracity.model import Document, Mention, Metadata, Person, Quote, QuoteContent, Span, SpeakerRef
from veracity.store import SqliteStore, Store, fts_query, open_store

pytestmark = pytest.mark.unit


def make_doc(text: str, quote: str, speaker: str, published: str, outlet: str = "Wire") -> Document:
    """A document with one direct quote by ``speaker``, as the pipeline would have annotated it."""
    start = text.index(quote)
    person = Person(f"person-{speaker.split()[-1].lower()}", speaker, "PERSON",
                    [Mention(speaker, 0, len(speaker), kind="name")])
    return Document(
        text=text,
        metadata=Metadata(title=f"{outlet} story", published=published, site_name=outlet, source=f"{outlet}.txt"),
        quotes=[Quote(id=f"q-{start}", content=QuoteContent(quote, [(start, start + len(quote))]),
                      cue=Span("said", 0, 4), source=None, speaker=SpeakerRef(person.id, speaker),
                      addressee=None, medium=None, kind="direct")],
        people=[person],
    )


LATER = make_doc('Maria Zakharova said: "The meeting never took place." She spoke in Moscow.',
                 "The meeting never took place.", "Maria Zakharova", "2024-03-02", "Tass")
EARLIER = make_doc('"We discussed the pipeline at dinner," Maria Zakharova said on Friday.',
                   "We discussed the pipeline at dinner,", "Maria Zakharova", "2024-03-01", "Reuters")


@pytest.fixture
def store(store_location: str) -> Store:
    with open_store(store_location) as opened:
        yield opened


def test_adding_the_same_content_twice_changes_nothing(store: Store) -> None:
    assert store.add(LATER) == "added"
    assert store.add(Document.from_dict(LATER.to_dict())) == "unchanged"
    assert store.count() == 1
    assert [e.status for e in store.ledger()] == ["added", "unchanged"]
    assert store.check() == []


def test_a_stored_document_reads_back_as_it_was(store: Store) -> None:
    store.add(LATER)
    back = store.document(LATER.id)
    assert back is not None and back.to_dict() == LATER.to_dict()


def test_search_finds_a_quotes_words_and_ranks_quotes(store: Store) -> None:
    store.add(LATER)
    store.add(EARLIER)
    hits = store.search("pipeline dinner")
    assert hits and all(h.doc_id == EARLIER.id for h in hits)
    assert any(h.quote_id is not None and "[pipeline]" in h.snippet for h in hits)
    assert hits[0].outlet == "Reuters" and hits[0].published == "2024-03-01"


@pytest.mark.parametrize("query", ['"unbalanced', "meeting AND (", "NEAR(", "title:*", "- meeting"])
def test_fts_syntax_in_a_query_is_taken_as_words(store: Store, query: str) -> None:
    store.add(LATER)
    store.search(query)  # no crash
    assert fts_query('"unbalanced') == '"unbalanced"'


def test_a_query_without_words_is_a_store_error(store: Store) -> None:
    with pytest.raises(StoreError, match="no words"):
        store.search('"" ()')


def test_person_returns_quotes_from_both_documents_oldest_first(store: Store) -> None:
    store.add(LATER)
    store.add(EARLIER)
    said = store.person("zakharova")
    assert [s.published for s in said] == ["2024-03-01", "2024-03-02"]
    assert [s.outlet for s in said] == ["Reuters", "Tass"]
    assert said[0].kind == "direct" and "pipeline" in said[0].content
    assert store.person("Lavrov") == []
    assert store.person("%") == []  # LIKE wildcards are literal


def test_a_sqlite_file_of_something_else_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE invoices (id INTEGER)")
    with pytest.raises(StoreError, match="not a Veracity store"):
        SqliteStore(path)
    with sqlite3.connect(path) as db:
        assert [r[0] for r in db.execute("SELECT name FROM sqlite_master")] == ["invoices"]


def test_a_text_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("not a database at all, just some notes that are long enough\n" * 20)
    with pytest.raises(StoreError, match="not a Veracity store"):
        SqliteStore(path)
    assert path.read_text().startswith("not a database")


def test_a_newer_store_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    SqliteStore(path).close()
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(StoreError, match="newer Veracity"):
        SqliteStore(path)


def test_querying_a_missing_store_does_not_create_it(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store here"):
        SqliteStore(tmp_path / "missing.db", create=False)
    assert not (tmp_path / "missing.db").exists()


def test_the_store_is_in_wal_mode(tmp_path: Path) -> None:
    SqliteStore(tmp_path / "s.db").close()
    with sqlite3.connect(tmp_path / "s.db") as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_person_matches_a_name_the_document_uses_for_the_speaker(store: Store) -> None:
    doc = make_doc('"No comment," the spokeswoman said.', "No comment,", "Zakharova", "2024-03-03")
    doc.people[0].mentions.append(Mention("Maria Zakharova", 0, 0, kind="name"))
    doc.people[0].mentions.append(Mention("she", 0, 0, kind="pronoun"))
    store.add(doc)
    assert [s.content for s in store.person("maria")] == ["No comment,"]
    assert store.person("she") == []  # pronouns are not names


def test_search_ranks_only_the_newest_matches_when_there_are_many(store: Store,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import veracity.store.postgres as pg_store
    import veracity.store.sqlite as sqlite_store

    store.add(EARLIER)
    store.add(LATER)
    assert {h.doc_id for h in store.search("Zakharova")} == {EARLIER.id, LATER.id}
    monkeypatch.setattr(sqlite_store, "RANK_CANDIDATES", 1)
    monkeypatch.setattr(pg_store, "RANK_CANDIDATES", 1)
    (hit,) = store.search("Zakharova")
    assert hit.doc_id == LATER.id  # the last row added


def test_postgresql_errors_are_translated_in_one_place(store_location: str) -> None:
    """Issue 21: psycopg's errors after connecting reached callers untranslated. A row PostgreSQL refuses is
    an InputError about that document (nothing of it kept, the run goes on); a lost connection is a
    StoreError (no document can be stored: the run stops with one line)."""
    if not store_location.startswith("postgresql"):
        pytest.skip("PostgreSQL's own refusals")
    with open_store(store_location, embed=False) as store:
        with pytest.raises(InputError, match="PostgreSQL refused it"):
            store.add(Document(text="A NUL \x00 byte PostgreSQL's text type cannot hold."))
        assert store.count() == 0
        store._db.connection.close()
        with pytest.raises(StoreError, match="PostgreSQL"):
            store.count()
