"""The explorer page (/) of `dramagraph serve`, in Chromium on a real server: Yasgui's editor with the
project's prefixes, the examples gallery, the results table (IRIs, paging, sorting, downloads,
truncation), the graph view of CONSTRUCT/DESCRIBE, errors, the shareable URL, history, a phone's
width and the keyboard. Every request outside the server is blocked and recorded, and must not happen."""

from __future__ import annotations

import csv
import io
import json
import time
import urllib.parse

import pytest

from graph.query.catalog import catalog
from tests.conftest import fetch, poll, serve_process, watched_page

KOIZORA = "https://w3id.org/dramagraph/title/koizora"
ACTORS = ("SELECT ?personName ?titleName WHERE { ?title schema:actor ?role . ?role schema:actor ?person . "
          "?person schema:name ?personName . ?title schema:name ?titleName } ORDER BY ?personName ?titleName")
CROSS = "SELECT * WHERE { ?s ?p ?o . ?s2 ?p2 ?o2 }"  # 1887 x 1887 solutions: cut at 10,000
# the nodes named Koizora (not the web pages of that name a source is quoted from: data/confirmations.trig)
KOIZORAS = ("CONSTRUCT { ?t schema:name ?n ; a ?k } WHERE { ?t schema:name 'Koizora' ; schema:name ?n ; a ?k "
            "FILTER NOT EXISTS { ?t a schema:WebPage } }")
BAD_REQUEST = "Failed to load resource: the server responded with a status of 400 (Bad Request)"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with serve_process(tmp_path_factory.mktemp("explorer")) as base:  # the default cap: 10,000 rows
        yield base


@pytest.fixture
def open_explorer(server, browser):
    """open_explorer(path="/", width=1200) -> (page, seen); after the test, no outside request may have
    been made and no console error logged (but the 400s a test asks for)."""
    opened = []

    def open_(path="/", width=1200, height=900, expected_errors=()):
        context = browser.new_context(viewport={"width": width, "height": height})
        page, seen = watched_page(context, server, width, height)
        seen["expected"] = list(expected_errors)
        page.goto(server + path)
        # the page's Content-Security-Policy forbids eval, which wait_for_function needs: poll instead
        poll(lambda: page.evaluate("window.dramagraphExplorer && window.dramagraphExplorer.ready"), 30, "the page ready")
        opened.append((context, seen))
        return page, seen

    yield open_
    for context, seen in opened:
        context.close()
        assert seen["outside"] == []
        assert [e for e in seen["errors"] if e not in seen["expected"]] == []


def done(page, runs, seconds=30):
    poll(lambda: page.evaluate("dramagraphExplorer.done && dramagraphExplorer.runs") >= runs, seconds, "the query done")
    return page.evaluate("({rows: dramagraphExplorer.rows, kind: dramagraphExplorer.kind, error: dramagraphExplorer.error,"
                         " truncated: dramagraphExplorer.truncated})")


def set_query(page, text):
    page.evaluate("t => dramagraphExplorer.yasqe.setValue(t)", text)


def table(page, columns):
    """The rows of the table's current page, as text, without the row number."""
    return [tuple(r[1:columns + 1]) for r in page.evaluate(
        "() => [...document.querySelectorAll('.yasr table.dataTable tbody tr')].map("
        "tr => [...tr.querySelectorAll('td')].map(td => td.innerText.trim()))")]


def answer(server, query, accept="application/sparql-results+json"):
    status, headers, body = fetch(f"{server}/sparql?" + urllib.parse.urlencode({"query": query}), headers={"Accept": accept})
    assert status == 200, body
    return headers, body


