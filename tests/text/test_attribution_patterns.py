"""The attribution patterns a fact-checker must not get wrong (issue 16), each as a user would see them.

Every case here failed before speakers were read from appositions, unnamed sources stayed unnamed,
recounted exchanges took their speakers from the teller's frame, spans followed PolNeAR's convention
and denials were read without the word "deny".
"""

from __future__ import annotations

from pathlib import Path

import pytest

import veracity
from veracity.text.cue_roles import is_denial

pytestmark = pytest.mark.integration


def _quotes(text: str) -> list[veracity.Quote]:
    return veracity.analyze(text, published="2025-03-14").quotes


def _by_content(text: str) -> dict[str, veracity.Quote]:
    return {q.content.text: q for q in _quotes(text)}


def test_a_role_with_a_place_is_a_person_not_the_place() -> None:
    (quote,) = _quotes("The former mayor of Leeford told a jury on Tuesday that he had never taken a bribe.")
    assert quote.speaker is not None and quote.speaker.name == "The former mayor of Leeford"


def test_a_source_close_to_someone_is_not_that_someone() -> None:
    (quote,) = _quotes("The deal was signed in secret, according to a source close to Grant.")
    assert quote.speaker is not None and quote.speaker.name == "a source close to Grant"


def test_the_name_in_apposition_is_the_speaker() -> None:
    (quote,) = _quotes("A spokesman for the ministry, Per Engström, told Nordwire that the talks had collapsed.")
    assert quote.speaker is not None and quote.speaker.name == "Per Engström"
    person = next(p for p in veracity.analyze(
        "A spokesman for the ministry, Per Engström, told Nordwire that the talks had collapsed.").people
        if p.name == "Per Engström")
    assert person.type == "PERSON"


def test_a_courtroom_role_speaks() -> None:
    quotes = _by_content('The prosecutor asked whether he had seen the money.\n\n'
                         '"I never saw a penny," the defendant replied.')
    assert quotes["I never saw a penny"].speaker is not None
    assert quotes["I never saw a penny"].speaker.name == "the defendant"


def test_an_office_speaks_for_itself_not_for_the_agency_it_told() -> None:
    text = ("Otto Brandt is the finance minister. Brandt's office told the Baltic Press Agency that the recording "
            "had been cut.")
    (quote,) = _quotes(text)
    assert quote.speaker is not None and quote.speaker.name != "Baltic Press Agency"


def test_recounted_exchange_takes_speakers_and_hearers_from_the_tellers_frame() -> None:
    text = ("Hale issued a similar warning to President Brenner, adding: \"He thought I was crazy. "
            "He said 'you would never do it' and I said 'try me'.\"")
    quotes = _by_content(text)
    brenner, hale = quotes["you would never do it"], quotes["try me"]
    assert brenner.speaker is not None and brenner.speaker.name == "Brenner"
    assert hale.speaker is not None and hale.speaker.name == "Hale"
    assert brenner.parent == hale.parent is not None


def test_i_told_him_gives_the_other_party_as_addressee_and_he_goes_is_found() -> None:
    text = ("Hale spoke about his talks with President Brenner.\n\n"
            "\"I told him, 'if you go in, I'll hit you.' So he goes, like, 'I don't believe you'. "
            "He said 'no way' and I said 'way',\" Hale said.")
    quotes = _by_content(text)
    threat = quotes["if you go in, I'll hit you."]
    assert threat.speaker is not None and threat.speaker.name == "Hale"
    assert threat.addressee is not None and threat.addressee.name == "Brenner"
    for reply in ("I don't believe you", "no way"):
        assert quotes[reply].speaker is not None and quotes[reply].speaker.name == "Brenner"
    assert quotes["way"].speaker is not None and quotes["way"].speaker.name == "Hale"


@pytest.mark.parametrize("said", [
    "We are not aware of any such meeting.",
    "He never offered anyone a penny.",
    "The recording was selectively edited.",
    "The remarks were taken out of context.",
])
def test_denials_without_the_word_deny(said: str) -> None:
    (quote,) = _quotes(f'"{said}" the spokeswoman, Ines Moreau, said.')
    assert quote.is_denial


@pytest.mark.parametrize("content", [
    'she has "never received any instruction" from Anselm',  # quotation marks inside the words
    "the recording was “not genuine” and had been “stitched together” from three calls",
    "a video circulating on social media may have been produced with artificial intelligence",
    "None of it happened the way he tells it",
    "it had never been told of any hygiene failings",
    "The Courier has been misled",
    "it disputes the authority's account",
    "simply false.",
    "We have not carried out any cloud seeding anywhere in Norvik since 2019",
    "and we have never done so over Solvik",
    "I have never cheated, not once, not in a school race",  # an act said never to have been done
    "Nothing was cut, nothing was moved around.",
    "Nobody was promised anything.",
    'the report was "complete nonsense"',
    "speculative and wrong",  # a verdict that is the whole of what is quoted
    'the union\'s pay figures were "deliberately misleading"',
    'the deputy minister "does not recognise" the conversation described in the cable',
    "the voice was not his",  # the recording is someone else
    'the clip was "a crude fake, probably made with one of these AI apps"',
    "the recording had been “cut to make a routine call sound sinister”",  # a recording cut to mislead
    'the recording had been "cut to ribbons"',
    'the analyst had "misunderstood a hallway conversation"',  # the report's source got it wrong
])
def test_denials_as_fresh_stories_word_them(content: str) -> None:
    assert is_denial("said", content)


@pytest.mark.parametrize("content", [
    "So the Courier made it up?",  # a question asks whether
    "If the tape is real, he cannot stay. If it is fake, he should welcome a police inquiry",
    "I have no idea what Derek meant.",
    "Either he misled the assembly then, or he is misleading us now",  # an accusation, not a denial
    "wrong turn after wrong turn has brought the council to this, and every one of them was avoidable",
    # standing by a report: a denial for 3 of the 9 such quotes in the dev stories, so not one by itself
    "it stood by its report and held a full recording of the interview",
    "Relax, boys. The ref for Saturday is looked after. Just don't do anything stupid.",  # an order, not a denial
    "the budget cut to make room for schools was wise",  # a cut that is no recording's
])
def test_a_question_or_a_supposition_is_not_a_denial(content: str) -> None:
    assert not is_denial("said", content)


@pytest.mark.parametrize("said", ["We will hit you hard.", "I do not agree with the minister."])
def test_a_negation_is_not_a_denial(said: str) -> None:
    (quote,) = _quotes(f'"{said}" the spokeswoman, Ines Moreau, said.')
    assert not quote.is_denial


def test_stored_spans_follow_polnear_and_the_text_shows_the_words() -> None:
    text = '"We were there under legitimate pretenses," Okafor said.'
    (quote,) = _quotes(text)
    (start, end), = quote.content.spans
    assert text[start:end] == '"We were there under legitimate pretenses,"'
    assert quote.content.text == "We were there under legitimate pretenses"


@pytest.mark.parametrize("text", [
    'The network said "Monday Night Football" would return. "Monday Night Football" drew 20 million viewers, '
    'the network said. "Monday Night Football" is its biggest show, the network said.',
    '"I will win," he said. "I will win," he said.\n\n"I will win," he said.',
    'He said "it is over.\n\nAnd she said "no it is not.',  # unbalanced marks
    "\n\n".join(f'"Paragraph {i} of a very long quote that never closes' for i in range(120)),
    "Minister denies 'secret deal'\n\nPresident hits back at 'fake' tape\n\nCouncil 'to review' plans",
])
def test_quote_ids_are_unique_whatever_the_input(text: str) -> None:
    quotes = _quotes(text)
    assert len({q.id for q in quotes}) == len(quotes)


@pytest.mark.parametrize("text", [
    "Harold Dunmore, 61, denies perverting the course of justice.\n\n"
    "\"I never saw the footage,\" the defendant told the jury.",
    "The trial of Harold Dunmore entered its second week on Monday.\n\n"
    "\"I never saw the footage,\" the defendant told the jury.",
])
def test_the_defendant_is_the_person_on_trial(text: str) -> None:
    quote = next(q for q in _quotes(text) if q.content.text == "I never saw the footage")
    assert quote.speaker is not None and quote.speaker.name == "Harold Dunmore"


def test_a_pronoun_after_a_quote_is_not_someone_the_quote_names() -> None:
    text = ("Otto Brandt spoke to donors on Friday.\n\n"
            "\"I told Halvorsen we would lose in October,\" he says.")
    (quote,) = [q for q in _quotes(text) if q.parent is None]  # (what he told Halvorsen is a quote inside it)
    assert quote.speaker is not None and quote.speaker.name == "Otto Brandt"


def test_an_unnamed_party_is_named_without_the_clause_about_it() -> None:
    text = "A person close to the magnate, who asked not to be named, said Kazan had hosted hundreds of people."
    quote = next(q for q in _quotes(text) if q.content.text.startswith("Kazan"))
    assert quote.speaker is not None and quote.speaker.name == "A person close to the magnate"


def test_a_name_called_out_in_direct_speech_is_the_hearer() -> None:
    text = ("Otto Brandt met Lars Halvorsen in March.\n\n"
            "\"Then make it move, Otto,\" Halvorsen said.")
    (quote,) = _quotes(text)
    assert quote.addressee is not None and quote.addressee.name == "Otto Brandt"


def test_an_agency_told_is_also_the_medium() -> None:
    text = ("STOCKHOLM, March 12 (Nordwire) - A spokesman for the ministry, Per Engström, told Nordwire that the "
            "talks had collapsed.")
    quote = next(q for q in _quotes(text) if "collapsed" in q.content.text)
    assert quote.medium is not None and quote.medium.text == "Nordwire"


def test_a_quote_over_many_paragraphs_is_one_quote_with_its_speaker() -> None:
    paragraphs = ['Union leader Oluwaseun Barr said: "Our members have been patient.']
    paragraphs += [f'"They have worked through crisis number {i}.' for i in range(1, 105)]
    paragraphs[-1] += '"'
    (quote,) = _quotes("\n\n".join(paragraphs))
    assert len(quote.content.spans) == 105
    assert quote.speaker is not None and quote.speaker.name == "Oluwaseun Barr"


def test_a_dateline_is_not_part_of_the_speaker() -> None:
    text = ("DRAVOGRAD, Feb 10 (Eastline) - Morvania's presidential administration dismissed the report as "
            "\"a fantasy\".")
    (quote,) = _quotes(text)
    assert quote.source is not None and not quote.source.text.startswith(("DRAVOGRAD", "Eastline"))


def test_a_bare_article_or_relative_pronoun_is_no_quote() -> None:
    from veracity.text.drafts import Draft, SpanIndex
    from veracity.text.quotes import _is_fragment

    text = "The inquiry, which the minister said would report in May, began."
    which = text.index("which")
    assert _is_fragment(Draft([(which, which + 5)], cue=(0, 3)), text, SpanIndex([]))
    assert not _is_fragment(Draft([(0, 11)], cue=(0, 3)), text, SpanIndex([]))


def test_a_headline_and_a_teaser_are_not_quotes() -> None:
    text = ("Aide says developer pledged 'whatever it takes' for Grant campaign\n\n"
            "By Sophie Lark\n\n"
            "Jonah Weller told an inquiry on Monday that the developer had promised to pay \"whatever it takes\".\n\n"
            "Read more: Minister says rezoning was 'by the book'\n")
    quotes = _quotes(text)
    assert [q.content.text for q in quotes] == ["the developer had promised to pay \"whatever it takes\""]
    assert quotes[0].speaker is not None and quotes[0].speaker.name == "Jonah Weller"


def test_a_description_in_the_lead_is_the_person_the_next_paragraph_names() -> None:
    text = ("The former mayor of Leeford told a jury on Tuesday that he had never accepted money from a developer.\n\n"
            "Martin Crowe, 61, who led the city council between 2016 and 2022, denies three counts of bribery.\n\n"
            "\"We met, yes. He was a constituent,\" the defendant replied.\n\n"
            "\"I did nothing wrong,\" the former mayor said.")
    quotes = _quotes(text)
    assert len(quotes) >= 3
    assert all(q.speaker is not None and q.speaker.name == "Martin Crowe" for q in quotes)


def test_a_double_barrelled_name_stays_whole() -> None:
    text = ("Daniel Okonkwo-Hart, the opposition leader, spoke at a dinner.\n\n"
            "\"I told him to drop the case,\" Okonkwo-Hart says in the clip.")
    (quote,) = [q for q in _quotes(text) if q.parent is None]  # (what he told him is a quote inside it)
    assert quote.speaker is not None and quote.speaker.name == "Daniel Okonkwo-Hart"


def test_a_reported_claim_stops_where_a_new_quotation_opens_the_next_sentence() -> None:
    text = ("Asked why she had waited, the sergeant said she had feared for her career. "
            "\"He was the chief constable. Who was I going to tell?\" she said.")
    contents = {q.content.text for q in _quotes(text)}
    assert "she had feared for her career" in contents


def test_a_question_and_its_answer_are_said_to_each_other() -> None:
    text = ("Harriet Sandoval chaired the hearing. Claire Devereux gave evidence.\n\n"
            "\"Do you stand by that?\" Sandoval asked.\n\n"
            "\"Every word,\" Devereux said.")
    quotes = _by_content(text)
    assert quotes["Do you stand by that?"].addressee.name == "Claire Devereux"
    assert quotes["Every word"].addressee.name == "Harriet Sandoval"


def test_a_name_called_out_inside_direct_speech_is_the_hearer() -> None:
    text = ("Harold Dunmore phoned Lucy Amari that night.\n\n"
            "\"It is my son, Lucy. Do you understand me?\" Dunmore said.")
    (quote,) = _quotes(text)
    assert quote.addressee is not None and quote.addressee.name == "Lucy Amari"


def test_a_pronoun_between_two_unknown_people_teaches_neither_a_gender() -> None:
    text = ("In the recording, Finance Minister Ivo Brandt tells Governor Mira Santos that the economy needs "
            "a signal.\n\n"
            "\"You know I can't do that,\" she told him.\n\n"
            "Brandt then recounts a call with the prime minister. \"So I'm making it move,\" he says.")
    quotes = _by_content(text)
    assert quotes["So I'm making it move"].speaker is not None
    assert quotes["So I'm making it move"].speaker.name == "Ivo Brandt"


def test_a_title_in_quotation_marks_is_not_a_quote() -> None:
    text = ("Sandoval read aloud from Devereux's memoir, \"Full Steam Ahead\", in which the former minister "
            "wrote that she had \"never once\" intervened.")
    contents = [q.content.text for q in _quotes(text)]
    assert "Full Steam Ahead" not in contents and any("never once" in c for c in contents)


def test_a_post_nominal_is_not_the_speaker() -> None:
    text = "Opening the case for the Crown, Nadia Crewe KC told jurors the founder had treated donations as his own."
    (quote,) = _quotes(text)
    assert quote.speaker is not None and quote.speaker.name == "Nadia Crewe"


def test_asking_for_anonymity_is_not_a_quote() -> None:
    text = ("A person close to the magnate, who asked not to be named because of the investigation, said "
            "Kazan had \"hosted hundreds of people on that boat\".")
    contents = [q.content.text for q in _quotes(text)]
    assert contents == ["Kazan had \"hosted hundreds of people on that boat\""]


def test_a_recounted_call_keeps_its_teller_and_the_paragraph_he_goes_on_in() -> None:
    text = ("Valdoria's foreign minister, Anton Kessel, can be heard in a leaked recording talking to aides.\n\n"
            "\u201cI called Irina on the Sunday before the summit and I said, \u2018Look, you will not get a better "
            "friend in this building than me,\u2019\u201d Kessel says in the recording.\n\n"
            "\u201cShe goes, \u2018Anton, my president wants that in writing.\u2019 "
            "And I told her, \u2018Fine.\u2019\u201d")
    quotes = _quotes(text)
    outer = next(q for q in quotes if q.content.text.startswith("I called Irina"))
    assert outer.speaker is not None and outer.speaker.name == "Anton Kessel"
    assert len(outer.content.spans) == 2  # the next paragraph is Kessel going on
    inner = {q.content.text.split(",")[0]: q for q in quotes if q.parent == outer.id}
    assert inner["Anton"].speaker.name == "Irina"
    assert inner["Look"].speaker.name == "Anton Kessel"


def test_a_colon_at_the_end_of_a_paragraph_introduces_the_quotation_below() -> None:
    text = ("The Allied Nurses' Union on Thursday rejected the government's latest pay offer.\n\n"
            "In a statement, the union's general secretary, Oluwaseun Barr, said:\n\n"
            "\u201cOur members have been patient. They have worked through a pandemic.\u201d")
    quote = next(q for q in _quotes(text) if q.content.text.startswith("Our members"))
    assert quote.speaker is not None and quote.speaker.name == "Oluwaseun Barr"


def test_a_participle_that_introduces_speech_takes_its_clauses_subject() -> None:
    text = ("Kevin Doyle refereed the match.\n\n"
            "In the clip, Dean Marsh can be heard telling fellow pundit Joel Achebe: \"I saw him in the tunnel "
            "before kick-off and I said to him, 'Have a good one, Kev.'\"")
    quote = next(q for q in _quotes(text) if q.content.text.startswith("I saw him"))
    assert quote.speaker is not None and quote.speaker.name == "Dean Marsh"


def test_the_person_asked_is_the_hearer_and_answers() -> None:
    text = ("Jonah Weller gave evidence on Monday. Damien Royce, a lawyer, spoke to reporters outside.\n\n"
            "Priya Nandakumar asked Weller why he had not reported the remark at the time.\n\n"
            "\u201cBecause I was 29 and I wanted to keep my job,\u201d he said.")
    quotes = _quotes(text)
    asked = next(q for q in quotes if "reported the remark" in q.content.text)
    assert asked.content.text.startswith("why") and asked.addressee is not None
    assert asked.addressee.name == "Jonah Weller"
    answer = next(q for q in quotes if q.content.text.startswith("Because"))
    assert answer.speaker is not None and answer.speaker.name == "Jonah Weller"
    assert answer.addressee is not None and answer.addressee.name == "Priya Nandakumar"


def test_a_surname_tagged_as_a_plural_noun_is_still_the_person() -> None:
    text = ("Rui Tavares, 58, who served as minister from 2019 to 2023, said the recording was a fabrication.\n\n"
            "\"I have never met the man. I have never called him,\" Tavares said.")
    quote = next(q for q in _quotes(text) if q.content.text.startswith("I have never met"))
    assert quote.speaker is not None and quote.speaker.name == "Rui Tavares"


def test_a_recording_that_speaks_speaks_for_the_person_on_it() -> None:
    text = ("Councillor Barry Pennock left a message for fellow councillor Sunita Rao on March 19.\n\n"
            "The voicemail, which has been passed to the Echo, says:\n\n"
            "\u201cSunita, it\u2019s Barry. Look, I had a coffee with Kieran this morning.\u201d")
    quote = next(q for q in _quotes(text) if q.content.text.startswith("Sunita"))
    assert quote.speaker is not None and quote.speaker.name == "Barry Pennock"


