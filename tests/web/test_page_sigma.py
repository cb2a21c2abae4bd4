"""The WebGL page (issue 14 §2): sigma.js 3.0.3 with graphology 0.26.0 draws large views; the page's
interface (search, keyboard, details, filters, reset) is the same as on the vis-network page. In Debian's
headless Chromium (--disable-gpu: WebGL is SwiftShader's), every outside request blocked and recorded.
Pages: the article's, forced to sigma; a synthetic store's full view of 2,942 nodes, forced to sigma;
and pages of 8, SIGMA_THRESHOLD and SIGMA_THRESHOLD + 1 nodes for the choice of renderer."""

from __future__ import annotations

import json
import re

import networkx as nx
import pytest

from graph.web.page import LABEL_MIN_PX, SIGMA_THRESHOLD, render
from tests.conftest import open_page
from tests.web.test_page_behaviour import (assert_koizora_details_then_a_neighbour, assert_koizora_ranked,
                                       assert_more_rankings, legend, walk_results_by_keyboard,
                                       walk_the_illness_filter)

T = "https://w3id.org/dramagraph/title/"
W = "https://w3id.org/dramagraph/work/"
C = "https://w3id.org/dramagraph/concept/"
P = "https://w3id.org/dramagraph/person/"
SYNTH_TITLE_1 = "https://w3id.org/dramagraph/synth/title/1"
CLEAN = {"outside": [], "errors": [], "dialogs": []}
PAYLOAD = re.compile(r'(<script type="application/json" id="dg-data">)(.*?)(</script>)', re.S)
CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:"


@pytest.fixture(scope="module")
def sigma_article_page(tmp_path_factory, kg):
    from graph.web.page import viz

    out = tmp_path_factory.mktemp("sigma") / "full-sigma.html"
    page = viz(kg, out=out, renderer="sigma")
    assert (page.nodes, page.edges) == (84, 105)
    return out


@pytest.fixture(scope="module")
def sigma_synthetic_page(tmp_path_factory):
    """The full view of 400 synthetic titles (as test_page_behaviour's synthetic page), drawn by sigma."""
    from graph.api import open_graph
    from graph.store.diskstore import load_store
    from graph.web.page import viz
    from graph.sources.synth import generate

    tmp = tmp_path_factory.mktemp("sigma-synthetic")
    generate(tmp / "synth.nt", 400, seed=0)
    load_store([tmp / "synth.nt"], tmp / "store")
    page = viz(open_graph(False, store=tmp / "store"), out=tmp / "synth-sigma.html", renderer="sigma")
    assert (page.nodes, page.edges) == (2942, 6546)
    return tmp / "synth-sigma.html"


def settle(page):
    """Wait until sigma has drawn what the last action asked for (it draws at the next frames)."""
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def results(page):
    return page.eval_on_selector_all("#dg-results li", "els => els.map(e => e.textContent)")


def selected(page):
    return page.evaluate("window.dramagraph.selected()")


def shown_ids(page):
    """The nodes sigma draws (its display data, after the reducers)."""
    return sorted(page.evaluate("""() => { const d = window.dramagraph;
        return d.graph.nodes().filter(n => !d.sigma.getNodeDisplayData(n).hidden); }"""))


def highlighted(page):
    return sorted(page.evaluate("""() => { const d = window.dramagraph;
        return d.graph.nodes().filter(n => d.sigma.getNodeDisplayData(n).highlighted); }"""))


def faded(page):
    """The opacity of sigma's nodes and edges canvases ('' when nothing is selected)."""
    return page.evaluate("""() => { const c = window.dramagraph.sigma.getCanvases();
        return [c.nodes.style.opacity, c.edges.style.opacity]; }""")


def all_in_view(page):
    """Whether every shown node's centre lies inside the drawing (after a fit it must)."""
    return page.evaluate("""() => {
        const d = window.dramagraph, box = document.getElementById('dg-network').getBoundingClientRect();
        return d.shown().every(id => { const p = d.screenPosition(id);
                                       return p.x >= 0 && p.y >= 0 && p.x <= box.width && p.y <= box.height; });
    }""")


