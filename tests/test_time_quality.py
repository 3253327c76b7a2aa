"""A floor on temporal tagging quality over a slice of TempEval-3 (TBAQ), so it cannot drop silently.

Full figures come from ``benchmarks/tempeval3.py``; this scores the first ``SLICE`` TimeBank
documents with the same scorer and fails if value F1 or relaxed F1 falls below its floor.
"""

from __future__ import annotations

import pytest
from shared_data import SHARED_DATA

from veracity.eval.temporal import PredictedTimex, TimexScorer
from veracity.eval.timeml import read_folder
from veracity.time import find_times

pytestmark = pytest.mark.integration

TIMEBANK = SHARED_DATA / "tempeval3" / "train" / "TimeBank"
SLICE = 60
FLOORS = {"relaxed_f1": 0.90, "value_f1": 0.78}  # measured on this slice (407 gold): .924 and .808


@pytest.mark.skipif(not TIMEBANK.is_dir(), reason="TempEval-3 TimeBank not found beside the repository")
def test_value_f1_on_a_timebank_slice_stays_above_its_floor() -> None:
    scorer = TimexScorer()
    for doc in read_folder(TIMEBANK)[:SLICE]:
        predicted = [PredictedTimex(t.start, t.end, t.type, t.value) for t in find_times(doc.text, doc.dct)]
        scorer.add(doc.name, doc.text, doc.timexes, predicted)
    result = scorer.result()
    for metric, floor in FLOORS.items():
        assert result[metric] >= floor, (metric, round(float(result[metric]), 3))
