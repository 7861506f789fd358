"""Stage 4, web: the linked-data server and publishing to other stores.

``server`` answers HTTP (SPARQL protocol, dereferenceable IRIs, the query page, the files of
``dist/``); ``publish`` loads the graph into any Graph Store Protocol endpoint.

May import: every other stage (``build`` for serialisers, ``query`` for query checks,
``views`` for pages) and the shared top-level modules. Nothing imports ``web`` but the CLI.
"""
