"""The data behind the report's charts, read from the built graph with SPARQL.

Why a module of its own: the charts must show what the graph says and nothing else, and the
tests read these numbers rather than pixels. So every value here comes from a query (a named
one from ``queries/`` where one exists, else a query in this module); only presentation
choices live in Python: which rows a chart has, their wording, and how dates of year or month
precision are placed on a day axis (at the first day of the period, never before the first
exactly dated fact). Drawing is :mod:`chart_svg`'s job; stance rows are :mod:`chart_stances`'.

Every mark cites the statements it shows, not every citation of its resource: a proposal's
point its date and proposer, an answer its date, the proposal it answers, its kind and who gave
it, a phase its start and end. The facts are named in the report's ``# cites:`` notation and
cited by :mod:`row_sources` through :mod:`paris_kg.evidence` (:class:`Citer`), so a chart row
gives the same sources as the report row for the same facts.
"""
from __future__ import annotations

import calendar
from datetime import date
from functools import lru_cache

import pyoxigraph as ox

from ..errors import InputError
from ..evidence import Evidence
from ..paths import Layout
from ..query.catalogue import resolve
from ..query.engine import project_also, run_local
from ..sparql_files import QueryFile
from ..store import open_built_store
from .row_sources import GROUP_SEPARATOR, parse_cites, row_sources, variables

PREFIXES = """PREFIX pk:   <https://w3id.org/paris-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX force: <https://w3id.org/paris-kg/vocab/force/>
PREFIX obl:  <https://w3id.org/paris-kg/vocab/obligation/>
PREFIX stance: <https://w3id.org/paris-kg/vocab/stance/>
PREFIX issue: <https://w3id.org/paris-kg/vocab/issue/>
"""
#: the facts a mark shows, as ``# cites:`` lines (``NAME VAR PROPERTY...``, see :mod:`row_sources`)
PROPOSAL_FACTS = ("date item pk:date", "proposer item pk:proposedBy")
ANSWER_FACTS = ("date item pk:date", "proposal item pk:answers", "respondent item pk:respondent",
                "response item pk:responseType")
#: the facts of ``conference-phases`` (its own ``# cites:`` lines) that the meetings chart shows
PHASE_FACTS = ("start", "end")

#: what a mark rests on: ``((fact names, (citation texts...)), ...)``, hashable and ordered
Cited = tuple[tuple[str, tuple[str, ...]], ...]


@lru_cache(maxsize=None)
def _facts(lines: tuple[str, ...]) -> list:
    return parse_cites(QueryFile("chart", __name__, "", {"cites": list(lines)}))


def _cited(evidence: Evidence, facts: list, row: dict) -> Cited:
    return tuple((names, tuple(texts)) for names, texts in row_sources(evidence, facts, row))


class Citer:
    """Cites chart marks statement by statement, through :mod:`paris_kg.evidence` (one store,
    its statement index built once for all the marks of a chart)."""

    def __init__(self, layout: Layout, evidence: Evidence | None = None):
        self.evidence = evidence or Evidence(open_built_store(layout))
        self.memo: dict = {}  # what two charts both read (proposals_and_answers), read once

    def __call__(self, lines: tuple[str, ...], **subjects: str | None) -> Cited:
        """What the facts ``lines`` rest on, their variables bound to the IRIs ``subjects``."""
        row = {var: ox.NamedNode(iri) for var, iri in subjects.items() if iri}
        return _cited(self.evidence, _facts(tuple(lines)), row)


def sources_text(cited: Cited) -> str:
    """Sources in one line with every group named by its facts (``date, proposer: A; B ·
    points: A``): a tooltip never lets a citation seem to cover a fact it does not support."""
    return GROUP_SEPARATOR.join(f"{names}: {'; '.join(texts)}" for names, texts in cited)


class Chart:
    """One chart of the report: what it shows, its data, its table and (once drawn) its SVG."""

    __slots__ = ("name", "title", "rq", "finding", "columns", "table", "data", "svg")

    def __init__(self, name, title, rq, finding, columns, table, data):
        self.name, self.title, self.rq, self.finding = name, title, rq, finding
        self.columns, self.table, self.data, self.svg = columns, table, data, ""


def select(layout: Layout, name: str, text: str) -> list[dict[str, str]]:
    """Run a module query; rows as dicts of plain strings ('' where unbound)."""
    result = run_local(layout, QueryFile(name, f"{__name__}:{name}", PREFIXES + text))
    return [{c: ("" if t is None else t.value) for c, t in zip(result.columns, row)} for row in result.rows]


