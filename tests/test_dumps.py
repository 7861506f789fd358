"""The published dumps and the dataset description: same triples in every syntax, stable
context, named graphs, sizes and counts that match the files."""
from __future__ import annotations

import gzip
import json
import os
import sys

import pyoxigraph as ox
import pytest

GRAPHS = ["https://w3id.org/paris-kg/graph/ontology", "https://w3id.org/paris-kg/graph/data",
          "https://w3id.org/paris-kg/graph/alignment"]


def triples(path, fmt, **kw) -> set:
    return {q.triple for q in ox.parse(path=str(path), format=fmt, **kw)}


def test_jsonld_round_trips_to_the_ntriples_dump(built):
    nt = triples(built.dist / "paris-kg.nt", ox.RdfFormat.N_TRIPLES)
    assert triples(built.dist / "paris-kg.jsonld", ox.RdfFormat.JSON_LD) == nt


def test_jsonld_reads_as_plain_json(built):
    doc = json.loads((built.dist / "paris-kg.jsonld").read_text(encoding="utf-8"))
    nodes = {n["id"]: n for n in doc["@graph"]}
    tho = nodes["person:le-duc-tho"]
    assert tho["label"] == {"en": "Le Duc Tho", "vi": "Lê Đức Thọ"}
    assert "Person" in tho["type"] and "schema:Person" in tho["type"]
    plan = nodes["proposal:1969-05-14-us-eight-point-plan"]
    assert plan["proposedBy"] == ["organisation:united-states"]
    assert plan["numberOfPoints"] == [8]
    assert plan["date"] == [{"@type": "xsd:date", "@value": "1969-05-14"}]
    assert nodes["event:1970-12-10-94th-plenary-session"]["pk:place"] == ["place:paris"]  # pk:place vs place: prefix


def test_context_file_is_the_context_of_the_dump(built):
    doc = json.loads((built.dist / "paris-kg.jsonld").read_text(encoding="utf-8"))
    ctx = json.loads((built.dist / "paris-kg.context.jsonld").read_text(encoding="utf-8"))
    assert ctx == {"@context": doc["@context"]}
    c = ctx["@context"]
    assert c["id"] == "@id" and c["type"] == "@type"
    assert c["participant"] == {"@id": "pk:participant", "@type": "@id"}
    assert c["summary"] == {"@id": "pk:summary", "@container": "@language"}
    assert c["place"] == "https://w3id.org/paris-kg/id/place/" and c["pk:place"] == {"@type": "@id"}


def test_trig_has_the_three_named_graphs(built):
    quads = list(ox.parse(path=str(built.dist / "paris-kg.trig"), format=ox.RdfFormat.TRIG))
    assert sorted({q.graph_name.value for q in quads}) == sorted(GRAPHS)
    by_graph = {g: sum(1 for q in quads if q.graph_name.value == g) for g in GRAPHS}
    assert all(n > 500 for n in by_graph.values())
    assert {q.triple for q in quads} == triples(built.dist / "paris-kg.nt", ox.RdfFormat.N_TRIPLES)


def test_gzip_dump_is_the_ntriples_dump(built):
    assert gzip.decompress((built.dist / "paris-kg.nt.gz").read_bytes()) == (built.dist / "paris-kg.nt").read_bytes()


def _void(built) -> ox.Store:
    store = ox.Store()
    store.load(path=str(built.dist / "void.ttl"), format=ox.RdfFormat.TURTLE, base_iri="https://example.org/dist/void.ttl")
    return store


def test_void_counts_match_the_dumps(built):
    store = _void(built)
    rows = store.query("""PREFIX void: <http://rdfs.org/ns/void#> PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?triples ?licence WHERE { <https://w3id.org/paris-kg/dataset> void:triples ?triples ; dcterms:license ?licence }""")
    row = next(iter(rows))
    assert int(row["triples"].value) == len((built.dist / "paris-kg.nt").read_text(encoding="utf-8").splitlines())
    assert row["licence"].value == "https://creativecommons.org/licenses/by/4.0/"
    sizes = {r["url"].value.rsplit("/", 1)[1]: (int(r["size"].value), r["media"].value) for r in store.query(
        """PREFIX dcat: <http://www.w3.org/ns/dcat#>
        SELECT ?url ?size ?media WHERE { ?d a dcat:Distribution ; dcat:downloadURL ?url ; dcat:byteSize ?size ; dcat:mediaType ?media }""")}
    assert set(sizes) == {"paris-kg.ttl", "paris-kg.nt", "paris-kg.nt.gz", "paris-kg.jsonld", "paris-kg.trig",
                          "paris-kg.rdf12.ttl", "paris-kg.rdf12.nt"}
    for name, (size, media) in sizes.items():
        assert size == (built.dist / name).stat().st_size, name
    assert sizes["paris-kg.jsonld"][1] == "https://www.iana.org/assignments/media-types/application/ld+json"


