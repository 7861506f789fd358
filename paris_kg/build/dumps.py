"""Write the build outputs: dumps in five syntaxes plus the RDF 1.2 edition, the dataset description, the ontology
documentation, and an Oxigraph store.

Everything is written into a staging directory inside ``dist/`` and moved into place only
when all of it succeeded, so a failed build never leaves a half-written ``dist/``.
Output is deterministic: triples are in N-Triples order (:mod:`.ordered`), prefix headers are
ours, gzip carries no timestamp, and there are no blank nodes.

The writers stream: each file is written as it is produced and hashed on the way (the hashes
name the release). The work is spread over the two cores a build can count on: this process
writes N-Triples, Turtle, the RDF 1.2 edition and TriG; a second process (:mod:`.side_job`)
writes JSON-LD and gathers the counts for the dataset description; the two jobs that need
no Python objects, gzip and the on-disk store, run in threads (zlib and Oxigraph's bulk
loader release the GIL).
"""
from __future__ import annotations

import gzip
import hashlib
import os
import threading
import time
from pathlib import Path

import pyoxigraph as ox

from ..namespaces import DUMP_PREFIXES, GRAPH_ALIGNMENT, GRAPH_DATA, GRAPH_ONTOLOGY
from ..paths import Layout
from . import ordered
from .collector import paused
from .progress import Progress


def turtle_bytes(triples: list[ox.Triple]) -> bytes:
    """Turtle with our prefixes (one resource's description, for the server)."""
    return ordered.prefix_header(DUMP_PREFIXES) + ordered.TurtleRuns(None, DUMP_PREFIXES).body(triples)


class HashedFile:
    """A file of the release, hashed and measured as it is written."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.file = open(path, "wb")
        self.path, self.sha, self.size = path, hashlib.sha256(), 0

    def write(self, data: bytes) -> None:
        self.sha.update(data)
        self.size += len(data)
        self.file.write(data)

    def flush(self) -> None:
        self.file.flush()

    def write_lines(self, lines: list[bytes], start: int = 0, end: int | None = None) -> None:
        end = len(lines) if end is None else end
        for i in range(start, end, ordered.CHUNK):
            self.write(b"".join(lines[i:min(i + ordered.CHUNK, end)]))

    @property
    def digest(self) -> bytes:
        return self.sha.digest()

    def close(self) -> None:
        self.file.close()
        os.chmod(self.path, 0o644)


class _Thread(threading.Thread):
    """A job beside the main one; its exception is raised again by :meth:`finish`, which also
    reports the job's own wall and CPU time (for ``bench/build_stages.py``)."""

    def __init__(self, name: str, job, *args):
        super().__init__(daemon=True)
        self.label, self.job, self.args, self.error, self.times = name, job, args, None, (0.0, 0.0)
        self.start()

    def run(self) -> None:
        wall, cpu = time.perf_counter(), time.thread_time()
        try:
            self.job(*self.args)
        except BaseException as exc:  # handed to the main thread
            self.error = exc
        finally:
            self.args = ()  # the job's input (the sorted lines) may be freed once the build is done with it
        self.times = (time.perf_counter() - wall, time.thread_time() - cpu)

    def finish(self, progress: Progress) -> None:
        self.join()
        if self.error is not None:
            raise self.error
        progress.report(f"  ({self.label}, in a thread)", *self.times)


def _wait_for(jobs: list[_Thread]) -> None:
    """After a failure: let the jobs end before their directory is removed (their errors are moot)."""
    for job in jobs:
        job.join()


def _gzip(out: HashedFile, lines: list[bytes]) -> None:
    """gzip without a timestamp, so equal input gives equal bytes. Level 6 (zlib's default): on
    the sorted N-Triples it takes 2.3 times less CPU than level 9 for a file 2.5 % larger."""
    with gzip.GzipFile(filename="paris-kg.nt", mode="wb", fileobj=out, mtime=0, compresslevel=6) as gz:
        for i in range(0, len(lines), ordered.CHUNK):
            gz.write(b"".join(lines[i:i + ordered.CHUNK]))
    out.close()


class Release:
    """The files of one release in ``staging``, written by the stages of :func:`write_files`."""

    def __init__(self, staging: Path):
        self.staging = staging
        self.outs: dict[str, HashedFile] = {}

    def open(self, rel: str) -> HashedFile:
        self.outs[rel] = HashedFile(self.staging / rel)
        return self.outs[rel]

    def put(self, rel: str, data: bytes) -> None:
        out = self.open(rel)
        out.write(data)
        out.close()

    def fingerprint(self) -> bytes:
        """Every file's name and SHA-256: the release is named after it."""
        return b"".join(rel.encode() + b"\0" + out.digest for rel, out in sorted(self.outs.items()))


#: the stages of :func:`write_files`, for the progress bar
STAGES = 8


