"""SHACL shapes and QC checks run in a thread of the build, beside the writing of the dumps.

Why: once the alignment graph is added the graph no longer changes, and both the checks and
the dump writers only read it. The checks are queries that hold one core for a long time on
a large graph (a quarter of a million-triple build); Oxigraph evaluates a query without the
GIL, so a thread runs them on the second core while the build writes the release into its
private staging directory, reading the one in-memory store the build already holds.

A thread, not a forked child: a child shares the store's pages only until the build writes
beside them, and measured at 1M triples it came to hold 1.3-1.65 GB of its own, a copy of the
build as it was at the fork, while the checks themselves need about 0.25 GB beyond the store
(README "Build at scale"). Nothing is published until the checks have vouched for the graph
(:meth:`Checks.finish`); their violations fail the build exactly as before, and the staging
directory is thrown away.
"""
from __future__ import annotations

import os
import sys
import threading
import time

import pyoxigraph as ox

from ..paths import Layout


def run_checks(store: ox.Store, layout: Layout) -> list:
    """Every violation of the shapes, then of the QC queries (the order the build reports them)."""
    from .validation import check_violations, shacl_violations

    return shacl_violations(store, layout) + check_violations(store, layout)


class Cancelled(Exception):
    """The build stopped the checks (it failed elsewhere): no answer is wanted."""


class _Stoppable:
    """The store as the checks see it: a query asked after :meth:`Checks.cancel` raises
    :class:`Cancelled`, so a cancelled thread stops at its next query (a running one cannot
    be interrupted)."""

    def __init__(self, store: ox.Store, stopped: threading.Event):
        self._store, self._stopped = store, stopped

    def query(self, *args, **kwargs):
        if self._stopped.is_set():
            raise Cancelled()
        return self._store.query(*args, **kwargs)

    def __getattr__(self, name):
        return getattr(self._store, name)


class Checks:
    """The checks of one graph, started at once in a thread (or run in place)."""

    label = "validate: SHACL shapes and QC checks"

    def __init__(self, store: ox.Store, layout: Layout, *, beside: bool = True, earlier: list | None = None):
        self.result: tuple | None = None
        self.earlier = earlier or []  # faults found before the checks (statement citations)
        self.stopped = threading.Event()
        self.thread = None
        if not beside:
            self.result = self._run(store, layout)
            return
        self.thread = threading.Thread(target=self._beside, args=(store, layout), name="checks", daemon=True)
        self.thread.start()

    def _beside(self, store: ox.Store, layout: Layout) -> None:
        _yield_to_the_store()
        self.result = self._run(_Stoppable(store, self.stopped), layout, beside=True)

    @staticmethod
    def _run(store, layout: Layout, *, beside: bool = False) -> tuple:
        wall, cpu = time.perf_counter(), time.thread_time()
        try:
            outcome = ("ok", run_checks(store, layout))
        except Exception as exc:  # handed to the thread that calls finish
            _let_go_here(exc)
            outcome = ("error", exc)
        except BaseException as exc:  # a Rust panic in the engine (pyo3's PanicException) is not an Exception
            if not beside:
                raise
            _let_go_here(exc)
            outcome = ("error", RuntimeError(f"the checks stopped: {type(exc).__name__}: {exc}"))
        return (*outcome, (time.perf_counter() - wall, time.thread_time() - cpu), beside)

    def finish(self, progress=None) -> list:
        """Wait for the checks; return their violations (or raise the error they met)."""
        if self.thread is not None:
            self.thread.join()
            self.thread = None
        if self.result is None:
            raise RuntimeError("the checks' thread ended without an answer")
        kind, value, times, beside = self.result
        if progress is not None:
            progress.report(f"  ({self.label}, {'in a thread' if beside else 'in place'})", *times)
        if kind == "error":
            raise value
        return value

    def cancel(self) -> None:
        """After a failure elsewhere: let the thread stop at its next query (not waited for)."""
        self.stopped.set()
        self.thread = None


def _let_go_here(exc: BaseException) -> None:
    """Free the locals of the frames ``exc`` went through, in the thread that made them.

    The error goes to the build's thread; its traceback would carry those frames along, with
    any query solutions they held, and pyoxigraph cannot drop solutions in another thread than
    the one that asked for them (it reports it and leaks them). The traceback keeps its lines."""
    import traceback

    traceback.clear_frames(exc.__traceback__)


#: how much lower than the build's other threads the checks run (:func:`_yield_to_the_store`)
NICENESS = 5


def _yield_to_the_store() -> None:
    """Linux: run this thread at a lower priority than the build's others (niceness is per
    thread there), so on a full machine the dump writers and the store, which the release
    waits for, get the cores first. Chosen when the store was the longest job; since the
    store is compacted early the checks end last at 1M (about 10 s alone at the end), but
    running them at the build's priority gained nothing (eighth session, two A/B pairs at 1M:
    111.5/121.9 s niced, 118.7/117.8 s not): the build is CPU-bound, so a thread's priority
    only moves where the wait falls. Elsewhere the thread keeps the build's priority (there
    a thread id is no process id, and setting it could renice another process)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), os.getpriority(os.PRIO_PROCESS, 0) + NICENESS)
    except (OSError, AttributeError):
        pass
