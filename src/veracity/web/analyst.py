"""The server's one pipeline and the work jobs do with it and the store.

Everything here runs on the job workers' threads (see ``jobs``): analysis and imports on the analysis
lane (the only user of the pipeline), the conflicts panels on the links lane, each with a store
connection of its own. The pipeline and the linking models load once, on first use (or at start-up with
``warm_up``), and stay loaded for the life of the server process.

A document's conflicts panel is computed when it is stored, not when someone opens it: each analysis
batch hands its new documents to ``after_store``, which queues a ``panels`` job on the links lane. The
panel is kept in the store; computing it names the stored documents it was compared with, and their
panels are marked stale (the new document may change them), as are all panels when fact-checks arrive.
A stale panel is still served at once, marked ``stale``, while a job computes it again.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from veracity.corpus.inputs import Loaded, article_from_json
from veracity.errors import VeracityError
from veracity.ingest import load_bytes
from veracity.model import Document
from veracity.pipeline import batched
from veracity.store import Store
from veracity.web.analysis import Analysis, AnalysisInThread
from veracity.web.jobs import Job, Work
from veracity.web.stores import StoreHandles

BATCH = 8  # like `veracity add`: each finished batch is stored, so progress moves in small steps
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

    def __init__(self, stores: StoreHandles, *, max_job_s: float | None = None, analysis: Analysis | None = None
                 ) -> None:
        self._max_job_s = max_job_s
        self._analysis = analysis if analysis is not None else AnalysisInThread()
        self._stores = stores  # the server's: one set of connections and one vector index, closed by it
        self._matcher: tuple[int, Any] | None = None
        self.ready = False  # the pipeline's models are loaded
        # Told the ids of the documents each analysis batch stored (the server queues their panels).
        self.after_store: Callable[[list[str]], None] | None = None

    def close(self) -> None:
        """Stop the analysis process, if the analyses run in one."""
        self._analysis.close()

    def store(self) -> Store:
        """This worker thread's store connection."""
        return self._stores.get()

    def warm_up(self, job: Job) -> dict[str, Any]:
        """Load the pipeline's models by analysing one sentence, so the first user does not wait for them."""
        job.stage = "loading the models"
        for _ in self._analysis.run_batches([[load_bytes(WARM_UP_TEXT, source="warm-up", media_type="text/plain")]]):
            pass
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
        if kind == "panels":
            doc_ids = [str(doc_id) for doc_id in payload["documents"]]
            return lambda job: self.panels(job, doc_ids)
        return None

    def analyse(self, job: Job, inputs: Iterable[Loaded]) -> dict[str, Any]:
        """Analyse and store every input, recording each outcome on the job and in the store's ledger."""
        store = self.store()
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
        for batch in self._analysis.run_batches(batched(fresh(), BATCH)):
            job.stage = "storing"
            added = []
            for doc, vectors in batch.documents:
                status = store.add(doc, vectors=vectors)
                job.documents.append(document_summary(doc, status))
                job.done += 1
                if status == "added":
                    added.append(doc.id)
            if added and self.after_store is not None:
                self.after_store(added)
            for failed in batch.failures:
                message = f"analysis failed in stage {failed.stage}: {failed.error}"
                store.note(failed.source, None, "failed", message)
                job.errors.append({"source": failed.source or "?", "message": message})
                job.done += 1
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
        if added:
            self.store().mark_panels_stale()  # any claim of any stored story may match a new fact-check
        job.done = len(reviews)
        return {"added": added, "unchanged": known, "failed": len(reviews) - len(good), "errors": job.errors}

    def links(self, job: Job, doc_id: str) -> dict[str, Any]:
        """Compute and store the conflicts panel of a stored document; the panels of the documents it was
        compared with are marked stale."""
        from veracity.corpus.factchecks import FactCheckShelf
        from veracity.web.conflicts import conflicts_panel

        store = self.store()
        doc = store.document(doc_id)
        if doc is None:
            raise VeracityError(f"no dossier {doc_id} in the store")
        job.stage = "comparing with stored stories"
        inputs = (store.count(), FactCheckShelf(store).count())
        panel = conflicts_panel(store, doc, self._factcheck_matcher(inputs[1]))
        store.save_panel(doc_id, panel)
        store.mark_panels_stale(d["id"] for d in panel["documents"] if d["id"] != doc_id)
        # A document or fact-check stored while this one was computed marked it stale before it was saved
        # (and the save cleared the mark): it is marked again. Checked after the save, so nothing is missed.
        stale = (store.count(), FactCheckShelf(store).count()) != inputs
        if stale:
            store.mark_panels_stale([doc_id])
        return {**panel, "stale": stale}

    def panels(self, job: Job, doc_ids: list[str]) -> dict[str, Any]:
        """The panels of newly stored documents (those already computed and fresh are left)."""
        job.total = len(doc_ids)
        for doc_id in doc_ids:
            stored = self.store().panel(doc_id)
            if stored is None or stored[1]:
                self.links(job, doc_id)
            job.done += 1
        return {"documents": len(doc_ids)}

    def _factcheck_matcher(self, count: int) -> Any:
        from veracity.corpus.factchecks import FactCheckShelf

        if count == 0:
            return None
        if self._matcher is None or self._matcher[0] != count:
            self._matcher = (count, FactCheckShelf(self.store()).matcher())
        return self._matcher[1]
