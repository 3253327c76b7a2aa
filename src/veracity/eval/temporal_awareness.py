"""TempEval-3's temporal-awareness score for temporal relations (UzZaman & Allen 2011; UzZaman et al. 2013).

Each side's relations (over event instances, times and the DCT ``t0``) are read as point relations
between interval ends and closed (``veracity.time.point_algebra``); each side is reduced (a relation its
predecessors already entail is dropped), and

    P = |reduced(system) verified by gold| / |reduced(system)|
    R = |reduced(gold) verified by system| / |reduced(gold)|,  F1 their harmonic mean,

where "verified by" means the same triple (or its inverse) is annotated on the other side or the other
side's closure entails it. Counts are summed over documents before dividing (micro), as the scorer does.

What follows the official TempEval-3 toolkit (``TE3-evaluation.py``, ``evaluation-relations/
temporal_evaluation.py`` and ``relation_to_timegraph.py``, read in the copy stored in the CogComp
cogcomp-nlp repository, ``temporal-normalizer/tools``): DURING and DURING_INV are scored as SIMULTANEOUS
(``consider_DURING_as_SIMULTANEOUS = True``), IDENTITY as SIMULTANEOUS in the graph; the reduction is
greedy in annotation order (a relation is dropped when the relations added before it entail it, not a
minimal transitive reduction); repeated triples count once; a relation that contradicts its predecessors
(or relates an entity to itself other than by SIMULTANEOUS/IDENTITY) is left out of that side's graph but
kept in its reduced set, so it is still scored; the default method (not ``acl11`` nor
``implicit_in_recall``). Where this module deliberately differs: the toolkit's timegraph is an
approximate chain structure, here reachability is exact; its BEGINS check can never succeed (it tests
``x1_y1 == '=' and x1_y1 == 'UNKNOWN'``), so there a BEGINS link is only verified by an identical
annotated triple, here also by closure. We could not run the toolkit itself (Python 2, not installed), so
scores were checked on hand-made graphs (``tests/test_temporal_awareness.py``), not against its output.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from veracity.time.point_algebra import INVERSE, RELATIONS, PointGraph, graph_relation, scored_relation

Triple = tuple[str, str, str]  # (source, target, relation)

@dataclass
class ReducedGraph:
    """One side's relations: its closure graph, its reduced relations (scored) and every triple annotated."""

    graph: PointGraph
    reduced: list[Triple]
    annotated: set[Triple]

    def verifies(self, triple: Triple) -> bool:
        x, y, rel = triple
        return (triple in self.annotated or (y, x, INVERSE.get(rel, rel)) in self.annotated
                or self.graph.entails(x, y, rel))


def reduce_relations(relations: Iterable[Triple]) -> ReducedGraph:
    """Greedy reduction in the given order (as the toolkit): entailed relations are dropped; contradicting
    ones are kept (scored) but not added to the graph; unknown relation types are ignored."""
    graph = PointGraph()
    reduced: list[Triple] = []
    seen: set[Triple] = set()
    for x, y, rel in relations:
        triple = (x, y, scored_relation(rel))
        if triple[2] not in RELATIONS or triple in seen:
            continue
        seen.add(triple)
        if x == y:
            if graph_relation(triple[2]) != "SIMULTANEOUS":
                reduced.append(triple)
            continue
        if graph.entails(x, y, triple[2]):
            continue
        graph.add(x, y, triple[2])
        reduced.append(triple)
    return ReducedGraph(graph, reduced, seen)


@dataclass
class AwarenessScorer:
    """Temporal-awareness counts summed over documents; ``result()`` gives P, R, F1 (micro, as TempEval-3)."""

    precision_matched: int = 0
    system_total: int = 0
    recall_matched: int = 0
    gold_total: int = 0

    def add(self, gold: Sequence[Triple], system: Sequence[Triple]) -> tuple[float, float, float]:
        """Score one document's relations; returns that document's (P, R, F1)."""
        gold_side, system_side = reduce_relations(gold), reduce_relations(system)
        p_hits = sum(gold_side.verifies(t) for t in system_side.reduced)
        r_hits = sum(system_side.verifies(t) for t in gold_side.reduced)
        self.precision_matched += p_hits
        self.system_total += len(system_side.reduced)
        self.recall_matched += r_hits
        self.gold_total += len(gold_side.reduced)
        return _prf(p_hits, len(system_side.reduced), r_hits, len(gold_side.reduced))

    def result(self) -> dict[str, float | int]:
        p, r, f1 = _prf(self.precision_matched, self.system_total, self.recall_matched, self.gold_total)
        return {"p": p, "r": r, "f1": f1, "system_reduced": self.system_total, "gold_reduced": self.gold_total,
                "precision_matched": self.precision_matched, "recall_matched": self.recall_matched}


def _prf(p_hits: int, p_total: int, r_hits: int, r_total: int) -> tuple[float, float, float]:
    p = p_hits / p_total if p_total else 0.0
    r = r_hits / r_total if r_total else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def temporal_awareness(gold: Sequence[Triple], system: Sequence[Triple]) -> tuple[float, float, float]:
    """(P, R, F1) of one document's system relations against its gold relations."""
    return AwarenessScorer().add(gold, system)
