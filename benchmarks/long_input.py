"""Is analysis linear in the text's length? Seconds and peak memory per 100 KB, from 10 KB to 5 MB.

    python benchmarks/long_input.py --data ../shared/data/polnear/data/dev ../shared/data/polnear/data/train \
        [--sizes 10k 100k 1M 5M] [--json] [--record FILE]

Each size is real news: the folders' ``text/*.txt`` articles, in name order, joined by blank lines until
the size is reached (cut at a paragraph's end). Each size runs in a fresh process, so its peak resident
memory is its own: the default pipeline is loaded, warmed on one sentence, then times one
``veracity.analyze`` of the whole text (the library: the tagger in a thread); a second fresh process times
the ``veracity analyze`` command's pipeline (the tagger in a process of its own; its peak memory counted
with the main process's). The baseline, in the same process and on the same text, is the spaCy parse
alone (en_core_web_sm over the text's paragraphs): the floor any attribution system built on
a parser pays. Targets (issue 17): 1 MB in under 60 s and under 1.5 GB on 2 cores, and seconds per
100 KB at the largest size within 1.3 times those at 10 KB.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

from harness import add_output_arguments, announce, finish, peak_rss_mb, start

SIZES = ("10k", "100k", "1M", "5M")
UNITS = {"k": 1_000, "M": 1_000_000}


def size_in_bytes(label: str) -> int:
    return int(float(label[:-1]) * UNITS[label[-1]]) if label[-1] in UNITS else int(label)


def news_text(folders: list[Path], size: int) -> str:
    """At most ``size`` bytes of the folders' articles, joined by blank lines, ending at a paragraph."""
    files = sorted(p for folder in folders for p in (folder / "text").glob("*.txt"))
    if not files:
        raise SystemExit(f"no text/*.txt articles under {', '.join(map(str, folders))}")
    pieces: list[str] = []
    length = 0
    while length < size:
        for path in files:
            article = path.read_text(encoding="utf-8").strip() + "\n\n"
            pieces.append(article)
            length += len(article.encode("utf-8"))
            if length >= size:
                break
    text = "".join(pieces).encode("utf-8")[:size].decode("utf-8", errors="ignore")
    cut = text.rfind("\n\n")
    return text[: cut + 2] if cut > 0 else text


def measure(text: str, command: bool = False) -> dict[str, float]:
    """In this process: the whole analysis (as the library runs it, or with ``command`` as the ``veracity``
    command does), then the parse alone, on ``text``."""
    import veracity
    from veracity.model import Document
    from veracity.pipeline import default_pipeline
    from veracity.text.parse import load_spacy

    def analyze(words: str) -> Document:
        if not command:
            return veracity.analyze(words, published="2024-01-01")
        document = Document(text=words)
        document.metadata.published = "2024-01-01"
        return pipeline(document)

    pipeline = default_pipeline(tagger_background="process") if command else None
    analyze('"It works," she said on Monday.')  # loads every model
    loaded_mb = peak_rss_mb()
    started = time.perf_counter()
    doc = analyze(text)
    seconds = time.perf_counter() - started
    peak_mb = peak_rss_mb()
    nlp = load_spacy()
    started = time.perf_counter()
    for _ in nlp.pipe(text.split("\n\n"), batch_size=64):
        pass
    parse_seconds = time.perf_counter() - started
    return {"seconds": seconds, "peak_mb": peak_mb, "loaded_mb": loaded_mb, "parse_seconds": parse_seconds,
            "quotes": len(doc.quotes), "people": len(doc.people)}


def run_child(folders: list[Path], label: str, command: bool = False) -> dict[str, float]:
    """One size measured in a fresh process (``command``: as the ``veracity`` command runs it)."""
    argv = [sys.executable, __file__, "--child", label, "--data", *map(str, folders)]
    argv += ["--command"] if command else []
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{label}: the measuring process failed:\n{done.stderr[-2000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", nargs="+", required=True, type=Path,
                        help="folders holding text/*.txt articles (PolNeAR's dev and train)")
    parser.add_argument("--sizes", nargs="+", default=list(SIZES), help=f"sizes to measure (default {' '.join(SIZES)})")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--command", action="store_true", help=argparse.SUPPRESS)
    add_output_arguments(parser)
    args = parser.parse_args()
    if args.child:
        text = news_text(args.data, size_in_bytes(args.child))
        figures = measure(text, args.command)
        figures["bytes"] = len(text.encode("utf-8"))
        print(json.dumps(figures))
        return 0
    run = start("long_input")
    table = run.table("Seconds and peak memory by length (the library, then the command, each in a fresh process)",
                      ["size", "bytes", "quotes", "how", "s", "s/100KB", "parse s/100KB", "peak MB", "loaded MB"],
                      {"bytes": ",.0f", "quotes": ".0f", "s": ".1f", "s/100KB": ".2f", "parse s/100KB": ".2f",
                       "peak MB": ".0f", "loaded MB": ".0f"})
    verdicts = run.table("Targets (issue 17)", ["how", "figure", "measured", "target", "met"],
                         {"measured": ".2f"})
    rows: dict[str, list[tuple[str, dict[str, float], float]]] = {"library": [], "command": []}
    announce(run, args)
    for label in args.sizes:
        for how in rows:
            row = run_child(args.data, label, command=how == "command")
            per = 100_000 / row["bytes"]
            rows[how].append((label, row, row["seconds"] * per))
            table.add(label, row["bytes"], row["quotes"], how, row["seconds"], row["seconds"] * per,
                      row["parse_seconds"] * per, row["peak_mb"], row["loaded_mb"])
            if not args.json:
                print(f"measured {label} ({how}): {row['seconds']:.1f} s", flush=True)
    for how, measured in rows.items():
        if len(measured) > 1:
            first, last = measured[0], measured[-1]
            ratio = last[2] / first[2]
            verdicts.add(how, f"s/100KB at {last[0]} / at {first[0]}", ratio, "<= 1.3", "yes" if ratio <= 1.3 else "no")
        for label, row, _ in measured:
            if label == "1M":
                verdicts.add(how, "1 MB seconds", row["seconds"], "< 60", "yes" if row["seconds"] < 60 else "no")
                verdicts.add(how, "1 MB peak MB", row["peak_mb"], "< 1536", "yes" if row["peak_mb"] < 1536 else "no")
    finish(run, args, announced=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
