"""``paris-kg publish``: load the built graph into any SPARQL 1.1 Graph Store Protocol store.

One HTTP ``PUT`` of the N-Triples dump to the store's graph-store URL: the protocol makes
PUT replace the target graph as one operation, so readers see the old graph or the new one,
never a mix. Without ``--graph`` the default graph is replaced.

With a user name, the request answers the server's challenge with HTTP basic or digest
authentication, whichever it asks for (Virtuoso's ``/sparql-graph-crud-auth`` asks for
digest). A refusal names the missing permission where the answer makes it clear.
"""
from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request

from ..errors import NotBuiltError, ParisKGError
from ..paths import Layout
from ..query.remote import network_reason, server_message


class PublishError(ParisKGError):
    exit_code = 1


def graph_store_url(endpoint: str, graph: str | None) -> str:
    sep = "&" if "?" in endpoint else "?"
    if graph:
        return f"{endpoint}{sep}graph={urllib.parse.quote(graph, safe='')}"
    return f"{endpoint}{sep}default"


def _challenge(url: str, timeout_s: float) -> str | None:
    """The ``WWW-Authenticate`` challenge of ``url``, asked with a body-less HEAD request.

    Answering the challenge before the upload matters: a server that refuses a PUT for lack
    of credentials may close the connection before reading the body (Virtuoso does), and the
    client then sees a broken pipe instead of the 401.
    """
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method="HEAD"), timeout=timeout_s):
            return None
    except urllib.error.HTTPError as exc:
        return exc.headers.get("WWW-Authenticate") if exc.code == 401 else None


def _authorize(request: urllib.request.Request, challenge: str, user: str, password: str) -> None:
    """Add the Authorization header answering a basic or digest ``challenge``."""
    scheme, _, rest = challenge.partition(" ")
    if scheme.lower() == "digest":
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, request.full_url, user, password)
        fields = urllib.request.parse_keqv_list(urllib.request.parse_http_list(rest))
        answer = urllib.request.HTTPDigestAuthHandler(passwords).get_authorization(request, fields)
        if answer is None:
            raise PublishError(f"{request.full_url}: cannot answer the server's digest challenge ({challenge[:80]})")
        request.add_unredirected_header("Authorization", f"Digest {answer}")
    elif scheme.lower() == "basic":
        import base64

        token = base64.b64encode(f"{user}:{password}".encode("utf-8")).decode("ascii")
        request.add_unredirected_header("Authorization", f"Basic {token}")
    else:
        raise PublishError(f"{request.full_url}: the server asks for {scheme} authentication; "
                           "paris-kg speaks basic and digest")


def refusal_hint(code: int, message: str, user: str | None, graph: str | None) -> str:
    """What to do about a refused PUT, from the status and the server's text."""
    lowered = message.lower()
    if code == 401:
        if user is None:
            return "the endpoint wants credentials: pass --user NAME (password from PARIS_KG_PASSWORD or a prompt)"
        return f"user {user!r} was not accepted, check the name and password"
    if code == 403 or "permission denied" in lowered:
        who = f"user {user!r}" if user else "the anonymous SPARQL user"
        return (f"{who} may not write: grant it SPARQL_UPDATE (Virtuoso: GRANT SPARQL_UPDATE TO \"{user or 'SPARQL'}\";"
                " see README, Publishing to Virtuoso)")
    if "default graph" in lowered and graph is None:
        return "this endpoint has no writable default graph: pass --graph IRI"
    return ""


def publish(layout: Layout, endpoint: str, graph: str | None = None, timeout_s: float = 120,
            user: str | None = None, password: str | None = None) -> int:
    """PUT the N-Triples dump; return the number of triples sent."""
    if urllib.parse.urlsplit(endpoint).scheme not in ("http", "https"):
        raise PublishError(f"endpoint {endpoint!r} is not an http:// or https:// URL")
    dump = layout.ntriples_dump
    if not dump.is_file():
        raise NotBuiltError(f"no {dump.name} in {layout.dist}: run `paris-kg build` first")
    data = dump.read_bytes()
    url = graph_store_url(endpoint, graph)
    request = urllib.request.Request(url, data=data, method="PUT",
                                     headers={"Content-Type": "application/n-triples"})
    challenge = _challenge(url, timeout_s) if user is not None else None
    if challenge:
        _authorize(request, challenge, user, password or "")
    try:
        with urllib.request.urlopen(request, timeout=timeout_s) as response:
            response.read()
    except urllib.error.HTTPError as exc:
        message = server_message(exc.read(4000), exc.headers.get("Content-Type", "")) or str(exc.reason)
        hint = refusal_hint(exc.code, message, user, graph)
        if exc.code == 401 and user is not None:
            message = "credentials refused"  # the same line whether the server answered or hung up
        raise PublishError(f"{url}: HTTP {exc.code}: {message}" + (f" ({hint})" if hint else "")) from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        if isinstance(reason, (BrokenPipeError, ConnectionResetError, ConnectionAbortedError)):
            # the server answered before reading the upload and hung up: ask again without a body
            if user is None and _challenge(url, timeout_s):
                hint = refusal_hint(401, "", None, graph)
                raise PublishError(f"{url}: HTTP 401: Unauthorized ({hint})") from None
            if user is not None:
                raise PublishError(f"{url}: HTTP 401: credentials refused "
                                   f"({refusal_hint(401, '', user, graph)})") from None
        raise PublishError(f"cannot reach {endpoint}: {network_reason(exc, timeout_s)}") from None
    return data.count(b"\n")
