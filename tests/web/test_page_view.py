"""Where the view goes on the viz page (issue 30), on both renderers, in Debian's headless Chromium at a
desktop's 1200 px and a phone's 390 px (a touch screen): a chosen node (clicked, tapped or found) is
moved into the part of the drawing the details panel leaves free, and no tooltip covers it; labels at the
opening zoom are readable; the illness filter fits the view to what it leaves; on the sigma page a click
chooses the node under the pointer, however quick the clicks; and the path box answers "how are A and B
connected?" as `dramagraph path A B --via all --all-shortest` does, on the article's page and on a page
of thousands of titles. Boxes are the renderer's: a node's disc or shape from its canvas position and
size (vis-network canvasToDOM, sigma graphToViewport), canvas-relative CSS pixels."""

from __future__ import annotations

import json
import re
import time

import pytest

from tests.conftest import run_cli_process
from tests.web.conftest import viz_open, viz_settle

T = "https://w3id.org/dramagraph/title/"
P = "https://w3id.org/dramagraph/person/"
CLEAN = {"outside": [], "errors": [], "dialogs": []}
PAYLOAD = re.compile(r'<script type="application/json" id="dg-data">(.*?)</script>', re.S)
SIZES = {"desktop": (1200, 800, False), "phone": (390, 844, True)}


@pytest.fixture(scope="module")
def pages(tmp_path_factory, kg):
    """The article's full view drawn by each renderer."""
    from graph.web.page import viz

    tmp = tmp_path_factory.mktemp("view")
    out = {}
    for renderer in ("vis", "sigma"):
        out[renderer] = tmp / f"full-{renderer}.html"
        page = viz(kg, out=out[renderer], renderer=renderer)
        assert (page.nodes, page.edges) == (84, 105)
    return out


def opened(browser, pages, renderer, size):
    width, height, touch = SIZES[size]
    return viz_open(browser, pages[renderer], width, height, touch)


def rect_of(page, selector):
    """An element's box, relative to the drawing's canvas (null when hidden)."""
    return page.evaluate("""(sel) => { const e = document.querySelector(sel);
        if (!e || e.hidden || e.offsetParent === null) return null;
        const s = document.getElementById('dg-network').getBoundingClientRect(), b = e.getBoundingClientRect();
        return {left: b.left - s.left, top: b.top - s.top, right: b.right - s.left, bottom: b.bottom - s.top}; }""", selector)


def box(page, node):
    return page.evaluate("(id) => window.dramagraph.box(id)", node)


def canvas(page):
    return page.evaluate("() => { const s = document.getElementById('dg-network'); "
                         "return {left: 0, top: 0, right: s.clientWidth, bottom: s.clientHeight}; }")


def free(page):
    r = page.evaluate("window.dramagraph.freeRect()")
    return {"left": r["left"], "top": r["top"], "right": r["left"] + r["width"], "bottom": r["top"] + r["height"]}


def meets(a, b):
    return a is not None and b is not None and a["left"] < b["right"] and b["left"] < a["right"] \
        and a["top"] < b["bottom"] and b["top"] < a["bottom"]


def within(a, b):
    return a["left"] >= b["left"] and a["top"] >= b["top"] and a["right"] <= b["right"] and a["bottom"] <= b["bottom"]


def selected(page):
    return page.evaluate("window.dramagraph.selected()")


def point_on(page, node):
    """Where to click ``node`` (page coordinates), checking that the renderer finds that node there."""
    return page.evaluate("""(id) => { const d = window.dramagraph, s = document.getElementById('dg-network').getBoundingClientRect();
        const p = d.screenPosition(id);
        const at = d.renderer === 'vis' ? d.network.getNodeAt(p) : d.sigma.getNodeAtPosition(p);
        return {x: s.left + p.x, y: s.top + p.y, at: at}; }""", node)


def press(page, point, touch):
    if touch:
        page.touchscreen.tap(point["x"], point["y"])
    else:
        page.mouse.click(point["x"], point["y"])


