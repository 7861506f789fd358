"""JSON-LD with a stable context that makes the dump readable as plain JSON.

The context is derived from the ontology, never from the data, so it only changes when
the vocabulary does:

* ``id`` and ``type`` alias ``@id`` and ``@type``; ``@vocab`` is our ontology namespace,
  so types read ``"PeacePlan"`` and our properties ``"proposedBy"``;
* every prefix of the Turtle dump is declared, so other IRIs read ``"person:le-duc-tho"``
  or ``"schema:Event"``;
* object properties are coerced to IRIs (``"participant": ["person:xuan-thuy"]``);
* language-tagged properties (labels, summaries, definitions) are language maps
  (``"label": {"en": "Le Duc Tho", "vi": "Lê Đức Thọ"}``);
* integers are JSON numbers; dates and other typed values are ``{"@value", "@type"}``
  objects, because one property holds days, months or years (``xsd:date``,
  ``xsd:gYearMonth``, ``xsd:gYear``) and the precision must survive.

Every node is one object in ``@graph``, sorted by IRI, with sorted keys and values.
"""
from __future__ import annotations

import functools
import json
import json.encoder

import pyoxigraph as ox

from ..namespaces import ONTOLOGY, PREFIXES
from ..terms import compactor

#: json's own string writer (its C version when there is one), as json.dumps(ensure_ascii=False) uses it
_string = json.encoder.c_encode_basestring or json.encoder.py_encode_basestring

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

#: Properties outside our namespace that are always language-tagged in our data.
EXTERNAL_LANGUAGE_MAPS = {
    "label": "http://www.w3.org/2000/01/rdf-schema#label",
    "prefLabel": "http://www.w3.org/2004/02/skos/core#prefLabel",
    "altLabel": "http://www.w3.org/2004/02/skos/core#altLabel",
    "definition": "http://www.w3.org/2004/02/skos/core#definition",
}

# "id" is the alias of @id here, so the id: prefix (the bare instance namespace) is not used
_JSONLD_PREFIXES = {p: ns for p, ns in PREFIXES.items() if p not in ("id", "pk")}
#: Names a property of ours cannot take as a bare key (pk:place vs the place: prefix).
_RESERVED = set(_JSONLD_PREFIXES) | set(EXTERNAL_LANGUAGE_MAPS) | {"id", "type", "pk"}


def pk_key(iri: str) -> str:
    """The JSON key of one of our properties: its local name, or ``pk:name`` if that is taken."""
    local = iri[len(ONTOLOGY):]
    return f"pk:{local}" if local in _RESERVED else local


compact = compactor(_JSONLD_PREFIXES, brackets=False)


def build_context(store: ox.Store) -> dict:
    """The context, from the property declarations in the ontology graph."""
    ctx: dict[str, object] = {"@vocab": ONTOLOGY, "id": "@id", "type": "@type"}
    ctx.update(_JSONLD_PREFIXES)
    for term, iri in EXTERNAL_LANGUAGE_MAPS.items():
        ctx[term] = {"@id": compact(iri), "@container": "@language"}
    rows = store.query(f"""
        PREFIX owl: <{OWL}> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?p ?kind ?range WHERE {{
          ?p a ?kind . VALUES ?kind {{ owl:ObjectProperty owl:DatatypeProperty }}
          OPTIONAL {{ ?p rdfs:range ?range }}
        }}""", use_default_graph_as_union=True)
    for row in rows:
        iri, kind = row["p"].value, row["kind"].value
        rng = row["range"].value if row["range"] is not None else ""
        if iri.startswith(ONTOLOGY):
            term, local = pk_key(iri), iri[len(ONTOLOGY):]
            if kind == OWL + "ObjectProperty":
                ctx[term] = {"@type": "@id"} if ":" in term else {"@id": f"pk:{local}", "@type": "@id"}
            elif rng == LANG_STRING:
                ctx[term] = {"@container": "@language"} if ":" in term else {"@id": f"pk:{local}", "@container": "@language"}
        elif kind == OWL + "ObjectProperty":
            ctx[compact(iri)] = {"@type": "@id"}
    ctx["pk"] = ONTOLOGY
    return dict(sorted(ctx.items()))


