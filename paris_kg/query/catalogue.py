"""The catalogue of named queries in ``queries/*.rq`` and how a name or file is resolved.

A named query is a file whose header comment gives its ``title``, the ``question`` in plain
words, the ``research-question`` it serves (1, 2 or 3) and any ``param`` it takes, written
``# param: name type [optional] description`` with type one of iri, string, integer, date, year.
"""
from __future__ import annotations

import os

from ..errors import InputError
from ..paths import Layout
from ..sparql_files import QueryFile, read_query_dir, read_query_file

PARAM_TYPES = ("iri", "string", "integer", "date", "year")


class Param:
    """One ``# param:`` declaration of a named query."""

    __slots__ = ("name", "type", "optional", "description")

    def __init__(self, name: str, type: str, optional: bool, description: str):
        self.name, self.type, self.optional, self.description = name, type, optional, description


def params_of(qf: QueryFile) -> list[Param]:
    out = []
    for spec in qf.meta.get("param", []):
        parts = spec.split(None, 2)
        if len(parts) < 2 or parts[1] not in PARAM_TYPES:
            raise InputError(f"{qf.path}: bad '# param:' line {spec!r} (want: name type [optional] description)")
        name, ptype = parts[0].lstrip("?"), parts[1]
        rest = parts[2] if len(parts) > 2 else ""
        optional = rest.startswith("optional")
        if optional:
            rest = rest[len("optional"):].strip()
        out.append(Param(name, ptype, optional, rest))
    return out


def named_queries(layout: Layout) -> list[QueryFile]:
    return read_query_dir(layout.queries_dir)


def resolve(layout: Layout, name_or_file: str) -> QueryFile:
    """A path to an existing ``.rq`` file, or the name of a query in the catalogue."""
    if name_or_file.endswith(".rq") or os.path.isfile(name_or_file):
        if not os.path.isfile(name_or_file):
            raise InputError(f"{name_or_file}: no such query file")
        return read_query_file(name_or_file)
    direct = layout.query_location(name_or_file)
    if "/" not in name_or_file and os.path.isfile(direct):
        return read_query_file(direct)
    catalogue = {qf.name: qf for qf in named_queries(layout)}
    import difflib

    close = difflib.get_close_matches(name_or_file, list(catalogue), n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else "; `paris-kg queries` lists them"
    raise InputError(f"unknown query {name_or_file!r}{hint}")
