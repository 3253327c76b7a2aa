"""Claim-pair data: ClaimDiff JSON (``{"data": [{claim_a, claim_b, relation, pair_id}]}``) and NLI JSONL
(``premise``/``hypothesis``/``label`` or FEVER's ``evidence``/``claim``/``label``).

ClaimDiff pairs are split into train and dev by a hash of ``pair_id`` (one in five to dev), the same
on every machine.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from data_files import in_dev_split, read_data_text

from veracity.errors import InputError

CONTRADICTS = frozenset({"contradiction", "refutes", "2"})


@dataclass(frozen=True)
class ClaimPair:
    a: str
    b: str
    weakens: bool
    key: str
    label: str = ""  # the NLI label as written, for NLI files


def read_pairs(path: Path) -> list[ClaimPair]:
    """ClaimDiff pairs (``weakens`` = relation 1) or NLI pairs (``weakens`` = contradiction/refutes)."""
    raw = read_data_text(path)
    try:
        if path.suffix == ".json":
            return [ClaimPair(r["claim_a"], r["claim_b"], int(r["relation"]) == 1, str(r["pair_id"]))
                    for r in json.loads(raw)["data"]]
        pairs = []
        for number, line in enumerate(raw.splitlines()):
            if not line.strip():
                continue
            r = json.loads(line)
            a = r.get("premise") or r.get("evidence") or r.get("sentence1")
            b = r.get("hypothesis") or r.get("claim") or r.get("sentence2")
            label = str(r.get("label") or r.get("gold_label") or "").lower()
            pairs.append(ClaimPair(str(a), str(b), label in CONTRADICTS, f"{path.name}:{number}", label))
        return pairs
    except (KeyError, ValueError, TypeError) as error:
        raise InputError(f"{path}: not a ClaimDiff JSON or NLI JSONL file ({error})") from error


def is_dev(pair: ClaimPair) -> bool:
    return in_dev_split(pair.key)
