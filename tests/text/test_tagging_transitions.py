"""Learned CRF transitions in the tagger's Viterbi: used when ``tagger.json`` stores them, inert when not."""

import itertools
import json
import shutil

import numpy as np
import pytest

from veracity.errors import ModelError
from veracity.text.tagging import (
    MODEL_DIR,
    AttributionTagger,
    Transitions,
    _crf_inside,
    _decode,
    _viterbi,
    read_transitions,
)

ZERO = Transitions(between=np.zeros((3, 3)), start=np.zeros(3), end=np.zeros(3))


def _ambiguous() -> np.ndarray:
    """Per-subword scores whose best path alone is B I O, but which a strong I -> I prize extends."""
    return np.log(np.array([[0.1, 0.8, 0.1], [0.2, 0.1, 0.7], [0.6, 0.05, 0.35]]))


def test_learned_transitions_change_the_best_path() -> None:
    assert _viterbi(_ambiguous()).tolist() == [1, 2, 0]
    keep_going = np.zeros((3, 3))
    keep_going[2, 2] = 2.0  # an I after an I: worth more than the third subword's preference for O
    with_crf = Transitions(between=keep_going, start=np.zeros(3), end=np.zeros(3))
    assert _viterbi(_ambiguous(), with_crf).tolist() == [1, 2, 2]


def test_start_and_end_scores_count() -> None:
    no_end_in_span = Transitions(between=np.zeros((3, 3)), start=np.zeros(3), end=np.array([0.0, -5.0, -5.0]))
    assert _viterbi(_ambiguous()[:2], no_end_in_span).tolist() == [1, 0]
    no_start_in_span = Transitions(between=np.zeros((3, 3)), start=np.array([0.0, -5.0, -5.0]), end=np.zeros(3))
    assert _viterbi(_ambiguous(), no_start_in_span)[0] == 0


def test_zero_transitions_and_none_decode_alike_and_keep_the_bio_constraint() -> None:
    rng = np.random.default_rng(3)
    for _ in range(20):
        log_probs = np.log(rng.dirichlet(np.ones(3), size=30))
        plain = _viterbi(log_probs)
        assert _viterbi(log_probs, ZERO).tolist() == plain.tolist()
        favour_o_to_i = np.zeros((3, 3))
        favour_o_to_i[0, 2] = 50.0  # learned scores never lift the ban on an I right after an O
        labels = _viterbi(log_probs, Transitions(favour_o_to_i, np.zeros(3), np.zeros(3)))
        assert not any(a == 0 and b == 2 for a, b in zip(labels, labels[1:], strict=False))


def test_decode_uses_the_transitions_of_each_role() -> None:
    text = "one two three"
    offsets = [(0, 3), (4, 7), (8, 13)]
    probs = np.tile(np.exp(_ambiguous())[:, None, :], (1, 3, 1))
    keep_going = np.zeros((3, 3))
    keep_going[2, 2] = 2.0
    spans = _decode(probs, offsets, text, {"content": Transitions(keep_going, np.zeros(3), np.zeros(3))})
    by_role = {s.role: text[s.start : s.end] for s in spans}
    assert by_role == {"source": "one two", "cue": "one two", "content": "one two three"}


def test_transitions_are_read_from_tagger_json() -> None:
    meta = {"transitions": {"cue": {"between": [[0, 1, 2], [3, 4, 5], [6, 7, 8]], "start": [1, 0, 0],
                                    "end": [0, 0, 1]}}}
    read = read_transitions(meta)
    assert set(read) == {"cue"}
    assert read["cue"].between[2, 1] == 7 and read["cue"].end[2] == 1
    assert read_transitions({}) == {}
    with pytest.raises(ModelError):
        read_transitions({"transitions": {"cue": {"between": [1, 2]}}})


