"""The claim-relation model: pair features, and a denial scored above an unrelated pair."""

from __future__ import annotations

import numpy as np
import pytest

from veracity.links.relations import find_conflicts, load_weakens, pair_features

pytestmark = pytest.mark.integration


def test_features_flag_negation_and_number_mismatch() -> None:
    a = b = np.eye(1, 384, dtype=np.float32)
    x = pair_features(a, b, ["The meeting took place in 2019."], ["The meeting did not take place in 2020."])
    assert x.shape == (1, 772)
    assert list(x[0, -4:-1]) == [1.0, 1.0, 1.0]  # cosine, one side negated, numbers differ


def test_a_denial_weakens_the_claim_more_than_an_unrelated_sentence() -> None:
    model = load_weakens()
    denial, unrelated = model.probabilities([
        ("Hale told donors he had warned Veldt's president in a phone call.",
         "No such call between Hale and the president ever took place."),
        ("Hale told donors he had warned Veldt's president in a phone call.",
         "The city council approved the new budget for parks."),
    ])
    assert denial > unrelated


def test_conflicts_are_only_between_groups() -> None:
    texts = ["The call took place in May.", "No such call ever took place.", "The call never happened."]
    assert all({c.first, c.second} != {1, 2} for c in find_conflicts(texts, ["a", "b", "b"]))
    assert find_conflicts(texts[:1], ["a"]) == []
