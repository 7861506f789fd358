"""``paris-kg site -o DIR``: the whole site as files any static host can serve.

The pages are the ones ``paris-kg serve`` renders (same functions, same templates): every
entity page as ``id/<kind>/<slug>.html`` with its ``.ttl``, ``.jsonld`` and ``.nt`` twins, the
home, search (filled in the browser from ``search-index.json``), 404 and query pages, the dumps,
VoID, docs, report, graph and timeline as built, the scripts, and ready rules for content
negotiation (Apache ``.htaccess``, an nginx snippet) and for the w3id.org redirect. Links keep the
served form (``/id/person/le-duc-tho``): static hosts and the rules map it to the ``.html`` file.
The site is written to a temporary directory beside ``DIR`` and renamed into place, and
:func:`broken_links` checks every internal link before anything is replaced.
"""
from __future__ import annotations

import html.parser
import json
import os
import shutil
import tempfile
import urllib.parse
from pathlib import Path

import pyoxigraph as ox

from ..atomic import replace_path
from ..errors import InputError
from ..namespaces import BASE
from ..paths import Layout
from ..rendering import STATIC, environment
from ..store import open_built_store
from .entity import local_href
from .negotiation import STATIC_FILES
from .pages import entity_page, index_page, not_found_page, ontology_terms, query_page, search_page
from .search import build_index


def _twins(store: ox.Store, iri: str, context: dict) -> dict[str, bytes]:
    from .resources import serialise

    triples = sorted({q.triple for q in store.quads_for_pattern(ox.NamedNode(iri), None, None, None)},
                     key=lambda t: (str(t.predicate), str(t.object)))
    return {".ttl": serialise(triples, "text/turtle", context), ".jsonld": serialise(triples, "application/ld+json", context),
            ".nt": serialise(triples, "application/n-triples", context)}


_VIEW_FILES = ("report.html", "graph.html", "timeline.html")


def _views(layout: Layout, store: ox.Store) -> dict[str, bytes]:
    """The report, graph and timeline made fresh from the same store (not copied from dist/)."""
    from ..views.graph_page import render_network_html
    from ..views.network import build_network
    from ..views.report import collect, collect_charts, evidence_of, to_html
    from ..views.timeline import render_timeline_html, timeline_items

    evidence = evidence_of(layout)  # one statement index for the tables and the charts
    return {"report.html": to_html(collect(layout, evidence), collect_charts(layout, evidence)).encode("utf-8"),
            "graph.html": render_network_html(build_network(store, include_events=True)).encode("utf-8"),
            "timeline.html": render_timeline_html(timeline_items(store)).encode("utf-8")}


def render_site(layout: Layout, endpoint: str = "/sparql", base_url: str = "https://example.org/paris-kg") -> dict[str, bytes]:
    """Every file of the site: path relative to the site root -> bytes."""
    from ..build.jsonld import build_context
    from ..query.catalogue import named_queries

    store = open_built_store(layout)
    context = build_context(store)
    files: dict[str, bytes] = {}
    subjects = sorted({q.subject.value for q in store.quads_for_pattern(None, None, None, None)
                       if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith((BASE + "id/", BASE + "vocab/"))})
    for iri in subjects:
        rel = local_href(iri)[1:]
        files[rel + ".html"] = entity_page(store, iri).encode("utf-8")
        for suffix, data in _twins(store, iri, context).items():
            files[rel + suffix] = data
    files.update(_views(layout, store))
    present = sorted({n for n in STATIC_FILES if (layout.dist / n).is_file()} | set(_VIEW_FILES))
    files["index.html"] = index_page([n for n in STATIC_FILES if n in present]).encode("utf-8")
    files["search.html"] = search_page("", None).encode("utf-8")
    files["search-index.json"] = json.dumps(build_index(store), ensure_ascii=False, sort_keys=True).encode("utf-8")
    files["404.html"] = not_found_page("There is no page at this address.").encode("utf-8")
    examples = [{"name": q.name, "title": q.first("title"), "text": q.text} for q in named_queries(layout)]
    files["query.html"] = query_page(examples, ontology_terms(store), endpoint=endpoint).encode("utf-8")
    for name in present:
        if name not in files:
            files[name] = (layout.dist / name).read_bytes()
    charts = layout.dist / "charts"
    if charts.is_dir():
        for svg in sorted(charts.glob("*.svg")):
            files[f"charts/{svg.name}"] = svg.read_bytes()
    ontology_graph = [q.triple for q in store.quads_for_pattern(None, None, None, ox.NamedNode(BASE + "graph/ontology"))]
    from .resources import serialise

    files["ontology.ttl"] = serialise(sorted(ontology_graph, key=str), "text/turtle", context)
    for path in sorted(STATIC.rglob("*")):
        if path.is_file():
            files["static/" + path.relative_to(STATIC).as_posix()] = path.read_bytes()
    env = environment()
    for name, target in (("htaccess.txt", ".htaccess"), ("nginx.conf.txt", "nginx-paris-kg.conf"),
                         ("w3id.htaccess.txt", "w3id.htaccess")):
        files[target] = env.get_template(f"publish/{name}").render(base_url=base_url.rstrip("/")).encode("utf-8")
    return files


class _Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)


def _exists(root: Path, path: str) -> bool:
    rel = path.lstrip("/")
    candidates = [rel or "index.html", rel + ".html", rel.rstrip("/") + "/index.html"]
    return any((root / c).is_file() for c in candidates if c)


def broken_links(root: Path) -> list[tuple[str, str]]:
    """(page, link) for every internal link of the site at ``root`` that leads to no file."""
    broken = []
    for page in sorted(root.rglob("*.html")):
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        base = "/" + page.relative_to(root).as_posix()
        for link in parser.links:
            parts = urllib.parse.urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith("#"):
                continue
            target = urllib.parse.unquote(urllib.parse.urljoin(base, parts.path))
            if not _exists(root, target):
                broken.append((base, link))
    return broken


def write_site(layout: Layout, out: Path, endpoint: str = "/sparql", base_url: str = "https://example.org/paris-kg") -> int:
    """Write the site to ``out`` (replacing it whole); the number of files. Refuses broken links."""
    files = render_site(layout, endpoint, base_url)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        for rel, data in files.items():
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            os.chmod(target, 0o644)
        os.chmod(staging, 0o755)
        broken = broken_links(staging)
        if broken:
            page, link = broken[0]
            raise InputError(f"{len(broken)} broken internal link(s), first: {link} on {page}")
        replace_path(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return len(files)
