"""What ``dramagraph serve`` allows: its limits (:class:`Settings`) and the ``Host`` names it answers.

Where it sits: read by every part of the server (``serve`` → ``httpguard`` → ``httpapp`` → ``workers``);
it imports only the errors. Only requests whose ``Host`` is one of :func:`allowed_hosts` are
answered (400 otherwise), so that a web page cannot reach a local server through DNS rebinding.
"""

from __future__ import annotations

import ipaddress
import os
import socket
from dataclasses import dataclass, field

from ..errors import UsageError

__all__ = ["Settings", "allowed_hosts", "bind_warning"]


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


def _loopback(host: str) -> bool:
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
    for name in extra:
        if "*" in name[1:] or (name.startswith("*") and name != "*" and not name.startswith("*.")):
            raise UsageError(f"--allowed-host {name!r}: a name, an address, *.domain or *")

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
