"""The claim reranker (a cross-encoder run with numpy) and the matcher's second stage built on it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from veracity.links import claim_matching
from veracity.links.claim_matching import ClaimMatcher, FactCheck
from veracity.links.claim_reranker import ClaimReranker, reranker_input

RERANKER_DIR = Path(__file__).resolve().parents[2] / "benchmarks" / "models" / "claim_reranker"

pytestmark = pytest.mark.integration

CLAIM = "Obama let 122 Gitmo prisoners go and they went back to terror"
RIGHT = ("122 detainees released from Guantanamo Bay under Obama have re-engaged in terrorism.",
         "Did 122 Guantanamo Prisoners Return to the Battlefield?")
# Same prison, same president, many of the same words; another claim.
WRONG = ("Obama plans to close the Guantanamo Bay prison and move the prisoners to the United States.",
         "Is Obama Moving Gitmo Prisoners to the U.S.?")


def test_the_reranker_loads_without_torch() -> None:
    assert ClaimReranker.available(RERANKER_DIR)
    reranker = ClaimReranker(RERANKER_DIR)
    assert reranker.logits(CLAIM, []).shape == (0,)
    logits = reranker.logits(CLAIM, [RIGHT, WRONG, ("", "")])
    assert logits.shape == (3,) and logits.dtype == np.float32 and np.isfinite(logits).all()


def test_the_fact_check_that_covers_the_claim_outscores_one_on_the_same_topic() -> None:
    right, wrong = ClaimReranker(RERANKER_DIR).logits(CLAIM, [RIGHT, WRONG])
    assert right > wrong


def test_a_pair_scores_the_same_alone_and_in_a_batch() -> None:
    reranker = ClaimReranker(RERANKER_DIR)
    many = reranker.logits(CLAIM, [WRONG, RIGHT, ("A short one.", ""), (RIGHT[0] + " " + WRONG[0] * 3, "Long")])
    assert abs(float(reranker.logits(CLAIM, [RIGHT])[0]) - float(many[1])) < 1e-4


def test_the_input_names_the_title_only_when_it_adds_words() -> None:
    assert reranker_input("A claim.", "A title") == "A claim. [SEP] A title"
    assert reranker_input("A claim.", "") == reranker_input("A claim.", "A claim.") == "A claim."


def test_reranking_reorders_only_the_top_and_keeps_the_rest_below(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(claim_matching, "RERANK_DEPTH", 2)
    factchecks = [FactCheck("right", *RIGHT), FactCheck("wrong", *WRONG),
                  FactCheck("far", "The Eiffel Tower grows taller in summer.", "Does the Eiffel Tower Grow?")]
    matcher = ClaimMatcher(factchecks, reranker=ClaimReranker(RERANKER_DIR))
    first = matcher.first_stage_scores([CLAIM])[0]
    final = matcher.scores([CLAIM])[0]
    assert ClaimMatcher(factchecks).scores([CLAIM])[0].tolist() == first.tolist()  # the default: one stage
    assert final[2] < min(final[0], final[1])  # not reranked: below both reranked ones
    assert final[2] == first[2]  # already below them, so left on the first stage's scale
    assert final[0] > final[1]
    assert [m.factcheck.id for m in matcher.match([CLAIM], k=3, min_score=-1.0)[0]] == ["right", "wrong", "far"]


def test_many_claims_rerank_as_each_would_alone() -> None:
    factchecks = [FactCheck("right", *RIGHT), FactCheck("wrong", *WRONG)]
    matcher = ClaimMatcher(factchecks, reranker=ClaimReranker(RERANKER_DIR))
    other = "The Eiffel Tower grows taller in summer"
    together = matcher.scores([CLAIM, other])
    assert np.allclose(together[0], matcher.scores([CLAIM])[0], atol=1e-5)
    assert np.allclose(together[1], matcher.scores([other])[0], atol=1e-5)