def test_a_title_before_a_name_counts_even_when_the_parser_hangs_it_on_the_line_above() -> None:
    text = ("9 September 2024\n\n"
            "Former transport minister Claire Devereux told an inquiry on Monday that she had acted properly.\n\n"
            "In her memoir, the former minister wrote that she had \"never once\" intervened.")
    quote = next(q for q in _quotes(text) if "never once" in q.content.text)
    assert quote.speaker is not None and quote.speaker.name == "Claire Devereux"


def test_an_age_without_a_known_age_still_says_the_role() -> None:
    text = ("\"There was no meeting,\" Gleb Vartanov, the Kastel's spokesman, told Eastline.\n\n"
            "Pavel Ostrov was appointed special envoy in October.\n\n"
            "Asked whether Ostrov had spoken to Begai, the 58-year-old spokesman replied: "
            "\"I am not going to comment on every rumour.\"")
    quote = next(q for q in _quotes(text) if q.content.text.startswith("I am not going"))
    assert quote.speaker is not None and quote.speaker.name == "Gleb Vartanov"


def test_the_owner_of_a_role_is_not_the_one_speaking() -> None:
    text = ("Asked about it on television, Ostos's chief of staff, Elena Paredes, said: "
            "\"We are not aware of any such buses.\"")
    quote = next(q for q in _quotes(text) if q.content.text.startswith("We are not aware"))
    assert quote.speaker is not None and quote.speaker.name == "Elena Paredes"


def test_a_frame_inside_the_content_is_the_speaker_not_the_recording() -> None:
    text = ("Ledgerline said the recording was made on March 2. In it, Brandt tells Governor Mirela Santos that "
            "the economy needs a signal.\n\n"
            "“Minister, you know I can’t do that,” she told him, according to the recording. “The committee "
            "decides. Not me, and certainly not you.”\n\n"
            "Santos, 59, replied that she would “pretend this call never happened”, according to the recording.")
    quotes = _by_content(text)
    refusal = next(q for c, q in quotes.items() if c.startswith("Minister, you know"))
    assert "she told him" not in refusal.content.text and "The committee decides" in refusal.content.text
    assert refusal.speaker is not None and refusal.speaker.name == "Mirela Santos"
    assert refusal.form is not None and refusal.form.text == "the recording" and refusal.medium is None
    reply = next(q for c, q in quotes.items() if "she would" in c)
    assert reply.speaker is not None and reply.speaker.name == "Mirela Santos"


def test_a_nickname_in_quotation_marks_is_nobody_new() -> None:
    text = ("Marsh, whose firm has built 3,000 homes and who is known in the trade as “the Bulldozer”, told the "
            "Northgate Herald that the call “never happened”.\n\n"
            "“I have never spoken to him about any lawsuit,” he said.")
    quotes = _by_content(text)
    assert {q.speaker.name for q in quotes.values() if q.speaker} == {"Marsh"}


def test_a_statement_speaks_for_whoever_issued_it() -> None:
    text = ('Lumora Pay said in a statement that the remarks had been "taken out of context".\n\n'
            '"No promise of any kind was sought or given," the statement said.')
    quotes = _by_content(text)
    assert quotes["No promise of any kind was sought or given"].speaker is not None
    assert quotes["No promise of any kind was sought or given"].speaker.name == "Lumora Pay"


def test_an_unnamed_body_is_itself_not_the_last_body_named() -> None:
    text = ("The FCB opened an inquiry in March.\n\n"
            "The electoral commission said turnout was 61.4 per cent.\n\n"
            "The club's supporters' trust said it would write to the federation.")
    speakers = {q.content.text: q.speaker and q.speaker.name for q in _quotes(text)}
    assert speakers["turnout was 61.4 per cent"] == "The electoral commission"
    assert speakers["it would write to the federation"] == "The club's supporters' trust"


def test_told_him_straight_is_the_tellers_own_words() -> None:
    text = ("Dragan can be heard describing a lunch with Paulo Neves.\n\n"
            "\"I took Paulo to lunch and I told him straight, 'If we lose this league, I will talk.' And he says, "
            "'Viktor, relax,'\" Dragan says.")
    quotes = _by_content(text)
    threat = quotes["If we lose this league, I will talk."]
    assert threat.speaker is not None and threat.speaker.name == "Dragan"
    outer = next(q for q in quotes.values() if q.parent is None)
    spans = sorted(outer.content.spans)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False)), "no word quoted twice"


def test_an_outlet_named_by_its_noun_never_speaks_as_she() -> None:
    text = ("Finance Minister Otto Brandt told the governor to cut rates, according to a recording published by the "
            "investigative website Ledgerline.\n\n"
            "Ledgerline said the recording was made on March 2. In it, Brandt tells Governor Mirela Santos that the "
            "economy “needs a signal”.\n\n"
            "“Minister, you know I can’t do that,” she told him, according to the recording.")
    quote = next(q for q in _quotes(text) if q.content.text.startswith("Minister"))
    assert quote.speaker is not None and quote.speaker.name == "Mirela Santos"


def test_the_other_side_of_a_recounted_exchange_is_its_hearer() -> None:
    text = ("Okonkwo-Hart can be heard telling supporters about a call with the developer Gerald Marsh.\n\n"
            "“So I get Gerald Marsh on the phone, and I said, ‘Gerald, drop the case,’” Okonkwo-Hart says in the clip. "
            "“And he goes, like, ‘Are you threatening me?’”")
    quotes = _by_content(text)
    question = quotes["Are you threatening me?"]
    assert question.speaker is not None and question.speaker.name == "Gerald Marsh"
    assert question.addressee is not None and question.addressee.name == "Okonkwo-Hart"


def test_a_former_role_is_the_person_just_named() -> None:
    text = ("The tape is the second to embarrass Otto Brandt this year. In January, a recording surfaced in which the "
            "former diplomat told business leaders that he had warned the government against raising tariffs.")
    (quote,) = _quotes(text)
    assert quote.speaker is not None and quote.speaker.name == "Otto Brandt"


def test_a_witness_answers_the_barrister_who_asked() -> None:
    text = ("Cross-examined by the defence barrister, Felix Amory KC, Brennan accepted that she had never reported "
            "her concerns.\n\n"
            "“You say you were frightened, but you kept processing these payments, didn’t you?” Mr Amory asked.\n\n"
            "“I needed the job,” she replied.")
    quotes = _by_content(text)
    answer = quotes["I needed the job"]
    assert answer.addressee is not None and answer.addressee.name == "Felix Amory"


def test_what_the_words_are_said_of_is_in_the_span_not_in_the_words() -> None:
    text = ("The presidential administration dismissed a newspaper report about secret talks as \"a fantasy\".\n\n"
            "The health minister, Colm Reddy, accused the union of “playing politics with patients”.\n\n"
            "The opposition accused the governing party on Wednesday of buying votes in Sunday's election.")
    quotes = _by_content(text)
    assert set(quotes) == {"a fantasy", "playing politics with patients", "buying votes in Sunday's election"}
    fantasy = quotes["a fantasy"]
    start, end = fantasy.content.spans[0]
    assert text[start:end] == 'a newspaper report about secret talks as "a fantasy"'  # PolNeAR's span
    assert quotes["playing politics with patients"].speaker.name == "Colm Reddy"


def test_a_second_verdict_in_one_sentence_is_a_quote_of_its_own() -> None:
    text = ('Neves told the Sportwire agency on Sunday that the lunch "never took place" and called the recording '
            '"a fabrication from start to finish".')
    quotes = _by_content(text)
    assert set(quotes) == {'the lunch "never took place"', "a fabrication from start to finish"}
    verdict = quotes["a fabrication from start to finish"]
    assert verdict.cue is not None and verdict.cue.text == "called" and verdict.is_denial


def test_words_a_reported_speaker_said_are_theirs_and_said_to_the_teller() -> None:
    text = ("Jonah Weller, who worked as Grant's deputy chief of staff, said the developer, Gavin Price, had told "
            "him: “Eleanor gets whatever she needs. Whatever it takes. You tell her that.”")
    quotes = _by_content(text)
    threat = quotes["Eleanor gets whatever she needs. Whatever it takes. You tell her that."]
    assert threat.speaker is not None and threat.speaker.name == "Gavin Price"
    assert threat.addressee is not None and threat.addressee.name == "Jonah Weller"
    outer = quotes[next(c for c in quotes if c.startswith("the developer"))]
    assert threat.parent == outer.id


def test_a_cue_without_a_tagged_source_takes_its_subject() -> None:
    from veracity.text.drafts import Draft
    from veracity.text.parse import load_spacy
    from veracity.text.sources import parsed_sources

    text = 'Lumora Pay said in a statement that the remarks had been "taken out of context".'
    draft = Draft([(text.index("that"), len(text) - 1)], cue=(11, 30))
    parsed_sources(text, load_spacy()(text), [draft])
    assert draft.source is not None and text[draft.source[0] : draft.source[1]] == "Lumora Pay"


def test_the_possessor_of_a_claim_is_who_claims() -> None:
    text = ("Raman wrote that the tape raised questions.\n\n"
            'The recording has also revived the Green Party\'s claim that the FCB is "too cosy" with the firms it '
            "supervises.")
    quote = next(q for q in _quotes(text) if "too cosy" in q.content.text)
    assert quote.speaker is not None and quote.speaker.name == "Green Party"
    assert quote.cue is not None and quote.cue.text == "claim"


def test_a_dateline_is_no_part_of_the_speaker_below_a_headline() -> None:
    text = ("Morvania dismisses report of secret talks\n\n"
            "DRAVOGRAD, Feb 9 (Eastline) - Morvania's presidential administration on Monday dismissed a newspaper "
            'report about secret talks as "a fantasy".')
    (quote,) = _quotes(text)
    assert quote.speaker is not None and quote.speaker.name == "Morvania's presidential administration"


def test_a_description_before_a_name_is_its_role() -> None:
    text = ('"There was no meeting," the Kastel\'s spokesman, Gleb Vartanov, told Eastline by telephone.\n\n'
            "Ostrov was appointed special envoy in October 2024.\n\n"
            'Asked whether Ostrov had ever spoken to Begai, the 58-year-old spokesman replied: "I am not going to '
            'comment on every rumour."')
    quotes = _by_content(text)
    assert quotes["I am not going to comment on every rumour."].speaker.name == "Gleb Vartanov"


def test_the_words_are_not_who_says_them() -> None:
    text = ('"Honestly, Hannah, it was done at the dinner," Wadlow can be heard saying.\n\n'
            '"Piers, the mic," finance director Hannah Berg replies, before the line goes dead.')
    quote = _by_content(text)["Piers, the mic"]
    assert quote.speaker is not None and quote.speaker.name == "Hannah Berg"


def test_a_caller_who_names_himself_is_the_speaker() -> None:
    # Unlike "The voicemail … says:" above, "opens:" is no speech verb: only the self-naming finds Barry.
    text = ("Councillor Barry Pennock left a voicemail for fellow councillor Sunita Rao on March 19.\n\n"
            "The voicemail, which has been passed to the Echo, opens:\n\n"
            "“Sunita, it’s Barry. Look, I had a coffee with Kieran this morning.”")
    quote = next(q for q in _quotes(text) if q.content.text.startswith("Sunita"))
    assert quote.speaker is not None and quote.speaker.name == "Barry Pennock"


def test_asked_by_someone_is_that_someones_question() -> None:
    text = ('Ruth Kaminski appeared before magistrates on Tuesday.\n\n'
            'Asked by the clerk whether she understood the charge, the 44-year-old replied: "I understand it, '
            'but I didn\'t do it."')
    quotes = _by_content(text)
    question = quotes["whether she understood the charge"]
    assert question.speaker is not None and question.speaker.name == "the clerk"
    assert quotes["I understand it, but I didn't do it."].speaker.name == "Ruth Kaminski"


@pytest.mark.parametrize("words", [
    "The remarks were made in jest and describe no agreement.",
    "He was showing off to a client.",
    "The report had been planted by foreign intelligence services.",
    "The licence round was conducted with complete transparency.",
    "That is not language I use.",
])
def test_denials_that_dismiss_rather_than_deny(words: str) -> None:
    (quote,) = _quotes(f'The accusation is false, according to some. "{words}" the spokesman said.')[-1:]
    assert quote.is_denial


def test_a_third_level_quotation_and_a_first_name_the_tagger_called_an_organisation() -> None:
    text = ("Kessel can be heard in the recording describing a call with Irina Sadikova.\n\n"
            "“She goes, ‘Anton, my president wants that in writing.’ And I told her, ‘My president said to me, "
            "“Give them whatever they need.” That’s in writing enough.’” Kessel says.")
    quotes = _by_content(text)
    assert quotes["Anton, my president wants that in writing."].speaker.name == "Irina Sadikova"
    inner = quotes["Give them whatever they need."]
    holder = quotes[next(c for c in quotes if c.startswith("My president"))]
    assert inner.speaker is not None and inner.parent == holder.id


def test_the_question_is_the_askers_and_the_answer_the_answerers() -> None:
    text = ("The presidency's spokesman, Emil Rostam, said on Wednesday that he was “not aware of any such meeting”. "
            "Asked by reporters whether the governor had been a guest at the presidential palace, the spokesman "
            "said: “The palace receives many guests. I do not keep the list.”")
    quotes = _by_content(text)
    assert quotes["whether the governor had been a guest at the presidential palace"].speaker.name == "reporters"
    assert quotes["The palace receives many guests. I do not keep the list."].speaker.name == "Emil Rostam"


def test_a_witness_described_first_is_named_after_her_own_words() -> None:
    text = ("A former senior midwife at the hospital told the inquiry she had written to the clinical director "
            "\"at least six times\" between 2019 and 2021.\n\n"
            "\"I told him in writing, and I told him to his face,\" said the witness, Carys Lloyd, who worked at "
            "Hallam General for 17 years.")
    quote = next(q for q in _quotes(text) if "at least six times" in q.content.text)
    assert quote.speaker is not None and quote.speaker.name == "Carys Lloyd"


def test_the_words_after_urging_someone_are_what_was_urged() -> None:
    (quote,) = _quotes("The Patients First charity urged both sides to “get back in a room”.")
    assert quote.content.text == "get back in a room"


def test_a_role_inside_a_quote_is_the_person_named_with_it_later() -> None:
    text = ("Osterberg is heard saying: “The permanent secretary told me, ‘The board will do as it’s told,’ so it’s "
            "done.”\n\n"
            "Sir Anthony Pell, who was permanent secretary at the Department for Transport from 2018 to 2023, said "
            "he had “no recollection of any such conversation”.\n\n"
            "The office of President Marek Holt did not respond to a request for comment.")
    quotes = _by_content(text)
    assert quotes["The board will do as it’s told"].speaker.name == "Anthony Pell"
    holt = next(p for p in veracity.analyze(text).people if p.name == "Marek Holt")
    assert holt.type == "PERSON"


def test_a_clip_shows_who_speaks_and_is_the_form_of_the_words() -> None:
    text = ("A video clip circulating on messaging apps appears to show opposition leader Daniel Okonkwo-Hart telling "
            "supporters that he pressed a developer to drop a lawsuit.")
    (quote,) = _quotes(text)
    assert quote.speaker is not None and quote.speaker.name == "Daniel Okonkwo-Hart"
    assert quote.form is not None and quote.form.text.startswith("A video clip") and quote.medium is None


def test_a_titled_name_opening_the_next_paragraph_names_the_description() -> None:
    text = ("A police sergeant told a jury on Tuesday that her former chief constable ordered her to delete footage, "
            "saying: \"Make it go away, Lucy.\"\n\n"
            "Sergeant Lucy Amari, 38, was giving evidence at the trial of Harold Dunmore.")
    quote = next(q for q in _quotes(text) if "chief constable" in q.content.text)
    assert quote.speaker is not None and quote.speaker.name == "Lucy Amari"


_LONG_QUOTE = "Hale said:\n\n" + "\n\n".join(f"“Point {n} of the plan is sound." for n in range(110)) + "”"
_BAD_STORIES = {
    "unbalanced marks": 'He said "this never ends and "then it does.\n\n"Another one," she said. "And "',
    "a quote over 100 paragraphs": _LONG_QUOTE,
    "one title twice": 'The show "Monday Night Football" aired. Fans of "Monday Night Football" said it was dull.',
    "only headlines": "Minister denies call\n\nTape raises questions\n\nWhat we know so far",
    "every paragraph a quote": "\n\n".join(f"“Sentence {n} is here,” Hale said." for n in range(30)),
}


@pytest.mark.parametrize("name", sorted(_BAD_STORIES))
def test_bad_stories_give_a_dossier_with_one_id_a_quote(name: str) -> None:
    quotes = _quotes(_BAD_STORIES[name])
    assert len({q.id for q in quotes}) == len(quotes)
    if name == "a quote over 100 paragraphs":
        assert len(quotes) == 1 and quotes[0].speaker is not None and quotes[0].speaker.name == "Hale"
    if name == "only headlines":
        assert quotes == []


def test_counsel_puts_it_to_the_witness_and_the_witness_answers_counsel() -> None:
    text = ("Martin Crowe, 61, gave evidence on Tuesday.\n\n"
            "Under cross-examination, prosecutor Helen Mabry put it to him that he had met Hollins nine times.\n\n"
            "“We met, yes. He was a constituent,” the defendant replied.")
    quotes = _by_content(text)
    put = next(q for c, q in quotes.items() if "nine times" in c)
    assert put.addressee is not None and put.addressee.text == "him"
    answer = quotes["We met, yes. He was a constituent"]
    assert answer.addressee is not None and answer.addressee.name == "Helen Mabry"


def test_a_speaker_going_on_speaks_to_the_same_hearers() -> None:
    text = ("Opening the case for the Crown, Nadia Crewe KC told jurors the founder had treated donations “like a "
            "personal piggy bank”.\n\n"
            "“Parents sat at hospital bedsides and rattled collection tins for this charity,” she said.")
    quote = _by_content(text)["Parents sat at hospital bedsides and rattled collection tins for this charity"]
    assert quote.addressee is not None and quote.addressee.text == "jurors"


def test_a_headline_run_into_the_first_sentence_is_no_part_of_its_subject() -> None:
    from veracity.text.drafts import Draft
    from veracity.text.parse import load_spacy
    from veracity.text.sources import parsed_sources

    text = "City braces for strike\n\nThe union said the strike would go ahead on Monday."
    draft = Draft([(text.index("the strike"), len(text) - 1)], cue=(text.index("said"), text.index("said") + 4))
    parsed_sources(text, load_spacy()(text), [draft])
    assert draft.source is None or "\n" not in text[draft.source[0] : draft.source[1]]


def test_a_fresh_council_story_as_a_user_wrote_it() -> None:
    text = ("Councillor Graham Teale, 58, said the minister, Priya Vance, had told him: \"Drop the judicial review "
            "and the depot is yours.\"\n\n"
            "\"I said to her, 'That is not how this works, minister.' And she goes, 'It is now,'\" Teale told the "
            "committee.\n\n"
            "A spokeswoman for the Department for Transport, Amal Osei, said the account was \"a fabrication\".\n\n"
            "The department said in a statement that all contracts were \"awarded with complete transparency\".")
    quotes = _by_content(text)
    assert quotes["It is now"].speaker.name == "Priya Vance"  # "Drop" opening a quotation is nobody
    told = next(q for c, q in quotes.items() if c.startswith("I said to her"))
    assert told.addressee is not None and told.addressee.text == "the committee" and told.addressee.name is None
    department = next(q for c, q in quotes.items() if "complete transparency" in c)
    assert department.speaker is not None and department.speaker.name == "Department for Transport"


