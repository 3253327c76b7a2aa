"""Claim-relation benchmark on grouped folds: does one statement weaken (contradict, deny) another?

    python benchmarks/claim_relations.py [--data ../shared/data] [--folds 5] [--cache /tmp/relations_cache] [--json]
                                         [--record FILE]

Issue 20: every figure is cross-validated on folds that are unions of whole groups, so nothing is on both
sides: ClaimDiff-W pairs are grouped by topic and by shared claim text, FEVER-Symmetric pairs by shared claim or
evidence sentence, the NLI dev pairs by shared premise or hypothesis (``relation_data.pair_groups``). Everything
fitted (the cosine threshold, the "weakens" recipe, the NLI threshold, every judge and its threshold) is
refitted on the other folds for each fold, with any inner cross-validation grouped the same way.

Three tasks. ClaimDiff-W (does claim B weaken claim A; F1 of "weakens"). FEVER-Symmetric (REFUTES vs SUPPORTS;
accuracy). NLI dev: SNLI-CAD dev, the MNLI matched TextFooler sample and ConjNLI dev (contradiction vs the
rest; F1), short pairs with neutral ones among them, as a dossier's statement pairs are. The NLI cross-encoder
trained on 85 % of ClaimDiff's topics and 20 % of FEVER-Symmetric's groups (``training/nli_data.py``): systems
that read it are scored only on the topics / groups it never saw (``[unseen]``), and judges learn only from such
pairs (its outputs on its own training pairs are overconfident). The folds spread those pairs evenly.

Systems: ``cosine`` (all-MiniLM-L6-v2 cosine above the threshold best on the training folds); ``weakens
recipe`` (the first shipped model's recipe: logistic regression over the embeddings' product and difference,
cosine, negation / number mismatch, overlap, refitted); ``everything weakens`` (the floor an F1 must clear);
``nli argmax`` (contradiction is the cross-encoder's most probable label, premise = claim B / evidence);
``nli threshold`` (its P(contradiction) above the threshold best on the training folds); and the judges
(``train_relations.JUDGES``): ``veracity.links.relations.judge_features`` (NLI probabilities both ways,
cosine, negation and denial cues, number mismatch, overlap) -> logistic regression, each learning from a
different set of tasks' unseen pairs (the scored task's from its training folds only), its threshold chosen on
the scored task's training folds. The judges' mean over the three tasks picks the one that ships.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from harness import Run, Table, add_output_arguments, finish, start, timed

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "training"))  # the data readers and fits
from relation_data import Cache, Task, load_tasks  # noqa: E402
from train_relations import (  # noqa: E402
    JUDGES,
    best_threshold,
    fit_judge,
    fit_weakens,
    judge_rows,
    judge_training,
    metric,
    prf,
)

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
def cross_validate(task: Task, tasks: list[Task], k: int, log: Callable[[str], None]) -> dict[str, dict[str, object]]:
    """Per system: the scored subset, per-fold figures, their mean, and the pooled out-of-fold figures."""
    score = metric(task.score)
    f = task.features
    groups = np.array(task.groups)
    predictions: dict[str, dict[str, np.ndarray]] = {}

    def record(system: str, scored: np.ndarray, fold: int, predicted: np.ndarray) -> None:
        entry = predictions.setdefault(system, {"scored": scored, "predicted": np.zeros(len(task.gold), bool)})
        entry["predicted"][(task.folds == fold) & scored] = predicted

    everything = np.ones(len(task.gold), bool)
    subsets = {"all": everything, "unseen": task.unseen} if not task.unseen.all() else {"unseen": everything}
    me = tasks.index(task)
    for fold in range(k):
        started = time.perf_counter()
        train, test = task.folds != fold, task.folds == fold
        for subset, scored in subsets.items():
            fit, judged = train & scored, test & scored
            t = best_threshold(f["cosine"][fit], task.gold[fit], score)
            record(f"cosine [{subset}]", scored, fold, f["cosine"][judged] >= t)
            model, cut = fit_weakens(f["weakens"][fit], task.gold[fit], groups[fit], score)
            record(f"weakens recipe [{subset}]", scored, fold, model.predict_proba(f["weakens"][judged])[:, 1] >= cut)
            record(f"everything weakens [{subset}]", scored, fold, np.ones(int(judged.sum()), bool))
        unseen_train, unseen_test = train & task.unseen, test & task.unseen
        contradiction = f["nli"][:, 2]
        record("nli argmax [unseen]", task.unseen, fold, f["nli"][unseen_test].argmax(axis=1) == 2)
        t = best_threshold(contradiction[unseen_train], task.gold[unseen_train], score)
        record("nli threshold [unseen]", task.unseen, fold, contradiction[unseen_test] >= t)
        rows = {t.name: (unseen_train if t is task else t.unseen) for t in tasks}
        for name, (sources, kind) in JUDGES.items():
            sources = tuple(task.name if s == "own" else s for s in sources)
            x, y, g, w, task_of = judge_training(tasks, rows, sources, kind)
            model, _, cut, _ = fit_judge(x, y, g, w, task_of, {me: score})
            record(f"{name} [unseen]", task.unseen, fold,
                   model.predict_proba(judge_rows(f, kind, unseen_test))[:, 1] >= cut)
        if not task.unseen.all():  # the NLI model's outputs on pairs it trained on, as training data for the judge
            x, y, g, w, task_of = judge_training(tasks, {**rows, task.name: train}, (task.name,))
            model, _, cut, _ = fit_judge(x, y, g, w, task_of, {me: score})
            record("judge [own task, NLI-seen pairs too] [unseen]", task.unseen, fold,
                   model.predict_proba(f["judge"][unseen_test])[:, 1] >= cut)
        log(f"{task.name} fold {fold}: {time.perf_counter() - started:.0f} s")
    report: dict[str, dict[str, object]] = {}
    for system, entry in predictions.items():
        scored, predicted = entry["scored"], entry["predicted"]
        per_fold = []
        for fold in range(k):
            m = (task.folds == fold) & scored
            per_fold.append({"pairs": int(m.sum()), "positives": int(task.gold[m].sum()),
                             **prf(predicted[m], task.gold[m])})
        report[system] = {"pairs": int(scored.sum()), "positives": int(task.gold[scored].sum()),
                          "mean": round(float(np.mean([r[task.score] for r in per_fold])), 4),
                          "pooled": prf(predicted[scored], task.gold[scored]), "folds": per_fold}
    return report


def judges_over_tasks(result: dict[str, object], tasks: list[Task]) -> dict[str, object]:
    """Each judge's fold mean on every task and the mean of those: how the shipped one is picked."""
    summary: dict[str, object] = {}
    for name in JUDGES:
        means = {t.name: result[t.name]["systems"][f"{name} [unseen]"]["mean"] for t in tasks}  # type: ignore[index]
        summary[name] = {**means, "mean over tasks": round(float(np.mean(list(means.values()))), 4)}
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="shared data root")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--cache", type=Path, default=None, help="folder to keep embeddings and NLI outputs in")
    add_output_arguments(parser)
    args = parser.parse_args(argv)
    run = start("claim_relations")
    log = (lambda _: None) if args.json else (lambda line: print(line, file=sys.stderr, flush=True))
    with timed() as featurising:
        tasks = load_tasks(args.data, args.folds, Cache(args.cache))
    log(f"features: {featurising[0]:.0f} s")
    with timed() as scoring:
        result: dict[str, object] = {"folds": args.folds}
        for task in tasks:
            result[task.name] = {"pairs": len(task.gold), "positives": int(task.gold.sum()),
                                 "unseen_by_nli": int(task.unseen.sum()),
                                 "unseen_positives": int(task.gold[task.unseen].sum()),
                                 "left_out_as_nli_training": task.left_out, "score": task.score,
                                 "groups": len(set(task.groups)),
                                 "systems": cross_validate(task, tasks, args.folds, log)}
        result["judges over tasks"] = judges_over_tasks(result, tasks)
    result["seconds"] = round(featurising[0] + scoring[0])
    run.figures.update(result)
    for task in tasks:
        add_task_table(run, task.name, result[task.name], args.folds)  # type: ignore[arg-type]
    judges = add_judges_table(run, result["judges over tasks"], [t.name for t in tasks])  # type: ignore[arg-type]
    judges.notes.append(f"{result['seconds']} s")
    finish(run, args)
    return 0


