"""A real `veracity serve` process killed with SIGKILL while it analyses: after a restart every job it had
queued or running finishes (or says it was interrupted) and every article it accepted is stored."""

from __future__ import annotations

import json
import signal
import time
from pathlib import Path

import pytest
from web_helpers import call, free_port, start_server

from veracity.store import open_store

pytestmark = pytest.mark.integration
PEOPLE = ["Ana Ruiz", "Tom Berg", "Lena Vogel", "Omar Haddad", "Mia Chen", "Piet de Vries", "Sara Okafor",
          "Jon Lund"]


def _article(number: int) -> str:
    name = PEOPLE[number]
    return (f'"We will publish the audit of contract {number} next week," {name}, the city treasurer, told '
            f"reporters on Monday. {name.split()[-1]} said the council had not seen the figures. "
            f'"Nobody has asked me about it," the mayor said later.')


def _models_loaded(health: dict) -> bool:
    return bool(health["models_loaded"])


@pytest.mark.parametrize("options", [(), ("--analysis-process",)], ids=["on-the-job-thread", "analysis-process"])
def test_jobs_cut_off_by_a_kill_finish_after_a_restart_and_nothing_accepted_is_lost(tmp_path: Path,
                                                                                   options: tuple[str, ...]) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(tmp_path, port, _models_loaded, options)
    try:
        batch = "".join(json.dumps({"text": _article(n), "published": "2025-03-0" + str(n + 1),
                                    "url": f"https://example.org/{n}"}) + "\n" for n in range(6))
        accepted = [call(base, "/documents", batch.encode(), "application/x-ndjson")["job"]]
        accepted += [call(base, "/documents?wait=0&published=2025-03-09", _article(n).encode(), "text/plain")["job"]
                     for n in (6, 7)]
        while call(base, f"/jobs/{accepted[0]['id']}")["status"] == "queued":
            time.sleep(0.02)
    finally:
        server.send_signal(signal.SIGKILL)
        server.wait(30)
    cut_off = [_status_in_store(tmp_path, job["id"]) for job in accepted]
    assert any(status in ("queued", "running") for status in cut_off), f"nothing was under way: {cut_off}"

    server = start_server(tmp_path, port, _models_loaded, options)
    try:
        finished = []
        for job in accepted:
            while (found := call(base, f"/jobs/{job['id']}"))["status"] not in ("done", "failed"):
                time.sleep(0.2)
            finished.append(found)
        assert [job["status"] for job in finished] == ["done"] * 3, finished
        stored = {doc["id"] for job in finished for doc in job["documents"]}
        assert len(stored) == 8
        for doc_id in stored:
            assert call(base, f"/dossiers/{doc_id}")["id"] == doc_id
    finally:
        server.terminate()
        server.wait(30)
    with open_store(tmp_path / "store.db") as store:
        assert store.count() == 8 and store.check() == []


def _status_in_store(folder: Path, job_id: str) -> str:
    """A job's status as the killed server left it in the store."""
    with open_store(folder / "store.db") as store:
        row = store.job(job_id)
        return row.status if row else "missing"
