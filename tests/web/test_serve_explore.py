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
ARTICLE = "the article “Top 8 Most Inspiring Japanese Dramas and Movies”"


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
    names = {(f["property"], f["value"], s["quote"]) for s in d["sources"] for f in s["facts"] if f["property"] == "schema:name"}
    # the article's two cast lines, and the three pages that confirm his name (data/confirmations.trig)
    assert {(p, v, q.split(".")[0]) for p, v, q in names} == {
        ("schema:name", "Haruma Miura", "Yui Aragaki as Mika Tahara\n  • Haruma Miura as Hiroki Sakurai"),
        ("schema:name", "Haruma Miura", "Haruma Miura as Takuto Sawada\n  • Mikako Tabe as Megumi Hongo"),
        ("schema:name", "Haruma Miura", "And no I don't say that just because Haruma Miura knows how to cry"),
        ("schema:name", "Haruma Miura", "The film is directed by Natsuki Imai and stars Yui Aragaki and Haruma Miura"),
        ("schema:name", "Haruma Miura", "Haruma Miura was known from a young age of seven in various Japanese dramas and movies, but also in theatrical performances such as Kinky Boots")}
    # grouped by source: each quotation once, with the facts it supports, in the node page's order; the article's
    # name says which pages confirm it
    assert [(s["what"], [(f["label"], f["value"]) for f in s["facts"]]) for s in d["sources"]] == [
        (ARTICLE + ", entry 3", [("is a", "person"), ("name", "Haruma Miura")]),
        (ARTICLE + ", entry 6", [("is a", "person"), ("name", "Haruma Miura")]),
        ("mydramalist.com", [("name", "Haruma Miura")]), ("en.wikipedia.org", [("name", "Haruma Miura")]),
        ("www.tss-mag.com", [("name", "Haruma Miura")]),
        ("gkg.book79.com", [("also known as", "三浦春馬")]),
        ("fuhou-shinbun.com", [("also known as", "みうら はるま"), ("also known as", "三浦 春馬")]),
        ("ayaito.net", [("also known as", "三浦春馬")]), ("gkg.book79.com", [("also known as", "三浦春馬")])]
    assert [f.get("confirmed") for f in d["sources"][0]["facts"] + d["sources"][1]["facts"]] == [
        None, "confirmed by mydramalist.com <https://mydramalist.com/8507-boku-no-ita-jikan/reviews>, read 2026-12-07",
        None, "confirmed by en.wikipedia.org <https://en.wikipedia.org/wiki/Koizora_(film)>, read 2026-12-07; "
              "www.tss-mag.com <https://www.tss-mag.com/2020/07/actor-miura-haruma-dies-at-only-30-years/>, read 2026-12-07"]


def test_facts_show_labels_for_nodes_and_prefixes_for_other_iris():
    from graph.network import expand
    from graph.store.opening import open_graph

    kg = open_graph(data_dir=False)
    sources = expand.neighbourhood(kg, D + "title/koizora")["sources"]
    facts = {(f["property"], f["value"], f["node"]) for s in sources for f in s["facts"]}
    assert {f for f in facts if f[0] in ("rdf:type", "schema:about", "schema:alternateName", "schema:isBasedOn")} == {
        ("rdf:type", "film", None), ("schema:alternateName", "Sky of Love", None),
        ("schema:alternateName", "恋空", None), ("schema:alternateName", "Koizora", None),  # data/names-ja.trig
        ("schema:about", "cancer", D + "concept/cancer"), ("schema:about", "miscarriage", D + "concept/miscarriage"),
        ("schema:about", "romance", D + "concept/romance"), ("schema:about", "pregnancy", D + "concept/pregnancy"),
        ("schema:isBasedOn", "Koizora", D + "work/koizora-novel")}
    assert ("schema:actor", "Haruma Miura as Hiroki Sakurai", None) in facts  # a role by its actor and character
    year = next(f for s in sources for f in s["facts"] if f["property"] == "schema:datePublished")
    assert year == {"label": "year", "property": "schema:datePublished", "propertyIri": "https://schema.org/datePublished",
                    "value": "2007", "valueIri": None, "node": None, "disputed": None,
                    "confirmed": None}


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


