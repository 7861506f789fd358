"""Open the store that ``paris-kg build`` wrote, for reading.

Every reading command goes through :func:`open_built_store`, so the "build first" hint is
given in one place. Only pyoxigraph is imported: this is on the fast ``query`` path.
"""
from __future__ import annotations

import os

import pyoxigraph as ox

from .errors import NotBuiltError
from .paths import Layout


def open_built_store(layout: Layout) -> ox.Store:
    # Resolved once, before opening: dist/store is a link through dist/current, which a new
    # build may switch at any moment; RocksDB must see one release, not files of two.
    location = os.path.realpath(layout.store_location)
    if not os.path.isdir(location):
        raise NotBuiltError(f"no built graph in {layout.dist_location}: run `paris-kg build` first")
    try:
        return ox.Store.read_only(location)
    except OSError as exc:
        raise NotBuiltError(f"cannot open {location} ({exc}): run `paris-kg build` again") from None