# ------------------------------------------------------------------ 1. the editor
def test_the_editor_declares_and_completes_the_prefixes_and_runs_on_ctrl_enter(open_explorer):
    page, seen = open_explorer()
    assert page.evaluate("document.querySelector('meta[name=viewport]').content") == "width=device-width, initial-scale=1"
    # the editor's input is labelled
    assert page.evaluate("document.getElementById(document.getElementById('dg-query-input')"
                         ".getAttribute('aria-labelledby')).textContent") == "SPARQL query"
    page.focus("#dg-query-input")
    page.keyboard.press("Control+a")
    page.keyboard.press("Delete")
    page.keyboard.type("SELECT ?n WHERE { title:koizora schema:name ?n }")
    assert page.evaluate("document.querySelectorAll('.parseErrorIcon').length") == 0  # title:, schema: are declared
    assert page.evaluate("document.querySelectorAll('.cm-string-2').length") == 2  # highlighted as prefixed names
    page.keyboard.press("Control+Enter")
    assert done(page, 1) == {"rows": 1, "kind": "select", "error": None, "truncated": None}
    assert table(page, 1) == [("Koizora",)]
    # no visible link leads to another site (Yasgui's links to its documentation are hidden)
    assert page.evaluate("[...document.querySelectorAll('a[href]')].filter(a => a.offsetParent && "
                         "a.href.indexOf(location.origin + '/') !== 0).map(a => a.href)") == []
    # a prefix is completed from the project's own list (not prefix.cc)
    page.keyboard.press("Control+Home")
    page.keyboard.press("Enter")
    page.keyboard.press("ArrowUp")
    page.keyboard.type("PREFIX sch")
    poll(lambda: page.query_selector(".CodeMirror-hints"), 5, "the prefix completions shown")
    assert page.inner_text(".CodeMirror-hints").split("\n") == ["schema: <https://schema.org/>",
                                                               "scheme: <https://w3id.org/dramagraph/scheme/>"]
    page.keyboard.press("Enter")
    assert page.evaluate("dramagraphExplorer.yasqe.getValue()") == (
        "PREFIX schema: <https://schema.org/>\nSELECT ?n WHERE { title:koizora schema:name ?n }")
    # typing an undeclared prefixed name asks nobody (prefix.cc, LOV): the fixture checks outside requests
    page.keyboard.press("Control+End")
    page.keyboard.type(" # ?x foaf:name rdfs:")
    page.keyboard.press("Control+Space")
    assert seen["asked"].count("/sparql") == 1


# ------------------------------------------------------------------ 2. the examples
def test_the_gallery_lists_the_queries_for_people_and_queries_lists_all(open_explorer, server):
    page, _ = open_explorer()
    shown = page.evaluate("[...document.querySelectorAll('#dg-examples option')].map(o => o.value).filter(Boolean)")
    for_people = [name for name, q in catalog().items() if q.audience == "people"]
    assert shown == for_people
    assert {"network-edges", "kinds", "labels", "node-names", "cast-incidence", "same-as"}.isdisjoint(shown)
    assert {"adaptations", "cast", "provenance", "title-facts", "stats"} <= set(shown)
    listing = json.loads(fetch(f"{server}/queries")[2])
    assert {q["name"]: q["audience"] for q in listing} == {name: q.audience for name, q in catalog().items()}


def last_query_asked(seen) -> str:
    """The last path the page asked, leaving out the name completion's /explore/search (asked as a field is
    typed: see test_japanese_pages)."""
    return [a for a in seen["asked"] if not a.startswith("/explore/search")][-1]


