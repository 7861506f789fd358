"""Shared fixtures: one real build per session, and scratch copies of the sources to break."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from paris_kg.build import build
from paris_kg.paths import PROJECT_ROOT, Layout


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Layout:
    """The real sources built once into a scratch dist/."""
    layout = Layout(dist=tmp_path_factory.mktemp("dist"))
    build(layout)
    return layout


@pytest.fixture(scope="session")
def store(built):
    from paris_kg.store import open_built_store

    return open_built_store(built)


@pytest.fixture
def project_copy(tmp_path) -> Layout:
    """A writable copy of ontology/, data/ and queries/ with its own dist/."""
    for part in ("ontology", "data", "queries"):
        shutil.copytree(PROJECT_ROOT / part, tmp_path / part)
    return Layout(root=tmp_path, dist=tmp_path / "dist")


def select(store, query: str) -> list[tuple]:
    """Run a SELECT on the built store and return rows of plain strings (None if unbound)."""
    prefixes = "\n".join(f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items())
    solutions = store.query(prefixes + "\n" + query, use_default_graph_as_union=True)
    cols = [v.value for v in solutions.variables]
    return [tuple(None if s[c] is None else s[c].value for c in cols) for s in solutions]


from paris_kg.namespaces import PREFIXES  # noqa: E402  (used by select)


def edit(path: Path, old: str, new: str) -> None:
    """Replace exactly one occurrence of ``old`` in a scratch file (fails loudly otherwise)."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")
