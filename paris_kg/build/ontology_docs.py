"""``dist/docs/ontology.html``: documentation of every class and property of the ontology.

A small generator of our own rather than pyLODE (whose versions break on our Python, see
the design notes): for each term its IRI, label, definition, place in the hierarchy,
alignments to external vocabularies, domain and range, how often the data uses it, and a
few example resources. One self-contained page, nothing fetched.
"""
from __future__ import annotations

import pyoxigraph as ox

from ..namespaces import ONTOLOGY

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


def ontology_html(store: ox.Store) -> bytes:
    """The page (``templates/ontology.html``) from the ontology graph of ``store``."""
    from ..rendering import render

    RDFS = "http://www.w3.org/2000/01/rdf-schema#"
    RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
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
            instances = [s for s in _subjects(store, RDF_TYPE, t) if s.startswith("https://w3id.org/paris-kg/id/")]
            term["links"] = [("subclass of", _objects(store, t, RDFS + "subClassOf")),
                             ("subclasses", _subjects(store, RDFS + "subClassOf", t))]
            term["usage"] = f"{len(instances)} instances (with subclasses)"
            term["examples"] = instances[:3]
            classes.append(term)
        else:
            uses = list(store.quads_for_pattern(None, ox.NamedNode(t), None, None))
            term["links"] = [("subproperty of", _objects(store, t, RDFS + "subPropertyOf")),
                             ("domain", _objects(store, t, RDFS + "domain")),
                             ("range", _objects(store, t, RDFS + "range"))]
            term["usage"] = f"{len({(q.subject, q.object) for q in uses})} statements"
            term["examples"] = sorted({q.subject.value for q in uses})[:3]
            properties.append(term)
        term["links"].append(("close match", _objects(store, t, CLOSE)))
    page = render("ontology.html", ontology=ONTOLOGY, classes=classes, properties=properties,
                  header={"title": header["title"].value, "description": header["desc"].value,
                          "version": header["version"].value})
    return page.encode("utf-8")
