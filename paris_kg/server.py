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

import html
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox

from .errors import ParisKGError
from .namespaces import BASE, ONTOLOGY
from .paths import Layout
from .query.engine import UPDATE_KEYWORDS, position_message, query_form
from .store import open_built_store
from .terms import compact

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
STATIC = {  # file in dist/ -> media type
    "void.ttl": "text/turtle; charset=utf-8",
    "paris-kg.ttl": "text/turtle; charset=utf-8",
    "paris-kg.nt": "application/n-triples; charset=utf-8",
    "paris-kg.nt.gz": "application/gzip",
    "paris-kg.jsonld": "application/ld+json; charset=utf-8",
    "paris-kg.context.jsonld": "application/ld+json; charset=utf-8",
    "paris-kg.trig": "application/trig; charset=utf-8",
    "docs/ontology.html": "text/html; charset=utf-8",
    "report.html": "text/html; charset=utf-8",
    "graph.html": "text/html; charset=utf-8",
    "timeline.html": "text/html; charset=utf-8",
}
CANCELLED = b"The SPARQL operation has been cancelled"


class ServerError(ParisKGError):
    exit_code = 1


class HTTPProblem(Exception):
    """Raised inside a handler: answered as ``status`` with a one-line plain-text message."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _oxigraph_binary() -> str:
    found = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not os.path.exists(found):
        raise ServerError("the `oxigraph` server binary is missing: pip install 'oxigraph>=0.5.13'")
    return found


class Engine:
    """The Oxigraph child process that runs SPARQL queries, with a hard per-query timeout."""

    def __init__(self, store_dir: Path, timeout_s: float):
        self.port = _free_port()
        self.timeout_s = timeout_s
        self.url = f"http://127.0.0.1:{self.port}/query"
        self.proc = subprocess.Popen(
            [_oxigraph_binary(), "serve-read-only", "--location", str(store_dir), "--bind", f"127.0.0.1:{self.port}",
             "--union-default-graph", "--timeout-s", str(max(1, int(round(timeout_s))))],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise ServerError(f"oxigraph could not start: {self.proc.stderr.read().decode(errors='replace').strip()}")
            try:
                urllib.request.urlopen(self.url + "?query=ASK%7B%7D", timeout=1).read()
                return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise ServerError("oxigraph did not start within 20 s")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


class Site:
    """Everything the handler needs: layout, stores, limits, named queries for the query page."""

    def __init__(self, layout: Layout, *, timeout_s: float = 10.0, max_result_bytes: int = 20_000_000,
                 max_body_bytes: int = 1_000_000):
        from .query.catalogue import named_queries

        self.layout = layout
        self.store = open_built_store(layout)
        self.timeout_s = timeout_s
        self.max_result_bytes = max_result_bytes
        self.max_body_bytes = max_body_bytes
        self.examples = [{"name": q.name, "title": q.first("title"), "text": q.text} for q in named_queries(layout)]
        self.engine = Engine(layout.store_dir, timeout_s)
        from .build.jsonld import build_context

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
            return self.send(200, index_page(self.site).encode("utf-8"), "text/html; charset=utf-8")
        if path == "/query":
            return self.send(200, query_page(self.site).encode("utf-8"), "text/html; charset=utf-8")
        if path.startswith(("/id/", "/vocab/")):
            return self.describe(path)
        if path in ("/ontology", "/ontology/") or path.startswith("/ontology/"):  # incl. the version IRI
            return self.ontology()
        if path == "/dataset":  # the dataset IRI of the VoID description
            return self.send(303, b"", "text/plain", {"Location": "/void.ttl"})
        if path.startswith("/graph/"):
            return self.named_graph(BASE + path[1:])
        name = path.lstrip("/")
        if name in STATIC:
            file = self.site.layout.dist / name
            if file.is_file():
                return self.send(200, file.read_bytes(), STATIC[name])
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
            return self.send(200, resource_page(self.site, iri, triples).encode("utf-8"), "text/html; charset=utf-8", vary)
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
        from .build.jsonld import jsonld_bytes

        return jsonld_bytes(triples, context)
    if media == "application/n-triples":
        return "".join(f"{t.subject} {t.predicate} {t.object} .\n" for t in triples).encode("utf-8")
    from .build.dumps import turtle_bytes

    return turtle_bytes(triples)


# ---------------------------------------------------------------- HTML pages

PAGE_CSS = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 1.5rem auto; max-width: 70rem; padding: 0 1rem; color: #222; }
table { border-collapse: collapse; width: 100%; } th, td { border: 1px solid #ddd; padding: .3rem .45rem;
vertical-align: top; text-align: left; } th { background: #f3f3f3; } code { font-size: .88rem; } .muted { color: #666; }
textarea { width: 100%; height: 16rem; font: 13px monospace; } select, button { font: inherit; }
"""


