"""Quote assembly: linking spans, quotation marks the model missed, nesting, kinds, tidying.

The tagger's output is written by hand here, so these tests pin the assembler's rules whatever the
model does; the spaCy parse is real.
"""

from __future__ import annotations

import pytest

from veracity.model import Document
from veracity.text.parse import load_spacy
from veracity.text.quotes import assemble_quotes
from veracity.text.tagging import TaggedSpan

pytestmark = pytest.mark.integration


def quotes_of(text: str, tagged: list[tuple[str, str, int]] = ()) -> list:
    """Assemble quotes for ``text``; ``tagged`` names spans as (role, words, occurrence)."""
    doc = Document(text=text)
    doc.parse = load_spacy()(text)
    spans = []
    for role, words, occurrence in tagged:
        start = -1
        for _ in range(occurrence + 1):
            start = text.index(words, start + 1)
        spans.append(TaggedSpan(role, start, start + len(words), 0.9))
    doc.scratch["tagged_spans"] = spans
    return assemble_quotes(doc)


def test_indirect_quote_links_source_cue_and_content() -> None:
    text = "The mayor said that the bridge would reopen in May."
    (quote,) = quotes_of(text, [("source", "The mayor", 0), ("cue", "said", 0),
                                ("content", "that the bridge would reopen in May", 0)])
    assert (quote.source.text, quote.cue.text, quote.kind) == ("The mayor", "said", "indirect")
    # The words said begin after the complementiser; the stored span is PolNeAR's, "that" included.
    assert quote.content.text == "the bridge would reopen in May"
    assert [text[s:e] for s, e in quote.content.spans] == ["that the bridge would reopen in May"]


def test_that_opening_a_quotation_is_part_of_the_words() -> None:
    text = 'The mayor said "that bridge will never reopen".'
    (quote,) = quotes_of(text, [("source", "The mayor", 0), ("cue", "said", 0),
                                ("content", '"that bridge will never reopen"', 0)])
    assert quote.content.text == "that bridge will never reopen"


def test_an_outlet_told_is_the_medium_not_the_addressee() -> None:
    text = "A spokesman, Tomas Ruud, told Capitol Wire that no such conversation ever took place."
    (quote,) = quotes_of(text, [("source", "A spokesman, Tomas Ruud", 0), ("cue", "told", 0),
                                ("content", "that no such conversation ever took place", 0)])
    assert quote.medium is not None and quote.medium.text == "Capitol Wire"
    assert quote.addressee is None


def test_quote_interrupted_by_its_attribution_is_one_discontinuous_quote() -> None:
    text = '"We are ready," Okafor said on Fox News. "The money is there."'
    (quote,) = quotes_of(text, [("content", '"We are ready,"', 0), ("source", "Okafor", 0),
                                ("cue", "said", 0), ("content", '"The money is there."', 0)])
    assert quote.content.text == "We are ready … The money is there."
    assert len(quote.content.spans) == 2 and quote.kind == "direct"


def test_content_run_over_the_narration_is_cut_around_it() -> None:
    text = '"We are ready," Okafor said on Fox News. "The money is there."'
    (quote,) = quotes_of(text, [("content", text, 0), ("source", "Okafor", 0), ("cue", "said", 0)])
    assert quote.content.text == "We are ready … The money is there."
    # The stored spans follow PolNeAR: each quotation with its marks and the punctuation inside them.
    assert [text[s:e] for s, e in quote.content.spans] == ['"We are ready,"', '"The money is there."']


def test_direct_quote_without_model_spans_takes_the_reporting_verb() -> None:
    (quote,) = quotes_of('"The vote is rigged," the senator said.')
    assert (quote.source.text, quote.cue.text, quote.kind) == ("the senator", "said", "direct")
    assert quote.content.text == "The vote is rigged"


def test_next_paragraph_without_a_cue_is_the_same_speaker_going_on() -> None:
    text = '"We will appeal," Okafor said.\n\n"The ruling ignores the evidence and the law."'
    (quote,) = quotes_of(text)
    assert (quote.source.text, quote.cue.text) == ("Okafor", "said")
    assert quote.content.text == "We will appeal … The ruling ignores the evidence and the law."


def test_nested_speech_inside_a_quote() -> None:
    text = ("\"At the dinner I told Brenner, 'if you cross that line, we will hit you hard'. "
            "And he goes, like, 'I don't buy it',\" Hale said.")
    outer_words = text[1 : text.index(",\" Hale")]
    quotes = quotes_of(text, [("content", outer_words, 0), ("source", "Hale", 0), ("cue", "said", 0)])
    outer, told, goes = quotes
    assert outer.parent is None and told.parent == outer.id and goes.parent == outer.id
    assert (told.source.text, told.cue.text, told.addressee.text) == ("I", "told", "Brenner")
    assert (goes.source.text, goes.cue.text) == ("he", "goes")
    assert goes.content.text == "I don't buy it"


