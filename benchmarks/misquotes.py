"""Misquote benchmark: PolNeAR direct quotes reprinted with edits from our own lists, and hand-written pairs.

    python benchmarks/misquotes.py --data ../shared/data/polnear/data/dev [--json] [--record FILE] [--seed 7]
    python benchmarks/misquotes.py --data ../shared/data/polnear/data/train   # threshold still from dev

Generated set: every direct quote of the split (a gold content span inside quotation marks, at least eight
words) is reprinted once per edit of ``misquote_edits`` that applies to it, twice with two edits stacked
(an elision with restyled marks, a bracket with an elision, a swap with a cut …), and once as a verbatim
copy that differs only in typography (never an identical string). The edit lists come from a grammar
reference, not from the detector, so the set is not the detector's mirror. Hand-written set:
``benchmarks/data/misquotes`` (dev and the frozen test half), realistic misquotes labelled by a person.

``veracity.text.compare.compare_quotes`` must name each edit and say whether it is a misquote. Baseline:
difflib's similarity ratio under a threshold flags a misquote, as a newsroom script does today; the
threshold is the best one on the generated dev set (for the generated set) and on the hand-written dev
half (for the hand-written set), never on what is scored as held out. It cannot name edits, so per edit
type its column is the share it flags (for verbatim copies: its false alarms).
"""

from __future__ import annotations

import argparse
import difflib
import json
import random
from dataclasses import dataclass
from pathlib import Path

from harness import Run, Table, add_output_arguments, finish, start, timed
from misquote_edits import SINGLE_EDITS, Edited, bare, is_load_bearing, restyle, typographic_key

from veracity.eval.polnear import read_split
from veracity.text.compare import compare_quotes

MIN_WORDS = 8
HANDWRITTEN = Path(__file__).resolve().parent / "data" / "misquotes"
KINDS = ("verbatim", "marked_elision", "unmarked_elision", "truncation", "substitution", "insertion",
         "bracketed_insertion", "censoring", "reordering", "changed_meaning")
# Two edits in one printing: (first, second); "restyle" is a typographic restyling of the whole printing.
STACKS = (("restyle", "marked elision"), ("bracketed", "marked elision"), ("substitution", "unmarked elision"),
          ("restyle", "negation lost"), ("number changed", "cut before a qualifier"),
          ("censoring", "cut before a qualifier"), ("insertion", "marked elision"),
          ("restyle", "cut before a qualifier"), ("bracketed", "negation lost"))
STACKS_PER_QUOTE = 2
_OPEN, _CLOSE = "\"“‘'«", "\"”’'»"


@dataclass(frozen=True)
class Case:
    """A printing of a quote and what it is: its edit types (none for verbatim), misquote or not."""

    original: str
    printed: str
    types: frozenset[str]
    misquote: bool
    kind: str  # the edit type, "verbatim" or "stacked" (generated) / the labelled kind (hand-written)
    variant: str  # how it was made: "negation lost, contraction undone", "marks+spacing", a note


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


# --- the generated set ------------------------------------------------------------------------------------


def _changed_stretches(original: list[str], printed: list[str]) -> int:
    """How many separate stretches of words differ (so two stacked edits did not merge into one)."""
    matcher = difflib.SequenceMatcher(None, [bare(t) for t in original], [bare(t) for t in printed], autojunk=False)
    return sum(tag != "equal" for tag, *_ in matcher.get_opcodes())


def _stacked(
    quote: str, tokens: list[str], pair: tuple[str, str], rng: random.Random, vocabulary: list[str]
) -> Case | None:
    first, second = pair
    for _ in range(4):
        if first == "restyle":
            edit = SINGLE_EDITS[second](tokens, rng, vocabulary)
            styled = restyle(" ".join(edit.tokens), rng) if edit else None
            if edit and styled:
                return Case(quote, styled[0], edit.types, edit.misquote, "stacked", f"{second} + {styled[1]}")
            continue
        a = SINGLE_EDITS[first](tokens, rng, vocabulary)
        b = SINGLE_EDITS[second](a.tokens, rng, vocabulary) if a else None
        if a and b and _changed_stretches(tokens, b.tokens) == 2:
            return Case(quote, " ".join(b.tokens), a.types | b.types, a.misquote or b.misquote, "stacked",
                        f"{first} + {second}")
    return None


