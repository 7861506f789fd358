"""Materialise the alignment triples, so a consumer who knows only schema.org, PROV, SEM or
CRM can use the dumps without reading our ontology.

Each ``queries/alignment/*.rq`` file is a CONSTRUCT over the union of the authored graphs;
its results go into the alignment named graph. Doing it with a handful of CONSTRUCTs
instead of a full OWL-RL closure keeps the output small and predictable.
"""
from __future__ import annotations

import pyoxigraph as ox

from ..errors import InputError
from ..namespaces import GRAPH_ALIGNMENT, GRAPH_DATA, GRAPH_ONTOLOGY
from ..paths import Layout
from ..sparql_files import read_query_dir
from .ordered import SortedGraphs


def materialise(store: ox.Store, layout: Layout, graphs: SortedGraphs | None = None) -> int:
    """Add the alignment graph to ``store``; return how many new triples it holds.

    The CONSTRUCTs' results stay N-Triples text (Oxigraph writes and reads it), and the
    triples already authored are taken out by comparing lines, not Python objects, so the
    step costs little more than the queries themselves at any size.
    """
    graphs = graphs or SortedGraphs(store)
    sources = [ox.NamedNode(GRAPH_ONTOLOGY), ox.NamedNode(GRAPH_DATA)]
    new: set[bytes] = set()
    for qf in read_query_dir(layout.alignment_dir):
        try:
            triples = store.query(qf.text, default_graph=sources)
        except SyntaxError as exc:
            raise InputError(f"{qf.path}: {exc}") from None
        new.update(triples.serialize(format=ox.RdfFormat.N_TRIPLES).splitlines(keepends=True))
    for graph in (GRAPH_ONTOLOGY, GRAPH_DATA):
        new.difference_update(graphs.lines(graph))
    lines = sorted(new)
    store.bulk_load(b"".join(lines), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(GRAPH_ALIGNMENT))
    graphs.put(GRAPH_ALIGNMENT, lines)
    return len(lines)
