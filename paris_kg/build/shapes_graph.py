"""Read a SHACL shapes graph for the compiler, and know which of its statements were used.

Kept apart from the compiler (:mod:`.shacl_sparql`) because it holds the one rule that keeps
``ontology/shapes.ttl`` honest: every ``sh:`` statement must be read by some compiled
constraint, and :meth:`ShapesGraph.unread` lists the ones that were not, so that an unsupported
feature is refused (:meth:`ShapesGraph.refuse`, naming the shape) instead of being skipped.
"""
from __future__ import annotations

import pyoxigraph as ox

from ..errors import InputError
from ..namespaces import PREFIXES
from ..terms import compactor

#: names in error messages: the project's prefixes plus the shapes' own namespace
compact = compactor({**PREFIXES, "pks": "https://w3id.org/paris-kg/shapes#"})

SH = "http://www.w3.org/ns/shacl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"


class ShapesGraph:
    """The shapes triples indexed by subject; records which ``sh:`` statements were read."""

    def __init__(self, triples, source: str):
        self.source = source
        self.index: dict = {}
        self.parent: dict = {}  # blank node -> the node that mentions it (to name it in errors)
        for t in triples:
            self.index.setdefault(t.subject, {}).setdefault(t.predicate.value, []).append(t.object)
            if isinstance(t.object, ox.BlankNode):
                self.parent[t.object] = t.subject
        self.read: set = set()

    def name(self, node) -> str:
        seen = set()
        while isinstance(node, ox.BlankNode) and node in self.parent and node not in seen:
            seen.add(node)
            node = self.parent[node]
        if isinstance(node, ox.NamedNode):
            return compact(node.value) + ("" if not seen else " (in a blank node of it)")
        return "a blank-node shape"

    def refuse(self, node, what: str):
        raise InputError(f"{self.source}: {self.name(node)}: {what} is not supported by the "
                         "SPARQL validator (paris_kg/build/shacl_sparql.py)")

    def values(self, node, local: str) -> list:
        iri = local if ":" in local else SH + local
        self.read.add((node, iri))
        return self.index.get(node, {}).get(iri, [])

    def one(self, node, local: str):
        found = self.values(node, local)
        if len(found) > 1:
            self.refuse(node, f"more than one sh:{local}")
        return found[0] if found else None

    def integer(self, node, local: str) -> int | None:
        term = self.one(node, local)
        if term is None:
            return None
        digits = term.value.lstrip("+") if isinstance(term, ox.Literal) else ""
        if not (isinstance(term, ox.Literal) and term.datatype.value == XSD + "integer" and digits.isdigit()):
            self.refuse(node, f"sh:{local} {term} (not a non-negative xsd:integer)")
        return int(digits)

    def documentation(self, node) -> None:
        """Mark the annotations that do not constrain anything as read."""
        for local in ("name", "description", "order", "group", RDF + "type"):
            self.values(node, local)

    def items(self, node, owner) -> list:
        out = []
        while node != ox.NamedNode(RDF + "nil"):
            first, rest = self.values(node, RDF + "first"), self.values(node, RDF + "rest")
            if len(first) != 1 or len(rest) != 1:
                self.refuse(owner, "a malformed RDF list")
            out.append(first[0])
            node = rest[0]
        return out

    def unread(self) -> list:
        """``sh:`` statements (and shape types) that no compiled constraint used."""
        left = []
        for subject, preds in self.index.items():
            for pred, objects in preds.items():
                shape_type = pred == RDF + "type" and any(o.value.startswith(SH) for o in objects
                                                          if isinstance(o, ox.NamedNode))
                if (pred.startswith(SH) or shape_type) and (subject, pred) not in self.read:
                    left.append((subject, pred))
        return left
