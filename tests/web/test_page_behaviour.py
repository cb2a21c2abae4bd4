"""What people do on the page (issue 14 §3), in Debian's headless Chromium with every outside request
blocked and recorded: search ranks titles first and tells repeated labels apart, never focuses a
hidden node, is usable by keyboard; Escape and the reset button clear the selection and fit the view;
the illness filter follows the hierarchy; a click opens a details panel; the legend shows shapes and
has readable text; the sidebar folds away on a phone. Pages are made by `dramagraph viz` from the
article's data and, where size matters, from a synthetic store of about 3,000 nodes."""

from __future__ import annotations

import json
import re

import pytest

from tests.conftest import open_page, run_cli_process

T = "https://w3id.org/dramagraph/title/"
W = "https://w3id.org/dramagraph/work/"
C = "https://w3id.org/dramagraph/concept/"
P = "https://w3id.org/dramagraph/person/"
CLEAN = {"outside": [], "errors": [], "dialogs": []}
PAYLOAD = re.compile(r'(<script type="application/json" id="dg-data">)(.*?)(</script>)', re.S)


def illness_hierarchy(kg) -> list[list[str]]:
    """[narrower label, broader label] of the conditions: what the page's illness filter reads as
    ``broader`` in its data (the lead is asked to have graph/web/page.py embed exactly this)."""
    from graph.query.querying import run_named

    return sorted([row["label"], row["broaderLabel"]] for row in run_named(kg, "illness-tree").rows
                  if row.get("broaderLabel"))


