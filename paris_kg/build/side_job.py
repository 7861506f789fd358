"""The JSON-LD dump and the counts, made in a second process beside the main one.

Why a process: a build has two cores to use and JSON-LD is Python work per triple (a node
object per subject), which a thread could not run beside the main one's Turtle writer (the
GIL). The process is a fresh interpreter (safe whatever threads the build runs) and reads the
sorted N-Triples dump the main process has already written into the staging directory. It
writes its file there and hands back its hash and size, so the release is named as if one
process wrote it all, plus the :class:`.passes.Counts` the dataset description needs.

TriG was written here too until the seventh session on issue 11: the main process now writes
it after the Turtle dumps, in the time it spent waiting for this one (a 1M build's second
process then ran alone on one core for its last 15-20 s; README "Build at scale"). Since then
the job also runs at the build's priority, no longer below it: the store compacts as soon as
its last graph is in, so this job, not the store, is what a build waits for last.
"""
from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path


@dataclass(frozen=True)
class Written:
    """A file written by the side job: what :class:`.dumps.Release` needs of it."""

    path: Path
    digest: bytes
    size: int


def subject_order(lines: Iterable[bytes]) -> list[str]:
    """Every subject of the sorted ``lines``, as IRI (or blank node id) text, sorted as strings:
    the JSON-LD node order (``a`` before ``a-b``, where N-Triples order has ``<a-b>`` first)."""
    subjects, last = [], None
    for line in lines:
        subject = line[:line.index(b" ")]
        if subject != last:
            subjects.append(subject)
            last = subject
    return sorted(s[1:-1].decode("utf-8") if s[:1] == b"<" else s[2:].decode("utf-8") for s in subjects)


def _chunks(path: Path, size: int) -> Iterator[list[bytes]]:
    """The file's lines, ``size`` at a time."""
    with open(path, "rb") as f:
        while chunk := list(islice(f, size)):
            yield chunk


def run(staging: str, context: dict) -> dict:
    """The job itself (in the second process): JSON-LD and counts from ``paris-kg.nt``."""
    from .dumps import HashedFile
    from .jsonld import JsonLdWriter
    from . import ordered
    from .passes import Counts

    def written(out: HashedFile) -> Written:
        out.close()
        return Written(out.path, out.digest, out.size)

    wall, cpu = time.perf_counter(), time.process_time()
    root = Path(staging)
    # the N-Triples dump read twice as it goes (never held): its subjects first, for the JSON-LD
    # node order, then its triples a chunk at a time
    with open(root / "paris-kg.nt", "rb") as f:
        order = subject_order(f)
    counts = Counts()
    out = HashedFile(root / "paris-kg.jsonld")
    jsonld = JsonLdWriter(out, context, order)
    for _, triples, by_predicate in ordered.subjects_of_chunks(_chunks(root / "paris-kg.nt", ordered.CHUNK)):
        subject = triples[0].subject.value
        counts.add(subject, by_predicate)
        jsonld.add(subject, by_predicate)
    jsonld.close()
    files = {"paris-kg.jsonld": written(out)}
    return {"counts": counts, "written": files, "times": (time.perf_counter() - wall, time.process_time() - cpu)}


class SideJob:
    """:func:`run` in a second process (``python -m paris_kg.build.side_job``, so nothing of the
    caller's main module is imported again); :meth:`finish` waits for it and raises its error."""

    label = "JSON-LD and counts"

    def __init__(self, staging: Path, context: dict):
        import json
        import subprocess
        import sys
        import tempfile

        package_parent = str(Path(__file__).resolve().parents[2])
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [package_parent, os.environ.get("PYTHONPATH")])))
        self.errors = tempfile.TemporaryFile()
        self.proc = subprocess.Popen([sys.executable, "-m", "paris_kg.build.side_job", str(os.getpid())],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.errors, env=env)
        job = {"staging": str(staging), "context": context}
        self.proc.stdin.write(json.dumps(job).encode("utf-8"))  # the job starts now, beside the caller's work
        self.proc.stdin.close()

    def finish(self, progress) -> dict:
        import pickle

        out = self.proc.stdout.read()
        self.proc.wait()
        if self.proc.returncode != 0:
            self.errors.seek(0)
            lines = self.errors.read().decode("utf-8", "replace").strip().splitlines() or ["(no message)"]
            raise RuntimeError(f"the second build process failed (exit {self.proc.returncode}): {lines[-1]}")
        result = pickle.loads(out)
        progress.report(f"  ({self.label}, in a second process)", *result["times"])
        return result

    def join(self) -> None:
        """After a failure elsewhere: stop the job before its directory is removed."""
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self.proc.stdout.close()


def die_with_build(parent: int) -> None:
    """Linux: be killed when the build that started us dies (a killed build must not leave a
    worker running into a directory the next build will clean); leave at once if it is gone."""
    import ctypes
    import signal
    import sys

    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # it died before we could ask
        os._exit(1)


def main() -> None:
    import json
    import pickle
    import sys

    die_with_build(int(sys.argv[1]))  # at the build's own priority: it is what the build waits for last

    from paris_kg.build import side_job  # the module itself, not this __main__ copy: its classes must pickle by name

    job = json.loads(sys.stdin.buffer.read())
    result = side_job.run(job["staging"], job["context"])
    sys.stdout.buffer.write(pickle.dumps(result))


if __name__ == "__main__":
    main()
