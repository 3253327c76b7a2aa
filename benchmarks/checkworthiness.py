"""Check-worthiness benchmark: CheckThat! 2019 debates, cross-validated by whole debates, ours beside TF-IDF.

    python benchmarks/checkworthiness.py --data ../shared/data/checkworthiness [--configs NAME ...] [--json]
                                         [--record FILE]

``--data`` is the folder with ``clef2019_task1_train.csv`` (the 19 CheckThat! 2019 train debates, what
fact-checkers picked) and ``claimbuster_2.5xNCS.json``. The debates are dealt into 5 folds of whole
debates (``debate_folds``: no debate on both sides); each fold in turn is scored by systems that learnt
from the other four:

- ours, in each configuration of feature parts (``train_checkworthiness.CONFIGS``; ``SHIPPED`` marked), each a
  logistic regression whose C is chosen by MAP over inner folds of whole training debates
  (``train_checkworthiness.fit_ranker``);
- the baseline: TF-IDF (words and word pairs) + logistic regression on the same training debates, its C
  chosen the same way;
- for reference, two systems that never see CheckThat! labels: the ClaimBuster-trained embedding model
  (the former shipped recipe, retrained without the sentences that are also in the CheckThat! debates;
  it is the ``claimbuster`` part of ours) and TF-IDF trained on ClaimBuster the same way.

The yardstick is CheckThat!'s: average precision of the ranking within each debate (ties in document
order), averaged over debates (MAP). Reported per fold, as the mean over folds (the headline) and over all
19 debates pooled; the mean over our configurations is printed beside the best, as selection is reported.
"""

from __future__ import annotations

import argparse
import sys
import tracemalloc
from pathlib import Path
from typing import Any

import numpy as np
from harness import Run, add_output_arguments, finish, start, timed

from veracity.links.checkworthiness import normalise_sentence

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "training"))  # the data readers and the recipe
from checkworthiness_data import LabelledSentence, debate_folds, embed_cached, is_dev, read_sentences  # noqa: E402
from train_checkworthiness import (  # noqa: E402
    CHECKTHAT,
    CLAIMBUSTER,
    CONFIGS,
    SHIPPED,
    checkthat_features,
    choose_strength,
    claimbuster_model,
    fit_ranker,
    hand_columns,
    mean_average_precision,
)

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared/data/checkworthiness"
BASELINE = "TF-IDF LR"
REFERENCES = ("ClaimBuster embedding LR", "ClaimBuster TF-IDF LR")


def tfidf_model(c: float) -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    return make_pipeline(TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True),
                         LogisticRegression(C=c, max_iter=2000))


def tfidf_scores(train: list[LabelledSentence], test: list[LabelledSentence]) -> np.ndarray:
    """The baseline fitted on ``train`` debates (C by MAP over inner folds of whole debates), scoring ``test``."""
    texts, y = np.array([s.text for s in train], dtype=object), np.array([s.label for s in train])

    def fit_predict(fit: np.ndarray, score: np.ndarray, c: float) -> np.ndarray:
        return tfidf_model(c).fit(list(texts[fit]), y[fit]).predict_proba(list(texts[score]))[:, 1]

    c, _, _ = choose_strength(fit_predict, y, [s.group for s in train], (1.0, 3.0, 10.0, 30.0))
    return tfidf_model(c).fit(list(texts), y).predict_proba([s.text for s in test])[:, 1]


def claimbuster_tfidf(data: Path, leave_out: set[str]) -> Any:
    """TF-IDF LR on ClaimBuster's train part (CheckThat! texts left out), C by stratified 5-fold F1 as before."""
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    train = [s for s in read_sentences(data / CLAIMBUSTER)
             if not is_dev(s) and normalise_sentence(s.text) not in leave_out]
    texts, labels = [s.text for s in train], np.array([s.label for s in train])
    best = max((1.0, 3.0, 10.0), key=lambda c: f1_score(labels, cross_val_predict(
        tfidf_model(c), texts, labels, cv=StratifiedKFold(5, shuffle=True, random_state=0)) == 1))
    return tfidf_model(best).fit(texts, labels)


