"""Which source says so, value by value: the one place where Python code (entity pages, the
report, the graph, the timeline) finds the citations behind a statement.

It applies the rule of ``queries/evidence.rq`` and of the QC check
``fact-statement-without-citation`` to one triple ``s p o``:

* the triple has a ``pk:SourcedStatement`` node: the citations of that node;
* it has a ``pk:EditorsStatement`` node: no citation; the editors added it and the subject's
  editorial note says why;
* neither: the citations of ``s`` itself. For a fact statement that is the whole-resource rule
  (validation has checked that such a resource qualifies); for a value that is not a fact (a
  label, a summary) it is where the resource as a whole comes from.

A ``pk:Claim`` is a statement too, but never supports a value: it records what a source says
and the editors doubt. Everything here is a bounded read of the store (no query engine): the
statement nodes are indexed in one pass on first use, so citing thousands of values stays fast,
and a caller citing thousands of rows by the same properties (the report) can read those
properties whole first (:meth:`Evidence.prefetch`).
"""
from __future__ import annotations

import pyoxigraph as ox

from .namespaces import ONTOLOGY

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
RDF_TYPE = ox.NamedNode(RDF + "type")
PARTS = tuple(ox.NamedNode(RDF + p) for p in ("subject", "predicate", "object"))
CITATION = ox.NamedNode(ONTOLOGY + "citation")
SOURCED = ox.NamedNode(ONTOLOGY + "SourcedStatement")
EDITORS = ox.NamedNode(ONTOLOGY + "EditorsStatement")
#: what :meth:`Evidence.texts` says for a value the editors added
EDITORS_WORDS = "added by the editors"


#: more rows to cite than this, and reading the cited properties whole (:meth:`Evidence.prefetch`)
#: costs less than a lookup per row and property
PREFETCH_ROWS = 200


def node(term) -> ox.NamedNode:
    return term if isinstance(term, ox.NamedNode) else ox.NamedNode(str(term))


class Basis:
    """What one or more values rest on: citation IRIs, the statement nodes that give them, and
    whether the editors added any of the values themselves."""

    __slots__ = ("citations", "statements", "editors")

    def __init__(self, citations=(), statements=(), editors: bool = False):
        self.citations = tuple(sorted(set(citations)))
        self.statements = tuple(sorted(set(statements)))
        self.editors = editors

    def __or__(self, other: "Basis") -> "Basis":
        return Basis(self.citations + other.citations, self.statements + other.statements,
                     self.editors or other.editors)

    def __eq__(self, other) -> bool:
        return isinstance(other, Basis) and (self.citations, self.editors) == (other.citations, other.editors)

    def __hash__(self) -> int:
        return hash((self.citations, self.editors))

    def __repr__(self) -> str:
        return f"Basis({list(self.citations)}, editors={self.editors})"


