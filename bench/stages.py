#!/usr/bin/env python3
"""Child processes of the scale bench: each job runs in a fresh interpreter and writes JSON.

  stages.py build ROOT DIST OUT.json          the real ``paris-kg build``, with stage timers
  stages.py queries ROOT DIST PARAMS OUT.json every named query against the built store
  stages.py floor AUTHORED.nt WORKDIR OUT.json  bulk-load N-Triples, write N-Triples and Turtle
  stages.py load-dump DUMP.nt OUT.json        bulk-load a dump into an in-memory store

Stage timers are found, not listed: the functions that ``build.pipeline.assemble`` and
``build`` call by name are the stages, and the functions that ``build.dumps.write_outputs``
(and ``render_files``, when it exists) call are the dumps, read from their source with
``ast``. Each is wrapped so that time is counted once, in the outermost timed call, and the
build runs through the same click command a user types. So the breakdown follows the
pipeline when its functions change, without the bench restating it.
"""
from __future__ import annotations

import ast
import functools
import importlib
import importlib.util
import inspect
import json
import sys
import textwrap
import time
from pathlib import Path

#: functions that only hand work to others (their callees are timed instead)
COORDINATORS = {"assemble", "render_files", "publish_release", "build_lock"}


class Timer:
    """Seconds per name, counting only the outermost timed call (no double counting)."""

    def __init__(self):
        self.seconds: dict[str, float] = {}
        self.depth = 0

    def wrap(self, name: str, fn):
        @functools.wraps(fn)
        def timed(*args, **kwargs):
            if self.depth:
                return fn(*args, **kwargs)
            self.depth += 1
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - start
                self.depth -= 1
        return timed


def callees(func) -> dict[str, tuple[object, str]]:
    """Functions of paris_kg that ``func`` calls by plain name -> (module to patch, attribute)."""
    module = sys.modules[func.__module__]
    tree = ast.parse(textwrap.dedent(inspect.getsource(func)))
    imported: dict[str, tuple[str, str]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            source = importlib.util.resolve_name("." * node.level + (node.module or ""), module.__package__) \
                if node.level else node.module
            for alias in node.names:
                imported[alias.asname or alias.name] = (source, alias.name)
    found = {}
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        name = node.func.id
        if name in imported:
            target = (importlib.import_module(imported[name][0]), imported[name][1])
        elif name in vars(module):
            target = (module, name)
        else:
            continue
        obj = getattr(*target, None)
        if inspect.isfunction(obj) and obj.__module__.startswith("paris_kg"):
            found[name] = target
    return found


def instrument(timer: Timer, functions: dict[str, tuple[object, str]]) -> None:
    for name, (module, attr) in functions.items():
        if name not in COORDINATORS:
            setattr(module, attr, timer.wrap(name, getattr(module, attr)))


def job_build(root: str, dist: str, out: str) -> None:
    from paris_kg.build import dumps, pipeline
    from paris_kg.cli import main

    stages, dump_timer = Timer(), Timer()
    dump_calls = callees(dumps.write_outputs)
    if hasattr(dumps, "render_files"):
        dump_calls.update(callees(dumps.render_files))
    instrument(dump_timer, dump_calls)
    stage_calls = callees(pipeline.assemble)
    stage_calls.update(callees(pipeline.build))
    instrument(stages, stage_calls)
    start = time.perf_counter()
    try:
        main(["--root", root, "--dist", dist, "build"], standalone_mode=False)
        ok = True
    except Exception as exc:  # reported to the parent, which prints it and stops
        ok = False
        print(f"build failed: {exc}", file=sys.stderr)
    Path(out).write_text(json.dumps({"ok": ok, "total": time.perf_counter() - start, "stages": stages.seconds,
                                     "dumps": dump_timer.seconds}))


def job_queries(root: str, dist: str, params_file: str, out: str) -> None:
    from paris_kg.paths import Layout
    from paris_kg.query.catalogue import named_queries
    from paris_kg.query.engine import prepare
    from paris_kg.store import open_built_store

    layout = Layout(root=root, dist=dist)
    params = json.loads(Path(params_file).read_text(encoding="utf-8"))
    start = time.perf_counter()
    store = open_built_store(layout)
    results = {"open": time.perf_counter() - start, "queries": {}}
    for qf in named_queries(layout):
        text = prepare(qf, params.get(qf.name, {}))
        # the best of several runs (at least 5, or as many as fit in about a second; one if a run
        # takes longer): on a shared machine a single short run says more about the neighbours
        best, rows, spent, runs = None, 0, 0.0, 0
        while runs < 5 or (spent < 1.0 and runs < 50):
            start = time.perf_counter()
            solutions = store.query(text, use_default_graph_as_union=True)
            rows = sum(1 for _ in solutions)
            took = time.perf_counter() - start
            best = took if best is None else min(best, took)
            spent, runs = spent + took, runs + 1
            if took > 1.0:
                break
        # an aggregate over the whole graph (GROUP BY after the WHERE group) has a fixed-size answer
        aggregate = "GROUP BY" in qf.text[qf.text.rfind("}"):]
        results["queries"][qf.name] = {"rows": rows, "seconds": best, "aggregate": aggregate}
    Path(out).write_text(json.dumps(results))


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


JOBS = {"build": job_build, "queries": job_queries, "floor": job_floor, "load-dump": job_load_dump}

if __name__ == "__main__":
    JOBS[sys.argv[1]](*sys.argv[2:])