def _page(title: str, body: str) -> str:
    return ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; script-src 'unsafe-inline'; "
            "style-src 'unsafe-inline'; img-src 'self' data:\">"
            '<link rel="icon" href="data:,">'
            f"<title>{html.escape(title)}</title><style>{PAGE_CSS}</style></head><body>{body}</body></html>\n")


def _local_href(iri: str) -> str | None:
    if iri.startswith(BASE + "id/") or iri.startswith(BASE + "vocab/"):
        return "/" + iri[len(BASE):]
    if iri.startswith(ONTOLOGY):
        return "/docs/ontology.html#" + iri[len(ONTOLOGY):]
    return None


def _term_html(term, labels: dict[str, str]) -> str:
    e = html.escape
    if isinstance(term, ox.NamedNode):
        href = _local_href(term.value) or term.value
        name = labels.get(term.value) or compact(term.value).strip("<>")
        return f'<a href="{e(href)}">{e(name)}</a> <span class="muted"><code>{e(compact(term.value))}</code></span>'
    if isinstance(term, ox.Literal):
        tag = f" @{term.language}" if term.language else (
            "" if term.datatype.value.endswith("#string") else f" ({compact(term.datatype.value)})")
        return f'{e(term.value)}<span class="muted">{e(tag)}</span>'
    return e(str(term))


def _labels(store: ox.Store, iris: set[str]) -> dict[str, str]:
    out = {}
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    pref = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
    for iri in iris:
        found = {}
        for p in (label, pref):
            for q in store.quads_for_pattern(ox.NamedNode(iri), p, None, None):
                found.setdefault(q.object.language or "", q.object.value)
        if found:
            out[iri] = found.get("en") or next(iter(found.values()))
    return out


def resource_page(site: Site, iri: str, triples: list[ox.Triple]) -> str:
    e = html.escape
    store = site.store
    incoming = sorted({(q.subject.value, q.predicate.value) for q in
                       store.quads_for_pattern(None, None, ox.NamedNode(iri), None)})[:300]
    linked = {t.object.value for t in triples if isinstance(t.object, ox.NamedNode)} | {s for s, _ in incoming} | {iri}
    labels = _labels(store, linked)
    title = labels.get(iri, compact(iri))
    types = [t.object.value for t in triples if t.predicate.value.endswith("#type") and t.object.value.startswith(ONTOLOGY)]
    rows = "".join(f"<tr><td><code>{e(compact(t.predicate.value))}</code></td><td>{_term_html(t.object, labels)}</td></tr>"
                   for t in triples)
    cites = [t.object for t in triples if t.predicate.value == ONTOLOGY + "citation"]
    cite_html = "".join(f"<li>{_term_html(c, labels)}</li>" for c in cites)
    inc = "".join(f"<tr><td>{_term_html(ox.NamedNode(s), labels)}</td><td><code>{e(compact(p))}</code></td></tr>"
                  for s, p in incoming)
    path = _local_href(iri) or ""
    body = (f"<p class=\"muted\"><a href=\"/\">paris-kg</a> · <a href=\"/query\">query</a></p>"
            f"<h1>{e(title)}</h1><p><code>{e(iri)}</code></p>"
            f"<p>Kind: {', '.join(e(t[len(ONTOLOGY):]) for t in sorted(types)) or '—'} · "
            f"<a href=\"{e(path)}.ttl\">Turtle</a> · <a href=\"{e(path)}.jsonld\">JSON-LD</a> · "
            f"<a href=\"{e(path)}.nt\">N-Triples</a></p>"
            + (f"<h2>Sources</h2><ul>{cite_html}</ul>" if cites else "")
            + f"<h2>Properties</h2><table><tr><th>property</th><th>value</th></tr>{rows}</table>"
            + (f"<h2>Linked from</h2><table><tr><th>resource</th><th>via</th></tr>{inc}</table>" if incoming else ""))
    return _page(title, body)


