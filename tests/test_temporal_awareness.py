"""The temporal-awareness scorer on hand-made graphs whose scores were worked out by hand."""

from __future__ import annotations

import pytest

from veracity.eval.temporal_awareness import AwarenessScorer, reduce_relations, temporal_awareness
from veracity.time.point_algebra import PointGraph

CHAIN = [("A", "B", "BEFORE"), ("B", "C", "BEFORE")]


def test_identical_graphs_score_one() -> None:
    assert temporal_awareness(CHAIN, CHAIN) == (1.0, 1.0, 1.0)


def test_an_entailed_relation_is_reduced_away() -> None:
    reduced = reduce_relations([*CHAIN, ("A", "C", "BEFORE")]).reduced
    assert reduced == [("A", "B", "BEFORE"), ("B", "C", "BEFORE")]


def test_closure_verifies_an_unannotated_relation() -> None:
    # system A<C is not annotated but gold's closure holds it: P = 2/2; of gold's A<B, B<C only A<B is
    # in the system's closure: R = 1/2; F1 = 2/3
    p, r, f1 = temporal_awareness(CHAIN, [("A", "C", "BEFORE"), ("A", "B", "BEFORE")])
    assert (p, r) == (1.0, 0.5)
    assert f1 == pytest.approx(2 / 3)


def test_inverse_and_during_read_as_the_scorer_reads_them() -> None:
    # C AFTER A is not entailed (A's end vs C's start unknown); B DURING A is SIMULTANEOUS, which
    # contradicts A INCLUDES B: P = 0/2. Gold's B<C follows from B=A and A<C in the system: R = 1/2
    gold = [("A", "B", "INCLUDES"), ("B", "C", "BEFORE")]
    assert temporal_awareness(gold, [("C", "A", "AFTER"), ("B", "A", "DURING")]) == (0.0, 0.5, 0.0)


def test_a_contradicting_relation_is_kept_and_scored() -> None:
    side = reduce_relations([("A", "B", "BEFORE"), ("B", "A", "BEFORE")])
    assert len(side.reduced) == 2
    assert not side.graph.entails("B", "A", "BEFORE")


def test_counts_are_summed_over_documents() -> None:
    scorer = AwarenessScorer()
    scorer.add(CHAIN, CHAIN)  # 2 of 2 both ways
    scorer.add(CHAIN, [("A", "B", "AFTER")])  # 0 of 1, 0 of 2
    result = scorer.result()
    assert (result["p"], result["r"]) == (2 / 3, 2 / 4)


def test_empty_sides_score_zero() -> None:
    assert temporal_awareness([], []) == (0.0, 0.0, 0.0)
    assert temporal_awareness(CHAIN, []) == (0.0, 0.0, 0.0)


def test_point_relations_of_the_timeml_types() -> None:
    graph = PointGraph()
    assert graph.add("x", "y", "IBEFORE") and graph.add("y", "z", "BEGINS")
    assert graph.entails("x", "z", "IBEFORE")  # x ends where y and z start
    assert graph.entails("z", "y", "BEGUN_BY")
    assert not graph.add("z", "x", "BEFORE")  # contradiction: graph unchanged
    assert graph.entails("x", "z", "IBEFORE")
    assert graph.add("w", "x", "INCLUDES") and graph.entails("x", "w", "IS_INCLUDED")
    assert not graph.entails("w", "z", "BEFORE")  # unknown is not entailed
