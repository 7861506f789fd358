"""Stage 1, build: the authored Turtle becomes a validated, aligned graph and the files of ``dist/``.

``loading`` parses ``ontology/`` and ``data/``; ``statements`` mints the statement nodes;
``alignment`` materialises the schema.org / SEM / CRM / PROV triples; ``validation`` runs the
SHACL shapes (compiled to SPARQL by ``shacl_sparql``, read through ``shapes_graph``) and the QC
queries, in a thread beside the writing of the release (``checks_beside``); ``dumps``
writes the outputs in the order ``ordered`` gives them, with ``passes`` (Turtle, RDF 1.2, TriG,
counts), ``jsonld``, ``void`` and ``ontology_docs``, JSON-LD and TriG in a second process
(``side_job``); ``release`` publishes them atomically; ``pipeline`` strings them together and
``progress`` times the stages and shows them on a terminal.

May import: the shared top-level modules (``paths``, ``namespaces``, ``errors``, ``terms``,
``atomic``, ``sparql_files``, ``rendering``). Never ``query``, ``views`` or ``web``: a build
must not depend on how its output is read or shown.
"""
