"""TempEval-3 task C (temporal relations, gold events and times): our relation model against the
most-frequent-relation baseline, scored by temporal awareness, by cross-validation grouped by news story.

    python benchmarks/tempeval3_relations.py --train ../shared/data/tempeval3/train/TimeBank \
        --data ../shared/data/tempeval3/train/AQUAINT [--folds 5] [--json] [--record FILE] [--limit N]

As in task C, each system is handed every document of --data (AQUAINT, the dev half) with its gold
EVENT/MAKEINSTANCE/TIMEX3 annotation and the DCT, and returns TLINKs; they are scored against the gold
TLINKs by temporal awareness (``veracity.eval.temporal_awareness``: reduced graphs, closure, micro P/R/F1
over documents), the task's ranking figure.

Protocol. The shipped model is trained on TimeBank and all of AQUAINT (``training/train_tlinks.py``), so
it cannot be scored on AQUAINT. Instead the same recipe (``train_tlinks.fit``) is fitted --folds times,
each time on TimeBank and the other folds of AQUAINT, and scores the fold it never saw. Folds are grouped
by news story: AQUAINT documents whose dates (in their names) lie within three days of each other are one
story (the 1998 embassy bombings run over a week of wires), and a story is never split between folds.
Figures are pooled over all folds (counts summed before dividing); the mean of the per-fold F1 is
printed beside them.

Systems: ``model``, ours (``veracity.time.tlinks``); ``baseline``, the most frequent relation per pair
kind, counted over --train's TLINKs read in the same orientation, on these pairs: every event with the
DCT, every event with every time of its sentence, every two events next to each other in a sentence (no
other events between them). Its relations, from TimeBank: see ``baseline_relations`` in the output.

Selection is reported: the model's linking threshold (the least probability of "some link" for a pair to
be linked, one value for all pair kinds), the time-DCT rule and the time-time rule (on or off) were
chosen from the grid printed below, scored the same cross-validated way; the grid's mean F1 is printed
beside the shipped setting. The relation-type accuracy is a diagnostic: on the gold TLINKs whose pair is
among the model's candidates, how often its best relation (NONE left out) is the gold one (DURING,
DURING_INV, IDENTITY read as SIMULTANEOUS).
"""

from __future__ import annotations

import argparse
import datetime
import re
import statistics
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from harness import Run, Table, add_output_arguments, finish, start, timed

from veracity.eval.temporal_awareness import AwarenessScorer
from veracity.eval.timeml import TimeMLDocument, read_folder
from veracity.time.tlinks import KINDS

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "training"))  # the recipe, refitted per fold
from train_tlinks import THRESHOLDS, TIMEX_DCT, TIMEX_TIMEX  # noqa: E402

# TempEval-3 task C (UzZaman et al. 2013, "SemEval-2013 Task 1: TempEval-3: Evaluating Time Expressions,
# Events, and Temporal Relations", SemEval 2013, pp. 1-9, the task C results table) was scored on the
# platinum test set, which is not in ../shared/data. Only figures we could read through the search tools
# are printed; we could not reach that table (the stored copies give the paper's opening only), so the
# list is empty and the citation is printed instead of numbers. Fill it from the paper, not from memory.
PUBLISHED: list[tuple[str, float, float, float]] = []
CITATION = ("UzZaman, Llorens, Derczynski, Verhagen, Allen, Pustejovsky (2013), SemEval-2013 Task 1: TempEval-3, "
            "task C results table (platinum test set)")
GRID_THRESHOLDS = (0.0, 0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5)
GRID_TIMEX_DCT = (False, True)
GRID_TIMEX_TIMEX = (False, True)


def gold_triples(doc: TimeMLDocument) -> list[tuple[str, str, str]]:
    return [(t.source, t.target, t.rel) for t in doc.tlinks]


