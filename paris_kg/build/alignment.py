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


def materialise(store: ox.Store, layout: Layout) -> int:
    """Add the alignment graph to ``store``; return how many new triples it holds."""
    graph = ox.NamedNode(GRAPH_ALIGNMENT)
    sources = [ox.NamedNode(GRAPH_ONTOLOGY), ox.NamedNode(GRAPH_DATA)]
    existing = {q.triple for q in store.quads_for_pattern(None, None, None, None) if q.graph_name != graph}
    new: set[ox.Triple] = set()
    for qf in read_query_dir(layout.alignment_dir):
        try:
            triples = store.query(qf.text, default_graph=sources)
        except SyntaxError as exc:
            raise InputError(f"{qf.path}: {exc}") from None
        new.update(t for t in triples if t not in existing)
    store.extend(ox.Quad(t.subject, t.predicate, t.object, graph) for t in new)
    return len(new)
