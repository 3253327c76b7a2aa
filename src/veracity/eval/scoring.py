"""Score predicted attributions against PolNeAR gold: per-role span P/R/F1 and whole relations.

Spans are compared after trimming whitespace and punctuation at both ends and between fragments, so
a cue ``said,`` or a content that does or does not keep its quotation marks counts the same:
annotators disagree on those edges and they change nothing a reader cares about. Counts are
micro-averaged over articles.
"""

from __future__ import annotations

import string
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from veracity.model import Quote

Fragment = tuple[int, int]
Fragments = tuple[Fragment, ...]
ROLES = ("source", "cue", "content")
_ASCII_PUNCTUATION = frozenset(string.punctuation)


@dataclass(frozen=True)
class Attribution:
    """A predicted attribution: character fragments per role (empty when the role is absent)."""

    source: Fragments
    cue: Fragments
    content: Fragments


class HasRoles(Protocol):
    """Anything with fragments per role: a gold ``GoldAttribution`` or an ``Attribution``."""

    @property
    def source(self) -> Fragments: ...

    @property
    def cue(self) -> Fragments: ...

    @property
    def content(self) -> Fragments: ...


def from_quotes(quotes: Iterable[Quote]) -> list[Attribution]:
    """Our pipeline's quotes as attributions: source span, cue span, content fragments.

    PolNeAR has one attribution per cue: the claims we split from one clause ("said A, and that B",
    two quotes sharing their cue and source) are one attribution there, their contents one span
    where only the connective lies between them."""
    grouped: dict[Any, list[Quote]] = {}
    for quote in quotes:
        key = (quote.cue.start, quote.cue.end, quote.source.start if quote.source else None) if quote.cue else id(quote)
        grouped.setdefault(key, []).append(quote)
    out = []
    for group in grouped.values():
        quote = group[0]
        source = ((quote.source.start, quote.source.end),) if quote.source else ()
        cue = ((quote.cue.start, quote.cue.end),) if quote.cue else ()
        spans = sorted((int(s), int(e)) for q in group for s, e in q.content.spans)
        if len(group) > 1:
            spans = _joined_claims(spans, [span for role in (source, cue) for span in role])
        out.append(Attribution(source, cue, tuple(spans)))
    return out


def _joined_claims(spans: list[Fragment], frame: list[Fragment]) -> list[Fragment]:
    """Join sorted content spans a connective apart (", and "), never across the cue or source."""
    joined = [spans[0]]
    for start, end in spans[1:]:
        last_start, last_end = joined[-1]
        between = (last_end, start)
        if 0 <= start - last_end <= _CONNECTIVE_CHARS and not any(between[0] <= a < between[1] for a, _ in frame):
            joined[-1] = (last_start, max(last_end, end))
        else:
            joined.append((start, end))
    return joined


_CONNECTIVE_CHARS = 12  # ", and that " between the claims


