"""Two reads the web app needs that the store does not offer (yet), over the store's own connection:
SQLite's, or the PostgreSQL store's behind the same ``execute`` with ``?`` placeholders.

``dossier_json`` hands out the dossier as stored (``Document.to_dict`` at add time, the schema's JSON), so
``GET /dossiers/{id}`` neither rebuilds a Document nor serialises it again: that was 12 ms of a 1,000-word
dossier's 13 ms. ``speaker_names`` resolves a person id (a hash of the canonical name, the same in every
document) to the names stored quotes give it.
"""

from __future__ import annotations

from veracity.corpus.store import Store


def dossier_json(store: Store, doc_id: str) -> str | None:
    row = store._db.execute("SELECT dossier FROM documents WHERE id = ?", (doc_id,)).fetchone()
    return str(row[0]) if row else None


def speaker_names(store: Store, person_id: str) -> list[str]:
    rows = store._db.execute("SELECT DISTINCT speaker_name FROM quotes WHERE speaker_id = ?", (person_id,))
    return [row[0] for row in rows if row[0]]
