"""The stances chart's data: per side and question, which stance was held from when to when.

Why these rules (the tests hold them): a row's stance comes from two kinds of graph facts,

* the **withdrawal terms** of a side's proposals: the obligation each term puts on a body
  of forces (US forces for the first question, North Vietnamese or all Vietnamese forces in
  the South for the second; a US-forces term with a deadline also speaks to the third);
* the side's **dated positions** (``pk:date`` or ``pk:startDate``) whose stance on an issue
  translates into an obligation (``STANCE_TO_OBLIGATION`` below: "demands" is required,
  "refuses" is refused...). Positions known only within a range of dates are left out, and so
  are "softens" positions, which keep raising a demand without making it firm.

A term whose obligation is "not stated" never changes the stance held: silence in a proposal
is not a change of mind. A stance lasts from its first day until the next one on the row
(or its own end date); where nothing is known the row shows "not stated".

Each stretch cites what each of its bases rests on, statement by statement: a withdrawal term
its proposal's date and proposer and the term's forces, obligation and (on the deadline row)
deadline; a position its dates, holder, stance and issues. A proposal marker cites the same as
the term it shows (or the proposal's issues), an answer marker what the answers chart cites.
"""
from __future__ import annotations

from datetime import timedelta

from ..paths import Layout
from .charts import (PROPOSAL_FACTS, Chart, Citer, as_given, day_text, first_day, last_day, proposals_and_answers,
                     select)

#: the rows' questions, in the order drawn: key, wording
QUESTIONS = [("us-forces", "US forces leave the South"),
             ("nv-forces", "North Vietnamese forces leave the South"),
             ("deadline", "A deadline for the American withdrawal")]
FORCE_TO_QUESTION = """VALUES (?f ?q) { (force:us "us-forces") (force:us-and-allied "us-forces")
    (force:north-vietnamese "nv-forces") (force:vietnamese-in-south "nv-forces") }"""
ISSUE_TO_QUESTION = """VALUES (?i ?question) { (issue:us-withdrawal "us-forces") (issue:north-vietnamese-withdrawal "nv-forces")
    (issue:mutual-withdrawal "nv-forces") (issue:withdrawal-deadline "deadline") }"""
#: how a position's stance on an issue reads as an obligation on one of the chart's questions
STANCE_TO_OBLIGATION = """VALUES (?s ?i ?question ?o) {
    (stance:demands issue:us-withdrawal "us-forces" obl:required) (stance:offers issue:us-withdrawal "us-forces" obl:offered)
    (stance:demands issue:north-vietnamese-withdrawal "nv-forces" obl:required)
    (stance:demands issue:mutual-withdrawal "nv-forces" obl:required)
    (stance:drops issue:north-vietnamese-withdrawal "nv-forces" obl:not-required)
    (stance:drops issue:mutual-withdrawal "nv-forces" obl:not-required)
    (stance:refuses issue:north-vietnamese-withdrawal "nv-forces" obl:rejected)
    (stance:defers issue:north-vietnamese-withdrawal "nv-forces" obl:left-to-parties)
    (stance:demands issue:withdrawal-deadline "deadline" obl:required)
    (stance:avoids issue:withdrawal-deadline "deadline" obl:rejected) }"""

#: the facts behind a stance taken by a withdrawal term (``dt``: the term, on the deadline row only),
#: by a proposal that only names an issue, and by a dated position (``# cites:`` lines)
TERM_FACTS = PROPOSAL_FACTS + ("obligation item pk:withdrawalTerm=t", "obligation t pk:forces pk:obligation",
                               "deadline dt pk:deadline pk:deadlineDuration pk:deadlineAnchor")
ISSUE_FACTS = PROPOSAL_FACTS + ("issues item pk:onIssue",)
POSITION_FACTS = ("when item pk:date pk:startDate pk:endDate pk:earliestDate pk:latestDate", "holder item pk:heldBy",
                  "stance item pk:stance", "issues item pk:onIssue")