def index_page(site: Site) -> str:
    files = "".join(f'<li><a href="/{name}">{name}</a></li>' for name in STATIC if (site.layout.dist / name).is_file())
    body = ("<h1>paris-kg</h1><p>The Paris peace negotiations on Vietnam (1968-1973) as linked data.</p><ul>"
            "<li><a href=\"/query\">Query page</a> (SPARQL, with the named queries as examples)</li>"
            "<li>SPARQL 1.1 endpoint: <code>/sparql</code> (GET or POST; read-only)</li>"
            "<li>Example resources: <a href=\"/id/person/le-duc-tho\">Lê Đức Thọ</a>, "
            "<a href=\"/id/proposal/1969-05-14-us-eight-point-plan\">US eight-point proposal, May 1969</a></li>"
            f"<li><a href=\"/ontology\">Ontology</a></li></ul><h2>Files</h2><ul>{files}</ul>")
    return _page("paris-kg", body)


def query_page(site: Site) -> str:
    examples = json.dumps(site.examples, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    body = """<p class="muted"><a href="/">paris-kg</a></p><h1>SPARQL query</h1>
<p><label>Example: <select id="examples"><option value="">choose a named query…</option></select></label></p>
<textarea id="query" spellcheck="false">SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 10</textarea>
<p><button id="run">Run</button> <span id="status" class="muted" role="status"></span></p>
<div id="results"></div>
<script>
(function () {
  "use strict";
  var EXAMPLES = @@EXAMPLES@@;
  var select = document.getElementById("examples");
  EXAMPLES.forEach(function (q, i) {
    var o = document.createElement("option"); o.value = String(i); o.textContent = q.name + " — " + q.title; select.appendChild(o);
  });
  select.addEventListener("change", function () {
    if (select.value !== "") { document.getElementById("query").value = EXAMPLES[Number(select.value)].text; }
  });
  function show(data) {
    var box = document.getElementById("results"); box.textContent = "";
    if (data.boolean !== undefined) { box.textContent = String(data.boolean); return; }
    var table = document.createElement("table"), head = document.createElement("tr");
    data.head.vars.forEach(function (v) { var th = document.createElement("th"); th.textContent = v; head.appendChild(th); });
    table.appendChild(head);
    data.results.bindings.forEach(function (b) {
      var tr = document.createElement("tr");
      data.head.vars.forEach(function (v) {
        var td = document.createElement("td"), t = b[v];
        if (t && t.type === "uri") {
          var a = document.createElement("a"); a.textContent = t.value;
          a.href = t.value.indexOf("https://w3id.org/paris-kg/") === 0 ? "/" + t.value.slice(26) : t.value;
          td.appendChild(a);
        } else if (t) { td.textContent = t.value; }
        tr.appendChild(td);
      });
      table.appendChild(tr);
    });
    box.appendChild(table);
    document.getElementById("status").textContent = data.results.bindings.length + " rows";
  }
  document.getElementById("run").addEventListener("click", function () {
    var status = document.getElementById("status");
    status.textContent = "running…";
    fetch("/sparql", { method: "POST", headers: { "Content-Type": "application/sparql-query",
                                                    "Accept": "application/sparql-results+json" },
                       body: document.getElementById("query").value })
      .then(function (r) { return r.ok ? r.json().then(show) : r.text().then(function (t) { throw new Error(t); }); })
      .catch(function (err) { status.textContent = "Error: " + err.message; });
  });
  window.pkReady = true;
})();
</script>""".replace("@@EXAMPLES@@", examples)
    return _page("paris-kg: SPARQL query", body)


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
