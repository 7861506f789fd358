"""The scale bench's build breakdown: every stage the build reports, with wall and CPU time.

``bench/stages.py build`` takes the stage times from the build's own progress listeners, so
the breakdown must name every stage the build runs (a stage renamed or added shows up by
itself) and ``bench/scale_report.py`` must put them, indented, under the build's row, with
work done in a thread under the stage that waits for it.
"""
from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from scale_report import build_stages, cost_table  # noqa: E402


def _stage_names_in_source() -> set[str]:
    """The literal names of ``progress.stage("...")`` in the build package (to cross-check)."""
    names = set()
    for path in (ROOT / "paris_kg" / "build").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "stage"
                    and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                names.add(node.args[0].value)
    return names


def test_build_job_records_every_stage_with_wall_and_cpu(tmp_path):
    out = tmp_path / "build.json"
    subprocess.run([sys.executable, str(ROOT / "bench" / "stages.py"), "build", str(ROOT), str(tmp_path / "dist"),
                    str(out)], check=True, capture_output=True, cwd=ROOT)
    result = json.loads(out.read_text())
    assert result["ok"] is True and (tmp_path / "dist" / "paris-kg.nt").exists()
    names = [s["name"] for s in result["stages"]]
    expected = _stage_names_in_source()
    assert len(expected) >= 5 and expected <= set(names), expected - set(names)
    assert len(names) == len(set(names))
    assert all(s["wall"] >= 0 and s["cpu"] >= 0 for s in result["stages"])
    top = [s for s in result["stages"] if not s["name"].startswith(" ")]
    assert 0 < sum(s["wall"] for s in top) <= result["total"]
    assert result["cpu"] > 0
    shown = list(build_stages(result))
    assert [n for n in shown if not n.startswith(" ")] == [s["name"] for s in top]  # the build's own order
    assert sorted(shown) == sorted(names) and not shown[0].startswith(" ")  # threads' work under a stage
    # the store alone, from the TriG dump: every quad of the build's store, and no directory left
    floor = tmp_path / "store-floor.json"
    subprocess.run([sys.executable, str(ROOT / "bench" / "stages.py"), "store-floor", str(tmp_path / "dist" / "paris-kg.trig"),
                    str(tmp_path), str(floor)], check=True, capture_output=True, cwd=ROOT)
    import pyoxigraph as ox
    built = ox.Store.read_only(str((tmp_path / "dist" / "store").resolve()))
    assert json.loads(floor.read_text())["quads"] == len(built) > 4000
    assert not (tmp_path / "store-floor").exists()
    # the dumps written by Oxigraph alone: every file the build writes, from every built quad
    outputs = tmp_path / "outputs-floor.json"
    subprocess.run([sys.executable, str(ROOT / "bench" / "stages.py"), "outputs-floor", str(tmp_path / "dist"),
                    str(tmp_path), str(outputs)], check=True, capture_output=True, cwd=ROOT)
    written = json.loads(outputs.read_text())
    dumps = {p.name for p in (tmp_path / "dist").glob("paris-kg.*") if p.name != "paris-kg.context.jsonld"}
    assert set(written["writes"]) == dumps and len(dumps) == 7
    assert set(written["loads"]) == {"paris-kg.trig", "paris-kg.rdf12.nt"}
    assert written["quads"] == len(built) and written["cores"] >= 1
    assert written["cpu"] == pytest.approx(sum(w["cpu"] for w in written["writes"].values()))
    assert not (tmp_path / "outputs-floor").exists()


def _run(label: str, build: dict) -> dict:
    return {"label": label, "target": 1000, "authored": 1000, "built": 2500, "floor": {"wall": 0.5},
            "build": {"wall": 3.0, "rss": 200 * 2**20, **build}, "report": {"wall": 1.0}, "export": {"wall": 0.25},
            "graph": {"error": "timed out"}, "dump_load": {"total": 0.1}, "queries": {"queries": {}}}


def test_report_table_shows_stages_under_the_build():
    new = {**_run("1k", {"cpu": 2.5, "stages": [
        {"name": "load the sources", "wall": 1.0, "cpu": 0.5},
        {"name": "  (gzip, in a thread)", "wall": 0.75, "cpu": 0.25},  # reported before the stage that waits
        {"name": "gzip", "wall": 0.002, "cpu": 0.001},
        {"name": "write", "wall": 0.5, "cpu": 0.5}]}), "store_floor": {"wall": 1.25, "cpu": 2.0},
        "outputs_floor": {"cpu": 1.0, "cores": 2}}
    old = _run("2k", {"stages": {"load the sources": 2.0}, "dumps": {"write": 1.5}})
    assert list(build_stages(new["build"])) == ["load the sources", "gzip", "  (gzip, in a thread)", "write"]
    rows = cost_table([new, old])
    start = rows.index("| **paris-kg build** (wall, and CPU in the process) | 3,000 ms (2,500 ms CPU) | 3,000 ms |")
    assert rows[start + 1:start + 6] == [
        "| &emsp;`load the sources` | 1,000 ms (500 ms CPU) | 2,000 ms |",
        "| &emsp;`gzip` | 2 ms (1 ms CPU) | – |",
        "| &emsp;&emsp;`(gzip, in a thread)` | 750 ms (250 ms CPU) | – |",
        "| &emsp;`write` | 500 ms (500 ms CPU) | 1,500 ms |",
        "| build ÷ floor | 6.0× | 6.0× |"]
    assert "| paris-kg graph (page) | failed | failed |" in rows
    assert ("| the outputs alone by Oxigraph: dumps + store, CPU ÷ cores (the least any build of them takes; "
            "not a target) | 1,500 ms (3.0× floor) | – |") in rows
    assert ("| the query store alone (every built quad bulk-loaded on disk, compacted; not a target) | 1,250 ms | – |"
            in rows)
    from scale_report import verdicts
    for run in (old, new):
        run["queries"] = {"queries": {"q": {"rows": 1, "seconds": 0.01}}}
    lines, _ = verdicts([old, new])
    assert "  info  the query store alone: 1.2 s (2.5x the floor); build 1.7x floor + store" in lines
    assert ("  info  the outputs alone, written by Oxigraph: dumps 1.0 CPU s + store 2.0 CPU s on 2 cores = "
            "at least 1.5 s, 3.0x the floor (build 2.0x that)") in lines
    lines, _ = verdicts([new, old])  # measured before the outputs floor: no line, no error
    assert not any("outputs alone" in line for line in lines)


