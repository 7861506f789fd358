"""Hostile and clumsy use, replayed: every probe is bounded in time and size and stays on loopback.

Each test names the failure it guards against (issue 14): outbound requests through SERVICE,
queries that kill or wedge the engine, deadlines under concurrency, script links, HTTP framing
by hand, non-atomic releases, and CLI tracebacks.
"""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyoxigraph as ox
import pytest

from paris_kg.web import guard
from paris_kg.web.running import start_in_thread

from conftest import edit
from test_server import SELECT_8PT, SLOW, http, q

BOMB_ORDER = "SELECT * { ?a ?b ?c . ?d ?e ?f } ORDER BY ?f ?c LIMIT 1"
NESTED = "SELECT * WHERE " + "{" * 5000 + " ?s ?p ?o " + "}" * 5000 + " LIMIT 1"


class Listener:
    """A loopback TCP listener that records every connection it receives (it must get none)."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.hits: list[bytes] = []
        self.running = True
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while self.running:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            conn.settimeout(1)
            try:
                self.hits.append(conn.recv(4096))
                conn.sendall(b"HTTP/1.1 500 Oops\r\nContent-Length: 9\r\n\r\nsecret-42")
            except OSError:
                pass
            conn.close()

    def close(self):
        self.running = False
        self.thread.join(timeout=2)
        self.sock.close()


@pytest.fixture
def listener():
    lst = Listener()
    yield lst
    lst.close()


@pytest.fixture(scope="module")
def tight(built):
    """A server with a 2 s deadline, two engines and a queue of 16 (the defaults but the timeout)."""
    server = start_in_thread(built, timeout_s=2)
    yield server
    server.stop()


def raw(url: str, payload: bytes, *, read_timeout: float = 10) -> bytes:
    """Send bytes as they are on one connection; return everything the server answers."""
    host, port = url.split("//")[1].split(":")
    with socket.create_connection((host, int(port)), timeout=read_timeout) as s:
        s.sendall(payload)
        chunks = []
        try:
            while True:
                data = s.recv(65536)
                if not data:
                    break
                chunks.append(data)
        except socket.timeout:
            pass
    return b"".join(chunks)


def post(url: str, query: str):
    """POST a query as application/sparql-query (long queries do not fit a GET request line)."""
    return http(f"{url}/sparql", data=query.encode(), headers={"Content-Type": "application/sparql-query",
                                                               "Accept": "application/sparql-results+json"})


def _status(answer: bytes) -> int:
    return int(answer.split(b" ", 2)[1])


# ---------------------------------------------------------------- 1. outbound requests

@pytest.mark.parametrize("query", [
    "SELECT * { SERVICE <http://127.0.0.1:{port}/x> { ?s ?p ?o } }",
    "select * { service silent <http://127.0.0.1:{port}/x> { ?s ?p ?o } }",
    "SELECT * { BIND(<http://127.0.0.1:{port}/x> AS ?u) SERVICE ?u { ?s ?p ?o } }",
    "SELECT * { { SELECT * { SeRvIcE <http://127.0.0.1:{port}/> { ?s ?p ?o } } } } # comment",
])
def test_service_is_refused_and_the_listener_hears_nothing(served, listener, query):
    text = query.replace("{port}", str(listener.port))
    for status, _, body in (q(served, text),
                            http(f"{served}/sparql", data=urllib.parse.urlencode({"query": text}).encode(),
                                 headers={"Content-Type": "application/x-www-form-urlencoded"}),
                            http(f"{served}/sparql", data=text.encode(), headers={"Content-Type": "application/sparql-query"})):
        assert status == 403 and body == b"federated queries (SERVICE) are disabled on this endpoint\n"
        assert b"secret-42" not in body
    time.sleep(0.3)
    assert listener.hits == []


def test_the_word_service_in_a_literal_or_iri_is_not_refused(served):
    status, _, body = q(served, 'SELECT ?x { BIND("SERVICE <http://127.0.0.1:9/>" AS ?x) } # SERVICE <http://a/>')
    assert status == 200 and json.loads(body)["results"]["bindings"][0]["x"]["value"] == "SERVICE <http://127.0.0.1:9/>"


def test_federation_only_to_hosts_the_operator_allows(built, listener):
    server = start_in_thread(built, timeout_s=3, allow_service=frozenset({"127.0.0.1"}))
    try:
        other = q(server.url, "SELECT * { SERVICE <http://localhost:9/x> { ?s ?p ?o } }")
        assert other[0] == 403 and other[2].startswith(b"federated queries (SERVICE) are disabled on this endpoint for localhost")
        q(server.url, f"SELECT * {{ SERVICE SILENT <http://127.0.0.1:{listener.port}/x> {{ ?s ?p ?o }} }}")
        time.sleep(0.3)
        assert len(listener.hits) >= 1  # the allowed host is really reached: the switch is real
    finally:
        server.stop()


def test_queries_carry_no_wildcard_cors(served):
    status, headers, _ = http(f"{served}/sparql?query={urllib.parse.quote(SELECT_8PT)}",
                              headers={"Origin": "http://evil.example"})
    assert status == 200 and "Access-Control-Allow-Origin" not in headers
    status, headers, _ = http(f"{served}/sparql", method="OPTIONS",
                              headers={"Origin": "http://evil.example", "Access-Control-Request-Method": "POST"})
    assert status == 204 and "Access-Control-Allow-Origin" not in headers
    # read-only data (no query runs) stays open to every page
    status, headers, _ = http(f"{served}/id/person/le-duc-tho.ttl", headers={"Origin": "http://evil.example"})
    assert status == 200 and headers["Access-Control-Allow-Origin"] == "*"


def test_cors_for_the_origins_the_operator_lists(built):
    server = start_in_thread(built, timeout_s=3, cors_origins=frozenset({"https://ok.example"}))
    try:
        ok = http(f"{server.url}/sparql?query={urllib.parse.quote(SELECT_8PT)}", headers={"Origin": "https://ok.example"})
        bad = http(f"{server.url}/sparql?query={urllib.parse.quote(SELECT_8PT)}", headers={"Origin": "https://no.example"})
        pre = http(f"{server.url}/sparql", method="OPTIONS",
                   headers={"Origin": "https://ok.example", "Access-Control-Request-Method": "POST"})
        assert ok[1]["Access-Control-Allow-Origin"] == "https://ok.example"
        assert "Access-Control-Allow-Origin" not in bad[1]
        assert pre[0] == 204 and pre[1]["Access-Control-Allow-Origin"] == "https://ok.example"
        assert "POST" in pre[1]["Access-Control-Allow-Methods"]
    finally:
        server.stop()


# ---------------------------------------------------------------- 2./3. a supervised engine

def _answers_again(url: str, within: float = 10) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        status, _, body = q(url, SELECT_8PT)
        if status == 200 and b'"8"' in body:
            return True
        time.sleep(0.1)
    return False


def test_deep_nesting_is_refused_before_the_engine(tight):
    status, _, body = post(tight.url, NESTED)
    assert status == 400 and body == b"query nested deeper than 64 levels of brackets: refused\n"
    status, _, body = post(tight.url, "SELECT * { FILTER(" + "+".join(["1"] * 8000) + ") }")
    assert status == 400 and body.startswith(b"query longer than 10000 tokens")
    assert _answers_again(tight.url, 2)


def test_engine_crash_is_a_clean_error_and_the_engine_comes_back(built, monkeypatch):
    """With the guard switched off, the nesting kills the engine child: 502, then served again."""
    monkeypatch.setattr(guard, "MAX_DEPTH", 10**6)
    monkeypatch.setattr(guard, "MAX_TOKENS", 10**6)
    server = start_in_thread(built, timeout_s=3, max_concurrent=1)
    try:
        before = {c.proc.pid for c in server.site.release.pool.children}
        status, _, body = post(server.url, NESTED)
        assert status == 502 and body.startswith(b"the query engine failed")
        assert _answers_again(server.url)
        after = {c.proc.pid for c in server.site.release.pool.children}
        assert after and not (after & before)  # the crashed child was replaced
    finally:
        server.stop()


def test_order_by_bomb_is_stopped_and_the_engine_survives(tight):
    start = time.monotonic()
    status, _, body = q(tight.url, BOMB_ORDER)
    assert status == 503 and body.startswith(b"query stopped: it ran longer than 2 s")
    assert time.monotonic() - start < 2 + 2
    assert _answers_again(tight.url, 5)


def _cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def test_ten_concurrent_bombs_all_end_by_the_deadline_and_the_cpu_is_freed(tight):
    def one(_):
        start = time.monotonic()
        status, headers, _ = q(tight.url, SLOW)
        return status, time.monotonic() - start

    with ThreadPoolExecutor(10) as pool:
        results = list(pool.map(one, range(10)))
    assert [s for s, _ in results] == [503] * 10
    assert max(t for _, t in results) < 2 + 2, results
    time.sleep(1.0)
    pids = [c.proc.pid for c in tight.site.release.pool.children]
    before = {pid: _cpu_ticks(pid) for pid in pids}
    time.sleep(1.0)
    busy = {pid: _cpu_ticks(pid) - before[pid] for pid in pids}
    assert all(ticks < 20 for ticks in busy.values()), busy  # < 0.2 s of CPU in 1 s: idle
    assert _answers_again(tight.url, 5)


def test_a_full_queue_turns_requests_away_at_once_with_retry_after(built):
    server = start_in_thread(built, timeout_s=2, max_concurrent=1, max_queue=1)
    try:
        def one(_):
            start = time.monotonic()
            status, headers, body = q(server.url, SLOW)
            return status, headers.get("Retry-After"), time.monotonic() - start, body

        with ThreadPoolExecutor(5) as pool:
            results = list(pool.map(one, range(5)))
        turned_away = [r for r in results if r[3].startswith(b"server busy: too many queries waiting")]
        assert turned_away and all(r[0] == 503 and r[1] == "2" and r[2] < 1.0 for r in turned_away)
        assert all(r[0] == 503 for r in results)
        assert _answers_again(server.url, 5)
    finally:
        server.stop()


def test_an_answer_broken_mid_stream_is_an_error_not_a_200():
    from paris_kg.web.engine import EngineProblem
    from paris_kg.web.server import _complete_answer

    broken = b'{"head":{"vars":["s"]},"results":{"bindings":[The variable encoding the service name is unbound'
    for media in ("application/sparql-results+json", "text/csv"):
        with pytest.raises(EngineProblem) as info:
            _complete_answer(broken, media, False, None)
        assert info.value.status == 502
    with pytest.raises(EngineProblem):
        _complete_answer(b"<urn:a> <urn:b> <urn:c> .\n<urn:a> <urn:b> The SPARQL operation has", "text/turtle", True, None)


# ---------------------------------------------------------------- 5. HTTP framing

def _host(url):
    return url.split("//")[1]


def test_negative_content_length_is_refused(served):
    answer = raw(served, b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                         b"Content-Length: -1\r\nConnection: close\r\n\r\n" + b"A" * 100_000)
    assert _status(answer) == 400


def test_chunked_body_is_read_as_a_body_not_as_the_next_request(served):
    body = SELECT_8PT.encode()
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(body[i:i + 50]), body[i:i + 50]) for i in range(0, len(body), 50)) + b"0\r\n\r\n"
    answer = raw(served, b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                         b"Accept: text/csv\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked +
                 b"GET /id/nothing-here HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert answer.count(b"HTTP/1.1 ") == 2
    first, second = answer.split(b"HTTP/1.1 ")[1:]
    assert first.startswith(b"200") and b"points\r\n8\r\n" in first
    assert second.startswith(b"404")


def test_oversized_chunked_body_is_refused(built):
    server = start_in_thread(built, timeout_s=3)
    try:
        chunk = b"#" * 65536
        payload = (b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                   b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + (b"10000\r\n" + chunk + b"\r\n") * 20 + b"0\r\n\r\n")
        answer = raw(server.url, payload)
        assert _status(answer) == 413
    finally:
        server.stop()


def test_huge_header_is_refused(served):
    answer = raw(served, b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 70_000 + b"\r\nConnection: close\r\n\r\n")
    assert _status(answer) in (400, 431)


def test_many_idle_connections_do_not_stop_the_server(served):
    idle = [socket.create_connection(tuple(_host(served).split(":")[:1]) + (int(_host(served).split(":")[1]),))
            for _ in range(300)]
    try:
        start = time.monotonic()
        status, _, body = q(served, SELECT_8PT)
        assert status == 200 and b'"8"' in body and time.monotonic() - start < 5
    finally:
        for s in idle:
            s.close()


def test_options_is_answered(served):
    status, headers, body = http(f"{served}/id/person/le-duc-tho", method="OPTIONS")
    assert status == 204 and headers["Allow"] == "GET, HEAD, OPTIONS" and body == b""


@pytest.mark.parametrize("path", ["/id/person/%3Cx%3E", "/id/person/a%20b", "/id/person/%00", "/id/%E2%80%AE",
                                  "/vocab/x%7Cy", "/graph/%3C%3E", "/id/person/%ZZ", "/id/" + "a" * 5000])
def test_odd_iris_are_404_not_500(served, path):
    status, _, body = http(served + path)
    assert status in (400, 404), (status, body)
    assert not body.startswith(b"internal error")
