"""Write the build outputs: dumps in five syntaxes plus the RDF 1.2 edition, the dataset description, the ontology
documentation, and an Oxigraph store.

Everything is written into a staging directory inside ``dist/`` and moved into place only
when all of it succeeded, so a failed build never leaves a half-written ``dist/``.
Output is deterministic: triples are sorted by their N-Triples text before serialising,
prefix headers are ours, gzip carries no timestamp, and there are no blank nodes.
"""
from __future__ import annotations

import gzip
import io
import os
from pathlib import Path

import pyoxigraph as ox

from ..namespaces import DUMP_PREFIXES, GRAPH_ALIGNMENT, GRAPH_DATA, GRAPH_ONTOLOGY
from ..paths import Layout


def sorted_triples(store: ox.Store) -> list[ox.Triple]:
    """Every distinct triple of the store (all graphs merged), in N-Triples text order."""
    triples = {q.triple for q in store.quads_for_pattern(None, None, None, None)}
    return sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def ntriples_bytes(triples: list[ox.Triple]) -> bytes:
    lines = sorted(f"{t.subject} {t.predicate} {t.object} .\n" for t in triples)
    return "".join(lines).encode("utf-8")


def _with_our_prefixes(body: bytes) -> bytes:
    """Replace the serialiser's ``@prefix`` lines (its own order) by ours, in DUMP_PREFIXES order."""
    lines = body.split(b"\n")
    start = 0
    while start < len(lines) and lines[start].startswith(b"@prefix "):
        start += 1
    header = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in DUMP_PREFIXES.items()).encode("utf-8")
    return header + b"\n".join(lines[start:])


def turtle_bytes(triples: list[ox.Triple]) -> bytes:
    """Turtle with our prefixes."""
    return _with_our_prefixes(ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=DUMP_PREFIXES))


def trig_bytes(store: ox.Store) -> bytes:
    """TriG with the three named graphs (ontology, data, alignment), in that order."""
    quads = []
    for graph in (GRAPH_ONTOLOGY, GRAPH_DATA, GRAPH_ALIGNMENT):
        in_graph = store.quads_for_pattern(None, None, None, ox.NamedNode(graph))
        quads += sorted(in_graph, key=lambda q: (str(q.subject), str(q.predicate), str(q.object)))
    return _with_our_prefixes(ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=DUMP_PREFIXES))


def gzip_bytes(data: bytes, name: str) -> bytes:
    """gzip without a timestamp, so equal input gives equal bytes."""
    buf = io.BytesIO()
    with gzip.GzipFile(filename=name, mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
        gz.write(data)
    return buf.getvalue()


def _write_store(directory: Path, store: ox.Store) -> None:
    disk = ox.Store(str(directory))
    disk.bulk_extend(store.quads_for_pattern(None, None, None, None))
    disk.flush()
    disk.optimize()
    del disk


def render_files(store: ox.Store) -> tuple[int, dict[str, bytes]]:
    """Every output file (path relative to dist/ -> bytes) and the distinct triple count."""
    from .jsonld import build_context, jsonld_bytes
    from .ontology_docs import ontology_html
    from .statements import rdf12_triples
    from .void import void_turtle

    triples = sorted_triples(store)
    nt = ntriples_bytes(triples)
    context = build_context(store)
    files = {
        "paris-kg.ttl": turtle_bytes(triples),
        "paris-kg.nt": nt,
        "paris-kg.nt.gz": gzip_bytes(nt, "paris-kg.nt"),
        "paris-kg.jsonld": jsonld_bytes(triples, context),
        "paris-kg.trig": trig_bytes(store),
    }
    # the RDF 1.2 edition: statement nodes as reifiers of triple terms (rdf:reifies <<( s p o )>>)
    triples12 = rdf12_triples(triples)
    files["paris-kg.rdf12.ttl"] = turtle_bytes(triples12)
    # pyoxigraph's str() of a triple term is the older RDF-star form; its serialiser writes RDF 1.2
    lines = ox.serialize(triples12, format=ox.RdfFormat.N_TRIPLES).decode("utf-8").splitlines(keepends=True)
    files["paris-kg.rdf12.nt"] = "".join(sorted(set(lines))).encode("utf-8")
    import json

    files["paris-kg.context.jsonld"] = (json.dumps({"@context": context}, ensure_ascii=False, indent=1,
                                                   sort_keys=True) + "\n").encode("utf-8")
    files["void.ttl"] = void_turtle(store, {name: len(data) for name, data in files.items()}, len(triples))
    files["docs/ontology.html"] = ontology_html(store)
    return len(triples), files


def write_outputs(store: ox.Store, layout: Layout) -> tuple[int, dict[str, Path]]:
    """Write every output as a new release of ``dist/`` and switch to it atomically.

    Returns the number of distinct triples written and the output paths (the stable links).
    The caller holds the build lock (:func:`paris_kg.build.release.build_lock`).
    """
    from .release import publish_release

    count, files = render_files(store)

    def fill(staging: Path) -> None:
        for rel, data in files.items():
            (staging / rel).parent.mkdir(parents=True, exist_ok=True)
            (staging / rel).write_bytes(data)
            os.chmod(staging / rel, 0o644)
        _write_store(staging / layout.store_dir.name, store)

    names = sorted({rel.split("/")[0] for rel in files} | {layout.store_dir.name})
    # the release is named by every file it holds, so a change to any dump makes a new release
    import hashlib

    fingerprint = b"".join(rel.encode() + b"\0" + hashlib.sha256(data).digest() for rel, data in sorted(files.items()))
    publish_release(layout.dist, names, fill, fingerprint)
    outputs = {rel: layout.dist / rel for rel in files}
    outputs["store"] = layout.store_dir
    return count, outputs
