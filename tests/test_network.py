"""The networkx export: exact nodes and edges for known proposals, clean attributes, round trips."""
from __future__ import annotations

import json

import networkx as nx
import pytest
from click.testing import CliRunner

from paris_kg.cli import main
from paris_kg.views.network import build_network

ID = "https://w3id.org/paris-kg/id/"
NODE_ATTRS = {"iri", "label", "kind", "group", "side", "date", "year", "terms", "citations", "facts", "wikidata",
              "short", "x", "y", "lane"}
EDGE_ATTRS = {"relation", "label", "date", "year", "detail", "citations"}


@pytest.fixture(scope="module")
def graph(store):
    return build_network(store)


@pytest.fixture(scope="module")
def graph_with_events(store):
    return build_network(store, include_events=True)


def edges_of(g, node, direction="in"):
    pick = g.in_edges if direction == "in" else g.out_edges
    return sorted((u.removeprefix(ID), v.removeprefix(ID), d["relation"], d["detail"])
                  for u, v, d in pick(node, data=True))


def test_eight_point_plan_of_may_1969(graph):
    p = ID + "proposal/1969-05-14-us-eight-point-plan"
    node = graph.nodes[p]
    assert {k: node[k] for k in ("label", "kind", "group", "side", "date", "year")} == {
        "label": "US eight-point proposal (May 1969)", "kind": "PeacePlan", "group": "proposal",
        "side": "US", "date": "1969-05-14", "year": 1969}
    assert node["terms"] == ("North Vietnamese forces in the South: required (by 12 months after signing of the agreement); "
                             "US forces: offered (by 12 months after signing of the agreement)")
    assert edges_of(graph, p, "in") == [
        ("organisation/united-states", "proposal/1969-05-14-us-eight-point-plan", "proposed", ""),
        ("person/richard-nixon", "proposal/1969-05-14-us-eight-point-plan", "presented", ""),
    ]
    assert edges_of(graph, p, "out") == [
        ("proposal/1969-05-14-us-eight-point-plan", "proposal/1969-05-08-nlf-ten-point-plan", "counters", "")]


DEV = "Article, section on how the meetings developed"
VP = "Article, section on the Vietnamese position on withdrawal"


def test_eight_point_plan_cites_each_fact_and_each_edge_by_its_statement(graph):
    p = ID + "proposal/1969-05-14-us-eight-point-plan"
    assert graph.nodes[p]["facts"] == [
        ["date", "1969-05-14", f"{DEV}; {VP}"],
        ["proposed by", "United States", f"{DEV}; {VP}"],
        ["presented by", "Richard Nixon", VP],
        ["presented at", "Nixon sets out the American eight-point proposal", VP],
        ["points", "8", DEV],
        ["withdrawal term", "North Vietnamese forces in the South: required (by 12 months after signing of the agreement)", VP],
        ["withdrawal term", "US forces: offered (by 12 months after signing of the agreement)", VP],
    ]
    assert graph.nodes[p]["citations"] == f"{DEV}; {VP}"  # the resource's own list, kept for exports
    cited = {(u.removeprefix(ID), d["relation"]): d["citations"] for u, _, d in graph.in_edges(p, data=True)}
    assert cited == {("organisation/united-states", "proposed"): f"{DEV}; {VP}", ("person/richard-nixon", "presented"): VP}
    # an edge that used to carry no source now cites its statement: the proposal counters the NLF plan
    assert [d["citations"] for *_, d in graph.out_edges(p, data=True)] == [VP]


def test_an_event_cites_its_date_an_actor_nothing(graph_with_events):
    g = graph_with_events
    assert g.nodes[ID + "event/1969-phase-2-four-party-talks"]["facts"] == [
        ["date", "1969-01 to 1973-01", f"{DEV}; National Archives 1972, Document No. 16"]]
    assert g.nodes[ID + "event/vietnam-war"]["facts"] == [["date", "1955 to 1975", "added by the editors"]]
    tho = g.nodes[ID + "person/le-duc-tho"]  # people carry no citation: their roles and meetings do
    assert tho["facts"] == [] and tho["citations"] == ""


def test_symbolic_withdrawal_proposal_and_its_rejection(graph):
    p = ID + "proposal/1972-10-us-symbolic-withdrawal"
    assert graph.nodes[p]["date"] == "1972-10"
    assert edges_of(graph, p, "in") == [
        ("organisation/drv", "proposal/1972-10-us-symbolic-withdrawal", "answered", "rejected"),
        ("organisation/united-states", "proposal/1972-10-us-symbolic-withdrawal", "proposed", ""),
    ]


