"""The connections of ``dramagraph serve``, before and after the application sees a request.

Where it sits: the socket → **httpguard** (uvicorn's httptools protocol, guarded) → ``httpapp`` (the
ASGI application, wrapped in :class:`RequestLog`). :func:`guarded_protocol` gives each connection a
deadline for its request headers (408 after ``header_timeout``), caps their size (64 KiB) and the
connections of one client address, and sends a response's head and body in one write
(:class:`Coalesced`). :class:`RequestLog` writes one line per request on standard error: client, method,
path, status, time, rows. A client too slow to take its answer (:class:`SlowClient`) is dropped
without a traceback in the log.
"""

from __future__ import annotations

import asyncio
import logging
import sys
import time

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from .serveconfig import Settings

__all__ = ["SlowClient", "DropSlowClient", "RequestLog", "guarded_protocol", "Coalesced"]


class SlowClient(Exception):
    """The client did not take the answer before the deadline: the connection is dropped."""


class DropSlowClient(logging.Filter):
    """Keeps :class:`SlowClient` out of uvicorn's error log: the dropped connection is the answer."""

    def filter(self, record):
        return not (record.exc_info and isinstance(record.exc_info[1], SlowClient))


class RequestLog:
    """One line per request on standard error: client, method, path, status, time, rows."""

    def __init__(self, app):
        self.app = app
        self.loop = None  # the server's event loop, kept once (asking for it is a system call)
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
                if self.loop is None:
                    self.loop = asyncio.get_running_loop()
                self.loop.call_soon(self._flush)



def guarded_protocol(settings: Settings):
    """uvicorn's httptools protocol, plus a deadline for request headers, a cap on their size, and a
    cap on the connections of one client address."""
    per_client: dict[str, int] = {}
    cap, header_timeout = settings.max_connections_per_client, settings.header_timeout
    max_header_bytes = 64 * 1024

    class GuardedProtocol(HttpToolsProtocol):
        _counted = None
        _header_timer = None
        _header_bytes = 0

        def connection_made(self, transport):
            super().connection_made(transport)
            self.transport = Coalesced(transport, self.loop)
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


class Coalesced:
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
