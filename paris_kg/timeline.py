"""``paris-kg timeline``: events and proposals on a time axis, one lane per side.

Self-contained and offline like the graph page: the data is embedded as escaped JSON and
drawn as SVG by a short script; every label reaches the page through ``textContent``.
Dates keep their precision: a day is a dot, a month is a bar one month wide, a year a
bar one year wide, a span (start/end) a bar from start to end; the tooltip shows the date
as the source gives it (``1970-03``, not ``1970-03-01``).
"""
from __future__ import annotations

import json

import pyoxigraph as ox

LANES = ("DRV", "PRG-NLF", "US", "RVN", "joint")
LANE_TITLES = {"DRV": "Democratic Republic of Vietnam", "PRG-NLF": "NLF / Provisional Revolutionary Government",
               "US": "United States", "RVN": "Republic of Vietnam (Saigon)", "joint": "Several sides / others"}

ITEMS_QUERY = """
PREFIX pk:   <https://w3id.org/paris-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?x ?group ?kind ?label ?date ?start ?end ?summary ?sides ?citations WHERE {
  { ?x a pk:Event . BIND("event" AS ?group) } UNION { ?x a pk:Proposal . BIND("proposal" AS ?group) }
  ?x rdfs:label ?label . FILTER(langMatches(lang(?label), "en"))
  ?x a ?class . FILTER(STRSTARTS(STR(?class), STR(pk:)))
  FILTER NOT EXISTS { ?x a ?sub . ?sub rdfs:subClassOf+ ?class . FILTER(?sub != ?class) }
  BIND(STRAFTER(STR(?class), "#") AS ?kind)
  OPTIONAL { ?x pk:date ?date } OPTIONAL { ?x pk:startDate ?start } OPTIONAL { ?x pk:endDate ?end }
  OPTIONAL { ?x pk:summary ?summary }
  OPTIONAL { SELECT ?x (GROUP_CONCAT(DISTINCT ?s; separator=" ") AS ?sides) WHERE {
      { ?x pk:proposedBy/pk:side/skos:notation ?s } UNION { ?x pk:participant/pk:side/skos:notation ?s }
    } GROUP BY ?x }
  OPTIONAL { SELECT ?x (GROUP_CONCAT(?cl; separator="; ") AS ?citations) WHERE {
      SELECT ?x ?cl WHERE { ?x pk:citation/rdfs:label ?cl } ORDER BY ?cl } GROUP BY ?x }
}
"""


def _precision(text: str) -> str:
    return {4: "year", 7: "month"}.get(len(text), "day")


def timeline_items(store: ox.Store) -> list[dict]:
    """One dict per event or proposal, sorted by date; ``lane`` is one of :data:`LANES`."""
    items = []
    for row in store.query(ITEMS_QUERY, use_default_graph_as_union=True):
        value = lambda name: "" if row[name] is None else row[name].value  # noqa: E731
        sides = sorted(set(value("sides").split()) - {"other"})
        start = value("date") or value("start")
        if not start:
            continue
        items.append({
            "iri": row["x"].value, "group": value("group"), "kind": value("kind"), "label": value("label"),
            "start": start, "end": value("end") if not value("date") else "",
            "precision": _precision(start), "lane": sides[0] if len(sides) == 1 else "joint",
            "summary": value("summary"), "sources": value("citations"),
        })
    return sorted(items, key=lambda i: (i["start"], i["group"], i["iri"]))


