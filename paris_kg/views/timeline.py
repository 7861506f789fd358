"""``paris-kg timeline``: events and proposals on a time axis, one lane per side.

Self-contained and offline like the graph page: the data is embedded as escaped JSON and
drawn as SVG by a short script; every label reaches the page through ``textContent``.
Dates keep their precision: a day is a dot, a month is a bar one month wide, a year a
bar one year wide, a span (start/end) a bar from start to end; the tooltip shows the date
as the source gives it (``1970-03``, not ``1970-03-01``), and every fact (date, proposer,
withdrawal terms...) beside the sources of its own statement.
"""
from __future__ import annotations

import pyoxigraph as ox

LANES = ("DRV", "PRG-NLF", "US", "RVN", "joint")
LANE_TITLES = {"DRV": "Democratic Republic of Vietnam", "PRG-NLF": "NLF / Provisional Revolutionary Government",
               "US": "United States", "RVN": "Republic of Vietnam (Saigon)", "joint": "Several sides / others"}

ITEMS_QUERY = """
PREFIX pk:   <https://w3id.org/paris-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?x ?group ?kind ?label ?date ?start ?end ?summary ?sides WHERE {
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
}
"""


ANSWERS_QUERY = """
PREFIX pk:   <https://w3id.org/paris-kg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?p ?date ?side ?type WHERE {
  ?r pk:answers ?p ; pk:date ?date ; pk:respondent/pk:side/skos:notation ?side ; pk:responseType/skos:prefLabel ?type .
} ORDER BY ?p ?date ?side ?type
"""


def _precision(text: str) -> str:
    return {4: "year", 7: "month"}.get(len(text), "day")


def timeline_items(store: ox.Store) -> list[dict]:
    """One dict per event or proposal, sorted by date; ``lane`` is one of :data:`LANES`;
    ``facts`` the ``[name, value, sources]`` of :mod:`node_facts` (each value beside its own sources)."""
    from ..evidence import Evidence
    from .layout import short_label
    from .node_facts import facts_of, terms_by_proposal

    evidence, terms = Evidence(store), terms_by_proposal(store)

    answers: dict[str, list[dict]] = {}
    for row in store.query(ANSWERS_QUERY, use_default_graph_as_union=True):
        side = row["side"].value
        answers.setdefault(row["p"].value, []).append(
            {"date": row["date"].value, "lane": side if side in LANES else "joint", "type": row["type"].value})
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
            "summary": value("summary"),
            "facts": facts_of(evidence, row["x"].value, value("group"), terms.get(row["x"].value, [])),
            "short": short_label(value("label"), 34), "answers": answers.get(row["x"].value, []),
        })
    return sorted(items, key=lambda i: (i["start"], i["group"], i["iri"]))


def render_timeline_html(items: list[dict], *, title: str = "paris-kg: timeline of the Paris negotiations") -> str:
    """The page (``templates/timeline.html``) for ``items`` from :func:`timeline_items`."""
    from ..rendering import render

    lanes = [{"id": lane, "title": LANE_TITLES[lane]} for lane in LANES]
    return render("timeline.html", title=title, items=items, lanes=lanes)
