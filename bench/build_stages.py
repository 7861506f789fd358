#!/usr/bin/env python3
"""Time every stage of ``paris-kg build`` and every dump against the floor, at a chosen size.

A quick, private measuring tool for the build's own cost (the full scale bench with realistic
corpora is ``bench/scale.py``). The corpus is the article's authored data replicated ``k``
times under new IRIs (copy ``i`` renames ``.../id/kind/slug`` to ``.../id/kind/r{i}-slug``;
copy 0 keeps the real IRIs, so the dataset description's example resources still exist, and
only copy 0 keeps the ``owl:sameAs`` links, which stand for verified identities).

floor = one fresh process that bulk-loads the same authored N-Triples into pyoxigraph and
writes N-Triples and Turtle (issue 11). The build runs in another fresh process, with the
stage timer of :mod:`paris_kg.build.progress` recording each stage and each written file;
both run in this process tree, one after the other, so the ratios are comparable.

Usage: python bench/build_stages.py [--triples 100000] [--no-shacl] [--keep DIR]
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from paris_kg.namespaces import ID, PREFIXES  # noqa: E402

FLOOR = """
import sys, time, pyoxigraph as ox
t, c = time.perf_counter(), time.process_time()
s = ox.Store()
s.bulk_load(path=sys.argv[1], format=ox.RdfFormat.N_TRIPLES)
s.dump(sys.argv[2] + "/floor.nt", format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
s.dump(sys.argv[2] + "/floor.ttl", format=ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph())
print(time.perf_counter() - t, time.process_time() - c)
"""

#: The build, stage by stage, in a fresh process; prints {"stage": [wall, cpu]} as JSON.
BUILD = """
import json, sys, time
t0, c0 = time.perf_counter(), time.process_time()
from paris_kg.build import progress
from paris_kg.build.pipeline import build
from paris_kg.paths import Layout
times = {}
progress.listen(lambda name, wall, cpu: times.__setitem__(name, [wall, cpu]))
if sys.argv[3] == "no-shacl":
    import paris_kg.build.pipeline as p
    p.shacl_violations = lambda store, layout: []
build(Layout(root=sys.argv[1], dist=sys.argv[2]))
times["total"] = [time.perf_counter() - t0, time.process_time() - c0]
print(json.dumps(times))
"""


def _rename(term, copy: int):
    if isinstance(term, ox.NamedNode) and copy and term.value.startswith(ID):
        kind, _, slug = term.value[len(ID):].partition("/")
        return ox.NamedNode(f"{ID}{kind}/r{copy}-{slug}")
    if isinstance(term, ox.BlankNode):
        return ox.BlankNode(f"{term.value}c{copy}")
    return term


SAME_AS = ox.NamedNode("http://www.w3.org/2002/07/owl#sameAs")


def generate(k: int, out: Path) -> int:
    """Write a project copy with ``k`` copies of the data to ``out``; return its authored triples."""
    for part in ("ontology", "queries"):
        shutil.copytree(ROOT / part, out / part)
    (out / "data").mkdir()
    prefixes = dict(PREFIXES, wd="http://www.wikidata.org/entity/")
    authored = []
    for path in sorted((ROOT / "ontology").glob("*.ttl")):
        if path.name != "shapes.ttl":
            authored += [q.triple for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)]
    for path in sorted((ROOT / "data").glob("*.ttl")):
        source = [q.triple for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)]
        copies = []
        for i in range(k):
            copies += [ox.Triple(_rename(t.subject, i), t.predicate, _rename(t.object, i))
                       for t in source if i == 0 or t.predicate != SAME_AS]
        copies.sort(key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
        (out / "data" / path.name).write_bytes(ox.serialize(copies, format=ox.RdfFormat.TURTLE, prefixes=prefixes))
        authored += copies
    (out / "authored.nt").write_bytes(ox.serialize(authored, format=ox.RdfFormat.N_TRIPLES))
    return len(authored)


def _run(code: str, *args: str) -> tuple[str, float, int]:
    """stdout, wall seconds and peak RSS (MiB) of one fresh Python process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"failed:\n{proc.stderr[-3000:]}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return proc.stdout, wall, max(peak, before) // 1024  # ru_maxrss is the largest child so far


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--triples", type=int, default=100_000, help="authored triples to reach (about)")
    ap.add_argument("--no-shacl", action="store_true", help="skip the SHACL stage (timed elsewhere)")
    ap.add_argument("--keep", type=Path, help="generate into this directory and keep it")
    ap.add_argument("--script", type=Path, help="time the build with this script instead (same arguments and output)")
    args = ap.parse_args()
    base = sum(1 for p in (ROOT / "data").glob("*.ttl") for _ in ox.parse(path=str(p), format=ox.RdfFormat.TURTLE))
    k = max(1, round(args.triples / base))
    work = args.keep or Path(tempfile.mkdtemp(prefix="build-stages-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        if not (work / "authored.nt").exists():
            t = time.perf_counter()
            n = generate(k, work)
            print(f"generated {n:,} authored triples ({k} copies) in {time.perf_counter() - t:.1f} s", file=sys.stderr)
        n = sum(1 for _ in open(work / "authored.nt", "rb"))
        out, _, floor_mem = _run(FLOOR, str(work / "authored.nt"), str(work))
        floor, floor_cpu = map(float, out.split())
        env_dist = work / "dist"
        shutil.rmtree(env_dist, ignore_errors=True)
        code = args.script.read_text(encoding="utf-8") if args.script else BUILD
        out, wall, peak = _run(code, str(work), str(env_dist), "no-shacl" if args.no_shacl else "shacl")
        stages = json.loads(out.strip().splitlines()[-1])
        print(f"authored triples {n:,}; floor {floor:.2f} s wall, {floor_cpu:.2f} s CPU (peak {floor_mem} MiB); "
              f"build {wall:.2f} s wall, peak {peak} MiB")
        print("CPU time is the steadier measure on a shared machine; ratios are to the floor's own wall/CPU.")
        print(f"{'stage':<34}{'wall s':>8}{'CPU s':>8}{'x floor':>9}{'CPU x':>7}{'CPU us/triple':>15}")
        for name, (seconds, cpu) in stages.items():
            print(f"{name:<34}{seconds:>8.2f}{cpu:>8.2f}{seconds / floor:>9.2f}{cpu / floor_cpu:>7.2f}"
                  f"{cpu / n * 1e6:>15.2f}")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
