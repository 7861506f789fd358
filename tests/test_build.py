"""The build on the real data: outputs, determinism, and the materialised alignment."""
from __future__ import annotations

import os

import pytest

from paris_kg.build.pipeline import build
from paris_kg.paths import Layout

from conftest import select

DUMP_FILES = ["paris-kg.ttl", "paris-kg.nt", "paris-kg.nt.gz", "paris-kg.jsonld", "paris-kg.trig",
              "paris-kg.context.jsonld", "void.ttl", "paris-kg.rdf12.ttl", "paris-kg.rdf12.nt", "docs/ontology.html"]


def test_build_writes_all_outputs(built):
    assert built.ntriples_dump.stat().st_size > 100_000
    assert built.turtle_dump.read_text(encoding="utf-8").startswith("@prefix pk: <https://w3id.org/paris-kg/ontology#> .")
    assert (built.store_dir).is_dir()
    # one release, the stable links through `current`, the lock file, and no staging leftovers
    assert sorted(p.name for p in built.dist.iterdir()) == [
        ".lock", "current", "docs", "paris-kg.context.jsonld", "paris-kg.jsonld", "paris-kg.nt", "paris-kg.nt.gz",
        "paris-kg.rdf12.nt", "paris-kg.rdf12.ttl", "paris-kg.trig", "paris-kg.ttl", "releases", "store", "void.ttl"]
    releases = list((built.dist / "releases").iterdir())
    assert len(releases) == 1 and releases[0].name.startswith("r-")
    assert (built.dist / "current").resolve() == releases[0].resolve()
    for name in ["docs", "store", *DUMP_FILES[:9]]:
        assert os.readlink(built.dist / name) == f"current/{name}", name


def test_ntriples_dump_is_sorted_and_unique(built):
    lines = built.ntriples_dump.read_text(encoding="utf-8").splitlines()
    assert lines == sorted(set(lines))


def test_two_builds_are_byte_identical(built, tmp_path):
    again = Layout(dist=tmp_path / "again")
    build(again)
    for name in DUMP_FILES:
        assert (again.dist / name).read_bytes() == (built.dist / name).read_bytes(), name


def test_turtle_and_ntriples_hold_the_same_triples(built):
    import pyoxigraph as ox

    ttl = set(ox.parse(path=str(built.turtle_dump), format=ox.RdfFormat.TURTLE))
    nt = set(ox.parse(path=str(built.ntriples_dump), format=ox.RdfFormat.N_TRIPLES))
    assert ttl == nt and len(nt) == len(built.ntriples_dump.read_text(encoding="utf-8").splitlines())


def test_events_are_schema_events_with_name_and_typed_start_date(store):
    rows = select(store, """
        SELECT ?name ?start (DATATYPE(?start) AS ?dt) WHERE {
          event:1969-01-25-first-plenary-session a schema:Event ; schema:name ?name ; schema:startDate ?start .
        }""")
    assert rows == [("First plenary session of the four-party conference", "1969-01-25",
                     "http://www.w3.org/2001/XMLSchema#date")]
    rows = select(store, """SELECT ?start (DATATYPE(?start) AS ?dt) WHERE {
          event:1970-03-politburo-decision schema:startDate ?start }""")
    assert rows == [("1970-03", "http://www.w3.org/2001/XMLSchema#gYearMonth")]
    rows = select(store, """SELECT ?start (DATATYPE(?start) AS ?dt) WHERE {
          event:1968-general-offensive-and-uprising schema:startDate ?start }""")
    assert rows == [("1968", "http://www.w3.org/2001/XMLSchema#gYear")]


def test_every_event_carries_the_schema_alignment(store):
    missing = select(store, """
        SELECT ?e WHERE {
          ?e a pk:Event .
          FILTER NOT EXISTS { ?e a schema:Event ; schema:name ?n ; schema:startDate ?d }
        }""")
    assert missing == []
    assert select(store, "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a schema:Event }") == [("56",)]


def test_spans_get_schema_end_dates(store):
    rows = select(store, "SELECT ?s ?e WHERE { event:paris-conference schema:startDate ?s ; schema:endDate ?e }")
    assert rows == [("1968-05-13", "1973-01-27")]


def test_people_and_organisations_are_schema_typed_and_named(store):
    assert select(store, "SELECT ?n WHERE { person:le-duc-tho a schema:Person ; schema:name ?n }") == [("Le Duc Tho",)]
    assert select(store, """SELECT ?n WHERE { organisation:drv a schema:Organization ; schema:name ?n }""") == [
        ("Democratic Republic of Vietnam",)]
    # every actor is one or the other
    assert select(store, """SELECT ?a WHERE { ?a a pk:Actor .
        FILTER NOT EXISTS { { ?a a schema:Person } UNION { ?a a schema:Organization } } }""") == []


def test_participants_are_schema_participants(store):
    rows = select(store, """SELECT ?p WHERE { event:1970-02-21-first-le-duc-tho-kissinger-meeting schema:participant ?p }
                            ORDER BY ?p""")
    assert [r[0].rsplit("/", 1)[1] for r in rows] == ["henry-kissinger", "le-duc-tho", "xuan-thuy"]
    # pk:orderedBy is a subproperty of pk:participant, so the orderer is a participant too
    rows = select(store, "SELECT ?p WHERE { event:1972-12-18-operation-linebacker-ii schema:participant ?p } ORDER BY ?p")
    assert [r[0].rsplit("/", 1)[1] for r in rows] == ["us-armed-forces", "richard-nixon"]


