"""Stage 1, build: the authored Turtle becomes a validated, aligned graph and the files of ``dist/``.

``loading`` parses ``ontology/`` and ``data/``; ``validation`` runs the SHACL shapes (compiled to
SPARQL by ``shacl_sparql``, read through ``shapes_graph``) and the QC queries; ``alignment``
materialises the schema.org / SEM / CRM / PROV triples; ``dumps`` writes the outputs in the order
``ordered`` gives them, with ``passes`` (Turtle, JSON-LD, RDF 1.2, TriG), ``jsonld``, ``void`` and
``ontology_docs``; ``pipeline`` strings them together and ``progress`` times the stages and shows
them on a terminal.

May import: the shared top-level modules (``paths``, ``namespaces``, ``errors``, ``terms``,
``atomic``, ``sparql_files``, ``rendering``). Never ``query``, ``views`` or ``web``: a build
must not depend on how its output is read or shown.
"""
