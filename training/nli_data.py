"""Which shared data sets train the NLI cross-encoder and which judge it, read into one pair format.

Kept apart from the trainer so ``benchmarks/nli.py`` scores exactly the dev slices the trainer held out,
and pure standard library so the trainer runs on a bare GPU machine. Three sources (``DATA_FILES``):

* ``nli/*.jsonl`` already use entailment / neutral / contradiction. Train files and sets with no
  train/dev split train; ``*_dev`` files are dev; nothing named ``test`` is ever read.
  ``breaking_nli`` is 87 % contradiction from single-word swaps, so its contradictions are capped.
* ClaimDiff (``claim-relations``) rates, for the same 1,857 pairs, whether one claim strengthens or
  weakens the other. Strengthens -> entailment (support, looser than strict entailment), weakens ->
  contradiction (it casts doubt on, denies or disputes the claim: the relation we care about in news),
  neither -> neutral. premise = claim_b, hypothesis = claim_a (the rationale spans are in claim_a).
  15 % of topics are held out as dev, by topic so no article pair straddles the split.
* FEVER-symmetric is a dev-only set (708 pairs): SUPPORTS -> entailment, REFUTES -> contradiction,
  premise = evidence. 20 % of its claim/evidence groups train (a taste of Wikipedia fact-checking style);
  80 % stay dev. Groups join pairs sharing a claim or an evidence sentence, so nothing leaks.

Training pairs whose (premise, hypothesis) also appear in any dev set are dropped.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from groups import Groups

LABELS = ("entailment", "neutral", "contradiction")

NLI_TRAIN = (
    "snli_cad_train", "mnli_train_subset_taxinli", "sick_train", "sick_trial", "wanli_train_sample",
    "conjnli_adversarial_train", "negation_snli", "negation_mnli", "breaking_nli", "control_train", "covidfact",
)
NLI_DEV = (
    "snli_dev", "mnli_dev_subset_taxinli", "mnli_dev_matched_sample_textfooler",
    "mnli_dev_mismatched_sample_textfooler", "anli_r1_dev", "anli_r2_dev", "anli_r3_dev", "conjnli_dev",
    "healthver_dev", "control_dev", "snli_cad_dev",
)
CLAIMDIFF_FILES = ("claim-relations/claimdiff_strength_train.json", "claim-relations/claimdiff_weak_train.json")
FEVER_FILE = "fever-symmetric/fever_symmetric_dev.jsonl"
DATA_FILES = (
    *(f"nli/{name}.jsonl" for name in NLI_TRAIN + NLI_DEV), *CLAIMDIFF_FILES, FEVER_FILE,
)
BREAKING_NLI_CONTRADICTIONS = 2500  # keeps the file's contradictions from swamping the label balance
CLAIMDIFF_DEV_SHARE = 0.15
FEVER_TRAIN_SHARE = 0.20


@dataclass(frozen=True)
class Pair:
    premise: str
    hypothesis: str
    label: str
    source: str  # the file or slice it came from, e.g. "snli_dev", "claimdiff_dev"


def _read_text(path: Path) -> str:
    """A data file's text; ``NAME.gz`` stands in for ``NAME`` (compressed copies travel to a GPU machine)."""
    if not path.is_file() and path.with_name(path.name + ".gz").is_file():
        return gzip.decompress(path.with_name(path.name + ".gz").read_bytes()).decode("utf-8")
    return path.read_text(encoding="utf-8")


def read_nli_file(path: Path, source: str) -> list[Pair]:
    pairs = []
    for line in _read_text(path).split("\n"):
        if line.strip():
            row = json.loads(line)
            if row["label"] in LABELS:
                pairs.append(Pair(row["premise"], row["hypothesis"], row["label"], source))
    return pairs


def _stable_fraction(key: str) -> float:
    """A number in [0, 1) fixed by ``key``: splits that do not move between runs or machines."""
    return int(hashlib.sha1(key.encode("utf-8")).hexdigest()[:8], 16) / 0x100000000


def claimdiff_topic_held_out(topic: str) -> bool:
    """Whether a ClaimDiff topic is in the cross-encoder's dev slice (never trained on)."""
    return _stable_fraction("claimdiff:" + topic) < CLAIMDIFF_DEV_SHARE


def claimdiff_pairs(root: Path) -> tuple[list[Pair], list[Pair]]:
    """ClaimDiff as NLI pairs, split (train, dev) by topic."""
    strength, weak = (
        {row["pair_id"]: row for row in json.loads(_read_text(root / name))["data"]}
        for name in CLAIMDIFF_FILES
    )
    train: list[Pair] = []
    dev: list[Pair] = []
    for pair_id, row in strength.items():
        strengthens, weakens = row["relation"] == 1, weak[pair_id]["relation"] == 1
        if strengthens and weakens:
            continue  # contradictory ratings: no clean NLI label
        label = "entailment" if strengthens else "contradiction" if weakens else "neutral"
        is_dev = claimdiff_topic_held_out(row["topic"])
        side = dev if is_dev else train
        side.append(Pair(row["claim_b"], row["claim_a"], label, "claimdiff_dev" if is_dev else "claimdiff_train"))
    return train, dev


