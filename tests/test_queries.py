"""Every named query, run on the built graph, against rows read off the article."""
from __future__ import annotations

from paris_kg.query.catalogue import named_queries, params_of, resolve
from paris_kg.query.formatting import plain
from paris_kg.paths import Layout
from paris_kg.query.engine import run_local

TESTED: set[str] = set()


def q(layout: Layout, name: str, *columns: str, **params: str) -> list[tuple[str, ...]]:
    """Rows of a named query as tuples of display strings ('' when unbound)."""
    TESTED.add(name)
    result = run_local(layout, resolve(layout, name), params)
    idx = [result.columns.index(c) for c in columns] if columns else range(len(result.columns))
    return [tuple(plain(row[i], short=True) for i in idx) for row in result.rows]


ARTICLE = "Article, section on how the meetings developed"
VIETNAM = "Article, section on the Vietnamese position on withdrawal"
US_VIEW = "Article, section on the American view of withdrawal"


def test_catalogue_headers_are_complete(built):
    queries = named_queries(built)
    assert len(queries) >= 25
    for qf in queries:
        assert qf.first("title") and qf.first("question"), qf.name
        assert qf.first("research-question") in {"1", "2", "3"}, qf.name
        params_of(qf)  # parses


# ---------------------------------------------------------------- research question 1

def test_chronology_filtered_by_year_and_kind(built):
    assert q(built, "chronology", "date", "event", year="1972", kind="MilitaryOperation") == [
        ("1972", "1972-offensive-in-the-south"),
        ("1972-05-08", "1972-05-08-mining-and-bombing-of-the-north"),
        ("1972-10", "1972-10-operation-enhance-plus"),
        ("1972-11-02", "1972-11-02-b52-strikes-north-of-dmz"),
        ("1972-12", "1972-12-twelve-day-air-defence-campaign"),
        ("1972-12-18", "1972-12-18-operation-linebacker-ii"),
    ]
    rows = q(built, "chronology", "date", "type", "label", "sources", year="1969", kind="PrivateMeeting")
    assert rows == [("1969-08-04", "PrivateMeeting", "First secret meeting of Kissinger and Xuân Thủy", ARTICLE)]


def test_chronology_is_complete_and_in_order(built):
    rows = q(built, "chronology", "date", "event")
    assert len(rows) == 56
    assert rows[:2] == [("1954", "1954-geneva-accords"), ("1955", "vietnam-war")]
    assert rows[-1] == ("1973-01-27", "1973-01-27-signing-of-paris-agreement")
    assert [d for d, _ in rows] == sorted(d for d, _ in rows)


def test_conference_phases(built):
    assert q(built, "conference-phases", "start", "end", "phase", "duration") == [
        ("1968-05-13", "1968-10", "Phase 1: two-party talks (DRV and US)", "P6M"),
        ("1969-01", "1973-01", "Phase 2: four-party talks", "P4Y"),
    ]
    parties = q(built, "conference-phases", "parties")[1][0]
    assert parties == ("Democratic Republic of Vietnam, National Front for the Liberation of South Vietnam, "
                       "Provisional Revolutionary Government of the Republic of South Vietnam, Republic of Vietnam, "
                       "United States")


def test_plenary_sessions_with_numbers(built):
    assert q(built, "plenary-sessions", "date", "number", "tabled") == [
        ("1969-01-18", "", ""),
        ("1969-01-25", "1", ""),
        ("1969-05-08", "", "NLF ten-point solution (May 1969)"),
        ("1970-09-17", "84", "PRG eight-point proposal (September 1970)"),
        ("1970-12-10", "94", "PRG three-point ceasefire proposal (December 1970)"),
        ("1972-02-02", "", "PRG clarification of two key points of its seven-point position (February 1972)"),
    ]


def test_private_meetings_and_attendees(built):
    assert q(built, "private-meetings", "date", "attendees") == [
        ("1968-09-12", "Le Duc Tho, W. Averell Harriman"),
        ("1968-09-15", "Delegation of the Democratic Republic of Vietnam, W. Averell Harriman"),
        ("1969-08-04", "Henry Kissinger, Xuan Thuy"),
        ("1970-02-21", "Henry Kissinger, Le Duc Tho, Xuan Thuy"),
        ("1971-05-31", "Henry Kissinger, Xuan Thuy"),
        ("1971-08-16", "Democratic Republic of Vietnam, United States"),
        ("1971-10-20", "Democratic Republic of Vietnam, United States"),
        ("1972-05", "Henry Kissinger, Le Duc Tho, Xuan Thuy"),
    ]
    feb70 = q(built, "private-meetings", "date", "sources")[3]
    assert feb70 == ("1970-02-21", f"{ARTICLE}; {VIETNAM}; Lưu Văn Lợi and Nguyễn Anh Vũ 1996, p. 106")


