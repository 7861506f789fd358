"""Render RDF terms for people: compact IRIs with the project's prefixes, plain literal text."""
from __future__ import annotations

from .namespaces import PREFIXES

# Longest namespace first, so ``event:`` wins over ``id:``.
_BY_LENGTH = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))


def compact(iri: str) -> str:
    """``https://w3id.org/paris-kg/id/event/x`` -> ``event:x``; unknown IRIs get angle brackets."""
    for prefix, ns in _BY_LENGTH:
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return f"<{iri}>"
