"""Does one statement contradict (deny, refute) another? The contradiction judge the dossier's conflicts use.

A logistic regression (``judge.json``) over the NLI cross-encoder's three probabilities in both directions
(``veracity.links.nli``), the pair's embedding cosine, negation and denial-cue mismatch, number mismatch and
word overlap: denial cues are features beside the cross-encoder, not the only signal.
``training/train_relations.py`` fits it on pairs the cross-encoder never trained on, C and threshold by
folds grouped by claim/evidence group (issue 20; ``benchmarks/claim_relations.py``).

It replaced the first "weakens" model (a logistic regression over MiniLM pair features fitted on ClaimDiff-W),
whose dev figure came from a split that shared topics and claim texts with its training part: on
topic-grouped folds it was no better than the cosine, and at chance on FEVER-Symmetric.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from veracity.errors import ModelError
from veracity.lang.en.negation import DENIAL_WORDING, NEGATION_PATTERN
from veracity.links.embedder import shared_embedder
from veracity.resources import location, verified

JUDGE = location("relations") / "judge.json"
_WORD = re.compile(r"[a-z0-9']+")
_NUMBER = re.compile(r"\d[\d,.]*")


def _negated(text: str) -> bool:
    return bool(NEGATION_PATTERN.search(text))


def _numbers(text: str) -> frozenset[str]:
    return frozenset(n.rstrip(".,") for n in _NUMBER.findall(text))


def _overlap(a: str, b: str) -> float:
    x, y = set(_WORD.findall(a.lower())), set(_WORD.findall(b.lower()))
    return len(x & y) / max(1, len(x | y))


@dataclass(frozen=True)
class Conflict:
    """Two statements of a story that conflict, with the judge's probability."""

    first: int
    second: int
    probability: float


def find_conflicts(texts: list[str], groups: list[str], vectors: np.ndarray | None = None,
                   min_cosine: float = 0.3, speakers: list[str] | None = None,
                   min_probability: float | None = None) -> list[Conflict]:
    """Pairs of statements from different groups (documents), and of different ``speakers`` when given, that
    the judge says conflict: at least its threshold, or ``min_probability``.

    Only pairs about the same thing (embedding cosine at least ``min_cosine``) are read by the judge, so a
    story's cost grows with its related pairs, not with every pair of its statements.
    """
    if len(texts) < 2:
        return []
    judge = load_judge()
    vectors = vectors if vectors is not None else shared_embedder().embed(texts)
    similar = vectors @ vectors.T
    pairs = [(i, j) for i in range(len(texts)) for j in range(i + 1, len(texts))
             if groups[i] != groups[j] and similar[i, j] >= min_cosine
             and (speakers is None or speakers[i] != speakers[j])]
    if not pairs:
        return []
    first, second = [i for i, _ in pairs], [j for _, j in pairs]
    probabilities = judge.probabilities([(texts[i], texts[j]) for i, j in pairs], (vectors[first], vectors[second]))
    floor = judge.threshold if min_probability is None else min_probability
    return [Conflict(i, j, float(p)) for (i, j), p in zip(pairs, probabilities, strict=True) if p >= floor]


NLI_ORDER = ("entailment", "neutral", "contradiction")
JUDGE_FEATURES = (
    "log_contradiction_max", "log_contradiction_min", "log_entailment_max", "log_entailment_min",
    "log_neutral_max", "log_neutral_min", "cosine", "negation_mismatch", "denial_cue_mismatch",
    "denial_cue_either", "number_mismatch", "overlap",
)


def judge_features(forward: np.ndarray, backward: np.ndarray, cosine: np.ndarray, texts_a: list[str],
                   texts_b: list[str]) -> np.ndarray:
    """One row per pair, columns ``JUDGE_FEATURES``; symmetric in the two statements.

    ``forward`` and ``backward`` are the cross-encoder's probabilities (columns ``NLI_ORDER``) with the first
    statement as premise and with the second: the max and min over the two directions keep both readings
    without depending on which statement came first.
    """
    logs = np.log(np.clip(np.stack([forward, backward]), 1e-4, 1.0))
    nli = [f(logs[:, :, c], axis=0) for c in (2, 0, 1) for f in (np.max, np.min)]
    cheap = np.array([[_negated(s) != _negated(t), _denies(s) != _denies(t), _denies(s) or _denies(t),
                       _numbers(s) != _numbers(t), _overlap(s, t)]
                      for s, t in zip(texts_a, texts_b, strict=True)], dtype=np.float32).reshape(len(texts_a), 5)
    return np.hstack([np.stack(nli, axis=1), np.asarray(cosine).reshape(-1, 1), cheap]).astype(np.float32)


def _denies(text: str) -> bool:
    return bool(DENIAL_WORDING.search(text))


def nli_both_ways(pairs: list[tuple[str, str]], nli: Any = None) -> tuple[np.ndarray, np.ndarray]:
    """The cross-encoder's probabilities (columns ``NLI_ORDER``) with each side of each pair as premise."""
    from veracity.links.nli import shared_nli_model

    nli = nli or shared_nli_model()
    both = nli.probabilities([(a, b) for a, b in pairs] + [(b, a) for a, b in pairs])  # loads the labels
    both = both[:, [nli.labels.index(label) for label in NLI_ORDER]]
    return both[: len(pairs)], both[len(pairs):]


@dataclass(frozen=True)
class ContradictionJudge:
    """A logistic regression over ``judge_features`` (standardised) with its decision threshold."""

    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    threshold: float

    def probabilities_from_features(self, x: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-(((x - self.mean) / self.scale) @ self.coef + self.intercept)))

    def probabilities(self, pairs: list[tuple[str, str]], vectors: tuple[np.ndarray, np.ndarray] | None = None,
                      nli: Any = None) -> np.ndarray:
        """The probability that the two statements of each pair conflict (one weakens the other)."""
        if not pairs:
            return np.zeros(0, dtype=np.float32)
        if vectors is None:
            embedder = shared_embedder()
            vectors = (embedder.embed([a for a, _ in pairs]), embedder.embed([b for _, b in pairs]))
        forward, backward = nli_both_ways(pairs, nli)
        cosine = (vectors[0] * vectors[1]).sum(axis=1)
        x = judge_features(forward, backward, cosine, [a for a, _ in pairs], [b for _, b in pairs])
        return self.probabilities_from_features(x)


@cache
def load_judge(path: Path = JUDGE) -> ContradictionJudge:
    """The shipped judge; a missing or damaged file names the script that makes it."""
    try:
        data = json.loads(verified(path).read_text(encoding="utf-8"))
        if tuple(data["features"]) != JUDGE_FEATURES:
            raise ValueError(f"features {data['features']} are not this Veracity's {JUDGE_FEATURES}")
        mean, scale, coef = (np.asarray(data[k], dtype=np.float64) for k in ("mean", "scale", "coef"))
        return ContradictionJudge(mean, scale, coef, float(data["intercept"]), float(data["threshold"]))
    except (OSError, ValueError, KeyError) as error:
        raise ModelError(f"cannot read the judge {path}: {error}; train it with training/train_relations.py") \
            from error
