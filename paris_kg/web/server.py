"""``paris-kg serve``: the SPARQL endpoint, dereferenceable IRIs, a query page and the dumps.

Two engines, both Oxigraph:

* SPARQL queries go to an ``oxigraph serve-read-only`` child process (the ``oxigraph``
  package) bound to a private loopback port, started with ``--timeout-s`` so a runaway
  query is really cancelled inside the engine. This front server checks the request
  (read-only, size, media types), forwards it, caps the size of the answer, and turns
  Oxigraph's mid-stream cancellation into a clean ``503``.
* IRI pages (``/id/...``, ``/vocab/...``) are small bounded lookups, answered in-process
  from the same store opened read-only with pyoxigraph.

Errors are short plain-text messages with the right status: 400 malformed query or
request, 403 updates, 404 unknown IRI or path, 405 method, 406 unacceptable format,
413 oversized request or result, 415 unsupported request body, 503 timeout.
"""
from __future__ import annotations

import socket
import threading
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pyoxigraph as ox

from ..namespaces import BASE
from ..paths import Layout
from ..query.engine import UPDATE_KEYWORDS, position_message, query_form
from ..rendering import STATIC
from ..store import open_built_store
from .engine import Engine, ServerError
from .negotiation import GRAPH_TYPES, RESULT_TYPES, STATIC_FILES, SUFFIXES, negotiate
from .pages import index_page, query_page, resource_page

SCRIPTS = {"query.js"}  # files of paris_kg/static served at /static/ (scripts of the served pages)
CANCELLED = b"The SPARQL operation has been cancelled"


