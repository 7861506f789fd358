"""``dist/docs/ontology.html``: documentation of every class and property of the ontology.

A small generator of our own rather than pyLODE (whose versions break on our Python, see
the design notes): for each term its IRI, label, definition, place in the hierarchy,
alignments to external vocabularies, domain and range, how often the data uses it, and a
few example resources. One self-contained page, nothing fetched. The build gathers the counts
and examples while it writes the dumps; on its own the page asks Oxigraph for aggregates (the
graph has no blank nodes, so SPARQL's order of subjects is the order of their IRIs).
"""
from __future__ import annotations

import pyoxigraph as ox

from ..namespaces import ID, ONTOLOGY

TERMS = f"""
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?t ?kind ?label ?definition WHERE {{
  ?t a ?kind ; rdfs:label ?label ; skos:definition ?definition .
  VALUES ?kind {{ owl:Class owl:ObjectProperty owl:DatatypeProperty }}
  FILTER(STRSTARTS(STR(?t), "{ONTOLOGY}"))
}} ORDER BY ?kind ?t
"""


def _objects(store: ox.Store, s: str, p: str) -> list[str]:
    return sorted(q.object.value for q in store.quads_for_pattern(ox.NamedNode(s), ox.NamedNode(p), None, None)
                  if isinstance(q.object, ox.NamedNode))


def _subjects(store: ox.Store, p: str, o: str) -> list[str]:
    return sorted({q.subject.value for q in store.quads_for_pattern(None, ox.NamedNode(p), ox.NamedNode(o), None)})


def _one(store: ox.Store, query: str) -> list:
    return list(store.query(query, use_default_graph_as_union=True))


def _class_use(store: ox.Store, t: str) -> tuple[int, list[str]]:
    """How many of our resources are instances of ``t`` (inherited types are materialised),
    and the first three of them: counted and sorted by Oxigraph, not listed in Python."""
    where = f'?s a <{t}> FILTER(STRSTARTS(STR(?s), "{ID}"))'
    n = _one(store, f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {where} }}")[0]["n"].value
    examples = _one(store, f"SELECT DISTINCT ?s WHERE {{ {where} }} ORDER BY ?s LIMIT 3")
    return int(n), [r["s"].value for r in examples]


def _property_use(store: ox.Store, t: str) -> tuple[int, list[str]]:
    """How many distinct (subject, value) pairs use ``t``, and its first three subjects."""
    n = _one(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?o WHERE {{ ?s <{t}> ?o }} }}")[0]["n"].value
    examples = _one(store, f"SELECT DISTINCT ?s WHERE {{ ?s <{t}> ?o }} ORDER BY ?s LIMIT 3")
    return int(n), [r["s"].value for r in examples]


def ontology_html(store: ox.Store, usage=None) -> bytes:
    """The page (``templates/ontology.html``) from the ontology graph of ``store``.

    ``usage`` answers ``class_use(iri)`` and ``property_use(iri)`` like the functions above;
    the build passes the counts it gathered while writing the dumps
    (:class:`paris_kg.build.passes.Counts`), which saves two queries per term."""
    class_use = usage.class_use if usage is not None else (lambda t: _class_use(store, t))
    property_use = usage.property_use if usage is not None else (lambda t: _property_use(store, t))
    from ..rendering import render

    RDFS = "http://www.w3.org/2000/01/rdf-schema#"
    CLOSE = "http://www.w3.org/2004/02/skos/core#closeMatch"
    rows = list(store.query(TERMS, use_default_graph_as_union=True))
    header = next(iter(store.query(f"""
        PREFIX dcterms: <http://purl.org/dc/terms/> PREFIX owl: <http://www.w3.org/2002/07/owl#>
        SELECT ?title ?desc ?version WHERE {{ <{ONTOLOGY[:-1]}> dcterms:title ?title ; dcterms:description ?desc ;
          owl:versionIRI ?version }}""", use_default_graph_as_union=True)))
    classes, properties = [], []
    for r in rows:
        t = r["t"].value
        term = {"iri": t, "local": t[len(ONTOLOGY):], "label": r["label"].value, "definition": r["definition"].value}
        if r["kind"].value.endswith("Class"):
            n, term["examples"] = class_use(t)
            term["links"] = [("subclass of", _objects(store, t, RDFS + "subClassOf")),
                             ("subclasses", _subjects(store, RDFS + "subClassOf", t))]
            term["usage"] = f"{n} instances (with subclasses)"
            classes.append(term)
        else:
            n, term["examples"] = property_use(t)
            term["links"] = [("subproperty of", _objects(store, t, RDFS + "subPropertyOf")),
                             ("domain", _objects(store, t, RDFS + "domain")),
                             ("range", _objects(store, t, RDFS + "range"))]
            term["usage"] = f"{n} statements"
            properties.append(term)
        term["links"].append(("close match", _objects(store, t, CLOSE)))
    page = render("ontology.html", ontology=ONTOLOGY, classes=classes, properties=properties,
                  header={"title": header["title"].value, "description": header["desc"].value,
                          "version": header["version"].value})
    return page.encode("utf-8")
