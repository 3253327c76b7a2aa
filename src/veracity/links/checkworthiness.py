"""How worth checking a claim is: a logistic regression over its sentence embedding.

Fact-checkers cannot check everything; they check factual claims that matter ("We're 9 million jobs
short of that") before opinions and pleasantries ("And welcome back"). The model is a logistic
regression over all-MiniLM-L6-v2 sentence embeddings, trained by ``training/train_checkworthiness.py``
on ClaimBuster (its train part); the weights are 385 numbers in ``models/checkworthiness/model.json``.
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

MODEL = location("checkworthiness") / "model.json"
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class CheckWorthinessModel:
    model: LinearModel

    @property
    def threshold(self) -> float:
        return self.model.threshold

    def probabilities(self, texts: list[str], embedder: SentenceEmbedder | None = None) -> np.ndarray:
        """The probability that each text is a check-worthy factual claim."""
        if not texts:
            return np.zeros(0, dtype=np.float32)
        return self.model.probabilities((embedder or shared_embedder()).embed(texts))


@cache
def load_checkworthiness(path: Path = MODEL) -> CheckWorthinessModel:
    return CheckWorthinessModel(load_linear_model(verified(path), "training/train_checkworthiness.py"))


def normalise_sentence(text: str) -> str:
    """The form two copies of a sentence share (case and spacing aside), for de-duplication."""
    return _SPACE.sub(" ", text.strip().lower())
