"""Natural-language inference between two statements: entailment, neutral or contradiction.

The cross-encoder (MiniLM-L6 fine-tuned by ``training/train_nli.py``, ONNX with int8 weights) reads a premise and a
hypothesis together. Linking uses it to find statements that conflict across sources and denials of an
earlier claim. Runs on onnxruntime and ``veracity.wordpiece`` only: no torch at run time.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from veracity.errors import ModelError
from veracity.onnx_runtime import cpu_session, raw_tokenizer
from veracity.resources import location, verified

MODEL_DIR = location("nli")
MODEL_FILES = ("model.onnx", "tokenizer.json", "nli.json")
DEFAULT_MAX_LENGTH = 256
# onnxruntime fuses the int8 weights' DequantizeLinear + MatMul into MatMulNBits, which by default also
# rounds each token's activations to int8 (accuracy level 4). Level 1 keeps activations float: the
# scores then match the torch model the weights were measured in (1e-7 instead of 5e-3 logits), ~20 % slower.
SESSION_CONFIG = {"session.qdq_matmulnbits_accuracy_level": "1"}


def pair_token_ids(
    premise: list[int], hypothesis: list[int], cls_id: int, sep_id: int, max_length: int
) -> tuple[list[int], list[int]]:
    """``[CLS] premise [SEP] hypothesis [SEP]`` ids and segment ids, cut to ``max_length``.

    The premise is cut first: it is the long side (an article passage), while the hypothesis is the
    claim being judged and losing its end can flip the answer ("... did not happen"). A hypothesis is
    cut only when it alone would take more than half the window. Training and inference share this.
    """
    budget = max(max_length - 3, 2)
    keep_h = min(len(hypothesis), max(budget - len(premise), budget // 2))
    keep_p = min(len(premise), budget - keep_h)
    ids = [cls_id, *premise[:keep_p], sep_id, *hypothesis[:keep_h], sep_id]
    types = [0] * (keep_p + 2) + [1] * (keep_h + 1)
    return ids, types


@dataclass(frozen=True)
class NliResult:
    """The most probable label and the probability of each label."""

    label: str
    scores: dict[str, float]

    @property
    def contradiction(self) -> float:
        return self.scores.get("contradiction", 0.0)

    @property
    def entailment(self) -> float:
        return self.scores.get("entailment", 0.0)


class NliModel:
    """Loads the ONNX cross-encoder once (lazily, thread-safe) and judges (premise, hypothesis) pairs."""

    def __init__(self, model_dir: str | Path = MODEL_DIR, threads: int = 0) -> None:
        self.model_dir = Path(model_dir)
        self.threads = threads
        self.labels: tuple[str, ...] = ()
        self.max_length = DEFAULT_MAX_LENGTH
        self._session: Any = None
        self._tokenizer: Any = None
        self._lock = threading.Lock()

    def _load(self) -> None:
        with self._lock:
            if self._session is not None:
                return
            missing = [name for name in MODEL_FILES if not (self.model_dir / name).is_file()]
            if missing:
                raise ModelError(
                    f"NLI model incomplete at {self.model_dir} (missing {', '.join(missing)}); train it with "
                    "training/train_nli.py --data ../shared/data --out src/veracity/models/nli, or pass model_dir"
                )
            verified(self.model_dir)
            try:
                meta = json.loads((self.model_dir / "nli.json").read_text(encoding="utf-8"))
                self.labels = tuple(meta["labels"])
                self.max_length = int(meta.get("max_length", DEFAULT_MAX_LENGTH))
                tokenizer = raw_tokenizer(self.model_dir / "tokenizer.json")  # pairs cut the premise first
                session = cpu_session(self.model_dir / "model.onnx", self.threads, SESSION_CONFIG)
            except (OSError, ValueError, KeyError, RuntimeError) as error:
                raise ModelError(
                    f"NLI model at {self.model_dir} does not load ({error}); retrain or reinstall veracity"
                ) from error
            self._tokenizer = tokenizer
            self._session = session

    def predict(self, pairs: list[tuple[str, str]], batch_size: int = 32) -> list[NliResult]:
        """One result per (premise, hypothesis), in order; batches padded to their longest pair.

        Only the weights are int8 (activations stay float), so a pair scores the same in any batch.
        """
        if not pairs:
            return []
        self._load()
        probs = self.probabilities(pairs, batch_size)
        return [
            NliResult(
                self.labels[int(row.argmax())],
                {label: round(float(p), 6) for label, p in zip(self.labels, row, strict=True)},
            )
            for row in probs
        ]

    def probabilities(self, pairs: list[tuple[str, str]], batch_size: int = 32) -> np.ndarray:
        """A (pairs x labels) array of probabilities, columns in ``self.labels`` order."""
        self._load()
        assert self._tokenizer is not None and self._session is not None
        if not pairs:
            return np.zeros((0, len(self.labels)), dtype=np.float32)
        cls_id, sep_id = self._tokenizer.token_to_id("[CLS]"), self._tokenizer.token_to_id("[SEP]")
        premises = self._tokenizer.encode_batch([p for p, _ in pairs], add_special_tokens=False)
        hypotheses = self._tokenizer.encode_batch([h for _, h in pairs], add_special_tokens=False)
        encoded = [
            pair_token_ids(p.ids, h.ids, cls_id, sep_id, self.max_length)
            for p, h in zip(premises, hypotheses, strict=True)
        ]
        order = sorted(range(len(encoded)), key=lambda i: len(encoded[i][0]))  # little padding per batch
        out = np.zeros((len(pairs), len(self.labels)), dtype=np.float32)
        for b in range(0, len(order), batch_size):
            batch = order[b : b + batch_size]
            width = max(len(encoded[i][0]) for i in batch)
            ids = np.zeros((len(batch), width), dtype=np.int64)
            types = np.zeros((len(batch), width), dtype=np.int64)
            mask = np.zeros((len(batch), width), dtype=np.int64)
            for row, i in enumerate(batch):
                n = len(encoded[i][0])
                ids[row, :n], types[row, :n], mask[row, :n] = encoded[i][0], encoded[i][1], 1
            logits = self._session.run(
                ["logits"], {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
            )[0]
            out[batch] = _softmax(logits)
        return out


def _softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


_MODELS: dict[tuple[str, int], NliModel] = {}


def shared_nli_model(model_dir: str | Path = MODEL_DIR, threads: int = 0) -> NliModel:
    """One NLI model (one ONNX session) per model directory and thread setting per process."""
    key = (str(model_dir), threads)
    if key not in _MODELS:
        _MODELS[key] = NliModel(model_dir, threads)
    return _MODELS[key]