def test_the_engines_own_per_row_growth_is_shown_beside_the_verdict_not_judged():
    from scale_report import verdicts

    small, large = _run("10k", {}), _run("1M", {})
    small["queries"] = {"queries": {"q": {"rows": 10, "seconds": 0.010}}, "reference": {"rows": 1000, "seconds": 0.002}}
    large["queries"] = {"queries": {"q": {"rows": 1000, "seconds": 2.5}}, "reference": {"rows": 100_000, "seconds": 0.3}}
    lines, failed = verdicts([small, large])
    assert "  FAIL  query cost per row flat 10k -> 1M (<= x2); grows: q x2.5 per row" in lines
    assert ("  info  the engine's own cost per row 10k -> 1M: x1.50 (every rdfs:label read whole, no join, "
            "no sort: 1,000 -> 100,000 rows)") in lines
    del small["queries"]["reference"]  # results from before it was measured: no line, no error
    lines, _ = verdicts([small, large])
    assert not any("engine's own" in line for line in lines)


def test_the_reference_query_reads_every_label(tmp_path):
    import pyoxigraph as ox
    from stages import REFERENCE_QUERY, _best_of_runs

    store = ox.Store()
    store.bulk_load(b'<urn:a> <http://www.w3.org/2000/01/rdf-schema#label> "a" .\n'
                    b'<urn:b> <http://www.w3.org/2000/01/rdf-schema#label> "b"@en .\n'
                    b'<urn:b> <urn:p> "not a label" .\n', format=ox.RdfFormat.N_TRIPLES)
    rows, best = _best_of_runs(store, REFERENCE_QUERY)
    assert rows == 2 and best > 0


def test_the_queries_keep_their_best_time_over_processes_and_must_agree_on_rows():
    from stages import best_of_processes

    def result(open_s, people_s, ref_s, people_rows=99):
        return {"open": open_s, "queries": {"people": {"rows": people_rows, "seconds": people_s, "aggregate": False},
                                            "statement-coverage": {"rows": 9, "seconds": 0.5, "aggregate": True}},
                "reference": {"rows": 1688, "seconds": ref_s}}

    merged = best_of_processes([result(0.2, 0.013, 0.007), result(0.1, 0.007, 0.009), result(0.3, 0.011, 0.008)])
    assert merged == {"open": 0.1, "processes": 3,
                      "queries": {"people": {"rows": 99, "seconds": 0.007, "aggregate": False},
                                  "statement-coverage": {"rows": 9, "seconds": 0.5, "aggregate": True}},
                      "reference": {"rows": 1688, "seconds": 0.007}}
    with pytest.raises(RuntimeError, match=r"people: \[99, 98\] rows in 2 processes on one store"):
        best_of_processes([result(0.2, 0.013, 0.007), result(0.1, 0.007, 0.009, people_rows=98)])


def test_the_queries_job_times_every_size_in_one_process(built, tmp_path):
    """Two sizes (here the article's build twice): every named query and the reference timed on
    each, with the rows of each size, in one fresh process."""
    params = tmp_path / "params.json"
    proposal = "https://w3id.org/paris-kg/id/proposal/1969-05-14-us-eight-point-plan"
    params.write_text(json.dumps({
        "actor-meetings": {"actor": "https://w3id.org/paris-kg/id/person/le-duc-tho"},
        "events-near-proposal": {"proposal": proposal, "days": "60"}, "evidence": {"subject": proposal},
        "facts-by-source": {"source": "https://w3id.org/paris-kg/id/source/luu-van-loi-nguyen-anh-vu-1996"},
        "proposal-terms": {"proposal": proposal},
        "reasons-for-position": {"position": "https://w3id.org/paris-kg/id/position/"
                                             "1968-11-nixon-insists-on-north-vietnamese-withdrawal"}}))
    sizes = [{"label": label, "root": str(built.root), "dist": str(built.dist), "params": str(params)}
             for label in ("a", "b")]
    (tmp_path / "sizes.json").write_text(json.dumps(sizes))
    subprocess.run([sys.executable, str(ROOT / "bench" / "stages.py"), "queries", str(tmp_path / "sizes.json"),
                    str(tmp_path / "out.json")], check=True, timeout=600)
    out = json.loads((tmp_path / "out.json").read_text())
    assert sorted(out) == ["a", "b"]
    names = sorted(p.stem for p in (Path(built.root) / "queries").glob("*.rq"))
    for label in ("a", "b"):
        assert sorted(out[label]["queries"]) == names
        assert all(q["seconds"] > 0 for q in out[label]["queries"].values())
    assert {n: q["rows"] for n, q in out["a"]["queries"].items()} == {n: q["rows"] for n, q in out["b"]["queries"].items()}
    assert out["a"]["queries"]["proposals-in-order"]["rows"] == 21  # the article's proposals
    assert out["a"]["queries"]["statement-coverage"]["aggregate"] and not out["a"]["queries"]["people"]["aggregate"]
    assert out["a"]["reference"]["rows"] == out["b"]["reference"]["rows"] > 0