TERMS = """SELECT DISTINCT ?item ?t ?dt ?side ?question ?obl ?oblLabel WHERE {
  ?item a pk:Proposal ; pk:withdrawalTerm ?t ; pk:proposedBy/pk:side/skos:notation ?side .
  ?t pk:forces ?f ; pk:obligation ?o . ?o skos:prefLabel ?oblLabel .
  """ + FORCE_TO_QUESTION + """
  OPTIONAL { ?t pk:deadline ?dl } OPTIONAL { ?t pk:deadlineDuration ?dur }
  VALUES ?kind { "forces" "deadline" }
  FILTER(?kind = "forces" || (?q = "us-forces" && (BOUND(?dl) || BOUND(?dur))))
  BIND(IF(?kind = "forces", ?q, "deadline") AS ?question) BIND(IF(?kind = "deadline", ?t, ?none) AS ?dt)
  BIND(STRAFTER(STR(?o), "/vocab/obligation/") AS ?obl)  # ?none is never bound: no ?dt on a forces row
} ORDER BY ?item ?side ?question ?obl ?t"""

ISSUES = """SELECT DISTINCT ?item ?question WHERE {
  ?item a pk:Proposal ; pk:onIssue ?i . FILTER NOT EXISTS { ?item pk:withdrawalTerm ?any }
  """ + ISSUE_TO_QUESTION + """ } ORDER BY ?item ?question"""

POSITIONS = """SELECT DISTINCT ?item ?label ?start ?end ?side ?question ?obl ?oblLabel ?stanceLabel WHERE {
  ?item a pk:Position ; rdfs:label ?label ; pk:stance ?s ; pk:onIssue ?i ; pk:heldBy/pk:side/skos:notation ?side .
  ?s skos:prefLabel ?stanceLabel .
  """ + STANCE_TO_OBLIGATION + """
  ?o skos:prefLabel ?oblLabel . BIND(STRAFTER(STR(?o), "/vocab/obligation/") AS ?obl)
  OPTIONAL { ?item pk:date ?d } OPTIONAL { ?item pk:startDate ?sd } OPTIONAL { ?item pk:endDate ?e }
  BIND(STR(COALESCE(?d, ?sd)) AS ?start) BIND(COALESCE(STR(?e), "") AS ?end) FILTER(BOUND(?d) || BOUND(?sd))
} ORDER BY ?start ?item ?side ?question"""

NOT_STATED = "not-stated"
SIDE_LABELS = """SELECT ?side ?label WHERE { ?s skos:inScheme <https://w3id.org/paris-kg/vocab/side> ;
  skos:notation ?side ; skos:prefLabel ?label }"""
OBLIGATION_LABELS = """SELECT ?obl ?label WHERE { ?o skos:inScheme <https://w3id.org/paris-kg/vocab/obligation> ;
  skos:prefLabel ?label . BIND(STRAFTER(STR(?o), "/vocab/obligation/") AS ?obl) }"""


