"""Rerank a claim's candidate fact-checks with a cross-encoder that reads the claim and each fact-check together.

The claim matcher embeds a claim and a fact-check apart, so "Obama freed 122 Gitmo prisoners" and a
fact-check about Bush freeing 532 lie close; reading the pair in one pass lets the model weigh which
words answer which. The model (MiniLM-L6 with one linear unit on its mean-pooled last layer, trained on
CheckThat! 2020 task 2 train on a GPU by ``training/train_claim_reranker.py``, int8 rows) runs on the same
onnxruntime graph as the embedder (``veracity.links.minilm``), so no torch at run time. It costs one forward
pass per (claim, candidate) pair, hence it sees only the first stage's best few.

It is not shipped: on held-out tweets it lost to the first stage alone (``veracity.links.claim_matching``),
so its weights stay in the repository (``benchmarks/models/claim_reranker``) for the benchmark that prints
it beside the first stage, and a caller names the folder.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from veracity.links.minilm import MiniLm, mean_pooled


def reranker_input(claim: str, title: str) -> str:
    """What the reranker reads of a fact-check: its claim, then its title when it adds words (as trained)."""
    return f"{claim} [SEP] {title}" if title and title != claim else claim


class ClaimReranker:
    """Scores (claim, fact-check) pairs: a logit, higher when the fact-check covers the claim."""

    def __init__(self, model_dir: str | Path) -> None:
        self.model_dir = Path(model_dir)
        self._encoder: MiniLm | None = None

    @staticmethod
    def available(model_dir: str | Path) -> bool:
        return (Path(model_dir) / "model.safetensors").exists()

    def _opened(self) -> MiniLm:
        if self._encoder is None:
            self._encoder = MiniLm(self.model_dir, "claim reranker")
        return self._encoder

    def logits(self, claim: str, documents: list[tuple[str, str]], batch_size: int = 16) -> np.ndarray:
        """One logit per (fact-check claim, title) in ``documents`` for ``claim``."""
        return self.pair_logits([(claim, c, t) for c, t in documents], batch_size)

    def pair_logits(self, pairs: list[tuple[str, str, str]], batch_size: int = 16) -> np.ndarray:
        """One logit per (claim, fact-check claim, title): many claims' candidates in one sorted pass, so
        batches hold pairs of like length whichever claim they belong to."""
        if not pairs:
            return np.zeros(0, dtype=np.float32)
        encoder = self._opened()
        encodings = encoder.tokenizer.encode_batch(
            [(claim if claim.strip() else ".", reranker_input(c, t)) for claim, c, t in pairs])
        order = sorted(range(len(pairs)), key=lambda i: len(encodings[i].ids))
        out = np.zeros(len(pairs), dtype=np.float32)
        for first in range(0, len(order), batch_size):
            chunk = order[first : first + batch_size]
            pooled = mean_pooled(*encoder.hidden_states([encodings[i].ids for i in chunk],
                                                        [encodings[i].type_ids for i in chunk]))
            out[chunk] = pooled @ encoder.extra["head.weight"][0] + encoder.extra["head.bias"][0]
        return out
