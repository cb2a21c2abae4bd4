"""`push` in chunks, resumable: a real `oxigraph serve` killed half-way through a push and started
again, and a real Virtuoso loaded through its Digest-protected Graph Store."""

from __future__ import annotations

import json
import re
import signal
import threading
import time

import pytest

from graph.query.endpoint import UNION_GRAPH, Endpoint, _chunks, push
from graph.errors import EndpointError, InputError, UsageError
from tests.conftest import free_port
from tests.query.conftest import start_server
from tests.query.test_remote import oxigraph_binary
from tests.query.virtuoso import virtuoso  # noqa: F401  (the fixture)

CHUNK = 40  # triples per request: the shipped data's 2086 quads + 1887 union triples make dozens of requests


class Oxigraph:
    """`oxigraph serve` on a fixed port, to be killed and started again on the same or another
    folder."""

    def __init__(self, port: int):
        self.port, self.process = port, None
        self.base = f"http://127.0.0.1:{port}"

    def start(self, location):
        self.process = start_server([oxigraph_binary(), "serve", "--location", str(location), "--bind",
                                     f"127.0.0.1:{self.port}"], f"{self.base}/query?query=ASK%7B%7D")

    def kill(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)


@pytest.fixture
def oxigraph():
    server = Oxigraph(free_port())
    yield server
    server.kill()


def rows(server_or_endpoint, graph_pattern=True):
    """Every quad of the server as sorted strings, blank node labels replaced by `_:`: equal lists mean
    the same data, each triple once (a blank node copied twice would show twice)."""
    endpoint = server_or_endpoint if isinstance(server_or_endpoint, Endpoint) else \
        Endpoint(f"{server_or_endpoint}/query")
    out = json.loads(endpoint.execute("SELECT ?g ?s ?p ?o WHERE { { GRAPH ?g { ?s ?p ?o } } UNION { ?s ?p ?o } }",
                                      "select"))
    found = []
    for b in out["results"]["bindings"]:
        terms = [b.get(k) for k in ("s", "p", "o", "g")]
        found.append(" ".join(_term(t) for t in terms))
    return sorted(found)


def _term(t):
    if t is None:
        return "DEFAULT"
    if t["type"] == "bnode":
        return "_:"
    if t["type"] == "uri":
        return f"<{t['value']}>"
    return json.dumps([t["value"], t.get("datatype"), t.get("xml:lang")])


def expected(kg, chunks):
    """What a server holds after receiving ``chunks`` (from graph.query.endpoint._chunks), in the form of
    :func:`rows`."""
    import pyoxigraph as ox

    out = []
    for _, graph, quads in chunks:
        for q in quads:
            terms = []
            for term in (q.subject, q.predicate, q.object):
                if isinstance(term, ox.BlankNode):
                    terms.append("_:")
                elif isinstance(term, ox.NamedNode):
                    terms.append(f"<{term.value}>")
                else:
                    datatype = None if term.language or term.datatype.value.endswith("#string") else term.datatype.value
                    terms.append(json.dumps([term.value, datatype, term.language]))
            terms.append("DEFAULT" if graph is None else f"<{graph}>")
            out.append(" ".join(terms))
    return sorted(out)


def acknowledged(log) -> int:
    try:
        return len(json.loads(log.read_text())["acknowledged"])
    except (FileNotFoundError, ValueError, KeyError):
        return 0


def test_chunks_cover_the_dataset_once_blank_nodes_together(kg):
    chunks = _chunks(kg, CHUNK)
    named = [q for _, g, c in chunks if g is not None for q in c]
    assert sorted(map(str, named)) == sorted(map(str, kg.quads()))
    import pyoxigraph as ox

    union = [q for _, g, c in chunks if g is None for q in c]
    assert sorted(map(str, union)) == sorted(map(str, kg.store.quads_for_pattern(None, None, None, ox.DefaultGraph())))
    seen = set()
    for method, graph, quads in chunks:  # a PUT opens each graph, POSTs follow, never over CHUNK
        assert method == ("POST" if graph in seen else "PUT")
        seen.add(graph)
        assert 0 < len(quads) <= CHUNK
    # the box-office graph's blank-node triples all go in its one PUT
    film = [c for _, g, c in chunks if g == "https://w3id.org/dramagraph/graph/i-give-my-first-love-to-you-film"]
    assert len(film) == 1 and sum(isinstance(q.object, ox.BlankNode) or isinstance(q.subject, ox.BlankNode)
                                  for q in film[0]) > 0


