"""Veracity: turn a news story, and the recording it is built on, into a verification dossier.

The public API: ``analyze`` a text (or a loaded ``Document``) into an annotated ``Document``; load
inputs with ``load_document``; render dossiers with ``render``; build custom pipelines from stages;
``listen`` to a recording; ``open_store`` to keep many documents and ``build_story`` across them. The last
three load their libraries (audio, the store's embedder) only when first used.
"""

from __future__ import annotations

from veracity.errors import (
    AudioError,
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
    "AudioError",
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
    "build_story",
    "default_pipeline",
    "listen",
    "load_document",
    "open_store",
    "register_stage",
    "render",
]

# Imported on first use: ``import veracity`` stays light for a caller that only analyses text.
_LAZY = {"listen": "veracity.audio.listen", "open_store": "veracity.store", "build_story": "veracity.links.story"}


def __getattr__(name: str) -> object:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'veracity' has no attribute {name!r}")

from veracity.pipeline import Pipeline, Stage, default_pipeline, register_stage, shared_pipeline  # noqa: E402


def analyze(text: str | Document, *, published: str | None = None) -> Document:
    """Analyse one article with the default pipeline (models load once per process). ``published``
    (YYYY-MM-DD) anchors its relative dates; an impossible one is an ``InvalidDateError``, as on the command
    line."""
    doc = text if isinstance(text, Document) else Document(text=text)
    if published is not None:
        from veracity.ingest.dates import iso_date

        normalised = iso_date(published)
        if normalised is None:
            raise InvalidDateError(f"published must be a date like 2025-07-09, not {published!r}")
        doc.metadata.published = normalised
        doc.metadata.published_from = "option"
    return shared_pipeline()(doc)


def load_document(path: str, *, published: str | None = None) -> Document:
    """Read a text or HTML file (``-`` for stdin) into a cleaned Document."""
    from veracity.ingest import load_document as _load

    return _load(path, published=published)


def render(doc: Document, fmt: str = "json") -> str:
    """The dossier of an analysed document as ``json``, ``html`` or ``text``."""
    from veracity.report import render as _render

    return _render(doc, fmt)
