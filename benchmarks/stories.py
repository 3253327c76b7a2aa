"""Stories benchmark: our pipeline against textacy's direct quotations on the hand-written gold stories.

    python benchmarks/stories.py --data benchmarks/data/stories/dev [--json] [--errors dev-errors.jsonl]

One half of ``benchmarks/data/stories`` per run (``dev`` to tune on; ``test`` is frozen: report it,
never tune on it, so ``--errors`` refuses it). Our pipeline sees each story as ``veracity analyze
--published DATE`` would (loaded as plain text with the story's publication date, then the default
pipeline); textacy parses the same text. Each system runs in its own child process (see polnear.py),
and the scorer is ``veracity.eval.story_scoring``.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import shlex
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness import peak_rss_mb
from polnear import in_child, print_report

from veracity.eval.stories import GoldStory, StoryFormatError, load_stories
from veracity.eval.story_scoring import StoryPrediction, StoryScorer, error_records, from_attributions
from veracity.model import Document

# What textacy's direct_quotations cannot predict: its figures for these are "-".
TEXTACY_UNSUPPORTED = ("addressee", "medium", "parent", "denial", "times", "events")


@dataclass
class StoriesRun:
    """What one system predicted for each story, and what it cost."""

    predictions: list[StoryPrediction]
    load_seconds: float
    analysis_seconds: float
    peak_rss_mb: float
    failures: int


def run_ours(stories: list[tuple[str, str, str]], batch: int) -> StoriesRun:
    """Analyse each ``(id, text, published)`` as ``veracity analyze --published`` does, recording failures."""
    from veracity.errors import VeracityError
    from veracity.eval.story_scoring import from_document
    from veracity.ingest import load_bytes
    from veracity.pipeline import default_pipeline

    def load(story_id: str, text: str, published: str) -> Document | None:
        try:  # as a .txt file given to the command: cleaned, its headline read, the date the option's
            return load_bytes(text.encode("utf-8"), source=f"{story_id}.txt", published=published or None,
                              media_type="text/plain")
        except VeracityError:
            return None

    started = time.perf_counter()
    pipe = default_pipeline(on_error="record", tagger_background="process")  # the pipeline the command runs
    warm = load(*stories[0])
    if warm is not None:
        pipe.run([warm])
    load_seconds = time.perf_counter() - started
    started = time.perf_counter()
    documents = [load(*story) for story in stories]
    loaded = [d for d in documents if d is not None]
    analysed: list[Document] = []
    for batch_done in pipe.run_batches(loaded[first:first + batch] for first in range(0, len(loaded), batch)):
        analysed.extend(batch_done)
    analysis_seconds = time.perf_counter() - started
    peak = peak_rss_mb()
    results = iter(analysed)
    predictions: list[StoryPrediction] = []
    failures = 0
    for document in documents:
        if document is None:
            failures += 1
            predictions.append(StoryPrediction())
            continue
        done = next(results)
        failures += any(w.startswith("stage ") for w in done.warnings)
        prediction = from_document(done)
        prediction.denial_links = denial_links(done)
        predictions.append(prediction)
    return StoriesRun(predictions, load_seconds, analysis_seconds, peak, failures)


def denial_links(doc: Document) -> list[tuple[str, str]]:
    """(denial, denied quote) ids as the dossier links them (``veracity.links.denials``), one story per document."""
    from veracity.links.denials import link_denials
    from veracity.links.people import merge_people

    people, speaker_of = merge_people([doc])
    names_of = {p.id: p.names | {p.name} for p in people}
    return [(link.denial.quote_id, link.target.quote_id) for link in link_denials([doc], speaker_of, names_of)]


def _in_child(function: Callable[..., StoriesRun], *args: Any) -> StoriesRun:
    """Run ``function`` in a fresh, non-daemon process, as polnear.py's ``in_child`` does."""
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(function, *args).result()


def run_textacy(stories: list[GoldStory], batch: int) -> StoriesRun:
    """textacy's direct quotations on each story's text, via polnear.py's baseline run."""
    texts = [s.text for s in stories]
    run = in_child("baseline", texts, batch)
    predictions = [from_attributions(text, found) for text, found in zip(texts, run.predictions, strict=True)]
    return StoriesRun(predictions, run.load_seconds, run.analysis_seconds, run.peak_rss_mb, run.failures)


def summarise(stories: list[GoldStory], run: StoriesRun, unsupported: tuple[str, ...] = ()) -> dict[str, Any]:
    """The JSON block of one system: its figures (None for roles it cannot predict) and its costs."""
    scorer = StoryScorer()
    for story, prediction in zip(stories, run.predictions, strict=True):
        scorer.add(story, prediction)
    out = scorer.result(unsupported)
    out.update(articles_per_second=round(len(stories) / max(run.analysis_seconds, 1e-9), 3),
               peak_rss_mb=round(run.peak_rss_mb, 1), load_seconds=round(run.load_seconds, 2),
               failures=run.failures)
    return _rounded(out)


