"""Refuse, before they reach the engine, the queries that would make it call out or crash.

* ``SERVICE`` makes the engine send HTTP requests to any URL a caller names: from a public
  endpoint that is a request forgery against the host's network. It is refused unless the
  operator allows federation to named hosts (``--allow-service HOST``); ``SERVICE ?var``
  is always refused (its target is not known in advance).
* Very deep nesting of ``{ }`` or ``( )`` (from ~700 levels of ``FILTER EXISTS`` or ~950
  of ``STR(STR(...))``) and very long flat expressions overflow the engine's stack (Oxigraph
  parses and evaluates recursively), killing it. Limits far above any real query and far
  below those depths are enforced here; the engine supervisor is the backstop.

The scan is lexical and knows SPARQL's strings, IRIs and comments, so the word SERVICE inside
a literal, an IRI or a comment is not taken for the keyword.
"""
from __future__ import annotations

import re
import urllib.parse

MAX_DEPTH = 64
#: long flat chains (``1+1+1...``, ``true && true...``) overflow the engine's stack at ~13,000
#: tokens; the longest named query has ~330
MAX_TOKENS = 10_000

_TOKEN = re.compile(r"""
    (?P<comment>\#[^\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\s]*>)
  | (?P<open>[{(\[])
  | (?P<close>[})\]])
  | (?P<word>[A-Za-z_][A-Za-z0-9_\-]*(?::[^\s{}()\[\];,.]*)?)
  | (?P<var>[?$][A-Za-z0-9_]+)
  | (?P<other>\S)
""", re.X | re.S)


class QueryRefused(Exception):
    """``status`` (400 or 403) and a one-line reason."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


def check_query(query: str, allowed_hosts: frozenset[str] = frozenset()) -> None:
    """Raise :class:`QueryRefused` if ``query`` calls another service or nests too deeply."""
    depth = 0
    tokens = [m for m in _TOKEN.finditer(query) if m.lastgroup != "comment"]
    for i, m in enumerate(tokens):
        kind = m.lastgroup
        if kind == "open":
            depth += 1
            if depth > MAX_DEPTH:
                raise QueryRefused(400, f"query nested deeper than {MAX_DEPTH} levels of brackets: refused")
        elif kind == "close":
            depth = max(0, depth - 1)
        elif kind == "word" and m.group().upper() == "SERVICE":
            following = [t for t in tokens[i + 1:i + 3]]
            if following and following[0].group().upper() == "SILENT":
                following = following[1:]
            target = following[0] if following else None
            if target is None or target.lastgroup != "iri":
                raise QueryRefused(403, "federated queries (SERVICE) are disabled on this endpoint")
            host = (urllib.parse.urlsplit(target.group()[1:-1]).hostname or "").lower()
            if host not in allowed_hosts:
                raise QueryRefused(403, "federated queries (SERVICE) are disabled on this endpoint"
                                   + (f" for {host}" if allowed_hosts else ""))
    if len(tokens) > MAX_TOKENS:
        raise QueryRefused(400, f"query longer than {MAX_TOKENS} tokens: refused")
