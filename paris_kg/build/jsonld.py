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

import json

import pyoxigraph as ox

from ..namespaces import ONTOLOGY, PREFIXES
from ..terms import compactor

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


def _plain_value(term) -> object:
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


def jsonld_document(triples: list[ox.Triple], ctx: dict) -> dict:
    """A JSON-LD document (``@context`` + ``@graph``) for the given triples."""
    nodes: dict[str, dict[str, list]] = {}
    for t in triples:
        nodes.setdefault(t.subject.value, {}).setdefault(t.predicate.value, []).append(t.object)
    graph = []
    for subject in sorted(nodes):
        node: dict[str, object] = {"id": compact(subject)}
        for predicate in sorted(nodes[subject]):
            values = nodes[subject][predicate]
            key, mode = _key_and_mode(predicate, ctx)
            if mode == "type":
                node[key] = sorted(v.value[len(ONTOLOGY):] if v.value.startswith(ONTOLOGY) else compact(v.value)
                                   for v in values)
            elif mode == "id" and all(isinstance(v, ox.NamedNode) for v in values):
                node[key] = sorted(compact(v.value) for v in values)
            elif mode == "lang" and all(isinstance(v, ox.Literal) and v.language for v in values):
                langs: dict[str, list[str]] = {}
                for v in values:
                    langs.setdefault(v.language, []).append(v.value)
                node[key] = {lang: (vals[0] if len(vals) == 1 else sorted(vals)) for lang, vals in sorted(langs.items())}
            else:
                # fall back to the full IRI of the predicate, which no context term coerces
                out_key = key if mode == "plain" else predicate
                node[out_key] = sorted((_plain_value(v) for v in values), key=_sort_key)
        graph.append(node)
    return {"@context": ctx, "@graph": graph}


def jsonld_bytes(triples: list[ox.Triple], ctx: dict) -> bytes:
    text = json.dumps(jsonld_document(triples, ctx), ensure_ascii=False, indent=1, sort_keys=True)
    return (text + "\n").encode("utf-8")
