"""The ``paris-kg`` command line. Each command is a thin wrapper over a library function.

Library errors (:mod:`paris_kg.errors`) become one ``Error: ...`` line and their exit code.
Heavy imports happen inside commands; ``query`` touches only click and pyoxigraph.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .errors import ParisKGError, ValidationError
from .paths import Layout


class _Failure(click.ClickException):
    def __init__(self, message: str, exit_code: int):
        super().__init__(message)
        self.exit_code = exit_code


def _fail(exc: ParisKGError) -> _Failure:
    if isinstance(exc, ValidationError):
        for violation in exc.violations:
            click.echo(str(violation), err=True)
    return _Failure(str(exc), exc.exit_code)


def _layout(ctx: click.Context) -> Layout:
    return ctx.obj


def _call(fn, *args, **kwargs):
    """Run a library function; its typed errors become one ``Error:`` line and an exit code."""
    try:
        return fn(*args, **kwargs)
    except ParisKGError as exc:
        raise _fail(exc) from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--dist", type=click.Path(file_okay=False, path_type=Path), envvar="PARIS_KG_DIST",
              help="Directory for the build outputs (default: dist/ in the checkout).")
@click.option("--root", type=click.Path(file_okay=False, exists=True, path_type=Path), hidden=True,
              help="Project directory holding ontology/, data/ and queries/ (for tests).")
@click.version_option(package_name="paris-kg")
@click.pass_context
def main(ctx: click.Context, dist: Path | None, root: Path | None) -> None:
    """Build, validate and query the knowledge graph of the Paris peace talks on Vietnam (1968-1973)."""
    kwargs = {}
    if root is not None:
        kwargs["root"] = root
    if dist is not None:
        kwargs["dist"] = dist
    ctx.obj = Layout(**kwargs)


@main.command()
@click.pass_context
def build(ctx: click.Context) -> None:
    """Load ontology and data, validate them, add alignment triples, write dist/."""
    from .build.pipeline import build as run_build

    layout = _layout(ctx)
    report = _call(run_build, layout)
    click.echo(f"built {report.triples} triples ({report.alignment_triples} from alignment) into {layout.dist}")
    for kind, path in report.outputs.items():
        click.echo(f"  {kind:6} {path}")


@main.command()
@click.pass_context
def validate(ctx: click.Context) -> None:
    """Check the sources against the SHACL shapes and QC queries without writing anything."""
    from .build.pipeline import assemble

    _call(assemble, _layout(ctx))
    click.echo("valid: 0 violations")


@main.command()
@click.pass_context
def stats(ctx: click.Context) -> None:
    """Print how many resources of each class the built graph holds, and how the fact
    statements are sourced (own citation, whole-resource citation, editors' additions)."""
    from .query.stats import class_counts, statement_coverage, triple_count
    from .store import open_built_store

    store = _call(open_built_store, _layout(ctx))
    counts = class_counts(store)
    width = max((len(c) for c, _ in counts), default=5)
    for cls, n in counts:
        click.echo(f"{cls:<{width}}  {n:>5}")
    click.echo(f"{'triples':<{width}}  {triple_count(store):>5}")
    coverage = statement_coverage(store, _layout(ctx))
    total = {c: sum(row[c] for _, row in coverage) for c in ("facts", "own", "wholeResource", "editors", "uncovered")}
    sourced = total["own"] + total["wholeResource"]
    click.echo(f"fact statements with a citation: {sourced} of {total['facts']} "
               f"({total['own']} own, {total['wholeResource']} whole-resource); "
               f"{total['editors']} added by the editors; {total['uncovered']} without")
    for kind, row in coverage:
        click.echo(f"  {kind:<{width - 2}}  {row['facts']:>5} facts  {row['own']:>4} own  "
                   f"{row['wholeResource']:>4} whole-resource  {row['editors']:>2} editors  {row['uncovered']:>2} without")


@main.command("queries")
@click.pass_context
def list_queries(ctx: click.Context) -> None:
    """List the named queries: name, research question served, title."""
    from .query.catalogue import named_queries

    for qf in named_queries(_layout(ctx)):
        click.echo(f"{qf.name:<42} RQ{qf.first('research-question', '-'):<3} {qf.first('title')}")


def _parse_params(values: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for item in values:
        if "=" not in item:
            raise click.BadParameter(f"{item!r} is not key=value", param_hint="--param")
        key, value = item.split("=", 1)
        out[key.strip()] = value
    return out


@main.command()
@click.argument("name_or_file")
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE",
              help="Bind a query parameter (repeatable).")
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "csv", "tsv", "json", "md"]),
              default="table", show_default=True, help="Output format; json is SPARQL 1.1 Results JSON.")
