"""Quoted runs found by their marks: nesting, apostrophes, paragraphs and broken punctuation."""

from __future__ import annotations

import time

import pytest

from veracity.errors import ConfigError
from veracity.text.quote_marks import QuotedRun, find_quoted_runs

pytestmark = pytest.mark.unit


def inner(text: str, run: QuotedRun) -> str:
    return text[run.inner_start : run.inner_end]


def contents(text: str) -> list[str]:
    return [inner(text, run) for run in find_quoted_runs(text)]


def test_nested_single_quotes_inside_a_straight_double_quote() -> None:
    text = (
        "\"At the dinner I told Erdogan, 'if you cross that line, we will hit you hard'. "
        "And he goes, like, 'I don't buy it',\" Macron said."
    )
    outer, first, second = find_quoted_runs(text)
    assert (outer.depth, outer.parent, outer.closed) == (0, None, True)
    assert text[outer.start] == '"' and text[outer.end - 1] == '"'
    assert inner(text, outer).endswith("I don't buy it',")
    assert inner(text, first) == "if you cross that line, we will hit you hard"
    assert inner(text, second) == "I don't buy it"
    assert (first.depth, first.parent) == (1, 0)
    assert (second.depth, second.parent) == (1, 0)


def test_curly_single_inside_curly_double() -> None:
    text = "“We said ‘no deal’ twice,” she said."
    outer, nested = find_quoted_runs(text)
    assert inner(text, outer) == "We said ‘no deal’ twice,"
    assert inner(text, nested) == "no deal"
    assert nested.parent == 0 and nested.depth == 1


def test_double_inside_single() -> None:
    text = "'He called it \"a disgrace\" on air,' she said."
    outer, nested = find_quoted_runs(text)
    assert inner(text, outer) == 'He called it "a disgrace" on air,'
    assert inner(text, nested) == "a disgrace"
    assert nested.parent == 0


@pytest.mark.parametrize(
    "text",
    [
        "I don't know why Macron's team met at o'clock sharp.",
        "Music from the '90s and rock 'n' roll.",
        "The dogs' bowls were empty and the cats' too.",
        "’Tis the class of ’99, see ’em all.",
    ],
)
def test_apostrophes_open_no_quote(text: str) -> None:
    assert find_quoted_runs(text) == []


def test_plural_possessive_inside_a_single_quote_does_not_close_it() -> None:
    text = "He said 'the dogs' bowls are empty' and left."
    assert contents(text) == ["the dogs' bowls are empty"]


def test_apostrophes_inside_single_quotes_are_kept_inside() -> None:
    text = "She said 'Macron's team can't come at 5 o'clock' to us."
    assert contents(text) == ["Macron's team can't come at 5 o'clock"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("«Bonjour», dit-il.", "Bonjour"),
        ("Il a dit « au revoir » hier.", "au revoir"),
        ("‹Salut›, dit-elle.", "Salut"),
        ("„Das ist gut“, sagte er.", "Das ist gut"),
        ("»Das ist gut«, sagte er.", "Das ist gut"),
        ("He said “yes” loudly.", "yes"),
    ],
)
def test_other_mark_styles(text: str, expected: str) -> None:
    assert contents(text) == [expected]


def test_multi_paragraph_quote_is_linked_piece_by_piece() -> None:
    text = '"First part of the quote.\n\n"Second part.\n\n"Third part," he said.'
    first, second, third = find_quoted_runs(text)
    assert (first.closed, first.continues) == (False, None)
    assert inner(text, first) == "First part of the quote."
    assert (second.closed, second.continues) == (False, 0)
    assert (third.closed, third.continues) == (True, 1)
    assert inner(text, third) == "Third part,"


def test_continuation_needs_the_next_paragraph_to_open_with_a_mark() -> None:
    text = '"Never closed here.\n\nA plain paragraph with "another" quote.'
    first, other = find_quoted_runs(text)
    assert first.closed is False and first.end == text.index("\n")
    assert other.continues is None and inner(text, other) == "another"


def test_unclosed_quote_is_bounded_by_its_paragraph() -> None:
    text = "He said “this never ends.\n\nThe next paragraph says “hello” to us."
    runs = find_quoted_runs(text)
    assert [inner(text, run) for run in runs] == ["this never ends.", "hello"]
    assert [run.closed for run in runs] == [False, True]


def test_stray_closing_mark_is_ignored() -> None:
    text = "A stray ” mark here, and then “a real quote” follows."
    assert contents(text) == ["a real quote"]


def test_a_line_opened_with_a_closing_mark_opens_a_quote() -> None:
    text = "Getty/Instagram.\n\n”Fear. I am truly afraid.” ― Edwin Monroy\n“No sympathy.” ― Nell Grey"
    assert contents(text) == ["Fear. I am truly afraid.", "No sympathy."]
    assert contents("She said it was “fine” and left.”") == ["fine"]  # a stray closer mid-line opens nothing


def test_odd_straight_double_quotes_recover_by_word_side() -> None:
    text = 'He said "we will win. Then "we lost" he said.'
    lost_close, real = find_quoted_runs(text)
    assert lost_close.closed is False and inner(text, lost_close) == "we will win. Then"
    assert real.closed is True and inner(text, real) == "we lost"


def test_straight_doubles_pair_left_to_right() -> None:
    text = '"Yes," he said. "No," she said. "Maybe."'
    assert contents(text) == ["Yes,", "No,", "Maybe."]


def test_unclosed_inner_quote_ends_at_the_outer_close() -> None:
    text = "\"He told me, 'stop now. Then he left,\" she said."
    outer, nested = find_quoted_runs(text)
    assert outer.closed and not nested.closed
    assert nested.end <= outer.end - 1


def test_offsets_are_sorted_and_point_at_marks() -> None:
    text = "First “one”, then «two», then 'three'."
    runs = find_quoted_runs(text)
    assert [run.start for run in runs] == sorted(run.start for run in runs)
    assert [text[run.start] + text[run.end - 1] for run in runs] == ["“”", "«»", "''"]


def test_long_multi_paragraph_quote_is_linear() -> None:
    paragraph = '"' + "This is a long sentence of the quote. " * 20
    text = "\n\n".join([paragraph] * 100) + '," he said.'
    started = time.perf_counter()
    runs = find_quoted_runs(text)
    assert time.perf_counter() - started < 1.0
    assert len(runs) == 100
    assert all(run.continues == index - 1 for index, run in enumerate(runs) if index)
    assert runs[-1].closed and not runs[0].closed


def test_max_paragraphs_cuts_a_chain() -> None:
    text = "\n\n".join(['"piece'] * 5)
    runs = find_quoted_runs(text, max_paragraphs=2)
    assert [run.continues for run in runs] == [None, 0, None, 2, None]
    with pytest.raises(ConfigError):
        find_quoted_runs(text, max_paragraphs=0)


def test_many_stray_marks_do_not_crash_or_blow_up() -> None:
    text = ("« “ ‘ „ ' \" » ” ’ " * 2000) + "end"
    started = time.perf_counter()
    find_quoted_runs(text)
    find_quoted_runs("«a" * 5000)
    assert time.perf_counter() - started < 2.0
    assert find_quoted_runs("") == []