def move_to_edge(page, node, where):
    """Pan (at the same zoom) so that ``node`` sits at the drawing's bottom edge (phone) or right edge."""
    c = canvas(page)
    b = box(page, node)
    r = (b["right"] - b["left"]) / 2
    x, y = (c["right"] / 2, c["bottom"] - r - 2) if where == "bottom" else (c["right"] - r - 2, c["bottom"] / 2)
    page.evaluate("([id, x, y]) => window.dramagraph.moveNodeTo(id, x, y)", [node, x, y])
    viz_settle(page)


def assert_clear(page, node):
    """The chosen node lies in the part of the drawing the panel leaves free; neither the panel nor a
    tooltip covers it."""
    viz_settle(page)
    assert selected(page) == node
    b, panel = box(page, node), rect_of(page, "#dg-details")
    assert panel is not None
    assert not meets(b, panel), (b, panel)
    assert not meets(b, rect_of(page, "#dg-tip")), (b, rect_of(page, "#dg-tip"))
    assert within(b, free(page)) and within(b, canvas(page)), (b, free(page))


# ------------------------------------------------------------------ a chosen node in view, clear of the panel


@pytest.mark.parametrize("renderer", ["vis", "sigma"])
@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_a_clicked_or_tapped_node_at_the_edge_comes_clear_of_the_panel(browser, pages, renderer, size, artifacts):
    page, seen, context = opened(browser, pages, renderer, size)
    # Koizora, put where the panel would cover it: at the bottom edge on a phone (the panel is a bottom
    # sheet), at the right edge on a desktop (the panel is on the right)
    move_to_edge(page, T + "koizora", "bottom" if size == "phone" else "right")
    point = point_on(page, T + "koizora")
    assert point["at"] == T + "koizora"
    press(page, point, SIZES[size][2])
    assert_clear(page, T + "koizora")
    assert page.inner_text("#dg-details-title") == "Koizora"
    page.wait_for_timeout(300)  # a tooltip would have opened by now (vis-network's was 120 ms)
    assert_clear(page, T + "koizora")
    page.screenshot(path=str(artifacts / f"view-{renderer}-{size}-tapped.png"))
    assert seen == CLEAN
    context.close()


@pytest.mark.parametrize("renderer", ["vis", "sigma"])
@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_a_node_found_off_screen_is_brought_into_the_free_part(browser, pages, renderer, size):
    page, seen, context = opened(browser, pages, renderer, size)
    # zoomed in on Haruka Ayase: One Liter of Tears is off-screen
    page.evaluate(f"window.dramagraph.focus('{P}haruka-ayase')")
    viz_settle(page)
    page.keyboard.press("Escape")  # Escape fits the whole graph: zoom in again without a selection
    page.evaluate(f"window.dramagraph.focus('{P}haruka-ayase')")
    page.evaluate("window.dramagraph.refresh()")
    viz_settle(page)
    assert not meets(box(page, T + "one-liter-of-tears"), canvas(page))
    if size == "phone":
        page.click("#dg-menu")
    page.fill("#dg-search", "one liter of tears")
    page.press("#dg-search", "Enter")
    assert_clear(page, T + "one-liter-of-tears")
    assert seen == CLEAN
    context.close()


@pytest.mark.parametrize("renderer", ["vis", "sigma"])
def test_the_tooltip_is_beside_the_node_and_not_on_touch(browser, pages, renderer):
    page, seen, context = opened(browser, pages, renderer, "desktop")
    point = point_on(page, T + "good-doctor")
    assert point["at"] == T + "good-doctor"
    page.mouse.move(point["x"] - 30, point["y"] - 30)
    page.mouse.move(point["x"], point["y"], steps=3)
    viz_settle(page)
    tip = rect_of(page, "#dg-tip")
    assert tip is not None and not meets(tip, box(page, T + "good-doctor"))
    assert page.inner_text("#dg-tip").split("\n")[:3] == ["Good Doctor", "kind: title", "also known as: グッド・ドクター"]
    # chosen, its tooltip goes (the details panel says the same)
    page.mouse.click(point["x"], point["y"])
    viz_settle(page)
    assert selected(page) == T + "good-doctor" and rect_of(page, "#dg-tip") is None
    assert seen == CLEAN
    context.close()
    page, seen, context = opened(browser, pages, renderer, "phone")
    point = point_on(page, T + "good-doctor")
    page.touchscreen.tap(point["x"], point["y"])
    page.wait_for_timeout(300)
    assert selected(page) == T + "good-doctor" and rect_of(page, "#dg-tip") is None
    assert seen == CLEAN
    context.close()


