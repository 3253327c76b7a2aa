"""Misquote benchmark: PolNeAR direct quotes edited one way each, labelled by construction.

    python benchmarks/misquotes.py --data ../shared/data/polnear/data/dev [--json] [--seed 7]

Every direct quote of the split (a gold content span inside quotation marks, at least eight words) is
printed again with one edit of each kind that applies to it: a negation dropped, a number changed, a
cut just before a qualifier ("but", "unless" …), an elision with and without "…", a word swapped, a
word censored, the two halves swapped, a word inserted, a bracketed clarification, and an unchanged
copy restyled (curly marks for straight ones). ``veracity.text.compare.compare_quotes`` names the
edits; precision / recall / F1 are per edit type. The baseline is what a newsroom script does today:
difflib's similarity ratio under a threshold flags a misquote (the threshold that scores best on this
very set, which flatters it); it cannot say which edit, so it is scored on misquote detection and on
recall per edit type.
"""

from __future__ import annotations

import argparse
import datetime
import difflib
import json
import platform
import random
import re
import shlex
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from veracity.eval.polnear import read_split
from veracity.text.compare import NEGATIONS, QUALIFIERS, compare_quotes

MIN_WORDS = 8
# Which generated edits are misquotes: the accepted ones (shown to the reader) are not, nor a copy.
NOT_MISQUOTES = frozenset({"verbatim", "marked_elision", "censoring", "bracketed_insertion"})
_WORD = re.compile(r"\S+")
_OPEN, _CLOSE = "\"“‘'«", "\"”’'»"


@dataclass(frozen=True)
class Case:
    original: str
    printed: str
    label: str  # an edit type, or "verbatim"


def direct_quotes(split: Path) -> list[str]:
    """Distinct gold contents that sit wholly inside quotation marks, of at least ``MIN_WORDS`` words."""
    seen: dict[str, None] = {}
    for article in read_split(split):
        for attribution in article.attributions:
            if len(attribution.content) != 1:
                continue
            start, end = attribution.content[0]
            before, after = article.text[max(0, start - 1) : start], article.text[end : end + 2]
            inner = article.text[start:end].strip()
            quoted = (before and before in _OPEN or inner[:1] in _OPEN) and any(c in _CLOSE for c in after + inner[-1:])
            inner = inner.strip(_OPEN + _CLOSE + " ,")
            if quoted and len(inner.split()) >= MIN_WORDS and "\n" not in inner:
                seen.setdefault(inner, None)
    return list(seen)


# --- the edits ------------------------------------------------------------------------------------

Editor = Callable[[list[str], random.Random, list[str]], "list[str] | None"]
_CONTRACTED = {"don't": "do", "doesn't": "does", "didn't": "did", "isn't": "is", "aren't": "are",
               "wasn't": "was", "weren't": "were", "won't": "will", "can't": "can", "couldn't": "could",
               "wouldn't": "would", "shouldn't": "should", "haven't": "have", "hasn't": "has"}
_PRONOUNS = {"he": "[the senator]", "she": "[the secretary]", "they": "[the voters]", "it": "[the bill]",
             "him": "[Trump]", "her": "[Clinton]", "them": "[the donors]"}
_INTENSIFIERS = ["really", "totally", "absolutely", "definitely", "very"]


def _bare(token: str) -> str:
    return token.strip(".,;:!?\"“”‘’'()").lower().replace("’", "'")


def drop_negation(tokens: list[str], rng: random.Random, _: list[str]) -> list[str] | None:
    spots = [i for i, t in enumerate(tokens) if _bare(t) in NEGATIONS - {"no", "nor", "without"}
             or _bare(t) in _CONTRACTED]
    if not spots:
        return None
    i = rng.choice(spots)
    bare = _bare(tokens[i])
    if bare in _CONTRACTED:
        out = list(tokens)
        word = _CONTRACTED[bare]
        tail = tokens[i][len(tokens[i].rstrip(".,;:!?\"”’")) :]
        out[i] = (word.capitalize() if tokens[i][0].isupper() else word) + tail
        return out
    return tokens[:i] + tokens[i + 1 :]


def change_number(tokens: list[str], rng: random.Random, _: list[str]) -> list[str] | None:
    spots = [i for i, t in enumerate(tokens) if re.fullmatch(r"\$?\d[\d,.]*%?", t.strip(".,;:!?\"”’"))]
    if not spots:
        return None
    i = rng.choice(spots)
    out = list(tokens)
    out[i] = re.sub(r"\d", lambda m: str((int(m.group()) + rng.randint(1, 8)) % 10), tokens[i], count=1)
    return out if out[i] != tokens[i] else None


