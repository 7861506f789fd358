"""The dumps, `publish` and every named query on other engines: Virtuoso 7, an Oxigraph server, Jena ARQ.

Virtuoso runs on loopback with a scratch database (free ports); the tests skip only when its
Debian package (virtuoso-opensource) is missing, and `.ci/run` installs it. The Jena ARQ test
is optional: it skips, saying why, where java or Debian's libapache-jena-java is missing.
`bench/engines.py` prints the same comparison as the README's compatibility table.
"""
from __future__ import annotations

import json
import socket
import threading
import urllib.parse
import urllib.request

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from paris_kg import engines
from paris_kg.cli import main
from paris_kg.query.catalogue import named_queries
from paris_kg.query.compare import difference, example_params, jena_answer
from paris_kg.query.engine import prepare, run_local
from paris_kg.query.remote import _term, run_remote

PUBLISHED = "https://w3id.org/paris-kg/graph/published"
XSD_DURATION = "http://www.w3.org/2001/XMLSchema#duration"


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    reason = engines.virtuoso_available()
    if reason:
        pytest.skip(reason)
    with engines.virtuoso(tmp_path_factory.mktemp("virtuoso")) as server:
        yield server


@pytest.fixture(scope="module")
def oxigraph_endpoint(built, tmp_path_factory):
    if not engines.oxigraph_binary():
        pytest.skip("the oxigraph server binary is not installed")
    with engines.oxigraph_server(tmp_path_factory.mktemp("oxigraph"), built.ntriples_dump) as url:
        yield url


def _graph_triples(server, graphs: list[str]) -> set[ox.Triple]:
    values = " ".join(f"<{g}>" for g in graphs)
    query = f"SELECT ?s ?p ?o WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}"
    url = server.sparql + "?" + urllib.parse.urlencode({"query": query})
    request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        rows = json.load(response)["results"]["bindings"]
    return {ox.Triple(_term(r["s"]), _term(r["p"]), _term(r["o"])) for r in rows}


@pytest.mark.parametrize("name", ["paris-kg.ttl", "paris-kg.trig", "paris-kg.nt"])
def test_dumps_load_unchanged_with_virtuosos_bulk_loader(built, virtuoso, name):
    ours = {q.triple for q in ox.parse(path=str(built.ntriples_dump), format=ox.RdfFormat.N_TRIPLES)}
    graph = f"urn:paris-kg:test:{name}"
    graphs = ([f"https://w3id.org/paris-kg/graph/{g}" for g in ("ontology", "data", "alignment")]
              if name.endswith(".trig") else [graph])
    virtuoso.bulk_load(built.dist / name, graph)
    try:
        loaded = _graph_triples(virtuoso, graphs)
    finally:
        for g in graphs:
            virtuoso.clear(g)
    assert not any("\\" in str(t.subject) + str(t.object) for t in loaded if not isinstance(t.object, ox.Literal))
    # Virtuoso keeps xsd:duration as a number (P6M reads back as "6"): every other triple is ours unchanged,
    # which is why the build also gives every whole-month duration as an integer (pk:durationMonths, ...)
    def duration(t):
        return isinstance(t.object, ox.Literal) and t.object.datatype.value == XSD_DURATION

    rewritten = {t for t in ours - loaded if duration(t)}
    assert ours - loaded == rewritten
    assert len(rewritten) == 7
    assert {t for t in loaded - ours if not duration(t)} == set()
    assert len(loaded) == len(ours)


def test_publish_is_refused_with_the_missing_permission(built, virtuoso):
    url = f"{virtuoso.crud}?graph={urllib.parse.quote(PUBLISHED, safe='')}"
    result = CliRunner().invoke(main, ["--dist", str(built.dist), "publish", "--endpoint", virtuoso.crud,
                                       "--graph", PUBLISHED])
    assert result.exit_code == 1
    assert result.output == (f"Error: {url}: HTTP 403: Error 42000: SQ110:SECURITY: Permission denied for delete "
                             "from DB.DBA.RDF_QUAD (user ID = 107) (the anonymous SPARQL user may not write: grant it "
                             "SPARQL_UPDATE (Virtuoso: GRANT SPARQL_UPDATE TO \"SPARQL\"; see README, Publishing to "
                             "Virtuoso))\n")


