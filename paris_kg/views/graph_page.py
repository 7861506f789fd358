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


def _vis_css() -> str:
    import pyvis

    path = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2" / "vis-network.css"
    return path.read_text(encoding="utf-8")


def render_network_html(graph: nx.MultiDiGraph, *, title: str = "paris-kg: actors and proposals") -> str:
    """The page for ``graph`` (see :func:`paris_kg.views.network.build_network`) as a string."""
    from markupsafe import Markup
    from pyvis.network import Network

    from ..rendering import environment, seal

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
            pk={**{k: data[k] for k in ("iri", "kind", "group", "side", "date", "year", "terms", "citations")},
                "wikidata": _wikidata_href(data.get("wikidata", ""))},
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
    net.template = environment().get_template(
        "graph.html", globals={"vis_script": lambda: Markup(_vis_script()), "vis_css": lambda: Markup(_vis_css())})
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
    return seal(net.generate_html(name="graph.html", notebook=True))


def write_html(text: str, path: str | os.PathLike) -> Path:
    """Write the page as UTF-8, atomically."""
    from ..atomic import write_text_atomic

    return write_text_atomic(path, text)
