"""The benchmarks' shared harness and the writer that puts a recorded run into RESULTS.md."""

from __future__ import annotations

import argparse
import ast
import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from harness import Run, Table, finish, peak_rss_mb, start  # noqa: E402
from results import main as write_results  # noqa: E402

pytestmark = pytest.mark.unit


def _run() -> Run:
    run = start("toy")
    table = run.table("Scores", ["system", "F1", "docs"], {"F1": ".3f", "docs": ",.0f"})
    table.add("ours", 0.81234, 1200)
    table.add("baseline", 0.5, None)
    return run


def test_a_table_prints_for_a_person_and_as_markdown() -> None:
    table = _run().tables[0]
    assert table.text().splitlines() == ["Scores", "system       F1   docs", "ours      0.812  1,200",
                                         "baseline  0.500      –"]
    assert "| ours | 0.812 | 1,200 |" in table.markdown()
    with pytest.raises(ValueError, match="3 columns, not 2"):
        table.add("x", 1.0)


def test_the_record_round_trips_and_json_prints_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run = _run()
    args = argparse.Namespace(json=True, record=tmp_path / "run.json")
    finish(run, args)
    printed = json.loads(capsys.readouterr().out)
    assert printed == json.loads(args.record.read_text()) == run.to_dict()
    again = Run.from_dict(printed)
    assert again.tables[0].text() == run.tables[0].text() and again.command == run.command


def test_a_recorded_run_replaces_only_its_own_section(tmp_path: Path) -> None:
    record, results = tmp_path / "run.json", tmp_path / "RESULTS.md"
    record.write_text(json.dumps(_run().to_dict()))
    results.write_text("# Results\n\nprose a person wrote\n")
    assert write_results([str(record), "--results", str(results)]) == 0
    first = results.read_text()
    assert first.startswith("# Results\n\nprose a person wrote\n\n<!-- run:toy -->")
    assert write_results([str(record), "--results", str(results), "--check"]) == 0
    results.write_text(first.replace("0.812", "0.9") + "\nlater prose\n")
    assert write_results([str(record), "--results", str(results), "--check"]) == 1
    assert write_results([str(record), "--results", str(results)]) == 0
    assert results.read_text() == first + "\nlater prose\n"


def test_unreadable_inputs_are_one_line_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "bad.json").write_text("{not json")
    assert write_results([str(tmp_path / "bad.json")]) == 2
    record = tmp_path / "run.json"
    record.write_text(json.dumps(_run().to_dict()))
    assert write_results([str(record), "--results", str(tmp_path / "missing.md")]) == 2
    assert all(line.startswith("results: cannot read") for line in capsys.readouterr().err.splitlines())


def test_peak_memory_counts_this_process() -> None:
    assert 10 < peak_rss_mb(children=False) <= peak_rss_mb()


def test_table_cells_that_are_not_numbers_print_as_they_are() -> None:
    table = Table("", ["a", "b"], formats={"b": ".1f"})
    table.add("x", "n/a")
    assert table.text() == "a    b\nx  n/a"


# Modules of benchmarks/ that are not benchmarks: the harness itself, the RESULTS writer, and two libraries.
NOT_BENCHMARKS = {"harness", "results", "misquote_edits", "aasist_model"}


def test_every_benchmark_runs_on_the_harness() -> None:
    """Issue 21: benchmarks printed their own way; each now stamps, prints and records a harness run."""
    folder = Path(__file__).resolve().parents[1] / "benchmarks"
    scripts = sorted(p for p in folder.glob("*.py") if p.stem not in NOT_BENCHMARKS)
    assert len(scripts) >= 25
    off = [p.name for p in scripts if not {"start", "finish"} <= _imported_from_harness(p)]
    assert off == []


def _imported_from_harness(script: Path) -> set[str]:
    tree = ast.parse(script.read_text(encoding="utf-8"))
    return {alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module == "harness"
            for alias in node.names}