def test_chunked_push_gives_the_full_dataset(oxigraph, kg, tmp_path):
    oxigraph.start(tmp_path / "store")
    counts = push(kg, Endpoint(f"{oxigraph.base}/query"), chunk_triples=CHUNK)
    assert counts == {"graphs": 163, "quads": 2086, "defaultGraphTriples": 1887, "graphStore": f"{oxigraph.base}/store", "unionGraph": None}
    assert rows(oxigraph.base) == expected(kg, _chunks(kg, CHUNK))
    # a second push replaces, it does not add
    push(kg, Endpoint(f"{oxigraph.base}/query"), chunk_triples=CHUNK * 5)
    assert rows(oxigraph.base) == expected(kg, _chunks(kg, CHUNK))


def test_a_push_killed_half_way_continues_from_its_log(oxigraph, kg, tmp_path):
    size = 10  # some 170 requests: time to kill the server half-way
    chunks = _chunks(kg, size)
    log = tmp_path / "push.json"
    oxigraph.start(tmp_path / "store")

    def kill_after_some_chunks():  # the server dies while the push is under way
        deadline = time.monotonic() + 60
        while acknowledged(log) < 5 and time.monotonic() < deadline:
            time.sleep(0.001)
        oxigraph.kill()

    killer = threading.Thread(target=kill_after_some_chunks)
    killer.start()
    with pytest.raises(EndpointError) as failed:
        push(kg, Endpoint(f"{oxigraph.base}/query"), chunk_triples=size, log=log)
    killer.join()
    done = acknowledged(log)
    assert 5 <= done < len(chunks)
    assert re.fullmatch(rf"cannot reach {re.escape(oxigraph.base)}/store\?\S+: .+ \({done} of {len(chunks)} "
                        rf"chunks acknowledged, recorded in {re.escape(str(log))}: the same push with it "
                        rf"continues from there\)", str(failed.value)), str(failed.value)
    assert failed.value.exit_code == 4

    # on an empty server the resumed push sends only the chunks not acknowledged
    saved = log.read_bytes()
    oxigraph.start(tmp_path / "empty")
    push(kg, Endpoint(f"{oxigraph.base}/query"), chunk_triples=size, log=log)
    assert rows(oxigraph.base) == expected(kg, chunks[done:])
    assert not log.exists()  # a complete push forgets its log
    oxigraph.kill()

    # on the server that died, the resumed push ends with the full dataset, each triple once
    log.write_bytes(saved)
    oxigraph.start(tmp_path / "store")
    counts = push(kg, Endpoint(f"{oxigraph.base}/query"), chunk_triples=size, log=log)
    assert counts["quads"] == 2086
    assert rows(oxigraph.base) == expected(kg, chunks)
    assert not log.exists()


def test_a_log_of_other_data_or_another_server_starts_over(oxigraph, kg, tmp_path):
    oxigraph.start(tmp_path / "store")
    store = f"{oxigraph.base}/store"
    log = tmp_path / "push.json"
    for other in ({"graphStore": store, "chunkTriples": CHUNK, "acknowledged": ["0" * 32] * 3},  # data changed
                  {"graphStore": "http://elsewhere/store", "chunkTriples": CHUNK, "acknowledged": []},
                  {"graphStore": store, "chunkTriples": CHUNK + 1, "acknowledged": ["0" * 32]}):
        log.write_text(json.dumps({"format": "dramagraph-push-log/1", **other}))
        push(kg, Endpoint(f"{oxigraph.base}/query"), chunk_triples=CHUNK, log=log)
        assert rows(oxigraph.base) == expected(kg, _chunks(kg, CHUNK))
        assert not log.exists()


