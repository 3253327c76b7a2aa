"""Loading files and bytes: size limits, binary refusal, decoding, dates, and unreadable paths."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from veracity.errors import (
    BinaryInputError,
    ConfigError,
    DecodingError,
    EmptyInputError,
    InputError,
    InputTooLargeError,
)
from veracity.ingest import MAX_INPUT_BYTES, load_bytes, load_document
from veracity.ingest import sources as ingest_sources

pytestmark = pytest.mark.unit

ARTICLE = "The mayor said on Monday that the library would reopen in spring.\n"
NO_DATE = "no publication date: relative dates cannot be anchored; pass --published YYYY-MM-DD"


def write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def test_plain_text_file_becomes_a_document(tmp_path: Path) -> None:
    path = write(tmp_path, "story.txt", ARTICLE.encode())
    doc = load_document(path, published="2025-07-09")
    assert doc.text == ARTICLE.strip()
    assert doc.metadata.source == path
    assert doc.metadata.input_format == "text"
    assert doc.warnings == []


@pytest.mark.parametrize("content", [b"", b"   \n\t\r\n  \n"], ids=["empty", "whitespace"])
def test_empty_or_blank_file_is_refused_naming_the_file(tmp_path: Path, content: bytes) -> None:
    path = write(tmp_path, "blank.txt", content)
    with pytest.raises(EmptyInputError) as caught:
        load_document(path)
    assert caught.value.source == path
    assert path in str(caught.value)
    assert "empty" in caught.value.message


def test_file_of_only_boilerplate_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "furniture.txt", b"Advertisement\nShare this article\nCopy link\n")
    with pytest.raises(EmptyInputError, match="boilerplate"):
        load_document(path)


def test_nul_bytes_are_refused_as_binary() -> None:
    with pytest.raises(BinaryInputError, match="NUL bytes") as caught:
        load_bytes(b"some\x00binary\x00stuff\x01\x02", source="blob.dat")
    assert caught.value.source == "blob.dat"


def test_png_is_refused_with_advice() -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
    with pytest.raises(BinaryInputError, match="PNG image"):
        load_bytes(png, source="chart.png")


def test_pdf_renamed_to_txt_is_refused_with_pdftotext_advice(tmp_path: Path) -> None:
    path = write(tmp_path, "report.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< >>\nendobj\n")
    with pytest.raises(BinaryInputError) as caught:
        load_document(path)
    assert "looks like a PDF" in caught.value.message
    assert "pdftotext" in caught.value.message
    assert caught.value.source == path


def test_docx_is_refused_as_a_zip_document() -> None:
    with pytest.raises(BinaryInputError, match="docx"):
        load_bytes(b"PK\x03\x04\x14\x00\x06\x00word/document.xml", source="story.docx")


def test_file_over_the_default_limit_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        chunk = b"word " * 200_000  # 1 MB
        for _ in range(52):
            handle.write(chunk)
        handle.write(b"x" * 400_000)

    def refuse_to_open(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was opened although stat shows it is too large")

    monkeypatch.setattr(ingest_sources, "open", refuse_to_open, raising=False)
    with pytest.raises(InputTooLargeError) as caught:
        load_document(path)
    assert "is 52.4 MB, over the 20 MB limit" in caught.value.message
    # Analysis is linear in length (a long text is parsed in pieces), so raising the one limit works.
    assert caught.value.message.endswith("split it into articles or raise the limit with --max-bytes")
    assert caught.value.source == str(path)
    assert MAX_INPUT_BYTES == 20_000_000


def test_raising_the_limit_lets_a_larger_input_through() -> None:
    data = ARTICLE.encode() * 3
    with pytest.raises(InputTooLargeError, match="over the 100 bytes limit.*raise the limit with --max-bytes"):
        load_bytes(data, source="s.txt", max_bytes=100)
    assert load_bytes(data, source="s.txt", max_bytes=1_000).text.count("mayor") == 3


def test_a_page_over_the_limit_is_told_to_raise_it(tmp_path: Path) -> None:
    # A page's bytes are mostly markup: a larger limit may well let its article through, so it is offered.
    path = write(tmp_path, "page.html", b"<html><body>" + b"<div></div>" * 5_000 + b"</body></html>")
    with pytest.raises(InputTooLargeError) as caught:
        load_document(path, max_bytes=10_000)
    assert caught.value.message.endswith("split it into articles or raise the limit with --max-bytes")


def test_stdin_over_the_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    class FakeStdin:
        buffer = __import__("io").BytesIO(b"a" * 2_000)

    monkeypatch.setattr("sys.stdin", FakeStdin())
    with pytest.raises(InputTooLargeError, match="larger than the 1 kB limit"):
        load_document("-", max_bytes=1_000)


def test_stdin_is_read_and_named_dash(monkeypatch: pytest.MonkeyPatch) -> None:
    class FakeStdin:
        buffer = __import__("io").BytesIO(ARTICLE.encode())

    monkeypatch.setattr("sys.stdin", FakeStdin())
    doc = load_document("-")
    assert doc.text == ARTICLE.strip()
    assert doc.metadata.source == "-"


def test_invalid_utf8_in_no_detectable_encoding_raises_decoding_error() -> None:
    data = b"Report: " + bytes(range(0x80, 0x100)) * 4
    with pytest.raises(DecodingError, match="iconv") as caught:
        load_bytes(data, source="mystery.txt")
    assert caught.value.source == "mystery.txt"


def test_cp1252_text_keeps_its_curly_quotes_and_says_how_it_was_decoded() -> None:
    text = (
        "The minister said \u201cwe will not resign\u201d \u2013 and the caf\u00e9 owner agreed.\n"
    )
    doc = load_bytes(text.encode("cp1252") * 3, source="old.txt")
    assert doc.text.startswith("The minister said \u201cwe will not resign\u201d \u2013")
    assert "caf\u00e9" in doc.text
    assert "decoded as cp1252 (detected; the input was not UTF-8)" in doc.warnings


def test_utf16_with_bom_is_decoded() -> None:
    text = "The minister said \u201cno\u201d to the plan on Tuesday.\n"
    doc = load_bytes(text.encode("utf-16"), source="memo.txt")
    assert doc.text == text.strip()
    assert any("utf-16" in warning for warning in doc.warnings)


def test_utf8_bom_is_stripped_without_a_warning() -> None:
    doc = load_bytes(b"\xef\xbb\xbf" + ARTICLE.encode(), source="bom.txt", published="2025-01-02")
    assert doc.text == ARTICLE.strip()
    assert doc.warnings == []


def test_replaced_bytes_are_counted_in_a_warning() -> None:
    data = b"\xef\xbb\xbfThe council met on Monday \xff\xfe and voted.\n"
    doc = load_bytes(data, source="broken.txt")
    assert "\ufffd" in doc.text
    assert any(w.startswith("2 undecodable byte sequence(s) replaced") for w in doc.warnings)


def test_mostly_utf8_with_a_few_bad_bytes_stays_utf8_and_counts_them() -> None:
    # Read as a guessed single-byte charset, every name here would be garbled ("Müller" as "MÃ¼ller").
    text = ("Der Bürgermeister Jürgen Müller sagte am Montag, die Brücke über die Saale werde gebaut. "
            "„Wir sind froh“, sagte Ärztin Zoë Öztürk. ")
    data = text.encode() + b"Ein Fehler \xff hier und \xe9 dort. " + text.encode()
    doc = load_bytes(data, source="mostly.txt")
    assert "Jürgen Müller" in doc.text and "Zoë Öztürk" in doc.text and "Ã" not in doc.text
    assert doc.text.count("\ufffd") == 2
    assert "read as UTF-8 with 2 invalid byte(s) replaced with U+FFFD (the rest of the input is valid UTF-8)" in (
        doc.warnings)
    assert not any(w.startswith("decoded as") for w in doc.warnings)


def test_a_truncated_utf8_sequence_counts_each_byte_it_lost() -> None:
    data = "Müller and Gödel met in Zürich. ".encode() * 3 + "The café".encode()[:-1] + b" closed.\n"
    doc = load_bytes(data, source="cut.txt")
    assert doc.text.count("\ufffd") == 1
    assert any(w.startswith("read as UTF-8 with 1 invalid byte(s)") for w in doc.warnings)


def test_html_declared_charset_is_used_when_not_utf8() -> None:
    html = (
        '<html><head><meta charset="windows-1252"><title>T</title></head><body><article>'
        "<p>The mayor said \u201cthe library will reopen in spring\u201d after a long dispute "
        "with the council.</p></article></body></html>"
    )
    doc = load_bytes(html.encode("cp1252"), source="page.html")
    assert "\u201cthe library will reopen in spring\u201d" in doc.text
    assert "decoded as cp1252 (declared in the HTML; the input was not UTF-8)" in doc.warnings


@pytest.mark.parametrize("bad", ["xyz", "09/07/2025", "2025-02-30", "2025-7-9", ""])
def test_published_option_must_be_an_iso_date(tmp_path: Path, bad: str) -> None:
    path = write(tmp_path, "story.txt", ARTICLE.encode())
    with pytest.raises(ConfigError) as caught:
        load_document(path, published=bad)
    assert caught.value.message == f"--published must be a date like 2025-07-09, not {bad!r}"


def test_published_datetime_is_normalised_to_its_date() -> None:
    doc = load_bytes(ARTICLE.encode(), source="s.txt", published="2025-07-09T23:30:00+02:00")
    assert doc.metadata.published == "2025-07-09"
    assert doc.metadata.published_from == "option"
    assert NO_DATE not in doc.warnings


def test_missing_date_is_a_warning() -> None:
    doc = load_bytes(ARTICLE.encode(), source="s.txt")
    assert doc.metadata.published is None
    assert doc.metadata.published_from is None
    assert NO_DATE in doc.warnings


def test_media_type_must_be_html_or_plain_text() -> None:
    with pytest.raises(ConfigError, match="media_type"):
        load_bytes(ARTICLE.encode(), source="s", media_type="application/pdf")


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    path = str(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="no such file") as caught:
        load_document(path)
    assert caught.value.source == path


def test_directory_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory"):
        load_document(tmp_path)


def test_unreadable_file_is_an_input_error(tmp_path: Path) -> None:
    path = write(tmp_path, "secret.txt", ARTICLE.encode())
    os.chmod(path, 0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running as a user (root) who can read a chmod 000 file")
        with pytest.raises(InputError, match="permission denied") as caught:
            load_document(path)
        assert caught.value.source == path
    finally:
        os.chmod(path, 0o644)


def test_permission_error_from_the_os_is_reported_as_permission_denied(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The chmod test above is skipped as root; this one checks the same report on any account.
    path = write(tmp_path, "locked.txt", ARTICLE.encode())

    def deny(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", path)

    monkeypatch.setattr(ingest_sources, "open", deny, raising=False)
    with pytest.raises(InputError, match="permission denied") as caught:
        load_document(path)
    assert caught.value.source == path


def test_utf16_without_bom_is_recognised_by_its_nul_pattern() -> None:
    text = "The council met on Monday and voted to keep the ferry fares unchanged.\n"
    doc = load_bytes(text.encode("utf-16-le"), source="export.txt")
    assert doc.text == text.strip()
    assert any("utf-16-le" in w and "no byte order mark" in w for w in doc.warnings)


def test_the_language_is_recorded_and_another_language_is_warned_about() -> None:
    from veracity.ingest import load_bytes

    english = load_bytes(b"The minister said on Tuesday that the bridge would reopen in May after repairs.",
                         source="en.txt")
    assert english.metadata.language == "en" and not any("written in" in w for w in english.warnings)
    french = load_bytes("Le ministre a déclaré mardi que le pont rouvrirait en mai après les travaux de réparation."
                        .encode(), source="fr.txt")
    assert french.metadata.language == "fr"
    assert any("written in 'fr'" in w and "English only" in w for w in french.warnings)
    assert load_bytes(b"Short line.", source="s.txt").metadata.language is None


@pytest.mark.unit
def test_a_headline_may_end_on_its_quoted_words_but_a_quoted_sentence_is_no_headline() -> None:
    from veracity.ingest.loader import plain_text_headline

    body = "\n\nBy Hannah Ruiz\n\nThe story."
    assert plain_text_headline('Mayor\'s leaked call: "We\'ll pull the grant unless they fold"' + body) == (
        'Mayor\'s leaked call: "We\'ll pull the grant unless they fold"', "Hannah Ruiz")
    assert plain_text_headline("“We will win, and we will win big”" + body)[0] is None
    assert plain_text_headline('The mayor said: "We will win."' + body)[0] is None
    assert plain_text_headline("Senate passes the budget" + body)[0] == "Senate passes the budget"


@pytest.mark.parametrize(("top", "published"), [
    ("Published 3 March 2026", "2026-03-03"),
    ("18 September 2026", "2026-09-18"),
    ("Friday 21 February 2025", "2025-02-21"),
    ("First published on March 3, 2026, 14:05 GMT", "2026-03-03"),
    ("Updated: 2026-03-04 · 4 min read\nPublished: 2026-03-03", "2026-03-03"),  # the first printing, not the update
    ("Morning Briefing, Radio Northfield, 4 December 2026", "2026-12-04"),  # a programme's transcript
])
def test_a_plain_text_story_is_dated_by_its_own_date_line(top: str, published: str) -> None:
    text = f"Mayor denies deal\n\nBy Sam Reed\n{top}\n\nThe mayor said on Monday that there had been no deal."
    doc = load_bytes(text.encode(), source="story.txt", media_type="text/plain")
    assert (doc.metadata.published, doc.metadata.published_from) == (published, "text")
    assert not any("publication date" in w for w in doc.warnings)


@pytest.mark.parametrize("top", [
    "KALMAR, Oct 14 (Baltic Wire) - The port chief resigned.",  # a dateline: no year, and a sentence
    "The vote on 3 March 2026 was close.",  # a date inside a sentence
    "31 February 2026",  # no such day
    "He arrived in Paris, 4 December 2026",  # a sentence, not names before a date
])
def test_a_date_that_is_not_a_date_line_dates_nothing(top: str) -> None:
    text = f"Mayor denies deal\n\n{top}\n\nThe mayor said on Monday that there had been no deal."
    doc = load_bytes(text.encode(), source="story.txt", media_type="text/plain")
    assert doc.metadata.published is None


def test_the_published_option_wins_over_the_date_line() -> None:
    text = "Mayor denies deal\n\nPublished 3 March 2026\n\nThe mayor said on Monday that there had been no deal."
    doc = load_bytes(text.encode(), source="story.txt", published="2026-03-05", media_type="text/plain")
    assert (doc.metadata.published, doc.metadata.published_from) == ("2026-03-05", "option")


@pytest.mark.parametrize(("byline", "outlet"), [
    ("By Ruth Alder, Rural Affairs Editor, The Harbour Post", "The Harbour Post"),
    ("By Dev Malik, Westbridge Chronicle", "Westbridge Chronicle"),
    ("By Sam Reed, Staff Reporter", None),  # the writer's post
    ("By Jane Smith, Washington", None),  # one word may be a place
    ("By Sam Whitlock", None),
])
def test_a_plain_text_story_names_its_outlet_after_the_writer(byline: str, outlet: str | None) -> None:
    text = f"Mayor denies deal\n\n{byline}\n\nThe mayor said on Monday that there had been no deal."
    doc = load_bytes(text.encode(), source="story.txt", published="2026-03-05", media_type="text/plain")
    assert doc.metadata.site_name == outlet