# ------------------------------------------------------------------ the panel in plain words (issue 30)
FROM3, FROM6 = "from " + ARTICLE + ", entry 3", "from " + ARTICLE + ", entry 6"
KOIZORA_PANEL = [
    "“Later, Hiro is diagnosed with cancer, and he doesn't have much time to live, so he breaks up with Mika.”",
    '',
    FROM6,
    '',
    'about',
    'cancer',
    'confirmed by www.globaltimes.cn <https://www.globaltimes.cn/content/1194956.shtml>, read 2026-12-07',
    '“Yui Aragaki as Mika Tahara',
    '• Haruma Miura as Hiroki Sakurai”',
    '',
    FROM6,
    '',
    'cast',
    'Haruma Miura as Hiroki Sakurai',
    'confirmed by ayaito.net <https://ayaito.net/various/19970/amp>, read 2026-12-07; www.tss-mag.com <https://www.tss-mag.com/2020/07/actor-miura-haruma-dies-at-only-30-years/>, read 2026-12-07',
    'cast',
    'Yui Aragaki as Mika Tahara',
    'confirmed by ayaito.net <https://ayaito.net/various/19970/amp>, read 2026-12-07',
    '“Its immense popularity was bought to life in a 2007 film, "Sky of Love". Starring Yui Aragaki and Haruma Miura, they portrayed the characters of Mika and Hiro.”',
    '',
    FROM6,
    '',
    'is a',
    'film',
    'also known as',
    'Sky of Love',
    'character',
    'Hiroki Sakurai',
    'confirmed by en.wikipedia.org <https://en.wikipedia.org/wiki/Koizora_(film)>, read 2026-12-07',
    'character',
    'Mika Tahara',
    'confirmed by en.wikipedia.org <https://en.wikipedia.org/wiki/Koizora_(film)>, read 2026-12-07',
    'year',
    '2007',
    "“The two young lovers wanted to raise the baby, but Hiro's ex-girlfriend, Saki, pushed Mika, causing her to have a miscarriage.”",
    '',
    FROM6,
    '',
    'about',
    'miscarriage',
    'confirmed by www.liberaublau.ch <https://www.liberaublau.ch/group/my-site-1-gruppe/discussion/ec051591-328a-4cea-94be-38fde8b19754>, read 2026-12-07',
    'character',
    'Saki',
    'confirmed by www.liberaublau.ch <https://www.liberaublau.ch/group/my-site-1-gruppe/discussion/ec051591-328a-4cea-94be-38fde8b19754>, read 2026-12-07',
    '“Koizora was a mass cultural phenomenon which started as a romance novel written by author Mika.”',
    '',
    FROM6,
    '',
    'based on',
    'Koizora',
    'name',
    'Koizora',
    '“They had romance in the school library, and later, Mika confirms that she is pregnant.”',
    '',
    FROM6,
    '',
    'about',
    'pregnancy',
    'confirmed by en.wikipedia.org <https://en.wikipedia.org/wiki/Koizora_(film)>, read 2026-12-07',
    'about',
    'romance',
    '“In the film, Miura plays Hiroki Sakurai, a high school student who has cancer.”',
    '',
    'from www.globaltimes.cn',
    '',
    'about',
    'cancer',
    '“春馬くんの役名:桜井弘樹(ヒロ)',
    '',
    '田原美嘉 – 新垣結衣',
    '桜井弘樹 – 三浦春馬”',
    '',
    'from ayaito.net',
    '',
    'cast',
    'Haruma Miura as Hiroki Sakurai',
    'cast',
    'Yui Aragaki as Mika Tahara',
    '“Haruma Miura was known from a young age of seven in various Japanese dramas and movies, but also in theatrical performances such as Kinky Boots.',
    'He was able to play different roles and to naturally immerse himself in them, which made his characters much more natural and lively.',
    '',
    'Known for his role of Hiroki Sakurai in the movie Koizora, taken from the novel of the same name, this film is the story of a young high school girl named Mika Tahara, who meets Hiroki Sakurai after losing her phone.”',
    '',
    'from www.tss-mag.com',
    '',
    'cast',
    'Haruma Miura as Hiroki Sakurai',
    '“The caller turns out to be Hiro, a delinquent-like boy that Mika is initially afraid of, who shows proof of his identity as the caller with a photo of the sky on his cellular phone.”',
    '',
    'from en.wikipedia.org',
    '',
    'character',
    'Hiroki Sakurai',
    'character',
    'Mika Tahara',
    '“Their happiness is short-lived, as Mika suffers a miscarriage after a fight with Saki.”',
    '',
    'from www.liberaublau.ch',
    '',
    'about',
    'miscarriage',
    'character',
    'Saki',
    '“Mika later becomes pregnant after she and Hiro consummate in the school library.”',
    '',
    'from en.wikipedia.org',
    '',
    'about',
    'pregnancy',
    '“Koizora (恋空 Koizora?, lit: Sky of Love) is a 2007 film based on a cell phone novel of the same name.”',
    '',
    'from piglix.com',
    '',
    'also known as',
    'Koizora',
    'also known as',
    '恋空',
    '“恋空 公開終了',
    'イントロダクション ストーリー キャスト スタッフ 劇場一覧”',
    '',
    'from www.toho.co.jp',
    '',
    'also known as',
    '恋空',
]
MIURA_PANEL = [
    '“Haruma Miura as Takuto Sawada',
    '• Mikako Tabe as Megumi Hongo”',
    '',
    FROM3,
    '',
    'is a',
    'person',
    'name',
    'Haruma Miura',
    'confirmed by mydramalist.com <https://mydramalist.com/8507-boku-no-ita-jikan/reviews>, read 2026-12-07',
    '“Yui Aragaki as Mika Tahara',
    '• Haruma Miura as Hiroki Sakurai”',
    '',
    FROM6,
    '',
    'is a',
    'person',
    'name',
    'Haruma Miura',
    'confirmed by en.wikipedia.org <https://en.wikipedia.org/wiki/Koizora_(film)>, read 2026-12-07; www.tss-mag.com <https://www.tss-mag.com/2020/07/actor-miura-haruma-dies-at-only-30-years/>, read 2026-12-07',
    "“And no I don't say that just because Haruma Miura knows how to cry.”",
    '',
    'from mydramalist.com',
    '',
    'name',
    'Haruma Miura',
    '“The film is directed by Natsuki Imai and stars Yui Aragaki and Haruma Miura.”',
    '',
    'from en.wikipedia.org',
    '',
    'name',
    'Haruma Miura',
    '“Haruma Miura was known from a young age of seven in various Japanese dramas and movies, but also in theatrical performances such as Kinky Boots.',
    'He was able to play different roles and to naturally immerse himself in them, which made his characters much more natural and lively.',
    '',
    'Known for his role of Hiroki Sakurai in the movie Koizora, taken from the novel of the same name, this film is the story of a young high school girl named Mika Tahara, who meets Hiroki Sakurai after losing her phone.”',
    '',
    'from www.tss-mag.com',
    '',
    'name',
    'Haruma Miura',
    '“『僕のいた時間』(ぼくのいたじかん)は、2014年1月8日から3月19日まで毎週水曜日22:00 - 22:54[注 1]に、フジテレビ系の「水曜10時」枠で放送された日本のテレビドラマ。主演は三浦春馬[1]。”',
    '',
    'from gkg.book79.com',
    '',
    'also known as',
    '三浦春馬',
    '“三浦 春馬(みうら はるま、1990年〈平成2年〉4月5日 - 2020年〈令和2年〉7月18日)は、日本の俳優、歌手。”',
    '',
    'from fuhou-shinbun.com',
    '',
    'also known as',
    'みうら はるま',
    'also known as',
    '三浦 春馬',
    '“春馬くんの役名:桜井弘樹(ヒロ)',
    '',
    '田原美嘉 – 新垣結衣',
    '桜井弘樹 – 三浦春馬”',
    '',
    'from ayaito.net',
    '',
    'also known as',
    '三浦春馬',
    '“澤田 拓人(さわだ たくと)〈22〉',
    '- 演 - 三浦春馬[3](幼少期:髙橋駿介)”',
    '',
    'from gkg.book79.com',
    '',
    'also known as',
    '三浦春馬',
]