def make_cases(quotes: list[str], seed: int) -> tuple[list[Case], int]:
    """Every edit that applies to each quote, two stacked pairs, one typographic copy; and how many quotes
    no restyling could change (their copy is dropped, never kept identical)."""
    rng = random.Random(seed)
    vocabulary = sorted({t for q in quotes for t in q.split() if t.isalpha() and t.islower() and len(t) >= 4
                         and not is_load_bearing(t)})
    cases, dropped = [], 0
    for quote in quotes:
        tokens = quote.split()
        styled = restyle(quote, rng)
        if styled is None:
            dropped += 1
        else:
            cases.append(Case(quote, styled[0], frozenset(), False, "verbatim", styled[1]))
        for editor in SINGLE_EDITS.values():
            edited: Edited | None = editor(tokens, rng, vocabulary)
            if edited is not None:
                (kind,) = edited.types
                cases.append(Case(quote, " ".join(edited.tokens), edited.types, edited.misquote, kind, edited.variant))
        made = 0
        for pair in rng.sample(STACKS, len(STACKS)):
            case = _stacked(quote, tokens, pair, rng, vocabulary) if made < STACKS_PER_QUOTE else None
            if case is not None:
                cases.append(case)
                made += 1
    copies = [c for c in cases if c.kind == "verbatim"]
    assert all(c.printed != c.original for c in copies), "a verbatim copy is identical to its original"
    assert all(typographic_key(c.printed) == typographic_key(c.original) for c in copies), "a copy changed words"
    return cases, dropped


# --- the hand-written set -------------------------------------------------------------------------------


def read_handwritten(path: Path) -> list[Case]:
    """One half of ``benchmarks/data/misquotes``: a JSON object per line (see its README)."""
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        kinds = {row["kind"], *row.get("also", [])}
        unknown = kinds - set(KINDS)
        if unknown or not isinstance(row["misquote"], bool):
            raise ValueError(f"{path}:{number}: unknown kind {sorted(unknown)} or misquote not true/false")
        cases.append(Case(row["original"], row["printed"], frozenset(kinds - {"verbatim"}), row["misquote"],
                          row["kind"], row.get("note", "")))
    return cases


# --- scoring --------------------------------------------------------------------------------------------


def difflib_ratios(cases: list[Case]) -> list[float]:
    return [difflib.SequenceMatcher(None, c.original, c.printed).ratio() for c in cases]


def best_threshold(cases: list[Case]) -> float:
    """The ratio under which flagging a misquote scores the best F1 on these cases (the baseline's tuning)."""
    ratios, gold = difflib_ratios(cases), [c.misquote for c in cases]
    return max(sorted(set(ratios) | {1.0}), key=lambda t: _prf(*_counts([r < t for r in ratios], gold))["f1"])


def score(cases: list[Case], threshold: float) -> dict[str, object]:
    """Ours per edit type, on stacked edits and on misquote detection; the baseline beside it."""
    with timed() as took:
        comparisons = [compare_quotes(c.original, c.printed) for c in cases]
    flagged = [r < threshold for r in difflib_ratios(cases)]
    predicted: list[frozenset[str]] = [frozenset(c.types) for c in comparisons]
    single = [i for i, c in enumerate(cases) if c.kind != "stacked"]
    per_type = {}
    for label in sorted({cases[i].kind for i in single}):
        tp = fp = fn = 0
        for i in single:
            guess, gold = predicted[i] or {"verbatim"}, cases[i].types or {"verbatim"}
            tp += label in guess and label in gold
            fp += label in guess and label not in gold
            fn += label not in guess and label in gold
        per_type[label] = _prf(tp, fp, fn) | {"n": sum(cases[i].kind == label for i in single)}
    stacked = [i for i, c in enumerate(cases) if c.kind == "stacked"]
    ours = [c.is_misquote for c in comparisons]
    gold_misquote = [c.misquote for c in cases]
    return {
        "cases": len(cases), "quotes": len({c.original for c in cases}), "gold_misquotes": sum(gold_misquote),
        "per_type": per_type,
        "stacked": _stacked_scores(cases, predicted, ours, flagged, stacked),
        "misquote": {"ours": _prf(*_counts(ours, gold_misquote)), "baseline": _prf(*_counts(flagged, gold_misquote))},
        "baseline_threshold": round(threshold, 4),
        "baseline_recall_per_type": {k: _share([flagged[i] for i, c in enumerate(cases) if c.kind == k])
                                     for k in sorted({c.kind for c in cases})},
        "edit_type_accuracy": _type_accuracy(cases, predicted),
        "per_kind": _per_kind(cases, predicted, ours),
        "variants": _variants(cases, predicted, ours),
        "ms_per_comparison": round(1000 * took[0] / max(1, len(cases)), 3),
    }


