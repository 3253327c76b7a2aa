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
from checkworthiness_data import is_dev, read_sentences
from linear_fit import fit_logistic, save_linear_model

from veracity.links.embedder import shared_embedder


def main() -> None:
    from sklearn.metrics import average_precision_score, f1_score

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    started = time.perf_counter()
    sentences = read_sentences(args.data)
    train = [s for s in sentences if not is_dev(s)]
    dev = [s for s in sentences if is_dev(s)]
    embedder = shared_embedder()
    x_train, y_train = embedder.embed([s.text for s in train]), np.array([s.label for s in train])
    model, c, threshold, cv_f1 = fit_logistic(x_train, y_train, (0.3, 1.0, 3.0, 10.0), np.arange(0.2, 0.71, 0.05))
    y_dev = np.array([s.label for s in dev])
    p_dev = model.predict_proba(embedder.embed([s.text for s in dev]))[:, 1]
    report = {"train": len(train), "dev": len(dev), "C": c, "threshold": round(threshold, 2),
              "cv_f1": round(cv_f1, 4), "dev_f1": round(float(f1_score(y_dev, p_dev >= threshold)), 4),
              "dev_ap": round(float(average_precision_score(y_dev, p_dev)), 4),
              "seconds": round(time.perf_counter() - started)}
    save_linear_model(args.out, model, threshold,
                      description="logistic regression over all-MiniLM-L6-v2 mean-pooled, normalised embeddings",
                      data=f"{args.data.name}, train part (sentence-id hash % 5 != 0)", report=report)
    print(json.dumps(report))

if __name__ == "__main__":
    main()
