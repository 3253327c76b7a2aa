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


# -- the frame before a recounted quotation: who speaks, to whom ---------------------------------------
def test_a_contracted_auxiliary_after_the_teller_is_not_a_name() -> None:
    text = "\"You will get the permit. I've told Varga, 'Stamp it and say nothing.'\" Mayor Tomas Dorn said."
    quotes = _by_content(text)
    inner = quotes["Stamp it and say nothing."]
    assert _name(inner.speaker) == "Tomas Dorn"
    assert inner.source is not None and inner.source.text == "I"


def test_an_indefinite_description_speaks_after_a_gesture() -> None:
    text = ("Lena Voss, who chairs the parish council, described the meeting.\n\n"
            "\"A farmer stood up and said, 'We were never asked,' and the chairman said, 'You were.' Nobody "
            "answered,\" Voss said.")
    inner = _by_content(text)["We were never asked"]
    assert inner.source is not None and inner.source.text == "A farmer"
    assert _name(inner.speaker) != "Lena Voss"


def test_a_past_tense_verb_is_no_part_of_the_describing_subject() -> None:
    text = ("\"My little brother watched it on television and asked me, 'Is the bridge gone?'\" "
            "Carla Mendes told reporters.")
    inner = _by_content(text)["Is the bridge gone?"]
    assert inner.source is not None and inner.source.text == "My little brother"
    assert _name(inner.addressee) == "Carla Mendes"


def test_where_someone_sat_is_part_of_the_description() -> None:
    text = ("\"The woman next to me leaned over and said, 'Is this normal?' and I said, 'No.'\" passenger "
            "Oskar Lind said.")
    inner = _by_content(text)["Is this normal?"]
    assert inner.source is not None and inner.source.text == "The woman next to me"


def test_a_described_hearer_of_the_teller() -> None:
    text = ("\"I phoned them in May and I told the contractors, 'Finish it by June.' And they said, 'We will "
            "try.'\" Ruth Abara said.")
    inner = _by_content(text)["Finish it by June."]
    assert _name(inner.speaker) == "Ruth Abara"
    assert inner.addressee is not None and inner.addressee.text == "the contractors"


def test_when_it_was_said_may_follow_the_hearer() -> None:
    text = "\"My accountant told me yesterday, 'The figures do not add up.' And I said, 'Fix them.'\" Gail Porter said."
    inner = _by_content(text)["The figures do not add up."]
    assert inner.source is not None and inner.source.text == "My accountant"
    assert _name(inner.addressee) == "Gail Porter"


def test_a_longer_predicate_before_and_said() -> None:
    text = ("\"I went over to him after the final whistle and told him, 'You cost us the match.'\" "
            "coach Mara Quill said of the referee, Dev Patel.")
    inner = _by_content(text)["You cost us the match."]
    assert _name(inner.speaker) == "Mara Quill"


# -- the other side of the exchange -----------------------------------------------------------------------
def test_who_spoke_to_the_teller_is_the_she_who_answers() -> None:
    # The host is named last before the telling, but the exchange's other side is whoever told the teller.
    text = ("The violinist Ana Duarte fell out with the conductor Greta Holm last season, she told the "
            "host, Marcus Webb.\n\n"
            "\"The conductor told me, 'Your solo is cut.' I said, 'Why?' And she goes, 'Because the hall is "
            "cold.'\" Duarte said.")
    quotes = _by_content(text)
    assert _name(quotes["Why?"].addressee) == "The conductor"
    assert _name(quotes["Because the hall is cold."].speaker) == "The conductor"


def test_a_she_in_the_telling_is_a_woman_of_the_story() -> None:
    text = ("Ruth Okoye, the landlady, had a dispute with her tenant, Tom Reed, and with the builder Sam Price, "
            "who says he was never paid.\n\n"
            "\"Then she rang me and said, 'The roof is your problem now,'\" Reed said.")
    quotes = _by_content(text)
    inner = quotes["The roof is your problem now"]
    assert _name(inner.speaker) == "Ruth Okoye"
    assert _name(inner.addressee) == "Tom Reed"