# ------------------------------------------------------------------ labels


VIS_LABELS = """() => { const net = window.dramagraph.network, scale = net.getScale();
    return Object.values(net.body.nodes).filter(n => !n.options.hidden)
        .map(n => [n.id, n.labelModule.fontOptions.size * scale, n.labelModule.elementOptions.scaling.label.drawThreshold])
        .filter(([, px, threshold]) => px >= threshold - 1).map(([id, px]) => [id, px]); }"""


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_labels_at_the_opening_zoom_are_readable(browser, pages, size, artifacts):
    page, seen, context = opened(browser, pages, "vis", size)
    drawn = page.evaluate(VIS_LABELS)
    # every label drawn is at least 12 px on screen (scale × font size); about 30 on a desktop, fewer on a
    # phone, the most linked first
    assert min(px for _, px in drawn) >= 12
    assert len(drawn) >= (15 if size == "desktop" else 5)
    degree = page.evaluate("() => { const net = window.dramagraph.network; "
                           "return Object.fromEntries(Object.keys(net.body.nodes).map(id => [id, net.getConnectedEdges(id).length])); }")
    hub = max(degree, key=lambda n: (degree[n], n))
    assert hub in {n for n, _ in drawn}
    page.screenshot(path=str(artifacts / f"view-vis-{size}-opening.png"))
    context.close()
    page, seen, context = opened(browser, pages, "sigma", size)
    viz_settle(page)
    labels = page.evaluate("window.dramagraph.labels()")
    assert labels and {label["px"] for label in labels} == {13}
    assert seen == CLEAN
    context.close()


# ------------------------------------------------------------------ the illness filter fits the view


def shown(page):
    return sorted(page.evaluate("window.dramagraph.shown()"))


@pytest.mark.parametrize("renderer", ["vis", "sigma"])
def test_the_illness_filter_fits_the_view_to_what_it_leaves(browser, pages, renderer):
    page, seen, context = opened(browser, pages, renderer, "desktop")
    page.evaluate(f"window.dramagraph.focus('{T}one-liter-of-tears')")  # zoomed in far from the titles about leukemia
    page.click("#dg-details-close")
    viz_settle(page)
    assert not meets(box(page, T + "crying-out-love-in-the-center-of-the-world"), canvas(page))
    page.select_option("#dg-illness", "leukemia")
    viz_settle(page)
    # exactly: the illness, the titles about it and their neighbours (from the page's own data)
    data = json.loads(PAYLOAD.search(pages[renderer].read_text(encoding="utf-8")).group(1))
    titles = {n["id"] for n in data["nodes"] if "leukemia" in n["illnesses"]}
    expected = {n["id"] for n in data["nodes"] if n["kind"] == "illness" and n["label"] == "leukemia"} | titles
    expected |= {e["to"] for e in data["edges"] if e["from"] in titles} | {e["from"] for e in data["edges"] if e["to"] in titles}
    assert titles == {T + "crying-out-love-in-the-center-of-the-world"}
    ids = shown(page)
    assert ids == sorted(expected) and len(ids) == 10
    c = canvas(page)
    boxes = [box(page, n) for n in ids]
    assert all(within(b, c) for b in boxes), [(n, b) for n, b in zip(ids, boxes) if not within(b, c)]
    # fitted, not merely inside: the nodes span most of the drawing's width or height
    span_x = max(b["right"] for b in boxes) - min(b["left"] for b in boxes)
    span_y = max(b["bottom"] for b in boxes) - min(b["top"] for b in boxes)
    assert span_x >= 0.6 * c["right"] or span_y >= 0.6 * c["bottom"], (span_x, span_y, c)
    assert seen == CLEAN
    context.close()


# ------------------------------------------------------------------ sigma: a click chooses the node under the pointer