def test_two_quotes_holding_each_others_speaker_do_not_loop() -> None:
    # Found by the property test in tests/text/test_long_text.py: each "He" sat inside the other quote.
    quotes = _quotes('"Monday Night Football"He said:  "Monday Night Football"He said: ')
    assert len({q.id for q in quotes}) == len(quotes)


def test_a_relative_clause_on_the_frame_is_not_part_of_the_quote() -> None:
    text = ('"Tell them we\'ll pull the grant unless they fold on the harbour story, and I mean it," Solberg says '
            "on the recording, which Baltic Wire understands was made in September.")
    (quote,) = _quotes(text)
    assert quote.content.text == "Tell them we'll pull the grant unless they fold on the harbour story, and I mean it"
    assert quote.kind == "direct"
    assert quote.form is not None and quote.form.text == "the recording"


def test_having_said_nothing_is_no_quote() -> None:
    text = "Solberg has said nothing in public since the recording was released."
    assert [q.content.text for q in _quotes(text)] == []
    assert [q.content.text for q in _quotes("The minister said nothing had changed since March.")] == [
        "nothing had changed since March"]


def test_a_schedule_is_no_quote_unless_a_source_reports_it() -> None:
    assert _quotes("Hollins, 58, who will be sentenced separately, is expected to give evidence on Thursday.") == []
    assert _quotes("The trial, which began on January 20, is expected to last three weeks.") == []
    reported = _quotes("The inquiry, opened in March 2022, is expected to conclude next year, according to the "
                       "regulator's latest annual report.")
    assert reported and "conclude next year" in reported[0].content.text


@pytest.mark.parametrize(("sentence", "speaker"), [
    ("The government of Castreva said on Wednesday that the video was fake.", "The government of Castreva"),
    ("Two residents of Ulm Dara said the bombs fell on a crowded market.", "Two residents of Ulm Dara"),
    ("The Tavrenian army said an air strike had destroyed a weapons depot.", "The Tavrenian army"),
    ("The U.N. mission in Tavrenia said an investigation was urgently needed.", "The U.N. mission in Tavrenia"),
])
def test_a_body_or_group_named_by_a_place_is_not_the_place(sentence: str, speaker: str) -> None:
    (quote,) = _quotes(sentence)
    assert quote.speaker is not None and quote.speaker.name == speaker


def test_a_described_speaker_inside_a_quote_speaks() -> None:
    text = ('Pensioner Joan Hale told the meeting: "My granddaughter asked me, \'Will they close it, Nan?\' '
            'I had no answer."')
    quote = _by_content(text)["Will they close it, Nan?"]
    assert quote.speaker is not None and quote.speaker.name == "My granddaughter"


def test_an_unnamed_party_is_named_without_age_or_adverb() -> None:
    text = ("Brandt was not available. A representative for Brandt, 61, told Starwatch that the director "
            '"has no memory of any such conversation".')
    quote = next(q for q in _quotes(text) if "memory" in q.content.text)
    assert quote.speaker is not None and quote.speaker.name == "A representative for Brandt"


@pytest.mark.parametrize(("text", "outlet"), [
    # the dateline's agency, later by its initials
    ("SOLVARA, Nov 5 (Continental News Agency) - The minister spoke.\n\n"
     '"We never met him," Rusnak told CNA in a telephone interview.', "CNA"),
    # the site's own breadcrumb
    ("Starwatch > Celebrity\n\nQuint spoke.\n\n"
     'A spokesman told Starwatch that the director "has no memory of any such conversation".', "Starwatch"),
    ('"We were not informed," the deputy commissioner, Arjen Bakker, told the Financial Courant.', "Financial Courant"),
    # what only a newsroom does, elsewhere in the story
    ("In a letter to Quillpay seen by The Circuit, the authority asked for a report.\n\n"
     "Two engineers told The Circuit that the change had been pushed by Quillpay's own team.", "Circuit"),
])
def test_an_outlet_told_is_the_medium(text: str, outlet: str) -> None:
    quote = next(q for q in _quotes(text) if q.cue is not None and q.cue.text == "told")
    assert quote.medium is not None and outlet in quote.medium.text
    assert quote.addressee is None


def test_a_quoted_question_attributed_after_it_is_found_after_a_partial_quote() -> None:
    text = ('Opposition leader Mira Castellan said the explanation "changes every day". "First it never happened, '
            'now it is a robot. Which one is it?" she told reporters in parliament.')
    quote = _by_content(text)["First it never happened, now it is a robot. Which one is it?"]
    assert quote.speaker is not None and quote.speaker.name == "Mira Castellan"


def test_a_named_group_described_by_where_it_is_based_is_the_group() -> None:
    (quote,) = _quotes('Verifact, a fact-checking group based in Solvara, said its analysis had found '
                       '"no clear signs of manipulation" in the video.')
    assert quote.speaker is not None and quote.speaker.name == "Verifact"


@pytest.mark.parametrize(("text", "speaker"), [
    ("Two residents of Ulm Dara, who asked not to be named, said the bombs fell on Thursday.",
     "Two residents of Ulm Dara"),
    ("Fighting has displaced 40,000 people, according to the U.N. mission in Tavrenia, which said in a statement "
     'that an investigation was "urgently needed".', "the U.N. mission in Tavrenia"),
])
def test_who_after_a_place_stands_for_the_phrase_the_place_ends(text: str, speaker: str) -> None:
    quote = next(q for q in _quotes(text) if q.source is not None and q.source.text in ("who", "which"))
    assert quote.speaker is not None and quote.speaker.name == speaker


def test_the_hearer_of_a_telling_is_the_addressee_not_the_words() -> None:
    text = 'Batalla quit on his podcast, telling co-host Ryan Fell that he was "done being a punchline".'
    quote = next(q for q in _quotes(text) if "punchline" in q.content.text)
    assert quote.content.text == 'he was "done being a punchline"'
    assert quote.addressee is not None and quote.addressee.text == "co-host Ryan Fell"
    assert [text[s:e] for s, e in quote.content.spans] == ['that he was "done being a punchline"']


def test_a_name_inside_a_clause_about_the_speakers_is_not_theirs() -> None:
    text = ("Dreyer lost the vote. Two council members who backed Dreyer said privately that his defence of the "
            "harbour contract had cost him the east side.")
    quote = next(q for q in _quotes(text) if "harbour" in q.content.text)
    assert quote.speaker is not None and quote.speaker.name == "Two council members who backed Dreyer"


def test_several_people_described_are_not_the_person_named_last() -> None:
    text = ('Tom Brandt wrote that the cuts were "overdue". Analysts at Morrow Capital said the job cuts were '
            "smaller than they had expected.")
    quote = next(q for q in _quotes(text) if "smaller" in q.content.text)
    assert quote.speaker is not None and quote.speaker.name == "Analysts at Morrow Capital"


def test_a_definite_description_by_what_someone_does_is_the_person_just_named() -> None:
    text = ("Teodora Lind was elected mayor of Port Alder on Sunday.\n\nSpeaking to supporters, the former public "
            'defender said the result belonged "to every neighbourhood this city forgot."')
    quote = next(q for q in _quotes(text) if "neighbourhood" in q.content.text)
    assert quote.speaker is not None and quote.speaker.name == "Teodora Lind"


def test_the_audience_of_a_recording_hears_all_its_speaker_says_on_it() -> None:
    text = ("A video clip appears to show opposition leader Daniel Okonkwo-Hart telling supporters that he pressed "
            "a developer to drop a lawsuit.\n\nThe clip, which the Evening Courier said was filmed in November, "
            "shows Okonkwo-Hart standing by a lectern.\n\n"
            '"So I get Gerald Marsh on the phone, and I told him to drop it," Okonkwo-Hart says in the clip.\n\n'
            'Laughter can be heard in the room. Okonkwo-Hart then adds: "He dropped it the next week."')
    quotes = _by_content(text)
    for words in ("So I get Gerald Marsh on the phone, and I told him to drop it", "He dropped it the next week."):
        assert quotes[words].addressee is not None and quotes[words].addressee.text == "supporters"


def test_who_answers_a_question_is_who_was_asked() -> None:
    text = ("Ruth Kaminski, 44, appeared in court. Asked by the clerk whether she understood the charge, the "
            '44-year-old replied: "I understand it."')
    question = _by_content(text)["whether she understood the charge"]
    assert question.speaker is not None and question.speaker.name == "the clerk"
    assert question.addressee is not None and question.addressee.name == "Ruth Kaminski"


def test_the_place_where_reporters_asked_is_not_part_of_the_askers() -> None:
    text = ("Emil Rostam spoke. Asked by reporters in Kesh whether the governor had been a guest at the palace, the "
            'spokesman said: "The palace receives many guests."')
    question = next(q for q in _quotes(text) if q.content.text.startswith("whether"))
    assert question.source is not None and question.source.text == "reporters"


@pytest.mark.parametrize(("text", "medium"), [
    ('Batalla quit on his podcast "Off the Bar", telling co-host Ryan Fell that he was "done being a punchline".',
     "Off the Bar"),
    ("Dvorak told the breakfast programme “Morning Brew” on Monday that she had learned of his exit from the podcast.",
     "Morning Brew"),
])
def test_a_programmes_title_in_quotation_marks_is_its_name(text: str, medium: str) -> None:
    quote = next(q for q in _quotes(text) if q.medium is not None)
    assert quote.medium.text == medium


def test_a_hyphenated_hearer_is_whole() -> None:
    text = 'Batalla quit on his podcast, telling co-host Ryan Fell that he was "done being a punchline".'
    quote = next(q for q in _quotes(text) if "punchline" in q.content.text)
    assert quote.addressee is not None and quote.addressee.text == "co-host Ryan Fell"


def test_an_interview_goes_on_through_the_same_outlet() -> None:
    text = ("Gerald Marsh told the Northgate Herald on Thursday that the call never happened.\n\n"
            '"I have never spoken to him about the case," he said.')
    quote = _by_content(text)["I have never spoken to him about the case"]
    assert quote.medium is not None and quote.medium.text == "the Northgate Herald"


def test_words_at_an_occasion_of_their_own_do_not_go_on_through_the_last_outlet() -> None:
    text = ("Gerald Marsh told the Northgate Herald on Thursday that the call never happened.\n\n"
            'Speaking at a press conference on Friday, Marsh said the recording had been "cut to ribbons".')
    quote = _by_content(text)['the recording had been "cut to ribbons"']
    assert quote.medium is None


def test_the_sites_own_name_in_its_byline_line_is_an_outlet() -> None:
    text = ("CheckPoint | August 12, 2025\n\nThe weather office denies it.\n\n"
            '"We have not carried out any cloud seeding," a spokesperson told CheckPoint.')
    quote = next(q for q in _quotes(text) if "cloud seeding" in q.content.text)
    assert quote.medium is not None and quote.medium.text == "CheckPoint" and quote.addressee is None


def test_an_unnamed_partys_second_clause_about_them_is_not_their_name() -> None:
    text = ("The recording was made at a dinner in May, according to a person who was present and who passed it to "
            "the Star last week.")
    quote = next(q for q in _quotes(text) if "dinner" in q.content.text)
    assert quote.speaker is not None and quote.speaker.name == "a person who was present"


def test_a_recording_that_appears_to_capture_someone_telling_gives_the_words_to_them() -> None:
    text = ("CALVERA, June 4 (Andean Wire) - A recording published by the news site Sondeo appears to capture "
            "Governor Rafael Ibarra telling a room of business leaders that he once ordered the police chief to "
            'clear a protest camp "by any means".')
    quote = next(q for q in _quotes(text) if "protest camp" in q.content.text)
    assert quote.speaker is not None and quote.speaker.name == "Rafael Ibarra"
    assert quote.content.text.endswith('"by any means"')


def test_the_byline_author_is_no_party_to_the_story() -> None:
    text = ("Governor heard on tape\n\nBy Marta Oyelowo, Senior Correspondent\n\n"
            '"I called the general and I said, \'Go in tonight.\' And he goes, \'There are children there.\'" '
            "Ibarra says on the recording.")
    names = {p.name for p in veracity.analyze(text, published="2025-06-04").people}
    assert "Marta Oyelowo" not in names


def test_an_attribution_without_words_is_apart_from_the_quotes() -> None:
    text = ("Rafael Ostos thanked voters on Sunday night. The council approved the Greyfield incinerator by five "
            "votes to four.\n\nOstos said the result was \"a mandate for change\".")
    doc = veracity.analyze(text, published="2025-03-14")
    contents = [q.content.text for q in doc.quotes]
    assert "voters" not in contents and not any("incinerator" in c for c in contents)
    assert any("mandate for change" in c for c in contents)
    apart = {q.content.text: q for q in doc.attributions}
    assert "voters" in apart
    assert apart["voters"].speaker is not None and apart["voters"].speaker.name == "Rafael Ostos"


def test_a_denial_or_a_nominal_cue_keeps_what_it_names_as_a_quote() -> None:
    text = ("The former mayor denies three counts of bribery. Patients' groups voiced fears of a repeat of the "
            "2023 strikes.")
    contents = {q.content.text for q in _quotes(text)}
    assert "three counts of bribery" in contents
    assert any(c.endswith("a repeat of the 2023 strikes") for c in contents)


def test_an_intention_reported_without_words_is_apart_from_the_quotes() -> None:
    text = ("The director threatened to fire her. Holloway is believed to have met a senior official in May.\n\n"
            "\"I was never going to fire anyone,\" the director said.")
    doc = veracity.analyze(text, published="2025-03-14")
    contents = [q.content.text for q in doc.quotes]
    assert not any(c.startswith("to ") for c in contents)
    assert any("never going to fire anyone" in c for c in contents)
    # The subject of "is believed to" is no speaker: it is the first piece of what is believed.
    believed = "Holloway … to have met a senior official in May"
    assert {a.content.text for a in doc.attributions} >= {"to fire her", believed}


def test_a_claim_named_by_a_noun_is_its_claimants_and_stops_at_its_clause() -> None:
    text = ("Viktor Halloran told lawmakers that Morvenia was stealing water. The Civic Alliance's claim that state "
            "employees were bused to polling stations has not been independently verified.")
    quotes = _by_content(text)
    claim = quotes["state employees were bused to polling stations"]
    assert claim.speaker is not None and claim.speaker.name == "Civic Alliance"


def test_a_claim_named_inside_a_quote_is_a_quote_nested_there() -> None:
    text = ("Judge Helena Crane said Marsh’s claim that his brother-in-law had earned the money was “an insult "
            "to the jury’s intelligence”.")
    quotes = _by_content(text)
    inner = quotes["his brother-in-law had earned the money"]
    assert inner.speaker is not None and inner.speaker.name == "Marsh"
    outer = next(q for q in quotes.values() if q is not inner)
    assert inner.parent == outer.id and outer.speaker is not None and outer.speaker.name == "Helena Crane"


def test_a_claim_without_a_claimant_is_no_new_quote() -> None:
    assert _quotes("The claim that the bridge was unsafe has not been verified.") == []


def test_words_added_after_a_telling_go_to_the_same_hearers() -> None:
    text = ('"I am not going to rule anything in or out today," Maria Lund told analysts, adding that the plan was '
            '"on track".')
    quotes = _by_content(text)
    added = quotes['the plan was "on track"']
    assert added.addressee is not None and added.addressee.text == "analysts"


def test_a_text_message_is_sent_to_its_hearer() -> None:
    (quote,) = _quotes('"She\'s in. Told her the job\'s hers if the gowns deal lands," Pell texted Furse on March 4.')
    assert quote.addressee is not None and quote.addressee.text == "Furse"


def test_a_dateline_without_a_date_is_no_speaker() -> None:
    text = ("Energy chief caught on hot mic\n\n"
            "LONDON (FinWire) - The chief executive of Aldercrest Energy was caught on an open microphone telling "
            "a colleague that he had agreed the terms of a $4bn gas licence over dinner.\n\n"
            "Piers Wadlow, who has led the company since 2019, did not appear to realise the line was open.")
    quote = next(q for q in _quotes(text) if q.content.text.startswith("he had agreed"))
    assert quote.source is not None and quote.source.text == "The chief executive of Aldercrest Energy"
    assert quote.speaker is not None and "LONDON" not in quote.speaker.name


def test_words_in_lower_case_are_never_a_name() -> None:
    text = ("\"She even said, 'The finance minister rang me and said, \"Don't kill the golden goose.\"' Can you "
            "believe that?\" Henrik Saldana says.")
    inner = _by_content(text)["Don't kill the golden goose."]
    assert inner.speaker is not None and inner.speaker.name != "rang me"


@pytest.mark.parametrize(("text", "medium"), [
    ('Chief executive Mira Castellanos posted on Chirp on Monday night: "Service is fully restored."', "Chirp"),
    ('Gareth Lowe said on Vista Sport\'s "Match Night Live" on Monday that Wiercinski had "lost the dressing room".',
     "Vista Sport"),
    ('Speaking on the “Lap Nine” podcast hours later, the 27-year-old insisted she had “never knowingly taken '
     'anything”.', "Lap Nine"),
    ('In an interview with the Continental Press Agency, Saarinen said he was at home.\n\n'
     'A person familiar with the minister\'s schedule told CPA that he had driven to Saltbridge on March 20.', "CPA"),
    ('Lorna Castell told the Calder Tribune that rain had overwhelmed the system. "No dam in the world is built for '
     'a month of rain in four hours," she told the paper.', "Calder Tribune"),
    ('Halloran, speaking on Radio Orvel Uno late on Thursday, said he would "gladly repeat" his remarks.',
     "Radio Orvel Uno"),
])
def test_the_outlet_the_words_went_out_on(text: str, medium: str) -> None:
    quote = _quotes(text)[-1]
    assert quote.addressee is None
    assert quote.medium is not None and medium in (quote.medium.text, quote.medium.name)


def test_a_day_or_a_topic_after_on_is_no_channel() -> None:
    for text in ("The minister said on Monday that the talks had failed.",
                 "Speaking on Ukraine, the minister said the talks had failed."):
        (quote,) = _quotes(text)
        assert quote.medium is None


def test_you_in_a_recounted_exchange_is_whom_the_teller_addresses() -> None:
    text = ("Marcus Thorne, 47, was jailed for nine years.\n\n"
            "Sentencing him on Wednesday, Judge Miriam Ashdown told him: “Your victims did not hand you their money. "
            "You told Mrs Hollis, ‘Your savings are as safe as houses with me.’”")
    inner = _by_content(text)["Your savings are as safe as houses with me."]
    assert inner.speaker is not None and inner.speaker.name == "Marcus Thorne"


def test_a_prize_is_nobody() -> None:
    people = {p.name for p in veracity.analyze("Rufus Hale won a first Oscar nomination for the film in 2009.").people}
    assert "Oscar" not in people