def centre_offset(page, node):
    """How far (px) a node is from the middle of the part of the drawing the details panel leaves free."""
    return page.evaluate("""(id) => {
        const d = window.dramagraph, free = d.freeRect(), p = d.screenPosition(id);
        return Math.hypot(p.x - (free.left + free.width / 2), p.y - (free.top + free.height / 2));
    }""", node)


# ------------------------------------------------------------------ the page itself


def test_the_sigma_page_works_offline_with_the_same_data_contract(browser, sigma_article_page):
    text = sigma_article_page.read_text(encoding="utf-8")
    assert '<body data-renderer="sigma">' in text
    assert f'content="{CSP}"' in text  # as strict as the vis page's: no outside request
    for marker in ("<link", "src=\"http", "src='http", "@import", "vis.Network"):
        assert marker not in text
    payload = json.loads(PAYLOAD.search(text).group(2))
    assert payload["renderer"] == "sigma" and payload["precomputed"] is True
    assert payload["sigma"]["labelSize"] == LABEL_MIN_PX + 1
    assert {n["shape"] for n in payload["nodes"]} == {"dot"}
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in payload["nodes"])
    page, seen = open_page(browser, sigma_article_page)
    assert page.evaluate("[window.dramagraph.renderer, document.body.dataset.renderer]") == ["sigma", "sigma"]
    assert page.evaluate("[window.dramagraph.graph.order, window.dramagraph.graph.size]") == [84, 105]
    assert page.evaluate("'network' in window.dramagraph") is False
    # WebGL: sigma's nodes and edges layers are WebGL canvases
    assert page.evaluate("""() => { const c = window.dramagraph.sigma.getCanvases();
        return [!!c.nodes.getContext('webgl2') || !!c.nodes.getContext('webgl'), c.labels.getContext('2d') !== null]; }""") == [True, True]
    # the legend is honest: every kind is drawn as a disc of its colour
    entries = legend(page)
    assert entries == [["title", "dot", "circle", "#e6550d", "title"], ["person", "dot", "circle", "#3182bd", "person"],
                       ["character", "dot", "circle", "#9e9ac8", "character"],
                       ["illness", "dot", "circle", "#de2d26", "illness"],
                       ["theme", "dot", "circle", "#31a354", "theme"],
                       ["work", "dot", "circle", "#8c6d31", "source work or version"]]
    assert page.inner_text("#dg-legend .dg-note") == (
        "Colour: the kind of node (this page is drawn with WebGL, which draws every node as a disc; pages drawn "
        "with vis-network show each kind's shape too). Size: how many links it has.")
    drawn = page.evaluate("""() => { const d = window.dramagraph, out = {};
        d.graph.forEachNode((n, a) => { out[a.kind] = d.sigma.getNodeDisplayData(n).color; }); return out; }""")
    assert drawn == {k: colour for k, _, _, colour, _ in entries}
    assert page.inner_text("footer").startswith("sigma.js 3.0.3 (https://www.sigmajs.org)")
    assert page.inner_text("#dg-status") == "84 of 84 nodes shown"
    assert seen == CLEAN
    page.close()


