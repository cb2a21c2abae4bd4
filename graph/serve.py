"""Step 7: ``dramagraph serve``, a read-only SPARQL 1.1 Protocol endpoint and a web explorer.

* ``/sparql``: GET (``?query=``) and POST (form-encoded ``query=``, or ``application/sparql-query``),
  with content negotiation: SPARQL JSON, XML, CSV, TSV for SELECT and ASK; Turtle, N-Triples, JSON-LD for
  CONSTRUCT and DESCRIBE (``Accept``, or ``format=json|xml|csv|tsv|turtle|nt|jsonld``).
* ``/queries`` lists the named queries (JSON); ``/queries/NAME?param=value`` runs one.
* ``/`` is the explorer page: a query editor with the named queries as examples, a results table and a
  graph of the results, with the same inlined vis-network as ``dramagraph viz``: no CDN.

How it holds under load and abuse:

* Queries run in a pool of warm worker processes (forked once, each with its own read-only handle on
  the store). The HTTP process only parses requests and relays answers; a worker does the whole query:
  the safety checks, the evaluation, the row limit and the serialization. A worker whose query runs
  past the deadline, or whose memory grows by more than ``max_query_memory`` MB, is killed and replaced
  (Oxigraph's evaluation cannot be interrupted otherwise); the client gets 503.
* The deadline (``timeout``) covers the whole request: waiting for a worker, evaluating, serializing
  and sending. At most ``workers`` queries run at once and ``max_queue`` wait; past that, 503 at once.
  Under load a worker holds the next job behind a young one, so it never waits for the HTTP process
  between two; a job behind one that runs long is taken back for another worker.
* Rows stop at ``max_rows`` while the engine writes them, before anything else is built, and the
  answer reaches the client in chunks with back-pressure: the HTTP process holds a few at a time.
* A connection must send its request headers within ``header_timeout`` seconds (and its body within as
  long again), and one client address may hold at most ``max_connections_per_client`` connections:
  slow sockets are closed, they cannot starve other clients.
* SPARQL Update is refused (403) and the data never changes; ``SERVICE`` is refused as the engine parses
  the query (:func:`graph.querying.refuse_unsafe`), and ``FROM`` loads nothing.
* Only requests whose ``Host`` is one of the allowed names are answered (400 otherwise), so a web page
  cannot reach a local server through DNS rebinding.
"""

from __future__ import annotations

import asyncio
import os
import socket
import sys
import time
from dataclasses import dataclass, field

from .errors import DramagraphError, ParseError, UsageError

__all__ = ["create_app", "run", "bind_warning", "allowed_hosts", "Settings", "MEDIA_TYPES"]

MEDIA_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
    "turtle": "text/turtle; charset=utf-8",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
}
_ACCEPT = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
    "text/turtle": "turtle", "application/x-turtle": "turtle", "application/n-triples": "nt",
    "text/plain": "nt", "application/ld+json": "jsonld",
}
_DEFAULT = {"select": "json", "ask": "json", "graph": "turtle"}
_RESULT_FORMATS = {"select": ("json", "csv", "tsv", "xml"), "ask": ("json", "csv", "tsv", "xml"),
                   "graph": ("turtle", "nt", "jsonld")}
_UPDATE_REFUSED = "SPARQL Update is refused: this endpoint is read-only"
_CHUNK = 1 << 16


def _negotiate(accept: str, kind: str, explicit: str | None) -> str:
    allowed = _RESULT_FORMATS[kind]
    if explicit:
        if explicit not in allowed:
            raise UsageError(f"format {explicit!r} does not fit this query; use one of {', '.join(allowed)}")
        return explicit
    if not accept:
        return _DEFAULT[kind]
    ranked = []
    for i, part in enumerate(accept.split(",")):
        media, _, params = part.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        ranked.append((-q, i, media.strip().lower()))
    for _, _, media in sorted(ranked):
        fmt = _ACCEPT.get(media)
        if fmt in allowed:
            return fmt
    return _DEFAULT[kind]


@dataclass
class Settings:
    """What the server allows; the defaults are the command's."""

    timeout: float | None = 30.0  # seconds for a whole request; None: no limit
    max_rows: int = 10_000  # rows (or triples) per answer
    max_request_bytes: int = 100_000
    workers: int = 0  # query worker processes; 0: one per core and one more, at least 3
    max_queue: int = 100  # requests waiting for a worker; more get 503
    max_query_memory: int = 1024  # MB a worker may grow by during a query
    header_timeout: float = 10.0  # seconds to send the request headers (and again the body)
    max_connections_per_client: int = 64
    max_connections: int = 1024
    allowed_hosts: list[str] = field(default_factory=lambda: ["127.0.0.1", "localhost", "[::1]"])
    quiet: bool = False

    def pool_size(self) -> int:
        return self.workers or max(3, (os.cpu_count() or 1) + 1)


# ------------------------------------------------------------------ the worker side (a forked process)
def _frame(kind: bytes, payload: bytes = b"") -> bytes:
    return kind + len(payload).to_bytes(4, "big") + payload


def _die_with_parent() -> None:
    """Ask Linux to kill this process when the server process dies (prctl PR_SET_PDEATHSIG)."""
    try:
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL), 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the worker still leaves when its socket closes
        pass


