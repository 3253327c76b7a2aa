"""``PointGraph.add`` tries a relation on the graph itself and puts every change back on a contradiction."""

from __future__ import annotations

import random

from veracity.time.point_algebra import RELATIONS, PointGraph


def _classes(graph: PointGraph) -> set[frozenset[tuple[str, str]]]:
    by_root: dict[tuple[str, str], set[tuple[str, str]]] = {}
    for point in list(graph.parent):
        by_root.setdefault(graph._find(point), set()).add(point)
    return {frozenset(members) for members in by_root.values()}


def _closure(graph: PointGraph, entities: list[str]) -> dict[tuple[str, str, str], bool]:
    return {(x, y, rel): graph.entails(x, y, rel)
            for x in entities for y in entities for rel in ("BEFORE", "INCLUDES", "SIMULTANEOUS")}


def test_a_contradiction_after_a_merge_leaves_the_graph_as_it_was() -> None:
    graph = PointGraph()
    assert graph.add("a", "b", "BEFORE") and graph.add("c", "b", "ENDS")
    state = (_classes(graph), _closure(graph, ["a", "b", "c", "x"]))
    assert graph.add("a", "x", "BEFORE")
    state = (_classes(graph), _closure(graph, ["a", "b", "c", "x"]))
    assert not graph.add("x", "a", "BEGINS")  # x.s = a.s, though a ends before x starts
    assert not graph.add("z", "z", "BEFORE")  # a new entity is kept only when its relation is
    assert not graph.has("z")
    assert (_classes(graph), _closure(graph, ["a", "b", "c", "x"])) == state


def test_failed_adds_change_nothing_random() -> None:
    entities = [f"e{n}" for n in range(6)]
    relations = sorted(RELATIONS)
    for seed in range(40):
        rng = random.Random(seed)
        graph = PointGraph()
        for _ in range(25):
            points, roots = set(graph.parent), set(graph.less)
            classes, closure = _classes(graph), _closure(graph, entities)
            if not graph.add(rng.choice(entities), rng.choice(entities), rng.choice(relations)):
                assert set(graph.parent) == points and set(graph.less) == roots
                assert _classes(graph) == classes and _closure(graph, entities) == closure
