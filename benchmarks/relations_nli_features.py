"""Do the NLI cross-encoder's probabilities help the "weakens" model? Refit it with and without them and compare.

    python benchmarks/relations_nli_features.py [--data ../shared/data] [--json]

The shipped "weakens" model (``veracity.links.relations``) is a logistic regression over MiniLM pair
features, fitted as ``training/train_relations.py`` fits it. Here it is refitted twice, as shipped and
with the cross-encoder's contradiction and entailment probabilities (premise = claim B, the order it was
trained in) as two more features, on two splits of ClaimDiff-W:

* the shipped split (a hash of ``pair_id``; dev = one in five). The cross-encoder trained on 85 % of
  ClaimDiff's topics, so most of this dev part is its training data: scores there flatter it. Scored also
  on the dev pairs in the topics it never saw.
* the cross-encoder's split (by topic): both models fit on its training topics, scored on its 15 % of held-out
  topics, the only comparison where neither side has seen the pairs it is judged on.

FEVER-symmetric (the 80 % of claim/evidence groups the cross-encoder never saw) checks the same models on
Wikipedia fact-checking pairs (evidence as claim A). Baseline beside: the embedding cosine above the
threshold that scores best on each split's training part.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

from veracity.links.embedder import shared_embedder
from veracity.links.nli import shared_nli_model
from veracity.links.relations import pair_features

sys.path.insert(0, str(Path(__file__).resolve().parent))
import claim_relations  # noqa: E402
from linear_fit import fit_logistic  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "training"))
from nli_data import claimdiff_topic_held_out, fever_pairs, pair_key  # noqa: E402
from relation_data import ClaimPair, is_dev, read_pairs  # noqa: E402

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
COSINE = 768  # pair_features: 384 products, 384 differences, then the cosine


def prf(predicted: np.ndarray, gold: np.ndarray) -> dict[str, float | int]:
    """claim_relations' figures (same rounding, so the cosine threshold breaks ties the same way), with counts."""
    return {"pairs": len(gold), "positives": int(gold.sum()), **claim_relations.prf(predicted, gold)}


def features(pairs: list[ClaimPair], premise_is_b: bool) -> tuple[np.ndarray, np.ndarray]:
    """(pair features as shipped, the same plus P(contradiction) and P(entailment))."""
    embedder, nli = shared_embedder(), shared_nli_model()
    a, b = embedder.embed([p.a for p in pairs]), embedder.embed([p.b for p in pairs])
    base = pair_features(a, b, [p.a for p in pairs], [p.b for p in pairs])
    probabilities = nli.probabilities([(p.b, p.a) if premise_is_b else (p.a, p.b) for p in pairs])
    columns = [nli.labels.index("contradiction"), nli.labels.index("entailment")]
    return base, np.hstack([base, probabilities[:, columns]])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="shared data root")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    path = args.data / "claim-relations" / "claimdiff_weak_train.json"
    pairs = read_pairs(path)
    topic = {str(r["pair_id"]): r["topic"] for r in json.loads(path.read_text(encoding="utf-8"))["data"]}
    gold = np.array([p.weakens for p in pairs])
    hash_dev = np.array([is_dev(p) for p in pairs])
    unseen_topic = np.array([claimdiff_topic_held_out(topic[p.key]) for p in pairs])
    base, with_nli = features(pairs, premise_is_b=True)

    unseen_fever = {pair_key(p.premise, p.hypothesis) for p in fever_pairs(args.data)[1]}
    fever = [p for p in read_pairs(args.data / "fever-symmetric" / "fever_symmetric_dev.jsonl")
             if pair_key(p.a, p.b) in unseen_fever]
    fever_gold = np.array([p.weakens for p in fever])
    fever_base, fever_nli = features(fever, premise_is_b=False)

    splits = {
        "shipped split (pair_id hash)": (
            ~hash_dev, {"dev part": hash_dev, "dev part, topics the NLI model never saw": hash_dev & unseen_topic}),
        "NLI model's split (topic)": (~unseen_topic, {"held-out topics": unseen_topic}),
    }
    report: dict[str, object] = {"command": "python benchmarks/relations_nli_features.py " + " ".join(sys.argv[1:])}
    for split, (train, judged) in splits.items():
        cosine = base[:, COSINE]
        threshold = max(np.arange(0.0, 1.0, 0.02), key=lambda t: prf(cosine[train] >= t, gold[train])["f1"])
        rows: dict[str, dict[str, object]] = {
            name: {"cosine": prf(cosine[mask] >= threshold, gold[mask])} for name, mask in judged.items()}
        rows["FEVER-symmetric, groups the NLI model never saw"] = {
            "cosine": prf(fever_base[:, COSINE] >= threshold, fever_gold)}
        for system, x, x_fever in (("weakens as shipped", base, fever_base), ("weakens + NLI", with_nli, fever_nli)):
            model, _, cut, _ = fit_logistic(x[train], gold[train], (0.03, 0.1, 0.3, 1.0), np.arange(0.3, 0.91, 0.05),
                                            class_weight="balanced")
            for name, mask in judged.items():
                rows[name][system] = prf(model.predict_proba(x[mask])[:, 1] >= cut, gold[mask])
            rows["FEVER-symmetric, groups the NLI model never saw"][system] = prf(
                model.predict_proba(x_fever)[:, 1] >= cut, fever_gold)
        report[split] = rows
    report["seconds"] = round(time.perf_counter() - started)
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    print(report["command"])
    for split in splits:
        print(f"\n{split}")
        for name, systems in report[split].items():  # type: ignore[attr-defined]
            print(f"  {name}")
            for system, m in systems.items():
                print(f"    {system:20} P {m['p']:.3f}  R {m['r']:.3f}  F1 {m['f1']:.3f}  acc {m['accuracy']:.3f}  "
                      f"({m['pairs']} pairs, {m['positives']} positive)")
    print(f"\n{report['seconds']} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
