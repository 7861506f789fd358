"""Read ``.rq`` files and their header comments.

Every query file starts with ``# key: value`` lines (title, question, research-question,
param, message...). Parsing them here lets the catalogue, the QC checks and the alignment
step share one reader.
"""
from __future__ import annotations

import re
from pathlib import Path

_HEADER = re.compile(r"^#\s*([A-Za-z][\w-]*)\s*:\s*(.*?)\s*$")


class QueryFile:
    """A SPARQL file with the metadata from its header comment."""

    __slots__ = ("name", "path", "text", "meta")

    def __init__(self, name: str, path: Path, text: str, meta: dict[str, list[str]] | None = None):
        self.name, self.path, self.text, self.meta = name, path, text, meta or {}

    def first(self, key: str, default: str = "") -> str:
        values = self.meta.get(key)
        return values[0] if values else default


def read_query_file(path: Path) -> QueryFile:
    text = path.read_text(encoding="utf-8")
    meta: dict[str, list[str]] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        m = _HEADER.match(line)
        if m:
            meta.setdefault(m.group(1).lower(), []).append(m.group(2))
    return QueryFile(name=path.stem, path=path, text=text, meta=meta)


def read_query_dir(directory: Path) -> list[QueryFile]:
    """All ``.rq`` files directly in ``directory``, sorted by name."""
    return [read_query_file(p) for p in sorted(directory.glob("*.rq"))]