class HTTPProblem(Exception):
    """Raised inside a handler: answered as ``status`` with a one-line plain-text message."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


class Site:
    """Everything the handler needs: layout, stores, limits, named queries for the query page."""

    def __init__(self, layout: Layout, *, timeout_s: float = 10.0, max_result_bytes: int = 20_000_000,
                 max_body_bytes: int = 1_000_000):
        from ..query.catalogue import named_queries

        self.layout = layout
        self.store = open_built_store(layout)
        self.timeout_s = timeout_s
        self.max_result_bytes = max_result_bytes
        self.max_body_bytes = max_body_bytes
        self.examples = [{"name": q.name, "title": q.first("title"), "text": q.text} for q in named_queries(layout)]
        self.engine = Engine(layout.store_dir, timeout_s)
        from ..build.jsonld import build_context

        self.context = build_context(self.store)

    def close(self) -> None:
        self.engine.stop()


class Handler(BaseHTTPRequestHandler):
    server_version = "paris-kg"
    protocol_version = "HTTP/1.1"
    site: Site  # set on the subclass made by make_server

    # ------------------------------------------------------------ plumbing
    def log_message(self, fmt, *args) -> None:  # quiet by default; `serve --verbose` turns it on
        if getattr(self.server, "verbose", False):
            super().log_message(fmt, *args)

    def send(self, status: int, body: bytes, content_type: str, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Access-Control-Allow-Origin", "*")
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def problem(self, status: int, message: str) -> None:
        self.close_connection = True  # an unread request body must not be taken for the next request
        self.send(status, (message + "\n").encode("utf-8"), "text/plain; charset=utf-8")

    def handle_one(self) -> None:
        try:
            self.route()
        except HTTPProblem as p:
            self.problem(p.status, p.message)
        except (BrokenPipeError, ConnectionResetError):
            pass
        except Exception as exc:  # a bug must not take the server down
            self.problem(500, f"internal error: {type(exc).__name__}")

    do_GET = do_HEAD = do_POST = handle_one

    def do_PUT(self) -> None:
        self.problem(405 if not self.path.startswith(("/sparql", "/update")) else 403, "this server is read-only")

    do_DELETE = do_PATCH = do_PUT

    # ------------------------------------------------------------ routing
    def route(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        path = urllib.parse.unquote(url.path)
        if path in ("/sparql", "/sparql/"):
            return self.sparql(url)
        if path in ("/update", "/sparql/update"):
            raise HTTPProblem(403, "this server is read-only: SPARQL updates are refused")
        if self.command == "POST":
            raise HTTPProblem(405, f"POST is not allowed on {path}")
        if path == "/favicon.ico":  # browsers ask for it on every static page; nothing to show
            return self.send(204, b"", "image/x-icon")
        if path == "/":
            return self.send(200, index_page([n for n in STATIC_FILES if (self.site.layout.dist / n).is_file()]).encode("utf-8"), "text/html; charset=utf-8")
        if path == "/query":
            return self.send(200, query_page(self.site.examples).encode("utf-8"), "text/html; charset=utf-8")
        if path.startswith(("/id/", "/vocab/")):
            return self.describe(path)
        if path in ("/ontology", "/ontology/") or path.startswith("/ontology/"):  # incl. the version IRI
            return self.ontology()
        if path == "/dataset":  # the dataset IRI of the VoID description
            return self.send(303, b"", "text/plain", {"Location": "/void.ttl"})
        if path.startswith("/graph/"):
            return self.named_graph(BASE + path[1:])
        if path.startswith("/static/") and path[8:] in SCRIPTS:
            return self.send(200, (STATIC / path[8:]).read_bytes(), "text/javascript; charset=utf-8")
        name = path.lstrip("/")
        if name in STATIC_FILES:
            file = self.site.layout.dist / name
            if file.is_file():
                return self.send(200, file.read_bytes(), STATIC_FILES[name])
        raise HTTPProblem(404, f"not found: {path}")

    # ------------------------------------------------------------ SPARQL protocol
    def _body(self) -> bytes:
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            raise HTTPProblem(400, "bad Content-Length") from None
        if length > self.site.max_body_bytes:
            # Read and drop a moderately oversized body first, so the client finishes sending
            # and can read our answer instead of seeing the connection reset.
            remaining = length if length <= 16 * self.site.max_body_bytes else 0
            while remaining > 0:
                chunk = self.rfile.read(min(remaining, 65536))
                if not chunk:
                    break
                remaining -= len(chunk)
            raise HTTPProblem(413, f"request body larger than {self.site.max_body_bytes} bytes")
        return self.rfile.read(length) if length else b""

    def sparql(self, url) -> None:
        params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        if self.command == "POST":
            ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            body = self._body()
            if ctype == "application/x-www-form-urlencoded":
                params.update(urllib.parse.parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True))
            elif ctype == "application/sparql-query":
                params["query"] = [body.decode("utf-8", "replace")]
            elif ctype == "application/sparql-update":
                raise HTTPProblem(403, "this server is read-only: SPARQL updates are refused")
            else:
                raise HTTPProblem(415, "send the query as application/sparql-query or application/x-www-form-urlencoded")
        elif self.command not in ("GET", "HEAD"):
            raise HTTPProblem(405, f"{self.command} is not allowed on /sparql")
        if "update" in params:
            raise HTTPProblem(403, "this server is read-only: SPARQL updates are refused")
        queries = params.get("query") or []
        if len(queries) != 1 or not queries[0].strip():
            raise HTTPProblem(400, "give exactly one `query` parameter")
        query = queries[0]
        form = query_form(query)
        if form in UPDATE_KEYWORDS:
            raise HTTPProblem(403, f"this server is read-only: {form} is a SPARQL update")
        graph_form = form in ("CONSTRUCT", "DESCRIBE")
        offered, default = (GRAPH_TYPES, "text/turtle") if graph_form else (RESULT_TYPES, "application/sparql-results+json")
        media = negotiate(self.headers.get("Accept"), offered, default)
        if media is None:
            raise HTTPProblem(406, "no acceptable format; offered: " + ", ".join(sorted(set(offered.values()))))
        request = urllib.request.Request(self.site.engine.url, data=query.encode("utf-8"), method="POST",
                                         headers={"Content-Type": "application/sparql-query", "Accept": media})
        try:
            # a safety net only: the engine cancels the query itself after timeout_s
            with urllib.request.urlopen(request, timeout=self.site.timeout_s + 30) as response:
                body = response.read(self.site.max_result_bytes + 1)
        except urllib.error.HTTPError as exc:
            text = exc.read(2000).decode("utf-8", "replace").strip().splitlines()
            if exc.code == 400:
                raise HTTPProblem(400, "malformed query: " + (position_message(text[0]) if text else "")) from None
            raise HTTPProblem(502, f"query engine error {exc.code}") from None
        except (TimeoutError, socket.timeout):
            raise HTTPProblem(503, f"query stopped: it ran longer than {self.site.timeout_s:g} s") from None
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, (TimeoutError, socket.timeout)):
                raise HTTPProblem(503, f"query stopped: it ran longer than {self.site.timeout_s:g} s") from None
            raise HTTPProblem(502, "query engine unavailable") from None
        if len(body) > self.site.max_result_bytes:
            raise HTTPProblem(413, f"result larger than {self.site.max_result_bytes} bytes: add a LIMIT or narrow the query")
        if body.rstrip().endswith(CANCELLED):
            raise HTTPProblem(503, f"query stopped: it ran longer than {self.site.timeout_s:g} s")
        charset = "; charset=utf-8" if media.startswith("text/") else ""
        self.send(200, body, media + charset)

    # ------------------------------------------------------------ IRIs
    def describe(self, path: str) -> None:
        suffix = next((s for s in SUFFIXES if path.endswith(s)), None)
        iri = BASE + (path[1:-len(suffix)] if suffix else path[1:])
        node = ox.NamedNode(iri)
        quads = list(self.site.store.quads_for_pattern(node, None, None, None))
        if not quads:
            raise HTTPProblem(404, f"unknown IRI: <{iri}>")
        triples = sorted({q.triple for q in quads}, key=lambda t: (str(t.predicate), str(t.object)))
        if suffix:
            media = SUFFIXES[suffix]
        else:
            media = negotiate(self.headers.get("Accept"), {"text/html": "text/html", **GRAPH_TYPES}, "text/turtle")
            if media is None:
                raise HTTPProblem(406, "no acceptable format; offered: text/html, " + ", ".join(GRAPH_TYPES))
        vary = {"Vary": "Accept"} if not suffix else {}
        if media == "text/html":
            return self.send(200, resource_page(self.site.store, iri, triples).encode("utf-8"), "text/html; charset=utf-8", vary)
        self.send(200, serialise(triples, media, self.site.context), media + ("; charset=utf-8" if media.startswith("text/") else ""), vary)

    def named_graph(self, iri: str) -> None:
        """A named graph of the store (ontology, data, alignment) in the requested RDF syntax."""
        quads = list(self.site.store.quads_for_pattern(None, None, None, ox.NamedNode(iri)))
        if not quads:
            raise HTTPProblem(404, f"unknown graph: <{iri}>")
        media = negotiate(self.headers.get("Accept"), GRAPH_TYPES, "text/turtle")
        if media is None:
            raise HTTPProblem(406, "no acceptable format; offered: " + ", ".join(GRAPH_TYPES))
        triples = sorted({q.triple for q in quads}, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
        self.send(200, serialise(triples, media, self.site.context), media)

    def ontology(self) -> None:
        media = negotiate(self.headers.get("Accept"), {"text/html": "text/html", **GRAPH_TYPES}, "text/html")
        if media == "text/html":
            self.send(303, b"", "text/plain", {"Location": "/docs/ontology.html"})
            return
        if media is None:
            raise HTTPProblem(406, "no acceptable format")
        quads = self.site.store.quads_for_pattern(None, None, None, ox.NamedNode(BASE + "graph/ontology"))
        triples = sorted({q.triple for q in quads}, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
        self.send(200, serialise(triples, media, self.site.context), media)


def serialise(triples: list[ox.Triple], media: str, context: dict) -> bytes:
    if media == "application/ld+json":
        from ..build.jsonld import jsonld_bytes

        return jsonld_bytes(triples, context)
    if media == "application/n-triples":
        return "".join(f"{t.subject} {t.predicate} {t.object} .\n" for t in triples).encode("utf-8")
    from ..build.dumps import turtle_bytes

    return turtle_bytes(triples)


# ---------------------------------------------------------------- running

class ParisKGServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64


def make_server(layout: Layout, host: str = "127.0.0.1", port: int = 8000, *, timeout_s: float = 10.0,
                max_result_bytes: int = 20_000_000, verbose: bool = False) -> tuple[ParisKGServer, Site]:
    """Start the query engine and bind the HTTP server (not yet serving)."""
    site = Site(layout, timeout_s=timeout_s, max_result_bytes=max_result_bytes)
    handler = type("BoundHandler", (Handler,), {"site": site})
    try:
        server = ParisKGServer((host, port), handler)
    except OSError as exc:
        site.close()
        raise ServerError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    server.verbose = verbose
    return server, site


def start_in_thread(layout: Layout, **kwargs) -> tuple[ParisKGServer, Site, str]:
    """For tests and benchmarks: serve on a free loopback port in a background thread."""
    server, site = make_server(layout, "127.0.0.1", 0, **kwargs)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, site, f"http://127.0.0.1:{server.server_address[1]}"