def test_kinds_partial_and_mixed() -> None:
    partial = quotes_of('She dismissed the recording as "a crude fake".',
                        [("source", "She", 0), ("cue", "dismissed", 0), ("content", '"a crude fake"', 0)])
    assert partial[0].kind == "partial" and partial[0].is_denial
    mixed = quotes_of('He said the talks had been "very friendly" until then.',
                      [("source", "He", 0), ("cue", "said", 0),
                       ("content", 'the talks had been "very friendly" until then', 0)])
    assert mixed[0].kind == "mixed"


def test_addressee_and_medium_with_the_outlet_name() -> None:
    text = "Spokeswoman Lena Varga told the state news agency Nordpress that no such talks took place."
    (quote,) = quotes_of(text, [("source", "Spokeswoman Lena Varga", 0), ("cue", "told the", 0),
                                ("content", "that no such talks took place", 0)])
    assert quote.cue.text == "told"
    assert quote.addressee is None  # the agency is the channel, not a party spoken to
    assert quote.medium.text == "the state news agency Nordpress"
    assert quote.is_denial


def test_non_response_is_not_a_quote() -> None:
    text = "Hale's office did not respond to a request for comment."
    assert quotes_of(text, [("source", "Hale's office", 0), ("cue", "did not respond to", 0),
                            ("content", "a request for comment", 0)]) == []


def test_scare_quotes_and_unbalanced_marks_make_no_speakerless_quotes() -> None:
    text = 'The so-called "reform" failed. He left "early and angry'
    assert quotes_of(text) == []


def test_a_cue_in_the_next_sentence_does_not_claim_the_content_before_it() -> None:
    text = "Clinton described as unhinged a tweet attacking Machado. She says his temperament is dangerous."
    (quote,) = quotes_of(text, [("content", "a tweet attacking Machado", 0), ("source", "She", 0),
                                ("cue", "says", 0), ("content", "his temperament is dangerous", 0)])
    assert quote.cue.text == "says" and quote.content.text == "his temperament is dangerous"


def test_indirect_content_stops_at_the_end_of_its_sentence() -> None:
    text = "The mayor said the bridge would reopen in May. In June the road follows."
    (quote,) = quotes_of(text, [("source", "The mayor", 0), ("cue", "said", 0),
                                ("content", "the bridge would reopen in May. In", 0)])
    assert quote.content.text == "the bridge would reopen in May"


def test_a_title_in_quotation_marks_after_a_quote_is_not_its_continuation() -> None:
    text = ('"We will appeal," Okafor said.\n\n'
            "She would also close the so-called ''carried interest'' loophole that helps fund managers.")
    (quote,) = quotes_of(text)
    assert quote.content.text == "We will appeal"


def test_interview_transcript_turns_are_direct_quotes_of_the_named_speaker() -> None:
    text = ("Partial transcript as follows:\n\n"
            '"WALLACE: Do you really see those two as equivalent?\n\n'
            '"PENCE: Well, look, Mark Cuban has been out there saying some pretty tough stuff."')
    wallace, pence = quotes_of(text, [("cue", "WALLACE:", 0), ("content", "WALLACE: Do you really", 0)])
    assert (wallace.source.text, wallace.cue.text, wallace.kind) == ("WALLACE", ":", "direct")
    assert wallace.content.text == "Do you really see those two as equivalent?"
    assert pence.source.text == "PENCE" and pence.content.text.startswith("Well, look, Mark Cuban")


def test_every_turn_of_a_printed_interview_went_out_on_the_programme_its_introduction_names() -> None:
    text = ("By Clare Ashdown\n\nAlasdair Quinn took over in January. In his first broadcast interview, he spoke to "
            "me for BBC Radio 4's World at One. The conversation has been edited.\n\n"
            "Clare Ashdown: Do you accept that?\n\n"
            "Alasdair Quinn: No. We own the pipes.")
    turns = quotes_of(text)
    assert [q.medium.text if q.medium else None for q in turns] == ["BBC Radio 4's World at One"] * 2


def test_one_capitalised_rubric_is_not_a_transcript() -> None:
    text = "UPDATE: The mayor said the bridge would reopen in May.\n\nWATCH: the video below."
    assert quotes_of(text) == []


def test_ids_are_stable_and_distinct() -> None:
    text = '"We are ready," Okafor said. "So are we," Mensah said.'
    first = [q.id for q in quotes_of(text)]
    assert first == [q.id for q in quotes_of(text)] and len(set(first)) == 2