def _rounded(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    return value


def _share(block: dict[str, Any] | None) -> str:
    if block is None:
        return "-"
    if block["share"] is None:
        return "n/a (n=0)"
    return f"{block['share']:.3f} ({block['right']}/{block['n']})"


def _prf(block: dict[str, Any] | None) -> str:
    return "-" if block is None else f"{block['p']:.2f} / {block['r']:.2f} / {block['f1']:.2f}"


def _plain(value: Any, fmt: str) -> str:
    return "-" if value is None else format(value, fmt)


ROWS: list[tuple[str, str, Callable[[Any], str]]] = [
    ("quotes found", "quotes_found", _share),
    ("speaker right", "speaker_right", _share),
    ("  given found", "speaker_right_given_found", _share),
    ("nested-quote speaker", "nested_speaker_right", _share),
    ("addressee right", "addressee_right", _share),
    ("spurious addressees", "spurious_addressees", lambda v: _plain(v, "d")),
    ("medium right", "medium_right", _share),
    ("spurious media", "spurious_media", lambda v: _plain(v, "d")),
    ("parent right", "parent_right", _share),
    ("denial P / R / F1", "denial", _prf),
    ("denial links P / R / F1", "denial_links", _prf),
    ("spurious quotes/story", "spurious_quotes_per_story", lambda v: _plain(v, ".2f")),
    ("time values right", "time_values_right", _share),
    ("  in quotes", "time_values_in_quote_right", _share),
    ("key events found", "key_events_found", _share),
    ("  interval right", "event_intervals_right", _share),
    ("event order right", "event_order_right", _share),
    ("events predicted/story", "events_per_story", lambda v: _plain(v, ".1f")),
    ("articles/s", "articles_per_second", lambda v: _plain(v, ".2f")),
    ("peak RSS MB", "peak_rss_mb", lambda v: _plain(v, ".0f")),
    ("load s (warm-up)", "load_seconds", lambda v: _plain(v, ".1f")),
    ("failed articles", "failures", lambda v: _plain(v, "d")),
]


def table(report: dict[str, Any], machine: str, date: str) -> str:
    """The human-readable report: provenance first, then ours and textacy side by side."""
    gold = report["gold"]
    lines = [
        f"command: {report['command']}",
        f"date:    {date}",
        f"machine: {machine}",
        f"data:    {report['data']}: {report['stories']} stories, {gold['quotes']} gold quotes "
        f"({gold['nested']} nested, {gold['denials']} denials), {gold['times']} gold times, "
        f"{gold.get('events', 0)} gold events ({gold.get('event_relations', 0)} orderings)",
        "",
        f"{'':24}{'ours':>24}    {'textacy baseline':>24}",
    ]
    ours, base = report.get("ours"), report.get("baseline")
    for label, key, show in ROWS:
        mine = show(ours[key]) if ours else "-"
        theirs = show(base[key]) if base else "-"
        lines.append(f"{label:24}{mine:>24}    {theirs:>24}")
    return "\n".join(lines)


def write_errors(path: Path, stories: list[GoldStory], run: StoriesRun) -> int:
    """Write our pipeline's problems as JSONL (see ``story_scoring.error_records``); returns the count."""
    scorer = StoryScorer()
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for story, prediction in zip(stories, run.predictions, strict=True):
            for record in error_records(scorer.add(story, prediction)):
                out.write(json.dumps({"system": "ours", **record}, ensure_ascii=False) + "\n")
                count += 1
    return count


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the table (or one JSON object with --json)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True, type=Path, help="one half: a folder of gold story JSON files")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--errors", type=Path, default=None,
                        help="write our pipeline's wrong and missed quotes here as JSONL (dev half only)")
    parser.add_argument("--batch", type=int, default=16, help="documents per pipeline batch")
    parser.add_argument("--baseline-only", action="store_true", help="score only textacy")
    args = parser.parse_args(argv)
    if args.errors is not None and args.data.resolve().name == "test":
        parser.error("--errors is for tuning, and the test half is frozen: never tune on it")
    if args.errors is not None and args.baseline_only:
        parser.error("--errors lists our pipeline's errors; it cannot go with --baseline-only")
    try:
        stories = load_stories(args.data)
    except StoryFormatError as exc:
        parser.error(str(exc))

    report: dict[str, Any] = {
        "command": shlex.join(sys.orig_argv), "data": str(args.data), "stories": len(stories),
        "gold": {"quotes": sum(len(s.quotes) for s in stories),
                 "nested": sum(q.parent is not None for s in stories for q in s.quotes),
                 "denials": sum(q.denial for s in stories for q in s.quotes),
                 "times": sum(len(s.times) for s in stories), "events": sum(len(s.events) for s in stories),
                 "event_relations": sum(len(s.event_relations) for s in stories)},
        "ours": None,
    }
    if not args.baseline_only:
        ours = _in_child(run_ours, [(s.id, s.text, s.published) for s in stories], args.batch)
        report["ours"] = summarise(stories, ours)
        if args.errors is not None:
            report["errors_written"] = write_errors(args.errors, stories, ours)
    report["baseline"] = summarise(stories, run_textacy(stories, args.batch), TEXTACY_UNSUPPORTED)

    print_report(report, table, args.json)
    if not args.json and args.errors is not None:
        print(f"\n{report['errors_written']} error records written to {args.errors}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
