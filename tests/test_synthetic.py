"""The scale bench's corpus generator (bench/synthetic): valid, the size asked for, repeatable.

A corpus that failed validation would make the bench time an error path; a wrong size would
make its cost-per-triple figures lie; a corpus that changed between runs would make two runs
incomparable. One small corpus (about 6,000 authored triples) is generated once per session.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from synthetic import generate  # noqa: E402

TARGET = 6000


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return generate(tmp_path_factory.mktemp("synthetic") / "src", TARGET)


def _parsed_triples(root: Path) -> int:
    files = sorted((root / "data").glob("*.ttl")) + [
        p for p in sorted((root / "ontology").glob("*.ttl")) if p.name != "shapes.ttl"]
    return sum(sum(1 for _ in ox.parse(path=str(p), format=ox.RdfFormat.TURTLE)) for p in files)


def test_size_is_the_one_asked_for_within_5_percent(corpus):
    parsed = _parsed_triples(corpus.root)
    assert parsed == corpus.triples  # the generator's own count is the parser's count
    assert abs(parsed - TARGET) <= 0.05 * TARGET, parsed
    assert corpus.negotiations >= 3


def test_the_corpus_passes_the_builds_validation(corpus, tmp_path):
    from paris_kg.build.pipeline import assemble
    from paris_kg.paths import Layout

    store, aligned = assemble(Layout(root=corpus.root, dist=tmp_path / "dist"))  # raises on any violation
    assert aligned > 0
    kinds = {str(q.object).rsplit("#", 1)[-1].rstrip(">") for q in store.quads_for_pattern(
        None, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), None, None)}
    for kind in ("PlenarySession", "PrivateMeeting", "Proposal", "WithdrawalTerm", "Response", "Position",
                 "ReasonGroup", "Reason", "RoleAssignment", "Figure", "Claim", "Citation", "SourcedStatement",
                 "EditorsStatement"):
        assert kind in kinds, kind


def test_the_same_seed_gives_the_same_files_and_a_bigger_corpus_extends_a_smaller_one(corpus, tmp_path):
    again = generate(tmp_path / "again", TARGET)
    for path in sorted((corpus.root / "data").glob("*.ttl")):
        assert (again.root / "data" / path.name).read_bytes() == path.read_bytes(), path.name
    assert again.params == corpus.params
    bigger = generate(tmp_path / "bigger", 2 * TARGET)
    assert bigger.negotiations > corpus.negotiations
    small = (corpus.root / "data" / "events.ttl").read_text(encoding="utf-8")
    assert (bigger.root / "data" / "events.ttl").read_text(encoding="utf-8").startswith(small)
    other_seed = generate(tmp_path / "other", TARGET, seed=7)
    assert (other_seed.root / "data" / "events.ttl").read_bytes() != (corpus.root / "data" / "events.ttl").read_bytes()


def test_labels_are_not_one_sentence_repeated(corpus):
    """Realistic text: most event labels are distinct, and IRIs never collide."""
    store = ox.Store()
    store.load(path=str(corpus.root / "data" / "events.ttl"), format=ox.RdfFormat.TURTLE)
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    labels = [q.object.value for q in store.quads_for_pattern(None, label, None, None)]
    subjects = {q.subject for q in store.quads_for_pattern(None, label, None, None)}
    assert len(labels) == len(subjects) > 50
    assert len(set(labels)) >= 0.9 * len(labels)
