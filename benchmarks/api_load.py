"""Web API load: requests per second and latency of GET /dossiers/{id} and of POST of a 1,000-word article.

    python benchmarks/api_load.py [--seed ../shared/data/polnear/data/train] [--posts 40] [--gets 3000]
                                  [--clients 4] [--no-baseline] [--json] [--record FILE]

Starts `veracity serve` on a free localhost port over a fresh SQLite store (one uvicorn process, the
pipeline loaded once, as a newsroom would run it) and waits for its models. Then:

- POST: ``--posts`` distinct articles of 1,000 words, one after another (analysis runs on one worker lane,
  so concurrent posts would only queue), each answered 201 once analysed and stored. Articles are real news
  paragraphs from ``--seed`` (a folder of ``text/*.txt``, e.g. PolNeAR train), quotes and all, cut to
  1,000 words, each opened with its own headline so every post is new content; without ``--seed`` the
  bundled examples' paragraphs are shuffled instead.
- GET: ``--gets`` requests for the stored dossiers from ``--clients`` threads, each on a kept-alive
  connection.

The server's resident memory is read from /proc at the end (``--posts 999 --gets 0 --no-baseline``: the
memory after 1,000 analyses, issue 18). Baseline, in the same run: the same work without HTTP, in this
process: ``Store.document`` plus JSON for a GET, the default pipeline plus ``Store.add`` for a POST. Any
error (a status other than 200/201, a dropped connection) is counted and makes the run exit 1. Targets:
GET p95 < 20 ms; POST p95 < 1 s.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from harness import Run, add_output_arguments, child_pids, finish, start, status_kib

ROOT = Path(__file__).resolve().parents[1]
WORDS = 1000
PUBLISHED = "2025-07-09"


def articles(seed: Path | None, count: int, rng: random.Random) -> list[str]:
    """``count`` distinct articles of ``WORDS`` words made of real paragraphs."""
    if seed is not None:
        files = sorted((seed / "text").glob("*.txt"))
        if not files:
            sys.exit(f"no text/*.txt under {seed}: pass a PolNeAR split folder")
        paragraphs = [p.strip() for f in files for p in f.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    else:
        texts = [ROOT / "examples" / "leak-story.txt", ROOT / "examples" / "timeline-story.txt"]
        paragraphs = [p.strip() for t in texts for p in t.read_text(encoding="utf-8").split("\n\n")
                      if len(p.split()) > 8]
        for line in (ROOT / "examples" / "story").glob("*.jsonl"):
            paragraphs += [p for p in json.loads(line.read_text(encoding="utf-8"))["text"].split("\n\n")
                           if len(p.split()) > 8]
    out = []
    for number in range(count):
        body: list[str] = []
        words = 0
        while words < WORDS:
            paragraph = rng.choice(paragraphs)
            take = paragraph.split()[: WORDS - words]
            body.append(" ".join(take))
            words += len(take)
        out.append(f"Load test story {number} of the day\n\n" + "\n\n".join(body))
    return out


def percentiles(samples_ms: list[float]) -> dict[str, float]:
    ordered = sorted(samples_ms)
    return {"p50_ms": round(statistics.median(ordered), 2),
            "p95_ms": round(ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))], 2),
            "max_ms": round(ordered[-1], 2)}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(store: Path, port: int, log: Path) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != "VERACITY_TOKEN"}
    process = subprocess.Popen([sys.executable, "-m", "veracity.cli", "serve", "--store", str(store), "--port",
                                str(port)], stdout=log.open("w"), stderr=subprocess.STDOUT, env=env)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and process.poll() is None:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/health")
            if json.loads(connection.getresponse().read()).get("models_loaded"):
                return process
        except OSError:
            pass
        time.sleep(0.5)
    process.kill()
    sys.exit("the server did not start:\n" + log.read_text())


def server_rss_mb(pid: int) -> float:
    """The resident memory now (Linux /proc), MB, of the server and its child processes (its analysis
    process): issue 18 asks < 1.5 GB after 1,000 analyses."""
    return round(sum(status_kib(p, "VmRSS") for p in [pid, *child_pids(pid)]) / 1024, 1)


def post_articles(port: int, texts: list[str]) -> tuple[list[float], list[str], int]:
    """POST each article in turn; latencies (ms), the dossier ids, and the number of errors."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    latencies, ids, errors = [], [], 0
    for text in texts:
        body = json.dumps({"text": text, "published": PUBLISHED}).encode()
        started = time.perf_counter()
        try:
            connection.request("POST", "/documents?wait=60", body, {"Content-Type": "application/json"})
            answer = connection.getresponse()
            payload = answer.read()
        except OSError:
            errors += 1
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
            continue
        latencies.append(1000 * (time.perf_counter() - started))
        if answer.status != 201:
            errors += 1
            print(f"POST answered {answer.status}: {payload[:200]!r}", file=sys.stderr)
            continue
        ids.append(json.loads(payload)["id"])
    return latencies, ids, errors


