"""The report's charts: their DATA (read from the graph) holds the article's story, and the SVG is reproducible.

These tests read the numbers behind the pictures, never pixels; the browser test that
screenshots the charts is in test_pages.py.
"""
from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest

from paris_kg.query.catalogue import resolve
from paris_kg.query.engine import run_local
from paris_kg.views.chart_stances import stance_data, stances_chart
from paris_kg.views.chart_svg import DRAW
from paris_kg.views.charts import answers_chart, meetings_chart
from paris_kg.views.report import write_report


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
