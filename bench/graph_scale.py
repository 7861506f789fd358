#!/usr/bin/env python3
"""Benchmark: the laid-out graph page at 5,000 and 20,000 synthetic nodes.

Builds synthetic actor–proposal–event networks shaped like ours (actors of five sides in their
bands, dated proposals and events from 1968 to 1973; proposed, presented, answered, counters
and took-part-in edges; the same node and edge attributes), then for each size reports:

- layout: time of ``lay_out`` in Python (positions, rows, short labels);
- render: time to assemble the page with pyvis and the template, and the HTML file size;
- first draw: from navigation start to the first whole frame on the page's canvas in headless
  Chromium (``pkScriptStartMs + pkFirstDrawMs``; the script itself starts after the browser
  has parsed the file and vis-network). Above 800 nodes vis-network draws the actors and
  proposals in it and the page the edges and the events (graph.js, ``drawEdges`` and
  ``drawPending``); a browser test checks that the picture is the same once vis-network holds
  the events. To interactive (``pkInteractiveMs``): vis-network holds every node and the page
  answers the next input at once;
- physics: how many physics runs the page started (must be 0) and whether it is enabled;
- pan: a ``moveTo`` to a new position and the time until that frame is drawn;
- click: selecting a node (ego view: every node recoloured) until the frame is drawn;
- CPU: on one more load, traced, the CPU time of the page's main thread from the start of
  parsing to the end of the task that draws the first frame (its rasterising included, which
  the first-draw mark precedes). Other processes on a shared machine stretch the
  wall-clock times above (waiting for a core) far more than this figure, so it tells a slow
  page from a busy machine.

First draw and interactive are medians, with the spread (fastest–slowest load) after them.
Prints PASS or FAIL against the target at 5,000 nodes (median first draw ≤ 1.5 s, no physics
run) and exits 1 on FAIL. The 20,000-node run has no target beyond "opens and pans": its numbers
are printed for the README. Needs chromium and Playwright, as for the page tests.

Usage: python bench/graph_scale.py [--nodes 5000 20000] [--runs 3]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from paris_kg.views.graph_page import render_network_html  # noqa: E402
from paris_kg.views.layout import lay_out  # noqa: E402

ID = "https://w3id.org/paris-kg/id/"
SIDES = ("DRV", "PRG-NLF", "US", "RVN", "other")
ACTOR_KINDS = ("Person", "Person", "Person", "Government", "Delegation", "Organisation")
EVENT_KINDS = ("Meeting", "Meeting", "Conference", "Battle", "Announcement", "Letter")
FIRST_DRAW_TARGET_S = 1.5


def synthetic(n_nodes: int, seed: int = 1968) -> nx.MultiDiGraph:
    """About 10 % actors, 20 % proposals, 70 % events; deterministic for a seed."""
    rnd = random.Random(seed)
    g = nx.MultiDiGraph()
    n_actors, n_props = max(n_nodes // 10, 5), n_nodes // 5
    start, days = date(1968, 5, 13), (date(1973, 1, 27) - date(1968, 5, 13)).days
    actors, proposals = [], []
    for i in range(n_nodes):
        group = "actor" if i < n_actors else "proposal" if i < n_actors + n_props else "event"
        side = SIDES[i % len(SIDES)] if group == "actor" else rnd.choice(SIDES)
        when = "" if group == "actor" else (start + timedelta(days=rnd.randrange(days))).isoformat()
        kind = (rnd.choice(ACTOR_KINDS) if group == "actor" else "PeacePlan" if group == "proposal"
                else rnd.choice(EVENT_KINDS))
        iri = f"{ID}{group}/synthetic-{i}"
        g.add_node(iri, iri=iri, label=f"{side} {kind.lower()} number {i} of the synthetic network", kind=kind,
                   group=group, side=side, date=when, year=int(when[:4]) if when else 0, terms="",
                   citations="synthetic", facts=[["date", when, "synthetic"]] if when else [], wikidata="")
        (actors if group == "actor" else proposals if group == "proposal" else []).append(iri)

    def edge(u: str, v: str, relation: str, detail: str = "") -> None:
        g.add_edge(u, v, relation=relation, label=relation, date="", year=0, detail=detail, citations="synthetic")

    for iri, data in list(g.nodes(data=True)):
        if data["group"] == "proposal":
            edge(rnd.choice(actors), iri, "proposed")
            if rnd.random() < 0.5:
                edge(rnd.choice(actors), iri, "presented")
            if rnd.random() < 0.4:
                edge(rnd.choice(actors), iri, "answered", rnd.choice(("accepted", "rejected", "countered")))
            if rnd.random() < 0.3:
                edge(iri, rnd.choice(proposals), "counters")
        elif data["group"] == "event":
            edge(rnd.choice(actors), iri, "took_part_in")
    return g


def _poll(page, expression: str, timeout: float = 600.0) -> None:
    """Wait until ``expression`` is true, polling from outside (the page's CSP forbids eval)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise TimeoutError(expression)
        time.sleep(0.02)


# Both promise-returning snippets resolve when vis-network has drawn the next frame.
PAN = """() => new Promise((done) => {
  const net = window.pkNetwork, at = net.getViewPosition(), t0 = performance.now();
  net.once("afterDrawing", () => done(performance.now() - t0));
  net.moveTo({ position: { x: at.x + 400 / net.getScale(), y: at.y + 150 / net.getScale() }, animation: false });
})"""
CLICK = """(id) => new Promise((done) => {
  const net = window.pkNetwork, t0 = performance.now();
  net.once("afterDrawing", () => done(performance.now() - t0));
  window.pkSelect(id);
  net.redraw();
})"""


def main_thread_cpu_ms(trace: dict) -> float:
    """CPU time (ms) of the renderer's main thread from the start of parsing the page to the end
    of the first animation frame after the page's big script (the frame vis-network draws in)."""
    events = trace["traceEvents"] if isinstance(trace, dict) else trace
    threads = {(e["pid"], e["tid"]) for e in events if e.get("name") == "thread_name"
               and e["args"].get("name") == "CrRendererMain"}
    main = [e for e in events if (e["pid"], e["tid"]) in threads and e.get("ph") == "X"]
    parse = [e for e in main if e["name"] == "ParseHTML"]
    main = [e for e in main if e["pid"] == parse[0]["pid"]]
    start = min(e["ts"] for e in parse)
    script = max((e for e in main if e["name"] == "EvaluateScript"), key=lambda e: e["dur"])
    frame = min((e for e in main if e["name"] == "FireAnimationFrame" and e["ts"] > script["ts"]),
                key=lambda e: e["ts"])
    end, total, last = frame["ts"] + frame["dur"], 0.0, -1
    for task in sorted((e for e in main if e["name"] in ("ThreadControllerImpl::RunTask", "RunTask")),
                       key=lambda e: (e["ts"], -e["dur"])):
        if task["ts"] >= last and task["ts"] + task["dur"] > start and task["ts"] < end:  # top-level tasks only
            total += task.get("tdur", task["dur"]) / 1000
            last = task["ts"] + task["dur"]
    return total


def traced_cpu(browser, path: Path) -> float:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    browser.start_tracing(page=page, categories=["devtools.timeline", "toplevel"])
    page.goto(path.as_uri(), timeout=600_000)
    _poll(page, "window.pkReady === true")
    trace = json.loads(browser.stop_tracing())
    page.close()
    return main_thread_cpu_ms(trace)


def measure(browser, html: str, some_node: str, *, traced: bool = False) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "graph.html"
        path.write_text(html, encoding="utf-8")
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(path.as_uri(), timeout=600_000)
        _poll(page, "window.pkReady === true")
        out = page.evaluate("""() => ({ first: window.pkScriptStartMs + window.pkFirstDrawMs,
            script: window.pkFirstDrawMs, interactive: window.pkScriptStartMs + window.pkInteractiveMs,
            physicsRuns: window.pkPhysicsRuns, physicsOn: window.pkNetwork.physics.options.enabled,
            labels: window.pkLabelBoxes.length })""")
        out["pan"] = statistics.median(page.evaluate(PAN) for _ in range(5))
        out["click"] = page.evaluate(CLICK, some_node)
        out["unclick"] = page.evaluate(CLICK, None)
        out["physicsRuns"] = page.evaluate("window.pkPhysicsRuns")
        out["errors"] = errors
        page.close()
        if traced:
            out["cpu"] = traced_cpu(browser, path)
        return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nodes", type=int, nargs="+", default=[5000, 20000])
    ap.add_argument("--runs", type=int, default=3, help="page loads per size (the median is reported)")
    args = ap.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        raise SystemExit("chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    print(f"# {date.today().isoformat()}, {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, viewport 1400x900, headless Chromium, median of {args.runs} loads, "
          f"load average {os.getloadavg()[0]:.1f}")
    verdict = 0
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        for n in args.nodes:
            graph = synthetic(n)
            t0 = time.perf_counter()
            lay_out(graph)
            layout_s = time.perf_counter() - t0
            t0 = time.perf_counter()
            html = render_network_html(graph)
            render_s = time.perf_counter() - t0
            node = next(iter(m for m, d in graph.nodes(data=True) if d["group"] == "proposal"))
            runs = [measure(browser, html, node, traced=i == args.runs - 1) for i in range(args.runs)]
            med = {k: statistics.median(r[k] for r in runs) for k in ("first", "script", "interactive", "pan",
                                                                       "click", "unclick", "labels")}
            spread = {k: (min(r[k] for r in runs) / 1000, max(r[k] for r in runs) / 1000) for k in ("first", "interactive")}
            physics_runs = max(r["physicsRuns"] for r in runs)
            physics_on = any(r["physicsOn"] for r in runs)
            errors = sorted({e for r in runs for e in r["errors"]})
            print(f"{n:6} nodes {graph.number_of_edges():6} edges  layout {layout_s:5.2f} s  render {render_s:5.2f} s  "
                  f"html {len(html.encode()) / 1e6:5.1f} MB  first draw {med['first'] / 1000:5.2f} s "
                  f"[{spread['first'][0]:.2f}–{spread['first'][1]:.2f}] (script {med['script'] / 1000:4.2f} s)  "
                  f"interactive {med['interactive'] / 1000:5.2f} s [{spread['interactive'][0]:.2f}–"
                  f"{spread['interactive'][1]:.2f}]  main-thread CPU to first draw {runs[-1]['cpu'] / 1000:4.2f} s  "
                  f"physics runs {physics_runs} (enabled: {str(physics_on).lower()})  pan frame {med['pan']:4.0f} ms  "
                  f"click {med['click']:4.0f} ms  unclick {med['unclick']:4.0f} ms  labels {med['labels']:.0f}")
            print(f"  (load average {os.getloadavg()[0]:.1f}: on a shared machine the browser times grow with it)")
            if errors:
                print("  page errors:", "; ".join(errors))
            if n == 5000:
                ok = med["first"] / 1000 <= FIRST_DRAW_TARGET_S and physics_runs == 0 and not physics_on and not errors
                print(f"  {'PASS' if ok else 'FAIL'}: 5,000-node target (first draw <= {FIRST_DRAW_TARGET_S} s, "
                      "no physics, no page error)")
                verdict |= 0 if ok else 1
            elif n >= 20000:
                pans = med["pan"] < 1000 and not errors
                print(f"  {'opens and pans, slowly,' if pans else 'opens but does NOT pan usably'} at {n:,} nodes: "
                      f"{med['pan']:.0f} ms per pan redraw in vis-network (about {1000 / med['pan']:.1f} frames/s)")
        browser.close()
    return verdict


if __name__ == "__main__":
    sys.exit(main())
