"""schema.org ClaimReview in: read fact-checks from JSON-LD or the pages that embed it (a dossier's claims go
back out as ClaimReview in ``veracity.report.claimreview``).

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
from urllib.parse import urlsplit

from veracity.ingest.dates import iso_date
from veracity.links.claim_matching import FactCheck

# A claim is a sentence or a few; past this it is a whole article pasted into the field, which would bury
# every match and cost the index as much as a hundred claims.
MAX_CLAIM_CHARS = 2_000
MAX_FIELD_CHARS = 500  # a title, a verdict, a publisher's name
MAX_URL_CHARS = 2_000

_JSON_LD = re.compile(r"<script[^>]+type\s*=\s*[\"']application/ld\+json[\"'][^>]*>(.*?)</script>",
                      re.IGNORECASE | re.DOTALL)
# A document that starts with a tag (after a byte order mark, whitespace, an XML declaration or a comment) is
# markup, not JSON; JSON starts with {, [ or a value.
_MARKUP_START = re.compile(r"^\ufeff?\s*<")
_JSON_START = re.compile(r"^\ufeff?\s*[\[{]")


@dataclass(frozen=True)
class BadReview:
    where: str
    reason: str


def read_claimreviews(text: str, source: str) -> Iterator[FactCheck | BadReview]:
    """Every ClaimReview in a JSON-LD document or an HTML page, or why one could not be read."""
    # JSON starts with { or [: its strings may hold "<script" (a claim quoting a page) and it is still JSON.
    markup = _JSON_START.match(text) is None and (
        _MARKUP_START.match(text) is not None or ("<" in text[:2000] and "<script" in text.lower()))
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
    if len(claim) > MAX_CLAIM_CHARS:  # counted as sent, as the API's schema counts it
        raise ValueError(f"claimReviewed is {len(claim):,} characters, over the {MAX_CLAIM_CHARS:,} a claim may have")
    claim = " ".join(claim.split())
    url = _url(item)
    publisher = _name(item.get("author"), "author") or _name(item.get("publisher"), "publisher")
    rating = item.get("reviewRating")
    if rating is not None and not isinstance(rating, dict):
        raise TypeError("reviewRating must be an object")
    verdict = _text(rating, "alternateName") if rating else None
    if verdict is None and rating and rating.get("ratingValue") is not None:
        verdict = f"{rating.get('ratingValue')} of {rating.get('worstRating', '?')}–{rating.get('bestRating', '?')}"
    if verdict is not None:
        verdict = _bounded(verdict, "reviewRating")
    title = _bounded(_text(item, "name") or _text(item, "headline") or "", "name")
    return FactCheck(factcheck_id(publisher, url, claim), claim, title, verdict, publisher, _date(item), url)


def _date(item: dict[str, Any]) -> str | None:
    """datePublished as YYYY-MM-DD; a value that is no ISO date is refused, not stored as text."""
    value = _text(item, "datePublished")
    if value is None:
        return None
    date = iso_date(value)
    if date is None:
        raise ValueError(f"datePublished must be an ISO date like 2024-05-06, not {value[:40]!r}")
    return date


def _url(item: dict[str, Any]) -> str | None:
    value = _text(item, "url")
    if value is None:
        return None
    parts = urlsplit(value) if len(value) <= MAX_URL_CHARS else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in value):
        raise ValueError(f"url must be an http(s) address, not {value[:60]!r}")
    return value


def _bounded(value: str, field: str) -> str:
    if len(value) > MAX_FIELD_CHARS:
        raise ValueError(f"{field} is {len(value):,} characters, over the {MAX_FIELD_CHARS} it may have")
    return value


def factcheck_id(publisher: str | None, url: str | None, claim: str) -> str:
    key = "\n".join([publisher or "", url or "", " ".join(claim.split())])
    return "factcheck-" + hashlib.sha256(key.encode()).hexdigest()[:16]


def _text(item: dict[str, Any], key: str) -> str | None:
    value = item.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):  # true is no name or date
        raise TypeError(f"{key} must be text, not {type(value).__name__}")
    return str(value).strip() or None


def _name(value: Any, field: str) -> str | None:
    """The name of an author or publisher: text, an object with a name, or the first named one of a list."""
    if isinstance(value, list):
        return next((name for v in value if not isinstance(v, list) and (name := _name(v, field))), None)
    if isinstance(value, dict):
        value = value.get("name")
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError(f"{field} must be a name or an object with one, not {type(value).__name__}")
    return _bounded(value.strip(), field) if value.strip() else None
