"""Turn a :class:`~paris_kg.query.engine.QueryResult` into text: table, CSV, TSV, Markdown or
SPARQL 1.1 Results JSON.

Tables measure cells by display width (combining marks take no column, East-Asian wide
characters take two) and wrap long cells, so Vietnamese names line up.
"""
from __future__ import annotations

import pyoxigraph as ox

from ..terms import compact

FORMATS = ("table", "csv", "tsv", "json", "md")
MAX_CELL = 40


def plain(term, *, short: bool) -> str:
    """The text of a term, exactly as stored: literals by value, IRIs compacted when ``short``."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return compact(term.value) if short else term.value
    if isinstance(term, ox.Literal):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term)


def display_width(text: str) -> int:
    import unicodedata  # only tables measure text; CSV/TSV/JSON print values untouched

    width = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def _split_long(word: str, width: int) -> list[str]:
    """Cut a word wider than ``width`` into pieces, preferring to cut after a hyphen."""
    pieces = []
    while display_width(word) > width:
        cut = 0
        for i in range(len(word)):
            if display_width(word[: i + 1]) > width:
                break
            cut = i + 1
        hyphen = word.rfind("-", 0, cut)
        if hyphen > 0:
            cut = hyphen + 1
        pieces.append(word[:cut])
        word = word[cut:]
    return pieces + [word]


def _wrap(text: str) -> list[str]:
    """Greedy word wrap measured in display columns (textwrap counts code points)."""
    words = text.split()
    if display_width(" ".join(words)) <= MAX_CELL:
        return [" ".join(words)]
    lines: list[str] = []
    current = ""
    for word in words:
        for piece in _split_long(word, MAX_CELL):
            candidate = f"{current} {piece}" if current else piece
            if display_width(candidate) <= MAX_CELL:
                current = candidate
            else:
                lines.append(current)
                current = piece
    if current:
        lines.append(current)
    return lines or [""]


def as_table(columns: list[str], rows: list[list[object]]) -> str:
    import unicodedata

    # composed form (NFC), so a decomposed "ệ" takes one column like a precomposed one
    cells = [[_wrap(unicodedata.normalize("NFC", plain(t, short=True))) for t in row] for row in rows]
    widths = [display_width(c) for c in columns]
    for row in cells:
        for i, lines in enumerate(row):
            widths[i] = max(widths[i], *(display_width(x) for x in lines))
    sep = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
    out = [sep, "| " + " | ".join(_pad(c, w) for c, w in zip(columns, widths)) + " |", sep.replace("-", "=")]
    for row in cells:
        height = max((len(lines) for lines in row), default=1)
        for k in range(height):
            out.append("| " + " | ".join(_pad(lines[k] if k < len(lines) else "", w)
                                         for lines, w in zip(row, widths)) + " |")
    out.append(sep)
    out.append(f"{len(rows)} row{'s' if len(rows) != 1 else ''}")
    return "\n".join(out) + "\n"


def _csv_field(value: str) -> str:
    """RFC 4180 quoting: quote a field holding a comma, quote or line break; double quotes."""
    if any(c in value for c in ',"\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def as_delimited(columns: list[str], rows: list[list[object]], delimiter: str) -> str:
    if delimiter == "\t":
        # TSV: one line per row; tabs and newlines inside values become spaces.
        lines = ["\t".join(columns)]
        lines += ["\t".join(" ".join(plain(t, short=False).split()) for t in row) for row in rows]
    else:
        lines = [",".join(_csv_field(c) for c in columns)]
        lines += [",".join(_csv_field(plain(t, short=False)) for t in row) for row in rows]
    return "\n".join(lines) + "\n"


def as_markdown(columns: list[str], rows: list[list[object]]) -> str:
    def cell(t) -> str:
        return " ".join(plain(t, short=True).split()).replace("|", "\\|")

    out = ["| " + " | ".join(columns) + " |", "|" + "|".join("---" for _ in columns) + "|"]
    out += ["| " + " | ".join(cell(t) for t in row) + " |" for row in rows]
    return "\n".join(out) + "\n"


def json_term(term) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = term.datatype.value
    return out


def as_json(columns: list[str], rows: list[list[object]]) -> str:
    import json

    if columns == ["boolean"] and len(rows) == 1:
        return json.dumps({"head": {}, "boolean": rows[0][0].value == "true"}) + "\n"
    bindings = [{c: json_term(t) for c, t in zip(columns, row) if t is not None} for row in rows]
    return json.dumps({"head": {"vars": columns}, "results": {"bindings": bindings}},
                      ensure_ascii=False, indent=1) + "\n"


def render(columns: list[str], rows: list[list[object]], fmt: str) -> str:
    if fmt == "table":
        return as_table(columns, rows)
    if fmt == "csv":
        return as_delimited(columns, rows, ",")
    if fmt == "tsv":
        return as_delimited(columns, rows, "\t")
    if fmt == "md":
        return as_markdown(columns, rows)
    if fmt == "json":
        return as_json(columns, rows)
    raise ValueError(f"unknown format {fmt!r}")
