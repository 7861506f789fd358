"""Tables, plot and verdicts of the scale bench (``bench/scale.py``), from its raw results.

The targets are issue 11's, judged within one run:

- ``paris-kg build`` at the largest size within 3x the floor, its peak memory within 3 GiB,
  and its cost per authored triple flat (at most 1.3x) from 100k to the largest size;
- every named query at the largest size faster than loading the N-Triples dump into
  pyoxigraph, and its cost per result row flat (at most 2x) from the smallest size to the
  largest. An aggregate over the whole graph (``GROUP BY`` after its WHERE group, such as
  ``meetings-per-year``) is judged per authored triple instead; a query with no rows at either
  size only on time.
"""
from __future__ import annotations

import json
from pathlib import Path

BUILD_VS_FLOOR = 3.0
PEAK_BYTES = 3 * 2**30
FLAT_BUILD = 1.3
FLAT_QUERY = 2.0
#: a build stage is drawn when it takes at least this share of the build at the largest size
PLOT_SHARE = 0.05


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms" if seconds < 10 else f"{seconds:,.1f} s"


def _wall_cpu(times: tuple[float, float | None] | None) -> str:
    if times is None:
        return "–"
    wall, cpu = times
    return _ms(wall) if cpu is None else f"{_ms(wall)} ({_ms(cpu)} CPU)"


def build_stages(build: dict) -> dict[str, tuple[float, float | None]]:
    """Stage name -> (wall, CPU seconds) of one build, in the order to show them.

    ``bench/stages.py`` records a list of ``{"name", "wall", "cpu"}`` as the build reports
    them; work done in a thread is reported (name starting with spaces) just before the stage
    that waits for it ends, so it is moved after that stage, to show under it. A name
    reported twice adds up. Results of older runs (``stages`` and ``dumps`` as name ->
    seconds, no CPU time) read as before.
    """
    stages = build.get("stages", {})
    if isinstance(stages, dict):
        old = {**stages, **build.get("dumps", {})}
        return {name: (seconds, None) for name, seconds in old.items()}
    ordered, waiting = [], []
    for entry in stages:
        if entry["name"].startswith(" "):
            waiting.append(entry)
        else:
            ordered += [entry, *waiting]
            waiting = []
    out: dict[str, tuple[float, float | None]] = {}
    for entry in ordered + waiting:
        wall, cpu = out.get(entry["name"], (0.0, 0.0))
        out[entry["name"]] = (wall + entry["wall"], cpu + entry["cpu"])
    return out


def build_peak(build: dict) -> int:
    """The build's peak memory: the sum over its processes where it was sampled (results written
    before the sampler have only the largest process), never less than the largest alone."""
    return max(build["rss"], build.get("tree", 0))


def query_judgement(name: str, small: dict, large: dict) -> tuple[str, float | None, str]:
    """(basis, growth ratio or None, verdict) for one query between two sizes."""
    a, b = small["queries"]["queries"].get(name), large["queries"]["queries"].get(name)
    if not a or not b or not a["rows"] or not b["rows"]:
        return "time only", None, "n/a"
    if b.get("aggregate"):
        basis, per_a, per_b = "per triple", a["seconds"] / small["authored"], b["seconds"] / large["authored"]
    else:
        basis, per_a, per_b = "per row", a["seconds"] / a["rows"], b["seconds"] / b["rows"]
    ratio = per_b / per_a
    return basis, ratio, "PASS" if ratio <= FLAT_QUERY else "FAIL"


def reference_growth(small: dict, large: dict) -> float | None:
    """How the engine's own cost per row grew between two sizes (``stages.REFERENCE_QUERY``), or
    None for results from before it was measured."""
    a, b = small["queries"].get("reference"), large["queries"].get("reference")
    if not a or not b or not a["rows"] or not b["rows"]:
        return None
    return (b["seconds"] / b["rows"]) / (a["seconds"] / a["rows"])


def outputs_least(run: dict) -> float | None:
    """The least wall time any build writing these outputs could take on the cores it had: the
    CPU seconds Oxigraph alone spends on the dumps and on the store, spread evenly over the
    cores, with nothing else to do (no loading, alignment or validation). None if not measured."""
    if "outputs_floor" not in run or "cpu" not in run.get("store_floor", {}):
        return None
    return (run["outputs_floor"]["cpu"] + run["store_floor"]["cpu"]) / run["outputs_floor"]["cores"]


