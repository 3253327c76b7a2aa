"""``veracity batch``: both engines, the run ledger, quarantine, resuming after a kill."""

from __future__ import annotations

import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest
from shard_files import write_shards

from veracity.batch import run_batch
from veracity.batch.ledger import find_shards
from veracity.cli import main
from veracity.store import open_store
from veracity.store.runs import RunLedger

pytestmark = pytest.mark.integration


def stored_dossiers(location: str) -> dict[str, dict]:
    with open_store(location, create=False) as store:
        return {doc_id: store.document(doc_id).to_dict() for doc_id in store.document_ids()}  # type: ignore[union-attr]


def test_local_engine_stores_every_document_once_and_skips_finished_shards(tmp_path, store_location):
    shards = write_shards(tmp_path / "in", shards=3, per_shard=2)
    first = run_batch(shards, store_location, engine="local", workers=2)
    assert first.documents == {"added": 6, "unchanged": 0, "failed": 0}
    assert first.shards == {"total": 3, "done": 3, "failed": 0, "skipped": 0}
    assert len(stored_dossiers(store_location)) == 6
    again = run_batch(shards, store_location, engine="local", workers=2)
    assert again.shards["skipped"] == 3 and again.documents == {"added": 0, "unchanged": 0, "failed": 0}
    with open_store(store_location) as store:
        assert store.check() == []
        assert store.vectors.missing() == 0  # the workers embedded every quote for meaning search
        ledger = RunLedger(store)
        assert [ledger.status(s) for s in find_shards(shards)] == ["done"] * 3


def test_ray_and_local_engines_give_identical_dossiers(tmp_path):
    shards = write_shards(tmp_path / "in", shards=3, per_shard=2)
    local, ray = str(tmp_path / "local.db"), str(tmp_path / "ray.db")
    assert run_batch(shards, local, engine="local", workers=2).documents["added"] == 6
    report = run_batch(shards, ray, engine="ray", workers=2)
    assert report.documents["added"] == 6 and report.shards["done"] == 3
    ours, theirs = stored_dossiers(local), stored_dossiers(ray)
    assert len(ours) == 6 and ours == theirs


def test_a_bad_document_is_quarantined_and_the_run_goes_on(tmp_path, capsys):
    good = write_shards(tmp_path / "in", shards=1, per_shard=2)[0]
    bad = tmp_path / "in" / "broken.jsonl"
    bad.write_text('{"text": "A short note. The mayor said the bridge would open on Monday."}\n{"title": 3}\n'
                   "not json at all\n")
    report_path = tmp_path / "run.json"
    code = main(["batch", good, str(bad), "--store", str(tmp_path / "s.db"), "--workers", "1",
                 "--report", str(report_path), "--no-progress"])
    out, err = capsys.readouterr()
    assert code == 1
    assert "added 3, unchanged 0, failed 2 from 2 shards" in out
    # Each failure once, on stderr, named once (it was printed twice, as "broken.jsonl:2: broken.jsonl:2: …").
    assert err.splitlines() == [f"veracity: {bad}:2: title must be a string",
                                f"veracity: {bad}:3: not valid JSON (Expecting value at column 1)"]
    report = json.loads(report_path.read_text())
    assert {e["source"] for e in report["errors"]} == {f"{bad}:2", f"{bad}:3"}
    assert report["errors"][1]["error"] == "not valid JSON (Expecting value at column 1)"
    assert report["shards"]["done"] == 2
    assert report["peak_rss_mb"]["worker_max"] > 0


def test_a_started_shard_resumes_without_redoing_what_it_recorded(tmp_path):
    shards = write_shards(tmp_path / "in", shards=1, per_shard=3)
    location = str(tmp_path / "s.db")
    first = run_batch(shards, location, engine="local", workers=1)
    assert first.documents["added"] == 3
    with open_store(location) as store:  # as if the run had been killed after two of the three documents
        ledger = RunLedger(store)
        (shard,) = find_shards(shards)
        ledger.mark(shard, "started", "killed-run")
        store._db.execute("DELETE FROM ledger WHERE source = ?", (f"{shards[0]}:3",))
        assert ledger.recorded_sources(shard) == {f"{shards[0]}:1", f"{shards[0]}:2"}
    again = run_batch(shards, location, engine="local", workers=1)
    assert again.documents == {"added": 0, "unchanged": 1, "failed": 0}  # only line 3 was analysed again


