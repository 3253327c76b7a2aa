"""Meaning search benchmark: what storing sentence vectors costs, how fast a meaning search answers, and
what it finds where full text fails.

    python benchmarks/meaning_search.py --data ../shared/data/claim-matching \\
        --seed ../shared/data/polnear/data/train [--docs 200] [--json]

(a) Add rate with and without embedding: ``--docs`` generated news articles (``benchmarks/store.py``'s
generator: PolNeAR sentences reshuffled, three quotes each) stored in a fresh SQLite store each way.
(b) Latency at 10,000+ documents: every CheckThat! 2020 verified claim (10,375) stored as a document
(the fact-check's title as title, the claim as its text and as one quote), so 20,000+ vectors; the
first meaning search builds the usearch index from the table, a reopened store loads it from its file;
then p50/p95 of ``Store.search`` per mode over every tweet of the splits (the query's embedding included).
(c) Paraphrase retrieval: each tweet of a split (``--splits``, dev used for tuning) searched in each
mode (limit 20, hits folded to documents); recall@1, recall@5 and MRR of the verified claim it repeats.
``text`` is the baseline (the store's FTS5 search: every word of the tweet must match).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shlex
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from store import generate, latencies_ms, seed_sentences  # benchmarks/store.py: the same generated articles

from veracity.links.embedder import shared_embedder
from veracity.model import Document, Metadata, Quote, QuoteContent, content_id
from veracity.store import SEARCH_MODES, SqliteStore, Store
from veracity.store.vectors import meaning_hits

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "training"))  # the data readers
from claim_data import clean_tweet, load_queries, load_verified_claims  # noqa: E402

LIMIT = 20


def claim_document(claim: str, title: str, claim_id: int) -> Document:
    quote = Quote(content_id("quote", claim_id), QuoteContent(claim, [(0, len(claim))]), None, None, None, None, None,
                  "indirect", confidence=1.0)
    return Document(text=claim, metadata=Metadata(title=title or None, site_name="Snopes",
                                                  source=f"checkthat/{claim_id}"), quotes=[quote])


def add_rate(docs: list[Document], folder: Path, embed: bool) -> float:
    with SqliteStore(folder / f"rate-{embed}.db", embed=embed) as store:
        started = time.perf_counter()
        for doc in docs:
            store.add(doc)
        return round(len(docs) / (time.perf_counter() - started), 1)


def ranked_documents(store: Store, query: str, mode: str) -> list[str]:
    return list(dict.fromkeys(hit.doc_id for hit in store.search(query, limit=LIMIT, mode=mode)))


def quality(store: Store, queries: list[tuple[str, set[str]]], mode: str) -> dict[str, float]:
    at1 = at5 = reciprocal = 0.0
    for text, gold in queries:
        ranked = ranked_documents(store, text, mode)
        rank = next((i for i, doc_id in enumerate(ranked, 1) if doc_id in gold), None)
        at1 += rank == 1
        at5 += rank is not None and rank <= 5
        reciprocal += 1.0 / rank if rank else 0.0
    n = max(1, len(queries))
    return {"recall@1": round(at1 / n, 4), "recall@5": round(at5 / n, 4), "mrr": round(reciprocal / n, 4)}


def index_only(index: Any, queries: list[Any]) -> dict[str, Any]:
    """usearch alone, 10 nearest: exact search against HNSW, and how many of the exact ten HNSW finds."""
    exact = [set(index.search(q, 10, exact=True).keys.tolist()) for q in queries]
    approximate = [set(index.search(q, 10).keys.tolist()) for q in queries]
    overlap = sum(len(a & e) / max(1, len(e)) for a, e in zip(approximate, exact, strict=True)) / max(1, len(queries))
    timed = {name: latencies_ms(lambda q, e=flag: index.search(q, 10, exact=e), queries)
             for name, flag in (("exact", True), ("hnsw", False))}
    return timed | {"hnsw_recall@10": round(overlap, 4)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="the CheckThat! 2020 task 2 folder")
    parser.add_argument("--seed", type=Path, required=True, help="a folder holding text/*.txt news articles")
    parser.add_argument("--docs", type=int, default=200, help="generated articles for the add rate, each way")
    parser.add_argument("--splits", default="dev,train")
    parser.add_argument("--claims", type=int, default=None, help="only the first N verified claims (a quick check)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    report: dict[str, Any] = {"command": shlex.join(sys.orig_argv),
                              "machine": f"{platform.platform()}, {os.cpu_count()} CPUs",
                              "blas_threads": os.environ.get("OPENBLAS_NUM_THREADS", "default")}
    shared_embedder().embed(["load the weights once, outside every timing"])
    sentences, per_article = seed_sentences(args.seed)
    articles = list(generate(sentences, per_article, 0, args.docs, random.Random(7)))
    claims = load_verified_claims(args.data / "verified_claims.docs.tsv")[: args.claims]
    documents = [claim_document(c.claim, c.title, c.id) for c in claims]
    splits = {}
    for split in args.splits.split(","):
        queries = [q for q in load_queries(args.data / split).values() if q.relevant]
        gold = {c.id: d.id for c, d in zip(claims, documents, strict=True)}
        pairs = [(clean_tweet(q.text), {gold[c] for c in q.relevant if c in gold}) for q in queries]
        splits[split] = [(text, relevant) for text, relevant in pairs if relevant]

    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        report["generated_articles"] = {"documents": args.docs, "per_second_without_vectors":
                                        add_rate(articles, folder, False), "per_second_with_vectors":
                                        add_rate(articles, folder, True)}
        report["claims"] = {"documents": len(documents),
                            "per_second_without_vectors": add_rate(documents, folder, False)}
        path = folder / "claims.db"
        with SqliteStore(path) as store:
            started = time.perf_counter()
            for doc in documents:
                store.add(doc)
            report["claims"]["per_second_with_vectors"] = round(len(documents) / (time.perf_counter() - started), 1)
            started = time.perf_counter()
            store.search("warm", mode="meaning")
            report["claims"]["index_build_s"] = round(time.perf_counter() - started, 2)
            report["claims"]["vectors"] = int(store._db.execute("SELECT count(*) FROM vectors").fetchone()[0])
        report["claims"]["index_file_mb"] = round(path.with_name("claims.db.usearch").stat().st_size / 2**20, 1)
        with SqliteStore(path) as store:
            started = time.perf_counter()
            store.search("warm", mode="meaning")
            report["claims"]["index_load_s"] = round(time.perf_counter() - started, 2)
            every = [text for queries in splits.values() for text, _ in queries]
            report["latency"] = {mode: latencies_ms(lambda q, m=mode: store.search(q, limit=10, mode=m), every)
                                 for mode in SEARCH_MODES}
            # The index and the rows alone: each query embedded beforehand, outside the timing.
            vectors = dict(zip(every, shared_embedder().embed(every), strict=True))
            report["latency"]["meaning_without_embedding"] = latencies_ms(
                lambda q: meaning_hits(store._db, store.vectors.index, vectors[q], 10), every)
            report["index_only"] = index_only(store.vectors.index.sync(store._db), [vectors[q] for q in every])
            report["quality"] = {split: {mode: quality(store, queries, mode) for mode in SEARCH_MODES} | {
                "queries": len(queries)} for split, queries in splits.items()}
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    print(f"command: {report['command']}\nmachine: {report['machine']}; OPENBLAS_NUM_THREADS "
          f"{report['blas_threads']}\n")
    generated, claims_report = report["generated_articles"], report["claims"]
    print(f"add rate, documents/s: generated articles ({generated['documents']}): "
          f"{generated['per_second_without_vectors']} without vectors, {generated['per_second_with_vectors']} with; "
          f"claims ({claims_report['documents']}): {claims_report['per_second_without_vectors']} without, "
          f"{claims_report['per_second_with_vectors']} with")
    print(f"index: {claims_report['vectors']} vectors, built from the table in {claims_report['index_build_s']} s, "
          f"loaded from its file ({claims_report['index_file_mb']} MB) in {claims_report['index_load_s']} s\n")
    print(f"{'mode':8} {'p50 ms':>7} {'p95 ms':>7}", end="")
    for split in report["quality"]:
        print(f"  {split + ' R@1':>10} {'R@5':>6} {'MRR':>6}", end="")
    print()
    for mode in SEARCH_MODES:
        print(f"{mode:8} {report['latency'][mode]['p50_ms']:>7} {report['latency'][mode]['p95_ms']:>7}", end="")
        for result in report["quality"].values():
            q = result[mode]
            print(f"  {q['recall@1']:>10} {q['recall@5']:>6} {q['mrr']:>6}", end="")
        print()
    alone = report["latency"]["meaning_without_embedding"]
    print(f"meaning, the query embedded beforehand: p50 {alone['p50_ms']} ms, p95 {alone['p95_ms']} ms")
    only = report["index_only"]
    print(f"usearch alone, 10 nearest: exact p50 {only['exact']['p50_ms']} / p95 {only['exact']['p95_ms']} ms, "
          f"HNSW p50 {only['hnsw']['p50_ms']} / p95 {only['hnsw']['p95_ms']} ms; HNSW finds "
          f"{only['hnsw_recall@10']:.1%} of the exact ten")
    print("\nqueries: " + ", ".join(f"{split} {result['queries']}" for split, result in report["quality"].items()))
    print(f"latency over all {sum(r['queries'] for r in report['quality'].values())} tweets, limit 10")
    return 0


if __name__ == "__main__":
    sys.exit(main())
