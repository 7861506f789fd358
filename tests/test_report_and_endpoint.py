"""`paris-kg report` and `paris-kg query --endpoint` against a real Oxigraph server."""
from __future__ import annotations

import re
import shutil

import pytest
from click.testing import CliRunner

from paris_kg.query.catalogue import named_queries
from paris_kg.cli import main
from paris_kg.query.formatting import as_markdown
from paris_kg.query.engine import run_local
from paris_kg.views.report import RESEARCH_QUESTIONS, collect, write_report

from conftest import free_port, oxigraph_server


@pytest.fixture(scope="module")
def report(built):
    md, page = write_report(built)
    return md.read_text(encoding="utf-8"), page.read_text(encoding="utf-8")


def test_report_has_the_three_research_questions(report):
    md, page = report
    for n, question in RESEARCH_QUESTIONS.items():
        assert f"## Research question {n}: {question}" in md
        assert f"Research question {n}: {question.replace(chr(39), '&#39;')}" in page


@pytest.fixture(scope="module")
def sections(built):
    return {sec.name: sec for secs in collect(built).values() for sec in secs}


def test_report_tables_match_the_queries(built, report, sections):
    """Every column and row of the query, in its order; only the sources cell is cited per statement."""
    md, _ = report
    chosen = [qf for qf in named_queries(built) if qf.first("report")]
    assert len(chosen) == len(sections) == 16
    for qf in chosen:
        result, sec = run_local(built, qf), sections[qf.name]
        assert sec.columns == result.columns and "sources" in sec.columns, qf.name
        keep = [i for i, c in enumerate(result.columns) if c != "sources"]
        assert [[r[i] for i in keep] for r in sec.rows] == [[r[i] for i in keep] for r in result.rows], qf.name
        assert as_markdown(sec.columns, sec.rows) in md, qf.name
        assert all(groups for groups in sec.sources), qf.name  # every row cites something


DEV = "Article, section on how the meetings developed"
VP = "Article, section on the Vietnamese position on withdrawal"


def _row(sec, column: str, value: str) -> int:
    i = sec.columns.index(column)
    found = [n for n, row in enumerate(sec.rows) if row[i] is not None and row[i].value == value]
    assert len(found) == 1, (sec.name, value, found)
    return found[0]


def test_report_cites_each_fact_of_the_us_eight_point_plan(sections, report):
    """The May 1969 proposal: the article's developments section gives its date, proposer and
    eight points; the section on the Vietnamese position its date, proposer, venue (Nixon's
    address) and terms (both withdrawals, 12 months after signing)."""
    sec = sections["proposals-in-order"]
    n = _row(sec, "proposal", "1969-05-14-us-eight-point-plan")
    assert sec.sources[n] == [("date, proposer", [DEV, VP]), ("points", [DEV]), ("venue", [VP])]
    cell = sec.rows[n][sec.columns.index("sources")].value
    assert cell == f"date, proposer: {DEV}; {VP} · points: {DEV} · venue: {VP}"
    assert f"| 8 | Nixon sets out the American eight-point proposal | {cell} |" in report[0]
    assert ('<td>8</td><td>Nixon sets out the American eight-point proposal</td><td class="sources"><ul>'
            f'<li><span class="facts">date, proposer</span>: {DEV}; {VP}</li><li><span class="facts">points</span>: {DEV}</li>'
            f'<li><span class="facts">venue</span>: {VP}</li></ul></td>') in report[1]
    sec = sections["north-vietnamese-withdrawal-required"]
    n = _row(sec, "proposal", "US eight-point proposal (May 1969)")
    assert sec.sources[n] == [("date, proposer", [DEV, VP]), ("required, deadline", [VP])]
    sec = sections["withdrawal-deadlines"]
    rows = [n for n, r in enumerate(sec.rows) if r[sec.columns.index("proposal")].value == "US eight-point proposal (May 1969)"]
    assert [sec.sources[n] for n in rows] == [[("date, proposer", [DEV, VP]), ("forces, deadline", [VP])]] * 2


def test_report_cites_pages_editors_and_split_values(sections):
    # Hồ Chí Minh's July 1969 demand: p. 94 of Lưu Văn Lợi and Nguyễn Anh Vũ (1996), as the article's
    # section on the Vietnamese position gives it (its date by statement, the rest by the whole-resource rule)
    sec = sections["proposals-in-order"]
    n = _row(sec, "proposal", "1969-07-17-drv-demand-total-withdrawal")
    assert sec.sources[n] == [("date, proposer, venue", [VP, "Lưu Văn Lợi and Nguyễn Anh Vũ 1996, p. 94"])]
    # a date no source gives is marked as the editors' (the Vietnam War)
    sec = sections["chronology"]
    assert sec.sources[_row(sec, "event", "vietnam-war")] == [("date", ["added by the editors"])]
    # one column, two values on different grounds: each value named with its own
    sec = sections["positions-over-time"]
    n = _row(sec, "position", "DRV: fight and negotiate at the same time")
    nhung, thang = "Phạm Thị Nhung 2013 (no page given)", "Vũ Chiến Thắng 2018 (no page given)"
    assert sec.sources[n] == [("when", ["Article, conclusion"]),
                              ("holder (Democratic Republic of Vietnam), stance, issues", [nhung, thang]),
                              ("holder (Vietnam Workers' Party)", ["added by the editors"])]
    # a session row cites what was tabled there by the statement "proposal presented at session"
    sec = sections["plenary-sessions"]
    n = _row(sec, "session", "84th plenary session")
    assert sec.sources[n] == [("date", [DEV, VP]), ("number, tabled", [DEV])]


