"""``paris-kg report``: the article's three research questions answered from the graph.

The report is made of the named queries whose header has ``# report: Q.N`` (research
question Q, position N), run against the built store. Each row cites per statement: its
``sources`` cell gives, for each fact the row shows (the query's ``# cites:`` lines, read by
:mod:`row_sources`), the citations of that fact's own statement, not every citation of the
resource (``paris-kg query`` keeps the resource's whole list in that column). Three charts come first
under their question (data from :mod:`charts` and :mod:`chart_stances`, drawn by
:mod:`chart_svg`): inline SVG in the HTML page, and SVG files in ``charts/`` beside
``report.md``, which links them. It is written twice, as Markdown and as one self-contained
HTML page (inline CSS and SVG, nothing fetched), each to a temporary file renamed into place.
"""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from ..atomic import write_text_atomic
from ..errors import InputError
from ..evidence import PREFETCH_ROWS  # a table with more rows reads its cited properties whole
from ..query.catalogue import named_queries
from ..query.formatting import as_markdown, plain
from ..paths import Layout
from ..query.engine import run_local

RESEARCH_QUESTIONS = {
    "1": "How did the meetings between Vietnam and the United States unfold at the Paris Conference?",
    "2": "What was each side's position on withdrawing troops, and how did it change?",
    "3": "Why did the two sides hold opposing views on withdrawal?",
}



class Section:
    """One table of the report: the query's title, question, columns and rows; ``sources`` has,
    per row, the ``[(fact names, citation texts)]`` of :func:`row_sources.row_sources`."""

    __slots__ = ("key", "name", "title", "question", "columns", "rows", "sources", "cells")

    def __init__(self, key, name, title, question, columns, rows, sources):
        self.key, self.name, self.title, self.question = key, name, title, question
        self.columns, self.rows, self.sources = columns, rows, sources


def _section(layout: Layout, key: str, qf, evidence) -> Section:
    """Run one report query with the variables its ``# cites:`` lines read, cite each row, and
    keep the columns the query shows (its ``sources`` column now cited per statement)."""
    from ..query.engine import project_also
    from .row_sources import as_text, parse_cites, row_sources, variables

    facts = parse_cites(qf)
    if not facts:
        raise InputError(f"{qf.path}: a report query needs # cites: lines naming the facts its rows show")
    run, hidden = project_also(qf, variables(facts))
    result = run_local(layout, run)
    if len(result.rows) > PREFETCH_ROWS:  # then one scan per cited property beats a lookup per row
        evidence.prefetch(prop for fact in facts for prop, _, _ in fact.props)
    shown = [i for i, c in enumerate(result.columns) if c not in hidden]
    columns, rows, sources = [result.columns[i] for i in shown], [], []
    for row in result.rows:
        groups = row_sources(evidence, facts, dict(zip(result.columns, row)))
        cells = [ox.Literal(as_text(groups)) if result.columns[i] == "sources" else row[i] for i in shown]
        rows.append(cells)
        sources.append(groups)
    return Section(key, qf.name, qf.first("title"), qf.first("question"), columns, rows, sources)


def evidence_of(layout: Layout):
    """The citations of the built store (:class:`paris_kg.evidence.Evidence`). One is shared by
    every table and chart of a report, so its statement index is built once."""
    from ..evidence import Evidence
    from ..store import open_built_store

    return Evidence(open_built_store(layout))


def collect(layout: Layout, evidence=None) -> dict[str, list[Section]]:
    """Run every report query; sections grouped by research question, in report order."""

    chosen = []
    for qf in named_queries(layout):
        key = qf.first("report")
        if key:
            rq, _, pos = key.partition(".")
            chosen.append(((rq, int(pos or 0)), qf))
    evidence = evidence or evidence_of(layout)
    out: dict[str, list[Section]] = {rq: [] for rq in RESEARCH_QUESTIONS}
    for (rq, pos), qf in sorted(chosen, key=lambda item: item[0]):
        out.setdefault(rq, []).append(_section(layout, f"{rq}.{pos}", qf, evidence))
    return out


def collect_charts(layout: Layout, evidence=None) -> list:
    """The report's charts, data read from the graph and drawn as SVG (matplotlib loads only here)."""
    from .chart_stances import stances_chart
    from .chart_svg import DRAW
    from .charts import Citer, answers_chart, meetings_chart

    cite = Citer(layout, evidence or evidence_of(layout))  # one citer: the two charts share their proposals
    charts = [meetings_chart(layout, cite.evidence), stances_chart(layout, cite), answers_chart(layout, cite)]
    for chart in charts:
        chart.svg = DRAW[chart.name](chart)
    return charts


def to_markdown(sections: dict[str, list[Section]], charts: list = ()) -> str:
    lines = ["# The Paris negotiations and the withdrawal of troops: answers from paris-kg", "",
             "Each table comes from a named query (`paris-kg query NAME`). The *sources* column cites each",
             "fact of the row by its own statement: the article's section and, where it gives one, the cited",
             "work and page; facts resting on the same citations are named together (`date, proposer: ...`).", ""]
    for rq, question in RESEARCH_QUESTIONS.items():
        lines += [f"## Research question {rq}: {question}", ""]
        for chart in charts:
            if chart.rq == rq:
                lines += [f"### {chart.title}", "", f"![{chart.title}](charts/{chart.name}.svg)", "",
                          chart.finding, ""]
        for sec in sections.get(rq, []):
            lines += [f"### {sec.key} {sec.title}", "", f"*{sec.question}* (query `{sec.name}`, {len(sec.rows)} rows)", ""]
            lines.append(as_markdown(sec.columns, sec.rows))
    return "\n".join(lines)


def to_html(sections: dict[str, list[Section]], charts: list = ()) -> str:
    """One self-contained page (``templates/report.html``); cells as plain text, escaped by Jinja."""
    from ..rendering import render

    for secs in sections.values():
        for sec in secs:
            sec.cells = [[(col, plain(term, short=True)) for col, term in zip(sec.columns, row)] for row in sec.rows]
    return render("report.html", questions=RESEARCH_QUESTIONS, sections=sections, charts=list(charts))


def write_report(layout: Layout) -> tuple[Path, Path]:
    evidence = evidence_of(layout)
    sections, charts = collect(layout, evidence), collect_charts(layout, evidence)
    md_path, html_path = layout.dist / "report.md", layout.dist / "report.html"
    markdown, page = to_markdown(sections, charts), to_html(sections, charts)  # all built before any is written
    for chart in charts:
        write_text_atomic(layout.dist / "charts" / f"{chart.name}.svg", chart.svg)
    write_text_atomic(md_path, markdown)
    write_text_atomic(html_path, page)
    return md_path, html_path
