"""Stages of a build, timed, and shown on a terminal when the build is slow enough to need it.

Why: at a million triples a build takes minutes, and a silent terminal looks like a hang. A
build that is still running after ``PARIS_KG_PROGRESS_DELAY`` seconds (2 by default) gets a
progress bar on stderr (tqdm) naming the stage it is in, with counts inside the long ones.
Nothing is printed when stderr is not a terminal or when ``CI`` is set, so logs, pipes and
tests see the same output as before. tqdm is imported only when the bar is shown.

Every stage is also reported to the listeners registered with :func:`listen` (wall and CPU
seconds), which is how ``bench/build_stages.py`` times the build without a second code path.
"""
from __future__ import annotations

import os
import sys
import threading
import time
from contextlib import contextmanager
from typing import Callable, Iterator

_listeners: list[Callable[[str, float, float], None]] = []


def listen(callback: Callable[[str, float, float], None]) -> None:
    """Call ``callback(stage, wall_seconds, cpu_seconds)`` after every stage of every build."""
    _listeners.append(callback)


def _wanted(stream) -> bool:
    if os.environ.get("CI"):
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class Progress:
    """The stages of one build: a context manager per stage, ``tick`` inside long ones."""

    def __init__(self, stages: int, *, stream=None, delay: float | None = None):
        self.stream = stream if stream is not None else sys.stderr
        self.total = stages
        self.done = 0
        self.name = ""
        self.detail = ""
        self.delay = float(os.environ.get("PARIS_KG_PROGRESS_DELAY", "2")) if delay is None else delay
        self.start = time.monotonic()
        self.enabled = _wanted(self.stream)
        self._bar = None
        self._lock = threading.Lock()
        self._timer = None
        if self.enabled:  # show the bar when the delay passes, even in the middle of a stage
            self._timer = threading.Timer(self.delay, self._show)
            self._timer.daemon = True
            self._timer.start()

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Run one stage: shown by name, timed for the listeners, counted when it ends."""
        self.name, self.detail = name, ""
        self._show()
        wall, cpu = time.perf_counter(), time.process_time()
        yield
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        for callback in _listeners:
            callback(name, wall, cpu)
        self.done += 1
        self._show()

    def report(self, name: str, wall: float, cpu: float) -> None:
        """Tell the listeners about work done beside the stages (a thread's own time)."""
        for callback in _listeners:
            callback(name, wall, cpu)

    def tick(self, done: int, total: int, unit: str = "triples") -> None:
        """Progress inside the current stage (``done`` of ``total`` ``unit``)."""
        self.detail = f"{done:,}/{total:,} {unit}"
        if self._bar is not None:
            self._show()

    def _show(self) -> None:
        if not self.enabled or time.monotonic() - self.start < self.delay:
            return
        with self._lock:
            if self._bar is None:
                from tqdm import tqdm  # imported only when a bar is shown

                self._bar = tqdm(total=self.total, file=self.stream, leave=False, dynamic_ncols=True,
                                 bar_format="build: {desc} {bar} {n_fmt}/{total_fmt} stages [{elapsed}] {postfix}")
            self._bar.n = self.done
            self._bar.set_description_str(self.name, refresh=False)
            self._bar.set_postfix_str(self.detail, refresh=False)
            self._bar.refresh()

    def close(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
        with self._lock:
            if self._bar is not None:
                self._bar.close()
                self._bar = None
            self.enabled = False
