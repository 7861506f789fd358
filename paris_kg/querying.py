"""Run a catalogue query against the built store with bound parameters.

Only pyoxigraph is imported here: ``paris-kg query`` must start fast.
"""
from __future__ import annotations

import re

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


class QueryResult:
    """Column names and rows of RDF terms (``None`` where a variable is unbound)."""

    __slots__ = ("columns", "rows")

    def __init__(self, columns: list[str], rows: list[list[object]]):
        self.columns, self.rows = columns, rows


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


def bind_params(qf: QueryFile, given: dict[str, str]) -> dict[str, ox.NamedNode | ox.Literal]:
    """Check ``given`` against the query's declared params and turn them into RDF terms."""
    declared = {p.name: p for p in params_of(qf)}
    unknown = sorted(set(given) - set(declared))
    if unknown:
        known = ", ".join(sorted(declared)) or "none"
        raise InputError(f"{qf.name}: unknown parameter {unknown[0]!r} (this query takes: {known})")
    missing = [p.name for p in declared.values() if not p.optional and p.name not in given]
    if missing:
        raise InputError(f"{qf.name}: missing required parameter {missing[0]!r} (pass --param {missing[0]}=...)")
    return {name: _to_term(declared[name], raw) for name, raw in given.items()}


def _first_group_brace(text: str) -> int:
    """Offset of the ``{`` that opens the query's WHERE group (comments and strings skipped)."""
    i, n, seen_where = 0, len(text), False
    while i < n:
        ch = text[i]
        if ch == "#":
            j = text.find("\n", i)
            i = n if j < 0 else j
            continue
        if ch in "\"'":
            j = i + 1
            while j < n and text[j] != ch:
                j += 2 if text[j] == "\\" else 1
            i = j + 1
            continue
        if ch == "<" and re.match(r"<[^\s<>\"{}|^`]*>", text[i:]):
            i += re.match(r"<[^\s<>\"{}|^`]*>", text[i:]).end()
            continue
        if text[i:i + 5].upper() == "WHERE":
            seen_where = True
        if ch == "{" and (seen_where or not re.search(r"\bWHERE\b", text, re.I)):
            return i
        i += 1
    return -1


def inject_params(text: str, bindings: dict[str, ox.NamedNode | ox.Literal]) -> str:
    """Bind parameters with a ``VALUES`` block at the top of the WHERE group.

    Plain text, so the same bound query runs on our store and on any SPARQL 1.1 endpoint;
    FILTERs anywhere in the group see the bound value, and an unbound optional parameter
    simply stays unbound (queries test it with ``!BOUND(?name)``).
    """
    if not bindings:
        return text
    at = _first_group_brace(text)
    if at < 0:
        raise InputError("cannot bind parameters: the query has no WHERE group")
    values = "".join(f" VALUES ?{name} {{ {term} }}" for name, term in sorted(bindings.items()))
    return text[: at + 1] + values + text[at + 1 :]


def syntax_error_message(qf: QueryFile, exc: SyntaxError) -> str:
    text = str(exc)
    m = _POSITION.search(text)
    if m:
        return f"{qf.path}: line {m.group(1)}, column {m.group(2)}: {text[m.end():]}"
    return f"{qf.path}: {text}"


def run_local(layout: Layout, qf: QueryFile, params: dict[str, str] | None = None) -> QueryResult:
    refuse_updates(qf)
    text = inject_params(qf.text, bind_params(qf, params or {}))
    store = open_built_store(layout)
    try:
        solutions = store.query(text, use_default_graph_as_union=True)
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
