"""The claim-relation benchmark's folds (training/relation_data.py): no topic and no claim text on both sides."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "training"))  # the data readers
from relation_data import ClaimPair, grouped_folds, pair_groups, read_pairs  # noqa: E402

SHARED_DATA = Path(os.environ.get("VERACITY_DATA", Path(__file__).resolve().parents[3] / "shared" / "data"))


def _assert_nothing_on_both_sides(pairs: list[ClaimPair], folds: np.ndarray) -> None:
    fold_of: dict[str, int] = {}
    for pair, fold in zip(pairs, folds, strict=True):
        keys = [" ".join(pair.a.lower().split()), " ".join(pair.b.lower().split())]
        keys += ["topic:" + pair.topic] if pair.topic else []
        for key in keys:
            assert fold_of.setdefault(key, int(fold)) == fold, f"{key!r} is in folds {fold_of[key]} and {fold}"


@pytest.mark.unit
def test_folds_keep_topics_and_claim_texts_on_one_side() -> None:
    pairs = [ClaimPair(f"Claim {i} of topic {i % 7}.", f"Reply {i}.", i % 5 == 0, f"p{i}", topic=f"t{i % 7}")
             for i in range(60)]
    # A claim text shared across two topics joins them; a claim repeated with other case and spacing too.
    pairs.append(ClaimPair("Claim 1 of topic 1.", "Reply in topic 2.", False, "x1", topic="t2"))
    pairs.append(ClaimPair("  claim 3 OF topic 3. ", "Reply 100.", True, "x2", topic="t6"))
    groups = pair_groups(pairs)
    assert len(set(groups)) == 7 - 2
    folds = grouped_folds(groups, 3, spread=[p.topic == "t0" for p in pairs], positives=[p.weakens for p in pairs])
    assert set(folds.tolist()) == {0, 1, 2}
    _assert_nothing_on_both_sides(pairs, folds)


@pytest.mark.unit
def test_fever_style_pairs_group_by_claim_or_evidence() -> None:
    pairs = [ClaimPair("Evidence A.", "Claim 1.", True, "0"), ClaimPair("Evidence A.", "Claim 2.", False, "1"),
             ClaimPair("Evidence B.", "Claim 2.", True, "2"), ClaimPair("Evidence C.", "Claim 3.", False, "3")]
    groups = pair_groups(pairs)
    assert groups[0] == groups[1] == groups[2] != groups[3]


@pytest.mark.skipif(not (SHARED_DATA / "claim-relations").is_dir(), reason=f"shared data absent at {SHARED_DATA}")
@pytest.mark.unit
def test_claimdiff_folds_share_no_topic_and_no_claim() -> None:
    pairs = read_pairs(SHARED_DATA / "claim-relations" / "claimdiff_weak_train.json")
    gold = [p.weakens for p in pairs]
    folds = grouped_folds(pair_groups(pairs), 5, positives=gold)
    _assert_nothing_on_both_sides(pairs, folds)
    sizes = np.bincount(folds)
    assert sizes.min() > 0.8 * len(pairs) / 5  # near-equal folds
