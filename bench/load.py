#!/usr/bin/env python3
"""Load benchmark for `paris-kg serve`: mixed requests from concurrent clients on loopback.

Starts the server in-process on a free port (the SPARQL engine is its Oxigraph child
process), then sends N requests from C client threads: two thirds SPARQL (every named
query without required parameters, round-robin, as JSON), one third IRI pages (HTML,
Turtle, JSON-LD) and the VoID file. Prints throughput, median and p99 latency, and the
number of errors, which must be zero. The same run times a single-client pass first as
its baseline, so the ratio shows what concurrency buys on this machine. A third pass repeats
the concurrent load while another client keeps a query bomb (a three-way cartesian COUNT)
running, to show the latency the other readers see while the engine pool cancels it.

Usage: python bench/load.py [--requests 2000] [--clients 8]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from paris_kg.query.catalogue import named_queries  # noqa: E402
from paris_kg.paths import Layout  # noqa: E402
from paris_kg.web.running import start_in_thread  # noqa: E402

PATHS = [("/id/person/le-duc-tho", "text/html"), ("/id/proposal/1969-05-14-us-eight-point-plan", "text/turtle"),
         ("/id/event/1973-01-27-signing-of-paris-agreement", "application/ld+json"), ("/void.ttl", "text/turtle")]


def run(url: str, queries: list[str], n: int, clients: int) -> tuple[float, list[float], int]:
    def one(i: int) -> tuple[float, bool]:
        if i % 3 == 2:
            path, accept = PATHS[i % len(PATHS)]
            req = urllib.request.Request(url + path, headers={"Accept": accept})
        else:
            req = urllib.request.Request(url + "/sparql?query=" + urllib.parse.quote(queries[i % len(queries)]),
                                         headers={"Accept": "application/sparql-results+json"})
        start = time.perf_counter()
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                r.read()
                ok = r.status == 200
        except (urllib.error.URLError, OSError):
            ok = False
        return time.perf_counter() - start, ok

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        results = list(pool.map(one, range(n)))
    wall = time.perf_counter() - start
    return wall, [t for t, _ in results], sum(1 for _, ok in results if not ok)


BOMB = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def bomb_until(url: str, stop) -> int:
    """Send the bomb again and again until ``stop`` is set; the number sent."""
    sent = 0
    while not stop.is_set():
        req = urllib.request.Request(url + "/sparql?query=" + urllib.parse.quote(BOMB))
        try:
            urllib.request.urlopen(req, timeout=60).read()
        except (urllib.error.URLError, OSError):
            pass  # 503 is the expected answer
        sent += 1
    return sent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--clients", type=int, default=8)
    args = ap.parse_args()
    layout = Layout()
    queries = [q.text for q in named_queries(layout)
               if all("optional" in p for p in q.meta.get("param", []))]
    server = start_in_thread(layout, timeout_s=10)
    url = server.url
    try:
        for label, n, clients, bomb in (("baseline, 1 client", max(200, args.requests // 10), 1, False),
                                        (f"{args.clients} clients", args.requests, args.clients, False),
                                        (f"{args.clients} + query bomb", args.requests, args.clients, True)):
            import threading

            stop = threading.Event()
            bomber = threading.Thread(target=bomb_until, args=(url, stop)) if bomb else None
            if bomber:
                bomber.start()
            wall, latencies, errors = run(url, queries, n, clients)
            stop.set()
            if bomber:
                bomber.join()
            latencies.sort()
            p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
            print(f"{label:20} {n:5} requests  {n / wall:7.1f} req/s  median {statistics.median(latencies) * 1000:6.1f} ms  "
                  f"p99 {p99 * 1000:6.1f} ms  errors {errors}")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
