"""Validate the assembled graph: SHACL shapes and QC queries, each failure as a Violation.

SHACL (``ontology/shapes.ttl``) says what each kind of resource must carry. The QC queries
(``queries/checks/*.rq``) catch what shapes cannot express simply, such as dangling IRIs or
properties outside our vocabulary; each is a SELECT that must return no rows.
"""
from __future__ import annotations

import pyoxigraph as ox

from ..errors import InputError, Violation
from .loading import parse_turtle
from ..namespaces import GRAPH_ALIGNMENT
from ..paths import Layout
from ..sparql_files import read_query_dir
from ..terms import compact


def _term_text(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return compact(term.value)
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)


def validated_graphs(store: ox.Store) -> list:
    """The graphs SHACL sees: everything authored (ontology included, so that targets follow
    ``rdfs:subClassOf``), not the alignment graph the build derives afterwards."""
    return [ox.DefaultGraph()] + [g for g in store.named_graphs() if g != ox.NamedNode(GRAPH_ALIGNMENT)]


def shacl_violations(store: ox.Store, layout: Layout) -> list[Violation]:
    """Check the authored graphs against ``ontology/shapes.ttl``, compiled to SPARQL.

    The compiler (:mod:`.shacl_sparql`) refuses any SHACL feature it does not implement, so
    the shapes file stays the one statement of the rules; pySHACL is the reference it is
    tested against (``tests/test_validation_conformance.py``).
    """
    from .shacl_sparql import compile_shapes, run_checks

    checks = compile_shapes(parse_turtle(layout.shapes_file), layout.shapes_file)
    return [Violation(focus=_term_text(r.focus), path=compact(r.path) if r.path else "", message=r.message)
            for r in run_checks(store, checks, validated_graphs(store))]


def check_violations(store: ox.Store, layout: Layout) -> list[Violation]:
    """Run every QC query; each row is a violation. Columns: focus, path (optional), message."""
    out = []
    for qf in read_query_dir(layout.checks_dir):
        try:
            rows = store.query(qf.text, use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise InputError(f"{qf.path}: {exc}") from None
        default_message = qf.first("message") or qf.first("title") or qf.name
        columns = {v.value for v in rows.variables}
        for row in rows:
            message = _term_text(row["message"]) if "message" in columns else ""
            out.append(Violation(
                focus=_term_text(row["focus"]),
                path=_term_text(row["path"]) if "path" in columns else "",
                message=f"[{qf.name}] {message or default_message}",
            ))
    return out
