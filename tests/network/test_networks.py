"""Exploring the network: projections, links, paths, similar titles, centrality, export."""

from __future__ import annotations

import json
from collections import Counter

import networkx as nx
import pytest

from graph.network.explore import centrality, export, links, path, similar
from graph.network.networks import network

P = "https://w3id.org/dramagraph/person/"
T = "https://w3id.org/dramagraph/title/"
PEOPLE = ["Erika Sawajiri", "Haruka Ayase", "Haruma Miura", "Juri Ueno", "Kento Yamazaki", "Mao Inoue",
          "Masaki Okada", "Mikako Tabe", "Mizuki Yamamoto", "Naohito Fujiki", "Naoto Ogata", "Nomura Shuhei",
          "Ryō Nishikido", "Sakurai Hinako", "Takayuki Yamada", "Takeru Sato", "Tao Tsuchiya", "Tori Matsuzaka",
          "Yui Aragaki"]
TITLES = ["Boku no Ita Jikan", "Crying Out Love, in the Center of the World", "Good Doctor",
          "I Give My First Love To You", "Koizora", "One Liter of Tears", "Perfect World", "The 8 Year Engagement",
          "僕の初恋をキミに捧ぐ"]


def labels(G, kind=None):
    return sorted(d["label"] for _, d in G.nodes(data=True) if kind is None or d["kind"] == kind)


def test_cast_view_people_and_titles_an_edge_per_role(kg):
    G = network(kg, "cast")
    assert labels(G, "person") == PEOPLE and labels(G, "title") == TITLES
    assert G.number_of_edges() == 20
    crying = T + "crying-out-love-in-the-center-of-the-world"
    assert sorted((G.nodes[p]["label"], d["character"], d["roleName"]) for _, p, d in G.edges(crying, data=True)) == [
        ("Haruka Ayase", "Hirose Aki", "teen Hirose Aki"),
        ("Naoto Ogata", "Matsumoto Sakutaro", "present Matsumoto Sakutaro"),
        ("Takayuki Yamada", "Matsumoto Sakutaro", "teen Matsumoto Sakutaro"),
    ]
    # the corrections' cast of the 2019 drama: roles without a character
    bokukimi = "https://w3id.org/dramagraph/title/boku-no-hatsukoi-wo-kimi-ni-sasagu-2019"
    assert sorted((G.nodes[p]["label"], d["character"], d["roleName"])
                  for _, p, d in G.edges(bokukimi, data=True)) == [("Nomura Shuhei", "", "主人公"), ("Sakurai Hinako", "", "ヒロイン")]


def test_co_actor_view(kg):
    G = network(kg, "co-actor")
    assert labels(G) == PEOPLE
    assert G.edges[P + "haruma-miura", P + "yui-aragaki"] == {
        "relation": "co-actor", "titles": ["Koizora"], "weight": 1, "label": "Koizora"}
    assert sorted(G.nodes[n]["label"] for n in G[P + "haruma-miura"]) == ["Mikako Tabe", "Yui Aragaki"]
    assert G.edges[P + "hinako-sakurai", P + "shuhei-nomura"] == {
        "relation": "co-actor", "titles": ["僕の初恋をキミに捧ぐ"], "weight": 1, "label": "僕の初恋をキミに捧ぐ"}
    assert G.number_of_edges() == 13


def test_title_view_edges_and_reasons(kg):
    G = network(kg, "title")
    assert labels(G) == TITLES
    edges = sorted((*sorted((G.nodes[a]["label"], G.nodes[b]["label"])), d["weight"], tuple(d["reasons"]))
                   for a, b, d in G.edges(data=True))  # each pair in the order of its labels
    # themes (what a title is about besides illness) count too: young love is a kind of romance
    assert edges == sorted([
        ("Boku no Ita Jikan", "Crying Out Love, in the Center of the World", 1,
         ("related theme: young love is a kind of romance",)),
        ("Boku no Ita Jikan", "I Give My First Love To You", 1, ("related theme: young love is a kind of romance",)),
        ("Boku no Ita Jikan", "Koizora", 4,
         ("shared actor: Haruma Miura (Takuto Sawada in Boku no Ita Jikan, Hiroki Sakurai in Koizora)",
          "same theme: romance")),
        ("Boku no Ita Jikan", "One Liter of Tears", 1,
         ("related illness: amyotrophic lateral sclerosis and spinocerebellar degeneration are both kinds of "
          "neurodegenerative disease",)),
        ("Boku no Ita Jikan", "Perfect World", 1, ("same theme: romance",)),
        ("Boku no Ita Jikan", "The 8 Year Engagement", 1, ("same theme: romance",)),
        ("Crying Out Love, in the Center of the World", "I Give My First Love To You", 1, ("same theme: young love",)),
        ("Crying Out Love, in the Center of the World", "Koizora", 3,
         ("related illness: leukemia is a kind of cancer", "related theme: young love is a kind of romance",
          "same kind of source work: novel")),
        ("Crying Out Love, in the Center of the World", "Perfect World", 1,
         ("related theme: young love is a kind of romance",)),
        ("Crying Out Love, in the Center of the World", "The 8 Year Engagement", 1,
         ("related theme: young love is a kind of romance",)),
        ("I Give My First Love To You", "Koizora", 1, ("related theme: young love is a kind of romance",)),
        ("I Give My First Love To You", "Perfect World", 2,
         ("related theme: young love is a kind of romance", "same kind of source work: manga")),
        ("I Give My First Love To You", "The 8 Year Engagement", 2,
         ("related illness: heart attack is a kind of heart disease", "related theme: young love is a kind of romance")),
        ("I Give My First Love To You", "僕の初恋をキミに捧ぐ", 1, ("same kind of source work: manga",)),
        ("Koizora", "Perfect World", 1, ("same theme: romance",)),
        ("Koizora", "The 8 Year Engagement", 1, ("same theme: romance",)),
        ("Perfect World", "The 8 Year Engagement", 1, ("same theme: romance",)),
        ("Perfect World", "僕の初恋をキミに捧ぐ", 1, ("same kind of source work: manga",)),
    ])