def test_meetings_of_one_actor(built):
    assert q(built, "actor-meetings", actor="person:le-duc-tho") == [
        ("1968-09-12", "Second private meeting, Lê Đức Thọ and Harriman", "PrivateMeeting"),
        ("1970-02-21", "First private meeting of Lê Đức Thọ and Kissinger", "PrivateMeeting"),
        ("1972-05", "Private meeting of Lê Đức Thọ, Xuân Thủy and Kissinger, early May 1972", "PrivateMeeting"),
    ]
    assert [r[0] for r in q(built, "actor-meetings", actor="organisation:prg-delegation")] == [
        "1970-09-17", "1970-12-10", "1972-02-02"]


def test_meetings_per_year(built):
    assert q(built, "meetings-per-year") == [
        ("1968", "Meeting", "1"), ("1968", "PrivateMeeting", "2"),
        ("1969", "PlenarySession", "2"), ("1969", "PreparatorySession", "1"), ("1969", "PrivateMeeting", "1"),
        ("1970", "PlenarySession", "2"), ("1970", "PrivateMeeting", "1"),
        ("1971", "PrivateMeeting", "3"),
        ("1972", "PlenarySession", "1"), ("1972", "PrivateMeeting", "1"),
    ]


def test_delegations_and_leaders(built):
    assert q(built, "delegations", "delegation", "leader", "role", "from") == [
        ("Delegation of the Democratic Republic of Vietnam", "Xuan Thuy", "head of delegation", "1968-05-13"),
        ("Delegation of the National Liberation Front", "Tran Buu Kiem", "delegation representative", "seen 1969-05-08"),
        ("Delegation of the Provisional Revolutionary Government", "Nguyen Thi Binh", "head of delegation", "1969-06-10"),
        ("Delegation of the Saigon government", "", "", ""),
        ("Delegation of the United States", "W. Averell Harriman", "head of delegation", "1968-05-13"),
    ]


def test_military_pressure(built):
    rows = q(built, "military-pressure", "date", "operation", "orderedBy")
    assert [r for r in rows if r[2]] == [
        ("1972-05-08", "Mining of Hai Phong and expanded bombing of North Vietnam", "Richard Nixon"),
        ("1972-11-02", "B-52 strikes north of the demilitarized zone", "Richard Nixon"),
        ("1972-12-18", "Operation Linebacker II", "Richard Nixon"),
    ]
    assert [r[0] for r in rows] == ["1965", "1965-05-26", "1965-08-18", "1965-11", "1966", "1968", "1972",
                                    "1972-05-08", "1972-10", "1972-11-02", "1972-12", "1972-12-18"]


def test_figures(built):
    assert q(built, "figures", "value", "qualifier", "when") == [
        ("500000", "more than", "1968"),
        ("1000", "about", "1968-05-13 to 1973-01-27"),
        ("500", "about", "1968-05-13 to 1973-01-27"),
        ("201", "as stated", "1968-05-13 to 1973-01-27"),
        ("45", "as stated", "1968-05-13 to 1973-01-27"),
        ("25000", "as stated", "1969-06-08"),
        ("69000", "as stated", "1972-07-01"),
        ("12", "as stated", "1972-12-18"),
    ]


def test_roles_of_one_person(built):
    assert q(built, "roles", "role", "from", "seen", person="person:le-duc-tho") == [
        ("Politburo member", "", "1968-06-12"),
        ("head of party organisation work", "", "1968-06-12"),
        ("special adviser", "1968-06-12", "1970-02-21"),
    ]
    all_roles = q(built, "roles", "holder", "role", "from", "to")
    assert ("Robert McNamara", "secretary of defense", "1961", "1968") in all_roles
    assert len(all_roles) == 19


def test_people_and_spellings(built):
    rows = {r[0]: r[1:] for r in q(built, "people")}
    assert rows["Le Duc Tho"] == ("DRV", "Lê Đức Thọ", "Le Duc Tho | Le DucTho")
    assert rows["Nguyen Thi Binh"] == ("PRG-NLF", "Nguyễn Thị Bình", "Nguyen Thi Binh | Nguyen ThiBinh")
    assert rows["Henry Kissinger"] == ("US", "", "Henry Alfre Kissinger | Kissinger")
    assert len(rows) == 24


def test_events_near_a_proposal(built):
    assert q(built, "events-near-proposal", proposal="proposal:1969-05-14-us-eight-point-plan", days="30") == [
        ("-6", "1969-05-08", "Four-party session at which the NLF tabled its ten points"),
        ("25", "1969-06-08", "Nixon announces the first withdrawal of 25,000 US troops"),
        ("27", "1969-06-10", "PRG turns the NLF delegation into its own delegation"),
    ]
    assert q(built, "events-near-proposal", proposal="proposal:1972-10-08-drv-draft-agreement", days="15") == [
        ("14", "1972-10-22", "DRV and US complete the text of the agreement"),
        ("15", "1972-10-23", "US raises obstacles and delays the signing"),
    ]

    # a window wider than the graph's years: every day-dated event, first and last of the article
    wide = q(built, "events-near-proposal", proposal="proposal:1969-05-14-us-eight-point-plan", days="99999")
    assert len(wide) == 35
    assert wide[0] == ("-1449", "1965-05-26", "Battle of Núi Thành")
    assert wide[-1] == ("1354", "1973-01-27", "Signing of the Paris Agreement")
    assert q(built, "events-near-proposal", proposal="proposal:1969-05-14-us-eight-point-plan", days="-1") == []


