"""Draw the report's charts as SVG with matplotlib, from the data in :mod:`charts`.

Why this shape: matplotlib is imported inside :func:`_pyplot` only (it is slow to import and
no other command needs it) and runs on the Agg backend (no display). Output is reproducible:
text is drawn as glyph outlines from matplotlib's bundled font
(``svg.fonttype='path'``, so it looks the same in every browser and never overflows its place), ids are salted with the chart's name (so three
charts can share one page without id clashes), and the metadata carries no date, so the same
graph always gives byte-identical SVG. Every marker and bar carries an SVG ``<title>`` (a
tooltip with name and date, then on a line of its own each fact the mark shows beside its
sources, :func:`charts.sources_text`), added after drawing through the element's ``gid``. The answers ladder draws at most
:data:`MAX_LADDER` proposals, one row each, so a graph of thousands stays a chart one can read
(and cheap to draw); the data table beneath it keeps every row.
"""
from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from datetime import timedelta

from .charts import sources_text
from .stance_summary import summarise_stances

SVG_NS, XLINK_NS = "http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"
#: one colour per obligation (stance) and per answer; grey means nothing is known
STANCE_COLOURS = {"required": "#c0392b", "offered": "#2e86c1", "left-to-parties": "#e67e22",
                  "not-required": "#27ae60", "rejected": "#6c3483", "not-stated": "#e5e7e9"}
ANSWER_COLOURS = {"accepted": "#27ae60", "rejected": "#c0392b", "countered": "#e67e22",
                  "delayed": "#6c3483", "disclosed": "#2e86c1"}
#: proposals the answers chart draws at most (the article has 21): each is a row of the figure, so
#: thousands of them make a chart no one can read and cost most of ``paris-kg report`` at scale
#: (about 40 ms a row in matplotlib). The data beneath the chart still lists every proposal.
MAX_LADDER = 100
#: phases the meetings chart shades at most (the article has 2), and marks (stance stretches and
#: markers) the stances chart draws one by one at most (the article has 76). Same reason as
#: MAX_LADDER.
MAX_PHASES = 20
MAX_STANCE_MARKS = 400
#: past MAX_STANCE_MARKS the stances chart still shows the whole period, summarised: cut into
#: this many equal spans, each row shows in each span the stance held there the longest, and one
#: marker per span where the row has proposals (or answers). At the chart's width a span is
#: about two pixels, narrower than a marker, so the picture loses little; the cost and the size
#: of the SVG no longer grow with the graph (at most a band and two markers a span on each row).
SUMMARY_SPANS = 300
KIND_COLOURS = {"PlenarySession": "#2e86c1", "PreparatorySession": "#85c1e9", "PrivateMeeting": "#c0392b",
                "Meeting": "#7f8c8d"}


def _pyplot(name: str):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update({"svg.fonttype": "path", "svg.hashsalt": f"paris-kg-{name}", "font.size": 9,
                         "font.family": "DejaVu Sans", "axes.titlesize": 12, "axes.titleweight": "bold"})
    if "svg.id" in plt.rcParams:
        plt.rcParams["svg.id"] = f"chart-{name}-svg"
    return plt


def _finish(plt, fig, name: str, tips: dict[str, str]) -> str:
    """Save ``fig`` as SVG text with a ``<title>`` in every element named in ``tips``."""
    buf = io.BytesIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    plt.close(fig)
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", XLINK_NS)
    root = ET.fromstring(buf.getvalue())
    _prefix_ids(root, f"{name}-")
    for el in root.iter():
        tip = tips.get(el.get("id", ""))
        if tip:
            title = ET.Element(f"{{{SVG_NS}}}title")
            title.text = tip
            el.insert(0, title)
    root.set("role", "img")
    root.set("aria-labelledby", f"chart-{name}-finding")
    return ET.tostring(root, encoding="unicode") + "\n"


