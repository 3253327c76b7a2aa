"""How every shipped model is opened: one CPU onnxruntime session and a tokenizer that neither pads nor cuts
(``veracity.wordpiece``: the models' BERT WordPiece in pure Python, no Rust wheel or model hub client).

The encoders read their own windows or pairs, so the tokenizer files' fixed padding and truncation
(from sentence-transformers) are switched off here once for all of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from veracity.wordpiece import WordPieceTokenizer


def cpu_session(model_path: Path, threads: int = 0, config: Mapping[str, str] | None = None,
                initializers: Mapping[str, np.ndarray] | None = None) -> Any:
    """An onnxruntime session on the CPU: ``threads`` intra-op threads (0: onnxruntime's choice).

    Idle worker threads sleep instead of spinning: beside the spaCy parse, a spinning thread burns
    the core the parse needs. ``config`` adds session config entries a model needs; ``initializers``
    gives the weights of a graph that declares them as external data (copied in before optimisation).
    """
    import onnxruntime as ort

    options = ort.SessionOptions()
    if threads:
        options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    for key, value in (config or {}).items():
        options.add_session_config_entry(key, value)
    weights = dict(initializers or {})
    names = list(weights)
    values = [ort.OrtValue.ortvalue_from_numpy(np.ascontiguousarray(weights[name])) for name in names]
    if names:  # the values must outlive the session's creation, which copies them
        options.add_external_initializers(names, values)
    return ort.InferenceSession(str(model_path), options, providers=["CPUExecutionProvider"])


def raw_tokenizer(tokenizer_path: Path) -> WordPieceTokenizer:
    """The model's WordPiece tokenizer with padding and truncation off."""
    tokenizer = WordPieceTokenizer.from_file(tokenizer_path)
    tokenizer.no_truncation()
    tokenizer.no_padding()
    return tokenizer
