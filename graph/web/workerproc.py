"""A query worker of ``dramagraph serve``: the forked process that answers jobs, one at a time.

Where it sits: ``workers`` (the pool in the HTTP process forks it and talks to it over a socket pair)
→ **workerproc** → ``answers`` (which evaluates each job). This module also owns the wire format both
ends speak: a frame is one kind byte, a 4-byte big-endian length and the payload.

From the server: ``J`` a job (a pickled ``(sequence, task)``), ``S`` a job taken back before it started
(its sequence number). From the worker: ``R`` ready (once, after start), then for each job ``M`` (the
pickled status, media type, headers and row count), ``D`` chunks of the body and ``E`` its end; or ``K``
for a job it skipped because the server took it back.
"""

from __future__ import annotations

import collections
import copy
import ctypes
import os
import pickle
import signal
import socket

from .answers import answer, error_answer
from ..network import expand
from . import nodepage
from ..errors import DramagraphError, InternalError

__all__ = ["frame", "worker_main", "CHUNK"]

CHUNK = 1 << 16  # bytes of body per D frame


def frame(kind: bytes, payload: bytes = b"") -> bytes:
    """One frame of the wire format.

    >>> frame(b"D", b"abc")
    b'D\\x00\\x00\\x00\\x03abc'
    """
    return kind + len(payload).to_bytes(4, "big") + payload


def _explore(kg, op: str, target: str, limit: str):
    """A job of the /explore page: a name search, a node's neighbourhood or how two names are connected, as JSON."""
    import json

    if op == "path":  # target: (from, to, via)
        found = expand.connection(kg, *target)
        rows = found["total"]
    else:
        found = expand.search(kg, target, limit) if op == "search" else expand.neighbourhood(kg, target, limit)
        rows = len(found["results"] if op == "search" else found["neighbours"])
    body = json.dumps(found, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return 200, "application/json", {"Cache-Control": "no-store"}, rows, body


def _die_with_parent() -> None:
    """Ask Linux to kill this process when the server process dies (prctl PR_SET_PDEATHSIG)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL), 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the worker still leaves when its socket closes
        pass


def worker_main(kg, sock, parent_pid: int) -> None:
    """Answer jobs from the server process, one at a time, until the socket closes."""
    _die_with_parent()
    if os.getppid() != parent_pid:
        return
    signal.set_wakeup_fd(-1)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server process decides when workers stop
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    kg = copy.copy(kg)
    kg.store = kg.reopen()  # an on-disk store: a handle of its own (RocksDB handles do not survive a fork)
    sock.sendall(frame(b"R"))
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
            sock.sendall(frame(b"K"))
            continue
        try:
            status, media, headers, rows, body = (_explore(kg, *job) if job[0] in ("search", "expand", "path")
                                                  else nodepage.answer(kg, *job[1:]) if job[0] == "node"
                                                  else answer(kg, *job))
        except DramagraphError as e:
            status, media, headers, rows, body = error_answer(e)
        except Exception as e:  # noqa: BLE001 - an engine error: say it, keep serving
            status, media, headers, rows = InternalError.http_status, "text/plain; charset=utf-8", {}, None
            body = f"query failed: {type(e).__name__}: {e}\n".encode("utf-8")
        meta = pickle.dumps((status, media, headers, rows))
        if len(body) <= CHUNK:
            sock.sendall(frame(b"M", meta) + frame(b"D", body) + frame(b"E"))
            continue
        sock.sendall(frame(b"M", meta))
        view = memoryview(body)
        for at in range(0, len(body), CHUNK):
            sock.sendall(frame(b"D", view[at:at + CHUNK]))
        sock.sendall(frame(b"E"))
        del body, view
