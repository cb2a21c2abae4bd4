"""A view over the page's edge budget is refused from the network index's counts, before the view is
built (issue 27 §6): the counts are the built views' own, node for node and edge for edge (and, for
the co-actor view, weight for weight), on a synth store and on an imported synthetic IMDb store; with
``--min-weight`` on the title view the count is a lower bound of the edges kept."""

from __future__ import annotations

from collections import Counter

import pytest

from graph import api
from graph.network import netindex
from graph.errors import UsageError
from graph.network.netsize import view_size
from graph.network.networks import network
from graph.web.page import _megabytes
from graph.store.opening import open_graph
from graph.sources.synth import generate, generate_imdb


@pytest.fixture(scope="module")
def stores(tmp_path_factory):
    folder = tmp_path_factory.mktemp("netsize")
    generate(folder / "synth.nt", 300, seed=5)
    api.load_store([folder / "synth.nt"], folder / "synth")
    generate(folder / "themes.nt", 300, seed=5, themes=True)  # titles that share themes are linked too
    api.load_store([folder / "themes.nt"], folder / "themes")
    (folder / "tsv").mkdir()
    generate_imdb(folder / "tsv", 6000, seed=2)
    api.import_imdb(folder / "tsv", store=folder / "imdb", data_dir=False)
    return {name: open_graph(store=folder / name) for name in ("synth", "themes", "imdb")}


def _weights(G):
    return Counter(w for *_, w in G.edges(data="weight", default=1))


@pytest.mark.parametrize("store", ["synth", "themes", "imdb"])
@pytest.mark.parametrize("view", ["cast", "full", "co-actor", "title"])
def test_the_counts_are_the_built_views_own(stores, store, view):
    kg = stores[store]
    size = view_size(netindex.open(kg), view)
    G = network(kg, view)
    assert (size.nodes, size.edges, size.at_least) == (G.number_of_nodes(), G.number_of_edges(), False)
    if view == "co-actor":
        assert size.weights == _weights(G)


@pytest.mark.parametrize("store", ["synth", "themes", "imdb"])
def test_with_a_least_weight_the_title_count_is_a_lower_bound(stores, store):
    kg = stores[store]
    weights = _weights(network(kg, "title"))
    ix = netindex.open(kg)
    for least in (2, 3, 4, 6):
        size = view_size(ix, "title", None, least)
        kept = sum(c for w, c in weights.items() if w >= least)
        assert size.at_least and 0 < size.edges <= kept
    # co-actor weights are exact
    co = _weights(network(kg, "co-actor"))
    assert view_size(ix, "co-actor", None, 2).edges == sum(c for w, c in co.items() if w >= 2)


def test_a_view_over_budget_is_refused_without_being_built(stores, tmp_path, monkeypatch):
    kg = stores["synth"]
    expected = view_size(netindex.open(kg), "title")
    import graph.network.networks

    def must_not_build(*args, **kwargs):
        raise AssertionError("the view was built to be counted")

    monkeypatch.setattr(graph.network.networks, "network", must_not_build)
    out = tmp_path / "title.html"
    with pytest.raises(UsageError) as refused:
        api.viz("title", out, max_edges=1000, kg=kg)
    assert str(refused.value) == (
        f"the title view has 300 nodes and {expected.edges:,} edges, over the page's budget of 1,000 edges "
        f"(the page would be about {_megabytes(expected.megabytes)} MB); nothing written: narrow it with --around NAME, "
        "--min-weight N, another --view, or raise --max-edges")
    assert not out.exists()
    co = view_size(netindex.open(kg), "co-actor")
    with pytest.raises(UsageError, match=r"^the co-actor view has [\d,]+ nodes and [\d,]+ edges, .* --min-weight \d+ "
                                         r"\(keeps [\d,]+ edges\)") as refused:
        api.viz("co-actor", out, max_edges=co.edges - 1, kg=kg)
    assert f"and {co.edges:,} edges" in str(refused.value)
    assert not out.exists()


def test_the_cli_refuses_from_the_counts(stores, tmp_path, capsys):
    from graph.cli import main

    kg = stores["imdb"]
    size = view_size(netindex.open(kg), "cast")
    code = main(["viz", "--store", str(kg.path.parent.parent), "--view", "cast", "--max-edges", "100",
                 "--out", str(tmp_path / "cast.html")])
    err = capsys.readouterr().err
    assert code == 2 and not (tmp_path / "cast.html").exists()
    assert err.startswith(f"dramagraph: error: the cast view has {size.nodes:,} nodes and {size.edges:,} edges, "
                          "over the page's budget of 100 edges")
    assert err.count("\n") == 1
