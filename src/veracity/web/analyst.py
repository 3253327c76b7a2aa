"""The server's one pipeline and the work jobs do with it and the store.

Everything here runs on the job workers' threads (see ``jobs``): analysis and imports on the analysis
lane (the only user of the pipeline), the conflicts panel on the links lane, each with a store
connection of its own. The pipeline and the linking models load once, on first use (or at start-up with
``warm_up``), and stay loaded for the life of the server process.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from typing import Any

from veracity.corpus.inputs import Loaded, article_from_json
from veracity.corpus.store import Store
from veracity.errors import VeracityError
from veracity.ingest import load_bytes
from veracity.model import Document
from veracity.pipeline import Pipeline, batched, default_pipeline
from veracity.web.jobs import Job, Work
from veracity.web.stores import StoreHandles

BATCH = 8  # like `veracity add`: each finished batch is stored, so progress moves in small steps
LINKS_CACHED = 256
WARM_UP_TEXT = b'"The server is ready," the operator said on Monday.'


def document_summary(doc: Document, status: str) -> dict[str, Any]:
    meta = doc.metadata
    return {"id": doc.id, "status": status, "source": meta.source, "title": meta.title, "outlet": meta.site_name,
            "published": meta.published, "quotes": len(doc.quotes)}


def jsonl_inputs(text: str, label: str, max_bytes: int) -> Iterator[Loaded]:
    """One input per non-empty line of a JSONL upload, named ``label:LINE``; a bad line is an error, not a stop."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        source = f"{label}:{number}"
        try:
            yield Loaded(source, article_from_json(line, source, max_bytes))
        except VeracityError as error:
            yield Loaded(source, error=error.message)


