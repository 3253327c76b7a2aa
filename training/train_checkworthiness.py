"""Train the check-worthiness model: a logistic regression learnt from the CheckThat! 2019 debates.

    python training/train_checkworthiness.py --data ../shared/data/checkworthiness \
        --out src/veracity/models/checkworthiness/model.json

The ranker is a logistic regression over ``veracity.links.checkworthiness.sentence_features`` of every
sentence of the 19 CheckThat! 2019 train debates, with the feature parts of ``SHIPPED``: the one of
``CONFIGS`` with the best MAP over folds of whole debates in ``benchmarks/checkworthiness.py``
(the sentence embedding, claim features and speaker features; the neighbours' embeddings and the
ClaimBuster score did not help there). Its regularisation strength is chosen by MAP over 5 folds of whole
debates (``debate_folds``); the hand-made features are standardised and the standardisation folded into
the weights. The decision threshold is the one with the best F1 on the same folds' held-out scores.

A configuration with the ``claimbuster`` part also trains a ClaimBuster model (a second source of labels,
written into the same file): logistic regression over the embeddings of ClaimBuster's train part
(sentence-id hash % 5 != 0), leaving out every sentence that is also in the CheckThat! debates (case and
spacing aside), so its score is never an in-sample one there.

``benchmarks/checkworthiness.py`` measures the recipe (``fit_ranker``) on the same debate folds.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from checkworthiness_data import (
    LabelledSentence,
    debate_folds,
    embed_cached,
    is_dev,
    read_sentences,
)
from linear_fit import fit_logistic

from veracity.links.checkworthiness import PARTS, feature_width, normalise_sentence, sentence_features
from veracity.links.linear_model import LinearModel

CHECKTHAT = "clef2019_task1_train.csv"
CLAIMBUSTER = "claimbuster_2.5xNCS.json"
STRENGTHS = (0.03, 0.1, 0.3, 1.0, 3.0)  # C of the ranker; chosen by grouped MAP (inner folds in the benchmark)
# The configurations of feature parts measured by benchmarks/checkworthiness.py; the shipped one is the best
# by MAP over folds of whole debates there (all are reported, with their mean).
CONFIGS: dict[str, tuple[str, ...]] = {
    "embedding": ("embedding",),
    "embedding+claim+speaker": ("embedding", "claim", "speaker"),
    "embedding+neighbours+claim+speaker": ("embedding", "neighbours", "claim", "speaker"),
    "all parts": PARTS,
    "embedding+claim+speaker+claimbuster": ("embedding", "claim", "speaker", "claimbuster"),
}
SHIPPED = "embedding+claim+speaker"
SHIPPED_PARTS = CONFIGS[SHIPPED]


def average_precision(labels: np.ndarray, scores: np.ndarray) -> float:
    """Average precision of one ranking, ties kept in document order (CheckThat!'s scorer sorts the same way)."""
    order = np.argsort(-scores, kind="stable")
    hits = np.cumsum(labels[order])
    ranks = np.arange(1, len(order) + 1)
    return float((hits / ranks)[labels[order] == 1].mean())


def mean_average_precision(labels: np.ndarray, scores: np.ndarray, groups: Sequence[str]) -> tuple[float, int]:
    """(MAP, debates): average precision within each debate that has a check-worthy sentence, averaged."""
    by_group: dict[str, list[int]] = defaultdict(list)
    for i, group in enumerate(groups):
        by_group[group].append(i)
    aps = [average_precision(labels[idx], scores[idx]) for idx in map(np.array, by_group.values())
           if labels[idx].sum() > 0]
    return (float(np.mean(aps)) if aps else 0.0), len(aps)


def claimbuster_model(data: Path, leave_out: set[str]) -> tuple[LinearModel, dict[str, Any]]:
    """The ClaimBuster-trained logistic regression, none of ``leave_out`` (normalised texts) among its sentences."""
    every = read_sentences(data / CLAIMBUSTER)
    sentences = [s for s in every if not is_dev(s)]
    keep = [not is_dev(s) and normalise_sentence(s.text) not in leave_out for s in every]
    train = [s for s, kept in zip(every, keep, strict=True) if kept]
    x = embed_cached([s.text for s in every])[np.array(keep)]  # the whole file's vectors, cached once
    model, c, threshold, cv_f1 = fit_logistic(x, np.array([s.label for s in train]), (1.0, 3.0, 10.0),
                                              np.arange(0.2, 0.71, 0.05))
    linear = LinearModel(model.coef_[0].astype(np.float32), float(model.intercept_[0]), threshold)
    return linear, {"sentences": len(train), "left_out_as_in_checkthat": len(sentences) - len(train), "C": c,
                    "cv_f1": round(cv_f1, 4)}


def hand_columns(parts: Sequence[str]) -> np.ndarray:
    """Which feature columns are hand-made (standardised before fitting) rather than embedding values."""
    return np.concatenate([np.full(feature_width([p]), p not in ("embedding", "neighbours"))
                           for p in PARTS if p in parts])


def _fit(x: np.ndarray, y: np.ndarray, hand: np.ndarray, c: float) -> LinearModel:
    """A logistic regression on standardised hand-made columns, returned with the scaling folded in."""
    from sklearn.linear_model import LogisticRegression

    mean = np.where(hand, x.mean(axis=0), 0.0)
    scale = np.where(hand, x.std(axis=0), 1.0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=c, max_iter=3000).fit((x - mean) / scale, y)
    coef = model.coef_[0] / scale
    return LinearModel(coef.astype(np.float32), float(model.intercept_[0] - coef @ mean), 0.5)


FitPredict = Callable[[np.ndarray, np.ndarray, float], np.ndarray]  # (train rows, test rows, C) -> test scores


def choose_strength(fit_predict: FitPredict, y: np.ndarray, groups: Sequence[str], strengths: Sequence[float],
                    ) -> tuple[float, np.ndarray, dict[float, float]]:
    """(C, held-out scores, MAP by C): the C whose models, each fitted on all debates but one fold's and scoring
    that fold, give the best MAP; the folds are whole debates (``debate_folds``)."""
    fold_of = debate_folds(list(groups), min(5, len(set(groups))))
    folds = np.array([fold_of[g] for g in groups])
    best: tuple[float, float, np.ndarray] | None = None
    maps: dict[float, float] = {}
    for c in strengths:
        held_out = np.zeros(len(y))
        for fold in sorted(set(folds.tolist())):
            test = folds == fold
            held_out[test] = fit_predict(np.flatnonzero(~test), np.flatnonzero(test), c)
        score, _ = mean_average_precision(y, held_out, groups)
        maps[c] = round(score, 4)
        if best is None or score > best[0]:
            best = (score, c, held_out)
    assert best is not None, "no regularisation strength given"
    return best[1], best[2], maps


def fit_ranker(x: np.ndarray, y: np.ndarray, groups: Sequence[str], hand: np.ndarray,
               strengths: Sequence[float] = STRENGTHS) -> tuple[LinearModel, dict[str, Any]]:
    """The ranker over ``x``, its C the best by grouped MAP (``choose_strength``), its threshold the best F1
    on the same held-out scores."""
    def fit_predict(train: np.ndarray, test: np.ndarray, c: float) -> np.ndarray:
        return _fit(x[train], y[train], hand, c).probabilities(x[test])

    c, held_out, maps = choose_strength(fit_predict, y, groups, strengths)
    threshold = max(np.arange(0.05, 0.61, 0.05), key=lambda t: _f1(y, held_out >= t))
    model = _fit(x, y, hand, c)
    return LinearModel(model.coef, model.intercept, round(float(threshold), 2)), {"C": c, "grouped_cv_map": maps}


def _f1(y: np.ndarray, predicted: np.ndarray) -> float:
    tp = float((predicted & (y == 1)).sum())
    return 2 * tp / max(1.0, float(predicted.sum() + (y == 1).sum()))


def checkthat_features(sentences: list[LabelledSentence], parts: Sequence[str],
                       claimbuster: LinearModel | None) -> np.ndarray:
    return sentence_features(embed_cached([s.text for s in sentences]), [s.text for s in sentences], parts,
                             [s.speaker for s in sentences], [s.group for s in sentences], claimbuster)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="the folder with the CheckThat! and ClaimBuster files")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    started = time.perf_counter()
    debates = read_sentences(args.data / CHECKTHAT)
    extra: dict[str, Any] = {}
    claimbuster = None
    if "claimbuster" in SHIPPED_PARTS:
        claimbuster, extra["claimbuster"] = claimbuster_model(args.data, {normalise_sentence(s.text) for s in debates})
    x = checkthat_features(debates, SHIPPED_PARTS, claimbuster)
    y, groups = np.array([s.label for s in debates]), [s.group for s in debates]
    model, report = fit_ranker(x, y, groups, hand_columns(SHIPPED_PARTS))
    report = {"configuration": SHIPPED, "sentences": len(debates), "debates": len(set(groups)),
              "positives": int(y.sum()), **report, **extra, "seconds": round(time.perf_counter() - started)}
    if claimbuster is not None:
        extra["claimbuster"] = {"coef": [round(float(v), 6) for v in claimbuster.coef],
                                "intercept": round(claimbuster.intercept, 6),
                                "threshold": round(claimbuster.threshold, 2)}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({
        "model": "logistic regression over the parts named (veracity.links.checkworthiness.sentence_features): "
                 + ", ".join(SHIPPED_PARTS),
        "data": f"{CHECKTHAT}, all 19 debates"
                + (f"; the ClaimBuster part: {CLAIMBUSTER}, train part, less CheckThat! texts" if claimbuster else ""),
        "parts": list(SHIPPED_PARTS),
        "coef": [round(float(v), 6) for v in model.coef], "intercept": round(model.intercept, 6),
        "threshold": model.threshold, **extra, "report": report}, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(report))


if __name__ == "__main__":
    main()
