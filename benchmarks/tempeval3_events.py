"""TempEval-3 task B (events): our event detector against every verb and today's word lists, side by side.

    python benchmarks/tempeval3_events.py --train ../shared/data/tempeval3/train/TimeBank \
        --data ../shared/data/tempeval3/train/AQUAINT [--json] [--record FILE] [--limit N]

The detector is trained on TimeBank (``training/train_events.py``); every .tml file under --data (AQUAINT,
the dev half) is read, each system marks events in the plain text, and the marks are scored by
character offsets as TempEval-3 scores events (UzZaman et al. 2013, "SemEval-2013 Task 1: TempEval-3",
section on evaluation metrics): each gold and each predicted event matches at most once; strict match
is the same extent, relaxed match any overlap; P = matched / predicted, R = matched / gold. The class
attribute F1 uses P = (relaxed matches of the right class) / predicted and R = the same / gold, i.e.
relaxed F1 x class accuracy over relaxed matches: the task's ranking figure.

Systems: ``detector`` (ours); ``verbs``, the issue's baseline: every token spaCy tags VERB (AUX not
included: "was", "has" are mostly not events in TimeML) with the class most frequent among --train's
events; ``word lists``, the event nouns and verbs the story stage used before the detector
(``veracity.lang.en.event_words``), class OCCURRENCE. The spaCy parse is shared by the first two and timed
apart, so seconds per document are the detector's own cost; the parse's is printed beside.
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from harness import Run, Table, add_output_arguments, finish, start, timed

from veracity.eval.temporal import tempeval_matches
from veracity.eval.timeml import TimeMLDocument, read_folder

# TempEval-3 task B on the platinum test set (20 documents), as published in UzZaman et al. (2013),
# Table 4 ("Task B: event extraction"), read through the table the TimeMLEventTrigger repository
# (Caselli, github.com/tommasoc80/TimeMLEventTrigger, README) reprints: only these rows could be checked.
# P, R and F1 are relaxed-match extraction; class F1 is the attribute F1 (None where not reprinted).
PUBLISHED = [
    ("ATT-1", 0.814, 0.806, 0.810, 0.718),
    ("ATT-2", 0.810, 0.808, 0.809, None),
    ("NavyTime-1", 0.798, 0.807, 0.803, 0.674),
    ("ClearTK (best run)", None, None, None, 0.678),
]


class EventMark(Protocol):
    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...

    @property
    def cls(self) -> str: ...


@dataclass(frozen=True)
class PredictedEvent:
    start: int
    end: int
    cls: str


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class EventScorer:
    """Counts over documents; ``result()`` gives strict and relaxed P/R/F1 and the class attribute F1."""

    gold: int = 0
    predicted: int = 0
    strict: int = 0
    relaxed: int = 0
    class_correct: int = 0
    confusions: Counter[tuple[str, str]] = field(default_factory=Counter)

    def add(self, gold: Sequence[EventMark], predicted: Sequence[EventMark]) -> None:
        self.gold += len(gold)
        self.predicted += len(predicted)
        for gold_index, predicted_index in tempeval_matches(gold, predicted).items():
            g, p = gold[gold_index], predicted[predicted_index]
            self.relaxed += 1
            self.strict += p.start == g.start and p.end == g.end
            self.class_correct += p.cls == g.cls
            self.confusions[(g.cls, p.cls)] += 1

    def result(self) -> dict[str, float | int]:
        def ratio(a: int, b: int) -> float:
            return a / b if b else 0.0

        out: dict[str, float | int] = {"gold": self.gold, "predicted": self.predicted}
        for name, hits in (("strict", self.strict), ("relaxed", self.relaxed), ("class", self.class_correct)):
            p, r = ratio(hits, self.predicted), ratio(hits, self.gold)
            out.update({f"{name}_p": p, f"{name}_r": r, f"{name}_f1": _f1(p, r)})
        out["class_accuracy"] = ratio(self.class_correct, self.relaxed)
        return out


def word_list_events(text: str) -> list[PredictedEvent]:
    """The story stage's word lists, as they were before the detector: every event noun and verb."""
    from veracity.lang.en.event_words import noun_pattern, verb_pattern

    found = [(m.start("noun"), m.end()) for m in noun_pattern().finditer(text)]
    found += [(m.start("verb"), m.end("verb")) for m in verb_pattern().finditer(text)]
    return [PredictedEvent(s, e, "OCCURRENCE") for s, e in sorted(set(found))]


