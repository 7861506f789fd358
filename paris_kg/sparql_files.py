"""Read ``.rq`` files and their header comments.

Every query file starts with ``# key: value`` lines (title, question, research-question,
param, message...). Parsing them here lets the catalogue, the QC checks and the alignment
step share one reader.
"""
from __future__ import annotations

import os

from .errors import InputError


class QueryFile:
    """A SPARQL file with the metadata from its header comment."""

    __slots__ = ("name", "path", "text", "meta")

    def __init__(self, name: str, path: Path | str, text: str, meta: dict[str, list[str]] | None = None):
        self.name, self.path, self.text, self.meta = name, path, text, meta or {}

    def first(self, key: str, default: str = "") -> str:
        values = self.meta.get(key)
        return values[0] if values else default


def parse_header(text: str) -> dict[str, list[str]]:
    """``# key: value`` lines at the top of a query, until the first line of SPARQL.

    String methods rather than a regular expression: this runs on every ``paris-kg query``
    and ``re`` is not otherwise needed there.
    """
    meta: dict[str, list[str]] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        key, colon, value = line[1:].partition(":")
        key = key.strip()
        if colon and key and key[0].isalpha() and key.replace("-", "").replace("_", "").isalnum():
            meta.setdefault(key.lower(), []).append(value.strip())
    return meta


#: a query file larger than this is refused (a query is text typed by people, not data)
MAX_QUERY_BYTES = 1_000_000


def read_query_file(path: Path | str) -> QueryFile:
    """The file's text and header; any problem reading it becomes one :class:`InputError` line."""
    try:
        size = os.path.getsize(path)
        if size > MAX_QUERY_BYTES:
            raise InputError(f"{path}: query file of {size} bytes is larger than {MAX_QUERY_BYTES}; refused")
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (byte {exc.start}: {exc.reason})") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not a query file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    name = os.path.splitext(os.path.basename(path))[0]
    return QueryFile(name=name, path=path, text=text, meta=parse_header(text))


def read_query_dir(directory: Path) -> list[QueryFile]:
    """All ``.rq`` files directly in ``directory``, sorted by name."""
    return [read_query_file(p) for p in sorted(directory.glob("*.rq"))]