def run(data: Path, configs: dict[str, tuple[str, ...]], k: int = 5) -> dict[str, Any]:
    debates = read_sentences(data / CHECKTHAT)
    y = np.array([s.label for s in debates])
    groups = [s.group for s in debates]
    fold_of = debate_folds(groups, k)
    folds = np.array([fold_of[g] for g in groups])
    leave_out = {normalise_sentence(s.text) for s in debates}
    claimbuster, _ = claimbuster_model(data, leave_out)
    features = {name: checkthat_features(debates, parts, claimbuster) for name, parts in configs.items()}
    cb_tfidf = claimbuster_tfidf(data, leave_out)
    systems = [*configs, BASELINE, *REFERENCES]
    scores = {name: np.zeros(len(y)) for name in systems}
    chosen: dict[str, list[float]] = {name: [] for name in configs}
    seconds = {name: 0.0 for name in systems}
    for fold in range(k):
        test, train = np.flatnonzero(folds == fold), np.flatnonzero(folds != fold)
        for name, parts in configs.items():
            with timed() as took:
                x = features[name]
                model, report = fit_ranker(x[train], y[train], [groups[i] for i in train], hand_columns(parts))
                scores[name][test] = model.probabilities(x[test])
            chosen[name].append(report["C"])
            seconds[name] += took[0]
        with timed() as took:
            scores[BASELINE][test] = tfidf_scores([debates[i] for i in train], [debates[i] for i in test])
        seconds[BASELINE] += took[0]
    scores[REFERENCES[0]] = embed_cached([s.text for s in debates]) @ claimbuster.coef + claimbuster.intercept
    scores[REFERENCES[1]] = cb_tfidf.predict_proba([s.text for s in debates])[:, 1]
    per_fold = {name: [mean_average_precision(y[folds == f], scores[name][folds == f],
                                              [g for g, fo in zip(groups, folds, strict=True) if fo == f])[0]
                       for f in range(k)] for name in systems}
    table = {name: {"map_mean_over_folds": round(float(np.mean(per_fold[name])), 4),
                    "map_pooled_debates": round(mean_average_precision(y, scores[name], groups)[0], 4),
                    "map_per_fold": [round(v, 4) for v in per_fold[name]],
                    "fit_and_score_seconds": round(seconds[name], 1)} for name in systems}
    for name in configs:
        table[name]["C_per_fold"] = chosen[name]
    config_means = [float(np.mean(per_fold[name])) for name in configs]
    return {"sentences": len(y), "positives": int(y.sum()), "debates": len(set(groups)), "folds": k,
            "debates_per_fold": [sorted(g for g, f in fold_of.items() if f == fold) for fold in range(k)],
            "systems": table, "mean_of_our_configurations": round(float(np.mean(config_means)), 4)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA,
                        help="folder with the CheckThat! and ClaimBuster files")
    parser.add_argument("--configs", nargs="*", choices=list(CONFIGS), help="our configurations to run (default: all)")
    add_output_arguments(parser)
    args = parser.parse_args(argv)
    configs = {name: CONFIGS[name] for name in (args.configs or CONFIGS)}
    bench = start("checkworthiness")
    tracemalloc.start()
    with timed() as took:
        result = {"data": str(args.data), **run(args.data, configs)}
    result["seconds"] = round(took[0])
    result["peak_python_mib"] = round(tracemalloc.get_traced_memory()[1] / 2**20)
    bench.figures.update(result)
    add_table(bench, result, len(configs))
    finish(bench, args)
    return 0


def system_label(name: str) -> str:
    if name == SHIPPED:
        return f"{name} (shipped)"
    if name == BASELINE:
        return f"baseline: {name}"
    return f"reference: {name}" if name in REFERENCES else name


def add_table(bench: Run, result: dict[str, Any], configs: int) -> None:
    """Every system as a row, ours first, then the baseline and the references: MAP as the mean of the folds
    (the headline), over every debate pooled, and per fold."""
    folds = [f"fold {n + 1}" for n in range(result["folds"])]
    pooled = f"MAP ({result['debates']} debates)"
    table = bench.table(f"{result['sentences']} sentences ({result['positives']} check-worthy), {result['debates']} "
                        f"debates in {result['folds']} folds of whole debates",
                        ["system", "MAP (mean of folds)", pooled, *folds, "fit+score s"],
                        {"MAP (mean of folds)": ".4f", pooled: ".4f", "fit+score s": ".1f"}
                        | dict.fromkeys(folds, ".3f"))
    for name, row in result["systems"].items():
        fitted = row["fit_and_score_seconds"] if name not in REFERENCES else None  # trained elsewhere, once
        table.add(system_label(name), row["map_mean_over_folds"], row["map_pooled_debates"], *row["map_per_fold"],
                  fitted)
    table.notes.append(f"mean of our {configs} configurations (mean of folds): "
                       f"{result['mean_of_our_configurations']:.4f}")
    table.notes.append(f"{result['seconds']} s, peak Python memory {result['peak_python_mib']} MiB (tracemalloc)")


if __name__ == "__main__":
    raise SystemExit(main())
