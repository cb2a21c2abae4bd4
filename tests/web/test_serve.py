"""`dramagraph serve`: a real server process on 127.0.0.1, queried with SPARQLWrapper, urllib and Chromium."""

from __future__ import annotations

import json
import threading
import time
import urllib.parse

import pytest

from tests.conftest import fetch, poll, serve_process
from tests.web.conftest import children, cpu_ticks

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
SHARED = ("SELECT ?personName ?titleName WHERE { ?t schema:actor ?r . ?r schema:actor ?p . ?p schema:name ?personName . "
          "?t schema:name ?titleName . ?t2 schema:actor ?r2 . ?r2 schema:actor ?p . FILTER(?t != ?t2) } ORDER BY ?titleName")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with serve_process(tmp_path_factory.mktemp("serve"), "--timeout", "2", "--max-rows", "5",
                       "--max-request-bytes", "2000") as base:
        yield base


def test_sparqlwrapper_gets_exact_rows(server):
    from SPARQLWrapper import JSON, SPARQLWrapper

    client = SPARQLWrapper(f"{server}/sparql")
    client.setQuery("PREFIX schema: <https://schema.org/>\n" + SHARED)
    client.setReturnFormat(JSON)
    rows = [(b["personName"]["value"], b["titleName"]["value"]) for b in client.query().convert()["results"]["bindings"]]
    assert rows == [("Haruma Miura", "Boku no Ita Jikan"), ("Haruma Miura", "Koizora")]
    client.setMethod("POST")
    assert len(client.query().convert()["results"]["bindings"]) == 2


def test_protocol_get_post_and_content_negotiation(server):
    query = "SELECT ?name WHERE { ?t schema:alternateName 'Sky of Love' ; schema:name ?name }"
    status, headers, body = fetch(f"{server}/sparql?" + urllib.parse.urlencode({"query": query}),
                                  headers={"Accept": "text/csv"})
    assert (status, headers["content-type"], body) == (200, "text/csv; charset=utf-8", "name\r\nKoizora\r\n")
    status, headers, body = fetch(f"{server}/sparql", data=query.encode(),
                                  headers={"Content-Type": "application/sparql-query",
                                           "Accept": "text/tab-separated-values"})
    assert (status, body) == (200, '?name\n"Koizora"\n')
    status, headers, body = fetch(f"{server}/sparql", data=urllib.parse.urlencode({"query": query}).encode(),
                                  headers={"Content-Type": "application/x-www-form-urlencoded",
                                           "Accept": "application/sparql-results+xml"})
    assert status == 200 and headers["content-type"] == "application/sparql-results+xml"
    assert "<literal>Koizora</literal>" in body
    status, headers, body = fetch(f"{server}/sparql?" + urllib.parse.urlencode(
        {"query": "CONSTRUCT { ?t schema:name ?n } WHERE { ?t schema:alternateName 'Sky of Love' ; schema:name ?n }"}),
        headers={"Accept": "application/n-triples"})
    assert (status, body) == (200, '<https://w3id.org/dramagraph/title/koizora> <https://schema.org/name> "Koizora" .\n')
    status, headers, body = fetch(f"{server}/sparql?" + urllib.parse.urlencode({"query": "ASK {}"}))
    assert (status, headers["content-type"], json.loads(body)) == (200, "application/sparql-results+json",
                                                                    {"head": {}, "boolean": True})


def test_named_queries_over_http(server):
    status, _, body = fetch(f"{server}/queries")
    assert status == 200 and {"shared-actors", "cast", "filmography"} <= {q["name"] for q in json.loads(body)}
    status, _, body = fetch(f"{server}/queries/cast?title=Sky%20of%20Love", headers={"Accept": "application/json"})
    rows = [(b["personName"]["value"], b["characterName"]["value"]) for b in json.loads(body)["results"]["bindings"]]
    assert (status, rows) == (200, [("Haruma Miura", "Hiroki Sakurai"), ("Yui Aragaki", "Mika Tahara")])
    assert fetch(f"{server}/queries/shared-actor")[0] == 404
    status, _, body = fetch(f"{server}/queries/filmography")
    assert status == 400 and "needs the parameter 'person'" in body