def test_full_view_has_a_kind_on_every_node_and_a_relation_on_every_edge(kg):
    G = network(kg, "full")
    assert Counter(d["kind"] for _, d in G.nodes(data=True)) == {
        "character": 21, "person": 23, "illness": 16, "work": 9, "title": 9, "theme": 6}
    assert Counter(d["relation"] for *_, d in G.edges(keys=True, data=True)) == {
        "about": 24, "character": 21, "plays": 18, "actor": 20, "broader": 7, "based on": 8, "author": 4,
        "version of": 2, "inspired by": 1}
    assert G.nodes["https://w3id.org/dramagraph/character/mika-tahara"]["altNames"] == ["Mika", "田原美嘉"]


def test_the_only_shared_actor_link(kg):
    assert links(kg) == [{
        "person": P + "haruma-miura", "personName": "Haruma Miura",
        "title1": T + "boku-no-ita-jikan", "title1Name": "Boku no Ita Jikan", "character1": "Takuto Sawada",
        "title2": T + "koizora", "title2Name": "Koizora", "character2": "Hiroki Sakurai"}]


def test_links_cli(cli):
    assert cli("links", "--no-user-data") == (0, (
        "Boku no Ita Jikan -- Haruma Miura -- Koizora\n"
        "    Haruma Miura plays Takuto Sawada in Boku no Ita Jikan and Hiroki Sakurai in Koizora\n"),
        "1 shared-actor link\n")


def test_path_from_yui_aragaki_to_mikako_tabe(cli):
    code, out, err = cli("path", "--no-user-data", "Yui Aragaki", "mikako tabe")
    assert code == 0
    assert out == ("Yui Aragaki (person)\n"
                   "  --[Yui Aragaki as Mika Tahara]-- Koizora (title)\n"
                   "  --[Haruma Miura as Hiroki Sakurai]-- Haruma Miura (person)\n"
                   "  --[Haruma Miura as Takuto Sawada]-- Boku no Ita Jikan (title)\n"
                   "  --[Mikako Tabe as Megumi Hongo]-- Mikako Tabe (person)\n")
    assert err == "1 shortest path of 4 hops, via people\n"


def test_path_json_and_all_shortest(cli):
    code, out, _ = cli("path", "--no-user-data", "Sky of Love", "The Hours of My Life", "--all-shortest",
                       "--format", "json")
    found = json.loads(out)
    assert (found["length"], found["via"]) == (2, "people")
    assert [[n["label"] for n in p["nodes"]] for p in found["paths"]] == [
        ["Koizora", "Haruma Miura", "Boku no Ita Jikan"]]
    assert found["paths"][0]["hops"] == [
        {"relation": "actor", "character": "Hiroki Sakurai", "label": "Haruma Miura as Hiroki Sakurai"},
        {"relation": "actor", "character": "Takuto Sawada", "label": "Haruma Miura as Takuto Sawada"}]


def test_path_through_illnesses_and_characters(kg):
    found = path(kg, "leukemia", "Mika Tahara")
    assert found["via"] == "all"
    assert [n["label"] for n in found["paths"][0]["nodes"]] == ["leukemia", "cancer", "Koizora", "Mika Tahara"]
    assert [h["relation"] for h in found["paths"][0]["hops"]] == ["broader", "about", "character"]


