"""How the parties of a synthetic negotiation answered and argued: responses to proposals,
positions over time, the reasons grouped behind them, figures, and claims about values a
source got wrong (the plain triple keeps the accepted value, as in ``data/claims.ttl``).
"""
from __future__ import annotations

import datetime

from .cast import US, Negotiation
from .happenings import Event, dated
from .names import ISSUE_PHRASES, REASONS, STANCE_PHRASES, slug, spread, when
from .turtle import day, text

ANSWERS = {"resp:accepted": "accepts", "resp:rejected": "turns down", "resp:countered": "answers with its own plan",
           "resp:delayed": "puts off its answer to", "resp:disclosed": "makes public"}


def responses(n: Negotiation, events: list[Event], proposals: list[tuple]) -> None:
    rnd, f = n.rnd, n.files["proposals"]
    meetings = [e for e in events if e.kind in ("pk:PlenarySession", "pk:PrivateMeeting") and e.precision == "day"]
    for k, (iri, label, party, d, _, kind) in enumerate(proposals):
        if kind == "pk:Agreement" or rnd.random() < 0.35:
            continue
        other = rnd.choice([p for p in n.parties if p is not party])
        later = [e for e in meetings if e.date >= d]
        at = rnd.choice(later) if later else None
        answer = rnd.choice(sorted(ANSWERS))
        counter = next((p[0] for p in proposals[k + 1:] if p[2] is other and kind != "pk:Agreement"), None)
        if answer == "resp:countered" and counter is None:
            answer = "resp:rejected"
        when_answered = at.date if at else d
        rid = f"response:{when_answered.isoformat()}-{slug(other.short)}-answers-{iri[9:]}"
        pairs = [("a", "pk:Response"), ("rdfs:label", text(f"{other.short} {ANSWERS[answer]} the {label}")),
                 ("pk:date", day(when_answered)), ("pk:respondent", other.iri), ("pk:voicedBy", other.people[0][0]),
                 ("pk:answers", iri), ("pk:responseType", answer),
                 ("pk:counterProposal", counter if answer == "resp:countered" else None),
                 ("pk:givenAt", at.iri if at else None)]
        f.block(rid, n.cite(rid, pairs))


def positions(n: Negotiation, events: list[Event]) -> list[tuple[str, str, object]]:
    """Write 3-6 positions; return (iri, label, party) of each."""
    rnd, f = n.rnd, n.files["positions"]
    out = []
    for d in spread(rnd, n.start, n.end, rnd.randint(3, 6)):
        party = rnd.choice(n.parties)
        stance = rnd.choice(sorted(STANCE_PHRASES))
        if party.iri == US and rnd.random() < 0.4:
            stance = "drops"
        issues = rnd.sample(sorted(ISSUE_PHRASES), rnd.choice((1, 1, 2)))
        label = f"{party.short}: {STANCE_PHRASES[stance]} {ISSUE_PHRASES[issues[0]]} ({when(d)})"
        iri = f"position:{d.isoformat()}-{slug(party.short)}-{stance}-{slug(issues[0])}-{n.key}"
        if any(iri == o[0] for o in out):
            continue
        r = rnd.random()
        if r < 0.5:
            dating = dated(Event(iri, "", d, label, [], rnd.choice(("day", "day", "month"))))
            given = next((e.iri for e in events if e.date == d and e.precision == "day"), None)
        elif r < 0.8:
            dating = [("pk:startDate", day(d)), ("pk:endDate", day(n.end)) if rnd.random() < 0.6 else ("pk:endDate", None)]
            given = None
        else:
            dating = [("pk:earliestDate", day(d)), ("pk:latestDate", day(n.end))]
            given = None
        pairs = [("a", "pk:Position"), ("rdfs:label", text(label)), ("pk:heldBy", party.iri),
                 ("pk:voicedBy", rnd.choice(party.people)[0]), ("pk:onIssue", [f"issue:{i}" for i in issues]),
                 ("pk:stance", f"stance:{stance}")] + dating + [
                 ("pk:givenAt", given),
                 ("pk:summary", text(f"Where {party.short} stood on {ISSUE_PHRASES[issues[0]]} in the {n.host} talks."))]
        f.block(iri, n.cite(iri, pairs))
        out.append((iri, label, party))
    return out