def test_an_optional_parameter_left_empty_is_left_out(open_explorer, server):
    page, seen = open_explorer()
    page.select_option("#dg-examples", "adaptations")
    assert page.input_value("#dg-param-title") == ""
    assert page.get_attribute("#dg-param-title", "placeholder") == "Koizora"
    assert page.inner_text("#dg-bound-text") == "/queries/adaptations"
    assert page.evaluate("dramagraphExplorer.yasqe.getValue()") == catalog()["adaptations"].text
    page.click("#dg-run")
    assert done(page, 1)["rows"] == 12
    assert seen["asked"][-1] == "/queries/adaptations"
    titles = {row[1] for row in table(page, 7)}
    assert titles == {"Crying Out Love, in the Center of the World", "Good Doctor", "I Give My First Love To You", "Koizora",
                      "One Liter of Tears", "Perfect World", "The 8 Year Engagement", "僕の初恋をキミに捧ぐ"}
    page.fill("#dg-param-title", "Koizora")
    assert page.inner_text("#dg-bound-text") == "/queries/adaptations?title=Koizora"
    page.press("#dg-param-title", "Enter")  # the form runs the bound query
    assert done(page, 2)["rows"] == 2
    assert last_query_asked(seen) == "/queries/adaptations?title=Koizora"
    assert [(r[1], r[2], r[4]) for r in table(page, 7)] == [("Koizora", "based on", "Koizora"),
                                                            ("Koizora", "other version", "Koizora")]
    assert page.url == server + "/?example=adaptations&title=Koizora"
    # edited, the query runs as written, without the form's values
    set_query(page, ACTORS)
    assert "dg-stale" in page.get_attribute("#dg-params", "class")
    page.click("#dg-run")
    assert done(page, 3)["rows"] == 23
    assert last_query_asked(seen) == "/sparql"


# ------------------------------------------------------------------ 3. results
def test_iris_are_shortened_and_open_their_node_page(open_explorer, server):
    page, seen = open_explorer()
    set_query(page, "SELECT ?t ?n WHERE { ?t schema:alternateName 'Sky of Love' ; schema:name ?n }")
    page.click("#dg-run")
    assert done(page, 1)["rows"] == 1
    link = page.query_selector(".yasr table.dataTable tbody a.iri")
    assert link.inner_text() == "title:koizora"
    assert link.get_attribute("href") == "node?iri=" + urllib.parse.quote(KOIZORA, safe="")
    assert link.get_attribute("title") == KOIZORA
    link.click()
    poll(lambda: page.url.startswith(server + "/node"), 10, "the node page opened")
    assert page.url == f"{server}/node?iri=" + urllib.parse.quote(KOIZORA, safe="")


def test_ten_thousand_rows_draw_quickly_page_sort_and_say_they_were_cut(open_explorer, server):
    page, _ = open_explorer()
    set_query(page, CROSS)
    started = time.monotonic()
    page.click("#dg-run")
    assert done(page, 1, seconds=20) == {"rows": 10000, "kind": "select", "error": None, "truncated": 10000}
    took = time.monotonic() - started
    assert took < 8, f"10,000 rows took {took:.1f} s to arrive and draw (the old page: 89 s)"
    assert page.is_visible("#dg-truncated")
    assert page.inner_text("#dg-truncated").startswith("The answer was cut: the server sends at most 10,000 rows")
    assert page.inner_text("#dg-summary").startswith("10,000 rows in ")
    assert page.inner_text(".dt-info") == "Showing 1 to 50 of 10,000 entries"
    assert len(table(page, 6)) == 50  # one page drawn, not 10,000 rows
    csv_link = page.get_attribute("#dg-dl-1", "href")
    assert (page.inner_text("#dg-dl-1"), csv_link) == ("CSV", "sparql?query=" + urllib.parse.quote(CROSS, safe="!~*'()") + "&format=csv")
    status, headers, body = fetch(f"{server}/{csv_link}")
    rows = list(csv.reader(io.StringIO(body)))
    assert (status, headers["x-dramagraph-truncated"], rows[0], len(rows)) == (
        200, "10000", ["s", "p", "o", "s2", "p2", "o2"], 10001)
    assert [page.inner_text(f"#dg-dl-{i}") for i in (1, 2, 3)] == ["CSV", "TSV", "JSON"]
    assert page.get_attribute("#dg-dl-3", "href").endswith("&format=json")
    # sorting a small answer: by name, then the other way
    set_query(page, ACTORS)
    page.click("#dg-run")
    assert done(page, 2)["rows"] == 23  # 20 roles; raw SPARQL gives a row per schema:name: Tori's 2, the 2019 drama's 2
    assert not page.is_visible("#dg-truncated")
    assert table(page, 2)[0] == ("Erika Sawajiri", "One Liter of Tears")
    header = ".yasr table.dataTable thead th:has-text('personName')"
    for order in ("ascending", "descending"):
        page.click(header)
        poll(lambda: page.get_attribute(header, "aria-sort") == order, 5, f"sorted {order}")
    assert table(page, 2)[0] == ("Yui Aragaki", "Koizora")
    assert table(page, 2)[-1] == ("Erika Sawajiri", "One Liter of Tears")


