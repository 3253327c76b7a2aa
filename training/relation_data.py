"""Claim-pair data: ClaimDiff JSON (``{"data": [{topic, claim_a, claim_b, relation, pair_id}]}``) and NLI JSONL
(``premise``/``hypothesis``/``label`` or FEVER's ``evidence``/``claim``/``label``), grouped so that no topic,
claim/evidence group or claim text is on both sides of a fold, and a disk cache for model outputs.

Issue 20: the first split drew ClaimDiff pairs into dev by a hash of ``pair_id``, so 355 of its 356 dev pairs
had a topic that was also in training and 339 shared an exact claim text with a training pair. Every fold here
is a union of whole groups: a ClaimDiff group joins pairs that share a topic or a claim text, a FEVER group
pairs that share a claim or an evidence sentence (the grouping ``nli_data.fever_pairs`` uses).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from data_files import read_data_text
from groups import Groups

from veracity.errors import InputError

CONTRADICTS = frozenset({"contradiction", "refutes", "2"})
CLAIMDIFF = "claim-relations/claimdiff_weak_train.json"
FEVER = "fever-symmetric/fever_symmetric_dev.jsonl"
EXTRA_NLI = (  # NLI dev sets the cross-encoder never trained on: short pairs with neutral ones among them
    "nli/snli_cad_dev.jsonl", "nli/mnli_dev_matched_sample_textfooler.jsonl", "nli/conjnli_dev.jsonl",
)


@dataclass(frozen=True)
class ClaimPair:
    a: str
    b: str
    weakens: bool
    key: str
    label: str = ""  # the NLI label as written, for NLI files
    topic: str = ""  # ClaimDiff's topic; empty for NLI files


def read_pairs(path: Path) -> list[ClaimPair]:
    """ClaimDiff pairs (``weakens`` = relation 1) or NLI pairs (``weakens`` = contradiction/refutes)."""
    raw = read_data_text(path)
    try:
        if path.suffix == ".json":
            return [ClaimPair(r["claim_a"], r["claim_b"], int(r["relation"]) == 1, str(r["pair_id"]),
                              topic=str(r.get("topic", "")))
                    for r in json.loads(raw)["data"]]
        pairs = []
        for number, line in enumerate(raw.splitlines()):
            if not line.strip():
                continue
            r = json.loads(line)
            a = r.get("premise") or r.get("evidence") or r.get("sentence1")
            b = r.get("hypothesis") or r.get("claim") or r.get("sentence2")
            label = str(r.get("label") or r.get("gold_label") or "").lower()
            pairs.append(ClaimPair(str(a), str(b), label in CONTRADICTS, f"{path.name}:{number}", label))
        return pairs
    except (KeyError, ValueError, TypeError) as error:
        raise InputError(f"{path}: not a ClaimDiff JSON or NLI JSONL file ({error})") from error


def _fold(text: str) -> str:
    return " ".join(text.lower().split())


def pair_groups(pairs: Sequence[ClaimPair]) -> list[str]:
    """One group name per pair; pairs sharing a topic (when given) or a claim text, on either side, share it."""
    groups = Groups()
    for p in pairs:
        groups.join("t:" + _fold(p.a), "t:" + _fold(p.b))
        if p.topic:
            groups.join("t:" + _fold(p.a), "topic:" + p.topic)
    return [groups.find("t:" + _fold(p.a)) for p in pairs]


def grouped_folds(groups: Sequence[str], k: int = 5, spread: Sequence[bool] | np.ndarray | None = None,
                  positives: Sequence[bool] | np.ndarray | None = None) -> np.ndarray:
    """A fold number (0..k-1) per item such that every group lies in one fold.

    Groups are dealt largest first to the fold with the fewest items (ties by a stable hash), so folds
    come out near equal in size. ``spread`` marks items whose groups are dealt separately first, so each fold
    gets its share of them (the pairs the NLI model never trained on); ``positives`` balances positives too.
    """
    members: dict[str, list[int]] = defaultdict(list)
    for i, g in enumerate(groups):
        members[g].append(i)
    fold = np.zeros(len(groups), dtype=np.int64)
    flagged = [spread is not None and any(spread[i] for i in m) for m in members.values()]
    for want in ((True, False) if spread is not None else (False,)):
        size, pos = np.zeros(k), np.zeros(k)
        chosen = [(g, m) for (g, m), f in zip(members.items(), flagged, strict=True) if f == want]
        chosen.sort(key=lambda gm: (-len(gm[1]), hashlib.sha1(gm[0].encode()).hexdigest()))
        for _, m in chosen:
            n_pos = sum(bool(positives[i]) for i in m) if positives is not None else 0
            target = int(np.lexsort((size, pos))[0]) if positives is not None and n_pos else int(np.argmin(size))
            fold[m] = target
            size[target] += len(m)
            pos[target] += n_pos
    return fold


class Cache:
    """Rows of model output (embeddings, NLI probabilities) on disk, keyed by a hash of their input text."""

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory

    def rows(self, kind: str, keys: Sequence[str], compute: Callable[[list[int]], np.ndarray]) -> np.ndarray:
        """The row for every key: read from ``kind.npz`` when known, else ``compute(missing indices)``."""
        hashes = [hashlib.sha1(key.encode("utf-8")).hexdigest() for key in keys]
        known: dict[str, np.ndarray] = {}
        path = self.directory / f"{kind}.npz" if self.directory else None
        if path is not None and path.is_file():
            stored = np.load(path)
            known = dict(zip(stored["keys"].tolist(), stored["rows"], strict=True))
        missing = sorted({i for i, h in enumerate(hashes) if h not in known}, key=hashes.__getitem__)
        unique = list({hashes[i]: i for i in missing}.values())
        if unique:
            for i, row in zip(unique, compute(unique), strict=True):
                known[hashes[i]] = row
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
                np.savez(path.with_suffix(".tmp.npz"), keys=np.array(list(known)), rows=np.stack(list(known.values())))
                path.with_suffix(".tmp.npz").replace(path)
        return np.stack([known[h] for h in hashes]) if hashes else np.zeros((0, 0), dtype=np.float32)


def is_dev(pair: ClaimPair) -> bool:
    """The withdrawn split (one pair in five by a hash of its id): kept only to show what it leaked."""
    from data_files import in_dev_split

    return in_dev_split(pair.key)


def pair_features(a: np.ndarray, b: np.ndarray, texts_a: list[str], texts_b: list[str]) -> np.ndarray:
    """The first "weakens" recipe's features: embedding product and difference, cosine, negation and number
    mismatch, word overlap (issue 20 withdrew it from the dossier; the benchmark still refits it)."""
    from veracity.links.relations import _negated, _numbers, _overlap

    extra = np.array([[float(x @ y), _negated(s) != _negated(t), _numbers(s) != _numbers(t), _overlap(s, t)]
                      for x, y, s, t in zip(a, b, texts_a, texts_b, strict=True)], dtype=np.float32)
    return np.hstack([a * b, np.abs(a - b), extra.reshape(len(texts_a), 4)])


@dataclass
class Task:
    """One data set's pairs, gold labels, groups, folds and cached features."""

    name: str
    pairs: list[ClaimPair]
    gold: np.ndarray
    groups: list[str]
    unseen: np.ndarray  # pairs of topics / groups the cross-encoder never trained on
    folds: np.ndarray
    score: str  # "f1" or "accuracy"
    features: dict[str, np.ndarray] = field(default_factory=dict)
    left_out: int = 0  # pairs of the file left out as the cross-encoder's training data


