"""HTML pages: recognise them and extract the article's main text and metadata with trafilatura."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import trafilatura

from veracity.errors import EmptyInputError

_HTML_EXTENSIONS = (".html", ".htm", ".xhtml", ".shtml")
_TEXT_EXTENSIONS = (".txt", ".text", ".md")
# A page starts with a doctype or <html> (after an optional XML declaration, comments, whitespace).
_HTML_START = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)[\s>]",
    re.IGNORECASE | re.DOTALL,
)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>", re.IGNORECASE)
_SNIFF_CHARS = 4096
# Only dates from the page's metadata: htmldate's extensive search guesses from any date-like
# string, e.g. turning a footer's "(c) 2025" into 2025-01-01, which would mis-anchor every
# relative date in the article.
_DATE_PARAMS = {"original_date": True, "extensive_search": False}


@dataclass
class ExtractedArticle:
    """The main text of a page (one paragraph per line) and what its metadata says."""

    text: str
    title: str | None = None
    author: str | None = None
    published: str | None = None
    site_name: str | None = None
    url: str | None = None
    tags: list[str] = field(default_factory=list)


def format_from_extension(source: str) -> str | None:
    """ "html" or "text" when the file name says so, else None."""
    lowered = source.lower()
    if lowered.endswith(_HTML_EXTENSIONS):
        return "html"
    if lowered.endswith(_TEXT_EXTENSIONS):
        return "text"
    return None


def looks_like_html(text: str) -> bool:
    """Whether decoded text starts like an HTML page (a doctype or an <html> tag)."""
    return _HTML_START.match(text[:_SNIFF_CHARS]) is not None


def extract_article(html: str, source: str) -> ExtractedArticle:
    """The main text and metadata of an HTML page; EmptyInputError when it has no article text."""
    # lxml refuses str input that carries an encoding declaration; the text is already decoded.
    html = _XML_DECLARATION.sub("", html, count=1)
    result = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        favor_precision=False,
        include_tables=True,
        date_extraction_params=_DATE_PARAMS,
    )
    text = (getattr(result, "text", None) or "").strip() if result is not None else ""
    if not text:
        raise no_article_error(source)
    return ExtractedArticle(
        text=text,
        title=_clean_field(getattr(result, "title", None)),
        author=_clean_field(getattr(result, "author", None)),
        published=_clean_field(getattr(result, "date", None)),
        site_name=_clean_field(getattr(result, "sitename", None)),
        url=_clean_field(getattr(result, "url", None)),
        tags=[tag.strip() for tag in getattr(result, "tags", None) or [] if tag.strip()],
    )


def has_article_prose(text: str) -> bool:
    """Whether cleaned text holds at least one real paragraph, not just links or headings.

    A navigation-only page extracts to short lines ("Home", "News"); an article has at least one
    paragraph of several words with a sentence ending.
    """
    for paragraph in text.split("\n\n"):
        if len(paragraph.split()) >= 8 and re.search(r"[.!?][\"'”’)]*(?:\s|$)", paragraph):
            return True
    return False


def no_article_error(source: str) -> EmptyInputError:
    """The error for a page whose extracted text is not an article."""
    return EmptyInputError(
        "no article text found in the HTML; is it a news article page?", source=source
    )


def _clean_field(value: object) -> str | None:
    text = str(value).strip() if value is not None else ""
    return text or None
