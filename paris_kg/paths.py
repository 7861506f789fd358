"""Where things live: the one module that knows the project's directory layout.

Every other module asks a :class:`Layout` for paths instead of building them, so tests can
point a build at a scratch copy of the sources and a scratch ``dist/``.
"""
from __future__ import annotations

import os

#: The checkout the package was installed from (the package is installed editable).
PROJECT_ROOT_STR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def __getattr__(name: str):
    if name == "PROJECT_ROOT":  # a Path, built on first use
        from pathlib import Path

        return Path(PROJECT_ROOT_STR)
    raise AttributeError(name)


class Layout:
    """Paths of the sources (ontology, data, queries) and of the build outputs.

    ``root`` and ``dist`` are :class:`pathlib.Path` objects, but ``pathlib`` (and ``re``,
    which it imports) is loaded only when one of them is first asked for: the
    ``query_location``/``store_location`` helpers give plain strings so that
    ``paris-kg query`` starts without either. Likewise a plain class, not a dataclass
    (``dataclasses`` imports ``inspect``).
    """

    __slots__ = ("_root", "_dist")

    def __init__(self, root: Path | str | None = None, dist: Path | str | None = None):
        self._root = os.fspath(root) if root is not None else PROJECT_ROOT_STR
        env = os.environ.get("PARIS_KG_DIST")
        self._dist = os.fspath(dist) if dist is not None else (env or os.path.join(self._root, "dist"))

    def __repr__(self) -> str:
        return f"Layout(root={self._root!r}, dist={self._dist!r})"

    @property
    def root(self) -> Path:
        from pathlib import Path

        return Path(self._root)

    @property
    def dist(self) -> Path:
        from pathlib import Path

        return Path(self._dist)

    # ---- plain-string locations for the fast query path
    def query_location(self, name: str) -> str:
        return os.path.join(self._root, "queries", f"{name}.rq")

    @property
    def store_location(self) -> str:
        return os.path.join(self._dist, "store")

    @property
    def dist_location(self) -> str:
        return self._dist

    # ---- sources
    @property
    def ontology_dir(self) -> Path:
        return self.root / "ontology"

    @property
    def ontology_files(self) -> list[Path]:
        """Ontology and controlled vocabularies; the SHACL shapes are not part of the graph."""
        return sorted(p for p in self.ontology_dir.glob("*.ttl") if p.name != "shapes.ttl")

    @property
    def shapes_file(self) -> Path:
        return self.ontology_dir / "shapes.ttl"

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def data_files(self) -> list[Path]:
        return sorted(self.data_dir.glob("*.ttl"))

    @property
    def queries_dir(self) -> Path:
        return self.root / "queries"

    @property
    def checks_dir(self) -> Path:
        return self.queries_dir / "checks"

    @property
    def alignment_dir(self) -> Path:
        return self.queries_dir / "alignment"

    # ---- outputs
    @property
    def store_dir(self) -> Path:
        return self.dist / "store"

    @property
    def turtle_dump(self) -> Path:
        return self.dist / "paris-kg.ttl"

    @property
    def ntriples_dump(self) -> Path:
        return self.dist / "paris-kg.nt"
