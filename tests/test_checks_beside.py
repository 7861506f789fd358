"""The build's checks in a thread (paris_kg.build.checks_beside): same answers as in place,
errors carried back, a lower priority than the build, and a cancelled thread stops at its next query."""
from __future__ import annotations

import os
import sys
import threading

import pyoxigraph as ox
import pytest

from paris_kg.build import checks_beside
from paris_kg.build.checks_beside import Cancelled, Checks
from paris_kg.build.checks_beside import NICENESS
from paris_kg.errors import InputError, Violation


def test_the_thread_and_the_checks_in_place_give_the_same_violations(monkeypatch):
    found = [Violation("event:x", "pk:date", "[shape] needs a date"), Violation("event:y", "", "[check] d\u00e9j\u00e0")]
    where = []
    monkeypatch.setattr(checks_beside, "run_checks",
                        lambda store, layout: where.append(threading.current_thread().name) or list(found))
    beside = Checks(ox.Store(), None, earlier=[Violation("a", "b", "c")])
    assert beside.finish() == found and beside.earlier == [Violation("a", "b", "c")]
    assert Checks(ox.Store(), None, beside=False).finish() == found
    assert where == ["checks", threading.current_thread().name]  # first in its own thread, then in place


def test_real_checks_find_the_same_faults_in_the_thread_as_in_place(tmp_path):
    """The article's graph with an event that has nothing but its type: the shapes and the QC
    queries, run through the thread's stoppable view of the store, report what they do in place."""
    from pathlib import Path

    from paris_kg.build.alignment import materialise
    from paris_kg.build.loading import load_sources
    from paris_kg.build.statements import expand
    from paris_kg.namespaces import GRAPH_DATA, ID, ONTOLOGY
    from paris_kg.paths import Layout

    layout = Layout(root=Path(__file__).resolve().parents[1], dist=tmp_path / "dist")
    store = load_sources(layout)
    assert expand(store) == []
    materialise(store, layout)
    store.add(ox.Quad(ox.NamedNode(ID + "event/bare"), ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                      ox.NamedNode(ONTOLOGY + "Event"), ox.NamedNode(GRAPH_DATA)))
    in_place = Checks(store, layout, beside=False).finish()
    assert in_place and {v.focus for v in in_place} == {"event:bare"}
    assert Checks(store, layout).finish() == in_place


def test_an_error_in_the_thread_is_raised_in_the_build(monkeypatch):
    def broken(store, layout):
        raise InputError("queries/checks/x.rq: bad query")

    monkeypatch.setattr(checks_beside, "run_checks", broken)
    with pytest.raises(InputError, match=r"^queries/checks/x.rq: bad query$"):
        Checks(ox.Store(), None).finish()


def test_cancel_stops_the_thread_at_its_next_query(monkeypatch):
    asked, go_on = threading.Event(), threading.Event()
    answered = []

    def many_queries(store, layout):
        for i in range(1000):
            answered.append(bool(store.query("ASK { }")))
            asked.set()
            go_on.wait(10)
        return []

    monkeypatch.setattr(checks_beside, "run_checks", many_queries)
    checks = Checks(ox.Store(), None)
    thread = checks.thread
    assert asked.wait(10)
    checks.cancel()
    go_on.set()
    thread.join(10)
    assert not thread.is_alive() and answered == [True]
    assert checks.result[0] == "error" and isinstance(checks.result[1], Cancelled)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="niceness is per thread on Linux")
def test_the_checks_run_at_a_lower_priority_than_the_build(monkeypatch):
    seen = []
    monkeypatch.setattr(checks_beside, "run_checks",
                        lambda store, layout: seen.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id())) or [])
    build = os.getpriority(os.PRIO_PROCESS, 0)
    Checks(ox.Store(), None).finish()
    assert seen == [min(build + NICENESS, 19)]
    assert os.getpriority(os.PRIO_PROCESS, 0) == build  # the build's own thread keeps its priority


def test_a_panic_in_the_engine_is_reported_not_lost(monkeypatch):
    """A Rust panic reaches Python as pyo3's PanicException, a BaseException: the thread must
    still hand the build an answer, an error that names it."""
    class PanicLike(BaseException):
        pass

    def panics(store, layout):
        raise PanicLike("index out of bounds")

    monkeypatch.setattr(checks_beside, "run_checks", panics)
    with pytest.raises(RuntimeError, match=r"^the checks stopped: PanicLike: index out of bounds$"):
        Checks(ox.Store(), None).finish()


def test_a_build_that_fails_while_writing_stops_its_checks(monkeypatch, tmp_path):
    from pathlib import Path

    from paris_kg.build import dumps
    from paris_kg.build.pipeline import build
    from paris_kg.paths import Layout

    started = []
    real_init = Checks.__init__

    def remember(self, *args, **kwargs):
        real_init(self, *args, **kwargs)
        started.append(self)

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Checks, "__init__", remember)
    monkeypatch.setattr(dumps, "write_outputs", disk_full)
    with pytest.raises(OSError, match="No space left on device"):
        build(Layout(root=Path(__file__).resolve().parents[1], dist=tmp_path / "dist"))
    assert len(started) == 1 and started[0].stopped.is_set()
    assert not (tmp_path / "dist" / "current").exists()


def test_an_error_in_the_thread_leaves_no_engine_object_to_be_dropped_by_another_thread(monkeypatch):
    """A query's solutions belong to the thread that asked for them (pyoxigraph cannot drop them
    elsewhere: it complains and leaks them). An error in the checks' thread once carried them,
    through its traceback's frames, to the build's thread, whose collector dropped them there."""
    import gc

    def fails_while_reading(store, layout):
        solutions = store.query("SELECT ?s WHERE { VALUES ?s { 1 2 } }")
        next(iter(solutions))
        raise ValueError("bad row")

    monkeypatch.setattr(checks_beside, "run_checks", fails_while_reading)
    complaints = []
    monkeypatch.setattr(sys, "unraisablehook", lambda unraisable: complaints.append(str(unraisable.exc_value)))
    checks = Checks(ox.Store(), None, beside=True)
    with pytest.raises(ValueError, match="bad row"):
        checks.finish()
    del checks
    gc.collect()
    assert complaints == []
