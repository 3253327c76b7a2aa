"""Train the event detector (``veracity.time.event_detector``) on TimeBank and write its weights.

    python training/train_events.py --data ../shared/data/tempeval3/train/TimeBank \
        [--out src/veracity/models/events/detector.json]

Each document is parsed with the spaCy model the pipeline uses (``veracity.text.parse.load_spacy``);
a candidate word (content parts of speech) is an event when a gold EVENT overlaps it. Two logistic
regressions over the hashed word features: event or not, and, on the gold events, their class. The
regularisation strength and the event threshold are chosen by 5-fold cross-validation grouped by
document (a document's words never on both sides), maximising event F1 over candidates; the class
model's strength by the same folds' class accuracy on the gold events. AQUAINT is
never read here: it is the benchmark's dev half (``benchmarks/tempeval3_events.py``).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

import numpy as np

from veracity.eval.timeml import TimeMLDocument, read_folder
from veracity.text.parse import load_spacy
from veracity.time.event_detector import CANDIDATE_POS, hashed, token_features

ROOT = Path(__file__).resolve().parents[1]

WIDTH = 1 << 18
STRENGTHS = (0.3, 1.0, 3.0)
THRESHOLDS = np.arange(0.2, 0.71, 0.025)


def examples(docs: list[TimeMLDocument]) -> tuple[list[list[int]], list[str], list[int], int, int]:
    """Hashed features, label ('O' or the class) and document number of every candidate word; also how many
    gold events fall on no candidate (the detector's recall ceiling) and the gold total."""
    nlp = load_spacy()
    rows: list[list[int]] = []
    labels: list[str] = []
    groups: list[int] = []
    missed = 0
    for number, (doc, parse) in enumerate(zip(docs, nlp.pipe(d.text for d in docs), strict=True)):
        gold = {}
        for event in doc.events:
            span = parse.char_span(event.start, event.end, alignment_mode="expand")
            if span is not None and len(span):
                gold.setdefault(span[0].i, event.cls)
        covered = set()
        for token in parse:
            if token.pos_ not in CANDIDATE_POS:
                continue
            rows.append(hashed(token_features(token), WIDTH))
            labels.append(gold.get(token.i, "O"))
            groups.append(number)
            covered.add(token.i)
        missed += sum(1 for i in gold if i not in covered)
    return rows, labels, groups, missed, sum(len(d.events) for d in docs)


def matrix(rows: list[list[int]]) -> Any:
    from scipy.sparse import csr_matrix

    indptr = np.cumsum([0] + [len(r) for r in rows])
    indices = np.concatenate([np.asarray(r, dtype=np.int64) for r in rows])
    return csr_matrix((np.ones(len(indices), dtype=np.float32), indices, indptr), shape=(len(rows), WIDTH))


def choose(x: Any, y: np.ndarray, groups: np.ndarray) -> tuple[float, float, float, list[dict[str, float]]]:
    """(C, threshold, F1) with the best grouped-CV event F1, and every setting's best F1 (reported)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold, cross_val_predict

    tried, best = [], (0.0, 1.0, 0.5)
    for c in STRENGTHS:
        model = LogisticRegression(C=c, max_iter=2000)
        probability = cross_val_predict(model, x, y, cv=GroupKFold(5), groups=groups, method="predict_proba")[:, 1]
        for threshold in THRESHOLDS:
            called = probability >= threshold
            tp = float((called & (y == 1)).sum())
            f1 = 2 * tp / max(called.sum() + (y == 1).sum(), 1)
            tried.append({"C": c, "threshold": round(float(threshold), 3), "f1": round(f1, 4)})
            if f1 > best[0]:
                best = (f1, c, float(threshold))
    return best[1], best[2], best[0], tried


def choose_class_strength(x: Any, labels: list[str], groups: np.ndarray) -> tuple[float, float]:
    """(C, accuracy) of the class model with the best grouped-CV accuracy on the gold events."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold, cross_val_predict

    best = (0.0, 1.0)
    for c in STRENGTHS:
        predicted = cross_val_predict(LogisticRegression(C=c, max_iter=3000), x, labels, cv=GroupKFold(5),
                                      groups=groups)
        accuracy = float(np.mean(np.asarray(predicted) == np.asarray(labels)))
        best = max(best, (accuracy, c))
    return best[1], best[0]


def main(argv: list[str] | None = None) -> int:
    from sklearn.linear_model import LogisticRegression

    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="the TimeBank folder of .tml files")
    parser.add_argument("--out", type=Path, default=ROOT / "src/veracity/models/events/detector.json")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    docs = read_folder(args.data)
    rows, labels, groups, missed, gold = examples(docs)
    x = matrix(rows)
    y = np.asarray([label != "O" for label in labels], dtype=int)
    c, threshold, cv_f1, tried = choose(x, y, np.asarray(groups))
    detector = LogisticRegression(C=c, max_iter=2000).fit(x, y)
    events = np.flatnonzero(y)
    classes = sorted({labels[i] for i in events})
    event_labels = [labels[i] for i in events]
    class_c, class_accuracy = choose_class_strength(x[events], event_labels, np.asarray(groups)[events])
    classifier = LogisticRegression(C=class_c, max_iter=3000).fit(x[events], event_labels)
    assert list(classifier.classes_) == classes
    weights = np.hstack([detector.coef_.T, classifier.coef_.T])  # width x (1 + classes)
    used = np.flatnonzero(np.abs(weights).max(axis=1) > 1e-6)
    report = {"documents": len(docs), "gold_events": gold, "candidates": len(labels),
              "gold_on_no_candidate": missed, "C": c, "threshold": round(threshold, 3),
              "cv_event_f1_over_candidates": round(cv_f1, 4), "class_C": class_c,
              "cv_class_accuracy_on_gold_events": round(class_accuracy, 4), "tried": tried}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({
        "model": "event detector: logistic regressions (event or not; TimeML class) over hashed spaCy features",
        "data": "TempEval-3 TBAQ-cleaned TimeBank (183 documents); research use",
        "width": WIDTH, "threshold": round(threshold, 3), "classes": classes,
        "intercepts": [round(float(v), 5) for v in [detector.intercept_[0], *classifier.intercept_]],
        "indices": [int(i) for i in used],
        "weights": [[round(float(v), 4) for v in weights[i]] for i in used],
        "report": report}, separators=(",", ":")) + "\n", encoding="utf-8")
    # the time is printed, not stored, so a rerun writes the very same file (and its pinned hash holds)
    print(json.dumps({k: v for k, v in report.items() if k != "tried"}, indent=1))
    print(f"{time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
