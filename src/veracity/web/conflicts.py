"""The conflicts panel of one dossier: the document set against the stored documents about the same people.

It is ``veracity dossier --about`` seen from one document: the story's links (``veracity.links.story``)
between the document and its related stored documents (found by its speakers' names), keeping those that
touch this document: printings of its quotes elsewhere with the words that differ, denials of what it
reports (or in it), statements that may conflict, and the known fact-checks its claims match. Each
person quoted here is listed with what they said in other stored documents.

The story is ``build_story``'s, with two cuts that keep the panel to seconds: only this document's claims
are ranked and matched (the panel shows no others), and statements are scored for conflicts against the
``CONFLICT_DOCUMENTS`` closest documents only: every related pair of statements is read twice by the NLI
cross-encoder (``veracity.links.relations``), the panel's largest cost.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from veracity.errors import StoreError
from veracity.links.people import name_words
from veracity.links.story import Story, build_story
from veracity.model import Document, Person
from veracity.store import Store

RELATED_DOCUMENTS = 8
CONFLICT_DOCUMENTS = 3
ELSEWHERE_QUOTES = 8
SEARCH_TERMS = 6


def _speakers(doc: Document) -> list[Person]:
    """The people who speak in ``doc``, most quoted first."""
    counts = Counter(q.speaker.id for q in doc.quotes if q.speaker)
    return sorted((p for p in doc.people if counts[p.id]), key=lambda p: -counts[p.id])


def related_documents(store: Store, doc: Document, limit: int = RELATED_DOCUMENTS) -> list[Document]:
    """Stored documents that name this document's speakers, those naming most of them first."""
    terms: list[str] = []
    for person in _speakers(doc):
        words = name_words(person.name)
        term = words[-1] if person.type == "PERSON" and words else " ".join(words)
        if term and term not in terms:
            terms.append(term)
    shared: Counter[str] = Counter()
    for term in terms[:SEARCH_TERMS]:
        try:
            hits = store.search(term, limit=40)
        except StoreError:
            continue
        for doc_id in {hit.doc_id for hit in hits}:
            if doc_id != doc.id:
                shared[doc_id] += 1
    found = [store.document(doc_id) for doc_id, _ in shared.most_common(limit)]
    return [d for d in found if d is not None]


def _touches(ref: Any, doc_id: str) -> bool:
    return isinstance(ref, dict) and ref.get("document") == doc_id


def linked_story(doc: Document, related: list[Document], matcher: Any) -> Story:
    """``build_story`` over ``doc`` and ``related`` (closest first), cut to what the panel shows."""
    return build_story(doc.metadata.title or "this story", [doc, *related], matcher, claims_from=[doc],
                       conflicts_among=[doc, *related[:CONFLICT_DOCUMENTS]])


def conflicts_panel(store: Store, doc: Document, matcher: Any) -> dict[str, Any]:
    story: dict[str, Any] = linked_story(doc, related_documents(store, doc), matcher).to_dict()
    mine = doc.id
    elsewhere = []
    for person in _speakers(doc):
        said = [q for q in store.person(person.name) if q.doc_id != mine]
        elsewhere.append({"id": person.id, "name": person.name, "quotes": [
            {"text": q.content, "kind": q.kind, "cue": q.cue, "published": q.published, "document": q.doc_id,
             "outlet": q.outlet, "title": q.title, "speaker": q.speaker} for q in said[-ELSEWHERE_QUOTES:]]})
    return {
        "document": mine,
        "documents": story["documents"],
        "variants": [v for v in story["variants"] if _touches(v["reference"], mine) or _touches(v["variant"], mine)],
        "denials": [d for d in story["denials"] if _touches(d["denial"], mine) or _touches(d["target"], mine)],
        "conflicts": [c for c in story["conflicts"] if _touches(c["first"], mine) or _touches(c["second"], mine)],
        "factchecks": [c for c in story["claims"] if c["document"] == mine and c["factchecks"]],
        "people": elsewhere,
    }