@pytest.mark.parametrize("iri,expected", [(D + "title/koizora", KOIZORA_PANEL), (MIURA, MIURA_PANEL)])
def test_the_panel_says_the_facts_in_plain_words_each_quotation_once(browser, article_server, iri, expected):
    """The details panel groups the facts by source, each quotation once above the facts it supports, in
    the node page's words (ontology/labels.json); the IRIs are a click away: each property's words link
    to its IRI, "its page" to the node page, and "show RDF" shows each fact as RDF names it."""
    page, seen = open_explore(browser, article_server, width=390, height=800, path="/explore?iri=" + urllib.parse.quote(iri, safe=""))
    poll(lambda: page.evaluate("window.dramagraphExplore.shown") == iri, 30, "the node opened")
    idle(page)
    text = page.inner_text("#ex-details-facts")
    assert text.splitlines() == expected
    assert "^^" not in text and "schema:" not in text and "rdf:" not in text
    for quote in page.evaluate("[...document.querySelectorAll('#ex-details .ex-quote')].map(q => q.innerText)"):
        assert text.count(quote) == 1, quote
    assert page.get_attribute("#ex-details-page", "href") == "node?iri=" + urllib.parse.quote(iri, safe="")
    terms = dict(page.evaluate("[...document.querySelectorAll('#ex-details .ex-term')].map(a => [a.textContent, a.getAttribute('href')])"))
    assert terms["name"] == "https://schema.org/name" and terms["is a"] == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    page.click("#ex-rdf-toggle")
    rdf = page.evaluate("[...document.querySelectorAll('#ex-details .ex-rdf')].filter(c => c.offsetParent).map(c => c.textContent)")
    if iri == MIURA:
        assert rdf[:2] == ["rdf:type <https://schema.org/Person>", 'schema:name "Haruma Miura"']
    else:
        assert terms["year"] == "https://schema.org/datePublished" and terms["based on"] == "https://schema.org/isBasedOn"
        assert 'schema:datePublished "2007"' in rdf and "schema:about <https://w3id.org/dramagraph/concept/cancer>" in rdf
    assert page.inner_text("#ex-rdf-toggle") == "hide RDF"
    assert (seen["outside"], seen["errors"], seen["dialogs"]) == ([], [], [])
    page.close()


