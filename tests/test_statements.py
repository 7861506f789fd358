"""Citations per statement: the two editions of the dumps, the coverage count, and the checks
that must fail when a statement loses its source."""
from __future__ import annotations

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from paris_kg.build.pipeline import build
from paris_kg.build.statements import RDF_REIFIES, rdf11_from_rdf12
from paris_kg.cli import main
from paris_kg.errors import ValidationError

from conftest import edit

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
PK = "https://w3id.org/paris-kg/ontology#"


def _parse(path, fmt) -> list[ox.Triple]:
    return [q.triple for q in ox.parse(path=str(path), format=fmt)]


def test_both_editions_parse_and_hold_the_same_statements(built):
    rdf11 = _parse(built.dist / "paris-kg.nt", ox.RdfFormat.N_TRIPLES)
    rdf12_nt = _parse(built.dist / "paris-kg.rdf12.nt", ox.RdfFormat.N_TRIPLES)
    rdf12_ttl = _parse(built.dist / "paris-kg.rdf12.ttl", ox.RdfFormat.TURTLE)
    assert set(rdf12_nt) == set(rdf12_ttl)
    kinds = {}
    for t in rdf11:
        if t.predicate.value == RDF + "type" and t.object.value.startswith(PK):
            kinds.setdefault(t.object.value[len(PK):], set()).add(t.subject)
    statements = kinds["Statement"]
    # every statement node of the RDF 1.1 edition, of each kind, counted exactly: 231 sourced, 3 of
    # the editors' own (the Vietnam War's two dates, the Workers' Party as a holder of the
    # fight-and-talk position) and all 21 claims, each of which now names the value it states
    assert {k: len(kinds[k]) for k in ("SourcedStatement", "EditorsStatement", "Claim")} == {
        "SourcedStatement": 231, "EditorsStatement": 3, "Claim": 21}
    assert len(statements) == 231 + 3 + 21 == 255
    assert statements == kinds["SourcedStatement"] | kinds["EditorsStatement"] | kinds["Claim"]
    # ... and each has exactly one triple term in the RDF 1.2 edition, no other node has one
    reifiers = [t for t in rdf12_nt if t.predicate == RDF_REIFIES]
    assert sorted(t.subject.value for t in reifiers) == sorted(s.value for s in statements)
    assert all(isinstance(t.object, ox.Triple) for t in reifiers)
    assert not [t for t in rdf12_nt if t.predicate.value in (RDF + "subject", RDF + "predicate", RDF + "object")]
    # counts reconcile: three reification triples become one rdf:reifies triple
    assert len(rdf12_nt) == len(rdf11) - 2 * len(statements)
    # and expanding the triple terms gives back exactly the RDF 1.1 edition
    assert rdf11_from_rdf12(rdf12_nt) == set(rdf11)


def test_rdf11_edition_reads_in_rdflib_and_rdf12_does_not_need_to(built):
    import rdflib

    graph = rdflib.Graph().parse(built.dist / "paris-kg.ttl", format="turtle")
    assert len(graph) == len(_parse(built.dist / "paris-kg.nt", ox.RdfFormat.N_TRIPLES))
    stmt = rdflib.URIRef("https://w3id.org/paris-kg/id/claim/nixon-five-point-date")
    assert graph.value(stmt, rdflib.RDF.object) == rdflib.Literal("1970-10-18", datatype=rdflib.XSD.date)


def test_not_asserted_statement_is_a_triple_term_only(built):
    store = ox.Store()
    store.load(path=str(built.dist / "paris-kg.rdf12.nt"), format=ox.RdfFormat.N_TRIPLES)
    rows = list(store.query("""
        PREFIX pk: <https://w3id.org/paris-kg/ontology#>
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        SELECT ?claim ?status ?o ?asserted WHERE {
          VALUES ?s { <https://w3id.org/paris-kg/id/proposal/1970-10-07-us-five-point-plan> }
          ?claim rdf:reifies <<( ?s pk:date ?o )>> ; pk:claimStatus ?status .
          BIND(EXISTS { ?s pk:date ?o } AS ?asserted)
        }"""))
    assert [(r["claim"].value.rsplit("/", 1)[1], r["status"].value.rsplit("/", 1)[1], r["o"].value,
             r["asserted"].value) for r in rows] == [("nixon-five-point-date", "erroneous", "1970-10-18", "false")]


