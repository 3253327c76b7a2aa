"""Web API under a newsroom's mixed load: readers and writers at once on a large store.

    python benchmarks/api_mixed_load.py --seed ../shared/data/polnear/data/train [--docs 10000] [--readers 20]
                                        [--writers 5] [--seconds 60] [--panels 40] [--json] [--record FILE]

Builds a store of ``--docs`` documents the way benchmarks/store.py does (real news sentences from
``--seed`` reshuffled into articles with quotes and named speakers, stored with random unit vectors, no
analysis), computes the conflicts panels of ``--panels`` of them in-process (what a page view cost before
panels were kept: the baseline for the conflicts row), then starts `veracity serve` over the store and runs,
for ``--seconds``:

- ``--readers`` threads, each on its own kept-alive connection, cycling through GET /dossiers/{id} (a random
  stored document), GET /search?q= (default mode: words and meaning fused; two or three content words from
  the seed), GET /dossiers/{id}/links (one of the documents whose panel was computed) and GET /health;
- ``--writers`` threads posting real 1,000-word articles (api_load.py's, from ``--seed``) with ``?wait=60``,
  each then stored and its panel computed by the server on its links lane.

Every answer other than 200/201/202 is an error and makes the run exit 1. Baselines in the same run: the
panel computed per view (in-process), and the same searches in-process with no HTTP and no other load.
Targets (issue 18): GET dossier p95 < 50 ms, search p95 < 300 ms, conflicts p95 < 200 ms, /health p95 < 50 ms,
no errors. The server's resident memory is read from /proc at the end.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import random
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from api_load import PUBLISHED, _free_port, articles, percentiles, server_rss_mb, start_server  # noqa: E402
from harness import Run, Table, add_output_arguments, finish, start  # noqa: E402
from store import generate, queries, seed_sentences  # noqa: E402

from veracity.links.embedder import DIMENSION  # noqa: E402
from veracity.store import SqliteStore  # noqa: E402
from veracity.store.vectors import texts_to_embed  # noqa: E402

TARGETS_MS = {"dossier": 50, "search": 300, "conflicts": 200, "health": 50}
BASELINES = {"conflicts_computed_per_view": ("conflicts", "baseline: conflicts computed per view (in-process)"),
             "search_in_process_alone": ("search", "baseline: search in-process, no other load")}


def unit_vectors(doc: Any, rng: np.random.Generator) -> list[tuple[str, str, bytes]]:
    """A random unit vector per text the store embeds (float16, as stored): search costs what it costs."""
    keys = [key for key, _ in texts_to_embed(doc)]
    vectors = rng.standard_normal((len(keys), DIMENSION)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return [(doc.id, key, row.astype(np.float16).tobytes()) for key, row in zip(keys, vectors, strict=True)]


def build_store(path: Path, seed: Path, docs: int) -> tuple[list[str], list[str], float]:
    """The store of ``docs`` generated documents; their ids, search queries, and seconds taken."""
    sentences, per_article = seed_sentences(seed)
    rng, vectors_rng = random.Random(7), np.random.default_rng(7)
    started = time.perf_counter()
    ids = []
    with SqliteStore(path) as store:
        for doc in generate(sentences, per_article, 0, docs, rng):
            store.add(doc, vectors=unit_vectors(doc, vectors_rng))
            ids.append(doc.id)
    # Many more queries than a run sends, so the server's cache of query embeddings is rarely hit.
    return ids, queries(sentences, 5000, random.Random(3)), time.perf_counter() - started


def compute_panels(path: Path, ids: list[str]) -> list[float]:
    """Compute and store the panels of ``ids`` in-process, as the server's links lane does: ms for each."""
    from veracity.web.analyst import Analyst
    from veracity.web.jobs import Job
    from veracity.web.stores import StoreHandles

    stores = StoreHandles(str(path))
    analyst = Analyst(stores)
    times = []
    for doc_id in ids:
        started = time.perf_counter()
        analyst.links(Job("bench", "links"), doc_id)
        times.append(1000 * (time.perf_counter() - started))
    stores.close_all()
    return times


def in_process_search(path: Path, qs: list[str]) -> list[float]:
    times = []
    with SqliteStore(path) as store:
        store.search(qs[0], limit=20, mode="both")  # loads the embedder and the vector index
        for q in qs:
            started = time.perf_counter()
            store.search(q, limit=20, mode="both")
            times.append(1000 * (time.perf_counter() - started))
    return times


class Recorder:
    def __init__(self) -> None:
        self.latencies: dict[str, list[float]] = {}
        self.errors: dict[str, int] = {}
        self.lock = threading.Lock()

    def add(self, kind: str, ms: float, ok: bool) -> None:
        with self.lock:
            self.latencies.setdefault(kind, []).append(ms)
            if not ok:
                self.errors[kind] = self.errors.get(kind, 0) + 1


def _request(port: int, connection: list[http.client.HTTPConnection], method: str, path: str,
             body: bytes | None = None) -> tuple[int, bytes]:
    headers = {"Content-Type": "application/json"} if body is not None else {}
    try:
        connection[0].request(method, path, body, headers)
        answer = connection[0].getresponse()
        return answer.status, answer.read()
    except OSError:
        connection[0] = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        return 0, b""


