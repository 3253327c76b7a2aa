"""The contradiction judge: its features, a denial with no 'deny' in it, conflicts only between groups."""

from __future__ import annotations

import numpy as np
import pytest

from veracity.links.relations import JUDGE_FEATURES, find_conflicts, judge_features, load_judge

CLAIM = "The two met in Vienna in March."
DENIAL = "We are not aware of any such meeting."


@pytest.mark.unit
def test_features_are_symmetric_and_flag_negation_denial_and_numbers() -> None:
    forward = np.array([[0.1, 0.2, 0.7]], dtype=np.float32)  # entailment, neutral, contradiction
    backward = np.array([[0.3, 0.6, 0.1]], dtype=np.float32)
    a, b = ["The meeting took place in 2019."], ["The ministry denied that the meeting took place in 2020."]
    x = judge_features(forward, backward, np.array([0.8]), a, b)
    assert x.shape == (1, len(JUDGE_FEATURES))
    row = dict(zip(JUDGE_FEATURES, x[0], strict=True))
    assert row["log_contradiction_max"] == pytest.approx(np.log(0.7))
    assert row["log_contradiction_min"] == pytest.approx(np.log(0.1))
    assert row["cosine"] == pytest.approx(0.8)
    assert row["negation_mismatch"] == row["denial_cue_mismatch"] == row["number_mismatch"] == 1.0
    swapped = judge_features(backward, forward, np.array([0.8]), b, a)
    np.testing.assert_allclose(swapped, x)  # which statement came first does not matter


@pytest.mark.unit
def test_a_denial_need_not_say_deny() -> None:
    x = judge_features(np.full((1, 3), 1 / 3), np.full((1, 3), 1 / 3), np.array([0.5]), [CLAIM], [DENIAL])
    row = dict(zip(JUDGE_FEATURES, x[0], strict=True))
    assert row["denial_cue_mismatch"] == row["denial_cue_either"] == 1.0


@pytest.mark.integration
def test_the_shipped_judge_calls_a_denial_without_deny_a_conflict() -> None:
    judge = load_judge()
    denial, unrelated, elaboration = judge.probabilities([
        (DENIAL, CLAIM),
        ("Hale told donors he had warned Veldt's president in a phone call.",
         "The city council approved the new budget for parks."),
        ("The minister met the ambassador in Paris on Monday.", "The minister met the ambassador."),
    ])
    assert denial >= judge.threshold > max(unrelated, elaboration)
    assert judge.probabilities([(CLAIM, DENIAL)])[0] == pytest.approx(denial)  # either order


@pytest.mark.integration
def test_conflicts_are_only_between_groups() -> None:
    texts = ["The call took place in May.", "No such call ever took place.", "The call never happened."]
    assert all({c.first, c.second} != {1, 2} for c in find_conflicts(texts, ["a", "b", "b"]))
    assert find_conflicts(texts[:1], ["a"]) == []
