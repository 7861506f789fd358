"""The build pipeline: load -> validate -> materialise the alignment -> write ``dist/``.

Validation runs before anything is written, so invalid sources leave ``dist/`` untouched.
Each step is a stage of :class:`.progress.Progress`: timed, and named on the terminal when a
build runs long.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .alignment import materialise
from ..errors import ValidationError
from .loading import load_sources
from .ordered import SortedGraphs
from .progress import Progress
from .statements import expand
from ..paths import Layout
from .validation import check_violations, shacl_violations

#: stages of :func:`assemble`
ASSEMBLE_STAGES = 5


@dataclass(frozen=True)
class BuildReport:
    triples: int
    alignment_triples: int
    outputs: dict[str, Path]


def assemble(layout: Layout, progress: Progress | None = None) -> tuple[ox.Store, int]:
    """Load the sources, mint the statement nodes, validate, add the alignment graph.

    Returns the store and the number of alignment triples. QC checks run after the
    materialisation so they vouch for the derived triples too.
    """
    store, aligned, _ = _assemble(layout, progress)
    return store, aligned


def _assemble(layout: Layout, progress: Progress | None) -> tuple[ox.Store, int, SortedGraphs]:
    """:func:`assemble`, also handing on the sorted lines the alignment step took (for the dumps)."""
    own = progress is None
    progress = progress or Progress(ASSEMBLE_STAGES)
    try:
        with progress.stage("load the sources"):
            store = load_sources(layout)
        with progress.stage("expand statement citations"):
            violations = expand(store)  # statement citations: compact authored form -> statement nodes
        with progress.stage("validate: SHACL shapes"):
            violations += shacl_violations(store, layout)
        with progress.stage("materialise the alignment"):
            graphs = SortedGraphs(store)
            aligned = materialise(store, layout, graphs)
        with progress.stage("validate: QC checks"):
            violations += check_violations(store, layout)
    finally:
        if own:
            progress.close()
    if violations:
        raise ValidationError(violations)
    return store, aligned, graphs


def build(layout: Layout) -> BuildReport:
    """Validate, then publish a new release of ``dist/`` (one build at a time: a lock)."""
    from .dumps import STAGES, write_outputs
    from .release import build_lock

    progress = Progress(ASSEMBLE_STAGES + STAGES)
    try:
        with build_lock(layout.dist):
            store, aligned, graphs = _assemble(layout, progress)
            count, outputs = write_outputs(store, layout, progress, graphs)
    finally:
        progress.close()
    return BuildReport(triples=count, alignment_triples=aligned, outputs=outputs)