@pytest.mark.parametrize(("text", "name"), [
    ("Councilmember Raúl Ibarra said the contract broke the bidding law.", "Raúl Ibarra"),
    ("The Northern Rail Workers' Union (NRWU) said turnout in the ballot was 71 percent.",
     "Northern Rail Workers' Union"),
])
def test_a_speakers_name_without_title_or_initials(text: str, name: str) -> None:
    (quote,) = _quotes(text)
    assert quote.speaker is not None and quote.speaker.name == name


def test_a_place_the_tagger_calls_a_person_is_nobody() -> None:
    text = ("European 1500m champion Elodie Marchetti has been provisionally suspended after a sample tested "
            "positive, the Athletics Integrity Commission announced on Wednesday.\n\n"
            "The AIC said the out-of-competition sample was collected at Marchetti’s training base in Sollen on "
            "July 19.\n\n"
            "Speaking on the “Lap Nine” podcast hours later, the 27-year-old insisted she had “never knowingly "
            "taken anything”.")
    quote = next(q for q in _quotes(text) if "never knowingly" in q.content.text)
    assert quote.speaker is not None and quote.speaker.name != "Sollen"


def test_a_claim_stops_before_what_the_sentence_says_of_it_whatever_the_parse() -> None:
    text = ("Marco Vell thanked supporters in October.\n\n"
            "Vell's claim that the mayor had promised him the contract was disputed by the city's procurement "
            "office, which said in a statement that the tender had been \"scored blind\".")
    claim = next(q for q in _quotes(text) if q.content.text.startswith("the mayor had promised"))
    assert claim.content.text == "the mayor had promised him the contract"
    assert claim.speaker is not None and claim.speaker.name == "Marco Vell"


@pytest.mark.parametrize(("text", "medium", "form"), [
    # a form with no outlet: no medium ("said in a statement" goes through no outlet the text names)
    ('The ministry said in a statement that "no such call took place".', None, "a statement"),
    ('"I never met him," Rusnak says on the recording.', None, "the recording"),
    # a form that went out through a named outlet: both
    ('"She did what the law required," Harlan said in an interview with Channel 9 News.', "Channel 9 News",
     "an interview with Channel 9 News"),
    # an outlet noun given its name: the name
    ('The group said on its Rallycast channel that it kept "not a single rifle" inside the town.', "Rallycast",
     None),
    # an outlet told something, in a form: the outlet is the medium, the form stays
    ('"We never met him," Rusnak told Capitol Wire in a telephone interview.', "Capitol Wire",
     "a telephone interview"),
])
def test_the_medium_is_an_outlet_and_the_form_is_kept_apart(text: str, medium: str | None, form: str | None) -> None:
    quote = next(q for q in _quotes(text) if q.cue is not None)
    assert (quote.medium.text if quote.medium else None) == medium
    assert (quote.form.text if quote.form else None) == form


@pytest.mark.parametrize(("text", "hearer", "words"), [
    ("A spokesman for Vasko, Mikkel Brandt, told Meridian Press the prime minister had been joking with an old "
     "friend.", "Meridian Press", "the prime minister had been joking with an old friend"),
    ("One crew member told the Courant the cabin smelled like burning plastic.", "the Courant",
     "the cabin smelled like burning plastic"),
    ("He told reporters the deal was dead.", "reporters", "the deal was dead"),
])
def test_a_hearer_told_without_that_is_not_the_words(text: str, hearer: str, words: str) -> None:
    (quote,) = _quotes(text)
    assert quote.content.text == words
    told = quote.medium or quote.addressee
    assert told is not None and told.text == hearer


@pytest.mark.parametrize(("text", "speaker"), [
    ("The Transport and Allied Workers' Union (TAWU) balloted its members. TAWU's ballot notice said any strike "
     "could begin as early as February 4.", "TAWU"),
    ("The health ministry defended its record. The ministry's own figures show that 91 per cent of children had "
     "received a first dose.", "The ministry"),
    ("A report in the weekly Vesti Kurier said the envoy had met the commander for two hours.", "Vesti Kurier"),
])
def test_a_document_speaks_for_whoever_issued_it(text: str, speaker: str) -> None:
    quote = next(q for q in _quotes(text) if q.cue is not None and q.cue.text in ("said", "show"))
    assert quote.speaker is not None and quote.speaker.name == speaker


@pytest.mark.parametrize(("text", "medium"), [
    ("Oskar Belan wrote on the platform Chirp that the opposition was lying.", "Chirp"),
    ("The Copper State Educators Alliance said in a post on X that it would hold town halls next week.", "X"),
    ("The spokeswoman, Vesna Radek, told the state news agency TNA that the photographs were old.",
     "the state news agency TNA"),
    ("Park's neighbor, Gus Ferreira, told KNCV 4 he stayed behind for another hour.", "KNCV 4"),
    ('Contacted by the Courier, Mr Tolley said the recording had been "cut to ribbons".', "Courier"),
    ('"Mr Sekov is not being investigated for what he wrote," Temirov was quoted by KNA as saying.', "KNA"),
])
def test_the_outlet_named_around_the_words(text: str, medium: str) -> None:
    quote = next(q for q in _quotes(text) if q.cue is not None)
    assert quote.medium is not None and quote.medium.text == medium


def test_an_outlet_told_goes_on_through_the_next_words() -> None:
    text = ('Park\'s neighbor, Gus Ferreira, told KNCV 4 he stayed behind for another hour. "That was stupid. '
            'I know that now," Ferreira said.')
    stupid = next(q for q in _quotes(text) if q.content.text.startswith("That was stupid"))
    assert stupid.medium is not None and stupid.medium.text == "KNCV 4"


def test_a_hearer_the_tagger_put_in_the_cue_is_the_hearer() -> None:
    (quote,) = _quotes("Kavarna TV's archive editor, Mila Petranova, confirmed to ClaimCheck that the footage was "
                       "theirs.")
    assert quote.content.text == "the footage was theirs"
    assert quote.addressee is not None and quote.addressee.text == "ClaimCheck"


def test_a_that_clause_belongs_to_the_verb_before_it_and_a_colon_cue_to_what_follows() -> None:
    text = ('Gareth Lyle warned on 2 March that the party would be "slaughtered" if the messages ever got out, '
            'adding: "Delete this thread, I\'m serious."')
    cues = {q.content.text: q.cue.text if q.cue else None for q in _quotes(text)}
    assert cues == {'the party would be "slaughtered" if the messages ever got out': "warned",
                    "Delete this thread, I'm serious.": "adding:"}


def test_two_that_clauses_are_two_claims() -> None:
    text = ("Hollis said patients were left on trolleys for up to 40 hours, and that managers instructed staff to "
            "record them as admitted.")
    assert [q.content.text for q in _quotes(text)] == [
        "patients were left on trolleys for up to 40 hours", "managers instructed staff to record them as admitted"]


def test_a_title_before_the_name_names_the_description_later() -> None:
    text = ('Sheriff Wade Harlow said deputies went door to door. "We are not going to drag anybody out of their '
            'house," the sheriff said.')
    assert {q.speaker.name if q.speaker else None for q in _quotes(text)} == {"Wade Harlow"}


def test_a_nationality_describes_the_person_the_story_is_about() -> None:
    text = ("Wiercinski spoke to reporters. The Pole revealed that chairman Philip Dunmore had phoned him after "
            "Saturday's defeat. \"He rang me straight after the game and told me, 'Tomasz, you are going nowhere.' "
            "I told him, 'Good, because I just bought a house here,'\" he said.")
    speakers = {q.content.text[:20]: q.speaker.name if q.speaker else None for q in _quotes(text)}
    assert speakers == {"chairman Philip Dunm": "Wiercinski", "He rang me straight ": "Wiercinski",
                        "Tomasz, you are goin": "Philip Dunmore", "Good, because I just": "Wiercinski"}


def test_an_unattributed_paragraph_after_a_question_is_the_answer_of_whoever_was_asked() -> None:
    text = ("Marisol Quint told host Danny Pryce that the clash came over a scene.\n\n"
            "\"So what actually happened on that set?\" Pryce asked her.\n\n"
            "\"Honestly? I walked into the trailer and said, 'I'm not doing that scene.'\"")
    quotes = {q.content.text[:12]: q for q in _quotes(text)}
    assert quotes["what actuall"].speaker.name == "Danny Pryce"
    assert quotes["what actuall"].addressee.name == "Marisol Quint"  # "her" is never the asker himself
    assert quotes["Honestly? I "].speaker.name == "Marisol Quint"
    assert quotes["I'm not doin"].speaker.name == "Marisol Quint"  # her "I"


def test_a_dateline_agency_is_no_person_and_told_once_carries_one_step() -> None:
    text = ("Thirty years on\n\nSAN ALBANO, Jan 17 (Meridian Wire) - Matías Olabarri keeps the pen he used in a "
            "drawer.\n\n\"It is not a lucky charm,\" he told Meridian Wire. \"It is a reminder.\"\n\n"
            "\"I keep it close,\" he said.\n\nHe says he turned the job down twice.")
    quotes = _quotes(text)
    assert {q.speaker.name if q.speaker else None for q in quotes} == {"Matías Olabarri"}
    media = [q.medium.text if q.medium else None for q in sorted(quotes, key=lambda q: q.start)]
    assert media == ["Meridian Wire", "Meridian Wire", None]


@pytest.mark.parametrize(("text", "claims"), [
    ('The Regional Observer Mission said voting had been "orderly in most places" but that counting had been '
     '"problematic" in a quarter of the stations it visited.',
     ['voting had been "orderly in most places"',
      'counting had been "problematic" in a quarter of the stations it visited']),
    ('The trust said it did "not recognise" the figure of 40 hours, that corridor care was used "only in '
     'periods of exceptional pressure".',
     ['it did "not recognise" the figure of 40 hours',
      'corridor care was used "only in periods of exceptional pressure"']),
    ('Petrucci said he had "a lot of time for Declan" and expected "a horrible, scrappy game".',
     ['he had "a lot of time for Declan"', "a horrible, scrappy game"]),
])
def test_a_list_of_claims_is_one_quote_each(text: str, claims: list[str]) -> None:
    assert [q.content.text for q in sorted(_quotes(text), key=lambda q: q.start)] == claims


def test_a_speech_participle_speaks_for_the_subject_of_the_verb_it_goes_on_from() -> None:
    text = ("The Housing Secretary privately mocked the Government's flagship pledge to build 400,000 homes a year, "
            "joking to cabinet colleagues that the figure had been \"plucked out of the air over a curry\", "
            "according to leaked WhatsApp messages seen by the Courier.")
    (quote,) = _quotes(text)
    assert quote.content.text == 'the figure had been "plucked out of the air over a curry"'
    assert quote.cue is not None and quote.cue.text == "joking"
    assert quote.source is not None and quote.source.text == "The Housing Secretary"


@pytest.mark.parametrize("text", [
    'Mr Penhallow was unrepentant. Sources close to Mr Penhallow insisted the remark was "obviously a joke".',
    "Mr Penhallow was unrepentant. Two aides close to Mr Penhallow said the remark was a joke.",
])
def test_sources_close_to_someone_are_not_that_someone(text: str) -> None:
    (quote,) = _quotes(text)
    assert quote.speaker is not None and "close to Mr Penhallow" in quote.speaker.name


def test_a_ministry_that_is_never_named_is_no_newspaper() -> None:
    text = ("LISBON, March 3 (Iberwire) - Transport Minister Rui Falcão threatened a contractor, according to a "
            "recording obtained by the weekly Expresso Norte.\n\n"
            "The ministry said in a statement that the recording was \"selectively edited\".\n\n"
            "A spokeswoman for the ministry, Inês Duarte, told Iberwire the call took place but that its tone had "
            "been \"entirely cordial\".\n\n"
            "Sources close to the contractor, Bruno Leal, said he had kept the recording because he feared for his "
            "company.")
    quotes = {" ".join(q.content.text.split()[:3]): q for q in _quotes(text)}
    assert quotes["the recording was"].speaker.name == "The ministry"
    assert quotes["the call took"].speaker.name == "Inês Duarte"  # its own claim, "but" is no hearer
    assert quotes["the call took"].addressee is None and quotes["the call took"].medium.text == "Iberwire"
    assert quotes["its tone had"].speaker.name == "Inês Duarte"
    assert quotes["he had kept"].speaker.name == "Sources close to the contractor"


def test_who_answers_was_asked_and_is_never_the_one_asking() -> None:
    text = ("Prosecutor Rachel Quennell opened the case.\n\n"
            "The first witness, Maureen Hollis, a former finance officer at the trust, told the court she had "
            "raised concerns in an email to the trustees in March 2018. Asked by Ms Quennell what she had written, "
            "the 58-year-old replied: \"I said I could no longer sign off figures I did not understand.\"")
    answer = next(q for q in _quotes(text) if q.content.text.startswith("I said"))
    assert answer.speaker is not None and answer.speaker.name == "Maureen Hollis"


def test_the_spokesman_is_the_spokesman_the_story_introduced() -> None:
    text = ("Sir Desmond Hale was not at the screening. A spokesman for Sir Desmond said he had no recollection of "
            "any such exchange. \"Sir Desmond has always admired Dame Celia's work,\" the spokesman said.")
    assert {q.speaker.name if q.speaker else None for q in _quotes(text)} == {"A spokesman for Sir Desmond"}


def test_an_interview_printed_with_names_as_labels_is_turns_of_direct_speech() -> None:
    text = ("Rowan Tate runs the water company. He spoke to Ines Vidal of the Courier.\n\n"
            "Ines Vidal: Your predecessor called the spills \"a legacy of the past\". Do you accept that?\n\n"
            "Rowan Tate: No. That's an excuse. We own the pipes.\n\n"
            "Vidal: Campaigners say your target can be gamed.\n\n"
            "Tate: I've told the board I won't take a bonus. I said to them, \"If I miss it, I don't deserve it.\"")
    quotes = _by_content(text)
    answer = quotes["No. That's an excuse. We own the pipes."]  # the whole turn, not its first sentence
    assert answer.kind == "direct" and answer.speaker is not None and answer.speaker.name == "Rowan Tate"
    first = quotes["Your predecessor called the spills \"a legacy of the past\". Do you accept that?"]
    assert first.addressee is not None and first.addressee.name == "Rowan Tate"  # said to the next turn's speaker
    campaigners_turn = quotes["Campaigners say your target can be gamed."]
    assert campaigners_turn.addressee is not None and campaigners_turn.addressee.name == "Rowan Tate"
    reported = quotes["your target can be gamed"]  # said by campaigners, inside the interviewer's turn
    assert reported.speaker is not None and reported.speaker.name == "Campaigners"
    assert reported.source is not None and reported.source.text == "Campaigners"
    promise = next(q for content, q in quotes.items() if content.rstrip(".").endswith("I don't deserve it"))
    assert promise.speaker is not None and promise.speaker.name == "Rowan Tate"


def test_rubrics_written_as_names_are_not_turns() -> None:
    text = ("The minister resigned on Friday.\n\nPhoto: Reuters\n\nWatch: the moment she left\n\n"
            "Listen: the full statement")
    assert not [q for q in _quotes(text) if q.cue is not None and q.cue.text == ":"]


def test_she_after_an_unnamed_spokeswoman_is_the_spokeswoman() -> None:
    text = ("Gareth Pennock, the Transport Secretary, has refused to resign.\n\n"
            "A Downing Street spokeswoman said the prime minister had \"full confidence\" in Mr Pennock.\n\n"
            "She said the adviser would \"look at the facts\".")
    quotes = _by_content(text)
    later = next(q for content, q in quotes.items() if content.startswith("the adviser"))
    assert later.speaker is not None and later.speaker.name == "A Downing Street spokeswoman"


def test_he_does_not_go_to_an_unnamed_spokeswoman() -> None:
    text = ("Gareth Pennock has refused to resign.\n\n"
            "A Downing Street spokeswoman said the prime minister had \"full confidence\" in him.\n\n"
            "He said he would \"look at the facts\".")
    later = next(q for content, q in _by_content(text).items() if "facts" in content)
    assert later.speaker is not None and later.speaker.name == "Gareth Pennock"


def test_a_body_whose_name_holds_a_list_or_an_and_is_named_whole() -> None:
    text = ("The scheme was criticised.\n\nThe Department of Climate, Water and Regions said in a statement that "
            "every application was assessed.\n\nNorbridge and District NHS Trust said the figure was \"not a "
            "reflection of typical waits\".")
    speakers = {q.speaker.name for q in _quotes(text) if q.speaker is not None}
    assert speakers == {"Department of Climate, Water and Regions", "Norbridge and District NHS Trust"}


def test_another_is_one_more_of_those_described_not_nobody() -> None:
    text = ("One cabinet colleague told me he was \"fighting for his life\". Another said simply: "
            "\"It depends what else is in those messages.\"")
    quote = _by_content(text)["It depends what else is in those messages."]
    assert quote.speaker is not None and quote.speaker.name == "Another"


def test_a_name_the_tagger_took_for_a_body_is_a_person_once_given_an_age() -> None:
    text = ("'SHE SAID WE'LL SEE': Sunset Singles star's leaked voice note drags MP into Ria Castell feud\n\n"
            "SUNSET Singles hunk Jack Pemberton has been caught in a foul-mouthed voice note ranting about ex Ria "
            "Castell - and claiming she boasted her new MP boyfriend would \"make him disappear\".\n\n"
            "\"So I said to her, 'no chance, you're not getting the flat,' and she just laughed and said "
            "'we'll see,'\" Pemberton says.\n\nCastell, 27, has not commented.")
    inner = _by_content(text)["we'll see"]
    assert inner.speaker is not None and inner.speaker.name in ("Ria Castell", "Castell")


@pytest.mark.parametrize(("text", "medium"), [
    ('In a post on Threads, she wrote: "My constituents are waiting in car parks."', "Threads"),
    ('"If this is bluster, it is reckless bluster," Paul Whitcombe said in a post on X.', "X"),
    ('Margaret Ilse told Radio 4\'s Today programme that the messages raised "serious questions".',
     "Radio 4's Today programme"),
])
def test_platforms_and_programmes_are_the_medium(text: str, medium: str) -> None:
    (quote,) = _quotes(text)
    assert quote.medium is not None and quote.medium.text == medium


@pytest.mark.parametrize("content", [
    'the clip "has been edited to mislead"',
    'the intercepts had been "cherry-picked" from hundreds of hours and "stripped of any context"',
    'the page shown in the House "bears no resemblance to the register"',
    "The fridge remark is an invention.",
    "Reports that Kelsey walked out are wide of the mark.",
    'the account was "a reconstruction that does not match the hospital\'s own records"',
    "the nine-hour figure was not a reflection of typical waits",
])
def test_denials_worded_as_rebuttals(content: str) -> None:
    assert is_denial("said", content)


@pytest.mark.parametrize("content", [
    "the two accounts do not match in every detail, he conceded",  # no record named: no rebuttal
    "the figures were a reflection of a hard winter",
])
def test_rebuttal_words_alone_are_not_denials(content: str) -> None:
    assert not is_denial("said", content)


