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
from paris_kg.views.report import RESEARCH_QUESTIONS, write_report

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


def test_report_tables_match_the_queries(built, report):
    md, _ = report
    chosen = [qf for qf in named_queries(built) if qf.first("report")]
    assert len(chosen) == 16
    for qf in chosen:
        result = run_local(built, qf)
        assert "sources" in result.columns, qf.name
        assert as_markdown(result.columns, result.rows) in md, qf.name


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
