"""IRIs that are minted in one place: the namespace, the named graphs, and the dump prefixes."""
from __future__ import annotations

BASE = "https://w3id.org/paris-kg/"
ONTOLOGY = BASE + "ontology#"
ID = BASE + "id/"
VOCAB = BASE + "vocab/"

#: Named graphs of the built store: authored ontology + vocabularies, authored data, and
#: the triples the build derives to align the data with schema.org, PROV, SEM and CRM.
GRAPH_ONTOLOGY = BASE + "graph/ontology"
GRAPH_DATA = BASE + "graph/data"
GRAPH_ALIGNMENT = BASE + "graph/alignment"

#: Wikidata: entity IRIs (the objects of our owl:sameAs links) and the human-readable page of each.
WIKIDATA_ENTITY = "http://www.wikidata.org/entity/"
WIKIDATA_PAGE = "https://www.wikidata.org/wiki/"

#: Prefixes written into the Turtle dump and offered to queries (order is the output order).
PREFIXES: dict[str, str] = {
    "pk": ONTOLOGY,
    "id": ID,
    "event": ID + "event/",
    "person": ID + "person/",
    "organisation": ID + "organisation/",
    "place": ID + "place/",
    "role": ID + "role/",
    "proposal": ID + "proposal/",
    "term": ID + "term/",
    "response": ID + "response/",
    "position": ID + "position/",
    "reason": ID + "reason/",
    "figure": ID + "figure/",
    "source": ID + "source/",
    "cite": ID + "citation/",
    "claim": ID + "claim/",
    "statement": ID + "statement/",
    "vocab": VOCAB,
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "vann": "http://purl.org/vocab/vann/",
    "sem": "http://semanticweb.cs.vu.nl/2009/11/sem/",
    "crm": "http://www.cidoc-crm.org/cidoc-crm/",
    "prov": "http://www.w3.org/ns/prov#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "org": "http://www.w3.org/ns/org#",
    "schema": "https://schema.org/",
    "bibo": "http://purl.org/ontology/bibo/",
    "cito": "http://purl.org/spar/cito/",
    "sh": "http://www.w3.org/ns/shacl#",
}

#: The concept schemes of ontology/vocabularies.ttl (concepts are VOCAB + scheme + "/" + slug).
VOCAB_SCHEMES = ("anchor", "channel", "claim-status", "condition", "force", "issue", "measure",
                 "obligation", "qualifier", "response", "role", "side", "stance")

#: Prefixes of the Turtle and TriG dumps: ours plus one per concept scheme, so that no prefixed
#: name needs a ``\/`` escape (valid Turtle, but Virtuoso's loader keeps the backslash in the IRI).
DUMP_PREFIXES: dict[str, str] = {**PREFIXES, **{f"vocab-{s}": f"{VOCAB}{s}/" for s in VOCAB_SCHEMES}}
