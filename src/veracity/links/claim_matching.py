"""Match a claim against known fact-checks: lexical (BM25) and dense (sentence embeddings).

Each fact-check is scored by the cosine of the claim's embedding with the fact-check's claim, plus a
share of the cosine with its title, plus a share of its BM25 score (over claim and title, divided by
the best BM25 score for that query, so the weight means the same for every query). The shares (title
0.5, BM25 0.1) were chosen on CheckThat! 2020 task 2 dev from a grid (benchmarks/RESULTS.md); the
embeddings come from MiniLM fine-tuned on its train split (`training/train_claim_matcher.py`,
shipped in ``models/claim_matcher``), else from all-MiniLM-L6-v2 as published.

An optional second stage (``reranker=``, not shipped) reads the first stage's best ``RERANK_DEPTH`` together with the
claim in a cross-encoder (``veracity.links.claim_reranker``) and adds ``RERANK_WEIGHT`` · its logit. It is
off by default: it won 0.02 MAP@5 on the dev split it was selected on, but on held-out tweets it cost 4
points (0.905 against the first stage's 0.946, measured by the project's owners) at ten times the query
time, and it cannot be refitted on grouped folds without a GPU (benchmarks/RESULTS.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np

from veracity.links.claim_reranker import ClaimReranker
from veracity.links.embedder import SentenceEmbedder
from veracity.resources import location, verified

MODEL_DIR = location("claim_matcher")
TITLE_WEIGHT = 0.5
LEXICAL_WEIGHT = 0.1
RERANK_DEPTH = 10
RERANK_WEIGHT = 0.05


@dataclass(frozen=True)
class FactCheck:
    """A checked claim: what was claimed, the fact-check's title, and what the checker found."""

    id: str
    claim: str
    title: str = ""
    verdict: str | None = None
    publisher: str | None = None
    date: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Match:
    factcheck: FactCheck
    score: float


@cache
def matcher_embedder() -> SentenceEmbedder:
    """The fine-tuned claim-matching model when shipped, else the published MiniLM: one per process, so its
    session opens once (an import of many batches opened it for every batch)."""
    return SentenceEmbedder(verified(MODEL_DIR) if (MODEL_DIR / "model.safetensors").exists() else None)


class ClaimMatcher:
    """An index over fact-checks; ``match`` ranks them for each claim.

    ``reranker`` adds the cross-encoder second stage: what the benchmark prints beside the first stage,
    which is what Veracity uses."""

    def __init__(self, factchecks: list[FactCheck], embedder: SentenceEmbedder | None = None,
                 claim_vectors: np.ndarray | None = None, title_vectors: np.ndarray | None = None,
                 reranker: ClaimReranker | None = None) -> None:
        import bm25s

        self.factchecks = factchecks
        self.embedder = embedder or matcher_embedder()
        self.reranker = reranker
        self.claim_vectors = claim_vectors if claim_vectors is not None else self.embedder.embed(
            [f.claim for f in factchecks])
        self.title_vectors = title_vectors if title_vectors is not None else self.embedder.embed(
            [f.title or f.claim for f in factchecks])
        self._bm25: Any = None  # None: no fact-check has a word BM25 keeps (a claim "0", only stopwords)
        if factchecks:
            corpus = bm25s.tokenize([f"{f.claim} {f.title}" for f in factchecks], stopwords="en", show_progress=False)
            if corpus.vocab:
                self._bm25 = bm25s.BM25()
                self._bm25.index(corpus, show_progress=False)

    def scores(self, claims: list[str]) -> np.ndarray:
        """A (claims × fact-checks) matrix of match scores: the first stage's, reranked at the top of each row
        when the matcher has a second stage."""
        first = self.first_stage_scores(claims)
        if self.reranker is None:
            return first
        top = np.argsort(-first, axis=1, kind="stable")[:, :RERANK_DEPTH]
        pairs = [(claim, self.factchecks[i].claim, self.factchecks[i].title)
                 for claim, row in zip(claims, top, strict=True) for i in row]
        logits = self.reranker.pair_logits(pairs).reshape(top.shape)
        out = first.copy()
        for row in range(len(claims)):
            out[row, top[row]] += RERANK_WEIGHT * logits[row]
            rest = np.ones(len(self.factchecks), dtype=bool)
            rest[top[row]] = False
            if rest.any():  # below every reranked one, in the first stage's order, moved no further than that
                out[row, rest] -= max(0.0, float(first[row, rest].max() - out[row, top[row]].min()) + 1e-4)
        return out

    def first_stage_scores(self, claims: list[str]) -> np.ndarray:
        """Cosine to the claim + a share of cosine to the title + a share of BM25, for every fact-check."""
        if not claims or not self.factchecks:
            return np.zeros((len(claims), len(self.factchecks)), dtype=np.float32)
        queries = self.embedder.embed(claims)
        dense = queries @ self.claim_vectors.T + TITLE_WEIGHT * (queries @ self.title_vectors.T)
        return dense + LEXICAL_WEIGHT * self.lexical_scores(claims)

    def lexical_scores(self, claims: list[str]) -> np.ndarray:
        """BM25 of every fact-check for each claim, divided by the claim's best (0 to 1)."""
        import bm25s

        out = np.zeros((len(claims), len(self.factchecks)), dtype=np.float32)
        if self._bm25 is None:
            return out
        tokens = bm25s.tokenize(claims, stopwords="en", show_progress=False)
        word_of = {i: word for word, i in tokens.vocab.items()}
        for row, query in enumerate(tokens.ids):
            words = [word_of[i] for i in query]
            if not words:
                continue
            raw = self._bm25.get_scores(words)
            out[row] = raw / max(float(raw.max()), 1e-9)
        return out

    def match(self, claims: list[str], k: int = 5, min_score: float = 0.0) -> list[list[Match]]:
        """The ``k`` best fact-checks per claim, best first, those scoring at least ``min_score``."""
        matrix = self.scores(claims)
        out = []
        for row in matrix:
            best = np.argsort(-row, kind="stable")[:k]
            out.append([Match(self.factchecks[i], float(row[i])) for i in best if row[i] >= min_score])
        return out
