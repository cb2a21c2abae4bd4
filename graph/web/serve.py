"""Step 7: ``dramagraph serve``, a read-only SPARQL 1.1 Protocol endpoint and a web explorer.

The last step of the data's way for programs (``store`` → ``catalog``/``querying`` → **serve**). This module opens
the listening socket and runs uvicorn (:func:`run`); the server is made of these parts, in the order a
request meets them:

========================  ===========================================================================
``graph.web.serveconfig``     :class:`Settings` (the limits) and the ``Host`` names answered
``graph.web.httpguard``       each connection: header deadline and size, connections per client, the log
``graph.web.httpapp``         the ASGI application: routes, request parsing, the explorer page, relaying
``graph.web.workers``         the pool of warm query workers, its bounded queue and its watchdog
``graph.web.workerlink``      the HTTP process's end of one worker: jobs out, answer frames back
``graph.web.workerproc``      the forked worker process and the wire format between the two
``graph.web.answers``         one job inside a worker: guards, evaluation, row limit, negotiated format
========================  ===========================================================================

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
  the query (:func:`graph.query.sparqlcheck.refuse_unsafe`), and ``FROM`` loads nothing.
* Only requests whose ``Host`` is one of the allowed names are answered (400 otherwise), so a web page
  cannot reach a local server through DNS rebinding.
"""

from __future__ import annotations

import errno
import logging
import socket
import sys

import uvicorn

from .answers import MEDIA_TYPES
from ..errors import InternalError, UsageError
from .httpapp import create_app
from .httpguard import DropSlowClient, guarded_protocol
from .serveconfig import Settings, allowed_hosts, bind_warning

__all__ = ["create_app", "run", "bind_warning", "allowed_hosts", "Settings", "MEDIA_TYPES"]


def _listen(host: str, port: int) -> socket.socket:
    """A listening socket on ``host``:``port``, or a :class:`UsageError` saying why not."""
    if not 0 <= port <= 65535:
        raise UsageError(f"--port {port}: a port is a number from 0 to 65535")
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


def run(kg, host: str = "127.0.0.1", port: int = 8000, settings: Settings | None = None) -> None:
    """Serve ``kg`` until interrupted, with the limits of ``settings`` (default: :class:`Settings` and
    the ``Host`` names of :func:`allowed_hosts`). Says "serving" only once it listens and its workers
    are ready; a port in use is a :class:`UsageError` (exit 2)."""
    settings = settings or Settings(allowed_hosts=allowed_hosts(host))
    sock = _listen(host, port)
    warning = bind_warning(host)
    if warning:
        sys.stderr.write(warning + "\n")
    shown = f"[{host.strip('[]')}]" if ":" in host else host
    bound_port = sock.getsockname()[1]

    def ready():
        base = f"http://{shown}:{bound_port}"
        sys.stderr.write(f"dramagraph: serving SPARQL at {base}/sparql, the explorer at {base}/ and the network "
                         f"from a search at {base}/explore (Ctrl-C stops)\n")
        sys.stderr.flush()

    app = create_app(kg, settings=settings, on_ready=ready)
    logging.getLogger("uvicorn.error").addFilter(DropSlowClient())
    config = uvicorn.Config(app, http=guarded_protocol(settings), lifespan="on",
                            log_level="error" if settings.quiet else "warning", access_log=False,
                            limit_concurrency=settings.max_connections, timeout_keep_alive=5,
                            timeout_graceful_shutdown=5, server_header=False, proxy_headers=False)
    server = uvicorn.Server(config)
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
    if not server.started:
        raise InternalError("the server could not start (see the message above)")