def test_events_near_a_proposal_lists_exactly_the_years_the_build_accepts():
    """The query lists the window's days between two fixed day numbers instead of scanning every
    date: they must be the first and last day of the years the check date-out-of-range accepts."""
    import re
    from datetime import date
    from pathlib import Path

    queries = Path(__file__).resolve().parent.parent / "queries"
    check = (queries / "checks" / "date-out-of-range.rq").read_text(encoding="utf-8")
    first_year, last_year = map(int, re.search(r"FILTER\(\?year < (\d{4}) \|\| \?year > (\d{4})\)", check).groups())
    text = (queries / "events-near-proposal.rq").read_text(encoding="utf-8")
    low, high = re.search(r"IF\(\?n0 - \?days > (\d+), \?n0 - \?days, \1\)", text).group(1), \
        re.search(r"IF\(\?n0 \+ \?days < (\d+), \?n0 \+ \?days, \1\)", text).group(1)
    # the query's day numbers are the proleptic Gregorian ordinal + 306 (days counted from March of year 0)
    assert int(low) - 306 == date(first_year, 1, 1).toordinal()
    assert int(high) - 306 == date(last_year, 12, 31).toordinal()


# ---------------------------------------------------------------- research question 2

def test_proposals_in_order(built):
    rows = q(built, "proposals-in-order", "date", "proposal", "points")
    assert rows == [
        ("1968", "1968-us-vance-mutual-withdrawal", ""),
        ("1968-05-13", "1968-05-13-drv-demand-us-withdrawal", ""),
        ("1968-05-13", "1968-05-13-us-demand-north-vietnamese-withdrawal", ""),
        ("1968-09-15", "1968-09-15-us-north-withdraws-first", ""),
        ("1969-05-08", "1969-05-08-nlf-ten-point-plan", "10"),
        ("1969-05-14", "1969-05-14-us-eight-point-plan", "8"),
        ("1969-07-17", "1969-07-17-drv-demand-total-withdrawal", ""),
        ("1969-08-25", "1969-08-25-drv-terms-in-reply-to-nixon", ""),
        ("1970-09-17", "1970-09-17-prg-eight-point-plan", "8"),
        ("1970-10-07", "1970-10-07-us-five-point-plan", "5"),
        ("1970-12-10", "1970-12-10-prg-three-point-plan", "3"),
        ("1971-05-31", "1971-05-31-us-seven-point-plan", "7"),
        ("1971-06-26", "1971-06-26-drv-nine-point-plan", "9"),
        ("1971-07-01", "1971-07-01-prg-seven-point-plan", "7"),
        ("1971-08-16", "1971-08-16-us-eight-point-plan", "8"),
        ("1972-02-02", "1972-02-02-prg-two-point-clarification", "2"),
        ("1972-10", "1972-10-us-symbolic-withdrawal", ""),
        ("1972-10-08", "1972-10-08-drv-draft-agreement", ""),
        ("1972-10-22", "1972-10-22-completed-agreement-text", ""),
        ("1972-11-20", "1972-11-20-us-amendment-demands", ""),
        ("1973-01-27", "1973-01-27-paris-agreement", ""),
    ]
    by_slug = {r[1]: r for r in q(built, "proposals-in-order", "date", "proposal", "proposer", "venue", "sources")}
    assert by_slug["1970-09-17-prg-eight-point-plan"][2:] == (
        "Provisional Revolutionary Government of the Republic of South Vietnam", "84th plenary session",
        f"{ARTICLE}; {VIETNAM}")
    assert by_slug["1973-01-27-paris-agreement"][2] == "Democratic Republic of Vietnam + United States"


def test_withdrawal_terms_for_north_vietnamese_forces(built):
    assert q(built, "withdrawal-terms", "proposal", "obligation", "deadline", "conditions", force="north-vietnamese") == [
        ("1968-us-vance-mutual-withdrawal", "required", "", ""),
        ("1968-05-13-us-demand-north-vietnamese-withdrawal", "required", "", ""),
        ("1968-09-15-us-north-withdraws-first", "required", "", ""),
        ("1969-05-14-us-eight-point-plan", "required", "12 months after signing of the agreement", ""),
        ("1970-10-07-us-five-point-plan", "explicitly not required", "", ""),
        ("1971-05-31-us-seven-point-plan", "not stated in the source", "", ""),
        ("1972-10-us-symbolic-withdrawal", "required", "", "symbolic withdrawal only"),
        ("1972-10-08-drv-draft-agreement", "not stated in the source", "", ""),
        ("1972-11-20-us-amendment-demands", "required", "", ""),
        ("1973-01-27-paris-agreement", "explicitly not required", "", ""),
    ]
    assert len(q(built, "withdrawal-terms")) == 27


