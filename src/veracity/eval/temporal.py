"""TempEval-3 task A scoring: extraction (strict and relaxed), type and value of temporal expressions.

As in the official scorer: a relaxed match is any character overlap, a strict match the same
extent; each gold and each predicted expression matches at most once. Type and value accuracy
are computed over relaxed matches, and the ranking figure is value F1 = relaxed F1 x value
accuracy (the official attribute F1).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol


class Extent(Protocol):
    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


def tempeval_matches(gold: Sequence[Extent], predicted: Sequence[Extent]) -> dict[int, int]:
    """Gold index -> predicted index, as TempEval-3 matches extents: each mark at most once, a gold mark taking
    the first prediction with its exact extent, else the first overlapping one not yet taken."""
    matched: dict[int, int] = {}
    used: set[int] = set()
    for gold_index, g in enumerate(gold):
        best = None
        for index, p in enumerate(predicted):
            if index in used or p.end <= g.start or p.start >= g.end:
                continue
            exact = p.start == g.start and p.end == g.end
            if best is None or exact:
                best = index
                if exact:
                    break
        if best is not None:
            matched[gold_index] = best
            used.add(best)
    return matched


class Timex(Protocol):
    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...

    @property
    def type(self) -> str: ...

    @property
    def value(self) -> str: ...


@dataclass(frozen=True)
class PredictedTimex:
    start: int
    end: int
    type: str
    value: str


@dataclass
class TimexScorer:
    """Accumulates counts over documents; ``result()`` gives the figures."""

    gold: int = 0
    predicted: int = 0
    strict: int = 0
    relaxed: int = 0
    type_correct: int = 0
    value_correct: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    def add(self, name: str, text: str, gold: Sequence[Timex], predicted: Sequence[Timex]) -> None:
        self.gold += len(gold)
        self.predicted += len(predicted)
        matched = tempeval_matches(gold, predicted)
        used = set(matched.values())
        for gold_index, g in enumerate(gold):
            if gold_index not in matched:
                self.errors.append({"doc": name, "kind": "missed", "gold": text[g.start:g.end],
                                    "gold_value": g.value, "gold_type": g.type})
                continue
            p = predicted[matched[gold_index]]
            self.relaxed += 1
            self.strict += int(p.start == g.start and p.end == g.end)
            self.type_correct += int(p.type == g.type)
            self.value_correct += int(p.value == g.value)
            if p.value != g.value or p.type != g.type or (p.start, p.end) != (g.start, g.end):
                self.errors.append({"doc": name, "kind": "wrong", "gold": text[g.start:g.end],
                                    "ours": text[p.start:p.end], "gold_value": g.value,
                                    "value": p.value, "gold_type": g.type, "type": p.type})
        for index, p in enumerate(predicted):
            if index not in used:
                self.errors.append({"doc": name, "kind": "spurious", "ours": text[p.start:p.end],
                                    "value": p.value, "type": p.type})

    def result(self) -> dict[str, float | int]:
        def prf(matched: int) -> tuple[float, float, float]:
            p = matched / self.predicted if self.predicted else 0.0
            r = matched / self.gold if self.gold else 0.0
            return p, r, (2 * p * r / (p + r) if p + r else 0.0)

        sp, sr, sf = prf(self.strict)
        rp, rr, rf = prf(self.relaxed)
        type_accuracy = self.type_correct / self.relaxed if self.relaxed else 0.0
        value_accuracy = self.value_correct / self.relaxed if self.relaxed else 0.0
        return {
            "gold": self.gold, "predicted": self.predicted,
            "strict_p": sp, "strict_r": sr, "strict_f1": sf,
            "relaxed_p": rp, "relaxed_r": rr, "relaxed_f1": rf,
            "type_accuracy": type_accuracy, "value_accuracy": value_accuracy,
            "type_f1": rf * type_accuracy, "value_f1": rf * value_accuracy,
        }
