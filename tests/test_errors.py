"""Bad input gets one clear message, the right exit code, and leaves dist/ untouched."""
from __future__ import annotations

import hashlib

import pytest
from click.testing import CliRunner

from paris_kg.build.pipeline import build
from paris_kg.cli import main

from conftest import edit


def run(layout, *args):
    return CliRunner().invoke(main, ["--root", str(layout.root), "--dist", str(layout.dist), *args])


def snapshot(layout) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(layout.dist.iterdir()) if p.is_file()}


@pytest.fixture
def built_copy(project_copy):
    """A scratch project that has already been built once (so there is a dist/ to protect)."""
    build(project_copy)
    return project_copy


def _refused_at_its_line(layout, edited: str) -> None:
    """``figures.ttl``'s first value replaced by ``edited``: the build stops with one line that
    names the file and the edited line, and dist/ is left as it was."""
    before = snapshot(layout)
    target = layout.data_dir / "figures.ttl"
    edit(target, "pk:value 45 ;", edited)
    result = run(layout, "build")
    assert result.exit_code == 2
    line = next(i for i, t in enumerate(target.read_text().splitlines(), 1) if edited in t)
    assert result.output.startswith(f"Error: {target}:{line}:")
    assert len(result.output.strip().splitlines()) == 1
    assert snapshot(layout) == before


def test_malformed_turtle_names_file_line_and_column(built_copy):
    _refused_at_its_line(built_copy, "pk:value 45 ;;;; )")


def test_an_invalid_iri_in_a_source_is_refused_though_the_dumps_are_read_back_leniently(built_copy):
    """The build parses its own N-Triples back without checking IRIs again (``lenient``); the
    sources are still parsed strictly: ``{`` may not stand in an IRI."""
    _refused_at_its_line(built_copy, "pk:value 45 ; rdfs:seeAlso <https://example.org/a{b}> ;")


def test_of_several_faulty_files_the_first_in_file_order_is_named(project_copy):
    """Files are parsed two at a time, the largest first; the error is still the first file's."""
    for name in ("actors.ttl", "statement-citations.ttl", "events.ttl"):
        path = project_copy.data_dir / name
        path.write_text(path.read_text(encoding="utf-8") + "\n<broken> <in> " + name + " .\n", encoding="utf-8")
    for attempt in range(3):  # whichever thread ends first
        result = run(project_copy, "build")
        assert result.exit_code == 2
        assert result.output.startswith(f"Error: {project_copy.data_dir / 'actors.ttl'}:")
        assert len(result.output.strip().splitlines()) == 1


def test_malformed_shapes_file_is_reported_too(built_copy):
    edit(built_copy.shapes_file, "pks:PlaceShape a sh:NodeShape ;", "pks:PlaceShape a sh:NodeShape ;; ]")
    result = run(built_copy, "validate")
    assert result.exit_code == 2
    assert f"{built_copy.shapes_file}:" in result.output


def _violations(result) -> list[str]:
    return [line for line in result.output.splitlines() if " \u2014 " in line]


def test_event_without_date_is_a_shacl_violation(built_copy):
    before = snapshot(built_copy)
    edit(built_copy.data_dir / "events.ttl",
         '    pk:date "1969-01-25"^^xsd:date ;\n    pk:sessionNumber 1 ;', "    pk:sessionNumber 1 ;")
    result = run(built_copy, "build")
    assert result.exit_code == 1
    assert "event:1969-01-25-first-plenary-session \u2014 - \u2014 an event needs a pk:date or a pk:startDate" \
        in _violations(result)
    assert result.output.rstrip().endswith("validation violation(s)")
    assert snapshot(built_copy) == before