def _worker_main(kg, sock, parent_pid: int) -> None:
    """Answer jobs from the server process, one at a time, until the socket closes."""
    import copy
    import pickle
    import signal

    _die_with_parent()
    if os.getppid() != parent_pid:
        return
    signal.set_wakeup_fd(-1)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server process decides when workers stop
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    kg = copy.copy(kg)
    kg.store = kg.reopen()  # an on-disk store: a handle of its own (RocksDB handles do not survive a fork)
    _engine()
    sock.sendall(_frame(b"R"))
    import collections

    buffer, jobs, skipped = b"", collections.deque(), set()

    def take(data: bytes) -> bytes:
        """Move the complete frames of ``data`` to ``jobs`` (J: a job) and ``skipped`` (S: a job the
        server took back before it started); return what is left of a frame."""
        while len(data) >= 5 and len(data) >= 5 + int.from_bytes(data[1:5], "big"):
            n = 5 + int.from_bytes(data[1:5], "big")
            if data[:1] == b"J":
                jobs.append(pickle.loads(data[5:n]))
            else:
                skipped.add(int.from_bytes(data[5:n], "big"))
            data = data[n:]
        return data

    while True:
        waited = not jobs
        while not jobs:
            more = sock.recv(1 << 16)
            if not more:
                return
            buffer = take(buffer + more)
        if not waited:  # a job that waited here: the server may have taken it back meanwhile
            try:
                more = sock.recv(1 << 16, socket.MSG_DONTWAIT)
                if not more:
                    return
                buffer = take(buffer + more)
            except BlockingIOError:
                pass
        sequence, job = jobs.popleft()
        if sequence in skipped:
            skipped.discard(sequence)
            sock.sendall(_frame(b"K"))
            continue
        try:
            status, media, headers, rows, body = _answer(kg, *job)
        except DramagraphError as e:
            status, media, headers, rows, body = _error_answer(e)
        except Exception as e:  # noqa: BLE001 - an engine error: say it, keep serving
            status, media, headers, rows = 500, "text/plain; charset=utf-8", {}, None
            body = f"query failed: {type(e).__name__}: {e}\n".encode("utf-8")
        meta = pickle.dumps((status, media, headers, rows))
        if len(body) <= _CHUNK:
            sock.sendall(_frame(b"M", meta) + _frame(b"D", body) + _frame(b"E"))
            continue
        sock.sendall(_frame(b"M", meta))
        view = memoryview(body)
        for at in range(0, len(body), _CHUNK):
            sock.sendall(_frame(b"D", view[at:at + _CHUNK]))
        sock.sendall(_frame(b"E"))
        del body, view


class _E:
    """What a worker needs, imported once (:func:`_engine`)."""

    ready = False


def _engine():
    if not _E.ready:
        import json

        import pyoxigraph as ox

        from .iris import PREFIXES
        from .querying import _SERVICE_WORD, _refusal, _syntax_error, bind_params, bind_values, get, refuse_unsafe
        from .rdfio import serialize

        _E.json, _E.ox, _E.serialize = json, ox, serialize
        _E.prefixes = [(k + ":", k, v) for k, v in PREFIXES.items()]
        _E.all_prefixes = PREFIXES
        _E.service, _E.refusal, _E.syntax_error, _E.refuse_unsafe = (_SERVICE_WORD, _refusal, _syntax_error,
                                                                    refuse_unsafe)
        _E.bind_params, _E.bind_values, _E.get = bind_params, bind_values, get
        _E.Boolean, _E.Solutions = ox.QueryBoolean, ox.QuerySolutions
        _E.negotiated = {}
        _E.ready = True
    return _E


def _error_answer(e: DramagraphError):
    message = str(e)
    status = e.http_status
    if isinstance(e, ParseError):
        message = f"malformed query: {message}"
    elif message.startswith("SPARQL Update is refused"):
        status, message = 403, _UPDATE_REFUSED
    return status, "text/plain; charset=utf-8", {}, None, (message + "\n").encode("utf-8")


def _guarded_query(store, text: str, where: str):
    """Evaluate ``text`` on ``store`` unless it could call another server or is an update: a text that
    mentions "service" in any spelling goes through :func:`graph.querying.refuse_unsafe` first (the
    engine decides, on the text with "service" masked); a text the engine does not read as a query is
    explained (an update, or a syntax error), never run another way."""
    E = _engine()
    if E.service.search(text):
        E.refuse_unsafe(text, where=where)
    prefixes = {k: v for mark, k, v in E.prefixes if mark in text}
    try:
        return store.query(text, prefixes=prefixes)
    except SyntaxError as e:
        raise E.refusal(text, e, where, False) or E.syntax_error(e, text, where) from None


def _answer(kg, op: str, target: str, params: dict, accept: str, explicit: str | None, max_rows: int):
    """(status, media type, headers, rows, body) for one job: ``op`` is "sparql" (``target`` the query
    text) or "named" (``target`` the query's name, ``params`` its parameters)."""
    E = _engine()
    if op == "named":
        query = E.get(target)
        text, where = E.bind_values(query.text, E.bind_params(kg, query, params)), str(query.path)
    else:
        text, where = target, "query"
    answer = _guarded_query(kg.store, text, where)
    fmt, body, rows, truncated = _serialize(answer, text, accept, explicit, max_rows)
    headers = {"X-Dramagraph-Truncated": str(max_rows)} if truncated else {}
    return 200, MEDIA_TYPES[fmt], headers, rows, body


def _format(accept: str, kind: str, explicit: str | None) -> str:
    key = (accept, kind, explicit)
    found = _E.negotiated.get(key)
    if found is None:
        found = _negotiate(accept, kind, explicit)
        if len(_E.negotiated) > 256:
            _E.negotiated.clear()
        _E.negotiated[key] = found
    return found


class _Enough(Exception):
    """Raised by :class:`_Lines` to stop the engine's serializer."""


class _Lines:
    """A binary writer for the engine's serializer that keeps the first ``limit`` lines and stops the
    engine once the line after them is written (TSV results and N-Triples hold one solution, one
    triple, per line; newlines inside values are escaped)."""

    __slots__ = ("parts", "lines", "limit", "more")

    def __init__(self, limit: int):
        self.parts, self.lines, self.limit, self.more = [], 0, limit, False

    def write(self, data) -> int:
        data = bytes(data)
        count = data.count(b"\n")
        if self.lines + count > self.limit:
            cut = -1
            for _ in range(self.limit - self.lines):
                cut = data.index(b"\n", cut + 1)
            self.parts.append(data[:cut + 1])
            self.lines, self.more = self.limit, True
            raise _Enough
        self.parts.append(data)
        self.lines += count
        return len(data)

    def flush(self) -> None:
        pass

    def read(self, answer, fmt) -> bytes:
        try:
            answer.serialize(output=self, format=fmt)
        except _Enough:
            pass
        return b"".join(self.parts)


