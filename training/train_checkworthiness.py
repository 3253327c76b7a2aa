"""Train the check-worthiness model: logistic regression over all-MiniLM-L6-v2 sentence embeddings.

    python training/train_checkworthiness.py --data ../shared/data/checkworthiness/claimbuster_2.5xNCS.json \
        --out src/veracity/models/checkworthiness/model.json

Trains on ClaimBuster's train part (four sentences in five, by a hash of the sentence id; the fifth is
dev, see ``veracity.links.checkworthiness_data``). The regularisation strength and the decision
threshold are chosen by 5-fold cross-validation on train alone; dev scores are printed, not used.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

from veracity.links.checkworthiness_data import is_dev, read_sentences
from veracity.links.embedder import shared_embedder


def main() -> None:
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import average_precision_score, f1_score
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    started = time.perf_counter()
    sentences = read_sentences(args.data)
    train = [s for s in sentences if not is_dev(s)]
    dev = [s for s in sentences if is_dev(s)]
    embedder = shared_embedder()
    x_train = embedder.embed([s.text for s in train])
    y_train = np.array([s.label for s in train])
    folds = StratifiedKFold(5, shuffle=True, random_state=0)
    best = None
    for c in (0.3, 1.0, 3.0, 10.0):
        probabilities = cross_val_predict(LogisticRegression(C=c, max_iter=2000), x_train, y_train, cv=folds,
                                          method="predict_proba")[:, 1]
        for threshold in np.arange(0.2, 0.71, 0.05):
            f1 = f1_score(y_train, probabilities >= threshold)
            if best is None or f1 > best[0]:
                best = (f1, c, float(threshold))
    assert best is not None
    cv_f1, c, threshold = best
    model = LogisticRegression(C=c, max_iter=2000).fit(x_train, y_train)
    x_dev = embedder.embed([s.text for s in dev])
    y_dev = np.array([s.label for s in dev])
    p_dev = model.predict_proba(x_dev)[:, 1]
    report = {"train": len(train), "dev": len(dev), "C": c, "threshold": round(threshold, 2),
              "cv_f1": round(float(cv_f1), 4), "dev_f1": round(float(f1_score(y_dev, p_dev >= threshold)), 4),
              "dev_ap": round(float(average_precision_score(y_dev, p_dev)), 4),
              "seconds": round(time.perf_counter() - started)}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({
        "model": "logistic regression over all-MiniLM-L6-v2 mean-pooled, normalised embeddings",
        "data": f"{args.data.name}, train part (sentence-id hash % 5 != 0)",
        "coef": [round(float(v), 6) for v in model.coef_[0]], "intercept": round(float(model.intercept_[0]), 6),
        "threshold": round(threshold, 2), "report": report}, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(report))


if __name__ == "__main__":
    main()
