"""`dramagraph serve` under abuse, with real servers and real sockets on 127.0.0.1: the Host check,
slow and oversized requests, memory-hungry and runaway queries, a full queue, slow readers, a port
in use, and what the server says (one log line per request; HTTP syntax, not CLI syntax, in its
messages). Every loop here is bounded in count and time; no assertion is about speed, deadlines only
mean "it did not hang".
"""

from __future__ import annotations

import collections
import os
import re
import select
import socket
import threading
import time
import urllib.parse

import pytest

from tests.conftest import fetch, free_port, poll, run_cli_process, serve_process
from tests.web.conftest import children

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
CROSS = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"  # 875 x 875 rows on the article's graph
HOG = "SELECT ?a ?b ?c ?d ?e ?f WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?g"  # sorts 5e8 rows
CHEAP = "SELECT ?name WHERE { ?t schema:alternateName 'Sky of Love' ; schema:name ?name }"


def query_url(base, text, **extra):
    return f"{base}/sparql?" + urllib.parse.urlencode({"query": text, **extra})


def tree_rss(pid: int) -> int:
    """Resident memory of a process and its children, in bytes."""
    total = 0
    for p in {pid} | children(pid):
        try:
            with open(f"/proc/{p}/statm", "rb") as f:
                total += int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError, IndexError):
            pass
    return total


def raw_request(port: int, data: bytes, source: str = "127.0.0.1", timeout: float = 30) -> bytes:
    """Send ``data`` and read until the server closes the connection."""
    with socket.socket() as s:
        s.bind((source, 0))
        s.settimeout(timeout)
        s.connect(("127.0.0.1", port))
        s.sendall(data)
        received = b""
        while True:
            try:
                chunk = s.recv(65536)
            except ConnectionResetError:
                break
            if not chunk:
                break
            received += chunk
        return received


# ------------------------------------------------------------------ one server for the quick checks
@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with serve_process(tmp_path_factory.mktemp("abuse"), "--timeout", "5") as base:
        yield base


def test_only_the_allowed_hosts_are_answered(server):
    port = server.port
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}", "LOCALHOST", "127.0.0.1"):
        status, _, body = fetch(f"{server}/queries", headers={"Host": host})
        assert status == 200, host
    for host in ("evil.example", f"evil.example:{port}", "127.0.0.1.evil.example", "localhost.evil.example",
                 "[::2]", "127.0.0.2"):
        assert fetch(f"{server}/queries", headers={"Host": host})[::2] == (400, "Invalid host header"), host
        assert fetch(query_url(server, CHEAP), headers={"Host": host})[::2] == (400, "Invalid host header"), host
    # HTTP/1.0 without a Host header
    answer = raw_request(port, b"GET /queries HTTP/1.0\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 400 ") and answer.endswith(b"\r\n\r\nInvalid host header")


def test_allowed_host_adds_names(tmp_path):
    with serve_process(tmp_path, "--allowed-host", "graph.example", "--allowed-host", "*.lan") as base:
        for host, status in (("graph.example", 200), ("graph.example:80", 200), ("a.b.lan", 200),
                             (f"127.0.0.1:{base.port}", 200), ("evil.example", 400), ("lan", 400)):
            assert fetch(f"{base}/queries", headers={"Host": host})[0] == status, host
    done = run_cli_process("serve", "--port", str(free_port()), "--allowed-host", "a*b")
    assert (done.returncode, done.stderr) == (
        2, "dramagraph: error: --allowed-host 'a*b': a name, an address, *.domain or *\n")


def test_bound_to_the_ipv6_loopback_it_answers_its_names_only(tmp_path):
    try:
        socket.socket(socket.AF_INET6).bind(("::1", 0))
    except OSError:
        pytest.skip("no IPv6 loopback here")
    with serve_process(tmp_path, host="::1") as base:
        for host, status in ((f"[::1]:{base.port}", 200), ("localhost", 200), ("127.0.0.1", 200),
                             ("evil.example", 400), ("[::2]", 400)):
            assert fetch(f"{base}/queries", headers={"Host": host})[0] == status, host
        assert base.log_lines()[0].startswith(f"dramagraph: serving SPARQL at http://[::1]:{base.port}/sparql, ")


