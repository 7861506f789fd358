"""Render RDF terms for people: compact IRIs with the project's prefixes, plain literal text."""
from __future__ import annotations

from .namespaces import PREFIXES, WIKIDATA_ENTITY, WIKIDATA_PAGE

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



def wikidata_page(iri: str) -> str | None:
    """The page of a Wikidata item for people (``https://www.wikidata.org/wiki/Q90``), given
    its entity IRI (``http://www.wikidata.org/entity/Q90``); None for any other IRI.
    (String tests, not ``re``: this module is on the fast ``query`` path.)"""
    text = str(iri)
    local = text[len(WIKIDATA_ENTITY):] if text.startswith(WIKIDATA_ENTITY) else ""
    ok = len(local) > 1 and local[0] == "Q" and local[1] != "0" and local[1:].isascii() and local[1:].isdigit()
    return WIKIDATA_PAGE + local if ok else None
