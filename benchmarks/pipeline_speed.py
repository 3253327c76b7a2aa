"""Whole-pipeline throughput for tagger settings (threads, window step, where the encoder runs).

    python benchmarks/pipeline_speed.py --data ../shared/data/polnear/data/dev --limit 48 [--json] [--record FILE]

Runs each setting in turn on the same articles after a warm-up document, and prints articles per
second: a line as each setting is measured, then the table of them all under the run's command and machine.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from harness import Run, Table, add_output_arguments, announce, finish, start, timed

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
    batches = ([Document(text=t) for t in texts[first : first + batch]] for first in range(0, len(texts), batch))
    with timed() as took:
        for _ in pipeline.run_batches(batches):
            pass
    return len(texts) / took[0]


def settings_table(run: Run, articles: int) -> Table:
    table = run.table("Whole-pipeline throughput by tagger setting (after a one-document warm-up)",
                      ["threads", "step", "background", "articles/s"], {"articles/s": ".2f"})
    table.notes.append(f"data: {articles} articles")
    return table


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True, type=Path, help="a folder holding text/*.txt articles")
    parser.add_argument("--limit", type=int, default=48)
    add_output_arguments(parser)
    args = parser.parse_args()
    run = start("pipeline_speed")
    texts = [p.read_text(encoding="utf-8") for p in sorted((args.data / "text").glob("*.txt"))[: args.limit]]
    table = settings_table(run, len(texts))
    run.figures["articles"] = len(texts)
    run.figures["settings"] = []
    announce(run, args)
    for threads, stride, background in SETTINGS:
        rate = throughput(texts, threads, stride, background)
        table.add(threads, stride, background, rate)
        run.figures["settings"].append({"threads": threads, "step": stride, "background": background,
                                        "articles_per_second": rate})
        if not args.json:
            print(f"measured threads {threads}  step {stride}  background {background:7}  {rate:.2f} articles/s",
                  flush=True)
    finish(run, args, announced=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