def test_auto_picks_vis_for_small_views_and_sigma_above_the_threshold(browser, tmp_path):
    def graph(n):
        G = nx.barabasi_albert_graph(n, 1, seed=2)
        nx.set_node_attributes(G, {v: {"label": f"node {v}", "kind": "person"} for v in G})
        return G

    small, at, above = tmp_path / "8.html", tmp_path / "at.html", tmp_path / "above.html"
    render(graph(8), small)
    render(graph(SIGMA_THRESHOLD), at)
    render(graph(SIGMA_THRESHOLD + 1), above)
    assert SIGMA_THRESHOLD == 5000
    assert [re.search(r'<body data-renderer="(\w+)">', p.read_text(encoding="utf-8")).group(1)
            for p in (small, at, above)] == ["vis", "vis", "sigma"]
    page, seen = open_page(browser, small)
    assert page.evaluate("[window.dramagraph.renderer, window.dramagraph.nodes.length, "
                         "typeof window.dramagraph.network.getScale, 'sigma' in window.dramagraph]") == ["vis", 8, "function", False]
    assert seen == CLEAN
    page.close()
    page, seen = open_page(browser, above)
    assert page.evaluate("[window.dramagraph.renderer, window.dramagraph.graph.order, 'network' in window.dramagraph]") == [
        "sigma", SIGMA_THRESHOLD + 1, False]
    assert seen == CLEAN
    page.close()


def test_renderer_choice_and_its_mistakes(kg, tmp_path):
    from graph.errors import UsageError
    from graph.web.page import choose_renderer, viz

    assert [choose_renderer("auto", n) for n in (8, 5000, 5001)] == ["vis", "vis", "sigma"]
    assert choose_renderer("auto", 20000, layout="physics") == "vis"  # sigma draws no physics
    assert choose_renderer("sigma", 8) == "sigma" and choose_renderer("vis", 20000) == "vis"
    with pytest.raises(ValueError, match="renderer must be auto, vis or sigma, not 'webgl'"):
        render(nx.path_graph(3), renderer="webgl")
    with pytest.raises(UsageError, match="^--renderer must be auto, vis or sigma, not webgl$"):
        viz(kg, out=tmp_path / "x.html", renderer="webgl")
    with pytest.raises(UsageError, match="^--renderer sigma draws a precomputed layout"):
        viz(kg, out=tmp_path / "x.html", renderer="sigma", layout="physics")
    assert not (tmp_path / "x.html").exists()


def test_the_cli_takes_the_renderer(cli, tmp_path):
    out = tmp_path / "s.html"
    assert cli("viz", "--renderer", "sigma", "--out", str(out))[0] == 0
    assert 'data-renderer="sigma"' in out.read_text(encoding="utf-8")
    assert cli("viz", "--renderer", "vis", "--out", str(out))[0] == 0
    assert 'data-renderer="vis"' in out.read_text(encoding="utf-8")
    code, _, err = cli("viz", "--renderer", "sigma", "--layout", "physics", "--out", str(tmp_path / "y.html"))
    assert (code, err) == (2, "dramagraph: error: --renderer sigma draws a precomputed layout: use --layout "
                              "precomputed or auto, or --renderer vis\n")
    assert not (tmp_path / "y.html").exists()


# ------------------------------------------------------------------ search


def test_search_ranks_titles_first_and_focuses_with_the_camera(browser, sigma_article_page):
    page, seen = open_page(browser, sigma_article_page)
    assert page.evaluate("window.dramagraph.scale()") == 1
    assert_koizora_ranked(page)
    page.press("#dg-search", "Enter")
    settle(page)
    assert selected(page) == T + "koizora"
    # the camera moved to Koizora and zoomed in; it and its neighbours are drawn on top, the rest faded
    assert page.evaluate("window.dramagraph.scale()") > 1.5
    assert centre_offset(page, T + "koizora") < 1
    neighbours = sorted(page.evaluate(f"window.dramagraph.neighbours('{T}koizora')"))
    assert len(neighbours) == 11
    assert highlighted(page) == sorted([T + "koizora", *neighbours])
    assert faded(page) == ["0.2", "0.45"]
    # the labels drawn: the selection and its neighbours only, never a faded node's
    named = set(page.evaluate("window.dramagraph.labels().map(l => l.id)"))
    assert T + "koizora" in named and named <= {T + "koizora", *neighbours}
    assert_more_rankings(page)
    assert seen == CLEAN
    page.close()


