"""``paris-kg serve``: the SPARQL endpoint, dereferenceable IRIs, the query page and the dumps.

HTTP itself (framing, chunked bodies, header and body limits, idle connections) is aiohttp's
job; this module keeps routing, content negotiation and our pages. SPARQL queries go to a
supervised pool of Oxigraph children (:mod:`paris_kg.web.engine`) after
:mod:`paris_kg.web.guard` has refused federation and stack-breaking queries; IRI pages are
small bounded lookups answered in-process from the store opened read-only.

The server follows ``dist/current``: when a build publishes a new release, the next request
opens it (store and engines) and later requests use it; a request is answered wholly from one
release. Errors are one line of plain text with the right status (400 malformed, 403 update or
SERVICE, 404 unknown, 405 method, 406 format, 413 too large, 415 body type, 503 timeout or busy).
"""
from __future__ import annotations

import asyncio
import json
import logging
import os
import time
import urllib.parse

import pyoxigraph as ox
from aiohttp import web

from ..namespaces import BASE
from ..paths import Layout
from ..query.engine import UPDATE_KEYWORDS, position_message, query_form
from .engine import EnginePool, EngineProblem, ServerError
from .guard import QueryRefused, check_query
from .responses import HTML, HTTPProblem, open_data, plain_problem, response
from .negotiation import GRAPH_TYPES, RESULT_TYPES, STATIC_FILES, negotiate
from .pages import index_page, not_found_page, ontology_terms, query_page, search_page
from .search import build_index, search
from .assets import static_asset
from .resources import describe, named_graph, ontology, serialise

RESULT_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}


class Release:
    """One published release: its store, its engines and the IRI context; used whole per request."""

    def __init__(self, layout: Layout, store_dir: str, options: dict):
        from ..build.jsonld import build_context

        self.store_dir = store_dir
        self.store = ox.Store.read_only(store_dir)
        self.context = build_context(self.store)
        self._search: list[dict] | None = None
        self.pool = EnginePool(store_dir, options["timeout_s"], size=options["max_concurrent"],
                               max_queue=options["max_queue"], max_result_bytes=options["max_result_bytes"])


    def search_index(self) -> list[dict]:
        if self._search is None:
            self._search = build_index(self.store)
        return self._search

    def search_json(self) -> bytes:
        return json.dumps(self.search_index(), ensure_ascii=False, sort_keys=True).encode("utf-8")


class Site:
    """Everything the handlers need: layout, limits, the current release, the named queries."""

    def __init__(self, layout: Layout, *, timeout_s: float = 10.0, max_result_bytes: int = 20_000_000,
                 max_body_bytes: int = 1_000_000, max_concurrent: int = 2, max_queue: int = 16,
                 allow_service: frozenset[str] = frozenset(), cors_origins: frozenset[str] = frozenset(),
                 verbose: bool = False):
        from ..query.catalogue import named_queries

        self.layout = layout
        self.timeout_s, self.max_body_bytes, self.verbose = timeout_s, max_body_bytes, verbose
        self.allow_service, self.cors_origins = allow_service, cors_origins
        self.options = {"timeout_s": timeout_s, "max_concurrent": max_concurrent, "max_queue": max_queue,
                        "max_result_bytes": max_result_bytes}
        self.examples = [{"name": q.name, "title": q.first("title"), "text": q.text} for q in named_queries(layout)]
        self.release: Release | None = None
        self._switching = asyncio.Lock()
        self._retired: list[Release] = []

    def _store_target(self) -> str:
        location = os.path.realpath(self.layout.store_location)
        if not os.path.isdir(location):
            raise ServerError(f"no built graph in {self.layout.dist}: run `paris-kg build` first")
        return location

    async def current(self) -> Release:
        """The release to answer from: the one ``dist/current`` points to now."""
        target = self._store_target()
        if self.release is not None and self.release.store_dir == target:
            return self.release
        async with self._switching:
            if self.release is None or self.release.store_dir != target:
                fresh = Release(self.layout, target, self.options)
                await fresh.pool.start()
                old, self.release = self.release, fresh
                if old is not None:  # let requests in flight on the old release finish first
                    self._retired.append(old)
                    asyncio.get_running_loop().call_later(self.timeout_s + 5, self._retire, old)
        return self.release

    def _retire(self, release: Release) -> None:
        if release in self._retired:
            self._retired.remove(release)
            asyncio.get_running_loop().create_task(release.pool.close())

    async def close(self) -> None:
        """Stop every engine, the retired releases' too (a server may stop before they retire)."""
        for release in [self.release, *self._retired]:
            if release is not None:
                await release.pool.close()
        self._retired.clear()




SITE_KEY = web.AppKey("paris_kg_site", Site)


# ---------------------------------------------------------------- handlers