@pytest.mark.integration
def test_a_model_folder_with_transitions_decodes_with_them(tmp_path) -> None:
    """The same ONNX weights tag differently once tagger.json carries a CRF that forbids every span."""
    text = 'The minister said on Tuesday that "the budget will be balanced by next year."'
    for name in ("tagger.onnx", "tokenizer.json"):
        (tmp_path / name).symlink_to(MODEL_DIR / name)
    shutil.copy(MODEL_DIR / "tagger.json", tmp_path / "tagger.json")
    assert AttributionTagger(tmp_path, threads=1).tag(text) == AttributionTagger(MODEL_DIR, threads=1).tag(text)
    meta = json.loads((tmp_path / "tagger.json").read_text())
    never_begin = [[0.0, -1e6, 0.0], [0.0, -1e6, 0.0], [0.0, -1e6, 0.0]]
    meta["transitions"] = {role: {"between": never_begin, "start": [0.0, -1e6, 0.0], "end": [0.0, 0.0, 0.0]}
                           for role in ("source", "cue", "content")}
    (tmp_path / "tagger.json").write_text(json.dumps(meta))
    assert AttributionTagger(MODEL_DIR, threads=1).tag(text)
    assert AttributionTagger(tmp_path, threads=1).tag(text) == []


def _brute_force_inside(log_probs: np.ndarray, crf: Transitions) -> np.ndarray:
    """P(label is B or I) per position, by scoring every allowed label sequence (small n only)."""
    weights = {}
    for path in itertools.product(range(3), repeat=len(log_probs)):
        if path[0] == 2 or any(a == 0 and b == 2 for a, b in itertools.pairwise(path)):
            continue  # the BIO constraint: no I first or right after an O
        score = crf.start[path[0]] + crf.end[path[-1]] + sum(log_probs[i, label] for i, label in enumerate(path))
        score += sum(crf.between[a, b] for a, b in itertools.pairwise(path))
        weights[path] = np.exp(score)
    total = sum(weights.values())
    return np.array([sum(w for p, w in weights.items() if p[i] != 0) / total for i in range(len(log_probs))])


def test_span_scores_of_a_crf_model_are_its_marginals() -> None:
    rng = np.random.default_rng(5)
    for n in (1, 2, 5):
        log_probs = np.log(rng.dirichlet(np.ones(3), size=(n, 3)))
        crfs = [Transitions(rng.normal(size=(3, 3)), rng.normal(size=3), rng.normal(size=3)) for _ in range(2)]
        inside = _crf_inside(log_probs[:, [0, 2]], crfs)
        assert np.allclose(inside[:, 0], _brute_force_inside(log_probs[:, 0], crfs[0]))
        assert np.allclose(inside[:, 1], _brute_force_inside(log_probs[:, 2], crfs[1]))


def test_a_long_text_neither_underflows_nor_loses_its_spans() -> None:
    n = 5000
    log_probs = np.log(np.tile([0.98, 0.01, 0.01], (n, 3, 1)))
    log_probs[2000] = np.log([0.01, 0.98, 0.01])  # one confident one-subword span far into the text
    crf = Transitions(np.zeros((3, 3)), np.zeros(3), np.zeros(3))
    inside = _crf_inside(log_probs, [crf] * 3)
    assert np.isfinite(inside).all()
    assert inside[2000, 0] > 0.95 and inside[1000, 0] < 0.05


def test_decoded_span_scores_come_from_the_crf_only_when_the_model_has_one() -> None:
    text = "one two three"
    offsets = [(0, 3), (4, 7), (8, 13)]
    probs = np.tile(np.exp(_ambiguous())[:, None, :], (1, 3, 1))
    plain = {s.role: s.score for s in _decode(probs, offsets, text)}
    assert plain["content"] == round(1.0 - (0.1 + 0.2) / 2, 4)  # the softmax's mean, as before CRFs
    sure = Transitions(np.array([[0.0, 0.0, 0.0], [0.0, 0.0, 3.0], [3.0, 0.0, 0.0]]), np.zeros(3), np.zeros(3))
    scored = {s.role: s.score for s in _decode(probs, offsets, text, {"content": sure})}
    expected = _crf_inside(np.log(probs[:, [2]]), [sure])[:2, 0].mean()
    assert scored["content"] == round(float(expected), 4) != plain["content"]
    assert scored["cue"] == plain["cue"]  # a role without a CRF keeps its softmax score
