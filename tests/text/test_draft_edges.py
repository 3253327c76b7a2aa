"""Edges of a drafted quote that the tagger drew wrong, mended from the parse and the quotation marks."""

from __future__ import annotations

import pytest

from veracity.text.content_edges import contents_after_their_hearer, contents_through_their_quotation
from veracity.text.cue_lexicon import rarely_a_cue
from veracity.text.drafts import Draft, SpanIndex
from veracity.text.parse import load_spacy
from veracity.text.quote_marks import find_quoted_runs

pytestmark = pytest.mark.integration


def _span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def test_words_that_open_a_quotation_run_to_its_closing_mark() -> None:
    text = ('A spokesperson told the Herald the company was "confident that every tender was won fairly". '
            'Another said "nothing".')
    draft = Draft([_span(text, 'the company was "confident')], cue=_span(text, "told"))
    contents_through_their_quotation(text, [draft], SpanIndex(find_quoted_runs(text)))
    assert text[slice(*draft.content[0])] == 'the company was "confident that every tender was won fairly"'
    held = Draft([_span(text, 'the company was "confident')], cue=_span(text, "told"))
    other = Draft([_span(text, "every tender was won fairly")], cue=_span(text, "said"))
    contents_through_their_quotation(text, [held, other], SpanIndex(find_quoted_runs(text)))
    assert text[slice(*held.content[0])] == 'the company was "confident'  # another quote holds the rest


def test_a_hearer_the_tagger_ran_into_the_words_is_left_out_of_them() -> None:
    text = "Earlier, the PM told broadcaster WRN he had not listened to the tape."
    parse = load_spacy()(text)
    draft = Draft([_span(text, "WRN he had not listened to the tape")], cue=_span(text, "told"))
    contents_after_their_hearer(text, parse, [draft], SpanIndex([]))
    assert text[slice(*draft.content[0])] == "he had not listened to the tape"
    whole = Draft([_span(text, "he had not listened to the tape")], cue=_span(text, "told"))
    contents_after_their_hearer(text, parse, [whole], SpanIndex([]))
    assert text[slice(*whole.content[0])] == "he had not listened to the tape"


def test_a_copula_the_tagger_doubted_is_no_cue_however_sure_its_words() -> None:
    text = 'The company does not comment but was "confident that every tender was won fairly".'
    parse = load_spacy()(text)
    doubted = Draft([_span(text, "that every tender was won fairly")], cue=_span(text, "was"), scores=[0.67, 0.99])
    assert rarely_a_cue(doubted, parse)  # the mean of 0.83 kept it
    sure = Draft([_span(text, "that every tender was won fairly")], cue=_span(text, "was"), scores=[0.9, 0.99])
    assert not rarely_a_cue(sure, parse)
