"""The sources of one report row, statement by statement.

A report query says in its header which facts a row shows, one ``# cites:`` line per fact::

    # cites: date x pk:date
    # cites: proposer x pk:proposedBy
    # cites: required x pk:withdrawalTerm=t
    # cites: required t pk:forces pk:obligation
    # cites: tabled s ^pk:presentedAt
    # cites: claim x

``NAME VAR PROPERTY...`` names the fact (a column, or a word for what the row is filtered on)
and where it is: the triples ``?VAR PROPERTY ?value`` of the row's subject in variable ``VAR``;
``PROPERTY=V`` only the value the row has in ``V``; ``^PROPERTY`` the triples ``?any PROPERTY
?VAR``; no property at all, the subject's own citations (for a row that is itself a statement,
such as a claim). Lines with the same name add up. Each triple is cited through
:mod:`paris_kg.evidence`, so the report follows the same rule as the ``evidence`` query and the
entity pages. The variables need not be columns: the report adds them to the projection
(:func:`paris_kg.query.engine.project_also`) and does not show them.

In the table, facts that rest on the same citations are written together
(``date, proposer: A; B · points: A``); a row whose facts all rest on the same ones shows them
alone.
"""
from __future__ import annotations

from ..errors import InputError
from ..evidence import Basis, Evidence
from ..namespaces import PREFIXES
from ..sparql_files import QueryFile

#: between the groups of facts of one sources cell (Markdown tables allow no line break)
GROUP_SEPARATOR = " · "


class Fact:
    """One ``# cites:`` line: a fact's name, the variable of its subject, its properties as
    ``(property IRI, value variable or None, inverse)``."""

    __slots__ = ("name", "var", "props")

    def __init__(self, name: str, var: str, props: list[tuple[str, str | None, bool]]):
        self.name, self.var, self.props = name, var, props


def _expand(qf: QueryFile, line: str, name: str) -> str:
    prefix, colon, local = name.partition(":")
    if not colon or prefix not in PREFIXES or not local:
        raise InputError(f"{qf.path}: # cites: {line}: {name!r} is not a prefixed name such as pk:date")
    return PREFIXES[prefix] + local


def parse_cites(qf: QueryFile) -> list[Fact]:
    """The ``# cites:`` lines of a query (an :class:`InputError` naming the file for a bad one)."""
    facts = []
    for line in qf.meta.get("cites", []):
        words = line.split()
        if len(words) < 2 or not words[1].replace("_", "").isalnum():
            raise InputError(f"{qf.path}: # cites: {line}: expected NAME VAR [PROPERTY...]")
        props = []
        for word in words[2:]:
            inverse, word = word.startswith("^"), word.lstrip("^")
            prop, _, value = word.partition("=")
            if value and (inverse or not value.replace("_", "").isalnum()):
                raise InputError(f"{qf.path}: # cites: {line}: {word!r} cannot name a value variable here")
            props.append((_expand(qf, line, prop), value or None, inverse))
        facts.append(Fact(words[0], words[1], props))
    return facts


def variables(facts: list[Fact]) -> list[str]:
    """Every variable the facts read, in first-seen order (the report adds them to the projection)."""
    seen: list[str] = []
    for fact in facts:
        for var in [fact.var] + [v for _, v, _ in fact.props if v]:
            if var not in seen:
                seen.append(var)
    return seen


def _triples(evidence: Evidence, fact: Fact, row: dict) -> list[tuple[object, Basis]]:
    """(value, basis) for each triple of the fact in this row; the value of an inverse property
    is the other resource."""
    subject = row.get(fact.var)
    if subject is None:
        return []
    if not fact.props:
        return [(subject, Basis(evidence.resource_citations(subject)))]
    found = []
    for prop, value_var, inverse in fact.props:
        if value_var:
            if row.get(value_var) is not None:
                found.append((row[value_var], evidence.basis(subject, prop, row[value_var])))
        elif inverse:
            found += [(other, evidence.basis(other, prop, subject)) for other in evidence.subjects(prop, subject)]
        else:
            found += [(value, evidence.basis(subject, prop, value)) for value in evidence.values(subject, prop)]
    return found


def row_sources(evidence: Evidence, facts: list[Fact], row: dict) -> list[tuple[str, list[str]]]:
    """``[(fact names, citation texts)]`` for one row (``row``: variable -> term or None).

    A fact whose values rest on different citations is split by value (``holder (Vietnam
    Workers' Party)``), so no citation is attached to a value it does not support.
    """
    per_fact: dict[str, list[tuple[object, Basis]]] = {}
    for fact in facts:
        per_fact.setdefault(fact.name, []).extend(_triples(evidence, fact, row))
    entries: list[tuple[str, Basis]] = []
    for name, found in per_fact.items():
        if not found:
            continue
        if len({basis for _, basis in found}) == 1:
            entries.append((name, found[0][1]))
            continue
        by_value: dict[object, Basis] = {}
        for value, basis in found:
            by_value[value] = by_value[value] | basis if value in by_value else basis
        entries += [(f"{name} ({evidence.words(value)})", basis) for value, basis in by_value.items()]
    groups: list[tuple[list[str], Basis]] = []
    for name, basis in entries:
        same = next((g for g in groups if g[1] == basis), None)
        if same:
            same[0].append(name)
        else:
            groups.append(([name], basis))
    return [(", ".join(names), evidence.texts(basis)) for names, basis in groups]


def as_text(groups: list[tuple[str, list[str]]]) -> str:
    """A sources cell in one line: ``date, proposer: A; B · points: A`` (or ``A; B`` alone)."""
    if len(groups) == 1:
        return "; ".join(groups[0][1])
    return GROUP_SEPARATOR.join(f"{names}: {'; '.join(texts)}" for names, texts in groups)