def test_a_doubted_cue_that_seldom_reports_speech_makes_no_quote() -> None:
    text = "A reporter spotted Stein and her press secretary at the airport."
    tagged = [("source", "A reporter", 0), ("cue", "spotted", 0), ("content", "Stein and her press secretary", 0)]
    doc = Document(text=text)
    doc.parse = load_spacy()(text)
    start = text.index
    doc.scratch["tagged_spans"] = [TaggedSpan(role, start(words), start(words) + len(words), 0.7)
                                   for role, words, _ in tagged]
    assert assemble_quotes(doc) == []
    assert len(quotes_of(text, tagged)) == 1  # the same spans at 0.9: the tagger's certainty wins


def test_the_cue_lexicon_knows_speech_verbs_from_other_verbs() -> None:
    from veracity.text.cue_lexicon import cue_rate

    assert cue_rate("say") > 0.5 and cue_rate("release") < 0.2 and cue_rate("zzzz") is None


def test_a_person_a_recording_captures_telling_is_the_speaker_to_the_end_of_the_clause() -> None:
    # The parse reads "Reyna telling …" as one small clause (Reyna the participle's own subject), and hangs
    # "she would …" on the main verb; the telling still runs to the end of the sentence.
    text = ("A recording appears to capture former minister Tomas Reyna telling a group of donors that he once "
            'warned opposition leader Paula Mendez she would "regret it" if she went ahead with the inquiry.')
    quotes = quotes_of(text)
    outer = next(q for q in quotes if q.parent is None)
    assert outer.source.text.endswith("Tomas Reyna") and outer.cue.text == "telling"
    assert outer.content.text.endswith("she went ahead with the inquiry")


def test_a_clip_the_tagger_made_the_source_gives_way_to_the_person_it_shows() -> None:
    text = ("A recording leaked to a local newspaper appears to capture former defence minister Anders Kolberg "
            "telling party donors that he once warned Valdorian President Ilya Marek he would strike the "
            "neighbouring republic if its troops crossed the border.")
    quotes = quotes_of(text, [
        ("source", "A recording leaked to a local newspaper", 0), ("cue", "appears", 0),
        ("content", "to capture former defence minister Anders Kolberg telling party donors that he once warned "
                    "Valdorian", 0)])
    outer = next(q for q in quotes if q.parent is None)
    assert outer.source.text.endswith("Anders Kolberg")
    assert outer.content.text.startswith("he once warned") and outer.content.text.endswith("crossed the border")


def test_contents_the_tagger_split_inside_one_quotation_are_one_quote() -> None:
    text = ('Castellan said the explanation "changes every day". "First it never happened, now it is a robot. '
            'Which one is it?" she told reporters.')
    quotes = quotes_of(text, [
        ("source", "Castellan", 0), ("cue", "said", 0), ("content", 'the explanation "changes every day"', 0),
        ("content", '"First it never happened, now it is a robot.', 0), ("content", 'Which one is it?"', 0),
        ("source", "she", 0), ("cue", "told", 0)])
    question = next(q for q in quotes if "robot" in q.content.text)
    assert question.content.text == "First it never happened, now it is a robot. Which one is it?"
    assert question.cue.text == "told"


def test_words_a_clip_appears_to_capture_someone_telling_are_that_persons() -> None:
    # The tagger gives the told words to "appears", with the clip as source; the person shown telling speaks.
    text = ("Audio obtained by the Star appears to capture mayor Gus Harrowgate, 61, telling guests at a private "
            "dinner that he had promised developers they would get planning permission.")
    quotes = quotes_of(text, [("source", "Audio obtained by the Star", 0), ("cue", "appears", 0),
                              ("content", "that he had promised developers they would get planning permission", 0)])
    outer = next(q for q in quotes if q.parent is None)
    assert outer.source.text.endswith("Gus Harrowgate") and outer.cue.text == "telling"


@pytest.mark.unit
def test_names_in_prose_are_read_in_one_pass_and_skip_turn_labels() -> None:
    from veracity.text.transcript import _names_in_prose

    text = ("Niamh O'Brien spoke to Ann Lee of the BBC.\n\nAnn Lee: Were you there?\n\nO'Brien: I was.\n\n"
            "Quigley: Nobody asked me.\n\nPhoto: Reuters")
    names = _names_in_prose(text)
    assert {"Niamh", "O'Brien", "Ann", "Lee", "Were", "Nobody", "Reuters"} <= names
    assert not {"Quigley", "Photo", "BBC"} & names  # only ever a label (or written in capitals)