def test_void_describes_both_editions(built):
    store = ox.Store()
    store.load(path=str(built.dist / "void.ttl"), format=ox.RdfFormat.TURTLE, base_iri="https://w3id.org/paris-kg/")
    rows = {(r["url"].value.rsplit("/", 1)[1], r["spec"].value) for r in store.query("""
        PREFIX dcat: <http://www.w3.org/ns/dcat#> PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?url ?spec WHERE { ?d dcat:downloadURL ?url ; dcterms:conformsTo ?spec }""")}
    assert ("paris-kg.rdf12.ttl", "http://www.w3.org/TR/rdf12-concepts/") in rows
    assert ("paris-kg.rdf12.nt", "http://www.w3.org/TR/rdf12-concepts/") in rows
    assert ("paris-kg.nt", "http://www.w3.org/TR/rdf11-concepts/") in rows


def test_stats_prints_the_coverage(built):
    result = CliRunner().invoke(main, ["--dist", str(built.dist), "stats"])
    assert result.exit_code == 0
    # the Workers' Party as a holder of position:drv-fight-and-talk moved from "own" to "editors"
    # (its only support is the title of reference 9, not the article's text)
    assert ("fact statements with a citation: 999 of 1002 (231 own, 768 whole-resource); "
            "3 added by the editors; 0 without\n") in result.output
    assert "  Position               140 facts    23 own   116 whole-resource   1 editors   0 without\n" in result.output
    assert "  Proposal               184 facts    63 own   121 whole-resource   0 editors   0 without\n" in result.output


def test_statement_iris_are_deterministic(store):
    rows = {s.value for s, in store.query("""
        SELECT ?s WHERE { ?s <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject>
                             <https://w3id.org/paris-kg/id/proposal/1969-05-14-us-eight-point-plan> ;
                             <http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate>
                             <https://w3id.org/paris-kg/ontology#numberOfPoints> }""",
        use_default_graph_as_union=True)}
    # slug of the subject, local name of the property, 8 hex digits of a hash of the value
    assert rows == {"https://w3id.org/paris-kg/id/statement/proposal-1969-05-14-us-eight-point-plan--numberOfPoints-"
                    + __import__("hashlib").sha256(b'"8"^^<http://www.w3.org/2001/XMLSchema#integer>').hexdigest()[:8]}


# ---------------------------------------------------------------- must-fail

def test_a_fact_without_its_statement_citation_fails_validation(project_copy):
    # drop the entry that gives the 84th session its number: the resource has two citations, so
    # the whole-resource rule does not apply and the number is left without a source
    edit(project_copy.data_dir / "statement-citations.ttl",
         "pk:forProperty pk:date , pk:sessionNumber , pk:place , pk:partOf , pk:concerns ] ,",
         "pk:forProperty pk:date , pk:place , pk:partOf , pk:concerns ] ,")
    with pytest.raises(ValidationError) as info:
        build(project_copy)
    text = "\n".join(str(v) for v in info.value.violations)
    assert "event:1970-09-17-84th-plenary-session" in text and "fact-statement-without-citation" in text
    assert "no citation supports the value 84" in text


def test_a_statement_citation_naming_no_triple_is_refused(project_copy):
    edit(project_copy.data_dir / "statement-citations.ttl",
         "pk:forProperty pk:attestedDate ; pk:forValue \"1968-06-12\"^^xsd:date ]",
         "pk:forProperty pk:attestedDate ; pk:forValue \"1968-06-13\"^^xsd:date ]")
    with pytest.raises(ValidationError) as info:
        build(project_copy)
    assert ("role:xuan-thuy-minister", "pk:attestedDate",
            "[statement-citations] no triple with this property and the listed values to cite") in info.value.violations


