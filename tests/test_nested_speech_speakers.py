"""Who speaks to whom inside a recounted exchange (issue 16, nested speech): the teller's frame decides.

Each sentence here is new (not from the stories gold set) and failed before these rules: a third
party the teller only mentions is not the other side of the exchange, the teller's own audience is
not it either, a name called out inside a quotation belongs to that quotation, and marks that
alternate as quotes nest ("…'…"…"…'…") open a third level instead of closing the first.
"""

from __future__ import annotations

import pytest

import veracity
from veracity.text.quote_marks import find_quoted_runs

pytestmark = pytest.mark.integration


def _by_content(text: str) -> dict[str, veracity.Quote]:
    return {q.content.text: q for q in veracity.analyze(text, published="2025-03-14").quotes}


def _name(party: veracity.SpeakerRef | veracity.PartyRef | None) -> str | None:
    return party.name if party is not None else None


@pytest.mark.unit
def test_a_straight_double_mark_inside_a_single_quoted_run_opens_a_third_level() -> None:
    text = "\"Then she leaned in and said, 'My boss told me, \"Sign nothing.\"' So I walked out,\" the clerk said."
    runs = find_quoted_runs(text)
    assert [(r.depth, r.closed) for r in runs] == [(0, True), (1, True), (2, True)]
    assert text[runs[2].inner_start : runs[2].inner_end] == "Sign nothing."
    assert text[runs[0].inner_start : runs[0].inner_end].endswith("So I walked out,")


def test_a_third_party_the_teller_mentions_is_not_the_other_side() -> None:
    text = ("Councillor Rowan Pike described a call about the planning dispute.\n\n"
            "\"So I ring Nora Blake, and I said, 'Nora, drop the objection from Tom Hatfield or lose my vote.' "
            "And she goes, 'Is that a threat?'\" Pike said.")
    quotes = _by_content(text)
    assert _name(quotes["Is that a threat?"].speaker) == "Nora Blake"


def test_the_tellers_audience_is_not_the_other_side() -> None:
    text = ("The clip concerns the referee Kevin Doyle.\n\n"
            "In it, Dean Marsh tells the radio host Priya Lane: \"I bumped into him in the car park and "
            "I said to him, 'Try to stay awake tonight.'\"")
    quotes = _by_content(text)
    assert _name(quotes["Try to stay awake tonight."].addressee) == "Kevin Doyle"


def test_a_name_called_out_in_the_quotation_is_the_him_it_is_said_to() -> None:
    text = ("Marsh was talking about the referee Kevin Doyle and the Ashby manager, Paul Reyes.\n\n"
            "\"I saw him in the tunnel and I said to him, 'Stay awake tonight, Kevin,'\" Marsh says.")
    quotes = _by_content(text)
    assert _name(quotes["Stay awake tonight, Kevin"].addressee) == "Kevin Doyle"


def test_a_name_called_out_inside_a_recounted_quotation_is_not_the_tellers_hearer() -> None:
    text = ("Councillor Rowan Pike described a call about the planning dispute.\n\n"
            "\"So I ring Nora Blake, and I said, 'Nora, drop the objection.' And she goes, "
            "'Is that a threat, Robbie?' And I said, 'It is advice.'\" Pike said.")
    quotes = _by_content(text)
    outer = next(q for text_, q in quotes.items() if text_.startswith("So I ring"))
    assert outer.addressee is None or _name(outer.addressee) != "Robbie"
    assert _name(quotes["It is advice."].addressee) == "Nora Blake"


def test_a_question_recounted_inside_a_quote_is_not_the_tellers_question() -> None:
    # The teller's quote ends on the other party's question; the next statement, by someone else, answers
    # nobody in it, so it gets no hearer from the question.
    text = ("\"I told him, 'Sign it today.' And he goes, 'Are you serious, Ruth?'\" Ruth Okafor says on the "
            "recording.\n\nThe ministry said on Friday that the meeting \"never happened\".")
    doc = veracity.analyze(text, published="2025-05-03")
    ministry = next(q for q in doc.quotes if q.source is not None and "ministry" in q.source.text)
    assert ministry.addressee is None