def _stacked_scores(cases: list[Case], predicted: list[frozenset[str]], ours: list[bool], flagged: list[bool],
                    index: list[int]) -> dict[str, object]:
    found = sum(len(cases[i].types & predicted[i]) for i in index)
    gold = [cases[i].misquote for i in index]
    return {"n": len(index), "exact_set": _share([predicted[i] == cases[i].types for i in index]),
            "types_found": round(found / max(1, sum(len(cases[i].types) for i in index)), 4),
            "misquote": _prf(*_counts([ours[i] for i in index], gold)),
            "baseline_misquote": _prf(*_counts([flagged[i] for i in index], gold))}


def _named(case: Case, predicted: frozenset[str]) -> bool:
    """The labelled kind is among the edits found (verbatim: none found; stacked: both found)."""
    if case.kind == "verbatim":
        return not predicted
    return case.types <= predicted if case.kind == "stacked" else case.kind in predicted


def _type_accuracy(cases: list[Case], predicted: list[frozenset[str]]) -> dict[str, float]:
    pairs = list(zip(cases, predicted, strict=True))
    return {"kind_named": _share([_named(c, p) for c, p in pairs]),
            "exact_set": _share([p == c.types for c, p in pairs])}


def _per_kind(cases: list[Case], predicted: list[frozenset[str]], ours: list[bool]) -> dict[str, dict[str, float]]:
    out = {}
    for kind in sorted({c.kind for c in cases}):
        index = [i for i, c in enumerate(cases) if c.kind == kind]
        sub = [cases[i] for i in index]
        out[kind] = {"n": len(index), "verdict_right": _share([ours[i] == cases[i].misquote for i in index]),
                     **_type_accuracy(sub, [predicted[i] for i in index])}
    return out


def _variants(cases: list[Case], predicted: list[frozenset[str]], ours: list[bool]) -> dict[str, dict[str, float]]:
    """Per way of making a case (a typographic restyling counted on its own): named right, verdict right."""
    groups: dict[str, list[int]] = {}
    for i, case in enumerate(cases):
        names = case.variant.split("+") if case.kind == "verbatim" else [case.variant]
        for name in names:
            groups.setdefault(f"{case.kind}: {name.strip()}", []).append(i)
    return {key: {"n": len(index), "named": _share([_named(cases[i], predicted[i]) for i in index]),
                  "verdict_right": _share([ours[i] == cases[i].misquote for i in index])}
            for key, index in sorted(groups.items())}


def _share(flags: list[bool]) -> float:
    return round(sum(flags) / len(flags), 4) if flags else 0.0


def _counts(predicted: list[bool], gold: list[bool]) -> tuple[int, int, int]:
    tp = sum(p and g for p, g in zip(predicted, gold, strict=True))
    fp = sum(p and not g for p, g in zip(predicted, gold, strict=True))
    fn = sum(g and not p for p, g in zip(predicted, gold, strict=True))
    return tp, fp, fn


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}


# --- the run --------------------------------------------------------------------------------------------


