"""Write a file all at once: to a temporary file beside it, then rename over the target.

A reader (or a crash) never sees a half-written file, and a failed command leaves the
previous version in place. Permissions are the usual 0644, not mkstemp's 0600.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Callable


def write_atomic(path: str | os.PathLike, writer: Callable[[str], None]) -> Path:
    """Call ``writer(tmp_path)`` to produce the file, then move it to ``path``."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    os.close(fd)
    try:
        writer(tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return target


def write_text_atomic(path: str | os.PathLike, text: str) -> Path:
    def write(tmp: str) -> None:
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(text)

    return write_atomic(path, write)


def replace_path(new: str | os.PathLike, target: str | os.PathLike) -> None:
    """Move ``new`` (a file, link or directory) to ``target``, replacing whatever is there.

    A directory cannot be renamed over a directory, so an existing one is first moved aside
    (one rename), then removed; a reader sees the old or the new content, never a mix.
    """
    target = Path(target)
    if target.is_dir() and not target.is_symlink():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        os.replace(target, old)
        os.replace(new, target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(new, target)