def test_void_partitions_temporal_coverage_and_examples(built):
    store = _void(built)
    q = """PREFIX void: <http://rdfs.org/ns/void#> PREFIX dcat: <http://www.w3.org/ns/dcat#> PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?n WHERE { <https://w3id.org/paris-kg/dataset> void:classPartition ?p . ?p void:class <%s> ; void:entities ?n }"""
    assert [r["n"].value for r in store.query(q % "https://w3id.org/paris-kg/ontology#PlenarySession")] == ["5"]
    assert [r["n"].value for r in store.query(q % "https://schema.org/Event")] == ["56"]
    period = list(store.query("""PREFIX dcat: <http://www.w3.org/ns/dcat#> PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?s ?e WHERE { <https://w3id.org/paris-kg/dataset> dcterms:temporal ?t . ?t dcat:startDate ?s ; dcat:endDate ?e }"""))
    assert [(r["s"].value, r["e"].value) for r in period] == [("1968-05-13", "1973-01-27")]
    examples = {r["e"].value for r in store.query("""PREFIX void: <http://rdfs.org/ns/void#>
        SELECT ?e WHERE { <https://w3id.org/paris-kg/dataset> void:exampleResource ?e }""")}
    nt = (built.dist / "paris-kg.nt").read_text(encoding="utf-8")
    assert len(examples) == 3 and all(f"<{e}> " in nt for e in examples)


def test_void_linkset_to_wikidata_counts_the_sameas_links(built):
    store = _void(built)
    rows = [tuple(r[v].value for v in ("ls", "subjects", "objects", "predicate", "n", "space")) for r in store.query(
        """PREFIX void: <http://rdfs.org/ns/void#>
        SELECT ?ls ?subjects ?objects ?predicate ?n ?space WHERE {
          <https://w3id.org/paris-kg/dataset> void:subset ?ls .
          ?ls a void:Linkset ; void:subjectsTarget ?subjects ; void:objectsTarget ?objects ;
              void:linkPredicate ?predicate ; void:triples ?n .
          ?objects a void:Dataset ; void:uriSpace ?space }""")]
    assert rows == [("https://w3id.org/paris-kg/dataset#linkset-wikidata", "https://w3id.org/paris-kg/dataset",
                     "https://w3id.org/paris-kg/dataset#wikidata", "http://www.w3.org/2002/07/owl#sameAs",
                     "19", "http://www.wikidata.org/entity/")]
    nt = (built.dist / "paris-kg.nt").read_text(encoding="utf-8").splitlines()
    assert sum(1 for line in nt if " <http://www.w3.org/2002/07/owl#sameAs> <http://www.wikidata.org/entity/Q" in line) == 19


