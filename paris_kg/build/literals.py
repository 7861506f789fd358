"""Check typed literals in the authored Turtle before anything else, and say where they are.

Why here and not in SHACL: a lexically invalid ``"1969-13-45"^^xsd:date`` makes rdflib (the
bridge to pySHACL) print a traceback and lose the value, and the violation that follows names
the resource but not the file or line. Reading the source text gives ``file:line: ...`` for the
person who has to fix it. Very long literals are refused for the same reason: the validators
slow down badly on them, and no fact of this graph needs more than a few paragraphs.
"""
from __future__ import annotations

import datetime
import re
from pathlib import Path

from ..errors import InputError

#: longest line (and so literal) accepted in a source file, in characters
MAX_LINE = 100_000

_TYPED = re.compile(r'"((?:[^"\\\n]|\\.)*)"\^\^xsd:([A-Za-z]+)')
_INTEGER = re.compile(r"[+-]?\d+")
_DURATION = re.compile(r"-?P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?")


def _date_ok(text: str) -> bool:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return False
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


CHECKS = {
    "date": (_date_ok, "a date YYYY-MM-DD that exists"),
    "gYearMonth": (lambda t: bool(re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", t)), "a month YYYY-MM"),
    "gYear": (lambda t: bool(re.fullmatch(r"\d{4}", t)), "a year YYYY"),
    "integer": (lambda t: bool(_INTEGER.fullmatch(t)), "an integer"),
    "nonNegativeInteger": (lambda t: bool(re.fullmatch(r"\+?\d+", t)), "an integer >= 0"),
    "positiveInteger": (lambda t: bool(re.fullmatch(r"\+?0*[1-9]\d*", t)), "an integer >= 1"),
    "boolean": (lambda t: t in ("true", "false", "1", "0"), "true or false"),
    "duration": (lambda t: bool(_DURATION.fullmatch(t)), "a duration such as P6M or P1Y"),
}


def check_source_text(path: Path, text: str) -> None:
    """Raise :class:`InputError` (``file:line: ...``) for the first bad literal of ``text``."""
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) > MAX_LINE:
            raise InputError(f"{path}:{number}: line of {len(line)} characters is longer than {MAX_LINE}; "
                             "a literal this long is refused")
        if "^^xsd:" not in line:
            continue
        for match in _TYPED.finditer(line):
            value, datatype = match.groups()
            check = CHECKS.get(datatype)
            if check and not check[0](value):
                raise InputError(f'{path}:{number}: "{value}"^^xsd:{datatype} is not {check[1]}')