def test_search_never_focuses_a_hidden_node(browser, sigma_article_page):
    page, seen = open_page(browser, sigma_article_page)
    page.uncheck("#dg-legend label[data-kind='title'] input")
    settle(page)
    assert T + "koizora" not in shown_ids(page)
    page.fill("#dg-search", "koizora")
    assert results(page) == ["Koizora (work: version of Koizora)", "Koizora (work: source of Koizora)"]
    assert page.inner_text("#dg-results-note") == "1 hidden by the filters"
    page.press("#dg-search", "Enter")
    assert selected(page) == W + "koizora-2008-drama"
    page.uncheck("#dg-legend label[data-kind='work'] input")
    settle(page)
    assert selected(page) is None
    assert page.is_hidden("#dg-details")
    assert highlighted(page) == [] and faded(page) == ["", ""]
    assert results(page) == []
    assert page.inner_text("#dg-results-note") == "no shown node matches; 3 hidden by the filters"
    camera = page.evaluate("window.dramagraph.sigma.getCamera().getState()")
    page.press("#dg-search", "Enter")
    assert selected(page) is None
    assert page.evaluate(f"window.dramagraph.focus('{T}koizora')") is False
    assert selected(page) is None
    assert page.evaluate("window.dramagraph.sigma.getCamera().getState()") == camera  # the camera did not move
    page.check("#dg-legend label[data-kind='title'] input")
    page.check("#dg-legend label[data-kind='work'] input")
    page.select_option("#dg-illness", "heart disease")
    page.fill("#dg-search", "koizora")
    assert results(page) == []
    page.fill("#dg-search", "engagement")
    assert results(page) == ["The 8 Year Engagement (title)", "the true story behind \"The 8-Year Engagement\" (work)"]
    page.press("#dg-search", "Enter")
    settle(page)
    assert selected(page) == T + "the-8-year-engagement"
    assert T + "the-8-year-engagement" in shown_ids(page)
    assert seen == CLEAN
    page.close()


def test_search_results_are_reachable_by_keyboard(browser, sigma_article_page):
    page, seen = open_page(browser, sigma_article_page)
    ids = walk_results_by_keyboard(page)
    settle(page)
    assert centre_offset(page, ids[2]) < 1
    assert seen == CLEAN
    page.close()


# ------------------------------------------------------------------ selection and view


def test_escape_and_the_reset_button_clear_the_selection_and_fit_the_view(browser, sigma_article_page):
    page, seen = open_page(browser, sigma_article_page)
    assert all_in_view(page)
    for clear in (lambda: page.keyboard.press("Escape"), lambda: page.click("#dg-reset")):
        page.fill("#dg-search", "koizora")
        page.press("#dg-search", "Enter")
        settle(page)
        assert selected(page) == T + "koizora"
        assert page.is_visible("#dg-details")
        assert not all_in_view(page)  # zoomed in on Koizora
        clear()
        settle(page)
        assert selected(page) is None
        assert page.is_hidden("#dg-details")
        assert page.evaluate("window.dramagraph.sigma.getCamera().getState()") == {"x": 0.5, "y": 0.5, "ratio": 1, "angle": 0}
        assert all_in_view(page)
        assert highlighted(page) == [] and faded(page) == ["", ""]  # nothing faded any more
    assert seen == CLEAN
    page.close()


def click_point(page, iri):
    """Where sigma draws node ``iri`` (page coordinates), after its last frame; ``at``: the node sigma finds
    there (it picks from the frame drawn, so the point is read after the frame is drawn)."""
    settle(page)
    return page.evaluate(f"""() => {{
        const d = window.dramagraph, box = document.getElementById('dg-network').getBoundingClientRect();
        const p = d.screenPosition('{iri}');
        return {{x: box.left + p.x, y: box.top + p.y, at: d.sigma.getNodeAtPosition(p)}};
    }}""")


