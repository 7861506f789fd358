"""Stage 2, query: named queries, parameter binding, the engine and the answer formats.

``catalogue`` finds and resolves the ``queries/*.rq`` files; ``engine`` binds parameters and
runs a query on the built store; ``remote`` runs it on any SPARQL endpoint; ``formatting``
renders results as table, CSV, TSV, Markdown or SPARQL JSON; ``stats`` counts instances;
``fast`` is the click-free start of ``paris-kg query``.

May import: the shared top-level modules only. Never ``views`` or ``web``. Keep this file
free of imports: ``paris-kg query`` pays for every module it loads at start-up.
"""