def evaluate(data: Path, dev: Path, handwritten: Path | None, seed: int) -> dict[str, object]:
    """Every figure of the run: the generated set of ``data`` and the hand-written halves."""
    cases, dropped = make_cases(direct_quotes(data), seed)
    tuned_on = dev if dev.resolve() != data.resolve() else data
    threshold_cases = cases if tuned_on is data else make_cases(direct_quotes(dev), seed)[0]
    result = score(cases, best_threshold(threshold_cases))
    result |= {"data": str(data), "seed": seed, "verbatim_dropped": dropped,
               "baseline_threshold_chosen_on": f"generated cases of {tuned_on}"}
    if handwritten is not None and (handwritten / "dev.jsonl").exists():
        halves = {name: read_handwritten(handwritten / f"{name}.jsonl") for name in ("dev", "test")}
        threshold = best_threshold(halves["dev"])
        result["handwritten"] = {"baseline_threshold": round(threshold, 4),
                                 "baseline_threshold_chosen_on": "hand-written dev half",
                                 **{name: score(half, threshold) for name, half in halves.items()}}
    return result


def _default_dev(data: Path) -> Path:
    """The PolNeAR dev split beside ``data`` (the baseline's threshold is chosen there), else ``data``."""
    sibling = data.parent / "dev"
    return sibling if (sibling / "text").is_dir() else data


PRF = {"P": ".3f", "R": ".3f", "F1": ".3f"}
SHARES = ".3f"


def add_tables(run: Run, result: dict[str, object], args: argparse.Namespace) -> None:
    """The generated set's tables (per edit type, stacked, detection, with ``--variants`` per way of making
    a case), then the hand-written set's."""
    _per_type_table(run, result)
    _stacked_table(run, result)
    detection = _detection_table(run, "Misquote detection (generated)", result)
    detection.notes.append(f"baseline: difflib ratio < {result['baseline_threshold']}, threshold chosen on "
                           f"{result['baseline_threshold_chosen_on']}")
    if args.variants:
        _variants_table(run, result)
    handwritten = result.get("handwritten")
    if isinstance(handwritten, dict):
        _handwritten_tables(run, handwritten, args.handwritten)
    detection.notes.append(f"time per comparison {result['ms_per_comparison']} ms")


def _per_type_table(run: Run, result: dict[str, object]) -> None:
    per_type, flags = result["per_type"], result["baseline_recall_per_type"]
    assert isinstance(per_type, dict) and isinstance(flags, dict)
    table = run.table(f"Generated set, {result['data']}: {result['quotes']} direct quotes, {result['cases']} cases "
                      f"(seed {result['seed']}; {result['verbatim_dropped']} quotes with no typographic copy)",
                      ["edit type", "n", "P", "R", "F1", "baseline flags"], PRF | {"baseline flags": SHARES})
    for label, row in per_type.items():
        table.add(label, row["n"], row["p"], row["r"], row["f1"], flags[label])
    table.notes.append("ours names each edit (P, R, F1 of the type); the baseline cannot name edits: its column "
                       "is the share it flags (for verbatim copies: its false alarms)")


def _stacked_table(run: Run, result: dict[str, object]) -> None:
    stacked, flags = result["stacked"], result["baseline_recall_per_type"]
    assert isinstance(stacked, dict) and isinstance(flags, dict)
    table = run.table(f"Stacked (two edits in one printing): {stacked['n']} cases",
                      ["system", "exact set", "types found", "flagged", "misquote P", "misquote R", "misquote F1"],
                      {"exact set": SHARES, "types found": SHARES, "flagged": SHARES, "misquote P": ".3f",
                       "misquote R": ".3f", "misquote F1": ".3f"})
    ours, base = stacked["misquote"], stacked["baseline_misquote"]
    table.add("ours", stacked["exact_set"], stacked["types_found"], None, ours["p"], ours["r"], ours["f1"])
    table.add("baseline: difflib ratio", None, None, flags.get("stacked", 0), base["p"], base["r"], base["f1"])


def _detection_table(run: Run, title: str, result: dict[str, object]) -> Table:
    misquote = result["misquote"]
    assert isinstance(misquote, dict)
    table = run.table(title, ["system", "P", "R", "F1"], PRF)
    for name, key in (("ours", "ours"), (f"baseline: difflib ratio < {result['baseline_threshold']}", "baseline")):
        table.add(name, misquote[key]["p"], misquote[key]["r"], misquote[key]["f1"])
    return table


