"""Quotes under construction and the span arithmetic the assembler shares.

Spans are half-open character offsets into the document text. A paragraph is the stretch between
line breaks; attributions (a source and its cue) never cross one, quotations may.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n")
_TRIM = " \t\n\r,.;:!?\"'“”‘’«»‹›„‚—–-…()[]"
_EDGE_PUNCTUATION = " \t\n\r,;:—–-"
OPENING_MARKS = "\"'“‘«‹„‚"
_CLOSING = "\"'”’»›“"
_DOUBLE_MARKS = "\"“”«»„"


@dataclass
class Draft:
    """A quote under construction; spans are character offsets into the document text."""

    content: list[tuple[int, int]]
    cue: tuple[int, int] | None = None
    source: tuple[int, int] | None = None
    scores: list[float] = field(default_factory=list)
    from_marks: bool = False
    parent: Draft | None = None
    kind: str | None = None  # set where the way it was found fixes it (a transcript turn is direct)
    hearer: tuple[int, int] | None = None  # the addressee, where the frame that found it names one
    carrier: tuple[int, int] | None = None  # the medium, where the frame that found it names one
    # Where the words said begin when the content, as PolNeAR annotates it, opens with whom or what they
    # are said of ("the union of “playing politics with patients”"): the displayed text starts here.
    said_from: int | None = None
    # Where they end, when the annotated content runs on past them ('urged passengers to "travel only if
    # absolutely necessary" on both days': the displayed text stops with the quotation).
    said_to: int | None = None

    def take(self, pieces: list[tuple[int, int]]) -> None:
        """Grow the content by more pieces of the same quotation, in text order; pieces that overlap
        merge, so no word is ever quoted twice (a quotation nested in one already held adds nothing)."""
        merged: list[tuple[int, int]] = []
        for start, end in sorted(self.content + pieces):
            if merged and start < merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], end))
            else:
                merged.append((start, end))
        self.content = merged

    @property
    def start(self) -> int:
        return self.content[0][0]

    @property
    def end(self) -> int:
        return self.content[-1][1]


def paragraph_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in _PARAGRAPH_BREAK.finditer(text)]


def paragraph_of(paragraphs: list[int], offset: int) -> int:
    return bisect.bisect_right(paragraphs, offset) - 1


def gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(a[0] - b[1], b[0] - a[1], 0)


def opens_sentence(text: str, offset: int) -> bool:
    """A quotation that starts a sentence (after a full stop, colon or line break), not a title.

    Opening marks right before it are skipped: in ``so-called ''carried interest''`` the inner run
    follows the outer one's mark, and the words before that decide."""
    before = text[max(0, offset - 40) : offset].rstrip(" \t" + OPENING_MARKS)
    return not before or before[-1] in ".!?:\n”\"’'"


def inside(span: tuple[int, int], outer: tuple[int, int] | None) -> bool:
    return outer is not None and outer[0] <= span[0] and span[1] <= outer[1]


def overlaps(a: tuple[int, int] | None, b: tuple[int, int] | None) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def clamp(
    span: tuple[int, int], paragraphs: list[int], text: str, anchor: tuple[int, int]
) -> tuple[int, int] | None:
    """Cut a span to the paragraph of its anchor: the parser sometimes runs noun phrases across a
    paragraph break (a stray "Advert" line fused with the next sentence's subject)."""
    home = paragraph_of(paragraphs, anchor[0])
    low = paragraphs[home]
    high = paragraphs[home + 1] if home + 1 < len(paragraphs) else len(text)
    span = (after_dateline(text, *span), span[1])
    if low <= span[0] and span[1] <= high:
        # Within its paragraph the span keeps its edges as PolNeAR marks them: "Sen. Lindsey Graham
        # (R-S.C.)" with its bracket, "Brian Fallon, the campaign's press secretary," with its comma.
        start, end = span
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return (start, end) if end > start else None
    return trimmed(text, max(span[0], low), min(span[1], high))


def trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return (start, end) if end > start else None


def strip_marks(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Content without the commas and spaces at its edges, and without its quotation marks when
    they enclose all of it (a mark that closes a quotation inside the content stays)."""
    for _ in range(3):
        while start < end and text[start] in _EDGE_PUNCTUATION:
            start += 1
        while end > start and text[end - 1] in _EDGE_PUNCTUATION:
            end -= 1
        if end - start >= 3 and text[end - 1] in ".!?" and text[end - 2] in _CLOSING and any(
                text[i] in OPENING_MARKS for i in range(start, end - 2)):
            end -= 1  # '"… light".', 'he had "betrayed …".': the full stop after the closing mark is the narration's
        if end - start >= 2 and text[start] in OPENING_MARKS and text[end - 1] in _CLOSING:
            start, end = start + 1, end - 1
        elif sum(text[start:end].count(m) for m in _DOUBLE_MARKS) % 2 == 1:
            # One unmatched mark at an edge: the piece was cut from a longer quotation.
            if text[start] in _DOUBLE_MARKS:
                start += 1
            elif text[end - 1] in _DOUBLE_MARKS:
                end -= 1
            else:
                break
        else:
            break
    return (start, end) if end > start else None


# "STOCKHOLM, March 12 (Nordwire) - ", "LONDON (FinWire) - ", "COLUMBUS, Ohio (AWP) - ": a place in capitals with
# a date, an agency or both (the parse starts the first sentence after it, as after_dateline starts a source).
DATELINE = re.compile(r"[A-Z][A-Z .'’-]+(?:,\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}\s*(?:\([^)\n]{2,40}\))?"
                           r"|(?:,\s+[A-Z][\w.'’ -]{1,30}?)?\s*\([^)\n]{2,40}\))\s*[-–—]\s+")


def after_dateline(text: str, start: int, end: int) -> int:
    """Where a span starts once a dateline it swallowed is left out: "STOCKHOLM, March 12 (Nordwire) -
    the ministry" is the ministry, and the agency in brackets is the report's, not the speaker."""
    line_start = text.rfind("\n", 0, start) + 1
    match = DATELINE.match(text, line_start, end)
    return match.end() if match and start < match.end() < end else start


@dataclass(frozen=True)
class DraftSpan:
    """A span of one draft (its cue, a piece of its words), for a SpanIndex of spans that remembers whose."""

    start: int
    end: int
    draft: Draft


class SpanIndex:
    """Items with ``start``/``end`` offsets, sorted, to find those in a window without a scan over
    the whole document (so linking stays near-linear even in a book-length text)."""

    def __init__(self, items: list[Any]) -> None:
        self.items = sorted(items, key=lambda item: item.start)
        self.starts = [item.start for item in self.items]
        self.longest = max((item.end - item.start for item in self.items), default=0)

    def starting_in(self, low: int, high: int) -> list[Any]:
        """Items whose start lies in ``[low, high]``."""
        return self.items[bisect.bisect_left(self.starts, low) : bisect.bisect_right(self.starts, high)]

    def overlapping(self, low: int, high: int) -> list[Any]:
        """Items that share at least one character with ``[low, high)``."""
        return [item for item in self.starting_in(low - self.longest, high - 1) if item.end > low]
