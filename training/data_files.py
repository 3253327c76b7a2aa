"""What the readers of training and evaluation files share: reading one as text with a clear error, and
the fixed train/dev split by a hash of each item's id (one in five to dev, the same on every machine)."""

from __future__ import annotations

import hashlib
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