def test_sigma_quick_clicks_choose_the_node_under_the_pointer(browser, pages):
    """Sigma counts a second click within 300 ms as a double click: it sent no click (a quick click on the
    background kept the selection) and zoomed in at the pointer. Each click here, however quick, chooses
    the node under it (or clears the choice on the background), and the camera stays."""
    page, seen, context = opened(browser, pages, "sigma", "desktop")
    camera = page.evaluate("window.dramagraph.sigma.getCamera().getState()")
    # nodes in the left half (clear of the details panel, so that a click moves nothing)
    koizora, miura = point_on(page, T + "koizora"), point_on(page, P + "haruma-miura")
    assert (koizora["at"], miura["at"]) == (T + "koizora", P + "haruma-miura")
    corner = page.evaluate("() => { const b = document.getElementById('dg-network').getBoundingClientRect(); "
                           "return {x: b.left + 5, y: b.bottom - 5}; }")
    for _ in range(2):
        page.mouse.click(koizora["x"], koizora["y"])
        assert selected(page) == T + "koizora"
        page.mouse.click(miura["x"], miura["y"])  # within 300 ms of the last: a double click for sigma
        assert selected(page) == P + "haruma-miura"
        page.mouse.click(corner["x"], corner["y"])
        assert selected(page) is None and page.is_hidden("#dg-details")
        page.mouse.dblclick(koizora["x"], koizora["y"])
        assert selected(page) == T + "koizora"
        page.mouse.click(corner["x"], corner["y"])
        viz_settle(page)
        assert page.evaluate("window.dramagraph.sigma.getCamera().getState()") == camera
        assert selected(page) is None
    assert seen == CLEAN
    context.close()


# ------------------------------------------------------------------ how are A and B connected?


def cli_paths(a, b, *args):
    """`dramagraph path A B --via all --all-shortest --format json` (the page's graph is the full view)."""
    done = run_cli_process("path", a, b, "--via", "all", "--all-shortest", "--format", "json", *args)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def expected_answer(found, limit=5):
    """What the path box shows for the command's answer: each path's lines, then "and N more"."""
    lines = []
    for p in found["paths"][:limit]:
        first = p["nodes"][0]
        lines.append([f"{first['label']} ({first['kind']})"] +
                     [f"\u2014 {hop['label']} \u2014 {node['label']} ({node['kind']})" for hop, node in zip(p["hops"], p["nodes"][1:])])
    more = len(found["paths"]) - limit
    return lines, (f"and {more} more" if more > 0 else "")


def page_answer(page):
    return (page.eval_on_selector_all("#dg-path-answer ol.dg-path", "els => els.map(ol => [...ol.children].map(li => li.textContent))"),
            page.evaluate("(document.querySelector('#dg-path-answer .dg-path-more') || {textContent: ''}).textContent"))


def ask(page, a, b, phone=False):
    if phone:
        page.click("#dg-menu")
    page.fill("#dg-path-from", a)
    page.fill("#dg-path-to", b)
    page.click("#dg-path-go")


