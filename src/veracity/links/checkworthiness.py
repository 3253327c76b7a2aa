"""How worth checking a claim is: a logistic regression over its sentence embedding.

Fact-checkers cannot check everything; they check factual claims that matter ("We're 9 million jobs
short of that") before opinions and pleasantries ("And welcome back"). The model is a logistic
regression over all-MiniLM-L6-v2 sentence embeddings, trained by ``training/train_checkworthiness.py``
on ClaimBuster (its train part); the weights are 385 numbers in ``models/checkworthiness/model.json``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from veracity.errors import ModelError
from veracity.links.embedder import SentenceEmbedder, shared_embedder

MODEL = Path(__file__).resolve().parent.parent / "models" / "checkworthiness" / "model.json"
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class CheckWorthinessModel:
    coef: np.ndarray
    intercept: float
    threshold: float  # the probability above which a claim is called check-worthy

    def probabilities(self, texts: list[str], embedder: SentenceEmbedder | None = None) -> np.ndarray:
        """The probability that each text is a check-worthy factual claim."""
        if not texts:
            return np.zeros(0, dtype=np.float32)
        vectors = (embedder or shared_embedder()).embed(texts)
        return 1.0 / (1.0 + np.exp(-(vectors @ self.coef + self.intercept)))


@cache
def load_checkworthiness(path: Path = MODEL) -> CheckWorthinessModel:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return CheckWorthinessModel(np.asarray(data["coef"], dtype=np.float32), float(data["intercept"]),
                                    float(data["threshold"]))
    except (OSError, ValueError, KeyError) as error:
        raise ModelError(f"cannot read the check-worthiness model {path}: {error}; "
                         "train it with training/train_checkworthiness.py") from error


def normalise_sentence(text: str) -> str:
    """The form two copies of a sentence share (case and spacing aside), for de-duplication."""
    return _SPACE.sub(" ", text.strip().lower())
