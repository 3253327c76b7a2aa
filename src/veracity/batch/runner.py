"""``veracity batch``: analyse a stream of shards on an engine and write every dossier to the store.

The driver owns the store: workers only analyse, and the driver writes what they send, a batch at a
time, each document in its own transaction (the store's ``add``), so the store is consistent at any
instant. A shard is marked done in the run ledger only after its last document is written, so a run
killed at any point loses no more than the unfinished shards' unwritten documents, and the next run
skips finished shards and, within the others, every input the store already records.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TextIO

from veracity.batch.engines import ShardTask, run_engine
from veracity.batch.ledger import RunLedger, Shard, find_shards, new_run_id
from veracity.batch.work import Outcome, peak_rss_mb
from veracity.corpus.store import Store, open_store

LISTED_ERRORS = 20  # failures the summary names; the report lists every one


@dataclass
class RunReport:
    """What a run did, written as JSON with ``--report``."""

    run_id: str
    engine: str
    workers: int
    store: str
    shards: dict[str, int] = field(default_factory=dict)
    documents: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    first_outcome_s: float | None = None  # engine start-up: until the first result came back (models loaded)
    documents_per_second: float = 0.0
    peak_rss_mb: dict[str, float] = field(default_factory=dict)
    errors: list[dict[str, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class _Progress:
    """A tqdm bar over shards showing documents, documents/second and errors; silent when off."""

    def __init__(self, total: int, enabled: bool, stream: TextIO | None) -> None:
        self.bar: Any = None
        if enabled:
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="shard", file=stream, dynamic_ncols=True, smoothing=0.1)
        self.started = time.perf_counter()

    def update(self, shards: int, counts: Counter[str]) -> None:
        if self.bar is None:
            return
        analysed = counts["added"] + counts["unchanged"]
        rate = analysed / max(time.perf_counter() - self.started, 1e-9)
        self.bar.set_postfix_str(f"{analysed} docs, {rate:.2f} docs/s, {counts['failed']} errors", refresh=False)
        self.bar.update(shards)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def run_batch(paths: list[str], store_location: str, *, engine: str = "local", workers: int = 1,
              address: str | None = None, progress: bool = False, progress_stream: TextIO | None = None,
              say: Callable[[str], None] = lambda _: None) -> RunReport:
    """Analyse every shard under ``paths`` not already finished and store its documents."""
    shards = find_shards(paths)
    run_id = new_run_id()
    report = RunReport(run_id, engine, workers, store_location)
    counts: Counter[str] = Counter()
    started = time.perf_counter()
    with open_store(store_location) as store:
        ledger = RunLedger(store)
        tasks, by_path, skipped = _plan(shards, ledger)
        ledger.start_run(run_id, engine, workers)
        for shard in by_path.values():
            ledger.mark(shard, "started", run_id)
        bar = _Progress(len(shards), progress, progress_stream)
        bar.update(skipped, counts)
        worker_peaks: list[float] = []
        shard_counts: Counter[str] = Counter(skipped=skipped)
        try:
            for batch in run_engine(engine, tasks, workers=workers, address=address):
                if report.first_outcome_s is None:
                    report.first_outcome_s = round(time.perf_counter() - started, 3)
                for outcome in batch:
                    if outcome.kind == "shard_done":
                        stats = outcome.stats()
                        worker_peaks.append(stats["peak_rss_mb"])
                        status = "failed" if stats.get("error") else "done"
                        ledger.mark(by_path[outcome.shard], status, run_id, stats["documents"], stats["failed"])
                        shard_counts[status] += 1
                        bar.update(1, counts)
                    else:
                        _write(store, outcome, counts, report, say)
        finally:
            bar.close()
            report.seconds = round(time.perf_counter() - started, 3)
            analysed = counts["added"] + counts["unchanged"] + counts["failed"]
            report.documents = {k: counts[k] for k in ("added", "unchanged", "failed")}
            report.documents_per_second = round(analysed / report.seconds, 3) if report.seconds else 0.0
            report.shards = {"total": len(shards), **{k: shard_counts[k] for k in ("done", "failed", "skipped")}}
            report.peak_rss_mb = {"driver": round(peak_rss_mb(), 1),
                                  "worker_max": max(worker_peaks, default=0.0)}
            ledger.finish_run(run_id, report.to_dict())
    return report


def _plan(shards: list[Shard], ledger: RunLedger) -> tuple[list[ShardTask], dict[str, Shard], int]:
    """Tasks for the shards still to do (a started shard skips what it already recorded); how many are done."""
    tasks: list[ShardTask] = []
    by_path: dict[str, Shard] = {}
    hashes: set[str] = set()
    skipped = 0
    for shard in shards:
        status = ledger.status(shard)
        if status == "done" or shard.content_hash in hashes:
            skipped += 1
            continue
        skip = ledger.recorded_sources(shard) if status in ("started", "failed") else frozenset()
        tasks.append(ShardTask(shard.path, skip))
        by_path[shard.path] = shard
        hashes.add(shard.content_hash)
    return tasks, by_path, skipped


def _write(store: Store, outcome: Outcome, counts: Counter[str], report: RunReport,
           say: Callable[[str], None]) -> None:
    if outcome.kind == "document":
        doc = outcome.document()
        counts[store.add(doc, source=outcome.source, vectors=outcome.vector_rows(doc))] += 1
        return
    store.note(outcome.source, None, "failed", outcome.payload)
    counts["failed"] += 1
    report.errors.append({"source": outcome.source, "error": outcome.payload})
    say(f"{outcome.source}: {outcome.payload}")


def write_report(report: RunReport, path: str) -> None:
    """The run report as JSON, written whole or not at all."""
    from veracity.cli import _write_atomically

    _write_atomically(Path(path), json.dumps(report.to_dict(), indent=2) + "\n")


def summary(report: RunReport) -> str:
    docs, shards = report.documents, report.shards
    return (f"{report.engine} x{report.workers}: added {docs['added']}, unchanged {docs['unchanged']}, failed "
            f"{docs['failed']} from {shards['total']} shards ({shards['skipped']} already done, {shards['failed']} "
            f"failed) in {report.seconds:.1f} s, {report.documents_per_second:.2f} docs/s (store {report.store})")


def batch_command(paths: list[str], store_location: str, *, engine: str, workers: int, address: str | None,
                  report_path: str | None, progress: bool, say: Callable[[str], None],
                  out: TextIO | None = None) -> int:
    """``veracity batch``: run, print the summary (and write the report); 1 when any document failed."""
    import sys

    out = out or sys.stdout
    report = run_batch(paths, store_location, engine=engine, workers=workers, address=address,
                       progress=progress, progress_stream=sys.stderr, say=say)
    if report_path:
        write_report(report, report_path)
    print(summary(report), file=out)
    for error in report.errors[:LISTED_ERRORS]:
        print(f"  failed: {error['source']}: {error['error']}", file=out)
    if len(report.errors) > LISTED_ERRORS:
        more = len(report.errors) - LISTED_ERRORS
        where = f"all in {report_path}" if report_path else "--report lists all"
        print(f"  … and {more} more ({where})", file=out)
    return 1 if report.documents["failed"] or report.shards["failed"] else 0
