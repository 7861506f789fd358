#!/usr/bin/env python3
"""Benchmark: does the interactive graph page still render and settle at 5,000 nodes?

Builds a synthetic actor-proposal-event network of the same shape as ours (same node and
edge attributes), renders it with paris_kg.views.graph_page, opens it in headless Chromium and
times (a) the page load and (b) the layout settling (the page's stabilisation event,
after which physics is switched off). Prints the times and the share of painted pixels.
It prints the real graph's times as the baseline in the same run.
Needs chromium and Playwright (as for the page tests).

Usage: python bench/graph_scale.py [--nodes 5000]
"""
from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from paris_kg.views.graph_page import render_network_html  # noqa: E402
from paris_kg.views.network import build_network  # noqa: E402
from paris_kg.paths import Layout  # noqa: E402
from paris_kg.store import open_built_store  # noqa: E402

ID = "https://w3id.org/paris-kg/id/"


def synthetic(n_nodes: int, seed: int = 1968) -> nx.MultiDiGraph:
    rnd = random.Random(seed)
    g = nx.MultiDiGraph()
    sides = ["DRV", "PRG-NLF", "US", "RVN", "other"]
    n_actors, n_props = n_nodes // 10, n_nodes * 3 // 10
    for i in range(n_nodes):
        group = "actor" if i < n_actors else "proposal" if i < n_actors + n_props else "event"
        year = 0 if group == "actor" else rnd.randint(1968, 1973)
        kind = {"actor": "Person", "proposal": "PeacePlan", "event": "Meeting"}[group]
        iri = f"{ID}{group}/synthetic-{i}"
        g.add_node(iri, iri=iri, label=f"{kind} {i}", kind=kind, group=group, side=rnd.choice(sides),
                   date=f"{year}-01-01" if year else "", year=year, terms="", citations="synthetic")
    nodes = list(g.nodes)
    for i, iri in enumerate(nodes[n_actors:], start=n_actors):
        for _ in range(2 if i < n_actors + n_props else 1):
            actor = nodes[rnd.randrange(n_actors)]
            g.add_edge(actor, iri, relation="proposed", label="proposed", date="", year=0, detail="", citations="")
    return g


def measure(browser, html: str) -> tuple[float, float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "graph.html"
        path.write_text(html, encoding="utf-8")
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        start = time.perf_counter()
        page.goto(path.as_uri())
        loaded = time.perf_counter() - start
        page.wait_for_function("window.pkSettled === true", timeout=600_000)
        settled = time.perf_counter() - start
        inked = page.evaluate("""() => { const c = document.querySelector('#graph canvas');
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;
            for (let i = 3; i < d.length; i += 4) { if (d[i] > 0) n++; } return n / (d.length / 4); }""")
        page.close()
        return loaded, settled, inked


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nodes", type=int, default=5000)
    args = ap.parse_args()
    chromium = shutil.which("chromium")
    if not chromium:
        raise SystemExit("chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    real = build_network(open_built_store(Layout()), include_events=True)
    big = synthetic(args.nodes)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        for name, graph in (("paris-kg graph (baseline)", real), (f"synthetic {args.nodes} nodes", big)):
            loaded, settled, inked = measure(browser, render_network_html(graph))
            print(f"{name:28} {graph.number_of_nodes():5} nodes {graph.number_of_edges():5} edges  "
                  f"load {loaded:5.2f} s  settled {settled:6.2f} s  painted {inked:5.1%}")
        browser.close()


if __name__ == "__main__":
    main()
