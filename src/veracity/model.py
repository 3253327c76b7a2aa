"""The data model every stage, report and store shares: a Document and its annotations.

Every annotation points into ``Document.text`` (the cleaned text) by character offsets, half-open
``[start, end)``, so any report or UI can highlight it. ``OffsetMap`` leads from the cleaned text back to
the input it came from. Identifiers are content hashes, so analysing the same article twice gives the
same ids. ``to_dict`` gives the JSON dossier (see docs/dossier-schema.md); ``from_dict`` reads it back.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

SCHEMA_VERSION = "1.0"

QuoteKind = Literal["direct", "indirect", "mixed", "partial"]
MentionKind = Literal["name", "title", "description", "pronoun", "organisation"]


def content_id(prefix: str, *parts: object) -> str:
    """A short stable id from content: the same input always gives the same id."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return f"{prefix}-{digest[:12]}"


@dataclass
class Span:
    """A stretch of the cleaned text."""

    text: str
    start: int
    end: int


@dataclass
class PartyRef(Span):
    """An addressee or medium: the mention in the text, resolved to a person or outlet when possible."""

    id: str | None = None
    name: str | None = None


@dataclass
class SpeakerRef:
    id: str
    name: str


@dataclass
class QuoteContent:
    """What was said; ``spans`` are discontinuous when the attribution interrupts the quote."""

    text: str
    spans: list[tuple[int, int]]


@dataclass
class Quote:
    id: str
    content: QuoteContent
    cue: Span | None
    source: Span | None
    speaker: SpeakerRef | None
    addressee: PartyRef | None
    medium: PartyRef | None
    kind: QuoteKind
    parent: str | None = None
    is_denial: bool = False
    confidence: float = 0.0

    @property
    def start(self) -> int:
        return min(s for s, _ in self.content.spans)

    @property
    def end(self) -> int:
        return max(e for _, e in self.content.spans)


@dataclass
class Mention(Span):
    kind: MentionKind = "name"


@dataclass
class Person:
    """One person or organisation, with every way the text refers to them."""

    id: str
    name: str
    type: str  # PERSON, ORG, GPE, NORP or UNKNOWN
    mentions: list[Mention] = field(default_factory=list)


@dataclass
class Entity(Span):
    label: str = ""


@dataclass
class Metadata:
    title: str | None = None
    author: str | None = None
    published: str | None = None  # ISO 8601 date
    published_from: str | None = None  # "metadata", "option" or None when unknown
    site_name: str | None = None
    url: str | None = None
    source: str | None = None  # the file path, "-" for stdin
    input_format: str = "text"  # "text" or "html"


@dataclass
class OffsetMap:
    """Maps cleaned-text offsets back to the input text they came from.

    ``segments`` holds ``(clean_start, input_start, length)`` runs copied verbatim. For HTML, the input
    text is the main text the extractor produced (markup offsets do not survive extraction).
    """

    segments: list[tuple[int, int, int]] = field(default_factory=list)

    def to_input(self, offset: int) -> int | None:
        for clean_start, input_start, length in self.segments:
            if clean_start <= offset <= clean_start + length:
                return input_start + offset - clean_start
        return None


@dataclass
class Document:
    """An article under analysis: cleaned text, metadata, and the annotations stages add."""

    text: str
    metadata: Metadata = field(default_factory=Metadata)
    topics: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    offset_map: OffsetMap = field(default_factory=OffsetMap)
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    # Working state shared between stages; never serialised.
    parse: Any = field(default=None, repr=False, compare=False)
    scratch: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def id(self) -> str:
        return content_id("doc", self.text)

    def span(self, start: int, end: int) -> Span:
        return Span(self.text[start:end], start, end)

    def to_dict(self) -> dict[str, Any]:
        """The JSON dossier of this document (schema ``SCHEMA_VERSION``)."""
        return {
            "schema_version": SCHEMA_VERSION,
            "id": self.id,
            "metadata": asdict(self.metadata),
            "text": self.text,
            "topics": list(self.topics),
            "quotes": [_quote_dict(q) for q in self.quotes],
            "people": [asdict(p) for p in self.people],
            "entities": [asdict(e) for e in self.entities],
            "offset_map": [list(s) for s in self.offset_map.segments],
            "warnings": list(self.warnings),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        """Read a dossier back (the inverse of :meth:`to_dict`)."""
        return cls(
            text=data["text"],
            metadata=Metadata(**data.get("metadata", {})),
            topics=list(data.get("topics", [])),
            warnings=list(data.get("warnings", [])),
            offset_map=OffsetMap([tuple(s) for s in data.get("offset_map", [])]),
            entities=[Entity(**e) for e in data.get("entities", [])],
            quotes=[_quote_from_dict(q) for q in data.get("quotes", [])],
            people=[
                Person(p["id"], p["name"], p["type"], [Mention(**m) for m in p.get("mentions", [])])
                for p in data.get("people", [])
            ],
        )


def _quote_dict(quote: Quote) -> dict[str, Any]:
    data = asdict(quote)
    data["content"]["spans"] = [list(s) for s in quote.content.spans]
    return data


def _quote_from_dict(data: dict[str, Any]) -> Quote:
    def opt(kind: type, value: dict[str, Any] | None) -> Any:
        return kind(**value) if value else None

    content = data["content"]
    return Quote(
        id=data["id"],
        content=QuoteContent(content["text"], [tuple(s) for s in content["spans"]]),
        cue=opt(Span, data.get("cue")),
        source=opt(Span, data.get("source")),
        speaker=opt(SpeakerRef, data.get("speaker")),
        addressee=opt(PartyRef, data.get("addressee")),
        medium=opt(PartyRef, data.get("medium")),
        kind=data["kind"],
        parent=data.get("parent"),
        is_denial=bool(data.get("is_denial", False)),
        confidence=float(data.get("confidence", 0.0)),
    )
