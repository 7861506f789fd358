"""The release's on-disk Oxigraph store, bulk-loaded by a thread in parts as the graphs become final.

Why in parts: the store is the costliest output (Oxigraph's RocksDB bulk loader sorts every
quad into each of its indexes), and its loader releases the GIL. The authored graphs are final
once the statement nodes are minted, while the build still computes the alignment on one core;
so the thread loads them then, on the other core, and takes the alignment graph (and any other
graph) when the dump writers hand over its sorted lines. Each part goes in a batch of at most
:data:`STORE_BATCH` bytes: the loader holds many times a batch in memory while it sorts it.
The lines come from the build's own store (Oxigraph wrote them), so the loader does not
validate their IRIs again (``lenient``).
"""
from __future__ import annotations

import queue
import threading
import time
from pathlib import Path

import pyoxigraph as ox

#: N-Triples bytes handed to the bulk loader at a time. Measured alone on the 2.75M quads of the
#: 1M corpus: batches of 48 MB cost 75 CPU s (367 MB held), 96 MB 60 s (661 MB), 160 MB 53 s
#: (988 MB), the whole file at once 54 s (1.6 GB). Inside a 1M build, where the loader runs
#: beside the other jobs, 96 MB saved only about 4 CPU s for some 300 MB more at the peak of all
#: processes (2.3 GiB with 48 MB, the target 3 GiB; sixth session on issue 11): kept at 48 MB.
STORE_BATCH = 48 << 20


def _graph(iri: str | None):
    return ox.DefaultGraph() if iri is None else ox.NamedNode(iri)


class DiskStore:
    """A store written by a thread: ``DiskStore(store, directory, graphs)`` starts loading
    ``graphs`` of ``store``; :meth:`add` queues more (graph IRI, or None for the default graph,
    and its N-Triples lines); :meth:`close` says there are no more, so the thread compacts the
    store as soon as the last one is in; :meth:`finish` waits for all of it."""

    label = "write the store"

    def __init__(self, store: ox.Store, directory: Path, graphs: list[str]):
        self.loaded = list(graphs)
        self.todo: queue.Queue = queue.Queue()
        self.stopped = self.closed = False
        self.error: BaseException | None = None
        self.times = (0.0, 0.0)
        self.thread = threading.Thread(target=self._run, args=(store, Path(directory), graphs), daemon=True)
        self.thread.start()

    def add(self, graph: str | None, lines: list[bytes]) -> None:
        self.loaded.append(graph)
        self.todo.put((graph, lines))

    def close(self) -> None:
        """No more graphs: once the queued ones are in, the thread flushes and compacts the store.

        Said as soon as the build has handed over its last graph: a 1M build that said it only
        when it came to wait for the store left the thread idle for 25 s after its last batch,
        and then waited 5-10 s for the compaction at its very end (README "Build at scale")."""
        if not self.closed:
            self.closed = True
            self.todo.put(None)

    def _run(self, store: ox.Store, directory: Path, graphs: list[str]) -> None:
        wall, cpu = time.perf_counter(), time.thread_time()
        try:
            # each authored graph through a file, so no copy of it is held in memory
            copies = []
            for i, iri in enumerate(graphs):
                copies.append((iri, directory.with_name(f"{directory.name}.{i}.nt")))
                store.dump(str(copies[-1][1]), format=ox.RdfFormat.N_TRIPLES, from_graph=_graph(iri))
            disk = ox.Store(str(directory))
            for iri, copy in copies:
                with open(copy, "rb") as lines:
                    rest = b""
                    while not self.stopped and (block := lines.read(STORE_BATCH)):
                        block = rest + block
                        cut = block.rfind(b"\n") + 1  # whole lines only; the rest goes with the next block
                        rest = block[cut:]
                        disk.bulk_load(block[:cut], format=ox.RdfFormat.N_TRIPLES, to_graph=_graph(iri),
                                       lenient=True)
                    if rest and not self.stopped:
                        disk.bulk_load(rest, format=ox.RdfFormat.N_TRIPLES, to_graph=_graph(iri),
                                       lenient=True)
                copy.unlink()
            while not self.stopped and (item := self.todo.get()) is not None:
                iri, lines = item
                start, size = 0, 0
                for i, line in enumerate(lines):
                    size += len(line)
                    if size >= STORE_BATCH or i == len(lines) - 1:
                        disk.bulk_load(b"".join(lines[start:i + 1]), format=ox.RdfFormat.N_TRIPLES,
                                       to_graph=_graph(iri), lenient=True)
                        start, size = i + 1, 0
                        if self.stopped:
                            break
                del item, lines  # this graph's lines may be freed while the next one loads
            if not self.stopped:
                disk.flush()
                disk.optimize()
            del disk
        except BaseException as exc:  # handed to the main thread
            self.error = exc
        self.times = (time.perf_counter() - wall, time.thread_time() - cpu)

    def finish(self, progress) -> None:
        """Wait until every part is in the store; raise the thread's error, if any."""
        self.close()
        self.thread.join()
        if self.error is not None:
            raise self.error
        progress.report(f"  ({self.label}, in a thread)", *self.times)

    def join(self) -> None:
        """After a failure elsewhere: stop at the next batch and let the thread end."""
        self.stopped = True
        self.close()
        self.thread.join()