class Analyst:
    """Analysis, storage, linking and fact-check import for the jobs of one server process.

    ``max_job_s`` bounds an analysis job: past it, no further input is started (what is under way finishes
    and is stored) and the job fails saying how far it got, so one huge upload cannot hold the lane all day.
    """

    def __init__(self, store_location: str, *, max_job_s: float | None = None) -> None:
        self._max_job_s = max_job_s
        self._pipeline: Pipeline | None = None
        self._stores = StoreHandles(store_location)
        self._links: OrderedDict[str, tuple[tuple[int, int], dict[str, Any]]] = OrderedDict()
        self._matcher: tuple[int, Any] | None = None
        self.ready = False  # the pipeline's models are loaded

    def pipeline(self) -> Pipeline:
        if self._pipeline is None:
            # The library default runs the tagger on a thread: the server's main module is not guarded for
            # a spawned process, and one article at a time gains little from one.
            self._pipeline = default_pipeline(on_error="skip")
        return self._pipeline

    def store(self) -> Store:
        """This worker thread's store connection."""
        return self._stores.get()

    def close(self) -> None:
        self._stores.close_all()

    def warm_up(self, job: Job) -> dict[str, Any]:
        """Load the pipeline's models by analysing one sentence, so the first user does not wait for them."""
        job.stage = "loading the models"
        self.pipeline().run([load_bytes(WARM_UP_TEXT, source="warm-up", media_type="text/plain")])
        self.ready = True
        return {"ready": True}

    def work(self, kind: str, payload: dict[str, Any]) -> Work | None:
        """The work of a job from its payload (JSON): how a request starts it, and how a server that was
        killed runs it again when it restarts. None for a kind that cannot be run from a payload."""
        if kind == "analyse":
            label, doc = str(payload["label"]), Document.from_dict(payload["document"])
            return lambda job: self.analyse(job, [Loaded(label, doc)])
        if kind == "batch":
            text, label, limit = str(payload["text"]), str(payload["label"]), int(payload["max_bytes"])
            return lambda job: self.analyse(job, jsonl_inputs(text, label, limit))
        if kind == "factchecks":
            text, label = str(payload["text"]), str(payload["label"])
            return lambda job: self.import_factchecks(job, text, label)
        if kind == "links":
            doc_id = str(payload["document"])
            return lambda job: self.links(job, doc_id)
        return None

    def analyse(self, job: Job, inputs: Iterable[Loaded]) -> dict[str, Any]:
        """Analyse and store every input, recording each outcome on the job and in the store's ledger."""
        store, pipeline = self.store(), self.pipeline()
        deadline = time.monotonic() + self._max_job_s if self._max_job_s else None
        cut: list[bool] = []  # set when the time limit stopped the inputs

        def fresh() -> Iterator[Document]:
            for item in inputs:
                if deadline is not None and time.monotonic() > deadline:
                    cut.append(True)
                    return
                if item.document is None:
                    store.note(item.source, None, "failed", item.error)
                    job.errors.append({"source": item.source, "message": item.error or "could not be read"})
                    job.done += 1
                elif store.contains(item.document.id):
                    store.note(item.source, item.document.id, "unchanged")
                    job.documents.append(document_summary(item.document, "unchanged"))
                    job.done += 1
                else:
                    yield item.document

        job.stage = "analysing"
        for batch in pipeline.run_batches(batched(fresh(), BATCH)):
            job.stage = "storing"
            for doc in batch:
                job.documents.append(document_summary(doc, store.add(doc)))
                job.done += 1
            for failed in pipeline.quarantine:
                message = f"analysis failed in stage {failed.stage}: {failed.error}"
                store.note(failed.source, None, "failed", message)
                job.errors.append({"source": failed.source or "?", "message": message})
                job.done += 1
            pipeline.quarantine.clear()
            self.ready = True
            job.stage = "analysing"
        if cut:
            raise VeracityError(f"stopped at the time limit of {self._max_job_s:g} s after {job.done} of "
                                f"{job.total or '?'} inputs ({len(job.documents)} stored or already there, "
                                f"{len(job.errors)} failed); send the rest again (stored ones come back unchanged)")
        job.stage = "done"
        return {"documents": job.documents, "errors": job.errors}

    def import_factchecks(self, job: Job, text: str, label: str) -> dict[str, Any]:
        """Import the ClaimReviews of one JSON-LD body; a review that cannot be read is listed, the rest kept."""
        from veracity.corpus.claimreview import BadReview, read_claimreviews
        from veracity.corpus.factchecks import FactCheckShelf

        job.stage = "reading the reviews"
        reviews = list(read_claimreviews(text, label))
        good = [r for r in reviews if not isinstance(r, BadReview)]
        job.errors.extend({"source": r.where, "message": r.reason} for r in reviews if isinstance(r, BadReview))
        job.total = len(reviews)
        job.stage = "embedding and storing"
        added, known = FactCheckShelf(self.store()).add(good, label) if good else (0, 0)
        job.done = len(reviews)
        return {"added": added, "unchanged": known, "failed": len(reviews) - len(good), "errors": job.errors}

    def stamp(self, store: Store) -> tuple[int, int]:
        """What a dossier's links depend on: how many documents and fact-checks the store holds."""
        from veracity.corpus.factchecks import FactCheckShelf

        return store.count(), FactCheckShelf(store).count()

    def cached_links(self, doc_id: str, stamp: tuple[int, int]) -> dict[str, Any] | None:
        found = self._links.get(doc_id)
        return found[1] if found and found[0] == stamp else None

    def links(self, job: Job, doc_id: str) -> dict[str, Any]:
        """The conflicts panel of a stored document (cached until the store gains documents or fact-checks)."""
        from veracity.web.conflicts import conflicts_panel

        store = self.store()
        stamp = self.stamp(store)
        cached = self.cached_links(doc_id, stamp)
        if cached is not None:
            return cached
        doc = store.document(doc_id)
        if doc is None:
            raise VeracityError(f"no dossier {doc_id} in the store")
        job.stage = "comparing with stored stories"
        result = conflicts_panel(store, doc, self._factcheck_matcher(stamp[1]))
        self._links[doc_id] = (stamp, result)
        while len(self._links) > LINKS_CACHED:
            self._links.popitem(last=False)
        return result

    def _factcheck_matcher(self, count: int) -> Any:
        from veracity.corpus.factchecks import FactCheckShelf

        if count == 0:
            return None
        if self._matcher is None or self._matcher[0] != count:
            self._matcher = (count, FactCheckShelf(self.store()).matcher())
        return self._matcher[1]
