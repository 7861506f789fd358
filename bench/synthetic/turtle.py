"""Write authored-style Turtle: one block per resource, prefixed names, a triple count.

The synthetic corpus is meant to look like the hand-written files in ``data/`` (the same
prefixes, one subject per block, ``;`` and ``,`` lists), so the build parses, validates and
expands the same shapes of input as it does for the article. Terms are passed in already
written as Turtle (``pk:Event``, ``person:x``); :func:`text`, :func:`day` and friends make
the literals.
"""
from __future__ import annotations

PREFIXES = {
    "pk": "https://w3id.org/paris-kg/ontology#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "bibo": "http://purl.org/ontology/bibo/",
    "wd": "http://www.wikidata.org/entity/",
    **{k: f"https://w3id.org/paris-kg/id/{k}/" for k in (
        "event", "person", "organisation", "place", "role", "proposal", "term", "response", "position",
        "reason", "figure", "source", "claim")},
    "cite": "https://w3id.org/paris-kg/id/citation/",
    **{k: f"https://w3id.org/paris-kg/vocab/{v}/" for k, v in (
        ("side", "side"), ("roletype", "role"), ("force", "force"), ("obl", "obligation"), ("anchor", "anchor"),
        ("cond", "condition"), ("resp", "response"), ("stance", "stance"), ("issue", "issue"),
        ("measure", "measure"), ("qual", "qualifier"), ("status", "claim-status"), ("channel", "channel"))},
}


def text(value: str, lang: str | None = "en") -> str:
    """A string literal, language-tagged unless ``lang`` is None."""
    body = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{body}"@{lang}' if lang else f'"{body}"'


def day(d) -> str:
    return f'"{d.isoformat()}"^^xsd:date'


def month(d) -> str:
    return f'"{d.year:04d}-{d.month:02d}"^^xsd:gYearMonth'


def year(y: int) -> str:
    return f'"{y:04d}"^^xsd:gYear'


def duration(months: int) -> str:
    return f'"P{months // 12}Y"^^xsd:duration' if months % 12 == 0 else f'"P{months}M"^^xsd:duration'


class TurtleFile:
    """The text of one data file, built up block by block, with the number of triples in it."""

    def __init__(self, name: str, about: str):
        self.name = name
        self.triples = 0
        self.parts: list[str] = [f"# Synthetic paris-kg data ({about}), written by bench/synthetic; not facts.\n\n"]
        self.parts += [f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items()]
        self.parts.append("\n")

    def block(self, subject: str, pairs: list[tuple[str, object]]) -> None:
        """``subject p1 o1 , o2 ; p2 o3 .`` for the (property, object or list of objects) pairs.

        A ``None`` object or an empty list leaves the property out, so callers can pass
        optional values directly.
        """
        lines = []
        for prop, obj in pairs:
            objs = [o for o in (obj if isinstance(obj, (list, tuple)) else [obj]) if o is not None]
            if objs:
                self.triples += len(objs)
                lines.append(f"{prop} {' , '.join(objs)}")
        self.parts.append(f"{subject} " + " ;\n    ".join(lines) + " .\n\n")

    def statement_sources(self, subject: str, entries: list[tuple[str, list[str], list[str]]]) -> None:
        """``subject pk:statementSource [ pk:citation c ; pk:forProperty ... ; pk:forValue ... ] , ...``.

        ``entries`` are (citation or ``"editors"``, properties, values); the values may be empty.
        """
        nodes = []
        for cite, props, values in entries:
            head = "pk:addedByEditors true" if cite == "editors" else f"pk:citation {cite}"
            node = f"[ {head} ; pk:forProperty {' , '.join(props)}"
            node += f" ; pk:forValue {' , '.join(values)} ]" if values else " ]"
            nodes.append(node)
            self.triples += 2 + len(props) + len(values)  # the link, the citation, the lists
        self.parts.append(f"{subject} pk:statementSource\n    " + " ,\n    ".join(nodes) + " .\n\n")

    def mark(self) -> tuple[int, int]:
        return len(self.parts), self.triples

    def rewind(self, mark: tuple[int, int]) -> None:
        """Drop everything added since :meth:`mark` (a negotiation that would overshoot the size)."""
        del self.parts[mark[0]:]
        self.triples = mark[1]

    def write(self, directory) -> None:
        with open(f"{directory}/{self.name}", "w", encoding="utf-8") as out:
            out.writelines(self.parts)
