"""Nodes linked as the same (owl:sameAs) are one node for every reading command: names resolve to the
article's node, named queries bind every linked node, the networks draw one node, and provenance shows
each source's facts side by side. The links here are written by hand (as a user's file may state them);
tests/sources/test_import_store.py makes them with `dramagraph link`."""

from __future__ import annotations

import pytest

from graph.rdf.iris import BASE, IMDB

T, P = BASE + "title/", BASE + "person/"
IMPORTED = f"""
@prefix schema: <https://schema.org/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> . @prefix imdb: <{IMDB}> .
<{BASE}graph/import/imdb/title.basics> {{
  imdb:tt9000001 a schema:Movie ; schema:name "Koizora" ; schema:datePublished "2007"^^xsd:gYear .
  imdb:tt9000002 a schema:Movie ; schema:name "Another Film" ; schema:datePublished "2010"^^xsd:gYear .
}}
<{BASE}graph/import/imdb/title.principals> {{
  imdb:tt9000001 schema:actor <{IMDB}role/tt9000001-1-1>, <{IMDB}role/tt9000001-2> .
  <{IMDB}role/tt9000001-1-1> a schema:PerformanceRole ; schema:actor imdb:nm9000001 ;
      schema:characterName "Hiro" .
  <{IMDB}role/tt9000001-2> a schema:PerformanceRole ; schema:actor imdb:nm9000002 .
  imdb:tt9000002 schema:actor <{IMDB}role/tt9000002-1-1> .
  <{IMDB}role/tt9000002-1-1> a schema:PerformanceRole ; schema:actor imdb:nm9000002 ;
      schema:characterName "Lead" .
}}
<{BASE}graph/import/imdb/name.basics> {{
  imdb:nm9000001 a schema:Person ; schema:name "Haruma Miura" .
  imdb:nm9000002 a schema:Person ; schema:name "Synthetic Extra" .
}}
<{BASE}graph/links> {{
  imdb:nm9000001 owl:sameAs <{P}haruma-miura> .
  imdb:tt9000001 owl:sameAs <{T}koizora> .
}}
"""


@pytest.fixture(scope="module")
def linked(tmp_path_factory):
    from graph.store.opening import open_graph

    path = tmp_path_factory.mktemp("linked") / "imported.trig"
    path.write_text(IMPORTED, encoding="utf-8")
    return open_graph(data_dir=False, files=[path])


def test_groups_stand_for_the_article_node(linked):
    from graph.query.sameas import groups

    assert groups(linked) == {
        P + "haruma-miura": (P + "haruma-miura", IMDB + "nm9000001"),
        IMDB + "nm9000001": (P + "haruma-miura", IMDB + "nm9000001"),
        T + "koizora": (T + "koizora", IMDB + "tt9000001"),
        IMDB + "tt9000001": (T + "koizora", IMDB + "tt9000001"),
        # the shipped alias of the 2019 drama (data/corrections.trig)
        T + "boku-no-hatsukoi-wo-kimi-ni-sasagu-2019": DRAMA, BASE + "work/secret-unrequited-love": DRAMA}


DRAMA = ("https://w3id.org/dramagraph/title/boku-no-hatsukoi-wo-kimi-ni-sasagu-2019",
         "https://w3id.org/dramagraph/work/secret-unrequited-love")


def test_a_name_of_two_linked_nodes_is_one_node(linked):
    from graph.query.names import resolve

    assert resolve(linked, "Haruma Miura").iri == P + "haruma-miura"
    assert resolve(linked, "imdb:nm9000001").iri == P + "haruma-miura"
    assert resolve(linked, "Koizora").iri == T + "koizora"


def test_a_name_of_two_unlinked_nodes_is_ambiguous(tmp_path):
    from graph.errors import AmbiguousNameError
    from graph.query.names import resolve
    from graph.store.opening import open_graph

    path = tmp_path / "unlinked.trig"
    path.write_text(IMPORTED.split(f"<{BASE}graph/links>")[0], encoding="utf-8")
    with pytest.raises(AmbiguousNameError) as caught:
        resolve(open_graph(data_dir=False, files=[path]), "Haruma Miura")
    assert {c[2] for c in caught.value.candidates} == {P + "haruma-miura", IMDB + "nm9000001"}


def test_a_named_query_binds_every_linked_node(linked):
    from graph.query.querying import run_named

    rows = run_named(linked, "filmography", {"person": "Haruma Miura"}).rows
    assert sorted((r["person"].rsplit("/", 1)[1], r["title"].rsplit("/", 1)[1], r.get("characterName"))
                  for r in rows) == [
        ("haruma-miura", "boku-no-ita-jikan", "Takuto Sawada"),
        ("haruma-miura", "koizora", "Hiroki Sakurai"),
        ("nm9000001", "tt9000001", "Hiro")]


def test_the_networks_draw_one_node_per_group(linked):
    from graph.network.networks import network

    co = network(linked, "co-actor")
    assert IMDB + "nm9000001" not in co and IMDB + "tt9000001" not in network(linked, "cast")
    assert sorted(co[IMDB + "nm9000002"]) == [P + "haruma-miura", P + "yui-aragaki"]
    assert co.edges[P + "haruma-miura", IMDB + "nm9000002"]["titles"] == ["Koizora"]
    full = network(linked, "full")
    assert full.nodes[T + "koizora"]["label"] == "Koizora"
    assert {full.nodes[n]["label"] for n in full[IMDB + "nm9000002"]} == {"Koizora", "Another Film"}


def test_a_path_crosses_sources_through_a_linked_title(linked):
    from graph.network.explore import path

    found = path(linked, "Synthetic Extra", "Yui Aragaki")
    assert [(n["iri"], n["label"]) for n in found["paths"][0]["nodes"]] == [
        (IMDB + "nm9000002", "Synthetic Extra"), (T + "koizora", "Koizora"), (P + "yui-aragaki", "Yui Aragaki")]
    assert [hop["label"] for hop in found["paths"][0]["hops"]] == ["Synthetic Extra", "Yui Aragaki as Mika Tahara"]


def test_provenance_shows_each_sources_facts_side_by_side(linked):
    from graph.query.querying import run_named

    rows = run_named(linked, "provenance", {"thing": "Haruma Miura"}).rows
    facts = sorted((r["thing"].rsplit("/", 1)[1], r["property"].rsplit("/", 1)[1], str(r["value"]),
                    r["graph"].rsplit("/", 1)[1]) for r in rows)
    assert ("nm9000001", "name", "Haruma Miura", "name.basics") in facts
    assert ("haruma-miura", "name", "Haruma Miura", "koizora-cast") in facts
    assert ("nm9000001", "22-rdf-syntax-ns#type", "https://schema.org/Person", "name.basics") in facts