def viz(tmp, name, *args):
    out = tmp / name
    done = run_cli_process("viz", "--out", str(out), *args, env={"DRAMAGRAPH_DATA_DIR": str(tmp / "data")})
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="module")
def article_page(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("behaviour")
    return viz(tmp, "full.html", "--no-user-data")


@pytest.fixture(scope="module")
def synthetic_page(tmp_path_factory):
    """The full view of 400 synthetic titles: 2,942 nodes, 6,546 edges, a precomputed layout."""
    from graph.store.diskstore import load_store
    from graph.sources.synth import generate

    tmp = tmp_path_factory.mktemp("synthetic")
    generate(tmp / "synth.nt", 400, seed=0)
    load_store([tmp / "synth.nt"], tmp / "store")
    page = viz(tmp, "synth.html", "--store", str(tmp / "store"))
    return page




def results(page):
    return page.eval_on_selector_all("#dg-results li", "els => els.map(e => e.textContent)")


def selected(page):
    return page.evaluate("window.dramagraph.selected()")


def shown_ids(page):
    return sorted(page.evaluate("window.dramagraph.nodes.get({filter: n => !n.hidden}).map(n => n.id)"))


def all_in_view(page):
    """Whether every shown node's centre lies inside the drawing (after a fit it must)."""
    return page.evaluate("""() => {
        const d = window.dramagraph, box = document.getElementById('dg-network').getBoundingClientRect();
        const ids = d.nodes.get({filter: n => !n.hidden}).map(n => n.id), pos = d.network.getPositions(ids);
        return ids.every(id => { const p = d.network.canvasToDOM(pos[id]);
                                 return p.x >= 0 && p.y >= 0 && p.x <= box.width && p.y <= box.height; });
    }""")


# ------------------------------------------------------------------ search


def assert_koizora_ranked(page):
    """"Koizora" in the search box: the film first, then the two works, each told apart by what it is."""
    page.fill("#dg-search", "koizora")
    assert results(page) == ["Koizora (title: film, 2007)", "Koizora (work: version of Koizora)",
                             "Koizora (work: source of Koizora)"]
    assert page.eval_on_selector_all("#dg-results li button", "els => els.map(e => e.dataset.node)") == [
        T + "koizora", W + "koizora-2008-drama", W + "koizora-novel"]


def assert_more_rankings(page):
    # an alternate name finds its title; a label seen once needs no more than its kind
    page.fill("#dg-search", "sky of love")
    assert results(page) == ["Koizora (title)"]
    # exact label before prefix before anywhere: "good doctor" is a title and its source, a Korean drama
    page.fill("#dg-search", "good doctor")
    assert results(page) == ["Good Doctor (title: TV series, 2018)", "Good Doctor (work: source of Good Doctor)"]
    page.fill("#dg-search", "haruma")
    assert results(page) == ["Haruma Miura (person)"]


def walk_results_by_keyboard(page) -> list[str]:
    """Search "ha", choose the second result with the arrow keys and Enter, then Tab into the results and
    choose the third; returns the results' nodes. The same interface on both renderers."""
    page.fill("#dg-search", "ha")
    assert results(page)[:3] == ["Haruka Ayase (person)", "Haruma Miura (person)", "Haruto Asō (character)"]
    ids = page.eval_on_selector_all("#dg-results li button", "els => els.map(e => e.dataset.node)")
    # arrow keys move the active result (announced with aria-activedescendant); Enter focuses it
    page.press("#dg-search", "ArrowDown")
    page.press("#dg-search", "ArrowDown")
    assert page.get_attribute("#dg-search", "aria-activedescendant") == "dg-result-1"
    assert page.get_attribute("#dg-result-1", "aria-selected") == "true"
    page.press("#dg-search", "Enter")
    assert selected(page) == ids[1] == P + "haruma-miura"
    # Tab reaches the results as buttons; arrows move between them; Enter focuses the one reached
    page.focus("#dg-search")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.node") == ids[0]
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.dataset.node") == ids[2]
    page.keyboard.press("Enter")
    assert selected(page) == ids[2]
    return ids


def test_search_ranks_titles_first_and_tells_repeated_labels_apart(browser, article_page):
    page, seen = open_page(browser, article_page)
    assert_koizora_ranked(page)
    page.press("#dg-search", "Enter")
    assert selected(page) == T + "koizora"
    assert_more_rankings(page)
    assert seen == CLEAN
    page.close()


def test_search_never_focuses_a_hidden_node(browser, article_page):
    page, seen = open_page(browser, article_page)
    page.uncheck("#dg-legend label[data-kind='title'] input")
    page.fill("#dg-search", "koizora")
    assert results(page) == ["Koizora (work: version of Koizora)", "Koizora (work: source of Koizora)"]
    assert page.inner_text("#dg-results-note") == "1 hidden by the filters"
    page.press("#dg-search", "Enter")
    assert selected(page) == W + "koizora-2008-drama"
    page.uncheck("#dg-legend label[data-kind='work'] input")
    # the selected node was filtered out: it is no longer selected, and nothing is left to focus
    assert selected(page) is None
    assert page.is_hidden("#dg-details")
    assert results(page) == []
    assert page.inner_text("#dg-results-note") == "no shown node matches; 3 hidden by the filters"
    page.press("#dg-search", "Enter")
    assert selected(page) is None
    assert page.evaluate(f"window.dramagraph.focus('{T}koizora')") is False
    assert selected(page) is None
    # the illness filter hides too: "heart disease" keeps I Give My First Love To You and The 8 Year Engagement
    page.check("#dg-legend label[data-kind='title'] input")
    page.check("#dg-legend label[data-kind='work'] input")
    page.select_option("#dg-illness", "heart disease")
    page.fill("#dg-search", "koizora")
    assert results(page) == []
    page.fill("#dg-search", "engagement")
    assert results(page) == ["The 8 Year Engagement (title)", "the true story behind \"The 8-Year Engagement\" (work)"]
    page.press("#dg-search", "Enter")
    assert selected(page) == T + "the-8-year-engagement"
    assert seen == CLEAN
    page.close()


def test_search_results_are_reachable_by_keyboard(browser, article_page):
    page, seen = open_page(browser, article_page)
    ids = walk_results_by_keyboard(page)
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Space")
    assert selected(page) == ids[1]
    assert seen == CLEAN
    page.close()


# ------------------------------------------------------------------ selection and view


def test_escape_and_the_reset_button_clear_the_selection_and_fit_the_view(browser, article_page):
    page, seen = open_page(browser, article_page)
    for clear in (lambda: page.keyboard.press("Escape"), lambda: page.click("#dg-reset")):
        page.fill("#dg-search", "koizora")
        page.press("#dg-search", "Enter")
        assert selected(page) == T + "koizora"
        assert page.is_visible("#dg-details")
        assert page.evaluate("window.dramagraph.network.getScale()") == pytest.approx(1.2)
        assert not all_in_view(page)  # zoomed in on Koizora
        clear()
        assert selected(page) is None
        assert page.evaluate("window.dramagraph.network.getSelectedNodes()") == []
        assert page.is_hidden("#dg-details")
        assert all_in_view(page)
        # no node is dimmed any more
        assert page.evaluate("window.dramagraph.nodes.get({filter: n => n.font.color !== '#343434'}).length") == 0
    assert page.get_attribute("#dg-reset", "title") == "Clear the selection and fit the whole graph (Escape)"
    assert seen == CLEAN
    page.close()


def assert_koizora_details_then_a_neighbour(page):
    """After a click on Koizora: its details panel (facts, links), then a neighbour's link focusing it,
    and a neighbour hidden by the filters listed but not focusable. The same on both renderers."""
    assert selected(page) == T + "koizora"
    assert page.is_visible("#dg-details")
    assert page.inner_text("#dg-details-title") == "Koizora"
    assert page.inner_text("#dg-details-kind") == "title"
    facts = page.eval_on_selector_all("#dg-details dt, #dg-details dd", "els => els.map(e => e.textContent)")
    assert facts == ["also known as", "Sky of Love | 恋空", "provenance", "the article, entry 6", "illnesses",
                     "cancer | miscarriage", "source work", "Koizora (romance novel)", "type", "film", "year", "2007"]
    assert page.inner_text("#dg-details-count") == "11 links"
    assert page.eval_on_selector_all("#dg-details-links li", "els => els.map(e => e.textContent)") == [
        "about: cancer (illness)", "about: miscarriage (illness)", "about: pregnancy (theme)", "about: romance (theme)",
        "actor: Haruma Miura (person)", "actor: Yui Aragaki (person)", "based on: Koizora (work)",
        "character: Hiroki Sakurai (character)", "character: Mika Tahara (character)", "character: Saki (character)",
        "version of: Koizora (work)"]
    # a neighbour's link focuses it and shows its own details
    page.click("#dg-details-links button[data-node='" + P + "haruma-miura']")
    assert selected(page) == P + "haruma-miura"
    assert page.inner_text("#dg-details-title") == "Haruma Miura"
    assert page.inner_text("#dg-details-count") == "4 links"
    # a neighbour hidden by the filters is listed but cannot be focused
    page.uncheck("#dg-legend label[data-kind='character'] input")
    row = page.locator("#dg-details-links li", has_text="Hiroki Sakurai")
    assert row.inner_text() == "plays: Hiroki Sakurai (character) (hidden by the filters)"
    assert row.locator("button").is_disabled()


def click_node(page, iri):
    """Click node ``iri`` where vis-network draws it (after Reset, so that the whole graph is in view),
    checking first that the point is on that node."""
    page.click("#dg-reset")
    point = page.evaluate(f"""() => {{
        const d = window.dramagraph, box = document.getElementById('dg-network').getBoundingClientRect();
        const p = d.network.canvasToDOM(d.network.getPositions(['{iri}'])['{iri}']);
        return {{x: box.left + p.x, y: box.top + p.y, at: d.network.getNodeAt(p)}};
    }}""")
    assert point["at"] == iri
    page.mouse.click(point["x"], point["y"])


def test_clicking_a_node_opens_its_details(browser, article_page):
    page, seen = open_page(browser, article_page)
    click_node(page, T + "koizora")
    assert_koizora_details_then_a_neighbour(page)
    # the panel is text, never markup; clicking the background closes it
    assert page.evaluate("document.querySelectorAll('#dg-details a, #dg-details img').length") == 0
    page.click("#dg-details-close")
    assert page.is_hidden("#dg-details") and selected(page) is None
    assert seen == CLEAN
    page.close()


# ------------------------------------------------------------------ filter and legend


def test_the_illness_filter_follows_the_hierarchy(browser, article_page):
    page, seen = open_page(browser, article_page)
    options = page.eval_on_selector_all("#dg-illness option", "els => els.map(e => [e.value, e.textContent])")
    e = "\u2003"
    assert options == [
        ["", "(all)"], ["autistic savant syndrome", "autistic savant syndrome (1 title)"],
        ["cancer", "cancer (2 titles)"], ["leukemia", f"{e}leukemia (1 title)"], ["coma", "coma (1 title)"],
        ["encephalitis", "encephalitis (1 title)"],
        ["anti-NMDA receptor encephalitis", f"{e}anti-NMDA receptor encephalitis (1 title)"],
        ["heart disease", "heart disease (2 titles)"], ["heart attack", f"{e}heart attack (1 title)"],
        ["memory loss", "memory loss (1 title)"], ["miscarriage", "miscarriage (1 title)"],
        ["neurodegenerative disease", "neurodegenerative disease (2 titles)"],
        ["amyotrophic lateral sclerosis", f"{e}amyotrophic lateral sclerosis (1 title)"],
        ["spinocerebellar degeneration", f"{e}spinocerebellar degeneration (1 title)"],
        ["physical disability", "physical disability (1 title)"], ["paralysis", f"{e}paralysis (1 title)"],
        ["seizure", "seizure (1 title)"]]

    walk_the_illness_filter(page)
    page.select_option("#dg-illness", "")
    assert len(shown_ids(page)) == 84
    assert page.inner_text("#dg-illness-note") == ""
    assert seen == CLEAN
    page.close()


def walk_the_illness_filter(page, shown=None, settle=lambda page: None):
    """Cancer, then leukemia, then neurodegenerative disease in the illness filter: the titles shown and
    the note, the same on both renderers (``shown`` lists the renderer's shown nodes, default vis's;
    ``settle`` waits for sigma's next frame)."""
    shown = shown or shown_ids

    def titles():
        settle(page)
        return sorted(i for i in shown(page) if i.startswith(T))

    page.select_option("#dg-illness", "cancer")
    assert titles() == [T + "crying-out-love-in-the-center-of-the-world", T + "koizora"]
    assert {C + "cancer", C + "leukemia"} <= set(shown(page))
    assert page.inner_text("#dg-illness-note") == "cancer and the narrower leukemia: 2 titles"
    page.select_option("#dg-illness", "leukemia")
    assert titles() == [T + "crying-out-love-in-the-center-of-the-world"]
    assert page.inner_text("#dg-illness-note") == "leukemia: 1 title; a kind of cancer"
    # a broader term no title is about directly still finds the titles about its narrower terms
    page.select_option("#dg-illness", "neurodegenerative disease")
    assert titles() == [T + "boku-no-ita-jikan", T + "one-liter-of-tears"]


def test_viz_embeds_the_illness_hierarchy(tmp_path):
    from graph.store.opening import open_graph

    text = viz(tmp_path, "full.html", "--no-user-data").read_text(encoding="utf-8")
    payload = json.loads(PAYLOAD.search(text).group(2))
    assert payload["broader"] == illness_hierarchy(open_graph(data_dir=False)) == [
        ["amyotrophic lateral sclerosis", "neurodegenerative disease"],
        ["anti-NMDA receptor encephalitis", "encephalitis"], ["heart attack", "heart disease"],
        ["leukemia", "cancer"], ["paralysis", "physical disability"],
        ["spinocerebellar degeneration", "neurodegenerative disease"]]


def _luminance(rgb):
    def channel(c):
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(fg, bg):
    """The WCAG 2 contrast ratio of two sRGB colours."""
    lighter, darker = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


TEXT_COLOURS = """sel => [...document.querySelectorAll(sel)].filter(e => e.offsetParent !== null).map(e => {
    const parse = s => s.match(/[\\d.]+/g).map(Number);
    let bg = null, x = e;
    while (x && x.nodeType === 1) {
        const c = parse(getComputedStyle(x).backgroundColor);
        if (c.length < 4 || c[3] > 0) { bg = c.slice(0, 3); break; }
        x = x.parentElement;
    }
    return {text: e.textContent, fg: parse(getComputedStyle(e).color).slice(0, 3), bg: bg || [255, 255, 255]};
})"""


def legend(page) -> list[list[str]]:
    """Each legend entry: [kind, shape, the drawn shape's SVG tag, its fill, its text]."""
    return page.eval_on_selector_all("#dg-legend label", """els => els.map(e => {
        const s = e.querySelector('svg.dg-shape > *');
        return [e.dataset.kind, e.dataset.shape, s.tagName, s.getAttribute('fill'), e.textContent];
    })""")


def test_the_legend_shows_shapes_and_colours_with_readable_text(browser, article_page):
    page, seen = open_page(browser, article_page)
    entries = legend(page)
    # every shape has its label outside (labels come and go by zoom): titles squares, characters stars,
    # works downward triangles
    assert entries == [["title", "square", "rect", "#e6550d", "title"], ["person", "dot", "circle", "#3182bd", "person"],
                       ["character", "star", "polygon", "#9e9ac8", "character"],
                       ["illness", "diamond", "polygon", "#de2d26", "illness"],
                       ["theme", "triangle", "polygon", "#31a354", "theme"],
                       ["work", "triangleDown", "polygon", "#8c6d31", "source work or version"]]
    # each legend entry's shape is the one its nodes are drawn with
    drawn = page.evaluate("Object.fromEntries(window.dramagraph.nodes.get().map(n => [n.kind, n.shape]))")
    assert {k: s for k, s, *_ in entries} == drawn
    assert page.inner_text("#dg-legend .dg-note") == "Shape and colour: the kind of node. Size: how many links it has."
    # WCAG AA: 4.5:1 for the text of the legend, the notes, the results, the details and the page's frame
    page.fill("#dg-search", "koizora")
    page.press("#dg-search", "Enter")
    page.select_option("#dg-illness", "cancer")
    measured = []
    for selector in ("#dg-legend label span", "#dg-legend .dg-note", "#dg-results li button", "#dg-results-note",
                     "#dg-illness-note", "#dg-status", "#dg-details h2", "#dg-details p", "#dg-details dt",
                     "#dg-details dd", "#dg-details li span", "#dg-details li button", "#dg-tools button",
                     "header h1", "#dg-caption", "footer", "aside h2"):
        found = page.evaluate(f"({TEXT_COLOURS})({json.dumps(selector)})")
        assert found, selector
        measured += [(selector, item["text"], round(contrast(item["fg"], item["bg"]), 2)) for item in found]
    low = [m for m in measured if m[2] < 4.5]
    assert low == []
    assert seen == CLEAN
    page.close()


# ------------------------------------------------------------------ a phone


def test_the_sidebar_folds_away_on_a_phone_and_reopens(browser, article_page, artifacts):
    page, seen = open_page(browser, article_page, width=390, height=844)
    assert page.is_hidden("#dg-sidebar")
    assert page.is_visible("#dg-menu")
    assert page.get_attribute("#dg-menu", "aria-expanded") == "false"
    # the graph has the whole width
    assert page.evaluate("document.getElementById('dg-network').getBoundingClientRect().width") == 390
    page.screenshot(path=str(artifacts / "page-phone.png"))
    page.click("#dg-menu")
    assert page.is_visible("#dg-sidebar")
    assert page.get_attribute("#dg-menu", "aria-expanded") == "true"
    box = page.locator("#dg-sidebar").bounding_box()
    assert box["x"] == 0 and box["width"] <= 390 * 0.85 + 1
    page.fill("#dg-search", "koizora")
    page.screenshot(path=str(artifacts / "page-phone-open.png"))
    page.click("#dg-sidebar-close")
    assert page.is_hidden("#dg-sidebar")
    assert page.evaluate("document.activeElement.id") == "dg-menu"
    # choosing a result folds the sidebar away again, to show the node
    page.click("#dg-menu")
    page.click("#dg-results li button >> nth=0")
    assert selected(page) == T + "koizora"
    assert page.is_hidden("#dg-sidebar")
    assert page.evaluate("document.activeElement.id") == "dg-menu"
    # the details panel fits the narrow screen
    details = page.locator("#dg-details").bounding_box()
    assert details["x"] >= 0 and details["x"] + details["width"] <= 390
    page.click("#dg-menu")
    page.keyboard.press("Escape")
    assert page.is_hidden("#dg-sidebar") and selected(page) is None
    # on a wide screen the sidebar stays and the button to open it is not shown
    page.set_viewport_size({"width": 1200, "height": 800})
    assert page.is_visible("#dg-sidebar") and page.is_hidden("#dg-menu") and page.is_hidden("#dg-sidebar-close")
    assert seen == CLEAN
    page.close()


# ------------------------------------------------------------------ thousands of nodes


def test_behaviours_on_a_synthetic_page_of_thousands_of_nodes(browser, synthetic_page):
    page, seen = open_page(browser, synthetic_page)
    assert page.evaluate("window.dramagraph.nodes.length") == 2942
    # titles first among the many "Title 1…" prefixes; the exact label leads
    page.fill("#dg-search", "title 1")
    first = results(page)[:3]
    assert first == ["Title 1 (title)", "Title 10 (title)", "Title 100 (title)"]
    page.press("#dg-search", "Enter")
    assert selected(page) == "https://w3id.org/dramagraph/synth/title/1"
    degree = page.evaluate("window.dramagraph.network.getConnectedEdges('https://w3id.org/dramagraph/synth/title/1').length")
    assert page.inner_text("#dg-details-count") == f"{degree} link{'s' * (degree != 1)}"
    # the illness hierarchy holds here too: cancer keeps the titles about leukemia
    page.select_option("#dg-illness", "cancer")
    broader = json.loads(PAYLOAD.search(synthetic_page.read_text(encoding="utf-8")).group(2))["broader"]
    under = {"cancer"}  # cancer and every concept below it, from the hierarchy the page embeds
    while True:
        more = {narrow for narrow, broad in broader if broad in under} - under
        if not more:
            break
        under |= more
    assert {"leukemia", "synthetic illness 0"} <= under
    expected = page.evaluate("""(under) => window.dramagraph.nodes.get({filter: n => n.kind === 'title' &&
        n.illnesses.some(i => under.includes(i))}).map(n => n.id).sort()""", sorted(under))
    assert expected and any(  # some titles are about leukemia only
        page.evaluate(f"window.dramagraph.nodes.get('{i}').illnesses.includes('cancer')") is False for i in expected)
    assert sorted(i for i in shown_ids(page) if "/synth/title/" in i) == expected
    # a title outside the filter is not offered and not focused
    outside = page.evaluate("window.dramagraph.nodes.get({filter: n => n.kind === 'title' && n.hidden})[0]")
    page.fill("#dg-search", outside["label"])
    offered = page.eval_on_selector_all("#dg-results li button", "els => els.map(e => e.dataset.node)")
    assert outside["id"] not in offered
    page.press("#dg-search", "Enter")
    assert selected(page) != outside["id"]
    assert page.evaluate(f"window.dramagraph.nodes.get({json.dumps(selected(page))}).hidden") is not True
    page.keyboard.press("Escape")
    assert selected(page) is None and all_in_view(page)
    assert seen == CLEAN
    page.close()


def test_labels_stay_readable_after_a_search_zooms_in(browser, synthetic_page, artifacts):
    """vis-network 9.1.2 ignores scaling.label.maxVisible, so zoomed in on a large page the most linked
    names grew to hundreds of pixels over everything: after a search (or any zoom) the page caps them."""
    page, seen = open_page(browser, synthetic_page)
    page.fill("#dg-search", "Title 1")
    page.press("#dg-search", "Enter")
    assert selected(page) == "https://w3id.org/dramagraph/synth/title/1"
    sizes = page.evaluate("""() => { const net = window.dramagraph.network, scale = net.getScale();
        const on = id => net.body.nodes[id].labelModule.fontOptions.size * scale;
        const all = Object.keys(net.body.nodes).map(on);
        return {largest: Math.max(...all), focused: on('https://w3id.org/dramagraph/synth/title/1'),
                threshold: net.nodesHandler.options.scaling.label.drawThreshold,
                maxVisible: net.nodesHandler.options.scaling.label.maxVisible}; }""")
    assert sizes["largest"] <= sizes["maxVisible"] + 0.01
    assert sizes["focused"] >= sizes["threshold"] >= 11  # the found title is named, legibly
    page.screenshot(path=str(artifacts / "page-after-search.png"))
    assert seen == CLEAN
    page.close()


@pytest.mark.parametrize("width, height", [(1200, 800), (390, 844)])
def test_a_disputed_source_work_is_marked_in_the_details_panel(browser, article_page, width, height, artifacts):
    """Issue 31, point 3: the 2019 drama's panel shows the article's claim that it adapts the 2009 film as
    disputed (the rule of graph.query.catalog.DISPUTED_RULE, through the query title-facts), beside both
    sides of each correction."""
    page, seen = open_page(browser, article_page, width=width, height=height)
    if width < 600:  # on a phone the search is in the folded sidebar
        page.click("#dg-menu")
    page.fill("#dg-search", "僕の初恋をキミに捧ぐ")
    page.press("#dg-search", "Enter")
    assert selected(page) == T + "boku-no-hatsukoi-wo-kimi-ni-sasagu-2019"
    assert page.inner_text("#dg-details-title") == "僕の初恋をキミに捧ぐ"
    facts = page.eval_on_selector_all("#dg-details dt, #dg-details dd", "els => els.map(e => e.textContent)")
    at = facts.index("source work")
    assert facts[at + 1] == "Boku no Hatsukoi wo Kimi ni Sasagu (manga) | I Give My First Love To You (disputed)"
    details = page.locator("#dg-details").bounding_box()
    assert details["x"] >= 0 and details["x"] + details["width"] <= width
    page.screenshot(path=str(artifacts / f"page-disputed-{width}.png"))
    assert seen == CLEAN
    page.close()
