"""Clean text line by line (newlines, boilerplate, blank runs, topics) and keep the offset map.

The cleaned text is built only from verbatim slices of the input plus inserted line breaks, so each
slice becomes one ``(clean_start, input_start, length)`` segment of the OffsetMap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from veracity.ingest.boilerplate import is_boilerplate, parse_topics

# Line breaks: \r\n and lone \r become \n; form feed (a page break in pdftotext output) and the
# Unicode line and paragraph separators count as breaks too.
_LINE_BREAK = re.compile(r"\r\n|\r|\n|\x0c|\u2028|\u2029")
PARAGRAPH_BREAK = "\n\n"


@dataclass
class CleanedText:
    """Cleaned text, its map back to the input, and the topics taken from a trailing topics line."""

    text: str
    segments: list[tuple[int, int, int]] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)


@dataclass
class _Line:
    start: int  # offset of the kept content in the input
    content: str  # the line without leading or trailing whitespace
    follows_break: bool  # a blank or dropped line separates it from the previous kept line


def clean_text(text: str, *, lines_are_paragraphs: bool = False) -> CleanedText:
    """Drop boilerplate lines, take a trailing topics line, and normalise line breaks and spacing.

    In plain text a single newline may be a hard wrap, so it stays a single newline; blank or
    dropped lines become one paragraph break. ``lines_are_paragraphs`` (extracted HTML, one
    paragraph per line) joins every kept line with a paragraph break.
    """
    lines = _kept_lines(text)
    topics = _take_trailing_topics(lines)
    builder = _SegmentBuilder()
    previous_end = 0
    for index, line in enumerate(lines):
        if index > 0:
            separate = lines_are_paragraphs or line.follows_break
            separator = PARAGRAPH_BREAK if separate else "\n"
            # A separator equal to the input's is a verbatim copy too, which keeps the map short.
            if text[previous_end : line.start] == separator:
                builder.add_copied(separator, previous_end)
            else:
                builder.add_inserted(separator)
        builder.add_copied(line.content, line.start)
        previous_end = line.start + len(line.content)
    return CleanedText(builder.text(), builder.segments, topics)


def _kept_lines(text: str) -> list[_Line]:
    kept: list[_Line] = []
    pending_break = False
    position = 0
    for match in [*_LINE_BREAK.finditer(text), None]:
        end = match.start() if match else len(text)
        raw = text[position:end]
        content = raw.strip()
        if not content or is_boilerplate(content):
            pending_break = True
        else:
            leading = len(raw) - len(raw.lstrip())
            kept.append(_Line(position + leading, content, pending_break))
            pending_break = False
        if match:
            position = match.end()
    return kept


def _take_trailing_topics(lines: list[_Line]) -> list[str]:
    """Remove a "Topics: ..." line when it is the last kept line, returning its topics."""
    if lines:
        topics = parse_topics(lines[-1].content)
        if topics:
            lines.pop()
            return topics
    return []


class _SegmentBuilder:
    """Accumulates the cleaned text and merges adjacent verbatim runs into one segment."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self.segments: list[tuple[int, int, int]] = []

    def add_copied(self, piece: str, input_start: int) -> None:
        if self.segments:
            clean_start, last_input, length = self.segments[-1]
            if clean_start + length == self._length and last_input + length == input_start:
                self.segments[-1] = (clean_start, last_input, length + len(piece))
                self._append(piece)
                return
        self.segments.append((self._length, input_start, len(piece)))
        self._append(piece)

    def add_inserted(self, piece: str) -> None:
        self._append(piece)

    def _append(self, piece: str) -> None:
        self._parts.append(piece)
        self._length += len(piece)

    def text(self) -> str:
        return "".join(self._parts)
