"""The exploration site: entity pages in words with sources, search, 404s, the static export.

Served pages come from the `served` fixture (a real `paris-kg serve`); the static site is written
by `paris-kg site` into a scratch directory. Browser tests run in Debian's chromium.
"""
from __future__ import annotations

import json
import re
import urllib.parse

import pytest

from paris_kg.web.entity import entity_view
from paris_kg.web.search import build_index, fold, search
from paris_kg.web.static_site import broken_links, write_site

from test_server import http

THO = "https://w3id.org/paris-kg/id/person/le-duc-tho"
US8 = "https://w3id.org/paris-kg/id/proposal/1969-05-14-us-eight-point-plan"
FIVE = "https://w3id.org/paris-kg/id/proposal/1970-10-07-us-five-point-plan"


# ---------------------------------------------------------------- search

@pytest.mark.parametrize("text,folded", [("Lê Đức Thọ", "le duc tho"), ("Le DucTho", "le ductho"),
                                         ("Núi Thành", "nui thanh"), ("  NGUYỄN  Thị-Bình ", "nguyen thi binh")])
def test_fold_ignores_case_diacritics_and_punctuation(text, folded):
    assert fold(text) == folded


@pytest.mark.parametrize("query", ["le duc tho", "Lê Đức Thọ", "Le DucTho", "LE DUC THO", "leductho"])
def test_every_spelling_finds_le_duc_tho_first(store, query):
    hits = search(build_index(store), query)
    assert hits[0]["iri"] == THO and hits[0]["rank"] == "exact" and hits[0]["kind"] == "Person"
    assert hits[0]["label"] == "Lê Đức Thọ"


def test_nui_thanh_finds_the_battle(store):
    hits = [(h["label"], h["kind"], h["rank"]) for h in search(build_index(store), "nui thanh")]
    assert hits[:2] == [("Núi Thành", "Place", "exact"), ("Battle of Núi Thành", "Battle", "prefix")]


def test_ranking_is_exact_then_prefix_then_substring(store):
    index = build_index(store)
    ranks = [h["rank"] for h in search(index, "kissinger", limit=50)]
    assert ranks[0] == "exact" and ranks == sorted(ranks, key=("exact", "prefix", "substring").index)
    inside = search(index, "issinge", limit=50)  # only inside words: every hit is a substring hit
    assert inside and {h["rank"] for h in inside} == {"substring"}
    assert "https://w3id.org/paris-kg/id/person/henry-kissinger" in [h["iri"] for h in inside]


def test_search_answers_json_and_html(served):
    status, _, body = http(f"{served}/search.json?q=" + urllib.parse.quote("Le DucTho"))
    data = json.loads(body)
    assert status == 200 and data["query"] == "Le DucTho" and data["hits"][0]["href"] == "/id/person/le-duc-tho"
    status, headers, body = http(f"{served}/search?q=nui+thanh", headers={"Accept": "text/html"})
    page = body.decode()
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert '<a href="/id/event/' in page and "Battle of Núi Thành" in page
    status, _, body = http(f"{served}/search?q=nui+thanh", headers={"Accept": "application/json"})
    assert json.loads(body)["hits"][1]["label"] == "Battle of Núi Thành"


# ---------------------------------------------------------------- entity pages (data)

def test_person_page_roles_and_meetings_in_order_with_sources(store):
    view = entity_view(store, THO)
    assert (view["title"], view["english"], view["spellings"]) == ("Lê Đức Thọ", "Le Duc Tho", ["Le DucTho"])
    assert view["side"]["name"] == "DRV" and view["kind"] == "Person"
    groups = {g["heading"]: g["items"] for g in view["related"]}
    assert [(i["date"], i["detail"].split(",")[0]) for i in groups["Roles"]] == [
        ("12 June 1968", "Politburo member"), ("12 June 1968", "head of party organisation work"),
        ("12 June 1968", "special adviser")]
    assert "from 12 June 1968" in groups["Roles"][2]["detail"]
    assert [(i["date"], i["text"]) for i in groups["Meetings and events taken part in"]] == [
        ("12 June 1968", "Lê Đức Thọ arrives in Paris as special adviser"),
        ("12 September 1968", "Second private meeting, Lê Đức Thọ and Harriman"),
        ("21 February 1970", "First private meeting of Lê Đức Thọ and Kissinger"),
        ("May 1972", "Private meeting of Lê Đức Thọ, Xuân Thủy and Kissinger, early May 1972")]
    for item in groups["Roles"] + groups["Meetings and events taken part in"]:
        assert item["sources"], item["text"]
    assert view["wikidata"] == [{"id": "Q233969", "href": "https://www.wikidata.org/wiki/Q233969"}]
    assert [c["says"] for c in view["claims"]] == ["Le DucTho"]


