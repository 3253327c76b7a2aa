"""The dossier's data model: stable ids and a lossless JSON round trip."""

import json

import pytest

from veracity.model import (
    SCHEMA_VERSION,
    Document,
    Entity,
    Mention,
    Metadata,
    OffsetMap,
    PartyRef,
    Person,
    Quote,
    QuoteContent,
    Span,
    SpeakerRef,
)

pytestmark = pytest.mark.unit


def _story() -> Document:
    text = '"We will win," Hale told reporters.'
    quote = Quote(
        id="quote-1",
        content=QuoteContent("We will win", [(1, 12)]),
        cue=Span("told", 20, 24),
        source=Span("Hale", 15, 19),
        speaker=SpeakerRef("person-1", "Victor Hale"),
        addressee=PartyRef("reporters", 25, 34),
        medium=None,
        kind="direct",
        confidence=0.9,
    )
    person = Person("person-1", "Victor Hale", "PERSON", [Mention("Hale", 15, 19, "name")])
    return Document(
        text=text,
        metadata=Metadata(title="T", published="2025-07-09", published_from="option"),
        topics=["politics"],
        offset_map=OffsetMap([(0, 0, len(text))]),
        entities=[Entity("Hale", 15, 19, "PERSON")],
        quotes=[quote],
        people=[person],
    )


def test_round_trip_through_json_keeps_everything() -> None:
    doc = _story()
    data = json.loads(json.dumps(doc.to_dict()))
    again = Document.from_dict(data)
    assert again.to_dict() == doc.to_dict()
    assert data["schema_version"] == SCHEMA_VERSION


def test_document_id_depends_on_text_only() -> None:
    assert _story().id == _story().id
    other = _story()
    other.text += " "
    assert other.id != _story().id


def test_offset_map_leads_back_to_the_input() -> None:
    offsets = OffsetMap([(0, 10, 5), (5, 20, 5)])
    assert offsets.to_input(2) == 12
    assert offsets.to_input(7) == 22
    assert offsets.to_input(50) is None
