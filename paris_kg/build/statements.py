"""Citations per statement: expand the compact authored form into statement nodes, and write
the same nodes as RDF 1.2 triple terms for the second edition of the dumps.

Authored form (``data/statement-citations.ttl``)::

    proposal:x pk:statementSource
        [ pk:citation cite:a ; pk:forProperty pk:date , pk:proposedBy ] ,
        [ pk:citation cite:b ; pk:forProperty pk:onIssue ; pk:forValue issue:y ] .

Each entry says that citation ``cite:a`` supports every triple ``proposal:x pk:date ?o`` and
``proposal:x pk:proposedBy ?o`` of the data graph (or only those whose value is listed with
``pk:forValue``); ``pk:addedByEditors true`` in place of the citation marks statements the
editors added themselves (``pk:EditorsStatement``). :func:`expand` turns every such triple into one ``pk:SourcedStatement`` node
(``rdf:subject``/``rdf:predicate``/``rdf:object`` + ``pk:citation``) in the data graph and removes
the shorthand and its blank nodes. An entry that matches no triple is an error, so a typo in a
property or value cannot silently leave a statement unsourced.

Statement IRIs are deterministic: ``id/statement/{kind}-{slug}--{property}-{hash}`` where hash
is the first 8 hex digits of SHA-256 over the value's N-Triples text.
"""
from __future__ import annotations

import hashlib

import pyoxigraph as ox

