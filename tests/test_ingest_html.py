"""HTML pages: main text and metadata extraction, format sniffing, and pages with no article."""

from __future__ import annotations

from pathlib import Path

import pytest

from veracity.errors import EmptyInputError
from veracity.ingest import load_bytes, load_document

pytestmark = pytest.mark.unit

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
NEWS_PAGE = FIXTURES / "news_article.html"
ARTICLE_HTML = (
    "<html><head><title>Library</title></head><body><article>"
    "<p>The mayor said on Monday that the library would reopen in spring after repairs.</p>"
    "<p>She thanked volunteers who had kept a reading room open in the town hall.</p>"
    "</article></body></html>"
)


def test_news_page_gives_article_text_and_metadata() -> None:
    doc = load_document(NEWS_PAGE)
    meta = doc.metadata
    assert meta.title == "Harbour council delays vote on ferry fares"
    assert meta.author == "Maria Lindqvist"
    assert meta.published == "2025-03-14"
    assert meta.published_from == "metadata"
    assert meta.site_name == "The Coastal Ledger"
    assert meta.url == "https://coastal-ledger.example/news/harbour-council-ferry-fares"
    assert meta.input_format == "html"
    assert meta.source == str(NEWS_PAGE)
    assert doc.topics == ["Transport", "Local government", "Islands"]
    assert doc.warnings == []

    paragraphs = doc.text.split("\n\n")
    assert paragraphs[1].startswith("The harbour council postponed its vote")
    assert paragraphs[2].startswith('"We cannot ask a nurse')
    assert paragraphs[-1].startswith("The council's finance officer")
    assert "Those who want to read more about the proposal" in doc.text
    for furniture in (
        "Advertisement",
        "ADVERTISEMENT",
        "Read more:",
        "Image caption",
        "Photograph",
        "Share",
        "Copy link",
        "Sign up",
        "Topics",
        "Home",
        "All rights reserved",
    ):
        assert furniture not in doc.text


def test_published_option_wins_over_page_metadata() -> None:
    doc = load_document(NEWS_PAGE, published="2025-03-15")
    assert doc.metadata.published == "2025-03-15"
    assert doc.metadata.published_from == "option"


def test_page_without_article_body_is_refused() -> None:
    page = (
        "<!DOCTYPE html><html><head><title>Home</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a> <a href='/sport'>Sport</a></nav>"
        "<footer>&copy; 2025 The Coastal Ledger</footer></body></html>"
    )
    with pytest.raises(EmptyInputError) as caught:
        load_bytes(page.encode(), source="front.html")
    assert caught.value.message == "no article text found in the HTML; is it a news article page?"
    assert caught.value.source == "front.html"


def test_copyright_year_is_not_taken_as_the_publication_date() -> None:
    page = ARTICLE_HTML.replace("</body>", "<footer>&copy; 2024 The Ledger</footer></body>")
    doc = load_bytes(page.encode(), source="page.html")
    assert doc.metadata.published is None
    assert any(w.startswith("no publication date") for w in doc.warnings)


def test_html_is_sniffed_from_content_without_an_extension() -> None:
    doc = load_bytes(("<!doctype html>\n" + ARTICLE_HTML).encode(), source="-")
    assert doc.metadata.input_format == "html"
    assert doc.text.startswith("The mayor said on Monday")
    assert "<p>" not in doc.text


def test_media_type_forces_plain_text() -> None:
    doc = load_bytes(ARTICLE_HTML.encode(), source="page.html", media_type="text/plain")
    assert doc.metadata.input_format == "text"
    assert "<p>" in doc.text


def test_media_type_forces_html() -> None:
    doc = load_bytes(ARTICLE_HTML.encode(), source="page.txt", media_type="text/html")
    assert doc.metadata.input_format == "html"
    assert doc.text.endswith("reading room open in the town hall.")


def test_xhtml_with_xml_declaration_is_extracted() -> None:
    page = '<?xml version="1.0" encoding="utf-8"?>\n' + ARTICLE_HTML
    doc = load_bytes(page.encode(), source="page.xhtml")
    assert doc.text.startswith("The mayor said on Monday")