class Evidence:
    """Citations per statement, read from one store (see the module docstring)."""

    def __init__(self, store: ox.Store):
        self.store = store
        self._index: dict[tuple, list] | None = None
        self._resource: dict[str, tuple[str, ...]] = {}
        self._labels: dict[str, str] = {}
        self._forward: dict[ox.NamedNode, dict] = {}  # property -> subject -> values (prefetched)
        self._inverse: dict[ox.NamedNode, dict] = {}  # property -> value -> subjects (prefetched)

    def prefetch(self, props) -> None:
        """Read every triple of these properties in one scan each, so :meth:`values` and
        :meth:`subjects` answer from memory: the report cites thousands of rows by the same few
        properties, and a lookup per row and property costs more than one pass over them."""
        for prop in map(node, props):
            if prop in self._forward:
                continue
            forward: dict = {}
            inverse: dict = {}
            for q in self.store.quads_for_pattern(None, prop, None, None):
                forward.setdefault(q.subject, set()).add(q.object)
                inverse.setdefault(q.object, set()).add(q.subject)
            self._forward[prop], self._inverse[prop] = forward, inverse

    def _statements(self) -> dict[tuple, list]:
        """(s, p, o) -> [(statement IRI, kind, citation IRIs)] for every sourced or editors' node."""
        if self._index is None:
            # each property read whole, once: a lookup per statement node and property cost
            # four times as much at 100k triples (the index holds every node anyway)
            kinds = {kind: sorted({q.subject for q in self.store.quads_for_pattern(None, RDF_TYPE, kind, None)
                                   if isinstance(q.subject, ox.NamedNode)}, key=str) for kind in (SOURCED, EDITORS)}
            wanted = {st for nodes in kinds.values() for st in nodes}
            parts: list[dict] = []
            for prop in PARTS:
                found: dict = {}
                for q in self.store.quads_for_pattern(None, prop, None, None):
                    if q.subject in wanted:
                        found.setdefault(q.subject, set()).add(q.object)
                parts.append(found)
            cites: dict = {}
            for q in self.store.quads_for_pattern(None, CITATION, None, None):
                if q.subject in wanted:
                    cites.setdefault(q.subject, set()).add(q.object.value)
            index: dict[tuple, list] = {}
            for kind, nodes in kinds.items():
                for st in nodes:
                    values = [found.get(st, set()) for found in parts]
                    if any(len(v) != 1 for v in values):
                        continue  # validation refuses such a node; never cite through it
                    index.setdefault(tuple(next(iter(v)) for v in values), []).append((st.value, kind, cites.get(st, set())))
            self._index = index
        return self._index

    def resource_citations(self, subject) -> tuple[str, ...]:
        """The citations of the resource itself (its ``pk:citation`` values)."""
        key = node(subject).value
        if key not in self._resource:
            found = (self._forward[CITATION].get(node(subject), ()) if CITATION in self._forward
                     else (q.object for q in self.store.quads_for_pattern(node(subject), CITATION, None, None)))
            self._resource[key] = tuple(sorted({o.value for o in found if isinstance(o, ox.NamedNode)}))
        return self._resource[key]

    def basis(self, subject, prop, value) -> Basis:
        """What the one triple ``subject prop value`` rests on."""
        found = self._statements().get((node(subject), node(prop), value), [])
        if not found:
            return Basis(self.resource_citations(subject))
        return Basis([c for _, _, cites in found for c in cites], [st for st, _, _ in found],
                     editors=any(kind == EDITORS for _, kind, _ in found))

    def values(self, subject, prop) -> list:
        """The values of ``subject prop`` (any graph, each once, in a stable order)."""
        prop = node(prop)
        if prop in self._forward:
            return sorted(self._forward[prop].get(node(subject), ()), key=str)
        return sorted({q.object for q in self.store.quads_for_pattern(node(subject), prop, None, None)}, key=str)

    def subjects(self, prop, value) -> list:
        """The resources that have ``prop value`` (any graph, each once, in a stable order)."""
        prop = node(prop)
        if prop in self._inverse:
            return sorted(self._inverse[prop].get(value, ()), key=str)
        return sorted({q.subject for q in self.store.quads_for_pattern(None, prop, value, None)}, key=str)

    def of_property(self, subject, prop, *, inverse: bool = False) -> Basis | None:
        """What ``subject prop`` rests on, every value merged; with ``inverse``, every triple
        ``x prop subject``. None when there is no such triple."""
        triples = ([(x, subject) for x in self.subjects(prop, node(subject))] if inverse
                   else [(subject, v) for v in self.values(subject, prop)])
        merged = None
        for s, o in triples:
            basis = self.basis(s, prop, o)
            merged = basis if merged is None else merged | basis
        return merged

    def label(self, iri: str) -> str:
        """The English label of an IRI (citations and sources have one), else its last segment."""
        if iri not in self._labels:
            labels = sorted(q.object.value for q in self.store.quads_for_pattern(node(iri), RDFS_LABEL, None, None)
                            if isinstance(q.object, ox.Literal) and (q.object.language or "en").startswith("en"))
            self._labels[iri] = labels[0] if labels else iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]
        return self._labels[iri]

    def words(self, term) -> str:
        """A value in words: the label of a resource, the text of a literal."""
        return self.label(term.value) if isinstance(term, ox.NamedNode) else getattr(term, "value", str(term))

    def texts(self, basis: Basis | None) -> list[str]:
        """A basis in words: its citations' labels in alphabetical order, then the editors' mark."""
        if basis is None:
            return []
        return sorted(self.label(c) for c in basis.citations) + ([EDITORS_WORDS] if basis.editors else [])
