"""Japanese names on the pages (issue 29), in Debian's headless Chromium with a CJK font (fonts-noto-cjk, installed
by the README's test command): the ``viz`` page's search and ``/explore``'s find Koizora by 恋空 and "koizora" and
Haruma Miura by 三浦春馬 and "Miura Haruma"; when nothing matches they say so and offer the close names; a page
written with ``--lang ja`` shows the names in Japanese script. Screenshots at desktop and phone width go to the
artifacts folder, to look at."""

from __future__ import annotations

import subprocess

import pytest

from tests.conftest import open_page, poll, run_cli_process, serve_process, watched_page
from tests.web.conftest import open_explore

D = "https://w3id.org/dramagraph/"
KOIZORA, MIURA = D + "title/koizora", D + "person/haruma-miura"
FOUND = [("恋空", KOIZORA), ("koizora", KOIZORA), ("三浦春馬", MIURA), ("Miura Haruma", MIURA),
         ("こいぞら", KOIZORA), ("ミウラ ハルマ", MIURA)]
CLEAN = ([], [], [])


def test_a_japanese_font_is_installed():
    """Without one, the screenshots below would show boxes where the script should be."""
    found = subprocess.run(["fc-list", ":lang=ja", "family"], capture_output=True, text=True).stdout
    assert "Noto Sans CJK JP" in found or "IPAGothic" in found, found


def _page(tmp, name, *args):
    out = tmp / name
    done = run_cli_process("viz", "--out", str(out), "--no-user-data", *args)
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("japanese-pages")
    return {"en": _page(tmp, "full.html"), "ja": _page(tmp, "full-ja.html", "--lang", "ja")}


def _first_results(page, selector="#dg-results li button"):
    return page.eval_on_selector_all(selector, "els => els.slice(0, 1).map(e => [e.dataset.node, e.textContent])")


def test_the_viz_page_finds_names_in_every_script(browser, pages):
    page, seen = open_page(browser, pages["en"])
    for text, iri in FOUND:
        page.fill("#dg-search", text)
        assert [node for node, _ in _first_results(page)] == [iri], text
    page.fill("#dg-search", "恋空")
    assert page.eval_on_selector_all("#dg-results li button", "els => els.map(e => e.textContent)") == \
        ["Koizora (title: film, 2007)", "Koizora (work: source of Koizora)"]  # the film and the novel are 恋空
    assert (seen["outside"], seen["errors"], seen["dialogs"]) == CLEAN
    page.close()


def test_the_viz_page_says_when_nothing_matches_and_suggests(browser, pages, artifacts):
    page, seen = open_page(browser, pages["en"], width=390, height=800)
    page.click("#dg-menu")  # the sidebar folds away on a phone
    page.fill("#dg-search", "三浦春真")
    assert page.inner_text("#dg-results-note") == "no match; did you mean Haruma Miura?"
    assert page.eval_on_selector_all("#dg-results li", "els => els.length") == 0
    page.screenshot(path=str(artifacts / "viz-no-match-390.png"))
    page.click("#dg-results-note button.dg-suggestion")
    assert page.input_value("#dg-search") == "Haruma Miura"
    assert [node for node, _ in _first_results(page)] == [MIURA]
    page.fill("#dg-search", "Koizara")
    assert page.inner_text("#dg-results-note") == "no match; did you mean Koizora?"
    assert (seen["outside"], seen["errors"], seen["dialogs"]) == CLEAN
    page.close()


def test_a_page_in_japanese_shows_the_script(browser, pages, artifacts):
    for width, height, name in ((1200, 800, "viz-ja-desktop.png"), (390, 800, "viz-ja-390.png")):
        page, seen = open_page(browser, pages["ja"], width=width, height=height)
        if width < 700:
            page.click("#dg-menu")
        page.fill("#dg-search", "koizora")
        assert _first_results(page) == [[KOIZORA, "恋空 (title: film, 2007)"]]
        page.fill("#dg-search", "Haruma Miura")  # the English name is still found
        assert _first_results(page) == [[MIURA, "三浦春馬 (person)"]]
        page.keyboard.press("Enter")
        page.screenshot(path=str(artifacts / name))
        assert (seen["outside"], seen["errors"], seen["dialogs"]) == CLEAN
        page.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with serve_process(tmp_path_factory.mktemp("japanese-explore")) as base:
        yield base


