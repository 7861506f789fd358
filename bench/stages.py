#!/usr/bin/env python3
"""Child processes of the scale bench: each job runs in a fresh interpreter and writes JSON.

  stages.py build ROOT DIST OUT.json          the real ``paris-kg build``, with stage timers
  stages.py queries ROOT DIST PARAMS OUT.json every named query against the built store
  stages.py floor AUTHORED.nt WORKDIR OUT.json  bulk-load N-Triples, write N-Triples and Turtle
  stages.py load-dump DUMP.nt OUT.json        bulk-load a dump into an in-memory store
  stages.py store-floor DUMP.trig WORKDIR OUT.json  bulk-load every built quad into an on-disk store
  stages.py outputs-floor DIST WORKDIR OUT.json  every dump of the build written by Oxigraph alone

Stage times come from the build itself: :func:`paris_kg.build.progress.listen` is told the wall
and CPU seconds of every stage the build names on its progress bar (loading, validation, each
dump, the store) and of the work it does in threads beside them (reported with a name that
starts with spaces, shown indented under the stage that waits for it). The build runs through
the same click command a user types, and the bench restates none of its structure, so the
breakdown follows the pipeline whatever its functions are called.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def job_build(root: str, dist: str, out: str) -> None:
    """``paris-kg build`` with every stage recorded in the order the build reports them:
    ``{"ok", "total", "cpu", "stages": [{"name", "wall", "cpu"}, ...]}``."""
    from paris_kg.build import progress
    from paris_kg.cli import main

    stages: list[dict] = []
    progress.listen(lambda name, wall, cpu: stages.append({"name": name, "wall": wall, "cpu": cpu}))
    start, cpu = time.perf_counter(), time.process_time()
    try:
        main(["--root", root, "--dist", dist, "build"], standalone_mode=False)
        ok = True
    except Exception as exc:  # reported to the parent, which prints it and stops
        ok = False
        print(f"build failed: {exc}", file=sys.stderr)
    Path(out).write_text(json.dumps({"ok": ok, "total": time.perf_counter() - start,
                                     "cpu": time.process_time() - cpu, "stages": stages}))


#: runs of each named query at least, in each of :data:`QUERY_PROCESSES` processes. On a quiet
#: machine single runs of `chronology` at 1M triples took anything from 4.3 to 6.9 s, enough to
#: move its per-row verdict across the x2 line by itself.
MIN_RUNS = 3
#: fresh processes the named queries are timed in (every size in each, :func:`job_queries`), the
#: best of them kept for each query and size (:func:`best_of_processes`). The same query on the
#: same store keeps a speed of its own in each process, however many runs it gets there:
#: measured 2026-11-30, best of 30 runs of `plenary-sessions` at 10k in three processes 6.9,
#: 13.2 and 6.7 ms, best of 4 at 1M in four processes 1.55 to 2.51 s; one process per size made
#: the per-row verdict a draw between two such speeds. The price: at 1M the queries take about
#: 9 minutes of the bench (3 processes, every size), against 3 before.
QUERY_PROCESSES = 3
#: the engine's own cost per row, for scale beside the per-row verdict: one property read whole
#: (every label), no join, no sort. Its growth from the smallest size to the largest is what the
#: store itself adds per row (deeper indexes, data beyond the caches), whatever our queries do.
REFERENCE_QUERY = "SELECT ?s ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label }"


def _best_of_runs(store, text: str) -> tuple[int, float]:
    """Rows and the best wall time of several runs (at least MIN_RUNS, as many as fit in half a
    second up to 50; in each of QUERY_PROCESSES processes): on a shared machine a single run says
    more about the neighbours, and the per-row verdict divides the largest size's time by the
    smallest's, so both ends need several."""
    best, rows, spent, runs = None, 0, 0.0, 0
    while runs < MIN_RUNS or (spent < 0.5 and runs < 50):
        start = time.perf_counter()
        solutions = store.query(text, use_default_graph_as_union=True)
        rows = sum(1 for _ in solutions)
        took = time.perf_counter() - start
        best = took if best is None else min(best, took)
        spent, runs = spent + took, runs + 1
    return rows, best