def _key_and_mode(predicate: str, ctx: dict) -> tuple[str, str]:
    """The JSON key for a predicate and how its values are written: id, lang or plain."""
    if predicate == RDF_TYPE:
        return "type", "type"
    for term, iri in EXTERNAL_LANGUAGE_MAPS.items():
        if predicate == iri:
            return term, "lang"
    if predicate.startswith(ONTOLOGY):
        term = pk_key(predicate)
        spec = ctx.get(term)
        if isinstance(spec, dict):
            return term, "id" if spec.get("@type") == "@id" else "lang"
        return term, "plain"
    key = compact(predicate)
    spec = ctx.get(key)
    return key, "id" if isinstance(spec, dict) and spec.get("@type") == "@id" else "plain"


def _plain_value(term, compact=compact) -> object:
    if isinstance(term, ox.NamedNode):
        return {"@id": compact(term.value)}
    if term.language:
        return {"@value": term.value, "@language": term.language}
    dt = term.datatype.value
    if dt == XSD + "string":
        return term.value
    if dt == XSD + "integer" and term.value.lstrip("-").isdigit():
        return int(term.value)
    return {"@value": term.value, "@type": compact(dt)}


def _sort_key(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _sorted(values: list, key=None) -> list:
    return values if len(values) == 1 else sorted(values, key=key)


def fast_compactor(prefixes: dict[str, str]):
    """The same function as :func:`paris_kg.terms.compactor` (longest namespace wins, no
    brackets), by dictionary look-ups at the IRI's ``/`` and ``#`` instead of trying every
    prefix: the JSON-LD dump compacts every IRI it writes, millions at scale."""
    by_ns: dict[str, str] = {}
    for prefix, ns in prefixes.items():
        by_ns.setdefault(ns, prefix)
    if not all(ns.endswith(("/", "#")) for ns in by_ns):
        return compactor(prefixes, brackets=False)

    @functools.lru_cache(maxsize=1 << 16)  # classes, properties, concepts, actors: used over and over
    def fast(iri: str) -> str:
        end = len(iri) - 1  # the local name may not be empty
        while end > 0:
            cut = max(iri.rfind("/", 0, end), iri.rfind("#", 0, end))
            if cut < 0:
                break
            prefix = by_ns.get(iri[:cut + 1])
            if prefix is not None:
                return f"{prefix}:{iri[cut + 1:]}"
            end = cut
        return iri

    return fast


class NodeMaker:
    """One ``@graph`` object per subject, from that subject's triples (any order)."""

    def __init__(self, ctx: dict):
        self.ctx = ctx
        self.compact = fast_compactor(_JSONLD_PREFIXES)
        self._modes: dict[str, tuple[str, str]] = {}

    def node(self, subject: str, by_predicate: dict[str, list]) -> dict:
        compact = self.compact
        node: dict[str, object] = {"id": compact(subject)}
        for predicate in sorted(by_predicate):
            values = by_predicate[predicate]
            mode_of = self._modes.get(predicate)
            if mode_of is None:
                mode_of = self._modes[predicate] = _key_and_mode(predicate, self.ctx)
            key, mode = mode_of
            if mode == "type":
                node[key] = _sorted([v.value[len(ONTOLOGY):] if v.value.startswith(ONTOLOGY) else compact(v.value)
                                     for v in values])
            elif mode == "id" and all(isinstance(v, ox.NamedNode) for v in values):
                node[key] = _sorted([compact(v.value) for v in values])
            elif mode == "lang" and all(isinstance(v, ox.Literal) and v.language for v in values):
                langs: dict[str, list[str]] = {}
                for v in values:
                    langs.setdefault(v.language, []).append(v.value)
                node[key] = {lang: (vals[0] if len(vals) == 1 else sorted(vals)) for lang, vals in sorted(langs.items())}
            else:
                # fall back to the full IRI of the predicate, which no context term coerces
                out_key = key if mode == "plain" else predicate
                node[out_key] = _sorted([_plain_value(v, compact) for v in values], key=_sort_key)
        return node


def _text(value, level: int) -> str:
    """``value`` as ``json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True)`` writes
    it at nesting ``level`` of a document: the same bytes, without json's generic (and, with
    an indent, pure-Python) encoder, for the node shapes of this dump."""
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = "\n" + " " * (level + 1)
        items = (_string(k) + ": " + _text(value[k], level + 1) for k in sorted(value))
        return "{" + inner + ("," + inner).join(items) + "\n" + " " * level + "}"
    if isinstance(value, list):
        if not value:
            return "[]"
        inner = "\n" + " " * (level + 1)
        return "[" + inner + ("," + inner).join(_text(v, level + 1) for v in value) + "\n" + " " * level + "]"
    if value is True or value is False or value is None or isinstance(value, float):
        return json.dumps(value)
    return int.__repr__(value)


def _node_text(node: dict) -> str:
    """:func:`_text` of a node at its depth in ``@graph`` (2), with a short way for the
    common values (a string, a list of strings)."""
    parts = []
    for key in sorted(node):
        value = node[key]
        if type(value) is str:
            text = _string(value)
        elif type(value) is list and value and all(type(v) is str for v in value):
            text = "[\n    " + ",\n    ".join(map(_string, value)) + "\n   ]"
        else:
            text = _text(value, 3)
        parts.append(_string(key) + ": " + text)
    return "{\n   " + ",\n   ".join(parts) + "\n  }" if parts else "{}"


class JsonLdWriter:
    """The dump written one node at a time, in the order of the subjects' IRIs.

    The bytes are those of ``json.dumps({"@context": ctx, "@graph": nodes}, indent=1,
    sort_keys=True)``: JSON strings hold no raw newline, so a node's own text, indented by its
    depth, is its text inside the document. Subjects arrive in N-Triples order (``<a-b>``
    before ``<a>``); ``order`` is every subject in IRI order (``a`` before ``a-b``), and a node
    waits in a small buffer until every node before it in that order has been written.
    """

    def __init__(self, out, ctx: dict, order: list[str]):
        self.out, self.maker, self.order = out, NodeMaker(ctx), order
        self.next, self.pending, self.first = 0, {}, True
        out.write(("{\n \"@context\": " + _text(ctx, 1) + ",\n \"@graph\": [").encode("utf-8"))

    def add(self, subject: str, by_predicate: dict[str, list]) -> None:
        self.pending[subject] = self.maker.node(subject, by_predicate)
        order, pending = self.order, self.pending
        while self.next < len(order) and order[self.next] in pending:
            self._write(pending.pop(order[self.next]))
            self.next += 1

    def _write(self, node: dict) -> None:
        self.out.write((("\n  " if self.first else ",\n  ") + _node_text(node)).encode("utf-8"))
        self.first = False

    def close(self) -> None:
        if self.pending or self.next != len(self.order):
            raise RuntimeError(f"JSON-LD: {len(self.pending)} nodes left unwritten")  # a bug, not bad input
        self.out.write(b"]\n}\n" if self.first else b"\n ]\n}\n")


def jsonld_bytes(triples: list[ox.Triple], ctx: dict) -> bytes:
    """The JSON-LD document (``@context`` + ``@graph``) of the given triples."""
    import io

    nodes: dict[str, dict[str, list]] = {}
    for t in triples:
        nodes.setdefault(t.subject.value, {}).setdefault(t.predicate.value, []).append(t.object)
    buf = io.BytesIO()
    writer = JsonLdWriter(buf, ctx, sorted(nodes))
    for subject, by_predicate in nodes.items():
        writer.add(subject, by_predicate)
    writer.close()
    return buf.getvalue()