def named(layout: Layout, name: str, cite: tuple[str, ...] = (), evidence: Evidence | None = None) -> list[dict]:
    """Run a named query from ``queries/``; rows as dicts of plain strings. With ``cite``, the
    facts of those names among the query's ``# cites:`` lines are cited in each row's ``cited``
    (through ``evidence`` when given: one statement index for the whole report)."""
    qf = resolve(layout, name)
    facts = [f for f in parse_cites(qf) if f.name in cite]
    missing = sorted(set(cite) - {f.name for f in facts})
    if missing:
        raise InputError(f"{qf.path}: no # cites: line names {', '.join(missing)}, which a chart cites")
    run, hidden = project_also(qf, variables(facts)) if facts else (qf, [])
    result = run_local(layout, run)
    if facts:
        evidence = evidence or Evidence(open_built_store(layout))
    rows = []
    for terms in result.rows:
        row = {c: ("" if t is None else t.value) for c, t in zip(result.columns, terms) if c not in hidden}
        if facts:
            row["cited"] = _cited(evidence, facts, dict(zip(result.columns, terms)))
        rows.append(row)
    return rows


def first_day(text: str) -> date:
    """The first day of an xsd:date, gYearMonth or gYear value ('1970-10-07', '1972-10', '1971')."""
    parts = [int(p) for p in text[:10].split("-")]
    return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def last_day(text: str) -> date:
    """The last day of the period a date value names ('1972' ends on 31 December 1972)."""
    parts = [int(p) for p in text[:10].split("-")]
    if len(parts) == 3:
        return date(*parts)
    month = parts[1] if len(parts) == 2 else 12
    return date(parts[0], month, calendar.monthrange(parts[0], month)[1])


def day_text(d: date) -> str:
    return f"{d.day} {calendar.month_abbr[d.month]} {d.year}"


def as_given(text: str) -> str:
    """A date value for people, at the precision the graph gives: '7 Oct 1970', 'Oct 1972', '1971'."""
    parts = text[:10].split("-")
    if len(parts) == 3:
        return day_text(first_day(text))
    return f"{calendar.month_abbr[int(parts[1])]} {parts[0]}" if len(parts) == 2 else parts[0]


# ---------------------------------------------------------------- meetings per year (RQ1)

KIND_LABELS = """SELECT ?type ?label WHERE {
  ?class rdfs:subClassOf* pk:Meeting ; rdfs:label ?label . FILTER(langMatches(lang(?label), "en"))
  BIND(STRAFTER(STR(?class), "#") AS ?type) }"""


def meetings_chart(layout: Layout, evidence: Evidence | None = None) -> Chart:
    """Meetings per year, stacked by kind (named query ``meetings-per-year``), with the phases."""
    rows = named(layout, "meetings-per-year")
    labels = {r["type"]: r["label"] for r in select(layout, "meeting-kinds", KIND_LABELS)}
    if "Meeting" in labels:
        labels["Meeting"] += " (no finer kind given)"
    years = sorted({int(r["year"]) for r in rows})
    kinds = sorted({r["type"] for r in rows}, key=lambda k: (k == "Meeting", labels.get(k, k)))
    counts = {(int(r["year"]), r["type"]): int(r["meetings"]) for r in rows}
    phases = [{"phase": p["phase"], "start": first_day(p["start"]), "end": last_day(p["end"]),
               "when": f'{p["start"]} to {p["end"]}', "cited": p["cited"]}
              for p in named(layout, "conference-phases", cite=PHASE_FACTS, evidence=evidence)]
    totals = {y: sum(counts.get((y, k), 0) for k in kinds) for y in years}
    data = {"years": years, "kinds": kinds, "labels": {k: labels.get(k, k) for k in kinds},
            "counts": {k: [counts.get((y, k), 0) for y in years] for k in kinds}, "totals": totals, "phases": phases}
    busiest = max(years, key=lambda y: (totals[y], -y))
    private = sum(data["counts"].get("PrivateMeeting", []))
    finding = (f"The graph dates {sum(totals.values())} meetings between {years[0]} and {years[-1]}, "
               f"at most {totals[busiest]} in one year ({busiest}); {private} of them were private meetings, the one "
               f"kind found in {sum(1 for y in years if counts.get((y, 'PrivateMeeting')))} of the {len(years)} years. "
               "These are only the meetings the article dates, not the full count of sessions it cites as totals. "
               "The graph has no separate class for four-party sessions: the plenary and preparatory sessions "
               f"fall in the shaded phase '{phases[-1]['phase'] if phases else ''}'.")
    table = [[str(y)] + [str(counts.get((y, k), 0)) for k in kinds] + [str(totals[y])] for y in years]
    table += [[p["phase"], p["when"]] + [""] * (len(kinds) - 1) + [[("", p["cited"])]] for p in phases]
    return Chart("meetings", "Meetings per year, by kind", "1", finding,
                 ["year or phase"] + [data["labels"][k] for k in kinds] + ["total / sources"], table, data)