def _serialize(answer, text: str, accept: str, explicit: str | None, max_rows: int):
    """(format, body, rows, truncated): the engine writes the solutions (as TSV) or triples (as
    N-Triples) and is stopped after ``max_rows``, before anything else is built; other formats are
    made from those by Oxigraph's parsers and serializers (SPARQL 1.1 results formats, RDF syntaxes)."""
    E = _engine()
    ox = E.ox
    if isinstance(answer, E.Solutions):
        fmt = _format(accept, "select", explicit)
        lines = _Lines(max_rows + 1)  # the header, then one line per solution
        data = lines.read(answer, ox.QueryResultsFormat.TSV)
        rows = max(lines.lines - 1, 0)
        if "*" in text:
            data = _in_query_order(data, text)
        if fmt != "tsv":
            data = ox.parse_query_results(data, format=ox.QueryResultsFormat.TSV).serialize(
                format=getattr(ox.QueryResultsFormat, fmt.upper()))
        return fmt, data, rows, lines.more
    if isinstance(answer, E.Boolean):
        fmt = _format(accept, "ask", explicit)
        return fmt, answer.serialize(format=getattr(ox.QueryResultsFormat, fmt.upper())), 1, False
    fmt = _format(accept, "graph", explicit)
    lines = _Lines(max_rows)
    data = lines.read(answer, ox.RdfFormat.N_TRIPLES)
    quads = list(ox.parse(data, format=ox.RdfFormat.N_QUADS))
    return fmt, E.serialize(quads, fmt, E.all_prefixes), len(quads), lines.more


def _in_query_order(tsv: bytes, text: str) -> bytes:
    """TSV results of ``SELECT *`` with their columns in the order the query first names them."""
    from .sparqltext import first_appearance, is_select_star

    head, _, body = tsv.partition(b"\n")
    if not head or not is_select_star(text):
        return tsv
    variables = [v[1:] for v in head.decode("utf-8").split("\t")]
    order = first_appearance(text, variables)
    if order == variables:
        return tsv
    index = [variables.index(v) for v in order]
    rows = [b"\t".join([cells[i] for i in index]) for cells in (line.split(b"\t") for line in body.split(b"\n")[:-1])]
    return b"\n".join([("\t".join("?" + v for v in order)).encode("utf-8"), *rows, b""])


# ------------------------------------------------------------------ the server side: the pool
class _Busy(Exception):
    pass


class _Failed(Exception):
    """A job that got no answer: ``reason`` is "timeout", "memory", "died" or "busy"."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _rss(pid: int) -> int:
    """Resident memory of a process in bytes (0 if it is gone)."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            return int(f.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return 0


try:
    _PAGE = os.sysconf("SC_PAGE_SIZE")
except (ValueError, OSError, AttributeError):  # pragma: no cover
    _PAGE = 4096


class _Loop:
    """The server's event loop, kept once: ``asyncio.get_running_loop()`` makes a system call each time."""

    loop = None


class _Job:
    """One request's query: what to ask a worker, its deadline, and the frames of its answer."""

    __slots__ = ("task", "deadline", "frames", "waiting", "failed", "worker", "done", "sequence")

    def __init__(self, task, deadline: float | None):
        import collections

        self.task, self.deadline = task, deadline
        self.sequence = 0
        self.frames = collections.deque()
        self.waiting = None
        self.failed = None  # a reason once the job can get no (more) answer
        self.worker = None
        self.done = False

    def _wake(self) -> None:
        if self.waiting is not None and not self.waiting.done():
            self.waiting.set_result(None)

    def fail(self, reason: str) -> None:
        if not self.done and self.failed is None:
            self.failed = reason
            self._wake()

    async def next(self) -> tuple[bytes, bytes]:
        """The next frame of the answer; :class:`_Failed` if there will be none."""
        while not self.frames:
            if self.failed:
                raise _Failed(self.failed)
            self.waiting = _Loop.loop.create_future()
            await self.waiting
        frame = self.frames.popleft()
        worker = self.worker
        if worker is not None and worker.paused and len(self.frames) <= 1:
            worker.paused = False
            worker.transport.resume_reading()
        return frame


_PIPELINE_WINDOW = 0.01  # a job is queued in a worker behind one that started less than this ago...
_TAKE_BACK_AFTER = 0.05  # ...and taken back for another worker when that one runs longer than this


class _Worker(asyncio.Protocol):
    """The server's end of one worker's socket. A worker holds its running job and, under load, the
    next one (so that it never waits for the server between two); frames are handed to the job they
    answer as they come; reading pauses while a few chunks wait for a slow client (the worker then
    blocks: back-pressure). When a job's last frame arrives the worker takes more waiting jobs."""

    def __init__(self, pid: int, pool):
        import collections

        self.pid, self.pool = pid, pool
        self.killed = None  # why the server killed it: "timeout" or "memory"
        self.baseline = 0
        self.transport = None
        self.buffer = bytearray()
        self.jobs = collections.deque()  # sent to the worker, the running one first
        self.since = 0.0  # when the running job started
        self.sequence = 0
        self.ready = asyncio.get_running_loop().create_future()
        self.closed = False
        self.paused = False
        self.member = False  # taken into the pool (then replaced when it goes)

    def connection_made(self, transport):
        self.transport = transport

    def start(self, job: _Job) -> None:
        import pickle

        if not self.jobs:
            self.since = time.monotonic()
        self.sequence += 1
        job.worker, job.sequence = self, self.sequence
        self.jobs.append(job)
        self.transport.write(_frame(b"J", pickle.dumps((self.sequence, job.task))))

    def take_back(self, index: int) -> _Job | None:
        """Take back a job this worker has not started; it answers that one with a K frame."""
        job = self.jobs[index]
        if job.done or isinstance(job.task, _Returned):
            return None
        ghost = _Job(_Returned(), None)
        ghost.failed, ghost.worker = "taken back", self
        self.jobs[index] = ghost
        self.transport.write(_frame(b"S", job.sequence.to_bytes(4, "big")))
        job.worker = None
        job.frames.clear()
        return job

    def data_received(self, data):
        buffer = self.buffer
        buffer += data
        start, end = 0, len(buffer)
        while end - start >= 5:
            n = int.from_bytes(buffer[start + 1:start + 5], "big")
            if end - start - 5 < n:
                break
            kind = bytes(buffer[start:start + 1])
            payload = bytes(buffer[start + 5:start + 5 + n])
            start += 5 + n
            if not self.jobs:
                if kind == b"R" and not self.ready.done():
                    self.ready.set_result(None)
                continue
            job = self.jobs[0]
            if job.failed is None:
                job.frames.append((kind, payload))
            if kind == b"E" or kind == b"K":
                job.done = True
                self.jobs.popleft()
                job._wake()
                self.since = time.monotonic()
                self.pool._feed(self)
            elif len(job.frames) > 4 and not self.paused:
                self.paused = True
                self.transport.pause_reading()
        if start:
            del buffer[:start]
        if self.jobs and self.jobs[0].frames:
            self.jobs[0]._wake()

    def connection_lost(self, exc):
        self.closed = True
        if not self.ready.done():
            self.ready.set_result(None)
        self.pool._lost(self)


