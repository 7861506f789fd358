"""Run the server in its own event-loop thread: ``paris-kg serve``, the tests and the benchmarks.

The caller's thread stays free (to wait for Ctrl-C or SIGTERM, or to run a test); the engines
are up before :meth:`RunningServer.start` returns, and :meth:`RunningServer.stop` stops them.
"""
from __future__ import annotations

import asyncio
import threading

from aiohttp import web

from ..paths import Layout
from .engine import ServerError
from .server import Site, make_app


class RunningServer:
    """A server running in its own event-loop thread (``paris-kg serve`` and the tests)."""

    def __init__(self, layout: Layout, host: str, port: int, **options):
        self.site_options, self.host = options, host
        self.layout, self._port = layout, port
        self.loop = asyncio.new_event_loop()
        self.started = threading.Event()
        self.error: BaseException | None = None
        self.port = 0
        self.thread = threading.Thread(target=self._run, daemon=True, name="paris-kg-serve")

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)

        async def start():
            self.site = Site(self.layout, **self.site_options)
            await self.site.current()  # engines up before the first request
            logging = {} if self.site.verbose else {"access_log": None}
            self.runner = web.AppRunner(make_app(self.site), keepalive_timeout=15, max_line_size=8190,
                                        max_field_size=8190, max_headers=100, shutdown_timeout=2, **logging)
            await self.runner.setup()
            tcp = web.TCPSite(self.runner, self.host, self._port, backlog=128, reuse_address=True)
            await tcp.start()
            self.port = tcp._server.sockets[0].getsockname()[1]

        try:
            self.loop.run_until_complete(start())
        except BaseException as exc:  # reported to the starting thread
            self.error = exc
            self.started.set()
            try:
                if getattr(self, "site", None) is not None:
                    self.loop.run_until_complete(self.site.close())
            finally:
                self.loop.close()
            return
        self.started.set()
        self.loop.run_forever()
        self.loop.run_until_complete(self.runner.cleanup())
        pending = [t for t in asyncio.all_tasks(self.loop) if not t.done()]  # e.g. an engine being replaced
        for task in pending:
            task.cancel()
        self.loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        self.loop.run_until_complete(self.site.close())  # children started by those tasks
        self.loop.close()

    def start(self) -> "RunningServer":
        self.thread.start()
        self.started.wait()
        if self.error is not None:
            exc = self.error
            if isinstance(exc, OSError):
                raise ServerError(f"cannot listen on {self.host}:{self._port}: {exc.strerror or exc}") from None
            raise exc
        return self

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def stop(self) -> None:
        if self.thread.is_alive():
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(timeout=15)


def start_in_thread(layout: Layout, **options) -> RunningServer:
    """Serve on a free loopback port in a background thread (tests and benchmarks)."""
    return RunningServer(layout, "127.0.0.1", 0, **options).start()
