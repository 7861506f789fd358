"""The page of one statement (``/id/statement/...``, ``/id/claim/...``): the triple in words,
asserted or not, its sources or the editors' note, a claim's status, and its RDF 1.2 form, which
must parse and say exactly what the RDF 1.2 dumps say of that node."""
from __future__ import annotations

import html
import re

import pyoxigraph as ox
import pytest

from paris_kg.web.pages import entity_page
from paris_kg.web.static_site import write_site

from test_server import http

ID = "https://w3id.org/paris-kg/id/"
PK = "https://w3id.org/paris-kg/ontology#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
DATE = "/id/statement/proposal-1969-05-14-us-eight-point-plan--date-c73ed22f"
DEV = "Article, section on how the meetings developed"
VP = "Article, section on the Vietnamese position on withdrawal"


def _page(served, path: str) -> str:
    status, headers, body = http(served + path, headers={"Accept": "text/html"})
    assert status == 200 and headers["Content-Type"].startswith("text/html"), (path, status)
    return body.decode("utf-8")


def _code(page: str, kind: str) -> str:
    found = re.findall(rf'<pre class="rdf12 {kind}"><code>(.*?)</code></pre>', page, re.S)
    return html.unescape(found[0]) if found else ""


def _triples(turtle: str) -> set[ox.Triple]:
    return {q.triple for q in ox.parse(turtle.encode("utf-8"), format=ox.RdfFormat.TURTLE)}


@pytest.fixture(scope="module")
def rdf12(built) -> set[ox.Triple]:
    return {q.triple for q in ox.parse(path=str(built.dist / "paris-kg.rdf12.nt"), format=ox.RdfFormat.N_TRIPLES)}


