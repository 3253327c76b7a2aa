"""Jobs: the CPU-heavy work runs on worker threads, one per lane, each lane's jobs in order.

Lanes, because the work differs in kind: the ``analysis`` lane alone uses the pipeline (loaded once per
server process, not made to be shared between threads) and writes documents and fact-checks; the
``links`` lane compares a dossier with stored stories (seconds of embedding), so a reader opening a
dossier never holds up a newsroom's uploads. Requests never block for long: they submit a job and either
wait a few seconds for it or answer 202 with the job, whose progress ``GET /jobs/{id}`` shows. Finished
jobs are kept (the most recent ``keep``) so a client can still read what happened.
"""

from __future__ import annotations

import logging
import queue
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

import anyio

from veracity.errors import VeracityError

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


class JobsFull(Exception):
    """The queue holds as many jobs as the server allows."""


LANES = ("analysis", "links")


class JobRunner:
    """A queue of jobs per lane and the thread that runs each lane."""

    def __init__(self, *, max_queued: int = 64, keep: int = 1000, lanes: tuple[str, ...] = LANES) -> None:
        self._queues: dict[str, queue.Queue[tuple[Job, Work] | None]] = {lane: queue.Queue() for lane in lanes}
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()
        self._max_queued = max_queued
        self._keep = keep
        self._threads: list[threading.Thread] = []

    def start(self) -> None:
        if not self._threads:
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

    def submit(self, kind: str, work: Work, *, total: int | None = None, lane: str = "analysis") -> Job:
        jobs = self._queues[lane]
        if jobs.qsize() >= self._max_queued:
            raise JobsFull(f"the server has {self._max_queued} jobs waiting; try again in a minute")
        job = Job(uuid.uuid4().hex, kind, total)
        with self._lock:
            self._jobs[job.id] = job
            while len(self._jobs) > self._keep:
                oldest = next(iter(self._jobs.values()))
                if not oldest.over:
                    break
                self._jobs.popitem(last=False)
        jobs.put((job, work))
        return job

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def _run(self, jobs: queue.Queue[tuple[Job, Work] | None]) -> None:
        while True:
            item = jobs.get()
            if item is None:
                return
            job, work = item
            job.status, job.stage = "running", "started"
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
            job._finished.set()
