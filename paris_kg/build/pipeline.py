"""The build pipeline: load -> validate -> materialise the alignment -> write ``dist/``.

Validation runs before anything is written, so invalid sources leave ``dist/`` untouched.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .alignment import materialise
from ..errors import ValidationError
from .loading import load_sources
from .statements import expand
from ..paths import Layout
from .validation import check_violations, shacl_violations


@dataclass(frozen=True)
class BuildReport:
    triples: int
    alignment_triples: int
    outputs: dict[str, Path]


def assemble(layout: Layout) -> tuple[ox.Store, int]:
    """Load the sources, mint the statement nodes, validate, add the alignment graph.

    Returns the store and the number of alignment triples. QC checks run after the
    materialisation so they vouch for the derived triples too.
    """
    store = load_sources(layout)
    violations = expand(store)  # statement citations: compact authored form -> statement nodes
    violations += shacl_violations(store, layout)
    aligned = materialise(store, layout)
    violations += check_violations(store, layout)
    if violations:
        raise ValidationError(violations)
    return store, aligned


def build(layout: Layout) -> BuildReport:
    """Validate, then publish a new release of ``dist/`` (one build at a time: a lock)."""
    from .dumps import write_outputs
    from .release import build_lock

    with build_lock(layout.dist):
        store, aligned = assemble(layout)
        count, outputs = write_outputs(store, layout)
    return BuildReport(triples=count, alignment_triples=aligned, outputs=outputs)