# ------------------------------------------------------------------ 4. the graph view and errors
def test_construct_draws_real_triples_and_keeps_equal_literals_apart(open_explorer, server):
    page, _ = open_explorer()
    set_query(page, KOIZORAS)
    page.click("#dg-run")
    assert done(page, 1) == {"rows": 6, "kind": "graph", "error": None, "truncated": None}
    assert page.is_visible("#dg-graph-canvas")
    nodes = page.evaluate("dramagraphExplorer.graph.nodes.get().map(n => [n.id, n.label])")
    iris = sorted(n for n in nodes if not n[0].startswith("literal:"))
    assert iris == [["https://schema.org/Book", "schema:Book"], ["https://schema.org/Movie", "schema:Movie"],
                    ["https://schema.org/TVSeries", "schema:TVSeries"], [KOIZORA, "Koizora"],
                    ["https://w3id.org/dramagraph/work/koizora-2008-drama", "Koizora"],
                    ["https://w3id.org/dramagraph/work/koizora-novel", "Koizora"]]
    assert sorted(n[1] for n in nodes if n[0].startswith("literal:")) == ["Koizora"] * 3  # one per triple
    edges = page.evaluate("dramagraphExplorer.graph.edges.get().map(e => [e.from, e.label, e.to])")
    literal_of = {e[0]: e[2] for e in edges if e[1] == "schema:name"}
    assert len(set(literal_of.values())) == 3
    assert sorted((f, label, t if not t.startswith("literal:") else "literal") for f, label, t in edges) == [
        (KOIZORA, "rdf:type", "https://schema.org/Movie"), (KOIZORA, "schema:name", "literal"),
        ("https://w3id.org/dramagraph/work/koizora-2008-drama", "rdf:type", "https://schema.org/TVSeries"),
        ("https://w3id.org/dramagraph/work/koizora-2008-drama", "schema:name", "literal"),
        ("https://w3id.org/dramagraph/work/koizora-novel", "rdf:type", "https://schema.org/Book"),
        ("https://w3id.org/dramagraph/work/koizora-novel", "schema:name", "literal")]
    # a node's neighbours, from /explore/node
    page.select_option("#dg-graph-node", KOIZORA)
    assert page.get_attribute("#dg-graph-open", "href") == "node?iri=" + urllib.parse.quote(KOIZORA, safe="")
    page.click("#dg-graph-expand")
    poll(lambda: page.evaluate("dramagraphExplorer.expanded"), 20, "the neighbours added")
    around = json.loads(fetch(f"{server}/explore/node?limit=25&iri=" + urllib.parse.quote(KOIZORA, safe=""))[2])
    ids = set(page.evaluate("dramagraphExplorer.graph.nodes.getIds()"))
    assert {m["id"] for m in around["neighbours"]} <= ids
    dashed = page.evaluate("dramagraphExplorer.graph.edges.get({filter: e => e.dashes}).map(e => [e.from, e.to, e.label])")
    assert sorted(map(tuple, dashed)) == sorted((l["from"], l["to"], l["label"]) for l in around["links"])
    # DESCRIBE too: the same triples as the endpoint's N-Triples
    set_query(page, "DESCRIBE title:koizora")
    page.click("#dg-run")
    _, body = answer(server, "DESCRIBE title:koizora", "application/n-triples")
    assert done(page, 2) == {"rows": len(body.splitlines()), "kind": "graph", "error": None, "truncated": None}
    assert page.inner_text("#dg-summary").startswith(f"{len(body.splitlines())} triples in ")
    assert [page.inner_text(f"#dg-dl-{i}") for i in (1, 2, 3)] == ["Turtle", "N-Triples", "JSON-LD"]


