"""The report's charts: their DATA (read from the graph) holds the article's story, and the SVG is reproducible.

These tests read the numbers behind the pictures, never pixels; the browser test that
screenshots the charts is in test_pages.py.
"""
from __future__ import annotations

import re

import subprocess
import sys
from datetime import date

import pytest

from paris_kg.errors import InputError
from paris_kg.query.catalogue import resolve
from paris_kg.query.engine import run_local
from paris_kg.rendering import render
from paris_kg.views.chart_stances import stance_data, stances_chart
from paris_kg.views.chart_svg import DRAW
from paris_kg.views.charts import Chart, answers_chart, meetings_chart, named
from paris_kg.views.report import collect, write_report


@pytest.fixture(scope="module")
def stances(built):
    return stance_data(built)


def _row(stances, side, question):
    return [(s["obligation"], s["start"], s["end"]) for s in stances["segments"] if s["row"] == (side, question)]


def test_us_row_on_north_vietnamese_forces_turns_and_turns_back(stances):
    assert _row(stances, "US", "nv-forces") == [
        ("required", date(1968, 5, 13), date(1970, 10, 7)),       # from the opening session (Harriman's demand)
        ("not-required", date(1970, 10, 7), date(1972, 10, 1)),  # Nixon's five points, then the 1971 untying
        ("required", date(1972, 10, 1), date(1973, 1, 27)),      # the token withdrawal, then the November demands
        ("not-required", date(1973, 1, 27), None),               # the Paris Agreement: northern forces stay
    ]


def test_drv_row_never_requires_its_own_forces(stances):
    row = _row(stances, "DRV", "nv-forces")
    assert [o for o, _, _ in row] == ["rejected", "not-required"]
    assert row[1][1] == date(1973, 1, 27)
    assert all(s["obligation"] != "required" for s in stances["segments"] if s["row"] == ("DRV", "nv-forces"))


def test_deadline_rows(stances):
    assert _row(stances, "US", "deadline") == [
        ("offered", date(1968, 5, 13), date(1971, 1, 1)),   # six months after the North (1968), twelve after signing (1969)
        ("rejected", date(1971, 1, 1), date(1973, 1, 1)),   # no date named for the last combat troops, 1971-1972
        ("not-stated", date(1973, 1, 1), None)]
    assert _row(stances, "DRV", "deadline") == [
        ("not-stated", date(1968, 5, 13), date(1971, 1, 1)),
        ("required", date(1971, 1, 1), date(1973, 1, 1)),
        ("not-stated", date(1973, 1, 1), None)]
    assert _row(stances, "PRG-NLF", "deadline")[1][:2] == ("required", date(1970, 9, 17))  # out by 30 June 1971


def test_us_forces_and_southern_rows(stances):
    assert _row(stances, "US", "us-forces") == [("offered", date(1968, 5, 13), date(1973, 1, 27)),
                                                ("required", date(1973, 1, 27), None)]
    assert _row(stances, "DRV", "us-forces") == [("required", date(1968, 5, 13), None)]
    assert _row(stances, "PRG-NLF", "nv-forces")[1][:2] == ("left-to-parties", date(1969, 5, 8))


def test_markers_are_the_proposals_and_answers(stances):
    us_nv = [(m["day"], m["kind"], m["detail"]) for m in stances["markers"] if m["row"] == ("US", "nv-forces")]
    assert (date(1970, 10, 7), "proposal", "explicitly not required") in us_nv
    assert (date(1972, 11, 20), "proposal", "required") in us_nv
    assert (date(1973, 1, 27), "answer", "accepted") in us_nv
    rejections = [(m["day"], m["row"]) for m in stances["markers"] if m["detail"] == "rejected"]
    assert {r for _, r in rejections} == {("DRV", "nv-forces"), ("DRV", "us-forces"), ("DRV", "deadline")}
    assert all(m["sources"] for m in stances["markers"])


