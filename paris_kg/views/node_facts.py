"""The facts a graph node or timeline item shows, each beside the sources of its own statement.

A proposal shows its date, proposer, presenter, where it was presented, number of points and
each withdrawal term; an event its date (or span) and place. Every fact is a triple
``[name, value, sources]`` of plain strings: the value in a few words (dates as ISO text at
their precision, resources by their English label) and the sources from
:mod:`paris_kg.evidence`, so a tooltip can say which section supports the date and which one the
deadline, instead of listing every citation of the proposal. A withdrawal term's sources are
those of the proposal's link to it and of each fact of the term (forces, obligation, deadline,
conditions). Both pages build their DOM from these strings with ``textContent``.
"""
from __future__ import annotations

import pyoxigraph as ox

from ..evidence import Basis, Evidence
from ..namespaces import ONTOLOGY

#: (name shown, properties whose values make the fact), per kind of node, in display order
FACTS = {
    "proposal": [("date", ("date",)), ("proposed by", ("proposedBy",)), ("presented by", ("presentedBy",)),
                 ("presented at", ("presentedAt",)), ("points", ("numberOfPoints",))],
    "event": [("date", ("date", "startDate", "endDate", "earliestDate", "latestDate")), ("place", ("place",))],
}
#: the facts of a withdrawal term its line stands for
TERM_FACTS = ("forces", "obligation", "deadline", "deadlineDuration", "deadlineMonths", "deadlineAnchor", "condition")


TERMS_QUERY = """
PREFIX pk:   <https://w3id.org/paris-kg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?x ?t ?forces ?obligation ?deadline ?dur ?anchor WHERE {
  ?x pk:withdrawalTerm ?t . ?t pk:forces/skos:prefLabel ?forces ; pk:obligation/skos:prefLabel ?obligation .
  OPTIONAL { ?t pk:deadline ?deadline }
  OPTIONAL { ?t pk:deadlineDuration ?dur ; pk:deadlineAnchor/skos:prefLabel ?anchor }
} ORDER BY ?x ?forces
"""


def _period(duration: str) -> str:
    """``P6M`` -> ``6 months``; ``P1Y`` -> ``12 months`` (durations are stored canonically)."""
    body = duration[1:] if duration.startswith("P") else duration
    if body.endswith("M") and body[:-1].isdigit():
        return f"{int(body[:-1])} months"
    if body.endswith("Y") and body[:-1].isdigit():
        return f"{12 * int(body[:-1])} months"
    return duration


def terms_by_proposal(store: ox.Store) -> dict[str, list[tuple[str, str]]]:
    """Proposal IRI -> [(term IRI, "forces: obligation (by deadline)")], in the order of the forces."""
    out: dict[str, list[tuple[str, str]]] = {}
    for row in store.query(TERMS_QUERY, use_default_graph_as_union=True):
        deadline = row["deadline"].value if row["deadline"] is not None else ""
        if not deadline and row["dur"] is not None:
            deadline = f"{_period(row['dur'].value)} after {row['anchor'].value}"
        text = f"{row['forces'].value}: {row['obligation'].value}" + (f" (by {deadline})" if deadline else "")
        out.setdefault(row["x"].value, []).append((row["t"].value, text))
    return out


def _merge(bases: list[Basis]) -> Basis | None:
    merged = None
    for basis in bases:
        merged = basis if merged is None else merged | basis
    return merged


def _value(evidence: Evidence, iri: str, props: tuple[str, ...]) -> str:
    """The words of a fact: a span for start and end, else each value once, joined."""
    values = {p: evidence.values(iri, ONTOLOGY + p) for p in props}
    if values.get("startDate") and values.get("endDate") and not values.get("date"):
        return f"{values['startDate'][0].value} to {values['endDate'][0].value}"
    if values.get("earliestDate") and values.get("latestDate") and not values.get("date"):
        return f"between {values['earliestDate'][0].value} and {values['latestDate'][0].value}"
    words = [evidence.words(v) for p in props for v in values[p]]
    return " + ".join(sorted(set(words), key=words.index))


def facts_of(evidence: Evidence, iri: str, group: str, terms: list[tuple[str, str]] = ()) -> list[list[str]]:
    """``[[name, value, sources], ...]`` for one node; ``terms`` are ``(term IRI, words)`` of a
    proposal's withdrawal terms."""
    out = []
    for name, props in FACTS.get(group, []):
        if group == "event" and name == "date" and evidence.values(iri, ONTOLOGY + "date"):
            props = ("date",)  # a dated event: its span, if it also has one, is not what the date says
        basis = _merge([b for p in props if (b := evidence.of_property(iri, ONTOLOGY + p)) is not None])
        if basis is not None:
            out.append([name, _value(evidence, iri, props), "; ".join(evidence.texts(basis))])
    for term, words in terms:
        bases = [evidence.basis(iri, ONTOLOGY + "withdrawalTerm", ox.NamedNode(term))]
        bases += [b for p in TERM_FACTS if (b := evidence.of_property(term, ONTOLOGY + p)) is not None]
        out.append(["withdrawal term", words, "; ".join(evidence.texts(_merge(bases)))])
    return out


def facts_as_text(facts) -> str:
    """The facts in one line, for exports whose attributes must be strings (GraphML, GEXF)."""
    return " | ".join(f"{name}: {value} [{sources}]" for name, value, sources in facts)
