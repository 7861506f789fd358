"""The HTML pages in a real headless Chromium (Debian's, driven by Playwright).

Each page must load from file:// with zero console errors and zero requests elsewhere,
draw something, react to its controls, and show hostile labels as text. Without a browser
these tests skip with the reason; CI installs chromium (.ci/run) so they always run there.
"""
from __future__ import annotations

import json
import re
import shutil
import time
import urllib.parse

import networkx as nx

import pytest

from paris_kg.views.graph_page import render_network_html
from paris_kg.views.network import build_network
from paris_kg.views.report import write_report
from paris_kg.views.timeline import render_timeline_html, timeline_items

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
playwright = pytest.importorskip("playwright.sync_api", reason="Playwright's Python package is not installed")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium on PATH (README: optional system package)")

HOSTILE = "<img src=x onerror=alert(1)>"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield b
        b.close()


class Visit:
    """A page opened in Chromium, recording console errors, dialogs and requests elsewhere.

    ``target`` is a file (only file:, data: and blob: URLs allowed) or an http URL (only its
    own origin allowed). Served pages forbid eval by their CSP, so they signal readiness by
    a selector rather than a JS expression.
    """

    def __init__(self, browser, target, ready: str, init: str | None = None):
        self.errors, self.outside, self.dialogs = [], [], []
        if isinstance(target, str):
            url, allowed = target, ("/".join(target.split("/", 3)[:3]),)
        else:
            url, allowed = target.as_uri(), ("file://", "data:", "blob:")
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: None if r.url.startswith(allowed) else self.outside.append(r.url))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        if init:  # a script run before the page's own (Playwright's, so the page's CSP does not apply)
            self.page.add_init_script(init)
        self.page.goto(url)
        if isinstance(target, str):
            self.page.wait_for_selector(ready, state="attached", timeout=60_000)
        else:  # polled from outside: the page's CSP forbids eval, which wait_for_function needs
            deadline = time.monotonic() + 60
            while not self.page.evaluate(ready):
                assert time.monotonic() < deadline, f"page not ready: {ready}"
                time.sleep(0.05)

    def clean(self) -> bool:
        return self.errors == [] and self.outside == [] and self.dialogs == []


@pytest.fixture(scope="module")
def graph_page(built, store, tmp_path_factory):
    path = tmp_path_factory.mktemp("pages") / "graph.html"
    path.write_text(render_network_html(build_network(store, include_events=True)), encoding="utf-8")
    return path


def test_graph_page_loads_offline_and_draws(browser, graph_page):
    v = Visit(browser, graph_page, "window.pkSettled === true")
    assert v.page.inner_text("#visible-count") == "113 of 113 nodes shown"
    inked = v.page.evaluate("""() => {
        const c = document.querySelector('#graph canvas');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0; for (let i = 0; i < d.length; i += 4) { if (d[i + 3] > 0 && (d[i] < 200 || d[i + 1] < 200 || d[i + 2] < 200)) n++; }
        return n; }""")
    assert inked > 5000  # nodes and edges were painted, the canvas is not blank
    assert v.clean(), (v.errors, v.outside, v.dialogs)


def test_graph_filters_and_search(browser, graph_page, store):
    g = build_network(store, include_events=True)
    from_1972 = sum(1 for _, d in g.nodes(data=True) if d["year"] == 0 or d["year"] >= 1972)
    assert from_1972 == 63  # 36 undated actors + 27 proposals and events of 1972-1973
    v = Visit(browser, graph_page, "window.pkSettled === true")
    v.page.uncheck(".filter-side input[value='US']")
    assert v.page.inner_text("#visible-count") == "74 of 113 nodes shown"
    v.page.check(".filter-side input[value='US']")
    v.page.uncheck(".filter-kind input[value='Person']")
    assert v.page.inner_text("#visible-count") == "98 of 113 nodes shown"
    v.page.check(".filter-kind input[value='Person']")
    _slide(v, "#year-from", 1972)
    assert v.page.inner_text("#visible-count") == f"{from_1972} of 113 nodes shown"
    _slide(v, "#year-from", 1954)
    v.page.fill("#search", "le duc tho")  # no diacritics typed, still found
    assert v.page.inner_text("#search-status") == "5 matches; first: Le Duc Tho"
    assert len(v.page.evaluate("window.pkNetwork.getSelectedNodes()")) == 5
    v.page.fill("#search", "zzz-nothing")
    assert v.page.inner_text("#search-status") == "No visible node matches."
    assert v.clean(), (v.errors, v.outside, v.dialogs)


def _slide(v, selector: str, year: int) -> None:
    v.page.eval_on_selector(selector, "(e, y) => { e.value = String(y); e.dispatchEvent(new Event('input')); }", year)