def test_two_levels_down_you_is_the_teller_and_im_like_reports_speech() -> None:
    text = ("Darren Hollis, 44, has pleaded not guilty.\n\n\"Benny rings me, right, and he goes, 'Dazza, you told me, "
            "\"Burn it, I don't care if it goes up,\"' and I'm like, 'I never said burn nothing, mate, I said scare "
            "him,'\" Hollis is heard telling his brother, Kyle.")
    quotes = _by_content(text)
    burn = quotes["Burn it, I don't care if it goes up"]  # Benny's "you" is Hollis, whom Benny is telling
    assert burn.speaker is not None and burn.speaker.name == "Darren Hollis"
    reply = quotes["I never said burn nothing, mate, I said scare him"]
    assert reply.speaker is not None and reply.speaker.name == "Darren Hollis"


def test_a_first_name_the_tagger_left_out_at_a_sentence_start_is_kept() -> None:
    text = ("A man accused of arson told his brother he never said it, a jury has heard.\n\n"
            "Darren James Hollis, 44, has pleaded not guilty to arson.\n\n"
            "\"I never said burn nothing,\" Hollis said.\n\n"
            "Prosecutor Ruth Okafor said the fire was planned.")
    speakers = {q.content.text: q.speaker.name for q in _quotes(text) if q.speaker is not None}
    assert speakers["I never said burn nothing"] == "Darren James Hollis"
    assert speakers["the fire was planned"] == "Ruth Okafor"  # a role opening a sentence is no first name


def test_a_title_alone_is_the_one_person_the_story_gives_that_title() -> None:
    text = ("Gavin Rusk was recorded at a dinner.\n\n\"Danny comes in and says, 'the Chief Whip told me, \"if this "
            "leaks, Gavin's toast,\"' and I just laughed,\" Rusk says.\n\nChief Whip Moira Penhale said last night "
            "that she had \"never discussed that report\".")
    inner = _by_content(text)["if this leaks, Gavin's toast"]
    assert inner.speaker is not None and inner.speaker.name == "Moira Penhale"


def test_kept_asking_and_one_of_them_goes_frame_recounted_speech() -> None:
    text = ("Sandra Pell said staff had been kind. \"Dad kept asking me, 'Are we there yet?' He thought we were "
            "still driving,\" she said.\n\n\"I said to the board, 'you hired me to do this,' and one of them goes, "
            "'not like this,'\" Halvorsen, 47, is heard saying.")
    quotes = _by_content(text)
    assert quotes["Are we there yet?"].speaker is not None and quotes["Are we there yet?"].speaker.name == "Dad"
    assert quotes["not like this"].speaker is not None and quotes["not like this"].speaker.name == "one of them"


def test_her_honour_is_the_judge() -> None:
    import json
    from pathlib import Path

    story = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "stories" / "dev" / "p-02.json"
    text = json.loads(story.read_text(encoding="utf-8"))["text"]  # a sentencing report: "… ," her Honour said.
    quote = next(q for q in _quotes(text) if q.content.text.startswith("This was not a momentary lapse"))
    assert quote.speaker is not None and quote.speaker.name == "Margaret Ollerenshaw"


def test_a_source_picked_out_by_what_they_did_is_not_the_next_person_named() -> None:
    text = ("Senator Paul Whitcombe called the remarks reckless.\n\n"
            "One dealer who attended, and who asked not to be named, said Marsh had \"worked the room like a "
            "preacher\". \"Declan talks big,\" the dealer said.\n\nPaul Whitcombe, 58, chairs the committee.")
    quotes = _by_content(text)
    first = next(q for content, q in quotes.items() if content.startswith("Marsh had"))
    assert first.speaker is not None and first.speaker.name == "One dealer who attended"
    assert quotes["Declan talks big"].speaker is not None
    assert quotes["Declan talks big"].speaker.name == "One dealer who attended"


@pytest.mark.parametrize(("text", "tagged", "cue", "whole"), [
    ("Even after the FBI decided against recommending charges, she stayed.", "the", "decided", "the FBI"),
    ("Mr. Ban focused on climate change as a signature issue.", "Mr.", "focused", "Mr. Ban"),
    ("Amelize Joseph said that the school was good.", "Joseph", "said", "Amelize Joseph"),
    ("One of the docs who sent the letter called Oz a quack.", "One of", "called", "One of the docs"),
    # The possessor of a nominal cue is its whole source; "Both" is no part of whom it counts.
    ("His promises to stick it to the rich notwithstanding, he said little.", "His", "promises", "His"),
    ("Both Mr. King and Mr. Schultz say the management never told them.", "Mr. King and Mr. Schultz", "say",
     "Mr. King and Mr. Schultz"),
])
def test_a_source_cut_inside_its_noun_phrase_is_the_whole_phrase(text: str, tagged: str, cue: str,
                                                                  whole: str) -> None:
    from veracity.text.drafts import Draft
    from veracity.text.parse import load_spacy
    from veracity.text.sources import whole_noun_phrases

    start = text.index(tagged)
    cue_start = text.index(cue, start + len(tagged))
    draft = Draft([(cue_start + len(cue) + 1, len(text) - 1)], cue=(cue_start, cue_start + len(cue)),
                  source=(start, start + len(tagged)))
    whole_noun_phrases(text, load_spacy()(text), [draft])
    assert draft.source is not None and text[draft.source[0] : draft.source[1]] == whole


@pytest.mark.parametrize(("text", "tagged_cue", "cue"), [
    ('"It\'s finished," she said of the 2016 election.', "said of", "said"),
    ("Trump tweeted in the early morning hours that Machado was a disaster.", "tweeted in", "tweeted"),
    ('"This is not politics," Cruz said at the time.', "said at", "said"),
    # A preposition with its object, or after a verb that is not one of speech, stays.
    ("She said in a statement that the report was false.", "said in a statement", "said in a statement"),
    ("The board voted on the plan that the mayor had drawn up.", "voted on", "voted on"),
])
def test_a_cue_ends_at_its_verb_not_on_a_bare_preposition(text: str, tagged_cue: str, cue: str) -> None:
    from veracity.text.cue_edges import cues_without_dangling_preposition
    from veracity.text.drafts import Draft
    from veracity.text.parse import load_spacy

    start = text.index(tagged_cue)
    draft = Draft([(len(text) - 5, len(text) - 1)], cue=(start, start + len(tagged_cue)))
    cues_without_dangling_preposition(text, load_spacy()(text), [draft])
    assert draft.cue is not None and text[draft.cue[0] : draft.cue[1]] == cue


@pytest.mark.parametrize(("text", "tagged_cue", "cue"), [
    ('Caddell continued: "The health issue overall is very much alive."', "continued", "continued:"),
    ('He said : "We have a situation where we have no plan."', "said", "said :"),
    # No colon after the cue, or the words begin before it: the cue stays as tagged.
    ('He said that "we have a situation where we have no plan."', "said", "said"),
])
def test_a_cue_takes_the_colon_that_introduces_the_words(text: str, tagged_cue: str, cue: str) -> None:
    from veracity.text.cue_edges import cues_with_their_colon
    from veracity.text.drafts import Draft

    start = text.index(tagged_cue)
    draft = Draft([(text.index('"') + 1, len(text) - 2)], cue=(start, start + len(tagged_cue)))
    cues_with_their_colon(text, [draft])
    assert draft.cue is not None and text[draft.cue[0] : draft.cue[1]] == cue


@pytest.mark.parametrize(("text", "tagged_cue", "cue"), [
    ("The morning after the debate, he blamed his mic, even suggesting he may have been sabotaged.", "suggesting",
     "even suggesting"),
    ("In her film, DuVernay powerfully highlights the police killings of Trayvon Martin.", "highlights",
     "powerfully highlights"),
    # No adverb on the verb right before the cue: it stays as tagged.
    ("In her film, DuVernay highlights the police killings of Trayvon Martin.", "highlights", "highlights"),
])
def test_a_cue_takes_the_adverb_on_its_verb(text: str, tagged_cue: str, cue: str) -> None:
    from veracity.text.cue_edges import cues_with_their_adverbs
    from veracity.text.drafts import Draft
    from veracity.text.parse import load_spacy

    start = text.index(tagged_cue)
    draft = Draft([(start + len(tagged_cue) + 1, len(text) - 1)], cue=(start, start + len(tagged_cue)))
    cues_with_their_adverbs(load_spacy()(text), [draft])
    assert draft.cue is not None and text[draft.cue[0] : draft.cue[1]] == cue


@pytest.mark.parametrize(("text", "tagged_cue", "content", "cue"), [
    ("Voting rights advocates have expressed deep concern about the policy.", "have expressed deep concern",
     "the policy", "have expressed deep concern about"),
    ("Trump offered insights into a cutthroat approach to business.", "offered insights",
     "a cutthroat approach to business", "offered insights into"),
    ("Christie, who has campaigned heavily for GOP nominee Donald Trump, spoke.", "has campaigned heavily",
     "GOP nominee Donald Trump", "has campaigned heavily for"),
    # "said of" stays "said"; a preposition "by", "in" or "from" is left out; so is a gap holding a
    # preposition of its own or a verb, or more than four words.
    ('"It\'s finished," she said of the 2016 election.', "said", "the 2016 election", "said"),
    ("The registration issue was first reported by The Washington Post.", "was first reported",
     "The Washington Post", "was first reported"),
    ("Holt talks to DuVernay about the issue of mass incarceration.", "talks",
     "the issue of mass incarceration", "talks"),
    ("He brought up an article in the journal Science on melting permafrost.", "brought up",
     "melting permafrost", "brought up"),
])
def test_a_cue_runs_up_to_the_preposition_that_governs_the_words(text: str, tagged_cue: str, content: str,
                                                                 cue: str) -> None:
    from veracity.text.cue_edges import cues_through_their_preposition
    from veracity.text.drafts import Draft
    from veracity.text.parse import load_spacy

    start, words = text.index(tagged_cue), text.index(content)
    draft = Draft([(words, words + len(content))], cue=(start, start + len(tagged_cue)))
    cues_through_their_preposition(text, load_spacy()(text), [draft])
    assert draft.cue is not None and text[draft.cue[0] : draft.cue[1]] == cue


def test_widening_a_cue_never_rebuilds_the_whole_text_from_the_parse() -> None:
    # spaCy builds Doc.text from every token on each access: read once per draft, a 1 MB text's quote
    # stage took 77 s instead of 10 (quadratic in the text's length).
    from veracity.text.cue_edges import cues_through_their_preposition
    from veracity.text.drafts import Draft
    from veracity.text.parse import load_spacy

    class TextlessParse:
        def __init__(self, doc: object) -> None:
            self._doc = doc

        def __getattr__(self, name: str) -> object:
            if name == "text":
                raise AssertionError("Doc.text read")
            return getattr(self._doc, name)

    text = "Voting rights advocates have expressed deep concern about the policy."
    start, words = text.index("have expressed"), text.index("the policy")
    draft = Draft([(words, words + len("the policy"))], cue=(start, start + len("have expressed deep concern")))
    cues_through_their_preposition(text, TextlessParse(load_spacy()(text)), [draft])
    assert text[draft.cue[0] : draft.cue[1]] == "have expressed deep concern about"


def test_a_cue_does_not_run_over_its_source_on_the_way_to_the_words() -> None:
    from veracity.text.cue_edges import cues_through_their_preposition
    from veracity.text.drafts import Draft
    from veracity.text.parse import load_spacy

    text = "Trump was pressed by Holt about how he would bring jobs back."
    start, words, holt = text.index("was pressed"), text.index("how he"), text.index("Holt")
    draft = Draft([(words, len(text) - 1)], cue=(start, start + len("was pressed")), source=(holt, holt + 4))
    cues_through_their_preposition(text, load_spacy()(text), [draft])
    assert draft.cue is not None and text[draft.cue[0] : draft.cue[1]] == "was pressed"


def test_a_content_the_tagger_put_inside_a_source_is_dropped() -> None:
    # The tagger's three roles are decoded apart: "Port" of "Port authority chief Tomas Rein said: …" came out
    # as a source (0.86) and, at 0.51, as content too, and the quote lost its source over the overlap.
    from veracity.text.quotes import _without_contents_in_sources
    from veracity.text.tagging import TaggedSpan

    source = TaggedSpan("source", 0, 31, 0.86)
    inside = TaggedSpan("content", 0, 4, 0.51)
    words = TaggedSpan("content", 38, 141, 1.0)
    nested_source = TaggedSpan("source", 60, 64, 0.9)  # a source inside the words keeps them: nesting
    kept = _without_contents_in_sources([source, inside, TaggedSpan("cue", 32, 36, 0.98), words, nested_source])
    assert inside not in kept and words in kept and source in kept and nested_source in kept


def test_a_time_after_a_source_is_no_part_of_it() -> None:
    from veracity.text.drafts import Draft
    from veracity.text.parse import load_spacy
    from veracity.text.sources import whole_noun_phrases

    text = "The head of the port authority on Monday denied striking a secret deal with a shipping firm."
    tagged = "The head of the port authority on"
    cue = text.index("denied")
    draft = Draft([(cue + len("denied") + 1, len(text) - 1)], cue=(cue, cue + len("denied")), source=(0, len(tagged)))
    whole_noun_phrases(text, load_spacy()(text), [draft])
    assert draft.source is not None and text[draft.source[0] : draft.source[1]] == "The head of the port authority"


def test_a_man_said_to_be_him_is_described_not_speaking() -> None:
    # "said to be him" reports what unnamed others say of the man; his own words are what he tells the executive.
    text = ('In the clip, a man said to be him tells an executive: "We will bury the report before the vote."')
    result = veracity.analyze(text, published="2025-03-14")
    (quote,) = result.quotes
    assert quote.content.text == "We will bury the report before the vote."
    assert quote.cue is not None and quote.cue.text == "tells"
    assert quote.speaker is not None and quote.speaker.name == "a man"
    assert all(a.speaker is None for a in result.attributions)


@pytest.mark.parametrize(("text", "tagged_source", "tagged_cue", "source", "content"), [
    # PolNeAR marks the subject of a reportative passive as the first piece of the content (train:
    # "A developer" + "to be bullish on golf", cue "known").
    ("A developer known to be bullish on golf is the ubiquitous Donald J. Trump.", "A developer", "known", None,
     ["A developer", "to be bullish on golf"]),
    ("Osman is believed to have been on the flight.", "Osman", "is believed", None,
     ["Osman", "to have been on the flight"]),
    # A speech verb with its own infinitive, an instruction, or an alleged act of speech: the subject speaks.
    ("Reed said to be careful with the figures.", "Reed", "said", "Reed", ["to be careful with the figures"]),
    ("Varga is alleged to have told a friend that it was consulting.", "Varga", "is alleged", "Varga",
     ["to have told a friend that it was consulting"]),
    ("Sanders said to cheers that the campaign would go on.", "Sanders", "said", "Sanders",
     ["to cheers that the campaign would go on"]),
])
def test_the_subject_of_a_reportative_passive_is_content_not_source(
        text: str, tagged_source: str, tagged_cue: str, source: str | None, content: list[str]) -> None:
    from veracity.text.drafts import Draft
    from veracity.text.parse import load_spacy
    from veracity.text.sources import reportative_subjects

    source_start = text.index(tagged_source)
    cue_start = text.index(tagged_cue, source_start + len(tagged_source))
    cue_end = cue_start + len(tagged_cue)
    draft = Draft([(cue_end + 1, len(text) - 1)], cue=(cue_start, cue_end),
                  source=(source_start, source_start + len(tagged_source)))
    reportative_subjects(text, load_spacy()(text), [draft])
    assert (text[draft.source[0] : draft.source[1]] if draft.source else None) == source
    assert [text[s:e] for s, e in draft.content] == content


def test_a_source_is_never_widened_over_another_quotes_cue() -> None:
    # The parse reads "the 66-year-old told supporters" as one noun phrase; "adding" shares the tagged source,
    # which stopped being a person once it took in "told supporters".
    text = ('Marcus Dreyer, the mayor, lost. Dreyer conceded shortly before 11:30 p.m. "The voters have spoken, '
            'and I respect their decision," the 66-year-old told supporters, adding that he would work with Lind.')
    quotes = _by_content(text)
    added = quotes["he would work with Lind"]
    assert added.source is not None and added.source.text == "the 66-year-old"
    assert added.speaker is not None and added.speaker.name == "Marcus Dreyer"


def test_the_place_of_a_briefing_is_not_the_speaker_named_after_it() -> None:
    # The tagger's source began at "Kervan", the object of "in", and the first name of an apposition speaks.
    text = ("KERVAN, June 11 (Meridian Wire) - The Sarvan army said on Tuesday that its air defences had shot down "
            "nine drones, in what its chief spokesman called \"the most serious violation of the ceasefire in two "
            "years\".\n\nAt a televised briefing in Kervan, the spokesman, Colonel Idris Malkan, said the drones "
            "had been detected at 2:15 a.m.\n\n\"No attack. No drones. No truth in Kervan's story,\" Temeria's "
            "defence ministry wrote.")
    result = veracity.analyze(text, published="2024-06-11")
    detected = next(q for q in result.quotes if q.content.text.startswith("the drones had been detected"))
    assert detected.speaker is not None and detected.speaker.name == "Idris Malkan"
    # The dateline's place is a place wherever it recurs, never a party.
    assert not any(p.name.lower() == "kervan" for p in result.people)


def _source_after_a_preposition(text: str, tagged: str) -> str | None:
    """The source ``sources_after_a_preposition`` leaves of the tagger's ``tagged`` before the cue "said"."""
    from veracity.text.drafts import Draft
    from veracity.text.sources import sources_after_a_preposition

    start = text.index(tagged)
    cue = text.index(" said", start) + 1
    draft = Draft([(cue + 5, len(text) - 1)], cue=(cue, cue + 4), source=(start, start + len(tagged)))
    sources_after_a_preposition(text, [draft])
    return None if draft.source is None else text[draft.source[0] : draft.source[1]]


@pytest.mark.parametrize(("text", "tagged", "source"), [
    ("At a briefing in Kervan, the spokesman, Colonel Idris Malkan, said the drones were shot down.",
     "Kervan, the spokesman, Colonel Idris Malkan,", "the spokesman, Colonel Idris Malkan,"),
    # No preposition before it: an apposition opening the source stays whole.
    ("Per Engström, the spokesman, said the talks had collapsed.", "Per Engström, the spokesman,",
     "Per Engström, the spokesman,"),
])
def test_a_source_after_a_preposition_loses_the_place_it_began_with(text: str, tagged: str, source: str) -> None:
    assert _source_after_a_preposition(text, tagged) == source


def test_a_gender_shown_later_does_not_bar_an_earlier_pronoun() -> None:
    # "Mrs Kassar" (his wife, at the end) made Dimitri Kassar a woman for every "he" before it.
    text = ("Dimitri Kassar, 47, is on trial for arson. Fire investigator Colin Drew told the court the gas taps "
            "were found open.\n\nGiving evidence on Tuesday, Kassar denied telling anyone to leave the gas on.\n\n"
            "He told the jury he had been at home with his wife when the fire started.\n\n"
            "The trial continues. Mrs Kassar is expected to give evidence next week.")
    quote = next(q for q in _quotes(text) if q.content.text.startswith("he had been at home"))
    assert quote.speaker is not None and quote.speaker.name == "Dimitri Kassar"


