"""``veracity batch``: analyse a stream of shards on an engine and write every dossier to the store.

The driver owns the store: workers only analyse, and the driver writes what they send, a batch at a
time, each document in its own transaction (the store's ``add``), so the store is consistent at any
instant. A shard is marked done in the run ledger only after its last document is written, so a run
killed at any point loses no more than the unfinished shards' unwritten documents, and the next run
skips finished shards and, within the others, every input the store already records.

Every run finishes and reports: a shard that cannot be read (missing, unreadable), an input that fails
to load or to analyse, and a document the store refuses are each recorded (the store's ledger, the run
report) with one line on stderr naming the input, and the run goes on; it exits 1 when any failed.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TextIO

from veracity.batch.engines import ShardTask, run_engine
from veracity.batch.ledger import new_run_id, scan_shards
from veracity.batch.work import Outcome, peak_rss_mb
from veracity.files import write_atomically
from veracity.limits import MAX_INPUT_BYTES
from veracity.store import Store, open_store, storage_failure
from veracity.store.runs import RunLedger, Shard

LISTED_ERRORS = 20  # failures named on stderr as they happen; the report and the store's ledger keep every one


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
        self.stream = stream
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

    def say(self, say: Callable[[str], None], message: str) -> None:
        """Print a line without tearing the bar: it is cleared, the line written, the bar drawn again."""
        if self.bar is None:
            say(message)
            return
        with self.bar.external_write_mode(file=self.stream or sys.stderr):
            say(message)


def run_batch(paths: list[str], store_location: str, *, engine: str = "local", workers: int = 1,
              address: str | None = None, progress: bool = False, progress_stream: TextIO | None = None,
              max_bytes: int = MAX_INPUT_BYTES, say: Callable[[str], None] = lambda _: None) -> RunReport:
    """Analyse every shard under ``paths`` not already finished and store its documents.

    ``max_bytes`` bounds each input of a shard (a file, a JSONL line's text or html, a WARC record), as
    ``--max-bytes`` does in every command; ``say`` gets one line per failure (the first ``LISTED_ERRORS``).
    """
    shards, unreadable = scan_shards(paths)
    run_id = new_run_id()
    report = RunReport(run_id, engine, workers, store_location)
    counts: Counter[str] = Counter()
    started = time.perf_counter()
    with open_store(store_location) as store:
        ledger = RunLedger(store)
        tasks, by_path, skipped = _plan(shards, ledger, max_bytes)
        ledger.start_run(run_id, engine, workers)
        for shard in by_path.values():
            ledger.mark(shard, "started", run_id)
        bar = _Progress(len(shards) + len(unreadable), progress, progress_stream)
        shard_counts: Counter[str] = Counter(skipped=skipped)

        def failed(source: str, reason: str) -> None:
            store.note(source, None, "failed", reason)
            report.errors.append({"source": source, "error": reason})
            if len(report.errors) <= LISTED_ERRORS:
                bar.say(say, f"{source}: {reason}")

        for error in unreadable:  # recorded, not fatal: the readable shards still run
            failed(error.source or "?", error.message)
            shard_counts["failed"] += 1
        bar.update(skipped + len(unreadable), counts)
        worker_peaks: list[float] = []
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
                        _write(store, outcome, counts, failed)
        finally:
            bar.close()
            report.seconds = round(time.perf_counter() - started, 3)
            analysed = counts["added"] + counts["unchanged"] + counts["failed"]
            report.documents = {k: counts[k] for k in ("added", "unchanged", "failed")}
            report.documents_per_second = round(analysed / report.seconds, 3) if report.seconds else 0.0
            report.shards = {"total": len(shards) + len(unreadable),
                             **{k: shard_counts[k] for k in ("done", "failed", "skipped")}}
            report.peak_rss_mb = {"driver": round(peak_rss_mb(), 1),
                                  "worker_max": max(worker_peaks, default=0.0)}
            ledger.finish_run(run_id, report.to_dict())
    if len(report.errors) > LISTED_ERRORS:
        say(f"{len(report.errors) - LISTED_ERRORS} more failures not shown here; the store's ledger records every "
            "one (and --report lists them)")
    return report


def _plan(shards: list[Shard], ledger: RunLedger, max_bytes: int = MAX_INPUT_BYTES
          ) -> tuple[list[ShardTask], dict[str, Shard], int]:
    """Tasks for the shards still to do, and how many are done.

    A shard finished without failures is done; any other shard it has seen (killed mid-way, stopped, or
    finished with failed inputs) skips what the store holds and analyses the rest, failures included.
    """
    tasks: list[ShardTask] = []
    by_path: dict[str, Shard] = {}
    hashes: set[str] = set()
    skipped = 0
    for shard in shards:
        status = ledger.status(shard)
        if shard.content_hash in hashes or (status == "done" and not ledger.failed_inputs(shard)):
            skipped += 1
            continue
        skip = ledger.stored_sources(shard) if status is not None else frozenset()
        tasks.append(ShardTask(shard.path, skip, max_bytes))
        by_path[shard.path] = shard
        hashes.add(shard.content_hash)
    return tasks, by_path, skipped


def _write(store: Store, outcome: Outcome, counts: Counter[str], failed: Callable[[str, str], None]) -> None:
    """Store a worker's document, or record its failure; a document the store refuses is a failure too."""
    if outcome.kind == "document":
        try:
            doc = outcome.document()
            counts[store.add(doc, source=outcome.source, vectors=outcome.vector_rows(doc))] += 1
            return
        except Exception as error:
            reason = storage_failure(error)
    else:
        reason = outcome.payload
    counts["failed"] += 1
    failed(outcome.source, reason)


def write_report(report: RunReport, path: str) -> None:
    """The run report as JSON, written whole or not at all."""
    write_atomically(Path(path), json.dumps(report.to_dict(), indent=2) + "\n")


def summary(report: RunReport) -> str:
    docs, shards = report.documents, report.shards
    return (f"{report.engine} x{report.workers}: added {docs['added']}, unchanged {docs['unchanged']}, failed "
            f"{docs['failed']} from {shards['total']} shards ({shards['skipped']} already done, {shards['failed']} "
            f"failed) in {report.seconds:.1f} s, {report.documents_per_second:.2f} docs/s (store {report.store})")


def batch_command(paths: list[str], store_location: str, *, engine: str, workers: int, address: str | None,
                  report_path: str | None, progress: bool, say: Callable[[str], None],
                  max_bytes: int = MAX_INPUT_BYTES, out: TextIO | None = None) -> int:
    """``veracity batch``: run, print the summary (and write the report); 1 when any input or shard failed.

    Each failure was named once on stderr as it happened; the summary on stdout counts them."""
    out = out or sys.stdout
    report = run_batch(paths, store_location, engine=engine, workers=workers, address=address,
                       progress=progress, progress_stream=sys.stderr, max_bytes=max_bytes, say=say)
    if report_path:
        write_report(report, report_path)
    print(summary(report), file=out)
    return 1 if report.documents["failed"] or report.shards["failed"] else 0
