"""What the page of one statement node shows (``/id/statement/...``, and the claims at
``/id/claim/...``, which are statements too).

A statement stands for one triple. Its page says it in words (subject — property: value, each
linked), whether the graph asserts it, the citations that support it (or the editors' note for
a value they added), for a claim its status, reason and evidence beside what the graph holds
instead, and its RDF 1.2 form in Turtle 1.2: the annotation ``s p o ~ node {| ... |}`` when the
triple is asserted (that syntax asserts it), and always the reifier ``node rdf:reifies <<( s p o
)>>``, which does not. Both are made from the node's triples by the same conversion as the
RDF 1.2 dumps (:func:`paris_kg.build.statements.as_reifier`), limited to our own vocabulary
(the dumps also carry the node's CiTO, CRM and PROV alignment). Plain data for
``templates/statement.html``; no HTML here.
"""
from __future__ import annotations

import re

import pyoxigraph as ox

from ..build.statements import RDF_REIFIES, as_reifier
from ..namespaces import DUMP_PREFIXES, ONTOLOGY
from ..terms import compactor
from .entity import PK, Reader, _as_words, _cited, _term, local_href

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
XSD = "http://www.w3.org/2001/XMLSchema#"
KINDS = ("Claim", "EditorsStatement", "SourcedStatement")  # most specific first
PARTS = {RDF + "subject", RDF + "predicate", RDF + "object"}
_LOCAL = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?$")
_compact = compactor(DUMP_PREFIXES, brackets=False)


def _kind(reader: Reader, iri: str) -> str | None:
    types = {o.value for o in reader.objects(iri, RDF + "type")}
    return next((k for k in KINDS if ONTOLOGY + k in types), None)


def _own_triples(store: ox.Store, node: ox.NamedNode) -> list[ox.Triple]:
    """The node's triples in our vocabulary (its types of ours, label, reification, pk: properties)."""
    keep = set()
    for q in store.quads_for_pattern(node, None, None, None):
        p, o = q.predicate.value, q.object
        if (p.startswith(ONTOLOGY) or p in PARTS or p == RDFS_LABEL
                or (p == RDF + "type" and isinstance(o, ox.NamedNode) and o.value.startswith(ONTOLOGY))):
            keep.add(q.triple)
    return list(keep)


def _name(iri: str, used: dict[str, str]) -> str:
    """A prefixed name when one is valid Turtle, else the full IRI in angle brackets."""
    short = _compact(iri)
    prefix, _, local = short.partition(":")
    if short != iri and prefix in DUMP_PREFIXES and _LOCAL.match(local):
        used[prefix] = DUMP_PREFIXES[prefix]
        return short
    return f"<{iri}>"


def _turtle(term, used: dict[str, str]) -> str:
    if isinstance(term, ox.NamedNode):
        return _name(term.value, used)
    if isinstance(term, ox.Triple):
        return f"<<( {_turtle(term.subject, used)} {_turtle(term.predicate, used)} {_turtle(term.object, used)} )>>"
    if term.datatype.value == XSD + "integer" and re.fullmatch(r"-?[0-9]+", term.value):
        return term.value  # Turtle's short form of an integer
    text = str(ox.Literal(term.value))  # quoted and escaped as N-Triples writes a string
    if term.language:
        return f"{text}@{term.language}"
    if term.datatype.value != XSD + "string":
        return f"{text}^^{_name(term.datatype.value, used)}"
    return text


def _order(t: ox.Triple):
    first = {RDF_REIFIES.value: 0, RDF + "type": 1, RDFS_LABEL: 2}
    return (first.get(t.predicate.value, 3), t.predicate.value, str(t.object))


def _body(triples: list[ox.Triple], used: dict[str, str], indent: str) -> str:
    """``p o , o ;`` lines for the triples of one subject, grouped by property."""
    lines, by_property = [], {}
    for t in sorted(triples, key=_order):
        by_property.setdefault(t.predicate, []).append(t.object)
    for p, objects in by_property.items():
        lines.append(f"{indent}{_turtle(p, used)} {' , '.join(_turtle(o, used) for o in objects)}")
    return " ;\n".join(lines)


def rdf12_forms(store: ox.Store, iri: str) -> dict[str, str]:
    """The node in Turtle 1.2: ``reifier`` (always) and ``annotation`` (only for an asserted triple)."""
    node = ox.NamedNode(iri)
    own = sorted(_own_triples(store, node), key=lambda t: (str(t.predicate), str(t.object)))
    by_predicate: dict[str, list] = {}
    for t in own:
        by_predicate.setdefault(t.predicate.value, []).append(t.object)
    triples = (as_reifier(own, by_predicate) or own) if own else own
    reifies = [t for t in triples if t.predicate == RDF_REIFIES and isinstance(t.object, ox.Triple)]
    if len(reifies) != 1:
        return {}
    inner, rest = reifies[0].object, [t for t in triples if t.predicate != RDF_REIFIES]
    used: dict[str, str] = {}
    reifier = f"{_turtle(node, used)}\n{_body(triples, used, '    ')} .\n"
    asserted = any(True for _ in store.quads_for_pattern(inner.subject, inner.predicate, inner.object, None))
    annotation = ""
    if asserted:
        annotation = (f"{_turtle(inner.subject, used)} {_turtle(inner.predicate, used)} {_turtle(inner.object, used)}"
                      f" ~ {_turtle(node, used)} {{|\n{_body(rest, used, '    ')}\n|}} .\n")
    prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(used.items()))
    return {"reifier": prologue + "\n" + reifier, "annotation": prologue + "\n" + annotation if annotation else "",
            "asserted": asserted}


def statement_view(store: ox.Store, iri: str) -> dict | None:
    """Everything the statement page shows, or None if ``iri`` is not a statement node."""
    reader = Reader(store)
    kind = _kind(reader, iri)
    if kind is None:
        return None
    parts = {p: reader.objects(iri, RDF + p) for p in ("subject", "predicate", "object")}
    if any(len(set(v)) != 1 for v in parts.values()):
        return None
    s, p, o = parts["subject"][0], parts["predicate"][0], parts["object"][0]
    forms = rdf12_forms(store, iri)
    held = [] if forms.get("asserted") else [_term(reader, v) for v in reader.objects(s.value, p.value)]
    status = reader.first(iri, PK + "claimStatus")
    view = {
        "iri": iri, "path": local_href(iri) or "", "kind": kind, "kind_label": reader.label(ONTOLOGY + kind),
        "label": reader.label(iri), "subject": _term(reader, s),
        "property": {"text": reader.label(p.value), "href": local_href(p.value) or p.value, "name": _compact(p.value)},
        "value": _term(reader, o), "asserted": bool(forms.get("asserted")), "held": held,
        "sources": _cited(reader, [c.value for c in reader.objects(iri, PK + "citation") if isinstance(c, ox.NamedNode)]),
        "notes": reader.texts(s.value, PK + "editorialNote") if kind == "EditorsStatement" else [],
        "status": reader.label(status) if status else "", "reason": reader.first(iri, PK + "statusReason"),
        "evidence": reader.first(iri, PK + "evidence"), "stated": reader.first(iri, PK + "statedValue"),
        "accepted": _as_words(reader.first(iri, PK + "acceptedValue")),
        "rdf12": forms.get("annotation") or "", "reifier": forms.get("reifier") or "",
    }
    return view