def _prefix_ids(root, prefix: str) -> None:
    """Give every id (and every reference to one) the chart's prefix: unique within one page."""
    ids = {el.get("id") for el in root.iter() if el.get("id")} - {root.get("id")}
    rename = {old: old if old.startswith(prefix) else prefix + old for old in ids}
    href = f"{{{XLINK_NS}}}href"
    for el in root.iter():
        if el.get("id") in rename:
            el.set("id", rename[el.get("id")])
        if (el.get(href) or "").startswith("#"):
            el.set(href, "#" + rename.get(el.get(href)[1:], el.get(href)[1:]))
        for attr in ("clip-path", "style"):
            value = el.get(attr) or ""
            if "url(#" in value:
                head, _, rest = value.partition("url(#")
                ref, _, tail = rest.partition(")")
                el.set(attr, f"{head}url(#{rename.get(ref, ref)}){tail}")


def _num(d):
    from matplotlib.dates import date2num

    return date2num(d)


def draw_stances(chart) -> str:
    data, plt = chart.data, _pyplot(chart.name)
    from matplotlib.dates import YearLocator, MonthLocator, DateFormatter
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    sides = sorted({r[0] for r in data["rows"]})
    gap = 1.4
    ypos = {row: qi * (len(sides) + gap) + sides.index(row[0]) for qi, (q, _) in enumerate(data["questions"].items())
            for row in data["rows"] if row[1] == q}
    end = data["end"] + timedelta(days=75)
    segments, markers = data["segments"], data["markers"]
    summarised = len(segments) + len(markers) > MAX_STANCE_MARKS
    if summarised:
        segments, markers = summarise_stances(data, end, SUMMARY_SPANS, list(STANCE_COLOURS))
    fig, ax = plt.subplots(figsize=(11, 6.2))
    tips, n = {}, 0
    for seg in segments:
        x0, x1 = _num(seg["start"]), _num(seg["end"] or end)
        ax.broken_barh([(x0, x1 - x0)], (ypos[seg["row"]] - 0.36, 0.72), facecolors=STANCE_COLOURS[seg["obligation"]],
                       edgecolor="white", linewidth=0.6, gid=f"{chart.name}-seg-{n}")
        tips[f"{chart.name}-seg-{n}"] = seg.get("tip") or "\n".join(
            [f"{seg['row'][0]}, {data['questions'][seg['row'][1]]}: {seg['label']} from {seg['since']}"]
            + [f"{basis} — {sources_text(cited)}" for basis, cited in seg["sources"]])
        n += 1
    for m in markers:
        y = ypos[m["row"]] + (-0.12 if m["kind"] == "proposal" else 0.14)
        style = dict(marker="o", markersize=6, markerfacecolor="white", markeredgecolor="black") if m["kind"] == "proposal" \
            else dict(marker="D", markersize=4.5, markerfacecolor="black", markeredgecolor="white")
        days = m.get("days") or [m["day"]]  # a summary draws a row's markers of one kind at once
        ax.plot([_num(d) for d in days], [y] * len(days), linestyle="none", markeredgewidth=0.9,
                gid=f"{chart.name}-m-{n}", **style)
        tips[f"{chart.name}-m-{n}"] = m.get("tip") or \
            f"{m['label']} — {m['date']} — {m['kind']}: {m['detail']}\n{sources_text(m['sources'])}"
        n += 1
    for qi, (q, wording) in enumerate(data["questions"].items()):
        ax.text(_num(data["start"]) - 20, qi * (len(sides) + gap) - 0.78, wording, fontsize=9.5, fontweight="bold", va="center")
    # where the American demand on northern troops turned (not in a summary: a guide for a
    # handful of turns, which thousands of them would bury)
    us_nv = [] if summarised else [s for s in segments if s["row"] == ("US", "nv-forces")]
    turns = [seg for prev, seg in zip(us_nv, us_nv[1:]) if prev["obligation"] != seg["obligation"]]
    for k, seg in enumerate(turns):
        x = _num(seg["start"])
        ax.axvline(x, color="#555", linewidth=0.7, linestyle=":", zorder=0)
        ax.annotate(f"US: {seg['label']}, {seg['since']}", (x, ypos[seg["row"]] + 0.36), xytext=(-3, -3 - 9 * (k % 2)),
                    textcoords="offset points", fontsize=7, color="#222", ha="right", va="top")
    ax.set_yticks(list(ypos.values()), [r[0] for r in ypos])
    ax.set_ylim(max(ypos.values()) + 0.8, -1.3)
    ax.set_xlim(_num(data["start"]) - 25, _num(end))
    ax.xaxis.set_major_locator(YearLocator())
    ax.xaxis.set_major_formatter(DateFormatter("%Y"))
    ax.xaxis.set_minor_locator(MonthLocator(bymonth=[4, 7, 10]))
    ax.set_xlabel("Date (a stance lasts from the day it was taken until the next; year- or month-only dates sit at the period's first day)")
    ax.set_ylabel("Side (rows grouped by question)")
    if summarised:  # said in the title, and in its tooltip for readers of the SVG text
        note = (f"{chart.title}\nsummarised: {len(data['segments']):,} stretches and {len(data['markers']):,} "
                f"markers in {SUMMARY_SPANS} equal spans")
        ax.set_title(note, gid=f"{chart.name}-title")
        tips[f"{chart.name}-title"] = (f"{note}: in each span of about {_span_days(data, end):g} days a row shows the "
                                       "stance held there the longest, and one marker where it has proposals or "
                                       "answers; the data beneath the chart lists each")
    else:
        ax.set_title(chart.title)
    for spine in ("top", "right"):
        ax.spines[spine].set_visible(False)
    handles = [Patch(facecolor=STANCE_COLOURS[k], label=data["labels"][k]) for k in STANCE_COLOURS]
    handles += [Line2D([], [], linestyle="none", marker="o", markerfacecolor="white", markeredgecolor="black", label="proposal"),
                Line2D([], [], linestyle="none", marker="D", markersize=4.5, markerfacecolor="black", label="answer")]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=4, frameon=False, fontsize=8.5)
    fig.tight_layout()
    return _finish(plt, fig, chart.name, tips)