def fever_pairs(root: Path) -> tuple[list[Pair], list[Pair]]:
    """FEVER-symmetric as NLI pairs, split (train, dev) by groups sharing a claim or evidence."""
    rows = [json.loads(line) for line in _read_text(root / FEVER_FILE).split("\n") if line.strip()]
    groups = Groups()
    for row in rows:
        groups.join("c:" + row["claim"], "e:" + row["evidence"])
    labels = {"SUPPORTS": "entailment", "REFUTES": "contradiction"}
    train: list[Pair] = []
    dev: list[Pair] = []
    for row in rows:
        is_train = _stable_fraction("fever:" + groups.find("c:" + row["claim"])) < FEVER_TRAIN_SHARE
        side = train if is_train else dev
        source = "fever_symmetric_train" if is_train else "fever_symmetric_dev"
        side.append(Pair(row["evidence"], row["claim"], labels[row["label"]], source))
    return train, dev


def _key(pair: Pair) -> tuple[str, str]:
    return (" ".join(pair.premise.lower().split()), " ".join(pair.hypothesis.lower().split()))


def cap_label(pairs: list[Pair], label: str, cap: int) -> list[Pair]:
    """Keep at most ``cap`` pairs of ``label`` (a stable choice), every other pair."""
    chosen = sorted((p for p in pairs if p.label == label), key=lambda p: _stable_fraction(repr(_key(p))))[:cap]
    keep = set(map(id, chosen))
    return [p for p in pairs if p.label != label or id(p) in keep]


def load_dev(root: Path) -> dict[str, list[Pair]]:
    """Held-out dev sets by name, in a fixed order."""
    dev = {name: read_nli_file(root / "nli" / f"{name}.jsonl", name) for name in NLI_DEV}
    dev["claimdiff_dev"] = claimdiff_pairs(root)[1]
    dev["fever_symmetric_dev"] = fever_pairs(root)[1]
    return dev


def load_splits(root: Path, log: Callable[[str], None] = print) -> tuple[list[Pair], dict[str, list[Pair]]]:
    """(training pairs, dev sets by name) from the shared data root (the folder holding ``nli/``)."""
    dev = load_dev(root)
    held_out = {_key(p) for pairs in dev.values() for p in pairs}
    parts: list[tuple[str, list[Pair]]] = []
    for name in NLI_TRAIN:
        pairs = read_nli_file(root / "nli" / f"{name}.jsonl", name)
        if name == "breaking_nli":
            pairs = cap_label(pairs, "contradiction", BREAKING_NLI_CONTRADICTIONS)
        parts.append((name, pairs))
    parts.append(("claimdiff_train", claimdiff_pairs(root)[0]))
    parts.append(("fever_symmetric_train", fever_pairs(root)[0]))
    train: list[Pair] = []
    for name, pairs in parts:
        kept = [p for p in pairs if _key(p) not in held_out]
        log(f"train {name}: {len(kept)} pairs ({len(pairs) - len(kept)} dropped as dev overlap)")
        train.extend(kept)
    return train, dev


def training_keys(root: Path) -> frozenset[tuple[str, str]]:
    """Every (premise, hypothesis) the trainer learns from, case and spacing folded.

    Lets a benchmark that reads the same files (ClaimDiff, FEVER-symmetric, negation sets) score the
    cross-encoder only on pairs it never saw, in either order.
    """
    train, _ = load_splits(root, log=lambda _: None)
    return frozenset(_key(p) for p in train)


def pair_key(premise: str, hypothesis: str) -> tuple[str, str]:
    """The folded form ``training_keys`` holds."""
    return _key(Pair(premise, hypothesis, "", ""))


def label_counts(pairs: Iterable[Pair]) -> dict[str, int]:
    counts = dict.fromkeys(LABELS, 0)
    for pair in pairs:
        counts[pair.label] += 1
    return counts


def scores(gold: list[str], predicted: list[str]) -> dict[str, float | int]:
    """Accuracy, macro-F1 over the labels the gold side uses, and contradiction precision / recall / F1.

    Macro-F1 skips labels absent from the gold (FEVER and COVID-Fact have no neutral), so a set is not
    punished for a class it cannot contain beyond the errors that already cost accuracy.
    """
    both = list(zip(gold, predicted, strict=True))
    n = len(both)
    result: dict[str, float | int] = {"pairs": n, "accuracy": sum(g == p for g, p in both) / max(n, 1)}
    f1s = []
    for label in LABELS:
        tp = sum(g == label and p == label for g, p in both)
        fp = sum(g != label and p == label for g, p in both)
        fn = sum(g == label and p != label for g, p in both)
        f1 = 2 * tp / max(2 * tp + fp + fn, 1)
        if tp + fn:
            f1s.append(f1)
        if label == "contradiction":
            result["contradiction_precision"] = tp / max(tp + fp, 1)
            result["contradiction_recall"] = tp / max(tp + fn, 1)
            result["contradiction_f1"] = f1
    result["macro_f1"] = sum(f1s) / max(len(f1s), 1)
    return {k: round(v, 4) if isinstance(v, float) else v for k, v in result.items()}