def test_bad_logs_and_chunk_sizes_are_one_line_errors(kg, tmp_path):
    endpoint = Endpoint(f"http://127.0.0.1:{free_port()}/query")
    log = tmp_path / "push.json"
    log.write_text("{not json")
    with pytest.raises(InputError, match=rf"^cannot read the push log {re.escape(str(log))}: Expecting"):
        push(kg, endpoint, log=log)
    log.write_text('{"acknowledged": []}')
    with pytest.raises(InputError, match=rf"^{re.escape(str(log))} is not a dramagraph push log$"):
        push(kg, endpoint, log=log)
    with pytest.raises(UsageError, match="^the chunk size must be at least 1 triple, not 0$"):
        push(kg, endpoint, chunk_triples=0)


@pytest.mark.virtuoso
def test_push_to_virtuoso_in_chunks_with_digest_credentials(virtuoso, kg, monkeypatch):  # noqa: F811
    monkeypatch.setenv("DRAMAGRAPH_ENDPOINT_USER", "dba")
    monkeypatch.setenv("DRAMAGRAPH_ENDPOINT_PASSWORD", "dba")
    counts = push(kg, Endpoint(virtuoso.sparql), chunk_triples=CHUNK)
    assert counts == {"graphs": 163, "quads": 2086, "defaultGraphTriples": 1887,
                      "graphStore": f"{virtuoso.base}/sparql-graph-crud-auth",
                      "unionGraph": UNION_GRAPH}
    mine = Endpoint(virtuoso.sparql, default_graph=UNION_GRAPH)
    answer = json.loads(mine.execute("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "select"))
    assert answer["results"]["bindings"][0]["n"]["value"] == "1887"
    named = json.loads(Endpoint(virtuoso.sparql).execute(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), "
        "'https://w3id.org/dramagraph/graph/')) } GROUP BY ?g", "select"))
    by_graph = {b["g"]["value"]: int(b["n"]["value"]) for b in named["results"]["bindings"]}
    local: dict[str, int] = {UNION_GRAPH: 1887}
    for q in kg.quads():
        local[q.graph_name.value] = local.get(q.graph_name.value, 0) + 1
    assert by_graph == local


@pytest.mark.virtuoso
def test_wrong_digest_password_is_a_401_naming_the_graph_store(virtuoso, kg, monkeypatch):  # noqa: F811
    monkeypatch.setenv("DRAMAGRAPH_ENDPOINT_USER", "dba")
    monkeypatch.setenv("DRAMAGRAPH_ENDPOINT_PASSWORD", "wrong")
    with pytest.raises(EndpointError) as e:
        push(kg, Endpoint(virtuoso.sparql))
    message = str(e.value)
    assert message.startswith(f"{virtuoso.base}/sparql-graph-crud-auth?graph=") and " answered HTTP 401 " in message
    assert message.endswith("the user name or password (from ~/.netrc, $NETRC or the environment) was refused")
    assert "\n" not in message and e.value.exit_code == 4


def test_the_cli_pushes_in_chunks_with_a_resume_file(oxigraph, kg, tmp_path, cli):
    oxigraph.start(tmp_path / "store")
    log = tmp_path / "push.log"
    code, _, err = cli("push", "--endpoint", f"{oxigraph.base}/query", "--chunk-size", str(CHUNK),
                       "--resume", str(log), "--no-user-data")
    assert code == 0
    assert err.splitlines()[-1] == (f"pushed 163 named graphs (2086 quads) and the union default graph (1887 triples) "
                                    f"to {oxigraph.base}/store")
    assert rows(oxigraph.base) == expected(kg, _chunks(kg, CHUNK))
    assert not log.exists()  # removed once the push completed
    with pytest.raises(SystemExit) as stopped:  # argparse's own refusal, exit 2
        cli("push", "--endpoint", f"{oxigraph.base}/query", "--chunk-size", "0")
    assert stopped.value.code == 2
