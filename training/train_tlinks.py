"""Train the temporal relation model (``veracity.time.tlinks``) on TimeBank and AQUAINT and write its weights.

    python training/train_tlinks.py --data ../shared/data/tempeval3/train/TimeBank \
        --dev ../shared/data/tempeval3/train/AQUAINT [--out src/veracity/models/tlinks/model.json]

Each document is parsed with the pipeline's spaCy model; every candidate pair (``tlinks.candidates``: each
event with the DCT, an event with a time of its sentence, two events of a sentence, the main events of
adjacent sentences) is labelled with its annotated TLINK read in the pair's orientation, or NONE. One
multinomial logistic regression per pair kind over the hashed pair features, C = 1.

Both corpora are used because they annotate differently: TimeBank links few events to the DCT (1,166 of
6,675), AQUAINT about a third, and a model trained on TimeBank alone learned to leave pairs unlinked.
The figures come from ``benchmarks/tempeval3_relations.py``, which fits this same recipe (``fit``) on
TimeBank and four fifths of AQUAINT and scores the fifth it never saw, grouped by news story; the
linking settings below are the ones it selected from the grid it prints.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from veracity.eval.timeml import TimeMLDocument, read_folder
from veracity.time.event_detector import hashed
from veracity.time.tlinks import KINDS, Candidate, candidates, gold_label, timeml_entities

ROOT = Path(__file__).resolve().parents[1]

WIDTH = 1 << 18
C = 1.0
SCALE = 1000  # weights are stored as integers in thousandths: the file is half the size of decimals
# chosen by benchmarks/tempeval3_relations.py from its grid (grouped cross-validation on AQUAINT)
THRESHOLDS = {kind: 0.1 for kind in KINDS}
TIMEX_DCT = True
TIMEX_TIMEX = True

Examples = dict[str, tuple[list[list[int]], list[str]]]


def document_candidates(docs: Sequence[TimeMLDocument]) -> list[list[Candidate]]:
    """Every document's candidate pairs, parsed once with the pipeline's spaCy model."""
    from veracity.text.parse import load_spacy

    nlp = load_spacy()
    return [candidates(parse, timeml_entities(doc), doc.dct)
            for doc, parse in zip(docs, nlp.pipe(d.text for d in docs), strict=True)]


def examples(docs: Sequence[TimeMLDocument], found: Sequence[Sequence[Candidate]]) -> Examples:
    """Per pair kind: hashed features and label (the annotated relation, or NONE) of every candidate pair."""
    out: Examples = {k: ([], []) for k in KINDS}
    for doc, pairs in zip(docs, found, strict=True):
        gold = {(t.source, t.target): t.rel for t in doc.tlinks}
        for candidate in pairs:
            rows, labels = out[candidate.kind]
            rows.append(hashed(list(candidate.features), WIDTH))
            labels.append(gold_label(candidate, gold, doc.dct_tid))
    return out


def _matrix(rows: list[list[int]]) -> Any:
    from scipy.sparse import csr_matrix

    indptr = np.cumsum([0] + [len(r) for r in rows])
    indices = np.concatenate([np.asarray(r, dtype=np.int64) for r in rows])
    x = csr_matrix((np.ones(len(indices), dtype=np.float32), indices, indptr), shape=(len(rows), WIDTH))
    x.sum_duplicates()
    return x


def fit(data: Examples) -> dict[str, Any]:
    """The model file's ``models`` part: per kind, labels, intercepts, and the columns with a weight
    (hashed columns no training pair uses, or whose weights are all under 0.002, are left out)."""
    import warnings

    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import LogisticRegression

    models: dict[str, Any] = {}
    for kind in KINDS:
        rows, labels = data[kind]
        x = _matrix(rows)
        used = np.unique(x.indices)  # fit on the columns in use only: the same model, far faster
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            model = LogisticRegression(C=C, max_iter=300, tol=1e-3).fit(x[:, used], np.asarray(labels))
        weights = np.rint(model.coef_.T * SCALE).astype(int)  # columns x labels, in thousandths
        keep = np.flatnonzero(np.abs(weights).max(axis=1) >= 2)
        models[kind] = {"labels": [str(k) for k in model.classes_],
                        "intercepts": [round(float(v), 4) for v in model.intercept_],
                        "indices": [int(used[i]) for i in keep], "scale": SCALE,
                        "weights": [[int(v) for v in weights[i]] for i in keep]}
    return models


def model_file(models: dict[str, Any], report: dict[str, Any]) -> dict[str, Any]:
    """The JSON ``veracity.time.tlinks.read_relation_model`` reads."""
    return {"model": "TLINK relation model: one softmax (NONE and the relations) per pair kind over hashed features",
            "data": "TempEval-3 TBAQ-cleaned TimeBank (183 documents) and AQUAINT (73 documents); research use",
            "width": WIDTH, "thresholds": THRESHOLDS, "timex_dct": TIMEX_DCT, "timex_timex": TIMEX_TIMEX,
            "models": models, "report": report}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="the TimeBank folder of .tml files")
    parser.add_argument("--dev", type=Path, required=True, help="the AQUAINT folder of .tml files")
    parser.add_argument("--out", type=Path, default=ROOT / "src/veracity/models/tlinks/model.json")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    docs = read_folder(args.data) + read_folder(args.dev)
    data = examples(docs, document_candidates(docs))
    report: dict[str, Any] = {"documents": len(docs), "tlinks": sum(len(d.tlinks) for d in docs)}
    for kind in KINDS:
        labels = np.asarray(data[kind][1])
        counts = {str(k): int(v) for k, v in zip(*np.unique(labels, return_counts=True), strict=True)}
        report[kind] = {"candidates": len(labels), "labels": counts}
    models = fit(data)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(model_file(models, report), separators=(",", ":")) + "\n", encoding="utf-8")
    # the time is printed, not stored, so a rerun writes the very same file
    print(json.dumps(report, indent=1))
    print(f"{time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