def test_wikidata_links_query_over_the_ntriples_dump(built):
    """The named query run on a store loaded from the published dump alone: 19 links, all to
    items of the checked list (read from the repository's copy)."""
    import csv

    store = ox.Store()
    store.load(path=str(built.dist / "paris-kg.nt"), format=ox.RdfFormat.N_TRIPLES)
    text = (built.root / "queries" / "wikidata-links.rq").read_text(encoding="utf-8")
    got = [(r["entity"].value.rsplit("/", 1)[1], r["wikidata"].value.rsplit("/", 1)[1]) for r in store.query(text)]
    lines = [line for line in (built.root / "data" / "wikidata-checked.tsv").read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")]
    checked = {row["wikidata"] for row in csv.DictReader(lines, delimiter="\t")}
    assert len(got) == 19 and {q for _, q in got} == checked
    assert ("vietnam-war", "Q8740") in got and ("tran-buu-kiem", "Q10829253") in got


def test_ontology_documentation_lists_every_term(built, store):
    page = (built.dist / "docs" / "ontology.html").read_text(encoding="utf-8")
    terms = [r["t"].value.split("#")[1] for r in store.query("""
        PREFIX owl: <http://www.w3.org/2002/07/owl#>
        SELECT ?t WHERE { ?t a ?k . VALUES ?k { owl:Class owl:ObjectProperty owl:DatatypeProperty }
          FILTER(STRSTARTS(STR(?t), "https://w3id.org/paris-kg/ontology#")) }""", use_default_graph_as_union=True)]
    assert len(terms) > 90
    for term in terms:
        assert f'<section class="term" id="{term}">' in page, term
    assert "https://w3id.org/paris-kg/id/proposal/1969-05-08-nlf-ten-point-plan" in page  # an example from the data
    assert '<a href="http://semanticweb.cs.vu.nl/2009/11/sem/Event"><code>sem:Event</code></a>' in page


# ---------------------------------------------------------------- the streaming writers, byte for byte

GOLDEN = __import__("pathlib").Path(__file__).parent / "golden"


def _golden_files(tmp_path, monkeypatch, chunk: int) -> dict[str, str]:
    import hashlib

    from paris_kg.build import ordered
    from paris_kg.build.dumps import write_files
    from paris_kg.build.progress import Progress

    monkeypatch.setattr(ordered, "CHUNK", chunk)
    store = ox.Store()
    store.load(path=str(GOLDEN / "dumps-input.nq"), format=ox.RdfFormat.N_QUADS)
    count, release = write_files(store, tmp_path, "store", Progress(0))
    assert count == 572
    assert sorted(release.outs) == sorted(json.loads((GOLDEN / "dumps-sha256.json").read_text())["sha256"])
    return {rel: hashlib.sha256((tmp_path / rel).read_bytes()).hexdigest() for rel in release.outs}


def test_writers_give_the_bytes_of_the_reference_writers(tmp_path, monkeypatch):
    expected = json.loads((GOLDEN / "dumps-sha256.json").read_text(encoding="utf-8"))["sha256"]
    assert _golden_files(tmp_path, monkeypatch, 20_000) == expected


def test_writers_give_the_same_bytes_in_chunks_of_a_few_lines(tmp_path, monkeypatch):
    """Runs of 3 lines: every Turtle, TriG and N-Triples run ends and starts again many times,
    in the middle of reifier runs too, and the files do not change."""
    expected = json.loads((GOLDEN / "dumps-sha256.json").read_text(encoding="utf-8"))["sha256"]
    assert _golden_files(tmp_path, monkeypatch, 3) == expected


def test_jsonld_nodes_follow_iri_order_not_ntriples_order(tmp_path, monkeypatch):
    _golden_files(tmp_path, monkeypatch, 20_000)
    ids = [n["id"] for n in json.loads((tmp_path / "paris-kg.jsonld").read_text(encoding="utf-8"))["@graph"]]
    events = [i for i in ids if i.startswith("event:x")]
    # N-Triples order would put <...x#a>, <...x-1>, <...x/1> before <...x>; IRI order puts x first
    assert events == ["event:x", "event:x#a", "event:x-1", "event:x-1-b", "event:x/1", "event:x1"]


def test_the_store_written_beside_the_dumps_holds_every_quad(tmp_path, monkeypatch):
    from paris_kg.build import disk_store

    monkeypatch.setattr(disk_store, "STORE_BATCH", 8000)  # loaded in about a dozen batches
    _golden_files(tmp_path, monkeypatch, 20_000)
    disk = ox.Store.read_only(str(tmp_path / "store"))
    source = ox.Store()
    source.load(path=str(GOLDEN / "dumps-input.nq"), format=ox.RdfFormat.N_QUADS)
    assert len(disk) == 573 and set(disk) == set(source)
    assert not (tmp_path / "store.nt").exists()  # no copy it was loaded from is left


def test_the_store_is_compacted_once_its_last_graph_is_handed_over_not_when_the_build_waits(tmp_path, monkeypatch):
    """The store's thread flushes and compacts as soon as the dump writers have handed over every
    graph (``DiskStore.close``), while TriG, JSON-LD and the description are still being written:
    here it has ended before TriG is written, long before the build waits for it."""
    from paris_kg.build import disk_store, passes

    stores, ended, trig = [], [], passes.trig
    close = disk_store.DiskStore.close

    def closing(self):
        stores.append(self)
        close(self)

    def watched(*args):
        for store in stores:
            store.thread.join(timeout=60)
            ended.append(not store.thread.is_alive())
        trig(*args)

    monkeypatch.setattr(disk_store.DiskStore, "close", closing)
    monkeypatch.setattr(passes, "trig", watched)
    _golden_files(tmp_path, monkeypatch, 20_000)
    assert ended == [True]
    assert len(ox.Store.read_only(str(tmp_path / "store"))) == 573


def test_turtle_is_written_with_the_cyclic_collector_paused_and_it_comes_back(tmp_path, monkeypatch):
    """The Turtle walk makes quads beside the huge sorted lines: no full collection may walk
    those lines while it runs (``paris_kg.build.collector``); the collector is back afterwards,
    even when the walk fails."""
    import gc

    from paris_kg.build import passes

    seen, walk = [], passes.walk

    def watched(*args):
        seen.append(gc.isenabled())
        walk(*args)

    monkeypatch.setattr(passes, "walk", watched)
    (tmp_path / "ok").mkdir()
    _golden_files(tmp_path / "ok", monkeypatch, 20_000)
    assert seen == [False] and gc.isenabled()

    def failing(*args):
        raise RuntimeError("walk failed")

    monkeypatch.setattr(passes, "walk", failing)
    (tmp_path / "bad").mkdir()
    with pytest.raises(RuntimeError, match="walk failed"):
        _golden_files(tmp_path / "bad", monkeypatch, 20_000)
    assert gc.isenabled()


def test_node_text_is_json_dumps_text():
    """The JSON-LD writer's own encoder gives json.dumps's bytes (indent 1, sorted keys, UTF-8)."""
    from paris_kg.build.jsonld import _node_text, _text

    nodes = [{}, {"id": "a"}, {"id": "event:x", "type": ["Event", "schema:Event"], "label": {"en": "x", "vi": ["b", "a"]},
                               "numberOfPoints": [8, -2], "date": [{"@type": "xsd:date", "@value": "1969-05-14"}],
                               "empty": [], "none": {}, "text": ['quote " slash \\ line \n tab \t é ₫ 𝄞 \u2028']},
             {"nested": [[1, [2, {"k": [True, False, None, 1.5]}]]]}]
    for node in nodes:
        expected = json.dumps(node, ensure_ascii=False, indent=1, sort_keys=True)
        assert _text(node, 0) == expected
        assert _node_text(node) == expected.replace("\n", "\n  ")


def test_a_failing_second_process_is_one_line_and_leaves_nothing_running(tmp_path):
    """The side job (JSON-LD, counts) reports its own error as one line naming the fault;
    killing it (what a failing build does) ends the process at once."""
    from paris_kg.build.progress import Progress
    from paris_kg.build.side_job import SideJob

    job = SideJob(tmp_path, {})  # no paris-kg.nt in this staging directory
    with pytest.raises(RuntimeError) as err:
        job.finish(Progress(0))
    message = str(err.value)
    assert message.startswith("the second build process failed (exit 1): FileNotFoundError")
    assert "paris-kg.nt" in message and "\n" not in message
    slow = SideJob(tmp_path, {})
    slow.join()
    assert slow.proc.returncode is not None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a FIFO and per-process niceness as on Linux")
def test_the_second_process_runs_at_the_priority_of_the_build(tmp_path):
    """What the build waits for last is the second process (JSON-LD), so it is not niced as the
    checks' thread is. Checked once it has opened its input (a FIFO the test holds open)."""
    from paris_kg.build.side_job import SideJob

    os.mkfifo(tmp_path / "paris-kg.nt")
    job = SideJob(tmp_path, {})
    try:
        with open(tmp_path / "paris-kg.nt", "wb"):  # returns once the job has opened it to read
            assert os.getpriority(os.PRIO_PROCESS, job.proc.pid) == os.getpriority(os.PRIO_PROCESS, 0)
    finally:
        job.join()


def test_a_build_whose_second_process_fails_keeps_the_old_release(project_copy, monkeypatch):
    """The second process dies (here: its staging directory is one that does not exist): the build
    fails with that error, and dist/ still serves the previous release, whole."""
    from paris_kg.build import side_job
    from paris_kg.build.pipeline import build

    build(project_copy)
    before = sorted(p.relative_to(project_copy.dist).as_posix() for p in project_copy.dist.rglob("*"))
    current = (project_copy.dist / "current").resolve()
    real_init = side_job.SideJob.__init__
    monkeypatch.setattr(side_job.SideJob, "__init__",
                        lambda self, staging, context: real_init(self, staging / "gone", context))
    with pytest.raises(RuntimeError, match="second build process failed"):
        build(project_copy)
    assert (project_copy.dist / "current").resolve() == current
    after = sorted(p.relative_to(project_copy.dist).as_posix() for p in project_copy.dist.rglob("*"))
    assert after == before


def test_a_killed_build_leaves_no_second_process(tmp_path):
    """The side job blocks reading its input (a FIFO here) when the build that started it is
    killed with SIGKILL: it must die too, not write on into a directory the next build cleans."""
    import os
    import subprocess
    import sys
    import time

    os.mkfifo(tmp_path / "paris-kg.nt")
    code = ("import os, signal, sys\nfrom pathlib import Path\nfrom paris_kg.build.side_job import SideJob\n"
            "job = SideJob(Path(sys.argv[1]), {})\nprint(job.proc.pid, flush=True)\n"
            "import time; time.sleep(1)\nos.kill(os.getpid(), signal.SIGKILL)\n")
    run = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, timeout=60)
    assert run.returncode == -9
    child = int(run.stdout.split()[0])

    def alive() -> bool:
        try:
            with open(f"/proc/{child}/stat") as f:
                return f.read().split(") ", 1)[1][0] != "Z"
        except FileNotFoundError:
            return False

    for _ in range(100):  # the parent-death signal is immediate; allow a loaded machine 10 s
        if not alive():
            break
        time.sleep(0.1)
    assert not alive()
