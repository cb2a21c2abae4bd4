"""`dramagraph serve`'s /explore: a graph of any size explored from a search outwards (issue 14 §2).

The answers of graph/network/expand.py are the same from the network index as from the full view built from
SPARQL (on a synthetic store of 2,000 titles), the HTTP endpoints give them as JSON with clear errors,
and the page in Chromium starts empty, finds a name, draws that node with its neighbours, and opens a
neighbour's neighbours on a click, without any outside request."""

from __future__ import annotations

import json
import urllib.parse

import pytest

from tests.conftest import fetch, poll, serve_process
from tests.web.conftest import idle, open_explore

D = "https://w3id.org/dramagraph/"
S = "https://w3id.org/dramagraph/synth/"
MIURA = D + "person/haruma-miura"


@pytest.fixture(scope="module")
def article_server(tmp_path_factory):
    with serve_process(tmp_path_factory.mktemp("explore")) as base:
        yield base


@pytest.fixture(scope="module")
def synth_store(tmp_path_factory):
    """(the store without its index, the same store with it): 2,000 synthetic titles."""
    from graph.network import netbuild, netindex
    from graph.store.diskstore import load_store, open_store
    from graph.sources.synth import generate

    folder = tmp_path_factory.mktemp("explore-synth")
    generate(folder / "synth.nt", 2000, seed=5)
    load_store([folder / "synth.nt"], folder / "store")
    before = open_store(folder / "store")
    assert netindex.open(before) is None
    netbuild.build(before)
    after = open_store(folder / "store")
    assert netindex.open(after) is not None
    return before, after, folder / "store"


def get_json(url):
    status, _, body = fetch(url)
    return status, (json.loads(body) if status == 200 else body.strip())


# ------------------------------------------------------------------ the answers
def test_search_ranks_as_the_viz_page_does():
    from graph.network import expand
    from graph.store.opening import open_graph

    kg = open_graph(data_dir=False)
    found = expand.search(kg, "koizora")
    assert [(r["id"], r["kind"], r["degree"]) for r in found["results"]] == [
        (D + "title/koizora", "title", 11), (D + "work/koizora-2008-drama", "work", 1), (D + "work/koizora-novel", "work", 2)]
    assert found["total"] == 3
    assert [r["label"] for r in expand.search(kg, "MIURA")["results"]] == ["Haruma Miura"]
    assert expand.search(kg, "sky of love")["results"][0]["id"] == D + "title/koizora"  # an alternate name
    assert expand.search(kg, "zzzz") == {"query": "zzzz", "total": 0, "results": [], "suggestions": []}
    assert expand.search(kg, "Koizara")["suggestions"] == ["Koizora"]  # did you mean


def test_a_neighbourhood_is_the_node_its_facts_and_its_most_linked_neighbours():
    from graph.network import expand
    from graph.store.opening import open_graph

    kg = open_graph(data_dir=False)
    d = expand.neighbourhood(kg, MIURA, limit=2)
    assert d["node"] == {"id": MIURA, "label": "Haruma Miura", "kind": "person",
                         "altNames": ["みうら はるま", "三浦 春馬", "三浦春馬"], "degree": 4}
    assert d["total"] == 4
    assert [n["id"] for n in d["neighbours"]] == [D + "title/koizora", D + "title/boku-no-ita-jikan"]
    assert d["links"] == [
        {"from": MIURA, "to": D + "title/koizora", "relation": "actor", "label": "Haruma Miura as Hiroki Sakurai"},
        {"from": MIURA, "to": D + "title/boku-no-ita-jikan", "relation": "actor", "label": "Haruma Miura as Takuto Sawada"}]
    names = {(f["property"], f["value"], f["quote"]) for f in d["facts"] if f["property"] == "schema:name"}
    assert names == {("schema:name", "Haruma Miura", "Yui Aragaki as Mika Tahara\n  • Haruma Miura as Hiroki Sakurai"),
                     ("schema:name", "Haruma Miura", "Haruma Miura as Takuto Sawada\n  • Mikako Tabe as Megumi Hongo")}


