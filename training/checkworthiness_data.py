"""Check-worthiness data sets in their three shapes, read as (group, text, label) sentences.

- ClaimBuster JSON: a list of ``{"sentence_id", "text", "label"}``;
- CheckThat! 2019 CSV: ``line_number, speaker, text, label, file_name`` (one group per debate file, its
  sentences in line order);
- CheckThat! 2020 TSV: ``text<TAB>label``.

ClaimBuster sentences are split into train and dev by a hash of their id (one in five to dev), so the
split is the same on every machine and never depends on file order.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from data_files import in_dev_split, read_data_text

from veracity.errors import InputError

CACHE = Path(__file__).resolve().parents[1] / ".cache" / "checkworthiness"


@dataclass(frozen=True)
class LabelledSentence:
    group: str  # the debate or file it comes from: MAP averages over groups
    text: str
    label: int
    key: str = ""  # a stable id for the train/dev split
    speaker: str = ""  # who says it, where the file tells (CheckThat! debates)


def read_sentences(path: Path) -> list[LabelledSentence]:
    """Every labelled sentence of a file in any of the three formats."""
    raw = read_data_text(path)
    try:
        if path.suffix == ".json":
            return [LabelledSentence(path.stem, str(r["text"]), int(r["label"]), str(r["sentence_id"]))
                    for r in json.loads(raw)]
        if path.suffix == ".csv":
            records = sorted(csv.DictReader(raw.splitlines()), key=lambda r: (r["file_name"], int(r["line_number"])))
            return [LabelledSentence(r["file_name"], r["text"], int(r["label"]), f"{r['file_name']}:{r['line_number']}",
                                     r["speaker"]) for r in records]
        rows = list(csv.reader(raw.splitlines(), delimiter="\t"))
        return [LabelledSentence(path.stem, r[0], int(r[1]), str(n)) for n, r in enumerate(rows[1:]) if len(r) >= 2]
    except (KeyError, ValueError, TypeError, csv.Error) as error:
        raise InputError(f"{path}: not a ClaimBuster JSON, CheckThat! CSV or text<TAB>label file ({error})") from error


def is_dev(sentence: LabelledSentence) -> bool:
    """One sentence in five, chosen by a hash of its id, is held out for tuning and the benchmark."""
    return in_dev_split(sentence.key)


def debate_folds(groups: list[str], k: int = 5) -> dict[str, int]:
    """Whole debates to ``k`` folds (largest first, each to the fold with fewest sentences so far, ties by
    name), so that no debate is on both sides of a split and the folds are about the same size."""
    sizes = Counter(groups)
    if len(sizes) < k:
        raise InputError(f"{len(sizes)} debates cannot fill {k} folds")
    load = [0] * k
    fold_of: dict[str, int] = {}
    for group in sorted(sizes, key=lambda g: (-sizes[g], g)):
        fold = min(range(k), key=lambda f: (load[f], f))
        fold_of[group] = fold
        load[fold] += sizes[group]
    return fold_of


def embed_cached(texts: list[str], cache_dir: Path = CACHE) -> np.ndarray:
    """all-MiniLM-L6-v2 vectors of ``texts``, kept under ``.cache/`` (git-ignored) so reruns skip the encoder.

    The key is a hash of the texts and the embedder's model folder, so another text list or model encodes
    afresh."""
    from veracity.links.embedder import shared_embedder

    embedder = shared_embedder()
    key = hashlib.sha256("\x1e".join([str(getattr(embedder, "model_dir", "")), *texts]).encode()).hexdigest()[:24]
    path = cache_dir / f"embeddings-{key}.npy"
    if path.is_file():
        return np.load(path)
    vectors = embedder.embed(texts)
    cache_dir.mkdir(parents=True, exist_ok=True)
    np.save(path, vectors)
    return vectors