def test_no_path_exits_1(cli):
    code, out, err = cli("path", "--no-user-data", "Tori Matsutaka", "Takeru Sato")
    assert (code, out) == (1, "")
    # found by the article's spelling, an alternate name now; named by his display name
    assert err == ("dramagraph: error: no path between Tori Matsuzaka and Takeru Sato in the people network; "
                   "--via all finds one of 4 hops\n")


def test_similar_koizora(cli, kg):
    code, out, _ = cli("similar", "--no-user-data", "Koizora")
    assert (code, out) == (0, (
        "titles like Koizora:\n"
        "1. Boku no Ita Jikan  (score 4)\n"
        "     - shared actor: Haruma Miura (Hiroki Sakurai in Koizora, Takuto Sawada in Boku no Ita Jikan)\n"
        "     - same theme: romance\n"
        "2. Crying Out Love, in the Center of the World  (score 3)\n"
        "     - related illness: leukemia is a kind of cancer\n"
        "     - related theme: young love is a kind of romance\n"
        "     - same kind of source work: novel\n"
        "3. I Give My First Love To You  (score 1)\n"
        "     - related theme: young love is a kind of romance\n"
        "4. Perfect World  (score 1)\n"
        "     - same theme: romance\n"
        "5. The 8 Year Engagement  (score 1)\n"
        "     - same theme: romance\n"))
    assert [r["name"] for r in similar(kg, "sky of love")] == [
        "Boku no Ita Jikan", "Crying Out Love, in the Center of the World", "I Give My First Love To You",
        "Perfect World", "The 8 Year Engagement"]


def test_centrality_betweenness_in_the_co_actor_view(kg):
    rows = centrality(kg, "co-actor", "betweenness")
    assert [(r["rank"], r["label"], r["score"]) for r in rows[:2]] == [
        (1, "Haruma Miura", round(1 / 153, 6)), (2, "Erika Sawajiri", 0.0)]  # 1 of C(18, 2) pairs
    assert len(rows) == 19


def test_centrality_degree_table(cli):
    code, out, _ = cli("centrality", "--no-user-data", "--view", "title", "--top", "3")
    assert out.splitlines() == [
        "rank  name                         kind   degree",
        "   1  Boku no Ita Jikan            title  0.7500",
        "   2  I Give My First Love To You  title  0.7500",
        "   3  Perfect World                title  0.7500"]


def flat(value):
    return "; ".join(map(str, value)) if isinstance(value, list) else value


@pytest.mark.parametrize("view", ["cast", "co-actor", "title", "full"])
@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_exports_read_back_isomorphic_with_the_same_attributes(kg, tmp_path, view, fmt):
    out = export(kg, view, fmt, tmp_path / f"net.{fmt}")
    G = network(kg, view)
    if fmt == "json":
        H = nx.node_link_graph(json.loads(out.read_text(encoding="utf-8")))
    elif fmt == "graphml":
        H = nx.read_graphml(out, force_multigraph=G.is_multigraph())
    else:
        H = nx.read_gexf(out)
    assert sorted(H.nodes) == sorted(G.nodes)
    assert H.number_of_edges() == G.number_of_edges()
    for node, data in G.nodes(data=True):
        got = {k: v for k, v in H.nodes[node].items() if k in data}
        assert got == {k: (v if fmt == "json" else flat(v)) for k, v in data.items()}, node
    def edge_set(graph, as_flat):
        items = graph.edges(data=True)
        return sorted((tuple(sorted((a, b))), d.get("relation"), (flat(d.get("label")) if as_flat else d.get("label")))
                      for a, b, d in items)
    assert edge_set(H, False) == edge_set(G, fmt != "json")


def test_export_cli_writes_atomically(cli, tmp_path):
    out = tmp_path / "co.graphml"
    code, _, err = cli("export", "--no-user-data", "--view", "co-actor", "--format", "graphml", "--out", str(out))
    assert (code, err) == (0, f"wrote {out} (graphml, 19 nodes, 13 edges)\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["co.graphml"]


def test_unknown_and_ambiguous_names(cli):
    code, _, err = cli("path", "--no-user-data", "Haruma Mura", "Koizora")
    assert (code, err) == (2, "dramagraph: error: 'Haruma Mura' is not in the graph as any node; "
                              "did you mean: Haruma Miura?\n")
    code, _, err = cli("similar", "--no-user-data", "Mika")
    assert code == 2 and err.startswith("dramagraph: error: 'Mika' is not in the graph as a title")
    code, _, err = cli("path", "--no-user-data", "Mika", "Koizora")
    assert (code, err) == (2, "dramagraph: error: 'Mika' is ambiguous: it names 2 things: Mika Tahara "
                              "(character, <https://w3id.org/dramagraph/character/mika-tahara>); Mika (person, "
                              "<https://w3id.org/dramagraph/person/mika>)\n")