def baseline_relations(train: list[TimeMLDocument]) -> dict[str, str]:
    """The most frequent relation per pair kind in --train, read event first (event-DCT, event-time) or
    earlier event first (event-event); DURING, DURING_INV and IDENTITY count as SIMULTANEOUS."""
    from veracity.time.point_algebra import INVERSE

    counts: dict[str, Counter[str]] = {"event-dct": Counter(), "event-timex": Counter(), "event-event": Counter()}
    for doc in train:
        events = {e.eid: e.start for e in doc.events}
        start = {i.eiid: events.get(i.eid, -1) for i in doc.instances}
        times = {t.tid for t in doc.timexes}
        for link in doc.tlinks:
            rel = "SIMULTANEOUS" if link.rel in ("DURING", "DURING_INV", "IDENTITY") else link.rel
            a, b = link.source, link.target
            if a in start and b == doc.dct_tid:
                counts["event-dct"][rel] += 1
            elif b in start and a == doc.dct_tid:
                counts["event-dct"][INVERSE.get(rel, rel)] += 1
            elif a in start and b in times:
                counts["event-timex"][rel] += 1
            elif b in start and a in times:
                counts["event-timex"][INVERSE.get(rel, rel)] += 1
            elif a in start and b in start:
                counts["event-event"][rel if start[a] <= start[b] else INVERSE.get(rel, rel)] += 1
    return {kind: counter.most_common(1)[0][0] for kind, counter in counts.items()}


def baseline_links(found: list[Any], relations: dict[str, str], dct_id: str) -> list[tuple[str, str, str]]:
    """Every event-DCT and event-time candidate, and event pairs adjacent in a sentence, with the kind's relation."""
    links = []
    event_order = sorted({c.source.start: c.source.id for c in found if c.kind == "event-dct"}.items())
    next_event = {a: b for (_, a), (_, b) in zip(event_order, event_order[1:], strict=False)}
    for c in found:
        if c.kind == "event-dct":
            links.append((c.source.id, dct_id, relations[c.kind]))
        elif c.kind == "event-timex" or ("same_sentence=True" in c.features
                                         and next_event.get(c.source.id) == c.target.id):
            links.append((c.source.id, c.target.id, relations[c.kind]))
    return links


def story_folds(docs: list[TimeMLDocument], folds: int) -> list[int]:
    """Each document's fold: documents dated (by their names) within three days of each other are one
    story, and stories are dealt, largest first, to the fold with the fewest documents so far."""
    dated = []
    for number, doc in enumerate(docs):
        match = re.search(r"(\d{4})(\d{2})(\d{2})", doc.name)
        day = datetime.date(*map(int, match.groups())).toordinal() if match else -10 * (number + 1)
        dated.append((day, number))
    stories: list[list[int]] = []
    last = None
    for day, number in sorted(dated):
        if last is None or day - last > 3:
            stories.append([])
        stories[-1].append(number)
        last = day
    fold_of = [0] * len(docs)
    sizes = [0] * folds
    for story in sorted(stories, key=lambda s: (-len(s), s[0])):
        fold = sizes.index(min(sizes))
        sizes[fold] += len(story)
        for number in story:
            fold_of[number] = fold
    return fold_of


def judge_all(model: Any, found: list[Any]) -> list[tuple[str, float, float]]:
    return [model.judge(c) for c in found]