def test_a_manager_stays_the_speaker_past_his_club_his_ground_an_advert_and_whom_he_quotes() -> None:
    # "Castlebridge Rovers", "Moss Lane" and "Advert" were people to the tagger, and "Advert" spoke; the
    # chairman a manager quotes took every "he" after; the quotation after "He said the chairman had phoned
    # him." was claimed by that report's words and lost with them.
    text = (Path(__file__).resolve().parents[1] / "fixtures" / "stories_club_manager.txt").read_text(encoding="utf-8")
    result = veracity.analyze(text, published="2025-01-24")
    quotes = _by_content_of(result)
    assert {"Advert", "Moss Lane", "Castlebridge Rovers"}.isdisjoint(
        p.name for p in result.people if p.type == "PERSON")
    for words in ("the chairman, Ray Kettering, had phoned him", "Close to the end? I've never said that"):
        quote = next(q for content, q in quotes.items() if content.startswith(words))
        assert quote.speaker is not None and quote.speaker.name == "Declan Brannigan"
    answer = quotes["Ray, I wasn't going"]
    assert answer.parent is not None and answer.speaker is not None and answer.speaker.name == "Declan Brannigan"


def _by_content_of(result: veracity.Document) -> dict[str, veracity.Quote]:
    return {q.content.text: q for q in result.quotes}


def test_an_organisation_speaking_as_it_is_that_organisation() -> None:
    text = ('Eastmoor Council said in a statement that the road had been assessed twice since 2022. "We have no '
            'record of a call from the family," it added.\n\nThe Department for Transport stood by its account. In a '
            'statement issued this afternoon it said the union had "walked away from talks on 2 April".\n\n'
            'It is understood that the minister was shown the messages on Saturday.')
    quotes = _by_content(text)
    assert quotes["We have no record of a call from the family"].speaker is not None
    assert quotes["We have no record of a call from the family"].speaker.name == "Eastmoor Council"
    walked = next(q for content, q in quotes.items() if content.startswith("the union had"))
    assert walked.speaker is not None and walked.speaker.name == "Department for Transport"
    # "It is understood that …" is nobody's statement, whichever body was named last.
    understood = [q for content, q in quotes.items() if content.startswith("the minister was shown")]
    assert all(q.speaker is None for q in understood)


def test_a_ministry_is_not_the_union_named_before_it() -> None:
    text = ("The Allied Nurses' Union said pay had fallen by 9 per cent. Health Minister Colm Reddy said the offer "
            "was fair.\n\nThe ministry said in a written statement that the starting salary had risen by 19 per cent.")
    quote = next(q for content, q in _by_content(text).items() if content.startswith("the starting salary"))
    assert quote.speaker is None or "Union" not in quote.speaker.name


def test_a_surname_the_parser_took_for_a_verb_still_names_outside_a_quotation() -> None:
    text = ("The department said it was not aware of any meeting between Kerr and gaming minister Phil Stround.\n\n"
            "Stround himself told reporters on a school visit yesterday: \"I have never discussed it.\"")
    quote = _by_content(text)["I have never discussed it."]
    assert quote.speaker is not None and quote.speaker.name == "Phil Stround"


def test_the_witness_who_replies_is_the_one_counsel_put_it_to() -> None:
    text = ("The restaurant's former head chef, Bartek Lind, told the court that Kassar had called him into the "
            "office.\n\nUnder cross-examination, defence barrister Simon Achterberg suggested to Mr Lind that he had "
            "misremembered the conversation. \"I remember it exactly,\" the witness replied.")
    quote = _by_content(text)["I remember it exactly"]
    assert quote.speaker is not None and quote.speaker.name == "Bartek Lind"


def test_a_name_introduced_as_a_company_is_no_he() -> None:
    text = ("Simon Frayne, whose company Vantry Rail won the signalling contract last August, has put out a "
            "statement.\n\n\"Vantry won that contract on price and on merit,\" he says.")
    quote = _by_content(text)["Vantry won that contract on price and on merit"]
    assert quote.speaker is not None and quote.speaker.name == "Simon Frayne"


def test_a_word_opening_a_sentence_or_a_form_of_address_is_no_inner_speaker() -> None:
    text = ('Brian Tolley chaired the meeting. The guest who made the recording told the Courier: "At one point he '
            'leaned across to me and said, \'Sandra told me, "Put it in the appendix," and that\'s exactly what we '
            'did.\' I couldn\'t believe it."\n\nElena Quintanar sent for him. "She poured two glasses of brandy and '
            'said, \'Matías, I am asking you.\' I told her, \'That is not a good argument, Madam President,\' and she '
            'said, \'It is the only one I have.\'" Olabarri said.')
    quotes = _by_content(text)
    told = next(q for content, q in quotes.items() if content.startswith("Sandra told me"))
    assert told.speaker is not None and told.speaker.name == "Brian Tolley"
    last = quotes["It is the only one I have."]
    assert last.speaker is not None and last.speaker.name == "Elena Quintanar"


def test_told_by_someone_inside_a_report_is_that_someones_quote() -> None:
    text = ('Luis Ferrante said he had been told by a district administrator in October that his school was "safe '
            'for at least two more years".')
    quote = next(q for content, q in _by_content(text).items() if content.startswith("his school was"))
    assert quote.speaker is not None and quote.speaker.name == "a district administrator"
    assert quote.parent is not None


def test_reported_speech_that_fills_most_of_a_quotation_piece_is_still_its_own_quote() -> None:
    text = ('A spokesman for the rail minister went further. "The minister has never said the door is closed," he '
            'said. "She said there was no more money for an offer that came with no reform attached."')
    quote = next(q for content, q in _by_content(text).items() if content.startswith("there was no more money"))
    assert quote.parent is not None and quote.cue is not None and quote.cue.text == "said"


def test_a_judge_recounting_what_the_defendant_told_someone_gives_his_quote() -> None:
    text = ('Marcus Thorne, 47, was jailed. The judge told Thorne: "You told Mr Penn that the delays were the bank\'s '
            'fault. You say you were frightened of him."')
    quotes = _by_content(text)
    recounted = quotes["the delays were the bank's fault"]
    assert recounted.speaker is not None and recounted.speaker.name == "Marcus Thorne"
    assert "you were frightened of him" not in quotes  # words put to him, in the present: nothing he said


def test_whom_a_description_told_is_the_hearer_even_when_the_parse_joins_them() -> None:
    text = ('Tomasz Wiercinski is under pressure. "I have not lost anything except three football matches," the '
            '51-year-old told reporters at his weekly press conference on Thursday.')
    quote = _by_content(text)["I have not lost anything except three football matches"]
    assert quote.addressee is not None and quote.addressee.text == "reporters"


def test_a_described_subject_is_content_when_the_tagger_already_stopped_before_the_verb() -> None:
    from veracity.text.drafts import Draft
    from veracity.text.parse import load_spacy
    from veracity.text.sources import reportative_subjects

    text = 'In a recording, a man said to be Halden tells a colleague: "Put it in a drawer."'
    man, said, words = text.index("a man"), text.index("said"), text.index("to be Halden")
    draft = Draft([(words, words + len("to be Halden"))], cue=(said, said + 4), source=(man, man + len("a man")))
    reportative_subjects(text, load_spacy()(text), [draft])
    assert draft.source is None
    assert [text[s:e] for s, e in draft.content] == ["a man", "to be Halden"]


def test_an_unnamed_party_no_quote_names_any_more_is_not_listed() -> None:
    text = ("The restaurant's former head chef, Bartek Lind, told the court that Kassar had called him into the "
            "office.\n\nUnder cross-examination, defence barrister Simon Achterberg suggested to Mr Lind that he had "
            "misremembered the conversation. \"I remember it exactly,\" the witness replied.")
    assert "the witness" not in {p.name for p in veracity.analyze(text, published="2025-03-14").people}


@pytest.mark.parametrize(("text", "tagged", "source"), [
    ("In a statement read to the court by prosecutor Simon Reeve, Brenda Hollis, 81, said she had sold her home.",
     "the court by prosecutor Simon Reeve, Brenda Hollis, 81,", "Brenda Hollis, 81,"),
    ("Under cross-examination by Ashcombe's barrister, Julian Mortlake KC, Ms Hollis said she had seen no invoice.",
     "Ashcombe's barrister, Julian Mortlake KC, Ms Hollis", "Ms Hollis"),
    # The agent alone is the source of a passive cue, as PolNeAR marks it.
    ("The claim is supported by far fewer publications, the study said.", "far fewer publications",
     "far fewer publications"),
])
def test_who_speaks_after_an_agent_is_the_last_name_of_the_list(text: str, tagged: str, source: str) -> None:
    assert _source_after_a_preposition(text, tagged) == source


def test_a_speaker_who_gave_only_a_first_name_is_that_name() -> None:
    text = ('"You decided this in a back room in March," Dana Whitlock told the board.\n\nAnother parent, who gave '
            'her name only as Maria, said her son would have to cross a highway. "Who is going to walk him? You?" '
            'she asked the board members.\n\nAnother passenger, who gave only her first name, Ilse, said cabin crew '
            'had shouted "heads down, stay down" as the plane came in.')
    quotes = _by_content(text)
    assert quotes["Who is going to walk him? You?"].speaker is not None
    assert quotes["Who is going to walk him? You?"].speaker.name == "Maria"
    ilse = next(q for content, q in quotes.items() if content.startswith("cabin crew had shouted"))
    assert ilse.speaker is not None and ilse.speaker.name == "Ilse"


def test_a_retort_is_a_reporting_verb() -> None:
    text = ('Mayor Denise Okafor-Lyle faced her challenger, Rafael Stennis, in a televised debate.\n\n"That is simply '
            'false," Okafor-Lyle shot back. "Violent crime is down eleven percent since I took office."')
    (quote,) = _quotes(text)
    assert quote.speaker is not None and quote.speaker.name == "Denise Okafor-Lyle"
    assert "Violent crime is down" in quote.content.text  # one quote around its cue, as with "said"


def test_people_quoted_by_a_paper_speak_and_the_paper_is_the_medium() -> None:
    text = "According to two mechanics quoted by the Damaris Herald, the same engine had been flagged for a leak."
    (quote,) = _quotes(text)
    assert quote.source is not None and quote.source.text == "two mechanics"
    assert quote.medium is not None and "Damaris Herald" in quote.medium.text


def test_what_was_posted_before_a_colon_is_not_the_words() -> None:
    (quote,) = _quotes('Tamsin Hale posted a cryptic message on Instagram yesterday: "Some men never change."')
    assert quote.content.text == "Some men never change."
    assert quote.medium is not None and quote.medium.text == "Instagram"


def test_a_clause_before_a_colon_stays_in_the_words() -> None:
    text = 'Mr Weller said the developer, Gavin Price, had told him: "Eleanor gets whatever she needs."'
    quote = next(q for q in _quotes(text) if q.cue is not None and q.cue.text == "said")
    assert quote.content.text.startswith("the developer")


def test_words_about_a_recording_are_not_said_on_it() -> None:
    text = ('Sand was recorded at a members\' dinner telling guests that he had "sorted" the tender.\n\n'
            'Sand told Nordwire on Wednesday that the recording had been "cut and spliced" and that he had never '
            'discussed the tender with the minister. "I have never rung a minister about a contract in my life," he '
            "said.")
    later = [q for q in _quotes(text) if "guests" not in text[q.start - 40 : q.start]]
    assert [q.addressee for q in later if q.start > text.index("Nordwire")] == [None, None, None]


@pytest.mark.parametrize(("words", "denies"), [
    ("I have never rung a minister about a contract in my life", True),
    ("She never sent the email", True),
    ("I have never felt better", False),
])
def test_a_never_with_an_irregular_verb_denies(words: str, denies: bool) -> None:
    assert is_denial("said", words) is denies


def test_a_name_that_modifies_a_thing_is_no_one_a_pronoun_means() -> None:
    text = ("Delphine Marchetti has written a memoir.\n\n"
            "Pictured: Marchetti at the Lisbourne film festival last year\n\n"
            "In one passage, she recalls a rehearsal:\n\n"
            "“He walked up to me in front of the whole crew and laughed.”")
    quote = next(q for q in _quotes(text) if "whole crew" in q.content.text)
    assert quote.speaker is not None and quote.speaker.name == "Delphine Marchetti"


def test_a_habit_of_speech_frames_a_recounted_line() -> None:
    text = ("In one passage, she recalls her childhood:\n\n“Years later his assistant told me he had bragged, ‘I broke "
            "her in a week.’ My mother used to tell me, ‘When a man shows you who he is, write it down.’ So I did.”")
    assert "When a man shows you who he is, write it down." in _by_content(text)


LEAK_LEAD = ("KALMAR, Oct 14 (Baltic Wire) - The head of Kalmar's port authority was recorded telling a party donor "
             'that a dredging contract would go to his firm "no matter what the tender says", according to audio '
             "obtained by the Kalmar Courier.\n\n"
             "In the recording, which the Courier said was made at a dinner in Visby last June, a voice the newspaper "
             "identified as port director Anders Holm says: \"You'll get the dredging. I've already told the board, "
             "'Lindqvist gets it, end of story.'\"\n\n"
             "The donor, shipping executive Per Lindqvist, can be heard replying: \"That's very kind, Anders.\"")


def test_the_one_recorded_telling_speaks_the_told_clause() -> None:
    quote = next(q for q in _quotes(LEAK_LEAD) if "dredging contract" in q.content.text)
    assert quote.content.text.startswith("a dredging contract would go to his firm")
    assert quote.speaker is not None and quote.speaker.name == "The head of Kalmar's port authority"
    (plain,) = _quotes("The mayor was recorded telling a donor that the contract was his.")
    assert (plain.content.text, plain.speaker and plain.speaker.name) == ("the contract was his", "The mayor")


def test_the_one_a_voice_is_identified_as_speaks_and_a_clause_about_the_tape_is_not_on_it() -> None:
    quote = next(q for q in _quotes(LEAK_LEAD) if "the dredging" in q.content.text)
    assert quote.speaker is not None and quote.speaker.name == "Anders Holm"
    assert "Courier" not in quote.content.text
    told = next(q for q in _quotes(LEAK_LEAD) if q.content.text == "Lindqvist gets it, end of story.")
    assert told.speaker is not None and told.speaker.name == "Anders Holm"  # "I've already told the board, '…'"


def test_a_named_appositive_after_a_role_is_the_speaker() -> None:
    quote = next(q for q in _quotes(LEAK_LEAD) if "very kind" in q.content.text)
    assert quote.speaker is not None and quote.speaker.name == "Per Lindqvist"


def test_a_dateline_dates_the_report_not_what_its_sentence_tells_and_a_tape_dates_what_is_on_it() -> None:
    doc = veracity.analyze(LEAK_LEAD, published="2025-10-14")
    assert next(t.value for t in doc.times if t.text == "last June") == "2025-06"
    told = next(e for e in doc.events if e.text.startswith("The head of Kalmar's port authority"))
    assert (told.when.earliest_start, told.when.latest_end) == ("2025-06-01", "2025-06-30")
    assert not any(e.text.startswith("Oct 14") for e in doc.events)


def test_i_after_a_colon_is_no_surname_a_body_is_later_taken_for() -> None:
    text = ("Dr Helen Okoro resigned in January.\n\n"
            "Asked whether the minister knew, she said: \"I was told by Martin Cale that she did. He said to me, "
            "'The minister has seen everything.'\"\n\n"
            "The ministry said it would publish a full review of the clinic's records next Tuesday.")
    quote = next(q for q in _quotes(text) if "full review" in q.content.text)
    assert quote.speaker is not None and quote.speaker.name == "The ministry"


def test_the_club_is_the_club_the_story_names_most_not_the_app_named_last() -> None:
    text = ("Premier League side Harrowgate Athletic have suspended head coach Marco Bellini. Harrowgate Athletic "
            "sit 14th.\n\nThe clip, first posted on TikTok on Monday, has been viewed four million times.\n\n"
            "The club said on Tuesday it had suspended him as a precaution.")
    quote = next(q for q in _quotes(text) if "precaution" in q.content.text)
    assert quote.speaker is not None and quote.speaker.name == "Harrowgate Athletic"


def test_a_description_named_in_apposition_next_paragraph_is_that_person() -> None:
    text = ('A former aide to Sen. Richard Vance says the senator\'s chief of staff ordered him in 2022 to "lose" '
            "records of donations, according to a sworn statement filed on Tuesday.\n\n"
            "The aide, Kevin Marsh, 31, said in the statement that he refused.")
    quote = next(q for q in _quotes(text) if "chief of staff" in q.content.text)
    assert quote.speaker is not None and quote.speaker.name == "Kevin Marsh"


def test_the_words_run_to_the_end_of_their_clause_and_two_claims_stay_two() -> None:
    text = ('Giving evidence, Mr Carter said he had been "shocked" by the offer and had reported it to police the '
            "following day. Asked by Mr Pike's barrister, Richard Lowe KC, whether he had misunderstood a joke, he "
            'replied: "Nobody jokes about twenty thousand pounds."')
    assert any(q.content.text.endswith("to police the following day") for q in _quotes(text))
    claims = {q.content.text for q in _quotes("The police said witnesses saw a gun and that one was found nearby.")}
    assert claims == {"witnesses saw a gun", "one was found nearby"}


def test_a_clip_featuring_a_voice_saying_gives_the_voice_all_its_quoted_words() -> None:
    text = ("The 43-second clip, which began spreading on Monday, features a woman's voice saying: \"We fixed it "
            "last time and we'll fix it again. Nobody checks the postal votes.\"")
    quote = next(q for q in _quotes(text) if "fixed it" in q.content.text)
    assert quote.content.text == "We fixed it last time and we'll fix it again. Nobody checks the postal votes."
    assert quote.speaker is not None and quote.speaker.name == "a woman's voice"


def test_said_last_week_dates_the_saying_to_that_week_and_the_cue_keeps_no_half_of_it() -> None:
    text = ("The earliest copy Verify Desk could find was posted by an account created on September 14. The "
            "account's owner did not respond to a message.\n\nThe electoral commission said last week that it had "
            "found no irregularities in the 2025 count.\n\nVerdict: False. The audio is not a genuine recording.")
    doc = veracity.analyze(text, published="2026-09-18")
    quote = next(q for q in doc.quotes if "irregularities" in q.content.text)
    assert quote.cue is not None and quote.cue.text in ("said", "said last week")  # never "said last"
    said = next(e for e in doc.events if e.kind == "speech" and "commission" in e.text)
    assert (said.when.earliest_start, said.when.latest_end) == ("2026-09-07", "2026-09-13")


def test_a_date_line_is_no_sentence_with_the_first_paragraph() -> None:
    text = ("Minister 'told farmers to break the law', union says\n\nBy Ruth Alder, Rural Affairs Editor, The Harbour "
            "Post\nPublished 9 April 2026\n\nFarm union leader Gwen Tallis says agriculture minister Owen Barr told a "
            'meeting of dairy farmers last month to "ignore the nitrate rules until after the election".')
    quote = next(q for q in _quotes(text) if q.content.text.startswith("agriculture minister"))
    assert quote.speaker is not None and quote.speaker.name == "Gwen Tallis"


