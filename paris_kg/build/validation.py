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


def shacl_violations(store: ox.Store, layout: Layout) -> list[Violation]:
    """Run pySHACL over the authored graphs (ontology included, so subclasses are targeted)."""
    import logging

    import pyshacl  # heavy: imported only when validating
    import rdflib

    # rdflib logs a traceback for a literal it cannot convert; such literals are reported
    # with file and line before validation runs (build.literals), so keep the log quiet
    logging.getLogger("rdflib.term").setLevel(logging.CRITICAL)

    parse_turtle(layout.shapes_file)  # a syntax error in the shapes gets file:line:col too
    shapes = rdflib.Graph().parse(layout.shapes_file, format="turtle")
    authored = [q for q in store.quads_for_pattern(None, None, None, None)
                if q.graph_name != ox.NamedNode(GRAPH_ALIGNMENT)]
    data = rdflib.Graph().parse(data=ox.serialize([q.triple for q in authored], format=ox.RdfFormat.N_TRIPLES),
                                format="nt")
    conforms, results, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none",
                                            allow_warnings=True, advanced=True)
    if conforms:
        return []
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    out = []
    for result in results.subjects(rdflib.RDF.type, sh.ValidationResult):
        severity = results.value(result, sh.resultSeverity)
        if severity is not None and severity != sh.Violation:
            continue
        focus = results.value(result, sh.focusNode)
        path = results.value(result, sh.resultPath)
        message = results.value(result, sh.resultMessage) or "constraint not met"
        out.append(Violation(
            focus=compact(str(focus)) if isinstance(focus, rdflib.URIRef) else str(focus),
            path=compact(str(path)) if isinstance(path, rdflib.URIRef) else (str(path) if path else ""),
            message=str(message),
        ))
    return out


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
