"""Where things live: the one module that knows the project's directory layout.

Every other module asks a :class:`Layout` for paths instead of building them, so tests can
point a build at a scratch copy of the sources and a scratch ``dist/``.
"""
from __future__ import annotations

import os
from pathlib import Path

#: The checkout the package was installed from (the package is installed editable).
PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _default_dist() -> Path:
    env = os.environ.get("PARIS_KG_DIST")
    return Path(env) if env else PROJECT_ROOT / "dist"


class Layout:
    """Paths of the sources (ontology, data, queries) and of the build outputs.

    A plain class rather than a dataclass: ``dataclasses`` pulls in ``inspect``, which
    would slow down the start of ``paris-kg query``.
    """

    __slots__ = ("root", "dist")

    def __init__(self, root: Path | None = None, dist: Path | None = None):
        self.root = Path(root) if root is not None else PROJECT_ROOT
        self.dist = Path(dist) if dist is not None else _default_dist()

    def __repr__(self) -> str:
        return f"Layout(root={self.root!r}, dist={self.dist!r})"

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