def cut_before_qualifier(tokens: list[str], rng: random.Random, _: list[str]) -> list[str] | None:
    spots = [i for i in range(4, len(tokens) - 2) if _bare(tokens[i]) in QUALIFIERS]
    if not spots:
        return None
    i = rng.choice(spots)
    out = tokens[:i]
    out[-1] = out[-1].rstrip(",;:—-")
    return out


def _middle_stretch(tokens: list[str], rng: random.Random) -> tuple[int, int] | None:
    if len(tokens) < 8:
        return None
    size = rng.randint(3, min(6, len(tokens) - 5))
    start = rng.randint(2, len(tokens) - 2 - size)
    return start, start + size


def elide_marked(tokens: list[str], rng: random.Random, _: list[str]) -> list[str] | None:
    stretch = _middle_stretch(tokens, rng)
    return None if stretch is None else tokens[: stretch[0]] + ["…"] + tokens[stretch[1] :]


def elide_unmarked(tokens: list[str], rng: random.Random, _: list[str]) -> list[str] | None:
    stretch = _middle_stretch(tokens, rng)
    return None if stretch is None else tokens[: stretch[0]] + tokens[stretch[1] :]


def swap_word(tokens: list[str], rng: random.Random, vocabulary: list[str]) -> list[str] | None:
    spots = [i for i, t in enumerate(tokens) if t.isalpha() and len(t) >= 4 and t.islower()
             and _bare(t) not in NEGATIONS | QUALIFIERS]
    if not spots:
        return None
    i = rng.choice(spots)
    replacement = rng.choice([w for w in vocabulary if w != tokens[i]])
    return tokens[:i] + [replacement] + tokens[i + 1 :]


def censor(tokens: list[str], rng: random.Random, _: list[str]) -> list[str] | None:
    spots = [i for i, t in enumerate(tokens) if t.isalpha() and len(t) >= 4]
    if not spots:
        return None
    i = rng.choice(spots)
    word = tokens[i]
    style = rng.choice(["stars", "dashes", "bracket"])
    masked = {"stars": word[0] + "*" * (len(word) - 2) + word[-1], "dashes": word[0] + "---",
              "bracket": "[expletive]"}[style]
    return tokens[:i] + [masked] + tokens[i + 1 :]


def reorder(tokens: list[str], rng: random.Random, _: list[str]) -> list[str] | None:
    spots = [i for i in range(3, len(tokens) - 3) if tokens[i].endswith(",") or _bare(tokens[i + 1]) == "and"]
    if not spots:
        return None
    i = rng.choice(spots) + 1
    first, second = tokens[:i], tokens[i:]
    if second and _bare(second[0]) == "and":
        second = second[1:]
    first = list(first)
    first[-1] = first[-1].rstrip(",")
    second = list(second)
    second[-1] = second[-1].rstrip(".!?") + ","
    return [second[0][:1].upper() + second[0][1:]] + second[1:] + [first[0][:1].lower() + first[0][1:]] + first[1:]


def insert_word(tokens: list[str], rng: random.Random, _: list[str]) -> list[str] | None:
    i = rng.randint(2, len(tokens) - 2)
    return tokens[:i] + [rng.choice(_INTENSIFIERS)] + tokens[i:]


def bracket(tokens: list[str], rng: random.Random, _: list[str]) -> list[str] | None:
    spots = [i for i, t in enumerate(tokens) if t.lower() in _PRONOUNS]
    if not spots:
        return None
    i = rng.choice(spots)
    return tokens[:i] + [_PRONOUNS[tokens[i].lower()]] + tokens[i + 1 :]


def restyle(tokens: list[str], rng: random.Random, _: list[str]) -> list[str] | None:
    return [t.replace("'", "’") if rng.random() < 0.5 else t.replace("’", "'") for t in tokens]


EDITS: dict[str, Editor] = {
    "verbatim": restyle, "changed_meaning:negation": drop_negation, "changed_meaning:number": change_number,
    "truncation": cut_before_qualifier, "marked_elision": elide_marked, "unmarked_elision": elide_unmarked,
    "substitution": swap_word, "censoring": censor, "reordering": reorder, "insertion": insert_word,
    "bracketed_insertion": bracket,
}