def test_an_error_clears_the_previous_results(open_explorer):
    page, _ = open_explorer(expected_errors=[BAD_REQUEST])
    set_query(page, ACTORS)
    page.click("#dg-run")
    assert done(page, 1)["rows"] == 23
    set_query(page, "SELECT ?x WHERE { ?x schema:name")
    page.click("#dg-run")
    state = done(page, 2)
    assert state["error"] == ("400 Bad Request: malformed query: query:1:17: the `{` here is never closed (a `}` is missing)")
    assert page.inner_text("#dg-error") == state["error"]
    assert page.evaluate("document.querySelectorAll('.yasr_results *').length") == 0
    assert (page.inner_text("#dg-summary"), page.is_visible("#dg-downloads")) == ("", False)
    assert "Unexpected token" not in page.inner_text("body")
    # and the next good answer clears the error
    set_query(page, KOIZORAS)
    page.click("#dg-run")
    assert done(page, 3)["kind"] == "graph"
    assert not page.is_visible("#dg-error")


# ------------------------------------------------------------------ 5. the URL, history
def test_the_url_holds_the_query_and_restores_it(open_explorer, server):
    text = "SELECT ?name WHERE { ?t schema:alternateName 'Sky of Love' ; schema:name ?name }"
    page, _ = open_explorer("/?" + urllib.parse.urlencode({"query": text}))
    assert done(page, 1)["rows"] == 1  # run on opening
    assert page.evaluate("dramagraphExplorer.yasqe.getValue()") == text
    assert table(page, 1) == [("Koizora",)]
    set_query(page, ACTORS)
    page.click("#dg-run")
    done(page, 2)
    assert page.url == server + "/?query=" + urllib.parse.quote(ACTORS, safe="")
    page.go_back()
    assert done(page, 3)["rows"] == 1
    assert page.evaluate("dramagraphExplorer.yasqe.getValue()") == text
    page2, _ = open_explorer("/?example=cast&title=Sky%20of%20Love")
    assert done(page2, 1)["rows"] == 2
    assert page2.input_value("#dg-param-title") == "Sky of Love"
    assert [(r[3], r[4]) for r in table(page2, 5)] == [("Haruma Miura", "Hiroki Sakurai"), ("Yui Aragaki", "Mika Tahara")]


def test_the_history_keeps_recent_queries(open_explorer):
    page, _ = open_explorer()
    set_query(page, ACTORS)
    page.click("#dg-run")
    done(page, 1)
    page.select_option("#dg-examples", "cast")
    page.fill("#dg-param-title", "Sky of Love")
    page.click("#dg-run")
    done(page, 2)
    options = page.evaluate("[...document.querySelectorAll('#dg-history option')].map(o => o.textContent)")
    assert options == ["(recent queries)", "cast (title=Sky+of+Love)",
                       "SELECT ?personName ?titleName WHERE { ?title schema:actor ?role . ?ro\u2026"]
    page.select_option("#dg-history", "1")
    assert page.evaluate("dramagraphExplorer.yasqe.getValue()") == ACTORS
    assert page.input_value("#dg-examples") == ""


# ------------------------------------------------------------------ 6. phone width and keyboard
def test_a_phone_width_and_the_keyboard_alone(open_explorer, artifacts):
    page, seen = open_explorer(width=390, height=844)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    for _ in range(30):  # Tab to the examples
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "dg-examples":
            break
    assert page.evaluate("document.activeElement.id") == "dg-examples"
    while page.input_value("#dg-examples") != "cast":
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "dg-param-title"
    page.keyboard.press("Control+a")
    page.keyboard.type("Sky of Love")
    page.keyboard.press("Enter")
    assert done(page, 1)["rows"] == 2
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(artifacts / "explorer-phone.png"), full_page=True)
    # into the editor and out of it: Esc, then Tab reaches Run
    page.focus("#dg-query-input")
    page.keyboard.press("Escape")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "dg-run"
    page.keyboard.press("Enter")
    assert done(page, 2)["rows"] == 2
    assert seen["asked"].count("/queries/cast?title=Sky+of+Love") == 2


