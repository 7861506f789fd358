"""Find things by name: every label and spelling, whatever the case and the Vietnamese diacritics.

"le duc tho", "Lê Đức Thọ" and "Le DucTho" all find Lê Đức Thọ: names are folded (accents
removed, đ read as d, lower case, punctuation as spaces) and also compared with their spaces
removed, so a run-together spelling meets the right one. Hits rank exact > prefix > substring,
then shorter names first. The same index (``/search-index.json``) feeds the suggestions typed in
the browser (``static/search.js`` folds the same way), so the static site searches too.
"""
from __future__ import annotations

import unicodedata

import pyoxigraph as ox

from ..namespaces import BASE
from .entity import Reader, local_href

NAME_PROPS = ("http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2004/02/skos/core#prefLabel",
              "http://www.w3.org/2004/02/skos/core#altLabel", "https://schema.org/name",
              "http://xmlns.com/foaf/0.1/name")


def fold(text: str) -> str:
    """Lower case, no diacritics, đ as d, every run of non-letters as one space."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in decomposed if unicodedata.category(c) != "Mn").lower()
    return " ".join("".join(c if c.isalnum() else " " for c in plain).split())


def build_index(store: ox.Store) -> list[dict]:
    """One entry per resource of ours that has a name: display label, kind, href, folded names."""
    reader = Reader(store)
    names: dict[str, set[str]] = {}
    for prop in NAME_PROPS:
        for q in store.quads_for_pattern(None, ox.NamedNode(prop), None, None):
            s = q.subject
            if isinstance(s, ox.NamedNode) and s.value.startswith((BASE + "id/", BASE + "vocab/")) and isinstance(q.object, ox.Literal):
                names.setdefault(s.value, set()).add(q.object.value)
    entries = []
    for iri in sorted(names):
        folded = sorted({fold(n) for n in names[iri]} - {""})
        pref = sorted(v for v in reader.texts(iri, "http://www.w3.org/2004/02/skos/core#prefLabel", "vi"))
        entries.append({"iri": iri, "href": local_href(iri), "label": pref[0] if pref else reader.label(iri),
                        "english": reader.label(iri), "kind": reader.kind(iri) or "Concept", "names": folded})
    return entries


def rank(entry: dict, needle: str) -> int | None:
    """0 exact, 1 prefix, 2 substring (on the folded names or with spaces removed); None: no match."""
    squeezed = needle.replace(" ", "")
    best = None
    for name in entry["names"]:
        flat = name.replace(" ", "")
        if name == needle or flat == squeezed:
            return 0
        if name.startswith(needle) or flat.startswith(squeezed) or f" {needle}" in f" {name}":
            best = 1 if best is None else min(best, 1)
        elif needle in name or squeezed in flat:
            best = 2 if best is None else min(best, 2)
    return best


def search(index: list[dict], query: str, limit: int = 20) -> list[dict]:
    needle = fold(query)
    if not needle:
        return []
    hits = []
    for entry in index:
        r = rank(entry, needle)
        if r is not None:
            hits.append((r, min(len(n) for n in entry["names"]), entry["label"], entry))
    hits.sort(key=lambda h: (h[0], h[1], h[2]))
    return [{"rank": ("exact", "prefix", "substring")[r], **{k: e[k] for k in ("iri", "href", "label", "english", "kind")}}
            for r, _, _, e in hits[:limit]]
