"""A shipped logistic regression: weights and a decision threshold in a small JSON file.

The check-worthiness and claim-relation models are both a logistic regression over sentence-embedding
features, trained by a script under ``training/`` (``training/linear_fit.py``) and read here with
numpy, so no learning library is needed at run time.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from veracity.errors import ModelError


@dataclass(frozen=True)
class LinearModel:
    coef: np.ndarray
    intercept: float
    threshold: float  # the probability from which the positive class is called

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-(features @ self.coef + self.intercept)))


def load_linear_model(path: Path, trainer: str) -> LinearModel:
    """Read a model file; a missing or damaged one says which script makes it."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return LinearModel(np.asarray(data["coef"], dtype=np.float32), float(data["intercept"]),
                           float(data["threshold"]))
    except (OSError, ValueError, KeyError) as error:
        raise ModelError(f"cannot read the model {path}: {error}; train it with {trainer}") from error
