"""A story across documents: its people merged, its quotes' printings compared, its denials linked,
and one timeline, as one dossier (``veracity dossier --about``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from veracity.lang.en.negation import NEGATION_PATTERN
from veracity.links.checkworthiness import load_checkworthiness
from veracity.links.claim_matching import ClaimMatcher, Match
from veracity.links.denials import DenialLink, link_denials
from veracity.links.people import StoryPerson, merge_people
from veracity.links.quote_variants import QuoteRef, QuoteVariant, find_variants, quote_refs
from veracity.model import Document, Quote

STORY_SCHEMA_VERSION = "1.0"


@dataclass
class Story:
    about: str
    documents: list[Document]
    people: list[StoryPerson] = field(default_factory=list)
    speaker_of: dict[tuple[str, str], str] = field(default_factory=dict)
    variants: list[QuoteVariant] = field(default_factory=list)
    denials: list[DenialLink] = field(default_factory=list)
    claims: list[StoryClaim] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {
            "schema_version": STORY_SCHEMA_VERSION,
            "about": self.about,
            "documents": [_document_summary(d) for d in self.documents],
            "people": [p.to_dict() for p in self.people],
            "quotes": [_quote_entry(d, q, self.speaker_of) for d in self.documents for q in d.quotes],
            "variants": [v.to_dict() for v in self.variants],
            "denials": [link.to_dict() for link in self.denials],
            "claims": [claim.to_dict() for claim in self.claims],
            "conflicts": [conflict.to_dict() for conflict in self.conflicts],
            "timeline": self.timeline(),
        }

    def timeline(self) -> list[dict[str, object]]:
        """Every document's dated events on one line, earliest first; undated events last."""
        entries: list[dict[str, object]] = []
        for doc in self.documents:
            events = {e.id: e for e in doc.events}
            for entry in doc.timeline:
                event = events.get(entry.event)
                if event is None:
                    continue
                entries.append({"document": doc.id, "outlet": doc.metadata.site_name, "event": event.text,
                                "earliest_start": entry.earliest_start, "latest_end": entry.latest_end})
        return sorted(entries, key=lambda e: (e["earliest_start"] is None, str(e["earliest_start"] or ""),
                                              str(e["outlet"] or "")))


@dataclass
class StoryClaim:
    """A quoted statement, how worth checking it is, and the known fact-checks it matches."""

    document: str
    quote: str
    text: str
    speaker: str | None
    check_worthiness: float
    matches: list[Match] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {"document": self.document, "quote": self.quote, "text": self.text, "speaker": self.speaker,
                "check_worthiness": round(self.check_worthiness, 3),
                "factchecks": [{"score": round(m.score, 3), "claim": m.factcheck.claim, "title": m.factcheck.title,
                                "verdict": m.factcheck.verdict, "publisher": m.factcheck.publisher,
                                "date": m.factcheck.date, "url": m.factcheck.url} for m in self.matches]}


@dataclass(frozen=True)
class Conflict:
    """Two statements, by different speakers in different documents, that the contradiction judge says
    conflict, with its probability."""

    first: QuoteRef
    second: QuoteRef
    probability: float

    def to_dict(self) -> dict[str, object]:
        return {"first": self.first.to_dict(), "second": self.second.to_dict(), "probability": self.probability}


MIN_CLAIM_WORDS = 5
# Match score (cosine + half the title cosine + a tenth of relative BM25: the first stage, which ships alone)
# from which a fact-check is shown as a match: on CheckThat! dev the best match above it is right 92.7 % of the
# time and 62 % of tweets reach it (0.95: 95.5 % and 56 %); unrelated news sentences score about 0.55 to 0.6.
MATCH_THRESHOLD = 0.9


def rank_claims(documents: list[Document], speaker_of: dict[tuple[str, str], str],
                factchecks: ClaimMatcher | None) -> list[StoryClaim]:
    """The story's statements, most worth checking first, each with the fact-checks it matches."""
    picked = [(doc, quote) for doc in documents for quote in sorted(doc.quotes, key=lambda q: q.start)
              if quote.parent is None and len(quote.content.text.split()) >= MIN_CLAIM_WORDS]
    if not picked:
        return []
    texts = [quote.content.text for _, quote in picked]
    speakers = [speaker_of.get((doc.id, quote.speaker.id)) if quote.speaker else None for doc, quote in picked]
    # In document order, with who says each and which document it is in: the model reads neighbours and speakers.
    worth = load_checkworthiness().probabilities(texts, speakers=speakers, groups=[doc.id for doc, _ in picked])
    matches = factchecks.match(texts, k=3, min_score=MATCH_THRESHOLD) if factchecks else [[] for _ in texts]
    claims = [StoryClaim(doc.id, quote.id, quote.content.text, speaker, float(score),
                         _reviewing(found, denial=quote.is_denial))
              for (doc, quote), speaker, score, found in zip(picked, speakers, worth, matches, strict=True)]
    return sorted(claims, key=lambda c: (-c.check_worthiness, c.document, c.quote))


