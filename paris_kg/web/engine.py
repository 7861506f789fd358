"""The query engines behind ``paris-kg serve``: a supervised pool of Oxigraph children.

Why child processes: only the ``oxigraph`` server binary cancels a runaway query
(``--timeout-s``); pyoxigraph's Python API has no timeout, and a query that crashes the
engine (a stack overflow, a panic) must not take the web server with it.

Why a supervised pool: one child per concurrent query (``size``, default the core count).
A query gets a child of its own for its whole run, so the deadline of one request never
depends on another's. If a child overruns the deadline it is killed and replaced; if it dies
on a query (crash) it is replaced at once and that request gets a clean error. Requests
beyond the pool wait in a bounded queue until their own deadline; beyond the queue they are
turned away at once (503 with ``Retry-After``).
"""
from __future__ import annotations

import asyncio
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from ..errors import ParisKGError

CANCELLED = b"The SPARQL operation has been cancelled"
START_TIMEOUT_S = 20.0


class ServerError(ParisKGError):
    exit_code = 1


class EngineProblem(Exception):
    """A query could not be answered by the engine: ``status`` and a one-line message."""

    def __init__(self, status: int, message: str, retry_after: int | None = None):
        super().__init__(message)
        self.status, self.message, self.retry_after = status, message, retry_after


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _oxigraph_binary() -> str:
    found = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not os.path.exists(found):
        raise ServerError("the `oxigraph` server binary is missing: pip install 'oxigraph>=0.5.13'")
    return found


class Child:
    """One ``oxigraph serve-read-only`` process on a private loopback port."""

    def __init__(self, store_dir: str, timeout_s: float):
        self.store_dir, self.timeout_s = store_dir, timeout_s
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}/query"
        self.proc = subprocess.Popen(
            [_oxigraph_binary(), "serve-read-only", "--location", store_dir, "--bind", f"127.0.0.1:{self.port}",
             "--union-default-graph", "--timeout-s", str(max(1, int(round(timeout_s))))],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)

    def alive(self) -> bool:
        return self.proc.poll() is None

    async def ready(self, session) -> None:
        """Wait until the child answers ``ASK {}``."""
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if not self.alive():
                raise ServerError(f"oxigraph could not open {self.store_dir} (exit {self.proc.returncode})")
            try:
                async with session.get(self.url, params={"query": "ASK {}"}) as r:
                    if r.status == 200:
                        await r.read()
                        return
            except OSError:
                pass
            except Exception:  # aiohttp.ClientError: not listening yet
                pass
            await asyncio.sleep(0.05)
        self.kill()
        raise ServerError(f"oxigraph did not start within {START_TIMEOUT_S:g} s")

    def kill(self) -> None:
        if self.alive():
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass


class EnginePool:
    """``size`` children over one store; :meth:`run` answers a query within a deadline."""

    def __init__(self, store_dir: str, timeout_s: float, *, size: int = 2, max_queue: int = 16,
                 max_result_bytes: int = 20_000_000, grace_s: float = 1.0):
        self.store_dir, self.timeout_s, self.size = store_dir, timeout_s, size
        self.max_queue, self.max_result_bytes, self.grace_s = max_queue, max_result_bytes, grace_s
        self.idle: asyncio.Queue[Child] = asyncio.Queue()
        self.children: set[Child] = set()
        self.waiting = 0
        self.restarts = 0
        self.session = None

    async def start(self) -> None:
        import aiohttp

        self.session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=None), auto_decompress=False)
        children = [Child(self.store_dir, self.timeout_s) for _ in range(self.size)]
        self.children.update(children)
        try:
            await asyncio.gather(*(c.ready(self.session) for c in children))
        except BaseException:
            await self.close()
            raise
        for c in children:
            self.idle.put_nowait(c)

    async def _replace(self, child: Child) -> None:
        """Kill ``child`` and put a fresh one in the pool (in the background of the request)."""
        self.restarts += 1
        child.kill()
        self.children.discard(child)
        fresh = Child(self.store_dir, self.timeout_s)
        self.children.add(fresh)
        try:
            await fresh.ready(self.session)
        except ServerError:
            fresh.kill()
            self.children.discard(fresh)
            await asyncio.sleep(1)
            asyncio.get_running_loop().create_task(self._replace(fresh))  # keep trying: the pool must refill
            return
        self.idle.put_nowait(fresh)

    async def run(self, query: str, accept: str, started: float) -> bytes:
        """The engine's complete answer to ``query``, or :class:`EngineProblem`.

        ``started`` is the request's arrival (``time.monotonic()``): the deadline counts the
        time spent waiting for a free child too.
        """
        deadline = started + self.timeout_s + self.grace_s
        # Counted before the first await: requests that arrive in the same turn of the loop all
        # see the same idle child until one of them has taken it, so "is a child idle?" would
        # let every one of them in. Waiters beyond the idle children are the queue.
        if self.waiting - self.idle.qsize() >= self.max_queue:
            raise EngineProblem(503, "server busy: too many queries waiting; retry shortly", retry_after=2)
        self.waiting += 1
        try:
            child = await asyncio.wait_for(self.idle.get(), max(0.01, deadline - time.monotonic()))
        except asyncio.TimeoutError:
            raise EngineProblem(503, f"server busy: the query could not start within {self.timeout_s:g} s; retry shortly",
                                retry_after=2) from None
        finally:
            self.waiting -= 1
        healthy = False
        try:
            body = await asyncio.wait_for(self._ask(child, query, accept), max(0.01, deadline - time.monotonic()))
            healthy = True
            return body
        except asyncio.TimeoutError:
            raise EngineProblem(503, f"query stopped: it ran longer than {self.timeout_s:g} s") from None
        except EngineProblem as problem:
            healthy = problem.status < 500 or problem.status == 413
            raise
        finally:
            if healthy and child.alive():
                self.idle.put_nowait(child)
            else:  # overran, crashed or broke the stream: replace it, never reuse it
                asyncio.get_running_loop().create_task(self._replace(child))

    async def _ask(self, child: Child, query: str, accept: str) -> bytes:
        import aiohttp

        try:
            # form-encoded POST: the one request form every SPARQL server accepts
            async with self.session.post(child.url, data={"query": query}, headers={"Accept": accept}) as r:
                if r.status == 400:
                    text = (await r.content.read(2000)).decode("utf-8", "replace").strip().splitlines()
                    raise EngineProblem(400, text[0] if text else "malformed query")
                if r.status != 200:
                    raise EngineProblem(502, f"query engine error {r.status}")
                chunks, size = [], 0
                async for chunk in r.content.iter_chunked(65536):
                    size += len(chunk)
                    if size > self.max_result_bytes:
                        raise EngineProblem(413, f"result larger than {self.max_result_bytes} bytes: "
                                                 "add a LIMIT or narrow the query")
                    chunks.append(chunk)
                body = b"".join(chunks)
        except aiohttp.ClientPayloadError:
            raise EngineProblem(502, "the query engine failed while answering; it has been restarted") from None
        except (aiohttp.ClientConnectionError, OSError):
            raise EngineProblem(502, "the query engine failed on this query; it has been restarted") from None
        if body.rstrip().endswith(CANCELLED):
            raise EngineProblem(503, f"query stopped: it ran longer than {self.timeout_s:g} s")
        return body

    async def close(self) -> None:
        for child in list(self.children):
            child.kill()
        self.children.clear()
        if self.session is not None:
            await self.session.close()
            self.session = None