# -- described people and the hearers of "him" and "her" -----------------------------------------------------
def test_a_plain_woman_in_the_telling_is_not_the_last_woman_named() -> None:
    text = ("The airline's chief executive, Ingrid Holt, apologised on Monday.\n\n"
            "Passenger Tom Reyes said the desk was chaos. \"I went to the counter and the woman said to me, "
            "'There are no refunds today.' I just laughed,\" he said.")
    inner = _by_content(text)["There are no refunds today."]
    assert _name(inner.speaker) not in ("Ingrid Holt", "Tom Reyes", None)
    assert _name(inner.addressee) == "Tom Reyes"


def test_her_is_whoever_just_spoke_to_the_teller() -> None:
    text = ("Passenger Dan Ruiz, 41, was travelling home from Lisbon with the airline's crew chief, Mia Sol.\n\n"
            "\"The woman next to me grabbed my hand and said, 'Is this the end?' I told her, 'No, we will "
            "land,'\" Ruiz said.")
    inner = _by_content(text)["No, we will land"]
    assert inner.addressee is not None and inner.addressee.name != "Mia Sol"
    assert _name(inner.addressee) == _name(_by_content(text)["Is this the end?"].speaker)


def test_him_in_a_womans_telling_of_a_third_partys_line_is_not_her() -> None:
    text = ("The envoy, David Kerr, met the minister, Roy Dane, on Friday.\n\n"
            "Nina Ortiz, the spokeswoman, said she was in the room. \"Minister Dane told him, 'The border stays "
            "open,'\" she said.")
    inner = _by_content(text)["The border stays open"]
    assert _name(inner.speaker) == "Roy Dane"
    assert _name(inner.addressee) == "David Kerr"


def test_whom_the_speaker_rang_is_the_hearer() -> None:
    text = "\"My brother rang me last night and said, 'Sell the house.' I refused,\" Lisa Crane said."
    inner = _by_content(text)["Sell the house."]
    assert inner.source is not None and inner.source.text == "My brother"
    assert _name(inner.addressee) == "Lisa Crane"


def test_the_one_made_to_speak_is_the_speaker() -> None:
    text = ("\"A colleague of mine had a stranger call her at home and say, 'We know where you live.' It was "
            "frightening,\" Lisa Crane said.")
    inner = _by_content(text)["We know where you live."]
    assert inner.source is not None and inner.source.text == "a stranger"
    assert _name(inner.speaker) == "a stranger"


def test_someone_the_teller_does_not_name_is_a_party_of_their_own() -> None:
    text = ("\"They were warned twice,\" the inspector, Paul Reade, said. \"Somebody from the council told them, "
            "'Close the kitchen or we will.' Nothing changed.\"")
    inner = _by_content(text)["Close the kitchen or we will."]
    assert inner.speaker is not None and inner.speaker.name not in ("Paul Reade",)


def test_the_teller_never_tells_himself() -> None:
    text = ("Governor Rafael Ibarra spoke at a lunch.\n\n"
            "\"I called the general and I said, 'Go in tonight.' And he goes, 'There are children there.' "
            "I told him, 'Then go in carefully,'\" Ibarra says on the recording.")
    quote = _by_content(text)["Then go in carefully"]
    assert quote.addressee is None or quote.addressee.name != "Rafael Ibarra"


def test_a_side_the_teller_describes_is_the_he_who_answers() -> None:
    text = ("Governor Rafael Ibarra spoke at a lunch.\n\n"
            "\"I called the general and I said, 'Go in tonight.' And he goes, 'There are children there.' "
            "I told him, 'Then go in carefully,'\" Ibarra says on the recording.")
    quotes = _by_content(text)
    assert quotes["Go in tonight."].addressee.text == "the general"
    assert quotes["There are children there."].speaker.name == "the general"
    assert quotes["Then go in carefully"].addressee.name == "the general"


def test_a_different_subject_after_and_is_the_speaker() -> None:
    text = ("Barry Pennock left a voicemail.\n\n"
            "\"I had a coffee with Kieran this morning and he said to me, 'Your lads will get their pavilion.'\" "
            "Pennock says.")
    quote = _by_content(text)["Your lads will get their pavilion."]
    assert quote.speaker is not None and quote.speaker.name != "Barry Pennock"
