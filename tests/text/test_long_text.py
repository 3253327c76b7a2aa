"""Long texts (issue 17): parsed in pieces that join back into the very text, so any length is analysed with
memory bounded by a piece; and whatever a text holds, its quotes' ids stay unique (property-based)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import veracity
from veracity.text import parse
from veracity.text.parse import load_spacy, parse_texts, pieces

PARAGRAPH = ('"We will not close the library," Mayor Ana Ortiz told reporters on Monday. '
             "The council voted 7-2 to keep it open.\n\n")


@pytest.mark.unit
@given(st.text(alphabet=st.sampled_from("ab .\n\"'“”"), max_size=400), st.integers(min_value=4, max_value=60))
def test_pieces_join_back_into_the_text_and_are_never_longer_than_asked(text: str, size: int) -> None:
    parts = pieces(text, size)
    assert "".join(parts) == text
    assert all(len(part) <= size for part in parts)
    assert all(parts[:-1])  # no empty piece, except a whole empty text


@pytest.mark.unit
def test_a_piece_ends_after_a_paragraph_break_when_one_is_in_reach() -> None:
    text = PARAGRAPH * 10
    parts = pieces(text, 500)
    assert len(parts) > 1 and all(part.endswith("\n\n") for part in parts[:-1])


@pytest.mark.unit
def test_a_text_parsed_in_pieces_keeps_its_characters_offsets_and_entities() -> None:
    text = PARAGRAPH * 40  # about 5,000 characters
    nlp = load_spacy()
    whole, = parse_texts(nlp, [text], batch_size=4)
    assert whole.text == text and len(whole) == len(nlp(text))
    in_pieces, = _parsed_in_pieces(text, 600)
    assert in_pieces.text == text
    assert [t.idx for t in in_pieces] == [t.idx for t in whole]
    assert [(e.start_char, e.label_) for e in in_pieces.ents] == [(e.start_char, e.label_) for e in whole.ents]
    starts = {s.start_char for s in in_pieces.sents}
    offset = 0
    for part in pieces(text, 600):
        assert offset in starts  # each piece opens a sentence
        offset += len(part)


def _parsed_in_pieces(text: str, size: int) -> list:
    original = parse.PIECE_CHARS
    parse.PIECE_CHARS = size
    try:
        return parse_texts(load_spacy(), [text], batch_size=4)
    finally:
        parse.PIECE_CHARS = original


@pytest.mark.integration
def test_a_long_text_is_analysed_to_its_end(monkeypatch: pytest.MonkeyPatch) -> None:
    """With pieces of 1,000 characters a 20,000-character text is parsed in twenty: every paragraph's quote
    is found, with its speaker, and its words sit at their place in the text."""
    monkeypatch.setattr(parse, "PIECE_CHARS", 1_000)
    text = "".join(PARAGRAPH.replace("Monday", f"day {i}") for i in range(150))
    doc = veracity.analyze(text, published="2024-05-06")
    assert len(doc.quotes) == 150
    for quote in doc.quotes:
        start, end = quote.content.spans[0]
        assert "We will not close the library" in text[start:end]
        assert quote.speaker is not None and quote.speaker.name == "Ana Ortiz"


FRAGMENTS = [
    '"Monday Night Football"', "“Full Steam Ahead”", '"', "“", "”", "'", " said", " told reporters", ", she said.",
    "He said: ", "\n\n", "The minister", " denied it", ". ", "Ortiz", " “I told him, ‘no way’,” ", "according to",
    " the report ", "“We never met,” the spokesman said. ",
]


@pytest.mark.integration
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=40))
def test_quote_ids_are_unique_whatever_the_text_holds(fragments: list[str]) -> None:
    """Titles in quotation marks twice, unbalanced marks, nested and repeated quotes: never two ids alike."""
    text = "".join(fragments)
    if not text.strip():
        return
    doc = veracity.analyze(text + " " + text, published="2024-05-06")  # every quote twice, word for word
    ids = [q.id for q in doc.quotes]
    assert len(ids) == len(set(ids))
    assert all(q.parent in set(ids) for q in doc.quotes if q.parent is not None)
