"""Claim-relation benchmark: does claim B weaken claim A? Our model against an embedding-cosine threshold.

    python benchmarks/claim_relations.py --data ../shared/data/claim-relations/claimdiff_weak_train.json
    python benchmarks/claim_relations.py --data ../shared/data/fever-symmetric/fever_symmetric_dev.jsonl

On ClaimDiff files: precision, recall and F1 of "weakens" (a ClaimDiff-W training file is scored on its
dev part only, the fifth our model never saw). On NLI-format JSONL: accuracy of contradiction
(or REFUTES) against everything else, the one decision our model makes. Baseline: the cosine of the two
claims' all-MiniLM-L6-v2 embeddings above a threshold, the threshold that scores best on ClaimDiff-W's
train part (as our model's is). Both use the same embeddings.

``--nli`` adds the NLI cross-encoder (``veracity.links.nli``: contradiction is its most probable label)
as a third column. It trained on parts of these files (85 % of ClaimDiff topics, 20 % of FEVER-symmetric,
all of negation SNLI), so with ``--nli`` every system is scored only on the pairs it never saw.
"""

from __future__ import annotations

import argparse
import datetime
import json
import platform
import shlex
import sys
import time
from pathlib import Path

import numpy as np

from veracity.links.embedder import shared_embedder
from veracity.links.relations import load_weakens

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "training"))  # the data readers
from relation_data import ClaimPair, is_dev, read_pairs  # noqa: E402

DEFAULT_TRAIN = Path(__file__).resolve().parents[1].parent / "shared/data/claim-relations/claimdiff_weak_train.json"
DEFAULT_DATA_ROOT = DEFAULT_TRAIN.parents[1]


def cosines(pairs: list[ClaimPair]) -> np.ndarray:
    embedder = shared_embedder()
    a, b = embedder.embed([p.a for p in pairs]), embedder.embed([p.b for p in pairs])
    return (a * b).sum(axis=1)


def prf(predicted: np.ndarray, gold: np.ndarray) -> dict[str, float]:
    tp = int((predicted & gold).sum())
    p = tp / max(1, int(predicted.sum()))
    r = tp / max(1, int(gold.sum()))
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "accuracy": round(float((predicted == gold).mean()), 4)}


def unseen_by_nli(pairs: list[ClaimPair], data_root: Path) -> list[ClaimPair]:
    """The pairs the NLI cross-encoder did not train on (in either order)."""
    from nli_data import pair_key, training_keys

    seen = training_keys(data_root)
    return [p for p in pairs if pair_key(p.a, p.b) not in seen and pair_key(p.b, p.a) not in seen]


def nli_contradicts(pairs: list[ClaimPair]) -> np.ndarray:
    """Whether the cross-encoder's most probable label is contradiction, in the order it was trained on:
    ClaimDiff's claim B as the premise, an NLI file's premise (FEVER's evidence) as the premise."""
    from veracity.links.nli import shared_nli_model

    model = shared_nli_model()
    probabilities = model.probabilities([(p.a, p.b) if p.label else (p.b, p.a) for p in pairs])
    return probabilities.argmax(axis=1) == model.labels.index("contradiction")


def best_cosine_threshold(train: list[ClaimPair]) -> float:
    values, gold = cosines(train), np.array([p.weakens for p in train])
    return max(np.arange(0.0, 1.0, 0.02), key=lambda t: prf(values >= t, gold)["f1"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--train", type=Path, default=DEFAULT_TRAIN, help="ClaimDiff-W file the thresholds come from")
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--nli", action="store_true", help="add the NLI cross-encoder; score pairs it never saw")
    parser.add_argument("--nli-data", type=Path, default=DEFAULT_DATA_ROOT,
                        help="shared data root the cross-encoder trained from (to leave its training pairs out)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    pairs = read_pairs(args.data)
    if args.data.resolve() == args.train.resolve():
        pairs = [p for p in pairs if is_dev(p)]
    left_out = 0
    if args.nli:
        unseen = unseen_by_nli(pairs, args.nli_data)
        left_out, pairs = len(pairs) - len(unseen), unseen
    if args.limit:
        pairs = pairs[: args.limit]
    gold = np.array([p.weakens for p in pairs])
    threshold = best_cosine_threshold([p for p in read_pairs(args.train) if not is_dev(p)])
    started = time.perf_counter()
    model = load_weakens()
    ours = prf(model.probabilities([(p.a, p.b) for p in pairs]) >= model.threshold, gold)
    seconds = time.perf_counter() - started
    baseline = prf(cosines(pairs) >= threshold, gold)
    nli = None
    if args.nli:
        started = time.perf_counter()
        nli = prf(nli_contradicts(pairs), gold)
        nli_ms = round(1000 * (time.perf_counter() - started) / max(1, len(pairs)), 2)
    result = {
        "command": " ".join(shlex.quote(a) for a in [sys.executable, *sys.argv]),
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.platform()}, {platform.machine()}",
        "data": str(args.data), "pairs": len(pairs), "weakening": int(gold.sum()),
        "ours": ours, "baseline_cosine": baseline, "baseline_threshold": round(float(threshold), 2),
        "ms_per_pair": round(1000 * seconds / max(1, len(pairs)), 2),
    }
    if nli is not None:
        result.update(nli=nli, nli_ms_per_pair=nli_ms, left_out_as_nli_training=left_out)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"command: {result['command']}\ndate:    {result['date']}\nmachine: {result['machine']}")
    print(f"data:    {len(pairs)} pairs, {int(gold.sum())} weakening / contradicting"
          + (f" (never seen by the NLI model; {left_out} left out)" if nli is not None else "") + "\n")
    print(f"{'':10} {'ours':>8} {'cosine':>8}" + (f" {'nli':>8}" if nli else "")
          + f"   (cosine >= {result['baseline_threshold']})")
    for name in ("p", "r", "f1", "accuracy"):
        print(f"{name:10} {ours[name]:8.4f} {baseline[name]:8.4f}" + (f" {nli[name]:8.4f}" if nli else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
