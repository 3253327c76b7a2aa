"""Veracity: turn a news story, and the recording it is built on, into a verification dossier.

The public API: ``analyze`` a text (or a loaded ``Document``) into an annotated ``Document``; load
inputs with ``load_document``; render dossiers with ``render``; build custom pipelines from stages.
"""

from __future__ import annotations

from veracity.errors import (
    BinaryInputError,
    ConfigError,
    DecodingError,
    EmptyInputError,
    InputError,
    InputTooLargeError,
    InvalidDateError,
    ModelError,
    StageError,
    StoreError,
    VeracityError,
)
from veracity.model import (
    SCHEMA_VERSION,
    Document,
    Entity,
    Event,
    Mention,
    Metadata,
    PartyRef,
    Person,
    Quote,
    QuoteContent,
    Span,
    SpeakerRef,
    TemporalRelation,
    TimeExpression,
    TimelineEntry,
    TimeValue,
)

__version__ = "0.1.0"

__all__ = [
    "SCHEMA_VERSION",
    "BinaryInputError",
    "ConfigError",
    "DecodingError",
    "Document",
    "EmptyInputError",
    "Entity",
    "Event",
    "InputError",
    "InputTooLargeError",
    "InvalidDateError",
    "Mention",
    "Metadata",
    "ModelError",
    "PartyRef",
    "Person",
    "Pipeline",
    "Quote",
    "QuoteContent",
    "Span",
    "SpeakerRef",
    "Stage",
    "StageError",
    "StoreError",
    "TemporalRelation",
    "TimeExpression",
    "TimeValue",
    "TimelineEntry",
    "VeracityError",
    "__version__",
    "analyze",
    "default_pipeline",
    "load_document",
    "register_stage",
    "render",
]

from veracity.pipeline import Pipeline, Stage, default_pipeline, register_stage  # noqa: E402

_PIPELINE: Pipeline | None = None


def analyze(text: str | Document, *, published: str | None = None) -> Document:
    """Analyse one article with the default pipeline (models load once per process)."""
    global _PIPELINE
    if _PIPELINE is None:
        _PIPELINE = default_pipeline()
    doc = text if isinstance(text, Document) else Document(text=text)
    if published is not None:
        doc.metadata.published = published
        doc.metadata.published_from = "option"
    return _PIPELINE(doc)


def load_document(path: str, *, published: str | None = None) -> Document:
    """Read a text or HTML file (``-`` for stdin) into a cleaned Document."""
    from veracity.ingest import load_document as _load

    return _load(path, published=published)


def render(doc: Document, fmt: str = "json") -> str:
    """The dossier of an analysed document as ``json``, ``html`` or ``text``."""
    from veracity.report import render as _render

    return _render(doc, fmt)