def test_event_without_citation_is_a_shacl_violation(built_copy):
    edit(built_copy.data_dir / "events.ttl",
         '    pk:summary "Opening plenary of the four-party conference."@en ;\n    pk:citation cite:article-developments .',
         '    pk:summary "Opening plenary of the four-party conference."@en .')
    result = run(built_copy, "validate")
    assert result.exit_code == 1
    assert ("event:1969-01-25-first-plenary-session \u2014 pk:citation \u2014 "
            "needs at least one pk:citation to a pk:Citation") in _violations(result)


def test_proposal_without_proposer_is_a_shacl_violation(built_copy):
    edit(built_copy.data_dir / "proposals.ttl",
         "    pk:proposedBy organisation:prg ; pk:presentedBy person:nguyen-thi-binh ;\n"
         "    pk:presentedAt event:1970-12-10-94th-plenary-session ;",
         "    pk:presentedBy person:nguyen-thi-binh ;\n    pk:presentedAt event:1970-12-10-94th-plenary-session ;")
    result = run(built_copy, "validate")
    assert result.exit_code == 1
    assert ("proposal:1970-12-10-prg-three-point-plan \u2014 pk:proposedBy \u2014 "
            "a proposal needs a pk:proposedBy that is a pk:Actor") in _violations(result)


def test_every_violation_is_listed(built_copy):
    """Two independent faults give two lines, not just the first one."""
    edit(built_copy.data_dir / "figures.ttl", "pk:value 45 ;", "")
    edit(built_copy.data_dir / "figures.ttl", "pk:value 12 ;", "")
    result = run(built_copy, "validate")
    assert result.exit_code == 1
    lines = _violations(result)
    assert "figure:negotiations-private-meetings \u2014 pk:value \u2014 a figure needs exactly one integer pk:value" in lines
    assert "figure:linebacker-ii-duration \u2014 pk:value \u2014 a figure needs exactly one integer pk:value" in lines


def test_dangling_slug_is_caught_by_qc_query(built_copy):
    edit(built_copy.data_dir / "events.ttl",
         "pk:concerns proposal:1970-12-10-prg-three-point-plan ;",
         "pk:concerns proposal:1970-12-10-prg-three-point-plann ;")
    result = run(built_copy, "validate")
    assert result.exit_code == 1
    assert ("event:1970-12-10-94th-plenary-session \u2014 pk:concerns \u2014 [dangling-iri] points to undescribed "
            "<https://w3id.org/paris-kg/id/proposal/1970-12-10-prg-three-point-plann>") in _violations(result)


def test_misspelt_property_is_caught_by_allow_list(built_copy):
    edit(built_copy.data_dir / "figures.ttl", "pk:value 201 ;", "pk:vaule 201 ; pk:value 201 ;")
    result = run(built_copy, "validate")
    assert result.exit_code == 1
    assert any(line.startswith("figure:negotiations-public-meetings \u2014 pk:vaule \u2014 [unknown-property]")
               for line in _violations(result))


def test_misspelt_class_is_caught(built_copy):
    edit(built_copy.data_dir / "events.ttl",
         "event:1970-12-10-94th-plenary-session a pk:PlenarySession ;",
         "event:1970-12-10-94th-plenary-session a pk:PlenarySesion , pk:Meeting ;")
    result = run(built_copy, "validate")
    assert result.exit_code == 1
    assert any(line.startswith("event:1970-12-10-94th-plenary-session \u2014 rdf:type \u2014 [unknown-class]")
               for line in _violations(result))


def test_year_typo_is_caught_by_date_range_check(built_copy):
    edit(built_copy.data_dir / "events.ttl", 'pk:date "1969-08-04"^^xsd:date', 'pk:date "1696-08-04"^^xsd:date')
    result = run(built_copy, "validate")
    assert result.exit_code == 1
    assert ("event:1969-08-04-first-kissinger-xuan-thuy-meeting \u2014 pk:date \u2014 [date-out-of-range] "
            "date 1696-08-04 is outside 1945-1975") in _violations(result)


