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
from linear_fit import fit_logistic, save_linear_model
from relation_data import is_dev, read_pairs

from veracity.links.embedder import shared_embedder
from veracity.links.relations import pair_features


def featurise(pairs):  # type: ignore[no-untyped-def]
    embedder = shared_embedder()
    a = embedder.embed([p.a for p in pairs])
    b = embedder.embed([p.b for p in pairs])
    return pair_features(a, b, [p.a for p in pairs], [p.b for p in pairs]), np.array([p.weakens for p in pairs])


def main() -> None:
    from sklearn.metrics import f1_score

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    started = time.perf_counter()
    pairs = read_pairs(args.data)
    train = [p for p in pairs if not is_dev(p)]
    dev = [p for p in pairs if is_dev(p)]
    x, y = featurise(train)
    model, c, threshold, cv_f1 = fit_logistic(x, y, (0.03, 0.1, 0.3, 1.0), np.arange(0.3, 0.91, 0.05),
                                              class_weight="balanced")
    x_dev, y_dev = featurise(dev)
    dev_f1 = f1_score(y_dev, model.predict_proba(x_dev)[:, 1] >= threshold)
    report = {"train": len(train), "dev": len(dev), "C": c, "threshold": round(threshold, 2),
              "cv_f1": round(cv_f1, 4), "dev_f1": round(float(dev_f1), 4),
              "seconds": round(time.perf_counter() - started)}
    save_linear_model(args.out, model, threshold,
                      description="logistic regression over all-MiniLM-L6-v2 pair features (product, difference, "
                                  "cosine, negation and number mismatch, word overlap)",
                      data=f"{args.data.name}, train part (pair_id hash % 5 != 0)", report=report)
    print(json.dumps(report))

if __name__ == "__main__":
    main()
