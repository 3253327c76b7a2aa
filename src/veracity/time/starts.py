"""Try each pattern only where a match can start, and find exactly what ``finditer`` finds.

The grammar's patterns are case-insensitive and open with a look-behind, so Python's engine tries each
of them at every character of the text. Yet a match can start only where no word goes on through it
(the look-behind or ``\\b`` says so), and only on a few three-character openings ("the", "las", "jan",
digits ...), read once off the pattern's parse tree. A text is indexed once by the openings of those
places, and each pattern is tried with ``match`` where its openings are, left to right as ``finditer``
goes. The reading is a superset, so nothing is lost: a place whose opening is not plain ASCII is always
tried (case folding maps the Kelvin sign, ``ſ`` and ``İ`` onto ASCII letters), and a pattern the reading
cannot vouch for (one that may match nothing, or that does not open with such a look-behind) is scanned
in full as before.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from re import _compiler, _parser  # type: ignore[attr-defined]  # the engine's own parser, pinned by Python 3.11
from re import _constants as sre  # type: ignore[attr-defined]
from typing import Any

WIDTH = 3  # characters of opening read: "the" tells the patterns apart far better than "t"
_LIMIT = 20_000  # openings a pattern may have before it is not worth indexing
# besides ASCII, the typographic marks of news copy; none has a case, so a key holding one is read exactly
_MARKS = "\u00a0\u2013\u2014\u2018\u2019\u201c\u201d\u2026"
_ALPHABET = frozenset(map(chr, range(128))) | frozenset(_MARKS)
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
_ONE_CHAR = (sre.LITERAL, sre.NOT_LITERAL, sre.IN, sre.ANY, sre.CATEGORY)
_ZERO_WIDTH = (sre.ASSERT, sre.ASSERT_NOT, sre.AT)


class _Unknown(Exception):
    """The parse tree holds something the reading does not cover: scan that pattern in full."""


def openings(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Every lower-cased string over ``_ALPHABET`` a match can open with: its first ``WIDTH`` characters,
    or the whole match when shorter. None when the pattern must be scanned in full."""
    flags = pattern.flags
    if flags & re.ASCII:
        return None
    tree = _parser.parse(pattern.pattern, flags)
    try:
        if not _not_inside_word(list(tree), flags):
            return None
        found = _sequence({""}, tree, flags)
    except _Unknown:
        return None
    return None if "" in found else frozenset(found)


def _not_inside_word(items: list[Any], flags: int) -> bool:
    """Whether the pattern's first item rules out a start between two word characters."""
    if not items:
        return False
    op, av = items[0]
    if op is sre.AT:
        return av in (sre.AT_BOUNDARY, sre.AT_UNI_BOUNDARY)
    if op is sre.ASSERT_NOT and av[0] == -1 and len(av[1]) == 1:
        inner_op, inner = list(av[1])[0]
        return inner_op is sre.IN and (sre.CATEGORY, sre.CATEGORY_WORD) in inner and (sre.NEGATE, None) not in inner
    if op is sre.ASSERT and av[0] == -1 and len(av[1]):
        return _never_word(list(av[1])[-1])
    if op is sre.BRANCH:
        return all(_not_inside_word(list(branch), flags) for branch in av[1])
    if op is sre.SUBPATTERN and not av[1] and not av[2]:
        return _not_inside_word(list(av[3]), flags)
    return False


def _never_word(item: tuple[Any, Any]) -> bool:
    """Whether one look-behind character is surely no word character, whatever case folding does."""
    op, av = item
    if op is sre.LITERAL:
        return _plain_non_word(av)
    if op is sre.IN:
        return all(member_op is sre.LITERAL and _plain_non_word(code) for member_op, code in av)
    return False


def _plain_non_word(code: int) -> bool:
    """No word character and no case: under IGNORECASE the engine still matches only this character."""
    char = chr(code)
    return not re.fullmatch(r"\w", char) and char.lower() == char == char.upper()


def _sequence(heads: set[str], items: Iterable[Any], flags: int) -> set[str]:
    """The openings ``heads`` grow into through ``items``; once all are full the rest is not read."""
    for item in items:
        if min(map(len, heads), default=WIDTH) == WIDTH:
            break
        heads = _item(heads, item, flags)
    return heads


