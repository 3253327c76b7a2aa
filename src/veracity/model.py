"""The data model every stage, report and store shares: a Document and its annotations.

Every annotation points into ``Document.text`` (the cleaned text) by character offsets, half-open
``[start, end)``, so any report or UI can highlight it. ``OffsetMap`` leads from the cleaned text back to
the input it came from. Identifiers are content hashes, so analysing the same article twice gives the
same ids. ``to_dict`` gives the JSON dossier (see docs/dossier-schema.md); ``from_dict`` reads it back.
"""

from __future__ import annotations

import bisect
import hashlib
import json
from dataclasses import asdict, dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, Literal

SCHEMA_VERSION = "1.6"
DOSSIER_SCHEMA = Path(__file__).with_name("dossier.schema.json")  # the JSON Schema of to_dict(), shipped


@cache
def dossier_json_schema() -> dict[str, Any]:
    """The dossier's JSON Schema (draft 2020-12), as published in docs/dossier-schema.md."""
    return dict(json.loads(DOSSIER_SCHEMA.read_text(encoding="utf-8")))

QuoteKind = Literal["direct", "indirect", "mixed", "partial"]
TimexType = Literal["DATE", "TIME", "DURATION", "SET"]
AnchorKind = Literal["none", "publication", "speech", "mention", "missing"]
RelationKind = Literal["before", "after", "during", "includes", "simultaneous", "unknown"]
RelationQualifier = Literal["believed", "about", "some time", "inferred"]
MentionKind = Literal["name", "title", "description", "pronoun", "organisation"]


def content_id(prefix: str, *parts: object) -> str:
    """A short stable id from content: the same input always gives the same id."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return f"{prefix}-{digest[:12]}"


@lru_cache(maxsize=64)
def _document_id(text: str) -> str:
    """A document's id, hashed once per text: every quote, event and person id includes it, so hashing the
    whole text at each of them made a 2 MB story spend 9 s hashing (Python keeps a string's own hash, so
    finding the text here again costs nothing)."""
    return content_id("doc", text)


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
    # The form the words took, when the text says ("in a statement", "on the recording", "at a hearing"):
    # not an outlet, so not the medium, but what a reader asks next ("said where?").
    form: Span | None = None

    @property
    def start(self) -> int:
        return min(s for s, _ in self.content.spans)

    @property
    def channel_words(self) -> str:
        """The words of the quote's form and medium together ("a statement Capitol Wire"), lower-cased:
        what rules about statements and recordings read."""
        return " ".join(p.text for p in (self.form, self.medium) if p is not None).lower()

    @property
    def end(self) -> int:
        return max(e for _, e in self.content.spans)


class QuotedText:
    """Which quotes' words cover a character offset, found by binary search over their spans (asking
    for every quote of a long text stays linear, not quadratic, in its length)."""

    def __init__(self, quotes: list[Quote]) -> None:
        spans = sorted((start, end, order) for order, q in enumerate(quotes) for start, end in q.content.spans)
        self._quotes = quotes
        self._spans = spans
        self._starts = [start for start, _, _ in spans]
        self._longest = max((end - start for start, end, _ in spans), default=0)

    def covering(self, offset: int) -> list[Quote]:
        """The quotes with a span holding ``offset``, in the order they were given."""
        last = bisect.bisect_right(self._starts, offset)
        first = bisect.bisect_left(self._starts, offset - self._longest)
        orders = sorted({order for start, end, order in self._spans[first:last] if start <= offset < end})
        return [self._quotes[order] for order in orders]

    def spans_in(self, start: int, end: int) -> list[tuple[int, int]]:
        """The quotes' spans that overlap ``[start, end)``, by the same binary search."""
        last = bisect.bisect_left(self._starts, end)
        first = bisect.bisect_left(self._starts, start - self._longest)
        return [(s, e) for s, e, _ in self._spans[first:last] if s < end and start < e]


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
class TimeAnchor:
    """What a relative expression was counted from: ``kind`` "none" for an absolute date ("in 2023"),
    "publication", "speech" (the time a quote was said), "mention" (another date in the text), or
    "missing" (relative, with nothing to count from: the value stays X-ed out)."""

    kind: AnchorKind = "none"
    value: str | None = None  # the anchor's TimeML value, e.g. "2026-03-14"
    ref: str | None = None  # id of the quote or time expression anchored to