def _is_edge_noise(char: str) -> bool:
    # Unicode category P covers curly quotes, dashes, guillemets and the ellipsis; the ASCII set
    # adds symbols such as ` and ~ that some texts use as quotation marks.
    return char.isspace() or char in _ASCII_PUNCTUATION or unicodedata.category(char)[0] == "P"


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` past whitespace and punctuation at both ends (empty: start==end)."""
    start, end = max(0, start), min(len(text), end)
    while start < end and _is_edge_noise(text[start]):
        start += 1
    while end > start and _is_edge_noise(text[end - 1]):
        end -= 1
    return (start, end) if start < end else (start, start)


def normalise(text: str, fragments: Sequence[Fragment]) -> Fragments:
    """A span's canonical form: trimmed, non-empty fragments, sorted, with touching ones merged.

    Fragments separated only by whitespace and punctuation cover the same words as one fragment, so
    they merge: that keeps ``[(0, 5), (6, 9)]`` and ``[(0, 9)]`` from scoring as different spans,
    and likewise a quote some annotators mark sentence by sentence, leaving out each full stop.
    """
    trimmed = sorted(t for t in (trim(text, s, e) for s, e in fragments) if t[0] < t[1])
    merged: list[Fragment] = []
    for start, end in trimmed:
        if merged and all(_is_edge_noise(char) for char in text[merged[-1][1]:start]):
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return tuple(merged)


def shared_characters(a: Fragments, b: Fragments) -> int:
    """How many characters two normalised spans share (> 0 means they share a token)."""
    return sum(
        max(0, min(a_end, b_end) - max(a_start, b_start))
        for a_start, a_end in a
        for b_start, b_end in b
    )


def match_by_overlap(predicted: Iterable[Fragments], gold: Iterable[Fragments]) -> int:
    """Pairs matched one-to-one, greedily taking the largest overlap first."""
    candidates = sorted(
        ((shared_characters(p, g), p, g) for p in predicted for g in gold),
        key=lambda item: (-item[0], item[1], item[2]),
    )
    used_predicted: set[Fragments] = set()
    used_gold: set[Fragments] = set()
    for shared, p, g in candidates:
        if shared == 0:
            break
        if p not in used_predicted and g not in used_gold:
            used_predicted.add(p)
            used_gold.add(g)
    return len(used_predicted)


@dataclass
class Counts:
    """True positives and totals for one measure."""

    tp: int = 0
    n_pred: int = 0
    n_gold: int = 0

    def add(self, tp: int, n_pred: int, n_gold: int) -> None:
        self.tp += tp
        self.n_pred += n_pred
        self.n_gold += n_gold

    def summary(self) -> dict[str, float | int]:
        """Precision, recall and F1 as fractions (0 when undefined), with the raw counts."""
        p = self.tp / self.n_pred if self.n_pred else 0.0
        r = self.tp / self.n_gold if self.n_gold else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        counts = {"tp": self.tp, "n_pred": self.n_pred, "n_gold": self.n_gold}
        return {"p": p, "r": r, "f1": f1, **counts}


Relation = tuple[Fragments, Fragments, Fragments]


class Scorer:
    """Accumulates span and relation matches over articles; ``result`` gives micro-averages."""

    def __init__(self) -> None:
        self.exact = {role: Counts() for role in ROLES}
        self.overlap = {role: Counts() for role in ROLES}
        self.relation = Counts()
        self.articles = 0

    def add(self, text: str, gold: Sequence[HasRoles], predicted: Sequence[HasRoles]) -> None:
        """Score one article's predictions against its gold attributions."""
        self.articles += 1
        gold_relations = _relations(text, gold)
        predicted_relations = _relations(text, predicted)
        for index, role in enumerate(ROLES):
            gold_spans = {r[index] for r in gold_relations if r[index]}
            predicted_spans = {r[index] for r in predicted_relations if r[index]}
            n_pred, n_gold = len(predicted_spans), len(gold_spans)
            self.exact[role].add(len(gold_spans & predicted_spans), n_pred, n_gold)
            self.overlap[role].add(match_by_overlap(predicted_spans, gold_spans), n_pred, n_gold)
        # Distinct normalised triples: exact equality is one-to-one by construction, and an absent
        # source is the empty tuple on both sides, so it matches.
        self.relation.add(
            len(gold_relations & predicted_relations), len(predicted_relations), len(gold_relations)
        )

    def result(self) -> dict[str, Any]:
        """``{role: {"exact": {...}, "overlap": {...}}, ..., "relation": {...}}`` with P/R/F1."""
        out: dict[str, Any] = {
            role: {"exact": self.exact[role].summary(), "overlap": self.overlap[role].summary()}
            for role in ROLES
        }
        out["relation"] = self.relation.summary()
        return out


def _relations(text: str, attributions: Sequence[HasRoles]) -> set[Relation]:
    relations = set()
    for attribution in attributions:
        relation = (
            normalise(text, attribution.source),
            normalise(text, attribution.cue),
            normalise(text, attribution.content),
        )
        if any(relation):
            relations.add(relation)
    return relations
