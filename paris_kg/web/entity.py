"""What an entity page shows, gathered from the store: the facts first, the machinery folded.

A page answers a historian's questions in words ("Proposed by", "Held from ... to ...") with the
sources after each value, lists what relates to the thing in date order (roles, meetings,
proposals, answers, reasons), shows the article's errors about it as a "source error" note,
and keeps the RDF (alignment types, sameAs, incoming links, raw triples) in a folded section.
Everything here is plain data for ``templates/entity.html``; no HTML is made in Python.
"""
from __future__ import annotations

import pyoxigraph as ox

from ..evidence import Evidence
from ..namespaces import BASE, ONTOLOGY
from ..terms import compact
from .wording import FACTS, PK, RELATED, SIDE_COLOURS, date_in_words, duration_in_words

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
OWL_SAME = "http://www.w3.org/2002/07/owl#sameAs"
DCT_PART = "http://purl.org/dc/terms/isPartOf"
XSD = "http://www.w3.org/2001/XMLSchema#"
#: the facts of a withdrawal term that its row in a proposal's terms table shows
TERM_FACTS = ("forces", "obligation", "deadline", "deadlineDuration", "deadlineMonths", "deadlineAnchor", "condition")
DATE_PROPS = ("date", "startDate", "earliestDate", "attestedDate", "endDate", "latestDate")
SCHEMA_TYPES = {"Person": "Person", "Organisation": "Organization", "Event": "Event", "Proposal": "CreativeWork",
                "Source": "CreativeWork", "Place": "Place"}


def local_href(iri: str) -> str | None:
    """The path of one of our IRIs on the site, or None for someone else's IRI."""
    if iri.startswith(BASE + "id/") or iri.startswith(BASE + "vocab/"):
        return "/" + iri[len(BASE):]
    if iri.startswith(ONTOLOGY):
        return "/docs/ontology.html#" + iri[len(ONTOLOGY):]
    return None


class Reader:
    """Small bounded lookups on one store (no SPARQL engine needed for a page)."""

    def __init__(self, store: ox.Store):
        self.store = store
        self._labels: dict[str, str] = {}
        self.evidence = Evidence(store)

    def objects(self, s: str, p: str) -> list:
        return [q.object for q in self.store.quads_for_pattern(ox.NamedNode(s), ox.NamedNode(p), None, None)]

    def subjects(self, p: str | None, o: str) -> list[tuple[str, str]]:
        pred = ox.NamedNode(p) if p else None
        return sorted({(q.subject.value, q.predicate.value) for q in self.store.quads_for_pattern(None, pred, ox.NamedNode(o), None)
                       if isinstance(q.subject, ox.NamedNode)})

    def first(self, s: str, p: str) -> str:
        values = sorted(o.value for o in self.objects(s, p))
        return values[0] if values else ""

    def texts(self, s: str, p: str, lang: str | None = None) -> list[str]:
        return sorted({o.value for o in self.objects(s, p) if isinstance(o, ox.Literal)
                       and (lang is None or o.language == lang)})

    def label(self, iri: str) -> str:
        if iri not in self._labels:
            found = (self.texts(iri, RDFS + "label", "en") or self.texts(iri, SKOS + "prefLabel", "en")
                     or self.texts(iri, RDFS + "label") or self.texts(iri, SKOS + "prefLabel"))
            self._labels[iri] = found[0] if found else compact(iri).strip("<>")
        return self._labels[iri]

    def kind(self, iri: str) -> str:
        """The most specific of our classes the resource belongs to (its local name)."""
        types = {o.value for o in self.objects(iri, RDF_TYPE) if o.value.startswith(ONTOLOGY)}
        specific = [t for t in types
                    if not any(ox.NamedNode(t) in self.objects(other, RDFS + "subClassOf") for other in types if other != t)]
        return sorted(specific)[0][len(ONTOLOGY):] if specific else ""

    def sort_date(self, iri: str) -> str:
        for prop in DATE_PROPS:
            found = self.first(iri, PK + prop)
            if found:
                return found
        return "9999"


def _term(reader: Reader, term) -> dict:
    """A value as the page shows it: words, and a link where it is a resource."""
    if isinstance(term, ox.NamedNode):
        return {"text": reader.label(term.value), "href": local_href(term.value) or term.value, "iri": term.value}
    if isinstance(term, ox.Literal):
        dt = term.datatype.value if term.datatype else ""
        if dt in (XSD + "date", XSD + "gYearMonth", XSD + "gYear"):
            return {"text": date_in_words(term.value)}
        if dt == XSD + "duration":
            return {"text": duration_in_words(term.value)}
        return {"text": term.value}
    return {"text": str(term)}


def _cited(reader: Reader, citations) -> list[dict]:
    """Citation IRIs as the page shows them: the citation, and the source it is part of."""
    out = []
    for c in sorted(set(citations)):
        source = reader.first(c, DCT_PART)
        out.append({"iri": c, "href": local_href(c), "text": reader.label(c),
                    "source": reader.label(source) if source else "", "source_href": local_href(source) if source else None})
    return out