def test_proposal_page_terms_lineage_and_facts(store):
    view = entity_view(store, US8)
    facts = {f["label"]: [v["text"] for v in f["values"]] for f in view["facts"]}
    assert facts["Date"] == ["14 May 1969"] and facts["Proposed by"] == ["United States"]
    assert facts["Presented by"] == ["Richard Nixon"] and facts["Number of points"] == ["8"]
    assert facts["Counters"] == ["NLF ten-point solution (May 1969)"]
    assert [(t["forces"], t["obligation"], t["deadline"], t["conditions"]) for t in view["terms"]] == [
        ("North Vietnamese forces in the South", "required", "12 months after signing of the agreement", []),
        ("US forces", "offered", "12 months after signing of the agreement", ["Saigon government maintained"])]
    assert [c["text"] for c in view["sources"]] == ["Article, section on how the meetings developed",
                                                    "Article, section on the Vietnamese position on withdrawal"]
    # each value shows the sources of its own statement (issue 12), not every source of the proposal
    cited = {f["label"]: [[c["text"] for c in v["sources"]] for v in f["values"]] for f in view["facts"]}
    assert cited["Number of points"] == [["Article, section on how the meetings developed"]]
    assert cited["Presented by"] == [["Article, section on the Vietnamese position on withdrawal"]]
    assert cited["Date"] == [["Article, section on how the meetings developed",
                              "Article, section on the Vietnamese position on withdrawal"]]


def test_five_point_page_shows_the_source_error(store):
    claims = entity_view(store, FIVE)["claims"]
    assert [(c["says"], c["holds"], c["status"]) for c in claims] == [
        ("18 October 1970 (1970-10-18)", "7 October 1970 (1970-10-07)", "erroneous")]


def test_entity_html_puts_facts_first_and_machinery_folded(served):
    page = http(f"{served}/id/person/le-duc-tho", headers={"Accept": "text/html"})[2].decode()
    assert page.index("<h1>Lê Đức Thọ</h1>") < page.index("<details class=\"data\">")
    assert page.count("rdf:type") == 0 or page.index("rdf:type") > page.index("<details class=\"data\">")
    assert '<a href="https://www.wikidata.org/wiki/Q233969">Wikidata Q233969</a>' in page
    head = page[:page.index("</head>")]
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', head, re.S).group(1))
    assert data["@type"] == "Person" and data["name"] == "Lê Đức Thọ" and data["sameAs"] == ["http://www.wikidata.org/entity/Q233969"]
    for twin in (".ttl", ".jsonld", ".nt"):
        assert f'href="/id/person/le-duc-tho{twin}"' in page


@pytest.mark.parametrize("path", ["/id/person/%3Cscript%3Ealert(1)%3C/script%3E", "/id/person/nobody", "/nothing"])
def test_bad_paths_get_a_404_page_never_a_500(served, path):
    status, headers, body = http(served + path, headers={"Accept": "text/html"})
    assert status == 404 and headers["Content-Type"].startswith("text/html")
    assert b"<script>alert" not in body and b"Not found" in body
    status, _, body = http(served + path, headers={"Accept": "text/turtle"})
    assert status == 404 and not body.startswith(b"<")


# ---------------------------------------------------------------- static site

@pytest.fixture(scope="module")
def static_site(built, tmp_path_factory):
    out = tmp_path_factory.mktemp("site") / "www"
    count = write_site(built, out, endpoint="https://sparql.example.org/sparql", base_url="https://host.example/kg")
    assert count > 1000
    return out


def test_static_site_has_every_part_and_no_broken_link(static_site):
    assert broken_links(static_site) == []
    for rel in ("index.html", "search.html", "search-index.json", "404.html", "query.html", "report.html", "graph.html",
                "timeline.html", "void.ttl", "paris-kg.ttl", "paris-kg.nt.gz", "docs/ontology.html", "ontology.ttl",
                ".htaccess", "nginx-paris-kg.conf", "w3id.htaccess", "static/search.js",
                "id/person/le-duc-tho.html", "id/person/le-duc-tho.ttl", "id/person/le-duc-tho.jsonld",
                "id/person/le-duc-tho.nt"):
        assert (static_site / rel).is_file(), rel
    assert "RewriteRule ^(.*)$ https://host.example/kg/$1 [R=303,L]" in (static_site / "w3id.htaccess").read_text()
    query = (static_site / "query.html").read_text(encoding="utf-8")  # pointed at the --endpoint, allowed by the CSP
    assert '<code id="endpoint">https://sparql.example.org/sparql</code>' in query
    assert "connect-src 'self' https://sparql.example.org;" in query