def verdicts(runs: list[dict]) -> tuple[list[str], bool]:
    largest, smallest = runs[-1], runs[0]
    lines, failed = [f"targets (issue 11), largest size {largest['label']}:"], False

    def judge(ok: bool, text: str) -> None:
        nonlocal failed
        failed |= not ok
        lines.append(f"  {'PASS' if ok else 'FAIL'}  {text}")

    ratio = largest["build"]["wall"] / largest["floor"]["wall"]
    judge(ratio <= BUILD_VS_FLOOR, f"build {largest['build']['wall']:.1f} s is {ratio:.1f}x the floor "
                                   f"{largest['floor']['wall']:.1f} s (target <= {BUILD_VS_FLOOR:.0f}x)")
    if "store_floor" in largest:  # for scale, not a target: the store alone, and both floors together
        store = largest["store_floor"]["wall"]
        both = largest["floor"]["wall"] + store
        lines.append(f"  info  the query store alone: {store:.1f} s ({store / largest['floor']['wall']:.1f}x the floor); "
                     f"build {largest['build']['wall'] / both:.1f}x floor + store")
    least = outputs_least(largest)
    if least is not None:  # for scale, not a target: what the outputs need whatever the code
        lines.append(f"  info  the outputs alone, written by Oxigraph: dumps {largest['outputs_floor']['cpu']:.1f} CPU s "
                     f"+ store {largest['store_floor']['cpu']:.1f} CPU s on {largest['outputs_floor']['cores']} cores = "
                     f"at least {least:.1f} s, {least / largest['floor']['wall']:.1f}x the floor "
                     f"(build {largest['build']['wall'] / least:.1f}x that)")
    peak = build_peak(largest["build"])
    judge(peak <= PEAK_BYTES, f"build peak memory {peak / 2**30:.2f} GiB, all its processes together "
                              f"(largest alone {largest['build']['rss'] / 2**30:.2f} GiB; target <= 3 GiB)")
    base = next((r for r in runs if r["target"] >= 100_000), None)
    if base is not None and base is not largest:
        growth = (largest["build"]["wall"] / largest["authored"]) / (base["build"]["wall"] / base["authored"])
        judge(growth <= FLAT_BUILD, f"build cost per triple {base['label']} -> {largest['label']}: "
                                    f"x{growth:.2f} (flat: <= x{FLAT_BUILD})")
    else:
        lines.append("  n/a   build cost per triple: needs a 100k size and a larger one")
    load = largest["dump_load"]["total"]
    slow = {n: q["seconds"] for n, q in largest["queries"]["queries"].items() if q["seconds"] >= load}
    worst = max(largest["queries"]["queries"].items(), key=lambda kv: kv[1]["seconds"])
    judge(not slow, f"every named query faster than loading the dump ({_ms(load)}); slowest {worst[0]} "
                    f"{_ms(worst[1]['seconds'])}" + (f"; slower: {', '.join(sorted(slow))}" if slow else ""))
    if smallest is not largest:
        bad = []
        for name in sorted(largest["queries"]["queries"]):
            basis, growth, verdict = query_judgement(name, smallest, largest)
            if verdict == "FAIL":
                bad.append(f"{name} x{growth:.1f} {basis}")
        judge(not bad, f"query cost per row flat {smallest['label']} -> {largest['label']} (<= x{FLAT_QUERY:.0f})"
                       + (f"; grows: {'; '.join(bad)}" if bad else ""))
        growth = reference_growth(smallest, largest)
        if growth is not None:  # for scale, not a target
            lines.append(f"  info  the engine's own cost per row {smallest['label']} -> {largest['label']}: "
                         f"x{growth:.2f} (every rdfs:label read whole, no join, no sort: "
                         f"{smallest['queries']['reference']['rows']:,} -> {largest['queries']['reference']['rows']:,} rows)")
    return lines, failed


def cost_table(runs: list[dict]) -> list[str]:
    head = "| | " + " | ".join(r["label"] for r in runs) + " |"
    rows = [head, "|---" * (len(runs) + 1) + "|"]

    def row(title: str, cells) -> None:
        rows.append(f"| {title} | " + " | ".join(cells) + " |")

    row("authored triples", (f"{r['authored']:,}" for r in runs))
    row("triples built", (f"{r['built']:,}" for r in runs))
    row("**floor** (bulk-load authored N-Triples, write N-Triples + Turtle)", (_ms(r["floor"]["wall"]) for r in runs))
    row("**paris-kg build** (wall, and CPU in the process)", (_wall_cpu((r["build"]["wall"], r["build"].get("cpu")))
                                                             for r in runs))
    # the build's own stages, as it reports them (work in a thread under the stage that waits for it)
    per_run = [build_stages(r["build"]) for r in runs]
    for name in dict.fromkeys(k for stages in per_run for k in stages):
        indent = "&emsp;&emsp;" if name.startswith(" ") else "&emsp;"
        row(f"{indent}`{name.strip()}`", (_wall_cpu(stages.get(name)) for stages in per_run))
    row("build ÷ floor", (f"{r['build']['wall'] / r['floor']['wall']:.1f}×" for r in runs))
    row("the query store alone (every built quad bulk-loaded on disk, compacted; not a target)",
        (_ms(r["store_floor"]["wall"]) if "store_floor" in r else "–" for r in runs))
    row("the outputs alone by Oxigraph: dumps + store, CPU ÷ cores (the least any build of them takes; not a target)",
        ((f"{_ms(least)} ({least / r['floor']['wall']:.1f}× floor)" if (least := outputs_least(r)) is not None else "–")
         for r in runs))
    row("build µs per authored triple", (f"{r['build']['wall'] / r['authored'] * 1e6:.0f}" for r in runs))
    row("build peak memory, all processes (largest alone)",
        (f"{build_peak(r['build']) / 2**20:,.0f} MiB ({r['build']['rss'] / 2**20:,.0f} MiB)" for r in runs))
    for key, title in (("report", "paris-kg report"), ("export", "paris-kg export -f graphml"), ("graph", "paris-kg graph (page)")):
        row(title, ((_ms(r[key]["wall"]) if "wall" in r[key] else "failed") for r in runs))
    row("load the N-Triples dump into pyoxigraph", (_ms(r["dump_load"]["total"]) for r in runs))
    row("all named queries (sum)", (_ms(sum(q["seconds"] for q in r["queries"]["queries"].values())) for r in runs))
    return rows


