"""Counts per class of the built graph: the quick answer to "what is in here?"."""
from __future__ import annotations

import pyoxigraph as ox

from ..namespaces import ONTOLOGY
from ..terms import compact

CLASS_COUNTS = f"""
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?class (COUNT(DISTINCT ?s) AS ?instances) WHERE {{
  ?s a ?class .
  FILTER(STRSTARTS(STR(?class), "{ONTOLOGY}"))
}} GROUP BY ?class ORDER BY ?class
"""


def class_counts(store: ox.Store) -> list[tuple[str, int]]:
    """Instances per class of our ontology. The build materialises inherited types, so a
    superclass count includes the instances of its subclasses (pk:Event counts every event)."""
    rows = store.query(CLASS_COUNTS, use_default_graph_as_union=True)
    return [(compact(r["class"].value), int(r["instances"].value)) for r in rows]


def triple_count(store: ox.Store) -> int:
    rows = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
    return int(next(iter(rows))["n"].value)


def statement_coverage(store: ox.Store, layout) -> list[tuple[str, dict[str, int]]]:
    """Fact statements per kind and how each is sourced, from ``queries/statement-coverage.rq``:
    (kind, {"facts", "own", "wholeResource", "editors", "uncovered"})."""
    from ..sparql_files import read_query_file

    text = read_query_file(layout.queries_dir / "statement-coverage.rq").text
    rows = store.query(text, use_default_graph_as_union=True)
    columns = ("facts", "own", "wholeResource", "editors", "uncovered")
    return [(r["kind"].value, {c: int(r[c].value) for c in columns}) for r in rows]