def test_facts_show_labels_for_nodes_and_prefixes_for_other_iris():
    from graph.network import expand
    from graph.store.opening import open_graph

    kg = open_graph(data_dir=False)
    facts = {(f["property"], f["value"], f["node"]) for f in expand.neighbourhood(kg, D + "title/koizora")["facts"]}
    assert {f for f in facts if f[0] in ("rdf:type", "schema:about", "schema:alternateName", "schema:isBasedOn")} == {
        ("rdf:type", "schema:Movie", None), ("schema:alternateName", "Sky of Love", None),
        ("schema:alternateName", "恋空", None), ("schema:alternateName", "Koizora", None),  # data/names-ja.trig
        ("schema:about", "cancer", D + "concept/cancer"), ("schema:about", "miscarriage", D + "concept/miscarriage"),
        ("schema:about", "romance", D + "concept/romance"), ("schema:about", "pregnancy", D + "concept/pregnancy"),
        ("schema:isBasedOn", "Koizora", D + "work/koizora-novel")}
    assert ("schema:actor", "role:koizora-hiroki-sakurai", None) in facts


def test_the_index_gives_the_same_answers_as_the_full_view(synth_store):
    from graph.network import expand
    from graph.network.networks import network

    before, after, _ = synth_store
    for text in ("Title 12", "person 3", "synthetic illness 2", "Title 1999"):
        assert expand.search(after, text, 50) == expand.search(before, text, 50), text
    G = network(before, "full")
    for iri in (S + "title/12", S + "person/3", S + "title/1999"):
        with_index = expand.neighbourhood(after, iri, limit=500, facts=False)
        assert with_index == expand.neighbourhood(before, iri, limit=500, facts=False), iri
        # the neighbours are the node's neighbours in the full view: all of them up to the limit, else the
        # most linked (person 3 has 574: the 500 shown are linked at least as much as the 74 left out)
        around = set(G[iri]) - {iri}
        shown = {n["id"] for n in with_index["neighbours"]}
        assert with_index["total"] == len(around) == {S + "title/12": 17, S + "person/3": 574, S + "title/1999": 12}[iri]
        assert shown == around if len(around) <= 500 else len(shown) == 500 and shown < around
        left_out = around - shown
        degree = {n: len(G[n]) + (n in G[n]) for n in around}
        assert min(degree[n] for n in shown) >= max((degree[n] for n in left_out), default=0)
        assert [n["degree"] for n in with_index["neighbours"]] == [degree[n["id"]] for n in with_index["neighbours"]]


def test_a_node_outside_the_network_and_a_bad_limit_are_said():
    from graph.network import expand
    from graph.errors import NotFoundError, UsageError
    from graph.store.opening import open_graph

    kg = open_graph(data_dir=False)
    with pytest.raises(NotFoundError, match="is not in the network; search a name first"):
        expand.neighbourhood(kg, D + "title/nothing")
    for limit in ("x", 0, 501):
        with pytest.raises(UsageError, match="limit takes a whole number from 1 to 500"):
            expand.search(kg, "koizora", limit)
    with pytest.raises(UsageError, match="give a name to search"):
        expand.search(kg, "  ")


# ------------------------------------------------------------------ over HTTP
def test_the_endpoints_answer_json_and_say_what_is_wrong(article_server):
    status, found = get_json(article_server + "/explore/search?q=koizora&limit=1")
    assert (status, found["total"], [r["id"] for r in found["results"]]) == (200, 3, [D + "title/koizora"])
    status, d = get_json(article_server + "/explore/node?iri=" + urllib.parse.quote(MIURA, safe="") + "&limit=4")
    assert status == 200
    assert sorted(n["id"] for n in d["neighbours"]) == sorted([D + "title/koizora", D + "title/boku-no-ita-jikan",
                                                               D + "character/hiroki-sakurai", D + "character/takuto-sawada"])
    assert get_json(article_server + "/explore/node?iri=" + urllib.parse.quote(D + "x", safe="")) == \
        (404, f"{D}x is not in the network; search a name first")
    assert get_json(article_server + "/explore/search?q=a&limit=9999") == \
        (400, "limit takes a whole number from 1 to 500, not 9999")
    assert get_json(article_server + "/explore/search") == (400, "give q=..., e.g. /explore/search?q=Koizora")
    status, headers, page = fetch(article_server + "/explore")
    assert status == 200 and "connect-src 'self'" in page and '<label for="ex-search">' in page