def count(server):
    body = fetch(f"{server}/sparql?" + urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"}))[2]
    return json.loads(body)["results"]["bindings"][0]["n"]["value"]


def test_update_is_refused_and_nothing_changes(server):
    before = count(server)
    for data, content_type in [(b"update=DROP%20ALL", "application/x-www-form-urlencoded"),
                               (b"DROP ALL", "application/sparql-update"),
                               (b"query=DELETE%20WHERE%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D", "application/x-www-form-urlencoded")]:
        status, _, body = fetch(f"{server}/sparql", data=data, headers={"Content-Type": content_type})
        assert status == 403, body
    assert count(server) == before == "1887"


def test_service_and_from_do_nothing(server):
    status, _, body = fetch(f"{server}/sparql?" + urllib.parse.urlencode(
        {"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }"}))
    assert status == 400 and "SERVICE is not allowed" in body


def test_a_runaway_query_is_stopped_while_others_answer(server):
    outcome = {}

    def runaway():
        outcome["runaway"] = fetch(f"{server}/sparql?" + urllib.parse.urlencode({"query": RUNAWAY}))

    thread = threading.Thread(target=runaway)
    workers = children(server.process.pid)
    before = {pid: cpu_ticks(pid) for pid in workers}
    started = time.monotonic()
    thread.start()
    poll(lambda: any(cpu_ticks(pid) - before[pid] >= 10 for pid in workers), 10,
         "the runaway query running in a worker")
    t = time.monotonic()
    status, _, body = fetch(f"{server}/queries/shared-actors", headers={"Accept": "text/csv"})
    quick = time.monotonic() - t
    thread.join(timeout=30)
    assert status == 200 and "Haruma Miura" in body
    assert quick < 1.5, f"a quick query waited {quick:.1f} s behind the runaway one"
    assert outcome["runaway"][0] == 503 and "ran out of time after 2 s" in outcome["runaway"][2]
    assert time.monotonic() - started < 10


def test_oversized_request_gets_413(server):
    big = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 5000
    status, _, _ = fetch(f"{server}/sparql", data=big.encode(), headers={"Content-Type": "application/sparql-query"})
    assert status == 413
    status, _, _ = fetch(f"{server}/sparql?" + urllib.parse.urlencode({"query": big}))
    assert status == 413


def test_results_are_capped(server):
    status, headers, body = fetch(f"{server}/queries/people", headers={"Accept": "text/csv"})
    assert status == 200 and headers["x-dramagraph-truncated"] == "5"
    assert body.splitlines()[1:] == [
        "https://w3id.org/dramagraph/person/haruma-miura,Haruma Miura,2",
        "https://w3id.org/dramagraph/person/erika-sawajiri,Erika Sawajiri,1",
        "https://w3id.org/dramagraph/person/haruka-ayase,Haruka Ayase,1",
        "https://w3id.org/dramagraph/person/juri-ueno,Juri Ueno,1",
        "https://w3id.org/dramagraph/person/kento-yamazaki,Kento Yamazaki,1"]


def test_explorer_page_in_chromium(server, browser):
    page = browser.new_page()
    outside, errors = [], []

    def route(r):
        if r.request.url.startswith(server + "/"):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(server + "/")
    # the page's Content-Security-Policy forbids eval, which wait_for_function needs: poll instead
    poll(lambda: page.evaluate("window.dramagraphExplorer && window.dramagraphExplorer.ready"), 30, "the explorer ready")
    page.select_option("#dg-examples", "shared-actors")
    page.click("#dg-run")
    poll(lambda: page.evaluate("dramagraphExplorer.done && dramagraphExplorer.runs"), 30, "the explorer's query done")
    # this server caps answers at 5 rows: the 2 rows come whole, without the truncation notice
    assert page.evaluate("[dramagraphExplorer.rows, dramagraphExplorer.truncated]") == [2, None]
    assert "Haruma Miura" in page.inner_text("#dg-results")
    page.select_option("#dg-examples", "people")
    page.click("#dg-run")
    poll(lambda: page.evaluate("dramagraphExplorer.done && dramagraphExplorer.runs") == 2, 30, "the second query done")
    assert page.evaluate("[dramagraphExplorer.rows, dramagraphExplorer.truncated]") == [5, 5]
    assert page.inner_text("#dg-truncated").startswith("The answer was cut: the server sends at most 5 rows")
    assert (outside, errors) == ([], [])
    page.close()