@dataclass
class TimeValue:
    """An interval, never a bare point: bounds are inclusive ISO dates (or date-times), None when unknown.

    "October 2021" starts on 2021-10-01 and ends on 2021-10-31; "before October 2021" has only a latest
    end (2021-09-30); an unknown ordering has no bounds at all.
    """

    earliest_start: str | None = None
    latest_start: str | None = None
    earliest_end: str | None = None
    latest_end: str | None = None
    granularity: str = "unknown"  # instant, day, week, month, quarter, season, half year, year, decade, century
    qualifier: str | None = None  # before, after, on or before, since, about, early, mid, late, start, end, ...
    anchor: TimeAnchor = field(default_factory=TimeAnchor)

    @property
    def known(self) -> bool:
        return any(b is not None for b in (self.earliest_start, self.latest_start, self.earliest_end,
                                           self.latest_end))


_INTERVAL_FIELDS = ("earliest_start", "latest_start", "earliest_end", "latest_end", "granularity", "qualifier")


@dataclass
class TimeExpression(Span):
    """A temporal expression (TIMEX3): its ``type`` and TimeML ``value`` for scorers, and its interval."""

    id: str = ""
    type: TimexType = "DATE"
    value: str = ""
    time: TimeValue = field(default_factory=TimeValue)
    signal: Span | None = None  # "before", "since", "before or after": what set the qualifier
    quote: str | None = None  # the quote it is inside, if any
    error: str | None = None  # why it could not be read as written ("no such date: 31 February")

    def to_dict(self) -> dict[str, Any]:
        """Flat, as the dossier lists it: the interval fields beside ``type`` and ``value``."""
        return {
            "id": self.id, "text": self.text, "start": self.start, "end": self.end, "type": self.type,
            "value": self.value, **{k: getattr(self.time, k) for k in _INTERVAL_FIELDS},
            "anchor": asdict(self.time.anchor), "signal": asdict(self.signal) if self.signal else None,
            "quote": self.quote, "error": self.error,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TimeExpression:
        return cls(data["text"], data["start"], data["end"], id=data["id"], type=data["type"],
                   value=data["value"], time=_time_value_from_dict(data),
                   signal=Span(**data["signal"]) if data.get("signal") else None,
                   quote=data.get("quote"), error=data.get("error"))


def _time_value_from_dict(data: dict[str, Any]) -> TimeValue:
    return TimeValue(**{k: data.get(k) for k in _INTERVAL_FIELDS if k != "granularity"},
                     granularity=data.get("granularity") or "unknown",
                     anchor=TimeAnchor(**(data.get("anchor") or {})))


@dataclass
class Event:
    """Something that happened, placed in time as far as the text allows.

    A quote's speech event ("said at a press conference yesterday") or an event the text reports
    ("the border crisis in October 2021", "Russia's February 2022 invasion", an exchange a speaker
    recounts). ``time`` is the id of the expression that dates it, or None when the text does not say;
    ``when`` is its interval (for an undated speech event, only "on or before publication" is known).
    ``recounted_in`` is the quote that tells of it: the telling has its own speech event and date, which
    are not this event's. ``believed``: the text only says it is believed or reported to have happened
    so. ``disputed``: a time claim in the text contradicts a dating of it (see the relations' conflicts).
    """

    id: str
    kind: Literal["speech", "reported"]
    text: str  # a short description: the quote's speaker and cue, or the event phrase
    start: int
    end: int
    quote: str | None = None
    time: str | None = None
    when: TimeValue = field(default_factory=TimeValue)
    type: str | None = None  # communication, meeting, conflict, election, term, trial, arrest, ... (None: speech)
    participants: list[SpeakerRef] = field(default_factory=list)  # resolved people the text names in it
    recounted_in: str | None = None
    believed: bool = False
    disputed: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "text": self.text, "start": self.start, "end": self.end,
                "quote": self.quote, "time": self.time, "when": _time_value_dict(self.when), "type": self.type,
                "participants": [asdict(p) for p in self.participants], "recounted_in": self.recounted_in,
                "believed": self.believed, "disputed": self.disputed}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Event:
        return cls(data["id"], data["kind"], data["text"], data["start"], data["end"], data.get("quote"),
                   data.get("time"), _time_value_from_dict(data["when"]), data.get("type"),
                   [SpeakerRef(**p) for p in data.get("participants", [])], data.get("recounted_in"),
                   bool(data.get("believed", False)), bool(data.get("disputed", False)))