def test_a_served_store_answers_from_its_index(synth_store, tmp_path):
    from graph.network import expand

    _, after, store = synth_store
    with serve_process(tmp_path, "--store", str(store)) as base:
        status, d = get_json(base + "/explore/node?iri=" + urllib.parse.quote(S + "title/12", safe="") + "&limit=500")
        assert status == 200
        assert d == json.loads(json.dumps(expand.neighbourhood(after, S + "title/12", limit=500)))
        status, found = get_json(base + "/explore/search?q=Title%2012&limit=3")
        assert [r["label"] for r in found["results"]] == ["Title 12", "Title 120", "Title 1200"]


# ------------------------------------------------------------------ the page in Chromium
def test_the_page_starts_from_a_search_and_expands_on_click(browser, synth_store, tmp_path):
    from graph.network import expand

    _, after, store = synth_store
    with serve_process(tmp_path, "--store", str(store)) as base:
        page, seen = open_explore(browser, base)
        assert page.evaluate("window.dramagraphExplore.nodes()") == []  # nothing drawn before a search
        page.fill("#ex-search", "Title 12")
        page.press("#ex-search", "Enter")
        poll(lambda: page.evaluate("window.dramagraphExplore.shown") == S + "title/12", 30, "Title 12 opened")
        idle(page)
        first = expand.neighbourhood(after, S + "title/12", limit=50, facts=False)
        expected = {S + "title/12"} | {n["id"] for n in first["neighbours"]}
        assert set(page.evaluate("window.dramagraphExplore.nodes()")) == expected
        assert page.inner_text("#ex-details-title") == "Title 12"
        assert page.inner_text("#ex-details-count").startswith(f"{first['total']} neighbours")

        # a click on a person drawn on the canvas opens that person's neighbours too
        people = [n["id"] for n in first["neighbours"] if n["kind"] == "person"]
        spots = page.evaluate("""(ids) => { const n = window.dramagraphExplore.network;
            n.stopSimulation();
            const r = document.getElementById('ex-network').getBoundingClientRect();
            return ids.map(id => { const p = n.canvasToDOM(n.getPositions([id])[id]);
              const x = r.left + p.x, y = r.top + p.y, under = document.elementFromPoint(x, y);
              return {id: id, x: x, y: y, at: n.getNodeAt(p), canvas: !!under && under.tagName === 'CANVAS'}; }); }""",
                              people)
        # the first person drawn where nothing (the details panel, the tools) covers the canvas
        box = next(b for b in spots if b["canvas"] and b["at"] == b["id"])
        person = box["id"]
        page.mouse.click(box["x"], box["y"])
        poll(lambda: page.evaluate("window.dramagraphExplore.shown") == person, 30, "the person opened")
        idle(page)
        second = expand.neighbourhood(after, person, limit=50, facts=False)
        expected |= {n["id"] for n in second["neighbours"]}
        assert set(page.evaluate("window.dramagraphExplore.nodes()")) == expected
        assert page.inner_text("#ex-details-title") == second["node"]["label"]
        assert (seen["outside"], seen["errors"], seen["dialogs"]) == ([], [], [])
        page.close()


def test_search_results_are_reachable_by_keyboard_and_titles_come_first(browser, article_server):
    page, seen = open_explore(browser, article_server)
    page.fill("#ex-search", "koizora")
    poll(lambda: page.evaluate("window.dramagraphExplore.results().length") == 3, 30, "three matches listed")
    # titles first; repeated labels told apart by kind and links
    assert page.inner_text("#ex-results").splitlines() == [
        "Koizora title, 11 links", "Koizora source work or version, 1 link", "Koizora source work or version, 2 links"]
    page.press("#ex-search", "ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")  # the second match: the 2008 drama (a work)
    poll(lambda: page.evaluate("window.dramagraphExplore.shown") == D + "work/koizora-2008-drama", 30, "the work opened")
    idle(page)
    assert page.evaluate("window.dramagraphExplore.nodes()") == sorted([D + "work/koizora-2008-drama", D + "title/koizora"])
    page.keyboard.press("Escape")
    assert page.evaluate("window.dramagraphExplore.shown") is None
    assert page.is_hidden("#ex-details")
    page.click("#ex-clear")
    assert page.evaluate("window.dramagraphExplore.nodes()") == []
    assert (seen["outside"], seen["errors"], seen["dialogs"]) == ([], [], [])
    page.close()


