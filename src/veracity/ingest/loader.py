"""Assemble a Document from bytes: size, binary check, decoding, extraction, cleaning, dates."""

from __future__ import annotations

import re
from pathlib import Path

from veracity.errors import ConfigError, EmptyInputError
from veracity.ingest.cleaning import clean_text
from veracity.ingest.dates import date_line, iso_date, validate_published
from veracity.ingest.decoding import decode_bytes
from veracity.ingest.html import (
    extract_article,
    format_from_extension,
    has_article_prose,
    looks_like_html,
    no_article_error,
)
from veracity.ingest.language import detect_language
from veracity.ingest.sources import MAX_INPUT_BYTES, STDIN, read_input_bytes, too_large
from veracity.lang import available
from veracity.model import Document, Metadata, OffsetMap

_MEDIA_TYPES = {"text/html": "html", "text/plain": "text"}
NO_DATE_WARNING = (
    "no publication date: relative dates cannot be anchored; pass --published YYYY-MM-DD"
)


_BYLINE = re.compile(r"^By\s+([A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3})(?:,.*)?$")
# The byline's last part names the outlet when it is a name, not the writer's post or place:
# "By Ruth Alder, Rural Affairs Editor, The Harbour Post"; "By Sam Reed, Staff Reporter" names none.
_BYLINE_OUTLET = re.compile(r"^By\s+[^,\n]+(?:,[^,\n]+)*,\s*"
                            r"(?P<outlet>(?:The\s+)?[A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*){0,4})\s*$")
_POSTS = frozenset("editor correspondent reporter writer desk staff columnist producer chief bureau analyst "
                   "contributor journalist photographer critic".split())


def plain_text_headline(text: str) -> tuple[str | None, str | None]:
    """Title and author of a plain-text story, as wire copy writes them: a headline as the first
    paragraph (one short line with no full stop) and an optional "By Name" line after it."""
    paragraphs = [p.strip() for p in text.split("\n\n", 3)]
    title = author = None
    first = paragraphs[0] if paragraphs else ""
    if first and "\n" not in first and len(first) <= 200 and not first.endswith(".") and not _is_quoted_sentence(first):
        title = first
    for paragraph in paragraphs[1:3] if title else paragraphs[:2]:
        byline = _BYLINE.match(paragraph)
        if byline:
            author = byline.group(1)
            break
    return title, author


def byline_outlet(text: str) -> str | None:
    """The outlet a plain-text story's byline names after its writer, near the top ("The Harbour Post")."""
    for line in text.split("\n", 8)[:8]:
        match = _BYLINE_OUTLET.match(line.strip())
        words = match.group("outlet").split() if match is not None else []
        # (one word may be a place: "By Jane Smith, Washington")
        if len(words) >= 2 and not {w.lower().strip(".") for w in words} & _POSTS:
            return " ".join(words)
    return None


def _is_quoted_sentence(line: str) -> bool:
    """A line that is speech, not a headline: it opens with a quotation mark, or its closing mark follows the
    sentence's own full stop ("… he said: "We will win."") — while a headline may end on its quoted words
    (Mayor's leaked call: "We'll pull the grant unless they fold")."""
    if not line.endswith(('"', "”")):
        return False
    return line.startswith(('"', "“")) or line[:-1].rstrip().endswith((".", "!", "?", ","))


def load_document(
    path: str | Path, *, published: str | None = None, max_bytes: int = MAX_INPUT_BYTES
) -> Document:
    """Read a text or HTML file ("-" for stdin) into a cleaned Document."""
    source = str(path)
    if published is not None:
        # Validate the option before reading, so a typo fails fast on a large batch.
        validate_published(published, source)
    data = read_input_bytes(path, max_bytes)
    return load_bytes(data, source=source, published=published, max_bytes=max_bytes)


def load_bytes(
    data: bytes,
    *,
    source: str,
    published: str | None = None,
    max_bytes: int = MAX_INPUT_BYTES,
    media_type: str | None = None,
) -> Document:
    """Turn raw bytes into a cleaned Document.

    ``media_type`` "text/html" or "text/plain" forces the format; None decides from the extension
    of ``source``, then from the content. Over ``max_bytes`` it is refused here, before any analysis
    starts.
    """
    option_date = validate_published(published, source) if published is not None else None
    forced = _format_from_media_type(media_type, source)
    if len(data) > max_bytes:
        raise too_large(len(data), max_bytes, source)
    decoded = decode_bytes(data, source)
    input_format = forced or _sniff_format(source, decoded.text)
    metadata = Metadata(source=source, input_format=input_format)
    warnings = list(decoded.warnings)
    topics: list[str] = []
    if input_format == "html":
        article = extract_article(decoded.text, source)
        metadata.title, metadata.author = article.title, article.author
        metadata.site_name, metadata.url = article.site_name, article.url
        metadata.published = iso_date(article.published) if article.published else None
        topics = article.tags
        cleaned = clean_text(article.text, lines_are_paragraphs=True)
        if not has_article_prose(cleaned.text):
            raise no_article_error(source)
    else:
        cleaned = clean_text(decoded.text)
        metadata.title, metadata.author = plain_text_headline(cleaned.text)
        metadata.site_name = metadata.site_name or byline_outlet(cleaned.text)
        metadata.published = date_line(cleaned.text)
        metadata.published_from = "text" if metadata.published else None
    if not cleaned.text:
        raise _empty_error(source, decoded.text)
    if cleaned.topics:
        topics = cleaned.topics
    _set_publication_date(metadata, option_date, warnings)
    _set_language(metadata, cleaned.text, warnings)
    return Document(
        text=cleaned.text,
        metadata=metadata,
        topics=topics,
        warnings=warnings,
        offset_map=OffsetMap(cleaned.segments),
    )


def _set_language(metadata: Metadata, text: str, warnings: list[str]) -> None:
    guess = detect_language(text)
    metadata.language = guess.code if guess else None
    if guess and guess.code not in available():
        warnings.append(f"written in '{guess.code}' (confidence {guess.confidence:.2f}): quotes, speakers and "
                        "dates are read for English only, so this dossier may miss them; the text is kept")


def _format_from_media_type(media_type: str | None, source: str) -> str | None:
    if media_type is None:
        return None
    if media_type not in _MEDIA_TYPES:
        raise ConfigError(
            f"media_type must be 'text/html' or 'text/plain', not {media_type!r}", source=source
        )
    return _MEDIA_TYPES[media_type]


def _sniff_format(source: str, text: str) -> str:
    by_extension = None if source == STDIN else format_from_extension(source)
    if by_extension:
        return by_extension
    return "html" if looks_like_html(text) else "text"


def _empty_error(source: str, decoded_text: str) -> EmptyInputError:
    if not decoded_text.strip():
        return EmptyInputError(
            "the input is empty (or only whitespace); nothing to analyse", source=source
        )
    return EmptyInputError(
        "nothing is left after removing boilerplate (adverts, share buttons, captions); "
        "check that the file holds the article's text",
        source=source,
    )


def _set_publication_date(metadata: Metadata, option_date: str | None, warnings: list[str]) -> None:
    """The --published option wins over the page's metadata; say so when there is neither."""
    if option_date:
        metadata.published, metadata.published_from = option_date, "option"
    elif metadata.published:
        metadata.published_from = metadata.published_from or "metadata"
    else:
        warnings.append(NO_DATE_WARNING)
