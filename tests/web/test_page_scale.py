"""Large views on the page (issue 14 §2): the layout spreads every component, labels drawn at the
opening zoom are legible, and views over the edge budget are refused before anything is written."""

from __future__ import annotations

import networkx as nx
import pytest

from graph.errors import UsageError
from graph.network.layout import layout, spread
from graph.network.networks import network
from graph.web.page import LABEL_MIN_PX, render, viz

LABELS_JS = """() => {
  const net = window.dramagraph.network, scale = net.getScale();
  const sizes = [];
  for (const node of Object.values(net.body.nodes)) {
    const label = node.labelModule, px = label.fontOptions.size * scale;
    if (px >= label.elementOptions.scaling.label.drawThreshold - 1) sizes.push([node.id, px]);
  }
  return sizes;
}"""


def big_view():
    """A power-law component of 2,500 nodes, a long chain hanging off it (an outlier maker), and 60
    small components (pairs and triangles): 2,690 nodes."""
    G = nx.barabasi_albert_graph(2500, 2, seed=5)
    nx.add_path(G, [2499] + [f"chain {i}" for i in range(40)])
    for i in range(30):
        G.add_edge(f"pair {i} a", f"pair {i} b")
        nx.add_cycle(G, [f"tri {i} {j}" for j in range(3)])
    nx.set_node_attributes(G, {n: {"label": f"node {n}", "kind": "person" if isinstance(n, int) else "title"} for n in G})
    return G


def test_layout_spreads_components_and_is_seeded():
    G = big_view()
    positions = layout(G, seed=7)
    assert set(positions) == set(G)
    assert positions == layout(G, seed=7)
    assert spread(positions) >= 0.25
    # components do not overlap: each one's box is apart from the giant component's box
    giant = max(nx.connected_components(G), key=len)
    xs, ys = zip(*(positions[n] for n in giant))
    for component in nx.connected_components(G):
        if component is giant or component == giant:
            continue
        for node in component:
            x, y = positions[node]
            assert not (min(xs) <= x <= max(xs) and min(ys) <= y <= max(ys)), node


def test_big_view_in_chromium_is_spread_and_its_labels_legible(browser, tmp_path):
    G = big_view()
    path = tmp_path / "big.html"
    html = render(G, path, labelled=20)
    assert '"physics":{"enabled":false}' in html
    page = browser.new_page(viewport={"width": 1200, "height": 800})
    outside = []
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
               else (outside.append(route.request.url), route.abort()))
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(path.as_uri())
    page.wait_for_function("window.dramagraph && window.dramagraph.ready", timeout=20_000, polling=50)
    positions = page.evaluate("() => window.dramagraph.network.getPositions()")
    assert len(positions) == G.number_of_nodes() == 2690
    assert spread({k: (v["x"], v["y"]) for k, v in positions.items()}) >= 0.25
    labels = page.evaluate(LABELS_JS)
    # about 20 labels at the opening zoom (labelled=20), among the 60 most linked nodes (by value, then
    # id; a label that would cover a more linked one's is left out), the most linked among them, each at
    # least 12 px high
    assert 5 <= len(labels) <= 20
    assert min(px for _, px in labels) >= LABEL_MIN_PX == 12
    value = page.evaluate("Object.fromEntries(window.dramagraph.nodes.get().map(n => [n.id, n.value]))")  # from the links
    ranked = sorted(value, key=lambda n: (-value[n], n))
    shown = {node for node, _ in labels}
    assert shown <= set(ranked[:60]) and ranked[0] in shown
    assert (outside, errors) == ([], [])
    page.close()


def test_edge_budget_refuses_before_writing(kg, tmp_path):
    out = tmp_path / "title.html"
    with pytest.raises(UsageError) as caught:
        viz(kg, "title", out, max_edges=2)
    assert str(caught.value) == (
        "the title view has 9 nodes and 18 edges, over the page's budget of 2 edges (the page would be about "
        "0.8 MB); nothing written: narrow it with --around NAME, --min-weight 3 (keeps 2 edges), another --view, "
        "or raise --max-edges")
    assert not out.exists()
    with pytest.raises(UsageError) as caught:
        viz(kg, "full", out, max_edges=50)
    assert str(caught.value) == (
        "the full view has 84 nodes and 105 edges, over the page's budget of 50 edges (the page would be about "
        "0.9 MB); nothing written: narrow it with --around NAME, another --view, or raise --max-edges")
    assert not out.exists()
    with pytest.raises(UsageError) as caught:
        viz(kg, "cast", out, min_weight=2)
    assert str(caught.value) == "--min-weight applies to the weighted views (title and co-actor), not to the cast view"


def test_min_weight_keeps_the_heavier_title_edges(kg, tmp_path):
    G = network(kg, "title")
    heavy = sorted(tuple(sorted((a, b))) for a, b, w in G.edges(data="weight") if w >= 3)
    assert len(heavy) == 2  # Koizora with Boku no Ita Jikan (4) and with Crying Out Love (3)
    page = viz(kg, "title", tmp_path / "title.html", min_weight=3, max_edges=2)
    assert (page.nodes, page.edges) == (9, 2)
    import json
    import re

    data = json.loads(re.search(r'<script type="application/json" id="dg-data">(.*?)</script>', page.html, re.S).group(1))
    assert sorted(tuple(sorted((e["from"], e["to"]))) for e in data["edges"]) == heavy
    assert sorted(e["weight"] for e in data["edges"]) == sorted(w for *_, w in G.edges(data="weight") if w >= 3)
