#!/usr/bin/env python3
"""Benchmark: cold ``paris-kg query`` against the naive rdflib path and the pyoxigraph floor.

Each contender runs as a fresh process (cold start, as a user would type it), several times;
we report medians and the ratios. All run in this process tree on the same machine, round
robin, so the ratios are comparable even when absolute times are not.

  (a) naive  - load dist/paris-kg.ttl into an in-memory rdflib.Graph, run the same SPARQL
  (b) floor  - a bare script: load dist/paris-kg.nt into pyoxigraph, run the same SPARQL
  ours       - `paris-kg query NAME --format csv` against the built store

Start-up, to show what the install costs: ``python -c pass`` (the interpreter and the venv's
``.pth`` files), ``python -c "import paris_kg"``, and how the package is installed (an
editable install must be a plain path entry, not an import hook run at every start). With
``--before VENV`` the same figures are taken, in the same rounds, for another virtualenv
(for example one installed from an older checkout), so the two installs compare directly.

Targets: ours at least 10x faster than (a) (issue 2), within 1.3x of (b) (issue 11).
Usage: python bench/run.py [--query NAME] [--runs N] [--before VENV]
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
NAIVE_TARGET, FLOOR_TARGET = 10.0, 1.3
#: every contender reads this checkout's dist/, whichever copy of the package it runs
ENV = {**os.environ, "PARIS_KG_DIST": str(DIST)}

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
            proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env=ENV)
            times[name].append(time.perf_counter() - start)
            if proc.returncode != 0:
                raise SystemExit(f"benchmark command failed: {' '.join(cmd)}\n{proc.stderr}")
            outs[name] = proc.stdout
    return {name: (statistics.median(ts), outs[name]) for name, ts in times.items()}


def install_mode(python: Path) -> str:
    """How paris_kg is installed for ``python``: the .pth file that finds it and what it does."""
    code = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    purelib = Path(subprocess.run([str(python), "-c", code], capture_output=True, text=True).stdout.strip())
    found = []
    for pth in sorted(purelib.glob("*.pth")):
        text = pth.read_text(encoding="utf-8", errors="replace")
        if "paris_kg" not in pth.name and "paris_kg" not in text and "paris-kg" not in pth.name:
            continue
        hook = any(line.startswith(("import ", "import\t")) for line in text.splitlines())
        found.append(f"{pth.name}: {'import hook (runs code at every start)' if hook else 'plain path entry'}")
    return "; ".join(found) or "not an editable install (no .pth file names paris_kg)"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--query", default="proposals-in-order", help="named query to time")
    ap.add_argument("--runs", type=int, default=31, help="fresh processes per contender")
    ap.add_argument("--before", type=Path, help="another virtualenv to compare start-up with")
    args = ap.parse_args()
    paris_kg = str(BIN / "paris-kg")
    rq = str(ROOT / "queries" / f"{args.query}.rq")
    query = ["query", args.query, "--format", "csv"]

    build_s = timed({"build": [paris_kg, "build"]}, max(3, args.runs // 5))["build"][0]
    contenders = {
        "ours": [paris_kg, *query],
        "floor": [sys.executable, "-c", FLOOR, str(DIST / "paris-kg.nt"), rq],
        "python": [sys.executable, "-c", "pass"],
        "import": [sys.executable, "-c", "import paris_kg"],
    }
    if args.before:
        contenders.update({"before ours": [str(args.before / "bin" / "paris-kg"), *query],
                           "before python": [str(args.before / "bin" / "python"), "-c", "pass"],
                           "before import": [str(args.before / "bin" / "python"), "-c", "import paris_kg"]})
    results = timed(contenders, args.runs)
    results.update(timed({"naive": [sys.executable, "-c", NAIVE, str(DIST / "paris-kg.ttl"), rq]},
                         max(3, args.runs // 5)))
    (ours_s, ours_out), (floor_s, floor_out), (naive_s, naive_out) = (
        results["ours"], results["floor"], results["naive"])

    rows = len(ours_out.splitlines()) - 1
    if not (rows == int(naive_out) == int(floor_out)):
        raise SystemExit(f"contenders disagree on the row count: ours {rows}, naive {naive_out}, floor {floor_out}")
    triples = sum(1 for _ in open(DIST / "paris-kg.nt", encoding="utf-8"))

    def verdict(ok: bool) -> str:
        return "PASS" if ok else "FAIL"

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{time.strftime('%Y-%m-%d')}")
    print(f"graph: {triples} triples; query: {args.query} ({rows} rows); medians of fresh processes")
    print(f"  paris-kg build            {build_s * 1000:8.0f} ms")
    print(f"  paris-kg query (ours)     {ours_s * 1000:8.1f} ms")
    print(f"  (a) naive rdflib          {naive_s * 1000:8.1f} ms   -> ours is {naive_s / ours_s:5.1f}x faster "
          f"(target >= {NAIVE_TARGET:.0f}x) {verdict(naive_s / ours_s >= NAIVE_TARGET)}")
    print(f"  (b) floor pyoxigraph      {floor_s * 1000:8.1f} ms   -> ours takes {ours_s / floor_s:4.2f}x the floor "
          f"(target <= {FLOOR_TARGET}x) {verdict(ours_s / floor_s <= FLOOR_TARGET)}")
    print(f"start-up: python -c pass {results['python'][0] * 1000:.1f} ms, "
          f"import paris_kg {results['import'][0] * 1000:.1f} ms; install: {install_mode(Path(sys.executable))}")
    failed = naive_s / ours_s < NAIVE_TARGET or ours_s / floor_s > FLOOR_TARGET
    if args.before:
        print(f"before ({args.before}): query {results['before ours'][0] * 1000:.1f} ms "
              f"({results['before ours'][0] / floor_s:.2f}x the floor), python -c pass "
              f"{results['before python'][0] * 1000:.1f} ms, import paris_kg {results['before import'][0] * 1000:.1f} ms; "
              f"install: {install_mode(args.before / 'bin' / 'python')}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
