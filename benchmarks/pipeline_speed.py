"""Whole-pipeline throughput for tagger settings (threads, window step, where the encoder runs).

    python benchmarks/pipeline_speed.py --data ../shared/data/polnear/data/dev --limit 48

Runs each setting in turn on the same articles after a warm-up document, and prints articles per
second; the first line printed is the command, the second the machine.
"""

from __future__ import annotations

import argparse
import os
import platform
import shlex
import sys
import time
from pathlib import Path

from veracity.model import Document
from veracity.pipeline import Pipeline

SETTINGS = [(1, 192, "process"), (2, 192, "process"), (1, 192, "thread"), (2, 192, "none"), (1, 254, "process"),
            (2, 254, "process")]


def throughput(texts: list[str], threads: int, stride: int, background: str, batch: int = 16) -> float:
    pipeline = Pipeline.from_config({"stages": [
        {"name": "attribution_tagger", "threads": threads, "stride": stride, "background": background},
        {"name": "parse"}, {"name": "quotes"}, {"name": "speakers"},
    ]})
    pipeline.run([Document(text=texts[0])])
    started = time.perf_counter()
    batches = ([Document(text=t) for t in texts[first : first + batch]] for first in range(0, len(texts), batch))
    for _ in pipeline.run_batches(batches):
        pass
    return len(texts) / (time.perf_counter() - started)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True, type=Path, help="a folder holding text/*.txt articles")
    parser.add_argument("--limit", type=int, default=48)
    args = parser.parse_args()
    texts = [p.read_text(encoding="utf-8") for p in sorted((args.data / "text").glob("*.txt"))[: args.limit]]
    print(f"command: {shlex.join(sys.orig_argv)}")
    print(f"machine: {platform.platform()}, {os.cpu_count()} CPUs; {len(texts)} articles")
    for threads, stride, background in SETTINGS:
        rate = throughput(texts, threads, stride, background)
        print(f"threads {threads}  step {stride}  background {background:7}  {rate:.2f} articles/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
