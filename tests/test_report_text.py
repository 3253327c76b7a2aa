"""The terminal summary: header, quotes per speaker with nesting, unattributed, warnings."""

from __future__ import annotations

import pytest
from test_report_story import build_story, find

from veracity.model import Document, Metadata, Quote, QuoteContent, Span, SpeakerRef
from veracity.report import render_html, render_text


@pytest.fixture(scope="module")
def lines() -> list[str]:
    return render_text(build_story()).splitlines()


def indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


@pytest.mark.unit
def test_header_line_names_title_site_and_date(lines: list[str]) -> None:
    assert lines[0] == "Hospital will stay open, minister says — Riverton Gazette — 2024-03-05"
    assert lines[1] == "Topics: health, local government"


@pytest.mark.unit
def test_unknown_date_and_missing_site_are_plain() -> None:
    text = render_text(Document(text="Quiet.", metadata=Metadata(title="A quiet day")))
    assert text.splitlines()[0] == "A quiet day — publication date unknown"
    assert "No quotes found." in text


@pytest.mark.unit
def test_quotes_are_listed_under_their_speaker(lines: list[str]) -> None:
    diaz = lines.index("Clara Diaz (PERSON)")
    assert lines[diaz + 1] == (
        '  - mixed "the hospital will stay open." | cue: told | to reporters'
    )
    assert lines[diaz + 2] == (
        '  - partial "completely false." | cue: denied | via Facebook | DENIAL'
    )


@pytest.mark.unit
def test_discontinuous_quote_reads_as_one_and_nested_quote_is_indented_under_it(
    lines: list[str],
) -> None:
    berg = lines.index("Tom Berg (PERSON)")
    parent, child = lines[berg + 1], lines[berg + 2]
    assert parent.startswith('  - direct "The ward, closes in May, because the director told us')
    assert indent(child) > indent(parent)
    assert child.strip() == '- Ann Kim: indirect "it cannot be saved" | cue: told | to us'
    assert "Ann Kim (PERSON)" not in lines, "quoted only inside another's quote: no own section"


@pytest.mark.unit
def test_unattributed_quotes_come_last_then_warnings(lines: list[str]) -> None:
    unattributed = lines.index("Unattributed")
    assert lines[unattributed + 1] == '  - direct "Hands off our ward." | cue: read'
    assert lines[-2:] == ["Warnings:", "  - speaker of one quote not found"]
    assert unattributed < lines.index("Warnings:")


@pytest.mark.unit
def test_every_quote_appears_once(lines: list[str]) -> None:
    for content in ("the hospital will stay open.", "it cannot be saved", "completely false.",
                    "Hands off our ward."):
        assert sum(f'"{content}"' in line for line in lines) == 1


@pytest.mark.unit
def test_long_quotes_are_cut_to_about_two_hundred_characters() -> None:
    said = "word " * 100
    text = f'"{said}"'
    q = Quote("q-long", QuoteContent(said, [find(text, said)]), None, None, None, None, None,
              "direct")
    output = render_text(Document(text=text, quotes=[q]))
    (line,) = [x for x in output.splitlines() if "direct" in x]
    content = line.split('"')[1]
    assert len(content) <= 200 and content.endswith("…")


@pytest.mark.unit
def test_parent_cycles_do_not_hide_or_repeat_quotes() -> None:
    text = "one two"
    first = Quote("q-1", QuoteContent("one", [(0, 3)]), None, None, None, None, None, "direct",
                  parent="q-2")
    second = Quote("q-2", QuoteContent("two", [(4, 7)]), None, None, None, None, None, "direct",
                   parent="q-1")
    output = render_text(Document(text=text, quotes=[first, second]))
    assert output.count('"one"') == 1 and output.count('"two"') == 1


def _thanked_voters() -> Document:
    text = "Rafael Ostos thanked voters."
    thanked = Quote("q-v", QuoteContent("voters", [find(text, "voters")]), Span("thanked", *find(text, "thanked")),
                    Span("Rafael Ostos", 0, 12), SpeakerRef("person-o", "Rafael Ostos"), None, None, "indirect")
    return Document(text=text, attributions=[thanked])


@pytest.mark.unit
def test_attributions_without_words_are_listed_apart_from_the_quotes() -> None:
    output = render_text(_thanked_voters())
    assert "No quotes found." in output
    assert "Also reported, without their words:\n  - Rafael Ostos: thanked voters" in output


@pytest.mark.unit
def test_the_html_dossier_lists_attributions_without_words() -> None:
    page = render_html(_thanked_voters())
    assert "Also reported, without their words" in page and "<li>Rafael Ostos: thanked voters</li>" in page