def test_the_column_headers_show_their_full_names_on_a_phone(open_explorer, artifacts):
    """At 390 px the table keeps every header whole ("personName", not "pers\u2026") and scrolls sideways in
    its box; the page itself does not."""
    page, _ = open_explorer(width=390, height=844)
    set_query(page, "SELECT ?person ?personName ?title ?titleName ?characterName WHERE {\n"
                    "  ?title schema:actor ?role . ?role schema:actor ?person ; schema:characterName ?characterName .\n"
                    "  ?person schema:name ?personName . ?title schema:name ?titleName .\n"
                    "} ORDER BY ?personName ?titleName")
    page.click("#dg-run")
    assert done(page, 1)["rows"] == 19
    headers = page.evaluate("""() => [...document.querySelectorAll('.yasr table.dataTable thead th')].slice(1).map(th => {
        const title = th.querySelector('.dt-column-title'), box = th.querySelector('.dt-column-header');
        const t = title.getBoundingClientRect(), b = box.getBoundingClientRect(), c = th.getBoundingClientRect();
        return [title.textContent, box.scrollWidth <= box.clientWidth, th.scrollWidth <= th.clientWidth,
                t.left >= c.left - 0.5 && t.right <= b.right + 0.5 && b.right <= c.right + 0.5]; })""")
    assert headers == [[name, True, True, True]
                       for name in ("person", "personName", "title", "titleName", "characterName")]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    scroller = page.evaluate("""() => { const r = document.querySelector('.yasr .yasr_results');
        return [r.scrollWidth > r.clientWidth, getComputedStyle(r).overflowX]; }""")
    assert scroller == [True, "auto"]  # the table scrolls inside its box
    page.evaluate("document.getElementById('dg-results').scrollIntoView()")
    page.screenshot(path=str(artifacts / "explorer-table-390.png"))


# ------------------------------------------------------------------ 7. screenshots for the docs
def test_screenshots(open_explorer, artifacts):
    page, _ = open_explorer(height=760)
    page.select_option("#dg-examples", "cast")
    page.screenshot(path=str(artifacts / "explorer-editor.png"))
    set_query(page, "SELECT ?person ?personName ?title ?titleName ?characterName WHERE {\n"
                    "  ?title schema:actor ?role . ?role schema:actor ?person ; schema:characterName ?characterName .\n"
                    "  ?person schema:name ?personName . ?title schema:name ?titleName .\n"
                    "} ORDER BY ?personName ?titleName")
    page.click("#dg-run")
    assert done(page, 1)["rows"] == 19  # the 18 roles with a character; Tori's 2 schema:names each a row
    page.evaluate("document.getElementById('dg-results').scrollIntoView()")
    page.screenshot(path=str(artifacts / "explorer-table.png"))
    headers = page.evaluate("""() => [...document.querySelectorAll('.yasr table.dataTable thead th')].slice(1).map(th =>
        [th.querySelector('.dt-column-title').textContent, th.querySelector('.dt-column-header').scrollWidth
         <= th.querySelector('.dt-column-header').clientWidth])""")
    assert headers == [[name, True] for name in ("person", "personName", "title", "titleName", "characterName")]
    set_query(page, "CONSTRUCT { ?t schema:name ?n ; schema:isBasedOn ?w . ?w schema:name ?wn } WHERE {\n"
                    "  ?t schema:name ?n ; schema:isBasedOn ?w . ?w schema:name ?wn }")
    page.click("#dg-run")
    assert done(page, 2)["kind"] == "graph"
    page.evaluate("document.getElementById('dg-results').scrollIntoView()")
    time.sleep(1.5)  # the drawing settles (a picture for people; nothing is asserted on it)
    page.screenshot(path=str(artifacts / "explorer-graph.png"))
