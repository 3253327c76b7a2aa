"""Stories benchmark: our pipeline against textacy's direct quotations on the hand-written gold stories.

    python benchmarks/stories.py --data benchmarks/data/stories/dev [--json] [--record FILE] [--errors dev-errors.jsonl]

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
import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness import Run, add_output_arguments, finish, peak_rss_mb, start, timed
from polnear import in_child

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

    with timed() as load_took:
        pipe = default_pipeline(on_error="record", tagger_background="process")  # the pipeline the command runs
        warm = load(*stories[0])
        if warm is not None:
            pipe.run([warm])
    analysed: list[Document] = []
    with timed() as analysis_took:
        documents = [load(*story) for story in stories]
        loaded = [d for d in documents if d is not None]
        for batch_done in pipe.run_batches(loaded[first:first + batch] for first in range(0, len(loaded), batch)):
            analysed.extend(batch_done)
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
    return StoriesRun(predictions, load_took[0], analysis_took[0], peak, failures)


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


def _share(block: dict[str, Any] | None) -> str | None:
    if block is None:
        return None
    if block["share"] is None:
        return "n/a (n=0)"
    return f"{block['share']:.3f} ({block['right']}/{block['n']})"


SHARE = "share"  # a cell "0.925 (87/94)": the share right, then right of all
PRF = "prf"  # three cells: P, R and F1 (each .2f)
# Each table: its title, then (column, the figure's key in a system's block, SHARE / PRF / a number's format).
TABLES: list[tuple[str, list[tuple[str, str, str]]]] = [
    ("Quotes and speakers", [
        ("quotes found", "quotes_found", SHARE), ("speaker right", "speaker_right", SHARE),
        ("speaker right given found", "speaker_right_given_found", SHARE),
        ("nested-quote speaker", "nested_speaker_right", SHARE),
        ("spurious quotes/story", "spurious_quotes_per_story", ".2f")]),
    ("Addressees, media and parent quotes", [
        ("addressee right", "addressee_right", SHARE), ("spurious addressees", "spurious_addressees", "d"),
        ("medium right", "medium_right", SHARE), ("spurious media", "spurious_media", "d"),
        ("parent right", "parent_right", SHARE)]),
    ("Denials, and the quotes they deny (links)", [("denial", "denial", PRF), ("denial links", "denial_links", PRF)]),
    ("Times and events", [
        ("time values right", "time_values_right", SHARE),
        ("time values in quotes", "time_values_in_quote_right", SHARE),
        ("key events found", "key_events_found", SHARE), ("event interval right", "event_intervals_right", SHARE),
        ("event order right", "event_order_right", SHARE), ("events predicted/story", "events_per_story", ".1f")]),
    ("Speed and memory (each system in a fresh process, timed after a one-story warm-up)", [
        ("articles/s", "articles_per_second", ".2f"), ("peak RSS MB", "peak_rss_mb", ".0f"),
        ("load s (warm-up)", "load_seconds", ".1f"), ("failed articles", "failures", "d")]),
]


def columns_of(figures: list[tuple[str, str, str]]) -> tuple[list[str], dict[str, str]]:
    """A table's columns after the system's name, and the formats of its numeric ones."""
    columns: list[str] = []
    formats: dict[str, str] = {}
    for label, _, kind in figures:
        names = [f"{label} {part}" for part in ("P", "R", "F1")] if kind == PRF else [label]
        columns += names
        if kind != SHARE:
            formats.update(dict.fromkeys(names, ".2f" if kind == PRF else kind))
    return columns, formats


def cells_of(block: dict[str, Any], figures: list[tuple[str, str, str]]) -> list[Any]:
    """One system's cells (None, a dash, for what it cannot predict)."""
    cells: list[Any] = []
    for _, key, kind in figures:
        if kind == SHARE:
            cells.append(_share(block[key]))
        elif kind == PRF:
            cells += [None] * 3 if block[key] is None else [block[key][part] for part in ("p", "r", "f1")]
        else:
            cells.append(block[key])
    return cells


def add_tables(run: Run, report: dict[str, Any]) -> None:
    """One table per kind of figure, ours beside the textacy baseline in each."""
    systems = [(name, report[key]) for key, name in (("ours", "ours"), ("baseline", "textacy baseline"))
               if report.get(key)]
    for title, figures in TABLES:
        columns, formats = columns_of(figures)
        table = run.table(title, ["system", *columns], formats)
        for name, block in systems:
            table.add(name, *cells_of(block, figures))
    gold = report["gold"]
    run.tables[0].notes.append(
        f"data: {report['data']}: {report['stories']} stories, {gold['quotes']} gold quotes "
        f"({gold['nested']} nested, {gold['denials']} denials), {gold['times']} gold times, "
        f"{gold.get('events', 0)} gold events ({gold.get('event_relations', 0)} orderings)")


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
    """Run the benchmark and print its tables (or the run's record as one JSON object with --json)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True, type=Path, help="one half: a folder of gold story JSON files")
    parser.add_argument("--errors", type=Path, default=None,
                        help="write our pipeline's wrong and missed quotes here as JSONL (dev half only)")
    parser.add_argument("--batch", type=int, default=16, help="documents per pipeline batch")
    parser.add_argument("--baseline-only", action="store_true", help="score only textacy")
    add_output_arguments(parser)
    args = parser.parse_args(argv)
    if args.errors is not None and args.data.resolve().name == "test":
        parser.error("--errors is for tuning, and the test half is frozen: never tune on it")
    if args.errors is not None and args.baseline_only:
        parser.error("--errors lists our pipeline's errors; it cannot go with --baseline-only")
    try:
        stories = load_stories(args.data)
    except StoryFormatError as exc:
        parser.error(str(exc))

    run = start("stories")
    report: dict[str, Any] = {
        "data": str(args.data), "stories": len(stories),
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

    run.figures.update(report)
    add_tables(run, report)
    finish(run, args)
    if not args.json and args.errors is not None:
        print(f"\n{report['errors_written']} error records written to {args.errors}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