def test_paris_agreement_has_two_proposers_and_four_acceptances(graph):
    p = ID + "proposal/1973-01-27-paris-agreement"
    assert graph.nodes[p]["side"] == "other"  # proposed jointly by DRV and US
    answered = sorted(u.removeprefix(ID) for u, _, d in graph.in_edges(p, data=True) if d["relation"] == "answered")
    assert answered == ["organisation/drv", "organisation/prg", "organisation/rvn", "organisation/united-states"]


def test_delegations_represent_and_people_hold_roles(graph):
    assert ("organisation/drv-delegation", "organisation/drv", "represents", "") in edges_of(
        graph, ID + "organisation/drv-delegation", "out")
    roles = edges_of(graph, ID + "person/le-duc-tho", "out")
    assert roles == [
        ("person/le-duc-tho", "organisation/drv-delegation", "member_of", "special adviser"),
        ("person/le-duc-tho", "organisation/vietnam-workers-party", "member_of", "head of party organisation work"),
        ("person/le-duc-tho", "organisation/vwp-politburo", "member_of", "Politburo member"),
    ]


def test_no_literal_nodes_and_complete_attributes(graph_with_events):
    g = graph_with_events
    for node, data in g.nodes(data=True):
        assert node.startswith(ID) and data["iri"] == node
        assert set(data) == NODE_ATTRS and all(v is not None for v in data.values())
        assert data["group"] in {"actor", "proposal", "event"}
        assert data["side"] in {"DRV", "PRG-NLF", "US", "RVN", "other"}
    for *_, data in g.edges(data=True):
        assert set(data) == EDGE_ATTRS and all(v is not None for v in data.values())


def test_counts(graph, graph_with_events):
    groups = lambda g: sorted((grp, sum(1 for _, d in g.nodes(data=True) if d["group"] == grp))  # noqa: E731
                              for grp in {"actor", "proposal", "event"})
    assert groups(graph) == [("actor", 33), ("event", 0), ("proposal", 21)]
    assert groups(graph_with_events) == [("actor", 36), ("event", 56), ("proposal", 21)]
    relations = {d["relation"] for *_, d in graph_with_events.edges(data=True)}
    assert relations == {"proposed", "presented", "presented_at", "answered", "counters", "revises", "clarifies",
                         "represents", "member_of", "part_of", "took_part_in"}


def test_wikidata_pages_on_linked_nodes(graph, graph_with_events):
    linked = {n.removeprefix(ID): d["wikidata"] for n, d in graph_with_events.nodes(data=True) if d["wikidata"]}
    wiki = "https://www.wikidata.org/wiki/"
    assert linked == {
        "event/1954-geneva-accords": wiki + "Q482407", "event/1965-11-battle-of-plei-me-ia-drang": wiki + "Q714749",
        "event/1972-12-18-operation-linebacker-ii": wiki + "Q486866", "event/vietnam-war": wiki + "Q8740",
        "organisation/drv": wiki + "Q172640", "organisation/rvn": wiki + "Q180573",
        "organisation/united-states": wiki + "Q30", "organisation/us-congress": wiki + "Q11268",
        "person/henry-kissinger": wiki + "Q66107", "person/ho-chi-minh": wiki + "Q36014",
        "person/le-duc-tho": wiki + "Q233969", "person/lyndon-johnson": wiki + "Q9640",
        "person/nguyen-thi-binh": wiki + "Q446909", "person/nguyen-van-thieu": wiki + "Q313707",
        "person/richard-nixon": wiki + "Q9588", "person/tran-buu-kiem": wiki + "Q10829253",
        "person/xuan-thuy": wiki + "Q1797921", "proposal/1973-01-27-paris-agreement": wiki + "Q696802",
    }  # every link but Paris, a place (places are not nodes)
    assert graph.nodes[ID + "person/xuan-thuy"]["wikidata"] == wiki + "Q1797921"
    assert graph.nodes[ID + "person/cyrus-vance"]["wikidata"] == ""


def test_year_range_keeps_only_that_period(store):
    g = build_network(store, include_events=True, year_from=1970, year_to=1970)
    dated = {d["year"] for _, d in g.nodes(data=True) if d["group"] != "actor"}
    assert dated == {1970}
    assert sorted(n.removeprefix(ID) for n, d in g.nodes(data=True) if d["group"] == "proposal") == [
        "proposal/1970-09-17-prg-eight-point-plan", "proposal/1970-10-07-us-five-point-plan",
        "proposal/1970-12-10-prg-three-point-plan"]
    assert all(g.degree(n) > 0 for n, d in g.nodes(data=True) if d["group"] == "actor")