def test_north_vietnamese_withdrawal_required(built):
    assert q(built, "north-vietnamese-withdrawal-required", "date", "proposer", "deadline") == [
        ("1968", "United States", ""),
        ("1968-05-13", "United States", ""),
        ("1968-09-15", "United States", ""),
        ("1969-05-14", "United States", "12 months after signing of the agreement"),
        ("1972-10", "United States", "symbolic withdrawal only"),
        ("1972-11-20", "United States", ""),
    ]


def test_north_vietnamese_withdrawal_not_required(built):
    assert q(built, "north-vietnamese-withdrawal-not-required", "date", "proposer", "obligation") == [
        ("1969-05-08", "National Front for the Liberation of South Vietnam", "left to the parties"),
        ("1970-10-07", "United States", "explicitly not required"),
        ("1973-01-27", "Democratic Republic of Vietnam + United States", "explicitly not required"),
    ]


def test_us_withdrawal_demanded(built):
    assert q(built, "us-withdrawal-demanded", "date", "forces", "deadline", "conditions") == [
        ("1968-05-13", "US forces", "", "ceasefire"),
        ("1969-07-17", "US and allied forces", "", "complete withdrawal, without conditions"),
        ("1969-08-25", "US forces", "", "self-determination for the South"),
        ("1970-09-17", "US and allied forces", "1971-06-30",
         "provisional coalition government, release of prisoners, withdrawing troops not attacked"),
        ("1970-12-10", "US forces", "1971-06-30", "ceasefire"),
        ("1971-07-01", "US forces", "1971", ""),
        ("1972-10-08", "US forces", "", "complete withdrawal"),
        ("1973-01-27", "US and allied forces", "", "complete withdrawal, self-determination for the South"),
    ]


def test_withdrawal_deadlines(built):
    assert q(built, "withdrawal-deadlines", "date", "proposer", "forces", "deadline") == [
        ("1968", "United States", "US forces", "6 months after North Vietnamese withdrawal"),
        ("1969-05-14", "United States", "North Vietnamese forces in the South", "12 months after signing of the agreement"),
        ("1969-05-14", "United States", "US forces", "12 months after signing of the agreement"),
        ("1970-09-17", "Provisional Revolutionary Government of the Republic of South Vietnam", "US and allied forces", "1971-06-30"),
        ("1970-12-10", "Provisional Revolutionary Government of the Republic of South Vietnam", "US forces", "1971-06-30"),
        ("1971-07-01", "Provisional Revolutionary Government of the Republic of South Vietnam", "US forces", "1971"),
    ]


def test_responses(built):
    assert q(built, "responses", "date", "respondent", "response") == [
        ("1968-05-13", "United States", "countered"),
        ("1968-09-12", "Democratic Republic of Vietnam", "rejected"),
        ("1969-05-14", "United States", "countered"),
        ("1972-01-25", "United States", "disclosed"),
        ("1972-01-31", "Democratic Republic of Vietnam", "countered"),
        ("1972-10", "Democratic Republic of Vietnam", "rejected"),
        ("1972-10-22", "United States", "accepted"),
        ("1972-10-23", "United States", "delayed"),
        ("1972-11", "Democratic Republic of Vietnam", "rejected"),
        ("1973-01-27", "Democratic Republic of Vietnam + Provisional Revolutionary Government of the Republic of "
                       "South Vietnam + Republic of Vietnam + United States", "accepted"),
    ]


def test_proposal_lineage(built):
    assert q(built, "proposal-lineage", "date", "relation", "earlierDate") == [
        ("1968-05-13", "counters", "1968-05-13"),
        ("1969-05-14", "counters", "1969-05-08"),
        ("1971-08-16", "revises", "1971-05-31"),
        ("1972-02-02", "clarifies", "1971-07-01"),
        ("1972-10", "counters", "1972-10-08"),
        ("1972-10-22", "revises", "1972-10-08"),
        ("1972-11-20", "counters", "1972-10-22"),
        ("1973-01-27", "revises", "1972-10-22"),
    ]


def test_terms_of_one_proposal(built):
    assert q(built, "proposal-terms", "forces", "obligation", "deadline", "conditions",
             proposal="proposal:1969-05-14-us-eight-point-plan") == [
        ("North Vietnamese forces in the South", "required", "12 months after signing of the agreement", ""),
        ("US forces", "offered", "12 months after signing of the agreement", "Saigon government maintained"),
    ]
    assert q(built, "proposal-terms", "forces", "obligation", "deadline", "conditions",
             proposal="proposal:1970-09-17-prg-eight-point-plan") == [
        ("US and allied forces", "required", "1971-06-30",
         "provisional coalition government, release of prisoners, withdrawing troops not attacked")]