def _reviewing(found: list[Match], *, denial: bool) -> list[Match]:
    """The fact-checks whose verdict is about this statement. A denial shares the words of what it denies, so
    it matches the same fact-checks; a verdict on the claim is not a verdict on its denial, and the person
    denying did not make the claim (issue 20: a "Misleading" verdict was exported with the spokeswoman who
    denied the claim as its author). A denial keeps only fact-checks of a claim that itself says no."""

    return [match for match in found if NEGATION_PATTERN.search(match.factcheck.claim)] if denial else found


def build_story(about: str, documents: list[Document], factchecks: ClaimMatcher | None = None, *,
                claims_from: list[Document] | None = None, conflicts_among: list[Document] | None = None) -> Story:
    """Link the given documents into one story (oldest first); match claims to ``factchecks`` if given.

    ``claims_from`` and ``conflicts_among`` narrow the two costly links (each embeds every statement it
    sees) to some of the documents: the web app's panel of one dossier ranks only that dossier's claims and
    looks for conflicts among its closest neighbours (``veracity.web.conflicts``)."""
    documents = sorted(documents, key=lambda d: (d.metadata.published or "9999", d.id))
    people, speaker_of = merge_people(documents)
    names_of = {p.id: p.names | {p.name} for p in people}
    return Story(
        about=about,
        documents=documents,
        people=people,
        speaker_of=speaker_of,
        variants=find_variants(quote_refs(documents, speaker_of)),
        denials=link_denials(documents, speaker_of, names_of),
        claims=rank_claims(claims_from if claims_from is not None else documents, speaker_of, factchecks),
        conflicts=conflicting_statements(conflicts_among if conflicts_among is not None else documents, speaker_of),
    )


# The judge's own threshold (0.38) suits its balanced training tasks, not a story: on our stories' dev half it
# flags 66 % of the related pairs of statements by different speakers, and its ranking of the gold denial pairs
# among them is barely above chance (AUC 0.56). A dossier shows the strongest few, as leads to check.
STORY_CONFLICT_FLOOR = 0.6  # flags 18 % of those pairs on the stories' dev half
STORY_CONFLICTS = 10


def conflicting_statements(documents: list[Document],
                           speaker_of: dict[tuple[str, str], str]) -> list[Conflict]:
    """Statements in different documents, by different speakers, about the same thing, that the contradiction
    judge says conflict (``veracity.links.relations``: NLI cross-encoder both ways plus negation, denial-cue and
    number signals), the ``STORY_CONFLICTS`` strongest. On folds grouped so no topic or claim is on both sides
    (issue 20) the judge reads FEVER-Symmetric accuracy 0.645 (cosine 0.500) and NLI-dev contradiction F1
    0.589; on ClaimDiff-W's "weakens" no system here beats calling every pair weakening, so treat a conflict as
    a lead to check, not a finding."""
    from veracity.links.relations import find_conflicts

    picked = [(doc, quote) for doc in documents for quote in doc.quotes
              if quote.parent is None and len(quote.content.text.split()) >= MIN_CLAIM_WORDS]
    texts = [quote.content.text for _, quote in picked]
    speakers = [speaker_of.get((doc.id, quote.speaker.id), doc.id) if quote.speaker else doc.id + quote.id
                for doc, quote in picked]
    found = [Conflict(_ref(*picked[c.first], speakers[c.first]), _ref(*picked[c.second], speakers[c.second]),
                      round(c.probability, 3))
             for c in find_conflicts(texts, [doc.id for doc, _ in picked], speakers=speakers,
                                     min_probability=STORY_CONFLICT_FLOOR)]
    return sorted(found, key=lambda c: -c.probability)[:STORY_CONFLICTS]


def _ref(doc: Document, quote: Quote, speaker: str) -> QuoteRef:
    return QuoteRef(doc.id, quote.id, doc.metadata.site_name, doc.metadata.published, quote.content.text, speaker)


def _document_summary(doc: Document) -> dict[str, object]:
    meta = doc.metadata
    return {"id": doc.id, "outlet": meta.site_name, "title": meta.title, "published": meta.published,
            "url": meta.url, "source": meta.source, "quotes": len(doc.quotes)}


def _quote_entry(doc: Document, quote: object, speaker_of: dict[tuple[str, str], str]) -> dict[str, object]:
    from veracity.model import Quote

    assert isinstance(quote, Quote)
    speaker = speaker_of.get((doc.id, quote.speaker.id)) if quote.speaker else None
    return {"document": doc.id, "quote": quote.id, "speaker": speaker, "kind": quote.kind,
            "text": quote.content.text, "cue": quote.cue.text if quote.cue else None,
            "is_denial": quote.is_denial, "parent": quote.parent}