def _script_json(data) -> str:
    """JSON safe to embed in a <script> element (no ``</script>``, no HTML-significant characters)."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
                .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def render_timeline_html(items: list[dict], *, title: str = "paris-kg: timeline of the Paris negotiations") -> str:
    import html

    lanes = [{"id": lane, "title": LANE_TITLES[lane]} for lane in LANES]
    return (PAGE.replace("@@TITLE@@", html.escape(title))
                .replace("@@ITEMS@@", _script_json(items))
                .replace("@@LANES@@", _script_json(lanes)))


PAGE = r"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'">
<title>@@TITLE@@</title>
<style>
  html, body { margin: 0; font: 14px/1.35 system-ui, sans-serif; color: #222; }
  header { padding: .6rem 1rem; border-bottom: 1px solid #ddd; display: flex; gap: 1rem; align-items: center; flex-wrap: wrap; }
  header h1 { font-size: 1.05rem; margin: 0; }
  button { font: inherit; padding: .15rem .6rem; }
  #range { color: #555; }
  #chart { width: 100%; overflow: hidden; cursor: grab; }
  svg text { font: 12px system-ui, sans-serif; }
  .lane-title { font-weight: 600; fill: #333; }
  .tick { stroke: #e4e4e4; } .tick.year { stroke: #c8c8c8; } .tick-label { fill: #666; }
  .item { cursor: pointer; } .item:hover, .item.hit { stroke: #000; stroke-width: 1.5; }
  #tip { position: fixed; pointer-events: none; background: #fff; border: 1px solid #bbb; border-radius: 4px;
         padding: .4rem .55rem; max-width: 28rem; box-shadow: 0 2px 6px rgba(0,0,0,.15); font-size: .85rem; display: none; }
  #tip .t { font-weight: 600; } #tip .k { color: #666; }
  .legend { color: #555; font-size: .85rem; }
</style>
</head>
<body>
<header>
  <h1>@@TITLE@@</h1>
  <span><button id="zoom-in" aria-label="Zoom in">+</button> <button id="zoom-out" aria-label="Zoom out">−</button>
        <button id="zoom-talks">1968–1973</button> <button id="zoom-all">All</button></span>
  <span id="range" role="status"></span>
  <span class="legend">● day · ▬ month or year (bar width = precision) · ◆ proposal · drag to pan, wheel to zoom</span>
</header>
<div id="chart"></div>
<div id="tip"></div>
<script>
(function () {
  "use strict";
  var ITEMS = @@ITEMS@@;
  var LANES = @@LANES@@;
  var COLOURS = { "DRV": "#d55e00", "PRG-NLF": "#e69f00", "US": "#0072b2", "RVN": "#009e73", "joint": "#777777" };
  var NS = "http://www.w3.org/2000/svg";
  var LEFT = 230, TOP = 34, ROW = 15, LANE_PAD = 12;
  var chart = document.getElementById("chart");

  function toTime(text, end) {  // ISO text at any precision -> ms; end=true gives the end of the period
    var p = text.split("-").map(Number);
    var y = p[0], m = p.length > 1 ? p[1] - 1 : 0, d = p.length > 2 ? p[2] : 1;
    if (!end) { return Date.UTC(y, m, d); }
    if (p.length === 1) { return Date.UTC(y + 1, 0, 1); }
    if (p.length === 2) { return Date.UTC(y, m + 1, 1); }
    return Date.UTC(y, m, d + 1);
  }
  ITEMS.forEach(function (it) {
    it.t0 = toTime(it.start, false);
    it.t1 = it.end ? toTime(it.end, true) : (it.precision === "day" ? it.t0 : toTime(it.start, true));
  });
  var all = [Math.min.apply(null, ITEMS.map(function (i) { return i.t0; })) - 864e5 * 60,
             Math.max.apply(null, ITEMS.map(function (i) { return i.t1; })) + 864e5 * 60];
  var talks = [Date.UTC(1968, 3, 1), Date.UTC(1973, 2, 1)];
  var view = talks.slice();

  function el(name, attrs, text) {
    var e = document.createElementNS(NS, name);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  var tip = document.getElementById("tip");
  function showTip(it, ev) {
    tip.textContent = "";
    var add = function (k, v) {
      if (!v) { return; }
      var line = document.createElement("div");
      if (k) { var s = document.createElement("span"); s.className = "k"; s.textContent = k + ": "; line.appendChild(s); }
      line.appendChild(document.createTextNode(v));
      tip.appendChild(line);
    };
    var head = document.createElement("div"); head.className = "t"; head.textContent = it.label; tip.appendChild(head);
    add("date", it.end ? it.start + " to " + it.end : it.start + (it.precision === "day" ? "" : " (" + it.precision + ")"));
    add("kind", it.kind + (it.group === "proposal" ? " (proposal)" : ""));
    add("", it.summary);
    add("sources", it.sources);
    tip.style.display = "block";
    tip.style.left = Math.min(ev.clientX + 14, window.innerWidth - tip.offsetWidth - 8) + "px";
    tip.style.top = Math.min(ev.clientY + 14, window.innerHeight - tip.offsetHeight - 8) + "px";
  }
  function hideTip() { tip.style.display = "none"; }

  function draw() {
    var width = Math.max(chart.clientWidth, 600);
    var span = view[1] - view[0];
    var x = function (t) { return LEFT + (t - view[0]) / span * (width - LEFT - 20); };
    var svg = el("svg", { width: width, role: "img", "aria-label": "Timeline" });
    // pack items into rows per lane so that markers never overlap at this zoom
    var y = TOP, laneBoxes = [];
    LANES.forEach(function (lane) {
      var rows = [];
      var mine = ITEMS.filter(function (it) { return it.lane === lane.id && it.t1 >= view[0] && it.t0 <= view[1]; });
      mine.forEach(function (it) {
        var a = x(it.t0) - 5, b = Math.max(x(it.t1), x(it.t0) + 10) + 2;
        var r = 0;
        while (rows[r] !== undefined && rows[r] > a) { r += 1; }
        rows[r] = b; it.row = r; it.x0 = x(it.t0); it.x1 = x(it.t1);
      });
      var h = Math.max(rows.length, 1) * ROW + LANE_PAD * 2;
      laneBoxes.push({ lane: lane, y: y, h: h, items: mine });
      y += h;
    });
    svg.setAttribute("height", y + 10);
    // items are clipped to the plot area so bars never run under the lane titles
    var defs = el("defs", {}), clip = el("clipPath", { id: "plot" });
    clip.appendChild(el("rect", { x: LEFT, y: 0, width: width - LEFT, height: y + 10 }));
    defs.appendChild(clip);
    svg.appendChild(defs);
    // axis: a line per year, lighter ones per month when zoomed in enough
    var y0 = new Date(view[0]).getUTCFullYear(), y1 = new Date(view[1]).getUTCFullYear();
    var monthPx = (width - LEFT) / (span / (864e5 * 30.4));
    for (var yr = y0; yr <= y1 + 1; yr++) {
      for (var mo = 0; mo < 12; mo++) {
        var t = Date.UTC(yr, mo, 1);
        if (t < view[0] || t > view[1]) { continue; }
        if (mo !== 0 && monthPx < 9) { continue; }
        svg.appendChild(el("line", { x1: x(t), x2: x(t), y1: TOP - 6, y2: y, "class": mo === 0 ? "tick year" : "tick" }));
        if (mo === 0 || monthPx > 40) {
          svg.appendChild(el("text", { x: x(t) + 3, y: TOP - 10, "class": "tick-label" },
                             mo === 0 ? String(yr) : String(yr) + "-" + String(mo + 1).padStart(2, "0")));
        }
      }
    }
    var plot = el("g", { "clip-path": "url(#plot)" });
    laneBoxes.forEach(function (box, i) {
      svg.insertBefore(el("rect", { x: 0, y: box.y, width: width, height: box.h, fill: i % 2 ? "#fafafa" : "#f2f2f2", opacity: 0.6 }), defs.nextSibling);
      svg.appendChild(el("text", { x: 8, y: box.y + 18, "class": "lane-title" }, box.lane.title));
      box.items.forEach(function (it) {
        var cy = box.y + LANE_PAD + it.row * ROW + ROW / 2, colour = COLOURS[it.lane], shape;
        if (it.precision === "day" && !it.end) {
          shape = it.group === "proposal"
            ? el("rect", { x: it.x0 - 5, y: cy - 5, width: 10, height: 10, transform: "rotate(45 " + it.x0 + " " + cy + ")" })
            : el("circle", { cx: it.x0, cy: cy, r: 5 });
        } else {
          shape = el("rect", { x: it.x0, y: cy - 4, width: Math.max(it.x1 - it.x0, 3), height: 8, rx: 2,
                               "fill-opacity": it.precision === "year" && !it.end ? 0.45 : 0.8 });
        }
        shape.setAttribute("fill", colour);
        shape.setAttribute("class", "item");
        shape.setAttribute("data-iri", it.iri);
        shape.setAttribute("data-precision", it.end ? "span" : it.precision);
        shape.addEventListener("mousemove", function (ev) { showTip(it, ev); });
        shape.addEventListener("mouseleave", hideTip);
        plot.appendChild(shape);
      });
    });
    svg.appendChild(plot);
    chart.textContent = "";
    chart.appendChild(svg);
    document.getElementById("range").textContent =
      new Date(view[0]).toISOString().slice(0, 7) + " to " + new Date(view[1]).toISOString().slice(0, 7) +
      " · " + laneBoxes.reduce(function (n, b) { return n + b.items.length; }, 0) + " of " + ITEMS.length + " items in view";
  }

  function zoom(factor, centre) {
    var span = view[1] - view[0], c = centre === undefined ? view[0] + span / 2 : centre;
    var next = Math.min(Math.max(span * factor, 864e5 * 20), all[1] - all[0]);
    view = [c - (c - view[0]) * next / span, c + (view[1] - c) * next / span];
    draw();
  }
  document.getElementById("zoom-in").addEventListener("click", function () { zoom(0.5); });
  document.getElementById("zoom-out").addEventListener("click", function () { zoom(2); });
  document.getElementById("zoom-talks").addEventListener("click", function () { view = talks.slice(); draw(); });
  document.getElementById("zoom-all").addEventListener("click", function () { view = all.slice(); draw(); });
  chart.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    var width = Math.max(chart.clientWidth, 600), frac = (ev.offsetX - LEFT) / (width - LEFT - 20);
    zoom(ev.deltaY > 0 ? 1.25 : 0.8, view[0] + Math.min(Math.max(frac, 0), 1) * (view[1] - view[0]));
  }, { passive: false });
  var drag = null;
  chart.addEventListener("mousedown", function (ev) { drag = { x: ev.clientX, view: view.slice() }; });
  window.addEventListener("mouseup", function () { drag = null; });
  window.addEventListener("mousemove", function (ev) {
    if (!drag) { return; }
    var width = Math.max(chart.clientWidth, 600), shift = (ev.clientX - drag.x) / (width - LEFT - 20) * (drag.view[1] - drag.view[0]);
    view = [drag.view[0] - shift, drag.view[1] - shift];
    draw();
  });
  window.addEventListener("resize", draw);
  window.pkTimeline = { zoom: zoom, items: ITEMS, view: function () { return view.slice(); },
                        showAll: function () { view = all.slice(); draw(); } };
  draw();
  window.pkReady = true;
})();
</script>
</body>
</html>
"""
