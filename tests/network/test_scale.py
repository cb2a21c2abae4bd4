"""Scale: synthetic data, the persistent store, and the fast paths giving rdflib's answers."""

from __future__ import annotations

import hashlib
import json

import pytest

from graph.sources.synth import generate, generate_text

CO_ACTOR_ALL = """SELECT ?a ?b (COUNT(DISTINCT ?t) AS ?n) WHERE {
    ?t <https://schema.org/actor> ?r1 . ?r1 a <https://schema.org/PerformanceRole> ; <https://schema.org/actor> ?a .
    ?t <https://schema.org/actor> ?r2 . ?r2 a <https://schema.org/PerformanceRole> ; <https://schema.org/actor> ?b .
    FILTER(STR(?a) < STR(?b)) } GROUP BY ?a ?b"""


@pytest.fixture(scope="module")
def synth_store(tmp_path_factory):
    from graph.store.diskstore import load_store

    folder = tmp_path_factory.mktemp("synth")
    data = folder / "synth.nt"
    generate(data, 120, seed=7)
    load_store([data], folder / "store")
    return data, folder / "store"


def test_synth_is_deterministic_per_seed():
    digest = lambda text: hashlib.sha256(text.encode()).hexdigest()  # noqa: E731
    assert digest(generate_text(50, seed=1)) == digest(generate_text(50, seed=1))
    assert digest(generate_text(50, seed=1)) != digest(generate_text(50, seed=2))


def test_synth_passes_the_shapes(cli, tmp_path):
    path = tmp_path / "s.nt"
    assert cli("synth", "--titles", "40", "--seed", "3", "--out", str(path))[0] == 0
    code, out, err = cli("validate", "--no-user-data", str(path))
    assert (code, out) == (0, "")


def test_synth_has_a_power_law_cast():
    from collections import Counter

    text = generate_text(2000, seed=5)
    roles = Counter(line.split()[2] for line in text.splitlines()
                    if "/synth/role/" in line.split()[0] and line.split()[1] == "<https://schema.org/actor>")
    counts = sorted(roles.values(), reverse=True)
    assert counts[0] > 50 * counts[len(counts) // 2]  # the busiest actor has far more roles than the median one


def test_the_store_answers_like_rdflib(synth_store):
    import rdflib

    from graph.network.explore import co_actor_counts
    from graph.store.opening import open_graph

    data, store = synth_store
    g = rdflib.Graph()
    g.parse(str(data), format="nt")
    expected = {(str(a), str(b)): int(n) for a, b, n in g.query(CO_ACTOR_ALL)}
    kg = open_graph(store=store)
    fast = {(r["person1"], r["person2"]): r["count"] for r in co_actor_counts(kg, top=None)}
    assert fast == expected
    top = co_actor_counts(kg, top=5)
    assert [r["count"] for r in top] == sorted(expected.values(), reverse=True)[:5]

    from graph.query.querying import run_sparql

    filmography = ("SELECT ?t ?c WHERE { ?t <https://schema.org/actor> ?r . ?r <https://schema.org/actor> "
                   "<https://w3id.org/dramagraph/synth/person/0> ; <https://schema.org/characterName> ?c } ORDER BY ?t ?c")
    assert [(r["t"], r["c"]) for r in run_sparql(kg, filmography).rows] == \
        sorted((str(t), str(c)) for t, c in g.query(filmography))


def test_hierarchy_query_on_the_store_matches_rdflib(synth_store):
    import rdflib

    from graph.query.querying import run_sparql
    from graph.rdf.resources import ontology_dir
    from graph.store.opening import open_graph

    data, store = synth_store
    g = rdflib.Graph()
    g.parse(str(data), format="nt")
    g.parse(str(ontology_dir() / "concepts.ttl"), format="turtle")
    q = ("SELECT DISTINCT ?t WHERE { ?t <https://schema.org/about>/<http://www.w3.org/2004/02/skos/core#broader>* "
         "<https://w3id.org/dramagraph/concept/cancer> } ORDER BY ?t")
    expected = [str(row[0]) for row in g.query(q)]
    # the store keeps the vocabulary (the concept scheme) out of its default graph; vocabulary=True reads it
    assert expected and [r["t"] for r in run_sparql(open_graph(store=store), q, vocabulary=True).rows] == expected
    data_only = rdflib.Graph().parse(str(data), format="nt")  # without the scheme: the titles about cancer itself
    direct = [str(row[0]) for row in data_only.query(q)]
    assert len(direct) < len(expected) and [r["t"] for r in run_sparql(open_graph(store=store), q).rows] == direct


def test_reading_commands_use_the_store(cli, synth_store, monkeypatch):
    _, store = synth_store
    counts = json.loads(cli("stats", "--store", str(store), "--format", "json")[1])
    assert (counts["titles"], counts["films"] + counts["tvSeries"]) == (120, 120)
    monkeypatch.setenv("DRAMAGRAPH_STORE", str(store))
    assert json.loads(cli("stats", "--format", "json")[1])["titles"] == 120


def test_the_timeout_holds_on_the_store(cli, synth_store):
    _, store = synth_store
    code, _, err = cli("sparql", "--store", str(store), "--timeout", "1",
                       "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")
    assert (code, err) == (3, "dramagraph: error: the query ran out of time after 1 s and was stopped "
                              "(raise --timeout, or make the query more selective)\n")


def test_a_failed_load_keeps_the_old_store(cli, tmp_path):
    good, bad = tmp_path / "good.nt", tmp_path / "bad.nt"
    generate(good, 10, seed=1)
    bad.write_text('<http://a> <http://b> "unterminated .\n', encoding="utf-8")
    store = tmp_path / "store"
    assert cli("load", str(good), "--store", str(store))[0] == 0
    before = json.loads(cli("stats", "--store", str(store), "--format", "json")[1])
    code, _, err = cli("load", str(good), str(bad), "--store", str(store))
    assert code == 2 and err.startswith(f"dramagraph: error: {bad}:1:")
    assert json.loads(cli("stats", "--store", str(store), "--format", "json")[1]) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.nt", "good.nt", "store"]


def test_load_refuses_to_replace_a_folder_that_is_not_a_store(cli, tmp_path):
    (tmp_path / "precious").mkdir()
    (tmp_path / "precious" / "thesis.txt").write_text("keep me", encoding="utf-8")
    data = tmp_path / "d.nt"
    generate(data, 5, seed=1)
    code, _, err = cli("load", str(data), "--store", str(tmp_path / "precious"))
    assert (code, err) == (2, f"dramagraph: error: {tmp_path / 'precious'} exists and is not a dramagraph "
                              f"store: refusing to replace it\n")
    assert (tmp_path / "precious" / "thesis.txt").read_text(encoding="utf-8") == "keep me"