def test_publish_without_credentials_where_they_are_needed(built, virtuoso):
    url = f"{virtuoso.crud_auth}?graph={urllib.parse.quote(PUBLISHED, safe='')}"
    result = CliRunner().invoke(main, ["--dist", str(built.dist), "publish", "--endpoint", virtuoso.crud_auth,
                                       "--graph", PUBLISHED])
    assert result.exit_code == 1
    assert result.output == (f"Error: {url}: HTTP 401: Unauthorized (the endpoint wants credentials: pass --user "
                             "NAME (password from PARIS_KG_PASSWORD or a prompt))\n")


def test_publish_with_a_wrong_password(built, virtuoso):
    result = CliRunner().invoke(main, ["--dist", str(built.dist), "publish", "--endpoint", virtuoso.crud_auth,
                                       "--graph", PUBLISHED, "--user", "dba"], env={"PARIS_KG_PASSWORD": "wrong"})
    assert result.exit_code == 1
    url = f"{virtuoso.crud_auth}?graph={urllib.parse.quote(PUBLISHED, safe='')}"
    # the same line whether Virtuoso answered 401 or hung up mid-upload (it depends on how much it read)
    assert result.output == (f"Error: {url}: HTTP 401: credentials refused "
                             "(user 'dba' was not accepted, check the name and password)\n")


@pytest.fixture(scope="module")
def published(built, virtuoso):
    """The graph published with digest authentication into a named graph; the endpoint URL to query it."""
    result = CliRunner().invoke(main, ["--dist", str(built.dist), "publish", "--endpoint", virtuoso.crud_auth,
                                       "--graph", PUBLISHED, "--user", "dba"], env={"PARIS_KG_PASSWORD": virtuoso.password})
    count = len(built.ntriples_dump.read_text(encoding="utf-8").splitlines())
    assert result.output == f"published {count} triples to {virtuoso.crud_auth} (<{PUBLISHED}>)\n"
    return virtuoso.sparql + "?" + urllib.parse.urlencode({"default-graph-uri": PUBLISHED})


def _differences(built, endpoint=None, answer=None) -> dict[str, str]:
    """Named queries whose answer (from ``endpoint``, or ``answer(text)``) is not the local one."""
    out = {}
    for qf in named_queries(built):
        params = example_params(qf)
        text = prepare(qf, params)
        local = run_local(built, qf, params)
        assert local.rows, qf.name
        problem = difference(local, answer(text) if answer else run_remote(endpoint, text, qf.name), text)
        if problem:
            out[qf.name] = problem
    return out


def test_every_named_query_answers_the_same_on_virtuoso(built, published):
    assert len(named_queries(built)) >= 31
    assert _differences(built, published) == {}


def test_every_named_query_answers_the_same_on_an_oxigraph_server(built, oxigraph_endpoint):
    assert _differences(built, oxigraph_endpoint) == {}


def test_every_named_query_answers_the_same_on_jena_arq(built, tmp_path):
    reason = engines.java_available()
    if reason:
        pytest.skip(f"optional Jena ARQ comparison: {reason}")
    assert _differences(built, answer=lambda text: jena_answer(tmp_path, built.ntriples_dump, text)) == {}


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """A corpus of about 15,000 authored triples from the scale bench's generator, built: the
    article's kinds of resource repeated over many talks under new IRIs, so that many rows tie
    on a date, a label or an ordinal, as they do at scale (the article itself has few such ties)."""
    import shutil
    import sys

    from paris_kg.build.pipeline import build
    from paris_kg.paths import PROJECT_ROOT, Layout

    sys.path.insert(0, str(PROJECT_ROOT / "bench"))
    from synthetic import generate

    root = tmp_path_factory.mktemp("synthetic")
    corpus = generate(root / "src", 15000)
    layout = Layout(root=corpus.root, dist=root / "dist")
    build(layout)
    dump = root / "synthetic-15k.nt"  # a name of its own: Virtuoso's bulk loader skips a file it has loaded
    shutil.copyfile(layout.ntriples_dump, dump)
    return layout, corpus.params, dump


