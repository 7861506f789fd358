"""Peak memory of a whole process tree, sampled: the build works in two processes.

``os.wait4`` reports the peak resident size of the largest single process. The build starts a
second interpreter for the JSON-LD and TriG dumps (and ran its checks in a forked child until
2026-11-30), so the machine holds their memory together. This sampler adds up the proportional
set size (PSS: a page shared by n processes counts 1/n in each, so copy-on-write pages of a
fork are not counted twice) of the process and every descendant, a few times a second, and
keeps the largest sum. Linux only (``/proc``); elsewhere it reports nothing.
"""
from __future__ import annotations

import threading
from pathlib import Path

PROC = Path("/proc")
#: seconds between samples: reading ``smaps_rollup`` of a 2 GB process costs about a millisecond
INTERVAL_S = 0.25


def _children(pid: int) -> list[int]:
    out = []
    for task in (PROC / str(pid) / "task").glob("*/children"):
        try:
            out += [int(p) for p in task.read_text().split()]
        except OSError:  # the task ended meanwhile
            pass
    return out


def _pss_bytes(pid: int) -> int:
    try:
        for line in (PROC / str(pid) / "smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError):  # ended meanwhile, or not readable
        pass
    return 0


def tree_pss(root: int) -> int:
    """PSS of ``root`` and all its descendants now, in bytes."""
    total, todo, seen = 0, [root], set()
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        total += _pss_bytes(pid)
        todo += _children(pid)
    return total


class TreePeak:
    """``with TreePeak(pid) as peak: ...`` then ``peak.bytes`` (0 where /proc is missing)."""

    def __init__(self, pid: int):
        self.pid, self.bytes = pid, 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        if not (PROC / "self" / "smaps_rollup").exists():
            return
        while not self._done.wait(INTERVAL_S):
            self.bytes = max(self.bytes, tree_pss(self.pid))

    def __enter__(self) -> "TreePeak":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._done.set()
        self._thread.join()
