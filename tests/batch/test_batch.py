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
from pathlib import Path

import pytest
from shard_files import write_shards

from veracity.batch import run_batch
from veracity.batch.ledger import RunLedger, find_shards
from veracity.cli import main
from veracity.corpus.store import open_store

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
    assert f"  failed: {bad}:3: " in out
    report = json.loads(report_path.read_text())
    assert {e["source"] for e in report["errors"]} == {f"{bad}:2", f"{bad}:3"}
    assert "not valid JSON" in err and report["shards"]["done"] == 2
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
