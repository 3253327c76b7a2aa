"""A floor on attribution quality over a slice of PolNeAR dev, so it cannot drop silently.

The full figures come from ``benchmarks/polnear.py``; this runs the same scorer on the first
``SLICE`` dev articles (about ten seconds) and fails if any exact F1 falls below its floor (the
figure measured on this slice, less a small margin).
"""

from __future__ import annotations

import pytest
from shared_data import POLNEAR_DEV

from veracity.eval.polnear import read_split
from veracity.eval.scoring import Scorer, from_quotes
from veracity.model import Document
from veracity.pipeline import default_pipeline

pytestmark = pytest.mark.integration

SLICE = 12
FLOORS = {"source": 0.79, "cue": 0.67, "content": 0.57, "relation": 0.44}  # measured .817 .695 .595 .466


@pytest.mark.skipif(not POLNEAR_DEV.is_dir(), reason="PolNeAR dev split not found beside the repository")
def test_exact_f1_on_a_dev_slice_stays_above_its_floor() -> None:
    articles = read_split(POLNEAR_DEV)
    texts = list(dict.fromkeys(a.text for a in articles))[:SLICE]
    docs = default_pipeline().run([Document(text=t) for t in texts])
    predicted = {doc.text: from_quotes(doc.quotes + doc.attributions) for doc in docs}  # PolNeAR annotates both
    scorer = Scorer()
    for article in articles:
        if article.text in predicted:
            scorer.add(article.text, article.attributions, predicted[article.text])
    result = scorer.result()
    measured = {role: result[role]["exact"]["f1"] for role in ("source", "cue", "content")}
    measured["relation"] = result["relation"]["f1"]
    print(measured)
    for name, floor in FLOORS.items():
        assert measured[name] >= floor, f"{name} exact F1 {measured[name]:.3f} fell below {floor}"
