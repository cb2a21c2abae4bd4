"""The interactive page, opened in a real headless Chromium (Debian's, driven by Playwright) with every
outside request blocked and recorded."""

from __future__ import annotations

import networkx as nx

from graph.web.page import render
from tests.conftest import open_page

HOSTILE = "</script><img src=x onerror=alert(1)>"


def small_graph():
    G = nx.MultiGraph()
    nodes = {
        "t:koizora": dict(label="Koizora", kind="title", altNames=["Sky of Love"], illnesses=["cancer"],
                          facts={"year": "2007", "from": "the article, entry 6"}),
        "t:boku": dict(label="Boku no Ita Jikan", kind="title", altNames=["The Hours of My Life"],
                       illnesses=["amyotrophic lateral sclerosis"]),
        "p:miura": dict(label="Haruma Miura", kind="person"),
        "p:aragaki": dict(label="Yui Aragaki", kind="person"),
        "c:hiro": dict(label="Hiroki Sakurai", kind="character", altNames=["Hiro"]),
        "i:cancer": dict(label="cancer", kind="illness"),
        "x:evil": dict(label=HOSTILE, kind="work", altNames=["javascript:alert(2)"],
                       facts={"note": '<a href="javascript:alert(3)">click</a>'}),
    }
    for node, data in nodes.items():
        G.add_node(node, **data)
    for a, b, relation, label in [("p:miura", "t:koizora", "actor", "Haruma Miura as Hiroki Sakurai"),
                                  ("p:miura", "t:boku", "actor", "Haruma Miura as Takuto Sawada"),
                                  ("p:aragaki", "t:koizora", "actor", "Yui Aragaki as Mika Tahara"),
                                  ("p:miura", "c:hiro", "plays", "Haruma Miura as Hiroki Sakurai"),
                                  ("t:koizora", "i:cancer", "about", "about"),
                                  ("x:evil", "t:koizora", "based on", HOSTILE)]:
        G.add_edge(a, b, relation=relation, label=label)
    return G




def test_the_page_works_offline_and_matches_the_graph(browser, tmp_path, artifacts):
    G = small_graph()
    path = tmp_path / "page.html"
    render(G, path, title="Test <page>", caption="caption & <i>more</i>")
    page, seen = open_page(browser, path)
    assert page.evaluate("window.dramagraph.nodes.length") == G.number_of_nodes()
    assert page.evaluate("window.dramagraph.edges.length") == G.number_of_edges()
    assert page.eval_on_selector_all("#dg-legend label", "els => els.map(e => e.getAttribute('data-kind'))") == [
        "title", "person", "character", "illness", "work"]
    assert page.inner_text("h1") == "Test <page>"
    assert page.inner_text("#dg-caption") == "caption & <i>more</i>"
    page.fill("#dg-search", "haruma miura")
    page.press("#dg-search", "Enter")
    assert page.evaluate("window.dramagraph.selected()") == "p:miura"
    neighbours = page.evaluate("window.dramagraph.network.getConnectedNodes('p:miura').sort()")
    assert neighbours == ["c:hiro", "t:boku", "t:koizora"]
    page.fill("#dg-search", "sky of")
    assert page.inner_text("#dg-results") == "Koizora (title)"
    page.screenshot(path=str(artifacts / "page.png"))
    assert seen == {"outside": [], "errors": [], "dialogs": []}
    page.close()


def test_hostile_labels_are_text(browser, tmp_path):
    path = tmp_path / "hostile.html"
    render(small_graph(), path)
    page, seen = open_page(browser, path)
    page.fill("#dg-search", "onerror")
    assert page.inner_text("#dg-results") == f"{HOSTILE} (work)"
    tip = page.evaluate("window.dramagraph.tooltip('x:evil')")  # the page's own tooltip, made of text
    assert tip == f'{HOSTILE}kind: workalso known as: javascript:alert(2)note: <a href="javascript:alert(3)">click</a>'
    page.click("#dg-results li")
    assert page.evaluate("window.dramagraph.selected()") == "x:evil"
    assert page.evaluate("document.querySelectorAll('img, a').length") == 0
    assert seen == {"outside": [], "errors": [], "dialogs": []}
    page.close()


def test_filters_by_kind_and_illness(browser, tmp_path):
    path = tmp_path / "filters.html"
    render(small_graph(), path)
    page, _ = open_page(browser, path)
    page.uncheck("#dg-legend label[data-kind='person'] input")
    hidden = page.evaluate("window.dramagraph.nodes.get({filter: n => n.hidden}).map(n => n.id).sort()")
    assert hidden == ["p:aragaki", "p:miura"]
    page.check("#dg-legend label[data-kind='person'] input")
    page.select_option("#dg-illness", "cancer")
    shown = page.evaluate("window.dramagraph.nodes.get({filter: n => !n.hidden}).map(n => n.id).sort()")
    assert shown == ["i:cancer", "p:aragaki", "p:miura", "t:koizora", "x:evil"]
    assert page.inner_text("#dg-status") == "5 of 7 nodes shown"
    page.close()


def test_the_same_graph_gives_the_same_bytes(tmp_path):
    a, b = render(small_graph()), render(small_graph())
    assert a == b
    assert "https://" not in a.split('<script type="application/json"')[0].split("<style>")[0]


def test_no_remote_resource_is_referenced():
    text = render(small_graph())
    for marker in ("<link", "src=\"http", "src='http", "@import", "cdn."):
        assert marker not in text


def test_large_graphs_get_a_precomputed_layout(browser, tmp_path):
    G = nx.barabasi_albert_graph(700, 2, seed=3)
    nx.set_node_attributes(G, {n: {"label": f"node {n}", "kind": "person"} for n in G})
    path = tmp_path / "large.html"
    html = render(G, path)
    assert '"physics":{"enabled":false}' in html
    page, seen = open_page(browser, path)
    positioned = page.evaluate("window.dramagraph.nodes.get({filter: n => typeof n.x === 'number' && typeof n.y === 'number'}).length")
    assert positioned == 700
    assert page.evaluate("window.dramagraph.edges.length") == G.number_of_edges()
    assert seen == {"outside": [], "errors": [], "dialogs": []}
    page.close()


def test_viz_command_on_the_article(cli, tmp_path, browser):
    out = tmp_path / "full.html"
    code, _, err = cli("viz", "--no-user-data", "--out", str(out))
    assert (code, err) == (0, f"wrote {out} (84 nodes, 105 edges); it works offline\n")
    page, seen = open_page(browser, out)
    assert page.evaluate("window.dramagraph.nodes.length") == 84
    tip = page.evaluate("window.dramagraph.tooltip('https://w3id.org/dramagraph/title/koizora')")
    assert tip == ("Koizorakind: titlealso known as: Sky of Love | 恋空from: the article, entry 6illnesses: cancer | miscarriage"
                   "source work: Koizora (romance novel)type: filmyear: 2007")
    assert seen == {"outside": [], "errors": [], "dialogs": []}
    page.close()
    code, _, err = cli("viz", "--no-user-data", "--around", "Haruma Miura", "--view", "cast", "--depth", "2",
                       "--out", str(tmp_path / "around.html"))
    assert (code, err) == (0, f"wrote {tmp_path / 'around.html'} (5 nodes, 4 edges); it works offline\n")