def test_a_run_killed_mid_way_leaves_a_consistent_store_and_resumes(tmp_path):
    shards = write_shards(tmp_path / "in", shards=6, per_shard=2)
    location = str(tmp_path / "s.db")
    command = [sys.executable, "-m", "veracity.cli", "batch", *shards, "--store", location, "--workers", "1",
               "--no-progress"]
    run = subprocess.Popen(command, start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and run.poll() is None and _finished_shards(location) < 2:
            time.sleep(0.2)
        assert run.poll() is None, "the run ended before it could be killed"
        os.killpg(run.pid, signal.SIGKILL)
    finally:
        run.wait(timeout=30)
    done_before = _finished_shards(location)
    assert 2 <= done_before < 6
    with open_store(location) as store:
        assert store.check() == []
        stored_before = store.count()
    report = run_batch(shards, location, engine="local", workers=1)
    assert report.shards["skipped"] == done_before
    assert report.documents["added"] == 12 - stored_before
    with open_store(location) as store:
        assert store.count() == 12 and store.check() == []
        added = [e.content_hash for e in store.ledger() if e.status == "added"]
        assert len(added) == len(set(added)) == 12


def _finished_shards(location: str) -> int:
    try:
        with sqlite3.connect(location, timeout=1) as db:
            return int(db.execute("SELECT count(*) FROM batch_shards WHERE status = 'done'").fetchone()[0])
    except sqlite3.Error:
        return 0


@pytest.mark.parametrize("args, message", [
    (["--workers", "0"], "--workers must be at least 1"),
    (["--address", "auto"], "--address is for --engine ray"),
])
def test_bad_options_get_one_line(tmp_path, capsys, args, message):
    shard = write_shards(tmp_path / "in", shards=1, per_shard=1)[0]
    assert main(["batch", shard, "--store", str(tmp_path / "s.db"), *args]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_missing_shard_and_stdin_are_refused(tmp_path, capsys):
    assert main(["batch", str(tmp_path / "nope.jsonl"), "--store", str(tmp_path / "s.db")]) == 1
    assert main(["batch", "-", "--store", str(tmp_path / "s.db")]) == 1
    err = capsys.readouterr().err.splitlines()
    assert "no such file" in err[0] and "not stdin" in err[1]


def test_the_run_is_recorded_in_the_store(tmp_path):
    shards = write_shards(tmp_path / "in", shards=1, per_shard=1)
    location = str(tmp_path / "s.db")
    report = run_batch(shards, location, engine="local", workers=1)
    with sqlite3.connect(location) as db:
        engine, finished, stored = db.execute("SELECT engine, finished, report FROM batch_runs").fetchone()
    assert engine == "local" and finished and json.loads(stored)["run_id"] == report.run_id
    assert Path(location).exists()


def test_warc_files_and_directories_are_shards_too(tmp_path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "one.txt").write_text('"The bridge opens on Monday," the mayor said at a news conference.')
    (folder / "two.html").write_text("<html><head><title>Port strike</title></head><body><article><p>The union "
                                     "said the strike would go on. \"We will not move,\" its leader told reporters."
                                     "</p><p>The port authority declined to comment on the dispute.</p></article>"
                                     "</body></html>")
    warc = tmp_path / "crawl.warc.gz"
    with warc.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        page = (b"<html><head><title>Vote delayed</title></head><body><article><p>\"The count is not over,\" "
                b"the commission said on Tuesday.</p><p>Results are expected later in the week.</p></article>"
                b"</body></html>")
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record("https://news.example/vote", "response",
                                                      payload=io.BytesIO(page), http_headers=headers))
    report = run_batch([str(folder), str(warc)], str(tmp_path / "s.db"), engine="local", workers=2)
    assert report.shards == {"total": 3, "done": 3, "failed": 0, "skipped": 0}
    assert report.documents["added"] == 3 and not report.errors
    with open_store(str(tmp_path / "s.db")) as store:
        sources = {e.source for e in store.ledger()}
    assert sources == {str(folder / "one.txt"), str(folder / "two.html"), f"{warc}#1"}


def test_missing_unreadable_truncated_and_refused_inputs_each_fail_alone(tmp_path, capsys, monkeypatch):
    """Issue 17: a missing shard or one unreadable file in a directory stopped the run before it began (no store
    was even created), a truncated WARC said "AttributeError: 'NoneType' object has no attribute 'startswith'",
    and a document the store refused ended the run with an internal error. Each is now one line naming the
    input, and every good document is stored exactly once."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    from veracity.ingest import sources as input_sources
    from veracity.store import Store

    folder = tmp_path / "in"
    good, refused = write_shards(folder, shards=2, per_shard=2)
    locked = folder / "locked.txt"
    locked.write_text('"The port reopens on Friday," the harbour master said on Wednesday.')
    missing = tmp_path / "missing.jsonl"
    warc = tmp_path / "cut.warc"
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    for n, claim in enumerate(("The count is not over", "The count is over")):
        page = (f"<html><head><title>Vote {n}</title></head><body><article><p>\"{claim},\" the commission said on "
                "Tuesday.</p><p>Results are expected later in the week, officials said.</p></article></body>"
                "</html>").encode()
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"https://news.example/vote/{n}", "response",
                                                      payload=io.BytesIO(page), http_headers=headers))
    whole = buffer.getvalue()
    second = whole.index(b"WARC/1.0", 10)
    warc.write_bytes(whole[:second + 40])  # cut inside the second record's headers

    real_open, real_add = open, Store.add

    def deny(path, *args, **kwargs):
        if str(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    def add(self, doc, **kwargs):
        if "shard 1, item 1" in doc.text:
            raise sqlite3.IntegrityError("UNIQUE constraint failed: quotes.doc_id, quotes.quote_id")
        return real_add(self, doc, **kwargs)

    monkeypatch.setattr(input_sources, "open", deny, raising=False)  # the driver hashes each shard first
    monkeypatch.setattr(Store, "add", add)
    location = tmp_path / "s.db"
    code = main(["batch", str(missing), str(folder), str(warc), "--store", str(location), "--workers", "1",
                 "--no-progress"])
    out, err = capsys.readouterr()
    assert code == 1
    assert err.splitlines() == [
        f"veracity: {missing}: no such file; check the path",
        f"veracity: {locked}: permission denied; check the file's permissions or run as a user who can read it",
        f"veracity: {refused}:2: could not be stored (IntegrityError: UNIQUE constraint failed: quotes.doc_id, "
        "quotes.quote_id)",
        f"veracity: {warc}#2: broken WARC record after record 1: a record's headers are cut short or damaged; the "
        "records before it were kept",
    ]
    assert "added 4, unchanged 0, failed 2 from 5 shards (0 already done, 2 failed)" in out
    with open_store(str(location)) as store:
        assert store.check() == []
        sources = sorted(e.source for e in store.ledger() if e.status == "added")
    assert sources == sorted([f"{good}:1", f"{good}:2", f"{refused}:1", f"{warc}#1"])


def test_batch_size_limit_advice_works(tmp_path, capsys):
    (shard,) = write_shards(tmp_path / "in", shards=1, per_shard=1)
    location = str(tmp_path / "s.db")
    assert main(["batch", shard, "--store", location, "--workers", "1", "--no-progress", "--max-bytes", "200"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"veracity: {shard}:1: input is ") and err.count("\n") == 1
    assert err.rstrip().endswith("over the 200 bytes limit; split it into articles or raise the limit with --max-bytes")
    # The same command with the limit raised: the shard had a failure, so it is resumed and the line analysed.
    assert main(["batch", shard, "--store", location, "--workers", "1", "--no-progress", "--max-bytes", "100000"]) == 0
    assert "added 1, unchanged 0, failed 0 from 1 shards (0 already done, 0 failed)" in capsys.readouterr().out
    assert main(["batch", shard, "--store", location, "--workers", "1", "--no-progress"]) == 0
    assert "from 1 shards (1 already done, 0 failed)" in capsys.readouterr().out  # and now it is done


def test_a_document_that_cannot_be_embedded_fails_alone_in_its_shard(tmp_path, monkeypatch):
    """Worker side: a document whose vectors or dossier cannot be made is one failed outcome, not a stopped shard."""
    from veracity.batch import work

    (shard,) = write_shards(tmp_path / "in", shards=1, per_shard=3)
    real = work.vector_rows

    def vector_rows(docs, embedder):
        if any("item 1)" in doc.text for doc in docs):
            raise ValueError("the embedder choked")
        return real(docs, embedder)

    monkeypatch.setattr(work, "vector_rows", vector_rows)
    outcomes = [o for batch in work.ShardAnalyser().analyse(shard) for o in batch]
    assert [(o.kind, o.source) for o in outcomes] == [("document", f"{shard}:1"), ("failed", f"{shard}:2"),
                                                      ("document", f"{shard}:3"), ("shard_done", shard)]
    assert outcomes[1].payload == ("its dossier could not be prepared for the store (ValueError: the embedder "
                                   "choked)")
    assert json.loads(outcomes[-1].payload)["error"] is None


def test_two_runs_in_one_second_get_their_own_ids(monkeypatch):
    from veracity.batch import ledger

    class Frozen:
        @staticmethod
        def now(tz):
            return datetime(2026, 12, 6, 17, 0, 0, tzinfo=tz)

    monkeypatch.setattr(ledger, "datetime", Frozen)
    assert len({ledger.new_run_id() for _ in range(50)}) == 50
