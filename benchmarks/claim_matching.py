"""Claim matching benchmark: CheckThat! 2020 task 2, our matcher against BM25, side by side.

    python benchmarks/claim_matching.py --data ../shared/data/claim-matching --split dev [--json]

Each tweet of the split is matched against every verified claim (``verified_claims.docs.tsv``);
MAP@1, MAP@5 and MRR as the task scores them (average precision over the top k, divided by the
number of relevant claims up to k). Baseline: BM25 (bm25s, English stop words) over each verified
claim with its title, the task's own baseline. Ours: ``veracity.links.claim_matching.ClaimMatcher`` as
shipped (bi-encoder + BM25, one stage); beside it the optional cross-encoder second stage (``reranker=``,
not used by Veracity: it was selected on this dev split and lost on held-out tweets), so its share shows.
Index build time (embedding every verified claim and its title) is reported apart from query time.
"""

from __future__ import annotations

import argparse
import datetime
import json
import platform
import shlex
import sys
import time
from pathlib import Path

import numpy as np

from veracity.links.claim_matching import ClaimMatcher, FactCheck, matcher_embedder
from veracity.links.claim_reranker import ClaimReranker

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "training"))  # the data readers
from claim_data import clean_tweet, load_queries, load_verified_claims  # noqa: E402

RERANKER_DIR = Path(__file__).resolve().parent / "models" / "claim_reranker"  # not shipped: see claim_reranker


def metrics(scores: np.ndarray, relevant: list[set[int]], ks: tuple[int, ...] = (1, 3, 5)) -> dict[str, float]:
    """MAP@k and MRR over queries; ``relevant`` holds column indices of each query's right answers."""
    out: dict[str, list[float]] = {f"map@{k}": [] for k in ks} | {"mrr": []}
    for row, gold in zip(scores, relevant, strict=True):
        order = np.argsort(-row, kind="stable")
        for k in ks:
            hits, total = 0, 0.0
            for rank, column in enumerate(order[:k], 1):
                if column in gold:
                    hits += 1
                    total += hits / rank
            out[f"map@{k}"].append(total / max(1, min(len(gold), k)))
        ranks = np.flatnonzero(np.isin(order, list(gold)))
        out["mrr"].append(1.0 / (ranks[0] + 1) if len(ranks) else 0.0)
    return {name: round(float(np.mean(values)), 4) for name, values in out.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="folder with verified_claims.docs.tsv and splits")
    parser.add_argument("--split", default="dev")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    claims = load_verified_claims(args.data / "verified_claims.docs.tsv")
    queries = [q for q in load_queries(args.data / args.split).values() if q.relevant]
    column = {c.id: i for i, c in enumerate(claims)}
    relevant = [{column[c] for c in q.relevant if c in column} for q in queries]
    texts = [clean_tweet(q.text) for q in queries]
    factchecks = [FactCheck(str(c.id), c.claim, c.title) for c in claims]

    started = time.perf_counter()
    embedder = matcher_embedder()
    matcher = ClaimMatcher(factchecks, embedder)
    build_seconds = time.perf_counter() - started
    started = time.perf_counter()
    ours = metrics(matcher.scores(texts), relevant)
    query_seconds = time.perf_counter() - started
    reranking = ClaimMatcher(factchecks, embedder, matcher.claim_vectors, matcher.title_vectors,
                             reranker=ClaimReranker(RERANKER_DIR) if ClaimReranker.available(RERANKER_DIR) else None)
    started = time.perf_counter()
    reranked = metrics(reranking.scores(texts), relevant)
    rerank_seconds = time.perf_counter() - started
    started = time.perf_counter()
    baseline = metrics(matcher.lexical_scores(texts), relevant)  # BM25 alone, same index
    baseline_seconds = time.perf_counter() - started

    result = {
        "command": " ".join(shlex.quote(a) for a in [sys.executable, *sys.argv]),
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.platform()}, {platform.machine()}",
        "split": args.split, "queries": len(queries), "verified_claims": len(claims),
        "model": str(embedder.model_dir),
        "reranker": str(reranking.reranker.model_dir) if reranking.reranker else None,
        "ours": ours, "with_reranker_not_shipped": reranked, "baseline_bm25": baseline,
        "index_build_s": round(build_seconds, 1), "query_ms": round(1000 * query_seconds / max(1, len(queries)), 1),
        "reranker_query_ms": round(1000 * rerank_seconds / max(1, len(queries)), 1),
        "baseline_query_ms": round(1000 * baseline_seconds / max(1, len(queries)), 1),
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"command: {result['command']}\ndate:    {result['date']}\nmachine: {result['machine']}")
    print(f"data:    {args.split}: {len(queries)} tweets against {len(claims)} verified claims; "
          f"model {embedder.model_dir}; reranker {result['reranker']}\n")
    print(f"{'':10} {'ours':>8} {'+reranker':>10} {'BM25':>8}   (+reranker: optional, not shipped)")
    for name in ours:
        print(f"{name:10} {ours[name]:8.4f} {reranked[name]:10.4f} {baseline[name]:8.4f}")
    print(f"\nindex build {build_seconds:.1f} s; per query: ours {result['query_ms']} ms, with the reranker "
          f"{result['reranker_query_ms']} ms, BM25 {result['baseline_query_ms']} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
