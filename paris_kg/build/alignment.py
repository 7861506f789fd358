"""Materialise the alignment triples, so a consumer who knows only schema.org, PROV, SEM or
CRM can use the dumps without reading our ontology.

Each ``queries/alignment/*.rq`` file is a CONSTRUCT over the union of the authored graphs;
its results go into the alignment named graph. Doing it with a handful of CONSTRUCTs
instead of a full OWL-RL closure keeps the output small and predictable.

The CONSTRUCTs are run as SPARQL updates (``INSERT { GRAPH <alignment> { template } }
USING <ontology> USING <data> WHERE ...``, the same template over the same dataset), so the
new triples go from the query engine into the store without being written out and read back;
the ones already authored are then taken out of the alignment graph by one more update.
"""
from __future__ import annotations

import pyoxigraph as ox

from ..errors import InputError
from ..namespaces import GRAPH_ALIGNMENT, GRAPH_DATA, GRAPH_ONTOLOGY
from ..paths import Layout
from ..sparql_files import read_query_dir

#: the alignment graph keeps only triples that no authored graph holds
_DROP_AUTHORED = f"""DELETE {{ GRAPH <{GRAPH_ALIGNMENT}> {{ ?s ?p ?o }} }}
WHERE {{ GRAPH <{GRAPH_ALIGNMENT}> {{ ?s ?p ?o }} VALUES ?g {{ <{GRAPH_ONTOLOGY}> <{GRAPH_DATA}> }} GRAPH ?g {{ ?s ?p ?o }} }}"""


def _skip(text: str, i: int) -> int:
    """The index after the comment, IRI or string that starts at ``text[i]`` (or ``i`` + 1)."""
    c = text[i]
    if c == "#":
        end = text.find("\n", i)
        return len(text) if end < 0 else end + 1
    if c == "<":
        return text.index(">", i) + 1
    if c in "\"'":
        j = i + 1
        while text[j] != c:
            j += 2 if text[j] == "\\" else 1
        return j + 1
    return i + 1


def as_insert(text: str, where: str) -> str:
    """``PROLOGUE CONSTRUCT { T } WHERE ...`` as ``PROLOGUE INSERT { GRAPH <alignment> { T } }
    USING <ontology> USING <data> WHERE ...``; anything else is an input error naming ``where``.

    Only the prologue and the template are scanned (no operators there, so ``<`` opens an IRI)."""
    i, upper = 0, text.upper()
    try:
        while not upper.startswith("CONSTRUCT", i):
            i = _skip(text, i)
        head, i = i, i + len("CONSTRUCT")
        while text[i].isspace() or text[i] == "#":
            i = _skip(text, i)
        if text[i] != "{":
            raise ValueError
        open_at, depth = i, 0
        while True:
            if text[i] == "{":
                depth += 1
            elif text[i] == "}":
                depth -= 1
                if depth == 0:
                    break
            i = _skip(text, i)
        template, i = text[open_at + 1:i], i + 1
        while text[i].isspace() or text[i] == "#":
            i = _skip(text, i)
        if not upper.startswith("WHERE", i):
            raise ValueError
    except (ValueError, IndexError):
        raise InputError(f"{where}: an alignment query must read CONSTRUCT {{ template }} WHERE {{ ... }}") from None
    return (f"{text[:head]}INSERT {{ GRAPH <{GRAPH_ALIGNMENT}> {{{template}}} }}\n"
            f"USING <{GRAPH_ONTOLOGY}> USING <{GRAPH_DATA}>\n{text[i:]}")


def materialise(store: ox.Store, layout: Layout) -> int:
    """Add the alignment graph to ``store``; return how many new triples it holds.

    Its sorted lines are made later, by the dumps, which hand them to the on-disk store and free
    them graph by graph; made here they would be held beside the checks for their whole run."""
    for qf in read_query_dir(layout.alignment_dir):
        update = as_insert(qf.text, str(qf.path))
        try:
            store.update(update)
        except SyntaxError as exc:
            raise InputError(f"{qf.path}: {exc}") from None
    store.update(_DROP_AUTHORED)
    return int(next(iter(store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{GRAPH_ALIGNMENT}> {{ ?s ?p ?o }} }}")))[0].value)
