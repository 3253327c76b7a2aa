"""Trying the grammar's patterns only where they can open finds exactly what a scan of every character finds."""

from __future__ import annotations

import glob
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from veracity.lang.en.event_words import noun_pattern
from veracity.time.patterns import COMPILED
from veracity.time.starts import Starts, openings

PATTERNS = [pattern for _name, pattern, _handler in COMPILED] + [noun_pattern()]
GRAMMAR = Starts(PATTERNS)

# words the patterns open on, letters case folding maps onto ASCII (Kelvin sign, long s, dotted and dotless i),
# typographic punctuation, other scripts' digits and spaces
PIECES = ["the", "The", "THE", "last", "next", "early", "mid-", "March", "may", "May", "Sept.", "Jan", "2019", "1990s",
          "12", "3rd", "21st", "'98", "in", "In", "years", "two", "twenty-one", "a", "an", "few", "weeks", "ago",
          "p.m.", "10:30", "noon", "Monday", "Thurs.", "today", "tonight", "spring", "fall", "Christmas", "quarter",
          "year-ago", "year-end", "fiscal", "half", "each", "every", "that", "same", "day", "decade", "century",
          "meeting", "calls", "phone", "call", "invasion", "summit", "talks", "\u212aelvin", "we\u212a", "\u017finc",
          "la\u017ft", "\u0130n", "\u0131n", "S\u0130NCE", "\u2019", "\u2018", "\u201c", "\u201d", "\u2013", "\u2014",
          "\u00e9t\u00e9", "\u0663\u0660", "\u00a0", " ", "  ", "\n", "\n\n", ",", ".", "-", "/", "'", "(", "\u00df"]


def _found(iterable: object) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
    return [(match.span(), match.groups()) for match in iterable]  # type: ignore[attr-defined]


def _same_as_scans(text: str, start: int = 0, end: int | None = None) -> None:
    stop = len(text) if end is None else end
    for pattern, matches in zip(PATTERNS, GRAMMAR.finditer(text, start, end), strict=True):
        assert _found(matches) == _found(pattern.finditer(text, start, stop)), (pattern.pattern[:60], text)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map(" ".join))
def test_every_pattern_finds_what_a_full_scan_finds(text: str) -> None:
    _same_as_scans(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=25).map("".join))
def test_pieces_run_together_find_the_same(text: str) -> None:
    _same_as_scans(text)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from("the 20aKk\u212a\u017fs\u0130\u0131iy-\u2019\u2013\n.:/'"), max_size=60))
def test_characters_that_fold_onto_ascii_find_the_same(text: str) -> None:
    _same_as_scans(text)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map(" ".join), st.integers(0, 80), st.integers(0, 80))
def test_a_window_finds_the_same(text: str, start: int, length: int) -> None:
    _same_as_scans(text, min(start, len(text)), min(start + length, len(text)))


@pytest.mark.parametrize("path", sorted(glob.glob("benchmarks/data/stories/dev/*.json"))[:6])
def test_dev_stories_find_the_same(path: str) -> None:
    import json

    with open(path, encoding="utf-8") as handle:
        _same_as_scans(json.load(handle)["text"])


def test_every_pattern_of_the_grammar_is_indexed() -> None:
    assert all(found is not None for found in GRAMMAR.openings)


@pytest.mark.parametrize("source", [
    r"the\s+year",  # no look-behind: it may start inside a word
    r"(?<![\w-])(?:the)?",  # it may match nothing
    r"(?<=\w)day",  # what it looks back at is a word character
    r"(?<![^\w])year",  # a negated look-behind class says nothing about words
])
def test_patterns_the_reading_cannot_vouch_for_are_scanned_in_full(source: str) -> None:
    pattern = re.compile(source, re.IGNORECASE)
    assert openings(pattern) is None
    assert _found(Starts([pattern]).finditer("their year, the yearly day")[0]) == _found(
        pattern.finditer("their year, the yearly day"))


def test_openings_are_cut_at_three_characters_and_lower_cased() -> None:
    assert openings(re.compile(r"(?<![\w-])(?:the\s+)?Weekend", re.IGNORECASE)) == {"the", "wee"}