def test_a_statement_citing_what_its_subject_does_not_fails(project_copy):
    edit(project_copy.data_dir / "roles.ttl",
         "pk:citation cite:article-developments , cite:article-us-view , cite:article-vietnam-position .",
         "pk:citation cite:article-developments , cite:article-us-view .")
    with pytest.raises(ValidationError) as info:
        build(project_copy)
    text = "\n".join(str(v) for v in info.value.violations)
    assert "statement-node-not-consistent" in text and "role-nixon-president--attestedDate" in text


def test_a_claim_without_the_value_it_states_fails_validation(project_copy):
    # a claim that names no rdf:object could not be written as a triple term in the RDF 1.2 edition
    edit(project_copy.data_dir / "claims.ttl",
         '    rdf:object "Miss Le DucTho" ; # the triple as the article states it\n', "")
    with pytest.raises(ValidationError) as info:
        build(project_copy)
    assert ("claim:many-authors-2006-title", "rdf:object",
            "[statement-without-one-triple] has 0 values; a statement names exactly one") in info.value.violations


@pytest.mark.parametrize("subject", [
    "proposal:1969-05-14-us-eight-point-plan", "proposal:1969-07-17-drv-demand-total-withdrawal",
    "term:1969-05-14-us-forces", "position:drv-fight-and-talk", "event:vietnam-war",
    "event:1970-09-17-84th-plenary-session", "role:xuan-thuy-minister", "figure:1972-07-01-us-troops-in-south"])
def test_the_python_helper_agrees_with_the_evidence_query(built, store, subject):
    """paris_kg.evidence (pages, report, graph) and queries/evidence.rq give the same sources per statement."""
    from paris_kg.evidence import Evidence
    from paris_kg.namespaces import PREFIXES
    from paris_kg.query.catalogue import resolve
    from paris_kg.query.engine import run_local

    result = run_local(built, resolve(built, "evidence"), {"subject": subject})
    col = {c: i for i, c in enumerate(result.columns)}
    by_query: dict = {}
    for row in result.rows:
        if row[col["basis"]].value == "claim":
            continue
        key = (row[col["property"]].value, row[col["value"]])
        texts = by_query.setdefault(key, [])
        texts.append("added by the editors" if row[col["basis"]].value == "editors" else row[col["citation"]].value)
    evidence = Evidence(store)
    iri = PREFIXES[subject.split(":")[0]] + subject.split(":", 1)[1]
    assert by_query and {k: sorted(v) for k, v in by_query.items()} == {
        (p, o): evidence.texts(evidence.basis(iri, p, o)) for p, o in by_query}


def test_expanding_pauses_the_cyclic_collector_and_puts_it_back(monkeypatch):
    """The step holds many objects none of which is in a cycle; the collector is off during it
    only, and stays off afterwards if it was off before."""
    import gc

    import pyoxigraph as ox

    from paris_kg.build import statements

    seen = []
    monkeypatch.setattr(statements, "_expand", lambda store: seen.append(gc.isenabled()) or [])
    assert gc.isenabled()
    assert statements.expand(ox.Store()) == [] and seen == [False] and gc.isenabled()
    gc.disable()
    try:
        statements.expand(ox.Store())
        assert seen == [False, False] and not gc.isenabled()
    finally:
        gc.enable()

    def failing(store):
        raise RuntimeError("boom")

    monkeypatch.setattr(statements, "_expand", failing)
    with pytest.raises(RuntimeError, match="boom"):
        statements.expand(ox.Store())
    assert gc.isenabled()


