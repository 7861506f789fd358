"""The walks over the sorted graph that write the dumps needing more than sorted lines.

:func:`walk` writes the Turtle dump and both files of the RDF 1.2 edition. That edition
differs from the RDF 1.1 dumps only at reifiers (statement nodes), so every other run of
subjects is serialised once and written to both Turtle files, and its N-Triples lines are
copied as they are; a reifier's RDF 1.2 lines are made from its RDF 1.1 lines. :func:`trig`
walks each named graph for the TriG dump, after :func:`walk` in the same process;
:class:`Counts` gathers what the dataset description states, in the second process of the
build (:mod:`.side_job`), beside them.
"""
from __future__ import annotations

from bisect import bisect_left, insort
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from ..namespaces import DUMP_PREFIXES, ID, WIKIDATA_ENTITY
from . import ordered
from .statements import reifier_lines

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


def reifier_candidates(store: ox.Store) -> list[bytes]:
    """The N-Triples form of every subject with an ``rdf:subject`` (the statement nodes), sorted:
    only these can change in the RDF 1.2 edition, so only these are looked at one by one."""
    results = store.query("SELECT DISTINCT ?s WHERE { ?s <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> ?o }",
                          use_default_graph_as_union=True)
    rows = results.serialize(format=ox.QueryResultsFormat.TSV).split(b"\n")[1:]
    return sorted(row for row in rows if row)


def _line_range(lines: list[bytes], subject: bytes) -> tuple[int, int]:
    """Where ``subject``'s lines are in the sorted ``lines`` (they all start ``subject`` + space)."""
    return bisect_left(lines, subject + b" "), bisect_left(lines, subject + b"!")


def walk(store: ox.Store, lines: list[bytes], release, progress) -> None:
    """Write the Turtle dump and both files of the RDF 1.2 edition from the sorted distinct ``lines``.

    The lines are handed to the serialiser in runs, with no Python work per subject, except at
    statement nodes: their RDF 1.2 lines are made from their RDF 1.1 ones (:func:`reifier_lines`)
    and written, and parsed for the RDF 1.2 Turtle."""
    ttl_out, ttl12_out = release.open("paris-kg.ttl"), release.open("paris-kg.rdf12.ttl")
    nt12 = release.open("paris-kg.rdf12.nt")
    header = ordered.prefix_header(DUMP_PREFIXES)
    ttl_out.write(header)
    ttl12_out.write(header)
    turtle = ordered.TurtleRuns(None, DUMP_PREFIXES)
    run = [0, 0]  # the lines of a run of reifiers held so far (whole subjects, one after the other)
    rdf12: list[bytes] = []  # ... and those lines in the RDF 1.2 edition
    total = len(lines)

    def reifiers() -> None:
        """Write the run of reifiers held so far (whole subjects, so the bytes do not depend on
        where a run is cut)."""
        if rdf12:
            ttl_out.write(turtle.body(ordered.parsed(lines[run[0]:run[1]])))
            ttl12_out.write(turtle.body(ordered.parsed(rdf12)))
            nt12.write_lines(rdf12)
            rdf12.clear()

    def plain(start: int, end: int) -> None:
        """Lines written alike in both editions."""
        reifiers()
        for a, b in ordered.runs(lines, start, end):
            body = turtle.body(ordered.parsed(lines[a:b]))
            ttl_out.write(body)
            ttl12_out.write(body)
            nt12.write_lines(lines, a, b)
            progress.tick(b, total)

    done = 0
    for subject in reifier_candidates(store):
        start, end = _line_range(lines, subject)
        if start == end:
            continue
        as12 = reifier_lines(lines[start:end])
        if as12 is None:
            continue  # written with the plain lines around it
        if done < start:
            plain(done, start)
        if not rdf12:
            run[0] = start
        rdf12.extend(as12)
        run[1] = done = end
        if len(rdf12) >= ordered.CHUNK:
            # the statement nodes sort together, one run of them all: written a chunk at a
            # time, so that no more than a chunk of them is ever parsed into quads at once
            reifiers()
            progress.tick(end, total)
    plain(done, total)
    for out in (ttl_out, ttl12_out, nt12):
        out.close()


def trig(graphs: list[str], per_graph: Iterable[list[bytes]], out, progress) -> None:
    """TriG: each named graph's sorted triples in a ``<graph> { ... }`` block, in ``graphs`` order
    (``per_graph``: each graph's sorted lines, as the dumps hold them)."""
    out.write(ordered.prefix_header(DUMP_PREFIXES))
    turtle = ordered.TurtleRuns(out, DUMP_PREFIXES, indent=True)
    done, total = 0, (sum(len(lines) for lines in per_graph) if progress is not None else 0)
    for graph, lines in zip(graphs, per_graph):
        if not lines:
            continue
        out.write(f"<{graph}> {{\n".encode("utf-8"))
        for start, end in ordered.runs(lines):
            turtle.write(ordered.parsed(lines[start:end]))
            done += end - start
            if progress is not None:
                progress.tick(done, total)
        out.write(b"}\n")
    out.close()
