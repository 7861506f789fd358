"""Content negotiation: which media types each kind of answer offers, and the Accept parser."""
from __future__ import annotations

RESULT_TYPES = {  # SELECT / ASK
    "application/sparql-results+json": "application/sparql-results+json",
    "application/json": "application/sparql-results+json",
    "application/sparql-results+xml": "application/sparql-results+xml",
    "application/xml": "application/sparql-results+xml",
    "text/csv": "text/csv",
    "text/tab-separated-values": "text/tab-separated-values",
}
GRAPH_TYPES = {  # CONSTRUCT / DESCRIBE, and IRI descriptions
    "text/turtle": "text/turtle",
    "application/n-triples": "application/n-triples",
    "application/ld+json": "application/ld+json",
}
SUFFIXES = {".ttl": "text/turtle", ".nt": "application/n-triples", ".jsonld": "application/ld+json"}
STATIC_FILES = {  # file in dist/ -> media type
    "void.ttl": "text/turtle; charset=utf-8",
    "paris-kg.ttl": "text/turtle; charset=utf-8",
    "paris-kg.nt": "application/n-triples; charset=utf-8",
    "paris-kg.nt.gz": "application/gzip",
    "paris-kg.jsonld": "application/ld+json; charset=utf-8",
    "paris-kg.context.jsonld": "application/ld+json; charset=utf-8",
    "paris-kg.trig": "application/trig; charset=utf-8",
    "paris-kg.rdf12.ttl": "text/turtle; charset=utf-8",  # the RDF 1.2 edition (triple terms)
    "paris-kg.rdf12.nt": "application/n-triples; charset=utf-8",
    "docs/ontology.html": "text/html; charset=utf-8",
    "report.html": "text/html; charset=utf-8",
    "graph.html": "text/html; charset=utf-8",
    "timeline.html": "text/html; charset=utf-8",
}


def negotiate(accept: str | None, offered: dict[str, str], default: str) -> str | None:
    """The best offered media type for an Accept header (q-values honoured), or None."""
    if not accept:
        return offered.get(default, default)
    choices = []
    for i, part in enumerate(accept.split(",")):
        media, *params = [p.strip() for p in part.split(";")]
        q = 1.0
        for param in params:
            if param.startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            choices.append((-q, i, media.lower()))
    for _, _, media in sorted(choices):
        if media in offered:
            return offered[media]
        if media in ("*/*", "application/*", "text/*"):
            return offered.get(default, default)
    return None
