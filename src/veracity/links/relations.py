"""Does one claim weaken another (contradict it, deny it, cast doubt on it)? A logistic regression over
the pair's sentence embeddings and three signals a reader checks first.

Without NLI weights in the package registries (training them needs a GPU: ``training/train_nli.py``),
this is the CPU model: features are the element-wise product and absolute difference of the two
all-MiniLM-L6-v2 embeddings, their cosine, whether exactly one side is negated, whether their numbers
differ, and their word overlap; ``training/train_relations.py`` fits it on ClaimDiff-W train (its
train part) and ships the weights as JSON.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from veracity.links.embedder import SentenceEmbedder, shared_embedder
from veracity.links.linear_model import LinearModel, load_linear_model
from veracity.resources import location, verified

MODEL = location("relations") / "weakens.json"
_WORD = re.compile(r"[a-z0-9']+")
NEGATION = re.compile(r"\b(?:not|no|never|nobody|nothing|none|neither|nor|without|deny|denies|denied|false|"
                       r"untrue|fake)\b|n't\b", re.IGNORECASE)
_NUMBER = re.compile(r"\d[\d,.]*")


def pair_features(a: np.ndarray, b: np.ndarray, texts_a: list[str], texts_b: list[str]) -> np.ndarray:
    """One row per pair: embedding product and difference, cosine, negation and number mismatch, overlap."""
    extra = np.array([[float(x @ y), _negated(s) != _negated(t), _numbers(s) != _numbers(t), _overlap(s, t)]
                      for x, y, s, t in zip(a, b, texts_a, texts_b, strict=True)], dtype=np.float32)
    return np.hstack([a * b, np.abs(a - b), extra.reshape(len(texts_a), 4)])


def _negated(text: str) -> bool:
    return bool(NEGATION.search(text))


def _numbers(text: str) -> frozenset[str]:
    return frozenset(n.rstrip(".,") for n in _NUMBER.findall(text))


def _overlap(a: str, b: str) -> float:
    x, y = set(_WORD.findall(a.lower())), set(_WORD.findall(b.lower()))
    return len(x & y) / max(1, len(x | y))


@dataclass(frozen=True)
class WeakensModel:
    model: LinearModel

    @property
    def threshold(self) -> float:
        return self.model.threshold

    def probabilities(self, pairs: list[tuple[str, str]], embedder: SentenceEmbedder | None = None) -> np.ndarray:
        """The probability that the second claim of each pair weakens the first (or the reverse)."""
        if not pairs:
            return np.zeros(0, dtype=np.float32)
        embedder = embedder or shared_embedder()
        a = embedder.embed([p[0] for p in pairs])
        b = embedder.embed([p[1] for p in pairs])
        return self.model.probabilities(pair_features(a, b, [p[0] for p in pairs], [p[1] for p in pairs]))


@cache
def load_weakens(path: Path = MODEL) -> WeakensModel:
    return WeakensModel(load_linear_model(verified(path), "training/train_relations.py"))


@dataclass(frozen=True)
class Conflict:
    """Two statements of a story, the second weakening the first, with the model's probability."""

    first: int
    second: int
    probability: float


def find_conflicts(texts: list[str], groups: list[str], vectors: np.ndarray | None = None,
                   min_cosine: float = 0.3) -> list[Conflict]:
    """Pairs of statements from different groups (documents or speakers) that weaken each other.

    Only pairs about the same thing (embedding cosine at least ``min_cosine``) are scored, so a story's
    cost grows with its related pairs, not with every pair of its statements.
    """
    if len(texts) < 2:
        return []
    model = load_weakens()
    vectors = vectors if vectors is not None else shared_embedder().embed(texts)
    similar = vectors @ vectors.T
    pairs = [(i, j) for i in range(len(texts)) for j in range(i + 1, len(texts))
             if groups[i] != groups[j] and similar[i, j] >= min_cosine]
    if not pairs:
        return []
    first, second = [i for i, _ in pairs], [j for _, j in pairs]
    x = pair_features(vectors[first], vectors[second], [texts[i] for i in first], [texts[j] for j in second])
    probabilities = model.model.probabilities(x)
    return [Conflict(i, j, float(p)) for (i, j), p in zip(pairs, probabilities, strict=True) if p >= model.threshold]
