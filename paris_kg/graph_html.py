"""Render the network as one self-contained, offline HTML page with pyvis and vis-network.

pyvis assembles nodes, edges and options; the page comes from our own Jinja template
instead of pyvis's, because pyvis's template loads vis-network and Bootstrap from CDNs
(blank page offline), drops a ``lib/`` folder next to the output, and inserts the heading
and select menu unescaped. Here the vis-network script shipped inside the installed pyvis
package is inlined, every datum reaches the page through Jinja's ``tojson`` (which escapes
``<``, ``>``, ``&`` and quotes), and tooltips are built with ``textContent``, so a label
such as ``<img src=x onerror=alert(1)>`` is shown as text and never run.
"""
from __future__ import annotations

import os
from pathlib import Path

import networkx as nx

#: Colour of each side (colour-blind-safe Okabe–Ito palette).
SIDE_COLOURS = {"DRV": "#d55e00", "PRG-NLF": "#e69f00", "US": "#0072b2", "RVN": "#009e73", "other": "#999999"}

#: Shape of each kind of node; events share one shape and get a dashed border.
KIND_SHAPES = {
    "Person": "dot", "Government": "square", "Delegation": "triangle", "PartyOrFront": "diamond",
    "Legislature": "triangleDown", "ArmedForce": "hexagon", "Organisation": "hexagon", "PublishingBody": "hexagon",
    "PeacePlan": "box", "Demand": "ellipse", "DraftAgreement": "box", "Agreement": "star", "Proposal": "box",
}
EVENT_SHAPE = "dot"

#: Colour of each relation (edges).
RELATION_COLOURS = {
    "proposed": "#444444", "presented": "#8c8c8c", "presented_at": "#b07aa1", "answered": "#cc3311",
    "counters": "#ee7733", "revises": "#33bbee", "clarifies": "#33bbee", "represents": "#009988",
    "member_of": "#bbbbbb", "part_of": "#bbbbbb", "took_part_in": "#dddddd",
}


def _vis_script() -> str:
    import pyvis

    path = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2" / "vis-network.min.js"
    return path.read_text(encoding="utf-8")


def _vis_css() -> str:
    import pyvis

    path = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2" / "vis-network.css"
    return path.read_text(encoding="utf-8")


def render_network_html(graph: nx.MultiDiGraph, *, title: str = "paris-kg: actors and proposals") -> str:
    """The page for ``graph`` (see :func:`paris_kg.network.build_network`) as a string."""
    import jinja2
    from pyvis.network import Network

    large = graph.number_of_nodes() > 800
    # iterations of the one-off layout: fewer as the graph grows, so 5,000 nodes still settle
    iterations = 400 if not large else (150 if graph.number_of_nodes() <= 3000 else 60)
    net = Network(height="100%", width="100%", directed=True, cdn_resources="remote")
    for node, data in graph.nodes(data=True):
        is_event = data["group"] == "event"
        net.add_node(
            node, label=data["label"], shape=EVENT_SHAPE if is_event else KIND_SHAPES.get(data["kind"], "dot"),
            color=SIDE_COLOURS.get(data["side"], SIDE_COLOURS["other"]),
            size=8 if is_event else (14 if data["group"] == "proposal" else 12),
            shapeProperties={"borderDashes": [4, 3]} if is_event else {},
            borderWidth=2 if is_event else 1,
            pk={k: data[k] for k in ("iri", "kind", "group", "side", "date", "year", "terms", "citations")},
        )
    for source, target, key, data in graph.edges(keys=True, data=True):
        net.add_edge(source, target, color=RELATION_COLOURS.get(data["relation"], "#bbbbbb"),
                     arrows="to", relation=data["relation"],
                     pk={k: data[k] for k in ("relation", "label", "date", "detail", "citations")})
    net.set_options("""{
      "physics": {"solver": "barnesHut",
                  "barnesHut": {"gravitationalConstant": -9000, "springLength": 140, "springConstant": 0.03,
                                "damping": 0.4, "avoidOverlap": 0.1},
                  "stabilization": {"enabled": true, "iterations": %d, "updateInterval": 50, "fit": true}},
      "layout": {"improvedLayout": %s},
      "edges": {"smooth": %s, "width": 1.2, "selectionWidth": 2},
      "nodes": {"font": {"size": 13, "face": "system-ui, sans-serif"}, "widthConstraint": {"maximum": 190}},
      "interaction": {"hover": true, "tooltipDelay": 120, "hideEdgesOnDrag": %s, "navigationButtons": false}
    }""" % (iterations, "false" if large else "true",
            "false" if large else '{"type": "continuous"}', "true" if large else "false"))
    net.template = jinja2.Environment(autoescape=True).from_string(
        PAGE.replace("@@VIS_SCRIPT@@", "{% raw %}" + _vis_script() + "{% endraw %}")
            .replace("@@VIS_CSS@@", "{% raw %}" + _vis_css() + "{% endraw %}"))
    kinds = sorted({d["kind"] for _, d in graph.nodes(data=True)})
    sides = [s for s in SIDE_COLOURS if any(d["side"] == s for _, d in graph.nodes(data=True))]
    relations = sorted({d["relation"] for *_, d in graph.edges(data=True)})
    years = sorted({d["year"] for _, d in graph.nodes(data=True) if d["year"]}) or [1968, 1973]
    net.heading = title
    net.conf = {  # our extra template variables travel in pyvis's `conf` slot
        "kinds": [{"name": k, "shape": KIND_SHAPES.get(k, EVENT_SHAPE)} for k in kinds],
        "sides": [{"name": s, "colour": SIDE_COLOURS[s]} for s in sides],
        "relations": [{"name": r, "colour": RELATION_COLOURS.get(r, "#bbbbbb")} for r in relations],
        "year_min": years[0], "year_max": years[-1],
    }
    return net.generate_html(name="graph.html", notebook=True)