def evaluate(train: list[TimeMLDocument], docs: list[TimeMLDocument], relations: dict[str, str],
             folds: int) -> dict[str, Any]:
    from train_tlinks import document_candidates, examples, fit, model_file

    from veracity.time.tlinks import gold_label, relation_model, timeml_entities

    with timed() as features_took:
        train_found = document_candidates(train)
        found_docs = document_candidates(docs)
    features_seconds = features_took[0]
    fold_of = story_folds(docs, folds)
    train_examples = examples(train, train_found)
    judged_docs: list[Any] = [None] * len(docs)
    fit_seconds = judge_seconds = 0.0
    last: Any = None  # any fold's model: ``link`` only reads its settings
    for fold in range(folds):
        inside = [i for i in range(len(docs)) if fold_of[i] != fold]
        extra = examples([docs[i] for i in inside], [found_docs[i] for i in inside])
        data = {k: (train_examples[k][0] + extra[k][0], train_examples[k][1] + extra[k][1]) for k in train_examples}
        with timed() as took:
            model = relation_model(model_file(fit(data), {}))
        last = model
        fit_seconds += took[0]
        with timed() as took:
            for i in range(len(docs)):
                if fold_of[i] == fold:
                    judged_docs[i] = judge_all(model, found_docs[i])
        judge_seconds += took[0]
    typed = typed_right = 0
    confusions: Counter[tuple[str, str]] = Counter()
    baseline = AwarenessScorer()
    entities = [timeml_entities(doc) for doc in docs]
    for doc, found, judged in zip(docs, found_docs, judged_docs, strict=True):
        gold = {(t.source, t.target): t.rel for t in doc.tlinks}
        for c, (rel, _, _) in zip(found, judged, strict=True):
            label = gold_label(c, gold, doc.dct_tid)
            if label != "NONE":
                typed += 1
                typed_right += rel == label
                confusions[(label, rel)] += 1
        baseline.add(gold_triples(doc), baseline_links(found, relations, doc.dct_tid))

    def scored(setting: Any) -> dict[str, Any]:
        pooled, per_fold = AwarenessScorer(), [AwarenessScorer() for _ in range(folds)]
        for i, doc in enumerate(docs):
            links = setting.link(found_docs[i], judged_docs[i], entities[i], doc.dct, doc.dct_tid)
            triples = [(x.source, x.target, x.rel) for x in links]
            pooled.add(gold_triples(doc), triples)
            per_fold[fold_of[i]].add(gold_triples(doc), triples)
        result = {k: round(v, 4) if isinstance(v, float) else v for k, v in pooled.result().items()}
        result["fold_f1"] = [round(float(f.result()["f1"]), 4) for f in per_fold]
        result["fold_mean_f1"] = round(statistics.mean(result["fold_f1"]), 4)
        return result

    grid = []
    for threshold in GRID_THRESHOLDS:
        for timex_dct in GRID_TIMEX_DCT:
            for timex_timex in GRID_TIMEX_TIMEX:
                setting = last.with_settings({k: threshold for k in KINDS}, timex_dct, timex_timex)
                grid.append({"threshold": threshold, "timex_dct": timex_dct, "timex_timex": timex_timex,
                             **scored(setting)})
    chosen = last.with_settings(THRESHOLDS, TIMEX_DCT, TIMEX_TIMEX)
    shipped = scored(chosen)
    shipped["ms_per_document"] = round(1000 * judge_seconds / max(len(docs), 1), 2)
    base = {k: round(v, 4) if isinstance(v, float) else v for k, v in baseline.result().items()}
    gold_links = sum(len(d.tlinks) for d in docs)
    return {
        "systems": {"model": shipped, "baseline": base},
        "settings": {"thresholds": THRESHOLDS, "timex_dct": TIMEX_DCT, "timex_timex": TIMEX_TIMEX},
        "folds": folds, "fold_sizes": [fold_of.count(f) for f in range(folds)],
        "grid": grid, "grid_mean_f1": round(statistics.mean(g["f1"] for g in grid), 4),
        "grid_best_f1": max(g["f1"] for g in grid),
        "relation_accuracy_on_gold_pairs": round(typed_right / typed, 4) if typed else 0.0,
        "gold_tlinks": gold_links, "gold_tlinks_among_candidates": typed,
        "confusions": [{"gold": g, "predicted": p, "n": n} for (g, p), n in confusions.most_common(12) if g != p],
        "parse_and_features_ms_per_document": round(1000 * features_seconds / max(len(docs) + len(train), 1), 2),
        "fit_seconds_per_fold": round(fit_seconds / folds, 1),
    }


