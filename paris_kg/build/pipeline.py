"""The build pipeline: load -> materialise the alignment -> validate -> write ``dist/``.

The release is written into a private staging directory while the checks run beside it, and
is published only if they pass, so invalid sources leave ``dist/`` untouched.
Each step is a stage of :class:`.progress.Progress`: timed, and named on the terminal when a
build runs long.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .alignment import materialise
from .checks_beside import Checks
from ..errors import ValidationError
from ..namespaces import GRAPH_DATA, GRAPH_ONTOLOGY
from .loading import load_sources
from .progress import Progress
from .statements import expand
from ..paths import Layout

#: stages of :func:`assemble`
ASSEMBLE_STAGES = 4


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
    own = progress is None
    progress = progress or Progress(ASSEMBLE_STAGES)
    try:
        store, aligned, checks = _assemble(layout, progress, beside=False)
        _vouch(checks, progress)
    finally:
        if own:
            progress.close()
    return store, aligned


def _assemble(layout: Layout, progress: Progress, *, beside: bool,
              authored_final=None) -> tuple[ox.Store, int, Checks]:
    """Load, expand, align; start the checks (in a thread when ``beside``, and when the
    statement citations were sound: otherwise every fault is gathered at once, in place).
    ``authored_final(store)`` is called once the authored graphs no longer change."""
    with progress.stage("load the sources"):
        store = load_sources(layout)
    with progress.stage("expand statement citations"):
        problems = expand(store)  # statement citations: compact authored form -> statement nodes
    if authored_final is not None and not problems:
        authored_final(store)
    with progress.stage("materialise the alignment"):
        aligned = materialise(store, layout)
    with progress.stage("validate: SHACL shapes and QC checks" + (" (started beside)" if beside and not problems else "")):
        checks = Checks(store, layout, beside=beside and not problems, earlier=problems)
    return store, aligned, checks


def _vouch(checks: Checks, progress: Progress) -> None:
    """Raise every violation found (statement citations, shapes, QC queries), or return."""
    violations = checks.earlier + checks.finish(progress)
    if violations:
        raise ValidationError(violations)


def build(layout: Layout) -> BuildReport:
    """Validate, then publish a new release of ``dist/`` (one build at a time: a lock).

    The release is written into a staging directory opened at the start: the on-disk store
    begins there with the authored graphs while the alignment is computed (:mod:`.disk_store`),
    and the checks run beside the writing of the rest (:mod:`.checks_beside`); the release is
    published only once they found nothing."""
    import shutil

    from .disk_store import DiskStore
    from .dumps import STAGES, write_outputs
    from .release import build_lock, open_staging

    progress = Progress(ASSEMBLE_STAGES + STAGES + 1)
    checks = disk = None
    try:
        with build_lock(layout.dist):
            staging = open_staging(layout.dist)
            try:
                def start_store(store: ox.Store) -> None:
                    nonlocal disk
                    disk = DiskStore(store, staging / layout.store_dir.name, [GRAPH_ONTOLOGY, GRAPH_DATA])

                store, aligned, checks = _assemble(layout, progress, beside=True, authored_final=start_store)

                def vouch() -> None:
                    with progress.stage("wait for the checks"):
                        _vouch(checks, progress)

                count, outputs = write_outputs(store, layout, progress, vouch=vouch, staging=staging, disk=disk)
            except BaseException:
                if disk is not None:
                    disk.join()
                shutil.rmtree(staging, ignore_errors=True)
                raise
    finally:
        if checks is not None:
            checks.cancel()
        progress.close()
    return BuildReport(triples=count, alignment_triples=aligned, outputs=outputs)
