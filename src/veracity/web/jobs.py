"""Jobs: the CPU-heavy work runs on worker threads, one per lane, each lane's jobs in order.

Lanes, because the work differs in kind: the ``analysis`` lane alone uses the pipeline (loaded once per
server process, not made to be shared between threads) and writes documents and fact-checks; the
``links`` lane compares a dossier with stored stories (seconds of embedding), so a reader opening a
dossier never holds up a newsroom's uploads. Requests never block for long: they submit a job and either
wait a few seconds for it or answer 202 with the job, whose progress ``GET /jobs/{id}`` shows. Finished
jobs are kept (the most recent ``keep``) so a client can still read what happened.

Jobs are durable when the runner has a ``JobJournal``: each one is written to the store when it is queued,
when a worker starts it and when it ends, with a ``payload`` saying how to run it again. A server killed
mid-job finds its unfinished jobs when it starts again and queues them once more (analysis is idempotent:
what was stored before the crash comes back "unchanged"), or, where a job cannot be rerun (no payload,
or it was already interrupted once while running), reports it "failed" as interrupted: never "done".
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal

import anyio

from veracity.errors import VeracityError

if TYPE_CHECKING:
    from veracity.store import JobRow
    from veracity.web.stores import StoreHandles

log = logging.getLogger("veracity.web")
JobStatus = Literal["queued", "running", "done", "failed"]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


@dataclass
class Job:
    """One piece of work and what is known of its progress; the worker alone writes to it."""

    id: str
    kind: str
    total: int | None = None
    lane: str = "analysis"
    payload: dict[str, Any] | None = field(default=None, repr=False)  # how to run it again; see JobJournal
    attempts: int = 0
    status: JobStatus = "queued"
    stage: str = "waiting for the worker"
    done: int = 0
    documents: list[dict[str, Any]] = field(default_factory=list)
    errors: list[dict[str, str]] = field(default_factory=list)
    result: dict[str, Any] | None = None
    message: str | None = None
    created: str = field(default_factory=_now)
    finished: str | None = None
    _finished: threading.Event = field(default_factory=threading.Event, repr=False)

    def wait(self, timeout: float) -> bool:
        """True when the job finished within ``timeout`` seconds (blocks the calling thread)."""
        return self._finished.wait(timeout)

    async def finished_within(self, timeout: float, poll: float = 0.05) -> bool:
        """True when the job finished within ``timeout`` seconds, waiting on the event loop: a request
        that waits holds no thread, so any number of them leave the server's threads to other requests."""
        deadline = anyio.current_time() + timeout
        while not self._finished.is_set():
            left = deadline - anyio.current_time()
            if left <= 0:
                return False
            await anyio.sleep(min(poll, left))
        return True

    @property
    def over(self) -> bool:
        return self._finished.is_set()

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "status": self.status, "stage": self.stage,
                "progress": {"done": self.done, "total": self.total}, "documents": list(self.documents),
                "errors": list(self.errors), "message": self.message, "created": self.created,
                "finished": self.finished}


Work = Callable[[Job], dict[str, Any] | None]
# Given a job's kind and payload, the work that runs it (None: it cannot be run again).
Resume = Callable[[str, dict[str, Any]], Work | None]
INTERRUPTED = "interrupted: the server stopped before this job finished; send it again"
INTERRUPTED_TWICE = ("interrupted twice while running (the server stopped both times); it was not tried a third "
                     "time: send it again, or in smaller parts")


class JobJournal:
    """The jobs of one server, kept in its store's ``jobs`` table so they outlive the process.

    ``server`` names the server (its address): several servers may share one PostgreSQL store, and each
    takes back only its own unfinished jobs when it restarts.
    """

    def __init__(self, stores: StoreHandles, server: str, keep: int = 1000) -> None:
        self._stores, self.server, self._keep = stores, server, keep
        self._writes = 0

    def write(self, job: Job) -> None:
        from veracity.store import JobRow

        # The payload is written once, with the queued job; later writes leave the stored one (see save_job).
        first = job.status == "queued" and job.attempts == 0
        row = JobRow(job.id, job.lane, job.status, job.to_dict(), job.payload if first else None, job.attempts)
        over = job.status in ("done", "failed")
        store = self._stores.get()
        store.save_job(row, self.server)
        self._writes += 1
        if over and self._writes % 100 == 0:
            store.forget_jobs(self._keep)

    def read(self, job_id: str) -> dict[str, Any] | None:
        row = self._stores.get().job(job_id)
        return row.record if row else None

    def unfinished(self) -> list[JobRow]:
        return self._stores.get().unfinished_jobs(self.server)


WORKER_NICENESS = 10


def _yield_to_requests() -> None:
    """Lower this worker thread's scheduling priority (Linux schedules threads one by one): a job takes
    seconds and is polled, a page view or a search is waited on, so on a busy machine the view goes first."""
    with contextlib.suppress(AttributeError, OSError):  # no per-thread priority here (macOS, Windows)
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), WORKER_NICENESS)