async def dispatch(request):
    site: Site = request.app[SITE_KEY]
    try:
        return await route(site, request)
    except HTTPProblem as p:
        if p.status == 404 and request.method == "GET" and _wants_html(request):
            return response(404, not_found_page(p.message).encode("utf-8"), HTML)
        return plain_problem(p.status, p.message, p.headers)
    except (QueryRefused, EngineProblem) as p:
        extra = {"Retry-After": str(p.retry_after)} if getattr(p, "retry_after", None) else {}
        return plain_problem(p.status, p.message, extra)
    except ServerError as exc:
        return plain_problem(503, str(exc))
    except asyncio.CancelledError:
        raise
    except Exception as exc:  # a bug must not take the server down, nor show a traceback
        # ...to the client; the operator gets it on stderr, with the path that caused it
        logging.getLogger("paris_kg.serve").exception("internal error on %s %s", request.method, request.path)
        return plain_problem(500, f"internal error: {type(exc).__name__}")


def _wants_html(request) -> bool:
    accept = request.headers.get("Accept") or ""
    return "text/html" in accept and negotiate(accept, {"text/html": "text/html", "text/plain": "text/plain"}, "text/plain") == "text/html"


async def route(site: Site, request):
    path = request.path  # percent-decoded by aiohttp
    method = request.method
    if method == "OPTIONS":
        return preflight(site, request, path)
    if path in ("/sparql", "/sparql/"):
        return await sparql(site, request)
    if path in ("/update", "/sparql/update"):
        raise HTTPProblem(403, "this server is read-only: SPARQL updates are refused")
    if method in ("PUT", "DELETE", "PATCH"):
        raise HTTPProblem(405, "this server is read-only", {"Allow": "GET, HEAD, OPTIONS"})
    if method not in ("GET", "HEAD"):
        raise HTTPProblem(405, f"{method} is not allowed on {path}", {"Allow": "GET, HEAD, OPTIONS"})
    if path == "/favicon.ico":
        return response(204, b"", "image/x-icon")
    if path == "/":
        files = [n for n in STATIC_FILES if (site.layout.dist / n).is_file()]
        return response(200, index_page(files).encode("utf-8"), HTML)
    if path == "/query":
        try:
            terms = ontology_terms((await site.current()).store)
        except ServerError:  # nothing built yet: the editor still works, without term completion
            terms = {"classes": [], "properties": []}
        return response(200, query_page(site.examples, terms).encode("utf-8"), HTML)
    if path.startswith("/static/"):
        return static_asset(path[len("/static/"):])
    release = await site.current()
    if path == "/search-index.json":
        return response(200, release.search_json(), "application/json", open_data())
    if path in ("/search", "/search.json"):
        return search_answer(release, request, path)
    if path.startswith(("/id/", "/vocab/")):
        return describe(release, request, path)
    if path in ("/ontology", "/ontology/") or path.startswith("/ontology/"):
        return ontology(release, request)
    if path == "/dataset":  # the dataset IRI of the VoID description
        return response(303, b"", "text/plain", {"Location": "/void.ttl"})
    if path.startswith("/graph/"):
        return named_graph(release, request, BASE + path[1:])
    name = path.lstrip("/")
    if name in STATIC_FILES:
        file = site.layout.dist / name
        if file.is_file():
            return response(200, file.read_bytes(), STATIC_FILES[name], open_data())
    raise HTTPProblem(404, f"not found: {path}")


def search_answer(release: "Release", request, path: str):
    """``/search?q=``: ranked hits as HTML, or JSON (``/search.json`` or ``Accept: application/json``)."""
    query = request.query.get("q", "")[:200]
    hits = search(release.search_index(), query)
    media = "application/json" if path.endswith(".json") else negotiate(
        request.headers.get("Accept"), {"text/html": "text/html", "application/json": "application/json"}, "text/html")
    if media == "application/json":
        return response(200, json.dumps({"query": query, "hits": hits}, ensure_ascii=False).encode("utf-8"),
                        "application/json", open_data())
    return response(200, search_page(query, hits).encode("utf-8"), HTML)


def preflight(site: Site, request, path: str):
    """OPTIONS: the methods of the resource; CORS preflight only for allowed origins on /sparql."""
    headers = {"Allow": "GET, HEAD, POST, OPTIONS" if path.startswith("/sparql") else "GET, HEAD, OPTIONS"}
    origin = request.headers.get("Origin")
    if origin and (not path.startswith("/sparql") or origin in site.cors_origins):
        headers.update({"Access-Control-Allow-Origin": origin if path.startswith("/sparql") else "*",
                        "Access-Control-Allow-Methods": headers["Allow"],
                        "Access-Control-Allow-Headers": "Content-Type, Accept", "Access-Control-Max-Age": "600",
                        "Vary": "Origin"})
    return response(204, b"", "text/plain", headers)