def get_dossiers(port: int, ids: list[str], total: int, clients: int) -> tuple[list[float], float, int]:
    """``total`` GETs spread over ``clients`` threads; latencies (ms), wall seconds, errors."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def client(number: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine, failed = [], 0
        for index in range(number, total, clients):
            started = time.perf_counter()
            try:
                connection.request("GET", f"/dossiers/{ids[index % len(ids)]}")
                answer = connection.getresponse()
                answer.read()
                if answer.status != 200:
                    failed += 1
            except OSError:
                failed += 1
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                continue
            mine.append(1000 * (time.perf_counter() - started))
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, time.perf_counter() - started, errors[0]


def in_process(texts: list[str], store_path: Path, gets: int) -> dict[str, Any]:
    """The baseline: the same analysis and reads without HTTP."""
    from veracity.ingest import load_bytes
    from veracity.pipeline import default_pipeline
    from veracity.store import open_store

    pipeline = default_pipeline()
    pipeline.run([load_bytes(texts[0].encode(), source="warm", media_type="text/plain")])
    post_ms, ids = [], []
    with open_store(store_path) as store:
        for number, text in enumerate(texts):
            started = time.perf_counter()
            doc = load_bytes(text.encode(), source=f"bench:{number}", published=PUBLISHED, media_type="text/plain")
            store.add(pipeline(doc))
            post_ms.append(1000 * (time.perf_counter() - started))
            ids.append(doc.id)
        get_ms = []
        for index in range(gets):
            started = time.perf_counter()
            found = store.document(ids[index % len(ids)])
            assert found is not None
            json.dumps(found.to_dict(), ensure_ascii=False)
            get_ms.append(1000 * (time.perf_counter() - started))
    return {"post": percentiles(post_ms), "get": percentiles(get_ms)}


ROUTES = (("POST /documents (1,000 words)", "post", "baseline: analyse+store in-process"),
          ("GET /dossiers/{id}", "get", "baseline: read+JSON in-process"))
TARGETS = (("GET /dossiers/{id} p95 ms", "get", "get_p95_under_20_ms", "< 20"),
           ("POST /documents p95 ms", "post", "post_p95_under_1_s", "< 1000"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=Path, help="a folder of text/*.txt news articles (default: the examples)")
    parser.add_argument("--posts", type=int, default=40, help="1,000-word articles to post (default 40)")
    parser.add_argument("--gets", type=int, default=3000, help="GET /dossiers/{id} requests (default 3000)")
    parser.add_argument("--clients", type=int, default=4, help="concurrent GET clients (default 4)")
    parser.add_argument("--no-baseline", action="store_true", help="skip the in-process baseline")
    add_output_arguments(parser)
    args = parser.parse_args()
    run = start("api_load")
    texts = articles(args.seed, args.posts + 1, random.Random(11))
    report: dict[str, Any] = {"words_per_article": WORDS, "posts": args.posts, "gets": args.gets,
                              "get_clients": args.clients}
    with tempfile.TemporaryDirectory() as folder:
        port = _free_port()
        server = start_server(Path(folder) / "served.db", port, Path(folder) / "server.log")
        try:
            # One post before measuring, so lazily loaded parts (the store's first write) are not timed.
            warm, _, warm_errors = post_articles(port, texts[-1:])
            post_ms, ids, post_errors = post_articles(port, texts[: args.posts])
            get_ms, seconds, get_errors = get_dossiers(port, ids, args.gets, args.clients) if ids else ([], 1.0, 0)
            report["server_rss_mb"] = server_rss_mb(server.pid)
        finally:
            server.terminate()
            server.wait(30)
        report["post"] = {**percentiles(post_ms or [0.0]), "requests_per_second": round(len(post_ms) / (
            sum(post_ms) / 1000), 2) if post_ms else 0.0, "errors": post_errors + warm_errors}
        report["get"] = {**percentiles(get_ms or [0.0]), "requests_per_second": round(len(get_ms) / seconds, 1),
                         "errors": get_errors}
        if not args.no_baseline:
            report["in_process_baseline"] = in_process(texts[: args.posts], Path(folder) / "direct.db", args.gets)
    report["targets_met"] = {"get_p95_under_20_ms": report["get"]["p95_ms"] < 20,
                             "post_p95_under_1_s": report["post"]["p95_ms"] < 1000}
    failed = report["post"]["errors"] + report["get"]["errors"]
    run.figures.update(report)
    add_tables(run, report)
    finish(run, args)
    return 1 if failed else 0


def add_tables(run: Run, report: dict[str, Any]) -> None:
    """Each route beside its in-process baseline (no HTTP), then the targets."""
    table = run.table(f"{report['posts']} POSTs of {report['words_per_article']:,}-word articles, one after another; "
                      f"{report['gets']} GETs from {report['get_clients']} clients",
                      ["route", "req/s", "p50 ms", "p95 ms", "max ms", "errors"])
    base = report.get("in_process_baseline")
    for name, key, baseline in ROUTES:
        r = report[key]
        table.add(name, r["requests_per_second"], r["p50_ms"], r["p95_ms"], r["max_ms"], r["errors"])
        if base:
            table.add(baseline, None, base[key]["p50_ms"], base[key]["p95_ms"], base[key]["max_ms"], None)
    table.notes.append(f"server resident memory after {report['posts'] + 1} analyses and {report['gets']} reads: "
                       f"{report['server_rss_mb']} MB")
    targets = run.table("Targets", ["figure", "measured", "target", "met"])
    for name, key, met, target in TARGETS:
        targets.add(name, report[key]["p95_ms"], target, "yes" if report["targets_met"][met] else "NO")


if __name__ == "__main__":
    sys.exit(main())
