"""``veracity add``, ``search`` and ``person`` end to end, and a bulk add killed mid-way that resumes."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from veracity.cli import main
from veracity.store import SqliteStore, Store

pytestmark = pytest.mark.integration

DENIAL = ('Maria Zakharova, the ministry spokeswoman, said: "The meeting never took place." '
          "She spoke in Moscow on Friday.")
DINNER_HTML = ("<html><head><title>Dinner</title></head><body><article><h1>Dinner talks</h1>"
               '<p>"We discussed the pipeline at dinner," Maria Zakharova told reporters on Thursday in a long '
               "statement to the press.</p><p>She added that more talks would follow in the spring, according to "
               "officials.</p></article></body></html>")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    """A JSONL file: a text line, an html line, and a malformed line between them."""
    path = tmp_path / "articles.jsonl"
    lines = [
        json.dumps({"url": "https://tass.example/1", "outlet": "Tass", "title": "Denial",
                    "published": "2024-03-02", "text": DENIAL}),
        "{not json",
        json.dumps({"url": "https://reuters.example/2", "outlet": "Reuters", "published": "2024-03-01",
                    "html": DINNER_HTML}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_jsonl_add_stores_good_lines_and_records_the_bad_one(
    capsys: pytest.CaptureFixture[str], articles: Path, tmp_path: Path
) -> None:
    db = tmp_path / "s.db"
    code, out, err = run(capsys, "add", str(articles), "--store", str(db))
    assert code == 1
    assert out.strip() == f"added 2, unchanged 0, failed 1 (store {db})"
    assert "articles.jsonl:2" in err and "not valid JSON" in err and "Traceback" not in err
    with SqliteStore(db) as store:
        failed = [e for e in store.ledger() if e.status == "failed"]
        assert [e.source for e in failed] == [f"{articles}:2"]
        assert store.check() == []


def test_adding_twice_reports_unchanged(capsys: pytest.CaptureFixture[str], articles: Path, tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    run(capsys, "add", str(articles), "--store", str(db))
    code, out, _ = run(capsys, "add", str(articles), "--store", str(db))
    assert code == 1  # the malformed line still fails
    assert out.startswith("added 0, unchanged 2, failed 1")
    with SqliteStore(db) as store:
        assert store.count() == 2


def test_search_and_person_over_two_documents(
    capsys: pytest.CaptureFixture[str], articles: Path, store_location: str
) -> None:
    db = store_location  # an SQLite file, then a PostgreSQL database
    code, out, _ = run(capsys, "add", str(articles), "--store", db)
    assert out.startswith("added 2, unchanged 0, failed 1")
    code, out, _ = run(capsys, "search", "pipeline dinner", "--store", db)
    assert code == 0
    assert "Reuters" in out and "2024-03-01" in out and "[pipeline]" in out
    code, out, err = run(capsys, "search", '"unbalanced', "--store", db)
    assert code == 0 and "Traceback" not in err
    code, out, _ = run(capsys, "person", "zakharova", "--store", db)
    assert code == 0
    pipeline, meeting = out.index("We discussed the pipeline"), out.index("The meeting never took place")
    assert pipeline < meeting  # 1 March before 2 March
    assert "Reuters" in out and "Tass" in out


@pytest.mark.parametrize("kind", ["sqlite", "text"])
def test_a_file_that_is_not_a_store_is_one_readable_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, kind: str
) -> None:
    path = tmp_path / "other"
    if kind == "sqlite":
        with sqlite3.connect(path) as db:
            db.execute("CREATE TABLE invoices (id INTEGER)")
    else:
        path.write_text("shopping list: eggs, milk, bread, and a much longer line of ordinary notes\n" * 10)
    for argv in (("search", "eggs", "--store", str(path)), ("add", str(path), "--store", str(path))):
        code, _, err = run(capsys, *argv)
        assert code != 0
        assert err.count("\n") == 1 and "not a Veracity store" in err and "Traceback" not in err


def test_an_unreachable_or_empty_postgresql_store_is_one_readable_line(
    capsys: pytest.CaptureFixture[str], postgres_server, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    code, _, err = run(capsys, "search", "x", "--store", f"postgresql://nobody:secret@/db?host={tmp_path}")
    assert code == 1 and "cannot connect to PostgreSQL" in err and "secret" not in err and err.count("\n") == 1
    code, _, err = run(capsys, "search", "x", "--store", postgres_server.new_database())
    assert code == 1 and "no Veracity store in this database" in err


def test_search_without_a_store_says_so(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "search", "anything", "--store", str(tmp_path / "missing.db"))
    assert code == 1 and "no store here" in err
    assert not (tmp_path / "missing.db").exists()


def _story(number: int) -> str:
    return (f"Council report number {number}\n\n"
            f'"We will open bridge number {number} in spring," Mayor Ada Novak told reporters on Monday.\n')


def _rows(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=1) as conn:
            return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
    except sqlite3.Error:
        return 0  # not created yet


def test_a_killed_bulk_add_leaves_a_consistent_store_and_resumes(tmp_path: Path) -> None:
    stories = tmp_path / "stories"
    stories.mkdir()
    for number in range(30):
        (stories / f"{number:02d}.txt").write_text(_story(number), encoding="utf-8")
    db = tmp_path / "bulk.db"
    argv = [sys.executable, "-m", "veracity.cli", "add", str(stories), "--store", str(db)]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    # A session of its own, so the kill takes the tagger's worker process with it.
    child = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 120
    while _rows(db) < 3 and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(child.pid, signal.SIGKILL)
    child.wait()
    with SqliteStore(db) as store:
        assert store.check() == []
        stored_first = store.count()
    assert 3 <= stored_first < 30, "the add finished or stalled before it could be killed"

    done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"added {30 - stored_first}, unchanged {stored_first}, failed 0")
    with SqliteStore(db) as store:
        assert store.count() == 30 and store.check() == []
        ledger = store.ledger()
    added = [e.content_hash for e in ledger if e.status == "added"]
    assert len(added) == len(set(added)) == 30  # each analysed and stored exactly once
    assert len([e for e in ledger if e.status == "unchanged"]) == stored_first  # skipped, not re-analysed


def test_a_missing_path_a_failing_analysis_and_a_refused_document_each_fail_alone(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 17: one bad input stopped the whole run (a missing path; "internal error (IntegrityError: UNIQUE
    constraint failed: quotes.doc_id, quotes.quote_id)"). Each is now one line and the others are stored once."""
    from veracity.text.parse import SpacyParser

    stories = tmp_path / "stories"
    stories.mkdir()
    for number in range(4):
        (stories / f"{number}.txt").write_text(_story(number), encoding="utf-8")
    real_parse, real_add = SpacyParser.process, Store.add

    def parse(self: SpacyParser, docs: list) -> list:  # type: ignore[type-arg]
        if any("bridge number 1 " in doc.text for doc in docs):
            raise RuntimeError("the parser broke")
        return real_parse(self, docs)

    def add(self: Store, doc, **kwargs):  # type: ignore[no-untyped-def]
        if "bridge number 2 " in doc.text:
            raise sqlite3.IntegrityError("UNIQUE constraint failed: quotes.doc_id, quotes.quote_id")
        return real_add(self, doc, **kwargs)

    monkeypatch.setattr(SpacyParser, "process", parse)
    monkeypatch.setattr(Store, "add", add)
    db, missing = tmp_path / "s.db", tmp_path / "missing.txt"
    code, out, err = run(capsys, "add", str(missing), str(stories), "--store", str(db))
    assert code == 1, err
    assert out == f"added 2, unchanged 0, failed 3 (store {db})\n"
    assert sorted(err.splitlines()) == sorted([
        f"veracity: {missing}: no such file; check the path",
        f"veracity: {stories / '1.txt'}: analysis failed in stage parse: RuntimeError: the parser broke",
        f"veracity: {stories / '2.txt'}: could not be stored (IntegrityError: UNIQUE constraint failed: "
        "quotes.doc_id, quotes.quote_id)",
    ])
    with SqliteStore(db) as store:
        assert store.count() == 2 and store.check() == []
        ledger = store.ledger()
    assert sorted(e.source for e in ledger if e.status == "added") == [str(stories / "0.txt"), str(stories / "3.txt")]
    assert sorted(e.source for e in ledger if e.status == "failed") == sorted(
        [str(missing), str(stories / "1.txt"), str(stories / "2.txt")])


def test_add_size_limit_advice_works(capsys: pytest.CaptureFixture[str], articles: Path, tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    code, out, err = run(capsys, "add", str(articles), "--store", str(db), "--max-bytes", "120")
    assert code == 1 and out.startswith("added 1, unchanged 0, failed 2")  # the html line is over 120 bytes
    assert f"{articles}:3: input is " in err and "raise the limit with --max-bytes" in err
    code, out, _ = run(capsys, "add", str(articles), "--store", str(db), "--max-bytes", "100000")
    assert out.startswith("added 1, unchanged 1, failed 1")  # only the malformed line still fails
