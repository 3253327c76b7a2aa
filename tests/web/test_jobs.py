"""The job runner: work runs off the request, in order per lane, and a failure says what happened without a trace."""

from __future__ import annotations

import threading

import pytest

from veracity.errors import InputError
from veracity.web.jobs import JobRunner, JobsFull

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