def reader(port: int, number: int, ids: list[str], panels: list[str], qs: list[str], until: float,
           record: Recorder) -> None:
    rng = random.Random(number)
    connection = [http.client.HTTPConnection("127.0.0.1", port, timeout=120)]
    for kind in itertools.cycle(["dossier", "search", "conflicts", "health"][number % 4:] +
                                ["dossier", "search", "conflicts", "health"][:number % 4]):
        if time.monotonic() > until:
            return
        path = {"dossier": lambda: f"/dossiers/{rng.choice(ids)}",
                "search": lambda: "/search?" + urllib.parse.urlencode({"q": rng.choice(qs)}),
                "conflicts": lambda: f"/dossiers/{rng.choice(panels)}/links",
                "health": lambda: "/health"}[kind]()
        started = time.perf_counter()
        status, body = _request(port, connection, "GET", path)
        record.add(kind, 1000 * (time.perf_counter() - started), status == 200)
        if status != 200:
            print(f"GET {path} answered {status}: {body[:200]!r}", file=sys.stderr)


def writer(port: int, texts: list[str], until: float, record: Recorder) -> None:
    connection = [http.client.HTTPConnection("127.0.0.1", port, timeout=120)]
    for text in texts:
        if time.monotonic() > until:
            return
        body = json.dumps({"text": text, "published": PUBLISHED}).encode()
        started = time.perf_counter()
        status, answer = _request(port, connection, "POST", "/documents?wait=60", body)
        record.add("post", 1000 * (time.perf_counter() - started), status in (200, 201, 202))
        if status not in (200, 201, 202):
            print(f"POST answered {status}: {answer[:200]!r}", file=sys.stderr)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=Path, required=True, help="a folder of text/*.txt news articles")
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--readers", type=int, default=20)
    parser.add_argument("--writers", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--panels", type=int, default=40, help="documents whose panels readers open")
    add_output_arguments(parser)
    args = parser.parse_args()
    run = start("api_mixed_load")
    report: dict[str, Any] = {"docs": args.docs, "readers": args.readers, "writers": args.writers,
                              "seconds": args.seconds}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "store.db"
        ids, qs, build_s = build_store(path, args.seed, args.docs)
        report["build_seconds"] = round(build_s, 1)
        panel_ids = random.Random(5).sample(ids, min(args.panels, len(ids)))
        per_view = compute_panels(path, panel_ids)
        search_alone = in_process_search(path, qs[:100])
        texts = articles(args.seed, 400, random.Random(11))
        port = _free_port()
        server = start_server(path, port, Path(folder) / "server.log")
        try:
            connection = [http.client.HTTPConnection("127.0.0.1", port, timeout=300)]
            _request(port, connection, "GET", "/search?q=" + urllib.parse.quote(qs[0]))  # loads the index
            record = Recorder()
            until = time.monotonic() + args.seconds
            threads = [threading.Thread(target=reader, args=(port, n, ids, panel_ids, qs, until, record))
                       for n in range(args.readers)]
            threads += [threading.Thread(target=writer, args=(port, texts[n::args.writers], until, record))
                        for n in range(args.writers)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            report["server_rss_mb"] = server_rss_mb(server.pid)
        finally:
            server.terminate()
            server.wait(60)
    report["routes"] = {kind: {**percentiles(times), "requests": len(times), "errors": record.errors.get(kind, 0)}
                        for kind, times in sorted(record.latencies.items())}
    report["baselines"] = {"conflicts_computed_per_view": percentiles(per_view),
                           "search_in_process_alone": percentiles(search_alone)}
    report["targets_met"] = {f"{kind}_p95_under_{limit}_ms": report["routes"].get(kind, {}).get("p95_ms", 1e9) < limit
                             for kind, limit in TARGETS_MS.items()}
    errors = sum(route["errors"] for route in report["routes"].values())
    report["targets_met"]["no_errors"] = errors == 0
    run.figures.update(report)
    add_tables(run, report, errors)
    finish(run, args)
    return 1 if errors else 0


def add_tables(run: Run, report: dict[str, Any], errors: int) -> None:
    """Every route under load, each baseline under the route it is the floor of; then the targets."""
    table = run.table(f"{report['readers']} readers and {report['writers']} writers for {report['seconds']:g} s "
                      f"on a store of {report['docs']} documents",
                      ["route", "requests", "p50 ms", "p95 ms", "max ms", "errors"])
    under = {route: (name, label) for name, (route, label) in BASELINES.items()}
    for kind, route in report["routes"].items():
        table.add(kind, route["requests"], route["p50_ms"], route["p95_ms"], route["max_ms"], route["errors"])
        if kind in under:
            _add_baseline(table, report, *under.pop(kind))
    for name, label in under.values():  # a route that answered nothing still shows its baseline
        _add_baseline(table, report, name, label)
    table.notes.append(f"store: {report['docs']} documents built in {report['build_seconds']} s; server RSS at the "
                       f"end {report['server_rss_mb']} MB")
    targets = run.table("Targets (issue 18)", ["figure", "measured", "target", "met"])
    met = report["targets_met"]
    for kind, limit in TARGETS_MS.items():
        targets.add(f"{kind} p95 ms", report["routes"].get(kind, {}).get("p95_ms"), f"< {limit}",
                    "yes" if met[f"{kind}_p95_under_{limit}_ms"] else "NO")
    targets.add("errors", errors, "0", "yes" if met["no_errors"] else "NO")


def _add_baseline(table: Table, report: dict[str, Any], name: str, label: str) -> None:
    base = report["baselines"][name]
    table.add(label, None, base["p50_ms"], base["p95_ms"], base["max_ms"], None)


if __name__ == "__main__":
    sys.exit(main())
