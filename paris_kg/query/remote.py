"""Run a query against any SPARQL 1.1 endpoint over HTTP (``paris-kg query --endpoint URL``).

Uses only the standard library. The query goes out the way every server we tried accepts:
a GET when the encoded request is short, else a form-encoded POST (Virtuoso 7 never answers a
POST with ``Content-Type: application/sparql-query``). Parameters already in the endpoint URL,
such as ``default-graph-uri``, travel with the query. Results come back as SPARQL 1.1 Results
JSON (or N-Triples for CONSTRUCT/DESCRIBE) and are turned into pyoxigraph terms, so the same
formatters serve local and remote results.
"""
from __future__ import annotations

import html
import json
import socket
import urllib.error
import urllib.parse
import urllib.request

import pyoxigraph as ox

from ..errors import InputError, ParisKGError
from .engine import QueryResult, position_message, query_form

TIMEOUT_S = 60.0
#: Longest GET request line we send; longer queries are POSTed (servers cap URLs at 2-8 KB).
MAX_GET_URL = 2000


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


def server_message(body: bytes, content_type: str = "") -> str:
    """The meaningful text of an error answer, on one line.

    Plain text (Oxigraph, Virtuoso's SPARQL errors): the first non-empty line. HTML (Virtuoso's
    Graph Store errors, proxies): the body's text without tags, title and status heading.
    """
    import re

    text = body.decode("utf-8", "replace")
    if "html" in content_type or re.match(r"\s*<(!doctype\s+)?html\b", text, re.IGNORECASE):
        text = re.sub(r"(?is)<(head|script|style)\b.*?</\1\s*>", " ", text)
        text = re.sub(r"(?is)<h1\b.*?</h1\s*>", " ", text)  # "HTTP/1.1 403 Forbidden": we say that already
        text = html.unescape(re.sub(r"(?s)<[^>]*>", "\n", text))
        lines = [" ".join(line.split()) for line in text.splitlines()]
        return ": ".join(line for line in lines if line)
    for line in text.splitlines():
        if line.strip():
            return " ".join(line.split())
    return ""


def network_reason(exc: BaseException, timeout_s: float) -> str:
    """Why a connection failed, in words: refused, timed out, unknown host, or the system's text."""
    reason = getattr(exc, "reason", exc)
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused (is the server running on that port?)"
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return f"no answer within {timeout_s:g} s"
    if isinstance(reason, socket.gaierror):
        return "unknown host name"
    return str(reason)


def _request(endpoint: str, text: str, accept: str) -> urllib.request.Request:
    """GET when short, else a form-encoded POST; parameters in ``endpoint`` are kept."""
    parts = urllib.parse.urlsplit(endpoint)
    fields = urllib.parse.parse_qsl(parts.query, keep_blank_values=True) + [("query", text)]
    encoded = urllib.parse.urlencode(fields)
    base = urllib.parse.urlunsplit(parts._replace(query=""))
    headers = {"Accept": accept}
    if len(base) + 1 + len(encoded) <= MAX_GET_URL:
        return urllib.request.Request(f"{base}?{encoded}", method="GET", headers=headers)
    headers["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8"
    return urllib.request.Request(base, data=encoded.encode("ascii"), method="POST", headers=headers)


def run_remote(endpoint: str, text: str, where: str, timeout_s: float = TIMEOUT_S) -> QueryResult:
    """Send ``text`` to ``endpoint``; ``where`` names the query in error messages."""
    if urllib.parse.urlsplit(endpoint).scheme not in ("http", "https"):
        raise InputError(f"endpoint {endpoint!r} is not an http:// or https:// URL")
    graph_form = query_form(text) in ("CONSTRUCT", "DESCRIBE")
    accept = "application/n-triples" if graph_form else "application/sparql-results+json"
    try:
        with urllib.request.urlopen(_request(endpoint, text, accept), timeout=timeout_s) as response:
            body = response.read()
    except urllib.error.HTTPError as exc:
        message = position_message(server_message(exc.read(), exc.headers.get("Content-Type", "")))
        message = f"{where}: endpoint {endpoint} answered HTTP {exc.code}: {message or exc.reason}"
        raise (InputError if exc.code == 400 else EndpointError)(message) from None
    except (TimeoutError, socket.timeout) as exc:
        raise EndpointError(f"{where}: endpoint {endpoint} gave {network_reason(exc, timeout_s)}"
                            " (a slow query? raise --timeout)") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = network_reason(exc, timeout_s)
        if reason.startswith("no answer"):
            raise EndpointError(f"{where}: endpoint {endpoint} gave {reason}"
                                " (a slow query? raise --timeout)") from None
        raise EndpointError(f"cannot reach endpoint {endpoint}: {reason}") from None
    if graph_form:
        triples = list(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))
        return QueryResult(["subject", "predicate", "object"], [[t.subject, t.predicate, t.object] for t in triples])
    try:
        data = json.loads(body)
    except ValueError:
        raise EndpointError(f"{where}: endpoint {endpoint} did not return SPARQL JSON results") from None
    return results_from_json(data)


def results_from_json(data: dict) -> QueryResult:
    """SPARQL 1.1 Results JSON (a SELECT or ASK answer) as a :class:`QueryResult`."""
    if "boolean" in data:
        value = "true" if data["boolean"] else "false"
        return QueryResult(["boolean"], [[ox.Literal(value, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean"))]])
    columns = data["head"]["vars"]
    rows = [[_term(b[c]) if c in b else None for c in columns] for b in data["results"]["bindings"]]
    return QueryResult(columns, rows)