def test_a_dateline_with_a_state_is_no_part_of_the_speaker() -> None:
    text = ("Hearthway recalls 1.1 million pressure cookers\n\nCOLUMBUS, Ohio (AWP) - Hearthway Appliances is "
            "recalling about 1.1 million pressure cookers because the lid can be opened while the pot is still "
            "pressurized, the company announced Tuesday. But the federal Consumer Product Safety Commission said the "
            "company had understated the number of people hurt.")
    quote = next(q for q in _quotes(text) if "pressurized" in q.content.text)
    assert quote.speaker is not None and quote.speaker.name != "Ohio"
    assert "COLUMBUS" not in (quote.source.text if quote.source else "")


@pytest.mark.parametrize("line", ["COLUMBUS, Ohio (AWP) - ", "STOCKHOLM, March 12 (Nordwire) - ",
                                  "LONDON (Capital Wire) - "])
def test_a_source_that_swallowed_a_dateline_starts_after_it(line: str) -> None:
    from veracity.text.drafts import after_dateline

    text = line + "Hearthway Appliances"
    assert text[after_dateline(text, 0, len(text)):] == "Hearthway Appliances"


def test_the_answers_of_a_printed_q_and_a_are_the_interviewees() -> None:
    text = ("The former treasurer of the Harbourside Children's Trust, Simon Greaves, spoke to the Evening Record "
            "about the missing funds.\n\n"
            "Q: The auditors say the money left the trust's accounts on your signature. Is that right?\n\n"
            "A: My signature was on the forms, yes. I never took a penny.\n\n"
            "Q: Will you give those emails to the police?\n\n"
            "A: I already have. I gave them to Detective Inspector Rowe on Monday.")
    answers = {q.content.text: q for q in _quotes(text) if q.kind == "direct"}
    assert set(answers) == {"My signature was on the forms, yes. I never took a penny.",
                            "I already have. I gave them to Detective Inspector Rowe on Monday."}
    assert all(q.speaker is not None and q.speaker.name == "Simon Greaves" for q in answers.values())
    assert any(q.content.text.startswith("the money left") for q in _quotes(text))  # the question's report stays
    assert not _quotes("Simon Greaves spoke to the Record.\n\nQ: Well?\n\nA: Yes.")  # one answer is no interview


def test_urged_not_to_keeps_its_not_and_a_video_posted_to_a_platform_went_out_on_it() -> None:
    (urged,) = _quotes("The regulator urged people not to buy it.")
    assert urged.content.text == "not to buy it"
    (said,) = _quotes('"I did not write those posts," Bella Moreno, 29, said in a video posted to TikTok on Monday.')
    assert (said.form and said.form.text, said.medium and said.medium.text) == ("a video", "TikTok")
    (letter,) = _quotes('"We will appeal," the club said in a letter to Smith on Monday.')
    assert letter.medium is None  # a letter to someone did not go out on them


def test_the_parties_a_recording_captures_speak_its_lines_not_a_man_named_before() -> None:
    text = ("Opposition leader Marcus Webb has called for an inquiry. In a post on X, he wrote: \"If the minister "
            "has nothing to hide, she should release her diary.\"\n\n"
            "A spokesperson for the company said it does not comment on leaked material.\n\n"
            "To recap: the audio, published this morning by the website Harbour Watch, appears to capture a woman "
            "telling a contractor: \"You'll get the bridge, but I need something back.\" The man replies: "
            "\"Name it.\" She then says, \"Let's talk after the election.\"")
    quotes = _by_content(text)
    asked = quotes["You'll get the bridge, but I need something back."]  # was one quote with "Name it."
    assert (asked.speaker and asked.speaker.name, asked.addressee and asked.addressee.text) == (
        "a woman", "a contractor")
    reply = quotes["Name it."]
    assert reply.speaker is not None and reply.speaker.name == "The man"  # was Marcus Webb
    assert quotes["Let's talk after the election."].speaker.name == "a woman"  # type: ignore[union-attr]


def test_a_broadcast_transcripts_turns_quoted_memo_and_denial() -> None:
    text = ("Morning Briefing, Radio Northfield\n\n"
            "PRESENTER (JAMES OKORO): Good morning. Secretary, a leaked memo says waiting lists were massaged. "
            "Did you know?\n\n"
            "PRIYA NAIR: No. I saw that memo for the first time on Tuesday.\n\n"
            'OKORO: The memo is dated 3 March. It says, and I quote, "the figures will be presented in the most '
            'favourable light". Who wrote that?\n\n'
            "NAIR: Let me be clear: nobody in my office asked anyone to change a single figure.")
    quotes = _quotes(text)
    opening = next(q for q in quotes if q.content.text.startswith("Good morning"))  # was lost: the role's bracket
    assert opening.speaker is not None and opening.speaker.name == "James Okoro"  # was JAMES OKORO, where found
    memo = next(q for q in quotes if "favourable light" in q.content.text and q.parent is not None)
    assert memo.content.text == "the figures will be presented in the most favourable light"  # was '"…".'
    assert (memo.cue and memo.cue.text, memo.source and memo.source.text) == ("says", "It")  # was "I quote"
    assert next(q for q in quotes if "nobody in my office" in q.content.text).is_denial


def test_a_passive_telling_gives_its_subject_the_words_heard_and_the_line_going_dead_says_nothing() -> None:
    text = ('The liaison officer called his counterpart at 7 a.m. and was told, "We have nothing to discuss with '
            'you," before the line went dead.')
    (heard,) = _quotes(text)
    assert heard.speaker is None  # was the officer, who heard it
    assert heard.addressee is not None and heard.addressee.text == "The liaison officer"
    told = _quotes('The officer had been told, "We have nothing to discuss with you," before the line went dead.')
    assert all(q.cue is not None and q.cue.text != "went" for q in told)  # the line going dead said nothing


def test_an_email_read_out_is_its_authors_and_he_is_named_in_passing() -> None:
    text = ("Colin Pryce, 58, said he had been kept in the dark.\n\n"
            "Counsel to the inquiry, Harriet Lowe KC, showed him an email sent on 14 March 2022 by site engineer Dev "
            "Sandhu, which read: \"Hairline cracks on the north deck. Recommend closing the span today.\"\n\n"
            'Ms Lowe asked him: "Did you read it that afternoon?"')
    quotes = _quotes(text)
    email = next(q for q in quotes if q.content.text.startswith("Hairline"))
    assert email.speaker is not None and email.speaker.name == "Dev Sandhu"  # was Harriet Lowe, who showed it
    asked = next(q for q in quotes if q.content.text.startswith("Did you"))
    assert asked.addressee is not None and asked.addressee.name == "Colin Pryce"  # not Sandhu, named in passing


def test_a_room_answering_is_no_hearer() -> None:
    (said,) = _quotes('"The honourable lady knows that perfectly well," he said, to jeers from the opposition benches.')
    assert said.addressee is None


def test_an_age_given_after_a_surname_the_recogniser_missed_names_the_aged_description() -> None:
    text = ("The government denied that Deputy Prime Minister Viktor Anselm had met an arms broker.\n\n"
            'Government spokesman Pavel Rusnak said the meeting "never happened".\n\n'
            "Anselm, 58, was appointed deputy prime minister in March 2023. The 58-year-old wrote on Facebook on "
            'Tuesday that he was "the target of a crude fabrication".')
    quote = next(q for q in _quotes(text) if "fabrication" in q.content.text)
    assert quote.speaker is not None and quote.speaker.name == "Viktor Anselm"  # was Pavel Rusnak


def test_a_court_reports_verdict_untagged_telling_and_accusation() -> None:
    text = (Path(__file__).resolve().parents[1] / "fixtures" / "stories_court_verdict.txt").read_text(encoding="utf-8")
    quotes = _by_content(text)
    assert not any("bribery" in words for words in quotes)  # a verdict is no one's words
    assert 'he had "betrayed the trust of the people who elected you"' in quotes  # was with the full stop after
    denied = quotes['he had "never once" influenced a vote']  # was lost: "told" untagged
    assert denied.is_denial and denied.speaker is not None and denied.speaker.name == "Graham Pettigrew"
    assert 'the payments were "consultancy fees"' in quotes


def test_an_accusation_in_quotation_marks_ends_with_them() -> None:
    (quote,) = _quotes('Rovers manager Dean Kowalski accused referee Mark Ellison of "losing control of the game" '
                       "after his side's 2-1 defeat on Saturday.")
    assert quote.content.text == "losing control of the game"


def test_a_retort_is_said_to_whoever_spoke_just_before() -> None:
    text = (Path(__file__).resolve().parents[1] / "fixtures" / "stories_mayoral_debate.txt").read_text(encoding="utf-8")
    quotes = _quotes(text)
    interjected = next(q for q in quotes if q.content.text.startswith("That is simply"))
    assert interjected.addressee is not None and interjected.addressee.name == "Omar Farouk"
    shot = next(q for q in quotes if q.content.text.startswith("Your own"))
    assert shot.cue is not None and shot.cue.text == "shot back"  # was "shot"
    assert shot.addressee is not None and shot.addressee.name == "Claire Dunmore"


def test_what_someone_is_accused_of_is_no_verdict_on_a_report() -> None:
    assert not is_denial("accusing", "misleading voters")
    assert is_denial("called the report", "misleading")
    assert is_denial("said", "a lie from start to finish")


def test_an_outlet_in_a_clause_of_its_own_is_not_the_denials_medium() -> None:
    text = ("Northwind Energy has denied colluding with rival suppliers after emails appearing to show its "
            "executives discussing tariff rises were leaked to the Daily Ledger.")
    quotes = _quotes(text)
    denial = next(q for q in quotes if q.content.text == "colluding with rival suppliers")
    assert denial.medium is None  # was the Daily Ledger, which the emails were leaked to
    assert not any(q.cue is not None and q.cue.text.startswith("appearing") for q in quotes)


def test_a_leaked_chat_logs_lines_are_quotes_of_their_senders_on_the_platform() -> None:
    text = ("Senior councillors discussed delaying an audit report, according to WhatsApp messages seen by the "
            "Hallam Star.\n\n"
            "In one exchange, council leader Dan Morris and his deputy, Kate Lyle, appear to discuss the report:\n\n"
            "[21:14] Dan Morris: Auditors' report lands Friday. It's bad.\n"
            "[21:15] Kate Lyle: How bad?\n"
            "[21:16] Dan Morris: Bad enough to lose us the election. Can we sit on it till June?\n\n"
            'Mr Morris told the Star the messages had been "taken out of context".')
    quotes = _by_content(text)
    first = quotes["Auditors' report lands Friday. It's bad."]  # was lost with the other lines
    assert (first.speaker and first.speaker.name, first.addressee and first.addressee.name) == (
        "Dan Morris", "Kate Lyle")
    assert first.medium is not None and first.medium.text == "WhatsApp"
    told = quotes['the messages had been "taken out of context"']
    assert told.addressee is None and told.medium is not None and told.medium.text == "the Star"  # the outlet
    assert told.medium.name != "Dan Morris"  # was resolved to the speaker ("star" also describes a person)


def test_a_line_told_in_person_two_levels_down_is_a_quote_and_a_clause_before_its_verb_is_none() -> None:
    text = ('"So I call Marco, and I go, \'Your brother told me himself, "the concession is yours, just be '
            'patient."\' And Marco goes, \'He never said that to me.\' And I\'m like, \'Well, he said it to me,\'" '
            "Santos says on the recording.")
    quotes = _by_content(text)
    innermost = quotes["the concession is yours, just be patient."]  # was lost: "himself" hid the frame
    assert innermost.cue is not None and innermost.cue.text == "told"
    assert innermost.source is not None and innermost.source.text == "Your brother"
    assert not any(words.startswith("And I'm like") for words in quotes)  # was a quote cued by "he said it"


def test_a_police_forces_denial_by_the_force_and_an_act_it_would_never_do() -> None:
    text = ("West Midlands Police has denied claims that officers were ordered not to make arrests during last "
            "weekend's protest in Birmingham.\n\n"
            'In a statement on Friday, the force said the message was "not genuine". "We would never issue an '
            'instruction of that kind," Assistant Chief Constable Helen Ross said.')
    quotes = _by_content(text)
    denied = next(q for words, q in quotes.items() if words.startswith("officers were ordered"))  # not "claims"
    assert denied.is_denial
    statement = quotes['the message was "not genuine"']
    assert statement.speaker is not None and statement.speaker.name == "West Midlands Police"  # was "the force"
    assert quotes["We would never issue an instruction of that kind"].is_denial


def test_an_outlet_told_is_the_medium_only_and_a_party_keeps_its_whole_name() -> None:
    text = ('Local resident Gary Price told the BBC: "She should come and see what we\'ve lost."\n\n'
            'The Liberal Democrats called the original post "heartless".')
    quotes = _by_content(text)
    told = quotes["She should come and see what we've lost."]
    assert told.addressee is None and told.medium is not None and told.medium.text == "the BBC"  # was both
    called = quotes["heartless"]
    assert called.speaker is not None and called.speaker.name == "Liberal Democrats"  # was "Democrats"


def test_a_request_is_no_question_the_next_quote_answers() -> None:
    text = ("Ortiz, 34, was a junior adviser to Transport Minister Rosa Kemp when, in February, Kemp asked her to "
            '"tidy up" a list of contractors before an audit. She recorded the conversation on her phone.\n\n'
            "\"She said, 'Take Halden off the list, they're friends of ours,'\" Ortiz says.")
    recounting = next(q for q in _quotes(text) if q.content.text.startswith("She said"))
    assert recounting.addressee is None  # was Kemp, as if answering her


def test_a_council_never_named_is_no_company_and_the_narrators_aside_is_no_words() -> None:
    text = ("The home's owner, Larchwood Care, announced on Monday that Beech House would close in January.\n\n"
            "The council said it had not been consulted \u2014 a claim Larchwood disputes.")
    said = next(q for q in _quotes(text) if q.content.text.startswith("it had not"))
    assert said.content.text == "it had not been consulted"  # was with "— a claim Larchwood disputes"
    assert said.speaker is not None and said.speaker.name == "The council"  # was Larchwood Care


def test_a_participle_speaks_for_the_noun_it_hangs_on() -> None:
    text = (Path(__file__).resolve().parents[1] / "fixtures" / "stories_union_rally.txt").read_text(encoding="utf-8")
    (told,) = [q for q in _quotes(text) if q.cue is not None and q.cue.text == "telling"]
    assert told.source is not None and told.source.text == "a letter"  # was "A two per cent offer"


def test_an_open_letters_words_are_not_its_recipients() -> None:
    text = (Path(__file__).resolve().parents[1] / "fixtures" / "stories_open_letter.txt").read_text(encoding="utf-8")
    letter = next(q for q in _quotes(text) if q.content.text.startswith("We can no longer"))
    assert letter.speaker is None or "Priya Nair" not in letter.speaker.name  # was the health secretary it went to


def test_one_of_a_group_just_named_speaks_as_one() -> None:
    quotes = _by_content('Fans rushed to her defence. One wrote: "Team Kelsey all the way." Another posted: "Robbie '
                         'needs to go."')
    assert [quotes[w].speaker.name if quotes[w].speaker else None  # type: ignore[union-attr]
            for w in ("Team Kelsey all the way.", "Robbie needs to go.")] == ["One", "Another"]  # "One" had none


# Session 27: a results call, an obituary, a fact check, a select committee and a transfer story, read as a user would.


def test_a_spokesperson_is_not_named_by_whoever_opens_the_next_paragraph() -> None:
    quotes = _by_content("A spokesperson for the department said that the clip was cut.\n\n"
                         "Dr Helen Marsh, a virologist at the University of York, said the remark was fair.")
    spokesperson = quotes["the clip was cut"].speaker
    assert spokesperson is not None and spokesperson.name == "A spokesperson for the department"  # was Helen Marsh


def test_the_club_a_name_is_set_beside_is_the_club() -> None:
    quotes = _by_content('Castlebridge Rovers are in talks to sign Thiago Mendes, sources said.\n\n'
                         'His current club, Porto, denied that any offer had been accepted. In a short statement, the '
                         'club said it "does not comment on speculation".')
    club = quotes['it "does not comment on speculation"'].speaker
    assert club is not None and club.name == "Porto"  # was Castlebridge Rovers


def test_a_fact_checks_rubrics_are_no_speakers() -> None:
    quotes = _quotes("CLAIM: A video shared on Facebook shows the minister saying that vaccines do not work.\n\n"
                     "VERDICT: Misleading. The clip has been cut to remove the rest of her sentence.\n\n"
                     "The full recording shows she went on to praise the new vaccine.")
    assert not [q for q in quotes if q.cue is not None and q.cue.text == ":"]  # were quotes of "CLAIM", "VERDICT"


def test_a_name_given_in_quotation_marks_is_no_quote() -> None:
    quotes = _quotes('The user who posted the clip, who goes by the name "TruthSeeker77", did not respond to a '
                     'request for comment.')
    assert not [q for q in quotes if "TruthSeeker77" in q.content.text]


def test_a_hearers_pronoun_is_never_taken_for_the_speaker() -> None:
    quotes = _by_content('Claire Dunmore said she would not apologise.\n\nLabour MP Rhys Morgan put it to her that the '
                         'company had paid £62 million. "Your customers are swimming in your sewage," he said.')
    chair = quotes["Your customers are swimming in your sewage"].speaker
    assert chair is not None and chair.name == "Rhys Morgan"  # "her" had taught him to be a woman: nobody


def test_a_quotation_after_a_question_put_to_someone_is_their_answer() -> None:
    quotes = _by_content('Luca Bianchi played down the reports. "We are not there yet," he said.\n\nAsked whether '
                         'Mendes was a player he admired, Bianchi smiled. "Of course. Everybody admires him. But I '
                         'also admire Messi, and he is not coming either."')
    answer = quotes["Of course. Everybody admires him. But I also admire Messi, and he is not coming either."]
    assert answer.speaker is not None and answer.speaker.name == "Luca Bianchi"  # was one quote with the question
    text = ('Dame Celia Marwood said she had made peace with a great many things.\n\nAsked by the presenter, Rhys '
            'Talbot, whether the feud was still alive, she threw back her head and laughed. "Alive? Darling, it\'s '
            'the only thing keeping me going."')
    quotes = _by_content(text)
    question, reply = quotes["whether the feud was still alive"], quotes[
        "Alive? Darling, it's the only thing keeping me going."]
    assert question.speaker is not None and question.speaker.name == "Rhys Talbot"  # was "the presenter"
    assert reply.speaker is not None and reply.speaker.name == "Celia Marwood"


def test_the_one_a_relative_clause_describes_speaks_not_who() -> None:
    quotes = _by_content('Analysts were divided. Sarah Lindqvist said the update was honest, while another, who asked '
                         'not to be named, told the Financial Times that Ms Osei had one more quarter.')
    other = quotes["Ms Osei had one more quarter"].speaker
    assert other is not None and other.name == "another"  # was nobody: the tagger's source was "who"


