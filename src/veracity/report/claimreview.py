"""schema.org ClaimReview out: a dossier's claim, carrying the verdict of the stored fact-check it matched,
as the JSON-LD fact-checkers and search engines read (``veracity.corpus.claimreview`` reads it in)."""

from __future__ import annotations

from typing import Any

from veracity.links.claim_matching import FactCheck


def to_claimreview(claim: str, factcheck: FactCheck, *, speaker: str | None, appearance: str | None,
                   date: str | None) -> dict[str, Any]:
    """A claim from a dossier as ClaimReview, carrying the verdict of the fact-check it matched."""
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": claim,
        "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": speaker} if speaker else None,
                         "datePublished": date, "appearance": [{"@type": "CreativeWork", "url": appearance}]
                         if appearance else []},
        "reviewRating": {"@type": "Rating", "alternateName": factcheck.verdict} if factcheck.verdict else None,
        "author": {"@type": "Organization", "name": factcheck.publisher} if factcheck.publisher else None,
        "url": factcheck.url,
        "datePublished": factcheck.date,
        "isBasedOn": {"@type": "ClaimReview", "claimReviewed": factcheck.claim, "url": factcheck.url},
    }
    return {k: v for k, v in review.items() if v is not None}