def write_html(text: str, path: str | os.PathLike) -> Path:
    """Write the page as UTF-8, atomically."""
    from .atomic import write_text_atomic

    return write_text_atomic(path, text)


PAGE = r"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data: blob:">
<title>{{ heading }}</title>
<style>@@VIS_CSS@@</style>
<style>
  html, body { margin: 0; height: 100%; font: 14px/1.35 system-ui, sans-serif; color: #222; }
  #app { display: grid; grid-template-columns: 19rem 1fr; height: 100%; }
  #panel { overflow-y: auto; padding: .8rem 1rem; border-right: 1px solid #ddd; background: #fafafa; }
  #panel h1 { font-size: 1.05rem; margin: 0 0 .6rem; }
  #panel h2 { font-size: .85rem; text-transform: uppercase; letter-spacing: .04em; color: #555; margin: 1rem 0 .3rem; }
  #panel label { display: block; cursor: pointer; }
  #graph { height: 100%; min-height: 400px; }
  .swatch { display: inline-block; width: .8rem; height: .8rem; border-radius: 2px; vertical-align: -1px; margin-right: .3rem; }
  .line { display: inline-block; width: 1.4rem; height: 3px; vertical-align: 3px; margin-right: .3rem; }
  input[type=search] { width: 100%; box-sizing: border-box; padding: .3rem; }
  input[type=number] { width: 4.5rem; }
  #search-status, #visible-count { color: #555; font-size: .85rem; margin-top: .3rem; }
  .pk-tip { max-width: 26rem; white-space: normal; font-size: .85rem; }
  .pk-tip .t { font-weight: 600; margin-bottom: .2rem; }
  .pk-tip .k { color: #666; }
</style>
</head>
<body>
<div id="app">
  <div id="panel">
    <h1>{{ heading }}</h1>
    <input type="search" id="search" placeholder="Find a node (name, date…)" aria-label="Find a node">
    <div id="search-status" role="status"></div>
    <div id="visible-count" role="status"></div>
    <h2>Sides</h2>
    {% for s in conf.sides %}<label class="filter-side"><input type="checkbox" value="{{ s.name }}" checked>
      <span class="swatch" style="background: {{ s.colour }}"></span>{{ s.name }}</label>{% endfor %}
    <h2>Kinds</h2>
    {% for k in conf.kinds %}<label class="filter-kind"><input type="checkbox" value="{{ k.name }}" checked>
      {{ k.name }} <span class="k">({{ k.shape }})</span></label>{% endfor %}
    <h2>Years</h2>
    <label>from <input type="number" id="year-from" min="{{ conf.year_min }}" max="{{ conf.year_max }}" value="{{ conf.year_min }}">
      to <input type="number" id="year-to" min="{{ conf.year_min }}" max="{{ conf.year_max }}" value="{{ conf.year_max }}"></label>
    <p class="k">Undated nodes (actors) are always shown.</p>
    <h2>Relations</h2>
    {% for r in conf.relations %}<div><span class="line" style="background: {{ r.colour }}"></span>{{ r.name|replace("_", " ") }}</div>{% endfor %}
    <h2>Shapes</h2>
    <p class="k">Events have dashed borders. Hover a node or an edge for its date, terms and sources.</p>
  </div>
  <div id="graph"></div>
</div>
<script>@@VIS_SCRIPT@@</script>
<script>
(function () {
  "use strict";
  var rawNodes = {{ nodes|tojson }};
  var rawEdges = {{ edges|tojson }};
  var options = {{ options|safe }};

  function tip(title, rows) {
    // Tooltips are DOM nodes filled with textContent: labels can never inject markup.
    var box = document.createElement("div");
    box.className = "pk-tip";
    var head = document.createElement("div");
    head.className = "t";
    head.textContent = title;
    box.appendChild(head);
    rows.forEach(function (row) {
      if (!row[1]) { return; }
      var line = document.createElement("div");
      var key = document.createElement("span");
      key.className = "k";
      key.textContent = row[0] + ": ";
      line.appendChild(key);
      line.appendChild(document.createTextNode(String(row[1])));
      box.appendChild(line);
    });
    return box;
  }

  rawNodes.forEach(function (n) {
    var p = n.pk;
    n.title = tip(n.label, [["kind", p.kind], ["side", p.side], ["date", p.date], ["withdrawal terms", p.terms],
                            ["sources", p.citations], ["IRI", p.iri]]);
  });
  rawEdges.forEach(function (e) {
    var p = e.pk;
    e.title = tip(p.label, [["date", p.date], ["sources", p.citations]]);
  });

  var nodes = new vis.DataSet(rawNodes);
  var edges = new vis.DataSet(rawEdges);
  var state = { sides: {}, kinds: {}, from: {{ conf.year_min }}, to: {{ conf.year_max }} };
  document.querySelectorAll(".filter-side input").forEach(function (i) { state.sides[i.value] = true; });
  document.querySelectorAll(".filter-kind input").forEach(function (i) { state.kinds[i.value] = true; });

  function visible(n) {
    var p = n.pk;
    if (!state.sides[p.side] || !state.kinds[p.kind]) { return false; }
    return !p.year || (p.year >= state.from && p.year <= state.to);
  }
  var nodeView = new vis.DataView(nodes, { filter: visible });
  var network = new vis.Network(document.getElementById("graph"), { nodes: nodeView, edges: edges }, options);

  function count() {
    document.getElementById("visible-count").textContent =
      nodeView.length + " of " + nodes.length + " nodes shown";
  }
  function refresh() { nodeView.refresh(); count(); }

  document.querySelectorAll(".filter-side input").forEach(function (i) {
    i.addEventListener("change", function () { state.sides[i.value] = i.checked; refresh(); });
  });
  document.querySelectorAll(".filter-kind input").forEach(function (i) {
    i.addEventListener("change", function () { state.kinds[i.value] = i.checked; refresh(); });
  });
  ["year-from", "year-to"].forEach(function (id) {
    document.getElementById(id).addEventListener("input", function () {
      state.from = parseInt(document.getElementById("year-from").value, 10) || {{ conf.year_min }};
      state.to = parseInt(document.getElementById("year-to").value, 10) || {{ conf.year_max }};
      refresh();
    });
  });

  function fold(text) {  // case- and diacritic-insensitive matching (Lê Đức Thọ ~ le duc tho)
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }
  function search(text) {
    var needle = fold(text.trim());
    var status = document.getElementById("search-status");
    if (!needle) { network.unselectAll(); status.textContent = ""; return; }
    var hits = nodeView.get({ filter: function (n) { return fold(n.label + " " + n.pk.date).indexOf(needle) >= 0; } });
    if (!hits.length) { network.unselectAll(); status.textContent = "No visible node matches."; return; }
    network.selectNodes(hits.map(function (n) { return n.id; }));
    network.focus(hits[0].id, { scale: 1.2, animation: false });
    status.textContent = hits.length + " match" + (hits.length === 1 ? "" : "es") + "; first: " + hits[0].label;
  }
  document.getElementById("search").addEventListener("input", function (e) { search(e.target.value); });

  var started = performance.now();
  network.once("stabilizationIterationsDone", function () {
    network.setOptions({ physics: false });   // settle once, then stay still
    window.pkSettledMs = performance.now() - started;
    window.pkSettled = true;
  });
  window.pkNetwork = network;
  window.pkNodes = nodes;
  window.pkView = nodeView;
  window.pkSearch = search;
  count();
})();
</script>
</body>
</html>
"""
