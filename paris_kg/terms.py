"""Render RDF terms for people: compact IRIs with the project's prefixes, plain literal text."""
from __future__ import annotations

from .namespaces import PREFIXES

def compactor(prefixes: dict[str, str], *, brackets: bool = True):
    """A function that writes IRIs with ``prefixes`` (longest namespace first, so ``event:``
    wins over ``id:``); IRIs under no prefix come back whole, in angle brackets if asked."""
    by_length = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))

    def compact(iri: str) -> str:
        for prefix, ns in by_length:
            if iri.startswith(ns) and len(iri) > len(ns):
                return f"{prefix}:{iri[len(ns):]}"
        return f"<{iri}>" if brackets else iri

    return compact


#: ``https://w3id.org/paris-kg/id/event/x`` -> ``event:x``; unknown IRIs get angle brackets.
compact = compactor(PREFIXES)
