"""Run a query against any SPARQL 1.1 endpoint over HTTP (``paris-kg query --endpoint URL``).

Uses only the standard library. Results come back as SPARQL 1.1 Results JSON (or
N-Triples for CONSTRUCT/DESCRIBE) and are turned into pyoxigraph terms, so the same
formatters serve local and remote results.
"""
from __future__ import annotations

import json
import urllib.error
import urllib.request

import pyoxigraph as ox

from ..errors import InputError, ParisKGError
from .engine import QueryResult, position_message, query_form

TIMEOUT_S = 60


class EndpointError(ParisKGError):
    """The endpoint could not be reached or refused the query."""

    exit_code = 1


def _term(binding: dict) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    kind = binding["type"]
    if kind == "uri":
        return ox.NamedNode(binding["value"])
    if kind == "bnode":
        return ox.BlankNode(binding["value"])
    if "xml:lang" in binding:
        return ox.Literal(binding["value"], language=binding["xml:lang"])
    if "datatype" in binding:
        return ox.Literal(binding["value"], datatype=ox.NamedNode(binding["datatype"]))
    return ox.Literal(binding["value"])


def run_remote(endpoint: str, text: str, where: str) -> QueryResult:
    """POST ``text`` to ``endpoint``; ``where`` names the query in error messages."""
    graph_form = query_form(text) in ("CONSTRUCT", "DESCRIBE")
    accept = "application/n-triples" if graph_form else "application/sparql-results+json"
    request = urllib.request.Request(
        endpoint, data=text.encode("utf-8"), method="POST",
        headers={"Content-Type": "application/sparql-query; charset=utf-8", "Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
            body = response.read()
    except urllib.error.HTTPError as exc:
        detail = exc.read().decode("utf-8", "replace").strip().splitlines()
        first = position_message(detail[0]) if detail else str(exc.reason)
        message = f"{where}: endpoint {endpoint} answered HTTP {exc.code}: {first}"
        raise (InputError if exc.code == 400 else EndpointError)(message) from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise EndpointError(f"cannot reach endpoint {endpoint}: {reason}") from None
    if graph_form:
        triples = list(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))
        return QueryResult(["subject", "predicate", "object"], [[t.subject, t.predicate, t.object] for t in triples])
    try:
        data = json.loads(body)
    except ValueError:
        raise EndpointError(f"{where}: endpoint {endpoint} did not return SPARQL JSON results") from None
    if "boolean" in data:
        value = "true" if data["boolean"] else "false"
        return QueryResult(["boolean"], [[ox.Literal(value, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean"))]])
    columns = data["head"]["vars"]
    rows = [[_term(b[c]) if c in b else None for c in columns] for b in data["results"]["bindings"]]
    return QueryResult(columns, rows)
