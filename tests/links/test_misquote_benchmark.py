"""benchmarks/misquotes.py on a one-article split: every edit generated and named."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "misquotes.py"


def test_the_benchmark_generates_and_scores_every_edit_type(tmp_path: Path) -> None:
    quote = ("We will not raise taxes on the 95 percent of families, but we will ask the richest to pay "
             "their share, and he knows it")
    text = f"“{quote},” Senator Mary Smith said on Tuesday.\n"
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "story.txt").write_text(text, encoding="utf-8")
    start = text.index(quote)
    ann = f"T1\tContent {start} {start + len(quote)}\t{quote}\nE1\tAttribution:T1 Content:T1\n"
    (tmp_path / "attributions" / "story_aaaa.ann").write_text(ann, encoding="utf-8")
    completed = subprocess.run([sys.executable, str(SCRIPT), "--data", str(tmp_path), "--json"],
                               capture_output=True, text=True, check=True)
    report = json.loads(completed.stdout)["figures"]
    assert report["quotes"] == 1
    assert set(report["per_type"]) == {
        "verbatim", "changed_meaning", "truncation", "marked_elision", "unmarked_elision", "substitution",
        "censoring", "reordering", "insertion", "bracketed_insertion"}
    assert all(row["f1"] == 1.0 for row in report["per_type"].values())
    assert report["misquote"]["ours"]["f1"] == 1.0
