"""The job runner: work runs off the request, in order per lane, and a failure says what happened without a trace."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from veracity.errors import InputError
from veracity.store import open_store
from veracity.web.jobs import INTERRUPTED_TWICE, WORKER_NICENESS, JobJournal, JobRunner, JobsFull
from veracity.web.stores import StoreHandles

pytestmark = pytest.mark.unit


def test_jobs_run_in_order_and_report_their_outcome() -> None:
    runner = JobRunner()
    runner.start()
    try:
        seen: list[int] = []

        def work(number: int):
            def run(job):
                job.done = 1
                seen.append(number)
                return {"number": number}
            return run

        jobs = [runner.submit("test", work(n), total=1) for n in range(5)]
        assert all(job.wait(60) for job in jobs)
        assert seen == [0, 1, 2, 3, 4]
        assert jobs[-1].to_dict()["status"] == "done" and jobs[-1].result == {"number": 4}
        assert runner.get(jobs[0].id) is jobs[0]
    finally:
        runner.stop()


def test_a_failing_job_says_why_and_an_unexpected_one_gives_only_a_reference() -> None:
    runner = JobRunner()
    runner.start()
    try:
        def refuse(job):
            raise InputError("the file is empty; nothing to analyse")

        def crash(job):
            raise KeyError("internal detail")

        refused, crashed = runner.submit("test", refuse), runner.submit("test", crash)
        assert refused.wait(60) and crashed.wait(60)
        assert refused.status == "failed" and refused.message == "the file is empty; nothing to analyse"
        assert crashed.status == "failed" and "reference" in (crashed.message or "")
        assert "internal detail" not in (crashed.message or "") and "KeyError" not in (crashed.message or "")
        follow = runner.submit("test", lambda job: {"ok": True})
        assert follow.wait(60) and follow.status == "done", "the worker survives a crash"
    finally:
        runner.stop()


def test_a_full_lane_refuses_and_other_lanes_go_on() -> None:
    runner = JobRunner(max_queued=1)
    gate = threading.Event()
    runner.start()
    try:
        busy = runner.submit("test", lambda job: gate.wait(60) and None)
        while busy.status == "queued":
            gate.wait(0.01)
        runner.submit("test", lambda job: None)  # waits behind the busy one
        with pytest.raises(JobsFull, match="try again"):
            runner.submit("test", lambda job: None)
        other = runner.submit("links", lambda job: {"lane": "links"}, lane="links")
        assert other.wait(60) and other.result == {"lane": "links"}, "links are not held up by analysis"
    finally:
        gate.set()
        runner.stop()


def _journal(store: Path) -> JobJournal:
    return JobJournal(StoreHandles(str(store)), "127.0.0.1:8080")


def _until_started(store: Path, job_id: str, attempts: int) -> None:
    """Wait until the store says a worker started the job for the ``attempts``-th time."""
    with open_store(store) as opened:
        while (row := opened.job(job_id)) is None or row.status != "running" or row.attempts < attempts:
            time.sleep(0.01)


def test_a_killed_servers_jobs_are_run_again_or_reported_interrupted_never_done(tmp_path: Path) -> None:
    store = tmp_path / "store.db"
    gate = threading.Event()
    killed = JobRunner(journal=_journal(store))  # stands for a server that dies with its jobs under way
    killed.start()
    running = killed.submit("test", lambda job: gate.wait(60) and None, payload={"n": 1})
    queued = killed.submit("test", lambda job: None, payload={"n": 2})
    upload = killed.submit("recording", lambda job: None)  # no payload: cannot be run again
    _until_started(store, running.id, attempts=1)

    reran: list[dict] = []
    restarted = JobRunner(journal=_journal(store), resume=lambda kind, payload: lambda job: reran.append(payload)
                          or {"n": payload["n"]})
    restarted.start()
    try:
        for job in (running, queued):
            again = restarted.get(job.id)
            assert again is not None and again.wait(60) and again.status == "done", again
            assert restarted.describe(job.id)["status"] == "done"
        assert sorted(p["n"] for p in reran) == [1, 2]
        lost = restarted.describe(upload.id)
        assert lost is not None and lost["status"] == "failed" and "interrupted" in lost["message"]
    finally:
        gate.set()
        killed.stop()
        restarted.stop()


def test_a_job_cut_off_twice_while_running_is_not_tried_a_third_time(tmp_path: Path) -> None:
    store = tmp_path / "store.db"
    gate = threading.Event()
    first = JobRunner(journal=_journal(store))
    first.start()
    job = first.submit("batch", lambda job: gate.wait(60) and None, payload={"lines": 3})
    _until_started(store, job.id, attempts=1)
    second = JobRunner(journal=_journal(store), resume=lambda kind, payload: lambda job: gate.wait(60) and None)
    second.start()  # takes the job back and runs it again
    _until_started(store, job.id, attempts=2)
    last = JobRunner(journal=_journal(store), resume=lambda kind, payload: lambda job: {"ran": True})
    last.start()
    try:
        record = last.describe(job.id)
        assert record is not None and record["status"] == "failed"
        assert record["message"] == INTERRUPTED_TWICE
    finally:
        gate.set()
        for runner in (first, second, last):
            runner.stop()


def test_finished_jobs_are_read_back_from_the_store_after_a_restart(tmp_path: Path) -> None:
    store = tmp_path / "store.db"
    first = JobRunner(journal=_journal(store))
    first.start()
    job = first.submit("test", lambda job: {"answer": 42}, total=1, payload={})
    assert job.wait(60)
    first.stop()
    second = JobRunner(journal=_journal(store))
    second.start()
    try:
        record = second.describe(job.id)
        assert record is not None and record["status"] == "done" and record["finished"]
        assert second.describe("0" * 32) is None
    finally:
        second.stop()


@pytest.mark.integration
def test_a_batch_over_the_job_limits_is_refused_or_stopped_saying_how_far_it_got(tmp_path: Path) -> None:
    from conftest import client_for
    from web_helpers import wait_for_job

    lines = "".join(f'{{"text": "\\"Line {n} is here,\\" she said."}}\n' for n in range(3))
    with client_for(tmp_path / "store.db", max_batch_documents=2) as client:
        refused = client.post("/documents", content=lines, headers={"Content-Type": "application/x-ndjson"})
        assert refused.status_code == 413 and "at most 2" in refused.json()["message"]
    with client_for(tmp_path / "store.db", max_job_s=1e-9) as client:
        accepted = client.post("/documents", content=lines, headers={"Content-Type": "application/x-ndjson"})
        job = wait_for_job(client, accepted.json()["job"]["id"])
        assert job["status"] == "failed" and "time limit" in job["message"] and "after 0 of 3" in job["message"]


@pytest.mark.skipif(not hasattr(os, "setpriority"), reason="no per-thread priority on this system")
def test_job_workers_yield_the_cpu_to_requests() -> None:
    runner = JobRunner()
    runner.start()
    try:
        job = runner.submit("test", lambda job: {"nice": os.getpriority(os.PRIO_PROCESS, threading.get_native_id())})
        assert job.wait(60) and job.result is not None
        base = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())  # a request thread keeps its own
        assert job.result["nice"] == max(base, WORKER_NICENESS)
    finally:
        runner.stop()


def test_every_request_thread_searches_one_shared_vector_index(tmp_path: Path) -> None:
    handles = StoreHandles(str(tmp_path / "store.db"))
    seen = []
    threads = [threading.Thread(target=lambda: seen.append(handles.get().vectors.index)) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(seen) == 3 and all(index is seen[0] for index in seen)
    handles.close_all()
