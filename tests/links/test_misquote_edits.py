"""The misquote benchmark is not the detector's mirror: its edits, its verbatim copies, its hand-written pairs.

Issue 20 found the generator importing the detector's own negation and qualifier lists and most of its
"verbatim" cases identical to the original; these tests keep both from coming back, and keep the
hand-written pairs readable with the detector's edit names.
"""

from __future__ import annotations

import ast
import importlib
import json
import random
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from veracity.lang.en import negation, numbers
from veracity.text import compare

pytestmark = pytest.mark.unit

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
HANDWRITTEN = BENCHMARKS / "data" / "misquotes"
QUOTES = [
    "We don't have the money - and we're not going to pretend we do.",
    "I told him we would not bomb their capital unless they crossed that line, and I meant every word",
    "The scheme, which was launched in 2019, has cut waiting lists by a third... and it's only the start.",
    "It feels like, 'Meh, we can put this off a little bit'",
    "Nobody asked me—nobody—whether the \"review\" was independent. We will see what the court says.",
]


@pytest.fixture(scope="module")
def edits() -> ModuleType:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        return importlib.import_module("misquote_edits")
    finally:
        sys.path.remove(str(BENCHMARKS))


@pytest.fixture(scope="module")
def benchmark(edits: ModuleType) -> ModuleType:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        return importlib.import_module("misquotes")
    finally:
        sys.path.remove(str(BENCHMARKS))


def _imports(path: Path) -> dict[str, set[str]]:
    """Module name -> the names imported from it (an empty set for a plain ``import``)."""
    found: dict[str, set[str]] = {}
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.setdefault(node.module, set()).update(alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                found.setdefault(alias.name, set())
    return found


def test_the_edit_generator_imports_nothing_from_veracity() -> None:
    imported = _imports(BENCHMARKS / "misquote_edits.py")
    assert not [name for name in imported if name.split(".")[0] == "veracity"]
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys; import misquote_edits; "
         "print([m for m in sys.modules if m.startswith('veracity')])"],
        cwd=BENCHMARKS, capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "[]"


def test_the_runner_takes_only_the_detector_function_and_the_polnear_reader() -> None:
    imported = _imports(BENCHMARKS / "misquotes.py")
    ours = {name: names for name, names in imported.items() if name.split(".")[0] == "veracity"}
    assert ours == {"veracity.text.compare": {"compare_quotes"}, "veracity.eval.polnear": {"read_split"}}


def test_the_word_lists_are_not_the_detectors(edits: ModuleType) -> None:
    single_word_qualifiers = {q for q in edits.QUALIFIERS if " " not in q}
    assert single_word_qualifiers - negation.QUALIFIERS, "no qualifier the detector lacks"
    assert set(edits.APPROXIMATE_NEGATORS) - negation.NEGATIONS
    assert set(edits.ORDINALS) - numbers.NUMBER_WORDS
    assert any(" " in q for q in edits.QUALIFIERS)  # "provided that", "as long as" …


@pytest.mark.parametrize("seed", range(40))
def test_a_verbatim_copy_is_never_identical_and_differs_only_in_typography(edits: ModuleType, seed: int) -> None:
    rng = random.Random(seed)
    for quote in QUOTES:
        restyled = edits.restyle(quote, rng)
        assert restyled is not None
        printed, how = restyled
        assert printed != quote, how
        assert edits.typographic_key(printed) == edits.typographic_key(quote), how


def test_generated_cases_hold_no_identical_verbatim_copy_and_stack_two_edits(benchmark: ModuleType) -> None:
    cases, dropped = benchmark.make_cases(QUOTES, seed=3)
    verbatim = [c for c in cases if c.kind == "verbatim"]
    assert len(verbatim) == len(QUOTES) and dropped == 0
    assert all(c.printed != c.original for c in verbatim)
    stacked = [c for c in cases if c.kind == "stacked"]
    assert stacked and all(c.types for c in stacked)
    assert any(len(c.types) == 2 for c in stacked)


def test_a_lost_negation_and_a_cut_before_a_condition_are_misquotes(edits: ModuleType) -> None:
    tokens = "I told him we would not bomb their capital unless they crossed that line".split()
    lost = edits.negation_lost(tokens, random.Random(0), [])
    assert lost is not None and "not" not in lost.tokens and lost.misquote
    cut = edits.cut_before_qualifier(tokens, random.Random(0), [])
    assert cut is not None and cut.tokens[-1] == "capital" and cut.types == {"truncation"} and cut.misquote


@pytest.mark.parametrize("half", ["dev", "test"])
def test_the_hand_written_half_parses_with_the_detectors_edit_names(half: str) -> None:
    kinds = {"verbatim", *compare.EDIT_TYPES}
    lines = (HANDWRITTEN / f"{half}.jsonl").read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines if line.strip()]
    assert len(rows) >= 60
    for row in rows:
        assert set(row) <= {"original", "printed", "kind", "misquote", "note", "also"}, row
        assert row["kind"] in kinds and set(row.get("also", [])) <= set(compare.EDIT_TYPES), row
        assert isinstance(row["misquote"], bool) and row["note"], row
        assert row["original"] != row["printed"], row
        assert row["kind"] != "verbatim" or not row["misquote"], row
    assert len({row["kind"] for row in rows}) == len(kinds)
