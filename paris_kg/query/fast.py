"""Run ``paris-kg query`` without importing click, when the arguments are plain.

Importing click costs about as much as the whole query (≈35 ms of a ≈60 ms run here), and
``query`` is the command people run in loops and scripts. This module recognises the plain
forms of the command line and runs them directly; anything else (``--help``, unknown
options, a missing value, ``--endpoint``...) returns ``None`` and the full click CLI in
:mod:`paris_kg.cli` handles it, so usage errors keep click's wording. Output and error
lines are the same on both paths; ``tests/test_cli.py`` checks that.
"""
from __future__ import annotations

import sys

FORMATS = ("table", "csv", "tsv", "json", "md")


def parse(argv: list[str]) -> tuple[str | None, str, list[str], str] | None:
    """``(dist, name, params, format)`` for a plain query command line, else ``None``."""
    args = list(argv)
    dist = None
    if args and args[0] == "--dist" and len(args) > 1:
        dist, args = args[1], args[2:]
    elif args and args[0].startswith("--dist="):
        dist, args = args[0].split("=", 1)[1], args[1:]
    if not args or args[0] != "query":
        return None
    name, params, fmt = None, [], "table"
    rest = args[1:]
    i = 0
    while i < len(rest):
        tok = rest[i]
        if tok in ("-p", "--param", "-f", "--format"):
            if i + 1 >= len(rest):
                return None
            value, i = rest[i + 1], i + 2
            if tok in ("-p", "--param"):
                params.append(value)
            else:
                fmt = value
        elif tok.startswith("--param="):
            params.append(tok.split("=", 1)[1])
            i += 1
        elif tok.startswith("--format="):
            fmt = tok.split("=", 1)[1]
            i += 1
        elif tok.startswith("-") or name is not None:
            return None
        else:
            name, i = tok, i + 1
    if name is None or fmt not in FORMATS or any("=" not in p for p in params):
        return None
    return dist, name, params, fmt


def run(argv: list[str]) -> int | None:
    """Run a plain query command; return its exit code, or ``None`` to defer to click."""
    parsed = parse(argv)
    if parsed is None:
        return None
    dist, name, params, fmt = parsed
    from .catalogue import resolve
    from ..errors import ParisKGError
    from .formatting import render
    from ..paths import Layout
    from .engine import run_local

    layout = Layout(dist=dist) if dist else Layout()
    try:
        qf = resolve(layout, name)
        bound = dict(p.split("=", 1) for p in params)
        result = run_local(layout, qf, {k.strip(): v for k, v in bound.items()})
    except ParisKGError as exc:
        sys.stderr.write(f"Error: {exc}\n")
        return exc.exit_code
    sys.stdout.write(render(result.columns, result.rows, fmt))
    return 0