def test_the_page_fits_a_phone(browser, article_server):
    page, seen = open_explore(browser, article_server, width=390, height=800)
    page.fill("#ex-search", "Haruma")
    page.press("#ex-search", "Enter")
    poll(lambda: page.evaluate("window.dramagraphExplore.shown") == MIURA, 30, "Haruma Miura opened")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    box = page.locator("#ex-details").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert (seen["outside"], seen["errors"], seen["dialogs"]) == ([], [], [])
    page.close()



def test_an_address_with_iri_opens_that_node(browser, article_server):
    """/explore?iri=IRI (the node pages link to it) opens the node with its neighbours at once."""
    page, seen = open_explore(browser, article_server, path="/explore?iri=" + urllib.parse.quote(MIURA, safe=""))
    poll(lambda: page.evaluate("window.dramagraphExplore.shown") == MIURA, 30, "Haruma Miura opened")
    idle(page)
    assert page.evaluate("window.dramagraphExplore.nodes()") == sorted(
        [MIURA, D + "title/koizora", D + "title/boku-no-ita-jikan", D + "character/hiroki-sakurai",
         D + "character/takuto-sawada"])
    assert page.inner_text("#ex-details-title") == "Haruma Miura"
    assert (seen["outside"], seen["errors"], seen["dialogs"]) == ([], [], [])
    page.close()


BOXES = """(id) => { const api = window.dramagraphExplore, tip = document.querySelector('#ex-network .vis-tooltip');
    const shown = (e) => { if (!e) return null; const s = getComputedStyle(e);
      if (s.display === 'none' || s.visibility !== 'visible') return null;
      const r = e.getBoundingClientRect(); return {x: r.left, y: r.top, width: r.width, height: r.height}; };
    const n = api.network, bb = n.getBoundingBox(id), r = document.getElementById('ex-network').getBoundingClientRect();
    const a = n.canvasToDOM({x: bb.left, y: bb.top}), z = n.canvasToDOM({x: bb.right, y: bb.bottom});
    const node = {x: r.left + a.x, y: r.top + a.y, width: z.x - a.x, height: z.y - a.y};
    return {node: node, panel: shown(document.getElementById('ex-details')), tip: shown(tip)}; }"""


def overlap(a, b) -> bool:
    return b is not None and a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"] and \
        a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"]


@pytest.mark.parametrize("width,height", [(390, 800), (1200, 800)])
def test_the_chosen_node_stays_clear_of_the_panel_and_the_tooltip(browser, article_server, artifacts, width, height):
    """On a phone the details panel covers the lower half of the drawing; on a desktop its right side: the
    chosen node is moved into the part left free, after a search and after a tap on the node itself, and
    its tooltip (the panel says more) does not cover it."""
    import time

    page, seen = open_explore(browser, article_server, width=width, height=height)
    page.fill("#ex-search", "Haruma")
    page.press("#ex-search", "Enter")
    poll(lambda: page.evaluate("window.dramagraphExplore.shown") == MIURA, 30, "Haruma Miura opened")
    idle(page)
    time.sleep(0.8)  # the drawing moves on for a while: the chosen node must stay clear of the panel all along
    boxes = page.evaluate(BOXES, MIURA)
    assert boxes["panel"] is not None and not overlap(boxes["node"], boxes["panel"]), boxes
    node = boxes["node"]
    assert 0 <= node["x"] and node["x"] + node["width"] <= width, boxes  # on the screen
    # a tap on the node: its tooltip would open where the finger is
    page.mouse.click(node["x"] + node["width"] / 2, node["y"] + node["height"] / 2)
    poll(lambda: page.evaluate("window.dramagraphExplore.shown") == MIURA, 30, "Haruma Miura still shown")
    idle(page)
    time.sleep(0.8)  # past the tooltip's delay
    boxes = page.evaluate(BOXES, MIURA)
    assert boxes["panel"] is not None and not overlap(boxes["node"], boxes["panel"]), boxes
    assert not overlap(boxes["node"], boxes["tip"]), boxes
    page.screenshot(path=str(artifacts / f"explore-chosen-{width}.png"))
    assert (seen["outside"], seen["errors"], seen["dialogs"]) == ([], [], [])
    page.close()