def test_broken_links_are_found(tmp_path):
    (tmp_path / "index.html").write_text('<a href="/id/x">x</a><a href="/ok">ok</a><a href="https://e.org/">e</a><a href="#top">t</a>')
    (tmp_path / "ok.html").write_text("fine")
    assert broken_links(tmp_path) == [("/index.html", "/id/x")]


@pytest.mark.parametrize("path", ["/id/person/le-duc-tho", "/id/proposal/1969-05-14-us-eight-point-plan",
                                  "/id/proposal/1970-10-07-us-five-point-plan"])
def test_static_and_served_pages_are_the_same(static_site, served, path):
    served_page = http(served + path, headers={"Accept": "text/html"})[2]
    assert (static_site / (path[1:] + ".html")).read_bytes() == served_page
    assert (static_site / (path[1:] + ".ttl")).read_bytes() == http(served + path + ".ttl")[2]


# ---------------------------------------------------------------- in the browser

from test_pages import Visit, browser  # noqa: E402,F401  (the browser fixture: Debian's chromium)


def _shot(page, name: str) -> None:
    from paris_kg.paths import PROJECT_ROOT

    shots = PROJECT_ROOT / "dist" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / f"{name}.png"), full_page=False)


@pytest.mark.parametrize("typed,first", [("le duc tho", "Lê Đức Thọ"), ("Lê Đức Thọ", "Lê Đức Thọ"),
                                         ("Le DucTho", "Lê Đức Thọ"), ("nui thanh", "Núi Thành")])
def test_search_box_suggests_as_you_type(browser, served, typed, first):
    v = Visit(browser, f"{served}/id/person/henry-kissinger", "#pk-search")
    v.page.fill("#pk-search", typed)
    v.page.wait_for_selector("#pk-suggest li")
    texts = v.page.locator("#pk-suggest li a").all_inner_texts()
    assert texts[0].startswith(first)
    if typed == "nui thanh":
        assert any(t.startswith("Battle of Núi Thành") for t in texts)
    v.page.keyboard.press("ArrowDown")
    v.page.keyboard.press("Enter")
    v.page.wait_for_selector("article.entity")
    assert v.page.locator("h1").inner_text() == first
    assert v.clean(), (v.errors, v.outside, v.dialogs)


def test_person_page_in_the_browser(browser, served):
    v = Visit(browser, f"{served}/id/person/le-duc-tho", "article.entity")
    assert v.page.locator("h1").inner_text() == "Lê Đức Thọ"
    assert v.page.locator(".badge").inner_text() == "DRV"
    roles = v.page.locator("section.related").filter(has_text="Roles").locator("li").all_inner_texts()
    assert len(roles) == 3 and all("[" in r for r in roles)  # each with its source footnote
    meetings = v.page.locator("section.related").filter(has_text="Meetings and events").locator("li .date").all_inner_texts()
    assert meetings == ["12 June 1968", "12 September 1968", "21 February 1970", "May 1972"]
    assert not v.page.locator("details.data").evaluate("d => d.open")
    _shot(v.page, "person")
    assert v.clean(), (v.errors, v.outside, v.dialogs)


def test_proposal_pages_in_the_browser(browser, served):
    v = Visit(browser, f"{served}/id/proposal/1969-05-14-us-eight-point-plan", "article.entity")
    rows = v.page.locator("table.terms tbody tr").all_inner_texts()
    assert [r.split("\t")[:3] for r in rows] == [["North Vietnamese forces in the South", "required", "12 months after signing of the agreement"],
                                                 ["US forces", "offered", "12 months after signing of the agreement"]]
    counters = v.page.locator("table.facts tr").filter(has_text="Counters").locator("a").first
    assert counters.inner_text() == "NLF ten-point solution (May 1969)"
    assert counters.get_attribute("href") == "/id/proposal/1969-05-08-nlf-ten-point-plan"
    _shot(v.page, "proposal")
    assert v.clean(), (v.errors, v.outside, v.dialogs)
    v = Visit(browser, f"{served}/id/proposal/1970-10-07-us-five-point-plan", "article.entity")
    note = v.page.locator("aside.source-error")
    assert note.locator(".says").inner_text() == "18 October 1970 (1970-10-18)"
    assert note.locator(".holds").inner_text() == "7 October 1970 (1970-10-07)"
    assert v.clean(), (v.errors, v.outside, v.dialogs)