@pytest.mark.parametrize("width", [390, 1200])
def test_the_panel_says_which_page_confirms_a_fact(browser, tmp_path, artifacts, width):
    """Issue 31: a fact of a claim a second source confirms says so under it, with the page, in green; the
    confirmation is the tests' own (tests/sources/test_confirmation_audit.py), in the served data folder."""
    from tests.sources.test_confirmation_audit import CONFIRMATION, DRAMA

    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "confirmation.trig").write_text(CONFIRMATION % DRAMA, encoding="utf-8")
    drama = D + "work/koizora-2008-drama"
    with serve_process(tmp_path) as base:
        page, seen = open_explore(browser, base, width=width, height=800,
                                  path="/explore?iri=" + urllib.parse.quote(drama, safe=""))
        poll(lambda: page.evaluate("window.dramagraphExplore.shown") == drama, 30, "the node opened")
        idle(page)
        said = page.evaluate("[...document.querySelectorAll('#ex-details .ex-confirmed')].map(e => e.innerText)")
        assert said == ["confirmed by example.org <https://example.org/koizora/drama>, read 2026-12-07"] * 10
        first = page.locator("#ex-details .ex-confirmed").first
        first.scroll_into_view_if_needed()
        box, panel = first.bounding_box(), page.locator("#ex-details").bounding_box()
        assert panel["x"] <= box["x"] and box["x"] + box["width"] <= panel["x"] + panel["width"] + 1  # wrapped inside
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.screenshot(path=str(artifacts / f"explore-confirmed-{width}.png"))
        assert (seen["outside"], seen["errors"], seen["dialogs"]) == ([], [], [])
        page.close()


# ------------------------------------------------------------------ how are A and B connected? (issue 30)
def cli_path(tmp, *args):
    """`dramagraph path ARGS --format json` in a child process, as a person would run it."""
    from tests.conftest import run_cli_process

    done = run_cli_process("path", *args, "--format", "json", env={"DRAMAGRAPH_DATA_DIR": str(tmp / "data")})
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def hops(p) -> list:
    """A path as its names and the labels of its hops, in turn."""
    out = [p["nodes"][0]["label"]]
    for hop, node in zip(p["hops"], p["nodes"][1:]):
        out += [hop["label"], node["label"]]
    return out


