"""Rewrite the exported attribution tagger's attention masking into the form a CPU runs fastest.

    python training/slim_tagger_graph.py src/veracity/models/attribution/tagger.onnx [--out FILE]

torch's export of scaled-dot-product attention leaves, in every one of the six layers, a ``Where`` that
rebuilds the same additive mask (0 where a key may be attended, ``-inf`` where it is padding), and after
the softmax an ``IsNaN`` and a second ``Where`` that zero the rows of padded queries, which ``-inf``
everywhere turns into NaN. On one core those nodes took a sixth of the tagger's time. Here the mask is
built once and shared by every layer, and it masks with a large finite number instead of ``-inf``: a
padded query's row is then a finite softmax over the padding, never NaN, so the guard goes; a real
token's row is unchanged (the masked keys' weights are ``exp(-1e9)``, exactly 0 in float32, as before).
Only padded positions, whose tags are discarded, compute different numbers; they can shift the int8
scale of a batch that holds padding, which ``benchmarks/polnear.py`` showed leaves the spans as they were.
Needs the ``onnx`` package (the ``train`` extra), never at run time.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import onnx
from onnx import numpy_helper

MASK_VALUE = -1e9  # finite, so no softmax row is ever NaN; exp(MASK_VALUE - max) underflows to 0.0


def slim(model: onnx.ModelProto) -> dict[str, int]:
    """Share one finite attention mask across layers and drop the NaN guards; returns what changed.

    A graph without the pattern (already slimmed, or exported with eager attention) is left as it is.
    """
    graph = model.graph
    constants = {node.output[0]: node for node in graph.node if node.op_type == "Constant"}
    masks = [node for node in graph.node if node.op_type == "Where" and _is_mask(node, constants)]
    guards = [node for node in graph.node if node.op_type == "Where" and _is_nan_guard(node, graph)]
    if not masks and not guards:
        return {"masks_shared": 0, "nan_guards_removed": 0}
    if len(guards) != len(masks) or len({node.input[0] for node in masks}) != 1:
        raise ValueError(f"unexpected attention masking ({len(masks)} masks, {len(guards)} NaN guards, from "
                         f"{len({node.input[0] for node in masks})} conditions): not slimmed")

    shared = masks[0]
    _set_constant(constants[shared.input[2]], MASK_VALUE)
    renamed = {node.output[0]: shared.output[0] for node in masks[1:]}
    for guard in guards:
        nan_test = next(node for node in graph.node if node.output[0] == guard.input[0])
        renamed[guard.output[0]] = guard.input[2]  # the softmax output itself
        graph.node.remove(nan_test)
    for node in [*masks[1:], *guards]:
        graph.node.remove(node)
    for node in graph.node:
        for i, name in enumerate(node.input):
            if name in renamed:
                node.input[i] = renamed[name]
    _drop_unused_constants(graph)
    produced = {name for node in graph.node for name in node.output}
    for info in [v for v in graph.value_info if v.name not in produced]:  # shapes of removed tensors
        graph.value_info.remove(info)
    onnx.checker.check_model(model)
    return {"masks_shared": len(masks), "nan_guards_removed": len(guards)}


def _value(name: str, constants: dict[str, onnx.NodeProto]) -> np.ndarray | None:
    node = constants.get(name)
    return None if node is None else numpy_helper.to_array(node.attribute[0].t)


def _is_mask(node: onnx.NodeProto, constants: dict[str, onnx.NodeProto]) -> bool:
    keep, drop = _value(node.input[1], constants), _value(node.input[2], constants)
    return (keep is not None and drop is not None and keep.size == 1 and drop.size == 1
            and float(keep.item()) == 0.0 and np.isneginf(drop.item()))


def _is_nan_guard(node: onnx.NodeProto, graph: onnx.GraphProto) -> bool:
    producer = next((n for n in graph.node if node.input[0] in n.output), None)
    return producer is not None and producer.op_type == "IsNaN" and producer.input[0] == node.input[2]


def _set_constant(node: onnx.NodeProto, value: float) -> None:
    old = numpy_helper.to_array(node.attribute[0].t)
    node.attribute[0].t.CopyFrom(numpy_helper.from_array(np.full_like(old, value), node.attribute[0].t.name))


def _drop_unused_constants(graph: onnx.GraphProto) -> None:
    used = {name for node in graph.node for name in node.input} | {o.name for o in graph.output}
    for node in [n for n in graph.node if n.op_type == "Constant" and n.output[0] not in used]:
        graph.node.remove(node)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", type=Path, help="the exported tagger.onnx")
    parser.add_argument("--out", type=Path, default=None, help="where to write (default: in place)")
    args = parser.parse_args(argv)
    model = onnx.load(str(args.model))
    changed = slim(model)
    onnx.save(model, str(args.out or args.model))
    print(f"{args.out or args.model}: {changed}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