def _variants_table(run: Run, result: dict[str, object]) -> None:
    variants = result["variants"]
    assert isinstance(variants, dict)
    table = run.table("How the case was made (ours)", ["how the case was made", "n", "named", "verdict"],
                      {"named": SHARES, "verdict": SHARES})
    for key, row in variants.items():
        table.add(key, row["n"], row["named"], row["verdict_right"])


def _handwritten_tables(run: Run, handwritten: dict[str, dict], folder: Path) -> None:
    halves = run.table(f"Hand-written set ({folder}): misquote detection per half",
                       ["half", "system", "n", "misquotes", "P", "R", "F1", "kind named", "exact set"],
                       PRF | {"kind named": SHARES, "exact set": SHARES})
    for name in ("dev", "test"):
        half = handwritten[name]
        ours, base, acc = half["misquote"]["ours"], half["misquote"]["baseline"], half["edit_type_accuracy"]
        halves.add(name, "ours", half["cases"], half["gold_misquotes"], ours["p"], ours["r"], ours["f1"],
                   acc["kind_named"], acc["exact_set"])
        halves.add(name, f"baseline: difflib ratio < {handwritten['baseline_threshold']}", half["cases"],
                   half["gold_misquotes"], base["p"], base["r"], base["f1"], None, None)
    halves.notes.append("the baseline's threshold is chosen on the dev half only")
    kinds = run.table("Hand-written set per labelled kind (ours)",
                      ["kind", "dev n", "dev verdict", "dev named", "test n", "test verdict", "test named"],
                      {column: SHARES for column in ("dev verdict", "dev named", "test verdict", "test named")})
    for kind in sorted(set(handwritten["dev"]["per_kind"]) | set(handwritten["test"]["per_kind"])):
        cells: list[object] = []
        for name in ("dev", "test"):
            row = handwritten[name]["per_kind"].get(kind, {"n": 0, "verdict_right": 0.0, "kind_named": 0.0})
            cells += [row["n"], row["verdict_right"], row["kind_named"]]
        kinds.add(kind, *cells)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="a PolNeAR split folder (text/ and attributions/)")
    parser.add_argument("--dev", type=Path, help="the split the baseline's threshold is chosen on "
                        "(default: the dev split beside --data, else --data)")
    parser.add_argument("--handwritten", type=Path, default=HANDWRITTEN,
                        help="folder with the hand-written dev.jsonl and test.jsonl (default: "
                        "benchmarks/data/misquotes)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--variants", action="store_true", help="print how each way of making a case scores")
    parser.add_argument("--show-errors", type=int, default=0,
                        help="print this many misnamed generated cases and hand-written dev cases (never test)")
    add_output_arguments(parser)
    args = parser.parse_args(argv)
    run = start("misquotes")
    result = evaluate(args.data, args.dev or _default_dev(args.data), args.handwritten, args.seed)
    run.figures.update(result)
    add_tables(run, result, args)
    finish(run, args)
    if args.show_errors and not args.json:
        show_errors(args)
    return 0


def show_errors(args: argparse.Namespace) -> None:
    """Misnamed or misjudged cases of the generated set and of the hand-written dev half; test stays unread."""
    generated = make_cases(direct_quotes(args.data), args.seed)[0]
    sets = [("generated", generated)]
    if (args.handwritten / "dev.jsonl").exists():
        sets.append(("hand-written dev", read_handwritten(args.handwritten / "dev.jsonl")))
    for name, cases in sets:
        wrong = []
        for case in cases:
            comparison = compare_quotes(case.original, case.printed)
            if comparison.types != case.types or comparison.is_misquote != case.misquote:
                wrong.append((case, comparison))
        print(f"\n{name}: {len(wrong)} of {len(cases)} cases named or judged wrongly; the first {args.show_errors}:")
        for case, comparison in wrong[: args.show_errors]:
            print(f"\n[{case.kind}: {case.variant}] gold {sorted(case.types) or ['verbatim']} "
                  f"misquote {case.misquote}; got {sorted(comparison.types) or ['verbatim']} "
                  f"misquote {comparison.is_misquote}\n"
                  f"  O: {case.original!r}\n  P: {case.printed!r}")


if __name__ == "__main__":
    raise SystemExit(main())
