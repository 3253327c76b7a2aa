"""Stretches of text, and what lies near a range, without a scan over the whole text.

A long text has thousands of cues, quotes, events and quotation marks; the rules ask of each new one
whether it meets any of them. ``Stretches`` is for a fixed set: sorted by start once, with the furthest end
reached so far beside each, those starting before a point are a prefix, and one of them reaches past the
point exactly when that prefix's furthest end does. ``Slots`` is for a set that grows while it is asked:
each item is filed under every slot of a few hundred characters its stretch touches.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable
from typing import Generic, TypeVar

T = TypeVar("T")


class Stretches:
    """Fixed stretches ``[start, end)``."""

    def __init__(self, stretches: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(stretches)
        self._starts = [start for start, _ in ordered]
        self._reach = list(itertools.accumulate((end for _, end in ordered), max))

    def overlap(self, start: int, end: int) -> bool:
        """Whether any stretch shares a character with ``[start, end)`` (``s < end and start < e``)."""
        before = bisect.bisect_left(self._starts, end)
        return before > 0 and self._reach[before - 1] > start

    def cover(self, offset: int) -> bool:
        """Whether any stretch holds ``offset`` (``s <= offset < e``)."""
        before = bisect.bisect_right(self._starts, offset)
        return before > 0 and self._reach[before - 1] > offset


class Slots(Generic[T]):
    """Items filed by the slots of ``width`` characters their stretch ``[start, end)`` touches."""

    def __init__(self, width: int = 512) -> None:
        self.width = width
        self._items: list[T] = []
        self._slots: dict[int, list[int]] = {}

    def add(self, start: int, end: int, item: T) -> None:
        for slot in self._range(start, end):
            self._slots.setdefault(slot, []).append(len(self._items))
        self._items.append(item)

    def near(self, start: int, end: int) -> list[T]:
        """The items filed under the slots ``[start, end)`` touches (every item overlapping it among them),
        in the order they were filed."""
        slots = self._range(start, end)
        if len(slots) == 1:
            return [self._items[i] for i in self._slots.get(slots[0], ())]
        return [self._items[i] for i in sorted({i for slot in slots for i in self._slots.get(slot, ())})]

    def _range(self, start: int, end: int) -> range:
        return range(start // self.width, max(start, end - 1) // self.width + 1)