def test_positions_over_time(built):
    assert q(built, "positions-over-time", "when", "position", "stance", side="US") == [
        ("1968-05-13 on", "US: both armies leave together, North first", "demands"),
        ("between 1968-05-13 and 1973-01-27", "US Congress members: a deadline for unilateral withdrawal", "demands"),
        ("1968-11 on", "Nixon: Vietnamization, bring American combat troops home on US terms", "offers"),
        ("1968-11 on", "Nixon: negotiators must insist that North Vietnamese troops leave", "demands"),
        ("1969-05-14", "US: both armies out within twelve months of signing", "demands"),
        ("between 1969-08-04 and 1970-02-21", "US (Kissinger): our pace of withdrawal follows yours", "demands"),
        ("1970-02-21", "US (Kissinger): a softer tone on North Vietnamese troops", "softens"),
        ("between 1970-02-21 and 1973-01-27",
         "US (Kissinger): American withdrawal a legal principle, the North's a practical matter", "demands"),
        ("between 1970-02-21 and 1973-01-27", "US: withdrawal needs some reciprocity, and is linked to other issues", "demands"),
        ("1970-10-07", "US: five points without a North Vietnamese withdrawal", "no longer requires"),
        ("1971", "US (1971): full American withdrawal no longer tied to the North's", "no longer requires"),
        ("1971 to 1972", "US: no deadline for the last combat troops", "avoids committing"),
        ("1972-10", "US: a symbolic northern withdrawal would do (October 1972)", "softens"),
        ("1972-11", "US: North Vietnamese troops must leave after all (late 1972)", "demands"),
    ]
    assert q(built, "positions-over-time", "when", "holder", side="PRG-NLF") == [
        ("1969-05-08", "National Front for the Liberation of South Vietnam"),
        ("1971 to 1972", "Democratic Republic of Vietnam + Provisional Revolutionary Government of the Republic of South Vietnam"),
    ]
    assert len(q(built, "positions-over-time")) == 23


def test_first_time_the_us_dropped_mutual_withdrawal(built):
    assert q(built, "first-us-drop-of-mutual-withdrawal", "date", "kind") == [
        ("1970-10-07", "position"), ("1970-10-07", "proposal"), ("1971", "position"), ("1973-01-27", "proposal")]


# ---------------------------------------------------------------- research question 3

def test_reasons_in_the_articles_groups_and_order(built):
    rows = q(built, "reasons", "givenBy", "n")
    assert rows[:3] == [("Nguyen Manh Ha", "1"), ("Nguyen Manh Ha", "2"), ("Nguyen Manh Ha", "3")]
    five = [r for r in q(built, "reasons", "question", "n", "reason")
            if r[0] == "Why did the Vietnamese side expect the United States to raise troop withdrawal?"]
    assert [n for _, n, _ in five] == ["1", "2", "3", "4", "5"]
    assert five[1][2] == "The 1968 General Offensive and Uprising showed a military victory could not be had"
    assert len(rows) == 37
    questions = list(dict.fromkeys(r[0] for r in q(built, "reasons", "question")))
    assert questions == [  # the article's groups, in the article's order
        "What directly caused the Paris talks?",
        "Why did the United States send combat troops to South Vietnam?",
        "Why, according to the head of the US delegation, was sending American troops not aggression?",
        "Why should the North withdraw first and the United States later?",
        "Why did the Vietnamese side expect the United States to raise troop withdrawal?",
        "Why did the American side keep demanding that North Vietnamese troops leave the South?",
        "Why was Vietnam sure the US would have to withdraw even if North Vietnamese forces did not?",
        "Why did a Politburo member join the delegation in June 1968?",
        "What did the offer to match withdrawal speeds reveal?",
        "Why did Kissinger soften on North Vietnamese troops in February 1970?",
        "Why did the DRV reject Kissinger's distinction between the two withdrawals?",
        "Why would the United States not name a date for its last combat troops to leave?",
        "Why could the United States no longer hope to make North Vietnamese troops leave?",
        "On what ground did Nixon renew the demand for a North Vietnamese withdrawal after his re-election?",
    ]
    us = q(built, "reasons", "givenBy", "n", side="US")
    assert [g for g, _ in us] == ["Robert McNamara"] * 3 + ["W. Averell Harriman"] * 5 + ["Henry Kissinger"] * 3 + ["Richard Nixon"]


def test_reasons_for_one_position(built):
    assert q(built, "reasons-for-position", "n", "reason",
             position="position:1968-11-nixon-insists-on-north-vietnamese-withdrawal") == [
        ("1", "The US treated North and South as two countries (though it knew the split came from its own "
              "undermining of the Geneva Accords) and wanted to show Saigon its support"),
        ("2", "Putting aggressor and defender on the same footing was meant to erode international support for Vietnam"),
        ("3", "After four years and over half a million troops without success, an American departure would leave "
              "Saigon facing collapse, so Washington needed reciprocity to keep a balance of forces, time for the "
              "Saigon army, and the war out of the election"),
    ]