from ..errors import InputError
from ..namespaces import GRAPH_DATA, ID, ONTOLOGY
from .collector import paused

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDF_TYPE = ox.NamedNode(RDF + "type")
RDF_SUBJECT = ox.NamedNode(RDF + "subject")
RDF_PREDICATE = ox.NamedNode(RDF + "predicate")
RDF_OBJECT = ox.NamedNode(RDF + "object")
RDF_REIFIES = ox.NamedNode(RDF + "reifies")
PK_CITATION = ox.NamedNode(ONTOLOGY + "citation")
PK_SOURCED_STATEMENT = ox.NamedNode(ONTOLOGY + "SourcedStatement")
STATEMENT_SOURCE = ox.NamedNode(ONTOLOGY + "statementSource")
FOR_PROPERTY = ox.NamedNode(ONTOLOGY + "forProperty")
FOR_VALUE = ox.NamedNode(ONTOLOGY + "forValue")
ADDED_BY_EDITORS = ox.NamedNode(ONTOLOGY + "addedByEditors")
PK_EDITORS_STATEMENT = ox.NamedNode(ONTOLOGY + "EditorsStatement")
TRUE = ox.Literal("true", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean"))
STATEMENT_NS = ID + "statement/"


def statement_iri(subject: ox.NamedNode, predicate: ox.NamedNode, value) -> ox.NamedNode:
    """The IRI of the statement node of (subject, predicate, value)."""
    if not subject.value.startswith(ID):
        raise InputError(f"statement citations are only for our resources, not <{subject.value}>")
    slug = subject.value[len(ID):].replace("/", "-")
    local = predicate.value.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    digest = hashlib.sha256(str(value).encode("utf-8")).hexdigest()[:8]
    return ox.NamedNode(f"{STATEMENT_NS}{slug}--{local}-{digest}")


RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")


def _english_label(store: ox.Store, term) -> str:
    """The English rdfs:label of an IRI (any graph), the lexical form of a literal."""
    if isinstance(term, ox.Literal):
        return term.value
    labels = sorted(q.object.value for q in store.quads_for_pattern(term, RDFS_LABEL, None, None)
                    if isinstance(q.object, ox.Literal) and (q.object.language or "").startswith("en"))
    return labels[0] if labels else term.value.rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def statement_label(store: ox.Store, subject, predicate, value, labels: dict | None = None) -> ox.Literal:
    """A readable name for a statement node: "subject — property: value" (``labels`` caches
    the English labels already looked up: the same properties and values recur)."""
    labels = {} if labels is None else labels
    names = []
    for term in (subject, predicate, value):
        name = labels.get(term)
        if name is None:
            name = labels[term] = _english_label(store, term)
        names.append(name)
    return ox.Literal(f"{names[0]} \u2014 {names[1]}: {names[2]}", language="en")


def expand(store: ox.Store) -> list:
    """Replace the ``pk:statementSource`` shorthand of the data graph by statement nodes.

    Returns the violations: entries that match no triple (listed with the shape and QC
    violations, so one run reports every fault). A malformed entry is an input error.
    """
    # The step holds its quads, keys and sets to the end, and none of them can be part of a
    # cycle: with the cyclic collector on, each full collection walked them all again (at 1M
    # authored triples 8 of them, up to 0.9M objects; measured, the step took 1.3-1.8 s more
    # of its 6-8). Paused for the step (:mod:`.collector`).
    with paused():
        return _expand(store)


def _expand(store: ox.Store) -> list:
    from ..errors import Violation
    from ..terms import compact

    problems: list = []
    graph = ox.NamedNode(GRAPH_DATA)
    entries = list(store.quads_for_pattern(None, STATEMENT_SOURCE, None, graph))
    citations: dict[tuple, set] = {}
    shorthand: list[ox.Quad] = []
    for link in entries:
        subject, entry = link.subject, link.object
        shorthand.append(link)
        body = list(store.quads_for_pattern(entry, None, None, graph))
        shorthand += body
        cites = [q.object for q in body if q.predicate == PK_CITATION]
        editors = [q.object for q in body if q.predicate == ADDED_BY_EDITORS]
        props = [q.object for q in body if q.predicate == FOR_PROPERTY]
        values = {q.object for q in body if q.predicate == FOR_VALUE}
        where = f"pk:statementSource of <{subject.value}>"
        if len(cites) + len(editors) != 1 or (editors and editors[0] != TRUE) or not props:
            raise InputError(f"{where}: an entry needs exactly one pk:citation (or pk:addedByEditors true)"
                             " and at least one pk:forProperty")
        source = cites[0] if cites else None
        unused, before = set(values), len(problems)
        for prop in props:
            matched = [q.object for q in store.quads_for_pattern(subject, prop, None, graph)
                       if not values or q.object in values]
            if not matched:
                problems.append(Violation(focus=compact(subject.value), path=compact(prop.value), message=(
                    "[statement-citations] no triple with this property"
                    + (" and the listed values" if values else "") + " to cite")))
            unused -= set(matched)
            for value in matched:
                citations.setdefault((subject, prop, value), set()).add(source)
        if unused and len(problems) == before:
            problems.append(Violation(focus=compact(subject.value), path="pk:forValue", message=(
                f"[statement-citations] {', '.join(sorted(str(v) for v in unused))} matches no triple")))
    for quad in shorthand:
        store.remove(quad)
    new, labels = [], {}
    for (s, p, o), cites in citations.items():
        node = statement_iri(s, p, o)
        if None in cites and len(cites) > 1:
            raise InputError(f"<{s.value}> <{p.value}> {o}: both cited and marked as the editors' own addition")
        kind = PK_EDITORS_STATEMENT if None in cites else PK_SOURCED_STATEMENT
        new += [ox.Quad(node, RDF_TYPE, kind, graph), ox.Quad(node, RDFS_LABEL, statement_label(store, s, p, o, labels), graph),
                ox.Quad(node, RDF_SUBJECT, s, graph),
                ox.Quad(node, RDF_PREDICATE, p, graph), ox.Quad(node, RDF_OBJECT, o, graph)]
        new += [ox.Quad(node, PK_CITATION, c, graph) for c in cites if c is not None]
    store.extend(new)
    return problems


_PARTS = (RDF + "subject", RDF + "predicate", RDF + "object")
_REIFIES_TEXT = str(RDF_REIFIES)


def as_reifier(triples: list, by_predicate: dict[str, list]) -> list | None:
    """The RDF 1.2 edition of one subject's triples, or None if they stay as they are.

    A node with rdf:subject, rdf:predicate and rdf:object (one of each) is written as
    ``node rdf:reifies <<( s p o )>>`` instead of those three triples; everything else about it
    (types, citations, claim status...) is kept, so the edition has exactly two triples fewer
    per reifier. ``triples`` are one subject's triples (or quads of the default graph) and
    ``by_predicate`` maps each of their predicate IRIs to its objects; the result is in
    N-Triples order, like the rest of the dump.
    """
    parts = [by_predicate.get(p, ()) for p in _PARTS]
    if any(len(objects) != 1 for objects in parts):
        return None
    node = triples[0].subject
    out = [t for t in triples if t.predicate.value not in _PARTS]
    at = sum(1 for t in out if str(t.predicate) < _REIFIES_TEXT)  # they are in order: the new one goes here
    out.insert(at, ox.Triple(node, RDF_REIFIES, ox.Triple(parts[0][0], parts[1][0], parts[2][0])))
    return out


_PART_PREFIXES = tuple(f"<{p}> ".encode() for p in _PARTS)
_REIFIES_BYTES = _REIFIES_TEXT.encode()  # "<...#reifies>", as the predicate stands in a line


def reifier_lines(lines: list[bytes]) -> list[bytes] | None:
    """:func:`as_reifier` on one subject's sorted N-Triples lines, as lines: the same triples in
    the same order, written as Oxigraph writes them, without parsing a term.

    Why on bytes: the dumps' walk meets every statement node (70k of them at 1M authored
    triples), and parsing each into quads and writing them back took about 6 of its 19 CPU
    seconds. A line is ``<s> <p> object .``: IRIs hold no space nor ``>``, so the predicate is
    the second token and the object the rest; a triple term is the three terms as they stand in
    their lines, ``<<( s p o )>>``. UTF-8 bytes compare as code points do, so the new line goes
    where :func:`as_reifier` puts it (both compare the predicates' N-Triples forms).
    """
    head = len(lines[0]) - len(lines[0].split(b" ", 1)[1])  # "<node> "
    parts: list[list[bytes]] = [[], [], []]
    kept = []
    for line in lines:
        for i, prefix in enumerate(_PART_PREFIXES):
            if line.startswith(prefix, head):
                parts[i].append(line[head + len(prefix):-3])  # the term, without " .\n"
                break
        else:
            kept.append(line)
    if any(len(found) != 1 for found in parts):
        return None
    at = sum(1 for line in kept if line[head:line.index(b">", head) + 1] < _REIFIES_BYTES)
    kept.insert(at, lines[0][:head] + _REIFIES_BYTES + b" <<( " + b" ".join(found[0] for found in parts)
                + b" )>> .\n")
    return kept


def rdf11_from_rdf12(triples) -> set[ox.Triple]:
    """The inverse of :func:`as_reifier`: each ``rdf:reifies`` triple term back to three
    reification triples (used by the tests to show both editions hold the same statements)."""
    out = set()
    for t in triples:
        if t.predicate == RDF_REIFIES and isinstance(t.object, ox.Triple):
            inner = t.object
            out |= {ox.Triple(t.subject, RDF_SUBJECT, inner.subject),
                    ox.Triple(t.subject, RDF_PREDICATE, inner.predicate),
                    ox.Triple(t.subject, RDF_OBJECT, inner.object)}
        else:
            out.add(t)
    return out