def test_proposals_are_attributed_and_dated_for_prov_and_schema(store):
    rows = select(store, """SELECT ?by ?created (DATATYPE(?created) AS ?dt) WHERE {
        proposal:1969-05-14-us-eight-point-plan prov:wasAttributedTo ?by ; schema:dateCreated ?created ; a prov:Entity }""")
    assert rows == [("https://w3id.org/paris-kg/id/organisation/united-states", "1969-05-14",
                     "http://www.w3.org/2001/XMLSchema#date")]
    rows = select(store, """SELECT ?created (DATATYPE(?created) AS ?dt) WHERE {
        proposal:1972-10-us-symbolic-withdrawal schema:dateCreated ?created }""")
    assert rows == [("1972-10", "http://www.w3.org/2001/XMLSchema#gYearMonth")]
    assert select(store, """SELECT ?p WHERE { ?p a pk:Proposal .
        FILTER NOT EXISTS { ?p prov:wasAttributedTo ?a ; schema:dateCreated ?d } }""") == []


def test_store_keeps_ontology_data_and_alignment_in_named_graphs(store):
    rows = select(store, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g")
    assert [g for g, _ in rows] == ["https://w3id.org/paris-kg/graph/alignment",
                                    "https://w3id.org/paris-kg/graph/data",
                                    "https://w3id.org/paris-kg/graph/ontology"]
    assert all(int(n) > 500 for _, n in rows)


def test_builds_in_separate_processes_are_byte_identical(tmp_path):
    """Hash seeds differ between processes; the dumps must not depend on them."""
    import os
    import subprocess
    import sys

    outputs = []
    for seed in ("1", "2"):
        dist = tmp_path / f"dist{seed}"
        env = dict(os.environ, PYTHONHASHSEED=seed)
        subprocess.run([sys.executable, "-m", "paris_kg", "--dist", str(dist), "build"],
                       check=True, env=env, capture_output=True)
        outputs.append([(dist / name).read_bytes() for name in DUMP_FILES])
    assert outputs[0] == outputs[1]


def test_alignment_constructs_become_inserts_into_the_alignment_graph():
    from paris_kg.build.alignment import as_insert

    text = ('# title: x # not a brace {\nPREFIX a: <http://e.org/{#}>\nconstruct # here\n'
            '{ ?s a:p "}{" , <http://e.org/#}> } where { ?s a:q ?o FILTER(?o < 3) }')
    assert as_insert(text, "f.rq") == (
        '# title: x # not a brace {\nPREFIX a: <http://e.org/{#}>\n'
        'INSERT { GRAPH <https://w3id.org/paris-kg/graph/alignment> {'
        ' ?s a:p "}{" , <http://e.org/#}> } }\n'
        'USING <https://w3id.org/paris-kg/graph/ontology> USING <https://w3id.org/paris-kg/graph/data>\n'
        'where { ?s a:q ?o FILTER(?o < 3) }')


@pytest.mark.parametrize("text", [
    "SELECT * WHERE { ?s ?p ?o }",
    "CONSTRUCT WHERE { ?s ?p ?o }",
    "CONSTRUCT { ?s ?p ?o ",
    'CONSTRUCT { ?s ?p "unclosed } WHERE { ?s ?p ?o }',
    "CONSTRUCT { ?s ?p ?o } { ?s ?p ?o }",
])
def test_an_alignment_file_of_another_shape_is_one_line_naming_it(text):
    from paris_kg.build.alignment import as_insert
    from paris_kg.errors import InputError

    with pytest.raises(InputError) as err:
        as_insert(text, "queries/alignment/09-x.rq")
    assert str(err.value) == ("queries/alignment/09-x.rq: an alignment query must read "
                              "CONSTRUCT { template } WHERE { ... }")


def test_a_syntax_error_in_an_alignment_file_names_the_file(project_copy):
    from paris_kg.build.pipeline import build
    from paris_kg.errors import InputError

    (project_copy.alignment_dir / "06-broken.rq").write_text("CONSTRUCT { ?s a ?o } WHERE { ?s a ?o FILTER( }\n")
    with pytest.raises(InputError, match=r"06-broken\.rq: "):
        build(project_copy)
    assert not (project_copy.dist / "current").exists()


def test_the_alignment_count_is_the_alignment_graph(built, store):
    """The build counts the alignment by query (its lines are made later, by the dumps): the
    count is the graph's size, exactly, on the article."""
    import pyoxigraph as ox

    from paris_kg.build.pipeline import assemble
    from paris_kg.namespaces import GRAPH_ALIGNMENT

    fresh, aligned = assemble(built)
    graph = ox.NamedNode(GRAPH_ALIGNMENT)
    assert aligned == len(list(fresh.quads_for_pattern(None, None, None, graph))) == 4401
    assert aligned == len(list(store.quads_for_pattern(None, None, None, graph)))