def test_meetings_totals_equal_the_named_query(built):
    chart = meetings_chart(built)
    result = run_local(built, resolve(built, "meetings-per-year"))
    expected: dict[int, int] = {}
    for year, _, count in result.rows:
        expected[int(year.value)] = expected.get(int(year.value), 0) + int(count.value)
    assert chart.data["totals"] == expected == {1968: 3, 1969: 4, 1970: 3, 1971: 3, 1972: 2}
    assert chart.data["counts"]["PrivateMeeting"] == [2, 1, 1, 3, 1]
    assert [p["phase"] for p in chart.data["phases"]] == ["Phase 1: two-party talks (DRV and US)", "Phase 2: four-party talks"]


def test_answers_ladder(built):
    chart = answers_chart(built)
    ladder = chart.data["ladder"]
    assert len(ladder) == 21 and sum(1 for p in ladder if not p["answers"]) == 12
    assert chart.data["tally"] == {"accepted": 2, "countered": 3, "delayed": 1, "disclosed": 1, "rejected": 3}
    vance = next(p for p in ladder if p["item"].endswith("/1968-us-vance-mutual-withdrawal"))
    assert [(a["type"], a["date"], a["sides"]) for a in vance["answers"]] == [("rejected", "1968-09-12", "DRV")]


def test_findings_state_the_result_in_words(built):
    finding = stances_chart(built).finding
    assert finding.startswith("Only United States (US) ever required North Vietnamese forces to leave the South; "
                              "the American stance on that question changed 3 times")
    assert ("US on 'North Vietnamese forces leave the South': required from 1968; then explicitly not required from "
            "7 Oct 1970; then required from Oct 1972; then explicitly not required from 27 Jan 1973.") in finding


def test_svg_is_reproducible_with_a_tooltip_per_mark(built):
    chart = stances_chart(built)
    first, second = DRAW["stances"](chart), DRAW["stances"](chart)
    assert first == second
    assert first.count("<title>") == len(chart.data["segments"]) + len(chart.data["markers"])
    assert "<dc:date>" not in first and "http://purl.org/dc" not in first
    assert 'id="chart-stances-svg"' in first and 'aria-labelledby="chart-stances-finding"' in first


def test_report_embeds_and_links_the_charts(built):
    md_path, html_path = write_report(built)
    md, page = md_path.read_text(encoding="utf-8"), html_path.read_text(encoding="utf-8")
    for name in ("meetings", "stances", "answers"):
        svg = (built.dist / "charts" / f"{name}.svg").read_text(encoding="utf-8")
        assert f"](charts/{name}.svg)" in md
        assert svg.strip() in page
    assert page.count('<figure class="chart"') == 3 and page.count('<table class="chart-data">') == 3
    assert md.index("charts/meetings.svg") < md.index("## Research question 2") < md.index("charts/stances.svg")


