"""The actor–proposal network as a ``networkx.MultiDiGraph``, built with our own SPARQL.

Generic RDF-to-networkx converters turn every literal into a node and drop predicates;
here each node is a real thing (an actor, a proposal, optionally an event) and each edge a
named relation, with the facts people want on hover kept as attributes.

Usage from Python::

    from paris_kg.paths import Layout
    from paris_kg.store import open_built_store
    from paris_kg.views.network import build_network

    g = build_network(open_built_store(Layout()), include_events=True, year_from=1969, year_to=1970)
    g.nodes["https://w3id.org/paris-kg/id/person/le-duc-tho"]["label"]   # 'Le Duc Tho'

Node attributes (all strings unless noted, never ``None``): ``iri``, ``label``, ``kind``
(class local name, e.g. ``PeacePlan``, ``Person``, ``PlenarySession``), ``group``
(``actor``, ``proposal`` or ``event``), ``side`` (``DRV``, ``PRG-NLF``, ``US``, ``RVN`` or
``other``), ``date`` (ISO text at its precision, ``""`` if none), ``year`` (int, 0 if
none), ``terms`` (withdrawal terms of a proposal, ``""`` otherwise), ``citations`` (the
labels of the resource's own citations, ``"; "``-separated), ``facts`` (a list of ``[name,
value, sources]``: each fact the tooltip shows beside the sources of its own statement, from
:mod:`node_facts`; GraphML and GEXF get it as one line of text),
``wikidata`` (the page of the Wikidata item the node is ``owl:sameAs``, e.g.
``https://www.wikidata.org/wiki/Q233969``, ``""`` if none), ``short`` (a short form of the
label for drawing), and the layout of :func:`lay_out`: ``x``, ``y`` (floats) and ``lane``
(the band the node sits in, e.g. ``actor:US``, ``proposal``, ``event``).
Edge attributes: ``relation`` (``proposed``, ``presented``, ``presented_at``, ``answered``,
``counters``, ``revises``, ``clarifies``, ``represents``, ``member_of``, ``part_of``,
``took_part_in``), ``label``, ``date``, ``year`` (int), ``detail`` (response type or
role), ``citations`` (the sources of the statement(s) the edge stands for: ``proposedBy``
for "proposed", the response's respondent, target and type for "answered", and so on).
"""
from __future__ import annotations

import networkx as nx
import pyoxigraph as ox

from ..evidence import CITATION, PREFETCH_ROWS, Basis, Evidence
from ..namespaces import ONTOLOGY as PK
from ..terms import wikidata_page
from .layout import lay_out
from .node_facts import FACTS, TERM_FACTS, facts_as_text, facts_of, terms_by_proposal

PREFIXES = """
PREFIX pk:   <https://w3id.org/paris-kg/ontology#>
PREFIX owl:  <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""

SIDES = ("DRV", "PRG-NLF", "US", "RVN", "other")

#: Display wording of each relation (edge label).
RELATIONS = {
    "proposed": "proposed",
    "presented": "presented",
    "presented_at": "presented at",
    "answered": "answered",
    "counters": "counters",
    "revises": "revises",
    "clarifies": "clarifies",
    "represents": "represents",
    "member_of": "member of",
    "part_of": "part of",
    "took_part_in": "took part in",
}

# Every one of our classes the node has (the build materialises the superclasses); the kind is
# the most specific of them, picked in Python by :func:`_most_specific` from the ontology's
# subclass pairs. A NOT EXISTS over a subClassOf+ path per row took 2.5 ms a row at 100k triples.
_KIND = """
  ?x a ?class . FILTER(STRSTARTS(STR(?class), STR(pk:)))
"""
SUBCLASS_QUERY = PREFIXES + """
SELECT ?sub ?sup WHERE { ?sub rdfs:subClassOf+ ?sup . FILTER(?sub != ?sup && STRSTARTS(STR(?sup), STR(pk:))) }"""

NODE_QUERIES = {
    "actor": PREFIXES + """
