"""What the store hands back: plain, frozen records (a hit, a quote someone said, a job, a ledger entry, a
kept recording), so callers never see a database row or a driver's types."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

AddStatus = Literal["added", "unchanged"]
VectorRow = tuple[str, str, bytes]  # (document id, quote id, float16 sentence vector): see store/vectors.py
SearchMode = Literal["text", "meaning", "both"]
SEARCH_MODES: tuple[SearchMode, ...] = ("text", "meaning", "both")
Matched = Literal["text", "meaning", "both"]
Row = tuple[object, ...]


@dataclass(frozen=True)
class SearchHit:
    """One match: a document (``quote_id`` None) or one of its quotes.

    ``score`` is lower for better matches: bm25 for a full-text search, cosine distance for a meaning
    search, minus the fused reciprocal rank for both; ``matched`` says which search found it.
    """

    doc_id: str
    quote_id: str | None
    outlet: str | None
    title: str | None
    published: str | None
    source: str | None
    snippet: str
    score: float
    matched: Matched = "text"


@dataclass(frozen=True)
class SaidQuote:
    """One thing a person said, with the document that reports it."""

    speaker: str
    content: str
    kind: str
    cue: str | None
    published: str | None
    doc_id: str
    outlet: str | None
    title: str | None
    source: str | None


@dataclass(frozen=True)
class JobRow:
    """A job as the store keeps it: ``record`` is what a client is shown, ``payload`` what reruns it."""

    id: str
    lane: str
    status: str
    record: dict[str, Any]
    payload: dict[str, Any] | None
    attempts: int


@dataclass(frozen=True)
class LedgerEntry:
    source: str | None
    content_hash: str | None
    status: str
    error: str | None
    time: str


@dataclass(frozen=True)
class StoredRecording:
    """A recording as the store keeps it: the hash of its bytes (its id), where it came from, what
    ``veracity listen`` reported, and its transcript segments as (start, end, text) for the index."""

    id: str
    source: str | None
    duration: float
    report: dict[str, Any]
    segments: list[tuple[float, float, str]]


@dataclass(frozen=True)
class RecordingHit:
    """Words said on a stored recording: which one, when in it (seconds), and the transcript around them.

    ``score`` is lower for better matches, as in ``SearchHit``."""

    recording_id: str
    source: str | None
    start: float
    end: float
    snippet: str
    score: float


@dataclass(frozen=True)
class RecordingLink:
    """A stored recording a document quotes from, with the document's printed quotes checked against it."""

    recording_id: str
    doc_id: str
    source: str | None
    duration: float
    checks: list[dict[str, Any]]
