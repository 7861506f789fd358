"""Render the network as one self-contained, offline HTML page with pyvis and vis-network.

pyvis assembles nodes, edges and options; the page comes from our own Jinja template
instead of pyvis's, because pyvis's template loads vis-network and Bootstrap from CDNs
(blank page offline), drops a ``lib/`` folder next to the output, and inserts the heading
and select menu unescaped. Here the vis-network script shipped inside the installed pyvis
package is inlined, every datum reaches the page through Jinja's ``tojson`` (which escapes
``<``, ``>``, ``&`` and quotes), and tooltips are built with ``textContent``, so a label
such as ``<img src=x onerror=alert(1)>`` is shown as text and never run.

At scale (bench/graph_scale.py): the nodes and edges travel as two compact tables
(:func:`_pack`), and above 800 nodes the page draws the edges, and in its first frame the
events, itself, so that vis-network builds far fewer objects before anything is seen.
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

import networkx as nx

#: Colour of each side (colour-blind-safe Okabe–Ito palette).
SIDE_COLOURS = {"DRV": "#d55e00", "PRG-NLF": "#e69f00", "US": "#0072b2", "RVN": "#009e73", "other": "#999999"}

#: Shape of each kind of node (shapes that draw their label outside, since the page draws
#: labels itself); proposals are diamonds, the signed Agreement a star, events small dots.
KIND_SHAPES = {
    "Person": "dot", "Government": "square", "Delegation": "triangle", "PartyOrFront": "hexagon",
    "Legislature": "triangleDown", "ArmedForce": "hexagon", "Organisation": "hexagon", "PublishingBody": "hexagon",
    "PeacePlan": "diamond", "Demand": "diamond", "DraftAgreement": "diamond", "Agreement": "star", "Proposal": "diamond",
}
EVENT_SHAPE = "dot"
#: The legend's glyph for each shape.
SHAPE_GLYPHS = {"dot": "●", "square": "■", "triangle": "▲", "triangleDown": "▼", "hexagon": "⬢",
                "diamond": "◆", "star": "★"}

#: Style of each relation (edges): colour, dashes, width. The main story (who proposed,
#: who answered, which plan countered which) is drawn dark and thick; the context light.
RELATION_STYLES = {
    "proposed": ("#333333", False, 1.6), "presented": ("#777777", [2, 3], 1.2),
    "answered": ("#cc3311", False, 1.6), "counters": ("#ee7733", [8, 4], 2.4),
    "revises": ("#33bbee", [8, 4], 2.0), "clarifies": ("#33bbee", [2, 3], 2.0),
    "presented_at": ("#b07aa1", [2, 3], 0.8), "represents": ("#009988", False, 0.8),
    "member_of": ("#bbbbbb", False, 0.8), "part_of": ("#bbbbbb", [2, 3], 0.8), "took_part_in": ("#d6d6d6", False, 0.6),
}
#: Colour of an answer by its response type (other types keep the answered colour).
RESPONSE_COLOURS = {"accepted": "#117733", "rejected": "#cc3311", "countered": "#ee7733"}
RELATION_COLOURS = {r: style[0] for r, style in RELATION_STYLES.items()}
#: Largest ego view (the selected node and its neighbours) the optional force layout runs on.
FORCE_LIMIT = 60
#: Titles of the bands drawn at the left edge of the canvas.
BAND_TITLES = {"actor:DRV": "DRV (Hanoi)", "actor:PRG-NLF": "NLF / PRG", "proposal": "Proposals",
               "event": "Events", "actor:US": "United States", "actor:RVN": "Saigon (RVN)", "actor:other": "Others"}


def _wikidata_href(page: str) -> str:
    """The Wikidata page of a node if it is a safe link to a Wikidata item page, else ``""``
    (graph.js checks the form again before it makes a link)."""
    from ..rendering import safe_href

    page = str(page or "")
    return page if page.startswith("https://www.wikidata.org/wiki/Q") and safe_href(page) else ""


def _vis_script() -> str:
    import pyvis

    path = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2" / "vis-network.min.js"
    return path.read_text(encoding="utf-8")


#: vis-network's stylesheet is 220 kB, nearly all of it images for widgets this page never turns
#: on (navigation buttons, the editing toolbar, the configurator); only the other rules are inlined.
_UNUSED_CSS = re.compile(r"vis-(?:navigation|manipulation|edit-mode|close|configuration|color-picker)")


def _vis_css() -> str:
    import pyvis

    path = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2" / "vis-network.css"
    rules = re.findall(r"[^{}]+\{[^{}]*\}", path.read_text(encoding="utf-8"))
    return "".join(rule for rule in rules if not _UNUSED_CSS.search(rule.split("{", 1)[0]))


#: What the page receives per node and per edge, in this order. Values that repeat (styles,
#: kinds, sides, sources...) travel once in a table per field and the rows carry their index:
#: with keyed objects a 5,000-node page was 4.8 MB, most of it the same keys and strings again.
NODE_FIELDS = ("id", "x", "y", "style", "label", "short", "iri", "kind", "group", "side", "lane", "date", "year",
               "terms", "citations", "facts", "wikidata")
NODE_CODED = ("style", "kind", "group", "side", "lane", "terms", "citations")
EDGE_FIELDS = ("from", "to", "style", "relation", "label", "date", "detail", "citations")
EDGE_CODED = ("style", "relation", "label", "detail", "citations")
#: The keys of a pyvis node or edge that say how vis-network draws it (its style).
NODE_STYLE = ("shape", "color", "size", "shapeProperties", "borderWidth")
EDGE_STYLE = ("color", "width", "dashes")


def _table(records: list[dict], fields: tuple[str, ...], coded: tuple[str, ...]) -> dict:
    """``{"fields", "codes", "rows"}``: one list per record in ``fields`` order; a coded field's
    values are listed once in ``codes[field]`` (first use first) and the row holds the index."""
    codes: dict[str, dict] = {f: {} for f in coded}
    rows = []
    for record in records:
        row = []
        for field in fields:
            value = record[field]
            if field in codes:
                key = json.dumps(value, sort_keys=True)
                value = codes[field].setdefault(key, (len(codes[field]), value))[0]
            row.append(value)
        rows.append(row)
    return {"fields": list(fields), "rows": rows,
            "codes": {f: [v for _, v in sorted(c.values(), key=lambda iv: iv[0])] for f, c in codes.items()}}


def _pack(nodes: list[dict], edges: list[dict]) -> dict:
    """pyvis's node and edge dicts as the page's two tables (graph.js unpacks them).

    A node's ``iri`` is sent as ``""`` when it is its id; an edge's ends are node row numbers.
    """
    index = {n["id"]: i for i, n in enumerate(nodes)}
    node_records = [{**n["pk"], "id": n["id"], "x": n["x"], "y": n["y"], "label": n["label"],
                     "iri": "" if n["pk"]["iri"] == n["id"] else n["pk"]["iri"],
                     "style": {k: n[k] for k in NODE_STYLE if k in n}} for n in nodes]
    edge_records = [{**e["pk"], "from": index[e["from"]], "to": index[e["to"]],
                     "style": {k: e[k] for k in EDGE_STYLE if k in e}} for e in edges]
    return {"nodes": _table(node_records, NODE_FIELDS, NODE_CODED),
            "edges": _table(edge_records, EDGE_FIELDS, EDGE_CODED)}


class _NodeIds(list):
    """pyvis keeps node ids in a list and checks membership on every add_node and add_edge
    (quadratic: minutes at 20,000 nodes); this list answers ``in`` from a set."""

    def __init__(self) -> None:
        super().__init__()
        self._set: set = set()

    def append(self, item) -> None:
        super().append(item)
        self._set.add(item)

    def __contains__(self, item) -> bool:
        return item in self._set


def render_network_html(graph: nx.MultiDiGraph, *, title: str = "paris-kg: actors and proposals") -> str:
    """The page for ``graph`` (see :func:`paris_kg.views.network.build_network`) as a string."""
    from markupsafe import Markup
    from pyvis.network import Network

    from ..rendering import environment, seal

    from .layout import date_x, lay_out

    if any("x" not in d for _, d in graph.nodes(data=True)):
        lay_out(graph)
    large = graph.number_of_nodes() > 800
    net = Network(height="100%", width="100%", directed=True, cdn_resources="remote")
    net.node_ids = _NodeIds()
    for node, data in graph.nodes(data=True):
        is_event = data["group"] == "event"
        net.add_node(
            node, label=data["label"], shape=EVENT_SHAPE if is_event else KIND_SHAPES.get(data["kind"], "dot"),
            color=SIDE_COLOURS.get(data["side"], SIDE_COLOURS["other"]),
            size=5 if is_event else (11 if data["group"] == "proposal" else 9),
            **({"shapeProperties": {"borderDashes": [3, 2]}, "borderWidth": 2} if is_event else {}),
            x=data["x"], y=data["y"],
            pk={**{k: data[k] for k in ("iri", "kind", "group", "side", "date", "year", "terms", "citations",
                                        "facts", "short", "lane")},
                "wikidata": _wikidata_href(data.get("wikidata", ""))},
        )
    for source, target, key, data in graph.edges(keys=True, data=True):
        colour, dashes, width = RELATION_STYLES.get(data["relation"], ("#bbbbbb", False, 0.8))
        if data["relation"] == "answered":
            colour = RESPONSE_COLOURS.get(data["detail"], colour)
        net.add_edge(source, target, color=colour, width=width, **({"dashes": dashes} if dashes else {}),
                     pk={k: data[k] for k in ("relation", "label", "date", "detail", "citations")})
    for edge in net.edges:  # pyvis gives every edge of a directed graph "arrows": "to"; the options say it once
        edge.pop("arrows", None)
    # fixed positions from Python: no physics, no improvedLayout (a Kamada-Kawai pass otherwise).
    # When large, graph.js draws the edges itself (straight, one canvas path per style) and
    # vis-network gets the nodes only: building its edge objects was half of the page's load time.
    net.set_options("""{
      "physics": {"enabled": false},
      "layout": {"improvedLayout": false, "randomSeed": 1},
      "edges": {"smooth": %s, "selectionWidth": 1.5, "hoverWidth": 0.5,
                "arrows": {"to": {"enabled": true, "scaleFactor": 0.5}}},
      "nodes": {"font": {"size": 12, "face": "system-ui, sans-serif"}, "physics": false},
      "interaction": {"hover": %s, "tooltipDelay": 150, "hideEdgesOnDrag": false, "hideEdgesOnZoom": false,
                      "navigationButtons": false, "multiselect": false}
    }""" % ("false" if large else '{"type": "curvedCW", "roundness": 0.12}', "false" if large else "true"))
    net.template = environment().get_template(
        "graph.html", globals={"vis_script": lambda: Markup(_vis_script()), "vis_css": lambda: Markup(_vis_css()),
                               "pack": _pack})
    kinds = sorted({d["kind"] for _, d in graph.nodes(data=True)})
    present_sides = {d["side"] for _, d in graph.nodes(data=True)}
    present_relations = {d["relation"] for *_, d in graph.edges(data=True)}
    sides = [s for s in SIDE_COLOURS if s in present_sides]
    relations = [r for r in RELATION_STYLES if r in present_relations]
    responses = sorted({d["detail"] for *_, d in graph.edges(data=True) if d["relation"] == "answered"})
    years = sorted({d["year"] for _, d in graph.nodes(data=True) if d["year"]}) or [1968, 1973]
    bands = {}
    for _, d in graph.nodes(data=True):
        low, high = bands.get(d["lane"], (d["y"], d["y"]))
        bands[d["lane"]] = (min(low, d["y"]), max(high, d["y"]))
    net.heading = title
    net.conf = {  # our extra template variables travel in pyvis's `conf` slot
        "kinds": [{"name": k, "shape": KIND_SHAPES.get(k, EVENT_SHAPE),
                   "glyph": SHAPE_GLYPHS.get(KIND_SHAPES.get(k, EVENT_SHAPE), "●")} for k in kinds],
        "sides": [{"name": s, "colour": SIDE_COLOURS[s]} for s in sides],
        "relations": [{"name": r, "colour": RELATION_STYLES[r][0], "dashed": bool(RELATION_STYLES[r][1]),
                       "width": RELATION_STYLES[r][2]} for r in relations],
        "responses": [{"name": r, "colour": RESPONSE_COLOURS.get(r, RELATION_COLOURS["answered"])}
                      for r in responses],
        "year_min": years[0], "year_max": years[-1],
        "year_ticks": [{"year": y, "x": date_x(f"{y}-01-01")} for y in range(max(years[0], 1968), years[-1] + 2)],
        "bands": [{"name": b, "title": BAND_TITLES.get(b, b), "top": lo, "bottom": hi}
                  for b, (lo, hi) in sorted(bands.items(), key=lambda kv: kv[1][0])],
        "large": large, "force_limit": FORCE_LIMIT, "has_early": any(d["x"] < 0 for _, d in graph.nodes(data=True)),
    }
    return seal(net.generate_html(name="graph.html", notebook=True))


def write_html(text: str, path: str | os.PathLike) -> Path:
    """Write the page as UTF-8, atomically."""
    from ..atomic import write_text_atomic

    return write_text_atomic(path, text)
