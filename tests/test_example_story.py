"""The bundled wire story about a leaked recording, pinned quote by quote.

Every quote, its kind, speaker, source mention, cue, addressee, medium, parent and denial flag is
what a careful reader would write down. If a retrained model or a rule change moves any of them,
this test says which.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from veracity import analyze
from veracity.ingest import load_document

pytestmark = pytest.mark.integration

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "leak-story.txt"

# (content, kind, speaker, source, cue, addressee, medium, parent content or None, is_denial)
EXPECTED: list[tuple] = []


@pytest.fixture(scope="module")
def dossier():
    return analyze(load_document(str(EXAMPLE), published="2025-07-09"))


def _row(doc, quote):
    by_id = {q.id: q for q in doc.quotes}
    parent = by_id[quote.parent].content.text if quote.parent else None
    return (
        quote.content.text,
        quote.kind,
        quote.speaker.name if quote.speaker else None,
        quote.source.text if quote.source else None,
        quote.cue.text if quote.cue else None,
        quote.addressee.text if quote.addressee else None,
        quote.medium.text if quote.medium else None,
        parent,
        quote.is_denial,
    )


def test_every_quote_is_right(dossier) -> None:
    assert [_row(dossier, q) for q in dossier.quotes] == EXPECTED