def test_every_named_query_gives_one_order_on_virtuoso_where_rows_tie(synthetic, virtuoso):
    """Every ORDER BY ends with keys that make each row's place unique: on a corpus full of ties,
    Virtuoso 7 gives every named query's rows in Oxigraph's order, row by row."""
    layout, params, dump = synthetic
    graph = "urn:paris-kg:test:synthetic"
    virtuoso.bulk_load(dump, graph)
    try:
        endpoint = virtuoso.sparql + "?" + urllib.parse.urlencode({"default-graph-uri": graph})
        differences, empty = {}, set()
        for qf in named_queries(layout):
            given = {**example_params(qf), **params.get(qf.name, {})}
            text = prepare(qf, given)
            local = run_local(layout, qf, given)
            if not local.rows:
                empty.add(qf.name)
            problem = difference(local, run_remote(endpoint, text, qf.name), text)
            if problem:
                differences[qf.name] = problem
    finally:
        virtuoso.clear(graph)
    assert differences == {}
    assert empty == {"article-only-facts"}  # no synthetic resource cites the article


def test_jena_needs_the_xerces_messages_jar(tmp_path):
    """Debian's jena-core keeps xerces' message files under a path its own code never reads."""
    reason = engines.java_available()
    if reason:
        pytest.skip(f"optional Jena ARQ check: {reason}")
    import zipfile

    with zipfile.ZipFile(engines.xerces_fix_jar(tmp_path)) as jar:
        names = sorted(jar.namelist())
    assert "xerces/impl/msg/XMLSchemaMessages.properties" in names
    assert "xerces/impl/msg/DatatypeMessages.properties" in names
    query = 'SELECT ?d WHERE { BIND("1970-02-30"^^<http://www.w3.org/2001/XMLSchema#date> AS ?d) }'
    (tmp_path / "empty.nt").write_text("")
    result = jena_answer(tmp_path, tmp_path / "empty.nt", query)
    assert [[str(t) for t in row] for row in result.rows] == [['"1970-02-30"^^<http://www.w3.org/2001/XMLSchema#date>']]


def test_virtuoso_syntax_error_is_its_first_line(built, published, tmp_path):
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT * WHERE { ?s ?p }\n")
    result = CliRunner().invoke(main, ["query", str(bad), "--endpoint", published])
    assert result.exit_code == 2
    assert result.output == (f"Error: {bad}: endpoint {published} answered HTTP 400: Virtuoso 37000 Error SP030: "
                             "SPARQL compiler, line 1: syntax error at '}' before '}'\n")


def test_endpoint_that_never_answers_is_a_timeout_not_unreachable(built):
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        port = listener.getsockname()[1]
        accepted = []
        threading.Thread(target=lambda: accepted.append(listener.accept()), daemon=True).start()
        url = f"http://127.0.0.1:{port}/sparql"
        result = CliRunner().invoke(main, ["--dist", str(built.dist), "query", "figures", "--endpoint", url,
                                           "--timeout", "0.5"])
        for conn, _ in accepted:
            conn.close()
    assert result.exit_code == 1
    assert result.output == (f"Error: {built.queries_dir / 'figures.rq'}: endpoint {url} gave no answer within 0.5 s "
                             "(a slow query? raise --timeout)\n")


def test_refused_connection_says_so(built):
    port = engines.free_port()
    url = f"http://127.0.0.1:{port}/sparql"
    result = CliRunner().invoke(main, ["query", "figures", "--endpoint", url])
    assert result.exit_code == 1
    assert result.output == (f"Error: cannot reach endpoint {url}: connection refused "
                             "(is the server running on that port?)\n")


def test_long_queries_are_posted_as_a_form_and_short_ones_sent_as_get():
    from paris_kg.query.remote import _request

    short = _request("http://127.0.0.1:1/sparql?default-graph-uri=urn%3Ag", "ASK {}", "application/json")
    assert (short.get_method(), short.full_url) == (
        "GET", "http://127.0.0.1:1/sparql?default-graph-uri=urn%3Ag&query=ASK+%7B%7D")
    long = _request("http://127.0.0.1:1/sparql", "ASK {}" + " " * 3000, "application/json")
    assert long.get_method() == "POST" and long.full_url == "http://127.0.0.1:1/sparql"
    assert long.headers["Content-type"] == "application/x-www-form-urlencoded; charset=utf-8"
    assert long.data.startswith(b"query=ASK+%7B%7D")
