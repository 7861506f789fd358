"""The build's checks in a forked child (paris_kg.build.checks_beside): same answers as in place,
errors carried back, and no child left behind when the build stops or is killed."""
from __future__ import annotations

import os
import subprocess
import sys
import time

import pyoxigraph as ox
import pytest

from paris_kg.build import checks_beside
from paris_kg.build.checks_beside import Checks
from paris_kg.errors import InputError, Violation


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as f:  # a zombie is not alive
        return f.read().split(") ", 1)[1][0] != "Z"


def test_the_child_and_the_checks_in_place_give_the_same_violations(monkeypatch):
    found = [Violation("event:x", "pk:date", "[shape] needs a date"), Violation("event:y", "", "[check] d\u00e9j\u00e0")]
    monkeypatch.setattr(checks_beside, "run_checks", lambda store, layout: list(found))
    beside = Checks(ox.Store(), None, earlier=[Violation("a", "b", "c")])
    assert beside.pid is not None  # really forked
    assert beside.finish() == found and beside.earlier == [Violation("a", "b", "c")]
    assert Checks(ox.Store(), None, beside=False).finish() == found


def test_an_error_in_the_child_is_raised_in_the_build(monkeypatch):
    def broken(store, layout):
        raise InputError("queries/checks/x.rq: bad query")

    monkeypatch.setattr(checks_beside, "run_checks", broken)
    with pytest.raises(InputError, match=r"^queries/checks/x.rq: bad query$"):
        Checks(ox.Store(), None).finish()


def test_cancel_stops_a_running_child(monkeypatch):
    monkeypatch.setattr(checks_beside, "run_checks", lambda store, layout: time.sleep(60) or [])
    checks = Checks(ox.Store(), None)
    pid = checks.pid
    checks.cancel()
    assert not _alive(pid) and checks.pid is None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the child's parent-death signal is Linux's")
def test_a_killed_build_leaves_no_checking_child():
    code = (
        "import os, signal, time, pyoxigraph as ox\n"
        "from paris_kg.build import checks_beside\n"
        "checks_beside.run_checks = lambda store, layout: time.sleep(60) or []\n"
        "c = checks_beside.Checks(ox.Store(), None)\n"
        "print(c.pid, flush=True)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.returncode == -9
    child = int(run.stdout.split()[0])
    for _ in range(100):  # the kernel delivers the parent-death signal at once; allow a loaded machine 10 s
        if not _alive(child):
            break
        time.sleep(0.1)
    assert not _alive(child)
