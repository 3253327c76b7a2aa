"""A small hand-built story the report tests share, and a check that its offsets are right."""

from __future__ import annotations

import pytest

from veracity.model import (
    Document,
    Mention,
    Metadata,
    PartyRef,
    Person,
    Quote,
    QuoteContent,
    Span,
    SpeakerRef,
)

STORY = (
    "Health minister Clara Diaz told reporters on Tuesday that \"the hospital will stay open.\"\n"
    "\n"
    "\"The ward,\" said union leader Tom Berg, \"closes in May, because the director told us it "
    "cannot be saved.\"\n"
    "\n"
    "Diaz denied it in a post on Facebook, calling it \"completely false.\"\n"
    "\n"
    "A banner at the gate read \"Hands off our ward.\""
)
DIAZ = SpeakerRef("person-diaz", "Clara Diaz")
BERG = SpeakerRef("person-berg", "Tom Berg")
KIM = SpeakerRef("person-kim", "Ann Kim")


def find(text: str, phrase: str, occurrence: int = 1) -> tuple[int, int]:
    """The [start, end) of the n-th occurrence of ``phrase`` in ``text``."""
    start = -1
    for _ in range(occurrence):
        start = text.index(phrase, start + 1)
    return start, start + len(phrase)


def span(text: str, phrase: str, occurrence: int = 1) -> Span:
    return Span(phrase, *find(text, phrase, occurrence))


def party(text: str, phrase: str, name: str | None = None, after: str = "") -> PartyRef:
    """An addressee or medium: ``phrase`` where it follows ``after`` in ``text``."""
    start = find(text, after + phrase)[0] + len(after)
    return PartyRef(phrase, start, start + len(phrase), id=None, name=name)


def quote(
    quote_id: str,
    text: str,
    parts: list[str],
    speaker: SpeakerRef | None,
    **fields: object,
) -> Quote:
    """A quote whose content is ``parts`` (several parts: a discontinuous quote)."""
    spans = [find(text, part) for part in parts]
    return Quote(
        id=quote_id,
        content=QuoteContent(" ".join(parts), spans),
        cue=fields.pop("cue", None),  # type: ignore[arg-type]
        source=fields.pop("source", None),  # type: ignore[arg-type]
        speaker=speaker,
        addressee=fields.pop("addressee", None),  # type: ignore[arg-type]
        medium=fields.pop("medium", None),  # type: ignore[arg-type]
        **fields,  # type: ignore[arg-type]
    )


def build_story() -> Document:
    """Diaz (two quotes, one a denial), Berg (discontinuous, holding Kim's quote), a banner."""
    t = STORY
    quotes = [
        quote(
            "q-open", t, ["the hospital will stay open."], DIAZ, kind="mixed",
            cue=span(t, "told"), source=span(t, "Health minister Clara Diaz"),
            addressee=party(t, "reporters"), confidence=0.91,
        ),
        quote(
            "q-ward", t,
            ["The ward,", "closes in May, because the director told us it cannot be saved."], BERG,
            kind="direct", cue=span(t, "said"), source=span(t, "union leader Tom Berg"),
            confidence=0.88,
        ),
        quote(
            "q-saved", t, ["it cannot be saved"], KIM, kind="indirect", parent="q-ward",
            cue=span(t, "told", 2), source=span(t, "the director"),
            addressee=party(t, "us", after="director told "), confidence=0.7,
        ),
        quote(
            "q-false", t, ["completely false."], DIAZ, kind="partial", is_denial=True,
            cue=span(t, "denied"), source=span(t, "Diaz", 2),
            medium=party(t, "Facebook", "Facebook"), confidence=0.8,
        ),
        quote("q-banner", t, ["Hands off our ward."], None, kind="direct", cue=span(t, "read")),
    ]
    people = [
        Person("person-diaz", "Clara Diaz", "PERSON", [
            Mention("Health minister Clara Diaz", *find(t, "Health minister Clara Diaz")),
            Mention("Diaz", *find(t, "Diaz", 2)),
        ]),
        Person("person-berg", "Tom Berg", "PERSON", [
            Mention("union leader Tom Berg", *find(t, "union leader Tom Berg"), kind="title"),
        ]),
        Person("person-kim", "Ann Kim", "PERSON", [
            Mention("the director", *find(t, "the director"), kind="description"),
        ]),
        Person("person-union", "Health Workers Union", "ORG", []),
    ]
    metadata = Metadata(
        title="Hospital will stay open, minister says", author="Sam Reed",
        published="2024-03-05", published_from="metadata", site_name="Riverton Gazette",
    )
    return Document(
        text=t, metadata=metadata, topics=["health", "local government"],
        warnings=["speaker of one quote not found"], quotes=quotes, people=people,
    )


@pytest.mark.unit
def test_story_spans_point_at_their_words() -> None:
    doc = build_story()
    for q in doc.quotes:
        for start, end in q.content.spans:
            assert doc.text[start:end] in q.content.text
        for part in (q.cue, q.source, q.addressee, q.medium):
            if part is not None:
                assert doc.text[part.start:part.end] == part.text
    saved = next(q for q in doc.quotes if q.id == "q-saved")
    ward = next(q for q in doc.quotes if q.id == "q-ward")
    assert ward.start <= saved.start and saved.end <= ward.end
