"""schema.org ClaimReview in and out: read fact-checks from JSON-LD or the pages that embed it, write a
dossier's checked claims back as ClaimReview.

Publishers embed ClaimReview as JSON-LD in their pages (``<script type="application/ld+json">``), alone,
in a list or in an ``@graph``. Each review is read on its own: one with no claim, or a field of the wrong
type, is reported with its position and skipped, and the rest of the file is still read. A file that holds
no ClaimReview at all (an HTML page without it, JSON nested past any sane depth) is one line saying so.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from veracity.links.claim_matching import FactCheck

_JSON_LD = re.compile(r"<script[^>]+type\s*=\s*[\"']application/ld\+json[\"'][^>]*>(.*?)</script>",
                      re.IGNORECASE | re.DOTALL)
# A document that starts with a tag (after a byte order mark, whitespace, an XML declaration or a comment) is
# markup, not JSON; JSON starts with {, [ or a value.
_MARKUP_START = re.compile(r"^\ufeff?\s*<")


@dataclass(frozen=True)
class BadReview:
    where: str
    reason: str


def read_claimreviews(text: str, source: str) -> Iterator[FactCheck | BadReview]:
    """Every ClaimReview in a JSON-LD document or an HTML page, or why one could not be read."""
    markup = _MARKUP_START.match(text) is not None or ("<" in text[:2000] and "<script" in text.lower())
    blocks = _JSON_LD.findall(text) if markup else [text]
    if markup and not blocks:
        yield BadReview(source, "an HTML page without ClaimReview: it has no JSON-LD "
                                "(<script type=\"application/ld+json\">) block")
        return
    found = parsed = False
    for number, block in enumerate(blocks, 1):
        where = f"{source} (JSON-LD block {number})" if len(blocks) > 1 else source
        try:
            data = json.loads(block)
        except json.JSONDecodeError as error:
            yield BadReview(where, f"not JSON: {error.msg} at line {error.lineno}")
            continue
        except RecursionError:
            yield BadReview(where, "not ClaimReview: its JSON is nested too deeply to read")
            continue
        except ValueError as error:  # an integer of more digits than Python converts
            yield BadReview(where, f"not JSON: {error}")
            continue
        parsed = True
        for index, item in enumerate(_items(data)):
            found = True
            try:
                yield from_claimreview(item)
            except (TypeError, ValueError) as error:
                yield BadReview(f"{where}, review {index + 1}", str(error))
            except RecursionError:
                yield BadReview(f"{where}, review {index + 1}", "a field is nested too deeply to read")
    if parsed and not found:  # a block that is not JSON was reported already
        yield BadReview(source, "no ClaimReview in this page's JSON-LD" if markup else "no ClaimReview in it")


def _items(data: Any) -> Iterator[dict[str, Any]]:
    """The ClaimReview objects in parsed JSON-LD: the top level, lists, and ``@graph``s, in document order.

    Walked with a stack, not recursion, so JSON nested as deep as the parser allows cannot overflow it."""
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, list):
            stack.extend(reversed(value))
        elif isinstance(value, dict):
            kind = value.get("@type")
            if kind == "ClaimReview" or (isinstance(kind, list) and "ClaimReview" in kind):
                yield value
            if "@graph" in value:
                stack.append(value["@graph"])


def from_claimreview(item: dict[str, Any]) -> FactCheck:
    """One ClaimReview as a fact-check; TypeError/ValueError say which field is missing or wrong."""
    claim = item.get("claimReviewed")
    if not isinstance(claim, str) or not claim.strip():
        raise ValueError("claimReviewed is missing or not text")
    url = _text(item, "url")
    publisher = _name(item.get("author")) or _name(item.get("publisher"))
    rating = item.get("reviewRating")
    if rating is not None and not isinstance(rating, dict):
        raise TypeError("reviewRating must be an object")
    verdict = _text(rating, "alternateName") if rating else None
    if verdict is None and rating and rating.get("ratingValue") is not None:
        verdict = f"{rating.get('ratingValue')} of {rating.get('worstRating', '?')}–{rating.get('bestRating', '?')}"
    date = _text(item, "datePublished")
    title = _text(item, "name") or _text(item, "headline") or ""
    return FactCheck(factcheck_id(publisher, url, claim), " ".join(claim.split()), title, verdict, publisher,
                     date, url)


def factcheck_id(publisher: str | None, url: str | None, claim: str) -> str:
    key = "\n".join([publisher or "", url or "", " ".join(claim.split())])
    return "factcheck-" + hashlib.sha256(key.encode()).hexdigest()[:16]


def _text(item: dict[str, Any], key: str) -> str | None:
    value = item.get(key)
    if value is None:
        return None
    if not isinstance(value, str | int | float):
        raise TypeError(f"{key} must be text, not {type(value).__name__}")
    return str(value).strip() or None


def _name(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        name = value.get("name")
        return name.strip() if isinstance(name, str) and name.strip() else None
    return value.strip() if isinstance(value, str) and value.strip() else None


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
