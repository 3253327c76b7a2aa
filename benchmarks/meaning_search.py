"""Meaning search benchmark: what storing sentence vectors costs, how fast a meaning search answers, and
what it finds where full text fails.

    python benchmarks/meaning_search.py --data ../shared/data/claim-matching \\
        --seed ../shared/data/polnear/data/train [--docs 200] [--json] [--record FILE]

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
import os
import random
import sys
import tempfile
from pathlib import Path
from typing import Any

from harness import Run, Table, add_output_arguments, finish, start, timed
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
        with timed() as took:
            for doc in docs:
                store.add(doc)
        return round(len(docs) / took[0], 1)


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
    add_output_arguments(parser)
    args = parser.parse_args()
    run = start("meaning_search")
    report: dict[str, Any] = {"blas_threads": os.environ.get("OPENBLAS_NUM_THREADS", "default")}
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
            with timed() as took:
                for doc in documents:
                    store.add(doc)
            report["claims"]["per_second_with_vectors"] = round(len(documents) / took[0], 1)
            with timed() as took:
                store.search("warm", mode="meaning")
            report["claims"]["index_build_s"] = round(took[0], 2)
            report["claims"]["vectors"] = int(store._db.execute("SELECT count(*) FROM vectors").fetchone()[0])
        report["claims"]["index_file_mb"] = round(path.with_name("claims.db.usearch").stat().st_size / 2**20, 1)
        with SqliteStore(path) as store:
            with timed() as took:
                store.search("warm", mode="meaning")
            report["claims"]["index_load_s"] = round(took[0], 2)
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
    run.figures.update(report)
    add_rate_table(run, report)
    index_table(run, report)
    search_table(run, report)
    index_only_table(run, report)
    finish(run, args)
    return 0


def add_rate_table(run: Run, report: dict[str, Any]) -> Table:
    """Documents stored a second, each way: what storing sentence vectors costs over storing text alone."""
    table = run.table("Add rate, documents/s (a fresh SQLite store each way)",
                      ["documents", "count", "without vectors", "with vectors"],
                      {"without vectors": ".1f", "with vectors": ".1f"})
    for name, key in (("generated articles", "generated_articles"), ("claims", "claims")):
        rates = report[key]
        table.add(name, rates["documents"], rates["per_second_without_vectors"], rates["per_second_with_vectors"])
    return table


def index_table(run: Run, report: dict[str, Any]) -> Table:
    """The claims' usearch index: built from the table at the first meaning search, then loaded from its file."""
    claims = report["claims"]
    table = run.table("Meaning index over the claims", ["index", "vectors", "built s", "file MB", "loaded s"],
                      {"built s": ".2f", "file MB": ".1f", "loaded s": ".2f"})
    table.add("usearch", claims["vectors"], claims["index_build_s"], claims["index_file_mb"], claims["index_load_s"])
    return table


def search_table(run: Run, report: dict[str, Any]) -> Table:
    """Each search mode: its latency over every tweet (limit 10) and its paraphrase retrieval per split; ``text``
    (full text) is the baseline."""
    splits = list(report["quality"])
    quality_columns = [f"{split} {measure}" for split in splits for measure in ("R@1", "R@5", "MRR")]
    table = run.table("Search by mode: latency and paraphrase retrieval", ["mode", "p50 ms", "p95 ms",
                                                                           *quality_columns],
                      {"p50 ms": ".2f", "p95 ms": ".2f", **dict.fromkeys(quality_columns, ".4f")})
    for mode in SEARCH_MODES:
        figures = [report["quality"][split][mode][key] for split in splits for key in ("recall@1", "recall@5", "mrr")]
        table.add(mode, report["latency"][mode]["p50_ms"], report["latency"][mode]["p95_ms"], *figures)
    alone = report["latency"]["meaning_without_embedding"]
    table.add("meaning, the query embedded beforehand", alone["p50_ms"], alone["p95_ms"],
              *[None] * len(quality_columns))
    table.notes += [
        "text is the baseline: the store's FTS5 search (every word of the tweet must match)",
        "queries: " + ", ".join(f"{split} {result['queries']}" for split, result in report["quality"].items()),
        f"latency over all {sum(r['queries'] for r in report['quality'].values())} tweets, limit 10; "
        f"OPENBLAS_NUM_THREADS {report['blas_threads']}"]
    return table


def index_only_table(run: Run, report: dict[str, Any]) -> Table:
    """usearch alone, without the store: exact search beside HNSW, and how much of the exact ten HNSW finds."""
    only = report["index_only"]
    table = run.table("usearch alone, 10 nearest", ["search", "p50 ms", "p95 ms", "finds of the exact ten"],
                      {"p50 ms": ".2f", "p95 ms": ".2f", "finds of the exact ten": ".1%"})
    table.add("exact", only["exact"]["p50_ms"], only["exact"]["p95_ms"], None)
    table.add("HNSW", only["hnsw"]["p50_ms"], only["hnsw"]["p95_ms"], only["hnsw_recall@10"])
    return table


if __name__ == "__main__":
    sys.exit(main())
