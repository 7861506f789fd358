"""The walks over the sorted graph that write the dumps needing more than sorted lines.

:func:`walk` goes once through every distinct triple, a subject at a time, and writes from
it the Turtle dump, the JSON-LD dump, both files of the RDF 1.2 edition, and the counts the
dataset description needs. The RDF 1.2 edition differs from the RDF 1.1 dumps only at
reifiers (statement nodes), so every other run of subjects is serialised once and written to
both Turtle files, and its N-Triples lines are copied as they are. :func:`trig` walks each
named graph for the TriG dump.
"""
from __future__ import annotations

from bisect import insort
from collections import Counter
from dataclasses import dataclass, field

import pyoxigraph as ox

from ..namespaces import DUMP_PREFIXES, ID, WIKIDATA_ENTITY
from . import ordered
from .jsonld import JsonLdWriter
from .statements import as_reifier

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"


def _keep_first(firsts: dict[str, list[str]], key: str, value: str, n: int = 3) -> None:
    """Keep the ``n`` smallest values seen for ``key``, sorted."""
    kept = firsts.get(key)
    if kept is None:
        firsts[key] = [value]
    elif len(kept) < n or value < kept[-1]:
        insort(kept, value)
        del kept[n:]


@dataclass
class Counts:
    """What the dataset description (``void.ttl``) and the ontology page state about the
    distinct triples, gathered on the way through them."""

    subjects: int = 0
    entities: int = 0  # subjects in our instance namespace
    wikidata_links: int = 0
    classes: Counter = field(default_factory=Counter)  # class IRI -> distinct instances
    properties: Counter = field(default_factory=Counter)  # property IRI -> triples
    ours: Counter = field(default_factory=Counter)  # class IRI -> instances in our namespace
    examples: dict = field(default_factory=dict)  # class IRI -> its first three such instances
    users: dict = field(default_factory=dict)  # property IRI -> its first three subjects

    def add(self, subject: str, by_predicate: dict[str, list]) -> None:
        self.subjects += 1
        ours = subject.startswith(ID)
        self.entities += ours
        properties, users = self.properties, self.users
        for predicate, objects in by_predicate.items():
            properties[predicate] += len(objects)
            kept = users.get(predicate)
            if kept is None or len(kept) < 3 or subject < kept[-1]:
                _keep_first(users, predicate, subject)
        for cls in by_predicate.get(RDF_TYPE, ()):
            self.classes[cls.value] += 1
            if ours:
                self.ours[cls.value] += 1
                _keep_first(self.examples, cls.value, subject)
        for other in by_predicate.get(SAME_AS, ()):
            self.wikidata_links += other.value.startswith(WIKIDATA_ENTITY)

    def class_use(self, iri: str) -> tuple[int, list[str]]:
        """Our resources typed ``iri`` (inherited types are materialised), and the first three."""
        return self.ours[iri], self.examples.get(iri, [])

    def property_use(self, iri: str) -> tuple[int, list[str]]:
        """Distinct triples (so subject-value pairs) with ``iri``, and its first three subjects."""
        return self.properties[iri], self.users.get(iri, [])


def _subject_order(store: ox.Store) -> list[str]:
    """Every subject's IRI (a blank node's id), sorted as strings: the JSON-LD node order."""
    results = store.query("SELECT DISTINCT ?s WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
    rows = results.serialize(format=ox.QueryResultsFormat.TSV).decode("utf-8").split("\n")[1:]
    return sorted(row[1:-1] if row.startswith("<") else row[2:] for row in rows if row)


def walk(store: ox.Store, lines: list[bytes], release, context: dict, progress) -> Counts:
    """Write the Turtle, JSON-LD and RDF 1.2 dumps from the sorted distinct ``lines``."""
    counts = Counts()
    ttl_out, ttl12_out = release.open("paris-kg.ttl"), release.open("paris-kg.rdf12.ttl")
    nt12 = release.open("paris-kg.rdf12.nt")
    header = ordered.prefix_header(DUMP_PREFIXES)
    ttl_out.write(header)
    ttl12_out.write(header)
    turtle = ordered.TurtleRuns(None, DUMP_PREFIXES)
    jsonld = JsonLdWriter(release.open("paris-kg.jsonld"), context, _subject_order(store))
    plain: list[ox.Triple] = []  # a run of subjects written alike in both editions
    plain_from = 0  # ... and its first line
    rdf11: list[ox.Triple] = []  # a run of reifiers, as written in the RDF 1.1 edition
    rdf12: list[ox.Triple] = []  # ... and in the RDF 1.2 one
    line = 0

    def flush_plain() -> None:
        body = turtle.body(plain)
        ttl_out.write(body)
        ttl12_out.write(body)
        nt12.write_lines(lines, plain_from, line)
        plain.clear()

    def flush_reifiers() -> None:
        ttl_out.write(turtle.body(rdf11))
        ttl12_out.write(turtle.body(rdf12))
        nt12.write(ox.serialize(rdf12, format=ox.RdfFormat.N_TRIPLES))
        rdf11.clear()
        rdf12.clear()

    for n, triples, by_predicate in ordered.subjects(lines):
        subject = triples[0].subject.value
        counts.add(subject, by_predicate)
        jsonld.add(subject, by_predicate)
        as12 = as_reifier(triples, by_predicate)
        if as12 is None:
            if rdf11:
                flush_reifiers()
            if not plain:
                plain_from = line
            plain += triples
        else:
            if plain:
                flush_plain()
            rdf11 += triples
            rdf12 += as12
        line += n
        if len(plain) >= ordered.CHUNK:
            flush_plain()
        elif len(rdf11) >= ordered.CHUNK:
            flush_reifiers()
        if line % 50_000 < n:
            progress.tick(line, len(lines))
    if plain:
        flush_plain()
    if rdf11:
        flush_reifiers()
    jsonld.close()
    for out in (ttl_out, ttl12_out, nt12, jsonld.out):
        out.close()
    return counts


def trig(graphs: list[str], per_graph: list[list[bytes]], out, progress) -> None:
    """TriG: each named graph's sorted triples in a ``<graph> { ... }`` block, in ``graphs`` order."""
    out.write(ordered.prefix_header(DUMP_PREFIXES))
    turtle = ordered.TurtleRuns(out, DUMP_PREFIXES, indent=True)
    done, total = 0, sum(len(lines) for lines in per_graph)
    for graph, lines in zip(graphs, per_graph):
        if not lines:
            continue
        out.write(f"<{graph}> {{\n".encode("utf-8"))
        for start, end in ordered.runs(lines):
            turtle.write(ordered.parsed(lines[start:end]))
            done += end - start
            progress.tick(done, total)
        out.write(b"}\n")
    out.close()
