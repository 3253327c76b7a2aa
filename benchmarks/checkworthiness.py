"""Check-worthiness benchmark: our model against a TF-IDF logistic regression, side by side.

    python benchmarks/checkworthiness.py --data ../shared/data/checkworthiness/claimbuster_2.5xNCS.json
    python benchmarks/checkworthiness.py --data ../shared/data/checkworthiness/clef2019_task1_train.csv

``--data`` is the file to score (ClaimBuster JSON, CheckThat! 2019 CSV or 2020 TSV). Both systems learn
from the same sentences: ClaimBuster's train part (``--train``). Sentences of the scored file that are
in that train part (same words, any case) are left out, and a ClaimBuster file is scored on its dev part
only. Reported: precision, recall and F1 of the check-worthy class at each system's own threshold (ours
from cross-validation on train; the baseline's 0.5, tuned the same way), and MAP: average precision of
the ranking within each group (a debate), averaged over groups.
"""

from __future__ import annotations

import argparse
import datetime
import json
import platform
import shlex
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

from veracity.links.checkworthiness import load_checkworthiness, normalise_sentence

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "training"))  # the data readers
from checkworthiness_data import LabelledSentence, is_dev, read_sentences  # noqa: E402

DEFAULT_TRAIN = Path(__file__).resolve().parents[1].parent / "shared/data/checkworthiness/claimbuster_2.5xNCS.json"


def scores(labels: np.ndarray, probabilities: np.ndarray, threshold: float, groups: list[str]) -> dict[str, float]:
    predicted = probabilities >= threshold
    tp = int((predicted & (labels == 1)).sum())
    p = tp / max(1, int(predicted.sum()))
    r = tp / max(1, int((labels == 1).sum()))
    by_group: dict[str, list[int]] = defaultdict(list)
    for i, group in enumerate(groups):
        by_group[group].append(i)
    aps = [_average_precision(labels[idx], probabilities[idx]) for idx in map(np.array, by_group.values())
           if labels[idx].sum() > 0]
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "map": round(float(np.mean(aps)), 4) if aps else 0.0, "groups": len(aps)}


def _average_precision(labels: np.ndarray, probabilities: np.ndarray) -> float:
    order = np.argsort(-probabilities, kind="stable")
    hits = np.cumsum(labels[order])
    ranks = np.arange(1, len(order) + 1)
    return float((hits / ranks)[labels[order] == 1].mean())


def baseline(train: list[LabelledSentence]):  # type: ignore[no-untyped-def]
    """TF-IDF (words and word pairs) + logistic regression, its C and threshold by cross-validation."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold, cross_val_predict
    from sklearn.pipeline import make_pipeline

    texts, labels = [s.text for s in train], np.array([s.label for s in train])
    best = None
    for c in (1.0, 3.0, 10.0):
        model = make_pipeline(TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True),
                              LogisticRegression(C=c, max_iter=2000))
        probabilities = cross_val_predict(model, texts, labels, cv=StratifiedKFold(5, shuffle=True, random_state=0),
                                          method="predict_proba")[:, 1]
        for threshold in np.arange(0.2, 0.71, 0.05):
            f1 = f1_score(labels, probabilities >= threshold)
            if best is None or f1 > best[0]:
                best = (f1, model, float(threshold))
    assert best is not None
    return best[1].fit(texts, labels), best[2]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--train", type=Path, default=DEFAULT_TRAIN, help="ClaimBuster JSON both systems learn from")
    parser.add_argument("--limit", type=int, default=0, help="score only the first N sentences (0: all)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    train = [s for s in read_sentences(args.train) if not is_dev(s)]
    seen = {normalise_sentence(s.text) for s in train}
    evaluated = [s for s in read_sentences(args.data) if normalise_sentence(s.text) not in seen
                 and (args.data.resolve() != args.train.resolve() or is_dev(s))]
    if args.limit:
        evaluated = evaluated[: args.limit]
    labels = np.array([s.label for s in evaluated])
    groups = [s.group for s in evaluated]
    texts = [s.text for s in evaluated]

    model = load_checkworthiness()
    started = time.perf_counter()
    ours = scores(labels, model.probabilities(texts), model.threshold, groups)
    ours_seconds = time.perf_counter() - started
    tfidf, threshold = baseline(train)
    started = time.perf_counter()
    base = scores(labels, tfidf.predict_proba(texts)[:, 1], threshold, groups)
    base_seconds = time.perf_counter() - started
    result = {
        "command": " ".join(shlex.quote(a) for a in [sys.executable, *sys.argv]),
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.platform()}, {platform.machine()}",
        "data": str(args.data), "sentences": len(evaluated), "positives": int(labels.sum()),
        "train_sentences": len(train), "ours": ours, "baseline_tfidf_lr": base,
        "ours_ms_per_sentence": round(1000 * ours_seconds / max(1, len(texts)), 2),
        "baseline_ms_per_sentence": round(1000 * base_seconds / max(1, len(texts)), 3),
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"command: {result['command']}\ndate:    {result['date']}\nmachine: {result['machine']}")
    print(f"data:    {len(evaluated)} sentences ({int(labels.sum())} check-worthy), {ours['groups']} groups; "
          f"trained on {len(train)} ClaimBuster sentences\n")
    print(f"{'':6} {'ours':>8} {'TF-IDF LR':>10}")
    for name in ("p", "r", "f1", "map"):
        print(f"{name:6} {ours[name]:8.4f} {base[name]:10.4f}")
    print(f"\nper sentence: ours {result['ours_ms_per_sentence']} ms, baseline {result['baseline_ms_per_sentence']} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