def test_clicking_a_node_opens_its_details(browser, sigma_article_page):
    """A click at a node's viewport position opens exactly that node's details, whatever the time between
    clicks (sigma's double click, within 300 ms, is a click here: tests/web/test_page_view.py)."""
    page, seen = open_page(browser, sigma_article_page)
    page.click("#dg-reset")
    point = click_point(page, T + "koizora")
    assert point["at"] == T + "koizora"
    page.mouse.click(point["x"], point["y"])
    assert_koizora_details_then_a_neighbour(page)
    # clicking the background (no node there) clears the selection
    page.click("#dg-reset")
    point = click_point(page, T + "koizora")
    assert point["at"] == T + "koizora"
    corner = page.evaluate("() => { const b = document.getElementById('dg-network').getBoundingClientRect(); "
                           "return {x: b.right - 5, y: b.bottom - 5}; }")
    page.mouse.click(corner["x"], corner["y"])
    page.mouse.click(point["x"], point["y"])
    assert selected(page) == T + "koizora"
    page.mouse.click(corner["x"], corner["y"])
    assert selected(page) is None and page.is_hidden("#dg-details")
    assert seen == CLEAN
    page.close()


# ------------------------------------------------------------------ filter


def test_the_illness_filter_follows_the_hierarchy(browser, sigma_article_page):
    page, seen = open_page(browser, sigma_article_page)
    options = page.eval_on_selector_all("#dg-illness option", "els => els.map(e => e.value)")
    assert options == ["", "autistic savant syndrome", "cancer", "leukemia", "coma", "encephalitis",
                       "anti-NMDA receptor encephalitis", "heart disease", "heart attack", "memory loss",
                       "miscarriage", "neurodegenerative disease", "amyotrophic lateral sclerosis",
                       "spinocerebellar degeneration", "physical disability", "paralysis", "seizure"]

    walk_the_illness_filter(page, shown_ids, settle)
    # an edge is drawn only when both its ends are
    hidden_edges = page.evaluate("""() => { const d = window.dramagraph, g = d.graph, s = d.sigma;
        return g.edges().filter(e => s.getEdgeDisplayData(e).hidden !== (s.getNodeDisplayData(g.source(e)).hidden
                                     || s.getNodeDisplayData(g.target(e)).hidden)).length; }""")
    assert hidden_edges == 0
    page.select_option("#dg-illness", "")
    settle(page)
    assert len(shown_ids(page)) == 84
    assert page.inner_text("#dg-status") == "84 of 84 nodes shown"
    assert seen == CLEAN
    page.close()


# ------------------------------------------------------------------ thousands of nodes


def test_behaviours_on_a_synthetic_page_of_thousands_of_nodes(browser, sigma_synthetic_page):
    page, seen = open_page(browser, sigma_synthetic_page)
    assert page.evaluate("[window.dramagraph.renderer, window.dramagraph.graph.order]") == ["sigma", 2942]
    page.fill("#dg-search", "title 1")
    assert results(page)[:3] == ["Title 1 (title)", "Title 10 (title)", "Title 100 (title)"]
    page.press("#dg-search", "Enter")
    settle(page)
    assert selected(page) == SYNTH_TITLE_1
    assert centre_offset(page, SYNTH_TITLE_1) < 1
    degree = page.evaluate(f"window.dramagraph.graph.degree('{SYNTH_TITLE_1}')")
    assert page.inner_text("#dg-details-count") == f"{degree} link{'s' * (degree != 1)}"
    page.select_option("#dg-illness", "cancer")
    settle(page)
    broader = json.loads(PAYLOAD.search(sigma_synthetic_page.read_text(encoding="utf-8")).group(2))["broader"]
    under = {"cancer"}
    while True:
        more = {narrow for narrow, broad in broader if broad in under} - under
        if not more:
            break
        under |= more
    assert {"leukemia", "synthetic illness 0"} <= under
    nodes = json.loads(PAYLOAD.search(sigma_synthetic_page.read_text(encoding="utf-8")).group(2))["nodes"]
    expected = sorted(n["id"] for n in nodes if n["kind"] == "title" and set(n["illnesses"]) & under)
    assert expected and any("cancer" not in n["illnesses"] for n in nodes if n["id"] in expected)
    assert sorted(i for i in shown_ids(page) if "/synth/title/" in i) == expected
    # a title outside the filter is not offered and not focused
    outside = next(n for n in nodes if n["kind"] == "title" and n["id"] not in expected)
    page.fill("#dg-search", outside["label"])
    offered = page.eval_on_selector_all("#dg-results li button", "els => els.map(e => e.dataset.node)")
    assert outside["id"] not in offered
    page.press("#dg-search", "Enter")
    assert selected(page) != outside["id"]
    assert page.evaluate(f"window.dramagraph.focus({json.dumps(outside['id'])})") is False
    page.keyboard.press("Escape")
    settle(page)
    assert selected(page) is None and all_in_view(page)
    assert seen == CLEAN
    page.close()


