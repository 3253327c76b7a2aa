"""The lines of a story that are page furniture, not reporting: headlines, bylines, link teasers.

A headline paraphrases a quote the body reports properly ("Aide says developer pledged 'whatever
it takes'"), and a "Read more:" teaser quotes another story; read as quotes they would be given to
whoever the paraphrase names and counted twice. Such lines are told apart by their form: short, one
line, and ending without a full stop. Only the story's leading block (everything before its first
sentence-ending line) and lines that open with a teaser's label count, so a list in the body, whose
items also lack full stops, keeps its quotes.
"""

from __future__ import annotations

import re

_LINE = re.compile(r"[^\n]+")
# Ends on a word, a bracket or a closing mark right after a word: no sentence punctuation.
_UNFINISHED = re.compile(r"[\w)\]][’'\"”»]?$")
_TEASER = re.compile(r"^(?:read more|related|see also|more on this|watch|listen|topics|tags)\b\s*[:|-]?", re.IGNORECASE)
_MAX_WORDS = 25


def furniture_lines(text: str) -> list[tuple[int, int]]:
    """The ``[start, end)`` offsets of each headline-like line: in the leading block, or a teaser."""
    found: list[tuple[int, int]] = []
    leading = True
    for match in _LINE.finditer(text):
        line = match.group().strip()
        if not line:
            continue
        headline_like = len(line.split()) <= _MAX_WORDS and bool(_UNFINISHED.search(line))
        if headline_like and (leading or _TEASER.match(line)):
            found.append((match.start(), match.end()))
        elif not headline_like:
            leading = False
    return found


def in_furniture(lines: list[tuple[int, int]], offset: int) -> bool:
    return any(start <= offset < end for start, end in lines)
