"""Stage 3, views: what a person reads or looks at, made from the built store.

``report`` answers the research questions (Markdown and HTML), with charts whose data
``charts`` and ``chart_stances`` read from the graph and ``chart_svg`` draws; ``network`` turns the graph into
a typed ``networkx`` multigraph and its exports; ``graph_page`` and ``timeline`` render the
interactive offline pages from the templates in ``paris_kg/templates``.

May import: ``query`` and the shared top-level modules. Never ``web`` (pages served over HTTP
are built from views, not the other way round); never imported by ``build``.
"""
