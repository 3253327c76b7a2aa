"""The same quote as printed by different outlets, each printing compared with the fullest one.

Words quoted inside a recounting ("He said, 'Ignore the nitrate rules'") are printings too, compared only
with other printings quoted inside one; the recountings are compared with each other.

Quotes with quoted words (direct, mixed, partial) are indexed by the word pairs they contain, so only
quotes sharing at least two pairs are ever compared: a story of thousands of quotes costs what its
near-duplicates cost, not every pair. Printings that share most of their words form one group; the
fullest printing (most words, then the earliest) is the reference each other one is compared with.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from veracity.model import Document, Quote
from veracity.text.compare import QuoteComparison, compare_quotes, words

QUOTED_KINDS = frozenset({"direct", "mixed", "partial"})
MIN_SHARED_PAIRS = 2
MIN_CONTAINED = 0.6  # share of the shorter printing's words found in the longer, for a variant


@dataclass(frozen=True)
class QuoteRef:
    """Where a quote is: its document, its id, and what an outlet printed."""

    doc_id: str
    quote_id: str
    outlet: str | None
    published: str | None
    text: str
    speaker_id: str | None  # the story person's id
    nested: bool = False  # quoted inside another quote: compared only with printings quoted inside another

    def to_dict(self) -> dict[str, object]:
        return {"document": self.doc_id, "quote": self.quote_id, "outlet": self.outlet,
                "published": self.published, "text": self.text, "speaker": self.speaker_id}


@dataclass
class QuoteVariant:
    """One printing set against the group's reference printing."""

    reference: QuoteRef
    variant: QuoteRef
    comparison: QuoteComparison

    @property
    def same_speaker(self) -> bool | None:
        a, b = self.reference.speaker_id, self.variant.speaker_id
        return None if a is None or b is None else a == b

    def to_dict(self) -> dict[str, object]:
        return {"reference": self.reference.to_dict(), "variant": self.variant.to_dict(),
                "same_speaker": self.same_speaker, **self.comparison.to_dict()}


def quote_refs(documents: list[Document], speaker_of: dict[tuple[str, str], str]) -> list[QuoteRef]:
    """Every quoted-words quote of the documents, with its story speaker."""
    refs = []
    for doc in documents:
        for quote in doc.quotes:
            if quote.kind in QUOTED_KINDS:
                refs.append(_ref(doc, quote, speaker_of))
    return refs


def _ref(doc: Document, quote: Quote, speaker_of: dict[tuple[str, str], str]) -> QuoteRef:
    speaker = speaker_of.get((doc.id, quote.speaker.id)) if quote.speaker else None
    return QuoteRef(doc.id, quote.id, doc.metadata.site_name, doc.metadata.published, quote.content.text, speaker,
                    quote.parent is not None)


def find_variants(refs: list[QuoteRef]) -> list[QuoteVariant]:
    """Group printings of the same words across documents; compare each with its group's fullest."""
    keys = [[w.key for w in words(ref.text) if w.key != "…"] for ref in refs]
    pairs_of = [set(zip(k, k[1:], strict=False)) for k in keys]
    index: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, pairs in enumerate(pairs_of):
        for pair in pairs:
            index[pair].append(i)
    parent = list(range(len(refs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    shared: dict[tuple[int, int], int] = defaultdict(int)
    for holders in index.values():
        if len(holders) > 50:  # a pair in every quote ("of the") tells nothing
            continue
        for a in holders:
            for b in holders:
                # (words told inside a recounting are compared with other printings of the words told, not
                # with the recountings that hold them: "He said, 'Ignore the rules'" against "Ignore the rules")
                if a < b and refs[a].doc_id != refs[b].doc_id and refs[a].nested == refs[b].nested:
                    shared[(a, b)] += 1
    for (a, b), count in shared.items():
        if count >= MIN_SHARED_PAIRS and _contained(keys[a], keys[b]) >= MIN_CONTAINED:
            parent[find(b)] = find(a)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(refs)):
        groups[find(i)].append(i)
    variants = []
    for members in groups.values():
        if len({refs[i].doc_id for i in members}) < 2:
            continue
        reference = max(members, key=lambda i: (len(keys[i]), _earliest(refs[i].published), refs[i].doc_id))
        for i in sorted(members, key=lambda i: (refs[i].published or "", refs[i].doc_id)):
            if i != reference and refs[i].doc_id != refs[reference].doc_id:
                comparison = compare_quotes(refs[reference].text, refs[i].text)
                variants.append(QuoteVariant(refs[reference], refs[i], comparison))
    return variants


def _contained(a: list[str], b: list[str]) -> float:
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    pool = set(longer)
    return sum(k in pool for k in shorter) / max(1, len(shorter))


def _earliest(published: str | None) -> str:
    """Sorts earlier dates last under max(), so among equally full printings the first one wins."""
    return "".join(chr(0x10FFFF - ord(c)) for c in published) if published else ""