def awareness_table(run: Run, report: dict[str, Any]) -> Table:
    """The model beside the baseline, by temporal awareness, with how the model's figure was made."""
    table = run.table("Temporal awareness (TempEval-3 task C: gold events and times)",
                      ["system", "P", "R", "F1", "sys red.", "gold red."], dict.fromkeys(("P", "R", "F1"), ".4f"))
    for name, row in report["systems"].items():
        table.add(name, row["p"], row["r"], row["f1"], row["system_reduced"], row["gold_reduced"])
    model = report["systems"]["model"]
    table.notes += [
        f"data: {report['documents']} documents, {report['gold_tlinks']} gold TLINKs "
        f"({report['gold_tlinks_among_candidates']} on the model's candidate pairs)",
        f"baseline relations (most frequent in --train): {report['baseline_relations']}",
        f"(model: pooled over {report['folds']} story-grouped folds of {report['fold_sizes']} documents, "
        f"each scored by a fit that never saw it; per-fold F1 {model['fold_f1']}, mean "
        f"{model['fold_mean_f1']:.4f}; settings {report['settings']}; {model['ms_per_document']:.2f} ms "
        f"/ document; parse and features, not counted: {report['parse_and_features_ms_per_document']:.2f} "
        f"ms / document; {report['fit_seconds_per_fold']:.0f} s to fit a fold)"]
    return table


def selection_table(run: Run, report: dict[str, Any]) -> Table:
    """Every setting of the grid the shipped one was chosen from, scored the same cross-validated way."""
    table = run.table("Selection, cross-validated as above (threshold x time-DCT rule x time-time rule)",
                      ["threshold", "time-DCT", "time-time", "P", "R", "F1", "fold mean"],
                      {"threshold": ".2f", **dict.fromkeys(("P", "R", "F1", "fold mean"), ".4f")})
    for g in report["grid"]:
        table.add(g["threshold"], "on" if g["timex_dct"] else "off", "on" if g["timex_timex"] else "off",
                  g["p"], g["r"], g["f1"], g["fold_mean_f1"])
    table.notes.append(f"{len(report['grid'])} settings tried; mean F1 {report['grid_mean_f1']:.4f}, "
                       f"best {report['grid_best_f1']:.4f}")
    return table


def relation_type_table(run: Run, report: dict[str, Any]) -> Table:
    """The diagnostic: the model's best relation against the gold one, on gold pairs it has as candidates."""
    table = run.table("Relation type only, on gold pairs among the candidates", ["system", "accuracy", "gold pairs"],
                      {"accuracy": ".4f"})
    table.add("model", report["relation_accuracy_on_gold_pairs"], report["gold_tlinks_among_candidates"])
    return table


def published_table(run: Run, report: dict[str, Any]) -> Table:
    table = run.table(f"Published TempEval-3 task C, platinum test set ({CITATION})", ["system", "P", "R", "F1"],
                      dict.fromkeys(("P", "R", "F1"), ".3f"))
    for row in report["published"]:
        table.add(row["system"], row["p"], row["r"], row["f1"])
    if not report["published"]:
        table.notes.append("(no figure could be verified through the available sources; none printed)")
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--train", required=True, type=Path, help="the TimeBank folder, in every fold's training")
    parser.add_argument("--data", required=True, type=Path, help="the folder to score (AQUAINT, the dev half)")
    parser.add_argument("--limit", type=int, default=None, help="first N documents of each folder (a smoke run)")
    parser.add_argument("--folds", type=int, default=5, help="story-grouped folds of --data")
    add_output_arguments(parser)
    args = parser.parse_args(argv)
    run = start("tempeval3_relations")
    train = read_folder(args.train)
    relations = baseline_relations(train)
    docs = read_folder(args.data)
    if args.limit:
        train, docs = train[:args.limit], docs[:args.limit]
    report: dict[str, Any] = {
        "documents": len(docs), "baseline_relations": relations, **evaluate(train, docs, relations, args.folds),
        "published": [{"system": s, "p": p, "r": r, "f1": f} for s, p, r, f in PUBLISHED],
        "published_source": CITATION,
    }
    run.figures.update(report)
    awareness_table(run, report)
    selection_table(run, report)
    relation_type_table(run, report)
    published_table(run, report)
    finish(run, args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