def make_cases(quotes: list[str], seed: int) -> list[Case]:
    rng = random.Random(seed)
    vocabulary = sorted({t for q in quotes for t in _WORD.findall(q) if t.isalpha() and t.islower() and len(t) >= 4})
    cases = []
    for quote in quotes:
        tokens = _WORD.findall(quote)
        for name, editor in EDITS.items():
            edited = editor(tokens, rng, vocabulary)
            if edited is not None:
                cases.append(Case(quote, " ".join(edited), name.split(":")[0]))
    return cases


# --- scoring --------------------------------------------------------------------------------------


def score(cases: list[Case]) -> dict[str, object]:
    labels = sorted({c.label for c in cases})
    started = time.perf_counter()
    comparisons = [compare_quotes(c.original, c.printed) for c in cases]
    seconds = time.perf_counter() - started
    per_type = {}
    for label in labels:
        tp = fp = fn = 0
        for case, comparison in zip(cases, comparisons, strict=True):
            predicted = comparison.types or {"verbatim"}
            tp += label in predicted and case.label == label
            fp += label in predicted and case.label != label
            fn += label not in predicted and case.label == label
        per_type[label] = _prf(tp, fp, fn) | {"n": sum(c.label == label for c in cases)}
    gold_misquote = [c.label not in NOT_MISQUOTES for c in cases]
    ours = [c.is_misquote for c in comparisons]
    ratios = [difflib.SequenceMatcher(None, c.original, c.printed).ratio() for c in cases]
    threshold, baseline = max(
        ((t, [r < t for r in ratios]) for t in sorted(set(ratios) | {1.0})),
        key=lambda item: _prf(*_counts(item[1], gold_misquote))["f1"],
    )
    baseline_recall = {
        label: sum(flag for flag, c in zip(baseline, cases, strict=True) if c.label == label)
        / max(1, sum(c.label == label for c in cases))
        for label in labels
    }
    return {
        "cases": len(cases), "quotes": len({c.original for c in cases}),
        "per_type": per_type,
        "misquote": {"ours": _prf(*_counts(ours, gold_misquote)), "baseline": _prf(*_counts(baseline, gold_misquote))},
        "baseline_threshold": round(threshold, 4), "baseline_recall_per_type": baseline_recall,
        "ms_per_comparison": round(1000 * seconds / max(1, len(cases)), 3),
    }


def _counts(predicted: list[bool], gold: list[bool]) -> tuple[int, int, int]:
    tp = sum(p and g for p, g in zip(predicted, gold, strict=True))
    fp = sum(p and not g for p, g in zip(predicted, gold, strict=True))
    fn = sum(g and not p for p, g in zip(predicted, gold, strict=True))
    return tp, fp, fn


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="a PolNeAR split folder (text/ and attributions/)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--show-errors", type=int, default=0, help="print this many misclassified cases")
    args = parser.parse_args(argv)
    cases = make_cases(direct_quotes(args.data), args.seed)
    result = score(cases)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"command: {' '.join(shlex.quote(a) for a in [sys.executable, *sys.argv])}")
    print(f"date:    {datetime.datetime.now(datetime.UTC).isoformat(timespec='seconds')}")
    print(f"machine: {platform.platform()}, {platform.machine()}")
    print(f"data:    {result['quotes']} direct quotes, {result['cases']} cases (seed {args.seed})\n")
    print(f"{'edit type':22} {'n':>5} {'P':>7} {'R':>7} {'F1':>7}   baseline recall")
    per_type = result["per_type"]
    assert isinstance(per_type, dict)
    recall = result["baseline_recall_per_type"]
    assert isinstance(recall, dict)
    for label, row in per_type.items():
        print(f"{label:22} {row['n']:5d} {row['p']:7.3f} {row['r']:7.3f} {row['f1']:7.3f}   {recall[label]:.3f}")
    misquote = result["misquote"]
    assert isinstance(misquote, dict)
    print(f"\nmisquote detection     ours P {misquote['ours']['p']:.3f} R {misquote['ours']['r']:.3f} "
          f"F1 {misquote['ours']['f1']:.3f}   baseline (difflib ratio < {result['baseline_threshold']}) "
          f"P {misquote['baseline']['p']:.3f} R {misquote['baseline']['r']:.3f} F1 {misquote['baseline']['f1']:.3f}")
    print(f"time per comparison    {result['ms_per_comparison']} ms")
    if args.show_errors:
        shown = 0
        for case in cases:
            comparison = compare_quotes(case.original, case.printed)
            if (comparison.types or {"verbatim"}) != {case.label} and shown < args.show_errors:
                shown += 1
                print(f"\n[{case.label}] got {sorted(comparison.types)}\n  O: {case.original}\n  P: {case.printed}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