def write_files(store: ox.Store, staging: Path, store_dir: str, progress: Progress,
                disk=None) -> tuple[int, Release]:
    """Write every output into ``staging``; return the distinct triple count and the release.

    ``disk`` is the on-disk store's writer if the build started it already (with the authored
    graphs, :mod:`.disk_store`); the graphs it lacks are handed to it here."""
    from .disk_store import DiskStore

    release = Release(staging)
    jobs: list = [disk or DiskStore(store, staging / store_dir, [])]
    try:
        count = _write_all(store, release, progress, jobs)
    except BaseException:
        _wait_for(jobs)
        raise
    return count, release


def _write_all(store: ox.Store, release: Release, progress: Progress, jobs: list) -> int:
    import json

    from .jsonld import build_context
    from .ontology_docs import ontology_html
    from .passes import trig, walk
    from .side_job import SideJob
    from .void import void_turtle

    with progress.stage("sort N-Triples"):
        graphs = [GRAPH_ONTOLOGY, GRAPH_DATA, GRAPH_ALIGNMENT]
        per_graph = [ordered.graph_lines(store, ox.NamedNode(g)) for g in graphs]
        others = [g for g in store.named_graphs() if g.value not in graphs]
        extra = [ordered.graph_lines(store, g) for g in [*others, ox.DefaultGraph()]]
        lines = ordered.union_lines(per_graph + [x for x in extra if x])
        names = graphs + [g.value for g in others] + [None]
        for name, graph_lines in zip(names, per_graph + extra):
            if name not in jobs[0].loaded and graph_lines:
                jobs[0].add(name, graph_lines)
        jobs[0].close()  # every graph is handed over: the store compacts while the rest is written
    with progress.stage("write paris-kg.nt"):
        nt = release.open("paris-kg.nt")
        nt.write_lines(lines)
        nt.close()
        del graph_lines, extra  # per_graph is kept for TriG: lists of the very lines of ``lines``
        context = build_context(store)
        jobs.append(SideJob(release.staging, context))
        jobs.append(_Thread("gzip paris-kg.nt", _gzip, release.open("paris-kg.nt.gz"), lines))
    with progress.stage("write Turtle, RDF 1.2"), paused():
        # its quads would set off full collections, each walking the sorted lines again (.collector)
        walk(store, lines, release, progress)
    with progress.stage("write TriG"), paused():
        # here, not in the second process: this process would only wait for it (README "Build at scale")
        trig(graphs, per_graph, release.open("paris-kg.trig"), progress)
        del per_graph
    release.put("paris-kg.context.jsonld", (json.dumps({"@context": context}, ensure_ascii=False, indent=1,
                                                       sort_keys=True) + "\n").encode("utf-8"))
    with progress.stage("gzip paris-kg.nt"):
        jobs[2].finish(progress)
    # the sorted lines are no longer read here: freed now, not held while the second process and
    # the store finish (the store's thread keeps the lines of the graphs it has yet to load)
    total = len(lines)
    del lines
    with progress.stage("write JSON-LD (second process)"):
        side = jobs[1].finish(progress)
        for rel, written in side["written"].items():
            release.outs[rel] = written
    with progress.stage("describe (VoID, ontology page)"):
        sizes = {rel: out.size for rel, out in release.outs.items()}
        release.put("void.ttl", void_turtle(store, side["counts"], sizes, total))
        release.put("docs/ontology.html", ontology_html(store, side["counts"]))
    with progress.stage("write the store"):
        jobs[0].finish(progress)
    return total


def write_outputs(store: ox.Store, layout: Layout, progress: Progress | None = None,
                  vouch=None, staging: Path | None = None,
                  disk=None) -> tuple[int, dict[str, Path]]:
    """Write every output as a new release of ``dist/`` and switch to it atomically.

    Returns the number of distinct triples written and the output paths (the stable links).
    The caller holds the build lock (:func:`paris_kg.build.release.build_lock`). ``vouch``, when given,
    is called once every file is written and before anything is published: it raises to stop
    the release (the build's checks, which run meanwhile). ``staging`` and ``disk`` are the
    staging directory and the on-disk store's writer if the build opened and started them.
    """
    from .release import publish_release

    own = progress is None
    progress = progress or Progress(STAGES)
    written: dict[str, object] = {}

    def fill(staging: Path) -> bytes:
        written["count"], written["release"] = write_files(store, staging, layout.store_dir.name, progress, disk)
        if vouch is not None:
            vouch()
        return written["release"].fingerprint()

    files = ["paris-kg.ttl", "paris-kg.nt", "paris-kg.nt.gz", "paris-kg.jsonld", "paris-kg.trig",
             "paris-kg.rdf12.ttl", "paris-kg.rdf12.nt", "paris-kg.context.jsonld", "void.ttl", "docs/ontology.html"]
    names = sorted({rel.split("/")[0] for rel in files} | {layout.store_dir.name})
    try:
        publish_release(layout.dist, names, fill, staging)
    finally:
        if own:
            progress.close()
    outputs = {rel: layout.dist / rel for rel in files}
    outputs["store"] = layout.store_dir
    return written["count"], outputs
