"""Run a catalogue query against the built store with bound parameters.

This is the ``paris-kg query`` hot path: only pyoxigraph is imported, and the small SPARQL
scanning done here (query form, where to bind parameters) uses string methods instead of
``re`` so the command starts fast.
"""
from __future__ import annotations

import pyoxigraph as ox

from .catalogue import Param, params_of
from ..errors import InputError
from ..namespaces import PREFIXES
from ..paths import Layout
from ..sparql_files import QueryFile
from ..store import open_built_store

XSD = "http://www.w3.org/2001/XMLSchema#"
UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"})


class QueryResult:
    """Column names and rows of RDF terms (``None`` where a variable is unbound)."""

    __slots__ = ("columns", "rows")

    def __init__(self, columns: list[str], rows: list[list[object]]):
        self.columns, self.rows = columns, rows


def sparql_tokens(text: str):
    """Yield ``(token, offset)`` for the words and braces of a SPARQL text.

    Comments, string literals and IRIs are skipped, so a ``{`` or a keyword inside them is
    never mistaken for syntax. Good enough to find the query form and the WHERE group; the
    real parsing is Oxigraph's.
    """
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch == "#":
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif ch in "\"'":
            j = i + 1
            while j < n and text[j] != ch:
                j += 2 if text[j] == "\\" else 1
            i = j + 1
        elif ch == "<" and (i + 1 < n and not text[i + 1].isspace() and text[i + 1] not in "=<"):
            j = text.find(">", i)
            i = n if j < 0 else j + 1
        elif ch in "{}":
            yield ch, i
            i += 1
        else:
            j = i
            while j < n and not text[j].isspace() and text[j] not in "{}#\"'<":
                j += 1
            yield text[i:j], i
            i = max(j, i + 1)


def query_form(text: str) -> str:
    """The first keyword after the prologue (``SELECT``, ``CONSTRUCT``, ``INSERT``...)."""
    skip_next = False
    for token, _ in sparql_tokens(text):
        if skip_next:
            skip_next = False
            continue
        upper = token.upper()
        if upper == "PREFIX":
            skip_next = True  # the prefix name; its IRI is skipped as an IRI
        elif upper != "BASE":
            return upper
    return ""


def project_also(qf: QueryFile, names: list[str]) -> tuple[QueryFile, list[str]]:
    """``qf`` with ``?name`` added to the projection of its outer SELECT for each of ``names``
    not already there, and the names it added (the report reads a row's subjects from variables
    the query does not show). Refused for SELECT * and SELECT DISTINCT/REDUCED, where extra
    columns would change the rows, and for any other query form."""
    tokens = sparql_tokens(qf.text)
    for token, offset in tokens:
        if token.upper() in ("PREFIX", "BASE"):
            next(tokens, None)
            continue
        if token.upper() != "SELECT":
            break
        end = offset + len(token)
        projected = []
        for word, _ in tokens:
            if word.upper() in ("WHERE", "{", "FROM"):
                break
            projected.append(word.strip("()"))
        if projected[:1] == ["*"] or (projected and projected[0].upper() in ("DISTINCT", "REDUCED")):
            raise InputError(f"{qf.path}: the report cannot add its hidden columns to SELECT {projected[0]}")
        added = [n for n in names if f"?{n}" not in projected and f"${n}" not in projected]
        text = qf.text[:end] + "".join(f" ?{n}" for n in added) + qf.text[end:]
        return QueryFile(qf.name, qf.path, text, qf.meta), added
    raise InputError(f"{qf.path}: only a SELECT query can cite its rows")


def refuse_updates(qf: QueryFile) -> None:
    form = query_form(qf.text)
    if form in UPDATE_KEYWORDS:
        raise InputError(f"{qf.path}: {form} is a SPARQL update; paris-kg only runs read-only queries")


def _to_term(param: Param, raw: str) -> ox.NamedNode | ox.Literal:
    import re  # only when parameters are given

    def bad(want: str) -> InputError:
        return InputError(f"parameter {param.name}={raw!r}: expected {want}")

    if param.type == "iri":
        prefix, colon, local = raw.partition(":")
        if colon and prefix in PREFIXES and not local.startswith("//"):
            raw_iri = PREFIXES[prefix] + local
        elif re.match(r"^[a-z][a-z0-9+.-]*:", raw, re.I):
            raw_iri = raw
        else:
            raise bad("an IRI or a prefixed name such as event:1969-01-25-first-plenary-session")
        try:
            return ox.NamedNode(raw_iri)
        except ValueError as exc:
            raise bad(f"a valid IRI ({exc})") from None
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


def where_group_offset(text: str) -> int:
    """Offset of the ``{`` that opens the query's WHERE group, or -1."""
    first_brace, seen_where = -1, False
    for token, at in sparql_tokens(text):
        if token == "{":
            if seen_where:
                return at
            if first_brace < 0:
                first_brace = at
        elif token.upper() == "WHERE":
            seen_where = True
    return -1 if seen_where else first_brace


def inject_params(text: str, bindings: dict[str, ox.NamedNode | ox.Literal]) -> str:
    """Bind parameters with a ``VALUES`` block at the top of the WHERE group.

    Plain text, so the same bound query runs on our store and on any SPARQL 1.1 endpoint;
    FILTERs anywhere in the group see the bound value, and an unbound optional parameter
    simply stays unbound (queries test it with ``!BOUND(?name)``).
    """
    if not bindings:
        return text
    at = where_group_offset(text)
    if at < 0:
        raise InputError("cannot bind parameters: the query has no WHERE group")
    values = "".join(f" VALUES ?{name} {{ {term} }}" for name, term in sorted(bindings.items()))
    return text[: at + 1] + values + text[at + 1 :]


def position_message(text: str) -> str:
    """Oxigraph's ``error at L:C: message`` as ``line L, column C: message`` (else unchanged)."""
    head, sep, rest = text.partition("error at ")
    position, sep2, message = rest.partition(": ")
    line, colon, column = position.partition(":")
    if sep and sep2 and colon and line.isdigit() and column.isdigit():
        return f"line {line}, column {column}: {message}"
    return text


def syntax_error_message(qf: QueryFile, exc: SyntaxError) -> str:
    return f"{qf.path}: {position_message(str(exc))}"


def prepare(qf: QueryFile, params: dict[str, str] | None = None) -> str:
    """The query text, checked to be read-only, with its parameters bound."""
    refuse_updates(qf)
    return inject_params(qf.text, bind_params(qf, params or {}))


def run_local(layout: Layout, qf: QueryFile, params: dict[str, str] | None = None) -> QueryResult:
    text = prepare(qf, params)
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