def test_report_query_without_cites_lines_is_refused(built, tmp_path):
    from paris_kg.errors import InputError
    from paris_kg.evidence import Evidence
    from paris_kg.sparql_files import QueryFile, parse_header
    from paris_kg.store import open_built_store
    from paris_kg.views.report import _section

    text = "# title: t\n# report: 1.9\nSELECT ?x ?sources WHERE { ?x a ?c } LIMIT 1\n"
    with pytest.raises(InputError, match="needs # cites: lines"):
        _section(built, "1.9", QueryFile("t", "t.rq", text, parse_header(text)), Evidence(open_built_store(built)))
    text = "# title: t\n# cites: date x date\nSELECT ?sources WHERE { ?x a ?c } LIMIT 1\n"
    with pytest.raises(InputError, match=r"t.rq: # cites: date x date: 'date' is not a prefixed name"):
        _section(built, "1.9", QueryFile("t", "t.rq", text, parse_header(text)), Evidence(open_built_store(built)))
    text = "# title: t\n# cites: date x pk:date\nSELECT DISTINCT ?sources WHERE { ?x a ?c } LIMIT 1\n"
    with pytest.raises(InputError, match="cannot add its hidden columns to SELECT DISTINCT"):
        _section(built, "1.9", QueryFile("t", "t.rq", text, parse_header(text)), Evidence(open_built_store(built)))


def test_report_html_is_self_contained_and_escaped(report):
    _, page = report
    assert not re.search(r"""(src|href)\s*=\s*["']?https?:""", page)
    assert "<script" not in page
    # labels are escaped as text (apostrophes become entities, nothing raw)
    assert "<td>Hồ Chí Minh&#39;s demand for a total, unconditional withdrawal (July 1969)</td>" in page
    assert page.count("<table>") == 16


def test_report_command_writes_both_files(built):
    result = CliRunner().invoke(main, ["--dist", str(built.dist), "report"])
    assert result.exit_code == 0
    assert result.output == f"wrote {built.dist / 'report.md'}\nwrote {built.dist / 'report.html'}\n"


# ---------------------------------------------------------------- --endpoint

@pytest.fixture(scope="module")
def endpoint(built, tmp_path_factory):
    """A real Oxigraph SPARQL server over a copy of the built store, on a free loopback port."""
    location = tmp_path_factory.mktemp("served") / "store"
    shutil.copytree(built.store_dir, location)
    with oxigraph_server("serve-read-only", "--location", str(location), "--union-default-graph") as base:
        yield f"{base}/query"


@pytest.mark.parametrize("args", [
    ["proposals-in-order"],
    ["chronology", "-p", "year=1972", "-p", "kind=MilitaryOperation"],
    ["facts-by-source", "-p", "source=source:luu-van-loi-nguyen-anh-vu-1996", "-p", "page=152"],
    ["positions-over-time", "-p", "side=DRV"],
])
@pytest.mark.parametrize("fmt", ["tsv", "json"])
def test_endpoint_gives_the_same_answers_as_the_store(built, endpoint, args, fmt):
    local = CliRunner().invoke(main, ["--dist", str(built.dist), "query", *args, "-f", fmt])
    remote = CliRunner().invoke(main, ["--dist", str(built.dist), "query", *args, "-f", fmt, "--endpoint", endpoint])
    assert local.exit_code == remote.exit_code == 0
    assert remote.output == local.output
    assert len(remote.output.splitlines()) > 2


def test_endpoint_syntax_error_reports_line_and_column(built, endpoint, tmp_path):
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT * WHERE {\n  ?s ?p\n}\n")
    result = CliRunner().invoke(main, ["query", str(bad), "--endpoint", endpoint])
    assert result.exit_code == 2
    # the unexpected end of input is after the last newline: line 4, column 1 (the local store says the same)
    assert result.output == f"Error: {bad}: endpoint {endpoint} answered HTTP 400: line 4, column 1: expected OPTIONAL\n"
    local = CliRunner().invoke(main, ["--dist", str(built.dist), "query", str(bad)])
    assert local.output == f"Error: {bad}: line 4, column 1: expected OPTIONAL\n"


def test_unreachable_endpoint_is_one_clear_line(built):
    port = free_port()
    result = CliRunner().invoke(main, ["query", "figures", "--endpoint", f"http://127.0.0.1:{port}/query"])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: cannot reach endpoint http://127.0.0.1:{port}/query:")
    assert len(result.output.splitlines()) == 1


def test_updates_are_refused_before_reaching_the_endpoint(tmp_path):
    upd = tmp_path / "drop.rq"
    upd.write_text("DROP ALL")
    result = CliRunner().invoke(main, ["query", str(upd), "--endpoint", "http://127.0.0.1:9/query"])
    assert result.exit_code == 2
    assert result.output == f"Error: {upd}: DROP is a SPARQL update; paris-kg only runs read-only queries\n"


def test_citing_from_prefetched_properties_gives_the_same_sources(built, sections, monkeypatch):
    """A large table reads its cited properties whole (Evidence.prefetch); every row must cite
    exactly what the lookup per row cites. Forced here on every table of the article."""
    from paris_kg.views import report as report_module

    monkeypatch.setattr(report_module, "PREFETCH_ROWS", -1)
    prefetched = {sec.name: sec for secs in collect(built).values() for sec in secs}
    assert prefetched.keys() == sections.keys()
    assert sum(len(sec.rows) for sec in sections.values()) > 200
    for name, sec in sections.items():
        assert prefetched[name].sources == sec.sources, name
        assert prefetched[name].rows == sec.rows, name
