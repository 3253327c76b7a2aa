"""Interval relations as point algebra: TimeML's relation types over start and end points, and their closure.

A relation between two intervals (event instances, times) is a conjunction of ``<`` / ``=`` constraints
between their start ``s`` and end ``e`` points (X BEFORE Y is ``X.e < Y.s``; X INCLUDES Y is ``X.s < Y.s``
and ``Y.e < X.e``), every interval having ``s < e``. Equal points share a class and ``<`` edges join
classes, so a relation is entailed when its constraints are (reachability), and contradicted when one is
reversed: the point algebra on {<, =} is exact for these relations, no Allen composition table is needed.
Shared by the temporal-awareness scorer (``veracity.eval.temporal_awareness``) and the relation model
(``veracity.time.tlinks``), which keeps its links consistent with it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Point = tuple[str, str]  # (entity id, "s" or "e")

# relation -> point constraints (left, op, right) over x = source, y = target
_CONSTRAINTS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "BEFORE": (("xe", "<", "ys"),),
    "AFTER": (("ye", "<", "xs"),),
    "IBEFORE": (("xe", "=", "ys"),),
    "IAFTER": (("ye", "=", "xs"),),
    "BEGINS": (("xs", "=", "ys"), ("xe", "<", "ye")),
    "BEGUN_BY": (("xs", "=", "ys"), ("ye", "<", "xe")),
    "ENDS": (("xe", "=", "ye"), ("ys", "<", "xs")),
    "ENDED_BY": (("xe", "=", "ye"), ("xs", "<", "ys")),
    "INCLUDES": (("xs", "<", "ys"), ("ye", "<", "xe")),
    "IS_INCLUDED": (("ys", "<", "xs"), ("xe", "<", "ye")),
    "SIMULTANEOUS": (("xs", "=", "ys"), ("xe", "=", "ye")),
}
INVERSE = {"BEFORE": "AFTER", "AFTER": "BEFORE", "IBEFORE": "IAFTER", "IAFTER": "IBEFORE",
           "BEGINS": "BEGUN_BY", "BEGUN_BY": "BEGINS", "ENDS": "ENDED_BY", "ENDED_BY": "ENDS",
           "INCLUDES": "IS_INCLUDED", "IS_INCLUDED": "INCLUDES", "SIMULTANEOUS": "SIMULTANEOUS",
           "IDENTITY": "IDENTITY", "DURING": "DURING_INV", "DURING_INV": "DURING"}
RELATIONS = frozenset(INVERSE)


def scored_relation(rel: str) -> str:
    """The relation as the scorer reads it: DURING and DURING_INV become SIMULTANEOUS (as in TempEval-3)."""
    rel = rel.upper()
    return "SIMULTANEOUS" if rel in ("DURING", "DURING_INV") else rel


def graph_relation(rel: str) -> str:
    rel = scored_relation(rel)
    return "SIMULTANEOUS" if rel == "IDENTITY" else rel




@dataclass
class PointGraph:
    """Interval endpoints under ``<`` and ``=``: equal points share a class, ``<`` edges join classes."""

    parent: dict[Point, Point] = field(default_factory=dict)
    less: dict[Point, set[Point]] = field(default_factory=dict)  # class root -> roots strictly after it
    # while ``add`` tries a relation: how to put back each change, so a contradiction leaves the graph as it was
    _undo: list[tuple[Any, ...]] | None = field(default=None, init=False, repr=False, compare=False)

    def _find(self, p: Point) -> Point:
        parent = self.parent
        root = p
        while parent[root] != root:
            root = parent[root]
        while parent[p] != root:
            if self._undo is not None:
                self._undo.append(("parent", p, parent[p]))
            parent[p], p = root, parent[p]
        return root

    def has(self, entity: str) -> bool:
        return (entity, "s") in self.parent

    def _ensure(self, entity: str) -> None:
        if not self.has(entity):
            s, e = (entity, "s"), (entity, "e")
            self.parent[s], self.parent[e] = s, e
            self.less[s], self.less[e] = {e}, set()

    def _before(self, a: Point, b: Point) -> bool:
        """a < b by some path of ``<`` edges (between class roots)."""
        start, goal = self._find(a), self._find(b)
        seen, stack = {start}, [start]
        parent, less = self.parent, self.less
        while stack:
            for nxt in less[stack.pop()]:
                if parent[nxt] != nxt:
                    nxt = self._find(nxt)
                if nxt == goal:
                    return True
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        return False

    def point_relation(self, a: Point, b: Point) -> str:
        """'=', '<', '>' or '?' between two known points."""
        if self._find(a) == self._find(b):
            return "="
        if self._before(a, b):
            return "<"
        return ">" if self._before(b, a) else "?"

    @staticmethod
    def _points(x: str, y: str, name: str) -> Point:
        return (x if name[0] == "x" else y, name[1])

    def entails(self, x: str, y: str, rel: str) -> bool:
        """Whether the closure holds ``x rel y`` (False when either entity is unknown)."""
        rel = graph_relation(rel)
        if rel not in _CONSTRAINTS or not (self.has(x) and self.has(y)):
            return False
        return all(self.point_relation(self._points(x, y, a), self._points(x, y, b)) == op
                   for a, op, b in _CONSTRAINTS[rel])

    def add(self, x: str, y: str, rel: str) -> bool:
        """Add ``x rel y`` unless it contradicts the graph (then the graph is unchanged and False).

        The relation is tried on the graph itself, each change recorded and put back on a contradiction
        (rather than tried on a copy: a copy per link made checking a document's links quadratic)."""
        rel = graph_relation(rel)
        if rel not in _CONSTRAINTS:
            return False
        fresh = [entity for entity in dict.fromkeys((x, y)) if not self.has(entity)]
        for entity in fresh:
            self._ensure(entity)
        undo: list[tuple[Any, ...]] = []
        self._undo = undo
        try:
            for a, op, b in _CONSTRAINTS[rel]:
                p, q = self._points(x, y, a), self._points(x, y, b)
                known = self.point_relation(p, q)
                if known == op:
                    continue
                if known != "?":
                    self._roll_back(undo, fresh)
                    return False
                rp, rq = self._find(p), self._find(q)
                if op == "<":
                    if rq not in self.less[rp]:
                        undo.append(("edge", rp, rq))
                        self.less[rp].add(rq)
                else:  # merge q's class into p's
                    moved = self.less.pop(rq)
                    undo.append(("merge", rp, rq, moved, set(self.less[rp])))
                    self.parent[rq] = rp
                    self.less[rp] |= moved
        finally:
            self._undo = None
        return True

    def _roll_back(self, undo: list[tuple[Any, ...]], fresh: list[str]) -> None:
        """Put back the changes of a failed ``add``, latest first, and forget the entities it introduced."""
        for change in reversed(undo):
            if change[0] == "parent":
                self.parent[change[1]] = change[2]
            elif change[0] == "edge":
                self.less[change[1]].discard(change[2])
            else:
                _, rp, rq, moved, before = change
                self.parent[rq] = rq
                self.less[rq] = moved
                self.less[rp] = before
        for entity in fresh:
            for point in ((entity, "s"), (entity, "e")):
                del self.parent[point]
                del self.less[point]