SELECT ?x ?label ?class ?side WHERE {
  ?x a pk:Actor ; rdfs:label ?label ; pk:side/skos:notation ?side .
  FILTER(langMatches(lang(?label), "en"))
""" + _KIND + "}",
    "proposal": PREFIXES + """
SELECT ?x ?label ?class ?date ?side WHERE {
  ?x a pk:Proposal ; rdfs:label ?label ; pk:date ?date .
  { SELECT ?x (IF(COUNT(DISTINCT ?s) = 1, SAMPLE(?s), "other") AS ?side) WHERE {
      ?x pk:proposedBy/pk:side/skos:notation ?s } GROUP BY ?x }
""" + _KIND + "}",
    "event": PREFIXES + """
SELECT ?x ?label ?class ?date ?side WHERE {
  ?x a pk:Event ; rdfs:label ?label .
  OPTIONAL { ?x pk:date ?d } OPTIONAL { ?x pk:startDate ?s }
  BIND(COALESCE(?d, ?s) AS ?date)
  OPTIONAL { SELECT ?x (IF(COUNT(DISTINCT ?ps) = 1, SAMPLE(?ps), "other") AS ?pside) WHERE {
      ?x pk:participant/pk:side/skos:notation ?ps } GROUP BY ?x }
  BIND(COALESCE(?pside, "other") AS ?side)
""" + _KIND + "}",
}

SAME_AS_QUERY = PREFIXES + "SELECT ?x ?same WHERE { ?x owl:sameAs ?same } ORDER BY ?x ?same"

# (relation, query, statements): every query yields ?s ?o and optionally ?x ?date ?detail; the
# edge cites the statements (subject variable, our property, value variable or None for every
# value) it stands for.
EDGE_QUERIES = [
    ("proposed", "SELECT ?s ?o ?date WHERE { ?o pk:proposedBy ?s ; pk:date ?date }", [("o", "proposedBy", "s")]),
    ("presented", "SELECT ?s ?o ?date WHERE { ?o pk:presentedBy ?s ; pk:date ?date }", [("o", "presentedBy", "s")]),
    ("answered", """SELECT ?s ?o ?x ?date ?detail WHERE {
        ?x pk:respondent ?s ; pk:answers ?o ; pk:date ?date ; pk:responseType/skos:prefLabel ?detail }""",
     [("x", "respondent", "s"), ("x", "answers", "o"), ("x", "responseType", None)]),
    ("counters", "SELECT ?s ?o ?date WHERE { ?s pk:counters ?o ; pk:date ?date }", [("s", "counters", "o")]),
    ("revises", "SELECT ?s ?o ?date WHERE { ?s pk:revises ?o ; pk:date ?date }", [("s", "revises", "o")]),
    ("clarifies", "SELECT ?s ?o ?date WHERE { ?s pk:elaborates ?o ; pk:date ?date }", [("s", "elaborates", "o")]),
    ("represents", "SELECT ?s ?o WHERE { ?s pk:represents ?o }", [("s", "represents", "o")]),
    ("member_of", """SELECT ?s ?o ?x ?date ?detail WHERE {
        ?x a pk:RoleAssignment ; pk:holder ?s ; pk:inOrganisation ?o ; pk:roleType/skos:prefLabel ?detail .
        OPTIONAL { ?x pk:startDate ?start }
        OPTIONAL { SELECT ?x (MIN(STR(?a)) AS ?seen) WHERE { ?x pk:attestedDate ?a } GROUP BY ?x }
        BIND(COALESCE(STR(?start), ?seen) AS ?date) }""",
     [("x", "holder", "s"), ("x", "inOrganisation", "o"), ("x", "roleType", None)]),
    ("member_of", "SELECT ?s ?o WHERE { ?s pk:memberOf ?o }", [("s", "memberOf", "o")]),
    ("part_of", "SELECT ?s ?o WHERE { ?s pk:subOrganisationOf ?o }", [("s", "subOrganisationOf", "o")]),
    ("presented_at", "SELECT ?s ?o ?date WHERE { ?s pk:presentedAt ?o ; pk:date ?date }", [("s", "presentedAt", "o")]),
    ("took_part_in", """SELECT ?s ?o ?date WHERE { ?o pk:participant ?s .
        OPTIONAL { ?o pk:date ?d } OPTIONAL { ?o pk:startDate ?sd } BIND(COALESCE(?d, ?sd) AS ?date) }""",
     [("o", "participant", "s")]),
]

#: relations whose object is always an event (edges only drawn when events are nodes)
EVENT_RELATIONS = {"presented_at", "took_part_in"}


def _edge_sources(evidence: Evidence, row, statements) -> str:
    """The sources of the statements an edge stands for (see EDGE_QUERIES), in words."""
    basis = None
    for subject, prop, value in statements:
        found = (evidence.basis(row[subject], PK + prop, row[value]) if value
                 else evidence.of_property(row[subject], PK + prop))
        if found is not None:
            basis = found if basis is None else basis | found
    return "; ".join(evidence.texts(basis))


def _text(term) -> str:
    return "" if term is None else term.value


def _year(date: str) -> int:
    return int(date[:4]) if len(date) >= 4 and date[:4].isdigit() else 0


def _select(store: ox.Store, query: str):
    return store.query(query if query.lstrip().startswith("PREFIX") else PREFIXES + query,
                       use_default_graph_as_union=True)


def _wikidata(store: ox.Store) -> dict[str, str]:
    """Node IRI -> page of its Wikidata item (the first in IRI order, should there be two)."""
    out: dict[str, str] = {}
    for row in _select(store, SAME_AS_QUERY):
        page = wikidata_page(row["same"].value)
        if page:
            out.setdefault(row["x"].value, page)
    return out


def _subclasses(store: ox.Store) -> dict[str, set[str]]:
    """Each of our classes -> its strict subclasses (from the ontology: a few dozen pairs)."""
    below: dict[str, set[str]] = {}
    for pair in _select(store, SUBCLASS_QUERY):
        below.setdefault(pair["sup"].value, set()).add(pair["sub"].value)
    return below


def _most_specific(rows: list, below: dict[str, set[str]]) -> list:
    """The rows whose ``?class`` is a most specific class of their ``?x``: no other class the node
    has is a subclass of it (the rows a NOT EXISTS per row would have kept, in query order)."""
    classes: dict[str, set[str]] = {}
    for row in rows:
        classes.setdefault(row["x"].value, set()).add(row["class"].value)
    return [row for row in rows if not below.get(row["class"].value, set()) & classes[row["x"].value]]


def build_network(store: ox.Store, *, include_events: bool = False,
                  year_from: int | None = None, year_to: int | None = None) -> nx.MultiDiGraph:
    """The actor–proposal network of the built graph (see the module docstring).

    Proposals and events outside ``year_from``..``year_to`` (by the year of their date)
    are left out, and so is every actor left without an edge.
    """
    def in_range(year: int) -> bool:
        if year == 0:
            return year_from is None and year_to is None
        return (year_from is None or year >= year_from) and (year_to is None or year <= year_to)

    graph = nx.MultiDiGraph()
    evidence = Evidence(store)
    terms = terms_by_proposal(store)
    wikidata = _wikidata(store)
    groups = ["actor", "proposal"] + (["event"] if include_events else [])
    below = _subclasses(store)
    rows = {group: _most_specific(list(_select(store, NODE_QUERIES[group])), below) for group in groups}
    if sum(map(len, rows.values())) > PREFETCH_ROWS:  # then one scan per cited property beats a lookup per node
        evidence.prefetch([CITATION] + [PK + p for g in groups for _, props in FACTS.get(g, []) for p in props]
                          + [PK + p for p in TERM_FACTS]
                          + [PK + p for _, _, statements in EDGE_QUERIES for _, p, value in statements if value is None])
    for group in groups:
        for row in rows[group]:
            iri = row["x"].value
            date = _text(row["date"]) if group != "actor" else ""
            year = _year(date)
            if group != "actor" and not in_range(year):
                continue
            side = _text(row["side"])
            graph.add_node(iri, iri=iri, label=row["label"].value, kind=row["class"].value.split("#", 1)[1],
                           group=group, side=side if side in SIDES else "other", date=date, year=year,
                           terms="; ".join(text for _, text in terms.get(iri, [])),
                           citations="; ".join(evidence.texts(Basis(evidence.resource_citations(iri)))),
                           facts=facts_of(evidence, iri, group, terms.get(iri, [])), wikidata=wikidata.get(iri, ""))
    for relation, query, statements in EDGE_QUERIES:
        if relation in EVENT_RELATIONS and not include_events:
            continue  # their target is an event: no such edge without the events (7,000 rows at 100k)
        solutions = _select(store, query)
        columns = {v.value for v in solutions.variables}
        for row in solutions:
            s, o = row["s"].value, row["o"].value
            if s not in graph or o not in graph:
                continue
            date = _text(row["date"]) if "date" in columns else ""
            detail = _text(row["detail"]) if "detail" in columns else ""
            label = RELATIONS[relation] + (f" ({detail})" if detail and relation == "answered" else "")
            graph.add_edge(s, o, key=f"{relation}:{detail}" if detail else relation,
                           relation=relation, label=label, date=date, year=_year(date), detail=detail,
                           citations=_edge_sources(evidence, row, statements))
    lonely = [n for n, d in graph.nodes(data=True) if d["group"] == "actor" and graph.degree(n) == 0]
    graph.remove_nodes_from(lonely)
    return lay_out(graph)


def write_export(graph: nx.MultiDiGraph, path, fmt: str) -> None:
    """Write ``graph`` as GraphML, GEXF or node-link JSON to ``path``, atomically."""
    import json

    from ..atomic import write_atomic

    def write(tmp: str) -> None:
        if fmt in ("graphml", "gexf"):  # their attributes are strings: the facts as one line
            flat = graph.copy()
            for _, data in flat.nodes(data=True):
                data["facts"] = facts_as_text(data["facts"])
            writer = nx.write_graphml if fmt == "graphml" else nx.write_gexf
            writer(flat, tmp, encoding="utf-8", prettyprint=True)
        elif fmt == "json":
            data = nx.node_link_data(graph, edges="edges")
            with open(tmp, "w", encoding="utf-8") as fh:
                json.dump(data, fh, ensure_ascii=False, indent=1, sort_keys=True)
                fh.write("\n")
        else:
            raise ValueError(f"unknown export format {fmt!r}")

    write_atomic(path, write)
