"""Answers about our IRIs: a resource's description, a named graph, the ontology.

Each is a bounded lookup in the release's store (no query engine), in HTML for people or in
Turtle, N-Triples or JSON-LD by content negotiation or by the ``.ttl``/``.nt``/``.jsonld`` suffix.
An IRI that cannot exist (``<``, spaces...) is a 404, like one that is not in the data.
"""
from __future__ import annotations

import pyoxigraph as ox

from ..namespaces import BASE
from .negotiation import GRAPH_TYPES, SUFFIXES, negotiate
from .pages import entity_page
from .responses import HTML, HTTPProblem, open_data, response



def _node(iri: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(iri)
    except ValueError:
        raise HTTPProblem(404, "not an IRI of this dataset") from None


def describe(release, request, path: str):
    suffix = next((s for s in SUFFIXES if path.endswith(s)), None)
    iri = BASE + (path[1:-len(suffix)] if suffix else path[1:])
    quads = list(release.store.quads_for_pattern(_node(iri), None, None, None))
    if not quads:
        raise HTTPProblem(404, f"unknown IRI: <{iri}>")
    triples = sorted({q.triple for q in quads}, key=lambda t: (str(t.predicate), str(t.object)))
    if suffix:
        media = SUFFIXES[suffix]
    else:
        media = negotiate(request.headers.get("Accept"), {"text/html": "text/html", **GRAPH_TYPES}, "text/turtle")
        if media is None:
            raise HTTPProblem(406, "no acceptable format; offered: text/html, " + ", ".join(GRAPH_TYPES))
    vary = {"Vary": "Accept"} if not suffix else {}
    if media == "text/html":
        return response(200, entity_page(release.store, iri).encode("utf-8"), HTML, vary)
    charset = "; charset=utf-8" if media.startswith("text/") else ""
    return response(200, serialise(triples, media, release.context), media + charset, open_data(vary))


def named_graph(release, request, iri: str):
    """A named graph of the store (ontology, data, alignment) in the requested RDF syntax."""
    quads = list(release.store.quads_for_pattern(None, None, None, _node(iri)))
    if not quads:
        raise HTTPProblem(404, f"unknown graph: <{iri}>")
    media = negotiate(request.headers.get("Accept"), GRAPH_TYPES, "text/turtle")
    if media is None:
        raise HTTPProblem(406, "no acceptable format; offered: " + ", ".join(GRAPH_TYPES))
    triples = sorted({q.triple for q in quads}, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    return response(200, serialise(triples, media, release.context), media, open_data())


def ontology(release, request):
    media = negotiate(request.headers.get("Accept"), {"text/html": "text/html", **GRAPH_TYPES}, "text/html")
    if media == "text/html":
        return response(303, b"", "text/plain", {"Location": "/docs/ontology.html"})
    if media is None:
        raise HTTPProblem(406, "no acceptable format")
    quads = release.store.quads_for_pattern(None, None, None, ox.NamedNode(BASE + "graph/ontology"))
    triples = sorted({q.triple for q in quads}, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    return response(200, serialise(triples, media, release.context), media, open_data())


def serialise(triples: list[ox.Triple], media: str, context: dict) -> bytes:
    if media == "application/ld+json":
        from ..build.jsonld import jsonld_bytes

        return jsonld_bytes(triples, context)
    if media == "application/n-triples":
        return "".join(f"{t.subject} {t.predicate} {t.object} .\n" for t in triples).encode("utf-8")
    from ..build.dumps import turtle_bytes

    return turtle_bytes(triples)
