"""Compare the answers of two engines to the same named query (``tests/test_engines.py``, ``bench/engines.py``).

Values are compared as N-Triples text; the items inside a GROUP_CONCAT column are compared
as a sorted list, because SPARQL leaves their order to the engine.
"""
from __future__ import annotations

import re

from .catalogue import params_of
from .engine import QueryResult, query_form

def example_params(qf) -> dict[str, str]:
    """Values for a named query's required parameters: the example in its header ("e.g. X")."""
    out = {}
    for param in params_of(qf):
        if param.optional:
            continue
        if "e.g. " in param.description:
            out[param.name] = param.description.split("e.g. ", 1)[1].split()[0].rstrip(",;)")
        elif param.type == "integer":
            out[param.name] = "30"
    return out


def concat_columns(text: str) -> dict[str, str]:
    """Columns made by GROUP_CONCAT in ``text``, with their separators (their item order is
    unspecified): ``GROUP_CONCAT(?x) AS ?col``, also inside an expression
    (``IF(COUNT(?x) > 0, GROUP_CONCAT(?x), ...) AS ?col``: the next ``AS`` names the column)."""
    found = {}
    for match in re.finditer(r'GROUP_CONCAT\s*\((?:DISTINCT\s+)?\?\w+\s*(?:;\s*separator\s*=\s*"([^"]*)")?\s*\)',
                             text, re.IGNORECASE):
        named = re.compile(r'\bAS\s+\?(\w+)', re.IGNORECASE).search(text, match.end())
        if named:
            found[named.group(1)] = match.group(1) if match.group(1) is not None else " "
    return found


def comparable_rows(result, text: str) -> list[tuple[str, ...]]:
    """Rows as N-Triples-like strings, with GROUP_CONCAT items sorted."""
    concat = concat_columns(text)
    rows = []
    for row in result.rows:
        cells = []
        for column, term in zip(result.columns, row):
            value = "" if term is None else str(term)
            if column in concat and term is not None:
                sep = concat[column]
                value = sep.join(sorted(term.value.split(sep))) if term.value else ""
            cells.append(value)
        rows.append(tuple(cells))
    return rows


def difference(local, remote, text: str) -> str | None:
    """None when two answers are the same, else a short description of the first difference."""
    if local.columns != remote.columns:
        return f"columns {remote.columns} instead of {local.columns}"
    mine, theirs = comparable_rows(local, text), comparable_rows(remote, text)
    if len(mine) != len(theirs):
        return f"{len(theirs)} rows instead of {len(mine)}"
    for number, (a, b) in enumerate(zip(mine, theirs), 1):
        if a != b:
            return f"row {number}: {b} instead of {a}"
    return None


def jena_answer(directory, data, text: str) -> QueryResult:
    """The answer of Jena ARQ (``paris_kg.engines.jena_query``) to ``text`` over the dump ``data``."""
    import json

    import pyoxigraph as ox

    from .. import engines
    from .remote import results_from_json

    graph_form = query_form(text) in ("CONSTRUCT", "DESCRIBE")
    out = engines.jena_query(directory, data, text, graph_form)
    if graph_form:
        triples = list(ox.parse(out.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))
        return QueryResult(["subject", "predicate", "object"], [[t.subject, t.predicate, t.object] for t in triples])
    return results_from_json(json.loads(out))
