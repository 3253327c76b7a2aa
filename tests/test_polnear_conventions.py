"""Spans that follow PolNeAR's annotation guidelines (issue 16), as a user of the quotes sees them.

Each case is a convention the guidelines state ("Punctuation as a cue", "Keep the verb group
together", …) that the spans broke before; the peer protocol scores only spans that match exactly.
"""

from __future__ import annotations

import pytest

import veracity

pytestmark = pytest.mark.integration


def _attributions(text: str) -> list[tuple[str | None, str | None, str]]:
    """(source, cue, displayed content) of every quote, in text order."""
    return [(q.source.text if q.source else None, q.cue.text if q.cue else None, q.content.text)
            for q in veracity.analyze(text).quotes]


def test_a_quote_signed_with_a_dash_is_the_named_persons() -> None:
    # Guidelines: "a quote […] tagged afterward, using a dash (—) followed by the speaker's name".
    text = ("Readers wrote in after the debate.\n\n"
            "“Trump must stop portraying Latinos as gangsters when most of us work hard.”― Carla Sanchez.\n"
            "“He can’t even answer a question without scaring people.” ― Esther Tapia\n\n"
            "\"The system is rigged for the top 1 percent.\"\n\n- Bernie Sanders.\n\nThe senator exaggerated.")
    signed = {source: cue for source, cue, _ in _attributions(text)}
    assert signed == {"Carla Sanchez": "―", "Esther Tapia": "―", "Bernie Sanders": "-"}
    speakers = {q.speaker.name for q in veracity.analyze(text).quotes if q.speaker}
    assert speakers == {"Carla Sanchez", "Esther Tapia", "Bernie Sanders"}


def test_a_dash_in_narration_signs_nothing() -> None:
    text = "He paused. “We will win,” he said — and then he left the stage."
    assert [(s, c) for s, c, _ in _attributions(text)] == [("he", "said")]


def test_a_headline_name_then_colon_speaks_and_the_colon_is_the_cue() -> None:
    # Guidelines: 'Romeo: "Is the day so young?"' — the colon is the cue, the name the source.
    text = "Sanders: Clinton needs to get away from all of this personality stuff.\n\nThe senator spoke on Sunday."
    source, cue, _ = _attributions(text)[0]
    assert (source, cue) == ("Sanders", ":")


def test_a_relative_clause_is_not_the_speaker_but_describes_him() -> None:
    from veracity.text.drafts import Draft
    from veracity.text.parse import load_spacy
    from veracity.text.sources import relative_clause_sources

    text = ('On "Face the Nation," Sen. Bernie Sanders (Vt.), who lost the Democratic primaries to Clinton, '
            "identified young voters' exhaustion with bigotry as one of the reasons.")
    who, cue = text.index("who lost"), text.index("identified")
    draft = Draft([(cue + 11, len(text) - 1)], cue=(cue, cue + 10), source=(who, cue - 1))
    relative_clause_sources(text, load_spacy()(text), [draft])
    assert draft.source is not None
    assert text[draft.source[0] : draft.source[1]] == (
        "Sen. Bernie Sanders (Vt.), who lost the Democratic primaries to Clinton,")
    told = "Mr. Obama, who understood that a push would be fruitless, told his advisers to act."
    clause = Draft([(told.index("that a"), told.index(", told"))], cue=(15, 25), source=(11, 14))
    relative_clause_sources(told, load_spacy()(told), [clause])
    assert clause.source == (11, 14)  # "who understood …": the clause's own verb is the cue


def test_the_passive_by_belongs_to_neither_source_nor_cue() -> None:
    from veracity.text.drafts import Draft
    from veracity.text.sources import without_agent_preposition

    text = "Donald Trump, meanwhile, is supported by far fewer publications."
    start = text.index("by far")
    draft = Draft([(0, 12)], cue=(text.index("is supported"), start - 1), source=(start, len(text) - 1))
    without_agent_preposition(text, [draft])
    assert draft.source is not None and text[draft.source[0] : draft.source[1]] == "far fewer publications"


def test_the_subject_of_any_cue_verb_is_its_source() -> None:
    from veracity.text.drafts import Draft
    from veracity.text.parse import load_spacy
    from veracity.text.sources import parsed_sources

    text = "PolitiFact rated the claim as mostly false, and the economists who argue otherwise were ignored."
    parse = load_spacy()(text)
    rated = Draft([(text.index("the claim"), text.index(", and"))], cue=(11, 16))
    argue_at = text.index("argue")
    argue = Draft([(text.index("otherwise"), text.index(" were"))], cue=(argue_at, argue_at + 5))
    parsed_sources(parse.text, parse, [rated, argue])
    assert rated.source is not None and text[rated.source[0] : rated.source[1]] == "PolitiFact"
    # PolNeAR marks the relative pronoun itself as the source; the speaker resolver follows it back.
    assert argue.source is not None and text[argue.source[0] : argue.source[1]] == "who"
