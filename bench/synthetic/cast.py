"""One synthetic negotiation's setting: places, parties, people, roles, sources and citations.

A :class:`Negotiation` is seeded by its index alone, so negotiation 7 is the same text in a
10k and in a 1M corpus; the bench relies on that to compare one query's answer across sizes.
Citations follow the three patterns of the article's data: one section for the whole
resource, a page in a cited work plus the section citing it, or two sections with
statement-level entries (``data/statement-citations.ttl``) for every fact.
"""
from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from .names import (EN_LAST, SECTIONS, country, person_name, slug, spread, when)
from .turtle import TurtleFile, day, text, year

#: properties that are not facts (``pk:EditorialProperty`` in the ontology): never in statement entries
EDITORIAL = {"pk:citation", "pk:summary", "pk:editorialNote", "pk:question", "pk:deadlineMonths"}
SIDES = ("drv", "us", "prg-nlf", "rvn", "other")
US = "organisation:united-states"
LEADER_ROLES = ("roletype:minister-of-foreign-affairs", "roletype:president", "roletype:head-of-government",
                "roletype:minister")


@dataclass
class Party:
    iri: str
    short: str
    side: str
    delegation: str
    army: str
    people: list = field(default_factory=list)  # (iri, label) pairs, the head of delegation first


class Negotiation:
    """The shared context of one negotiation; :mod:`happenings` adds what took place."""

    def __init__(self, index: int, seed: int, files: dict[str, TurtleFile], with_us: bool, citations: str = "mixed"):
        self.index, self.files, self.citations = index, files, citations
        self.rnd = rnd = random.Random(f"{seed}:{index}")
        self.host = country(5 * index)
        self.key = slug(self.host)
        y = 1946 + rnd.randint(0, 24)
        self.start = datetime.date(y, rnd.randint(1, 12), rnd.randint(1, 28))
        self.end = min(self.start + datetime.timedelta(days=rnd.randint(300, 1800)), datetime.date(1974, 12, 31))
        self.parties: list[Party] = []
        self.taken: set[str] = set()
        self.explained: list[str] = []
        self.places()
        self.cast(with_us)
        self.sources()
        self.roles()

    # ------------------------------------------------------------------ citations
    def cite(self, subject: str, pairs: list, policy: str | None = None) -> list:
        """Append the resource's ``pk:citation`` to ``pairs`` (and its statement entries, if any)."""
        rnd = self.rnd
        policy = policy or self.citations
        if policy == "mixed":
            r = rnd.random()
            policy = "section" if r < 0.6 else "page" if r < 0.78 else "statements"
        if policy == "section":
            pairs.append(("pk:citation", rnd.choice(self.sections)))
        elif policy == "page":
            page, given_in = rnd.choice(self.pages)
            pairs.append(("pk:citation", [page, given_in]))
        else:
            a, b = rnd.sample(self.sections, 2)
            pairs.append(("pk:citation", [a, b]))
            facts = [(p, o if isinstance(o, list) else [o]) for p, o in pairs
                     if p.startswith("pk:") and p not in EDITORIAL and o is not None and o != []]
            props = [p for p, _ in facts]
            # now and then a date the editors supplied themselves (pk:addedByEditors, with a note)
            dates = [p for p in props if p in ("pk:startDate", "pk:endDate", "pk:attestedDate")]
            editors = [rnd.choice(dates)] if dates and len(props) > 2 and rnd.random() < 0.25 else []
            props = [p for p in props if p not in editors]
            entries = [(a, props, [])]
            some = rnd.sample(props, max(1, len(props) // 3))
            entries.append((b, some, []))
            if editors:
                entries.append(("editors", editors, []))
                pairs.append(("pk:editorialNote", text("The sources give no date here; the editors inferred it "
                                                       "from the surrounding events.")))
            multi = [(p, vs) for p, vs in facts if len(vs) > 1 and p not in editors]
            if multi:
                p, vs = rnd.choice(multi)
                entries.append((b, [p], vs[: len(vs) // 2 + 1]))
            self.files["statement-citations"].statement_sources(subject, entries)
        return pairs

    # ------------------------------------------------------------------ setting
    def places(self) -> None:
        f, rnd, host = self.files["actors"], self.rnd, self.host
        self.country_place = f"place:{self.key}"
        f.block(self.country_place, [("a", "pk:Place"), ("rdfs:label", text(host))])
        capital = rnd.choice((f"{host} City", f"Port {host}", f"{host}burg"))
        self.capital = f"place:{slug(capital)}"
        f.block(self.capital, [("a", "pk:Place"), ("rdfs:label", text(capital)), ("pk:locatedIn", self.country_place)])
        self.venue = f"place:{self.key}-conference-hall"
        f.block(self.venue, [("a", "pk:Place"), ("rdfs:label", text(f"Conference hall of {capital}")),
                             ("skos:altLabel", text(f"{capital} hall")), ("pk:locatedIn", self.capital)])
        self.regions = []
        for region in rnd.sample(("highlands", "coast", "delta", "border provinces", "plateau", "river valley"), 2):
            iri = f"place:{slug(host, region)}"
            f.block(iri, [("a", "pk:Place"), ("rdfs:label", text(f"{host} {region}")), ("pk:locatedIn", self.country_place)])
            self.regions.append(iri)

    def person(self, party: Party | None, office: str) -> tuple[str, str]:
        """A new person of ``party`` (None: a scholar), with the spellings a source would use."""
        rnd, f = self.rnd, self.files["actors"]
        side = party.side if party else "other"
        vietnamese = side in ("drv", "prg-nlf", "rvn")
        while True:
            english, native = person_name(rnd, vietnamese)
            iri = f"person:{slug(english, party.short if party else 'scholar', self.key)}"
            if iri not in self.taken:
                break
        self.taken.add(iri)
        pairs = [("a", "pk:Person"), ("rdfs:label", [text(english)] + ([text(native, "vi")] if native else [])),
                 ("skos:prefLabel", [text(native, "vi"), text(native)] if native else text(english))]
        if native:
            family, middle, given = english.split(" ")
            pairs.append(("skos:altLabel", [text(english), text(f"{family} {middle}{given}")]))
        else:
            pairs.append(("skos:altLabel", text(english.split(" ")[1])))
        pairs += [("pk:side", f"side:{side}"), ("pk:summary", text(f"{office.capitalize()} in the {self.host} talks."))]
        f.block(iri, pairs)
        if party:
            party.people.append((iri, english))
        return iri, english

    def cast(self, with_us: bool) -> None:
        rnd, f = self.rnd, self.files["actors"]
        n = rnd.choice((2, 2, 3, 4))
        for k in range(n):
            name = country(5 * self.index + 1 + k)
            side = SIDES[k] if k < 4 else "other"
            if k == 1 and with_us:
                gov, short, side = US, "US", "us"
            else:
                gov = f"organisation:{slug(name)}"
                short = name
                form = rnd.choice(("Republic of {}", "Kingdom of {}", "{} People's Republic", "Federation of {}"))
                f.block(gov, [("a", "pk:Government"), ("rdfs:label", text(form.format(name))),
                              ("skos:altLabel", text(name)), ("pk:side", f"side:{side}")])
            key = slug(short, self.key) if gov == US else slug(name)
            party = Party(gov, short, side, f"organisation:{key}-delegation", f"organisation:{key}-army")
            f.block(party.delegation, [("a", "pk:Delegation"), ("rdfs:label", text(f"{short} delegation to the {self.host} talks")),
                                       ("pk:represents", gov), ("pk:side", f"side:{side}")])
            f.block(party.army, [("a", "pk:ArmedForce"), ("rdfs:label", text(f"Armed forces of {short} ({self.host} war)")),
                                 ("pk:side", f"side:{side}")])
            self.parties.append(party)
            for office in ("head of delegation", "deputy head of delegation", "leader")[: rnd.choice((2, 3, 3))]:
                self.person(party, office)

    def sources(self) -> None:
        rnd, f = self.rnd, self.files["sources"]
        self.historian, author = self.person(None, "historian of")
        issued = self.end.year + rnd.randint(3, 40)
        study = f"source:{slug(author, issued, self.key)}"
        label = f"{author.split(' ')[1]} {issued}, on the {self.host} talks"
        f.block(study, [("a", ["pk:Source", "bibo:Book"]), ("rdfs:label", text(label)),
                        ("dcterms:title", text(f"{self.host} at the table: the talks of {self.start.year}-{self.end.year}")),
                        ("dcterms:creator", self.historian), ("dcterms:issued", year(issued)), ("dcterms:language", text("en", None)),
                        ("pk:summary", text(f"A synthetic history of the {self.host} negotiations, from their opening to their end."))])
        self.study = study
        self.sections = []
        for k, heading in enumerate(SECTIONS):
            iri = f"cite:{study[7:]}-part-{k + 1}"
            f.block(iri, [("a", "pk:Citation"), ("rdfs:label", text(f"{label}, part {k + 1} ({heading.lower()})")),
                          ("dcterms:isPartOf", study), ("pk:section", text(heading, None)), ("pk:sectionOrder", str(k + 1))])
            self.sections.append(iri)
        references = self.sections.pop()  # the bibliography cites the works, not facts
        self.pages = []
        for n in range(1, rnd.choice((2, 3)) + 1):
            writer, wname = self.person(None, "author cited on")
            work = f"source:{slug(wname, self.key, 'work', n)}"
            wyear = rnd.randint(self.start.year, 1975)
            f.block(work, [("a", ["pk:Source", rnd.choice(("bibo:Book", "bibo:Article"))]),
                           ("rdfs:label", text(f"{wname.split(' ')[1]} {wyear} ({self.host})")), ("pk:referenceNumber", str(n)),
                           ("dcterms:creator", writer), ("dcterms:issued", year(wyear)),
                           ("dcterms:title", text(f"Notes on {rnd.choice(EN_LAST)} and the {self.host} question", None)),
                           ("pk:publisherStatement", text(f"{self.host} University Press", None)), ("pk:citation", references)])
            for _ in range(2):
                first = rnd.randint(1, 400)
                last = first + rnd.choice((0, 0, 1, 3))
                iri = f"cite:{work[7:]}-p{first}" + (f"-{last}" if last != first else "")
                if any(iri == p for p, _ in self.pages):
                    continue
                given_in = rnd.choice(self.sections)
                pages = f"p. {first}" if first == last else f"pp. {first}-{last}"
                f.block(iri, [("a", "pk:Citation"), ("rdfs:label", text(f"{wname.split(' ')[1]} {wyear}, {pages}")),
                              ("dcterms:isPartOf", work), ("pk:pageStart", str(first)), ("pk:pageEnd", str(last)),
                              ("pk:citedIn", given_in)])
                self.pages.append((iri, given_in))

    def roles(self) -> None:
        rnd, f = self.rnd, self.files["roles"]
        for party in self.parties:
            for rank, (person, name) in enumerate(party.people):
                if rank == 0:
                    kind, org, what = "roletype:head-of-delegation", party.delegation, "head of the delegation"
                elif rank == 1:
                    kind, org, what = (rnd.choice(("roletype:deputy-head-of-delegation", "roletype:special-adviser")),
                                       party.delegation, "second in the delegation")
                else:
                    kind, org, what = rnd.choice(LEADER_ROLES), party.iri, "in the government"
                seen = [day(d) for d in spread(rnd, self.start, self.end, rnd.randint(1, 3))]
                pairs = [("a", "pk:RoleAssignment"), ("rdfs:label", text(f"{name}, {what} of {party.short} ({when(self.start)})")),
                         ("pk:holder", person), ("pk:roleType", kind), ("pk:inOrganisation", org),
                         ("pk:startDate", day(self.start) if rank == 0 else None), ("pk:attestedDate", sorted(set(seen)))]
                iri = f"role:{person[7:]}-{kind[9:]}"
                f.block(iri, self.cite(iri, pairs))
