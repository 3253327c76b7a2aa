"""Batch throughput: the full analysis of generated articles on each engine and number of workers.

    python benchmarks/batch.py --docs 64 --engine local ray --workers 1 2 [--seed DIR] [--json]

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
import os
import platform
import shlex
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=64)
    parser.add_argument("--engine", nargs="+", choices=("local", "ray"), default=["local"])
    parser.add_argument("--workers", nargs="+", type=int, default=[1, 2])
    parser.add_argument("--per-shard", type=int, default=8)
    parser.add_argument("--seed", type=Path, default=DEFAULT_SEED)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result: dict[str, Any] = {
        "command": " ".join(shlex.quote(a) for a in [sys.executable, *sys.argv]),
        "date": time.strftime("%Y-%m-%d"),
        "machine": f"{platform.platform()}, {os.cpu_count()} CPUs",
        "runs": [],
    }
    with tempfile.TemporaryDirectory() as scratch:
        shards = generate_shards(args.seed, args.docs, args.per_shard, Path(scratch))
        for engine in args.engine:
            runs = [measure(shards, engine, n, args.docs, startup_seconds(engine, n, Path(scratch)))
                    for n in sorted(args.workers)]
            base = runs[0]
            for run in runs:
                scale = run["workers"] / base["workers"]
                run["efficiency"] = round(run["documents_per_second"] / (scale * base["documents_per_second"]), 3)
                run["steady_efficiency"] = round(
                    run["steady_documents_per_second"] / (scale * base["steady_documents_per_second"]), 3)
            result["runs"].extend(runs)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"command: {result['command']}\ndate:    {result['date']}\nmachine: {result['machine']}")
    print(f"{args.docs} documents in shards of {args.per_shard}; efficiency target >= 0.8 (1 -> 2 workers)")
    print(f"{'engine':7}{'workers':>8}{'docs/s':>9}{'start-up s':>12}{'steady docs/s':>15}{'efficiency':>12}"
          f"{'steady eff.':>13}{'worker MB':>11}{'driver MB':>11}{'store KB/doc':>14}")
    for r in result["runs"]:
        print(f"{r['engine']:7}{r['workers']:>8}{r['documents_per_second']:>9.2f}{r['startup_s']:>12.1f}"
              f"{r['steady_documents_per_second']:>15.2f}{r['efficiency']:>12.2f}{r['steady_efficiency']:>13.2f}"
              f"{r['peak_rss_mb_per_worker']:>11.0f}{r['peak_rss_mb_driver']:>11.0f}{r['store_kb_per_document']:>14.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