def _time_value_dict(value: TimeValue) -> dict[str, Any]:
    return {**{k: getattr(value, k) for k in _INTERVAL_FIELDS}, "anchor": asdict(value.anchor)}


@dataclass
class TemporalRelation(Span):
    """An ordering the text states ("before he took office") or the dates imply; ``unknown`` when the text
    says the order is not clear. ``text``/``start``/``end`` is the evidence: the signal words.

    A relation said by someone in a quote is a time claim: ``quote`` names it, and ``negated`` is set when
    the claim is that the event did not happen then ("there were no telephone conversations then").
    ``qualifier`` says how sure the text is: "believed" (believed, reportedly), "about" (around),
    "some time" (some time before); "inferred" when the text does not say it and the relation model
    (``veracity.time.inferred_orders``) does. ``conflicts`` lists the ids of relations that date the same event
    in a way this one contradicts.
    """

    source: str = ""  # event id
    target: str = ""  # event or time expression id
    relation: RelationKind = "unknown"
    stated: bool = True  # said in the text, rather than derived from the two intervals
    id: str = ""
    qualifier: RelationQualifier | None = None
    quote: str | None = None
    negated: bool = False
    conflicts: list[str] = field(default_factory=list)


@dataclass
class TimelineEntry:
    """One event on the timeline: ``rank`` orders what is known (equal ranks are not ordered against each
    other), None when the event has no known time; ``before`` lists events it is known to precede."""

    event: str
    rank: int | None
    earliest_start: str | None
    latest_end: str | None
    before: list[str] = field(default_factory=list)


@dataclass
class Metadata:
    title: str | None = None
    author: str | None = None
    published: str | None = None  # ISO 8601 date
    published_from: str | None = None  # "metadata", "text" (its own date line), "option", or None when unknown
    site_name: str | None = None
    url: str | None = None
    source: str | None = None  # the file path, "-" for stdin
    input_format: str = "text"  # "text" or "html"
    language: str | None = None  # ISO 639-1 code detected from the text; None when too short to tell


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
    # Attributions that name what someone acted on or spoke of but give none of their words ("thanked
    # voters", "approved the incinerator"): PolNeAR counts them, a reader would not call them quotes.
    attributions: list[Quote] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    times: list[TimeExpression] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    relations: list[TemporalRelation] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)
    # Working state shared between stages; never serialised.
    parse: Any = field(default=None, repr=False, compare=False)
    scratch: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def id(self) -> str:
        return _document_id(self.text)

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
            "attributions": [_quote_dict(q) for q in self.attributions],
            "people": [asdict(p) for p in self.people],
            "entities": [asdict(e) for e in self.entities],
            "times": [t.to_dict() for t in self.times],
            "events": [e.to_dict() for e in self.events],
            "relations": [asdict(r) for r in self.relations],
            "timeline": [asdict(t) for t in self.timeline],
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
            attributions=[_quote_from_dict(q) for q in data.get("attributions", [])],
            people=[
                Person(p["id"], p["name"], p["type"], [Mention(**m) for m in p.get("mentions", [])])
                for p in data.get("people", [])
            ],
            times=[TimeExpression.from_dict(t) for t in data.get("times", [])],
            events=[Event.from_dict(e) for e in data.get("events", [])],
            relations=[TemporalRelation(**r) for r in data.get("relations", [])],
            timeline=[TimelineEntry(**t) for t in data.get("timeline", [])],
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
        form=opt(Span, data.get("form")),
    )
