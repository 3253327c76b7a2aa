"""Batch throughput: the full analysis of generated articles on each engine and number of workers.

    python benchmarks/batch.py --docs 64 --engine local ray --workers 1 2 [--seed DIR] [--json] [--record FILE]

Articles are generated from real news (``--seed``, a folder of ``text/*.txt`` articles, PolNeAR train
by default): article k is the paragraphs of seed article k mod M, rotated by k div M, so every
article is distinct, news-like and full of attributions. They are cut into JSONL shards of
``--per-shard`` articles and run with ``veracity.batch.run_batch`` into a fresh SQLite store. For each
engine and worker count it prints documents/second over the whole run, the engine's start-up (a whole
run over one short document: processes or Ray, model loading, the store), documents/second after
start-up, the peak memory of a worker, and the scaling efficiency (throughput with n workers divided by
n times the throughput with the fewest workers) next to the 0.8 target.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from harness import Run, Table, add_output_arguments, finish, start

from veracity.batch import run_batch

DEFAULT_SEED = Path(__file__).resolve().parents[1].parent / "shared/data/polnear/data/train"


def generate_shards(seed: Path, docs: int, per_shard: int, out: Path) -> list[str]:
    """JSONL shards of ``docs`` generated articles."""
    articles = [[p for p in path.read_text(encoding="utf-8").split("\n") if p.strip()]
                for path in sorted((seed / "text").glob("*.txt"))]
    articles = [a for a in articles if len(a) >= 3]
    if not articles:
        sys.exit(f"no articles under {seed}/text: pass --seed with a PolNeAR-style split folder")
    paths = []
    for first in range(0, docs, per_shard):
        lines = []
        for k in range(first, min(first + per_shard, docs)):
            paragraphs = articles[k % len(articles)]
            turn = (k // len(articles)) % len(paragraphs)
            text = "\n\n".join(paragraphs[turn:] + paragraphs[:turn])
            lines.append(json.dumps({"url": f"https://example.org/{k}", "outlet": "Generated",
                                     "published": "2026-11-26", "text": text}))
        path = out / f"shard-{first // per_shard:05d}.jsonl"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(str(path))
    return paths


def measure(shards: list[str], engine: str, workers: int, docs: int, startup: float) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as scratch:
        report = run_batch(shards, str(Path(scratch) / "store.db"), engine=engine, workers=workers)
        stored = sum(f.stat().st_size for f in Path(scratch).glob("store.db*"))
    if report.documents["added"] != docs:
        sys.exit(f"{engine} x{workers} stored {report.documents['added']} of {docs} documents: {report.errors[:3]}")
    return {"engine": engine, "workers": workers, "documents": docs, "seconds": report.seconds,
            "documents_per_second": round(docs / report.seconds, 3), "startup_s": startup,
            "steady_documents_per_second": round(docs / max(report.seconds - startup, 1e-9), 3),
            "peak_rss_mb_per_worker": report.peak_rss_mb["worker_max"],
            "peak_rss_mb_driver": report.peak_rss_mb["driver"], "store_kb_per_document": round(stored / docs / 1024, 1)}


def startup_seconds(engine: str, workers: int, scratch: Path) -> float:
    """The engine's start-up: a whole run over one short document (processes or Ray, models, the store)."""
    shard = scratch / f"startup-{engine}-{workers}.jsonl"
    shard.write_text(json.dumps({"text": "The mayor said the bridge would open on Monday."}) + "\n")
    return round(run_batch([str(shard)], str(scratch / f"startup-{engine}-{workers}.db"), engine=engine,
                           workers=workers).seconds, 2)


COLUMNS = [("workers", "workers", "d"), ("documents_per_second", "docs/s", ".2f"), ("startup_s", "start-up s", ".1f"),
           ("steady_documents_per_second", "steady docs/s", ".2f"), ("efficiency", "efficiency", ".2f"),
           ("steady_efficiency", "steady eff.", ".2f"), ("peak_rss_mb_per_worker", "worker MB", ".0f"),
           ("peak_rss_mb_driver", "driver MB", ".0f"), ("store_kb_per_document", "store KB/doc", ".1f")]
EFFICIENCY_TARGET = 0.8


def with_efficiency(runs: list[dict[str, Any]]) -> None:
    """Each run's throughput against n times that of the run with the fewest workers (whole and steady)."""
    base = runs[0]
    for run in runs:
        scale = run["workers"] / base["workers"]
        run["efficiency"] = round(run["documents_per_second"] / (scale * base["documents_per_second"]), 3)
        run["steady_efficiency"] = round(
            run["steady_documents_per_second"] / (scale * base["steady_documents_per_second"]), 3)


def throughput_table(run: Run, runs: list[dict[str, Any]], docs: int, per_shard: int) -> Table:
    """Each engine and worker count a row; the fewest workers of an engine are the others' yardstick."""
    table = run.table(f"Batch throughput: {docs} documents in shards of {per_shard}",
                      ["engine", *(label for _, label, _ in COLUMNS)], {label: f for _, label, f in COLUMNS})
    for r in runs:
        table.add(r["engine"], *(r[key] for key, _, _ in COLUMNS))
    table.notes.append(f"efficiency target >= {EFFICIENCY_TARGET} (1 -> 2 workers)")
    return table


def targets_table(run: Run, runs: list[dict[str, Any]]) -> Table:
    """The scaling efficiency of every run with more workers than its engine's fewest, against the target."""
    table = run.table("Targets", ["engine", "figure", "measured", "target", "met"], {"measured": ".2f"})
    fewest = {}
    for r in runs:
        fewest.setdefault(r["engine"], r["workers"])
        if r["workers"] > fewest[r["engine"]]:
            table.add(r["engine"], f"efficiency {fewest[r['engine']]} -> {r['workers']} workers", r["efficiency"],
                      f">= {EFFICIENCY_TARGET}", "yes" if r["efficiency"] >= EFFICIENCY_TARGET else "no")
    return table


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=64)
    parser.add_argument("--engine", nargs="+", choices=("local", "ray"), default=["local"])
    parser.add_argument("--workers", nargs="+", type=int, default=[1, 2])
    parser.add_argument("--per-shard", type=int, default=8)
    parser.add_argument("--seed", type=Path, default=DEFAULT_SEED)
    add_output_arguments(parser)
    args = parser.parse_args()
    run = start("batch")
    runs: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as scratch:
        shards = generate_shards(args.seed, args.docs, args.per_shard, Path(scratch))
        for engine in args.engine:
            engine_runs = [measure(shards, engine, n, args.docs, startup_seconds(engine, n, Path(scratch)))
                           for n in sorted(args.workers)]
            with_efficiency(engine_runs)
            runs.extend(engine_runs)
    run.figures["runs"] = runs
    throughput_table(run, runs, args.docs, args.per_shard)
    targets_table(run, runs)
    finish(run, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