class _Returned:
    """The task of a placeholder for a job taken back from a worker."""


class _Pool:
    """Warm worker processes, a bounded queue of jobs waiting for one, and a watchdog that kills a
    worker past its job's deadline or over its memory allowance."""

    def __init__(self, kg, settings: Settings):
        import collections

        self.kg, self.settings = kg, settings
        self.size = settings.pool_size()
        self.workers: set[_Worker] = set()
        self.idle: list[_Worker] = []
        self.queue = collections.deque()
        self.dead: list[int] = []
        self.memory = settings.max_query_memory * 1024 * 1024
        self.closing = False
        self.watchdog = None
        global _PIPELINE_WINDOW
        # a test hook: queue behind any running job, so that taking jobs back is exercised
        _PIPELINE_WINDOW = float(os.environ.get("DRAMAGRAPH_TEST_PIPELINE_WINDOW") or _PIPELINE_WINDOW)

    async def start(self) -> None:
        _Loop.loop = asyncio.get_running_loop()
        for _ in range(self.size):
            self._feed(await self._spawn())
        self.watchdog = asyncio.get_running_loop().create_task(self._watch())

    async def _spawn(self) -> _Worker:
        parent, child = socket.socketpair()
        me = os.getpid()
        pid = os.fork()
        if pid == 0:  # the worker: keep only its socket and the standard streams
            try:
                fd = child.fileno()
                os.closerange(3, fd)
                os.closerange(fd + 1, _max_fd())
                _worker_main(self.kg, child, me)
            finally:
                os._exit(0)
        child.close()
        worker = None
        try:
            _, worker = await asyncio.get_running_loop().connect_accepted_socket(lambda: _Worker(pid, self), parent)
            await asyncio.wait_for(worker.ready, 120)
            if worker.closed:
                raise EOFError
        except (OSError, EOFError, asyncio.TimeoutError):
            self._kill(pid)
            if worker is not None:
                worker.transport.close()
            raise DramagraphError("a query worker could not start") from None
        worker.baseline = _rss(pid)
        worker.member = True
        self.workers.add(worker)
        return worker

    def submit(self, job: _Job) -> None:
        """Give ``job`` to an idle worker, or queue it behind a worker's young job, or queue it here;
        :class:`_Busy` if the queue is full."""
        if self.idle:
            self.idle.pop().start(job)
            return
        waiting = len(self.queue) + sum(len(w.jobs) - 1 for w in self.workers if w.jobs)
        if waiting >= self.settings.max_queue:
            raise _Busy
        if not self.queue:
            now = time.monotonic()
            for worker in self.workers:
                if len(worker.jobs) == 1 and now - worker.since < _PIPELINE_WINDOW:
                    worker.start(job)
                    return
        self.queue.append(job)

    def _feed(self, worker: _Worker) -> None:
        """Give ``worker`` waiting jobs (up to two, the second only behind a young one), or let it rest."""
        queue = self.queue
        while queue and len(worker.jobs) < 2:
            if worker.jobs and time.monotonic() - worker.since > _PIPELINE_WINDOW:
                break
            job = queue.popleft()
            if job.failed is None:
                worker.start(job)
        if not worker.jobs and worker in self.workers and worker not in self.idle:
            self.idle.append(worker)

    def abandon(self, job: _Job) -> None:
        """The request gave up on ``job`` (its client is gone or too slow): stop its work."""
        job.fail("abandoned")
        worker = job.worker
        if worker is None or job.done or worker not in self.workers:
            return
        if worker.jobs and worker.jobs[0] is job:
            self._retire(worker)
        elif job in worker.jobs:
            worker.take_back(worker.jobs.index(job))

    def _retire(self, worker: _Worker) -> None:
        self.workers.discard(worker)
        if worker in self.idle:
            self.idle.remove(worker)
        self._kill(worker.pid)
        worker.transport.close()

    def _lost(self, worker: _Worker) -> None:
        """A worker's socket closed (killed, or it died): fail its running job, put back the jobs it
        had not started, start another worker."""
        self.workers.discard(worker)
        if worker in self.idle:
            self.idle.remove(worker)
        if worker.pid not in self.dead:
            self._kill(worker.pid)
        jobs = list(worker.jobs)
        worker.jobs.clear()
        if jobs:
            jobs[0].fail(worker.killed or "died")
            for job in reversed(jobs[1:]):  # never started: they go first to another worker
                if job.failed is None:
                    job.worker = None
                    self.queue.appendleft(job)
            while self.idle and self.queue:
                self._feed(self.idle.pop())
        if worker.member and not self.closing:
            worker.member = False
            asyncio.get_running_loop().create_task(self._replace())

    async def _replace(self) -> None:
        while not self.closing:
            try:
                worker = await self._spawn()
            except (DramagraphError, OSError) as e:
                sys.stderr.write(f"dramagraph: error: {e}; trying again in 1 s\n")
                await asyncio.sleep(1)
                continue
            self._feed(worker)
            return

    def _kill(self, pid: int) -> None:
        import signal

        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        if pid not in self.dead:
            self.dead.append(pid)

    def _reap(self) -> None:
        alive = []
        for pid in self.dead:
            try:
                done, _ = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                continue
            if not done:
                alive.append(pid)
        self.dead = alive

    async def _watch(self) -> None:
        tick = 0
        while not self.closing:
            await asyncio.sleep(0.05)
            now = time.monotonic()
            tick += 1
            taken = []
            for worker in list(self.workers):
                if len(worker.jobs) > 1 and now - worker.since > _TAKE_BACK_AFTER:
                    taken += [job for job in (worker.take_back(i) for i in range(1, len(worker.jobs))) if job]
                if worker.jobs:
                    deadline = worker.jobs[0].deadline
                    if deadline is not None and now > deadline:
                        worker.killed = "timeout"
                    elif _rss(worker.pid) - worker.baseline > self.memory:
                        worker.killed = "memory"
                    if worker.killed:
                        self._retire(worker)
                elif tick % 20 == 0 and worker in self.idle and _rss(worker.pid) - worker.baseline > self.memory // 2:
                    # an idle worker that kept memory from earlier queries: start afresh
                    worker.killed = "recycled"
                    self._retire(worker)
            for job in reversed(taken):  # behind a long job: first in line for another worker
                self.queue.appendleft(job)
            while taken and self.idle and self.queue:
                self._feed(self.idle.pop())
            if self.queue:
                kept = [job for job in self.queue if job.failed is None]
                for job in kept:
                    if job.deadline is not None and now > job.deadline:
                        job.fail("timeout")
                self.queue = type(self.queue)(job for job in kept if job.failed is None)
            self._reap()

    async def close(self) -> None:
        self.closing = True
        if self.watchdog:
            self.watchdog.cancel()
        for worker in list(self.workers):
            self._retire(worker)
        for job in self.queue:
            job.fail("died")
        deadline = time.monotonic() + 5
        while self.dead and time.monotonic() < deadline:
            self._reap()
            await asyncio.sleep(0.01)