def add_task_table(run: Run, name: str, block: dict[str, object], k: int) -> None:
    """One task's systems as rows: the fold mean of its score, each fold, and the pooled out-of-fold figures."""
    folds = [f"fold {n + 1}" for n in range(k)]
    pooled = ["pooled P", "pooled R", "pooled F1", "pooled acc"]
    table = run.table(f"{name}: {block['pairs']} pairs ({block['positives']} positive), {block['groups']} groups, "
                      f"{block['unseen_by_nli']} unseen by the NLI model ({block['unseen_positives']} positive; "
                      f"{block['left_out_as_nli_training']} more left out as its training data); "
                      f"{block['score']} per fold", ["system", "mean", *folds, *pooled, "pairs"],
                      dict.fromkeys(["mean", *folds, *pooled], ".3f"))
    systems = block["systems"]
    assert isinstance(systems, dict)
    for system, r in systems.items():
        p = r["pooled"]
        table.add(system, r["mean"], *(fr[block["score"]] for fr in r["folds"]), p["p"], p["r"], p["f1"],
                  p["accuracy"], r["pairs"])


def add_judges_table(run: Run, judges: dict[str, dict[str, float]], tasks: list[str]) -> Table:
    """Each judge's fold mean per task and the mean of those: the judge with the best mean ships."""
    columns = [*tasks, "mean over tasks"]
    table = run.table("Judges, fold mean per task and their mean", ["judge", *columns],
                      dict.fromkeys(columns, ".3f"))
    for name, row in judges.items():
        table.add(name, *(row[column] for column in columns))
    return table


if __name__ == "__main__":
    raise SystemExit(main())