def test_a_port_in_use_is_said_and_nothing_is_served(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        done = run_cli_process("serve", "--port", str(port), "--no-user-data", timeout=60)
    assert (done.returncode, done.stdout, done.stderr) == (
        2, "", f"dramagraph: error: port {port} on 127.0.0.1 is in use: stop the program using it, or choose "
               f"another port with --port\n")


def test_the_serving_line_comes_once_it_answers(tmp_path):
    with serve_process(tmp_path) as base:
        # serve_process returned as soon as the line appeared: the first request, not retried, answers
        assert fetch(f"{base}/queries")[0] == 200
        at = f"http://127.0.0.1:{base.port}"
        assert base.log_lines()[0] == (f"dramagraph: serving SPARQL at {at}/sparql, the explorer at {at}/ and the "
                                       f"network from a search at {at}/explore (Ctrl-C stops)")


def test_http_messages_use_http_syntax_not_cli_syntax(server):
    status, _, body = fetch(f"{server}/queries/filmography")
    assert (status, body) == (400, "query 'filmography' needs the parameter 'person' (the person, by name), "
                                   "e.g. /queries/filmography?person=Haruma%20Miura\n")
    answers = [
        fetch(f"{server}/queries/filmografy"),
        fetch(f"{server}/queries/cast?actor=x"),
        fetch(f"{server}/queries/filmography?person=Nobody%20At%20All"),
        fetch(query_url(server, "ASK {}", format="turtle")),
        fetch(query_url(server, "SELECT * WHERE { ?s ex:p ?o }")),
        fetch(f"{server}/sparql", data=b"update=DROP%20ALL", headers={"Content-Type": "application/x-www-form-urlencoded"}),
        fetch(f"{server}/sparql"),
        fetch(f"{server}/nowhere"),
    ]
    assert [status for status, _, _ in answers] == [404, 400, 404, 400, 400, 403, 400, 404]
    assert answers[0][2] == "no named query 'filmografy'; did you mean filmography?\n"
    assert answers[3][2] == "format 'turtle' does not fit this query; use one of json, xml\n"
    for _, _, body in answers:
        assert "--" not in body and "dramagraph " not in body, body


def test_a_stalled_body_gets_408(tmp_path):
    with serve_process(tmp_path, "--header-timeout", "1") as base:
        answer = raw_request(base.port, b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                                        b"application/sparql-query\r\nContent-Length: 100\r\n\r\nASK {", timeout=30)
        assert answer.startswith(b"HTTP/1.1 408 ") and answer.endswith(b"the request body did not arrive within 1 s\n")


def test_oversized_headers_are_refused(server):
    answer = raw_request(server.port, b"GET /queries HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
                         b"".join(b"X-%d: %s\r\n" % (i, b"y" * 1000) for i in range(100)))
    assert answer.startswith(b"HTTP/1.1 400 ")


# ------------------------------------------------------------------ log lines
def test_one_log_line_per_request(tmp_path):
    with serve_process(tmp_path, "--timeout", "5") as base:
        assert fetch(query_url(base, "SELECT ?n WHERE { ?t schema:alternateName ?n } ORDER BY ?n LIMIT 2"))[0] == 200
        assert fetch(f"{base}/queries/cast?title=Sky%20of%20Love")[0] == 200
        assert fetch(f"{base}/sparql", data=b"DROP ALL", headers={"Content-Type": "application/sparql-update"})[0] == 403
        assert fetch(query_url(base, "ASK {}"))[0] == 200
        assert fetch(f"{base}/queries", headers={"Host": "evil.example"})[0] == 400
        assert fetch(f"{base}/%0Aforged%20line")[0] == 404
        assert fetch(f"{base}/")[0] == 200
        lines = poll(lambda: base.log_lines()[1:] if len(base.log_lines()) >= 8 else None, 10, "8 log lines")
    patterns = [r"GET /sparql 200 \d+\.\d ms 2 rows", r"GET /queries/cast 200 \d+\.\d ms 2 rows",
                r"POST /sparql 403 \d+\.\d ms", r"GET /sparql 200 \d+\.\d ms 1 row", r"GET /queries 400 \d+\.\d ms",
                r"GET /%0Aforged%20line 404 \d+\.\d ms", r"GET / 200 \d+\.\d ms"]
    assert len(lines) == len(patterns), lines
    for line, pattern in zip(lines, patterns):
        assert re.fullmatch(r"127\.0\.0\.1 " + pattern, line), line


def test_quiet_logs_nothing(tmp_path):
    with serve_process(tmp_path, "--quiet") as base:
        for _ in range(3):
            assert fetch(query_url(base, CHEAP))[0] == 200
        assert fetch(f"{base}/nowhere")[0] == 404
        lines = base.log_lines()
    assert len(lines) == 1 and lines[0].startswith("dramagraph: serving SPARQL at ")


# ------------------------------------------------------------------ slow clients
def test_slowloris_sockets_are_capped_and_closed_while_others_are_served(tmp_path):
    """50 slow sockets from one address (127.0.0.2): 30 over the cap of 20 are closed at once, the 20
    others when their 3 s for the headers are up, although they keep sending a byte at a time; all the
    while, requests from another address (127.0.0.1) are answered."""
    with serve_process(tmp_path, "--header-timeout", "3", "--max-connections-per-client", "20") as base:
        slow = []
        for _ in range(50):
            s = socket.socket()
            s.bind(("127.0.0.2", 0))
            s.connect(("127.0.0.1", base.port))
            slow.append(s)
        closed: dict[socket.socket, bytes] = {}

        def reap(wait=0.0):
            readable, _, _ = select.select([s for s in slow if s not in closed], [], [], wait)
            for s in readable:
                try:
                    data = s.recv(4096)
                except ConnectionResetError:
                    data = b""
                closed[s] = closed.get(s, b"") + data

        poll(lambda: (reap(), len(closed) >= 30)[1], 2.5, "30 sockets over the cap closed")
        assert len(closed) == 30 and all(data == b"" for data in closed.values())
        started = time.monotonic()
        answered = []
        for i in range(300):  # a byte at a time on the open ones, normal requests in between
            for s in slow:
                if s not in closed:
                    try:
                        s.send(b"GET /queries HTTP/1.1\r\n"[i % 23:i % 23 + 1] if i < 23 else b"X")
                    except OSError:
                        pass
            if i % 10 == 0:
                answered.append(fetch(query_url(base, CHEAP), headers={"Accept": "text/csv"})[::2])
            reap(0.05)
            if len(closed) == 50:
                break
        assert len(closed) == 50, f"{50 - len(closed)} slow sockets still open after {time.monotonic() - started:.0f} s"
        assert set(answered) == {(200, "name\r\nKoizora\r\n")}
        timed_out = [data for data in closed.values() if data]
        assert len(timed_out) == 20 and all(d.startswith(b"HTTP/1.1 408 Request Timeout\r\n") for d in timed_out)
        for s in slow:
            s.close()


def test_a_client_that_does_not_read_is_dropped_at_the_deadline(tmp_path):
    with serve_process(tmp_path, "--timeout", "2", "--max-rows", "100000") as base:
        with socket.socket() as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            s.connect(("127.0.0.1", base.port))
            target = "/sparql?" + urllib.parse.urlencode({"query": CROSS})
            s.sendall(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
            # the rows written before the deadline: all 100,000 on an idle machine, fewer on a busy one
            poll(lambda: any(re.fullmatch(r"127\.0\.0\.1 GET /sparql 200 aborted \d+\.\d ms \d+ rows", line)
                             for line in base.log_lines()), 30, "the unread answer dropped")
            s.settimeout(30)
            received = b""
            while True:
                chunk = s.recv(1 << 20)
                if not chunk:
                    break
                received += chunk
            assert received.startswith(b"HTTP/1.1 200 OK") and not received.endswith(b"0\r\n\r\n")
        assert fetch(query_url(base, CHEAP), headers={"Accept": "text/csv"})[::2] == (200, "name\r\nKoizora\r\n")


# ------------------------------------------------------------------ workers, queue, memory
def test_queries_run_in_warm_workers_and_a_killed_one_is_replaced(tmp_path):
    with serve_process(tmp_path, "--workers", "2", "--timeout", "2") as base:
        pid = base.process.pid
        workers = poll(lambda: (lambda c: c if len(c) == 2 else None)(children(pid)), 10, "two workers")
        for _ in range(20):
            assert fetch(query_url(base, CHEAP), headers={"Accept": "text/csv"})[::2] == (200, "name\r\nKoizora\r\n")
        assert children(pid) == workers
        status, _, body = fetch(query_url(base, RUNAWAY))
        assert (status, body) == (503, "timeout: the query ran out of time after 2 s and was stopped; make it "
                                       "more selective\n")
        after = poll(lambda: (lambda c: c if len(c) == 2 and c != workers else None)(children(pid)), 10,
                     "a new worker in place of the killed one")
        assert len(after & workers) == 1
        assert fetch(query_url(base, CHEAP), headers={"Accept": "text/csv"})[::2] == (200, "name\r\nKoizora\r\n")


def test_a_full_queue_gets_503_at_once_and_waiting_counts_in_the_deadline(tmp_path):
    with serve_process(tmp_path, "--workers", "2", "--max-queue", "2", "--timeout", "2") as base:
        answers = []

        def ask():
            answers.append(fetch(query_url(base, RUNAWAY))[::2])

        threads = [threading.Thread(target=ask) for _ in range(6)]
        started = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        assert time.monotonic() - started < 30
        assert collections.Counter(answers) == {
            (503, "timeout: the query ran out of time after 2 s and was stopped; make it more selective\n"): 4,
            (503, "server busy: 2 queries are running and 2 are waiting; try again shortly\n"): 2}
        poll(lambda: fetch(query_url(base, CHEAP), headers={"Accept": "text/csv"})[::2] == (200, "name\r\nKoizora\r\n"),
             20, "a cheap query answered after the burst")


def test_memory_stays_bounded_under_concurrent_big_queries(tmp_path):
    """20 concurrent `SELECT *` over 645,000 rows: each answered with its first 1,000 rows, the server's
    memory bounded; a query that sorts 5e8 rows is stopped at its memory allowance while a cheap one
    answers; afterwards the memory is back to what it was."""
    with serve_process(tmp_path, "--workers", "2", "--max-rows", "1000", "--max-query-memory", "200",
                       "--timeout", "20", "--quiet") as base:
        pid = base.process.pid
        poll(lambda: len(children(pid)) == 2, 10, "two workers")
        idle = tree_rss(pid)
        bound = idle + 2 * 200e6 + 150e6
        peak, sampling = [idle], [True]

        def sample():
            while sampling[0]:
                peak[0] = max(peak[0], tree_rss(pid))
                if peak[0] > bound + 1e9:  # far past the bound: stop before the machine suffers
                    base.process.kill()
                    return
                time.sleep(0.02)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        answers = []

        def big():
            status, headers, body = fetch(query_url(base, CROSS), headers={"Accept": "text/csv"})
            answers.append((status, headers.get("x-dramagraph-truncated"), body.count("\r\n")))

        threads = [threading.Thread(target=big) for _ in range(20)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        assert answers == [(200, "1000", 1001)] * 20
        hog = []
        hog_thread = threading.Thread(target=lambda: hog.append(fetch(query_url(base, HOG))[::2]))
        hog_thread.start()
        poll(lambda: any(tree_rss(p) > 150e6 for p in children(pid)) or hog, 20, "the hog growing")
        assert fetch(query_url(base, CHEAP), headers={"Accept": "text/csv"})[::2] == (200, "name\r\nKoizora\r\n")
        hog_thread.join(timeout=60)
        sampling[0] = False
        sampler.join()
        assert hog == [(503, "the query needed more than 200 MB of memory and was stopped; make it more selective\n")]
        assert peak[0] < bound, f"peak {peak[0] / 1e6:.0f} MB, idle {idle / 1e6:.0f} MB"
        poll(lambda: len(children(pid)) == 2 and tree_rss(pid) < idle + 100e6, 20, "memory back near idle")


@pytest.mark.parametrize("window", ["", "60"])
def test_every_answer_goes_to_its_own_request_under_load(tmp_path, monkeypatch, window):
    """Workers hold a second job behind a young one and give it back when the first runs long; a killed
    worker's unstarted job goes to another: whatever the interleaving, each request gets its own
    answer. Eight threads send distinct queries while two runaways hold two of the three workers until
    they are stopped; with the test hook, jobs are queued behind the runaways too, and taken back."""
    monkeypatch.setenv("DRAMAGRAPH_TEST_PIPELINE_WINDOW", window)
    with serve_process(tmp_path, "--workers", "3", "--timeout", "3", "--quiet") as base:
        wrong, runaway = [], []

        def client(k):
            for i in range(40):
                n = k * 1000 + i
                status, _, body = fetch(query_url(base, f"SELECT ?n WHERE {{ BIND({n} AS ?n) }}"),
                                        headers={"Accept": "text/csv"})
                if (status, body) != (200, f"n\r\n{n}\r\n"):
                    wrong.append((n, status, body))

        def slow():
            runaway.append(fetch(query_url(base, RUNAWAY))[0])

        threads = [threading.Thread(target=slow) for _ in range(2)] + \
                  [threading.Thread(target=client, args=(k,)) for k in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        assert wrong == [] and runaway == [503, 503]


def test_the_hosts_allowed_by_default():
    from graph.web.serve import allowed_hosts

    assert allowed_hosts("127.0.0.1") == ["127.0.0.1", "localhost", "[::1]"]
    assert allowed_hosts("localhost", ["Graph.Example"]) == ["localhost", "127.0.0.1", "[::1]", "graph.example"]
    assert allowed_hosts("192.0.2.7") == ["192.0.2.7"]  # a single non-loopback address: itself only
    wildcard = allowed_hosts("0.0.0.0")
    assert wildcard[:3] == ["localhost", "127.0.0.1", "[::1]"] and socket.gethostname().lower() in wildcard
    assert "0.0.0.0" not in wildcard
