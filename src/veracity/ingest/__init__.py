"""Ingest: turn a file, bytes or stdin into a clean ``veracity.model.Document``.

Binary and oversized inputs are refused with a message that says what to do; text is decoded
(UTF-8, UTF-16 with a BOM, or a detected charset, with a warning), HTML pages are reduced to their
article text and metadata, and boilerplate lines are dropped while an OffsetMap keeps the way back
to the input text.
"""

from veracity.ingest.loader import load_bytes, load_document
from veracity.ingest.sources import MAX_INPUT_BYTES, expand_inputs

__all__ = ["MAX_INPUT_BYTES", "expand_inputs", "load_bytes", "load_document"]