def test_opposing_views(built):
    assert q(built, "opposing-views", "issue", "side", "position", "stance") == [
        ("mutual withdrawal", "DRV", "DRV (Lê Đức Thọ): reciprocal withdrawal is mutual withdrawal under another name", "refuses"),
        ("mutual withdrawal", "DRV", "DRV: American troops leave, Vietnamese troops stay", "refuses"),
        ("mutual withdrawal", "US", "US (1971): full American withdrawal no longer tied to the North's", "no longer requires"),
        ("mutual withdrawal", "US", "US (Kissinger): American withdrawal a legal principle, the North's a practical matter", "demands"),
        ("mutual withdrawal", "US", "US (Kissinger): our pace of withdrawal follows yours", "demands"),
        ("mutual withdrawal", "US", "US: both armies leave together, North first", "demands"),
        ("mutual withdrawal", "US", "US: both armies out within twelve months of signing", "demands"),
        ("mutual withdrawal", "US", "US: withdrawal needs some reciprocity, and is linked to other issues", "demands"),
        ("withdrawal of North Vietnamese troops", "DRV", "DRV refuses the renewed demand to withdraw northern troops (late 1972)", "refuses"),
        ("withdrawal of North Vietnamese troops", "DRV", "DRV: American troops leave, Vietnamese troops stay", "refuses"),
        ("withdrawal of North Vietnamese troops", "PRG-NLF", "NLF: armed forces in the South are for the southern parties to settle", "leaves to the parties"),
        ("withdrawal of North Vietnamese troops", "US", "Nixon: negotiators must insist that North Vietnamese troops leave", "demands"),
        ("withdrawal of North Vietnamese troops", "US", "US (Kissinger): a softer tone on North Vietnamese troops", "softens"),
        ("withdrawal of North Vietnamese troops", "US", "US: North Vietnamese troops must leave after all (late 1972)", "demands"),
        ("withdrawal of North Vietnamese troops", "US", "US: a symbolic northern withdrawal would do (October 1972)", "softens"),
        ("withdrawal of North Vietnamese troops", "US", "US: both armies leave together, North first", "demands"),
        ("withdrawal of North Vietnamese troops", "US", "US: five points without a North Vietnamese withdrawal", "no longer requires"),
        ("withdrawal of US and allied troops", "DRV", "DRV: all American and allied troops and weapons must leave", "demands"),
        ("withdrawal of US and allied troops", "DRV", "Vietnam: set a near deadline for a total American withdrawal", "demands"),
        ("withdrawal of US and allied troops", "PRG-NLF", "Vietnam: set a near deadline for a total American withdrawal", "demands"),
        ("withdrawal of US and allied troops", "US", "Nixon: Vietnamization, bring American combat troops home on US terms", "offers"),
        ("withdrawal of US and allied troops", "US", "US (1971): full American withdrawal no longer tied to the North's", "no longer requires"),
    ]
    explained = dict(((p, i), e) for i, _, p, e in q(built, "opposing-views", "issue", "side", "position", "explainedBy"))
    assert explained[("Nixon: negotiators must insist that North Vietnamese troops leave",
                      "withdrawal of North Vietnamese troops")] == "Why the US insisted on a North Vietnamese withdrawal"


def test_facts_supported_by_a_source_and_page(built):
    assert q(built, "facts-by-source", source="source:luu-van-loi-nguyen-anh-vu-1996", page="106") == [
        ("p. 106", "Event", "First private meeting of Lê Đức Thọ and Kissinger"),
        ("p. 106", "Position", "US (Kissinger): a softer tone on North Vietnamese troops"),
        ("p. 106", "Reason", "Hanoi could not put its troops in the South on the same legal basis as American troops"),
        ("p. 106", "Reason", "Hanoi had never officially admitted having an army in the South, let alone a foreign one"),
        ("p. 106", "Reason", "Neither side could expect the other to yield in talks what it had not yielded in battle, "
                             "so a practical solution was needed"),
        ("p. 106", "ReasonGroup", "Kissinger's acknowledgement of Hanoi's difficulty (February 1970)"),
    ]
    assert q(built, "facts-by-source", source="source:wasmes-2004") == [
        ("p. 12", "Position", "DRV: the conference is a front of the struggle, not ordinary diplomacy")]
    assert [r[0] for r in q(built, "facts-by-source", source="source:national-archives-1972")] == ["document 16"] * 3


def test_facts_resting_only_on_the_article(built):
    assert q(built, "article-only-facts", "fact", kind="Figure") == [
        ("1,000 interviews",), ("201 public meetings over the whole negotiation",),
        ("25,000 US troops in the first announced withdrawal",), ("45 high-level private meetings",),
        ("500 press conferences",), ("69,000 US troops left in the South by 1 July 1972",),
        ("Linebacker II lasted 12 days and nights",), ("Over half a million US troops in the South",)]
    proposals = {f for (f,) in q(built, "article-only-facts", "fact", kind="Proposal")}
    assert "Paris Agreement on Ending the War and Restoring Peace\u0020in Vietnam" not in proposals  # cites Phạm Bình Minh
    assert "US eight-point proposal (May 1969)" in proposals
    assert len(proposals) == 18


