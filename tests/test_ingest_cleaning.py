"""Cleaning: boilerplate lines, topics, line breaks, and the offset map back to the input text."""

from __future__ import annotations

from pathlib import Path

import pytest

from veracity.ingest import load_bytes, load_document
from veracity.ingest.cleaning import clean_text
from veracity.ingest.decoding import decode_bytes
from veracity.ingest.html import extract_article
from veracity.model import Document

pytestmark = pytest.mark.unit

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
READ_MORE_SENTENCE = (
    "Those who want to read more about the proposal can find it on the council's website."
)


def test_boilerplate_lines_go_but_a_sentence_mentioning_read_more_stays() -> None:
    doc = load_document(FIXTURES / "plain_article.txt")
    for furniture in (
        "Advertisement",
        "Read more: Island school",
        "Skip advert",
        "Photograph:",
        "Share on",
        "Copy link",
        "Topics:",
    ):
        assert furniture not in doc.text
    assert READ_MORE_SENTENCE in doc.text
    assert doc.text.startswith("Islanders win delay on ferry fare rise\n\nThe harbour council")
    assert doc.text.endswith(READ_MORE_SENTENCE)


@pytest.mark.parametrize(
    "line",
    [
        "Advert",
        "ADVERTISEMENT",
        "Skip advert",
        "Read more",
        "Read more: Mayor faces confidence vote",
        "Sign up for our newsletter\u2026",
        "Subscribe",
        "Share this article",
        "Share on Facebook",
        "Share on Twitter",
        "Share on WhatsApp",
        "Copy link",
        "Follow us on Instagram",
        "Related: Council row deepens over budget",
        "Image caption, The mayor arrives at the town hall",
        "Image source, Getty Images",
        "Photograph: Anna Holm/Reuters",
        "Photo: Jean Dupont/AFP",
        "(Getty Images)",
        "Share",
        "Save",
        "Comments",
    ],
)
def test_each_kind_of_boilerplate_line_is_dropped(line: str) -> None:
    text = f"The mayor resigned on Monday.\n{line}\nShe will not stand again."
    doc = load_bytes(text.encode(), source="s.txt")
    assert doc.text == "The mayor resigned on Monday.\n\nShe will not stand again."


@pytest.mark.parametrize(
    "sentence",
    [
        "Readers can read more about the plan on the council website.",
        "Subscribe to the channel, he urged viewers, and many did.",
        "Share prices fell sharply after the announcement.",
        "The minister posted an image: a cartoon of the mayor.",
        "Related parties were not consulted, the auditor said.",
    ],
)
def test_real_sentences_that_look_like_boilerplate_stay(sentence: str) -> None:
    doc = load_bytes(f"The mayor resigned.\n\n{sentence}".encode(), source="s.txt")
    assert doc.text.endswith(sentence)


def test_trailing_topics_line_becomes_topics() -> None:
    text = "The mayor resigned on Monday.\n\nTopics: Local government,  Elections ; Libraries\n"
    doc = load_bytes(text.encode(), source="s.txt")
    assert doc.topics == ["Local government", "Elections", "Libraries"]
    assert doc.text == "The mayor resigned on Monday."


def test_tags_line_in_the_middle_is_article_text() -> None:
    text = "Tags: were found on every crate.\n\nThe mayor resigned on Monday."
    doc = load_bytes(text.encode(), source="s.txt")
    assert doc.topics == []
    assert doc.text.startswith("Tags: were found")


def test_line_breaks_blank_runs_and_trailing_spaces_are_normalised() -> None:
    text = "First line   \r\nstill first paragraph.\r\r\r\n\n  Second paragraph.\t\rThird.  "
    doc = load_bytes(text.encode(), source="s.txt")
    assert doc.text == "First line\nstill first paragraph.\n\nSecond paragraph.\nThird."


def assert_offset_map_holds(doc: Document, input_text: str) -> None:
    """Every segment is a verbatim copy, and only inserted line breaks fall outside segments."""
    covered = [False] * len(doc.text)
    for clean_start, input_start, length in doc.offset_map.segments:
        assert length > 0
        assert (
            doc.text[clean_start : clean_start + length]
            == (input_text[input_start : input_start + length])
        )
        covered[clean_start : clean_start + length] = [True] * length
    assert all(char == "\n" for char, hit in zip(doc.text, covered, strict=True) if not hit)


@pytest.mark.parametrize("name", ["plain_article.txt", "news_article.html"])
def test_offset_map_leads_back_to_the_input_text(name: str) -> None:
    path = FIXTURES / name
    doc = load_document(path)
    decoded = decode_bytes(path.read_bytes(), str(path)).text
    input_text = extract_article(decoded, name).text if name.endswith(".html") else decoded
    assert_offset_map_holds(doc, input_text)


def test_offset_map_holds_with_crlf_and_indentation() -> None:
    raw = (
        (FIXTURES / "plain_article.txt").read_text().replace("\n", "\r\n").replace("The ", "  The ")
    )
    doc = load_bytes(raw.encode(), source="crlf.txt")
    assert "\r" not in doc.text
    assert_offset_map_holds(doc, raw)
    quote_start = doc.text.index("said councillor")
    assert raw[doc.offset_map.to_input(quote_start) :].startswith("said councillor")


def test_clean_text_of_html_lines_makes_each_line_a_paragraph() -> None:
    cleaned = clean_text("One.\nTwo.\nShare on X\nThree.", lines_are_paragraphs=True)
    assert cleaned.text == "One.\n\nTwo.\n\nThree."