def reasons(n: Negotiation, held: list[tuple[str, str, object]]) -> None:
    rnd, f = n.rnd, n.files["positions"]
    for order, (position, label, party) in enumerate(rnd.sample(held, min(len(held), rnd.choice((1, 2)))), start=1):
        group = f"reason:group-{position[9:]}"
        what = label.split(": ", 1)[1].rsplit(" (", 1)[0]
        pairs = [("a", "pk:ReasonGroup"), ("pk:ordinal", str(order)), ("rdfs:label", text(f"Why {party.short} {what}")),
                 ("pk:question", text(f"Why did {party.short} take this line in the {n.host} talks?")),
                 ("pk:givenBy", rnd.choice((n.historian, party.people[0][0]))), ("pk:explains", position)]
        f.block(group, n.cite(group, pairs))
        n.explained.append(position)
        for k, why in enumerate(rnd.sample(REASONS, rnd.randint(2, 5)), start=1):
            iri = f"reason:{position[9:]}-{k}"
            pairs = [("a", "pk:Reason"), ("rdfs:label", text(f"{party.short}: {why}")), ("pk:inGroup", group), ("pk:ordinal", str(k))]
            f.block(iri, n.cite(iri, pairs))


def figures(n: Negotiation, events: list[Event]) -> None:
    rnd, f = n.rnd, n.files["figures"]
    sessions = sum(1 for e in events if e.kind == "pk:PlenarySession")
    iri = f"figure:{n.key}-public-sessions"
    pairs = [("a", "pk:Figure"), ("rdfs:label", text(f"{sessions} plenary sessions of the {n.host} talks")),
             ("pk:value", str(sessions)), ("pk:measure", "measure:public-meetings"), ("pk:qualifier", "qual:exact"),
             ("pk:startDate", day(n.start)), ("pk:endDate", day(n.end)), ("pk:refersTo", events[0].iri)]
    f.block(iri, n.cite(iri, pairs))
    for e in [e for e in events if e.kind == "pk:Announcement" and e.precision == "day"][:rnd.randint(0, 2)]:
        value = rnd.randint(2, 60) * 500
        iri = f"figure:{e.iri[6:]}-troops-withdrawn"
        pairs = [("a", "pk:Figure"), ("rdfs:label", text(f"{value:,} troops to be withdrawn ({when(e.date)})")),
                 ("pk:value", str(value)), ("pk:measure", "measure:us-troops-withdrawn"),
                 ("pk:qualifier", rnd.choice(("qual:exact", "qual:about", "qual:more-than"))),
                 ("pk:date", day(e.date)), ("pk:refersTo", e.iri)]
        f.block(iri, n.cite(iri, pairs))


def claims(n: Negotiation, events: list[Event]) -> None:
    """An erroneous date (stated a year off) and a garbled spelling, now and then."""
    rnd, f = n.rnd, n.files["claims"]
    days = [e for e in events if e.precision == "day" and e.kind not in ("pk:Conference", "pk:ConferencePhase",
                                                                        "pk:MilitaryOperation")]
    if days and rnd.random() < 0.7:
        e = rnd.choice(days)
        shift = 1 if e.date.year < 1975 else -1
        wrong = e.date.replace(year=e.date.year + shift, day=min(e.date.day, 28))
        iri = f"claim:{e.iri[6:]}-date"
        pairs = [("a", "pk:Claim"), ("rdfs:label", text(f"Date of the {e.label[0].lower()}{e.label[1:]}")),
                 ("pk:claimAbout", e.iri), ("pk:claimProperty", "pk:date"), ("rdf:object", day(wrong)),
                 ("pk:statedValue", text(wrong.isoformat(), None)), ("pk:acceptedValue", day(e.date)),
                 ("pk:claimStatus", "status:erroneous"),
                 ("pk:statusReason", text(f"The source puts this a year {'later' if shift > 0 else 'earlier'} than the other records.")),
                 ("pk:evidence", text(f"The minutes of the {n.host} talks and the press of {when(e.date)} agree on the accepted date."))]
        f.block(iri, n.cite(iri, pairs, "section"))
    people = [(i, name) for p in n.parties for i, name in p.people]
    if rnd.random() < 0.4:
        person, name = rnd.choice(people)
        garbled = name[:-1]
        iri = f"claim:{person[7:]}-spelling"
        pairs = [("a", "pk:Claim"), ("rdfs:label", text(f"Spelling of {name}")), ("pk:claimAbout", person),
                 ("pk:claimProperty", "skos:altLabel"), ("rdf:object", text(garbled)),
                 ("pk:statedValue", text(garbled, None)),
                 ("pk:acceptedValue", text(name)), ("pk:claimStatus", "status:garbled"),
                 ("pk:statusReason", text("The last letter of the name is missing in the source."))]
        f.block(iri, n.cite(iri, pairs, "section"))
