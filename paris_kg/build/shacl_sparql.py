"""Compile ``ontology/shapes.ttl`` to SPARQL SELECT queries and run them on the Oxigraph store.

Why: pySHACL needs the graph copied into rdflib and was half the build cost (40 s at 264k
quads); these queries read the store the build has already loaded, one query per constraint
over the whole graph (never one per focus node), so the cost grows linearly with the data.
``bench/validators.py`` measured every candidate engine (README, "SHACL engine"): at 1M triples
this takes a fraction of the time and memory of pySHACL, pyshacl-turbo or the ``shacl`` package.

Scope: exactly the SHACL Core features that ``shapes.ttl`` uses -- class targets (following
``rdfs:subClassOf`` in the validated graphs, as pySHACL does), IRI paths, ``sh:minCount``,
``sh:maxCount``, ``sh:class``, ``sh:datatype`` (the XSD types listed in ``_LEXICAL``),
``sh:minInclusive``, ``sh:nodeKind sh:IRI``, ``sh:hasValue``, ``sh:node``, ``sh:or``,
``sh:languageIn``, ``sh:qualifiedValueShape`` with ``sh:qualifiedMinCount`` and ``sh:message``.
Every ``sh:`` statement of the shapes graph must be consumed by the compiler; anything else
(another target, a path expression, ``sh:severity``, ``sh:sparql``...) raises
:class:`InputError` naming the shape and the feature, so a rule is never skipped in silence.
pySHACL remains the reference: ``tests/test_validation_conformance.py`` runs both on fixtures
covering every shape and compares the results one by one.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .shapes_graph import RDF, RDFS, SH, XSD, ShapesGraph, compact

_TYPE = f"<{RDF}type>"
_INSTANCE = f"{_TYPE}/<{RDFS}subClassOf>*"

#: datatypes whose literals are checked for a valid lexical form; a datatype outside this
#: table is refused
_LEXICAL = {XSD + name for name in ("integer", "date", "gYear", "gYearMonth", "duration")}

#: components that report each failing value (the others report the focus node once)
_PER_VALUE = {"Class", "Datatype", "MinInclusive", "NodeKind", "Node", "Or", "LanguageIn"}


@dataclass(frozen=True)
class Check:
    """One constraint as a query returning ``?focus`` (and ``?value`` for a per-value one)."""

    users: tuple | list  # (node shape IRI, graph pattern binding ?focus to its focus nodes) per shape
    component: str       # e.g. ``MinCount``: SHACL's sh:<component>ConstraintComponent
    path: str | None     # IRI of the property path; None for a constraint on the focus node
    message: str
    query: str
    shared: bool         # True: the query ignores targets; rows are matched to each user's focus nodes
    guard: str | None = None  # an ASK that is false when the query cannot return a row


@dataclass(frozen=True)
class Result:
    shape: str         # IRI of the node shape whose focus node failed
    focus: object      # pyoxigraph term of the focus node
    path: str | None
    component: str
    value: object      # pyoxigraph term of the value node, or None
    message: str


def _term(g: ShapesGraph, owner, term) -> str:
    if isinstance(term, ox.BlankNode):
        g.refuse(owner, "a blank node as a constraint value")
    return str(term)


class _Compiler:
    def __init__(self, g: ShapesGraph):
        self.g = g
        self.counter = 0

    def fresh(self) -> str:
        self.counter += 1
        return f"?v{self.counter}"

    # ----------------------------------------------------------- expressions (never an error)

    def value_ok(self, shape, var: str) -> list[tuple[str, str, str]]:
        """For each value constraint of ``shape``: (component, an expression true when ``var``
        meets it, a clause that drops the rows whose ``var`` meets it)."""
        g, out = self.g, []
        for cls in g.values(shape, "class"):
            instance = f"{var} {_INSTANCE} {_term(g, shape, cls)}"
            # MINUS: one pass over the instances instead of a lookup per row (5x at 1M triples)
            out.append(("Class", f"EXISTS {{ {instance} }}", f"MINUS {{ {instance} }}"))
        datatype = g.one(shape, "datatype")
        if datatype is not None:
            if datatype.value not in _LEXICAL:
                g.refuse(shape, f"sh:datatype {compact(datatype.value)}")
            dt = _term(g, shape, datatype)
            # integers by their lexical form (a cast stops at 64 bits); the others by a cast
            lexical = (f'REGEX(STR({var}), "^[+-]?[0-9]+$")' if datatype.value == XSD + "integer"
                       else f"isLITERAL({dt}(STR({var})))")
            out.append(("Datatype", f"COALESCE(isLITERAL({var}) && DATATYPE({var}) = {dt} && {lexical}, false)"))
        low = g.one(shape, "minInclusive")
        if low is not None:
            if not (isinstance(low, ox.Literal) and low.datatype.value == XSD + "integer" and len(low.value) < 18):
                g.refuse(shape, f"sh:minInclusive {low} (only integers below 10^17 are compiled)")
            # Oxigraph compares 64-bit integers: a longer (valid) one is above any such bound
            huge = f'DATATYPE({var}) = <{XSD}integer> && REGEX(STR({var}), "^[+]?0*[1-9][0-9]{{18,}}$")'
            out.append(("MinInclusive", f"COALESCE({var} >= {low}, {huge}, false)"))
        kind = g.one(shape, "nodeKind")
        if kind is not None:
            if kind != ox.NamedNode(SH + "IRI"):
                g.refuse(shape, f"sh:nodeKind {kind}")
            out.append(("NodeKind", f"isIRI({var})"))
        for nested in g.values(shape, "node"):
            out.append(("Node", self.conforms(nested, var)))
        for alternatives in g.values(shape, "or"):
            members = [self.conforms(m, var) for m in g.items(alternatives, shape)]
            out.append(("Or", "(" + " || ".join(members or ["false"]) + ")"))
        for tags in g.values(shape, "languageIn"):
            langs = [t.value for t in g.items(tags, shape)
                     if isinstance(t, ox.Literal) or g.refuse(shape, f"sh:languageIn with {t}")]
            tests = " || ".join(f"langMatches(LANG({var}), {ox.Literal(tag)})" for tag in langs)
            out.append(("LanguageIn", f"COALESCE(isLITERAL({var}) && ({tests or 'false'}), false)"))
        return [spec if len(spec) == 3 else (*spec, f"FILTER(!({spec[1]}))") for spec in out]

    def conforms(self, shape, var: str) -> str:
        """An expression true when ``var`` conforms to a nested shape (node or property)."""
        g = self.g
        g.values(shape, "message")  # a nested shape reports nothing of its own
        g.documentation(shape)
        if g.one(shape, "path") is None:
            tests = [expr for _, expr, _ in self.value_ok(shape, var)]
            tests += [self.conforms(prop, var) for prop in g.values(shape, "property")]
            return "(" + " && ".join(tests or ["true"]) + ")"
        p, tests = self.path(shape), []
        low, high = g.integer(shape, "minCount"), g.integer(shape, "maxCount")
        if low not in (None, 0, 1) or high not in (None, 0, 1):
            g.refuse(shape, "a count other than 0 or 1 in a nested shape")
        if low == 1:
            tests.append(f"EXISTS {{ {var} {p} {self.fresh()} }}")
        if high == 0:
            tests.append(f"NOT EXISTS {{ {var} {p} {self.fresh()} }}")
        if high == 1:
            a, b = self.fresh(), self.fresh()
            tests.append(f"NOT EXISTS {{ {var} {p} {a} . {var} {p} {b} FILTER(!sameTerm({a}, {b})) }}")
        for value in g.values(shape, "hasValue"):
            tests.append(f"EXISTS {{ {var} {p} {_term(g, shape, value)} }}")
        v = self.fresh()
        for _, expr, _ in self.value_ok(shape, v):
            tests.append(f"NOT EXISTS {{ {var} {p} {v} FILTER(!({expr})) }}")
        return "(" + " && ".join(tests or ["true"]) + ")"

    def path(self, shape) -> str:
        path = self.g.one(shape, "path")
        if not isinstance(path, ox.NamedNode):
            self.g.refuse(shape, "a path other than a single property IRI")
        return str(path)

    # ----------------------------------------------------------- top-level queries
    # Two kinds of query. A constraint that can fail without any value (sh:minCount, sh:hasValue,
    # sh:qualifiedMinCount, sh:maxCount 0, constraints on the focus itself) starts from the
    # focus nodes of its shape. The others (sh:maxCount n > 0 and every per-value constraint)
    # look at all the triples of the path once, whichever shapes share the property shape,
    # and only the few rows that fail are then matched against each shape's focus nodes.

    def node_shape(self, shape, shared: dict) -> list[Check]:
        g = self.g
        g.documentation(shape)
        classes = [_term(g, shape, c) for c in g.values(shape, "targetClass")]
        targets = " UNION ".join(f"{{ ?focus {_INSTANCE} {c} }}" for c in classes)
        message = g.one(shape, "message")
        user = (shape.value, targets)
        text = message.value if message else None
        specs = [(component, None, text or f"sh:{component} not met", f"SELECT ?focus WHERE {{ {targets} {clause} }}", ok)
                 for component, ok, clause in self.value_ok(shape, "?focus")]
        checks = []
        for prop in g.values(shape, "property"):
            if prop not in shared:
                shared[prop] = self.property_shape(prop)
            own, common = shared[prop]
            specs += own(targets)
            for check in common:
                check.users.append(user)
        # one pass over the focus nodes tells whether any of the shape's own checks can fail;
        # on valid data that pass replaces one per check
        oks = [ok for *_, ok in specs if ok]
        guard = f"ASK {{ {targets} FILTER(!({' && '.join(oks)})) }}" if len(oks) > 1 else None
        checks += [Check((user,), component, path, text, query, False, guard if ok else None)
                   for component, path, text, query, ok in specs]
        return checks

    def property_shape(self, shape):
        """(function: targets -> the specs of the queries bound to a shape's targets, the shared
        checks). A spec is (component, path, message, query, expression true when it passes)."""
        g = self.g
        g.documentation(shape)
        p, iri = self.path(shape), g.one(shape, "path").value
        text = g.one(shape, "message")
        message = (lambda component: text.value if text else f"sh:{component} not met")
        low, high = g.integer(shape, "minCount"), g.integer(shape, "maxCount")
        has = [_term(g, shape, v) for v in g.values(shape, "hasValue")]
        qualified, least = g.one(shape, "qualifiedValueShape"), g.integer(shape, "qualifiedMinCount")
        if (qualified is None) != (least is None):
            g.refuse(shape, "sh:qualifiedValueShape without sh:qualifiedMinCount (or the reverse)")
        if least is not None and least != 1:
            g.refuse(shape, f"sh:qualifiedMinCount {least} (only 1 is compiled)")
        fits = self.conforms(qualified, "?value") if qualified is not None else None

        def own(targets: str) -> list[tuple]:
            out = []
            if low == 1:
                out.append(("MinCount", f"EXISTS {{ ?focus {p} ?any }}"))
            elif low is not None and low > 1:
                out.append(("MinCount", f"SELECT ?focus WHERE {{ {targets} OPTIONAL {{ ?focus {p} ?value }} }} "
                                        f"GROUP BY ?focus HAVING (COUNT(DISTINCT ?value) < {low})"))
            if high == 0:
                out.append(("MaxCount", f"SELECT DISTINCT ?focus WHERE {{ {targets} ?focus {p} ?any }}"))
            out += [("HasValue", f"EXISTS {{ ?focus {p} {v} }}") for v in has]
            if fits is not None:
                out.append(("QualifiedMinCount", f"EXISTS {{ ?focus {p} ?value FILTER({fits}) }}"))
            # an EXISTS is a test on each focus node: its query keeps the ones that fail it
            return [(component, iri, message(component), f"SELECT ?focus WHERE {{ {targets} FILTER(!{q}) }}", q)
                    if q.startswith("EXISTS") else (component, iri, message(component), q, None)
                    for component, q in out]

        common = []
        if high == 1:
            common.append(("MaxCount", f"SELECT DISTINCT ?focus WHERE {{ ?focus {p} ?a . ?focus {p} ?b "
                                       "FILTER(!sameTerm(?a, ?b)) }"))
        elif high is not None and high > 1:
            common.append(("MaxCount", f"SELECT ?focus WHERE {{ ?focus {p} ?value }} "
                                       f"GROUP BY ?focus HAVING (COUNT(DISTINCT ?value) > {high})"))
        # as many subjects as triples: nobody has two values (a count is 5x cheaper than the join)
        guard = (f"ASK {{ {{ SELECT (COUNT(*) AS ?n) (COUNT(DISTINCT ?focus) AS ?d) WHERE {{ ?focus {p} ?value }} }} "
                 "FILTER(?n > ?d) }")
        common += [(component, f"SELECT ?focus ?value WHERE {{ ?focus {p} ?value {clause} }}")
                   for component, _, clause in self.value_ok(shape, "?value")]
        return own, [Check([], component, iri, message(component), query, True,
                           guard if component == "MaxCount" else None) for component, query in common]


def compile_shapes(triples, source: str | Path) -> list[Check]:
    """The checks of a shapes graph, or :class:`InputError` for a feature we do not compile."""
    g = ShapesGraph(triples, str(source))
    compiler = _Compiler(g)
    roots = sorted((s for s, preds in g.index.items() if SH + "targetClass" in preds), key=str)
    checks, shared = [], {}
    for shape in roots:
        if not isinstance(shape, ox.NamedNode):
            g.refuse(shape, "a blank node with a target")
        kinds = {o.value for o in g.index[shape].get(RDF + "type", [])}
        if kinds & {RDFS + "Class", "http://www.w3.org/2002/07/owl#Class"}:
            g.refuse(shape, "a shape that is also a class (implicit class target)")
        checks += compiler.node_shape(shape, shared)
    for subject, pred in sorted(g.unread(), key=lambda sp: (isinstance(sp[0], ox.BlankNode), str(sp))):
        if pred == RDF + "type":
            g.refuse(subject, "a shape with no target that no other shape uses")
        g.refuse(subject, f"{compact(pred)} here")
    return checks + [check for _, common in shared.values() for check in common]


def run_checks(store: ox.Store, checks: list[Check], graphs: list) -> list[Result]:
    """Run every check over the union of ``graphs``; the results, sorted and without repeats."""
    focus_of: dict[str, set] = {}  # node shape -> its focus nodes, fetched only when needed
    guards: dict[str, bool] = {}  # one answer per guard: several checks share one
    out = set()
    for check in checks:
        if check.guard and check.guard not in guards:
            guards[check.guard] = bool(store.query(check.guard, default_graph=graphs))
        if check.guard and not guards[check.guard]:
            continue
        rows = [(row["focus"], row["value"] if check.component in _PER_VALUE else None)
                for row in store.query(check.query, default_graph=graphs)]
        if not rows:
            continue
        for shape, targets in check.users:
            if check.shared:
                if shape not in focus_of:
                    focus_of[shape] = {row["focus"] for row in
                                       store.query(f"SELECT ?focus WHERE {{ {targets} }}", default_graph=graphs)}
                hits = [(f, v) for f, v in rows if f in focus_of[shape]]
            else:
                hits = rows
            for focus, value in hits:
                # a constraint on the focus itself reports the focus as the value (as pySHACL does)
                value = focus if check.path is None else value
                out.add(Result(shape, focus, check.path, check.component, value, check.message))
    return sorted(out, key=lambda r: (str(r.focus), r.path or "", r.component, str(r.value), r.shape))
