"""paris-kg: a linked-data knowledge graph of the Paris peace negotiations on Vietnam (1968-1973).

The package follows the pipeline, one subpackage per stage:

* ``paris_kg.build``  - sources -> load, validate, align -> dumps, VoID, docs, store (``dist/``)
* ``paris_kg.query``  - named queries, parameters, the engine, remote endpoints, answer formats
* ``paris_kg.views``  - the report, the actor-proposal network, the graph page, the timeline
* ``paris_kg.web``    - the linked-data server (SPARQL, IRIs, pages) and publishing

Small shared modules stay at the top (``paths``, ``namespaces``, ``errors``, ``terms``,
``atomic``, ``sparql_files``, ``store``, ``rendering``); ``cli`` and ``entry`` dispatch to the
stages. Imports run one way: build never imports query/views/web, views never import web
(``tests/test_layout.py`` enforces it). Heavy libraries (rdflib, pySHACL, networkx, pyvis)
are imported only inside the functions that need them, which keeps ``paris-kg query`` quick.
HTML lives in ``templates/`` and JS/CSS in ``static/`` (package data).
"""

__version__ = "0.1.0"
