"""How every answer of the server is made: plain-text problems, security headers, open data.

Query results carry no ``Access-Control-Allow-Origin`` unless the operator lists the origin;
read-only data (pages, dumps, IRI descriptions) may be fetched from any web page.
"""
from __future__ import annotations

from aiohttp import web

HTML = "text/html; charset=utf-8"
SECURITY_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin"}


class HTTPProblem(Exception):
    """Raised inside a handler: answered as ``status`` with a one-line plain-text message."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers or {}



def response(status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None):
    all_headers = {**SECURITY_HEADERS, "Content-Type": content_type, **(headers or {})}
    return web.Response(status=status, body=body, headers=all_headers)


def plain_problem(status: int, message: str, headers: dict[str, str] | None = None):
    return response(status, (message + "\n").encode("utf-8"), "text/plain; charset=utf-8", headers)


def open_data(headers: dict[str, str] | None = None) -> dict[str, str]:
    """Headers of read-only data anyone may fetch from a browser (pages, dumps: no query runs)."""
    return {"Access-Control-Allow-Origin": "*", **(headers or {})}