def query_table(runs: list[dict]) -> list[str]:
    first, last = runs[0], runs[-1]
    head = ("| query | " + " | ".join(f"rows {r['label']}" for r in runs) + " | "
            + " | ".join(f"time {r['label']}" for r in runs) + f" | flat {first['label']}→{last['label']} |")
    rows = [head, "|---" * (2 * len(runs) + 2) + "|"]
    for name in sorted(last["queries"]["queries"]):
        cells = [f"{r['queries']['queries'][name]['rows']:,}" for r in runs]
        cells += [_ms(r["queries"]["queries"][name]["seconds"]) for r in runs]
        basis, growth, verdict = query_judgement(name, first, last)
        cells.append(f"{verdict} (×{growth:.2f} {basis})" if growth is not None else "n/a (no rows)")
        rows.append(f"| `{name}` | " + " | ".join(cells) + " |")
    return rows


def plot(runs: list[dict], target: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    matplotlib.rcParams["svg.hashsalt"] = "paris-kg-scale"
    x = [r["authored"] for r in runs]
    series = {"floor": [r["floor"]["wall"] for r in runs], "paris-kg build": [r["build"]["wall"] for r in runs]}
    per_run = [build_stages(r["build"]) for r in runs]
    for name in dict.fromkeys(k for stages in per_run for k in stages if not k.startswith(" ")):
        # only the stages that matter at the largest size, so the legend stays readable
        if per_run[-1].get(name, (0.0, None))[0] >= PLOT_SHARE * runs[-1]["build"]["wall"]:
            series[f"stage {name}"] = [stages.get(name, (float("nan"), None))[0] for stages in per_run]
    for key in ("report", "export", "graph"):
        series[f"paris-kg {key}"] = [r[key].get("wall", float("nan")) for r in runs]
    series["load dump (pyoxigraph)"] = [r["dump_load"]["total"] for r in runs]
    series["slowest named query"] = [max(q["seconds"] for q in r["queries"]["queries"].values()) for r in runs]
    fig, ax = plt.subplots(figsize=(9, 6))
    for name, ys in series.items():
        bold = name in ("floor", "paris-kg build")
        ax.plot(x, ys, marker="o", linewidth=2.5 if bold else 1.2, label=name)
    ax.plot(x, [3 * v for v in series["floor"]], linestyle="--", color="grey", label="target: 3 × floor")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("authored triples")
    ax.set_ylabel("seconds (wall, fresh process)")
    ax.set_title("paris-kg: cost against size (synthetic corpora)")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=7, loc="upper left")
    fig.tight_layout()
    fig.savefig(target, format="svg", metadata={"Date": None})
    plt.close(fig)


def write_results(runs: list[dict], machine: str, directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    lines, _ = verdicts(runs)
    md = ["# Scale bench", "", f"Machine: {machine}. Every figure is the wall time of a fresh process "
          "(queries: the best of several runs in each of several processes with the store open). "
          "Written by `bench/scale.py`.", "", "## Cost by size", ""]
    md += cost_table(runs) + ["", "## Named queries", ""] + query_table(runs)
    md += ["", "## Targets", "", "```", *lines, "```", "", "![cost against size](scale.svg)", ""]
    (directory / "scale.md").write_text("\n".join(md), encoding="utf-8")
    (directory / "scale.json").write_text(json.dumps({"machine": machine, "runs": runs}, indent=1, sort_keys=True) + "\n",
                                          encoding="utf-8")
    plot(runs, directory / "scale.svg")