def test_claims(built):
    rows = q(built, "claims", "status", "stated", "accepted")
    assert [r for r in rows if r[0] == "erroneous"] == [
        ("erroneous", "1968-05-26", "1965-05-26"),
        ("erroneous", "1960", "1961"),
        ("erroneous", "1970-10-18", "1970-10-07"),
        ("erroneous", "Operation Linebaker II", "Operation Linebacker II"),
        ("erroneous", "1970-10-18", "1970-10-07"),
    ]
    assert len(rows) == 21
    assert sum(1 for r in rows if r[0] == "garbled") == 10


def test_sources(built):
    rows = q(built, "sources", "n", "authors", "year")
    assert rows == [
        ("1", "Alain Wasmès", "2004"), ("2", "Ha Dang", "2008"), ("3", "Ho Chi Minh", "1996"),
        ("4", "Robert McNamara", "1995"), ("5", "Many authors (unnamed collective)", "2006"),
        ("6", "National Archives (United States)", "1972"), ("7", "Nguyen Tien Hung", "1990"),
        ("8", "Luu Van Loi, Nguyen Anh Vu", "1996"), ("9", "Pham Thi Nhung", "2013"),
        ("10", "Pham Binh Minh", "2013"), ("11", "Vu Chien Thang", "2018"), ("12", "Vietpeace", "2013"),
    ]


def test_wikidata_links(built):
    rows = q(built, "wikidata-links", "entity", "kind", "wikidata", "page")
    wd, wiki = "<http://www.wikidata.org/entity/", "<https://www.wikidata.org/wiki/"
    expected = [
        ("event:1954-geneva-accords", "Signing", "Q482407"),
        ("event:1965-11-battle-of-plei-me-ia-drang", "Battle", "Q714749"),
        ("event:1972-12-18-operation-linebacker-ii", "MilitaryOperation", "Q486866"),
        ("event:vietnam-war", "Event", "Q8740"),
        ("organisation:drv", "Government", "Q172640"),
        ("organisation:rvn", "Government", "Q180573"),
        ("organisation:united-states", "Government", "Q30"),
        ("organisation:us-congress", "Legislature", "Q11268"),
        ("person:henry-kissinger", "Person", "Q66107"),
        ("person:ho-chi-minh", "Person", "Q36014"),
        ("person:le-duc-tho", "Person", "Q233969"),
        ("person:lyndon-johnson", "Person", "Q9640"),
        ("person:nguyen-thi-binh", "Person", "Q446909"),
        ("person:nguyen-van-thieu", "Person", "Q313707"),
        ("person:richard-nixon", "Person", "Q9588"),
        ("person:tran-buu-kiem", "Person", "Q10829253"),
        ("person:xuan-thuy", "Person", "Q1797921"),
        ("place:paris", "Place", "Q90"),
        ("proposal:1973-01-27-paris-agreement", "Agreement", "Q696802"),
    ]
    assert rows == [(e, k, f"{wd}{n}>", f"{wiki}{n}>") for e, k, n in expected]
    labels = dict(q(built, "wikidata-links", "entity", "label"))
    assert labels["event:vietnam-war"] == "Vietnam War"
    assert labels["person:tran-buu-kiem"] == "Tran Buu Kiem"


def test_statement_coverage_every_fact_statement_is_sourced(built):
    rows = q(built, "statement-coverage", "kind", "facts", "own", "wholeResource", "editors", "uncovered")
    assert rows == [
        ("Event", "286", "61", "223", "2", "0"), ("Figure", "44", "29", "15", "0", "0"),
        ("Position", "140", "23", "116", "1", "0"), ("Proposal", "184", "63", "121", "0", "0"),
        ("Reason", "74", "0", "74", "0", "0"), ("ReasonGroup", "43", "0", "43", "0", "0"),
        ("Response", "58", "5", "53", "0", "0"), ("RoleAssignment", "93", "40", "53", "0", "0"),
        ("WithdrawalTerm", "80", "10", "70", "0", "0"),
    ]
    # 100 %: every fact statement has a citation of its own or a whole-resource citation, except
    # three the editors added (and say so): the two dates of the Vietnam War, and the Workers'
    # Party as a holder of the fight-and-talk position (only a reference title names it)
    assert sum(int(r[1]) for r in rows) == 1002
    assert sum(int(r[2]) + int(r[3]) for r in rows) == 999
    assert sum(int(r[4]) for r in rows) == 3
    assert all(r[5] == "0" for r in rows)


DEV = "Developments of meetings between Vietnam and the United States"
VP = "Vietnam's position on the withdrawal of US troops"


