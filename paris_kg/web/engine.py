"""The query engine behind ``paris-kg serve``: an ``oxigraph serve-read-only`` child process.

A separate process because only the server binary cancels a runaway query (``--timeout-s``);
pyoxigraph's Python API has no timeout. The child listens on a private loopback port.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from ..errors import ParisKGError


class ServerError(ParisKGError):
    exit_code = 1


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _oxigraph_binary() -> str:
    found = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not os.path.exists(found):
        raise ServerError("the `oxigraph` server binary is missing: pip install 'oxigraph>=0.5.13'")
    return found


class Engine:
    """The Oxigraph child process that runs SPARQL queries, with a hard per-query timeout."""

    def __init__(self, store_dir: Path, timeout_s: float):
        self.port = _free_port()
        self.timeout_s = timeout_s
        self.url = f"http://127.0.0.1:{self.port}/query"
        self.proc = subprocess.Popen(
            [_oxigraph_binary(), "serve-read-only", "--location", str(store_dir), "--bind", f"127.0.0.1:{self.port}",
             "--union-default-graph", "--timeout-s", str(max(1, int(round(timeout_s))))],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise ServerError(f"oxigraph could not start: {self.proc.stderr.read().decode(errors='replace').strip()}")
            try:
                urllib.request.urlopen(self.url + "?query=ASK%7B%7D", timeout=1).read()
                return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise ServerError("oxigraph did not start within 20 s")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


