"""``/static/...``: the scripts, stylesheets and vendored assets of the served pages.

Any file under ``paris_kg/static/`` is served; a path that resolves outside it, names a dotfile,
holds a NUL byte or is not a file is a 404, never a 500.
"""
from __future__ import annotations

from ..rendering import STATIC
from .responses import HTTPProblem, response


def static_asset(name: str):
    # any file under paris_kg/static/ (our scripts and the vendored assets), never one outside it
    root = STATIC.resolve()
    try:
        file = (root / name).resolve()
        found = root in file.parents and file.is_file() and not any(
            part.startswith(".") for part in file.relative_to(root).parts)
    except (ValueError, OSError):  # NUL byte, overlong name...
        found = False
    if not found:
        raise HTTPProblem(404, f"not found: /static/{name}")
    kind = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8", ".json": "application/json",
            ".svg": "image/svg+xml", ".png": "image/png", "": "text/plain; charset=utf-8"}
    return response(200, file.read_bytes(), kind.get(file.suffix, "application/octet-stream"),
                    {"Cache-Control": "public, max-age=3600"})
