"""Where the server's analyses run: on the job thread itself, or in a process of their own.

Request threads and analyses in one server process share one interpreter lock: a parse takes it between
thousands of small steps, so under a stream of uploads reads wait behind it. ``veracity serve
--analysis-process`` runs the pipeline in one spawned process at a lower scheduling priority instead; the
server only stores what comes back. The sentence vectors of each document are computed there too, as a batch
worker does, so storing never waits on the encoder. Measured (benchmarks/api_mixed_load.py, two cores shared
with the load generator) it serves about a tenth more requests with p95 latencies 4-14 % lower, and holds
0.2-0.6 GB more memory (the models and the encoder loaded in both processes): a choice, not the default. An
app embedded in another program (or a test's in-process client) keeps the pipeline on its job thread.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, Protocol

from veracity.errors import VeracityError
from veracity.model import Document
from veracity.pipeline import Pipeline, Quarantined, build_pipeline
from veracity.store.records import VectorRow

# How much less CPU the analysis process claims than the server when both want it (nice(2) units: at 10 a
# busy analysis gets about a tenth of a core the readers also want).
NICENESS = 10


@dataclass
class AnalysedBatch:
    """One batch back from the pipeline: each document with its sentence vectors (None: the store embeds
    them), and the inputs the pipeline quarantined."""

    documents: list[tuple[Document, list[VectorRow] | None]]
    failures: list[Quarantined]


class Analysis(Protocol):
    def run_batches(self, batches: Iterable[list[Document]]) -> Iterator[AnalysedBatch]: ...

    def close(self) -> None: ...


class AnalysisInThread:
    """The pipeline on the calling (job) thread, loaded on first use."""

    def __init__(self) -> None:
        self._pipeline: Pipeline | None = None

    def pipeline(self) -> Pipeline:
        if self._pipeline is None:
            # The library default runs the tagger on a thread: an embedding program's main module may not
            # be guarded for a spawned process, and one article at a time gains little from one.
            self._pipeline = build_pipeline(on_error="skip")
        return self._pipeline

    def run_batches(self, batches: Iterable[list[Document]]) -> Iterator[AnalysedBatch]:
        pipeline = self.pipeline()
        for batch in pipeline.run_batches(batches):
            failures = list(pipeline.quarantine)
            pipeline.quarantine.clear()
            yield AnalysedBatch([(doc, None) for doc in batch], failures)

    def close(self) -> None:
        pass


class AnalysisProcess:
    """The pipeline in one spawned process at ``NICENESS``, started on first use and kept; the next batch is
    sent before the last one's results are taken, so the process is never idle while the server stores."""

    def __init__(self) -> None:
        self._executor: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def run_batches(self, batches: Iterable[list[Document]]) -> Iterator[AnalysedBatch]:
        pending: Future[_Returned] | None = None
        for batch in batches:
            sent = self._submit([doc.to_dict() for doc in batch])
            if pending is not None:
                yield self._received(pending)
            pending = sent
        if pending is not None:
            yield self._received(pending)

    def close(self) -> None:
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)

    def _submit(self, documents: list[dict[str, Any]]) -> Future[_Returned]:
        with self._lock:
            if self._executor is None:
                self._executor = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                                     initializer=_start_worker)
            try:
                return self._executor.submit(_analyse, documents)
            except BrokenProcessPool:  # it died since the last job: the next one starts afresh
                self._executor = None
                raise VeracityError("the analysis process stopped; send the article again") from None

    def _received(self, future: Future[_Returned]) -> AnalysedBatch:
        try:
            dossiers, vectors, failures = future.result()
        except BrokenProcessPool:
            with self._lock:
                self._executor = None
            raise VeracityError("the analysis process stopped (out of memory?); send the article again") from None
        documents = [Document.from_dict(json.loads(dossier)) for dossier in dossiers]
        by_document: dict[str, list[VectorRow]] = {}
        for row in vectors or []:
            by_document.setdefault(row[0], []).append(row)
        return AnalysedBatch([(doc, by_document.get(doc.id, []) if vectors is not None else None)
                              for doc in documents], [Quarantined(*failure) for failure in failures])


_Returned = tuple[list[str], list[VectorRow] | None, list[tuple[str | None, str, str]]]
_PIPELINE: list[Pipeline] = []  # the analysis process's pipeline, built on its first batch


def _start_worker() -> None:
    """In the analysis process: a lower priority, and an end when the server ends, however it ends (a server
    killed with SIGKILL cannot stop it, and an orphan would hold its models' memory for good)."""
    os.nice(NICENESS)
    server = os.getppid()

    def follow_the_server() -> None:
        while os.getppid() == server:
            time.sleep(_ORPHAN_CHECK_S)
        os._exit(0)

    threading.Thread(target=follow_the_server, name="veracity-follow-server", daemon=True).start()


_ORPHAN_CHECK_S = 1.0


def _analyse(documents: list[dict[str, Any]]) -> _Returned:
    """Runs in the analysis process: the dossiers (JSON) of the documents that came through, their sentence
    vectors (None when they could not be embedded: the server's store embeds them), and the failures."""
    from veracity.links.embedder import shared_embedder
    from veracity.store.vectors import vector_rows

    if not _PIPELINE:
        _PIPELINE.append(build_pipeline(on_error="skip"))
    pipeline = _PIPELINE[0]
    done = pipeline.run([Document.from_dict(d) for d in documents])
    failures = [(q.source, q.stage, q.error) for q in pipeline.quarantine]
    pipeline.quarantine.clear()
    try:
        vectors: list[VectorRow] | None = vector_rows(done, shared_embedder())
    except VeracityError:
        vectors = None
    return [json.dumps(doc.to_dict(), ensure_ascii=False) for doc in done], vectors, failures