def _citations(reader: Reader, iri: str) -> list[dict]:
    return _cited(reader, reader.evidence.resource_citations(iri))


def _sourced(reader: Reader, value: dict, basis) -> dict:
    """``value`` with the sources of its own statement (:mod:`paris_kg.evidence`): the citations,
    whether the editors added it, and the statement page(s) that say so in full."""
    value["sources"] = _cited(reader, basis.citations)
    value["editors"] = basis.editors
    value["statements"] = [local_href(st) for st in basis.statements]
    return value


def _item(reader: Reader, iri: str) -> dict:
    """A related thing in a list: its name, date, a few words of detail, and its own sources."""
    kind = reader.kind(iri)
    detail = []
    if kind == "RoleAssignment":
        for prop in ("roleType", "inOrganisation"):
            detail += [reader.label(o.value) for o in reader.objects(iri, PK + prop)]
        start, end = reader.first(iri, PK + "startDate"), reader.first(iri, PK + "endDate")
        seen = reader.first(iri, PK + "attestedDate")
        if start or end:
            detail.append(f"from {date_in_words(start) if start else '?'}" + (f" to {date_in_words(end)}" if end else ""))
        elif seen:
            detail.append(f"attested {date_in_words(seen)}")
    elif kind == "Response":
        detail += [reader.label(o.value) for o in reader.objects(iri, PK + "responseType")]
        detail += [f"by {reader.label(o.value)}" for o in reader.objects(iri, PK + "respondent")]
    date = reader.sort_date(iri)
    return {"text": reader.label(iri), "href": local_href(iri) or iri, "date": "" if date == "9999" else date_in_words(date),
            "sort": date, "kind": kind, "detail": ", ".join(detail), "sources": _citations(reader, iri)}


def _terms(reader: Reader, iri: str) -> list[dict]:
    rows = []
    for t in sorted(o.value for o in reader.objects(iri, PK + "withdrawalTerm")):
        months = reader.first(t, PK + "deadlineMonths")  # whole months, as the source counts them
        deadline = ([f"{months} months"] if months else
                    [_term(reader, o)["text"] for o in reader.objects(t, PK + "deadline") + reader.objects(t, PK + "deadlineDuration")])
        anchor = [reader.label(o.value) for o in reader.objects(t, PK + "deadlineAnchor")]
        rows.append({"href": local_href(t), "text": reader.label(t),
                     "forces": ", ".join(reader.label(o.value) for o in reader.objects(t, PK + "forces")),
                     "obligation": ", ".join(reader.label(o.value) for o in reader.objects(t, PK + "obligation")),
                     "deadline": " ".join(deadline) + (f" after {anchor[0]}" if anchor and deadline else ""),
                     "conditions": sorted(reader.label(o.value) for o in reader.objects(t, PK + "condition"))})
        # the row's sources: the proposal's link to the term and every fact of the term it shows
        basis = reader.evidence.basis(iri, PK + "withdrawalTerm", ox.NamedNode(t))
        for prop in TERM_FACTS:
            basis = basis | (reader.evidence.of_property(t, PK + prop) or basis)
        _sourced(reader, rows[-1], basis)
    return rows


def _as_words(text: str) -> str:
    """A value quoted from a claim: an ISO date reads as a date, anything else as given."""
    parts = text.split("-")
    if 1 < len(parts) <= 3 and all(p.isdigit() for p in parts) and len(parts[0]) == 4:
        return f"{date_in_words(text)} ({text})"
    return text


def _claims(reader: Reader, iri: str) -> list[dict]:
    out = []
    for c, _ in reader.subjects(PK + "claimAbout", iri):
        status = reader.first(c, PK + "claimStatus")
        out.append({"href": local_href(c), "text": reader.label(c), "says": _as_words(reader.first(c, PK + "statedValue")),
                    "holds": _as_words(reader.first(c, PK + "acceptedValue")), "status": reader.label(status) if status else "",
                    "reason": reader.first(c, PK + "statusReason"), "evidence": reader.first(c, PK + "evidence"),
                    "property": compact(reader.first(c, PK + "claimProperty")), "sources": _citations(reader, c)})
    return out