def test_matplotlib_loads_only_when_drawing():
    code = ("import sys, paris_kg.views.report, paris_kg.views.charts, paris_kg.views.chart_stances, "
            "paris_kg.views.chart_svg; print('matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


# ---------------------------------------------------------------- sources, statement by statement

DEV = "Article, section on how the meetings developed"
VP = "Article, section on the Vietnamese position on withdrawal"
P94 = "Lưu Văn Lợi and Nguyễn Anh Vũ 1996, p. 94"
VIETPEACE = "Vietpeace 2013 (no page given)"
NARA16 = "National Archives 1972, Document No. 16"


@pytest.fixture(scope="module")
def answers(built):
    return answers_chart(built)


@pytest.fixture(scope="module")
def sections(built):
    return {sec.name: sec for secs in collect(built).values() for sec in secs}


def _report(sections, name: str, column: str, value: str) -> list[tuple[str, tuple[str, ...]]]:
    """The report row's sources (``[(fact names, citation texts)]``), as a chart's ``cited`` holds them."""
    sec = sections[name]
    i = sec.columns.index(column)
    found = [groups for row, groups in zip(sec.rows, sec.sources) if row[i] is not None and row[i].value == value]
    assert len(found) == 1, (name, value, len(found))
    return [(names, tuple(texts)) for names, texts in found[0]]


def _proposal(answers, slug: str) -> dict:
    [found] = [p for p in answers.data["ladder"] if p["item"].endswith("/proposal/" + slug)]
    return found


def test_answers_chart_cites_each_mark_by_its_own_statements(answers, sections):
    """A proposal's circle cites its date and proposer exactly as the report row does; an answer
    its date, the proposal it answers, who answered and how, exactly as the responses row does."""
    plan = _proposal(answers, "1969-05-14-us-eight-point-plan")
    assert plan["cited"] == (("date, proposer", (DEV, VP)),)
    report = _report(sections, "proposals-in-order", "proposal", "1969-05-14-us-eight-point-plan")
    assert report == [("date, proposer", (DEV, VP)), ("points", (DEV,)), ("venue", (VP,))]
    assert list(plan["cited"]) == [g for g in report if g[0] == "date, proposer"]
    assert [r for r in answers.table if r[1] == plan["label"]] == [
        ["1969-05-14", plan["label"], "US", "", "no answer recorded", "", [("proposal", plan["cited"])]]]
    # the DRV draft of October 1972 cites three sources as a whole; its date rests on one of them only
    draft = _proposal(answers, "1972-10-08-drv-draft-agreement")
    assert draft["cited"] == (("date", (DEV,)), ("proposer", (DEV, VP, VIETPEACE)))
    [accepted] = draft["answers"]
    assert accepted["cited"] == (("date", (DEV,)), ("proposal, respondent, response", (DEV, VP)))
    assert list(accepted["cited"]) == _report(sections, "responses", "date", "1972-10-22")
    assert [r[-1] for r in answers.table if r[1] == draft["label"]] == [[("proposal", draft["cited"]), ("answer", accepted["cited"])]]


def test_answers_tooltips_name_the_facts_beside_their_sources(answers):
    svg = DRAW["answers"](answers)
    assert (f"<title>US eight-point proposal (May 1969) — 1969-05-14 — proposed by US\n"
            f"date, proposer: {DEV}; {VP}</title>") in svg
    draft = _proposal(answers, "1972-10-08-drv-draft-agreement")
    assert f"<title>{draft['label']} — 1972-10-08 — proposed by DRV\ndate: {DEV} · proposer: {DEV}; {VP}; {VIETPEACE}</title>" in svg
    assert "sources:" not in svg  # the old tooltips listed every citation of the resource


def test_stance_segments_cite_each_basis(stances, sections):
    """A stretch cites each of its bases: a term by its proposal's date and proposer and the
    term's own statements, a position by its dates, holder, stance and issues (as its report row)."""
    turn = next(s for s in stances["segments"] if s["row"] == ("US", "nv-forces") and s["start"] == date(1970, 10, 7))
    position = "US (1971): full American withdrawal no longer tied to the North's"
    assert turn["sources"] == [("US five-point proposal (October 1970)", (("date, proposer, obligation", (DEV,)),)),
                               (f"{position} (position: no longer requires)", (("when, holder, stance, issues", (VP,)),))]
    assert list(turn["sources"][1][1]) == _report(sections, "positions-over-time", "position", position)
    # the same proposal cites its deadline on the deadline row only
    plan = "US eight-point proposal (May 1969)"
    bases = {(s["row"], basis): cited for s in stances["segments"] for basis, cited in s["sources"]}
    assert bases[(("US", "deadline"), plan)] == (("date, proposer", (DEV, VP)), ("obligation, deadline", (VP,)))
    assert bases[(("US", "us-forces"), plan)] == (("date, proposer", (DEV, VP)), ("obligation", (VP,)))
    # Hồ Chí Minh's July 1969 demand: p. 94 of the book, as the article's section gives it
    assert bases[(("DRV", "us-forces"), "Hồ Chí Minh's demand for a total, unconditional withdrawal (July 1969)")] == (
        ("date, proposer, obligation", (VP, P94)),)
    assert all(not s["sources"] for s in stances["segments"] if s["obligation"] == "not-stated")


def test_stance_markers_cite_the_term_or_issue_they_show(stances):
    marker = {(m["row"], m["label"]): m["sources"] for m in stances["markers"]}
    assert marker[(("US", "nv-forces"), "US eight-point proposal (May 1969)")] == (
        ("date, proposer", (DEV, VP)), ("obligation", (VP,)))
    text = "Agreement text completed by the DRV and the US (October 1972)"  # names issues, no withdrawal term
    assert marker[(("US", "us-forces"), text)] == (("date, proposer, issues", (DEV,)),)
    assert marker[(("US", "nv-forces"), "US answers the NLF ten points with its eight (May 1969)")] == (
        ("date, proposal, respondent, response", (VP,)),)


def test_meetings_phases_cite_their_start_and_end(built, sections):
    phases = meetings_chart(built).data["phases"]
    assert [p["cited"] for p in phases] == [(("start, end", (DEV, NARA16)),)] * 2
    for p in phases:  # the report cites the same statements (and the phase's other facts) the same way
        [(names, texts)] = _report(sections, "conference-phases", "phase", p["phase"])
        assert names.startswith("start, end") and texts == p["cited"][0][1]
    with pytest.raises(InputError, match=r"conference-phases.rq: no # cites: line names nonsense"):
        named(built, "conference-phases", cite=("start", "nonsense"))


def test_every_chart_is_byte_identical_when_made_again(built):
    for name, make in (("meetings", meetings_chart), ("stances", stances_chart), ("answers", answers_chart)):
        assert DRAW[name](make(built)) == DRAW[name](make(built)), name


def test_chart_tables_show_sources_as_lists_and_escape_them(answers):
    html = render("_chart.html", chart=answers)
    assert (f'<td class="sources"><ul><li>proposal — <span class="facts">date, proposer</span>: {DEV}; {VP}</li>'
            "</ul></td>") in html
    hostile = "<img src=x onerror=alert(1)>"
    chart = Chart("h", hostile, "1", hostile, ["a", "sources"],
                  [[hostile, [(hostile, ((hostile, (hostile, "B & C")),))]]], {})
    html = render("_chart.html", chart=chart)
    assert "<img" not in html and html.count("&lt;img src=x onerror=alert(1)&gt;") == 6
    assert '<li>&lt;img src=x onerror=alert(1)&gt; — <span class="facts">&lt;img' in html and "B &amp; C" in html


def test_answers_chart_draws_a_legible_number_of_proposals(answers, monkeypatch):
    """Past MAX_LADDER proposals the ladder draws the first ones only and says so in its title;
    the data beneath the chart keeps every proposal."""
    from paris_kg.views import chart_svg

    monkeypatch.setattr(chart_svg, "MAX_LADDER", 5)
    svg = DRAW["answers"](answers)
    drawn = [p for p in answers.data["ladder"] if f"<title>{p['label']} — {p['date']} — proposed by" in svg]
    assert drawn == answers.data["ladder"][:5]
    assert "<title>Who answered whom: each proposal and the answer it got (the first 5 of 21 proposals); " \
           "the data beneath the chart lists all 21</title>" in svg
    assert len({r[1] for r in answers.table}) == 21
    monkeypatch.setattr(chart_svg, "MAX_LADDER", 21)
    assert "(the first" not in DRAW["answers"](answers)


def test_stances_chart_summarises_the_whole_period_past_a_legible_number_of_marks(monkeypatch):
    """Past MAX_STANCE_MARKS marks the stances chart still covers the whole period: in each of
    SUMMARY_SPANS equal spans a row shows the stance held there the longest, its markers one per
    span that has any; every band has its tooltip, the markers of a kind one for them all, and
    the title says so. Below it every mark is drawn with its own tooltip."""
    from paris_kg.views import chart_svg

    def seg(start, end, obligation):
        return {"row": ("US", "q"), "start": start, "end": end, "obligation": obligation, "label": obligation,
                "since": start.isoformat(), "sources": []}

    chart = Chart("stances", "Stances", "2", "", [], [], {
        "rows": [("US", "q")], "questions": {"q": "A question"}, "labels": {k: k for k in chart_svg.STANCE_COLOURS},
        "start": date(1969, 1, 1), "end": date(1972, 1, 1),
        "segments": [seg(date(1969, 1, 1), date(1969, 9, 1), "required"), seg(date(1969, 9, 1), None, "offered")],
        "markers": [{"row": ("US", "q"), "kind": "proposal", "day": date(1969, 1 + i, 15), "label": f"plan {i}",
                     "date": f"1969-{1 + i:02d}-15", "detail": "required", "sources": ()} for i in range(6)]
                   + [{"row": ("US", "q"), "kind": "answer", "day": date(1971, 6, 1), "label": "reply",
                       "date": "1971-06-01", "detail": "rejected", "sources": ()}]})
    monkeypatch.setattr(chart_svg, "SUMMARY_SPANS", 3)  # 390 days each, from 1969-01-01 to 1972-03-16
    monkeypatch.setattr(chart_svg, "MAX_STANCE_MARKS", 8)
    svg = DRAW["stances"](chart)
    titles = re.findall(r"<title>([^<]*)</title>", svg)
    assert titles == [
        # span 1: 243 days required, 147 offered; spans 2 and 3 offered
        "US, A question: mostly required from 1969-01-01 to 1970-01-26",
        "US, A question: mostly offered from 1970-01-26 to 1972-03-16",
        "US, A question: 1 answer from 1971-02-20 to 1972-03-16, a marker in each span that has any",
        "US, A question: 6 proposals from 1969-01-01 to 1970-01-26, a marker in each span that has any",
        "Stances\nsummarised: 2 stretches and 7 markers in 3 equal spans: in each span of about 390 days a row "
        "shows the stance held there the longest, and one marker where it has proposals or answers; the data "
        "beneath the chart lists each"]
    assert "plan 0" not in svg
    monkeypatch.setattr(chart_svg, "MAX_STANCE_MARKS", 9)
    svg = DRAW["stances"](chart)
    assert "summarised" not in svg and svg.count("<title>") == 9 and all(f"plan {i}" in svg for i in range(6))


def test_a_stance_summary_breaks_ties_in_the_legend_order_and_leaves_unknown_spans_empty():
    from paris_kg.views.chart_svg import STANCE_COLOURS
    from paris_kg.views.stance_summary import summarise_stances

    data = {"start": date(1970, 1, 1), "questions": {"q": "Q"}, "labels": {"required": "req", "offered": "off"},
            "segments": [{"row": ("DRV", "q"), "start": date(1970, 1, 1), "end": date(1970, 1, 6), "obligation": "offered"},
                         {"row": ("DRV", "q"), "start": date(1970, 1, 6), "end": date(1970, 1, 11), "obligation": "required"}],
            "markers": []}
    bands, marks = summarise_stances(data, date(1970, 1, 31), 3, list(STANCE_COLOURS))  # 10 days a span; nothing known after the 11th
    # 5 days each in the first span: the legend's first wins; the spans after it hold nothing
    assert [(b["start"], b["end"], b["obligation"]) for b in bands] == [(date(1970, 1, 1), date(1970, 1, 11), "required")]
    assert marks == []


def test_meetings_chart_shades_a_legible_number_of_phases(built, monkeypatch):
    from paris_kg.views import chart_svg

    chart = meetings_chart(built)
    assert DRAW["meetings"](chart).count('id="meetings-phase-') == 2
    monkeypatch.setattr(chart_svg, "MAX_PHASES", 1)
    svg = DRAW["meetings"](chart)
    assert svg.count('id="meetings-phase-') == 1 and 'id="meetings-phase-0"' in svg


def test_the_finding_sums_up_a_row_of_many_stances_and_lists_a_short_one():
    from paris_kg.views.chart_stances import MAX_STRETCHES_SAID, row_sentence

    def run(start, end, label):
        return {"start": start, "end": end, "label": label, "since": start.isoformat()}

    short = [run(date(1968, 5, 13), date(1970, 10, 7), "required"), run(date(1970, 10, 7), None, "explicitly not required")]
    assert row_sentence("US", "Q", short, date(1973, 1, 27)) == (
        "US on 'Q': required from 1968-05-13; then explicitly not required from 1970-10-07.")
    many = [run(date(1950 + i, 1, 1), date(1950 + i, 3, 1), "offered") if i % 2 else
            run(date(1950 + i, 1, 1), date(1951 + i, 1, 1), "required") for i in range(MAX_STRETCHES_SAID)]
    many.append(run(date(1960, 1, 1), None, "refused"))  # open: lasts until the end given
    # required: 1950, 1952, 1954, 1956 whole (1,462 days); offered: 4 x 59 days; refused: 182 days (1960 is leap)
    assert row_sentence("DRV", "Q", many, date(1960, 7, 1)) == (
        f"DRV on 'Q': {MAX_STRETCHES_SAID + 1} stances from 1950-01-01 to 1960-01-01, required on the most days (78 %).")