@click.option("--endpoint", metavar="URL",
              help="Run against this SPARQL 1.1 endpoint instead of the built store "
                   "(parameters in the URL, e.g. ?default-graph-uri=..., are sent along).")
@click.option("--timeout", "timeout_s", default=60.0, show_default=True, type=click.FloatRange(0.1, 3600),
              help="With --endpoint: seconds to wait for the answer.")
@click.pass_context
def query(ctx: click.Context, name_or_file: str, params: tuple[str, ...], fmt: str, endpoint: str | None,
          timeout_s: float) -> None:
    """Run a named query (see `paris-kg queries`) or a .rq file against the built graph."""
    from .query.catalogue import resolve
    from .query.formatting import render
    from .query.engine import prepare, run_local

    layout = _layout(ctx)
    try:
        qf = resolve(layout, name_or_file)
        if endpoint:
            from .query.remote import run_remote

            result = run_remote(endpoint, prepare(qf, _parse_params(params)), str(qf.path), timeout_s)
        else:
            result = run_local(layout, qf, _parse_params(params))
    except ParisKGError as exc:
        raise _fail(exc) from None
    sys.stdout.write(render(result.columns, result.rows, fmt))


@main.command()
@click.pass_context
def report(ctx: click.Context) -> None:
    """Answer the article's three research questions: write dist/report.md and dist/report.html."""
    from .views.report import write_report

    md_path, html_path = _call(write_report, _layout(ctx))
    click.echo(f"wrote {md_path}")
    click.echo(f"wrote {html_path}")


def _network(ctx: click.Context, include: tuple[str, ...], year_from: int | None, year_to: int | None):
    from .views.network import build_network
    from .store import open_built_store

    store = _call(open_built_store, _layout(ctx))
    if year_from is not None and year_to is not None and year_from > year_to:
        raise click.BadParameter(f"--from {year_from} is after --to {year_to}", param_hint="--from/--to")
    return build_network(store, include_events="events" in include, year_from=year_from, year_to=year_to)


_include = click.option("--include", type=click.Choice(["events"]), multiple=True,
                        help="Also add events as nodes (with took-part-in and presented-at edges).")
_from = click.option("--from", "year_from", type=click.IntRange(1945, 1975), help="Keep proposals/events from this year.")
_to = click.option("--to", "year_to", type=click.IntRange(1945, 1975), help="Keep proposals/events up to this year.")


@main.command()
@click.option("--format", "-f", "fmt", type=click.Choice(["graphml", "gexf", "json"]), required=True,
              help="graphml and gexf open in Gephi and Cytoscape; json is networkx node-link JSON.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), required=True, help="File to write.")
@_include
@_from
@_to
@click.pass_context
def export(ctx: click.Context, fmt: str, output: Path, include: tuple[str, ...],
           year_from: int | None, year_to: int | None) -> None:
    """Export the actor-proposal network for Gephi, Cytoscape or networkx."""
    from .views.network import write_export

    graph = _network(ctx, include, year_from, year_to)
    write_export(graph, output, fmt)
    click.echo(f"wrote {output} ({graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges)")


@main.command()
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="HTML file to write (default: dist/graph.html).")
@_include
@_from
@_to
@click.pass_context
def graph(ctx: click.Context, output: Path | None, include: tuple[str, ...],
          year_from: int | None, year_to: int | None) -> None:
    """Write the interactive actor-proposal graph: one offline HTML file with filters and search."""
    from .views.graph_page import render_network_html, write_html

    network = _network(ctx, include, year_from, year_to)
    target = write_html(render_network_html(network), output or _layout(ctx).dist / "graph.html")
    click.echo(f"wrote {target} ({network.number_of_nodes()} nodes, {network.number_of_edges()} edges)")