def entity_view(store: ox.Store, iri: str) -> dict | None:
    """Everything the entity page shows about ``iri``, or None if the store knows nothing of it."""
    triples = sorted({q.triple for q in store.quads_for_pattern(ox.NamedNode(iri), None, None, None)},
                     key=lambda t: (t.predicate.value, str(t.object)))
    if not triples:
        return None
    reader = Reader(store)
    kind = reader.kind(iri)
    pref = reader.texts(iri, SKOS + "prefLabel", "vi") or reader.texts(iri, SKOS + "prefLabel")
    english = reader.label(iri)
    spellings = sorted(set(reader.texts(iri, SKOS + "altLabel")) - {english} - set(pref))
    side = reader.first(iri, PK + "side")
    side_name = reader.first(side, SKOS + "notation") if side else ""
    facts = []
    for local, words in FACTS:
        values = []
        for o in reader.objects(iri, PK + local):
            # the value's own statement citations, else the resource's (the whole-resource rule)
            values.append(_sourced(reader, _term(reader, o), reader.evidence.basis(iri, PK + local, o)))
        if values:
            facts.append({"label": words, "values": sorted(values, key=lambda v: v["text"])})
    start, end = reader.first(iri, PK + "startDate"), reader.first(iri, PK + "endDate")
    if start and end:  # "Held from ... to ..." reads better than two rows
        facts = [f for f in facts if f["label"] not in ("From", "To")]
        span = reader.evidence.of_property(iri, PK + "startDate") | reader.evidence.of_property(iri, PK + "endDate")
        facts.insert(0, {"label": "Held from", "values": [
            _sourced(reader, {"text": f"{date_in_words(start)} to {date_in_words(end)}"}, span)]})
    related = []
    for prop, heading in RELATED.items():
        items = [_item(reader, s) for s, _ in reader.subjects(prop, iri)]
        if items:
            related.append({"heading": heading, "items": sorted(items, key=lambda i: (i["sort"], i["text"]))})
    wikidata = [o.value for o in reader.objects(iri, OWL_SAME) if o.value.startswith("http://www.wikidata.org/entity/Q")]
    types = sorted(o.value for o in reader.objects(iri, RDF_TYPE))
    incoming = [(reader.label(s), local_href(s) or s, compact(p)) for s, p in reader.subjects(None, iri)[:300]]
    view = {
        "iri": iri, "path": local_href(iri) or "", "kind": kind, "kind_label": reader.label(ONTOLOGY + kind) if kind else "",
        "title": pref[0] if pref else english, "english": english, "spellings": spellings,
        "summary": reader.first(iri, PK + "summary"), "notes": reader.texts(iri, PK + "editorialNote"),
        "side": {"name": side_name, "label": reader.label(side), "colour": SIDE_COLOURS.get(side_name, "#777")} if side else None,
        "facts": facts, "sources": _citations(reader, iri), "terms": _terms(reader, iri), "related": related,
        "claims": _claims(reader, iri),
        "wikidata": [{"id": w.rsplit("/", 1)[1], "href": "https://www.wikidata.org/wiki/" + w.rsplit("/", 1)[1]} for w in wikidata],
        "alignment_types": [compact(t) for t in types if not t.startswith(ONTOLOGY)],
        "same_as": [o.value for o in reader.objects(iri, OWL_SAME)],
        "incoming": incoming,
        "triples": [(compact(t.predicate.value), _raw(t.object)) for t in triples],
    }
    view["jsonld"] = _schema_org(view, reader, iri)
    view["footnotes"] = _number_citations(view)
    return view


def _number_citations(view: dict) -> list[dict]:
    """Give every citation on the page one number, in order of first appearance (the footnotes)."""
    numbers: dict[str, dict] = {}
    lists = ([view["sources"]] + [v["sources"] for f in view["facts"] for v in f["values"] if "sources" in v]
             + [t["sources"] for t in view["terms"]] + [c["sources"] for c in view["claims"]]
             + [i["sources"] for g in view["related"] for i in g["items"]])
    for citations in lists:
        for c in citations:
            first = numbers.setdefault(c["iri"], {**c, "n": len(numbers) + 1})
            c["n"] = first["n"]
    return list(numbers.values())


def _raw(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"text": compact(term.value), "href": local_href(term.value) or term.value}
    tag = f"@{term.language}" if getattr(term, "language", None) else ""
    return {"text": f"{term.value}{tag}"}


def _schema_org(view: dict, reader: Reader, iri: str) -> dict:
    """A small schema.org description for search engines, embedded in the page head."""
    kind = view["kind"]
    parents = {kind}
    for t in reader.objects(iri, RDF_TYPE):
        if t.value.startswith(ONTOLOGY):
            parents.add(t.value[len(ONTOLOGY):])
    schema_type = next((SCHEMA_TYPES[k] for k in ("Person", "Organisation", "Event", "Proposal", "Source", "Place")
                        if k in parents), "Thing")
    data = {"@context": "https://schema.org", "@type": schema_type, "@id": iri, "name": view["title"],
            "url": iri}
    if view["english"] != view["title"] or view["spellings"]:
        data["alternateName"] = sorted({view["english"], *view["spellings"]} - {view["title"]})
    if view["summary"]:
        data["description"] = view["summary"]
    if view["wikidata"]:
        data["sameAs"] = [f"http://www.wikidata.org/entity/{w['id']}" for w in view["wikidata"]]
    for prop, key in (("date", "startDate"), ("startDate", "startDate"), ("endDate", "endDate")):
        found = reader.first(iri, PK + prop)
        if found and schema_type == "Event":
            data[key] = found
    return data


