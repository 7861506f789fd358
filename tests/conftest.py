"""Shared fixtures: one real build per session, and scratch copies of the sources to break."""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from paris_kg.build.pipeline import build
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


@pytest.fixture(scope="session")
def served(built):
    """`paris-kg serve` on the built graph, on a free loopback port, with a 2 s query timeout."""
    from paris_kg.web.running import start_in_thread

    server = start_in_thread(built, timeout_s=2)
    yield server.url
    server.stop()


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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def oxigraph_server(*args: str):
    """A real Oxigraph server (`oxigraph ARGS --bind 127.0.0.1:PORT`) for the test; yields its base URL."""
    binary = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    port = free_port()
    proc = subprocess.Popen([binary, *args, "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(400):
            try:
                urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=1).read()
                break
            except OSError:
                time.sleep(0.05)
        else:
            pytest.fail(f"oxigraph {' '.join(args)} did not start")
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)
