"""Write the build outputs: sorted N-Triples, Turtle with our prefixes, and an Oxigraph store.

Everything is written into a staging directory next to ``dist/`` and moved into place only
when all of it succeeded, so a failed build never leaves a half-written ``dist/``.
Output is deterministic: triples are sorted by their N-Triples text before serialising, and
no blank nodes are used anywhere in the sources.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pyoxigraph as ox

from .namespaces import PREFIXES
from .paths import Layout


def sorted_triples(store: ox.Store) -> list[ox.Triple]:
    """Every distinct triple of the store (all graphs merged), in N-Triples text order."""
    triples = {q.triple for q in store.quads_for_pattern(None, None, None, None)}
    return sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def ntriples_bytes(triples: list[ox.Triple]) -> bytes:
    lines = sorted(f"{t.subject} {t.predicate} {t.object} .\n" for t in triples)
    return "".join(lines).encode("utf-8")


def turtle_bytes(triples: list[ox.Triple]) -> bytes:
    """Turtle with our prefixes, in the order :data:`PREFIXES` lists them.

    pyoxigraph chooses its own order for the ``@prefix`` lines; we replace them with ours so
    the header never depends on the serialiser's internals.
    """
    body = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    lines = body.split(b"\n")
    start = 0
    while start < len(lines) and lines[start].startswith(b"@prefix "):
        start += 1
    header = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items()).encode("utf-8")
    return header + b"\n".join(lines[start:])


def _write_store(directory: Path, store: ox.Store) -> None:
    disk = ox.Store(str(directory))
    disk.bulk_extend(store.quads_for_pattern(None, None, None, None))
    disk.flush()
    disk.optimize()
    del disk


def write_outputs(store: ox.Store, layout: Layout) -> tuple[int, dict[str, Path]]:
    """Write every output into a staging directory, then swap each one into ``dist/``.

    Returns the number of distinct triples written and the output paths.
    """
    layout.dist.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=layout.dist))
    try:
        triples = sorted_triples(store)
        files = {
            layout.ntriples_dump: ntriples_bytes(triples),
            layout.turtle_dump: turtle_bytes(triples),
        }
        for target, data in files.items():
            (staging / target.name).write_bytes(data)
        _write_store(staging / layout.store_dir.name, store)
        # All outputs exist: move them into place (each rename is atomic).
        for target in files:
            os.replace(staging / target.name, target)
        old = None
        if layout.store_dir.exists():
            old = layout.dist / f".old-store-{os.getpid()}"
            os.replace(layout.store_dir, old)
        os.replace(staging / layout.store_dir.name, layout.store_dir)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return len(triples), {"nt": layout.ntriples_dump, "ttl": layout.turtle_dump, "store": layout.store_dir}
