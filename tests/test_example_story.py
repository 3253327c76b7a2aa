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
OUTER = (
    "At the dinner I told Brenner, 'if you cross that line, we will hit you hard'. "
    "And he goes, like, 'I don't buy it'"
)
EXPECTED: list[tuple] = [
    ("he once threatened to bomb the capital of a neighbouring country", "indirect", "Victor Hale",
     "former governor Victor Hale", "telling", "donors", None, None, False),
    (OUTER, "direct", "Victor Hale", "Hale", "said", "donors", None, None, False),  # in the form of a recording
    ("if you cross that line, we will hit you hard", "direct", "Victor Hale", "I", "told", "Brenner", None, OUTER,
     False),
    ("I don't buy it", "direct", "Brenner", "he", "goes", "Victor Hale", None, OUTER, False),
    ('the conversation had been "very friendly" until then.', "mixed", "Victor Hale", "The 73-year-old",
     "added", "donors", None, None, False),
    ("He knew I meant it … Nobody talks to us like that.", "direct", "Victor Hale", "he", "said", "donors", None,
     None, False),
    ("no such conversation ever took place", "indirect", "Lena Varga", "Foreign Ministry spokeswoman Lena Varga",
     "told", None, "the state news agency Nordpress", None, True),
    ("There were no such talks, and the recording may be a forgery", "direct", "Lena Varga", "Varga", "said", None,
     "the state news agency Nordpress", None, True),  # she goes on to the agency she told
    ("a crude fake", "mixed", "Lena Varga", "She", "later dismissed", None, None, None, True),
    ("the period described in the recording predates Hale's time in office", "indirect", "Lena Varga", "Varga",
     "According to", None, None, None, False),
]


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


def test_a_recording_is_the_form_of_the_words_not_their_outlet(dossier) -> None:
    forms = {q.content.text: q.form.text for q in dossier.quotes if q.form is not None}
    # (the lead's telling is also on the tape: "A recording obtained by the Daily Ledger appears to capture …")
    assert forms == {OUTER: "the recording",
                     "he once threatened to bomb the capital of a neighbouring country":
                         "A recording"}


def test_people_and_their_mentions(dossier) -> None:
    people = {p.name: p for p in dossier.people}
    hale = {m.text for m in people["Victor Hale"].mentions}
    assert {"Victor Hale", "Hale", "The 73-year-old", "he", "I", "former governor"} <= hale
    assert {"Lena Varga", "Varga", "She", "Foreign Ministry spokeswoman"} <= {
        m.text for m in people["Lena Varga"].mentions
    }
    assert people["Brenner"].type == "PERSON" and people["Nordpress"].type == "ORG"
    nordpress = next(q for q in dossier.quotes if q.medium and "Nordpress" in q.medium.text)
    assert nordpress.medium.id == people["Nordpress"].id


def test_boilerplate_topics_and_metadata(dossier) -> None:
    assert "Advert" not in dossier.text and "Read more" not in dossier.text
    assert "Topics:" not in dossier.text
    assert dossier.topics == ["Victor Hale", "leaked recordings", "foreign policy"]
    assert dossier.metadata.title.startswith("Leaked recording appears to capture Hale")
    assert dossier.metadata.author == "Ana Ruiz"
    assert dossier.metadata.published == "2025-07-09" and dossier.warnings == []


def test_every_annotation_points_at_its_text(dossier) -> None:
    for quote in dossier.quotes:
        for span in (quote.cue, quote.source, quote.addressee, quote.medium):
            if span is not None:
                assert dossier.text[span.start : span.end] == span.text
        # Spans follow PolNeAR (a direct quote with its marks; "dismissed the recording as …" with what
        # the words are said of); the text shows the words said alone.
        pieces = quote.content.text.split(" … ")
        assert len(pieces) == len(quote.content.spans)
        for index, (piece, (start, end)) in enumerate(zip(pieces, quote.content.spans, strict=True)):
            annotated = dossier.text[start:end]
            assert piece in annotated
            before, _, after = annotated.partition(piece)
            assert not any(char.isalnum() for char in after)
            assert index == 0 or not any(char.isalnum() for char in before)
    for person in dossier.people:
        for mention in person.mentions:
            assert dossier.text[mention.start : mention.end] == mention.text