def test_wrong_controlled_value_is_caught(built_copy):
    edit(built_copy.data_dir / "proposals.ttl",
         "pk:forces force:us ; pk:obligation obl:required ;\n    pk:deadline \"1971-06-30\"^^xsd:date ;\n    pk:condition cond:ceasefire ;",
         "pk:forces force:us ; pk:obligation stance:demands ;\n    pk:deadline \"1971-06-30\"^^xsd:date ;\n    pk:condition cond:ceasefire ;")
    result = run(built_copy, "validate")
    assert result.exit_code == 1
    assert any(line.startswith("term:1970-12-10-us-forces \u2014 pk:obligation \u2014 [concept-from-wrong-scheme]")
               for line in _violations(result))


def test_erroneous_claim_must_match_the_plain_triple(built_copy):
    edit(built_copy.data_dir / "events.ttl", 'pk:date "1965-05-26"^^xsd:date ;', 'pk:date "1968-05-26"^^xsd:date ;')
    result = run(built_copy, "validate")
    assert result.exit_code == 1
    assert any(line.startswith("event:1965-05-26-battle-of-nui-thanh \u2014 pk:date \u2014 [accepted-value-not-in-graph]")
               for line in _violations(result))


def test_query_before_build_gives_a_hint(project_copy):
    result = run(project_copy, "query", "proposals-in-order")
    assert result.exit_code == 1
    assert result.output == f"Error: no built graph in {project_copy.dist}: run `paris-kg build` first\n"


def test_query_syntax_error_gives_line_and_column(built, tmp_path):
    bad = tmp_path / "bad.rq"
    bad.write_text("PREFIX pk: <https://w3id.org/paris-kg/ontology#>\nSELECT ?x WHERE {\n  ?x pk:date \n}\n")
    result = CliRunner().invoke(main, ["--dist", str(built.dist), "query", str(bad)])
    assert result.exit_code == 2
    assert result.output.startswith(f"Error: {bad}: line 4, column 1:")


def test_unknown_query_name_suggests_close_names(built):
    result = CliRunner().invoke(main, ["--dist", str(built.dist), "query", "proposals-in-ordr"])
    assert result.exit_code == 2
    assert result.output == "Error: unknown query 'proposals-in-ordr'; did you mean proposals-in-order, proposal-lineage, proposal-terms?\n"


def test_updates_are_refused(built, tmp_path):
    upd = tmp_path / "wipe.rq"
    upd.write_text("# try to wipe the store\nPREFIX pk: <https://w3id.org/paris-kg/ontology#>\nDELETE WHERE { ?s ?p ?o }\n")
    result = CliRunner().invoke(main, ["--dist", str(built.dist), "query", str(upd)])
    assert result.exit_code == 2
    assert result.output == f"Error: {upd}: DELETE is a SPARQL update; paris-kg only runs read-only queries\n"


def test_bad_and_missing_parameters_are_named(built):
    r = CliRunner().invoke(main, ["--dist", str(built.dist), "query", "chronology", "-p", "year=69"])
    assert r.exit_code == 2 and r.output == "Error: parameter year='69': expected a four-digit year\n"
    r = CliRunner().invoke(main, ["--dist", str(built.dist), "query", "chronology", "-p", "decade=1960"])
    assert r.exit_code == 2 and r.output == "Error: chronology: unknown parameter 'decade' (this query takes: kind, year)\n"


def test_missing_required_parameter_is_named(built):
    result = CliRunner().invoke(main, ["--dist", str(built.dist), "query", "actor-meetings"])
    assert result.exit_code == 2
    assert result.output == "Error: actor-meetings: missing required parameter 'actor' (pass --param actor=...)\n"


def test_commands_that_read_dist_say_to_build_first(project_copy):
    for command in (["stats"], ["report"], ["timeline"], ["graph"], ["export", "-f", "json", "-o", "x.json"]):
        result = run(project_copy, *command)
        assert result.exit_code == 1, command
        assert result.output == f"Error: no built graph in {project_copy.dist}: run `paris-kg build` first\n", command
