"""What a batch worker does with one shard: read it, analyse its documents, stream the outcomes back.

Both engines run exactly this code (a local process or a Ray actor), which is what makes their
dossiers identical. A worker loads the pipeline once and keeps it for every shard it is given. It
streams outcomes in small batches rather than returning a shard whole, so a shard of any size costs
bounded memory; the last outcome of a shard is always its ``shard_done`` record, which is the
driver's signal that every document before it has been handed over.
"""

from __future__ import annotations

import json
import resource
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from veracity.corpus.inputs import iter_inputs
from veracity.errors import VeracityError
from veracity.limits import MAX_INPUT_BYTES
from veracity.links.embedder import shared_embedder
from veracity.model import Document
from veracity.store.records import VectorRow
from veracity.store.vectors import texts_to_embed, vector_rows

OutcomeKind = Literal["document", "failed", "shard_done"]
# Documents analysed together: big enough to batch the encoder, small enough to keep outcomes flowing.
WORK_BATCH = 8


@dataclass(frozen=True)
class Outcome:
    """One result a worker sends back; ``payload`` is a dossier (JSON), an error, or shard statistics.

    A document's sentence vectors (the store's meaning search) are computed by the worker too, so the
    driver only writes: ``vectors`` holds them as float16 bytes, one per text of ``texts_to_embed``.
    """

    kind: OutcomeKind
    shard: str
    source: str
    payload: str
    vectors: tuple[bytes, ...] = ()

    def document(self) -> Document:
        return Document.from_dict(json.loads(self.payload))

    def vector_rows(self, doc: Document) -> list[VectorRow]:
        keys = [quote_id for quote_id, _ in texts_to_embed(doc)]
        if len(keys) != len(self.vectors):
            raise ValueError(f"{self.source}: {len(self.vectors)} vectors for {len(keys)} texts")
        return [(doc.id, key, vector) for key, vector in zip(keys, self.vectors, strict=True)]

    def stats(self) -> dict[str, Any]:
        return dict(json.loads(self.payload))


class ShardAnalyser:
    """Analyses shards with one pipeline, loaded on first use and kept."""

    def __init__(self) -> None:
        self._pipeline: Any = None

    def pipeline(self) -> Any:
        if self._pipeline is None:
            from veracity.pipeline import build_pipeline

            # One worker is one core: the encoder runs in the worker's own thread on one intra-op thread
            # (onnxruntime would otherwise start one per core in every worker, and they would fight).
            self._pipeline = build_pipeline(on_error="skip", tagger={"background": "none", "threads": 1})
        return self._pipeline

    def analyse(self, shard: str, skip: frozenset[str] = frozenset(), *, max_bytes: int = MAX_INPUT_BYTES
                ) -> Iterator[list[Outcome]]:
        """Outcome batches for every input of ``shard`` not named in ``skip``, then its ``shard_done``.

        A failing input (unreadable, too large, a stage failure, a document that cannot be embedded or
        serialised) is one ``failed`` outcome and the shard goes on; only an error outside any one document
        stops the shard, and the outcomes already sent are kept.
        """
        from veracity.pipeline import batched

        pipeline = self.pipeline()
        counts = {"documents": 0, "failed": 0, "skipped": 0}
        failures: list[Outcome] = []

        def documents() -> Iterator[Document]:
            for item in iter_inputs([shard], max_bytes=max_bytes):
                if item.source in skip:
                    counts["skipped"] += 1
                elif item.document is None:
                    failures.append(Outcome("failed", shard, item.source, item.error or "could not be read"))
                else:
                    yield item.document

        error = None
        try:
            for batch in pipeline.run_batches(batched(documents(), WORK_BATCH)):
                out = self._outcomes(shard, batch)
                out += [Outcome("failed", shard, q.source or shard, f"analysis failed in stage {q.stage}: {q.error}")
                        for q in pipeline.quarantine]
                pipeline.quarantine.clear()
                out += failures
                failures.clear()
                counts["documents"] += sum(o.kind == "document" for o in out)
                counts["failed"] += sum(o.kind == "failed" for o in out)
                yield out
        except Exception as stopped:  # noqa: BLE001 - a shard that cannot be read must not stop the run
            error = f"shard stopped: {type(stopped).__name__}: {stopped}"
            failures.append(Outcome("failed", shard, shard, error))
        counts["failed"] += len(failures)
        stats: dict[str, Any] = {**counts, "peak_rss_mb": round(peak_rss_mb(), 1), "error": error}
        yield [*failures, Outcome("shard_done", shard, shard, json.dumps(stats))]

    def _outcomes(self, shard: str, batch: list[Document]) -> list[Outcome]:
        """A ``document`` outcome (dossier and sentence vectors) per document, or ``failed`` for one that
        cannot be embedded or serialised; every text of the batch is embedded in one call when it can be."""
        try:
            rows = vector_rows(batch, shared_embedder())
        except VeracityError:
            raise  # a missing model fails every document alike: not one document's failure
        except Exception:  # noqa: BLE001 - find the document that fails, one by one
            rows = None
        out = []
        for doc in batch:
            source = doc.metadata.source or shard
            try:
                own = rows if rows is not None else vector_rows([doc], shared_embedder())
                vectors = tuple(vector for doc_id, _, vector in own if doc_id == doc.id)
                out.append(Outcome("document", shard, source, json.dumps(doc.to_dict(), ensure_ascii=False),
                                   vectors))
            except VeracityError:
                raise
            except Exception as failed:  # noqa: BLE001 - one document must not stop the shard
                out.append(Outcome("failed", shard, source, f"its dossier could not be prepared for the store "
                                                            f"({type(failed).__name__}: {failed})"))
        return out


def peak_rss_mb() -> float:
    """This process's peak resident memory (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
