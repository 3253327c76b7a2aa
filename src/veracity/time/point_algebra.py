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

    def _find(self, p: Point) -> Point:
        root = p
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[p] != root:
            self.parent[p], p = root, self.parent[p]
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
        while stack:
            for nxt in self.less[stack.pop()]:
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

    def _copy(self) -> PointGraph:
        return PointGraph(dict(self.parent), {k: set(v) for k, v in self.less.items()})

    def add(self, x: str, y: str, rel: str) -> bool:
        """Add ``x rel y`` unless it contradicts the graph (then the graph is unchanged and False)."""
        rel = graph_relation(rel)
        if rel not in _CONSTRAINTS:
            return False
        trial = self._copy()
        trial._ensure(x)
        trial._ensure(y)
        for a, op, b in _CONSTRAINTS[rel]:
            p, q = trial._points(x, y, a), trial._points(x, y, b)
            known = trial.point_relation(p, q)
            if known == op:
                continue
            if known != "?":
                return False
            rp, rq = trial._find(p), trial._find(q)
            if op == "<":
                trial.less[rp].add(rq)
            else:  # merge q's class into p's
                trial.parent[rq] = rp
                trial.less[rp] |= trial.less.pop(rq)
        self.parent, self.less = trial.parent, trial.less
        return True
