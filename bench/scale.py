#!/usr/bin/env python3
"""Scale bench: cost of every step of paris-kg on synthetic corpora from 10k to 1M triples.

For each size a corpus shaped like the article's is generated (``bench/synthetic``), then,
each in a fresh process whose wall time and peak memory are recorded (the largest process by
``os.wait4``, and the whole process tree, PSS summed by ``tree_memory.py``):

- the floor: one process that bulk-loads the same authored N-Triples into pyoxigraph and
  writes N-Triples and Turtle (``stages.py floor``);
- ``paris-kg build``, with the time of each stage and of each dump (``stages.py build``);
- for scale, not a target: what the query store costs alone, every built quad bulk-loaded into
  an on-disk store and compacted (``stages.py store-floor``), and what the dumps cost written
  by Oxigraph's serializers (``stages.py outputs-floor``): together, the least CPU any build
  of these outputs needs, and so the least wall time on this machine's cores;
- to compare with the queries, loading the N-Triples dump into an in-memory pyoxigraph store;
- ``paris-kg report``, ``paris-kg export -f graphml`` and the ``paris-kg graph`` page;

and, once every size is built, every named query (``queries/*.rq``, parameters from each
corpus) against each size's store, the sizes side by side in each of several fresh processes
(the best of several runs in each), so that a query's growth from one size to another is not
the machine's drift between two steps minutes apart.

Writes ``bench/results/scale.md`` (tables), ``scale.svg`` (cost against size) and
``scale.json`` (raw numbers), and prints the targets of issue 11 with PASS or FAIL (exit 1
on a FAIL). Sizes run smallest first; the ratios are taken within this one run.

Usage: python bench/scale.py [--sizes 10k 100k 300k] [--add 1M] [--work DIR] [--keep]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from synthetic import generate  # noqa: E402
from stages import QUERY_PROCESSES, best_of_processes  # noqa: E402
from scale_report import build_peak, verdicts, write_results  # noqa: E402
from tree_memory import TreePeak  # noqa: E402

BIN = Path(sys.executable).parent
STEP_TIMEOUT_S = 4 * 3600  # per step; a build that cannot finish in this is reported as failed


def size_of(text: str) -> int:
    mult = {"k": 1_000, "m": 1_000_000}.get(text[-1].lower(), 1)
    return int(float(text[:-1] if mult > 1 else text) * mult)


def run_child(cmd: list[str], timeout_s: float = STEP_TIMEOUT_S) -> dict:
    """Wall seconds and peak memory (bytes) of one fresh process and of it with its children;
    raises if it fails."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
        killer = threading.Timer(timeout_s, proc.kill)
        killer.start()
        try:
            with TreePeak(proc.pid) as tree:
                _, status, usage = os.wait4(proc.pid, 0)
        finally:
            killer.cancel()
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            err.seek(0)
            tail = err.read().decode("utf-8", "replace").strip().splitlines()[-5:]
            reason = "timed out" if wall >= timeout_s else f"exit {proc.returncode}"
            raise RuntimeError(f"{' '.join(cmd[:4])}... {reason}: " + " | ".join(tail))
    # rss: the largest single process; tree: the largest sum over the process and its helpers
    return {"wall": wall, "rss": usage.ru_maxrss * 1024, "tree": tree.bytes}


def authored_ntriples(root: Path, out: Path) -> None:
    """The authored sources (ontology without the shapes, and data) as one N-Triples file."""
    import pyoxigraph as ox

    files = [p for p in sorted((root / "ontology").glob("*.ttl")) if p.name != "shapes.ttl"]
    with open(out, "wb") as sink:
        for path in files + sorted((root / "data").glob("*.ttl")):
            sink.write(ox.serialize((q.triple for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)),
                                    format=ox.RdfFormat.N_TRIPLES))


