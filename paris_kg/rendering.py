"""Every HTML page the project writes comes from one Jinja2 environment over ``templates/``.

Why one place: the report, the ontology docs, the graph and timeline pages and the served
site share a base layout, the same escaping (autoescape on, data into scripts only through
``tojson``) and the same two safety rules:

* **links** - only ``http``, ``https`` and ``mailto`` IRIs (and our own relative paths) ever
  become an ``href`` (:func:`safe_href`); anything else (``javascript:``, ``data:``...) is
  shown as text;
* **scripts** - pages carry a Content-Security-Policy without ``'unsafe-inline'`` for
  scripts: each inline ``<script>`` is allowed by its SHA-256 hash, filled in after rendering
  (:func:`seal`), so a page stays one offline file and injected markup can never run.

Jinja2 is imported only when a page is rendered (it is not needed by ``paris-kg query``).
"""
from __future__ import annotations

import base64
import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
SAFE_SCHEMES = ("http", "https", "mailto")
#: placeholder in a template's CSP meta tag, replaced by the hashes of the page's inline scripts
SCRIPT_HASHES = "'pk-script-hashes'"
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*\btype=\"application/(?:ld\+)?json\")[^>]*>(.*?)</script>", re.S)


def safe_href(iri: object) -> str | None:
    """``iri`` if it may be a link target (http, https, mailto, or a path of ours), else None."""
    text = str(iri).strip()
    if not text or any(ord(c) < 0x20 or c == "\x7f" for c in text):
        return None
    match = _SCHEME.match(text)
    if match is None:  # relative: our own pages ('/id/...', '#Term', 'report.html'), never '//host'
        return None if text.startswith("//") or "\\" in text else text
    return text if match.group(1).lower() in SAFE_SCHEMES else None


def static_text(name: str) -> str:
    """The text of a file in ``static/`` (CSS or JS inlined into a one-file page)."""
    path = (STATIC / name).resolve()
    if path.parent != STATIC.resolve() and STATIC.resolve() not in path.parents:
        raise ValueError(f"not a static file: {name}")
    return path.read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def environment():
    import jinja2
    from markupsafe import Markup

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True)
    from .terms import compact

    env.filters["safe_href"] = safe_href
    env.filters["fromjson"] = json.loads
    env.filters["compact"] = lambda iri: compact(str(iri)).strip("<>")
    env.globals["inline_static"] = lambda name: Markup(static_text(name))
    env.globals["SCRIPT_HASHES"] = Markup(SCRIPT_HASHES)
    return env


def seal(page: str) -> str:
    """Replace the CSP placeholder with the SHA-256 hash of every inline script of ``page``."""
    hashes = sorted({"'sha256-" + base64.b64encode(hashlib.sha256(m.group(1).encode("utf-8")).digest()).decode() + "'"
                     for m in _INLINE_SCRIPT.finditer(page)})
    return page.replace(SCRIPT_HASHES, " ".join(hashes) or "'none'")


def render(template: str, **context) -> str:
    """Render ``templates/<template>`` and seal its script policy."""
    return seal(environment().get_template(template).render(**context))