@pytest.mark.parametrize("renderer", ["vis", "sigma"])
def test_the_path_box_answers_as_the_path_command(browser, pages, renderer, artifacts):
    found = cli_paths("Yui Aragaki", "Mikako Tabe", "--no-user-data")
    assert expected_answer(found) == ([
        ["Yui Aragaki (person)", "— Yui Aragaki as Mika Tahara — Koizora (title)",
         "— Haruma Miura as Hiroki Sakurai — Haruma Miura (person)",
         "— Haruma Miura as Takuto Sawada — Boku no Ita Jikan (title)",
         "— Mikako Tabe as Megumi Hongo — Mikako Tabe (person)"],
        ["Yui Aragaki (person)", "— Yui Aragaki as Mika Tahara — Koizora (title)", "— about — romance (theme)",
         "— about — Boku no Ita Jikan (title)", "— Mikako Tabe as Megumi Hongo — Mikako Tabe (person)"]], "")
    for size in ("desktop", "phone"):
        page, seen, context = opened(browser, pages, renderer, size)
        ask(page, "yui aragaki", "多部未華子", phone=size == "phone")  # the search's folding and Japanese names
        assert page_answer(page) == expected_answer(found)
        assert page.inner_text("#dg-path-answer .dg-path-summary") == (
            "2 shortest paths of 4 hops from Yui Aragaki (person) to Mikako Tabe (person)")
        # the paths are drawn: their nodes bright and selected (vis) or highlighted (sigma), the rest faded
        nodes = sorted({n["iri"] for p in found["paths"] for n in p["nodes"]})
        assert sorted(page.evaluate("window.dramagraph.shownPath().nodes")) == nodes
        viz_settle(page)
        if renderer == "vis":
            assert sorted(page.evaluate("window.dramagraph.network.getSelectedNodes()")) == nodes
            assert len(page.evaluate("window.dramagraph.network.getSelectedEdges()")) == 6  # 8 hops, 2 shared
        else:
            assert sorted(page.evaluate("""() => { const d = window.dramagraph;
                return d.graph.nodes().filter(n => d.sigma.getNodeDisplayData(n).highlighted); }""")) == nodes
        page.screenshot(path=str(artifacts / f"view-{renderer}-{size}-path.png"))
        if size == "phone":  # the sidebar folded away: the paths in view
            page.click("#dg-sidebar-close")
            viz_settle(page)
            page.screenshot(path=str(artifacts / f"view-{renderer}-{size}-path-drawn.png"))
        c = canvas(page)
        assert all(within(box(page, n), c) for n in nodes)
        # a name clicked in the answer is focused
        if size == "desktop":
            page.click(f"#dg-path-answer button[data-node='{T}koizora']")
            assert selected(page) == T + "koizora"
        # did you mean: a misspelt name is offered, and taking it answers
        page.keyboard.press("Escape")
        assert page.inner_text("#dg-path-answer") == ""
        ask(page, "Yui Aragaki", "Mikako Tabbe", phone=size == "phone")
        assert page.inner_text("#dg-path-to-note") == "no match; did you mean Mikako Tabe?"
        page.click("#dg-path-to-note button")
        assert page_answer(page) == expected_answer(found)
        # one hop, and none
        ask(page, "恋空", "Miura Haruma")
        assert page_answer(page) == ([["Koizora (title)", "— Haruma Miura as Hiroki Sakurai — Haruma Miura (person)"]], "")
        assert seen == CLEAN
        context.close()


@pytest.fixture(scope="module")
def large_page(tmp_path_factory):
    """The full view of 2,000 synthetic titles (over 10,000 nodes: drawn by sigma, the default above 5,000)."""
    from graph.api import open_graph
    from graph.sources.synth import generate
    from graph.store.diskstore import load_store
    from graph.web.page import viz

    tmp = tmp_path_factory.mktemp("view-large")
    generate(tmp / "synth.nt", 2000, seed=0)
    load_store([tmp / "synth.nt"], tmp / "store")
    page = viz(open_graph(False, store=tmp / "store"), out=tmp / "large.html", max_edges=None)
    return tmp / "large.html", tmp / "store", page.nodes


def test_the_path_box_at_size_answers_as_the_path_command(browser, large_page):
    path, store, nodes = large_page
    assert nodes > 10000
    page, seen, context = viz_open(browser, path)
    assert page.evaluate("window.dramagraph.renderer") == "sigma"
    data = json.loads(PAYLOAD.search(path.read_text(encoding="utf-8")).group(1))
    people = sorted((n for n in data["nodes"] if n["kind"] == "person"), key=lambda n: n["id"])
    pairs = [(people[0]["label"], people[-1]["label"]), (people[1]["label"], people[len(people) // 2]["label"]),
             (people[2]["label"], people[len(people) // 3]["label"])]
    checked = 0
    for a, b in pairs:
        found = cli_paths(a, b, "--store", str(store))
        t = time.perf_counter()
        ask(page, a, b)
        page.wait_for_selector("#dg-path-answer .dg-path-summary")
        took = time.perf_counter() - t
        assert page_answer(page) == expected_answer(found), (a, b)
        n = len(found["paths"])
        assert page.inner_text("#dg-path-answer .dg-path-summary") == (
            f"{n} shortest path{'s' * (n != 1)} of {found['length']} hops from {a} (person) to {b} (person)")
        assert took < 5, took
        checked += found["length"] >= 3
    assert checked >= 2  # long paths, not neighbours
    assert seen == CLEAN
    context.close()