def test_labels_by_importance_and_zoom_at_least_11_px(browser, sigma_synthetic_page, artifacts):
    page, seen = open_page(browser, sigma_synthetic_page)
    settle(page)
    opening = page.evaluate("window.dramagraph.labels()")
    assert page.evaluate("window.dramagraph.sigma.getSetting('labelSize')") == LABEL_MIN_PX + 1
    # sigma draws labels at labelSize px whatever the zoom: at the opening zoom (ratio 1) that is 12 px
    assert {label["px"] for label in opening} == {LABEL_MIN_PX + 1}
    assert 10 <= len(opening) <= 60
    # no two labels cover each other
    boxes = [label["box"] for label in opening]
    assert not [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:]
                if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]]
    # by importance: sigma's label grid cuts the drawing into cells and names each cell's largest (most
    # linked) node; every named node leads its cell, and the most linked node of the page is named
    leaders = set(page.evaluate("""() => Object.values(window.dramagraph.sigma.labelGrid.cells)
                                          .map(cell => cell[0].key)"""))
    named = [label["id"] for label in opening]
    assert set(named) <= leaders
    assert page.evaluate("window.dramagraph.sigma.getSetting('labelGridCellSize')") == json.loads(
        PAYLOAD.search(sigma_synthetic_page.read_text(encoding="utf-8")).group(2))["sigma"]["labelGridCellSize"]
    hub = page.evaluate("() => { const g = window.dramagraph.graph; "
                        "return g.nodes().reduce((a, b) => g.degree(b) > g.degree(a) ? b : a); }")
    assert hub in named
    page.screenshot(path=str(artifacts / "page-sigma-opening.png"))
    # by zoom: zoomed in, more nodes are named, still at 12 px and apart
    page.evaluate("window.dramagraph.sigma.getCamera().setState({x: 0.5, y: 0.5, ratio: 0.25, angle: 0})")
    settle(page)
    zoomed = page.evaluate("window.dramagraph.labels()")
    assert {label["px"] for label in zoomed} == {LABEL_MIN_PX + 1}
    in_view = [label for label in zoomed if 0 <= label["box"][0] <= page.evaluate("document.getElementById('dg-network').clientWidth")]
    assert len(in_view) > len(opening)
    assert seen == CLEAN
    page.close()


def test_a_browser_without_webgl_is_told_what_to_do(browser, sigma_article_page):
    """Chromium started with WebGL off: the page says how to write a page it can draw, instead of staying blank."""
    from tests.conftest import CHROMIUM, CHROMIUM_ARGS

    b = browser.browser_type.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS + ["--disable-webgl", "--disable-3d-apis"])
    try:
        page = b.new_page()
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(sigma_article_page.resolve().as_uri())
        page.wait_for_selector("#dg-no-webgl", timeout=30000)
        assert page.inner_text("#dg-no-webgl").startswith(
            "This page is drawn with WebGL, which this browser does not offer here. Write it again with "
            "`dramagraph viz --renderer vis`")
        # sigma.js itself fails as it loads (it asks a WebGL context for its limits); then the page says why
        assert errors[-1] == "dramagraph: no WebGL: write the page with --renderer vis"
    finally:
        b.close()
