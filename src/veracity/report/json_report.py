"""The JSON dossier: ``Document.to_dict()`` as readable UTF-8 JSON (see docs/dossier-schema.md)."""

from __future__ import annotations

import json

from veracity.model import Document


def render_json(doc: Document) -> str:
    """The document's dossier as indented JSON, non-ASCII kept as is, ending in a newline."""
    return json.dumps(doc.to_dict(), ensure_ascii=False, indent=2) + "\n"
