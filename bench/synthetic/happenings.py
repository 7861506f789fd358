"""What happens in one synthetic negotiation: events, proposals with their withdrawal terms,
answers, positions with grouped reasons, figures and claims about wrong values.

Events are planned first and written last, so that a session can name the proposals tabled
at it (``pk:concerns``). Dates carry the precisions the article uses: mostly days, some
months or years, some bounded by earliest/latest days.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from .cast import US, Negotiation
from .names import COUNT_WORDS, ISSUE_PHRASES, REASONS, STANCE_PHRASES, ordinal, slug, spread, when
from .turtle import day, duration, month, text, year

FORCES = {"drv": ("force:us-and-allied", "force:us"), "prg-nlf": ("force:us-and-allied",),
          "us": ("force:north-vietnamese", "force:vietnamese-in-south"), "rvn": ("force:north-vietnamese",),
          "other": ("force:other-foreign-indochina",)}
FORCE_WORDS = {"force:us-and-allied": "outside and allied troops", "force:us": "the outside power's troops",
               "force:north-vietnamese": "the northern army", "force:vietnamese-in-south": "northern units in the south",
               "force:other-foreign-indochina": "other foreign troops"}
OTHER_KINDS = (("pk:Announcement", "statement by"), ("pk:Letter", "letter from"), ("pk:Decision", "decision of"),
               ("pk:Arrival", "arrival of a new envoy of"), ("pk:NegotiationStep", "step agreed by"),
               ("pk:Election", "election held by"))


@dataclass
class Event:
    iri: str
    kind: str
    date: datetime.date
    label: str
    pairs: list
    precision: str = "day"
    concerns: list = field(default_factory=list)


def dated(e: Event) -> list:
    """The pk:date pairs of an event or position, at its precision."""
    if e.precision == "month":
        return [("pk:date", month(e.date))]
    if e.precision == "year":
        lo = max(e.date - datetime.timedelta(days=40), datetime.date(e.date.year, 1, 1))
        return [("pk:date", year(e.date.year)), ("pk:earliestDate", day(lo)), ("pk:latestDate", day(e.date))]
    return [("pk:date", day(e.date))]


def plan_events(n: Negotiation) -> list[Event]:
    rnd, host, key = n.rnd, n.host, n.key
    govs = [p.iri for p in n.parties]
    dels = [p.delegation for p in n.parties]
    mid = n.start + (n.end - n.start) / 3
    phases = []
    for k, (a, b) in enumerate(((n.start, mid), (mid, n.end)), start=1):
        months = max(1, (b.year - a.year) * 12 + b.month - a.month)
        iri = f"event:{key}-phase-{k}"
        pairs = [("pk:startDate", day(a)), ("pk:endDate", day(b)), ("pk:duration", duration(months)),
                 ("pk:partOf", f"event:{n.start.year}-{key}-talks"), ("pk:participant", govs if k == 2 else govs[:2])]
        phases.append(Event(iri, "pk:ConferencePhase", a, f"{host} talks, phase {k} ({'narrow' if k == 1 else 'full'} table)", pairs))
    events = [Event(f"event:{n.start.year}-{key}-talks", "pk:Conference", n.start, f"{host} talks",
                    [("pk:startDate", day(n.start)), ("pk:endDate", day(n.end)), ("pk:place", n.capital),
                     ("pk:participant", govs), ("skos:altLabel", text(f"{host} peace conference"))])] + phases

    def phase_of(d):
        return phases[0].iri if d < mid else phases[1].iri

    events.append(Event(f"event:{n.start.isoformat()}-{key}-preparatory-session", "pk:PreparatorySession", n.start,
                        f"Preparatory session of the {host} talks",
                        [("pk:place", n.venue), ("pk:partOf", phases[0].iri), ("pk:participant", dels)]))
    for number, d in enumerate(spread(rnd, n.start + datetime.timedelta(days=7), n.end, rnd.randint(5, 12)), start=1):
        people = [p.people[0][0] for p in rnd.sample(n.parties, 2)]
        events.append(Event(f"event:{d.isoformat()}-{key}-plenary-{number}", "pk:PlenarySession", d,
                            f"{ordinal(number)} plenary session of the {host} talks",
                            [("pk:sessionNumber", str(number)), ("pk:place", n.venue), ("pk:partOf", phase_of(d)),
                             ("pk:participant", dels + people)]))
    for number, d in enumerate(spread(rnd, n.start, n.end, rnd.randint(2, 5)), start=1):
        a, b = rnd.sample(n.parties, 2)
        (pa, na), (pb, nb) = rnd.choice(a.people), rnd.choice(b.people)
        events.append(Event(f"event:{d.isoformat()}-{key}-private-{slug(na)}-{slug(nb)}", "pk:PrivateMeeting", d,
                            f"Private meeting of {na} and {nb} ({when(d)})",
                            [("pk:ordinalInSeries", str(number)), ("pk:place", n.capital), ("pk:participant", [pa, pb])]))
    for d in spread(rnd, n.start, n.end, rnd.randint(3, 6)):
        kind, what = rnd.choice(OTHER_KINDS)
        party = rnd.choice(n.parties)
        precision = rnd.choice(("day",) * 7 + ("month", "month", "year"))
        events.append(Event(f"event:{d.isoformat()}-{key}-{slug(kind[3:], party.short)}", kind, d,
                            f"{what.capitalize()} {party.short} during the {host} talks ({when(d)})",
                            [("pk:participant", [party.iri, party.people[0][0]])], precision))
    for d in spread(rnd, n.start, n.end, rnd.randint(0, 2)):
        party = rnd.choice(n.parties)
        leader = party.people[-1][0]
        events.append(Event(f"event:{d.isoformat()}-{key}-{slug(party.short)}-offensive", "pk:MilitaryOperation", d,
                            f"{party.short} offensive in the {host} war ({when(d)})",
                            [("pk:orderedBy", leader), ("pk:participant", party.army), ("pk:place", n.regions)]))
    for d in spread(rnd, n.start, n.end, rnd.randint(0, 1)):
        a, b = rnd.sample(n.parties, 2)
        events.append(Event(f"event:{d.isoformat()}-{key}-battle", "pk:Battle", d, f"Battle for the {n.host} {n.regions[0].split('-')[-1]}",
                            [("pk:participant", [a.army, b.army]), ("pk:place", n.regions[0])]))
    n.signed = rnd.random() < 0.6
    if n.signed:
        events.append(Event(f"event:{n.end.isoformat()}-{key}-signing", "pk:Signing", n.end, f"Signing of the {host} agreement",
                            [("pk:place", n.venue), ("pk:partOf", phases[1].iri), ("pk:participant", govs)]))
    unique = {}
    for e in events:
        unique.setdefault(e.iri, e)  # two events of a kind on one day: keep the first
    events = list(unique.values())
    # the start date stands for the conference and its phases: they carry startDate instead of pk:date
    for e in events:
        if e.kind not in ("pk:Conference", "pk:ConferencePhase", "pk:MilitaryOperation"):
            e.pairs[:0] = dated(e)
        elif e.kind == "pk:MilitaryOperation":
            e.pairs[:0] = [("pk:startDate", day(e.date))]
    return events


def write_events(n: Negotiation, events: list[Event]) -> None:
    f = n.files["events"]
    for e in events:
        pairs = [("a", e.kind), ("rdfs:label", text(e.label))] + e.pairs + [("pk:concerns", e.concerns)]
        pairs.append(("pk:summary", text(f"{e.label}: one of the steps of the {n.host} negotiations.")))
        policy = "section" if any(p == "pk:duration" for p, _ in e.pairs) else None
        f.block(e.iri, n.cite(e.iri, pairs, policy))


def proposals(n: Negotiation, events: list[Event]) -> list[tuple]:
    """Write the proposals and their terms; return (iri, label, party, date, venue, kind) in date order."""
    rnd, f = n.rnd, n.files["proposals"]
    venues = [e for e in events if e.kind in ("pk:PlenarySession", "pk:PrivateMeeting", "pk:Announcement")
              and e.precision == "day"]
    made = []
    for e in sorted(rnd.sample(venues, min(len(venues), rnd.randint(4, 8))), key=lambda e: (e.date, e.iri)):
        present = str(e.pairs)
        party = rnd.choice([p for p in n.parties if p.delegation in present or any(i in present for i, _ in p.people)]
                           or n.parties)
        kind = rnd.choice(("pk:PeacePlan", "pk:PeacePlan", "pk:Demand", "pk:DraftAgreement"))
        issues = rnd.sample(sorted(ISSUE_PHRASES), rnd.choice((1, 1, 2)))
        points = rnd.randint(3, 12) if kind == "pk:PeacePlan" else None
        if kind == "pk:PeacePlan":
            label = f"{party.short} {COUNT_WORDS[points - 1]}-point plan ({when(e.date)})"
        elif kind == "pk:Demand":
            label = f"{party.short} demand: {ISSUE_PHRASES[issues[0]]} ({when(e.date)})"
        else:
            label = f"{party.short} draft text of a settlement ({when(e.date)})"
        made.append((f"proposal:{e.date.isoformat()}-{slug(party.short)}-{slug(kind[3:])}-{n.key}", label, party, e.date, e, kind, issues, points))
    if n.signed:
        e = events[-1]
        made.append((f"proposal:{e.date.isoformat()}-{n.key}-agreement", f"{n.host} agreement ({when(e.date)})",
                     n.parties[0], e.date, e, "pk:Agreement", ["political-settlement"], rnd.randint(5, 20)))
    seen, out = set(), []
    for iri, label, party, d, venue, kind, issues, points in made:
        if iri in seen:
            continue
        seen.add(iri)
        earlier = [o for o in out if o[3] < d]
        counters = rnd.choice([o[0] for o in earlier if o[2] is not party] or [None]) if rnd.random() < 0.5 else None
        revises = next((o[0] for o in reversed(earlier) if o[2] is party), None) if kind != "pk:Agreement" else (
            earlier[-1][0] if earlier else None)
        terms = []
        for force in rnd.sample(FORCES[party.side], 1 if len(FORCES[party.side]) == 1 else rnd.choice((1, 2))):
            terms.append(term(n, iri, label, party, d, force, kind))
        pairs = [("a", kind), ("rdfs:label", text(label)), ("pk:date", day(d)),
                 ("pk:proposedBy", [p.iri for p in n.parties] if kind == "pk:Agreement" else party.iri),
                 ("pk:presentedBy", party.people[0][0]), ("pk:presentedAt", venue.iri),
                 ("pk:channel", "channel:private" if venue.kind == "pk:PrivateMeeting" else "channel:public"),
                 ("pk:onIssue", [f"issue:{i}" for i in issues]), ("pk:numberOfPoints", str(points) if points else None),
                 ("pk:counters", counters), ("pk:revises", revises), ("pk:withdrawalTerm", terms),
                 ("pk:summary", text(f"{party.short} put this forward at the {host_short(venue.label)}."))]
        policy = "statements" if n.index == 0 and not out else None  # a known multi-cited proposal for the bench
        f.block(iri, n.cite(iri, pairs, policy))
        venue.concerns.append(iri)
        out.append((iri, label, party, d, venue, kind))
    return out


def host_short(label: str) -> str:
    return label[0].lower() + label[1:]


def term(n: Negotiation, proposal: str, label: str, party, d: datetime.date, force: str, kind: str) -> str:
    rnd = n.rnd
    if party.iri == US and force == "force:north-vietnamese" and d.year >= 1960:
        obligation = rnd.choice(("obl:required", "obl:not-required", "obl:left-to-parties"))
    elif kind == "pk:Agreement":
        obligation = "obl:required"
    else:
        obligation = rnd.choice(("obl:required", "obl:required", "obl:offered", "obl:not-stated", "obl:rejected"))
    iri = f"term:{proposal[9:]}-{force[6:]}"
    pairs = [("a", "pk:WithdrawalTerm"), ("rdfs:label", text(f"{FORCE_WORDS[force].capitalize()} ({party.short}, {when(d)})")),
             ("pk:forces", force), ("pk:obligation", obligation)]
    r = rnd.random()
    if r < 0.3:
        pairs.append(("pk:deadline", day(min(d + datetime.timedelta(days=rnd.randint(30, 500)), datetime.date(1975, 12, 31)))))
    elif r < 0.6:
        pairs += [("pk:deadlineDuration", duration(rnd.choice((3, 6, 12, 18, 24)))), ("pk:deadlineAnchor", "anchor:signing")]
    pairs.append(("pk:condition", sorted(rnd.sample(("cond:ceasefire", "cond:prisoner-release", "cond:unconditional",
                                                      "cond:no-new-foreign-forces", "cond:self-determination"), rnd.randint(0, 2)))))
    n.files["proposals"].block(iri, n.cite(iri, pairs, "section"))
    return iri
