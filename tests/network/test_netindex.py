"""The network index (graph/network/netindex.py): every exploring answer is the same with it as without it, on a
synthetic store of thousands of titles with owl:sameAs links; a store without one falls back."""

from __future__ import annotations

import networkx as nx
import pytest

S = "https://w3id.org/dramagraph/synth/"
OWL_SAME = "<http://www.w3.org/2002/07/owl#sameAs>"
# linked people and titles: the index must see them as one node, as the views do
SAME_AS = [(f"{S}person/7", f"{S}person/3"), (f"{S}person/40", f"{S}person/41"), (f"{S}title/12", f"{S}title/900")]

PEOPLE = ["Person 0", "Person 3", "Person 41", "Person 150", "Person 97", "Person 2520", "Person 2"]
TITLES = ["Title 0", "Title 12", "Title 77", "Title 1499", "Title 640"]


def _answers(kg):
    from graph.network import explore

    answers = {}
    for a, b in zip(PEOPLE, PEOPLE[1:] + TITLES[:2]):
        answers["path", a, b] = explore.path(kg, a, b)
        answers["path all", a, b] = explore.path(kg, a, b, via="all")
    answers["shortest", PEOPLE[0], PEOPLE[4]] = explore.path(kg, PEOPLE[0], PEOPLE[4], all_shortest=True)
    answers["shortest", TITLES[2], TITLES[3]] = explore.path(kg, TITLES[2], TITLES[3], all_shortest=True)
    answers["illness"] = explore.path(kg, PEOPLE[5], "synthetic illness 3")
    answers["work"] = explore.path(kg, TITLES[4], "Person 9", via="all", all_shortest=True)
    answers["links"] = explore.links(kg)
    for title in TITLES:
        answers["similar", title] = explore.similar(kg, title, 10)
    answers["similar 200"] = explore.similar(kg, TITLES[0], 200)
    for view in ("cast", "full"):
        answers["degree", view] = explore.centrality(kg, view, "degree", 25)
    answers["degree all"] = explore.centrality(kg, "cast", "degree")
    answers["co-actors"] = explore.co_actor_counts(kg, 20)
    answers["co-actors all"] = explore.co_actor_counts(kg, None)
    return answers


@pytest.fixture(scope="module")
def stores(tmp_path_factory):
    """(answers without the index, the store opened again after building it)."""
    from graph.store.diskstore import load_store, open_store
    from graph.sources.synth import generate

    folder = tmp_path_factory.mktemp("netindex")
    data = folder / "synth.nt"
    generate(data, 1500, seed=3, themes=True)  # with themes, for similar
    links = folder / "links.nt"
    links.write_text("".join(f"<{a}> {OWL_SAME} <{b}> .\n" for a, b in SAME_AS), encoding="utf-8")
    load_store([data, links], folder / "store")
    from graph.network import netbuild, netindex
    from graph.network.networks import network

    before = open_store(folder / "store")
    assert netindex.open(before) is None  # nothing built yet: today's way
    answers = _answers(before)
    egos = {(view, who, depth): nx.ego_graph(network(before, view), iri, radius=depth)
            for view, who, iri, depth in (("cast", "person", f"{S}person/3", 1), ("cast", "title", f"{S}title/12", 2),
                                          ("full", "person", f"{S}person/40", 1), ("full", "title", f"{S}title/5", 2))}
    built = netbuild.build(before)
    assert built == before.path.parent / "netindex" and (built / "meta.json").is_file()
    after = open_store(folder / "store")
    assert netindex.open(after) is not None
    return answers, egos, after


def test_every_answer_is_the_same_with_the_index(stores):
    before, _, after = stores
    now = _answers(after)
    assert now.keys() == before.keys()
    for key in before:
        assert now[key] == before[key], key


def test_linked_nodes_are_one_node_in_the_index(stores):
    from graph.network import explore

    _, _, kg = stores
    # person/7 stands for nobody: person/3 (first in IRI order) stands for both
    hop = explore.path(kg, "Person 7", "Person 0")["paths"][0]["nodes"][0]
    assert hop["iri"] == f"{S}person/3"
    assert all(f"{S}person/7" not in (r["person1"], r["person2"]) for r in explore.co_actor_counts(kg, None))


def test_neighbourhoods_equal_the_ego_graphs(stores):
    from graph.network import explore

    _, egos, kg = stores
    for (view, _, depth), ego in egos.items():
        center = {"cast": {1: f"{S}person/3", 2: f"{S}title/12"}, "full": {1: f"{S}person/40", 2: f"{S}title/5"}}
        iri = center[view][depth]
        got = explore.neighbourhood(kg, view, iri, depth)
        assert dict(got.nodes(data=True)) == dict(ego.nodes(data=True))
        assert sorted((min(a, b), max(a, b), k, sorted(d.items())) for a, b, k, d in got.edges(keys=True, data=True)) \
            == sorted((min(a, b), max(a, b), k, sorted(d.items())) for a, b, k, d in ego.edges(keys=True, data=True))
        assert got.graph == ego.graph
    with pytest.raises(Exception, match="is not in the cast network"):
        explore.neighbourhood(kg, "cast", f"{S}illness/3", 1)
    assert explore.neighbourhood(kg, "title", f"{S}title/5", 1) is None  # not indexed: the caller builds it


def test_the_article_store_answers_from_its_index(tmp_path, kg):
    """Exact answers on the article's data, loaded into a store and indexed."""
    from graph.network import explore, netbuild, netindex
    from graph.api import build
    from graph.store.diskstore import load_store
    from graph.store.opening import open_graph

    build(tmp_path / "all.trig", "trig", kg=kg)
    load_store([tmp_path / "all.trig"], tmp_path / "store")
    assert netbuild.build(open_graph(store=tmp_path / "store")) is not None
    store = open_graph(store=tmp_path / "store")
    assert netindex.open(store) is not None
    found = explore.path(store, "Yui Aragaki", "Mikako Tabe")
    assert [n["label"] for n in found["paths"][0]["nodes"]] == \
        ["Yui Aragaki", "Koizora", "Haruma Miura", "Boku no Ita Jikan", "Mikako Tabe"]
    assert [h["relation"] for h in found["paths"][0]["hops"]] == ["actor"] * 4
    pair = explore.co_actor_counts(store, 1)[0]
    assert (pair["name1"], pair["name2"], pair["count"], pair["titles"]) == (
        "Erika Sawajiri", "Ryō Nishikido", 1,
        [{"title": "https://w3id.org/dramagraph/title/one-liter-of-tears", "name": "One Liter of Tears"}])
    assert explore.co_actor_counts(store, 5) == explore.co_actor_counts(kg, 5)
    assert explore.similar(store, "Koizora") == explore.similar(kg, "Koizora")


def test_no_index_outside_a_versioned_store(kg):
    from graph.network import netbuild, netindex

    assert netbuild.build(kg) is None and netindex.open(kg) is None