def test_evidence_for_each_fact_of_the_us_eight_point_plan(built):
    rows = q(built, "evidence", "property", "value", "asserted", "basis", "section",
             subject="proposal:1969-05-14-us-eight-point-plan")
    assert rows == [
        ("pk:channel", "vocab:channel/public", "yes", "statement", VP),
        ("pk:counters", "proposal:1969-05-08-nlf-ten-point-plan", "yes", "statement", VP),
        ("pk:date", "1969-05-14", "yes", "statement", DEV),
        ("pk:date", "1969-05-14", "yes", "statement", VP),
        ("pk:numberOfPoints", "8", "yes", "statement", DEV),
        ("pk:onIssue", "vocab:issue/mutual-withdrawal", "yes", "statement", VP),
        ("pk:onIssue", "vocab:issue/political-settlement", "yes", "statement", VP),
        ("pk:onIssue", "vocab:issue/saigon-government", "yes", "statement", VP),
        ("pk:presentedAt", "event:1969-05-14-nixon-eight-point-proposal", "yes", "statement", VP),
        ("pk:presentedBy", "person:richard-nixon", "yes", "statement", VP),
        ("pk:proposedBy", "organisation:united-states", "yes", "statement", DEV),
        ("pk:proposedBy", "organisation:united-states", "yes", "statement", VP),
        ("pk:withdrawalTerm", "term:1969-05-14-north-vietnamese-forces", "yes", "statement", VP),
        ("pk:withdrawalTerm", "term:1969-05-14-us-forces", "yes", "statement", VP),
    ]
    # its 12-month deadline is a fact of the US withdrawal term, which the Vietnamese-position section supports
    term = q(built, "evidence", "property", "value", "basis", "section",
             subject="term:1969-05-14-us-forces", property="pk:deadlineDuration")
    assert term == [("pk:deadlineDuration", "P1Y", "whole resource", VP)]  # P12M, as the engine writes it


def test_evidence_ho_chi_minh_statement_date_is_page_94(built):
    rows = q(built, "evidence", "value", "asserted", "basis", "status", "source", "section", "pages",
             subject="event:1969-07-17-ho-chi-minh-statement-on-withdrawal", property="pk:date")
    article = "Nguyễn Mạnh Hà, on withdrawing foreign troops from South Vietnam in the Paris talks"
    book = "Lưu Văn Lợi and Nguyễn Anh Vũ 1996"
    assert rows == [
        # the article's date is kept (asserted) but marked doubtful
        ("1969-07-17", "yes", "claim", "doubtful", article, VP, ""),
        ("1969-07-17", "yes", "claim", "doubtful", book, VP, "p. 94"),
        ("1969-07-17", "yes", "statement", "", article, VP, ""),
        ("1969-07-17", "yes", "statement", "", book, VP, "p. 94"),
    ]


def test_evidence_five_point_plan_stated_date_is_not_asserted(built):
    rows = q(built, "evidence", "value", "asserted", "basis", "status", "section", "evidence",
             subject="proposal:1970-10-07-us-five-point-plan", property="pk:date")
    assert [r[:5] for r in rows] == [
        ("1970-10-07", "yes", "whole resource", "", DEV),
        ("1970-10-18", "no", "claim", "erroneous", DEV),
    ]
    assert "7 October 1970" in rows[1][5]


def test_evidence_fight_and_talk_party_is_the_editors_reading_of_a_title(built):
    rows = q(built, "evidence", "value", "asserted", "basis", "source", "evidence",
             subject="position:drv-fight-and-talk", property="pk:heldBy")
    assert [r[:4] for r in rows] == [
        ("organisation:drv", "yes", "statement", "Phạm Thị Nhung 2013"),
        ("organisation:drv", "yes", "statement", "Vũ Chiến Thắng 2018"),
        ("organisation:vietnam-workers-party", "yes", "editors", ""),
    ]
    note = rows[2][4]
    assert note.startswith("Naming the Vietnam Workers' Party as a holder is the editors' addition.")
    assert "only the title of reference 9" in note


def test_evidence_editors_additions_have_no_citation(built):
    """The editors' own statements come back once each, with their note and no source; they were
    once joined to every citation of the graph (an OPTIONAL on an unbound citation)."""
    rows = q(built, "evidence", "property", "value", "basis", "source", "citation", "evidence",
             subject="event:vietnam-war")
    assert [r[:5] for r in rows] == [("pk:endDate", "1975", "editors", "", ""),
                                     ("pk:startDate", "1955", "editors", "", "")]
    assert all("added by the editors" in r[5] for r in rows)


def test_every_named_query_has_a_test(built):
    """Runs last in this module (pytest keeps file order): every catalogue query was exercised above."""
    assert {qf.name for qf in named_queries(built)} - TESTED == set()


def test_the_engine_comparison_knows_every_group_concat_column():
    """Engines differ in how they keep GROUP_CONCAT's items (order, language tag), so the
    comparison of answers across engines must find each such column, plain or wrapped."""
    from paris_kg.query.compare import concat_columns

    text = ('SELECT (GROUP_CONCAT(DISTINCT ?a; separator="; ") AS ?as) (GROUP_CONCAT(?b) AS ?bs)\n'
            '(IF(COUNT(?c) > 0, GROUP_CONCAT(?c; separator=", "), SAMPLE(?c)) AS ?conditions) (COUNT(?d) AS ?n)')
    assert concat_columns(text) == {"as": "; ", "bs": " ", "conditions": ", "}