def _span_days(data, end) -> float:
    return round((end - data["start"]).days / SUMMARY_SPANS, 1)


def _year_fraction(d) -> float:
    start = d.replace(month=1, day=1)
    return d.year + (d - start).days / (start.replace(year=d.year + 1) - start).days


def draw_meetings(chart) -> str:
    data, plt = chart.data, _pyplot(chart.name)
    years, tips = data["years"], {}
    fig, ax = plt.subplots(figsize=(9, 4.6))
    bottom = [0] * len(years)
    for kind in data["kinds"]:
        counts = data["counts"][kind]
        bars = ax.bar([y + 0.5 for y in years], counts, width=0.55, bottom=bottom, color=KIND_COLOURS.get(kind, "#999"),
                      label=data["labels"][kind], edgecolor="white", linewidth=0.6)
        for y, c, bar in zip(years, counts, bars):
            if c:
                bar.set_gid(f"{chart.name}-{kind}-{y}")
                tips[f"{chart.name}-{kind}-{y}"] = f"{y}: {c} {data['labels'][kind]}(s) — query meetings-per-year"
        bottom = [b + c for b, c in zip(bottom, counts)]
    top = max(bottom) + 1.6
    for y, total in zip(years, bottom):
        ax.text(y + 0.5, total + 0.08, str(total), ha="center", va="bottom", fontsize=9, fontweight="bold")
    phases = data["phases"][:MAX_PHASES]
    for i, ph in enumerate(phases):
        x0, x1 = _year_fraction(ph["start"]), _year_fraction(ph["end"])
        ax.axvspan(x0, x1, ymin=0, ymax=1, color=("#f4ecf7", "#fef9e7")[i % 2], zorder=0,
                   gid=f"{chart.name}-phase-{i}")
        tips[f"{chart.name}-phase-{i}"] = f"{ph['phase']}, {ph['when']}\n{sources_text(ph['cited'])}"
        ax.text(x0 + 0.03, top - 0.15 - 0.45 * (i % 2), ph["phase"], ha="left", va="top", fontsize=8, color="#444")
    ax.set_xlim(years[0] - 0.05, years[-1] + 1.2)
    ax.set_ylim(0, top)
    ax.set_xticks([y + 0.5 for y in years], [str(y) for y in years])
    ax.set_yticks(range(0, int(top) + 1))
    more = len(data["phases"]) - len(phases)
    ax.set_xlabel("Year (shaded: the phases of the conference)" if not more else
                  f"Year (shaded: the first {len(phases)} of {len(data['phases'])} phases; the data beneath lists all)")
    ax.set_ylabel("Meetings dated in the graph")
    ax.set_title(chart.title)
    for spine in ("top", "right"):
        ax.spines[spine].set_visible(False)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=4, frameon=False, fontsize=8.5)
    fig.tight_layout()
    return _finish(plt, fig, chart.name, tips)