def test_sourced_statement_page_in_words_with_both_sections_and_rdf12(served, rdf12):
    page = _page(served, DATE)
    assert "<h1>US eight-point proposal (May 1969) — date: 1969-05-14</h1>" in page
    assert ('<p class="triple"><span class="subject"><a href="/id/proposal/1969-05-14-us-eight-point-plan">US eight-point '
            'proposal (May 1969)</a></span> — <span class="property"><a href="/docs/ontology.html#date">date</a></span>: '
            '<span class="value">14 May 1969</span></p>') in page
    assert '<p class="asserted">The graph asserts this statement.</p>' in page
    assert re.findall(r'<li><a href="/id/citation/[^"]+">([^<]+)</a>', page) == [DEV, VP]
    annotation, reifier = _code(page, "annotation"), _code(page, "reifier")
    assert ('proposal:1969-05-14-us-eight-point-plan pk:date "1969-05-14"^^xsd:date ~ '
            'statement:proposal-1969-05-14-us-eight-point-plan--date-c73ed22f {|') in annotation
    assert "pk:citation cite:article-developments , cite:article-vietnam-position" in annotation
    node = ox.NamedNode(ID + DATE[len("/id/"):])
    asserted = ox.Triple(ox.NamedNode(ID + "proposal/1969-05-14-us-eight-point-plan"), ox.NamedNode(PK + "date"),
                         ox.Literal("1969-05-14", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")))
    # the annotation asserts the triple, the reifier only names it; both say what the RDF 1.2 dump says
    assert _triples(annotation) == _triples(reifier) | {asserted}
    assert ox.Triple(node, ox.NamedNode(RDF + "reifies"), asserted) in _triples(reifier)
    assert _triples(reifier) <= rdf12 and asserted in rdf12
    assert {t for t in rdf12 if t.subject == node and t.predicate.value in (PK + "citation", RDF + "reifies")} == {
        t for t in _triples(reifier) if t.predicate.value in (PK + "citation", RDF + "reifies")}


def test_claim_page_is_not_asserted_with_status_and_only_a_reifier(served, rdf12):
    page = _page(served, "/id/claim/nixon-five-point-date")
    assert ('<p class="not-asserted">Not asserted: the graph does not hold this statement. It holds '
            '<span class="held">7 October 1970</span> instead.</p>') in page
    assert '<dd class="status">erroneous</dd>' in page and '<dd class="says">1970-10-18</dd>' in page
    assert _code(page, "annotation") == ""  # an annotated triple would assert the wrong date
    reifier = _triples(_code(page, "reifier"))
    stated = ox.Triple(ox.NamedNode(ID + "proposal/1970-10-07-us-five-point-plan"), ox.NamedNode(PK + "date"),
                       ox.Literal("1970-10-18", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")))
    assert ox.Triple(ox.NamedNode(ID + "claim/nixon-five-point-date"), ox.NamedNode(RDF + "reifies"), stated) in reifier
    assert reifier <= rdf12 and stated not in rdf12


def test_editors_statement_page_says_no_source_and_gives_the_note(served, store):
    rows = list(store.query(f"""SELECT ?st WHERE {{ ?st a <{PK}EditorsStatement> ; <{RDF}subject> <{ID}position/drv-fight-and-talk> }}""",
                            use_default_graph_as_union=True))
    assert len(rows) == 1
    page = _page(served, "/" + rows[0]["st"].value[len("https://w3id.org/paris-kg/"):])
    assert "<h1>DRV: fight and negotiate at the same time — held by: Vietnam Workers&#39; Party</h1>" in page
    assert '<p class="editors">No source gives this statement: the editors added it.</p>' in page
    assert "only the title of reference 9" in page


def test_hostile_values_stay_text_and_the_turtle_still_parses():
    store = ox.Store()
    hostile = '</code></pre><script>alert(1)</script> "quoted" \\ back'
    node, subject, cite = (ox.NamedNode(ID + "statement/event-x--date-1"), ox.NamedNode(ID + "event/x"),
                           ox.NamedNode(ID + "citation/c"))
    quads = [(node, RDF + "type", ox.NamedNode(PK + "SourcedStatement")), (node, RDF + "subject", subject),
             (node, RDF + "predicate", ox.NamedNode(PK + "summary")), (node, RDF + "object", ox.Literal(hostile)),
             (node, PK + "citation", cite), (subject, PK + "summary", ox.Literal(hostile)),
             (node, "http://www.w3.org/2000/01/rdf-schema#label", ox.Literal(hostile, language="en")),
             (cite, "http://www.w3.org/2000/01/rdf-schema#label", ox.Literal(hostile, language="en"))]
    store.extend([ox.Quad(s, ox.NamedNode(p), o) for s, p, o in quads])
    page = entity_page(store, node.value)
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page
    annotation = _code(page, "annotation")
    assert ox.Triple(subject, ox.NamedNode(PK + "summary"), ox.Literal(hostile)) in _triples(annotation)


def test_static_site_writes_the_same_statement_pages(built, served, tmp_path):
    out = tmp_path / "www"
    write_site(built, out)  # refuses broken links: the ¶ links of every entity page lead to a statement page
    for path in (DATE, "/id/claim/nixon-five-point-date"):
        assert (out / (path[1:] + ".html")).read_bytes() == http(served + path, headers={"Accept": "text/html"})[2]
    assert '<sup class="statement"><a href="' + DATE + '"' in (out / "id/proposal/1969-05-14-us-eight-point-plan.html").read_text()
    assert (out / "paris-kg.rdf12.ttl").read_bytes() == (built.dist / "paris-kg.rdf12.ttl").read_bytes()


from test_pages import Visit, browser  # noqa: E402,F401  (the browser fixture: Debian's chromium)


def test_statement_page_in_the_browser(browser, served):  # noqa: F811
    from paris_kg.paths import PROJECT_ROOT

    v = Visit(browser, f"{served}/id/proposal/1969-05-14-us-eight-point-plan", "article.entity")
    v.page.locator("table.facts tr").filter(has_text="Number of points").locator("sup.statement a").click()
    v.page.wait_for_selector("pre.rdf12.reifier")
    assert v.page.url.endswith("/id/statement/proposal-1969-05-14-us-eight-point-plan--numberOfPoints-b47686ee")
    assert v.page.locator("ol.sources li").all_inner_texts() == [
        f"{DEV} — in Nguyễn Mạnh Hà, on withdrawing foreign troops from South Vietnam in the Paris talks"]
    assert "pk:numberOfPoints 8 ~ statement:" in v.page.locator("pre.rdf12.annotation").inner_text()
    shots = PROJECT_ROOT / "dist" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    v.page.screenshot(path=str(shots / "statement.png"))
    assert v.clean(), (v.errors, v.outside, v.dialogs)
