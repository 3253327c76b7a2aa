"""No rule reads a spaCy Doc's whole text: ``Doc.text`` is rebuilt from every token on each read, so a read
per draft, noun or participle made the quote stage quadratic (a 1 MB text: 77 s, then 10 s, now 4 s).
The rules are handed the document's text instead; this test reads their source for ``parse.text`` and
``<token or span>.doc.text`` and fails on any it finds."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "veracity"
# The one read left, once per call and only when the caller has not handed the text over.
ALLOWED = {("time/timed_events.py", "parse")}
OUR_DOCUMENT_HOLDERS = frozenset({"self", "resolver"})  # their ``.doc`` is a veracity Document: its text is a str


def whole_text_reads(source: str) -> list[tuple[int, str]]:
    """(line, owner) of every ``parse.text`` and ``….doc.text`` in ``source``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Attribute) or node.attr != "text":
            continue
        owner = node.value
        if isinstance(owner, ast.Name) and owner.id == "parse":
            found.append((node.lineno, "parse"))
        elif isinstance(owner, ast.Attribute) and owner.attr == "doc" and isinstance(owner.value, ast.Name) \
                and owner.value.id not in OUR_DOCUMENT_HOLDERS:  # a token's, a span's or a sentence's Doc
            found.append((node.lineno, "doc"))
    return sorted(found)


def test_no_rule_reads_the_parsed_documents_whole_text() -> None:
    reads = [(str(path.relative_to(PACKAGE)), line, owner)
             for folder in ("text", "time") for path in sorted((PACKAGE / folder).glob("*.py"))
             for line, owner in whole_text_reads(path.read_text())
             if (str(path.relative_to(PACKAGE)), owner) not in ALLOWED]
    assert reads == []


def test_the_check_finds_both_forms_of_the_read() -> None:
    source = "a = parse.text[3:9]\nb = sentence.doc.text\nc = self.doc.text\nd = doc.text\ne = self.resolver.doc.text\n"
    assert whole_text_reads(source) == [(1, "parse"), (2, "doc")]
