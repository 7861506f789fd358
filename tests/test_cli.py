"""The command line, through click's CliRunner and (for the fast path) a real process."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from paris_kg.cli import main

COMMANDS = ["build", "validate", "stats", "queries", "query", "report", "export", "graph", "timeline", "serve", "publish", "site"]


def cli(built, *args):
    return CliRunner().invoke(main, ["--dist", str(built.dist), *args])


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_explains_itself(command):
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    summary = result.output.split("\n\n")[1].strip()
    assert len(summary) > 30, summary


def test_group_help_lists_every_command():
    result = CliRunner().invoke(main, ["--help"])
    listed = [line.split()[0] for line in result.output.split("Commands:")[1].strip().splitlines()]
    assert listed == sorted(COMMANDS)


def test_stats_counts_per_class(built):
    result = cli(built, "stats")
    assert result.exit_code == 0
    counts = dict(line.rsplit(None, 1) for line in result.output.strip().splitlines())
    assert counts["pk:PlenarySession"] == "5"
    assert counts["pk:PrivateMeeting"] == "8"
    assert counts["pk:PeacePlan"] == "10"
    assert counts["pk:Source"] == "13"
    assert counts["pk:Claim"] == "21"
    assert int(counts["triples"]) > 6000


def test_validate_on_real_data(built):
    result = CliRunner().invoke(main, ["validate"])
    assert result.exit_code == 0 and result.output == "valid: 0 violations\n"


def test_queries_lists_names_and_research_questions(built):
    result = cli(built, "queries")
    rows = {line.split()[0]: line.split()[1] for line in result.output.strip().splitlines()}
    assert rows["proposals-in-order"] == "RQ2"
    assert rows["chronology"] == "RQ1"


def test_query_csv_with_parameters(built):
    result = cli(built, "query", "chronology", "--param", "year=1969", "--param", "kind=PrivateMeeting", "--format", "csv")
    assert result.exit_code == 0
    assert result.output == ("date,event,type,label,sources\n"
                             "1969-08-04,1969-08-04-first-kissinger-xuan-thuy-meeting,PrivateMeeting,"
                             "First secret meeting of Kissinger and Xuân Thủy,"
                             '"Article, section on how the meetings developed"\n')  # comma inside: quoted


def test_query_json_is_sparql_results_json(built):
    result = cli(built, "query", "chronology", "-p", "year=1972", "-p", "kind=Election", "-f", "json")
    data = json.loads(result.output)
    assert data["head"]["vars"] == ["date", "event", "type", "label", "sources"]
    assert data["results"]["bindings"] == [{
        "date": {"type": "literal", "value": "1972", "datatype": "http://www.w3.org/2001/XMLSchema#gYear"},
        "event": {"type": "literal", "value": "1972-us-presidential-election"},
        "type": {"type": "literal", "value": "Election"},
        "label": {"type": "literal", "value": "US presidential election of 1972", "xml:lang": "en"},
        "sources": {"type": "literal", "value": "Article, section on the Vietnamese position on withdrawal", "xml:lang": "en"},
    }]


def test_query_tsv_and_table_handle_diacritics(built):
    tsv = cli(built, "query", "chronology", "-p", "year=1968", "-p", "kind=Arrival", "-f", "tsv").output
    assert tsv.splitlines()[1] == ("1968-06-12\t1968-06-12-le-duc-tho-arrives-in-paris\tArrival\t"
                                   "Lê Đức Thọ arrives in Paris as special adviser\t"
                                   "Article, section on the Vietnamese position on withdrawal")
    table = cli(built, "query", "chronology", "-p", "year=1968", "-p", "kind=Arrival").output.splitlines()
    # every border and row line has the same display width, diacritics included
    from paris_kg.query.formatting import display_width
    assert len({display_width(line) for line in table[:-1]}) == 1
    assert table[-1] == "1 row"


def _run_cli(dist, *args, env_extra=None):
    env = dict(os.environ, **(env_extra or {}))
    return subprocess.run([sys.executable, "-m", "paris_kg", "--dist", str(dist), *args],
                          capture_output=True, text=True, env=env)


@pytest.mark.parametrize("args", [
    ["query", "chronology", "-p", "year=1970", "-f", "csv"],
    ["query", "proposals-in-order", "--format=md"],
    ["query", "proposals-in-ordr"],
    ["query", "chronology", "-p", "year=70"],
])
def test_fast_path_matches_click_path(built, args):
    """The click-free fast path prints exactly what the click command prints."""
    fast = _run_cli(built.dist, *args)
    slow = CliRunner().invoke(main, ["--dist", str(built.dist), *args])
    assert fast.returncode == slow.exit_code
    assert fast.stdout + fast.stderr == slow.output


def test_help_and_unknown_options_fall_back_to_click(built):
    result = _run_cli(built.dist, "query", "--frobnicate", "x")
    assert result.returncode == 2
    assert "Error: No such option '--frobnicate'" in result.stderr


CHECK_IMPORTS = """
import sys
sys.argv = ["paris-kg", "--dist", {dist!r}, "query", "proposals-in-order", "-f", "csv"]
from paris_kg import {module}
try:
    {call}
except SystemExit as exc:
    assert exc.code in (0, None), exc.code
heavy = sorted(m for m in ("rdflib", "pyshacl", "networkx", "pyvis", "click", "dataclasses")
               if m in sys.modules)
print("LOADED:" + ",".join(heavy))
"""


def test_query_fast_path_imports_nothing_heavy(built):
    code = CHECK_IMPORTS.format(dist=str(built.dist), module="entry", call="entry.main()")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines()[0] == "date,proposal,label,proposer,points,venue,sources"  # the query really ran
    assert out.splitlines()[-1] == "LOADED:"


def test_query_through_click_imports_no_rdf_or_graph_libraries(built):
    code = CHECK_IMPORTS.format(dist=str(built.dist), module="cli", call="cli.main()")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines()[-1].startswith("LOADED:click")  # this path did go through click
    loaded = out.splitlines()[-1].removeprefix("LOADED:").split(",")
    assert not {"rdflib", "pyshacl", "networkx", "pyvis"} & set(loaded)


def test_readme_documents_every_command():
    """Docs that cannot drift: each CLI command appears in the README's command table."""
    from paris_kg.paths import PROJECT_ROOT

    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    for command in COMMANDS:
        assert f"| `paris-kg {command}" in readme, command


def test_graph_command_writes_one_file_and_no_lib_folder(built, tmp_path):
    """pyvis's own writer drops a lib/ folder into the working directory; ours must not."""
    work = tmp_path / "cwd"
    work.mkdir()
    result = subprocess.run([sys.executable, "-m", "paris_kg", "--dist", str(built.dist), "graph", "-o", "out.html"],
                            cwd=work, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in work.iterdir()) == ["out.html"]
    page = (work / "out.html").read_text(encoding="utf-8")
    assert "cdn.jsdelivr" not in page and "<script src=" not in page and "<link rel=\"stylesheet\"" not in page
