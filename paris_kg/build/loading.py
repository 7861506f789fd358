"""Parse the authored Turtle files into one in-memory Oxigraph store, one named graph per role.

Parsing is done by pyoxigraph, which reports the exact line and column of a syntax error;
the error is re-raised as ``file:line:col: message`` so an editor can jump to it.
"""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pyoxigraph as ox

from ..errors import InputError
from ..namespaces import GRAPH_DATA, GRAPH_ONTOLOGY
from ..paths import Layout


def read_turtle(path: Path) -> bytes:
    """The bytes of one Turtle file, once they are known to be UTF-8 with sound typed literals."""
    from .literals import check_source_text

    try:
        data = Path(path).read_bytes()
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise InputError(f"{path}:{line}: not UTF-8 text ({exc.reason})") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    check_source_text(path, text)
    return data


@contextmanager
def _syntax_errors(path: Path) -> Iterator[None]:
    """Oxigraph's syntax errors as ``file:line:col: message``."""
    try:
        yield
    except SyntaxError as exc:
        line = getattr(exc, "lineno", None)
        col = getattr(exc, "offset", None)
        where = f"{path}:{line}:{col}" if line else str(path)
        msg = str(exc.msg if hasattr(exc, "msg") else exc)
        # pyoxigraph repeats the position in the message; keep only the description.
        if " column " in msg and ": " in msg:
            msg = msg.split(": ", 1)[1]
        raise InputError(f"{where}: {msg}") from None


def parse_turtle(path: Path) -> list[ox.Triple]:
    """Return the triples of one Turtle file, or raise :class:`InputError` pointing at the fault."""
    data = read_turtle(path)
    with _syntax_errors(path):
        return [q.triple for q in ox.parse(data, format=ox.RdfFormat.TURTLE, path=None)]


def _load_file(store: ox.Store, path: Path, graph: ox.NamedNode) -> None:
    data = read_turtle(path)
    with _syntax_errors(path):  # parsed and stored by Oxigraph, no Python object per triple
        store.bulk_load(data, format=ox.RdfFormat.TURTLE, to_graph=graph)


#: files parsed at once: Oxigraph's Turtle parser releases the GIL, and a build has two cores
LOAD_THREADS = 2


def load_sources(layout: Layout) -> ox.Store:
    """Load ontology and data files into a fresh in-memory store.

    Ontology and vocabulary files go to the ontology graph, data files to the data graph.
    Files are parsed two at a time; if several are faulty, the first in file order is reported,
    as if they had been read one by one.
    """
    from concurrent.futures import ThreadPoolExecutor

    store = ox.Store()
    groups = ((layout.ontology_files, GRAPH_ONTOLOGY), (layout.data_files, GRAPH_DATA))
    jobs = []
    for files, graph_iri in groups:
        if not files:
            raise InputError(f"{layout.root}: no Turtle files found for <{graph_iri}>")
        jobs += [(path, ox.NamedNode(graph_iri)) for path in files]
    # the largest first, so the two threads end together
    order = sorted(range(len(jobs)), key=lambda i: -_size(jobs[i][0]))
    with ThreadPoolExecutor(max_workers=LOAD_THREADS) as pool:
        futures = {i: pool.submit(_load_file, store, *jobs[i]) for i in order}
        for i in range(len(jobs)):  # errors in file order
            futures[i].result()
    return store


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # reported by read_turtle