def _max_fd() -> int:
    try:
        return int(os.sysconf("SC_OPEN_MAX"))
    except (ValueError, OSError):  # pragma: no cover
        return 65536


# ------------------------------------------------------------------ the HTTP application
class _SlowClient(Exception):
    """The client did not take the answer before the deadline: the connection is dropped."""


def _log_filter():
    import logging

    class DropSlowClient(logging.Filter):
        def filter(self, record):
            return not (record.exc_info and isinstance(record.exc_info[1], _SlowClient))

    return DropSlowClient()


def create_app(kg, timeout: float | None = 30.0, max_rows: int = 10_000, max_request_bytes: int = 100_000,
               settings: Settings | None = None, on_ready=None):
    """The ASGI application serving ``kg`` (its worker pool starts with the ASGI lifespan)."""
    from urllib.parse import parse_qsl, quote

    from starlette.middleware.trustedhost import TrustedHostMiddleware

    from .page import vis_assets
    from .querying import catalog, get

    settings = settings or Settings(timeout=timeout, max_rows=max_rows, max_request_bytes=max_request_bytes)
    timeout, max_rows, max_request_bytes = settings.timeout, settings.max_rows, settings.max_request_bytes
    pool = _Pool(kg, settings)
    queries = catalog()
    listing = [{"name": q.name, "title": q.title, "description": q.description,
                "params": [{"name": p.name, "kind": p.kind, "required": p.required, "default": p.default,
                            "example": p.example, "doc": p.doc} for p in q.params],
                "text": q.text} for q in queries.values()]
    import json
    import pickle

    listing_body = json.dumps(listing).encode("utf-8")
    js, css = vis_assets()
    page = (_EXPLORER.replace("%%VIS_CSS%%", css.replace("</style", "<\\/style"))
            .replace("%%VIS_JS%%", js.replace("</script", "<\\/script")).replace("%%APP_JS%%", _EXPLORER_JS))
    page_body = page.encode("utf-8")
    text_plain = "text/plain; charset=utf-8"

    async def respond(send, status: int, body: bytes, media: str, headers: dict | None = None):
        raw = [(b"content-type", media.encode("latin-1")), (b"content-length", str(len(body)).encode())]
        for k, v in (headers or {}).items():
            raw.append((k.lower().encode("latin-1"), v.encode("latin-1")))
        await send({"type": "http.response.start", "status": status, "headers": raw})
        await send({"type": "http.response.body", "body": body})

    async def error(send, status: int, message: str, headers: dict | None = None):
        await respond(send, status, (message + "\n").encode("utf-8"), text_plain, headers)

    async def read_body(receive, deadline: float) -> bytes | None:
        body = bytearray()
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise asyncio.TimeoutError
            message = await asyncio.wait_for(receive(), remaining)
            if message["type"] == "http.disconnect":
                raise asyncio.TimeoutError
            body += message.get("body", b"")
            if len(body) > max_request_bytes:
                return None
            if not message.get("more_body"):
                return bytes(body)

    async def run_job(scope, send, job, started: float):
        deadline = started + timeout if timeout else None
        work = _Job(job, deadline)
        try:
            pool.submit(work)
        except _Busy:
            return await error(send, 503, f"server busy: {pool.size} queries are running and "
                                          f"{settings.max_queue} are waiting; try again shortly",
                               {"Retry-After": "1"})
        streaming = False
        try:
            _, meta = await work.next()
            status, media, headers, rows = pickle.loads(meta)
            scope["dramagraph.rows"] = rows
            _, chunk = await work.next()
            following, more = await work.next()
            raw = [(b"content-type", media.encode("latin-1"))]
            if following == b"E":
                raw.append((b"content-length", str(len(chunk)).encode()))
            raw += [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]
            await send({"type": "http.response.start", "status": status, "headers": raw})
            streaming = True
            if following == b"E":
                await send({"type": "http.response.body", "body": chunk})
                return
            await _send_before(send, {"type": "http.response.body", "body": chunk, "more_body": True}, deadline)
            while following == b"D":
                await _send_before(send, {"type": "http.response.body", "body": more, "more_body": True},
                                   deadline)
                following, more = await work.next()
            await send({"type": "http.response.body", "body": b""})
        except _Failed as e:
            if streaming:
                raise _SlowClient from None  # the status is sent: drop the connection
            if e.reason == "timeout":
                await error(send, 503, _timed_out(timeout))
            elif e.reason == "memory":
                await error(send, 503, f"the query needed more than {settings.max_query_memory} MB of memory "
                                       f"and was stopped; make it more selective")
            else:
                await error(send, 500, "the query worker stopped unexpectedly (out of memory?)")
        except BaseException:
            pool.abandon(work)
            raise

    async def sparql(scope, receive, send, started):
        method = scope["method"]
        params = dict(parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True))
        if method == "GET":
            if "update" in params:
                return await error(send, 403, _UPDATE_REFUSED)
            text = params.get("query")
        elif method == "POST":
            try:
                body = await read_body(receive, started + (settings.header_timeout or 1e9))
            except asyncio.TimeoutError:
                return await error(send, 408, f"the request body did not arrive within "
                                              f"{settings.header_timeout:g} s", {"Connection": "close"})
            if body is None:
                return await error(send, 413, f"request larger than {max_request_bytes} bytes")
            content_type = _header(scope, b"content-type").split(";")[0].strip().lower()
            try:
                decoded = body.decode("utf-8")
            except UnicodeDecodeError:
                return await error(send, 400, "the request body is not UTF-8")
            if content_type == "application/sparql-update":
                return await error(send, 403, _UPDATE_REFUSED)
            if content_type == "application/sparql-query":
                text = decoded
            elif content_type == "application/x-www-form-urlencoded":
                form = dict(parse_qsl(decoded, keep_blank_values=True))
                if "update" in form:
                    return await error(send, 403, _UPDATE_REFUSED)
                text = form.get("query")
                params.update({k: v for k, v in form.items() if k == "format"})
            else:
                return await error(send, 415, "send application/sparql-query or application/x-www-form-urlencoded")
        else:
            return await error(send, 405, "use GET or POST", {"Allow": "GET, POST"})
        if not text:
            return await error(send, 400, "no query: give query=...")
        if len(text.encode("utf-8")) > max_request_bytes:
            return await error(send, 413, f"query larger than {max_request_bytes} bytes")
        job = ("sparql", text, {}, _header(scope, b"accept"), params.get("format"), max_rows)
        await run_job(scope, send, job, started)

    async def named(scope, receive, send, started, name):
        try:
            query = get(name)
        except UsageError as e:
            return await error(send, 404, str(e).replace("see `dramagraph queries`", "see /queries"))
        params = dict(parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True))
        explicit = params.pop("format", None)
        for p in query.params:
            if p.required and p.name not in params:
                example = quote(p.example or "...", safe="")
                return await error(send, 400, f"query {query.name!r} needs the parameter {p.name!r} "
                                              f"({p.doc or p.kind}), e.g. /queries/{query.name}?{p.name}={example}")
        job = ("named", name, params, _header(scope, b"accept"), explicit, max_rows)
        await run_job(scope, send, job, started)

    async def app(scope, receive, send):
        if scope["type"] == "lifespan":
            return await lifespan(receive, send)
        if scope["type"] != "http":
            return
        started = time.monotonic()
        path, method = scope["path"], scope["method"]
        if path == "/sparql":
            return await sparql(scope, receive, send, started)
        if method not in ("GET", "HEAD"):
            return await error(send, 405, "use GET", {"Allow": "GET"})
        if path == "/":
            return await respond(send, 200, page_body, "text/html; charset=utf-8")
        if path == "/queries":
            return await respond(send, 200, listing_body, "application/json")
        if path.startswith("/queries/") and path.count("/") == 2:
            return await named(scope, receive, send, started, path[len("/queries/"):])
        return await error(send, 404, "not found: the endpoints are /sparql, /queries, /queries/NAME and /")

    async def lifespan(receive, send):
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                try:
                    await pool.start()
                except BaseException as e:  # noqa: BLE001 - say why, and do not serve
                    await pool.close()
                    await send({"type": "lifespan.startup.failed", "message": str(e)})
                    return
                if on_ready:
                    on_ready()
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await pool.close()
                await send({"type": "lifespan.shutdown.complete"})
                return

    guarded = TrustedHostMiddleware(app, allowed_hosts=settings.allowed_hosts, www_redirect=False)
    wrapped = guarded if settings.quiet else _logged(guarded)
    wrapped.pool = pool  # type: ignore[attr-defined]
    return wrapped


