"""`paris-kg serve` over real HTTP, and `paris-kg publish` into a real Oxigraph server."""
from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from paris_kg.query.catalogue import named_queries
from paris_kg.cli import main
from paris_kg.web.running import start_in_thread

from conftest import free_port, oxigraph_server

SELECT_8PT = ("PREFIX pk: <https://w3id.org/paris-kg/ontology#> SELECT ?points WHERE { "
              "<https://w3id.org/paris-kg/id/proposal/1969-05-14-us-eight-point-plan> pk:numberOfPoints ?points }")
CONSTRUCT_THO = ("CONSTRUCT { <https://w3id.org/paris-kg/id/person/le-duc-tho> ?p ?o } WHERE { "
                 "<https://w3id.org/paris-kg/id/person/le-duc-tho> ?p ?o }")
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def http(url, *, data=None, headers=None, method=None, timeout=60):
    """(status, headers, body) without raising on HTTP errors."""
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


@pytest.fixture
def site(served):
    return served


def q(url, query, accept="application/sparql-results+json"):
    return http(f"{url}/sparql?query={urllib.parse.quote(query)}", headers={"Accept": accept})


# ---------------------------------------------------------------- SPARQL protocol

def test_select_by_get_post_form_and_post_body(site):
    get = json.loads(q(site, SELECT_8PT)[2])
    form = http(f"{site}/sparql", data=urllib.parse.urlencode({"query": SELECT_8PT}).encode(),
                headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"})
    body = http(f"{site}/sparql", data=SELECT_8PT.encode(),
                headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})
    assert get["results"]["bindings"][0]["points"]["value"] == "8"
    assert json.loads(form[2]) == json.loads(body[2]) == get


@pytest.mark.parametrize("accept,ctype,needle", [
    ("application/sparql-results+json", "application/sparql-results+json", b'"value":"8"'),
    ("application/sparql-results+xml", "application/sparql-results+xml", b"<literal datatype=\"http://www.w3.org/2001/XMLSchema#integer\">8</literal>"),
    ("text/csv", "text/csv; charset=utf-8", b"points\r\n8\r\n"),
    ("text/tab-separated-values", "text/tab-separated-values; charset=utf-8", b"?points\n8\n"),
    ("text/html;q=0.9, text/csv;q=0.8", "text/csv; charset=utf-8", b"points"),
])
def test_result_formats_by_accept(site, accept, ctype, needle):
    status, headers, body = q(site, SELECT_8PT, accept)
    assert status == 200 and headers["Content-Type"] == ctype
    assert needle in body


@pytest.mark.parametrize("accept,fmt", [("text/turtle", ox.RdfFormat.TURTLE),
                                        ("application/n-triples", ox.RdfFormat.N_TRIPLES),
                                        ("application/ld+json", ox.RdfFormat.JSON_LD)])
def test_construct_formats(site, store, accept, fmt):
    status, headers, body = q(site, CONSTRUCT_THO, accept)
    assert status == 200 and headers["Content-Type"].startswith(accept)
    got = {t.triple for t in ox.parse(body, format=fmt)}
    expected = set(store.query(CONSTRUCT_THO, use_default_graph_as_union=True))
    assert got == expected and len(got) == 19  # the 19 statements about Lê Đức Thọ


