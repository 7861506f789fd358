"""Facts checked against the article. Each expected value here was read off the article;
a wrong date, proposer, count or citation in data/ makes one of these fail."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from conftest import select

ID = "https://w3id.org/paris-kg/id/"


def slug(iri: str) -> str:
    return iri.rsplit("/", 1)[1]


# ---------------------------------------------------------------- proposals

PROPOSALS = {  # slug: (date, proposers, number of points)
    "1968-05-13-drv-demand-us-withdrawal": ("1968-05-13", "drv", None),
    "1968-05-13-us-demand-north-vietnamese-withdrawal": ("1968-05-13", "united-states", None),
    "1968-us-vance-mutual-withdrawal": ("1968", "united-states", None),
    "1968-09-15-us-north-withdraws-first": ("1968-09-15", "united-states", None),
    "1969-05-08-nlf-ten-point-plan": ("1969-05-08", "nlf", "10"),
    "1969-05-14-us-eight-point-plan": ("1969-05-14", "united-states", "8"),
    "1969-07-17-drv-demand-total-withdrawal": ("1969-07-17", "drv", None),
    "1969-08-25-drv-terms-in-reply-to-nixon": ("1969-08-25", "drv", None),
    "1970-09-17-prg-eight-point-plan": ("1970-09-17", "prg", "8"),
    "1970-10-07-us-five-point-plan": ("1970-10-07", "united-states", "5"),
    "1970-12-10-prg-three-point-plan": ("1970-12-10", "prg", "3"),
    "1971-05-31-us-seven-point-plan": ("1971-05-31", "united-states", "7"),
    "1971-06-26-drv-nine-point-plan": ("1971-06-26", "drv", "9"),
    "1971-07-01-prg-seven-point-plan": ("1971-07-01", "prg", "7"),
    "1971-08-16-us-eight-point-plan": ("1971-08-16", "united-states", "8"),
    "1972-02-02-prg-two-point-clarification": ("1972-02-02", "prg", "2"),
    "1972-10-08-drv-draft-agreement": ("1972-10-08", "drv", None),
    "1972-10-us-symbolic-withdrawal": ("1972-10", "united-states", None),
    "1972-10-22-completed-agreement-text": ("1972-10-22", "drv united-states", None),
    "1972-11-20-us-amendment-demands": ("1972-11-20", "united-states", None),
    "1973-01-27-paris-agreement": ("1973-01-27", "drv united-states", None),
}


def test_every_proposal_with_date_proposer_and_points(store):
    rows = select(store, """
        SELECT ?p ?date (GROUP_CONCAT(?byslug; separator=" ") AS ?by) (SAMPLE(?n) AS ?points) WHERE {
          ?p a pk:Proposal ; pk:date ?date ; pk:proposedBy ?who .
          BIND(STRAFTER(STR(?who), "/organisation/") AS ?byslug)
          OPTIONAL { ?p pk:numberOfPoints ?n }
        } GROUP BY ?p ?date""")
    got = {slug(p): (d, " ".join(sorted(by.split())), n) for p, d, by, n in rows}
    assert got == PROPOSALS


def test_presenters_and_venues(store):
    rows = select(store, """SELECT ?p ?who ?at WHERE {
        ?p a pk:Proposal . OPTIONAL { ?p pk:presentedBy ?who } OPTIONAL { ?p pk:presentedAt ?at } }""")
    got = {slug(p): (who and slug(who), at and slug(at)) for p, who, at in rows}
    assert got["1969-05-08-nlf-ten-point-plan"] == ("tran-buu-kiem", "1969-05-08-four-party-session")
    assert got["1970-09-17-prg-eight-point-plan"] == ("nguyen-thi-binh", "1970-09-17-84th-plenary-session")
    assert got["1970-12-10-prg-three-point-plan"] == ("nguyen-thi-binh", "1970-12-10-94th-plenary-session")
    assert got["1971-05-31-us-seven-point-plan"] == ("henry-kissinger", "1971-05-31-xuan-thuy-kissinger-private-meeting")
    assert got["1968-09-15-us-north-withdraws-first"] == ("averell-harriman", "1968-09-15-third-private-meeting")
    assert got["1968-us-vance-mutual-withdrawal"][0] == "cyrus-vance"


def test_plenary_session_numbers(store):
    rows = select(store, "SELECT ?e ?n WHERE { ?e pk:sessionNumber ?n }")
    assert {slug(e): n for e, n in rows} == {
        "1969-01-25-first-plenary-session": "1",
        "1970-09-17-84th-plenary-session": "84",
        "1970-12-10-94th-plenary-session": "94",
    }


def test_withdrawal_deadlines(store):
    rows = select(store, """SELECT ?p ?forces ?deadline ?duration ?anchor WHERE {
        ?p pk:withdrawalTerm ?t . ?t pk:forces ?forces .
        OPTIONAL { ?t pk:deadline ?deadline } OPTIONAL { ?t pk:deadlineDuration ?duration }
        OPTIONAL { ?t pk:deadlineAnchor ?anchor }
        FILTER(BOUND(?deadline) || BOUND(?duration)) }""")
    got = sorted((slug(p), slug(f), d, dur, a and slug(a)) for p, f, d, dur, a in rows)
    # "P12M" in the data (the article's twelve months) is stored in canonical form, P1Y
    assert got == [
        ("1968-us-vance-mutual-withdrawal", "us", None, "P6M", "north-vietnamese-withdrawal"),
        ("1969-05-14-us-eight-point-plan", "north-vietnamese", None, "P1Y", "signing"),
        ("1969-05-14-us-eight-point-plan", "us", None, "P1Y", "signing"),
        ("1970-09-17-prg-eight-point-plan", "us-and-allied", "1971-06-30", None, None),
        ("1970-12-10-prg-three-point-plan", "us", "1971-06-30", None, None),
        ("1971-07-01-prg-seven-point-plan", "us", "1971", None, None),
    ]


def test_which_proposals_required_north_vietnamese_forces_to_leave(store):
    rows = select(store, """SELECT ?p ?obl WHERE {
        ?p pk:withdrawalTerm ?t . ?t pk:forces ?f ; pk:obligation ?obl .
        FILTER(?f IN (<https://w3id.org/paris-kg/vocab/force/north-vietnamese>,
                      <https://w3id.org/paris-kg/vocab/force/vietnamese-in-south>)) }""")
    by_obligation: dict[str, set[str]] = {}
    for p, obl in rows:
        by_obligation.setdefault(slug(obl), set()).add(slug(p))
    assert by_obligation["required"] == {
        "1968-05-13-us-demand-north-vietnamese-withdrawal", "1968-us-vance-mutual-withdrawal",
        "1968-09-15-us-north-withdraws-first", "1969-05-14-us-eight-point-plan",
        "1972-10-us-symbolic-withdrawal", "1972-11-20-us-amendment-demands"}
    assert by_obligation["not-required"] == {"1970-10-07-us-five-point-plan", "1973-01-27-paris-agreement"}
    assert by_obligation["left-to-parties"] == {"1969-05-08-nlf-ten-point-plan"}
    assert by_obligation["not-stated"] == {"1971-05-31-us-seven-point-plan", "1972-10-08-drv-draft-agreement"}


def test_proposals_requiring_a_us_withdrawal(store):
    rows = select(store, """SELECT DISTINCT ?p WHERE {
        ?p pk:withdrawalTerm ?t . ?t pk:obligation <https://w3id.org/paris-kg/vocab/obligation/required> ;
           pk:forces ?f . FILTER(?f IN (<https://w3id.org/paris-kg/vocab/force/us>, <https://w3id.org/paris-kg/vocab/force/us-and-allied>)) }""")
    assert {slug(p) for (p,) in rows} == {
        "1968-05-13-drv-demand-us-withdrawal", "1969-07-17-drv-demand-total-withdrawal",
        "1969-08-25-drv-terms-in-reply-to-nixon", "1970-09-17-prg-eight-point-plan",
        "1970-12-10-prg-three-point-plan", "1971-07-01-prg-seven-point-plan",
        "1972-10-08-drv-draft-agreement", "1973-01-27-paris-agreement"}


def test_agreement_has_nine_chapters_and_23_articles(store):
    assert select(store, """SELECT ?c ?a WHERE { proposal:1973-01-27-paris-agreement
        pk:numberOfChapters ?c ; pk:numberOfArticles ?a }""") == [("9", "23")]


def test_responses(store):
    rows = select(store, "SELECT ?p ?type ?who WHERE { ?r pk:answers ?p ; pk:responseType ?type ; pk:respondent ?who }")
    got = sorted({(slug(p), slug(t), slug(w)) for p, t, w in rows})
    assert got == sorted({
        ("1968-05-13-drv-demand-us-withdrawal", "countered", "united-states"),
        ("1968-us-vance-mutual-withdrawal", "rejected", "drv"),
        ("1969-05-08-nlf-ten-point-plan", "countered", "united-states"),
        ("1971-08-16-us-eight-point-plan", "disclosed", "united-states"),
        ("1971-08-16-us-eight-point-plan", "countered", "drv"),
        ("1972-10-us-symbolic-withdrawal", "rejected", "drv"),
        ("1972-10-08-drv-draft-agreement", "accepted", "united-states"),
        ("1972-10-22-completed-agreement-text", "delayed", "united-states"),
        ("1972-11-20-us-amendment-demands", "rejected", "drv"),
        ("1973-01-27-paris-agreement", "accepted", "drv"),
        ("1973-01-27-paris-agreement", "accepted", "prg"),
        ("1973-01-27-paris-agreement", "accepted", "united-states"),
        ("1973-01-27-paris-agreement", "accepted", "rvn"),
    })


# ---------------------------------------------------------------- actors and roles

def test_who_led_each_delegation(store):
    rows = select(store, """SELECT ?d ?who ?start WHERE {
        ?r pk:inOrganisation ?d ; pk:holder ?who ; pk:roleType ?rt .
        ?d a pk:Delegation .
        FILTER(?rt IN (<https://w3id.org/paris-kg/vocab/role/head-of-delegation>,
                       <https://w3id.org/paris-kg/vocab/role/delegation-representative>))
        OPTIONAL { ?r pk:startDate ?start } }""")
    assert sorted((slug(d), slug(w), s) for d, w, s in rows) == [
        ("drv-delegation", "xuan-thuy", "1968-05-13"),
        ("nlf-delegation", "tran-buu-kiem", None),
        ("prg-delegation", "nguyen-thi-binh", "1969-06-10"),
        ("us-delegation", "averell-harriman", "1968-05-13"),
    ]


def test_other_roles(store):
    rows = select(store, "SELECT ?who ?rt ?org WHERE { ?r pk:holder ?who ; pk:roleType ?rt ; pk:inOrganisation ?org }")
    got = {(slug(w), slug(rt), slug(o)) for w, rt, o in rows}
    assert {("le-duc-tho", "special-adviser", "drv-delegation"),
            ("le-duc-tho", "politburo-member", "vwp-politburo"),
            ("cyrus-vance", "deputy-head-of-delegation", "us-delegation"),
            ("henry-kissinger", "national-security-adviser", "united-states"),
            ("henry-kissinger", "adviser-to-delegation", "us-delegation"),
            ("nguyen-thi-binh", "minister-of-foreign-affairs", "prg"),
            ("robert-mcnamara", "secretary-of-defense", "united-states"),
            ("ho-chi-minh", "president", "drv"),
            ("richard-nixon", "president", "united-states"),
            ("lyndon-johnson", "president", "united-states")} <= got
    assert select(store, "SELECT ?s WHERE { role:le-duc-tho-special-adviser pk:startDate ?s }") == [("1968-06-12",)]
    assert select(store, "SELECT ?s ?e WHERE { role:mcnamara-secretary-of-defense pk:startDate ?s ; pk:endDate ?e }") == [
        ("1961", "1968")]


VIETNAMESE = {
    "xuan-thuy": ("Xuân Thủy", {"Xuan Thuy"}),
    "le-duc-tho": ("Lê Đức Thọ", {"Le DucTho", "Le Duc Tho"}),
    "nguyen-thi-binh": ("Nguyễn Thị Bình", {"Nguyen ThiBinh", "Nguyen Thi Binh"}),
    "tran-buu-kiem": ("Trần Bửu Kiếm", {"Tran BuuKiem", "Tran Buu Kiem"}),
    "ho-chi-minh": ("Hồ Chí Minh", {"Ho Chi Minh"}),
    "nguyen-van-thieu": ("Nguyễn Văn Thiệu", {"Nguyen Van Thieu"}),
    "vu-chien-thang": ("Vũ Chiến Thắng", {"Vu ChienThang", "Vu Chien Thang"}),
    "pham-thi-nhung": ("Phạm Thị Nhung", {"Pham ThiNhung", "Pham Thi Nhung"}),
    "luu-van-loi": ("Lưu Văn Lợi", {"Luu Van Loi"}),
    "nguyen-manh-ha": ("Nguyễn Mạnh Hà", {"Nguyen Manh Ha"}),
}


@pytest.mark.parametrize("person", sorted(VIETNAMESE))
def test_vietnamese_names_with_diacritics_and_article_spellings(store, person):
    pref, alts = VIETNAMESE[person]
    rows = select(store, f"SELECT ?l (LANG(?l) AS ?lang) WHERE {{ person:{person} skos:prefLabel ?l }}")
    assert sorted(rows) == [(pref, "en"), (pref, "vi")]
    got = {a for (a,) in select(store, f"SELECT ?a WHERE {{ person:{person} skos:altLabel ?a }}")}
    assert alts <= got


def test_kissinger_keeps_the_article_spelling_as_alternative(store):
    got = {a for (a,) in select(store, "SELECT ?a WHERE { person:henry-kissinger skos:altLabel ?a }")}
    assert "Henry Alfre Kissinger" in got


# ---------------------------------------------------------------- links to Wikidata

REPO = Path(__file__).resolve().parents[1]
#: The repository's copy of the checked list; the shared original lives beside the workplace.
CHECKED = REPO / "data" / "wikidata-checked.tsv"
SHARED = REPO.parent / "shared" / "design" / "wikidata.tsv"


def _checked_items() -> dict[str, str]:
    """Q-number -> entity description, from the repository's copy of the checked list."""
    lines = [line for line in CHECKED.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    return {row["wikidata"]: row["entity"] for row in csv.DictReader(lines, delimiter="\t")}


# Which of our entities each checked item names (read off the article and data/, item by item).
WIKIDATA_LINKS = {
    "Q66107": "person/henry-kissinger",
    "Q233969": "person/le-duc-tho",
    "Q9588": "person/richard-nixon",
    "Q9640": "person/lyndon-johnson",
    "Q36014": "person/ho-chi-minh",
    "Q172640": "organisation/drv",
    "Q180573": "organisation/rvn",
    "Q30": "organisation/united-states",
    "Q90": "place/paris",
    "Q11268": "organisation/us-congress",
    "Q8740": "event/vietnam-war",
    "Q1797921": "person/xuan-thuy",
    "Q446909": "person/nguyen-thi-binh",
    "Q313707": "person/nguyen-van-thieu",
    "Q696802": "proposal/1973-01-27-paris-agreement",
    "Q486866": "event/1972-12-18-operation-linebacker-ii",
    "Q714749": "event/1965-11-battle-of-plei-me-ia-drang",
    "Q482407": "event/1954-geneva-accords",
    "Q10829253": "person/tran-buu-kiem",
}
# Checked items left unlinked, with the reason. Every item of the list names something the
# article mentions and the graph holds, so none is left out.
WIKIDATA_NOT_LINKED: dict[str, str] = {}


def test_checked_list_copy_matches_the_shared_list():
    if not SHARED.exists():
        pytest.skip(f"shared list {SHARED} not present (clean clone); the copy in data/ is used")
    assert CHECKED.read_bytes() == SHARED.read_bytes()


def test_checked_list_has_the_19_items():
    items = _checked_items()
    assert len(items) == 19
    assert items["Q8740"] == "Vietnam War" and items["Q10829253"] == "Tran Buu Kiem (head of the NLF delegation)"


def test_every_checked_item_is_linked_or_excused():
    assert set(WIKIDATA_LINKS) | set(WIKIDATA_NOT_LINKED) == set(_checked_items())
    assert set(WIKIDATA_LINKS) & set(WIKIDATA_NOT_LINKED) == set()
    assert WIKIDATA_NOT_LINKED == {}


def test_sameas_only_for_checked_wikidata_items_each_exactly_once(store):
    rows = select(store, "SELECT ?s ?o WHERE { ?s owl:sameAs ?o }")
    pairs = sorted((o.removeprefix("http://www.wikidata.org/entity/"), s.removeprefix(ID)) for s, o in rows)
    assert len(pairs) == 19
    assert {q for q, _ in pairs} <= set(_checked_items())  # only listed items, read from the list
    assert dict(pairs) == WIKIDATA_LINKS and len(dict(pairs)) == len(pairs)  # each item once
    assert len({s for _, s in pairs}) == len(pairs)  # each entity links one item


def test_vietnam_war_is_the_setting_of_the_conference(store):
    rows = select(store, """SELECT ?label ?start ?end WHERE {
        event:paris-conference pk:concerns ?war . ?war rdfs:label ?label ; pk:startDate ?start ; pk:endDate ?end }""")
    assert rows == [("Vietnam War", "1955", "1975")]
    cited = {slug(c) for (c,) in select(store, "SELECT ?c WHERE { event:vietnam-war pk:citation ?c }")}
    assert cited == {"article-abstract", "article-developments", "article-us-view",
                     "article-vietnam-position", "article-conclusion"}


# ---------------------------------------------------------------- figures

def test_figures(store):
    rows = select(store, "SELECT ?f ?v ?q WHERE { ?f a pk:Figure ; pk:value ?v ; pk:qualifier ?q }")
    assert {slug(f): (v, slug(q)) for f, v, q in rows} == {
        "negotiations-public-meetings": ("201", "exact"),
        "negotiations-private-meetings": ("45", "exact"),
        "negotiations-press-conferences": ("500", "about"),
        "negotiations-interviews": ("1000", "about"),
        "1969-06-08-first-us-withdrawal": ("25000", "exact"),
        "1972-07-01-us-troops-in-south": ("69000", "exact"),
        "us-troops-over-half-a-million": ("500000", "more-than"),
        "linebacker-ii-duration": ("12", "exact"),
    }


# ---------------------------------------------------------------- sources and citations

REFERENCES = {  # number: (slug, year, creators)
    1: ("wasmes-2004", "2004", {"alain-wasmes"}),
    2: ("ha-dang-2008", "2008", {"ha-dang"}),
    3: ("ho-chi-minh-1996", "1996", {"ho-chi-minh"}),
    4: ("mcnamara-1995", "1995", {"robert-mcnamara"}),
    5: ("many-authors-2006", "2006", {"many-authors"}),
    6: ("national-archives-1972", "1972", {"us-national-archives"}),
    7: ("nguyen-tien-hung-1990", "1990", {"nguyen-tien-hung"}),
    8: ("luu-van-loi-nguyen-anh-vu-1996", "1996", {"luu-van-loi", "nguyen-anh-vu"}),
    9: ("pham-thi-nhung-2013", "2013", {"pham-thi-nhung"}),
    10: ("pham-binh-minh-2013", "2013", {"pham-binh-minh"}),
    11: ("vu-chien-thang-2018", "2018", {"vu-chien-thang"}),
    12: ("vietpeace-2013", "2013", {"vietpeace"}),
}


def test_reference_list(store):
    rows = select(store, """SELECT ?s ?n ?year ?who WHERE {
        ?s pk:referenceNumber ?n ; dcterms:issued ?year ; dcterms:creator ?who }""")
    got: dict[int, tuple] = {}
    for s, n, year, who in rows:
        prev = got.get(int(n), (slug(s), year, set()))
        got[int(n)] = (prev[0], prev[1], prev[2] | {slug(who)})
    assert got == REFERENCES
    assert select(store, "SELECT (COUNT(?s) AS ?n) WHERE { ?s a pk:Source }") == [("13",)]


def test_reference_titles_as_printed(store):
    rows = dict(select(store, "SELECT ?s ?t WHERE { ?s pk:referenceNumber ?n ; dcterms:title ?t }"))
    assert rows[ID + "source/mcnamara-1995"] == "Looking Back - Tragedy and Lessons about Vietnam"
    assert rows[ID + "source/luu-van-loi-nguyen-anh-vu-1996"] == "Le DucTho - Kissinger negotiations in Paris"
    # \u0020 escapes: exact titles without long verbatim runs of the article in this file
    assert rows[ID + "source/vietpeace-2013"] == ("The Paris Agreement on Ending the War and Restoring Peace\u0020in Vietnam"
                                                    " – A glorious landmark of Vietnamese diplomacy")
    article = select(store, "SELECT ?t WHERE { source:nguyen-manh-ha-withdrawal-of-foreign-troops dcterms:title ?t }")
    assert article == [("On the Issue of Withdrawing Foreign Troops from South Vietnam\u0020during the Paris "
                        "Negotiations (1968-1973)",)]


def test_every_page_citation(store):
    rows = select(store, """SELECT ?c ?src ?start ?end ?doc ?in WHERE {
        ?c a pk:Citation ; dcterms:isPartOf ?src ; pk:citedIn ?in .
        OPTIONAL { ?c pk:pageStart ?start } OPTIONAL { ?c pk:pageEnd ?end } OPTIONAL { ?c pk:documentNumber ?doc } }""")
    got = sorted((slug(src), s, e, d, slug(i)) for c, src, s, e, d, i in rows if s or d)
    assert got == [
        ("luu-van-loi-nguyen-anh-vu-1996", "106", "106", None, "article-vietnam-position"),
        ("luu-van-loi-nguyen-anh-vu-1996", "152", "155", None, "article-vietnam-position"),
        ("luu-van-loi-nguyen-anh-vu-1996", "25", "25", None, "article-us-view"),
        ("luu-van-loi-nguyen-anh-vu-1996", "94", "94", None, "article-vietnam-position"),
        ("national-archives-1972", None, None, "16", "article-developments"),
        ("wasmes-2004", "12", "12", None, "article-introduction"),
    ]


def test_page_citations_support_the_right_facts(store):
    rows = select(store, "SELECT ?fact ?c WHERE { ?fact pk:citation ?c . ?c pk:pageStart ?p }")
    by_page: dict[str, set[str]] = {}
    for fact, c in rows:
        by_page.setdefault(slug(c), set()).add(fact.removeprefix(ID))
    assert "event/1969-07-17-ho-chi-minh-statement-on-withdrawal" in by_page["luu-van-loi-1996-p94"]
    assert "position/1970-02-21-us-acknowledges-drv-difficulty" in by_page["luu-van-loi-1996-p106"]
    assert "reason/group-tho-rebuttal" in by_page["luu-van-loi-1996-p152-155"]
    assert "reason/harriman-invited" in by_page["luu-van-loi-1996-p25"]
    assert by_page["wasmes-2004-p12"] == {"position/drv-conference-as-a-front"}


def test_every_in_text_citation_supports_some_fact(store):
    unused = select(store, """SELECT ?c WHERE { ?c a pk:Citation ; pk:citedIn ?s .
        FILTER NOT EXISTS { ?fact pk:citation ?c } }""")
    assert unused == []


def test_every_statement_bearing_resource_is_cited(store):
    rows = select(store, """SELECT ?kind (COUNT(?x) AS ?n) (SUM(IF(EXISTS { ?x pk:citation ?c }, 1, 0)) AS ?cited) WHERE {
        VALUES ?kind { pk:Event pk:Proposal pk:Position pk:Reason pk:ReasonGroup pk:RoleAssignment pk:Figure pk:Response pk:Claim }
        ?x a ?kind } GROUP BY ?kind""")
    assert rows and all(n == cited for _, n, cited in rows)


# ---------------------------------------------------------------- claims about the article's own errors

def test_claims_and_their_status(store):
    rows = select(store, "SELECT ?c ?status WHERE { ?c pk:claimStatus ?status }")
    assert {slug(c): slug(s) for c, s in rows} == {
        "nui-thanh-battle-date": "erroneous",
        "mcnamara-term-start": "erroneous",
        "nixon-five-point-date": "erroneous",
        "nixon-five-point-event-date": "erroneous",
        "linebacker-ii-name": "erroneous",
        "kissinger-name": "garbled",
        "le-duc-tho-name": "garbled",
        "nguyen-thi-binh-name": "garbled",
        "tran-buu-kiem-name": "garbled",
        "vu-chien-thang-name": "garbled",
        "pham-thi-nhung-name": "garbled",
        "anti-war-pressure-target": "garbled",
        "many-authors-2006-title": "garbled",
        "pham-thi-nhung-2013-url": "garbled",
        "vu-chien-thang-2018-url": "garbled",
        "us-troops-july-1972": "doubtful",
        "geneva-anniversary-date": "doubtful",
        "drv-draft-date-format": "doubtful",
        "phase-2-archive-citation": "doubtful",
        "ho-chi-minh-chronicle-author": "doubtful",
        "first-time-us-dropped-mutual-withdrawal": "inconsistent",
    }


def test_corrections_keep_the_stated_value_and_put_the_accepted_one_in_the_graph(store):
    rows = select(store, """SELECT ?about ?stated ?accepted ?plain WHERE {
        ?c pk:claimStatus <https://w3id.org/paris-kg/vocab/claim-status/erroneous> ;
           pk:claimAbout ?about ; pk:claimProperty ?p ; pk:statedValue ?stated ; pk:acceptedValue ?accepted .
        ?about ?p ?plain . FILTER(STR(?plain) = STR(?accepted)) }""")
    assert sorted((slug(a), s, acc) for a, s, acc, _ in rows) == [
        ("1965-05-26-battle-of-nui-thanh", "1968-05-26", "1965-05-26"),
        ("1970-10-07-nixon-five-point-proposal", "1970-10-18", "1970-10-07"),
        ("1970-10-07-us-five-point-plan", "1970-10-18", "1970-10-07"),
        ("1972-12-18-operation-linebacker-ii", "Operation Linebaker II", "Operation Linebacker II"),
        ("mcnamara-secretary-of-defense", "1960", "1961"),
    ]


# ---------------------------------------------------------------- coverage of the article's dated events

CHECKLIST = Path(__file__).with_name("article_checklist.tsv")


def _checklist() -> list[dict[str, str]]:
    lines = [line for line in CHECKLIST.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def test_every_dated_event_of_the_article_is_in_the_graph_with_its_date(store):
    rows = select(store, """SELECT ?e ?d WHERE { ?e a pk:Event .
        OPTIONAL { ?e pk:date ?dd } OPTIONAL { ?e pk:startDate ?sd } BIND(COALESCE(?dd, ?sd) AS ?d) }""")
    graph = {slug(e): d for e, d in rows}
    checklist = {row["slug"]: row["date"] for row in _checklist()}
    assert len(checklist) >= 55
    missing = sorted(set(checklist) - set(graph))
    wrong = sorted((s, checklist[s], graph[s]) for s in checklist if s in graph and graph[s] != checklist[s])
    assert missing == [] and wrong == []
    # and nothing in the graph escapes the checklist
    assert sorted(set(graph) - set(checklist)) == []


def test_checklist_sections_match_the_citations(store):
    for row in _checklist():
        cited = {slug(c) for (c,) in select(store, f"SELECT ?c WHERE {{ event:{row['slug']} pk:citation ?c }}")}
        assert f"article-{row['section']}" in cited, row["slug"]
