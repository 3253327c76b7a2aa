"""Naming the difference between two printings of a quote: one edit type per change."""

from __future__ import annotations

import pytest

from veracity.text.compare import compare_quotes

pytestmark = pytest.mark.unit

ORIGINAL = "I told him we would not bomb their capital unless they crossed that line, and I meant every word."


def edits(printed: str, original: str = ORIGINAL) -> list[tuple[str, str, str]]:
    return [(e.type, e.original, e.printed) for e in compare_quotes(original, printed).edits]


def test_the_same_words_restyled_are_verbatim() -> None:
    printed = "I told him we wouldn’t bomb their capital unless they crossed that line - and I meant every word"
    comparison = compare_quotes(ORIGINAL.replace("would not", "would not"), printed)
    assert comparison.verdict == "verbatim" and not comparison.is_misquote


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("I told him we would not bomb their capital … and I meant every word.",
         [("marked_elision", "unless they crossed that line", "…")]),
        ("I told him we would not bomb their capital and I meant every word.",
         [("unmarked_elision", "unless they crossed that line", "")]),
        ("I told him we would not bomb their capital",
         [("truncation", "unless they crossed that line and I meant every word", "")]),
        ("I told him we would not strike their capital unless they crossed that line, and I meant every word.",
         [("substitution", "bomb", "strike")]),
        ("I told him we would not bomb their capital unless they crossed that red line, and I meant every word.",
         [("insertion", "", "red")]),
        ("I told [Brenner] we would not bomb their capital unless they crossed that line, and I meant every word.",
         [("bracketed_insertion", "him", "[Brenner]")]),
        ("I told him we would not b**b their capital unless they crossed that line, and I meant every word.",
         [("censoring", "bomb", "b**b")]),
        ("I told him we would bomb their capital unless they crossed that line, and I meant every word.",
         [("changed_meaning", "not", "")]),
    ],
)
def test_each_kind_of_edit_is_named_with_the_words_it_touches(printed: str, expected: list) -> None:
    assert edits(printed) == expected


def test_a_number_changed_is_a_change_of_meaning() -> None:
    comparison = compare_quotes("We lost 30 soldiers in May", "We lost 300 soldiers in May")
    assert [(e.type, e.detail) for e in comparison.edits] == [("changed_meaning", "number changed: 30 → 300")]


def test_a_cut_before_a_qualifier_is_a_misquote_but_a_plain_cut_is_not() -> None:
    before_unless = compare_quotes(ORIGINAL, "I told him we would not bomb their capital")
    assert before_unless.edits[0].detail == "cut before 'unless'" and before_unless.is_misquote
    plain = compare_quotes(ORIGINAL, "I told him we would not bomb their capital unless they crossed that line")
    assert plain.verdict == "faithful" and not plain.is_misquote


def test_swapped_halves_are_one_reordering() -> None:
    comparison = compare_quotes("We will fight on the beaches, and we will never surrender",
                                "We will never surrender, we will fight on the beaches")
    assert [e.type for e in comparison.edits] == ["reordering"] and comparison.is_misquote


def test_marked_edits_are_faithful_and_the_alignment_shows_every_word() -> None:
    comparison = compare_quotes(ORIGINAL, "I told [Brenner] we would not bomb their capital … and I meant every word.")
    assert comparison.verdict == "faithful"
    rows = comparison.alignment
    assert ("him", None) in [(r.original, r.printed) for r in rows]
    assert all(r.same == (r.original is not None and r.printed is not None) for r in rows)


def test_empty_and_unrelated_texts_do_not_fail() -> None:
    assert compare_quotes("", "").verdict == "verbatim"
    assert compare_quotes("Hello there", "").verdict != "verbatim"
    unrelated = compare_quotes("The economy grew fast", "Nobody expected the storm")
    assert unrelated.similarity <= 0.25 and unrelated.is_misquote


def test_house_styles_of_the_elision_mark_and_typography_alone_are_no_misquote() -> None:
    original = "We will not raise taxes on working families, and the international markets know it"
    for mark in ("…", "...", ". . .", "[…]", "[...]"):
        printed = f"We will not raise taxes {mark} and the international markets know it"
        assert compare_quotes(original, printed).types == {"marked_elision"}, mark
    restyled = "We will not raise taxes on working families, and the inter\u00adnational markets 'know' it"
    assert not compare_quotes(original, restyled).edits
    assert compare_quotes("the parents' money", "the parents money").edits == []  # an edge apostrophe is no word


def test_a_contracted_negation_is_still_one() -> None:
    """"Nobody's checking" for "Nobody will be checking" drops words, not the negation."""
    comparison = compare_quotes("Nobody will be checking", "Nobody's checking")
    assert not any("negation" in e.detail for e in comparison.edits)


def test_words_told_inside_recountings_are_compared_across_outlets_but_not_with_a_recounting() -> None:
    import veracity
    from veracity.links.quote_variants import find_variants, quote_refs
    from veracity.model import Metadata

    first = veracity.analyze("Gwen Tallis told the Post: \"He looked at us and said, 'Ignore the nitrate rules until "
                             "after the election. Nobody will be checking.'\"", published="2026-04-09")
    second = veracity.analyze("Gwen Tallis said Barr told a closed meeting in March: \"Ignore the nitrate rules until "
                              "the election. Nobody's checking.\"", published="2026-04-10")
    first.metadata, second.metadata = Metadata(site_name="Post", published="2026-04-09"), Metadata(
        site_name="Chronicle", published="2026-04-10")
    pairs = {(v.reference.text, v.variant.text) for v in find_variants(quote_refs([first, second], {}))}
    assert ("Ignore the nitrate rules until after the election. Nobody will be checking.",
            "Ignore the nitrate rules until the election. Nobody's checking.") in pairs
    assert not any(a.startswith("He looked at us") and b.startswith("Ignore") for a, b in pairs)