def measure(label: str, target: int, work: Path) -> dict:
    root, dist = work / "src", work / "dist"
    out: dict = {"label": label, "target": target}
    start = time.perf_counter()
    corpus = generate(root, target)
    out.update(generate_s=time.perf_counter() - start, authored=corpus.triples, negotiations=corpus.negotiations,
               parametrised=sorted(corpus.params))
    authored_ntriples(root, work / "authored.nt")
    stages = str(HERE / "stages.py")

    def job(name: str, *args: str) -> dict:
        target_json = work / f"{name}.json"
        usage = run_child([sys.executable, stages, name, *args, str(target_json)])
        return {**json.loads(target_json.read_text()), **usage}

    out["floor"] = job("floor", str(work / "authored.nt"), str(work))
    out["build"] = job("build", str(root), str(dist))
    if not out["build"]["ok"]:
        raise RuntimeError(f"{label}: the build failed on the synthetic corpus")
    out["built"] = sum(1 for _ in open(dist / "paris-kg.nt", "rb"))
    out["dump_load"] = job("load-dump", str(dist / "paris-kg.nt"))
    out["store_floor"] = job("store-floor", str(dist / "paris-kg.trig"), str(work))
    out["outputs_floor"] = job("outputs-floor", str(dist), str(work))
    cli = [str(BIN / "paris-kg"), "--root", str(root), "--dist", str(dist)]
    for name, args in (("report", ["report"]), ("export", ["export", "-f", "graphml", "-o", str(work / "g.graphml")]),
                       ("graph", ["graph"])):
        try:
            out[name] = run_child(cli + args)
        except RuntimeError as exc:  # a step that cannot finish at this size is a result, not a crash
            out[name] = {"error": str(exc)[:200]}
    return out


def measure_queries(runs: list[dict], work: Path) -> None:
    """Time every named query on every size's store, the sizes side by side in each of
    QUERY_PROCESSES fresh processes (``stages.py queries``), and keep each one's best."""
    sizes = [{"label": r["label"], "root": str(work / r["label"] / "src"), "dist": str(work / r["label"] / "dist"),
              "params": str(work / r["label"] / "src" / "params.json")} for r in runs]
    (work / "sizes.json").write_text(json.dumps(sizes))
    per_process = []
    for i in range(QUERY_PROCESSES):
        target_json = work / f"queries-{i}.json"
        run_child([sys.executable, str(HERE / "stages.py"), "queries", str(work / "sizes.json"), str(target_json)])
        per_process.append(json.loads(target_json.read_text()))
    for r in runs:
        r["queries"] = best_of_processes([p[r["label"]] for p in per_process])


def _drop_scratch(step: Path) -> None:
    """What a size's step no longer needs once measured (its corpus and build stay for the queries)."""
    for name in ("authored.nt", "floor.nt", "floor.ttl", "g.graphml"):
        (step / name).unlink(missing_ok=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", nargs="+", default=["10k", "100k", "300k"], help="authored triples per corpus")
    ap.add_argument("--add", nargs="*", default=[], help="extra sizes (make bench SCALE=1M adds 1M)")
    ap.add_argument("--work", type=Path, help="scratch directory (default: a temporary one)")
    ap.add_argument("--keep", action="store_true", help="keep the corpora and builds")
    ap.add_argument("--results", type=Path, default=HERE / "results")
    args = ap.parse_args()
    labels = sorted(dict.fromkeys(args.sizes + [s for s in args.add if s]), key=size_of)
    work = args.work or Path(tempfile.mkdtemp(prefix="paris-kg-scale-"))
    machine = (f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
               f"{time.strftime('%Y-%m-%d')}")
    print(f"scale bench: {', '.join(labels)} authored triples; {machine}; work in {work}", flush=True)
    runs = []
    try:
        for label in labels:
            started = time.perf_counter()
            result = measure(label, size_of(label), work / label)
            runs.append(result)
            print(f"  {label:>5}: {result['authored']:>9,} authored, {result['built']:>9,} built; "
                  f"floor {result['floor']['wall']:7.2f} s, build {result['build']['wall']:7.2f} s "
                  f"({result['build']['wall'] / result['floor']['wall']:4.1f}x), peak "
                  f"{build_peak(result['build']) / 2**20:6.0f} MiB (all processes); "
                  f"step done in {time.perf_counter() - started:5.0f} s",
                  flush=True)
            if not args.keep:
                _drop_scratch(work / label)
        started = time.perf_counter()
        measure_queries(runs, work)
        print(f"  named queries on every size, {QUERY_PROCESSES} processes: done in "
              f"{time.perf_counter() - started:5.0f} s", flush=True)
    finally:
        if not args.keep:
            for label in labels:
                shutil.rmtree(work / label, ignore_errors=True)
        if not args.keep and not args.work:
            shutil.rmtree(work, ignore_errors=True)
    write_results(runs, machine, args.results)
    lines, failed = verdicts(runs)
    print("\n".join(lines))
    print(f"wrote {args.results}/scale.md, scale.svg, scale.json")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