def test_a_connection_is_the_path_the_command_gives_with_the_other_shortest_paths(tmp_path):
    from graph.network import expand
    from graph.store.opening import open_graph

    kg = open_graph(data_dir=False)
    d = expand.connection(kg, "Koizora", "Mikako Tabe", "all")
    assert (d["from"]["label"], d["to"]["label"], d["via"], d["length"], d["total"], d["more"]) == \
        ("Koizora", "Mikako Tabe", "all", 3, 2, 0)
    assert hops(d["path"]) == ["Koizora", "about", "romance", "about", "Boku no Ita Jikan", "Mikako Tabe as Megumi Hongo",
                               "Mikako Tabe"]
    assert [hops(p) for p in d["others"]] == [
        ["Koizora", "Haruma Miura as Hiroki Sakurai", "Haruma Miura", "Haruma Miura as Takuto Sawada", "Boku no Ita Jikan",
         "Mikako Tabe as Megumi Hongo", "Mikako Tabe"]]
    # the same as the command: its one path, and its --all-shortest paths
    one = cli_path(tmp_path, "Koizora", "Mikako Tabe", "--via", "all")
    every = cli_path(tmp_path, "Koizora", "Mikako Tabe", "--via", "all", "--all-shortest")
    assert d["path"] == one["paths"][0]
    assert [d["path"]] + d["others"] == sorted(every["paths"], key=lambda p: p != one["paths"][0])
    # in Japanese script: 恋空 to 三浦春馬, through people (both are in the cast)
    ja = expand.connection(kg, "恋空", "三浦春馬")
    assert (ja["via"], hops(ja["path"]), ja["others"]) == ("people", ["Koizora", "Haruma Miura as Hiroki Sakurai", "Haruma Miura"], [])
    assert ja["path"] == cli_path(tmp_path, "恋空", "三浦春馬")["paths"][0]


def test_a_connection_says_what_is_wrong_with_its_names():
    from graph.errors import NoPath, NotFoundError, UsageError
    from graph.network import expand
    from graph.store.opening import open_graph

    kg = open_graph(data_dir=False)
    with pytest.raises(NotFoundError, match=r"^'Koizara' is not in the graph as any node; did you mean: Koizora\?$"):
        expand.connection(kg, "Koizara", "Mikako Tabe")
    with pytest.raises(UsageError, match=r"^both names are Koizora \(title\): give two different names$"):
        expand.connection(kg, "Koizora", "恋空")
    with pytest.raises(UsageError, match=r"^from= is 201 characters long: a name has at most 200$"):
        expand.connection(kg, "x" * 201, "Koizora")
    with pytest.raises(UsageError, match=r"^give two names: to= is empty"):
        expand.connection(kg, "Koizora", " ")
    with pytest.raises(UsageError, match=r"^via takes people or all, not 'cast'$"):
        expand.connection(kg, "Koizora", "Mikako Tabe", "cast")
    with pytest.raises(NoPath, match=r"^leukemia \(illness\) is not in the people network \(try --via all\)$"):
        expand.connection(kg, "Koizora", "leukemia", "people")


def test_the_path_endpoint_answers_json_and_says_what_is_wrong(article_server):
    q = urllib.parse.quote
    status, d = get_json(article_server + "/explore/path?from=" + q("恋空") + "&to=" + q("三浦春馬"))
    assert (status, hops(d["path"]), d["total"]) == (200, ["Koizora", "Haruma Miura as Hiroki Sakurai", "Haruma Miura"], 1)
    status, d = get_json(article_server + "/explore/path?from=Koizora&to=" + q("Mikako Tabe") + "&via=all")
    assert (status, d["length"], d["total"]) == (200, 3, 2)
    assert get_json(article_server + "/explore/path?from=Koizara&to=Saki") == \
        (404, "'Koizara' is not in the graph as any node; did you mean: Koizora?")
    assert get_json(article_server + "/explore/path?from=Koizora&to=Koizora") == \
        (400, "both names are Koizora (title): give two different names")
    assert get_json(article_server + "/explore/path?from=" + "x" * 300 + "&to=Koizora") == \
        (400, "from= is 300 characters long: a name has at most 200")
    assert get_json(article_server + "/explore/path?from=Koizora") == \
        (400, "give two names: from=...&to=..., e.g. /explore/path?from=Koizora&to=Mikako+Tabe")
    assert get_json(article_server + "/explore/path?from=Koizora&to=" + q("Mikako Tabe") + "&via=x") == \
        (400, "via takes people or all, not 'x'")


