"""The one order of every dump: N-Triples lines sorted as bytes, and Turtle written from it.

Why bytes: Oxigraph writes a graph as N-Triples in one call, and sorting those lines as bytes
is the same order as sorting ``(str(s), str(p), str(o))`` (IRIs hold no ``>`` and N-Triples
terms never end inside one another), without a Python object per triple. Where a dump needs
the triples themselves (Turtle, JSON-LD, the RDF 1.2 edition) they are parsed back a chunk
at a time and handed over one subject at a time, so nothing holds the whole graph as objects.

The lines are parsed back leniently (IRIs not validated again): Oxigraph wrote them from terms
it had validated when the sources were read, and checking every IRI of every dump once more
took about 6 % of a 1M build's CPU (``perf``). Sources are always parsed strictly (:mod:`.loading`).

Turtle is written in runs of whole subjects: Oxigraph's serialiser keeps no state across
subjects, so the runs' bodies, after one header of our prefixes, are byte for byte the
serialisation of all triples at once (``tests/test_dumps.py`` holds the fingerprints).
"""
from __future__ import annotations

from itertools import groupby
from typing import Iterable, Iterator

import pyoxigraph as ox

#: lines parsed per call, and triples per Turtle call: large enough to amortise the calls,
#: small enough that a chunk's objects never matter for memory
CHUNK = 20_000


def graph_lines(store: ox.Store, graph) -> list[bytes]:
    """The triples of one graph of ``store`` as sorted N-Triples lines (with their newline)."""
    lines = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph).splitlines(keepends=True)
    lines.sort()
    return lines


def union_lines(per_graph: list[list[bytes]]) -> list[bytes]:
    """Every distinct line of the given graphs, sorted (the graphs merged, as in ``.nt``)."""
    lines = [line for lines in per_graph for line in lines]
    lines.sort()
    if len(per_graph) > 1:
        lines = [line for line, _ in groupby(lines)]
    return lines


def subjects(lines: list[bytes]) -> Iterator[tuple[int, list[ox.Quad], dict[str, list]]]:
    """For each subject, in line order: its number of lines, its triples (in line order, as
    quads of the default graph, which the Turtle serialiser takes as they are), and its
    objects by predicate IRI."""
    return subjects_of_chunks(lines[start:start + CHUNK] for start in range(0, len(lines), CHUNK))


def subjects_of_chunks(chunks: Iterable[list[bytes]]) -> Iterator[tuple[int, list[ox.Quad], dict[str, list]]]:
    """:func:`subjects` of lines that come a chunk at a time (read from a file as they go)."""
    triples: list[ox.Quad] = []
    by_predicate: dict[str, list] = {}
    current = None
    for chunk in chunks:
        for quad in ox.parse(b"".join(chunk), format=ox.RdfFormat.N_TRIPLES, lenient=True):
            subject = quad.subject
            if subject != current:
                if triples:
                    yield len(triples), triples, by_predicate
                triples, by_predicate, current = [], {}, subject
            triples.append(quad)
            predicate = quad.predicate.value
            objects = by_predicate.get(predicate)
            if objects is None:
                by_predicate[predicate] = [quad.object]
            else:
                objects.append(quad.object)
    if triples:
        yield len(triples), triples, by_predicate


def runs(lines: list[bytes], start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """``(start, end)`` ranges of about :data:`CHUNK` lines of ``lines[start:end]`` that never
    split a subject (``start`` and ``end`` must not split one either)."""
    total = len(lines) if end is None else end
    while start < total:
        end = min(start + CHUNK, total)
        if end < total:
            last = lines[end - 1]
            subject = last[:last.index(b" ") + 1]
            while end < total and lines[end].startswith(subject):
                end += 1
        yield start, end
        start = end


def parsed(lines: list[bytes]):
    """The triples of some N-Triples lines, for a serialiser (as the quads of the default graph)."""
    return ox.parse(b"".join(lines), format=ox.RdfFormat.N_TRIPLES, lenient=True)


def _after_prefixes(body: bytes) -> bytes:
    """``body`` without the ``@prefix`` lines the serialiser puts first (in an order of its own)."""
    start = 0
    while body.startswith(b"@prefix ", start):
        start = body.index(b"\n", start) + 1
    return body[start:]


def prefix_header(prefixes: dict[str, str]) -> bytes:
    return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in prefixes.items()).encode("utf-8")


class TurtleRuns:
    """Turtle (or one graph's block of TriG, indented by a tab) written in runs of subjects."""

    def __init__(self, out, prefixes: dict[str, str], *, indent: bool = False):
        self.out, self.prefixes, self.indent = out, prefixes, indent

    def body(self, triples) -> bytes:
        text = _after_prefixes(ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=self.prefixes))
        if self.indent and text:  # TriG writes a graph's triples as Turtle, one tab further in
            text = b"\t" + text[:-1].replace(b"\n", b"\n\t") + b"\n"
        return text

    def write(self, triples) -> None:
        self.out.write(self.body(triples))