def job_queries(sizes_file: str, out: str) -> None:
    """Every named query (and the reference) on the stores of every size, in this one process:
    query by query, each size in turn, so the sizes of one query are timed within seconds of
    each other. ``sizes_file``: ``[{"label", "root", "dist", "params"}, ...]``; writes
    ``{label: {"open", "queries": {name: {"rows", "seconds", "aggregate"}}, "reference"}}``.

    Timed step by step, minutes apart, the small and the large size of a query had seen
    different machines: the 10k step's floor ran 0.10-0.17 s from one run to the next."""
    from paris_kg.paths import Layout
    from paris_kg.query.catalogue import named_queries
    from paris_kg.query.engine import prepare
    from paris_kg.store import open_built_store

    sizes = json.loads(Path(sizes_file).read_text(encoding="utf-8"))
    stores, params, results = {}, {}, {}
    for size in sizes:
        start = time.perf_counter()
        stores[size["label"]] = open_built_store(Layout(root=size["root"], dist=size["dist"]))
        params[size["label"]] = json.loads(Path(size["params"]).read_text(encoding="utf-8"))
        results[size["label"]] = {"open": time.perf_counter() - start, "queries": {}}
    first = sizes[0]
    for qf in named_queries(Layout(root=first["root"], dist=first["dist"])):
        # an aggregate over the whole graph (GROUP BY after the WHERE group) has a fixed-size answer
        aggregate = "GROUP BY" in qf.text[qf.text.rfind("}"):]
        for label, store in stores.items():
            rows, best = _best_of_runs(store, prepare(qf, params[label].get(qf.name, {})))
            results[label]["queries"][qf.name] = {"rows": rows, "seconds": best, "aggregate": aggregate}
    for label, store in stores.items():
        rows, best = _best_of_runs(store, REFERENCE_QUERY)
        results[label]["reference"] = {"rows": rows, "seconds": best}
    Path(out).write_text(json.dumps(results))


def best_of_processes(results: list[dict]) -> dict:
    """One ``job_queries`` result from several: each query's (and the reference's) best time.

    Every process must have found the same number of rows for a query: they read the same store."""
    merged = {"open": min(r["open"] for r in results), "queries": {}}
    for name, first in results[0]["queries"].items():
        runs = [r["queries"][name] for r in results]
        if any(run["rows"] != first["rows"] for run in runs):
            raise RuntimeError(f"{name}: {[run['rows'] for run in runs]} rows in {len(runs)} processes on one store")
        merged["queries"][name] = {**first, "seconds": min(run["seconds"] for run in runs)}
    references = [r["reference"] for r in results if "reference" in r]
    if references:
        merged["reference"] = {**references[0], "seconds": min(ref["seconds"] for ref in references)}
    merged["processes"] = len(results)
    return merged


