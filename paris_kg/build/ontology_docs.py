"""``dist/docs/ontology.html``: documentation of every class and property of the ontology.

A small generator of our own rather than pyLODE (whose versions break on our Python, see
the design notes): for each term its IRI, label, definition, place in the hierarchy,
alignments to external vocabularies, domain and range, how often the data uses it, and a
few example resources. One self-contained page, nothing fetched.
"""
from __future__ import annotations

import html

import pyoxigraph as ox

from ..namespaces import ONTOLOGY
from ..terms import compact

CSS = """
body { font: 15px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 62rem; padding: 0 1rem; color: #222; }
h1 { font-size: 1.6rem; } h2 { margin-top: 2.4rem; border-bottom: 2px solid #ccc; }
section.term { border-top: 1px solid #e5e5e5; padding: .6rem 0 .4rem; }
section.term h3 { margin: .2rem 0; font-size: 1.1rem; } code { font-size: .88rem; }
dl { display: grid; grid-template-columns: 9rem 1fr; gap: .15rem .8rem; margin: .4rem 0; }
dt { color: #555; } dd { margin: 0; } nav a { margin-right: .5rem; } .muted { color: #666; }
"""

TERMS = f"""
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?t ?kind ?label ?definition WHERE {{
  ?t a ?kind ; rdfs:label ?label ; skos:definition ?definition .
  VALUES ?kind {{ owl:Class owl:ObjectProperty owl:DatatypeProperty }}
  FILTER(STRSTARTS(STR(?t), "{ONTOLOGY}"))
}} ORDER BY ?kind ?t
"""


def _objects(store: ox.Store, s: str, p: str) -> list[str]:
    return sorted(q.object.value for q in store.quads_for_pattern(ox.NamedNode(s), ox.NamedNode(p), None, None)
                  if isinstance(q.object, ox.NamedNode))


def _subjects(store: ox.Store, p: str, o: str) -> list[str]:
    return sorted({q.subject.value for q in store.quads_for_pattern(None, ox.NamedNode(p), ox.NamedNode(o), None)})


def _link(iri: str) -> str:
    name = html.escape(compact(iri).strip("<>"))
    if iri.startswith(ONTOLOGY):
        return f'<a href="#{html.escape(iri[len(ONTOLOGY):])}"><code>{name}</code></a>'
    return f'<a href="{html.escape(iri)}"><code>{name}</code></a>'


def ontology_html(store: ox.Store) -> bytes:
    RDFS = "http://www.w3.org/2000/01/rdf-schema#"
    rows = list(store.query(TERMS, use_default_graph_as_union=True))
    header = next(iter(store.query(f"""
        PREFIX dcterms: <http://purl.org/dc/terms/> PREFIX owl: <http://www.w3.org/2002/07/owl#>
        SELECT ?title ?desc ?version WHERE {{ <{ONTOLOGY[:-1]}> dcterms:title ?title ; dcterms:description ?desc ;
          owl:versionIRI ?version }}""", use_default_graph_as_union=True)))
    e = html.escape
    classes = [r for r in rows if r["kind"].value.endswith("Class")]
    props = [r for r in rows if not r["kind"].value.endswith("Class")]
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           f"<title>{e(header['title'].value)}</title>", f"<style>{CSS}</style></head><body>",
           f"<h1>{e(header['title'].value)}</h1>",
           f"<p>{e(header['desc'].value)}</p>",
           f'<p class="muted">Namespace <code>{e(ONTOLOGY)}</code> (prefix <code>pk:</code>); version '
           f"<code>{e(header['version'].value)}</code>; licence CC BY 4.0. {len(classes)} classes, "
           f"{len(props)} properties.</p>",
           "<nav><strong>Classes:</strong> " + " ".join(_link(r["t"].value) for r in classes) + "</nav>",
           "<nav><strong>Properties:</strong> " + " ".join(_link(r["t"].value) for r in props) + "</nav>"]
    for title, group in (("Classes", classes), ("Properties", props)):
        out.append(f"<h2>{title}</h2>")
        for r in group:
            t = r["t"].value
            local = t[len(ONTOLOGY):]
            facts: list[tuple[str, str]] = [("IRI", f"<code>{e(t)}</code>")]
            if title == "Classes":
                supers = _objects(store, t, RDFS + "subClassOf")
                subs = _subjects(store, RDFS + "subClassOf", t)
                instances = [s for s in _subjects(store, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", t)
                             if s.startswith("https://w3id.org/paris-kg/id/")]
                facts += [("subclass of", ", ".join(map(_link, supers))), ("subclasses", ", ".join(map(_link, subs)))]
                usage = f"{len(instances)} instances (with subclasses)"
                examples = instances[:3]
            else:
                supers = _objects(store, t, RDFS + "subPropertyOf")
                facts += [("subproperty of", ", ".join(map(_link, supers))),
                          ("domain", ", ".join(map(_link, _objects(store, t, RDFS + "domain")))),
                          ("range", ", ".join(map(_link, _objects(store, t, RDFS + "range"))))]
                uses = [q for q in store.quads_for_pattern(None, ox.NamedNode(t), None, None)]
                subjects = sorted({q.subject.value for q in uses})
                usage = f"{len({(q.subject, q.object) for q in uses})} statements"
                examples = subjects[:3]
            facts.append(("close match", ", ".join(map(_link, _objects(store, t, "http://www.w3.org/2004/02/skos/core#closeMatch")))))
            facts.append(("used", usage))
            facts.append(("examples", ", ".join(f'<a href="{e(x)}"><code>{e(compact(x))}</code></a>' for x in examples)))
            out.append(f'<section class="term" id="{e(local)}"><h3>{e(r["label"].value)} '
                       f'<span class="muted">(<code>pk:{e(local)}</code>)</span></h3><p>{e(r["definition"].value)}</p><dl>')
            out += [f"<dt>{e(k)}</dt><dd>{v}</dd>" for k, v in facts if v]
            out.append("</dl></section>")
    out.append("</body></html>")
    return ("\n".join(out) + "\n").encode("utf-8")