@pytest.mark.parametrize("fmt,reader", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_graphml_and_gexf_round_trip(built, graph_with_events, tmp_path, fmt, reader):
    out = tmp_path / f"net.{fmt}"
    result = CliRunner().invoke(main, ["--dist", str(built.dist), "export", "-f", fmt, "-o", str(out), "--include", "events"])
    assert result.exit_code == 0, result.output
    back = reader(out)
    assert set(back.nodes) == set(graph_with_events.nodes)
    assert back.number_of_edges() == graph_with_events.number_of_edges()
    node = back.nodes[ID + "person/le-duc-tho"]
    assert node["label"] == "Le Duc Tho" and node["side"] == "DRV"
    assert back.nodes[ID + "proposal/1969-05-14-us-eight-point-plan"]["facts"].startswith(
        "date: 1969-05-14 [Article, section on how the meetings developed; Article, section on the Vietnamese"
        " position on withdrawal] | proposed by: United States [")  # the facts as one line of text
    if fmt == "graphml":  # the layout travels with the export: Gephi and Cytoscape show the same picture
        for n, d in graph_with_events.nodes(data=True):
            assert (back.nodes[n]["x"], back.nodes[n]["y"]) == (d["x"], d["y"])
        props = sorted((d["x"], d["date"]) for _, d in back.nodes(data=True) if d["group"] == "proposal")
        assert [d for _, d in props][:3] == ["1968-05-13", "1968-05-13", "1968"]
        assert [d for _, d in props][-2:] == ["1972-11-20", "1973-01-27"]
        assert all(a[0] <= b[0] for a, b in zip(props, props[1:]))


def test_layout_puts_proposals_on_the_date_axis_and_actors_in_side_bands(graph_with_events):
    g = graph_with_events
    eight, ten = g.nodes[ID + "proposal/1969-05-14-us-eight-point-plan"], g.nodes[ID + "proposal/1969-05-08-nlf-ten-point-plan"]
    assert (eight["x"], ten["x"]) == (499.0, 493.0)  # days since 1968-01-01
    assert eight["short"] == "US eight-point proposal" and eight["lane"] == "proposal"
    bands = {}
    for _, d in g.nodes(data=True):
        bands.setdefault(d["lane"], []).append(d["y"])
    order = sorted(bands, key=lambda b: min(bands[b]))
    assert order == ["actor:DRV", "actor:PRG-NLF", "proposal", "event", "actor:US", "actor:RVN", "actor:other"]
    for upper, lower in zip(order, order[1:]):
        assert max(bands[upper]) < min(bands[lower])
    assert g.nodes[ID + "organisation/drv-delegation"]["short"] == "DRV delegation"
    assert build_layout_again(g) == {n: (d["x"], d["y"]) for n, d in g.nodes(data=True)}


def build_layout_again(g):
    from paris_kg.views.network import lay_out

    copy = g.copy()
    lay_out(copy)
    return {n: (d["x"], d["y"]) for n, d in copy.nodes(data=True)}


def test_node_link_json_round_trip(built, graph, tmp_path):
    out = tmp_path / "net.json"
    CliRunner().invoke(main, ["--dist", str(built.dist), "export", "--format", "json", "-o", str(out)])
    back = nx.node_link_graph(json.loads(out.read_text(encoding="utf-8")), edges="edges")
    assert set(back.nodes) == set(graph.nodes) and back.number_of_edges() == graph.number_of_edges()
    assert back.nodes[ID + "proposal/1970-09-17-prg-eight-point-plan"]["terms"] == (
        "US and allied forces: required (by 1971-06-30)")
    assert back.nodes[ID + "proposal/1970-09-17-prg-eight-point-plan"]["facts"] == graph.nodes[
        ID + "proposal/1970-09-17-prg-eight-point-plan"]["facts"]  # JSON keeps the list


def test_bad_year_range_is_refused(built, tmp_path):
    result = CliRunner().invoke(main, ["--dist", str(built.dist), "graph", "--from", "1972", "--to", "1970",
                                       "-o", str(tmp_path / "g.html")])
    assert result.exit_code == 2 and "--from 1972 is after --to 1970" in result.output
    assert not (tmp_path / "g.html").exists()


def _page_tables(html: str) -> tuple[dict, list[dict], list[dict]]:
    """The graph page's data script, with its two tables unpacked as graph.js unpacks them."""
    import re

    data = json.loads(re.search(r'<script type="application/json" id="pk-graph-data">(.*?)</script>', html, re.S).group(1))

    def rows(table):
        codes = table["codes"]
        return [{f: codes[f][v] if f in codes else v for f, v in zip(table["fields"], row)} for row in table["rows"]]

    return data, rows(data["nodes"]), rows(data["edges"])


def test_graph_page_tables_carry_every_node_and_edge(graph_with_events):
    from paris_kg.views.graph_page import render_network_html

    g = graph_with_events
    data, nodes, edges = _page_tables(render_network_html(g))
    assert [n["id"] for n in nodes] == list(g.nodes)
    eight = nodes[[n["id"] for n in nodes].index(ID + "proposal/1969-05-14-us-eight-point-plan")]
    assert {k: v for k, v in eight.items() if k not in ("terms", "citations", "facts")} == {
        "id": ID + "proposal/1969-05-14-us-eight-point-plan", "iri": "",  # "" = the same as its id
        "x": 499.0, "y": g.nodes[eight["id"]]["y"], "style": {"shape": "diamond", "color": "#0072b2", "size": 11},
        "label": "US eight-point proposal (May 1969)", "short": "US eight-point proposal", "kind": "PeacePlan",
        "group": "proposal", "side": "US", "lane": "proposal", "date": "1969-05-14", "year": 1969, "wikidata": ""}
    assert [eight[k] for k in ("terms", "citations", "facts")] == [g.nodes[eight["id"]][k] for k in ("terms", "citations", "facts")]
    assert eight["facts"][4] == ["points", "8", DEV]
    event = next(n for n in nodes if n["group"] == "event")
    assert event["style"]["shapeProperties"] == {"borderDashes": [3, 2]} and event["style"]["size"] == 5
    # an edge's ends are node rows; every edge is there once, with its relation and detail
    assert sorted((nodes[e["from"]]["id"], nodes[e["to"]]["id"], e["relation"], e["detail"], e["date"]) for e in edges) == \
        sorted((u, v, d["relation"], d["detail"], d["date"]) for u, v, d in g.edges(data=True))
    counters = next(e for e in edges if e["relation"] == "counters")
    assert counters["style"] == {"color": "#ee7733", "width": 2.4, "dashes": [8, 4]} and counters["label"] == "counters"
    # a repeated value travels once
    for table in (data["nodes"], data["edges"]):
        for values in table["codes"].values():
            assert len({json.dumps(v, sort_keys=True) for v in values}) == len(values)
    assert sorted(data["nodes"]["codes"]["side"]) == ["DRV", "PRG-NLF", "RVN", "US", "other"]
    assert len(data["nodes"]["rows"]) == 113 and len(data["nodes"]["codes"]["style"]) < 40
    assert data["conf"]["large"] is False and data["options"]["edges"]["smooth"]["type"] == "curvedCW"


def test_graph_page_inlines_only_the_vis_network_css_it_uses():
    from paris_kg.views.graph_page import _vis_css

    css = _vis_css()
    assert "div.vis-tooltip{" in css and "position:absolute" in css
    assert "data:image" not in css and "vis-navigation" not in css and "vis-manipulation" not in css
    assert len(css) < 2_000  # of 220 kB: the rest is images for widgets the page never shows


def test_each_node_has_the_most_specific_of_its_classes(graph_with_events):
    """Types are materialised (a plenary session is also a Meeting and an Event): the kind is the
    most specific one, for every kind of node in the article's graph."""
    from collections import Counter
    kinds = Counter((d["group"], d["kind"]) for _, d in graph_with_events.nodes(data=True))
    assert sorted(kinds.items()) == [
        (("actor", "ArmedForce"), 3), (("actor", "Delegation"), 5), (("actor", "Government"), 4),
        (("actor", "Legislature"), 3), (("actor", "Organisation"), 1), (("actor", "PartyOrFront"), 5),
        (("actor", "Person"), 15), (("event", "Announcement"), 10), (("event", "Arrival"), 1),
        (("event", "Battle"), 3), (("event", "Conference"), 1), (("event", "ConferencePhase"), 2),
        (("event", "Decision"), 2), (("event", "Election"), 2), (("event", "Event"), 1), (("event", "Letter"), 3),
        (("event", "Meeting"), 1), (("event", "MilitaryOperation"), 9), (("event", "NegotiationStep"), 5),
        (("event", "PlenarySession"), 5), (("event", "PreparatorySession"), 1), (("event", "PrivateMeeting"), 8),
        (("event", "Signing"), 2), (("proposal", "Agreement"), 1), (("proposal", "Demand"), 8),
        (("proposal", "DraftAgreement"), 2), (("proposal", "PeacePlan"), 10)]
    assert graph_with_events.nodes[ID + "person/le-duc-tho"]["kind"] == "Person"


def test_a_large_graph_reads_the_cited_properties_whole_and_says_the_same(store, graph_with_events, monkeypatch):
    """Past ``PREFETCH_ROWS`` nodes the graph reads each cited property in one scan: the nodes and
    edges, their facts and sources, are exactly those of a lookup per node."""
    from paris_kg.views import network

    monkeypatch.setattr(network, "PREFETCH_ROWS", -1)
    big = build_network(store, include_events=True)
    assert len(big) == len(graph_with_events) > 100
    assert dict(big.nodes(data=True)) == dict(graph_with_events.nodes(data=True))
    assert sorted(map(repr, big.edges(keys=True, data=True))) == sorted(map(repr, graph_with_events.edges(keys=True, data=True)))
