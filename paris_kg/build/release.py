"""Atomic releases of ``dist/``: every build is a complete directory, switched to in one step.

Why: a build writes a dozen files and an Oxigraph store; renaming them one by one lets a
crash (or a reader at the wrong moment) see new dumps beside the old store. Instead:

* the build writes everything into ``dist/releases/.staging-*`` and renames that directory to
  ``dist/releases/r-<hash of its files>`` (same sources -> same name; the hashes are taken
  while the files are written, so no file is held in memory to name the release);
* ``dist/current`` is a symbolic link to that release, replaced in one ``rename``: readers see
  the old release or the new one, never a mix;
* the familiar paths (``dist/paris-kg.ttl``, ``dist/store``, ``dist/docs``...) are fixed links
  through ``current`` and never change;
* ``dist/.lock`` (``flock``) lets one build at a time in; the next build removes whatever a
  crashed one left (staging directories, temporary links) and keeps only the current and the
  previous release (a server may still be finishing a request on the previous one).

``PARIS_KG_FAULT_AT=N`` kills the process with SIGKILL just before the N-th step that changes
``dist/`` (tests use it to prove every crash point leaves a complete release).
"""
from __future__ import annotations

import errno
import fcntl
import hashlib
import os
import shutil
import signal
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from ..atomic import replace_path
from ..errors import ParisKGError

RELEASES = "releases"
CURRENT = "current"
LOCK = ".lock"
KEEP = 2  # the current release and the one before it


class BuildLocked(ParisKGError):
    exit_code = 1


_steps = 0


def _step() -> None:
    """A point where ``dist/`` changes; the fault injector may kill the process here."""
    global _steps
    _steps += 1
    if os.environ.get("PARIS_KG_FAULT_AT") == str(_steps):
        os.kill(os.getpid(), signal.SIGKILL)


@contextmanager
def build_lock(dist: Path) -> Iterator[None]:
    """Hold ``dist/.lock`` for the whole build; a second build fails at once with one line."""
    dist.mkdir(parents=True, exist_ok=True)
    fd = os.open(dist / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES):
                raise
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
            raise BuildLocked(f"another build is writing {dist} (pid {holder}); wait for it to finish") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        yield
    finally:
        os.close(fd)  # closing releases the lock; the file stays (removing it would race)


def current_release(dist: Path) -> Path | None:
    """The directory ``dist/current`` points to, resolved, or None before the first build."""
    link = dist / CURRENT
    return link.resolve() if link.is_symlink() and link.resolve().is_dir() else None


def _relink(link: Path, target: str) -> None:
    """Make ``link`` a symlink to ``target`` with one atomic rename."""
    if link.is_symlink() and os.readlink(link) == target:
        return
    tmp = link.with_name(f".{link.name}.tmp-{os.getpid()}")
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    os.symlink(target, tmp)
    _step()
    replace_path(tmp, link)  # (a dist/ from before releases has real directories there)


def clean_leftovers(dist: Path) -> None:
    """Remove what a crashed build left: staging directories, temporary links, old releases."""
    releases = dist / RELEASES
    for path in list(dist.glob(".*.tmp-*")) + list(dist.glob(".*.old-*")) + list(dist.glob(".staging-*")):
        shutil.rmtree(path, ignore_errors=True) if path.is_dir() and not path.is_symlink() else path.unlink(missing_ok=True)
    if releases.is_dir():
        for path in releases.glob(".staging-*"):
            shutil.rmtree(path, ignore_errors=True)


def prune(dist: Path) -> None:
    """Keep the current release and the newest other one; delete the rest."""
    releases = dist / RELEASES
    current = current_release(dist)
    others = sorted((p for p in releases.glob("r-*") if p.is_dir() and p.resolve() != current),
                    key=lambda p: p.stat().st_mtime, reverse=True)
    for path in others[KEEP - 1:]:
        shutil.rmtree(path, ignore_errors=True)


def open_staging(dist: Path) -> Path:
    """A fresh, private staging directory for the next release (after cleaning what a crashed
    build left). Must be called under :func:`build_lock`."""
    clean_leftovers(dist)
    releases = dist / RELEASES
    releases.mkdir(parents=True, exist_ok=True)
    staging = releases / f".staging-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    return staging


def publish_release(dist: Path, names: list[str], fill: Callable[[Path], bytes], staging: Path | None = None) -> Path:
    """Write a release with ``fill(staging_dir)`` and make it current; ``names`` get fixed links.

    ``fill`` writes every file and returns the release's fingerprint (its files' names and
    hashes, computed while writing): the release is named after it, so a build of unchanged
    sources finds its release already there and keeps it. Must be called under :func:`build_lock`;
    ``staging`` is one from :func:`open_staging` that the build has begun to fill, if any.
    """
    staging = staging or open_staging(dist)
    releases = dist / RELEASES
    try:
        fingerprint = fill(staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    name = "r-" + hashlib.sha256(fingerprint).hexdigest()[:16]
    target = releases / name
    if target.is_dir():
        shutil.rmtree(staging, ignore_errors=True)
    else:
        _step()
        os.replace(staging, target)
    os.utime(target)  # newest release by mtime, for pruning
    _step()
    _relink(dist / CURRENT, f"{RELEASES}/{name}")
    for entry in names:  # the stable paths: dist/paris-kg.ttl -> current/paris-kg.ttl
        _relink(dist / entry, f"{CURRENT}/{entry}")
    prune(dist)
    return target
