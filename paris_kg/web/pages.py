"""HTML pages of the site, rendered from ``templates/`` (never HTML in Python).

The same functions serve ``paris-kg serve`` and write the static site (``paris-kg site``), so
both show the same pages. Values reach the templates as plain data; the templates escape them,
and links pass :func:`paris_kg.rendering.safe_href`, so a hostile IRI or label stays text.
"""
from __future__ import annotations

import pyoxigraph as ox

from ..namespaces import BASE, ONTOLOGY, PREFIXES
from ..rendering import render
from .entity import entity_view


def entity_page(store: ox.Store, iri: str) -> str | None:
    """The page of one resource (a statement node gets the statement page), or None if the
    store knows nothing about it."""
    from .statement import statement_view

    statement = statement_view(store, iri)
    if statement is not None:
        return render("statement.html", s=statement)
    view = entity_view(store, iri)
    return None if view is None else render("entity.html", e=view)


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


def search_page(query: str, hits: list[dict] | None) -> str:
    """Served: the ranked ``hits``; static (``hits`` None): filled in the browser from the index."""
    return render("search.html", query=query, hits=hits or [], static=hits is None)


def not_found_page(message: str) -> str:
    return render("404.html", message=message)
