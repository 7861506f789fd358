#!/usr/bin/env python3
"""Benchmark: cold ``paris-kg query`` against the naive rdflib path and the pyoxigraph floor.

Each contender runs as a fresh process (cold start, as a user would type it), several times;
we report medians and the ratios. All three run in this process tree on the same machine,
so the ratios are comparable even when absolute times are not.

  (a) naive  - load dist/paris-kg.ttl into an in-memory rdflib.Graph, run the same SPARQL
  (b) floor  - a bare script: load dist/paris-kg.nt into pyoxigraph, run the same SPARQL
  ours       - `paris-kg query NAME --format csv` against the built store

Targets (issue 2): ours at least 10x faster than (a), and within 1.5x of (b).
Usage: python bench/run.py [--query NAME] [--runs N]
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist"
BIN = Path(sys.executable).parent

NAIVE = """
import sys, rdflib
g = rdflib.Graph()
g.parse(sys.argv[1], format="turtle")
rows = list(g.query(open(sys.argv[2], encoding="utf-8").read()))
print(len(rows))
"""

FLOOR = """
import sys, pyoxigraph as ox
s = ox.Store()
s.bulk_load(path=sys.argv[1], format=ox.RdfFormat.N_TRIPLES)
rows = list(s.query(open(sys.argv[2], encoding="utf-8").read()))
print(len(rows))
"""


def timed(commands: dict[str, list[str]], runs: int) -> dict[str, tuple[float, str]]:
    """Median wall time (s) over ``runs`` fresh processes per command, and the last stdout.

    Commands run round-robin (a, b, c, a, b, c...) so that background load on the machine
    hits every contender alike and the ratios stay meaningful.
    """
    times: dict[str, list[float]] = {name: [] for name in commands}
    outs: dict[str, str] = {}
    for _ in range(runs):
        for name, cmd in commands.items():
            start = time.perf_counter()
            proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
            times[name].append(time.perf_counter() - start)
            if proc.returncode != 0:
                raise SystemExit(f"benchmark command failed: {' '.join(cmd)}\n{proc.stderr}")
            outs[name] = proc.stdout
    return {name: (statistics.median(ts), outs[name]) for name, ts in times.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--query", default="proposals-in-order", help="named query to time")
    ap.add_argument("--runs", type=int, default=31, help="fresh processes per contender")
    args = ap.parse_args()
    paris_kg = str(BIN / "paris-kg")
    rq = str(ROOT / "queries" / f"{args.query}.rq")

    build_s = timed({"build": [paris_kg, "build"]}, max(3, args.runs // 5))["build"][0]
    results = timed({
        "ours": [paris_kg, "query", args.query, "--format", "csv"],
        "floor": [sys.executable, "-c", FLOOR, str(DIST / "paris-kg.nt"), rq],
    }, args.runs)
    results.update(timed({"naive": [sys.executable, "-c", NAIVE, str(DIST / "paris-kg.ttl"), rq]},
                         max(3, args.runs // 5)))
    (ours_s, ours_out), (floor_s, floor_out), (naive_s, naive_out) = (
        results["ours"], results["floor"], results["naive"])

    rows = len(ours_out.splitlines()) - 1
    if not (rows == int(naive_out) == int(floor_out)):
        raise SystemExit(f"contenders disagree on the row count: ours {rows}, naive {naive_out}, floor {floor_out}")
    triples = sum(1 for _ in open(DIST / "paris-kg.nt", encoding="utf-8"))
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{time.strftime('%Y-%m-%d')}")
    print(f"graph: {triples} triples; query: {args.query} ({rows} rows); medians of fresh processes")
    print(f"  paris-kg build            {build_s * 1000:8.0f} ms")
    print(f"  paris-kg query (ours)     {ours_s * 1000:8.1f} ms")
    print(f"  (a) naive rdflib          {naive_s * 1000:8.1f} ms   -> ours is {naive_s / ours_s:5.1f}x faster (target >= 10x)")
    print(f"  (b) floor pyoxigraph      {floor_s * 1000:8.1f} ms   -> ours takes {ours_s / floor_s:4.2f}x the floor (target <= 1.5x)")


if __name__ == "__main__":
    main()
