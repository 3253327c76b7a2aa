"""Indirect speech reported inside a quote, found from the parse (issue 16, nested speech).

Every sentence here is new (not from the stories gold set). The first five failed before the rule
(no inner quote was found at all); the last ones guard what the rule must leave alone.
"""

from __future__ import annotations

import pytest

import veracity

pytestmark = pytest.mark.integration


def _quotes(text: str) -> dict[str, veracity.Quote]:
    return {q.content.text: q for q in veracity.analyze(text, published="2025-03-14").quotes}


def _name(party: veracity.SpeakerRef | veracity.PartyRef | None) -> str | None:
    return party.name if party is not None else None


def _parent_text(quotes: dict[str, veracity.Quote], quote: veracity.Quote) -> str | None:
    by_id = {q.id: q for q in quotes.values()}
    return by_id[quote.parent].content.text if quote.parent in by_id else None


def test_a_warning_reported_inside_indirect_speech_is_a_quote_of_its_own() -> None:
    text = ("Rowan Pike told reporters on Friday that he had warned Mayor Ada Frost he would quit the "
            "coalition if the bus depot closed.")
    quotes = _quotes(text)
    inner = quotes["he would quit the coalition if the bus depot closed"]
    assert inner.kind == "indirect"
    assert inner.cue is not None and inner.cue.text == "had warned"
    assert _name(inner.speaker) == "Rowan Pike"
    assert inner.addressee is not None and inner.addressee.text == "Mayor Ada Frost"
    parent = _parent_text(quotes, inner)
    assert parent is not None
    assert parent.endswith("he had warned Mayor Ada Frost he would quit the coalition if the bus depot closed")


def test_what_another_person_believes_inside_reported_speech_is_theirs() -> None:
    text = "A spokesman for the club said Nils Brandt believed the video had been edited by a rival."
    inner = _quotes(text)["the video had been edited by a rival"]
    assert _name(inner.speaker) == "Nils Brandt"
    assert inner.addressee is None


def test_what_the_other_side_thought_inside_a_quotation_is_indirect_speech() -> None:
    text = ("Arne Voss spoke about his talks with Karl Weiss. \"He thought I was bluffing. He said, "
            "'Arne, you will lose.' I said, 'We will see,'\" Voss told the committee.")
    inner = _quotes(text)["I was bluffing"]
    assert inner.kind == "indirect"
    assert inner.cue is not None and inner.cue.text == "thought"
    assert inner.addressee is None


def test_what_someone_was_asked_to_do_in_quoted_words_is_those_words() -> None:
    text = ("The clerk, Tom Reyes, testified that Lena Quist had asked him in 2019 to \"make the numbers "
            "work\" before the audit.")
    inner = _quotes(text)["make the numbers work"]
    assert inner.kind == "partial"
    assert _name(inner.speaker) == "Lena Quist"


def test_an_infinitive_takes_its_speaker_from_the_verb_it_depends_on() -> None:
    text = ("The prosecutor told the court that Saul Vance had used a burner phone to tell Mira Holt "
            "which lorries would not be searched.")
    inner = _quotes(text)["which lorries would not be searched"]
    assert _name(inner.speaker) == "Saul Vance"
    assert _name(inner.addressee) == "Mira Holt"


def test_the_speakers_own_belief_is_not_a_second_quote() -> None:
    text = "Rowan Pike said he believed the bus depot would close within a year."
    assert "the bus depot would close within a year" not in _quotes(text)


def test_what_was_not_said_or_only_would_be_is_no_quote() -> None:
    text = ("Ada Frost said Rowan Pike never told her the depot would close, and that Pike would tell "
            "anyone the budget was safe.")
    quotes = _quotes(text)
    assert "the depot would close" not in quotes
    assert "the budget was safe" not in quotes


def test_a_question_put_to_a_witness_is_no_quote_of_the_witness() -> None:
    text = "\"You say you were threatened, but you stayed for two years,\" counsel Priya Nand told Ellis."
    assert "you were threatened" not in _quotes(text)


def test_what_someone_said_only_if_they_said_it_is_no_quote() -> None:
    text = "\"If she told the board that the loan was approved, she was mistaken,\" Karl Weiss said."
    assert "the loan was approved" not in _quotes(text)