class JobsFull(Exception):
    """The queue holds as many jobs as the server allows."""


LANES = ("analysis", "links")


class JobRunner:
    """A queue of jobs per lane and the thread that runs each lane."""

    def __init__(self, *, max_queued: int = 64, keep: int = 1000, lanes: tuple[str, ...] = LANES,
                 journal: JobJournal | None = None, resume: Resume | None = None) -> None:
        self._journal, self._resume = journal, resume
        self._queues: dict[str, queue.Queue[tuple[Job, Work] | None]] = {lane: queue.Queue() for lane in lanes}
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()
        self._max_queued = max_queued
        self._keep = keep
        self._threads: list[threading.Thread] = []

    def start(self) -> None:
        """Start a worker per lane, first queueing again (or failing) the jobs a killed server left."""
        if not self._threads:
            self._recover()
            for lane, jobs in self._queues.items():
                thread = threading.Thread(target=self._run, args=(jobs,), name=f"veracity-{lane}", daemon=True)
                thread.start()
                self._threads.append(thread)

    def stop(self, timeout: float = 5.0) -> None:
        """Finish the jobs under way, then stop; queued jobs are abandoned (they were never started)."""
        for jobs in self._queues.values():
            jobs.put(None)
        for thread in self._threads:
            thread.join(timeout)
        self._threads = []

    def submit(self, kind: str, work: Work, *, total: int | None = None, lane: str = "analysis",
               payload: dict[str, Any] | None = None) -> Job:
        """Queue ``work``; with a journal the job is in the store before this returns (so the call may
        write up to the payload's size: call it off the event loop)."""
        jobs = self._queues[lane]
        if jobs.qsize() >= self._max_queued:
            raise JobsFull(f"the server has {self._max_queued} jobs waiting; try again in a minute")
        job = Job(uuid.uuid4().hex, kind, total, lane=lane, payload=payload)
        self._record(job)
        self._enqueue(job, work)
        return job

    def _enqueue(self, job: Job, work: Work) -> None:
        with self._lock:
            self._jobs[job.id] = job
            while len(self._jobs) > self._keep:
                oldest = next(iter(self._jobs.values()))
                if not oldest.over:
                    break
                self._jobs.popitem(last=False)
        self._queues[job.lane].put((job, work))

    def get(self, job_id: str) -> Job | None:
        """A job this process has queued or run (the live object)."""
        with self._lock:
            return self._jobs.get(job_id)

    def describe(self, job_id: str) -> dict[str, Any] | None:
        """What is known of a job: live from this process, or as the journal last wrote it."""
        job = self.get(job_id)
        if job is not None:
            return job.to_dict()
        return self._journal.read(job_id) if self._journal else None

    def _recover(self) -> None:
        if self._journal is None:
            return
        for row in self._journal.unfinished():
            kind, total = str(row.record.get("kind")), row.record.get("progress", {}).get("total")
            job = Job(row.id, kind, total, lane=row.lane, payload=row.payload, attempts=row.attempts,
                      created=str(row.record.get("created") or _now()))
            work = self._resume(kind, row.payload) if self._resume and row.payload is not None else None
            if work is not None and row.lane in self._queues and row.attempts < 2:
                job.stage = "queued again after the server restarted"
                self._record(job)
                self._enqueue(job, work)
                continue
            job.status = job.stage = "failed"
            job.message = INTERRUPTED_TWICE if row.attempts >= 2 else INTERRUPTED
            job.finished = _now()
            job._finished.set()
            self._record(job)
            log.warning("job %s (%s) was cut off by a server stop: %s", job.id, kind, job.message)

    def _record(self, job: Job) -> None:
        """Write the job's state to the journal; a store that cannot be written is logged, not fatal."""
        if self._journal is None:
            return
        try:
            self._journal.write(job)
        except Exception as error:  # noqa: BLE001 - the work goes on; the log says what was not kept
            log.error("job %s: its state could not be written to the store", job.id, exc_info=error)

    def _run(self, jobs: queue.Queue[tuple[Job, Work] | None]) -> None:
        _yield_to_requests()
        while True:
            item = jobs.get()
            if item is None:
                return
            job, work = item
            job.status, job.stage = "running", "started"
            job.attempts += 1
            self._record(job)
            try:
                job.result = work(job)
                job.status, job.stage = "done", "done"
            except VeracityError as error:
                job.status, job.stage, job.message = "failed", "failed", error.message
            except Exception as error:  # noqa: BLE001 - a bug must not stop the worker; it is logged
                reference = uuid.uuid4().hex[:12]
                log.error("job %s (%s) failed, reference %s", job.id, job.kind, reference, exc_info=error)
                job.status, job.stage = "failed", "failed"
                job.message = f"internal error (reference {reference}); the server log has the details"
            job.finished = _now()
            self._record(job)
            job._finished.set()
