"""paris-kg: a linked-data knowledge graph of the Paris peace negotiations on Vietnam (1968-1973).

The package is split so that each module has one job; heavy libraries (rdflib, pySHACL,
networkx, pyvis) are imported only inside the functions that need them, which keeps
``paris-kg query`` quick to start.
"""

__version__ = "0.1.0"
