"""Stretches of text, asked whether any overlaps a range or covers an offset in logarithmic time.

A long text has thousands of cues, quotes and quotation marks; the rules ask of each new one whether it
meets any of them. The stretches are sorted by start once, with the furthest end reached so far beside
each: those starting before a point are a prefix, and one of them reaches past the point exactly when that
prefix's furthest end does.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable


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