def draw_answers(chart) -> str:
    data, plt = chart.data, _pyplot(chart.name)
    from matplotlib.dates import YearLocator, DateFormatter
    from matplotlib.lines import Line2D

    ladder, tips = data["ladder"][:MAX_LADDER], {}
    fig, ax = plt.subplots(figsize=(11, 1.6 + 0.3 * len(ladder)))
    last = max([p["day"] for p in ladder] + [a["day"] for p in ladder for a in p["answers"]])
    for i, p in enumerate(ladder):
        x = _num(p["day"])
        ax.axhline(i, color="#eee", linewidth=0.6, zorder=0)
        ax.plot([x], [i], linestyle="none", marker="o", markersize=9, markerfacecolor="white", markeredgecolor="black",
                gid=f"{chart.name}-p-{i}")
        tips[f"{chart.name}-p-{i}"] = f"{p['label']} — {p['date']} — proposed by {p['sides']}\n{sources_text(p['cited'])}"
        if not p["answers"]:
            ax.text(x + 25, i, "no answer recorded", va="center", fontsize=7, color="#888")
        for j, a in enumerate(p["answers"]):
            ax.plot([x, _num(a["day"])], [i, i], color="#555", linewidth=0.8, zorder=1)
            ax.plot([_num(a["day"])], [i], linestyle="none", marker="D", markersize=5.5, zorder=3,
                    markerfacecolor=ANSWER_COLOURS.get(a["type"], "#999"), markeredgecolor="black", markeredgewidth=0.5,
                    gid=f"{chart.name}-a-{i}-{j}")
            tips[f"{chart.name}-a-{i}-{j}"] = (f"{a['label']} — {a['date']} — {a['typeLabel']} by {a['sides']}\n"
                                               f"{sources_text(a['cited'])}")
        if p["answers"]:
            said = ", then ".join(f"{a['typeLabel']} by {a['sides']}" for a in p["answers"])
            ax.text(max(_num(a["day"]) for a in p["answers"]) + 25, i, said, va="center", fontsize=7, color="#222",
                    clip_on=False)
    short = [(f"{p['sides']}: {p['label']}") for p in ladder]
    ax.set_yticks(range(len(ladder)), [s if len(s) <= 64 else s[:62] + "…" for s in short], fontsize=7.5)
    ax.set_ylim(len(ladder) - 0.4, -0.6)
    ax.set_xlim(_num(min(p["day"] for p in ladder)) - 40, _num(last + timedelta(days=120)))
    ax.xaxis.set_major_locator(YearLocator())
    ax.xaxis.set_major_formatter(DateFormatter("%Y"))
    ax.set_xlabel("Date of the proposal (circle) and of each answer (diamond); month-only dates sit at the first of the month")
    fig.text(0.004, 0.55, "Proposals in date order (proposing side: name)", rotation=90, va="center", fontsize=9)
    more = len(data["ladder"]) - len(ladder)
    if more:  # said in the title, and in its tooltip for readers of the SVG text
        note = f"{chart.title} (the first {len(ladder)} of {len(data['ladder'])} proposals)"
        ax.set_title(note, gid=f"{chart.name}-title")
        tips[f"{chart.name}-title"] = f"{note}; the data beneath the chart lists all {len(data['ladder'])}"
    else:
        ax.set_title(chart.title)
    for spine in ("top", "right"):
        ax.spines[spine].set_visible(False)
    handles = [Line2D([], [], linestyle="none", marker="o", markerfacecolor="white", markeredgecolor="black", label="proposal")]
    handles += [Line2D([], [], linestyle="none", marker="D", markerfacecolor=ANSWER_COLOURS[t], markeredgecolor="black",
                       label=data["types"][t]) for t in ANSWER_COLOURS if t in data["types"]]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.09), ncol=6, frameon=False, fontsize=8.5)
    fig.tight_layout(rect=(0.02, 0, 1, 1))
    return _finish(plt, fig, chart.name, tips)


DRAW = {"stances": draw_stances, "meetings": draw_meetings, "answers": draw_answers}
