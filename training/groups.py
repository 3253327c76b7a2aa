"""Items joined into groups that share something (a claim text, a topic, an evidence sentence): union-find.

The grouped splits of the NLI and claim-relation data both need it: a pair sharing any text with another
lands in the same group, so no text is on both sides of a split.
"""

from __future__ import annotations


class Groups:
    """``join`` two keys into one group; ``find`` gives the group's name (one of its keys)."""

    def __init__(self) -> None:
        self._parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        while self._parent.setdefault(key, key) != key:
            self._parent[key] = self._parent[self._parent[key]]  # halve the path as we go
            key = self._parent[key]
        return key

    def join(self, a: str, b: str) -> None:
        self._parent[self.find(a)] = self.find(b)