def test_a_clause_before_a_cue_that_opens_a_colon_is_not_its_words() -> None:
    (quote,) = _quotes('Frank Adeyemi led the union.\n\nIn 1984, facing a government determined to close half the '
                       'port, he told a rally at the Pier Head: "They can shut the gates, but they cannot shut us up."')
    assert quote.content.text == "They can shut the gates, but they cannot shut us up."  # began "to close half"


def test_an_outlet_named_as_one_is_the_medium_and_how_hearers_heard_is_not_who_they_are() -> None:
    (told,) = _quotes("Mendes's agent, Paulo Ferreira, told Brazilian outlet Globo Esporte that his client had a clear "
                      "preference for England.")
    assert told.medium is not None and "Globo Esporte" in told.medium.text and told.addressee is None
    (call,) = _quotes('Speaking to analysts on a conference call, chief executive Margaret Osei said the company had '
                      '"underestimated how quickly shoppers would trade down".')
    assert call.addressee is not None and call.addressee.text == "analysts"  # was "analysts on a conference call"


def test_a_surname_ending_in_ly_is_no_adverb() -> None:
    quotes = _by_content("Asked by an analyst from Barclays whether the dividend was safe, finance director Tom Reilly "
                         "replied that the board had no plans to suspend it.")
    asked = quotes["whether the dividend was safe"].addressee
    assert asked is not None and asked.text == "finance director Tom Reilly"  # was "finance director Tom"


def test_whoever_was_pressed_answers_and_is_not_who_pressed() -> None:
    text = ("Conservative MP Julia Bennett asked whether any executive had received a bonus. Ms Dunmore said she had "
            "declined hers. Pressed on whether other directors had done the same, she said she would have to write "
            "to the committee.")
    pressed = next(q for q in _quotes(text) if q.content.text.startswith("whether other directors"))
    assert pressed.speaker is None  # was Claire Dunmore, the one pressed
    assert pressed.addressee is not None and pressed.addressee.text == "she"


def test_the_one_asked_later_in_the_paragraph_is_no_hearer_of_their_own_words() -> None:
    text = ('Not everyone was so generous. A former union official, Brian Costello, said Adeyemi had "led good men '
            'into a fight they could never win".\n\nAsked about such criticism in a 2009 interview with the Guardian, '
            'Adeyemi was unrepentant. "People say I should say sorry," he said. "Sorry for what? For standing up?"')
    unrepentant = next(q for q in _quotes(text) if q.content.text.startswith("People say"))
    assert unrepentant.addressee is None  # was "he", taken for Costello


def test_a_minister_of_one_country_is_not_the_minister_of_another() -> None:
    text = ("Ukraine's foreign minister has contradicted Russian claims that talks are under way, saying no talks "
            "have even begun.\n\nHe also rejected a claim by the Hungarian prime minister, Viktor Orban, that Kyiv had "
            "agreed to cede territory.")
    lead = next(q for q in _quotes(text) if q.content.text.startswith("no talks"))
    assert lead.speaker is None or "Orban" not in lead.speaker.name  # was Viktor Orban


def test_the_statement_a_reply_answers_is_not_its_hearer() -> None:
    quotes = _by_content('Lowe issued a statement saying the claims were false. Brooks replied to the statement with a '
                         'single word: "Receipts?"')
    assert quotes["Receipts?"].addressee is None  # was "the statement"


def test_the_speakers_next_act_is_not_part_of_the_words() -> None:
    quotes = _by_content('Dr Paul Mercer said the study was "impressive" but warned against overstating it. Sue Bell '
                         'said the plan was sound but warned that it would cost more.')
    assert 'the study was "impressive"' in quotes  # ran on with "but warned against overstating it"
    assert quotes["it would cost more"].cue is not None and quotes["it would cost more"].cue.text == "warned"


def test_a_name_joined_by_and_is_one_name() -> None:
    (quote,) = _quotes('The Wine and Spirit Trade Association said in a statement that moderate drinking "remains a '
                       'personal choice for adults".')
    assert quote.speaker is not None and quote.speaker.name == "Wine and Spirit Trade Association"  # was "Spirit …"


def test_a_candidate_of_one_party_is_not_the_candidate_of_another() -> None:
    text = ("Labour's candidate, Mark Fellowes, conceded defeat. He later told the BBC that the party had taken the "
            "city for granted.\n\nTurnout was 41 per cent.\n\nThe Conservative candidate, who finished fourth, said in "
            "a post on X that her party had a lot of thinking to do.")
    fourth = next(q for q in _quotes(text) if q.content.text.startswith("her party"))
    assert fourth.speaker is None or "Fellowes" not in fourth.speaker.name  # was Mark Fellowes


def test_the_newsroom_that_saw_a_document_did_not_write_it() -> None:
    (quote,) = _quotes("The council leader was warned about the cladding two years before the fire, according to an "
                       "email seen by the Harrowgate Echo.")
    assert quote.speaker is None or quote.speaker.name.startswith("an email")  # was the Harrowgate Echo


def test_a_role_in_the_lead_is_named_by_who_speaks_after_the_next_paragraphs_lead_in() -> None:
    text = ("Ukraine's foreign minister has contradicted Russian claims that talks are under way, saying no talks have "
            'even begun.\n\nSpeaking through an interpreter at a press conference in Kyiv on Friday, Andriy Melnyk '
            'said: "There are no negotiations."')
    lead = next(q for q in _quotes(text) if q.content.text.startswith("no talks"))
    assert lead.speaker is not None and lead.speaker.name == "Andriy Melnyk"  # was unnamed


def test_words_end_before_the_next_reports_and() -> None:
    quotes = _by_content('A spokeswoman for Mr Pellow said the minister "has no recollection of any such conversation" '
                         'and said the recording was "clearly stitched together".')
    assert set(quotes) == {'the minister "has no recollection of any such conversation"',
                           'the recording was "clearly stitched together"'}  # the first ran on with "and said"


def test_a_body_introduced_as_one_stays_one_and_the_company_is_it() -> None:
    quotes = _by_content('Four former employees of the delivery app Zipp have sued the company. "Zipp knew, and Zipp '
                         'did nothing," said their lawyer, Maya Goldberg.\n\nIn a statement, the company said it '
                         '"takes the safety of every worker seriously".')
    company = quotes['it "takes the safety of every worker seriously"'].speaker
    assert company is not None and company.name == "Zipp"  # was "the company": Zipp had become a person


def test_a_source_and_cue_that_close_the_lead_report_its_clause() -> None:
    text = ("Data of 2 million patients exposed in clinic software breach, regulator says\n\nBy Sam Hughes, Technology "
            "Correspondent\n4 December 2026\n\nPersonal details of about 2 million patients were exposed after hackers "
            "broke into software used by hundreds of GP surgeries, the Information Commissioner's Office has said.\n\n"
            "The ICO said it had been told of the breach by the software's maker on 27 November.")
    lead = [q for q in _quotes(text) if q.content.text.startswith("Personal details")]
    assert lead and lead[0].speaker is not None and "Information Commissioner" in lead[0].speaker.name  # was no quote


def test_a_programme_after_which_someone_spoke_is_not_their_medium() -> None:
    (quote,) = _quotes('After the programme, a spokesperson for the housing ministry said Ms Forsyth "stood by every '
                       'word".')
    assert quote.medium is None  # was "the programme"


def test_a_claim_noun_s_words_end_where_the_sentence_judges_them() -> None:
    quotes = _by_content("Her co-star Tobias Wren posted on Chirp: “I was on that set. I heard it.” Wren’s claim "
                         "that he heard the remark could not be independently confirmed. The Lanford Commuters' "
                         "Association's warning that a strike would strand commuters in the outer suburbs drew no "
                         "response from either side.")
    assert "he heard the remark" in quotes  # ran on over "could not be independently confirmed"
    assert "a strike would strand commuters in the outer suburbs" in quotes  # and over "drew no response"


def test_what_someone_called_is_their_words_and_only_those() -> None:
    quotes = _by_content("Morvenia's foreign ministry summoned Castavia's ambassador on Thursday to protest against "
                         'what it called "unacceptable interference" in a dispute over the Dorna dam.')
    called = quotes["unacceptable interference"]  # was the whole object of "protest against"
    assert called.speaker is not None and called.speaker.name == "Morvenia's foreign ministry"  # not "Castavia"


def test_what_a_spokesman_called_is_his_and_ends_the_report_before_it() -> None:
    quotes = _by_content("The Sarvan army said its air defences had shot down nine drones overnight, in what its chief "
                         'spokesman called "the most serious violation of the ceasefire in two years".')
    assert "its air defences had shot down nine drones overnight" in quotes  # ran on with ", in what …"
    assert quotes["the most serious violation of the ceasefire in two years"].speaker is not None


def test_what_a_source_is_in_apposition_is_not_what_it_said() -> None:
    quotes = _by_content("According to the Northern Civilian Monitor, a group that tracks casualties through a network "
                         "of volunteers, at least nine civilians were killed, including two children.")
    assert "at least nine civilians were killed, including two children" in quotes


def test_a_record_that_shows_someone_speaking_gives_the_words_to_them() -> None:
    quotes = _by_content("Ministers admitted the figure was a guess, according to messages seen by the Courier, which "
                         'also show the Chief Secretary to the Treasury warning that the sums "simply do not add up".')
    shown = quotes['the sums "simply do not add up"']  # was "the Chief Secretary … warning that …", by the Courier
    assert shown.speaker is not None and shown.speaker.name == "the Chief Secretary to the Treasury"
    nested = _by_content("Brenner told the hearing that the recording captured Petrescu calling his players "
                         "“a disgrace to the shirt”.")
    inner = nested["a disgrace to the shirt"]  # was no quote of Petrescu's
    assert inner.speaker is not None and inner.speaker.name == "Petrescu" and inner.parent is not None


def test_words_that_open_with_a_quotation_are_shown_to_its_closing_mark() -> None:
    text = 'Rail operators urged passengers to "travel only if absolutely necessary" on both days.'
    (quote,) = _quotes(text)
    assert quote.content.text == "travel only if absolutely necessary"  # was "… on both days"
    assert text[: quote.end].endswith("on both days")  # the stored span stays the annotated report
    (subject,) = _quotes('He insisted "no country\'s navy" was mentioned in the signed agreement.')
    assert subject.content.text.endswith("was mentioned in the signed agreement")  # a quotation as the subject


def test_an_order_reported_inside_a_quote_is_the_one_who_gave_it() -> None:
    quotes = _by_content("A second signatory said Lund had once ordered her to “stop eating or stop swimming”. A "
                         "second insider said producers had begged Marr to come back for Thursday's show.")
    order = quotes["stop eating or stop swimming"]  # was no quote: the order inside the signatory's words
    assert order.speaker is not None and order.speaker.name == "Lund" and order.parent is not None
    begged = quotes["come back for Thursday's show"]
    assert begged.speaker is not None and begged.speaker.name == "producers"
    (judge, mother) = _quotes('"You were warned. Your own mother told you to slow down," the judge said.')
    assert mother.content.text == "slow down" and mother.parent == judge.id


def test_words_said_in_an_order_reported_by_a_witness_are_the_one_who_ordered() -> None:
    quotes = _by_content("A police sergeant told a jury on Tuesday that her former chief constable ordered her to "
                         "delete body-camera footage of his son's arrest, saying: \"Make it go away, Lucy. Nobody "
                         "needs to see that.\"")
    said = quotes["Make it go away, Lucy. Nobody needs to see that."]  # was the sergeant's, beside her report
    assert said.speaker is not None and said.speaker.name == "her former chief constable"
    report = next(q for q in quotes.values() if q.content.text.startswith("her former chief constable"))
    assert said.parent == report.id


def test_a_told_report_and_a_said_report_joined_by_and_are_two_quotes() -> None:
    quotes = _by_content('A police spokesman told the ABC the service "rejects that characterisation entirely" and '
                         'said the footage shown to the family was "a partial extract".')
    told = quotes["rejects that characterisation entirely"].cue  # was one quote of two pieces
    assert told is not None and told.text == "told"
    assert 'the footage shown to the family was "a partial extract"' in quotes


def test_a_message_replied_to_is_said_to_whoever_sent_the_last_one() -> None:
    quotes = _by_content('In one, sent on October 14, Leon Varik wrote: "Des, the minister needs to hear it from you." '
                         '\n\nDesmond Kerr replied minutes later: "Leave it with me. I\'ll have a word on Thursday."')
    reply = quotes["Leave it with me. I'll have a word on Thursday."]
    assert reply.addressee is not None and reply.addressee.name == "Leon Varik"  # was no one
    asked = _by_content('"We are confident," said Dr Femi Alade.\n\nAsked about the farm, Ruth Kessling replied: "We '
                        'will know next week."')
    assert asked["We will know next week."].addressee is None  # a reply to whoever asked, unquoted


def test_an_outlet_every_reader_knows_is_the_medium_and_an_email_goes_on_through_it() -> None:
    (statement,) = _quotes("A spokesman said in a statement to Reuters that the firm would appeal.")
    assert statement.medium is not None and statement.medium.text == "Reuters"  # was the addressee
    quotes = _by_content('WASHINGTON (American Wire Press) - Tom Brandvold, a spokesman for Cascade Ridge Power, said '
                         'in an email to AWP that the company had acted "within hours". "We have no record of any '
                         'request," Brandvold wrote.')
    written = quotes["We have no record of any request"]
    assert written.medium is not None and written.medium.text == "AWP"  # "wrote" goes on as "said" does


def test_told_us_is_told_to_the_storys_own_outlet() -> None:
    quotes = _by_content('Buzzline can reveal the star walked off. A pal of Marr told us the mum-of-two was '
                         '"absolutely crushed".')
    told = quotes['the mum-of-two was "absolutely crushed"']
    assert told.medium is not None and told.medium.text == "Buzzline"  # was no medium


def test_what_a_writing_from_someone_reads_is_theirs() -> None:
    (quote,) = _quotes('A letter from the council\'s chief executive, dated March 3, reads: "We cannot support this."')
    assert quote.speaker is not None and quote.speaker.name == "the council's chief executive"  # was unattributed


def test_a_solicitor_after_the_quote_speaks_though_the_tagger_ran_the_words_into_her_client() -> None:
    (quote,) = _quotes('"At no stage did my client offer Mr Varga anything," Mr Haddad\'s solicitor, Ana Petrovic, '
                       'said outside court.')
    assert quote.content.text == "At no stage did my client offer Mr Varga anything"  # ran on into "Mr Haddad"
    assert quote.speaker is not None and quote.speaker.name == "Ana Petrovic"  # was unattributed


def test_a_statement_a_club_published_which_read_is_the_clubs() -> None:
    (quote,) = _quotes('Within three hours Rovers had published a statement on their website which read: "Castlebridge '
                       'Rovers is aware of speculation."')
    assert quote.speaker is not None and quote.speaker.name == "Rovers"  # was no one
    (message,) = _quotes('A second message from Kerr, sent days afterwards, read: "Done. He\'s listening."')
    assert message.speaker is not None and message.speaker.name == "Kerr"


def test_a_company_name_keeps_the_full_stop_of_its_abbreviation() -> None:
    (quote,) = _quotes("In a statement, Shubham Healthcare Pvt. Ltd., which runs the hospital, said it would appeal.")
    assert quote.speaker is not None and quote.speaker.name == "Shubham Healthcare Pvt. Ltd."  # was "… Ltd"


def test_the_finance_chief_is_the_chief_financial_officer_not_the_chief_executive() -> None:
    text = ('"It was not the quarter we wanted," Chief Financial Officer Rafael Montané told analysts.\n\n'
            'Chief Executive Helen Strand was more combative. "Those numbers are sound," she said.\n\n'
            "On costs, the 44-year-old finance chief told analysts Castellan would cut about 200 roles.")
    costs = next(q for q in _quotes(text) if q.content.text.startswith("Castellan would cut"))
    assert costs.speaker is not None and costs.speaker.name == "Rafael Montané"  # was Helen Strand


def test_a_judge_in_the_lead_is_the_judge_the_story_names_not_the_defendant() -> None:
    text = ("GOSFORD, May 13 (Bench Report) – A young tradesman has been jailed for up to seven years, with a judge "
            'telling him his "selfish stupidity" had taken the centre out of a family.\n\n'
            "Corey Madden, 24, of Wyong, pleaded guilty to dangerous driving occasioning death.\n\n"
            "Sentencing him on Wednesday, Judge Margaret Ollerenshaw said Madden had been travelling at 138km/h.")
    lead = next(q for q in _quotes(text) if "selfish stupidity" in q.content.text)
    assert lead.speaker is not None and lead.speaker.name == "Margaret Ollerenshaw"  # was Corey Madden


def test_whom_the_words_are_about_is_not_the_hearer() -> None:
    text = ('"It was not the quarter we wanted," Chief Financial Officer Rafael Montané told analysts.\n\n'
            "On costs, the finance chief told analysts Castellan would cut about 200 roles.")
    costs = next(q for q in _quotes(text) if q.content.text.startswith("Castellan would cut"))
    assert costs.addressee is not None and costs.addressee.text == "analysts"  # was "analysts Castellan"


def test_a_writing_quoted_after_a_colon_is_its_senders_words() -> None:
    quotes = _by_content("Mabry then read from a text message Hollins is alleged to have sent to an associate in June "
                         "2019: “The mayor is on board. Tell the architects to go ahead.”")
    message = quotes["The mayor is on board. Tell the architects to go ahead."]  # was "to have sent … : “…”"
    assert message.speaker is not None and message.speaker.name == "Hollins"


def test_a_clause_ends_with_its_sentence_though_it_names_a_programme_in_marks() -> None:
    (quote,) = _quotes('A spokeswoman, Elin Sande, said Kolberg would "set out the full context" when he appears on '
                       'the public broadcaster\'s "Sunday Square" programme this weekend.')
    assert quote.content.text.endswith('"Sunday Square" programme this weekend')  # was cut at "when he"


def test_what_the_hearer_was_warned_of_is_a_quote_though_the_parser_hung_it_elsewhere() -> None:
    quotes = _by_content("A recording appears to capture Anders Kolberg telling party donors that he once warned "
                         "Valdorian President Ilya Marek he would strike the neighbouring republic if its troops "
                         "crossed the border.")
    warned = quotes["he would strike the neighbouring republic if its troops crossed the border"]  # was no quote
    assert warned.parent is not None and warned.addressee is not None and warned.addressee.name == "Ilya Marek"


def test_a_titled_name_opening_the_next_paragraph_names_the_description_its_title_fits() -> None:
    text = ("GENEVA, Oct 14 (Alpwire) - The head of cycling's world governing body has denied covering up a positive "
            'drug test, after a former team doctor claimed he was told to "make the file disappear".\n\n'
            "Dr Henrik Sommer, who worked for the Alpenrot team, told the broadcaster SRG that the president phoned "
            "him in July 2019.")
    denial = next(q for q in _quotes(text) if q.content.text.startswith("covering up"))
    assert denial.speaker is None or denial.speaker.name != "Henrik Sommer"  # Dr Sommer is the doctor, not the head