def test_describe_returns_the_resource(site, store):
    status, headers, body = q(site, "DESCRIBE <https://w3id.org/paris-kg/id/figure/negotiations-public-meetings>",
                              "text/turtle")
    assert status == 200 and headers["Content-Type"] == "text/turtle; charset=utf-8"
    got = {t.triple for t in ox.parse(body, format=ox.RdfFormat.TURTLE)}
    value = ox.Triple(ox.NamedNode("https://w3id.org/paris-kg/id/figure/negotiations-public-meetings"),
                      ox.NamedNode("https://w3id.org/paris-kg/ontology#value"),
                      ox.Literal("201", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")))
    assert value in got


@pytest.mark.parametrize("how", ["query-param", "update-param", "update-body", "update-path", "put"])
def test_updates_are_forbidden(site, how):
    if how == "query-param":
        status, _, body = q(site, "INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    elif how == "update-param":
        status, _, body = http(f"{site}/sparql", data=b"update=DROP%20ALL",
                               headers={"Content-Type": "application/x-www-form-urlencoded"})
    elif how == "update-body":
        status, _, body = http(f"{site}/sparql", data=b"DROP ALL", headers={"Content-Type": "application/sparql-update"})
    elif how == "update-path":
        status, _, body = http(f"{site}/update", data=b"update=DROP%20ALL",
                               headers={"Content-Type": "application/x-www-form-urlencoded"})
    else:
        status, _, body = http(f"{site}/sparql", data=b"x", method="PUT")
    assert status == 403 and b"read-only" in body
    assert json.loads(q(site, SELECT_8PT)[2])["results"]["bindings"]  # still there


def test_timeout_really_stops_the_query_and_the_server_keeps_serving(site):
    start = time.monotonic()
    status, _, body = q(site, SLOW)
    assert status == 503 and body == b"query stopped: it ran longer than 2 s\n"
    # well before our own safety-net deadline (2 + 30 s): the engine itself cancelled the query
    assert time.monotonic() - start < 25
    assert q(site, SELECT_8PT)[0] == 200


@pytest.mark.parametrize("request_kind,expected_status,expected_text", [
    ("malformed", 400, b"malformed query: line 1, column"),
    ("no-query", 400, b"give exactly one `query` parameter"),
    ("bad-accept", 406, b"no acceptable format"),
    ("bad-content-type", 415, b"send the query as application/sparql-query"),
    ("oversize", 413, b"request body larger than"),
    ("unknown-iri", 404, b"unknown IRI: <https://w3id.org/paris-kg/id/person/nobody>"),
    ("unknown-path", 404, b"not found: /nothing-here"),
    ("post-elsewhere", 405, b"POST is not allowed on /void.ttl"),
])
def test_bad_requests_get_the_right_status(site, request_kind, expected_status, expected_text):
    if request_kind == "malformed":
        result = q(site, "SELECT * WHERE { ?s ?p }")
    elif request_kind == "no-query":
        result = http(f"{site}/sparql")
    elif request_kind == "bad-accept":
        result = q(site, SELECT_8PT, "image/png")
    elif request_kind == "bad-content-type":
        result = http(f"{site}/sparql", data=SELECT_8PT.encode(), headers={"Content-Type": "text/plain"})
    elif request_kind == "oversize":
        result = http(f"{site}/sparql", data=b"#" * 1_100_000, headers={"Content-Type": "application/sparql-query"})
    elif request_kind == "unknown-iri":
        result = http(f"{site}/id/person/nobody")
    elif request_kind == "unknown-path":
        result = http(f"{site}/nothing-here")
    else:
        result = http(f"{site}/void.ttl", data=b"x")
    status, headers, body = result
    assert status == expected_status and body.startswith(expected_text), body
    assert headers["Content-Type"] == "text/plain; charset=utf-8"
    assert q(site, SELECT_8PT)[0] == 200  # the server keeps serving


def test_result_size_is_bounded(built):
    server = start_in_thread(built, timeout_s=5, max_result_bytes=10_000)
    url = server.url
    try:
        status, _, body = q(url, "SELECT * WHERE { ?s ?p ?o }")
        assert status == 413 and body.startswith(b"result larger than 10000 bytes")
        assert q(url, SELECT_8PT)[0] == 200
    finally:
        server.stop()


# ---------------------------------------------------------------- dereferenceable IRIs

def test_iri_gives_html_to_browsers(site):
    status, headers, body = http(f"{site}/id/person/le-duc-tho", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    page = body.decode()
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8" and headers["Vary"] == "Accept"
    assert "<h1>Lê Đức Thọ</h1>" in page and '<p class="english">Le Duc Tho</p>' in page
    assert '<a href="/id/role/le-duc-tho-special-adviser">Lê Đức Thọ, special adviser to the DRV delegation</a>' in page  # incoming
    assert 'href="/id/person/le-duc-tho.ttl"' in page


def test_iri_page_links_to_the_wikidata_item(site):
    page = http(f"{site}/id/person/xuan-thuy", headers={"Accept": "text/html"})[2].decode()
    assert ('<p class="wikidata">Same as <a href="https://www.wikidata.org/wiki/Q1797921">Wikidata Q1797921</a></p>') in page
    # in the folded data section, the owl:sameAs link names the data IRI itself
    assert ('<p>owl:sameAs: <a href="http://www.wikidata.org/entity/Q1797921">http://www.wikidata.org/entity/Q1797921</a>') in page
    war = http(f"{site}/id/event/vietnam-war", headers={"Accept": "text/html"})[2].decode()
    assert '<a href="https://www.wikidata.org/wiki/Q8740">Wikidata Q8740</a>' in war
    vance = http(f"{site}/id/person/cyrus-vance", headers={"Accept": "text/html"})[2].decode()
    assert "<h1>Cyrus Vance</h1>" in vance and "Same as" not in vance and "wikidata" not in vance


@pytest.mark.parametrize("iri,page", [
    ("http://www.wikidata.org/entity/Q90", "https://www.wikidata.org/wiki/Q90"),
    ("http://www.wikidata.org/entity/Q10829253", "https://www.wikidata.org/wiki/Q10829253"),
    ("https://www.wikidata.org/entity/Q90", None),  # not the entity namespace
    ("http://www.wikidata.org/entity/P31", None), ("http://www.wikidata.org/entity/Q", None),
    ("http://www.wikidata.org/entity/Q007", None), ("http://www.wikidata.org/entity/Q90#x", None),
    ("javascript:alert(1)//http://www.wikidata.org/entity/Q90", None),
])
def test_only_wikidata_entity_iris_get_an_item_page(iri, page):
    from paris_kg.terms import wikidata_page

    assert wikidata_page(iri) == page


def test_iri_page_lists_citations(site):
    page = http(f"{site}/id/proposal/1970-09-17-prg-eight-point-plan", headers={"Accept": "text/html"})[2].decode()
    assert "<h2>Sources</h2>" in page
    assert '<a href="/id/citation/article-developments">Article, section on how the meetings developed</a>' in page


@pytest.mark.parametrize("accept,suffix,fmt", [("text/turtle", ".ttl", ox.RdfFormat.TURTLE),
                                               ("application/ld+json", ".jsonld", ox.RdfFormat.JSON_LD),
                                               ("application/n-triples", ".nt", ox.RdfFormat.N_TRIPLES)])
def test_iri_content_negotiation_and_suffixes(site, store, accept, suffix, fmt):
    iri = "https://w3id.org/paris-kg/id/event/1969-01-25-first-plenary-session"
    expected = {q.triple for q in store.quads_for_pattern(ox.NamedNode(iri), None, None, None)}
    by_accept = http(f"{site}/id/event/1969-01-25-first-plenary-session", headers={"Accept": accept})
    by_suffix = http(f"{site}/id/event/1969-01-25-first-plenary-session{suffix}")
    for status, headers, body in (by_accept, by_suffix):
        assert status == 200 and headers["Content-Type"].startswith(accept)
        assert {t.triple for t in ox.parse(body, format=fmt)} == expected
    if suffix == ".jsonld":
        doc = json.loads(by_suffix[2])
        assert doc["@graph"][0]["id"] == "event:1969-01-25-first-plenary-session"
        assert doc["@graph"][0]["sessionNumber"] == [1]


def test_vocabulary_concepts_and_ontology_dereference(site):
    status, _, body = http(f"{site}/vocab/obligation/required", headers={"Accept": "text/turtle"})
    assert status == 200 and b"skos:prefLabel \"required\"@en" in body
    status, headers, _ = http(f"{site}/ontology", headers={"Accept": "text/html"})
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"  # followed the 303 to the docs
    status, headers, body = http(f"{site}/ontology", headers={"Accept": "text/turtle"})
    assert status == 200 and b"pk:PlenarySession" in body


def test_dataset_and_graph_iris_dereference(site, built):
    status, headers, body = http(f"{site}/dataset")
    assert status == 200 and body == (built.dist / "void.ttl").read_bytes()  # followed the 303
    status, headers, body = http(f"{site}/graph/alignment", headers={"Accept": "application/n-triples"})
    assert status == 200 and headers["Content-Type"] == "application/n-triples"
    # with the 5 whole-month counts of durations, and the inherited types of the statement nodes
    # (pk:Statement, rdf:Statement, prov:Entity) and rdf:subject / rdf:predicate of the claims; 3 fewer
    # since the Workers' Party as a holder of fight-and-talk is an editors' statement, not a sourced
    # one (no prov:Entity type, no cito:citesAsEvidence or crm:P70i_is_documented_in for its citation)
    assert len(body.splitlines()) == 4401
    assert http(f"{site}/graph/nothing")[0] == 404


@pytest.mark.parametrize("name,ctype", [("void.ttl", "text/turtle; charset=utf-8"),
                                        ("paris-kg.nt.gz", "application/gzip"),
                                        ("paris-kg.jsonld", "application/ld+json; charset=utf-8"),
                                        ("docs/ontology.html", "text/html; charset=utf-8")])
def test_dumps_and_description_are_served(site, built, name, ctype):
    status, headers, body = http(f"{site}/{name}")
    assert status == 200 and headers["Content-Type"] == ctype
    assert body == (built.dist / name).read_bytes()


# ---------------------------------------------------------------- load

def test_bounded_load_has_zero_errors(site, built):
    queries = [qf.text for qf in named_queries(built) if "param" not in qf.meta or
               all("optional" in p for p in qf.meta["param"])]
    paths = ["/id/person/le-duc-tho", "/id/proposal/1969-05-14-us-eight-point-plan.ttl", "/void.ttl",
             "/id/event/1973-01-27-signing-of-paris-agreement.jsonld"]

    def one(i: int) -> int:
        if i % 3 == 2:
            return http(f"{site}{paths[i % len(paths)]}", headers={"Accept": "text/html"})[0]
        return q(site, queries[i % len(queries)])[0]

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(one, range(2000)))
    assert statuses.count(200) == 2000


# ---------------------------------------------------------------- publish

@pytest.fixture(scope="module")
def writable_oxigraph(tmp_path_factory):
    """A real read-write Oxigraph server (Graph Store Protocol at /store) on a free port."""
    with oxigraph_server("serve", "--location", str(tmp_path_factory.mktemp("oxi"))) as base:
        yield base


def test_publish_then_query_round_trip(built, writable_oxigraph):
    base = writable_oxigraph
    runner = CliRunner()
    first = runner.invoke(main, ["--dist", str(built.dist), "publish", "--endpoint", f"{base}/store"])
    assert first.exit_code == 0, first.output
    lines = len(built.ntriples_dump.read_text(encoding="utf-8").splitlines())
    assert first.output == f"published {lines} triples to {base}/store (default graph)\n"
    again = runner.invoke(main, ["--dist", str(built.dist), "publish", "--endpoint", f"{base}/store"])
    assert again.exit_code == 0
    count = json.loads(http(f"{base}/query?query={urllib.parse.quote('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }')}",
                            headers={"Accept": "application/sparql-results+json"})[2])
    assert count["results"]["bindings"][0]["n"]["value"] == str(lines)  # replaced, not appended
    for args in (["proposals-in-order", "-f", "tsv"], ["chronology", "-p", "year=1971", "-f", "csv"]):
        local = runner.invoke(main, ["--dist", str(built.dist), "query", *args])
        remote = runner.invoke(main, ["--dist", str(built.dist), "query", *args, "--endpoint", f"{base}/query"])
        assert remote.exit_code == 0 and remote.output == local.output


def test_publish_into_a_named_graph(built, writable_oxigraph):
    base, graph = writable_oxigraph, "https://w3id.org/paris-kg/graph/published"
    result = CliRunner().invoke(main, ["--dist", str(built.dist), "publish", "--endpoint", f"{base}/store", "--graph", graph])
    assert result.exit_code == 0 and result.output.endswith(f"(<{graph}>)\n")
    ask = f"ASK {{ GRAPH <{graph}> {{ <https://w3id.org/paris-kg/id/person/le-duc-tho> ?p ?o }} }}"
    assert json.loads(http(f"{base}/query?query={urllib.parse.quote(ask)}",
                           headers={"Accept": "application/sparql-results+json"})[2])["boolean"] is True


def test_publish_errors_are_one_line(built, tmp_path):
    port = free_port()
    result = CliRunner().invoke(main, ["--dist", str(built.dist), "publish", "--endpoint", f"http://127.0.0.1:{port}/store"])
    assert result.exit_code == 1 and result.output.startswith(f"Error: cannot reach http://127.0.0.1:{port}/store")
    result = CliRunner().invoke(main, ["--dist", str(tmp_path), "publish", "--endpoint", "http://127.0.0.1:9/store"])
    assert result.exit_code == 1 and result.output == f"Error: no paris-kg.nt in {tmp_path}: run `paris-kg build` first\n"


@pytest.mark.parametrize("name, ctype", [
    ("query.js", "text/javascript; charset=utf-8"),
    ("query.css", "text/css; charset=utf-8"),
    ("vendor/yasgui/yasgui.min.js", "text/javascript; charset=utf-8"),
    ("vendor/yasgui/yasgui.min.css", "text/css; charset=utf-8"),
    ("vendor/yasgui/LICENSE", "text/plain; charset=utf-8"),
    ("vendor/MANIFEST.json", "application/json"),
])
def test_static_files_are_served_with_their_media_type(site, name, ctype):
    from paris_kg.rendering import STATIC

    status, headers, body = http(f"{site}/static/{name}")
    assert status == 200 and headers["Content-Type"] == ctype and body == (STATIC / name).read_bytes()
    assert headers["X-Content-Type-Options"] == "nosniff" and "max-age" in headers["Cache-Control"]


@pytest.mark.parametrize("path", ["/static/%2e%2e/web/server.py", "/static/..%2f..%2fpyproject.toml",
                                  "/static/%2fetc%2fpasswd", "/static//etc/passwd", "/static/vendor",
                                  "/static/", "/static/nothing.js", "/static/query.js%00.css",
                                  "/static/vendor/yasgui/LICENSE/x"])
def test_static_never_serves_outside_its_folder(site, path):
    status, _, body = http(f"{site}{path}")
    assert status == 404 and body.startswith(b"not found: ")