def _timed_out(timeout) -> str:
    return f"timeout: the query ran out of time after {timeout:g} s and was stopped; make it more selective"


async def _send_before(send, message, deadline):
    if deadline is None:
        return await send(message)
    remaining = deadline - time.monotonic()
    try:
        await asyncio.wait_for(send(message), max(remaining, 0.001))
    except asyncio.TimeoutError:
        raise _SlowClient from None


def _header(scope, name: bytes) -> str:
    for key, value in scope["headers"]:
        if key == name:
            return value.decode("latin-1")
    return ""


class _logged:
    """One line per request on standard error: client, method, path, status, time, rows."""

    def __init__(self, app):
        self.app = app
        self.pending: list[str] = []  # lines of this turn of the event loop, written together

    def _flush(self) -> None:
        lines, self.pending = self.pending, []
        try:
            sys.stderr.write("".join(lines))
            sys.stderr.flush()
        except (OSError, ValueError):
            pass

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = time.perf_counter()
        status = [None, False]

        async def watch(message):
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            elif not message.get("more_body"):
                status[1] = True
            await send(message)

        try:
            await self.app(scope, receive, watch)
        finally:
            rows = scope.get("dramagraph.rows")
            client = scope.get("client")
            path = scope.get("raw_path") or scope["path"].encode("utf-8")
            shown = path[:200].decode("ascii", "backslashreplace")
            if any(c < 0x21 or c > 0x7e for c in path[:200]):
                shown = "".join(ch if 0x21 <= ord(ch) <= 0x7e else f"\\x{ord(ch):02x}" for ch in shown)
            outcome = f"{status[0]}" if status[1] else f"{status[0] or '-'} aborted"
            line = (f"{client[0] if client else '-'} {scope['method']} {shown} {outcome} "
                    f"{(time.perf_counter() - started) * 1000:.1f} ms"
                    f"{'' if rows is None else f' {rows} row' + ('' if rows == 1 else 's')}\n")
            self.pending.append(line)
            if len(self.pending) == 1:
                (_Loop.loop or asyncio.get_running_loop()).call_soon(self._flush)


