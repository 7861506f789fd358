#!/usr/bin/env python3
"""Benchmark: SHACL engines on graphs shaped like ours, at ~10k, 100k and 1M triples.

The graphs are the article's authored graphs (ontology once, plus the data graph copied k
times with every ``id/`` IRI given a copy suffix, so each copy is a distinct negotiation with
the same shape), with five violations seeded in every tenth copy (the first included), so that
every engine has something to find. Each engine runs in a fresh process that first bulk-loads the N-Triples
into a pyoxigraph store, as the build has it, then validates from that store; the time is
what the build would pay from there (including any copy the engine needs), the memory is the
peak resident size of that process. Every engine must report the same (focus, path) pairs
as pySHACL, the reference. CPU time is shown beside wall time because the machine is shared.

  pyshacl  pySHACL over an rdflib Graph filled from the store (the build before issue 11)
  turbo    pyshacl-turbo (Rust, pySHACL-compatible) given the pyoxigraph store
  shacl    the ``shacl`` package (Rust, beta) given the store serialised as N-Triples
  sparql   ``ontology/shapes.ttl`` compiled to SPARQL, run on the store (what the build ships)

An engine that is not installed is skipped with a note: pySHACL comes with the test extra
(``make .venv/.installed-test``), the other two with ``pip install pyshacl-turbo shacl``.
Usage: python bench/validators.py [--sizes 10k,100k,1M] [--engines pyshacl,turbo,shacl,sparql]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import pyoxigraph as ox  # noqa: E402

from paris_kg.namespaces import GRAPH_ONTOLOGY, ID, ONTOLOGY  # noqa: E402
from paris_kg.paths import Layout  # noqa: E402

ENGINES = ("pyshacl", "turbo", "shacl", "sparql")
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
XSD_STRING = ox.NamedNode("http://www.w3.org/2001/XMLSchema#string")


def authored(layout: Layout) -> tuple[list[ox.Triple], list[ox.Triple]]:
    """The ontology triples and the data triples the build validates (statement nodes minted)."""
    from paris_kg.build.loading import load_sources
    from paris_kg.build.statements import expand

    store = load_sources(layout)
    expand(store)
    onto, data = [], []
    for q in store.quads_for_pattern(None, None, None, None):
        (onto if q.graph_name == ox.NamedNode(GRAPH_ONTOLOGY) else data).append(q.triple)
    return onto, data


def _rename(term, suffix: str):
    if isinstance(term, ox.NamedNode) and term.value.startswith(ID):
        return ox.NamedNode(term.value + suffix)
    if isinstance(term, ox.BlankNode):
        return ox.BlankNode(term.value + suffix.replace("-", "_"))
    return term


def _seed(triples: list[ox.Triple]) -> list[ox.Triple]:
    """Break one copy in five ways the shapes catch (missing label, bad count, datatype...)."""
    pk = ONTOLOGY
    done: set[str] = set()
    out = []
    for t in triples:
        p = t.predicate.value
        if p == RDFS_LABEL and "/event/" in t.subject.value and "label" not in done:
            done.add("label")  # an event loses its English label
            continue
        if p == pk + "ordinal" and "ordinal" not in done:
            done.add("ordinal")  # ordinal 0 (< 1)
            t = ox.Triple(t.subject, t.predicate, ox.Literal("0", datatype=t.object.datatype))
        elif p == pk + "date" and "date" not in done:
            done.add("date")  # a date as a plain string
            t = ox.Triple(t.subject, t.predicate, ox.Literal(t.object.value, datatype=XSD_STRING))
        elif p == pk + "side" and "side" not in done:
            done.add("side")  # a second side
            out.append(ox.Triple(t.subject, t.predicate, ox.NamedNode(pk + "NoSuchSide")))
        elif p == pk + "participant" and "participant" not in done:
            done.add("participant")  # a participant that is not an actor
            t = ox.Triple(t.subject, t.predicate, ox.NamedNode(ID + "place/nowhere"))
        out.append(t)
    return out


def write_graph(path: Path, target: int, onto: list[ox.Triple], data: list[ox.Triple]) -> int:
    """Write ~``target`` triples (ontology + copies of the data) to ``path``; return the count."""
    copies = max(1, round((target - len(onto)) / len(data)))
    count = len(onto)
    with open(path, "wb") as out:
        ox.serialize(onto, out, format=ox.RdfFormat.N_TRIPLES)
        for k in range(copies):
            suffix = f"-c{k}"
            triples = [ox.Triple(_rename(t.subject, suffix), t.predicate, _rename(t.object, suffix))
                       for t in data]
            if k % 10 == 0:
                triples = _seed(triples)
            count += len(triples)
            ox.serialize(triples, out, format=ox.RdfFormat.N_TRIPLES)
    return count


# ---------------------------------------------------------------- one engine, in its own process

def _pairs_from_report(report) -> set[tuple[str, str]]:
    import rdflib

    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    # the report's own results; pySHACL also adds nested ones (sh:detail) under sh:node failures
    results = [r for top in report.subjects(rdflib.RDF.type, sh.ValidationReport) for r in report.objects(top, sh.result)]
    return {(str(report.value(r, sh.focusNode)), str(report.value(r, sh.resultPath) or "")) for r in results}


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run_engine(engine: str, data: str, shapes: str) -> dict:
    start = time.perf_counter()
    store = ox.Store()
    store.bulk_load(path=data, format=ox.RdfFormat.N_TRIPLES)
    loaded, cpu = time.perf_counter(), _cpu()
    if engine == "pyshacl":
        import pyshacl
        import rdflib

        graph = rdflib.Graph().parse(data=ox.serialize(store, format=ox.RdfFormat.N_TRIPLES), format="nt")
        _, report, _ = pyshacl.validate(graph, shacl_graph=rdflib.Graph().parse(shapes), inference="none",
                                        allow_warnings=True, advanced=True)
        pairs = _pairs_from_report(report)
    elif engine == "turbo":
        import pyshacl_turbo

        _, report, _ = pyshacl_turbo.validate(store, shacl_graph=shapes, inference="none", allow_warnings=True)
        pairs = _pairs_from_report(report)
    elif engine == "shacl":
        import shacl

        text = ox.serialize(store, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
        report = shacl.Shapes.from_file(shapes).validate_text(text)
        pairs = {(r.focus_node.strip("<>"), (r.path or "").strip("<>")) for r in report.results}
    else:
        from paris_kg.build.loading import parse_turtle
        from paris_kg.build.shacl_sparql import compile_shapes, run_checks

        checks = compile_shapes(parse_turtle(Path(shapes)), shapes)
        pairs = {(r.focus.value, r.path or "") for r in run_checks(store, checks, [ox.DefaultGraph()])}
    done = time.perf_counter()
    return {"load_s": loaded - start, "validate_s": done - loaded, "cpu_s": _cpu() - cpu,
            "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "pairs": sorted(pairs)}


def available(engine: str) -> bool:
    module = {"pyshacl": "pyshacl", "turbo": "pyshacl_turbo", "shacl": "shacl"}.get(engine)
    if module is None:
        return True
    probe = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True)
    return probe.returncode == 0


def parse_size(text: str) -> int:
    text = text.strip().lower()
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1], 1)
    return int(float(text.rstrip("km")) * factor)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10k,100k,1M")
    ap.add_argument("--engines", default=",".join(ENGINES))
    ap.add_argument("--engine", help=argparse.SUPPRESS)  # child process: run one engine
    ap.add_argument("--data", help=argparse.SUPPRESS)
    args = ap.parse_args()
    layout = Layout()
    if args.engine:
        print(json.dumps(run_engine(args.engine, args.data, str(layout.shapes_file))))
        return
    engines = [e for e in args.engines.split(",") if e]
    missing = [e for e in engines if not available(e)]
    engines = [e for e in engines if e not in missing]
    onto, data = authored(layout)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{time.strftime('%Y-%m-%d')}; one fresh process per engine and size")
    if missing:
        print(f"not installed, skipped: {', '.join(missing)}")
    print("| triples | engine | load into store | validate (wall) | validate (CPU) | peak memory | results | same as pySHACL |")
    print("|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes.split(","):
            path = Path(tmp) / f"graph-{size}.nt"
            count = write_graph(path, parse_size(size), onto, data)
            reference = None
            for engine in engines:
                proc = subprocess.run([sys.executable, __file__, "--engine", engine, "--data", str(path)],
                                      capture_output=True, text=True)
                if proc.returncode != 0:
                    raise SystemExit(f"{engine} failed at {size}:\n{proc.stderr[-2000:]}")
                r = json.loads(proc.stdout)
                pairs = {tuple(p) for p in r["pairs"]}
                if engine == "pyshacl":
                    reference = pairs
                same = "-" if reference is None else ("yes" if pairs == reference else
                                                      f"NO ({len(pairs ^ reference)} differ)")
                print(f"| {count:,} | {engine} | {r['load_s']:.2f} s | {r['validate_s']:.2f} s | {r['cpu_s']:.2f} s | "
                      f"{r['peak_mib']:,.0f} MiB | {len(pairs)} | {same} |", flush=True)


if __name__ == "__main__":
    main()
