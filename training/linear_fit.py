"""Fit and save the logistic regressions Veracity ships (check-worthiness, claim relations).

The regularisation strength and the decision threshold are chosen together by 5-fold cross-validated F1
of the positive class on the training part alone; the file written is what
``veracity.links.linear_model.load_linear_model`` reads.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np


def fit_logistic(x: np.ndarray, y: np.ndarray, strengths: Iterable[float], thresholds: np.ndarray,
                 class_weight: str | None = None) -> tuple[Any, float, float, float]:
    """(fitted model, C, threshold, cross-validated F1) with the best cross-validated F1."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    folds = StratifiedKFold(5, shuffle=True, random_state=0)
    best: tuple[float, float, float] | None = None
    for c in strengths:
        model = LogisticRegression(C=c, max_iter=3000, class_weight=class_weight)
        probabilities = cross_val_predict(model, x, y, cv=folds, method="predict_proba")[:, 1]
        for threshold in thresholds:
            f1 = float(f1_score(y, probabilities >= threshold))
            if best is None or f1 > best[0]:
                best = (f1, c, float(threshold))
    assert best is not None, "no regularisation strength given"
    cv_f1, c, threshold = best
    return LogisticRegression(C=c, max_iter=3000, class_weight=class_weight).fit(x, y), c, threshold, cv_f1


def save_linear_model(path: Path, model: Any, threshold: float, *, description: str, data: str,
                      report: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({
        "model": description, "data": data,
        "coef": [round(float(v), 6) for v in model.coef_[0]], "intercept": round(float(model.intercept_[0]), 6),
        "threshold": round(threshold, 2), "report": report}, indent=1) + "\n", encoding="utf-8")
