"""Weight-only int8 for the NLI cross-encoder: int8 weights with one scale per output row, float activations.

Dynamic int8 (onnxruntime ``quantize_dynamic``) picks one activation scale per batch tensor, so a pair's
probabilities moved with its batch mates. Here only stored weights are int8; every activation stays float,
so a pair scores the same alone or in any batch. The GPU job returns these int8 rows (``pack``), measures
the model they make (``unpack``), and ``int8_onnx`` writes the very same rows into the exported graph:
the shipped weights equal the measured ones bit for bit.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import numpy as np
import torch

WORD_EMBEDDINGS = "encoder.embeddings.word_embeddings.weight"
Q_SUFFIX, SCALE_SUFFIX = ".q8", ".scale"


def quantisable(name: str, tensor: torch.Tensor) -> bool:
    """The encoder's 2-D weights (attention, feed-forward, embedding tables); the 3x384 head stays float."""
    return tensor.ndim == 2 and tensor.is_floating_point() and name.startswith("encoder.")


def quantise_rows(weight: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Symmetric int8 per row: a Linear weight's row is one output unit, an embedding's row one token."""
    weight = weight.detach().float().cpu()
    scale = (weight.abs().amax(dim=1) / 127).clamp(min=1e-12)
    q = torch.round(weight / scale[:, None]).clamp(-127, 127).to(torch.int8)
    return q, scale


def dequantise_rows(q: torch.Tensor, scale: torch.Tensor) -> torch.Tensor:
    return q.float() * scale[:, None]


def pack(state: dict[str, torch.Tensor], skip: tuple[str, ...] = ()) -> dict[str, torch.Tensor]:
    """int8 rows + scales for each quantisable weight, float32 for the rest; the unused pooler is dropped."""
    out = {}
    for name, tensor in state.items():
        if name in skip or ".pooler." in name:
            continue
        if quantisable(name, tensor):
            out[name + Q_SUFFIX], out[name + SCALE_SUFFIX] = quantise_rows(tensor)
        else:
            out[name] = tensor.detach().cpu().float() if tensor.is_floating_point() else tensor.detach().cpu()
    return {k: v.contiguous() for k, v in out.items()}


def unpack(packed: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    """The float state dict the int8 rows stand for (what onnxruntime computes with)."""
    state = {}
    for name, tensor in packed.items():
        if name.endswith(Q_SUFFIX):
            stem = name[: -len(Q_SUFFIX)]
            state[stem] = dequantise_rows(tensor, packed[stem + SCALE_SUFFIX])
        elif not name.endswith(SCALE_SUFFIX):
            state[name] = tensor
    return state


def _key(array: np.ndarray) -> tuple[tuple[int, ...], str]:
    return array.shape, hashlib.sha1(np.ascontiguousarray(array).tobytes()).hexdigest()


def int8_onnx(fp32_path: Path, packed: dict[str, torch.Tensor], out_path: Path) -> int:
    """Swap each float weight of the exported graph for its int8 rows; returns how many were swapped.

    The exporter renames (and transposes, for MatMul) initializers, so each one is matched by value to
    the dequantised rows it was exported from. MatMul weights become int8 + DequantizeLinear along the
    output axis; embedding tables are gathered as int8 and scaled per gathered row, so the 30k-row word
    table is never dequantised whole. Raises if a packed weight is missing from the graph.
    """
    import onnx
    from onnx import helper, numpy_helper

    rows: dict[tuple[tuple[int, ...], str], tuple[np.ndarray, np.ndarray, int]] = {}
    for name, q_tensor in packed.items():
        if name.endswith(Q_SUFFIX):
            q = q_tensor.numpy()
            scale = packed[name[: -len(Q_SUFFIX)] + SCALE_SUFFIX].numpy().astype(np.float32)
            deq = dequantise_rows(q_tensor, packed[name[: -len(Q_SUFFIX)] + SCALE_SUFFIX]).numpy()
            rows[_key(deq)] = (q, scale, 0)
            rows[_key(deq.T)] = (np.ascontiguousarray(q.T), scale, 1)
    model = onnx.load(str(fp32_path))
    graph = model.graph
    consumers: dict[str, list[onnx.NodeProto]] = {}
    for node in graph.node:
        for value in node.input:
            consumers.setdefault(value, []).append(node)
    kept, added_init, head_nodes, swapped = [], [], [], 0
    gather_swaps: dict[int, list[onnx.NodeProto]] = {}
    for init in graph.initializer:
        array = numpy_helper.to_array(init)
        match = rows.get(_key(array)) if array.ndim == 2 and array.dtype == np.float32 else None
        if match is None:
            kept.append(init)
            continue
        q, scale, axis = match
        swapped += 1
        q_name, s_name = f"{init.name}_int8", f"{init.name}_scale"
        added_init += [numpy_helper.from_array(q, q_name), numpy_helper.from_array(scale, s_name)]
        users = consumers.get(init.name, [])
        if axis == 0 and users and all(n.op_type == "Gather" and list(n.input).index(init.name) == 0 for n in users):
            for n, node in enumerate(users):
                gather_swaps[id(node)] = _gather_int8(node, q_name, s_name, f"{init.name}_g{n}", helper)
        else:
            head_nodes.append(helper.make_node("DequantizeLinear", [q_name, s_name], [init.name], axis=axis,
                                               name=f"{init.name}_dequantise"))
    if swapped != len(rows) // 2:
        raise SystemExit(f"int8: only {swapped} of {len(rows) // 2} packed weights found in the exported graph")
    nodes = list(head_nodes)
    for node in graph.node:
        nodes.extend(gather_swaps.get(id(node), [node]))
    del graph.initializer[:]
    graph.initializer.extend(kept + added_init)
    del graph.node[:]
    graph.node.extend(nodes)
    onnx.checker.check_model(model)
    onnx.save(model, str(out_path))
    return swapped


def _gather_int8(node: Any, q_name: str, s_name: str, prefix: str, helper: Any) -> list[Any]:
    """Gather(int8 table) * Gather(row scales): the same float rows, reading only the tokens in the batch."""
    indices, output = node.input[1], node.output[0]
    make = helper.make_node
    axes = f"{prefix}_axes"
    return [
        make("Constant", [], [axes], value=helper.make_tensor(axes, 7, [1], [-1])),  # int64 [-1]
        make("Gather", [q_name, indices], [f"{prefix}_q"], axis=0),
        make("Cast", [f"{prefix}_q"], [f"{prefix}_qf"], to=1),
        make("Gather", [s_name, indices], [f"{prefix}_s"], axis=0),
        make("Unsqueeze", [f"{prefix}_s", axes], [f"{prefix}_s1"]),
        make("Mul", [f"{prefix}_qf", f"{prefix}_s1"], [output]),
    ]
