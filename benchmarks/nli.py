"""NLI benchmark: the shipped cross-encoder against a lexical baseline on every held-out dev set.

    python benchmarks/nli.py --data ../shared/data [--model DIR] [--limit N] [--json] [--record FILE]

Dev sets are the ones ``training/train_nli.py`` held out (``veracity.links.nli_data.load_dev``): the NLI
``*_dev`` files, 15 % of ClaimDiff topics and 80 % of FEVER-symmetric. Per set: accuracy, macro-F1 and
contradiction precision / recall, since contradictions and denials are what linking looks for.

The baseline is a fixed lexical rule, not tuned on these sets: hypothesis words covered by the premise
(stop words aside) and whether the two sides disagree on negation. A negation mismatch with overlap
>= 0.3 is a contradiction; otherwise overlap >= 0.7 is entailment; anything else is neutral.
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import sys
from pathlib import Path
from typing import Any

from harness import Run, add_output_arguments, finish, start, timed

from veracity.links.nli import MODEL_DIR, NliModel

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "training"))  # the data readers
from nli_data import Pair, load_dev, scores  # noqa: E402

STOP = set(
    "a an the of to in on at for by with and or but is are was were be been being it its this that these those "
    "as from he she they we i you his her their our my your there here has have had do does did will would "
    "can could may might shall should".split()
)
NEGATIONS = set(
    "not no never nobody nothing none neither nor nowhere cannot without deny denies denied denial false "
    "fake refused refuses rejects rejected untrue".split()
)
WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def _words(text: str) -> list[str]:
    words = []
    for word in WORD.findall(text.lower().replace("\u2019", "'")):
        words.extend([word[:-3], "not"] if word.endswith("n't") else [word])
    return words


def lexical_label(premise: str, hypothesis: str) -> str:
    """The baseline's label for one pair."""
    p_words, h_words = _words(premise), _words(hypothesis)
    p_negated = sum(w in NEGATIONS for w in p_words) % 2
    h_negated = sum(w in NEGATIONS for w in h_words) % 2
    p_set = set(p_words) - STOP - NEGATIONS
    h_content = [w for w in h_words if w not in STOP and w not in NEGATIONS]
    overlap = sum(w in p_set for w in h_content) / max(len(h_content), 1)
    if p_negated != h_negated and overlap >= 0.3:
        return "contradiction"
    return "entailment" if overlap >= 0.7 else "neutral"


def run_system(name: str, pairs: list[Pair], predict: Any) -> tuple[list[str], float, float]:
    """Predicted labels, load seconds (first call on one pair) and pairs per second after that."""
    with timed() as load:
        predict(pairs[:1])
    with timed() as took:
        labels = predict(pairs)
    rate = len(pairs) / max(took[0], 1e-9)
    print(f"{name}: {len(pairs)} pairs, {rate:.1f} pairs/s (first call {load[0]:.2f}s)", file=sys.stderr, flush=True)
    return labels, load[0], rate


SYSTEMS = {"model": "model", "lexical": "lexical baseline"}
METRICS = {"acc": "accuracy", "mF1": "macro_f1", "C-P": "contradiction_precision", "C-R": "contradiction_recall"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", required=True,
                        help="shared data root holding nli/, claim-relations/, fever-symmetric/")
    parser.add_argument("--model", default=str(MODEL_DIR), help="folder with model.onnx, tokenizer.json, nli.json")
    parser.add_argument("--limit", type=int, default=0, help="score only the first N pairs of each dev set")
    parser.add_argument("--threads", type=int, default=0, help="onnxruntime intra-op threads (0: all cores)")
    add_output_arguments(parser)
    args = parser.parse_args()
    run = start("nli")

    dev = load_dev(Path(args.data))
    if args.limit:
        dev = {name: pairs[: args.limit] for name, pairs in dev.items()}
    names = list(dev)
    flat = [p for name in names for p in dev[name]]
    model = NliModel(args.model, threads=args.threads)

    def model_predict(pairs: list[Pair]) -> list[str]:
        return [r.label for r in model.predict([(p.premise, p.hypothesis) for p in pairs], batch_size=32)]

    def baseline_predict(pairs: list[Pair]) -> list[str]:
        return [lexical_label(p.premise, p.hypothesis) for p in pairs]

    systems = {}
    for system, predict in (("model", model_predict), ("lexical", baseline_predict)):
        labels, load, rate = run_system(system, flat, predict)
        per_file, at = {}, 0
        for name in names:
            n = len(dev[name])
            per_file[name] = scores([p.label for p in dev[name]], labels[at : at + n])
            at += n
        per_file["ALL (pooled)"] = scores([p.label for p in flat], labels)
        mean = sum(per_file[n]["accuracy"] for n in names) / max(len(names), 1)
        systems[system] = {"files": per_file, "mean_file_accuracy": round(mean, 4),
                           "pairs_per_second": round(rate, 1), "load_seconds": round(load, 2)}
    meta_path = Path(args.model) / "nli.json"
    meta = json.loads(meta_path.read_text()) if meta_path.is_file() else None
    run.figures.update({
        "python": platform.python_version(),
        "model": args.model, "model_meta": {k: v for k, v in (meta or {}).items() if k not in ("history",)},
        "baseline": "lexical: hypothesis-word overlap with the premise + negation mismatch (fixed thresholds)",
        "systems": systems,
    })
    add_tables(run, [*names, "ALL (pooled)"])
    finish(run, args)


def add_tables(run: Run, names: list[str]) -> None:
    """Per dev set the model beside the lexical baseline; then each system's mean accuracy and speed."""
    systems = run.figures["systems"]
    table = run.table("Held-out dev sets: accuracy, macro-F1, contradiction precision and recall",
                      ["dev set", "system", "pairs", *METRICS], dict.fromkeys(METRICS, ".3f"))
    for name in names:
        for system, label in SYSTEMS.items():
            m = systems[system]["files"][name]
            table.add(name, label, m["pairs"], *(m[key] for key in METRICS.values()))
    table.notes.append(f"model {run.figures['model']}; baseline {run.figures['baseline']}")
    speed = run.table("Mean per-file accuracy and speed", ["system", "mean per-file accuracy", "pairs/s",
                                                           "first call s"],
                      {"mean per-file accuracy": ".4f", "pairs/s": ".1f", "first call s": ".2f"})
    for system, label in SYSTEMS.items():
        s = systems[system]
        speed.add(label, s["mean_file_accuracy"], s["pairs_per_second"], s["load_seconds"])
    speed.notes.append(f"Python {run.figures['python']}, {platform.processor() or platform.machine()}")


if __name__ == "__main__":
    main()