ID = "https://w3id.org/paris-kg/id/"


def test_graph_reads_at_a_glance_and_answers_a_click(browser, graph_page, store):
    """Proposals left to right by date, no overlapping labels, ego view + panel, sliders; screenshots."""
    from paris_kg.atomic import write_atomic
    from paris_kg.paths import PROJECT_ROOT
    from paris_kg.views.layout import date_x

    g = build_network(store, include_events=True)
    proposals = sorted((n for n, d in g.nodes(data=True) if d["group"] == "proposal"),
                       key=lambda n: (date_x(g.nodes[n]["date"]), n))
    v = Visit(browser, graph_page, "window.pkReady === true")
    pos = v.page.evaluate("(ids) => window.pkNetwork.getPositions(ids)", proposals)
    dom = [v.page.evaluate("(p) => window.pkNetwork.canvasToDOM(p)", pos[n]) for n in proposals]
    xs = [d["x"] for d in dom]
    assert len(xs) == 21 and xs == sorted(xs)  # every proposal, in date order left to right
    box = v.page.locator("#graph").bounding_box()
    assert all(0 <= d["x"] <= box["width"] and 0 <= d["y"] <= box["height"] for d in dom), (box, dom)  # all fits
    assert v.page.evaluate("window.pkNetwork.physics.options.enabled") is False
    boxes = v.page.evaluate("window.pkLabelBoxes")
    assert len(boxes) == 91
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not (a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"]
                        and a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"]), (a, b)
    labelled = {b["id"] for b in boxes}
    assert all(n in labelled for n in proposals)  # every proposal is named without zooming
    shots = PROJECT_ROOT / "dist" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    assert write_atomic(shots / "graph.png", lambda tmp: v.page.screenshot(path=tmp, type="png")).stat().st_size > 50_000
    eight, ten = ID + "proposal/1969-05-14-us-eight-point-plan", ID + "proposal/1969-05-08-nlf-ten-point-plan"
    x, y = _node_on_screen(v, eight)
    v.page.mouse.click(x, y)
    ego = v.page.evaluate("window.pkEgo")
    assert ego == sorted([eight, ten, ID + "organisation/united-states", ID + "person/richard-nixon",
                          ID + "event/1969-05-14-nixon-eight-point-proposal"])
    colour = lambda n: v.page.evaluate("(n) => window.pkNodes.get(n).color", n)  # noqa: E731
    assert colour(ten) == "#e69f00" and colour(ID + "proposal/1972-10-us-symbolic-withdrawal") == {
        "background": "#ececec", "border": "#dcdcdc"}
    details = v.page.inner_text("#details")
    assert details.startswith("US eight-point proposal (May 1969)\n")
    # each value beside the sources of its own statement: the date in both sections, the eight
    # points only in the one on how the meetings developed, Nixon and the terms in the other
    dev, vp = "Article, section on how the meetings developed", "Article, section on the Vietnamese position on withdrawal"
    lines = details.splitlines()
    assert f"date: 1969-05-14 — {dev}; {vp}" in lines
    assert f"points: 8 — {dev}" in lines and f"presented by: Richard Nixon — {vp}" in lines
    assert ("withdrawal term: North Vietnamese forces in the South: required (by 12 months after signing of the "
            f"agreement) — {vp}") in lines
    assert "counters NLF ten-point solution (May 1969)" in details
    assert v.page.locator("#details .pk-src").all_inner_texts()[0] == f" — {dev}; {vp}"
    assert not [s for s in lines if s.startswith("sources:")]  # no flat list of every citation of the proposal
    assert v.page.get_attribute("#details a.pk-entity", "href") == eight  # file://: the IRI; served: /id/...
    v.page.mouse.move(box["x"] + 5, box["y"] + box["height"] - 5)  # the tooltip would cover the ego view
    write_atomic(shots / "graph-selected.png", lambda tmp: v.page.screenshot(path=tmp, type="png"))
    _slide(v, "#year-from", 1972)
    shown = set(v.page.evaluate("window.pkView.getIds()"))
    assert eight not in shown and ten not in shown and ID + "proposal/1972-10-us-symbolic-withdrawal" in shown
    assert v.page.inner_text("#year-range") == "1972–1973"
    v.page.click("#reset")
    assert v.page.inner_text("#visible-count") == "113 of 113 nodes shown" and v.page.evaluate("window.pkEgo") == []
    v.page.uncheck(".filter-relation input[value='took_part_in']")
    assert v.page.evaluate("window.pkEdges.length") - 0 > v.page.evaluate(
        "window.pkNetwork.body.data.edges.length")  # hidden relation: fewer edges drawn
    assert v.clean(), (v.errors, v.outside, v.dialogs)


def test_graph_force_layout_for_a_small_ego_view(browser, graph_page):
    """Off by default; ticked, physics runs on the ego view only and stops; unticked, all goes back."""
    v = Visit(browser, graph_page, "window.pkReady === true")
    eight = ID + "proposal/1969-05-14-us-eight-point-plan"
    far = ID + "proposal/1972-10-us-symbolic-withdrawal"
    assert v.page.is_checked("#ego-force") is False and v.page.evaluate("window.pkPhysicsRuns") == 0
    before = v.page.evaluate("(ids) => window.pkNetwork.getPositions(ids)", [eight, far] + [ID + "organisation/united-states"])
    x, y = _node_on_screen(v, eight)
    v.page.mouse.click(x, y)
    assert v.page.evaluate("window.pkPhysicsRuns") == 0  # a click alone never starts physics
    v.page.check("#ego-force")
    assert v.page.inner_text("#force-status") == "Force layout on 5 nodes."
    deadline = time.monotonic() + 20
    while v.page.evaluate("window.pkForce.running"):
        assert time.monotonic() < deadline, "the force layout did not stop"
        time.sleep(0.05)
    assert v.page.evaluate("window.pkPhysicsRuns") == 1 and v.page.evaluate("window.pkNetwork.physics.options.enabled") is False
    ego = v.page.evaluate("window.pkForce.ids")
    assert ego == v.page.evaluate("window.pkEgo") and len(ego) == 5
    after = v.page.evaluate("(ids) => window.pkNetwork.getPositions(ids)", [eight, far] + ego)
    assert after[eight] == before[eight]  # the centre is held in place
    assert after[far] == before[far]  # outside the ego view nothing moves
    laid_out = v.page.evaluate("""(ids) => Object.fromEntries(ids.map((n) => [n, {
        x: Math.round(window.pkNodes.get(n).x), y: Math.round(window.pkNodes.get(n).y)}]))""", ego)  # as getPositions
    assert sum(1 for n in ego if after[n] != laid_out[n]) >= 3  # its neighbours moved
    from paris_kg.atomic import write_atomic
    from paris_kg.paths import PROJECT_ROOT

    box = v.page.locator("#graph").bounding_box()
    v.page.mouse.move(box["x"] + 5, box["y"] + box["height"] - 5)  # away from the nodes: no tooltip
    write_atomic(PROJECT_ROOT / "dist" / "screenshots" / "graph-force.png",
                 lambda tmp: v.page.screenshot(path=tmp, type="png"))
    v.page.uncheck("#ego-force")
    back = v.page.evaluate("(ids) => window.pkNetwork.getPositions(ids)", ego)
    assert back == laid_out  # every node back on its date
    assert v.page.inner_text("#force-status") == ""
    assert v.clean(), (v.errors, v.outside, v.dialogs)


def _node_on_screen(v, iri: str) -> tuple[float, float]:
    pos = v.page.evaluate("""(iri) => window.pkNetwork.canvasToDOM(window.pkNetwork.getPositions([iri])[iri])""", iri)
    box = v.page.locator("#graph").bounding_box()
    return box["x"] + pos["x"], box["y"] + pos["y"]


def test_graph_tooltip_and_panel_link_to_wikidata(browser, graph_page):
    v = Visit(browser, graph_page, "window.pkSettled === true")
    assert v.page.inner_text("#details") == "Click a node to see its details here."
    x, y = _node_on_screen(v, "https://w3id.org/paris-kg/id/person/le-duc-tho")
    v.page.mouse.move(x, y)  # hover: the tooltip carries the link too
    v.page.wait_for_selector(".vis-tooltip .pk-tip", state="attached", timeout=5000)
    assert v.page.get_attribute(".vis-tooltip a.pk-wikidata", "href") == "https://www.wikidata.org/wiki/Q233969"
    v.page.mouse.click(x, y)  # click: the panel keeps the same facts, with a link that can be followed
    assert v.page.inner_text("#details .pk-tip .t") == "Le Duc Tho"
    assert v.page.get_attribute("#details a.pk-wikidata", "href") == "https://www.wikidata.org/wiki/Q233969"
    v.page.fill("#search", "xuan thuy")  # the first hit is shown in the panel
    assert v.page.inner_text("#search-status").endswith("; first: Xuan Thuy")
    link = v.page.locator("#details a.pk-wikidata")
    assert link.get_attribute("href") == "https://www.wikidata.org/wiki/Q1797921"
    assert link.inner_text() == "Q1797921 on Wikidata"
    v.page.evaluate("window.pkShowDetails('https://w3id.org/paris-kg/id/person/cyrus-vance')")
    assert v.page.inner_text("#details .pk-tip .t") == "Cyrus Vance"
    assert v.page.locator("#details a.pk-wikidata").count() == 0  # not linked: no Wikidata row at all
    assert v.clean(), (v.errors, v.outside, v.dialogs)


INKED = """async () => {
    await new Promise((next) => requestAnimationFrame(() => requestAnimationFrame(next)));  // after the next frame
    const c = document.querySelector('#graph canvas');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0; for (let i = 0; i < d.length; i += 4) { if (d[i + 3] > 0 && (d[i] < 200 || d[i + 1] < 200 || d[i + 2] < 200)) n++; }
    return n; }"""


@pytest.fixture(scope="module")
def large_page(store, tmp_path_factory):
    """The article's network with 700 filler events (no edges): a page above the 800-node line."""
    g = build_network(store, include_events=True)
    for i in range(700):
        iri = f"{ID}event/filler-{i}"
        g.add_node(iri, iri=iri, label=f"Filler event {i}", kind="Meeting", group="event", side="other",
                   date=f"1970-{1 + i % 12:02d}-{1 + i % 28:02d}", year=1970, terms="", citations="test", facts=[],
                   wikidata="")
    path = tmp_path_factory.mktemp("pages") / "large.html"
    path.write_text(render_network_html(g), encoding="utf-8")
    return g, path


def test_large_graph_first_frame_is_whole_before_vis_network_holds_the_events(browser, large_page):
    """The events are drawn by the page in the first frame and handed to vis-network after it:
    the picture is the same either way, and a click on an event not handed over yet selects it."""
    g, path = large_page
    v = Visit(browser, path, "window.pkReady === true", init="window.pkHoldHandover = true;")
    events = sum(1 for _, d in g.nodes(data=True) if d["group"] == "event")
    assert v.page.evaluate("window.pkPending()") == events == 756
    assert v.page.evaluate("window.pkView.length") == 813 - 756 and v.page.inner_text("#visible-count") == "813 of 813 nodes shown"
    first = v.page.evaluate(INKED)
    v.page.uncheck(".filter-side input[value='RVN']")  # any input hands the events over
    v.page.check(".filter-side input[value='RVN']")
    assert v.page.evaluate("window.pkPending()") == 0 and v.page.evaluate("window.pkView.length") == 813
    v.page.evaluate("window.pkNetwork.redraw()")  # now vis-network draws them
    assert abs(v.page.evaluate(INKED) - first) < 100, (first, v.page.evaluate(INKED))  # the same picture
    v2 = Visit(browser, path, "window.pkReady === true", init="window.pkHoldHandover = true;")
    event = ID + "event/1969-05-14-nixon-eight-point-proposal"
    d = g.nodes[event]
    at = v2.page.evaluate("(p) => window.pkNetwork.canvasToDOM(p)", {"x": int(d["x"]), "y": int(d["y"])})
    box = v2.page.locator("#graph").bounding_box()
    v2.page.mouse.click(box["x"] + at["x"], box["y"] + at["y"])
    assert v2.page.evaluate("window.pkPending()") == 0
    assert v2.page.inner_text("#details").startswith("Nixon")
    assert event in v2.page.evaluate("window.pkEgo") and ID + "proposal/1969-05-14-us-eight-point-plan" in v2.page.evaluate("window.pkEgo")
    assert v.clean() and v2.clean(), (v.errors, v2.errors, v.outside, v2.outside)


def test_large_graph_page_draws_its_own_edges_and_answers_the_same(browser, large_page):
    """Above 800 nodes vis-network gets no edges (the page draws them): same ego view, panel, filter."""
    g, path = large_page
    v = Visit(browser, path, "window.pkReady === true")
    assert v.page.inner_text("#visible-count") == "813 of 813 nodes shown"
    assert v.page.evaluate("window.pkNetwork.body.data.edges.length") == 0  # vis-network has none of its own
    with_edges = v.page.evaluate(INKED)
    for relation in v.page.eval_on_selector_all(".filter-relation input", "els => els.map(e => e.value)"):
        v.page.uncheck(f".filter-relation input[value='{relation}']")
    without = v.page.evaluate(INKED)
    assert with_edges - without > 15_000, (with_edges, without)  # the page drew the 223 edges
    v.page.click("#reset")
    assert v.page.evaluate(INKED) == with_edges
    eight, ten = ID + "proposal/1969-05-14-us-eight-point-plan", ID + "proposal/1969-05-08-nlf-ten-point-plan"
    x, y = _node_on_screen(v, eight)
    v.page.mouse.click(x, y)
    assert v.page.evaluate("window.pkEgo") == sorted([eight, ten, ID + "organisation/united-states", ID + "person/richard-nixon",
                                                      ID + "event/1969-05-14-nixon-eight-point-proposal"])
    details = v.page.inner_text("#details")
    assert details.startswith("US eight-point proposal (May 1969)\n") and "counters NLF ten-point solution (May 1969)" in details
    vp = "Article, section on the Vietnamese position on withdrawal"
    assert f"presented by: Richard Nixon — {vp}" in details.splitlines()  # the facts, with their sources
    v.page.uncheck(".filter-relation input[value='counters']")  # as vis-network: a hidden relation links nothing
    v.page.mouse.click(x, y)
    assert ten not in v.page.evaluate("window.pkEgo") and len(v.page.evaluate("window.pkEgo")) == 4
    v.page.check("#ego-force")  # the ego view's edges are lent to vis-network as hidden springs, then taken back
    assert v.page.inner_text("#force-status") == "Force layout on 4 nodes."
    deadline = time.monotonic() + 20
    while v.page.evaluate("window.pkForce.running"):
        assert time.monotonic() < deadline, "the force layout did not stop"
        time.sleep(0.05)
    assert v.page.evaluate("window.pkEdges.length") == 0 and v.page.evaluate("window.pkPhysicsRuns") == 1
    ego = v.page.evaluate("window.pkEgo")
    v.page.uncheck("#ego-force")
    laid_out = v.page.evaluate("""(ids) => Object.fromEntries(ids.map((n) => [n, {
        x: Math.round(window.pkNodes.get(n).x), y: Math.round(window.pkNodes.get(n).y)}]))""", ego)
    assert v.page.evaluate("(ids) => window.pkNetwork.getPositions(ids)", ego) == laid_out
    assert v.clean(), (v.errors, v.outside, v.dialogs)


def _hostile_graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    common = dict(terms=HOSTILE, citations=HOSTILE, date="1970-01-01", year=1970, facts=[[HOSTILE, HOSTILE, HOSTILE]])
    g.add_node("https://w3id.org/paris-kg/id/person/x", iri="https://w3id.org/paris-kg/id/person/x", label=HOSTILE,
               kind="Person", group="actor", side="US", wikidata="javascript:alert(3)",
               **{**common, "date": "", "year": 0})
    g.add_node("https://w3id.org/paris-kg/id/proposal/y", iri="https://w3id.org/paris-kg/id/proposal/y",
               label="</script><script>alert(2)</script>", kind="PeacePlan", group="proposal", side="DRV", **common)
    g.add_edge("https://w3id.org/paris-kg/id/person/x", "https://w3id.org/paris-kg/id/proposal/y", key="proposed",
               relation="proposed", label=HOSTILE, date="1970-01-01", year=1970, detail="", citations=HOSTILE)
    return g


def test_hostile_labels_stay_text_in_the_graph(browser, tmp_path):
    path = tmp_path / "hostile.html"
    path.write_text(render_network_html(_hostile_graph(), title=HOSTILE), encoding="utf-8")
    v = Visit(browser, path, "window.pkSettled === true")
    assert v.page.title() == HOSTILE
    pos = v.page.evaluate("""() => { const p = window.pkNetwork.getPositions(['https://w3id.org/paris-kg/id/person/x']);
        const q = p['https://w3id.org/paris-kg/id/person/x']; return window.pkNetwork.canvasToDOM(q); }""")
    box = v.page.locator("#graph").bounding_box()
    v.page.mouse.move(box["x"] + pos["x"], box["y"] + pos["y"])
    v.page.wait_for_selector(".vis-tooltip .pk-tip", state="attached", timeout=5000)
    assert HOSTILE in v.page.inner_text(".vis-tooltip")
    assert v.page.inner_text(".vis-tooltip .pk-src") == f" — {HOSTILE}"  # a fact's sources: text too
    assert v.page.locator(".vis-tooltip a").count() == 0  # a non-Wikidata "page" never becomes a link
    v.page.mouse.click(box["x"] + pos["x"], box["y"] + pos["y"])
    assert HOSTILE in v.page.inner_text("#details") and v.page.locator("#details a:not(.pk-entity)").count() == 0
    assert v.page.get_attribute("#details a.pk-entity", "href") == "https://w3id.org/paris-kg/id/person/x"  # our own IRI only
    assert v.page.evaluate("document.querySelectorAll('img').length") == 0
    assert v.page.evaluate("document.querySelectorAll('script:not([type])').length") == 2  # vis-network and ours, nothing injected
    assert v.clean(), (v.errors, v.outside, v.dialogs)


@pytest.fixture(scope="module")
def timeline_page(store, tmp_path_factory):
    path = tmp_path_factory.mktemp("pages") / "timeline.html"
    path.write_text(render_timeline_html(timeline_items(store)), encoding="utf-8")
    return path


def test_timeline_loads_offline_with_lanes_and_precision(browser, timeline_page):
    v = Visit(browser, timeline_page, "window.pkReady === true")
    assert v.page.inner_text("#range") == "1968-04 to 1973-03 · 71 of 77 items in view"
    lanes = v.page.eval_on_selector_all(".lane-title", "els => els.map(e => e.textContent)")
    assert lanes == ["Democratic Republic of Vietnam", "NLF / Provisional Revolutionary Government", "United States",
                     "Republic of Vietnam (Saigon)", "Several sides / others"]
    month = v.page.locator('[data-iri$="/event/1970-03-politburo-decision"]')
    assert month.get_attribute("data-precision") == "month"
    assert month.evaluate("e => e.tagName") == "rect"  # a month is drawn as a bar, not a point
    month.hover()
    tip = v.page.inner_text("#tip")
    assert "date: 1970-03 (month) — Article, section on how the meetings developed" in tip.splitlines()
    v.page.click("#zoom-all")
    assert v.page.inner_text("#range").endswith("77 of 77 items in view")
    v.page.click("#zoom-talks")
    v.page.click("#zoom-in")
    assert v.page.inner_text("#range") == "1969-06 to 1971-12 · 24 of 77 items in view"
    assert v.clean(), (v.errors, v.outside, v.dialogs)


def test_timeline_has_words_answers_and_a_panel(browser, timeline_page):
    from paris_kg.atomic import write_atomic
    from paris_kg.paths import PROJECT_ROOT

    v = Visit(browser, timeline_page, "window.pkReady === true")
    agreement = v.page.locator('text.item-label[data-label-for$="/proposal/1973-01-27-paris-agreement"]')
    assert agreement.text_content() == "Paris Agreement on Ending the…"  # drawn without hovering
    assert agreement.is_visible()
    labels = v.page.locator("text.item-label").count()
    assert labels == 40
    assert v.page.locator("line.answer-link").count() == 13  # answers of the proposals in view
    shots = PROJECT_ROOT / "dist" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    assert write_atomic(shots / "timeline.png", lambda tmp: v.page.screenshot(path=tmp, type="png")).stat().st_size > 50_000
    v.page.click("#zoom-in")
    v.page.click("#zoom-all")
    v.page.click("#zoom-talks")
    v.page.click('[data-iri$="/proposal/1969-05-14-us-eight-point-plan"].item')
    details = v.page.inner_text("#details")
    dev, vp = "Article, section on how the meetings developed", "Article, section on the Vietnamese position on withdrawal"
    assert details.startswith(f"US eight-point proposal (May 1969)\ndate: 1969-05-14 — {dev}; {vp}\n")
    assert f"points: 8 — {dev}" in details.splitlines() and f"presented at: Nixon sets out the American eight-point proposal — {vp}" in details
    assert v.page.get_attribute("#details a.pk-entity", "href") == ID + "proposal/1969-05-14-us-eight-point-plan"
    assert v.clean(), (v.errors, v.outside, v.dialogs)


def test_hostile_labels_stay_text_in_the_timeline(browser, tmp_path):
    items = [{"iri": "https://w3id.org/paris-kg/id/event/x", "group": "event", "kind": "Meeting", "label": HOSTILE,
              "start": "1970-05-01", "end": "", "precision": "day", "lane": "US", "summary": "</script><b>x</b>",
              "facts": [["date", "1970-05-01", HOSTILE], [HOSTILE, HOSTILE, HOSTILE]]}]
    path = tmp_path / "hostile-timeline.html"
    path.write_text(render_timeline_html(items, title=HOSTILE), encoding="utf-8")
    v = Visit(browser, path, "window.pkReady === true")
    v.page.locator('[data-iri$="/event/x"]').hover()
    assert v.page.inner_text("#tip").startswith(HOSTILE)
    assert f"date: 1970-05-01 — {HOSTILE}" in v.page.inner_text("#tip")
    assert v.page.evaluate("document.querySelectorAll('img, b').length") == 0
    assert v.clean(), (v.errors, v.outside, v.dialogs)


def test_report_page_renders_offline(browser, built, tmp_path):
    _, html_path = write_report(built)
    v = Visit(browser, html_path, "document.readyState === 'complete'")
    assert v.page.locator("table:not(.chart-data)").count() == 16
    assert v.page.locator("h2").all_inner_texts()[0].startswith("Research question 1:")
    assert v.clean(), (v.errors, v.outside, v.dialogs)


def test_report_charts_render_offline_and_are_screenshot(browser, built):
    """Each chart is drawn in the page, has tooltips and a folded table; a screenshot of each goes to dist/screenshots/."""
    from paris_kg.atomic import write_atomic
    from paris_kg.paths import PROJECT_ROOT

    _, html_path = write_report(built)
    v = Visit(browser, html_path, "document.readyState === 'complete'")
    shots = PROJECT_ROOT / "dist" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    for name, tips in (("meetings", 12), ("stances", 76), ("answers", 31)):
        figure = v.page.locator(f"#chart-{name}")
        box = figure.locator(".chart-svg svg").bounding_box()
        assert box["width"] > 600 and box["height"] > 250, (name, box)
        assert figure.locator("svg title").count() == tips
        assert figure.locator("details.chart-data").get_attribute("open") is None  # folded until asked for
        assert figure.locator("svg").get_attribute("aria-labelledby") == f"chart-{name}-finding"
        path = write_atomic(shots / f"{name}.png", lambda tmp: figure.screenshot(path=tmp, type="png"))
        assert path.stat().st_size > 20_000
    assert v.clean(), (v.errors, v.outside, v.dialogs)


def test_served_resource_page(browser, served):
    v = Visit(browser, f"{served}/id/person/nguyen-thi-binh", "h1")
    assert v.page.inner_text("h1") == "Nguyễn Thị Bình"  # the preferred form, with diacritics
    assert v.page.inner_text("p.english") == "Nguyen Thi Binh"
    v.page.click("text=Nguyễn Thị Bình, head of the PRG delegation")
    assert v.page.url.endswith("/id/role/nguyen-thi-binh-head-of-prg-delegation")
    assert v.clean(), (v.errors, v.outside, v.dialogs)


def test_served_query_page_runs_a_named_query(browser, served):
    v = Visit(browser, f"{served}/query", "#examples option:nth-child(2)")
    v.page.select_option("#examples", label="figures — Figures stated in the article")
    v.page.click("#run")
    v.page.locator("#status", has_text="8 rows").wait_for()
    assert v.page.locator("#results tr").count() == 9
    assert v.page.locator("#results td").first.inner_text() == "Over half a million US troops in the South"
    assert v.clean(), (v.errors, v.outside, v.dialogs)


def _query_page(browser, url):
    v = Visit(browser, url, "body[data-pk-ready=true] .CodeMirror")
    return v


def test_served_query_editor_binds_a_parameter_links_rows_and_keeps_the_query_in_the_url(browser, served):
    """YASQE with highlighting, the chronology form, linked rows, the URL, a screenshot."""
    from paris_kg.atomic import write_atomic
    from paris_kg.paths import PROJECT_ROOT

    v = _query_page(browser, f"{served}/query")
    assert v.page.locator(".CodeMirror .cm-keyword").count() > 0  # highlighted by the SPARQL mode
    v.page.select_option("#examples", label="chronology — Chronology of events")
    assert v.page.inner_text("#example-question").startswith("What happened, in date order?")
    v.page.fill("#params input[name=year]", "69")
    v.page.click("#run")
    v.page.locator("#status", has_text="expected a four-digit year").wait_for()
    v.page.fill("#params input[name=year]", "1969")
    v.page.press("#params input[name=year]", "Enter")  # Enter in the form runs the query
    v.page.locator("#status", has_text=re.compile("rows?$|Error")).wait_for()
    rows = v.page.locator("#results tr").count() - 1
    assert rows >= 5 and v.page.inner_text("#status") == f"{rows} rows"
    dates = v.page.locator("#results tr td:first-child").all_inner_texts()
    assert len(dates) == rows and all(d.startswith("1969") for d in dates)
    shared = urllib.parse.parse_qs(urllib.parse.urlsplit(v.page.url).query)["query"][0]
    assert 'VALUES ?year { "1969"^^<http://www.w3.org/2001/XMLSchema#integer> }' in shared
    # the named queries with parameters answer labels; wikidata-links answers our IRIs: linked rows
    v.page.select_option("#examples", label="wikidata-links — Links to Wikidata")
    v.page.click("#run")
    v.page.locator("#status", has_text=re.compile("rows?$|Error")).wait_for()
    link = v.page.locator("#results td a[href^='/id/person/']").first
    assert link.get_attribute("title").startswith("https://w3id.org/paris-kg/id/person/")
    assert link.inner_text().startswith("person:")
    assert v.page.locator("#results a[href^='https://www.wikidata.org/'], #results a[href^='http://www.wikidata.org/']").count() > 0
    v.page.select_option("#examples", label="chronology — Chronology of events")
    v.page.fill("#params input[name=year]", "1969")
    v.page.click("#run")
    v.page.locator("#status", has_text=f"{rows} rows").wait_for()
    shots = PROJECT_ROOT / "dist" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    assert write_atomic(shots / "query.png",
                        lambda tmp: v.page.screenshot(path=tmp, type="png", full_page=True)).stat().st_size > 30_000
    v.page.select_option("#examples", label="wikidata-links — Links to Wikidata")
    v.page.click("#run")
    link = v.page.locator("#results td a[href^='/id/person/']").first
    href = link.get_attribute("href")
    link.click()
    v.page.wait_for_url(f"**{href}")
    assert v.clean(), (v.errors, v.outside, v.dialogs)
    # the shared address opens the same query and runs it
    again = _query_page(browser, f"{served}/query?query={urllib.parse.quote(shared)}")
    again.page.locator("#status", has_text=f"{rows} rows").wait_for()
    assert "VALUES ?year" in again.page.locator(".CodeMirror").inner_text()
    assert again.clean(), (again.errors, again.outside, again.dialogs)


def test_served_query_page_iri_parameter_downloads_and_completion(browser, served):
    v = _query_page(browser, f"{served}/query")
    v.page.select_option("#examples", label="actor-meetings — The meetings of one actor")
    v.page.click("#run")  # the required parameter is still empty
    v.page.locator("#status", has_text="give a value for actor").wait_for()
    v.page.fill("#params input[name=actor]", "person:le-duc-tho")
    v.page.click("#run")
    v.page.locator("#status", has_text=re.compile("rows?$|Error")).wait_for()
    rows = v.page.locator("#results tr").count() - 1
    assert rows >= 3 and v.page.inner_text("#status") == f"{rows} rows"
    with v.page.expect_download() as got:
        v.page.click("#csv")
    csv_text = open(got.value.path(), encoding="utf-8", newline="").read()
    assert got.value.suggested_filename == "actor-meetings.csv"
    assert csv_text.startswith("date,meeting,type\r\n") and csv_text.count("\r\n") == rows + 1
    with v.page.expect_download() as got:
        v.page.click("#json")
    assert len(json.load(open(got.value.path(), encoding="utf-8"))["results"]["bindings"]) == rows
    # completion: our classes, offered for a prefixed name even before its PREFIX line exists
    v.page.select_option("#examples", index=0)
    v.page.click(".CodeMirror")
    v.page.keyboard.press("Control+a")
    v.page.keyboard.press("Delete")
    v.page.keyboard.type("SELECT * WHERE { ?m a pk:PlenaryS")
    v.page.keyboard.press("Control+Space")
    hint = v.page.locator(".CodeMirror-hints li").first
    hint.wait_for()
    assert hint.inner_text() == "pk:PlenarySession"
    assert v.clean(), (v.errors, v.outside, v.dialogs)


def test_served_query_page_named_query_with_a_parameter_gives_linked_rows(browser, served):
    """`evidence` for the May 1969 US proposal: its IRI parameter bound, its value cells link to entity pages."""
    v = _query_page(browser, f"{served}/query")
    v.page.select_option("#examples", label="evidence — Which source says so? Evidence per statement")
    v.page.fill("#params input[name=subject]", "proposal:1969-05-14-us-eight-point-plan")
    v.page.click("#run")
    v.page.locator("#status", has_text=re.compile("rows?$|Error")).wait_for()
    link = v.page.locator('#results a[href="/id/proposal/1969-05-08-nlf-ten-point-plan"]')
    assert link.count() == 1, (v.page.inner_text("#status"), [a.get_attribute("href") for a in v.page.locator("#results a").all()][:40])  # the proposal it counters, as a link to its page
    link.click()
    v.page.wait_for_selector("article.entity")
    assert v.page.locator("h1").inner_text() == "NLF ten-point solution (May 1969)"
    assert v.clean(), (v.errors, v.outside, v.dialogs)


def test_served_query_page_keeps_hostile_results_as_text(browser, served):
    hostile = ('SELECT ?x ?label WHERE { VALUES (?x ?label) { (<javascript:alert(1)> "%s") '
               '(<data:text/html,hi> "d") (<https://example.org/ok> "e") } }' % HOSTILE.replace('"', '\\"'))
    v = _query_page(browser, f"{served}/query?query={urllib.parse.quote(hostile)}")
    v.page.locator("#status", has_text="3 rows").wait_for()
    assert v.page.locator("#results a").count() == 1
    assert v.page.get_attribute("#results a", "href") == "https://example.org/ok"
    assert v.page.locator("#results span", has_text="javascript:alert(1)").count() == 1
    assert HOSTILE in v.page.inner_text("#results") and v.page.locator("#results img").count() == 0
    assert v.clean(), (v.errors, v.outside, v.dialogs)


def test_served_index_and_ontology_docs(browser, served):
    v = Visit(browser, f"{served}/", "h1")
    v.page.click("text=Ontology")
    v.page.wait_for_url("**/docs/ontology.html")
    assert v.page.locator("section.term").count() > 90
    assert v.clean(), (v.errors, v.outside, v.dialogs)
