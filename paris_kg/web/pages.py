"""HTML pages of the served site, rendered from ``templates/`` (never HTML in Python).

The view functions gather plain values (names, hrefs, compact IRIs); the templates escape
them, and links pass :func:`paris_kg.rendering.safe_href`, so a hostile IRI or label stays text.
"""
from __future__ import annotations

import pyoxigraph as ox

from ..namespaces import BASE, ONTOLOGY, PREFIXES
from ..rendering import render
from ..terms import compact, wikidata_page

RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
SKOS_PREF = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
OWL_SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"


def local_href(iri: str) -> str | None:
    """The path of one of our IRIs on this server, or None for someone else's IRI."""
    if iri.startswith(BASE + "id/") or iri.startswith(BASE + "vocab/"):
        return "/" + iri[len(BASE):]
    if iri.startswith(ONTOLOGY):
        return "/docs/ontology.html#" + iri[len(ONTOLOGY):]
    return None


def labels(store: ox.Store, iris: set[str]) -> dict[str, str]:
    """The English (else any) label of each IRI that has one."""
    out = {}
    for iri in iris:
        found = {}
        for p in (RDFS_LABEL, SKOS_PREF):
            for q in store.quads_for_pattern(ox.NamedNode(iri), p, None, None):
                found.setdefault(q.object.language or "", q.object.value)
        if found:
            out[iri] = found.get("en") or next(iter(found.values()))
    return out


def term_view(term, names: dict[str, str]) -> dict:
    """What a template needs to show one RDF term."""
    if isinstance(term, ox.NamedNode):
        # a Wikidata entity IRI links to the item's page for people, not to the data IRI
        return {"iri": term.value, "href": local_href(term.value) or wikidata_page(term.value) or term.value,
                "name": names.get(term.value) or compact(term.value).strip("<>"), "compact": compact(term.value)}
    if isinstance(term, ox.Literal):
        tag = f" @{term.language}" if term.language else (
            "" if term.datatype.value.endswith("#string") else f" ({compact(term.datatype.value)})")
        return {"value": term.value, "tag": tag}
    return {"value": str(term), "tag": ""}


def resource_page(store: ox.Store, iri: str, triples: list[ox.Triple]) -> str:
    incoming = sorted({(q.subject.value, q.predicate.value) for q in
                       store.quads_for_pattern(None, None, ox.NamedNode(iri), None)})[:300]
    linked = {t.object.value for t in triples if isinstance(t.object, ox.NamedNode)} | {s for s, _ in incoming} | {iri}
    names = labels(store, linked)
    kinds = sorted(t.object.value[len(ONTOLOGY):] for t in triples
                   if t.predicate.value.endswith("#type") and t.object.value.startswith(ONTOLOGY))
    wikidata = sorted({(t.object.value.rsplit("/", 1)[1], page) for t in triples if t.predicate.value == OWL_SAME_AS
                       and (page := wikidata_page(t.object.value))})
    return render("resource.html", iri=iri, title=names.get(iri, compact(iri)), kinds=kinds, path=local_href(iri) or "",
                  wikidata=[{"qid": qid, "href": page} for qid, page in wikidata],
                  sources=[term_view(t.object, names) for t in triples if t.predicate.value == ONTOLOGY + "citation"],
                  properties=[(compact(t.predicate.value), term_view(t.object, names)) for t in triples],
                  incoming=[(term_view(ox.NamedNode(s), names), compact(p)) for s, p in incoming])


def index_page(files: list[str]) -> str:
    return render("index.html", files=files)


TERM_KINDS = {
    "classes": ("http://www.w3.org/2002/07/owl#Class", "http://www.w3.org/2000/01/rdf-schema#Class"),
    "properties": ("http://www.w3.org/2002/07/owl#ObjectProperty", "http://www.w3.org/2002/07/owl#DatatypeProperty",
                   "http://www.w3.org/2002/07/owl#AnnotationProperty",
                   "http://www.w3.org/1999/02/22-rdf-syntax-ns#Property"),
}


def ontology_terms(store: ox.Store) -> dict[str, list[str]]:
    """Our ontology's classes and properties (full IRIs), offered by the editor's completion."""
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    return {key: sorted({q.subject.value for kind in kinds
                         for q in store.quads_for_pattern(None, rdf_type, ox.NamedNode(kind), None)
                         if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(ONTOLOGY)})
            for key, kinds in TERM_KINDS.items()}


def example_header(text: str) -> dict:
    """The question and ``# param:`` lines of a named query's header, as the query page shows them."""
    from ..query.catalogue import params_of
    from ..sparql_files import QueryFile, parse_header

    meta = parse_header(text)
    return {"question": (meta.get("question") or [""])[0],
            "params": [{"name": p.name, "type": p.type, "optional": p.optional, "description": p.description}
                       for p in params_of(QueryFile("example", "example.rq", text, meta))]}


def query_page(examples: list[dict], terms: dict[str, list[str]] | None = None, *, endpoint: str = "/sparql",
               site_root: str = "/", static_root: str = "/static/") -> str:
    """The SPARQL editor. ``endpoint`` is where queries go (the static site points it elsewhere);
    ``site_root`` prefixes the local path of our IRIs in results, ``static_root`` the assets."""
    from urllib.parse import urlsplit

    parts = urlsplit(endpoint)
    origin = f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else ""
    config = {"endpoint": endpoint, "siteRoot": site_root, "base": BASE, "prefixes": PREFIXES,
              "terms": terms or {"classes": [], "properties": []},
              "examples": [{**example_header(e["text"]), **e} for e in examples]}
    return render("query.html", config=config, endpoint_origin=origin, static_root=static_root)