async def _read_body(site: Site, request) -> bytes:
    """The whole body (length-delimited or chunked, decoded by aiohttp), within size and time."""
    too_large = HTTPProblem(413, f"request body larger than {site.max_body_bytes} bytes", {"Connection": "close"})
    if request.content_length is not None and request.content_length > site.max_body_bytes:
        raise too_large
    try:
        body = await asyncio.wait_for(request.read(), 10)
    except web.HTTPRequestEntityTooLarge:
        raise too_large from None
    except asyncio.TimeoutError:
        raise HTTPProblem(408, "request body not received within 10 s", {"Connection": "close"}) from None
    if len(body) > site.max_body_bytes:
        raise too_large
    return body


async def sparql(site: Site, request):
    started = time.monotonic()
    params = urllib.parse.parse_qs(request.query_string, keep_blank_values=True)
    if request.method == "POST":
        ctype = (request.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        body = await _read_body(site, request)
        if ctype == "application/x-www-form-urlencoded":
            params.update(urllib.parse.parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True))
        elif ctype == "application/sparql-query":
            params["query"] = [body.decode("utf-8", "replace")]
        elif ctype == "application/sparql-update":
            raise HTTPProblem(403, "this server is read-only: SPARQL updates are refused")
        else:
            raise HTTPProblem(415, "send the query as application/sparql-query or application/x-www-form-urlencoded")
    elif request.method in ("PUT", "DELETE", "PATCH"):
        raise HTTPProblem(403, "this server is read-only: graph changes are refused")
    elif request.method not in ("GET", "HEAD"):
        raise HTTPProblem(405, f"{request.method} is not allowed on /sparql", {"Allow": "GET, HEAD, POST, OPTIONS"})
    if "update" in params:
        raise HTTPProblem(403, "this server is read-only: SPARQL updates are refused")
    queries = params.get("query") or []
    if len(queries) != 1 or not queries[0].strip():
        raise HTTPProblem(400, "give exactly one `query` parameter")
    query = queries[0]
    form = query_form(query)
    if form in UPDATE_KEYWORDS:
        raise HTTPProblem(403, f"this server is read-only: {form} is a SPARQL update")
    check_query(query, site.allow_service)
    graph_form = form in ("CONSTRUCT", "DESCRIBE")
    offered, default = (GRAPH_TYPES, "text/turtle") if graph_form else (RESULT_TYPES, "application/sparql-results+json")
    media = negotiate(request.headers.get("Accept"), offered, default)
    if media is None:
        raise HTTPProblem(406, "no acceptable format; offered: " + ", ".join(sorted(set(offered.values()))))
    release = await site.current()
    engine_media = "application/n-triples" if graph_form else "application/sparql-results+json"
    try:
        raw = await release.pool.run(query, engine_media, started)
    except EngineProblem as p:
        if p.status == 400:
            raise HTTPProblem(400, "malformed query: " + position_message(p.message)) from None
        raise
    body = await asyncio.get_running_loop().run_in_executor(None, _complete_answer, raw, media, graph_form, release)
    cors = {"Access-Control-Allow-Origin": request.headers["Origin"], "Vary": "Origin"} \
        if request.headers.get("Origin") in site.cors_origins else {}
    return response(200, body, media + ("; charset=utf-8" if media.startswith("text/") else ""), cors)


def _complete_answer(raw: bytes, media: str, graph_form: bool, release: Release) -> bytes:
    """Check the engine's answer is whole (it appends an error mid-stream), then convert it.

    The engine always answers JSON results or N-Triples, which are parsed in full here: a
    truncated or error-ended answer becomes a 502, never a 200 with a broken body.
    """
    try:
        if graph_form:
            triples = [q.triple if isinstance(q, ox.Quad) else q for q in ox.parse(raw, format=ox.RdfFormat.N_TRIPLES)]
            return serialise(triples, media, release.context)
        json.loads(raw)
        if media == "application/sparql-results+json":
            return raw
        return ox.parse_query_results(raw, format=ox.QueryResultsFormat.JSON).serialize(format=RESULT_FORMATS[media])
    except (ValueError, SyntaxError):
        raise EngineProblem(502, "the query engine stopped in the middle of its answer") from None


# ---------------------------------------------------------------- running

def make_app(site: Site):
    # body size is checked by us (with a clear 413); aiohttp's own cap is set just above it
    app = web.Application(client_max_size=site.max_body_bytes + 1)
    app[SITE_KEY] = site
    app.router.add_route("*", "/{tail:.*}", dispatch)

    async def stop_engines(app):
        await site.close()

    app.on_cleanup.append(stop_engines)
    return app
