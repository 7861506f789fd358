"""HTML pages of the site, rendered from ``templates/`` (never HTML in Python).

The same functions serve ``paris-kg serve`` and write the static site (``paris-kg site``), so
both show the same pages. Values reach the templates as plain data; the templates escape them,
and links pass :func:`paris_kg.rendering.safe_href`, so a hostile IRI or label stays text.
"""
from __future__ import annotations

import pyoxigraph as ox

from ..rendering import render
from .entity import entity_view


def entity_page(store: ox.Store, iri: str) -> str | None:
    """The page of one resource, or None if the store knows nothing about it."""
    view = entity_view(store, iri)
    return None if view is None else render("entity.html", e=view)


def index_page(files: list[str]) -> str:
    return render("index.html", files=files)


def query_page(examples: list[dict]) -> str:
    return render("query.html", examples=examples)


def search_page(query: str, hits: list[dict] | None) -> str:
    """Served: the ranked ``hits``; static (``hits`` None): filled in the browser from the index."""
    return render("search.html", query=query, hits=hits or [], static=hits is None)


def not_found_page(message: str) -> str:
    return render("404.html", message=message)
