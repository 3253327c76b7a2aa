"""The tagger's graph rewrite (``training/slim_tagger_graph.py``) keeps every real token's output and
removes the per-layer masks and NaN guards; the shipped tagger is the rewritten graph.

The rewrite needs the ``onnx`` package (a training extra, absent in CI: skipped there); the shipped
graph's check needs only onnxruntime and runs everywhere.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import onnxruntime as ort
import pytest

from veracity.text.tagging import MODEL_DIR

TRAINING = Path(__file__).resolve().parents[2] / "training"


def _attention_like(layers: int = 2):
    """A tiny graph with the export's pattern: in each layer a Where builds the -inf mask, and after the
    softmax an IsNaN and a Where zero the rows that -inf turned into NaN."""
    from onnx import TensorProto, helper

    def constant(name: str, value: float):
        return helper.make_node("Constant", [], [name], value=helper.make_tensor(name, TensorProto.FLOAT, [1], [value]))

    nodes = [helper.make_node("Cast", ["mask"], ["keep"], to=TensorProto.BOOL)]
    nodes.append(helper.make_node("Unsqueeze", ["keep", "axis"], ["keep_rows"]))  # [B, 1, L]
    previous = "scores"
    for layer in range(layers):
        p = f"l{layer}"
        nodes += [
            constant(f"{p}_zero", 0.0),
            constant(f"{p}_minus_inf", float("-inf")),
            helper.make_node("Where", ["keep_rows", f"{p}_zero", f"{p}_minus_inf"], [f"{p}_mask"]),
            helper.make_node("Add", [previous, f"{p}_mask"], [f"{p}_masked"]),
            helper.make_node("Softmax", [f"{p}_masked"], [f"{p}_softmax"], axis=-1),
            helper.make_node("IsNaN", [f"{p}_softmax"], [f"{p}_nan"]),
            constant(f"{p}_zero2", 0.0),
            helper.make_node("Where", [f"{p}_nan", f"{p}_zero2", f"{p}_softmax"], [f"{p}_out"]),
        ]
        previous = f"{p}_out"
    nodes.append(helper.make_node("Identity", [previous], ["out"]))
    graph = helper.make_graph(
        nodes, "attention_like",
        [helper.make_tensor_value_info("scores", TensorProto.FLOAT, [None, None, None]),
         helper.make_tensor_value_info("mask", TensorProto.INT64, [None, None])],
        [helper.make_tensor_value_info("out", TensorProto.FLOAT, [None, None, None])],
        [helper.make_tensor("axis", TensorProto.INT64, [1], [1])],
    )
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])


def _run(model, feed):
    session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    return session.run(None, feed)[0]


@pytest.mark.unit
def test_slimming_shares_one_finite_mask_and_keeps_real_rows() -> None:
    onnx = pytest.importorskip("onnx")
    sys.path.insert(0, str(TRAINING))
    from slim_tagger_graph import slim

    model = _attention_like()
    rng = np.random.default_rng(0)
    feed = {"scores": rng.normal(size=(2, 5, 5)).astype(np.float32),
            "mask": np.array([[1, 1, 1, 1, 1], [1, 1, 0, 0, 0]], dtype=np.int64)}
    before = _run(model, feed)
    assert slim(model) == {"masks_shared": 2, "nan_guards_removed": 2}
    ops = [node.op_type for node in model.graph.node]
    assert ops.count("Where") == 1 and "IsNaN" not in ops
    after = _run(model, feed)
    assert np.isfinite(after).all()
    np.testing.assert_array_equal(after[0], before[0])
    np.testing.assert_array_equal(after[1][:, :2], before[1][:, :2])  # masked keys weigh exactly 0, as before
    assert slim(model) == {"masks_shared": 0, "nan_guards_removed": 0}  # a slimmed graph is left alone
    onnx.checker.check_model(model)


@pytest.mark.unit
def test_shipped_tagger_is_the_slimmed_graph_and_stays_finite_on_padding() -> None:
    graph = (MODEL_DIR / "tagger.onnx").read_bytes()
    assert b"IsNaN" not in graph  # op types are plain strings in the protobuf: no NaN guard is left
    session = ort.InferenceSession(graph, providers=["CPUExecutionProvider"])
    ids = np.full((2, 12), 2000, dtype=np.int64)
    mask = np.ones((2, 12), dtype=np.int64)
    mask[1, 4:] = 0  # the second window is mostly padding
    logits = session.run(["logits"], {"input_ids": ids, "attention_mask": mask})[0]
    assert np.isfinite(logits).all()
