"""``paris-kg publish``: load the built graph into any SPARQL 1.1 Graph Store Protocol store.

One HTTP ``PUT`` of the N-Triples dump to the store's graph-store URL: the protocol makes
PUT replace the target graph as one operation, so readers see the old graph or the new one,
never a mix. Without ``--graph`` the default graph is replaced.
"""
from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request

from ..errors import NotBuiltError, ParisKGError
from ..paths import Layout


class PublishError(ParisKGError):
    exit_code = 1


def graph_store_url(endpoint: str, graph: str | None) -> str:
    sep = "&" if "?" in endpoint else "?"
    if graph:
        return f"{endpoint}{sep}graph={urllib.parse.quote(graph, safe='')}"
    return f"{endpoint}{sep}default"


def publish(layout: Layout, endpoint: str, graph: str | None = None, timeout_s: float = 120) -> int:
    """PUT the N-Triples dump; return the number of triples sent."""
    dump = layout.ntriples_dump
    if not dump.is_file():
        raise NotBuiltError(f"no {dump.name} in {layout.dist}: run `paris-kg build` first")
    data = dump.read_bytes()
    url = graph_store_url(endpoint, graph)
    request = urllib.request.Request(url, data=data, method="PUT",
                                     headers={"Content-Type": "application/n-triples"})
    try:
        with urllib.request.urlopen(request, timeout=timeout_s) as response:
            response.read()
    except urllib.error.HTTPError as exc:
        detail = exc.read(500).decode("utf-8", "replace").strip().splitlines()
        raise PublishError(f"{url}: HTTP {exc.code}: {detail[0] if detail else exc.reason}") from None
    except (urllib.error.URLError, OSError) as exc:
        raise PublishError(f"cannot reach {endpoint}: {getattr(exc, 'reason', exc)}") from None
    return data.count(b"\n")
