"""Open the store that ``paris-kg build`` wrote, for reading.

Every reading command goes through :func:`open_built_store`, so the "build first" hint is
given in one place. Only pyoxigraph is imported: this is on the fast ``query`` path.
"""
from __future__ import annotations

import pyoxigraph as ox

from .errors import NotBuiltError
from .paths import Layout


def open_built_store(layout: Layout) -> ox.Store:
    if not layout.store_dir.is_dir():
        raise NotBuiltError(f"no built graph in {layout.dist}: run `paris-kg build` first")
    try:
        return ox.Store.read_only(str(layout.store_dir))
    except OSError as exc:
        raise NotBuiltError(f"cannot open {layout.store_dir} ({exc}): run `paris-kg build` again") from None