def stance_data(layout: Layout, cite: Citer | None = None) -> dict:
    """Rows, stance segments and markers of the stances chart (see the module docstring)."""
    cite = cite or Citer(layout)
    props, answers = proposals_and_answers(layout, cite)
    labels = {r["obl"]: r["label"] for r in select(layout, "obligations", OBLIGATION_LABELS)}
    terms = select(layout, "chart-terms", TERMS)
    issues = select(layout, "chart-issues", ISSUES)
    positions = select(layout, "chart-positions", POSITIONS)
    by_item = {p["item"]: p for p in props}
    for t in terms:
        t["cited"] = cite(TERM_FACTS, item=t["item"], t=t["t"], dt=t["dt"])
    for q in positions:
        q["cited"] = cite(POSITION_FACTS, item=q["item"])

    # stance changes: (row, first day, last day or None, obligation, basis, date as given, cited, priority)
    changes = []
    for t in terms:
        if t["obl"] != NOT_STATED:
            p = by_item[t["item"]]
            changes.append(((t["side"], t["question"]), p["day"], None, t["obl"], p["label"], p["date"], t["cited"], 1))
    for q in positions:
        end = last_day(q["end"]) + timedelta(days=1) if q["end"] else None  # held through its last day
        changes.append(((q["side"], q["question"]), first_day(q["start"]), end, q["obl"],
                        f'{q["label"]} (position: {q["stanceLabel"]})', q["start"] + (f' to {q["end"]}' if q["end"] else ""),
                        q["cited"], 0))
    exact = [first_day(p["date"]) for p in props if len(p["date"]) == 10] + [c[1] for c in changes if len(c[5]) >= 10]
    axis_start = min(exact)

    # markers: each proposal on its proposer's rows, each answer on the answering side's rows for that proposal
    rows_of: dict[str, set[str]] = {}
    detail: dict[tuple[str, str, str], tuple[str, tuple]] = {}
    for t in terms:
        rows_of.setdefault(t["item"], set()).add(t["question"])
        detail[(t["item"], t["side"], t["question"])] = (t["oblLabel"], t["cited"])
    for i in issues:
        rows_of.setdefault(i["item"], set()).add(i["question"])
    on_issue = {i["item"]: cite(ISSUE_FACTS, item=i["item"]) for i in issues}
    markers = []
    for p in props:
        for side in p["sides"].split(" + "):
            for q in sorted(rows_of.get(p["item"], ())):
                said, cited = detail.get((p["item"], side, q), ("terms not recorded", on_issue.get(p["item"], p["cited"])))
                markers.append({"row": (side, q), "kind": "proposal", "label": p["label"], "date": p["date"],
                                "day": max(p["day"], axis_start), "detail": said, "sources": cited})
    for a in answers:
        for side in a["sides"].split(" + "):
            for q in sorted(rows_of.get(a["proposal"], ())):
                markers.append({"row": (side, q), "kind": "answer", "label": a["label"], "date": a["date"],
                                "day": max(a["day"], axis_start), "detail": a["typeLabel"], "sources": a["cited"]})

    sides = sorted({c[0][0] for c in changes})
    markers = [m for m in markers if m["row"][0] in sides]
    rows = [(s, q) for q, _ in QUESTIONS for s in sides]
    axis_end = max([m["day"] for m in markers] + [c[1] for c in changes])
    segments = []
    for row in rows:
        segments += _segments(row, [c for c in changes if c[0] == row], axis_start, labels)
    side_labels = {r["side"]: r["label"] for r in select(layout, "sides", SIDE_LABELS)}
    return {"rows": rows, "questions": dict(QUESTIONS), "labels": labels, "sides": side_labels, "segments": segments, "markers": markers,
            "start": axis_start, "end": axis_end}


def _segments(row, changes, axis_start, labels) -> list[dict]:
    """The row cut into stretches: each stance from its day until a different one (or its own end)."""
    out: list[dict] = []
    changes = sorted(((c[0], max(c[1], axis_start)) + c[2:] for c in changes), key=lambda c: (c[1], c[7]))
    kept = [c for n, c in enumerate(changes) if n + 1 == len(changes) or changes[n + 1][1] > c[1]]

    def add(start, end, obl, basis="", when="", cited=()):
        if out and out[-1]["obligation"] == obl == NOT_STATED:
            out[-1]["end"] = end
            return
        out.append({"row": row, "start": start, "end": end, "obligation": obl, "label": labels[obl],
                    "since": as_given(when or start.isoformat()), "bases": [basis] if basis else [],
                    "sources": [(basis, cited)] if basis else []})

    cursor = axis_start  # from here on the row is unknown unless a stance is still open
    for n, (_, day, end, obl, basis, when, cited, _) in enumerate(kept):
        nxt = kept[n + 1][1] if n + 1 < len(kept) else None
        stop = end if end is not None and (nxt is None or end < nxt) else None
        still_open = bool(out) and out[-1]["end"] is None
        if still_open and out[-1]["obligation"] == obl:  # the same stance restated: one stretch
            out[-1]["bases"].append(basis)
            out[-1]["sources"].append((basis, cited))
            stop = None  # restating an open stance never bounds it
        else:
            if still_open:
                out[-1]["end"] = day
            elif day > cursor:
                add(cursor, day, NOT_STATED)
            add(day, stop, obl, basis, when.split(" to ")[0], cited)
        cursor = stop or day
    if not out:
        add(axis_start, None, NOT_STATED)
    elif out[-1]["end"] is not None:
        add(out[-1]["end"], None, NOT_STATED)
    for seg in out:
        seg["basis"] = "; ".join(seg.pop("bases"))
        seg["sources"] = list(dict.fromkeys(seg["sources"]))  # (basis, cited) per basis, each once
    return out