# ------------------------------------------------------------------ the HTTP server (uvicorn)
def _guarded_protocol(settings: Settings):
    """uvicorn's httptools protocol, plus a deadline for request headers, a cap on their size, and a
    cap on the connections of one client address."""
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    per_client: dict[str, int] = {}
    cap, header_timeout = settings.max_connections_per_client, settings.header_timeout
    max_header_bytes = 64 * 1024

    class GuardedProtocol(HttpToolsProtocol):
        _counted = None
        _header_timer = None
        _header_bytes = 0

        def connection_made(self, transport):
            super().connection_made(transport)
            self.transport = _Coalesced(transport, self.loop)
            address = self.client[0] if self.client else "?"
            if per_client.get(address, 0) >= cap:
                transport.abort()
                return
            per_client[address] = per_client.get(address, 0) + 1
            self._counted = address
            self._arm()

        def _arm(self):
            if self._header_timer is None and header_timeout:
                self._header_bytes = 0
                self._header_timer = self.loop.call_later(header_timeout, self._headers_too_slow)

        def _disarm(self):
            if self._header_timer is not None:
                self._header_timer.cancel()
                self._header_timer = None

        def _headers_too_slow(self):
            self._header_timer = None
            if not self.transport.is_closing():
                self.transport.write(b"HTTP/1.1 408 Request Timeout\r\nContent-Length: 0\r\n"
                                     b"Connection: close\r\n\r\n")
                self.transport.close()

        def connection_lost(self, exc):
            self._disarm()
            if self._counted is not None:
                left = per_client.get(self._counted, 1) - 1
                if left > 0:
                    per_client[self._counted] = left
                else:
                    per_client.pop(self._counted, None)
                self._counted = None
            super().connection_lost(exc)

        def data_received(self, data):
            if self._header_timer is not None:
                self._header_bytes += len(data)
                if self._header_bytes > max_header_bytes:
                    self._disarm()
                    self.send_400_response("Request headers too large.")
                    return
            elif self.cycle is None or self.cycle.response_complete:
                self._arm()  # the first bytes of the next request on a kept-alive connection
                self._header_bytes = len(data)
            super().data_received(data)

        def on_headers_complete(self):
            self._disarm()
            super().on_headers_complete()

    return GuardedProtocol


class _Coalesced:
    """A transport whose writes within one turn of the event loop leave in one system call (uvicorn
    writes a response's head and body separately: two TCP segments and two wake-ups for the client)."""

    __slots__ = ("_transport", "_loop", "_pending")

    def __init__(self, transport, loop):
        self._transport, self._loop, self._pending = transport, loop, None

    def write(self, data) -> None:
        if self._pending is None:
            self._pending = [data]
            self._loop.call_soon(self._flush)
        else:
            self._pending.append(data)

    def _flush(self) -> None:
        pending, self._pending = self._pending, None
        if pending and not self._transport.is_closing():
            self._transport.write(b"".join(pending))

    def close(self) -> None:
        if self._pending:
            self._flush()
        self._transport.close()

    def __getattr__(self, name):
        return getattr(self._transport, name)


def _loopback(host: str) -> bool:
    import ipaddress

    if host in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def allowed_hosts(host: str, extra=()) -> list[str]:
    """The Host header values answered by a server bound to ``host``: the bound host and, bound to the
    loopback, localhost, 127.0.0.1 and [::1]; bound to all interfaces, also this machine's names.

    >>> allowed_hosts("127.0.0.1")
    ['127.0.0.1', 'localhost', '[::1]']
    >>> allowed_hosts("::1", ["graph.example"])
    ['[::1]', 'localhost', '127.0.0.1', 'graph.example']
    """
    def shown(h: str) -> str:
        return f"[{h}]" if ":" in h and not h.startswith("[") else h

    hosts = [shown(host)] if host not in ("0.0.0.0", "::", "", "[::]") else []
    if _loopback(host) or not hosts:
        hosts += ["localhost", "127.0.0.1", "[::1]"]
    if not hosts or host in ("0.0.0.0", "::", "", "[::]"):
        try:
            name = socket.gethostname()
            hosts += [name, socket.getfqdn()]
            hosts += [shown(info[4][0]) for info in socket.getaddrinfo(name, None)]
        except OSError:
            pass
    hosts += [h.lower() for h in extra]
    return list(dict.fromkeys(h.lower() for h in hosts if h))


def bind_warning(host: str) -> str | None:
    """A warning for a server reachable from other machines.

    >>> bind_warning("127.0.0.1") is None
    True
    >>> bind_warning("0.0.0.0")
    'dramagraph: warning: listening on all interfaces (0.0.0.0): anyone who can reach this machine can query the graph'
    """
    if host in ("0.0.0.0", "::", "", "[::]"):
        return (f"dramagraph: warning: listening on all interfaces ({host}): anyone who can reach this machine "
                f"can query the graph")
    return None


def _listen(host: str, port: int) -> socket.socket:
    """A listening socket on ``host``:``port``, or a :class:`UsageError` saying why not."""
    import errno

    bare = host.strip("[]")
    try:
        infos = socket.getaddrinfo(bare or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError) as e:
        raise UsageError(f"cannot listen on {host}: {getattr(e, 'strerror', None) or e}") from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if family == socket.AF_INET6 and bare in ("::", ""):
            sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        sock.bind(address)
        sock.listen(1024)
    except OSError as e:
        sock.close()
        if e.errno == errno.EADDRINUSE:
            raise UsageError(f"port {port} on {host} is in use: stop the program using it, or choose another "
                             f"port with --port") from None
        if e.errno == errno.EACCES:
            raise UsageError(f"not allowed to listen on port {port} (ports below 1024 need privileges): "
                             f"choose another port with --port") from None
        if e.errno == errno.EADDRNOTAVAIL:
            raise UsageError(f"cannot listen on {host}: not an address of this machine") from None
        raise UsageError(f"cannot listen on {host}:{port}: {e.strerror or e}") from None
    sock.set_inheritable(True)
    return sock