def job_floor(authored: str, workdir: str, out: str) -> None:
    import pyoxigraph as ox

    start = time.perf_counter()
    store = ox.Store()
    store.bulk_load(path=authored, format=ox.RdfFormat.N_TRIPLES)
    loaded = time.perf_counter()
    store.dump(output=f"{workdir}/floor.nt", format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    store.dump(output=f"{workdir}/floor.ttl", format=ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph())
    done = time.perf_counter()
    Path(out).write_text(json.dumps({"load": loaded - start, "write": done - loaded, "total": done - start}))


def job_load_dump(dump: str, out: str) -> None:
    import pyoxigraph as ox

    start = time.perf_counter()
    store = ox.Store()
    store.bulk_load(path=dump, format=ox.RdfFormat.N_TRIPLES)
    Path(out).write_text(json.dumps({"total": time.perf_counter() - start, "triples": len(store)}))


def job_store_floor(trig: str, workdir: str, out: str) -> None:
    """What the release's query store costs by itself: bulk-load every built quad (the TriG dump)
    into a fresh on-disk store in one call, then compact it, as the build does."""
    import shutil

    import pyoxigraph as ox

    directory = Path(workdir) / "store-floor"
    shutil.rmtree(directory, ignore_errors=True)
    start, cpu = time.perf_counter(), time.process_time()
    store = ox.Store(str(directory))
    store.bulk_load(path=trig, format=ox.RdfFormat.TRIG)
    loaded = time.perf_counter()
    store.optimize()
    quads = len(store)
    del store
    Path(out).write_text(json.dumps({"load": loaded - start, "optimize": time.perf_counter() - loaded,
                                     "total": time.perf_counter() - start, "cpu": time.process_time() - cpu,
                                     "quads": quads}))
    shutil.rmtree(directory, ignore_errors=True)


def _timed(record: dict, name: str, work) -> None:
    start, cpu = time.perf_counter(), time.process_time()
    work()
    record[name] = {"wall": time.perf_counter() - start, "cpu": time.process_time() - cpu}


def job_outputs_floor(dist: str, workdir: str, out: str) -> None:
    """What the build's dumps cost when Oxigraph's serializers write them, no Python per triple:
    the least any build of these files can spend on writing them, to set beside the floor.

    The built quads are read back from the release first (``paris-kg.trig``, and the RDF 1.2
    N-Triples for the two RDF 1.2 files); those loads are recorded apart and left out of
    ``writes``, since a build has its quads in hand when it writes. Then each file the build
    writes, in Oxigraph's own layout (not byte-equal to ours, the same triples): N-Triples and
    Turtle of every graph into one file each, TriG, JSON-LD, the two RDF 1.2 files, and the
    N-Triples gzipped at the build's level. With the store's cost (``store-floor``), this gives
    the least CPU the outputs need, whatever the code around them (README "The least these
    outputs cost")."""
    import gzip
    import os
    import shutil

    import pyoxigraph as ox

    directory = Path(workdir) / "outputs-floor"
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    loads, writes = {}, {}
    rdf12 = ox.Store()
    _timed(loads, "paris-kg.rdf12.nt", lambda: rdf12.bulk_load(path=f"{dist}/paris-kg.rdf12.nt",
                                                                format=ox.RdfFormat.N_TRIPLES))
    for name, fmt in (("paris-kg.rdf12.nt", ox.RdfFormat.N_TRIPLES), ("paris-kg.rdf12.ttl", ox.RdfFormat.TURTLE)):
        _timed(writes, name, lambda: rdf12.dump(output=str(directory / name), format=fmt,
                                                from_graph=ox.DefaultGraph()))
    del rdf12
    store = ox.Store()
    _timed(loads, "paris-kg.trig", lambda: store.bulk_load(path=f"{dist}/paris-kg.trig", format=ox.RdfFormat.TRIG))
    graphs = [ox.DefaultGraph(), *sorted(store.named_graphs(), key=str)]

    def every_graph(name: str, fmt) -> None:  # one file, each graph's triples in turn
        with open(directory / name, "wb") as sink:
            for graph in graphs:
                store.dump(output=sink, format=fmt, from_graph=graph)

    _timed(writes, "paris-kg.nt", lambda: every_graph("paris-kg.nt", ox.RdfFormat.N_TRIPLES))
    _timed(writes, "paris-kg.ttl", lambda: every_graph("paris-kg.ttl", ox.RdfFormat.TURTLE))
    for name, fmt in (("paris-kg.trig", ox.RdfFormat.TRIG), ("paris-kg.jsonld", ox.RdfFormat.JSON_LD)):
        _timed(writes, name, lambda: store.dump(output=str(directory / name), format=fmt))

    def gzipped() -> None:
        with open(directory / "paris-kg.nt", "rb") as lines, \
                gzip.GzipFile(directory / "paris-kg.nt.gz", "wb", mtime=0, compresslevel=6) as gz:
            shutil.copyfileobj(lines, gz, 1 << 20)

    _timed(writes, "paris-kg.nt.gz", gzipped)
    quads = len(store)
    del store
    Path(out).write_text(json.dumps({
        "loads": loads, "writes": writes, "quads": quads,
        "cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "wall": sum(w["wall"] for w in writes.values()), "cpu": sum(w["cpu"] for w in writes.values())}))
    shutil.rmtree(directory, ignore_errors=True)


JOBS = {"build": job_build, "queries": job_queries, "floor": job_floor, "load-dump": job_load_dump,
        "store-floor": job_store_floor, "outputs-floor": job_outputs_floor}

if __name__ == "__main__":
    JOBS[sys.argv[1]](*sys.argv[2:])