# ---------------------------------------------------------------- who answered whom (RQ2)

PROPOSALS = """SELECT ?item ?label ?date ?sides WHERE {
  ?item a pk:Proposal ; rdfs:label ?label ; pk:date ?date .
  { SELECT ?item (GROUP_CONCAT(DISTINCT ?n; separator=" + ") AS ?sides) WHERE {
      SELECT ?item ?n WHERE { ?item pk:proposedBy/pk:side/skos:notation ?n } ORDER BY ?n } GROUP BY ?item }
} ORDER BY STR(?date) ?item"""

RESPONSES = """SELECT ?item ?proposal ?label ?date ?type ?typeLabel ?sides WHERE {
  ?item a pk:Response ; rdfs:label ?label ; pk:date ?date ; pk:answers ?proposal ; pk:responseType ?t .
  ?t skos:prefLabel ?typeLabel . BIND(STRAFTER(STR(?t), "/vocab/response/") AS ?type)
  { SELECT ?item (GROUP_CONCAT(DISTINCT ?n; separator=" + ") AS ?sides) WHERE {
      SELECT ?item ?n WHERE { ?item pk:respondent/pk:side/skos:notation ?n } ORDER BY ?n } GROUP BY ?item }
} ORDER BY STR(?date) ?item"""


def proposals_and_answers(layout: Layout, cite: Citer | None = None) -> tuple[list[dict], list[dict]]:
    """Every dated proposal and every answer, with first day, the date as the graph gives it and
    what the mark's facts rest on (``cited``: a proposal's date and proposer, an answer's
    :data:`ANSWER_FACTS`)."""
    cite = cite or Citer(layout)
    if "proposals_and_answers" in cite.memo:
        return cite.memo["proposals_and_answers"]
    props = select(layout, "chart-proposals", PROPOSALS)
    answers = select(layout, "chart-responses", RESPONSES)
    exact = [first_day(r["date"]) for r in props + answers if len(r["date"]) == 10]
    for row in props + answers:  # a year- or month-only date never sits before the first exact one
        row["day"] = max(first_day(row["date"]), min(exact))
    for rows, facts in ((props, PROPOSAL_FACTS), (answers, ANSWER_FACTS)):
        for row in rows:
            row["cited"] = cite(facts, item=row["item"])
    cite.memo["proposals_and_answers"] = props, answers
    return props, answers


def answers_chart(layout: Layout, cite: Citer | None = None) -> Chart:
    """Proposals in date order, each with the answers it got (a ladder: proposal day to answer day)."""
    props, answers = proposals_and_answers(layout, cite)
    by_proposal: dict[str, list[dict]] = {}
    for a in answers:
        by_proposal.setdefault(a["proposal"], []).append(a)
    ladder = [{**p, "answers": by_proposal.get(p["item"], [])} for p in props]
    types = {a["type"]: a["typeLabel"] for a in answers}
    tally = {t: sum(1 for a in answers if a["type"] == t) for t in sorted(types)}
    unanswered = sum(1 for p in ladder if not p["answers"])
    days = {p["item"]: p["day"] for p in props}
    lags = sorted((a["day"] - days[a["proposal"]]).days for a in answers if a["proposal"] in days)
    rejecters = sorted({a["sides"] for a in answers if a["type"] == "rejected"})
    median = lags[(len(lags) - 1) // 2] if lags else 0
    finding = (f"Of {len(ladder)} proposals, {len(ladder) - unanswered} got an answer the graph records and "
               f"{unanswered} got none. The answers: " + ", ".join(f"{n} {types[t]}" for t, n in tally.items()) + "; "
               f"half of the answers came no later than {median} day{'' if median == 1 else 's'} after the proposal, "
               f"every rejection came from {' and '.join(rejecters) or 'no side'}.")
    table = []
    for p in ladder:
        for a in p["answers"] or [None]:
            table.append([p["date"], p["label"], p["sides"]] + (
                [a["date"], a["typeLabel"], a["sides"], [("proposal", p["cited"]), ("answer", a["cited"])]] if a
                else ["", "no answer recorded", "", [("proposal", p["cited"])]]))
    return Chart("answers", "Who answered whom: each proposal and the answer it got", "2", finding,
                 ["date", "proposal", "proposed by", "answered on", "answer", "answered by", "sources"], table,
                 {"ladder": ladder, "types": types, "tally": tally})