@main.command()
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="HTML file to write (default: dist/timeline.html).")
@click.pass_context
def timeline(ctx: click.Context, output: Path | None) -> None:
    """Write the timeline: events and proposals on a zoomable time axis, one lane per side."""
    from .atomic import write_text_atomic
    from .store import open_built_store
    from .views.timeline import render_timeline_html, timeline_items

    items = timeline_items(_call(open_built_store, _layout(ctx)))
    target = write_text_atomic(output or _layout(ctx).dist / "timeline.html", render_timeline_html(items))
    click.echo(f"wrote {target} ({len(items)} items)")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option("--timeout", "timeout_s", default=10.0, show_default=True, type=click.FloatRange(1, 3600),
              help="Seconds a SPARQL query may take, waiting time included, before it is stopped (503).")
@click.option("--max-result-mb", default=20, show_default=True, type=click.IntRange(1, 4096),
              help="Largest SPARQL result returned, in megabytes.")
@click.option("--max-concurrent", default=2, show_default=True, type=click.IntRange(1, 64),
              help="Queries run at once (one engine process each).")
@click.option("--max-queue", default=16, show_default=True, type=click.IntRange(0, 10_000),
              help="Queries waiting for an engine; more are refused with 503 and Retry-After.")
@click.option("--allow-service", "allow_service", multiple=True, metavar="HOST",
              help="Allow SERVICE (federated queries) to this host; repeatable. Default: SERVICE is refused.")
@click.option("--cors-origin", "cors_origins", multiple=True, metavar="ORIGIN",
              help="Let web pages from ORIGIN (e.g. https://example.org) run queries; repeatable. Default: none.")
@click.option("--verbose", is_flag=True, help="Log every request.")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, timeout_s: float, max_result_mb: int, max_concurrent: int,
          max_queue: int, allow_service: tuple[str, ...], cors_origins: tuple[str, ...], verbose: bool) -> None:
    """Serve the built graph: SPARQL endpoint at /sparql, IRI pages at /id/..., query page, dumps."""
    import signal
    import threading

    from .web.running import RunningServer

    server = _call(lambda: RunningServer(
        _layout(ctx), host, port, timeout_s=timeout_s, max_result_bytes=max_result_mb * 1_000_000,
        max_concurrent=max_concurrent, max_queue=max_queue, verbose=verbose,
        allow_service=frozenset(h.lower() for h in allow_service), cors_origins=frozenset(cors_origins)).start())
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda signum, frame: done.set())  # stop like Ctrl-C: engines stopped too
    click.echo(f"serving {server.url}/ (SPARQL at /sparql); Ctrl-C stops")
    try:
        while not done.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


@main.command()
@click.option("-o", "--output", "output", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Directory to write the site into (replaced whole).")
@click.option("--endpoint", default="/sparql", show_default=True, metavar="URL",
              help="SPARQL endpoint the query page sends queries to.")
@click.option("--base-url", default="https://example.org/paris-kg", show_default=True, metavar="URL",
              help="Where the site will live (used in the w3id.org redirect rules).")
@click.pass_context
def site(ctx: click.Context, output: Path, endpoint: str, base_url: str) -> None:
    """Write the whole site (pages, twins, search, dumps, docs, conneg rules) as static files."""
    from .web.static_site import write_site

    count = _call(write_site, _layout(ctx), output, endpoint, base_url)
    click.echo(f"wrote {count} files to {output} (internal links checked)")


@main.command()
@click.option("--endpoint", required=True, metavar="URL",
              help="Graph Store Protocol URL of the store, e.g. http://localhost:7878/store.")
@click.option("--graph", "graph_iri", metavar="IRI", help="Named graph to replace (default: the default graph).")
@click.option("--user", metavar="NAME",
              help="Authenticate as NAME (basic or digest, as the server asks); the password comes from "
                   "the PARIS_KG_PASSWORD environment variable, else a prompt.")
@click.pass_context
def publish(ctx: click.Context, endpoint: str, graph_iri: str | None, user: str | None) -> None:
    """Load the built graph into a SPARQL 1.1 Graph Store Protocol store, replacing the graph."""
    import os

    from .web.publish import publish as run_publish

    password = None
    if user is not None:
        password = os.environ.get("PARIS_KG_PASSWORD")
        if password is None:
            password = click.prompt(f"password for {user}", hide_input=True, err=True)
    count = _call(run_publish, _layout(ctx), endpoint, graph_iri, user=user, password=password)
    click.echo(f"published {count} triples to {endpoint} ({'<' + graph_iri + '>' if graph_iri else 'default graph'})")
