#!/usr/bin/env python3
"""Compatibility table: every named query on Oxigraph (in-process and server), Virtuoso 7 and Jena ARQ.

Builds the graph into a scratch directory (or uses --dist), then for each engine loads the
dumps the way a new user would, runs every named query (with the example values of its
required parameters) and compares the answer with the local one (``paris-kg query NAME``),
the items inside GROUP_CONCAT columns compared as sets (their order is up to the engine).
Prints one Markdown table: engine, version, load path, queries identical (n/N), and the
queries that differ with their first difference.

Every server listens on 127.0.0.1 on a free port, with a database in the scratch directory,
and is stopped before the script ends. An engine that is not installed gets a row saying why.
Debian packages: virtuoso-opensource (Virtuoso), libapache-jena-java + default-jre-headless
(Jena); the ``oxigraph`` binary comes with the test extras.

Usage: python bench/engines.py [--dist DIR] [--only oxigraph,oxigraph-server,virtuoso,jena]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import pyoxigraph as ox  # noqa: E402
from click.testing import CliRunner  # noqa: E402

from paris_kg import engines  # noqa: E402
from paris_kg.cli import main  # noqa: E402
from paris_kg.paths import Layout  # noqa: E402
from paris_kg.query.catalogue import named_queries  # noqa: E402
from paris_kg.query.compare import difference, example_params, jena_answer  # noqa: E402
from paris_kg.query.engine import QueryResult, prepare, run_local  # noqa: E402
from paris_kg.query.remote import run_remote  # noqa: E402

GRAPH = "https://w3id.org/paris-kg/graph/published"


def compare(layout: Layout, answer) -> tuple[int, dict[str, str]]:
    """(number of named queries, {name: first difference}) for one engine's ``answer(text)``."""
    queries = named_queries(layout)
    differ = {}
    for qf in queries:
        params = example_params(qf)
        text = prepare(qf, params)
        try:
            problem = difference(run_local(layout, qf, params), answer(text), text)
        except Exception as exc:  # an engine error counts as a difference, with its message
            problem = f"error: {' '.join(str(exc).split())[:160]}"
        if problem:
            differ[qf.name] = problem
    return len(queries), differ


def endpoint_answer(url: str):
    return lambda text: run_remote(url, text, "bench", timeout_s=120)


def oxigraph_in_process(layout: Layout, scratch: Path):
    store = ox.Store()
    store.bulk_load(path=str(layout.ntriples_dump), format=ox.RdfFormat.N_TRIPLES)

    def answer(text: str) -> QueryResult:
        solutions = store.query(text)
        if isinstance(solutions, ox.QuerySolutions):
            columns = [v.value for v in solutions.variables]
            return QueryResult(columns, [[s[c] for c in columns] for s in solutions])
        return QueryResult(["subject", "predicate", "object"], [[t.subject, t.predicate, t.object] for t in solutions])

    yield ("Oxigraph (pyoxigraph, in-process)", ox.__version__,
           "`Store.bulk_load` of `paris-kg.nt`", compare(layout, answer))


def oxigraph_server(layout: Layout, scratch: Path):
    if not engines.oxigraph_binary():
        yield "Oxigraph server", "-", "not run: the `oxigraph` binary is not installed", None
        return
    with engines.oxigraph_server(scratch / "oxigraph-server", layout.ntriples_dump) as url:
        yield ("Oxigraph server", engines.oxigraph_version(),
               "`oxigraph load --file paris-kg.nt`, `serve-read-only`", compare(layout, endpoint_answer(url)))


def virtuoso(layout: Layout, scratch: Path):
    reason = engines.virtuoso_available()
    if reason:
        yield "Virtuoso Open Source", "-", f"not run: {reason}", None
        return
    version = engines.virtuoso_version()
    with engines.virtuoso(scratch / "virtuoso") as server:
        bulk = "urn:paris-kg:bench:bulk"
        server.bulk_load(layout.ntriples_dump, bulk)
        url = server.sparql + "?" + urllib.parse.urlencode({"default-graph-uri": bulk})
        yield ("Virtuoso Open Source", version, "bulk loader (`ld_dir`, `rdf_loader_run`) of `paris-kg.nt`",
               compare(layout, endpoint_answer(url)))
        server.clear(bulk)
        done = CliRunner().invoke(main, ["--dist", str(layout.dist), "publish", "--endpoint", server.crud_auth,
                                         "--graph", GRAPH, "--user", "dba"],
                                  env={"PARIS_KG_PASSWORD": server.password})
        if done.exit_code != 0:
            yield "Virtuoso Open Source", version, f"`paris-kg publish` failed: {done.output.strip()}", None
            return
        url = server.sparql + "?" + urllib.parse.urlencode({"default-graph-uri": GRAPH})
        yield ("Virtuoso Open Source", version,
               "`paris-kg publish` to `/sparql-graph-crud-auth` (Graph Store PUT, digest auth)",
               compare(layout, endpoint_answer(url)))


def jena(layout: Layout, scratch: Path):
    reason = engines.java_available()
    if reason:
        yield "Apache Jena ARQ", "-", f"not run: {reason}", None
        return
    directory = scratch / "jena"
    directory.mkdir()
    yield ("Apache Jena ARQ", engines.jena_version(), "`arq.sparql --data=paris-kg.nt` (one JVM per query)",
           compare(layout, lambda text: jena_answer(directory, layout.ntriples_dump, text)))


ENGINES = {"oxigraph": oxigraph_in_process, "oxigraph-server": oxigraph_server, "virtuoso": virtuoso, "jena": jena}


def cell(text: str) -> str:
    return text.replace("|", "\\|")


def main_(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dist", type=Path, help="an already built dist/ (default: build into a scratch dir)")
    parser.add_argument("--only", default=",".join(ENGINES), help="comma-separated engines to run")
    args = parser.parse_args(argv)
    chosen = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = [name for name in chosen if name not in ENGINES]
    if unknown:
        parser.error(f"unknown engine(s) {', '.join(unknown)}; choose from {', '.join(ENGINES)}")
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="paris-kg-engines-") as tmp:
        scratch = Path(tmp)
        if args.dist:
            layout = Layout(dist=args.dist)
        else:
            from paris_kg.build.pipeline import build

            layout = Layout(dist=scratch / "dist")
            build(layout)
        rows, failing = [], False
        for name in chosen:
            for engine, version, load, outcome in ENGINES[name](layout, scratch):
                if outcome is None:
                    rows.append((engine, version, load, "-", "-"))
                    continue
                total, differ = outcome
                failing = failing or bool(differ)
                which = "; ".join(f"{q}: {cell(p)}" for q, p in sorted(differ.items())) or "none"
                rows.append((engine, version, load, f"{total - len(differ)}/{total}", which))
                print(f"{engine} ({load}): {total - len(differ)}/{total} identical", file=sys.stderr, flush=True)
    env = engines.environment_summary()
    print(f"Named queries compared with the local answers (`paris-kg query NAME`), "
          f"{time.strftime('%Y-%m-%d')}, Python {env['python']}, {env['cpus']} CPUs, "
          f"{time.monotonic() - started:.0f} s in all:\n")
    print("| Engine | Version | Load path | Queries identical | Differ |")
    print("|---|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main_())