def test_the_path_of_a_large_store_is_the_commands(synth_store, tmp_path):
    """On 2,000 synthetic titles with a network index: the served answer is `dramagraph path`'s, and its
    alternatives are `--all-shortest`'s, five shown and the rest counted."""
    _, _, store = synth_store
    one = cli_path(tmp_path, "Title 12", "Title 1999", "--store", str(store))
    every = cli_path(tmp_path, "Title 12", "Title 1999", "--store", str(store), "--all-shortest")
    with serve_process(tmp_path, "--store", str(store)) as base:
        status, d = get_json(base + "/explore/path?from=" + urllib.parse.quote("Title 12") + "&to=" + urllib.parse.quote("Title 1999"))
    assert status == 200
    assert (d["via"], d["length"]) == (one["via"], one["length"])
    assert d["path"] == one["paths"][0]
    rest = [p for p in every["paths"] if p != one["paths"][0]]
    assert d["others"] == rest[:5] and d["more"] == len(rest) - 5 and d["total"] == len(every["paths"])
    assert (d["length"], d["total"], len(d["others"]), d["more"]) == (4, 476, 5, 470)


PATH_TEXT = [
    "Koizora and Mikako Tabe are 3 hops apart, through everything:", "",
    "Koizora title", "about", "romance theme", "about", "Boku no Ita Jikan title", "Mikako Tabe as Megumi Hongo",
    "Mikako Tabe person", "", "Another shortest path:", "",
    "Koizora title", "Haruma Miura as Hiroki Sakurai", "Haruma Miura person", "Haruma Miura as Takuto Sawada",
    "Boku no Ita Jikan title", "Mikako Tabe as Megumi Hongo", "Mikako Tabe person", "show this one"]


@pytest.mark.parametrize("width", [390, 1200])
def test_the_path_box_finds_names_and_draws_the_path(browser, article_server, artifacts, width):
    page, seen = open_explore(browser, article_server, width=width, height=800)
    page.fill("#ex-path-from", "Koizara")  # a misspelling: did you mean, as the search says it
    poll(lambda: page.inner_text("#ex-path-from-note") == "no match; did you mean Koizora?", 30, "did you mean")
    page.click("#ex-path-from-note .ex-suggestion")
    poll(lambda: page.evaluate("document.querySelectorAll('#ex-path-from-list button').length") > 0, 30, "the names listed")
    assert page.inner_text("#ex-path-from-list").splitlines() == ["Koizora title", "Koizora source work or version",
                                                                  "Koizora source work or version"]
    page.click("#ex-path-from-list button >> nth=0")  # the title
    page.fill("#ex-path-to", "Mikako Tabe")
    page.select_option("#ex-path-via", "all")
    page.press("#ex-path-to", "Enter")
    poll(lambda: page.evaluate("window.dramagraphExplore.connection && window.dramagraphExplore.pending === 0"), 30, "the path")
    assert page.inner_text("#ex-path-answer").splitlines() == PATH_TEXT
    assert page.evaluate("window.dramagraphExplore.marked") == [
        D + "title/koizora", D + "concept/romance", D + "title/boku-no-ita-jikan", D + "person/mikako-tabe"]
    assert page.evaluate("window.dramagraphExplore.nodes()") == sorted(page.evaluate("window.dramagraphExplore.marked"))
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    for right in page.evaluate("[...document.querySelectorAll('#ex-path *')].map(e => e.getBoundingClientRect().right)"):
        assert right <= width
    page.locator("#ex-path-answer").scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / f"explore-path-{width}.png"))
    page.click(".ex-path-show")  # the other path, drawn instead
    assert page.evaluate("window.dramagraphExplore.marked") == [
        D + "title/koizora", MIURA, D + "title/boku-no-ita-jikan", D + "person/mikako-tabe"]
    # bad input: one clear line in the box
    page.fill("#ex-path-to", "Koizora")
    page.click("#ex-path-go")
    poll(lambda: page.inner_text("#ex-path-answer") == "both names are Koizora (title): give two different names", 30,
         "the message")
    assert seen["outside"] == [] and seen["dialogs"] == []
    assert seen["errors"] == ["Failed to load resource: the server responded with a status of 400 (Bad Request)"]
    page.close()
