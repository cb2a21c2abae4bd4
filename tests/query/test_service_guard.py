"""SERVICE never leaves the machine, and Update is told from queries by parsing, not by keywords.

A listener on 127.0.0.1 stands for an internal service: every query below names it through SERVICE in
some disguise (escapes, comments, case, nesting, prefixes, a parser differential...) and is sent
through the CLI (`dramagraph sparql`, in process and as a process) and through `dramagraph serve`
(GET and POST). The listener must receive nothing. A control query sent straight to pyoxigraph shows
that the listener does see a SERVICE call when one is made.
"""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.parse

import pytest

from tests.conftest import fetch, run_cli_process, serve_process

SERVICE, UPDATE, SYNTAX, RUNS = "service", "update", "syntax", "runs"  # what becomes of each form
FORMS = [
    # the reported one: an escaped `\#` in a local name hid the rest of the line from the old guard
    (r"SELECT ?x WHERE { VALUES ?v { schema:x\#y } SERVICE <{url}> { ?s ?p ?x } }", SERVICE),
    ("SELECT * WHERE { SERVICE <{url}> { ?s ?p ?o } }", SERVICE),
    ("select * where { service <{url}> { ?s ?p ?o } }", SERVICE),
    ("SELECT * WHERE { sErViCe SILENT <{url}> { ?s ?p ?o } }", SERVICE),
    ("SELECT * WHERE {SERVICE<{url}>{?s ?p ?o}}", SERVICE),
    ("SELECT * WHERE { SERVICE\t\n<{url}>\n{ ?s ?p ?o } }", SERVICE),
    ("SELECT * WHERE { # a comment\nSERVICE <{url}> { ?s ?p ?o } }", SERVICE),
    ("SELECT * WHERE { ?s ?p ?o } # comment\rSERVICE <{url}> { }", SERVICE),
    ("ASK { ?s ?p ?o } #\r SERVICE <{url}> { ?a ?b ?c }", SERVICE),
    (r'SELECT * WHERE { ?s ?p "a\"b # not a comment" . SERVICE <{url}> { ?s ?p ?o } }', SERVICE),
    ("SELECT * WHERE { ?s ?p '''a ' '' # ''' . SERVICE <{url}> { ?s ?p ?o } }", SERVICE),
    ("SELECT * WHERE { ?s <http://example.org/#> ?o . SERVICE <{url}> { ?s ?p ?o } }", SERVICE),
    (r"SELECT * WHERE { SERVICE <{url}\u0078> { ?s ?p ?o } }", SERVICE),
    (r"SELECT * WHERE { \u0053ERVICE <{url}> { ?s ?p ?o } }", SYNTAX),
    (r"SELECT * WHERE { \U00000053ERVICE <{url}> { ?s ?p ?o } }", SYNTAX),
    # a parser differential: rdflib expands \u0022 everywhere (a quote), the engine only inside strings
    (r'SELECT * WHERE { ?s ?p "a\u0022 . ?s ?p " . SERVICE <{url}> { ?s ?p ?o } FILTER(" } #") }', SERVICE),
    (r'SELECT * WHERE { ?s ?p ?o } # \u000A SERVICE <{url}> { }', RUNS),
    ("SELECT * WHERE { { SELECT * WHERE { SERVICE <{url}> { ?s ?p ?o } } } }", SERVICE),
    ("SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <{url}> { ?s ?p ?o } } }", SERVICE),
    ("SELECT * WHERE { ?s ?p ?o FILTER NOT EXISTS { SERVICE <{url}> { ?s ?p ?o } } }", SERVICE),
    ("SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE <{url}> { ?s ?p ?o } } }", SERVICE),
    ("SELECT * WHERE { { ?s ?p ?o } UNION { SERVICE <{url}> { ?s ?p ?o } } MINUS { SERVICE <{url}> { ?s ?p ?o } } }", SERVICE),
    ("SELECT * WHERE { GRAPH ?g { SERVICE <{url}> { ?s ?p ?o } } }", SERVICE),
    ("SELECT * WHERE { VALUES ?where { <{url}> } SERVICE ?where { ?s ?p ?o } }", SERVICE),
    ("SELECT * WHERE { BIND(<{url}> AS ?where) SERVICE ?where { ?s ?p ?o } }", SERVICE),
    ("PREFIX : <{url}> SELECT * WHERE { SERVICE:x { ?s ?p ?o } }", SERVICE),
    ("PREFIX svc: <{url}> SELECT * WHERE { SERVICE svc:x { ?s ?p ?o } }", SERVICE),
    ("PREFIX SERVICE: <http://example.org/> SELECT * WHERE { SERVICE SERVICE:x { ?s ?p ?o } . ?s SERVICE:p ?o }", SERVICE),
    ("BASE <{url}> SELECT * WHERE { SERVICE <x> { ?s ?p ?o } }", SERVICE),
    ("CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <{url}> { ?s ?p ?o } }", SERVICE),
    ("DESCRIBE ?s WHERE { SERVICE <{url}> { ?s ?p ?o } }", SERVICE),
    ("ASK { SERVICE <{url}> { ?s ?p ?o } }", SERVICE),
    ("SELECT (COUNT(*) AS ?n) WHERE { SERVICE <{url}> { ?s ?p ?o } } GROUP BY ?s", SERVICE),
    ("SELECT * FROM <{url}> FROM NAMED <{url}> WHERE { ?s ?p ?o } LIMIT 1", RUNS),
    ("LOAD <{url}>", UPDATE),
    ("LOAD SILENT <{url}> INTO GRAPH <http://example.org/g>", UPDATE),
    ("INSERT { ?s ?p ?o } WHERE { SERVICE <{url}> { ?s ?p ?o } }", SERVICE),
    ("DELETE WHERE { ?s ?p ?o } ; LOAD <{url}>", UPDATE),
]