def run(kg, host: str = "127.0.0.1", port: int = 8000, timeout: float | None = 30.0, max_rows: int = 10_000,
        max_request_bytes: int = 100_000, settings: Settings | None = None) -> None:
    """Serve ``kg`` until interrupted. Says "serving" only once it listens and its workers are ready;
    a port in use is a :class:`UsageError` (exit 2)."""
    import logging

    import uvicorn

    settings = settings or Settings(timeout=timeout, max_rows=max_rows, max_request_bytes=max_request_bytes,
                                    allowed_hosts=allowed_hosts(host))
    sock = _listen(host, port)
    warning = bind_warning(host)
    if warning:
        sys.stderr.write(warning + "\n")
    shown = f"[{host.strip('[]')}]" if ":" in host else host
    bound_port = sock.getsockname()[1]

    def ready():
        sys.stderr.write(f"dramagraph: serving SPARQL at http://{shown}:{bound_port}/sparql and the explorer at "
                         f"http://{shown}:{bound_port}/ (Ctrl-C stops)\n")
        sys.stderr.flush()

    app = create_app(kg, settings=settings, on_ready=ready)
    logging.getLogger("uvicorn.error").addFilter(_log_filter())
    config = uvicorn.Config(app, http=_guarded_protocol(settings), lifespan="on",
                            log_level="error" if settings.quiet else "warning", access_log=False,
                            limit_concurrency=settings.max_connections, timeout_keep_alive=5,
                            timeout_graceful_shutdown=5, server_header=False, proxy_headers=False)
    server = uvicorn.Server(config)
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
    if not server.started:
        raise DramagraphError("the server could not start (see the message above)")


_EXPLORER = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src data:">
<title>dramagraph explorer</title>
<style>%%VIS_CSS%%</style>
<style>
body { font-family: system-ui, sans-serif; margin: 0; display: flex; flex-direction: column; height: 100vh; }
header { padding: 8px 12px; border-bottom: 1px solid #ddd; } header h1 { font-size: 18px; margin: 0; }
main { flex: 1; display: grid; grid-template-columns: 1fr 1fr; grid-template-rows: auto 1fr; gap: 8px; padding: 8px; min-height: 0; }
#editor { grid-column: 1 / 3; }
#query { width: 100%; height: 140px; font-family: monospace; box-sizing: border-box; }
#results { overflow: auto; font-size: 13px; } #results table { border-collapse: collapse; }
#results td, #results th { border: 1px solid #ddd; padding: 2px 6px; text-align: left; }
#graph { border: 1px solid #ddd; min-height: 300px; }
#status { color: #555; font-size: 13px; margin-left: 8px; }
</style>
</head>
<body>
<header><h1>dramagraph explorer</h1></header>
<main>
<div id="editor">
<label>Example: <select id="examples"><option value="">(choose a named query)</option></select></label>
<textarea id="query" spellcheck="false">SELECT ?personName ?titleName ?characterName WHERE {
  ?title schema:actor ?role . ?role schema:actor ?person ; schema:characterName ?characterName .
  ?person schema:name ?personName . ?title schema:name ?titleName .
} LIMIT 20</textarea>
<button id="run">Run</button><span id="status"></span>
</div>
<div id="results"></div>
<div id="graph"></div>
</main>
<script>%%VIS_JS%%</script>
<script>%%APP_JS%%</script>
</body>
</html>
"""

_EXPLORER_JS = r"""
(function () {
  "use strict";
  // the server predeclares the dramagraph prefixes (schema:, skos:, title:, person:, ...)
  function el(tag, text) { var e = document.createElement(tag); if (text !== undefined) e.textContent = text; return e; }
  var status = document.getElementById("status"), query = document.getElementById("query");
  var examples = document.getElementById("examples"), named = {}, chosen = null;
  fetch("queries").then(function (r) { return r.json(); }).then(function (list) {
    list.forEach(function (q) { named[q.name] = q; var o = el("option", q.name + ": " + q.title); o.value = q.name; examples.appendChild(o); });
    window.dramagraphExplorer.loaded = true;
  });
  examples.addEventListener("change", function () {
    var q = named[examples.value]; if (!q) return;
    query.value = q.text; chosen = { name: q.name, text: q.text, params: q.params };
  });
  var network = null;
  function show(data) {
    var results = document.getElementById("results"); results.textContent = "";
    if (data.boolean !== undefined) { results.appendChild(el("p", data.boolean ? "yes" : "no")); return; }
    var vars = data.head.vars, table = el("table"), head = el("tr");
    vars.forEach(function (v) { head.appendChild(el("th", v)); }); table.appendChild(head);
    var nodes = {}, edges = [];
    data.results.bindings.forEach(function (b) {
      var tr = el("tr"), row = [];
      vars.forEach(function (v) { var t = b[v]; tr.appendChild(el("td", t ? t.value : "")); row.push(t); });
      table.appendChild(tr);
      for (var i = 0; i < row.length; i++) {
        if (!row[i]) continue;
        var id = row[i].type + ":" + row[i].value;
        nodes[id] = { id: id, label: row[i].value.length > 40 ? row[i].value.slice(0, 40) + "\u2026" : row[i].value,
                      shape: row[i].type === "uri" ? "dot" : "box" };
        if (i > 0 && row[i - 1]) edges.push({ from: row[i - 1].type + ":" + row[i - 1].value, to: id });
      }
    });
    results.appendChild(table);
    if (network) network.destroy();
    network = new vis.Network(document.getElementById("graph"),
      { nodes: new vis.DataSet(Object.values(nodes)), edges: new vis.DataSet(edges) },
      { physics: { stabilization: { iterations: 100 } }, edges: { smooth: false } });
    window.dramagraphExplorer.rows = data.results.bindings.length;
  }
  function run() {
    var text = query.value, request, accept = { Accept: "application/sparql-results+json" };
    window.dramagraphExplorer.done = false;
    if (chosen && text === chosen.text) {  // a named query as it stands: run it with its example values
      var args = new URLSearchParams();
      chosen.params.forEach(function (p) { if (p.example) args.set(p.name, p.example); });
      request = fetch("queries/" + encodeURIComponent(chosen.name) + "?" + args.toString(), { headers: accept });
    } else {
      var body = new URLSearchParams(); body.set("query", text);
      request = fetch("sparql", { method: "POST", body: body, headers: accept });
    }
    status.textContent = "running\u2026";
    request.then(function (r) {
      return r.text().then(function (t) { if (!r.ok) throw new Error(t); return JSON.parse(t); });
    }).then(function (data) { status.textContent = ""; show(data); window.dramagraphExplorer.done = true; })
      .catch(function (e) { status.textContent = String(e.message || e); window.dramagraphExplorer.done = true; });
  }
  document.getElementById("run").addEventListener("click", run);
  window.dramagraphExplorer = { run: run, loaded: false, done: false, rows: 0 };
})();
"""
