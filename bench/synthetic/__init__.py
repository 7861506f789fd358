"""Synthetic corpora shaped like the article's data, at any size, for the scale bench.

:func:`generate` writes a source tree that ``paris-kg build`` accepts: ``ontology/`` and
``queries/`` copied from the project, ``data/*.ttl`` generated as many negotiations (each
with its places, parties, delegations, people and their roles, sources and citations,
events, proposals with withdrawal terms, answers, positions, grouped reasons, figures,
claims and statement-level citations). Negotiation *i* depends only on the seed and *i*, so
a bigger corpus is a smaller one plus more negotiations, and the bench can ask the same
parametrised question (about negotiation 0) at every size.

The size is counted in authored triples (ontology and data files as written, before the
build expands statement citations and adds the alignment), and lands within half a
negotiation (~350 triples) of the target.
"""
from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from .cast import US, Negotiation
from .happenings import plan_events, proposals, write_events
from .stances import claims, figures, positions, reasons, responses
from .turtle import TurtleFile, text

PROJECT = Path(__file__).resolve().parents[2]
KINDS = {"actors": "places, parties, delegations, people", "events": "events", "proposals": "proposals, terms, answers",
         "positions": "positions and reasons", "roles": "roles", "sources": "sources and citations",
         "claims": "claims", "figures": "figures", "statement-citations": "citations per statement"}


@dataclass
class Corpus:
    root: Path
    triples: int
    negotiations: int
    params: dict[str, dict[str, str]]  # named query -> parameters that give it rows


def ontology_triples(directory: Path) -> int:
    import pyoxigraph as ox

    return sum(sum(1 for _ in ox.parse(path=str(p), format=ox.RdfFormat.TURTLE))
               for p in sorted(directory.glob("*.ttl")) if p.name != "shapes.ttl")


def negotiation(index: int, seed: int, files: dict[str, TurtleFile]) -> Negotiation:
    n = Negotiation(index, seed, files, with_us=index % 4 == 1)
    events = plan_events(n)
    made = proposals(n, events)
    write_events(n, events)
    responses(n, events, made)
    held = positions(n, events)
    reasons(n, held)
    figures(n, events)
    claims(n, events)
    n.proposals = made
    return n


def generate(root: Path | str, target: int, seed: int = 1968) -> Corpus:
    """Write a corpus of about ``target`` authored triples under ``root`` (created, must not exist)."""
    root = Path(root)
    root.mkdir(parents=True)
    shutil.copytree(PROJECT / "ontology", root / "ontology")
    shutil.copytree(PROJECT / "queries", root / "queries")
    (root / "data").mkdir()
    base = ontology_triples(root / "ontology")
    files = {name: TurtleFile(f"{name}.ttl", about) for name, about in KINDS.items()}
    files["actors"].block(US, [("a", "pk:Government"), ("rdfs:label", text("United States")),
                               ("skos:altLabel", [text("US"), text("USA")]), ("owl:sameAs", "wd:Q30"),
                               ("pk:side", "side:us")])

    def total() -> int:
        return base + sum(f.triples for f in files.values())

    first, index = None, 0
    while True:
        before = total()
        marks = {name: f.mark() for name, f in files.items()}
        n = negotiation(index, seed, files)
        first = first or n
        after = total()
        if after >= target:
            if after - target > target - before and index > 0:
                for name, f in files.items():
                    f.rewind(marks[name])
                index -= 1
            break
        index += 1
    for f in files.values():
        f.write(root / "data")
    lead = first.parties[0]
    params = {
        "actor-meetings": {"actor": _full(lead.people[0][0])},
        "events-near-proposal": {"proposal": _full(first.proposals[0][0]), "days": "60"},
        "evidence": {"subject": _full(first.proposals[0][0])},
        "facts-by-source": {"source": _full(first.study)},
        "proposal-terms": {"proposal": _full(first.proposals[0][0])},
        "reasons-for-position": {"position": _full(first.explained[0])},
    }
    (root / "params.json").write_text(json.dumps(params, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return Corpus(root, total(), index + 1, params)


def _full(curie: str) -> str:
    from .turtle import PREFIXES

    prefix, local = curie.split(":", 1)
    return PREFIXES[prefix] + local
