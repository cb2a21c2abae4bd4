"""Remote SPARQL endpoints: the same named and ad-hoc queries on any SPARQL 1.1 Protocol server
(Oxigraph, Fuseki, QLever, Virtuoso, GraphDB, ...), and ``push`` to load the dataset there with the
SPARQL 1.1 Graph Store HTTP Protocol.

Only the standard library's HTTP client is used; every request has a timeout. Queries are sent by
POST (``application/x-www-form-urlencoded``), results asked for as SPARQL JSON (SELECT/ASK) or
N-Triples (CONSTRUCT/DESCRIBE). The dramagraph prefixes are declared in the query text sent, so the
server needs no configuration.
"""

from __future__ import annotations

import socket
import urllib.error
import urllib.parse
import urllib.request

from .errors import EndpointError, QueryTimeout, UsageError

__all__ = ["Endpoint", "push", "graph_store_url"]

_ACCEPT = {"select": "application/sparql-results+json", "ask": "application/sparql-results+json",
           "graph": "application/n-triples"}


def _prologue() -> str:
    from .iris import PREFIXES

    return "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())


class Endpoint:
    """A SPARQL 1.1 Protocol endpoint at ``url``.

    >>> Endpoint("ftp://example.org/sparql")
    Traceback (most recent call last):
    ...
    graph.errors.UsageError: an endpoint URL must start with http:// or https://, not 'ftp://example.org/sparql'
    """

    def __init__(self, url: str, timeout: float = 30.0):
        if not url.startswith(("http://", "https://")):
            raise UsageError(f"an endpoint URL must start with http:// or https://, not {url!r}")
        self.url = url
        self.timeout = timeout
        self.cache: dict = {}  # what is computed from its answers (see graph.names.cached)

    def __repr__(self) -> str:
        return f"Endpoint({self.url!r})"

    def _send(self, url: str, data: bytes | None, headers: dict, method: str, timeout: float | None) -> bytes:
        request = urllib.request.Request(url, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=timeout or self.timeout) as response:
                return response.read()
        except urllib.error.HTTPError as e:
            body = e.read().decode("utf-8", "replace").strip().splitlines()
            detail = f": {body[0][:300]}" if body else ""
            raise EndpointError(f"{url} answered HTTP {e.code} {e.reason}{detail}") from None
        except (socket.timeout, TimeoutError):
            raise QueryTimeout(f"{url} did not answer within {timeout or self.timeout:g} s") from None
        except urllib.error.URLError as e:
            if isinstance(e.reason, (socket.timeout, TimeoutError)):
                raise QueryTimeout(f"{url} did not answer within {timeout or self.timeout:g} s") from None
            raise EndpointError(f"cannot reach {url}: {e.reason}") from None
        except (ConnectionError, OSError) as e:
            raise EndpointError(f"cannot reach {url}: {e}") from None

    def execute(self, text: str, form: str, timeout: float | None = None) -> bytes:
        """Send a query; return SPARQL JSON results (select, ask) or N-Triples (graph)."""
        body = urllib.parse.urlencode({"query": _prologue() + text}).encode("utf-8")
        headers = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
                   "Accept": _ACCEPT[form], "User-Agent": "dramagraph"}
        return self._send(self.url, body, headers, "POST", timeout)

    def update(self, text: str, url: str | None = None, timeout: float | None = None) -> None:
        """Send a SPARQL Update (only when the user asked for it explicitly)."""
        body = urllib.parse.urlencode({"update": _prologue() + text}).encode("utf-8")
        self._send(url or self.url, body, {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
                                           "User-Agent": "dramagraph"}, "POST", timeout)

    def put_graph(self, store_url: str, graph: str | None, ntriples: bytes, timeout: float | None = None) -> None:
        """Replace one graph (``graph=None``: the default graph) by Graph Store Protocol PUT."""
        query = "default" if graph is None else urllib.parse.urlencode({"graph": graph})
        separator = "&" if "?" in store_url else "?"
        self._send(f"{store_url}{separator}{query}", ntriples,
                   {"Content-Type": "application/n-triples", "User-Agent": "dramagraph"}, "PUT", timeout)


def graph_store_url(endpoint_url: str) -> str:
    """The Graph Store Protocol URL next to a query endpoint, for servers that follow the common
    layout (Oxigraph ``/query`` → ``/store``, Fuseki ``/ds/sparql`` or ``/ds/query`` → ``/ds/data``).

    >>> graph_store_url("http://127.0.0.1:7878/query")
    'http://127.0.0.1:7878/store'
    >>> graph_store_url("http://localhost:3030/ds/sparql")
    'http://localhost:3030/ds/data'
    """
    base, _, last = endpoint_url.rstrip("/").rpartition("/")
    if last == "query" and base.count("/") <= 2:
        return f"{base}/store"
    if last in ("query", "sparql"):
        return f"{base}/data"
    raise UsageError(f"cannot guess the Graph Store Protocol URL of {endpoint_url}; give --graph-store URL")


def push(kg, endpoint: Endpoint, store_url: str | None = None, progress: bool = False) -> dict:
    """Load every named graph of ``kg`` into the server (PUT each one), then its union as the default
    graph, so that queries there see what they see here. ``progress`` shows a bar over the graphs on
    standard error when it is a terminal. Returns counts."""
    import pyoxigraph as ox

    from .progress import bar

    store_url = store_url or graph_store_url(endpoint.url)
    by_graph: dict[str, list] = {}
    for q in kg.quads():
        by_graph.setdefault(q.graph_name.value, []).append(ox.Triple(q.subject, q.predicate, q.object))
    names = sorted(by_graph)
    with bar(len(names) + 1, "pushing graphs", "graph", progress) as done:  # the named graphs, the union
        for name in names:
            endpoint.put_graph(store_url, name, ox.serialize(by_graph[name], format=ox.RdfFormat.N_TRIPLES))
            done.update(1)
        union = ox.serialize(kg.store.quads_for_pattern(None, None, None, ox.DefaultGraph()),
                             format=ox.RdfFormat.N_TRIPLES)
        endpoint.put_graph(store_url, None, union)
        done.update(1)
    return {"graphs": len(names), "quads": sum(len(v) for v in by_graph.values()),
            "defaultGraphTriples": kg.count_triples(), "graphStore": store_url}