def _one_subject(lines: list[bytes]) -> tuple[list, dict[str, list]]:
    """One subject's triples and its objects by predicate IRI, as :func:`as_reifier` takes them."""
    triples = list(ox.parse(b"".join(lines), format=ox.RdfFormat.N_TRIPLES))
    by_predicate: dict[str, list] = {}
    for quad in triples:
        by_predicate.setdefault(quad.predicate.value, []).append(quad.object)
    return triples, by_predicate


def test_reifier_lines_are_the_reifier_written_as_oxigraph_writes_it(built):
    """The walk makes a statement node's RDF 1.2 lines from its RDF 1.1 lines without parsing
    them: for every subject of the article's dump the lines are those of :func:`as_reifier`'s
    triples as Oxigraph writes them, and None where it gives None."""
    from itertools import groupby

    from paris_kg.build.statements import as_reifier, reifier_lines

    lines = (built.dist / "paris-kg.nt").read_bytes().splitlines(keepends=True)
    reifiers = 0
    for _, group in groupby(lines, key=lambda line: line.split(b" ", 1)[0]):
        group = list(group)
        triples, by_predicate = _one_subject(group)
        expected = as_reifier(triples, by_predicate)
        got = reifier_lines(group)
        if expected is None:
            assert got is None, group[0]
        else:
            reifiers += 1
            assert b"".join(got) == ox.serialize(expected, format=ox.RdfFormat.N_TRIPLES)
    assert reifiers == (built.dist / "paris-kg.rdf12.nt").read_bytes().count(b"#reifies> <<( ") == 255


@pytest.mark.parametrize("lines, why", [
    ([b"<n> <http://www.w3.org/1999/02/22-rdf-syntax-ns#object> \"1\" .\n",
      b"<n> <http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate> <p> .\n"], "no rdf:subject"),
    ([b"<n> <http://www.w3.org/1999/02/22-rdf-syntax-ns#object> \"1\" .\n",
      b"<n> <http://www.w3.org/1999/02/22-rdf-syntax-ns#object> \"2\" .\n",
      b"<n> <http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate> <p> .\n",
      b"<n> <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> <s> .\n"], "two objects"),
])
def test_a_node_without_exactly_one_of_each_part_is_not_a_reifier(lines, why):
    from paris_kg.build.statements import reifier_lines

    assert reifier_lines(lines) is None, why


def test_the_reifies_line_sorts_among_the_others_as_the_predicates_do():
    """Predicates before and after rdf:reifies, a literal with escapes and a language tag, an
    IRI with non-ASCII characters: the lines are those Oxigraph writes for as_reifier's triples."""
    from paris_kg.build.statements import as_reifier, reifier_lines

    rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    text = "\n".join([
        f'<http://x/n> <{rdf}object> "a \\"quoted\\"\\nline"@vi .',
        f"<http://x/n> <{rdf}predicate> <http://x/p\u00e9> .",
        f"<http://x/n> <{rdf}re> <http://x/before> .",
        f"<http://x/n> <{rdf}reifiesX> <http://x/after> .",
        f"<http://x/n> <{rdf}subject> <http://x/\u1ed3> .",
        f"<http://x/n> <{rdf}type> <{rdf}Statement> .",
        "<http://x/n> <http://a/first> <http://x/o> .", ""]).encode()
    lines = sorted(ox.serialize(ox.parse(text, format=ox.RdfFormat.N_TRIPLES),
                                format=ox.RdfFormat.N_TRIPLES).splitlines(keepends=True))
    triples, by_predicate = _one_subject(lines)
    got = reifier_lines(lines)
    assert b"".join(got) == ox.serialize(as_reifier(triples, by_predicate), format=ox.RdfFormat.N_TRIPLES)
    assert [line.split(b" ")[1] for line in got] == [
        b"<http://a/first>", f"<{rdf}re>".encode(), f"<{rdf}reifies>".encode(), f"<{rdf}reifiesX>".encode(),
        f"<{rdf}type>".encode()]
