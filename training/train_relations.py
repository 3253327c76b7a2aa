"""Train the "weakens" claim-pair model: logistic regression over pair features (veracity.links.relations).

    python training/train_relations.py --data ../shared/data/claim-relations/claimdiff_weak_train.json \
        --out src/veracity/models/relations/weakens.json

Fits on ClaimDiff-W's train part (four pairs in five by a hash of ``pair_id``); regularisation and
threshold by 5-fold cross-validation on it; the dev part's F1 is printed, not used.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

from veracity.links.embedder import shared_embedder
from veracity.links.relation_data import is_dev, read_pairs
from veracity.links.relations import pair_features


def featurise(pairs):  # type: ignore[no-untyped-def]
    embedder = shared_embedder()
    a = embedder.embed([p.a for p in pairs])
    b = embedder.embed([p.b for p in pairs])
    return pair_features(a, b, [p.a for p in pairs], [p.b for p in pairs]), np.array([p.weakens for p in pairs])


def main() -> None:
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    started = time.perf_counter()
    pairs = read_pairs(args.data)
    train = [p for p in pairs if not is_dev(p)]
    dev = [p for p in pairs if is_dev(p)]
    x, y = featurise(train)
    best = None
    for c in (0.03, 0.1, 0.3, 1.0):
        model = LogisticRegression(C=c, max_iter=3000, class_weight="balanced")
        p = cross_val_predict(model, x, y, cv=StratifiedKFold(5, shuffle=True, random_state=0),
                              method="predict_proba")[:, 1]
        for threshold in np.arange(0.3, 0.91, 0.05):
            f1 = f1_score(y, p >= threshold)
            if best is None or f1 > best[0]:
                best = (f1, c, float(threshold))
    assert best is not None
    cv_f1, c, threshold = best
    model = LogisticRegression(C=c, max_iter=3000, class_weight="balanced").fit(x, y)
    x_dev, y_dev = featurise(dev)
    dev_f1 = f1_score(y_dev, model.predict_proba(x_dev)[:, 1] >= threshold)
    report = {"train": len(train), "dev": len(dev), "C": c, "threshold": round(threshold, 2),
              "cv_f1": round(float(cv_f1), 4), "dev_f1": round(float(dev_f1), 4),
              "seconds": round(time.perf_counter() - started)}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({
        "model": "logistic regression over all-MiniLM-L6-v2 pair features (product, difference, cosine, "
                 "negation and number mismatch, word overlap)",
        "data": f"{args.data.name}, train part (pair_id hash % 5 != 0)",
        "coef": [round(float(v), 6) for v in model.coef_[0]], "intercept": round(float(model.intercept_[0]), 6),
        "threshold": round(threshold, 2), "report": report}, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(report))


if __name__ == "__main__":
    main()
