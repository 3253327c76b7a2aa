"""TimeML reading and TempEval-3 scoring on small hand-made documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from veracity.eval.temporal import PredictedTimex, TimexScorer
from veracity.eval.timeml import read_tml

pytestmark = pytest.mark.unit

TML = """<?xml version="1.0" ?>
<TimeML>
<DCT><TIMEX3 tid="t0" type="DATE" value="1998-01-08" functionInDocument="CREATION_TIME">19980108</TIMEX3></DCT>
<TEXT>
AT&amp;T said <TIMEX3 tid="t1" type="DATE" value="1998-01-07">yesterday</TIMEX3> it would grow
for <TIMEX3 tid="t2" type="DURATION" value="P3Y">three years</TIMEX3>.<TIMEX3 tid="t3" type="DATE" value="1998"/>
</TEXT>
</TimeML>
"""


def test_reader_strips_tags_keeps_offsets_and_drops_empty_timexes(tmp_path: Path) -> None:
    path = tmp_path / "doc.tml"
    path.write_text(TML, encoding="utf-8")
    doc = read_tml(path)
    assert doc.dct == "1998-01-08"
    assert [(t.text, t.type, t.value) for t in doc.timexes] == [
        ("yesterday", "DATE", "1998-01-07"), ("three years", "DURATION", "P3Y")]
    assert all(doc.text[t.start:t.end] == t.text for t in doc.timexes)
    assert doc.text.startswith("\nAT&T said")


def test_scores_strict_relaxed_and_value_f1(tmp_path: Path) -> None:
    path = tmp_path / "doc.tml"
    path.write_text(TML, encoding="utf-8")
    doc = read_tml(path)
    yesterday, years = doc.timexes
    predicted = [
        PredictedTimex(yesterday.start, yesterday.end, "DATE", "1998-01-07"),  # exact, right value
        PredictedTimex(years.start + 6, years.end, "DURATION", "P2Y"),  # overlap only, wrong value
        PredictedTimex(0, 4, "DATE", "PRESENT_REF"),  # spurious
    ]
    scorer = TimexScorer()
    scorer.add(doc.name, doc.text, doc.timexes, predicted)
    result = scorer.result()
    assert result["strict_p"] == pytest.approx(1 / 3)
    assert result["relaxed_r"] == 1.0 and result["relaxed_p"] == pytest.approx(2 / 3)
    assert result["value_accuracy"] == 0.5
    assert result["value_f1"] == pytest.approx(0.8 * 0.5)
    assert {e["kind"] for e in scorer.errors} == {"wrong", "spurious"}
