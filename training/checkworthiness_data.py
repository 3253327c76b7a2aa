"""Check-worthiness data sets in their three shapes, read as (group, text, label) sentences.

- ClaimBuster JSON: a list of ``{"sentence_id", "text", "label"}``;
- CheckThat! 2019 CSV: ``line_number, speaker, text, label, file_name`` (one group per debate file);
- CheckThat! 2020 TSV: ``text<TAB>label``.

ClaimBuster sentences are split into train and dev by a hash of their id (one in five to dev), so the
split is the same on every machine and never depends on file order.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from data_files import in_dev_split, read_data_text

from veracity.errors import InputError


@dataclass(frozen=True)
class LabelledSentence:
    group: str  # the debate or file it comes from: MAP averages over groups
    text: str
    label: int
    key: str = ""  # a stable id for the train/dev split


def read_sentences(path: Path) -> list[LabelledSentence]:
    """Every labelled sentence of a file in any of the three formats."""
    raw = read_data_text(path)
    try:
        if path.suffix == ".json":
            return [LabelledSentence(path.stem, str(r["text"]), int(r["label"]), str(r["sentence_id"]))
                    for r in json.loads(raw)]
        if path.suffix == ".csv":
            return [LabelledSentence(r["file_name"], r["text"], int(r["label"]), f"{r['file_name']}:{r['line_number']}")
                    for r in csv.DictReader(raw.splitlines())]
        rows = list(csv.reader(raw.splitlines(), delimiter="\t"))
        return [LabelledSentence(path.stem, r[0], int(r[1]), str(n)) for n, r in enumerate(rows[1:]) if len(r) >= 2]
    except (KeyError, ValueError, TypeError, csv.Error) as error:
        raise InputError(f"{path}: not a ClaimBuster JSON, CheckThat! CSV or text<TAB>label file ({error})") from error


def is_dev(sentence: LabelledSentence) -> bool:
    """One sentence in five, chosen by a hash of its id, is held out for tuning and the benchmark."""
    return in_dev_split(sentence.key)