#: stretches of a row the chart's finding lists one by one (the article's rows have at most 4);
#: past that it sums the row up, so that on a large graph the finding stays a paragraph
MAX_STRETCHES_SAID = 8


def row_sentence(side: str, question: str, runs: list[dict], end) -> str:
    """The finding's sentence about one row: each stretch in turn, or, past
    :data:`MAX_STRETCHES_SAID`, how many there are, over which years, and the stance held on the
    most days (a stretch still open lasts until ``end``)."""
    if len(runs) <= MAX_STRETCHES_SAID:
        return f"{side} on '{question}': " + "; then ".join(f"{s['label']} from {s['since']}" for s in runs) + "."
    days: dict[str, int] = {}
    for s in runs:
        days[s["label"]] = days.get(s["label"], 0) + ((s["end"] or end) - s["start"]).days
    label, most = min(days.items(), key=lambda kv: (-kv[1], kv[0]))
    return (f"{side} on '{question}': {len(runs):,} stances from {runs[0]['since']} to {runs[-1]['since']}, "
            f"{label} on the most days ({round(100 * most / max(sum(days.values()), 1))} %).")


def stances_chart(layout: Layout, cite: Citer | None = None) -> Chart:
    data = stance_data(layout, cite)
    questions, table, sentences = data["questions"], [], []
    for row in data["rows"]:
        runs = [s for s in data["segments"] if s["row"] == row]
        sentences.append(row_sentence(row[0], questions[row[1]], runs, data["end"]))
        for s in runs:
            table.append([row[0], questions[row[1]], s["label"], day_text(s["start"]),
                          day_text(s["end"]) if s["end"] else "end of record", s["basis"] or "nothing in the graph",
                          [(basis if len(s["sources"]) > 1 else "", cited) for basis, cited in s["sources"]]])
    for m in sorted(data["markers"], key=lambda m: (m["day"], m["row"])):
        table.append([m["row"][0], questions[m["row"][1]], f"{m['kind']}: {m['detail']}", as_given(m["date"]), "", m["label"],
                      [("", m["sources"])]])
    nv_required = sorted({s["row"][0] for s in data["segments"] if s["row"][1] == "nv-forces" and s["obligation"] == "required"})
    us_nv = [s for s in data["segments"] if s["row"] == ("US", "nv-forces") and s["obligation"] != NOT_STATED]
    flips = sum(1 for a, b in zip(us_nv, us_nv[1:]) if a["obligation"] != b["obligation"])
    names = [data["sides"].get(s, s) for s in nv_required]
    finding = (f"Only {' and '.join(names) or 'no side'} ({', '.join(nv_required)}) ever required North Vietnamese forces to leave the South; "
               f"the American stance on that question changed {flips} times before the record ends. Row by row: " + " ".join(sentences))
    return Chart("stances", "Stances on withdrawal over time, by side and question", "2", finding,
                 ["side", "question", "stance or marker", "from / date", "until", "basis", "sources"], table, data)