def _explore_first(page, text):
    page.fill("#ex-search", text)
    page.press("#ex-search", "Enter")
    poll(lambda: page.evaluate("window.dramagraphExplore.pending === 0") and
         page.evaluate("window.dramagraphExplore.results().length") > 0, 30, f"results for {text}")
    return page.evaluate("window.dramagraphExplore.results()[0]")


def test_explore_finds_names_in_every_script(browser, server, artifacts):
    page, seen = open_explore(browser, server)
    for text, iri in FOUND:
        assert _explore_first(page, text) == iri, text
    page.screenshot(path=str(artifacts / "explore-miura-desktop.png"))
    page.fill("#ex-search", "三浦春真")
    poll(lambda: page.inner_text("#ex-results-note").startswith("no match"), 30, "no match said")
    assert page.inner_text("#ex-results-note") == "no match; did you mean Haruma Miura?"
    page.click("#ex-results-note button.ex-suggestion")
    poll(lambda: page.evaluate("window.dramagraphExplore.results()") == [MIURA], 30, "the suggestion")
    assert (seen["outside"], seen["errors"], seen["dialogs"]) == CLEAN
    page.close()


def test_the_explorer_completes_a_parameter_by_its_japanese_name(browser, server):
    page, seen = watched_page(browser, server, 1200, 800)
    page.goto(server + "/?example=filmography")
    poll(lambda: page.evaluate("!!document.getElementById('dg-param-person')"), 30, "the person field")
    page.fill("#dg-param-person", "三浦")
    poll(lambda: page.eval_on_selector_all("#dg-param-person-names option", "els => els.map(e => e.value)")
         == ["Haruma Miura"], 30, "the completion")
    assert (seen["outside"], seen["errors"], seen["dialogs"]) == CLEAN
    page.close()


def test_a_node_page_by_its_japanese_name(server):
    import urllib.parse

    from tests.conftest import fetch

    status, _, body = fetch(server + "/node?name=" + urllib.parse.quote("恋空"))
    assert status == 200 and '<h1 id="node-label">Koizora</h1>' in body and "恋空" in body
    status, _, body = fetch(server + "/node?name=" + urllib.parse.quote("三浦春"))
    assert (status, body) == (404, "'三浦春' is not in the graph as any node; did you mean: Haruma Miura?\n")


@pytest.mark.parametrize("width", [390, 1200])
def test_the_path_box_connects_japanese_names(browser, server, artifacts, width):
    """恋空 to 三浦春馬 in /explore's path box, typed as a person writes them (issue 30)."""
    page, seen = open_explore(browser, server, width=width, height=800)
    page.fill("#ex-path-from", "恋空")
    poll(lambda: page.inner_text("#ex-path-from-list").splitlines()[:1] == ["Koizora title"], 30, "恋空 completed")
    page.fill("#ex-path-to", "三浦春馬")
    poll(lambda: page.inner_text("#ex-path-to-list").splitlines() == ["Haruma Miura person"], 30, "三浦春馬 completed")
    page.click("#ex-path-go")  # the names as typed, not a completion chosen
    poll(lambda: page.evaluate("window.dramagraphExplore.connection && window.dramagraphExplore.pending === 0"), 30, "the path")
    assert page.inner_text("#ex-path-answer").splitlines() == [
        "Koizora and Haruma Miura are 1 hop apart, through people and titles:", "",
        "Koizora title", "Haruma Miura as Hiroki Sakurai", "Haruma Miura person"]
    assert page.evaluate("window.dramagraphExplore.marked") == [KOIZORA, MIURA]
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.locator("#ex-path-answer").scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / f"explore-path-ja-{width}.png"))
    assert (seen["outside"], seen["errors"], seen["dialogs"]) == CLEAN
    page.close()