def evaluate(docs: list[TimeMLDocument], majority: str) -> dict[str, Any]:
    from veracity.text.parse import load_spacy
    from veracity.time.event_detector import load_event_detector

    nlp = load_spacy()
    detector = load_event_detector()
    scorers = {"detector": EventScorer(), "verbs": EventScorer(), "word lists": EventScorer()}
    seconds = dict.fromkeys(scorers, 0.0)
    parse_seconds = 0.0
    for doc in docs:
        with timed() as took:
            parse = nlp(doc.text)
        parse_seconds += took[0]
        with timed() as took:
            ours = [PredictedEvent(e.start, e.end, e.cls) for e in detector.detect(parse)]
        seconds["detector"] += took[0]
        with timed() as took:
            verbs = [PredictedEvent(t.idx, t.idx + len(t.text), majority) for t in parse if t.pos_ == "VERB"]
        seconds["verbs"] += took[0]
        with timed() as took:
            listed = word_list_events(doc.text)
        seconds["word lists"] += took[0]
        for name, predicted in (("detector", ours), ("verbs", verbs), ("word lists", listed)):
            scorers[name].add(doc.events, predicted)
    systems: dict[str, Any] = {}
    for name, scorer in scorers.items():
        figures: dict[str, Any] = {k: round(v, 4) if isinstance(v, float) else v for k, v in scorer.result().items()}
        figures["ms_per_document"] = round(1000 * seconds[name] / max(len(docs), 1), 2)
        systems[name] = figures
    confusions = scorers["detector"].confusions.most_common(8)
    return {"systems": systems, "parse_ms_per_document": round(1000 * parse_seconds / max(len(docs), 1), 2),
            "detector_confusions": [{"gold": g, "predicted": p, "n": n} for (g, p), n in confusions if g != p]}


METRICS = [("strict_p", "strict P"), ("strict_r", "strict R"), ("strict_f1", "strict F1"),
           ("relaxed_p", "relaxed P"), ("relaxed_r", "relaxed R"), ("relaxed_f1", "relaxed F1"),
           ("class_accuracy", "class accuracy"), ("class_f1", "class F1"), ("ms_per_document", "ms / document")]


def scores_table(run: Run, report: dict[str, Any]) -> Table:
    """Each system a row (ours first, then the two baselines), the task's metrics as columns."""
    formats = {label: ".2f" if key == "ms_per_document" else ".4f" for key, label in METRICS}
    table = run.table("TempEval-3 task B: events, scored by character offsets",
                      ["system", *(label for _, label in METRICS)], formats)
    for name, figures in report["systems"].items():
        table.add(name, *(figures[key] for key, _ in METRICS))
    table.notes += [f"data: {report['documents']} documents, {report['gold']} gold EVENTs; baseline class "
                    f"{report['majority_class']} (most frequent in --train)",
                    f"(spaCy parse, shared, not counted above: {report['parse_ms_per_document']:.2f} ms / document)"]
    return table


def published_table(run: Run, report: dict[str, Any]) -> Table:
    """The published systems' figures, as the paper gives them (a dash where it was not reprinted)."""
    table = run.table("Published TempEval-3 task B, platinum test set (UzZaman et al. 2013, Table 4; relaxed)",
                      ["system", "P", "R", "F1", "class F1"], dict.fromkeys(("P", "R", "F1", "class F1"), ".3f"))
    for row in report["published"]:
        table.add(row["system"], row["p"], row["r"], row["f1"], row["class_f1"])
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--train", required=True, type=Path, help="the folder the detector was trained on (TimeBank)")
    parser.add_argument("--data", required=True, type=Path, help="the folder to score (AQUAINT, the dev half)")
    parser.add_argument("--limit", type=int, default=None, help="first N documents")
    add_output_arguments(parser)
    args = parser.parse_args(argv)
    run = start("tempeval3_events")
    train = read_folder(args.train)
    majority = Counter(e.cls for d in train for e in d.events).most_common(1)[0][0]
    docs = read_folder(args.data)[:args.limit] if args.limit else read_folder(args.data)
    report: dict[str, Any] = {
        "documents": len(docs), "gold": sum(len(d.events) for d in docs), "majority_class": majority,
        **evaluate(docs, majority),
        "published": [{"system": s, "p": p, "r": r, "f1": f, "class_f1": c} for s, p, r, f, c in PUBLISHED],
    }
    run.figures.update(report)
    scores_table(run, report)
    published_table(run, report)
    finish(run, args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
