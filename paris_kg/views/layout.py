"""Positions for the actor–proposal network, computed once in Python (no physics).

Time runs left to right (x from the date), one horizontal band per side for actors, one band
for proposals and one for events; see :func:`lay_out`.
"""
from __future__ import annotations

import math
import re
from datetime import date as date_cls

import networkx as nx


#: Layout units per day on the date axis (x); 1968-01-01 is x = 0.
DAY = 1.0
EPOCH = date_cls(1968, 1, 1)
#: Top-to-bottom order of the bands: the DRV and the NLF/PRG above the proposals and events,
#: the US and Saigon below, the rest at the bottom.
BANDS = ("actor:DRV", "actor:PRG-NLF", "proposal", "event", "actor:US", "actor:RVN", "actor:other")
ROW_HEIGHT = 40.0   # between rows inside a band
#: Rows of proposals are further apart, so that a label under one diamond leaves the next row's
#: diamond visible.
PROPOSAL_ROW_HEIGHT = 56.0
BAND_GAP = 70.0     # between bands
CHAR_WIDTH = 13.0   # estimated width of a label character in layout units (at the first view)
#: Proposals are packed with a wider estimate (the widest 12 px characters at the first view's
#: scale, ~0.43 px per unit at 1400×900) so that every proposal label fits in its row.
PROPOSAL_CHAR_WIDTH = 17.0


#: Long names shortened in drawn labels (the tooltip and the panel keep the full label).
ABBREVIATIONS = (
    ("National Front for the Liberation of South Vietnam", "NLF"),
    ("Provisional Revolutionary Government of the Republic of South Vietnam", "PRG"),
    ("Provisional Revolutionary Government", "PRG"), ("Democratic Republic of Vietnam", "DRV"),
    ("Republic of Vietnam", "RVN"), ("United States", "US"),
    ("Liberation Army of South Vietnam", "Liberation Army"), ("House of Representatives", "House"),
)
_DELEGATION = re.compile(r"^Delegation of the (.+)$")


def short_label(label: str, limit: int = 30) -> str:
    """A label without its trailing ``(…)``, long names abbreviated, cut at a word to ``limit``."""
    text = re.sub(r"\s*\([^()]*\)\s*$", "", label).strip() or label
    for long, abbr in ABBREVIATIONS:
        text = text.replace(long, abbr)
    text = _DELEGATION.sub(r"\1 delegation", text.strip())
    if len(text) <= limit:
        return text
    cut = text[:limit - 1].rsplit(" ", 1)[0].rstrip(",;:'")
    return cut + "…"


def date_x(text: str) -> float | None:
    """x of an ISO date at any precision (a month or a year is placed at its middle); dates
    before 1968 are squeezed logarithmically to the left so that the talks keep the width."""
    x = _linear_x(text)
    if x is not None and x < 0:
        return round(-30.0 * math.log2(1 - x / 30.0), 2)
    return x


def _linear_x(text: str) -> float | None:
    parts = text.split("-")
    try:
        if len(parts) >= 3:
            day = date_cls(int(parts[0]), int(parts[1]), int(parts[2][:2]))
            return (day - EPOCH).days * DAY
        if len(parts) == 2:
            return ((date_cls(int(parts[0]), int(parts[1]), 1) - EPOCH).days + 14) * DAY
        if len(parts) == 1 and parts[0].isdigit():
            return ((date_cls(int(parts[0]), 1, 1) - EPOCH).days + 182) * DAY
    except ValueError:
        return None
    return None


def _rows(items: list[tuple[float, float, str]]) -> dict[str, int]:
    """Greedy row packing: ``(x, width, id)`` sorted by x -> row index so that items of a row
    are at least their half widths apart; deterministic (ties broken by id)."""
    ends: list[float] = []
    out: dict[str, int] = {}
    for x, width, node in sorted(items, key=lambda t: (t[0], t[2])):
        left = x - width / 2
        row = next((r for r, end in enumerate(ends) if end <= left), None)
        if row is None:
            if len(ends) < 8:
                row = len(ends)
                ends.append(float("-inf"))
            else:  # every row is taken here: the one that frees up first (its label may hide)
                row = min(range(len(ends)), key=lambda r: (ends[r], r))
        ends[row] = x + width / 2
        out[node] = row
    return out


def lay_out(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Give every node ``x``, ``y``, ``lane`` and ``short`` (in place; returns ``graph``).

    Proposals and events sit on the date axis (x from their date); each actor sits in the
    band of its side at the mean x of the dated nodes it is linked to (its neighbours' mean
    when it has none, the middle otherwise). Inside a band, nodes too close for their labels
    go to separate rows. Pure function of the graph: same graph, same positions.
    """
    for node, data in graph.nodes(data=True):
        data["short"] = short_label(data["label"], 30 if data["group"] == "proposal" else 26)
        data["lane"] = "actor:" + data["side"] if data["group"] == "actor" else data["group"]
    xs: dict[str, float] = {}
    for node, data in graph.nodes(data=True):
        if data["group"] != "actor":
            x = date_x(data["date"])
            if x is not None:
                xs[node] = x
    dated = sorted(xs.values())
    middle = dated[len(dated) // 2] if dated else 0.0
    undirected = graph.to_undirected(as_view=True)
    for node, data in sorted(graph.nodes(data=True)):
        if node in xs:
            continue
        near = [xs[m] for m in sorted(set(undirected[node])) if m in xs]
        if near:
            xs[node] = sum(near) / len(near)
    for node, data in sorted(graph.nodes(data=True)):  # second pass: actors linked only to actors
        if node not in xs:
            near = [xs[m] for m in sorted(set(undirected[node])) if m in xs]
            xs[node] = sum(near) / len(near) if near else middle
    bands: dict[str, list[tuple[float, float, str]]] = {}
    for node, data in graph.nodes(data=True):
        width = (len(data["short"]) + 2) * (PROPOSAL_CHAR_WIDTH if data["lane"] == "proposal" else CHAR_WIDTH)
        bands.setdefault(data["lane"], []).append((xs[node], width, node))
    y = 0.0
    for band in BANDS + tuple(sorted(set(bands) - set(BANDS))):
        if band not in bands:
            continue
        rows, step = _rows(bands[band]), PROPOSAL_ROW_HEIGHT if band == "proposal" else ROW_HEIGHT
        for node, row in rows.items():
            graph.nodes[node]["x"] = round(xs[node], 2)
            graph.nodes[node]["y"] = round(y + row * step, 2)
        y += (max(rows.values()) + 1) * step + BAND_GAP
    return graph
