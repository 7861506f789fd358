"""Run a catalogue query against the built store with bound parameters.

Only pyoxigraph is imported here: ``paris-kg query`` must start fast.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox

from .catalogue import Param, params_of
from .errors import InputError
from .namespaces import PREFIXES
from .paths import Layout
from .sparql_files import QueryFile
from .store import open_built_store

XSD = "http://www.w3.org/2001/XMLSchema#"
_UPDATE = re.compile(r"^\s*(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.I | re.M)
_POSITION = re.compile(r"error at (\d+):(\d+): ")


@dataclass
class QueryResult:
    """Column names and rows of RDF terms (``None`` where a variable is unbound)."""

    columns: list[str]
    rows: list[list[object]]


def _strip_comments(text: str) -> str:
    return "\n".join(line.split("#", 1)[0] if not line.lstrip().startswith("#") else "" for line in text.splitlines())


def refuse_updates(qf: QueryFile) -> None:
    body = re.sub(r"(?im)^\s*(PREFIX|BASE)\s+\S*\s*<[^>]*>", "", _strip_comments(qf.text))
    m = _UPDATE.search(body)
    if m:
        raise InputError(f"{qf.path}: {m.group(1).upper()} is a SPARQL update; paris-kg only runs read-only queries")


def _to_term(param: Param, raw: str) -> ox.NamedNode | ox.Literal:
    def bad(want: str) -> InputError:
        return InputError(f"parameter {param.name}={raw!r}: expected {want}")

    if param.type == "iri":
        if re.match(r"^[A-Za-z][\w-]*:[^/]", raw) and raw.split(":", 1)[0] in PREFIXES:
            prefix, local = raw.split(":", 1)
            return ox.NamedNode(PREFIXES[prefix] + local)
        if not re.match(r"^[a-z][a-z0-9+.-]*:", raw, re.I):
            raise bad("an IRI or a prefixed name such as event:1969-01-25-first-plenary-session")
        return ox.NamedNode(raw)
    if param.type in ("integer", "year"):
        if not re.fullmatch(r"-?\d+", raw) or (param.type == "year" and len(raw.lstrip("-")) != 4):
            raise bad("a four-digit year" if param.type == "year" else "an integer")
        return ox.Literal(raw, datatype=ox.NamedNode(XSD + "integer"))
    if param.type == "date":
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
            raise bad("a date as YYYY-MM-DD")
        return ox.Literal(raw, datatype=ox.NamedNode(XSD + "date"))
    return ox.Literal(raw)


def bind_params(qf: QueryFile, given: dict[str, str]) -> dict[ox.Variable, object]:
    """Check ``given`` against the query's declared params and turn them into RDF terms."""
    declared = {p.name: p for p in params_of(qf)}
    unknown = sorted(set(given) - set(declared))
    if unknown:
        known = ", ".join(sorted(declared)) or "none"
        raise InputError(f"{qf.name}: unknown parameter {unknown[0]!r} (this query takes: {known})")
    missing = [p.name for p in declared.values() if not p.optional and p.name not in given]
    if missing:
        raise InputError(f"{qf.name}: missing required parameter {missing[0]!r} (pass --param {missing[0]}=...)")
    return {ox.Variable(name): _to_term(declared[name], raw) for name, raw in given.items()}


def syntax_error_message(qf: QueryFile, exc: SyntaxError) -> str:
    text = str(exc)
    m = _POSITION.search(text)
    if m:
        return f"{qf.path}: line {m.group(1)}, column {m.group(2)}: {text[m.end():]}"
    return f"{qf.path}: {text}"


def run_local(layout: Layout, qf: QueryFile, params: dict[str, str] | None = None) -> QueryResult:
    refuse_updates(qf)
    substitutions = bind_params(qf, params or {})
    store = open_built_store(layout)
    try:
        solutions = store.query(qf.text, use_default_graph_as_union=True, substitutions=substitutions or None)
    except SyntaxError as exc:
        raise InputError(syntax_error_message(qf, exc)) from None
    if isinstance(solutions, ox.QuerySolutions):
        columns = [v.value for v in solutions.variables]
        rows = [[sol[c] for c in columns] for sol in solutions]
        return QueryResult(columns, rows)
    if isinstance(solutions, ox.QueryBoolean):
        return QueryResult(["boolean"], [[ox.Literal(str(bool(solutions)).lower(), datatype=ox.NamedNode(XSD + "boolean"))]])
    triples = list(solutions)
    return QueryResult(["subject", "predicate", "object"], [[t.subject, t.predicate, t.object] for t in triples])
