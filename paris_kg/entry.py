"""Console entry point: try the click-free fast path for ``query``, else the full CLI."""
from __future__ import annotations

import sys


def main() -> None:
    from .query.fast import run

    code = run(sys.argv[1:])
    if code is not None:
        sys.stdout.flush()
        sys.exit(code)
    from .cli import main as cli_main

    cli_main()