def _item(heads: set[str], item: tuple[Any, Any], flags: int) -> set[str]:
    op, av = item
    if op in _ZERO_WIDTH:
        return heads  # ignoring a condition only lets more places through
    if op in _ONE_CHAR:
        return _join(heads, _one_char(item, flags))
    if op is sre.SUBPATTERN:
        return _sequence(heads, av[3], (flags | av[1]) & ~av[2])
    if op is sre.BRANCH:
        return set().union(*(_sequence(heads, branch, flags) for branch in av[1]))
    if op in _REPEATS:
        return _repeat(heads, av, flags)
    raise _Unknown(str(op))


def _join(heads: set[str], chars: frozenset[str]) -> set[str]:
    """Each opening followed by each character; full openings stay as they are."""
    joined = {head for head in heads if len(head) == WIDTH}
    joined.update(head + char for head in heads if len(head) < WIDTH for char in chars)
    if len(joined) > _LIMIT:
        raise _Unknown("too many openings")
    return joined


def _repeat(heads: set[str], av: tuple[int, int, Any], flags: int) -> set[str]:
    """The openings after ``least`` to ``most`` repeats, until another repeat adds nothing."""
    least, most, body = av
    found: set[str] = set()
    count = 0
    while True:
        if count >= least:
            found |= heads
        following = _sequence(heads, body, flags)
        if count == most or (following == heads and count >= least):
            return found
        heads, count = following, count + 1


def _one_char(item: tuple[Any, Any], flags: int) -> frozenset[str]:
    """The characters of ``_ALPHABET`` (lower-cased) one single-character item matches, as the engine decides."""
    key = (repr(item), flags)
    if key not in _SINGLE:
        one = _compiler.compile(_parser.SubPattern(_parser.State(), [item]), flags)
        _SINGLE[key] = frozenset(char.lower() for char in _ALPHABET if one.fullmatch(char))
    return _SINGLE[key]


_SINGLE: dict[tuple[str, int], frozenset[str]] = {}


def _opens(found: frozenset[str], key: str) -> bool:
    """Whether a match may start on ``key`` (the text's next ``WIDTH`` characters there)."""
    if not key.isascii() and not _ALPHABET.issuperset(key):
        return True  # case folding may read it as ASCII ("\u212a" as "k"): let the pattern itself decide
    low = key.lower()
    return any(low[:size] in found for size in range(1, len(low) + 1))


class Starts:
    """Where each of ``patterns`` can match in a text, and what it matches there."""

    _CACHE_SIZE = 50_000  # openings remembered, whatever the texts are

    def __init__(self, patterns: Sequence[re.Pattern[str]]) -> None:
        self.patterns = list(patterns)
        self.openings = [openings(pattern) for pattern in self.patterns]
        firsts = {opening[0] for found in self.openings if found for opening in found}
        cased = "".join(f"\\U{ord(char):08x}" for char in sorted(firsts | {c.upper() for c in firsts}))
        # a character some pattern opens with, or any non-ASCII one, and no word runs on through it
        self._edge = re.compile(f"[{cased}\\x80-\\U0010ffff](?<!\\w\\w)")
        self._takers: dict[str, tuple[int, ...]] = {}

    def finditer(self, text: str, start: int = 0, end: int | None = None) -> list[Iterable[re.Match[str]]]:
        """For each pattern, what ``pattern.finditer(text, start, end)`` finds, in the same order."""
        if start or (end is not None and end != len(text)):  # a window: small, scanned plainly
            return [pattern.finditer(text, start, len(text) if end is None else end) for pattern in self.patterns]
        found: list[Iterable[re.Match[str]]] = [pattern.finditer(text) if opens is None else []
                                                for pattern, opens in zip(self.patterns, self.openings, strict=True)]
        self._try_places(text, found)
        return found

    def _try_places(self, text: str, found: list[Any]) -> None:
        """Left to right over the places no word runs through, try there each pattern that may open
        on the next characters; a pattern is tried again only after its last match, as ``finditer``."""
        after = [0] * len(self.patterns)
        tries = [pattern.match for pattern in self.patterns]
        for edge in self._edge.finditer(text):
            at = edge.start()
            for index in self._taking(text[at:at + WIDTH]):
                if at >= after[index] and (hit := tries[index](text, at)):
                    found[index].append(hit)
                    after[index] = hit.end()

    def _taking(self, key: str) -> tuple[int, ...]:
        """The patterns that may start on ``key``, remembered across texts."""
        takers = self._takers.get(key)
        if takers is None:
            if len(self._takers) >= self._CACHE_SIZE:
                self._takers.clear()
            takers = tuple(index for index, found in enumerate(self.openings)
                           if found is not None and _opens(found, key))
            self._takers[key] = takers
        return takers

