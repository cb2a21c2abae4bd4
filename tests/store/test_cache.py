"""Issue 12.1: one explicit cache per graph, emptied when the data changes; both ways of resolving a
name (the exact-name fast path and the whole index) give the same answer."""

from __future__ import annotations

import pytest

MIURA = "https://w3id.org/dramagraph/person/haruma-miura"
NEW_TITLE = "https://w3id.org/dramagraph/title/my-drama"


def _my_drama_quads():
    import pyoxigraph as ox

    g = ox.NamedNode("https://w3id.org/dramagraph/graph/user/my-drama")
    s = "https://schema.org/"
    title, role = ox.NamedNode(NEW_TITLE), ox.NamedNode("https://w3id.org/dramagraph/role/my-drama-hero")
    return [
        ox.Quad(title, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode(s + "TVSeries"), g),
        ox.Quad(title, ox.NamedNode(s + "name"), ox.Literal("My Drama"), g),
        ox.Quad(title, ox.NamedNode(s + "actor"), role, g),
        ox.Quad(role, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                ox.NamedNode(s + "PerformanceRole"), g),
        ox.Quad(role, ox.NamedNode(s + "actor"), ox.NamedNode(MIURA), g),
        ox.Quad(role, ox.NamedNode(s + "characterName"), ox.Literal("Hero"), g),
    ]


def test_a_change_to_the_graph_empties_its_cache():
    from graph.network.networks import network
    from graph.query.names import resolve
    from graph.store.opening import open_graph

    kg = open_graph(data_dir=False)
    before = network(kg, "cast")
    assert sorted(before.nodes[n]["label"] for n in before[MIURA]) == ["Boku no Ita Jikan", "Koizora"]
    assert sorted(kg.cache) == ["cast network", "disputed names", "node names", "rows of network-cast",
                                "rows of node-names", "rows of role-names", "same as"]
    kg.add_quads(_my_drama_quads())
    assert kg.cache == {}
    after = network(kg, "cast")
    assert sorted(after.nodes[n]["label"] for n in after[MIURA]) == ["Boku no Ita Jikan", "Koizora", "My Drama"]
    assert resolve(kg, "My Drama").iri == NEW_TITLE


def test_the_cache_is_the_graphs_own():
    from graph.network.networks import network
    from graph.store.opening import open_graph

    first, second = open_graph(data_dir=False), open_graph(data_dir=False)
    network(first, "co-actor")
    assert "co-actor network" in first.cache and second.cache == {}


@pytest.mark.parametrize("name, expected", [
    ("ALS", ("amyotrophic lateral sclerosis", "illness", "https://w3id.org/dramagraph/concept/als")),
    ("Koizora", ("Koizora", "title", "https://w3id.org/dramagraph/title/koizora")),
    ("Sky of Love", ("Koizora", "title", "https://w3id.org/dramagraph/title/koizora")),
    ("Mikako Tabe", ("Mikako Tabe", "person", "https://w3id.org/dramagraph/person/mikako-tabe")),
    ("Ryō Nishikido", ("Ryō Nishikido", "person", "https://w3id.org/dramagraph/person/ryo-nishikido")),
    ("leukemia", ("leukemia", "illness", "https://w3id.org/dramagraph/concept/leukemia")),
])
def test_both_name_paths_agree(name, expected):
    from graph.query.names import index, resolve
    from graph.store.opening import open_graph

    kg = open_graph(data_dir=False)
    fast = resolve(kg, name)  # before the index exists: the exact-name path
    assert "name index" not in kg.cache
    index(kg)
    slow = resolve(kg, name)  # the whole index
    assert (fast.label, fast.kind, fast.iri) == (slow.label, slow.kind, slow.iri) == expected