def unseen_by_nli(pairs: list[ClaimPair], root: Path, claimdiff: bool) -> np.ndarray:
    """Pairs the cross-encoder never trained on in either order; for ClaimDiff, only its held-out topics
    (a pair it skipped in a topic it trained on still shares that topic's claims with what it learnt)."""
    from nli_data import claimdiff_topic_held_out, pair_key, training_keys

    seen = training_keys(root)
    return np.array([pair_key(p.a, p.b) not in seen and pair_key(p.b, p.a) not in seen
                     and (not claimdiff or claimdiff_topic_held_out(p.topic)) for p in pairs])


def featurise(pairs: list[ClaimPair], cache: Cache, premise_is_b: bool) -> dict[str, np.ndarray]:
    """Embeddings, pair features of the weakens recipe, NLI probabilities both ways and judge features."""
    from veracity.links.embedder import shared_embedder
    from veracity.links.nli import shared_nli_model
    from veracity.links.relations import NLI_ORDER, judge_features

    texts = [p.a for p in pairs] + [p.b for p in pairs]
    vectors = cache.rows("minilm", texts, lambda idx: shared_embedder().embed([texts[i] for i in idx]))
    a, b = vectors[: len(pairs)], vectors[len(pairs):]
    nli_pairs = [(p.a, p.b) for p in pairs] + [(p.b, p.a) for p in pairs]

    def run_nli(idx: list[int]) -> np.ndarray:
        model = shared_nli_model(threads=int(os.environ.get("OMP_NUM_THREADS", "0") or 0))
        probabilities = model.probabilities([nli_pairs[i] for i in idx])  # loads the labels
        return probabilities[:, [model.labels.index(label) for label in NLI_ORDER]]

    probabilities = cache.rows("nli", [json.dumps(p) for p in nli_pairs], run_nli)
    a_premise, b_premise = probabilities[: len(pairs)], probabilities[len(pairs):]
    cosine = (a * b).sum(axis=1)
    texts_a, texts_b = [p.a for p in pairs], [p.b for p in pairs]
    return {"cosine": cosine, "weakens": pair_features(a, b, texts_a, texts_b),
            "nli": b_premise if premise_is_b else a_premise,  # the order it trained in
            "judge": judge_features(a_premise, b_premise, cosine, texts_a, texts_b)}


def load_tasks(root: Path, k: int, cache: Cache) -> list[Task]:
    """ClaimDiff-W (all pairs; ``unseen`` marks the topics the cross-encoder held out), FEVER-Symmetric and
    three NLI dev sets (only the pairs the cross-encoder never trained on), each with grouped folds."""
    claimdiff = read_pairs(root / CLAIMDIFF)
    gold = np.array([p.weakens for p in claimdiff])
    groups = pair_groups(claimdiff)
    unseen = unseen_by_nli(claimdiff, root, claimdiff=True)
    tasks = [Task("ClaimDiff-W", claimdiff, gold, groups, unseen, grouped_folds(groups, k, unseen, gold), "f1",
                  featurise(claimdiff, cache, premise_is_b=True), int((~unseen).sum()))]
    for name, paths, score in (("FEVER-Symmetric", (FEVER,), "accuracy"), ("NLI dev", EXTRA_NLI, "f1")):
        every = [p for path in paths for p in read_pairs(root / path)]  # a = premise / evidence
        pairs = [p for p, u in zip(every, unseen_by_nli(every, root, claimdiff=False), strict=True) if u]
        gold, groups = np.array([p.weakens for p in pairs]), pair_groups(pairs)
        task = Task(name, pairs, gold, groups, np.ones(len(pairs), bool), grouped_folds(groups, k, None, gold), score,
                    featurise(pairs, cache, premise_is_b=False))
        task.left_out = len(every) - len(pairs)
        tasks.append(task)
    return tasks