@pytest.fixture(scope="module")
def listener():
    """A TCP listener on 127.0.0.1 that records every connection made to it."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    sock.settimeout(0.2)
    seen: list[str] = []
    running = [True]

    def accept():
        while running[0]:
            try:
                conn, _ = sock.accept()
            except OSError:
                continue
            conn.settimeout(1)
            try:
                seen.append(conn.recv(4096).decode("latin-1").split("\r\n")[0])
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                             b"Content-Length: 55\r\n\r\n"
                             b'{"head":{"vars":["x"]},"results":{"bindings":[]}}     ')
            except OSError:
                pass
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{sock.getsockname()[1]}/internal"
    yield url, seen
    running[0] = False
    thread.join(timeout=5)
    sock.close()


def _wait_for(seen, n, seconds=10.0):
    deadline = time.monotonic() + seconds
    while len(seen) < n and time.monotonic() < deadline:
        time.sleep(0.02)
    return len(seen)


def test_the_listener_sees_a_service_call_made_by_the_engine(listener):
    """The control: pyoxigraph itself does call SERVICE, and the listener records it."""
    import pyoxigraph as ox

    url, seen = listener
    before = len(seen)
    try:
        list(ox.Store().query(f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"))
    except (OSError, SyntaxError, RuntimeError, ValueError):
        pass
    assert _wait_for(seen, before + 1) == before + 1
    del seen[before:]


CLI_SAYS = {SERVICE: "dramagraph: error: SERVICE is not allowed here: the embedded store makes no network requests\n",
            UPDATE: "dramagraph: error: SPARQL Update is refused: the embedded graph is read-only "
                    "(add data with `dramagraph add`)\n"}


@pytest.mark.parametrize("form,outcome", FORMS)
def test_no_disguise_makes_the_cli_call_service(listener, cli, form, outcome):
    url, seen = listener
    start = len(seen)
    code, out, err = cli("sparql", "--no-user-data", "--format", "csv", form.replace("{url}", url))
    if outcome == RUNS:  # SERVICE in a comment (the engine does not expand escapes there), or FROM
        assert (code, out.splitlines()[0] if out else "") in ((0, "s,p,o"), (0, ""))
    elif outcome == SYNTAX:  # escapes outside strings and IRIs are no keyword to the engine
        assert (code, out) == (2, "") and err.startswith("dramagraph: error: <query>:1:") and err.count("\n") == 1
    else:
        assert (code, out, err) == (2, "", CLI_SAYS[outcome])
    assert seen[start:] == []


def test_the_reported_form_in_a_real_process(listener):
    url, seen = listener
    start = len(seen)
    done = run_cli_process("sparql", "--no-user-data", FORMS[0][0].replace("{url}", url))
    assert (done.returncode, done.stdout, done.stderr) == (
        2, "", "dramagraph: error: SERVICE is not allowed here: the embedded store makes no network requests\n")
    assert seen[start:] == []


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with serve_process(tmp_path_factory.mktemp("guard"), "--timeout", "5") as base:
        yield base


SERVER_SAYS = {SERVICE: 400, UPDATE: 403, SYNTAX: 400, RUNS: 200}


@pytest.mark.parametrize("form,outcome", FORMS)
def test_no_disguise_makes_the_server_call_service(listener, server, form, outcome):
    url, seen = listener
    start = len(seen)
    text = form.replace("{url}", url)
    for data, headers in [(None, {}), (text.encode(), {"Content-Type": "application/sparql-query"}),
                          (urllib.parse.urlencode({"query": text}).encode(),
                           {"Content-Type": "application/x-www-form-urlencoded"})]:
        url_ = f"{server}/sparql" + ("?" + urllib.parse.urlencode({"query": text}) if data is None else "")
        status, _, body = fetch(url_, data=data, headers=headers)
        assert status == SERVER_SAYS[outcome], body
    assert seen[start:] == []


def test_what_the_server_says_about_service_and_update(listener, server):
    url, seen = listener
    start = len(seen)
    status, _, body = fetch(f"{server}/sparql?" + urllib.parse.urlencode({"query": FORMS[0][0].replace("{url}", url)}))
    assert (status, body) == (400, "SERVICE is not allowed here: the embedded store makes no network requests\n")
    status, _, body = fetch(f"{server}/sparql?" + urllib.parse.urlencode({"query": f"LOAD <{url}>"}))
    assert (status, body) == (403, "SPARQL Update is refused: this endpoint is read-only\n")
    assert seen[start:] == []


READ_ONLY = ("PREFIX ex: <http://example.org/> SELECT ?s WHERE { { ?s ex:auto-load ?o } UNION { ?s ex:x-move ?o } "
             "UNION { ?s ex:p.drop ?o } UNION { ?s ex:clear ?o } UNION { ?s ex:insert-data ?o } }")
NAMED_LIKE_UPDATES = ("PREFIX ex: <http://example.org/> SELECT DISTINCT ?n WHERE { VALUES (?n ?load) { (\"Koizora\" ex:auto-load) } "
                      "?t schema:name ?n ; a ?class . FILTER(?class != ex:p.drop && ?load != ex:x-move) }")
UPDATES = ["INSERT DATA { <http://example.org/a> <http://example.org/b> 1 }", "DELETE WHERE { ?s ?p ?o }",
           "delete { ?s ?p ?o } where { ?s ?p ?o }", "CLEAR ALL", "DROP ALL", "drop silent default",
           "CREATE GRAPH <http://example.org/g>", "COPY DEFAULT TO <http://example.org/g>",
           "MOVE DEFAULT TO <http://example.org/g>", "ADD DEFAULT TO <http://example.org/g>",
           "WITH <http://example.org/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
           "PREFIX ex: <http://example.org/> # a comment\nINSERT DATA { ex:a ex:b ex:c }"]


def test_read_only_queries_naming_update_words_are_answered_by_the_cli(cli):
    code, out, err = cli("sparql", "--no-user-data", "--format", "csv", READ_ONLY)
    assert (code, out) == (0, "s\r\n")
    code, out, err = cli("sparql", "--no-user-data", "--format", "csv", NAMED_LIKE_UPDATES)
    assert (code, out) == (0, "n\r\nKoizora\r\n")


@pytest.mark.parametrize("update", UPDATES)
def test_updates_are_refused_by_the_cli(cli, update):
    code, out, err = cli("sparql", "--no-user-data", update)
    assert (code, out, err) == (2, "", "dramagraph: error: SPARQL Update is refused: the embedded graph is read-only "
                                       "(add data with `dramagraph add`)\n")


def test_read_only_queries_naming_update_words_are_answered_by_the_server(server):
    status, _, body = fetch(f"{server}/sparql?" + urllib.parse.urlencode({"query": READ_ONLY}),
                            headers={"Accept": "text/csv"})
    assert (status, body) == (200, "s\r\n")
    status, _, body = fetch(f"{server}/sparql", data=NAMED_LIKE_UPDATES.encode(),
                            headers={"Content-Type": "application/sparql-query", "Accept": "application/json"})
    assert status == 200 and json.loads(body)["results"]["bindings"] == [{"n": {"type": "literal", "value": "Koizora"}}]


@pytest.mark.parametrize("update", UPDATES)
def test_updates_are_refused_by_the_server(server, update):
    for data, content_type in [(urllib.parse.urlencode({"query": update}).encode(), "application/x-www-form-urlencoded"),
                               (update.encode(), "application/sparql-query")]:
        status, _, body = fetch(f"{server}/sparql", data=data, headers={"Content-Type": content_type})
        assert (status, body) == (403, "SPARQL Update is refused: this endpoint is read-only\n")


def test_an_endpoint_gets_read_only_queries_and_never_updates(server, cli):
    """Towards a remote endpoint (here the dramagraph server), a query naming ex:auto-load is sent and
    answered; an update is refused before anything is sent."""
    code, out, err = cli("sparql", "--endpoint", f"{server}/sparql", "--format", "csv", NAMED_LIKE_UPDATES)
    assert (code, out) == (0, "n\r\nKoizora\r\n")
    code, out, err = cli("sparql", "--endpoint", f"{server}/sparql", "DROP ALL")
    assert (code, out, err) == (2, "", "dramagraph: error: SPARQL Update is refused: dramagraph only reads from "
                                       "endpoints (load data with `dramagraph push`)\n")


def test_a_query_for_a_remote_endpoint_makes_no_service_call_from_here(listener, cli):
    """Towards an endpoint SERVICE is the endpoint's business: checking the query's syntax here must
    not evaluate it (the engine would call SERVICE from this machine). The endpoint here is a closed
    port, so nothing answers; the listener standing for an internal service must see nothing."""
    url, seen = listener
    start = len(seen)
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    endpoint = f"http://127.0.0.1:{closed.getsockname()[1]}/sparql"
    closed.close()
    code, out, err = cli("sparql", "--endpoint", endpoint, f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}")
    assert (code, out) == (4, "") and err.startswith(f"dramagraph: error: cannot reach {endpoint}: ")
    code, out, err = cli("sparql", "--endpoint", endpoint, f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o  }}")
    assert (code, out, err) == (2, "", "dramagraph: error: <query>:1:16: the `{` here is never closed (a `}` is "
                                       "missing)\n")
    assert seen[start:] == []  # a SERVICE call is made and answered before the command ends
