"""SHACL shapes and QC checks run in a forked copy of the build, beside the writing of the dumps.

Why: once the alignment graph is added the graph no longer changes, and both the checks and
the dump writers only read it. The checks are queries that hold one core for a long time on
a large graph (a quarter of a million-triple build), so they run in a child made with
``fork``, which starts with the in-memory store without reloading it, while the build writes
the release into its private staging directory. (The pages they share become the child's own
as the build allocates and frees beside them: measured, the child ends up holding about a copy
of the build as it was at the fork; README "Build at scale".) Nothing is published
until the child has vouched for the graph (:meth:`Checks.finish`); its violations fail the
build exactly as before, and the staging directory is thrown away.

Where ``fork`` does not exist (Windows), or the caller wants the answer at once, the checks
run in place.
"""
from __future__ import annotations

import os
import pickle
import time
import warnings

import pyoxigraph as ox

from ..paths import Layout
from .side_job import die_with_build, yield_to_the_store


def run_checks(store: ox.Store, layout: Layout) -> list:
    """Every violation of the shapes, then of the QC queries (the order the build reports them)."""
    from .validation import check_violations, shacl_violations

    return shacl_violations(store, layout) + check_violations(store, layout)


class Checks:
    """The checks of one graph, started at once in a forked child (or run in place)."""

    label = "validate: SHACL shapes and QC checks"

    def __init__(self, store: ox.Store, layout: Layout, *, beside: bool = True, earlier: list | None = None):
        self.pid = None
        self.result: tuple | None = None
        self.earlier = earlier or []  # faults found before the checks (statement citations)
        if not (beside and hasattr(os, "fork")):
            self.result = self._run(store, layout)
            return
        parent = os.getpid()
        read_end, write_end = os.pipe()
        with warnings.catch_warnings():  # Python 3.12+ warns of any thread (the progress bar's): the child uses none
            warnings.simplefilter("ignore", DeprecationWarning)
            pid = os.fork()
        if pid == 0:  # the child: check, send the answer, leave without running any cleanup of the build's
            code = 1
            try:
                os.close(read_end)
                die_with_build(parent)  # (leaves here if the build is already gone)
                yield_to_the_store()
                if os.getppid() == parent:
                    answer = self._run(store, layout)
                    try:
                        data = pickle.dumps(answer)
                    except Exception as exc:  # an unpicklable error: send its text
                        data = pickle.dumps(("error", RuntimeError(f"{type(exc).__name__}: {exc}"), answer[2]))
                    with os.fdopen(write_end, "wb") as out:
                        out.write(data)
                    code = 0
            finally:
                os._exit(code)
        os.close(write_end)
        self.pid, self.fd = pid, read_end

    @staticmethod
    def _run(store: ox.Store, layout: Layout) -> tuple:
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            outcome = ("ok", run_checks(store, layout))
        except Exception as exc:
            outcome = ("error", exc)
        return (*outcome, (time.perf_counter() - wall, time.process_time() - cpu))

    def finish(self, progress=None) -> list:
        """Wait for the checks; return their violations (or raise the error they met)."""
        if self.result is None:
            with os.fdopen(self.fd, "rb") as answers:
                data = answers.read()
            _, status = os.waitpid(self.pid, 0)
            self.pid = None
            if not data:
                raise RuntimeError(f"the checking process ended without an answer (wait status {status})")
            self.result = pickle.loads(data)
        kind, value, times = self.result
        if progress is not None:
            progress.report(f"  ({self.label}, in a forked process)", *times)
        if kind == "error":
            raise value
        return value

    def cancel(self) -> None:
        """After a failure elsewhere: stop the child."""
        if self.pid is not None:
            import signal

            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os.waitpid(self.pid, 0)
            os.close(self.fd)
            self.pid = None
