"""benchmarks/claim_relations.py --nli: the cross-encoder's column, scored only on pairs it never trained on."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "claim_relations.py"
SHARED_DATA = Path(os.environ.get("VERACITY_DATA", Path(__file__).resolve().parents[3] / "shared" / "data"))
NLI_MODEL = Path(__file__).resolve().parents[2] / "src" / "veracity" / "models" / "nli" / "model.onnx"


@pytest.mark.skipif(not (SHARED_DATA / "nli").is_dir(), reason=f"shared data absent at {SHARED_DATA}")
@pytest.mark.skipif(not NLI_MODEL.is_file(), reason="no NLI model: train it with training/train_nli.py")
def test_nli_column_leaves_out_what_the_cross_encoder_trained_on(tmp_path: Path) -> None:
    seen = json.loads((SHARED_DATA / "nli" / "negation_snli.jsonl").read_text(encoding="utf-8").split("\n")[1])
    unseen = [
        {"premise": "A spokesperson said no such meeting took place.", "hypothesis": "The meeting took place.",
         "label": "contradiction"},
        {"premise": "The minister met the ambassador in Paris on Monday.",
         "hypothesis": "The minister met the ambassador.", "label": "entailment"},
    ]
    data = tmp_path / "pairs.jsonl"
    # The training pair is written with other case and spacing: still recognised, still left out.
    seen = {**seen, "premise": "  " + seen["premise"].upper()}
    data.write_text("\n".join(json.dumps(r) for r in [seen, *unseen]) + "\n", encoding="utf-8")
    train = tmp_path / "claimdiff.json"  # a tiny ClaimDiff-W file for the cosine threshold, none of it dev
    rows = [{"claim_a": f"The council approved budget {i}.", "claim_b": text, "relation": int(weakens),
             "pair_id": f"p{i}"}
            for i, (text, weakens) in enumerate([("The council rejected the budget.", True),
                                                 ("Parks will get more money.", False)] * 3)]
    train.write_text(json.dumps({"data": rows}), encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, str(SCRIPT), "--data", str(data), "--train", str(train), "--nli",
         "--nli-data", str(SHARED_DATA), "--json"], capture_output=True, text=True, check=True)
    report = json.loads(completed.stdout)
    assert report["pairs"] == 2 and report["left_out_as_nli_training"] == 1
    assert report["weakening"] == 1
    assert report["nli"]["accuracy"] == 1.0  # the denial contradicts, the paraphrase does not
    assert set(report["ours"]) == set(report["nli"]) == set(report["baseline_cosine"])
