"""Claim matching benchmark: CheckThat! 2020 task 2, our matcher against BM25, side by side.

    python benchmarks/claim_matching.py --data ../shared/data/claim-matching --split dev [--json] [--record FILE]

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
import sys
from pathlib import Path

import numpy as np
from harness import Run, add_output_arguments, finish, start, timed

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
    add_output_arguments(parser)
    args = parser.parse_args(argv)
    run = start("claim_matching")

    claims = load_verified_claims(args.data / "verified_claims.docs.tsv")
    queries = [q for q in load_queries(args.data / args.split).values() if q.relevant]
    column = {c.id: i for i, c in enumerate(claims)}
    relevant = [{column[c] for c in q.relevant if c in column} for q in queries]
    texts = [clean_tweet(q.text) for q in queries]
    factchecks = [FactCheck(str(c.id), c.claim, c.title) for c in claims]

    with timed() as build:
        embedder = matcher_embedder()
        matcher = ClaimMatcher(factchecks, embedder)
    with timed() as query:
        ours = metrics(matcher.scores(texts), relevant)
    reranking = ClaimMatcher(factchecks, embedder, matcher.claim_vectors, matcher.title_vectors,
                             reranker=ClaimReranker(RERANKER_DIR) if ClaimReranker.available(RERANKER_DIR) else None)
    with timed() as rerank:
        reranked = metrics(reranking.scores(texts), relevant)
    with timed() as lexical:
        baseline = metrics(matcher.lexical_scores(texts), relevant)  # BM25 alone, same index

    per_query = max(1, len(queries)) / 1000
    run.figures.update({
        "split": args.split, "queries": len(queries), "verified_claims": len(claims),
        "model": str(embedder.model_dir),
        "reranker": str(reranking.reranker.model_dir) if reranking.reranker else None,
        "ours": ours, "with_reranker_not_shipped": reranked, "baseline_bm25": baseline,
        "index_build_s": round(build[0], 1), "query_ms": round(query[0] / per_query, 1),
        "reranker_query_ms": round(rerank[0] / per_query, 1),
        "baseline_query_ms": round(lexical[0] / per_query, 1),
    })
    add_table(run, build[0])
    finish(run, args)
    return 0


def add_table(run: Run, build_seconds: float) -> None:
    """Ours, the optional reranker and the BM25 baseline as rows: the figures, then the time per query."""
    figures = run.figures
    table = run.table(f"{figures['split']}: {figures['queries']} tweets against {figures['verified_claims']} "
                      "verified claims", ["system", "map@1", "map@3", "map@5", "mrr", "ms per query"],
                      {"map@1": ".4f", "map@3": ".4f", "map@5": ".4f", "mrr": ".4f", "ms per query": ".1f"})
    for name, scores, ms in (("ours", "ours", "query_ms"),
                             ("+reranker (optional, not shipped)", "with_reranker_not_shipped", "reranker_query_ms"),
                             ("baseline: BM25", "baseline_bm25", "baseline_query_ms")):
        table.add(name, *(figures[scores][metric] for metric in ("map@1", "map@3", "map@5", "mrr")), figures[ms])
    table.notes.append(f"model {figures['model']}; reranker {figures['reranker']}")
    table.notes.append(f"index build {build_seconds:.1f} s (every verified claim and its title embedded)")


if __name__ == "__main__":
    raise SystemExit(main())
