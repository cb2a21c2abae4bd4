"""Remote SPARQL endpoints: the same named and ad-hoc queries on any SPARQL 1.1 Protocol server
(Oxigraph, Fuseki, QLever, Virtuoso, GraphDB, ...), and ``push`` to load the dataset there with the
SPARQL 1.1 Graph Store HTTP Protocol.

Why one file of ~390 lines: querying and pushing share one HTTP client (credentials, TLS, timeouts,
one-line errors); ``push``'s chunking and its resume log would be the natural piece to move out.

Only the standard library's HTTP client is used; every request has a timeout. Queries are sent by
POST (``application/x-www-form-urlencoded``), results asked for as SPARQL JSON (SELECT/ASK) or
N-Triples (CONSTRUCT/DESCRIBE). The dramagraph prefixes are declared in the query text sent, so the
server needs no configuration.

Credentials never come from the command line (a URL with ``user:password@`` is refused): they come from
``DRAMAGRAPH_ENDPOINT_USER`` and ``DRAMAGRAPH_ENDPOINT_PASSWORD``, else from the netrc file
(``$NETRC`` or ``~/.netrc``) entry of the server's host, and are answered to HTTP Basic or Digest
challenges of that host only (urllib's handlers; Basic is sent up front once the server has asked for
it, Digest reuses the server's last challenge). HTTPS certificates are verified, against the system's
CAs (``SSL_CERT_FILE`` too, as OpenSSL reads it) or the file ``DRAMAGRAPH_CA_BUNDLE`` names.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import socket
import ssl
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from ..errors import EndpointError, InputError, QueryTimeout, UsageError

__all__ = ["Endpoint", "push", "graph_store_url", "credentials", "CHUNK_TRIPLES", "UNION_GRAPH"]

ENV_USER, ENV_PASSWORD, ENV_CA = "DRAMAGRAPH_ENDPOINT_USER", "DRAMAGRAPH_ENDPOINT_PASSWORD", "DRAMAGRAPH_CA_BUNDLE"
CHUNK_TRIPLES = 100_000  # triples per Graph Store request of ``push``
# where ``push`` puts the union on servers whose default graph is every graph together (Virtuoso);
# queries there name it as their default graph (``Endpoint(default_graph=UNION_GRAPH)``)
UNION_GRAPH = "https://w3id.org/dramagraph/graph/union"
_WHERE = f"~/.netrc (or the file $NETRC names) or {ENV_USER} and {ENV_PASSWORD}"

_ACCEPT = {"select": "application/sparql-results+json", "ask": "application/sparql-results+json",
           "graph": "application/n-triples"}


def _prologue() -> str:
    from ..rdf.iris import PREFIXES

    return "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())


def _checked_url(url: str, what: str = "an endpoint URL") -> str:
    """``url`` when it is http(s) without credentials in it; else a one-line UsageError (which does not
    repeat the password).

    >>> _checked_url("https://user:secret@example.org/sparql")
    Traceback (most recent call last):
    ...
    graph.errors.UsageError: an endpoint URL must not hold credentials (https://user:***@example.org/sparql): put them in ~/.netrc (or the file $NETRC names) or DRAMAGRAPH_ENDPOINT_USER and DRAMAGRAPH_ENDPOINT_PASSWORD
    """
    if not url.startswith(("http://", "https://")):
        raise UsageError(f"{what} must start with http:// or https://, not {url!r}")
    parts = urllib.parse.urlsplit(url)
    if "@" in parts.netloc:
        userinfo, _, hostport = parts.netloc.rpartition("@")
        shown = userinfo.split(":", 1)[0] + (":***" if ":" in userinfo else "")
        shown = urllib.parse.urlunsplit(parts._replace(netloc=f"{shown}@{hostport}"))
        raise UsageError(f"{what} must not hold credentials ({shown}): put them in {_WHERE}")
    return url


def _authority(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/"


def credentials(url: str) -> tuple[str, str] | None:
    """The user and password for the server at ``url``: from ``DRAMAGRAPH_ENDPOINT_USER`` and
    ``DRAMAGRAPH_ENDPOINT_PASSWORD`` when set, else from the netrc file's entry for its host name
    (``$NETRC`` or ``~/.netrc``; its ``default`` entry too), else None."""
    user, password = os.environ.get(ENV_USER), os.environ.get(ENV_PASSWORD)
    if user or password:
        if not user or password is None:
            raise UsageError(f"set both {ENV_USER} and {ENV_PASSWORD} (or neither, to use ~/.netrc)")
        return user, password
    import netrc

    path = os.environ.get("NETRC") or os.path.expanduser("~/.netrc")
    if not os.path.isfile(path):
        return None
    try:
        entry = netrc.netrc(path).authenticators(urllib.parse.urlsplit(url).hostname or "")
    except (netrc.NetrcParseError, OSError, UnicodeDecodeError) as e:
        raise InputError(f"cannot read the netrc file {path}: {e}") from None
    if entry is None or not entry[0]:
        return None
    return entry[0], entry[2] or ""


def _tls_context() -> ssl.SSLContext:
    """Certificates verified against the system's CAs, or only the file DRAMAGRAPH_CA_BUNDLE names."""
    cafile = os.environ.get(ENV_CA) or None
    if cafile and not os.path.isfile(cafile):
        raise InputError(f"{ENV_CA} names {cafile}, which is not a file")
    try:
        return ssl.create_default_context(cafile=cafile)
    except ssl.SSLError as e:
        raise InputError(f"cannot read the CA bundle {cafile} ({ENV_CA}): {e}") from None


class _Basic(urllib.request.HTTPBasicAuthHandler):
    """urllib's Basic handler, which raises ValueError ("does not support the following scheme: 'Digest'")
    on a server that asks for Digest only: it passes instead, so that the Digest handler answers (with
    credentials) or the 401 reaches :meth:`Endpoint._send` (without)."""

    def http_error_401(self, req, fp, code, msg, headers):
        try:
            return super().http_error_401(req, fp, code, msg, headers)
        except ValueError:
            return None


class _Digest(urllib.request.HTTPDigestAuthHandler):
    """urllib's Digest handler that answers the server's last challenge up front (the nonce count goes
    up), so that a large body is not sent once without credentials and again with them. A stale nonce
    is answered with a new challenge, which the handler then answers as usual."""

    def __init__(self, passwd):
        super().__init__(passwd)
        self.challenges: dict[str, dict] = {}

    def retry_http_digest_auth(self, req, auth):
        _, challenge = auth.split(" ", 1)
        self.challenges[_authority(req.full_url)] = urllib.request.parse_keqv_list(
            filter(None, urllib.request.parse_http_list(challenge)))
        return super().retry_http_digest_auth(req, auth)

    def http_request(self, req):
        challenge = self.challenges.get(_authority(req.full_url))
        if challenge and not req.has_header(self.auth_header):
            answer = self.get_authorization(req, challenge)
            if answer:
                req.add_unredirected_header(self.auth_header, f"Digest {answer}")
        return req

    https_request = http_request


class Endpoint:
    """A SPARQL 1.1 Protocol endpoint at ``url``.

    >>> Endpoint("ftp://example.org/sparql")
    Traceback (most recent call last):
    ...
    graph.errors.UsageError: an endpoint URL must start with http:// or https://, not 'ftp://example.org/sparql'
    """

    def __init__(self, url: str, timeout: float = 30.0, default_graph: str | None = None):
        self.url = _checked_url(url)
        self.timeout = timeout
        self.default_graph = default_graph  # sent as default-graph-uri (Virtuoso: UNION_GRAPH)
        self.cache: dict = {}  # what is computed from its answers (see graph.query.names.cached)
        self._opener = None
        self._passwords = None
        self._known: dict[str, bool] = {}  # authority -> whether it has credentials

    def __repr__(self) -> str:
        return f"Endpoint({self.url!r})"

    def _open(self, request: urllib.request.Request, timeout: float):
        if self._opener is None:
            self._passwords = urllib.request.HTTPPasswordMgrWithPriorAuth()
            self._opener = urllib.request.build_opener(
                urllib.request.HTTPSHandler(context=_tls_context()),
                _Basic(self._passwords), _Digest(self._passwords))
        authority = _authority(request.full_url)
        if authority not in self._known:  # credentials are looked up per server, and given to it only
            found = credentials(request.full_url)
            self._known[authority] = found is not None
            if found:
                self._passwords.add_password(None, authority, *found, is_authenticated=False)
        return self._opener.open(request, timeout=timeout)

    def _send(self, url: str, data: bytes | None, headers: dict, method: str, timeout: float | None) -> bytes:
        request = urllib.request.Request(url, data=data, headers=headers, method=method)
        try:
            with self._open(request, timeout or self.timeout) as response:
                return response.read()
        except urllib.error.HTTPError as e:
            body = (e.read() if e.fp is not None else b"").decode("utf-8", "replace")
            if "<" in body and re.search(r"(?i)<(html|body|!doctype)", body):  # Virtuoso's errors: the text
                body = re.sub(r"(?is)<title>.*?</title>|<[^>]+>", " ", body)
            body = " ".join(body.split())
            detail = f": {body[:300]}" if body else ""
            if e.code == 401:
                has = self._known.get(_authority(url))
                detail += (": the user name or password (from ~/.netrc, $NETRC or the environment) was refused"
                           if has else f": it needs credentials: put them in {_WHERE}")
            raise EndpointError(f"{url} answered HTTP {e.code} {e.reason}{detail}") from None
        except (socket.timeout, TimeoutError):
            raise QueryTimeout(f"{url} did not answer within {timeout or self.timeout:g} s") from None
        except urllib.error.URLError as e:
            if isinstance(e.reason, (socket.timeout, TimeoutError)):
                raise QueryTimeout(f"{url} did not answer within {timeout or self.timeout:g} s") from None
            if isinstance(e.reason, ssl.SSLCertVerificationError):
                raise EndpointError(f"cannot reach {url}: its certificate is not trusted "
                                    f"({e.reason.verify_message}); for a private CA set {ENV_CA} to its "
                                    f"certificate file") from None
            raise EndpointError(f"cannot reach {url}: {e.reason}") from None
        except (ConnectionError, OSError) as e:
            raise EndpointError(f"cannot reach {url}: {e}") from None

    def execute(self, text: str, form: str, timeout: float | None = None) -> bytes:
        """Send a query; return SPARQL JSON results (select, ask) or N-Triples (graph)."""
        fields = {"query": _prologue() + text}
        if self.default_graph:
            fields["default-graph-uri"] = self.default_graph
        body = urllib.parse.urlencode(fields).encode("utf-8")
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
        self.send_graph("PUT", store_url, graph, ntriples, timeout)

    def send_graph(self, method: str, store_url: str, graph: str | None, ntriples: bytes,
                   timeout: float | None = None) -> None:
        """One Graph Store Protocol request on a graph (``graph=None``: the default graph): ``PUT``
        replaces it with ``ntriples``, ``POST`` adds them."""
        query = "default" if graph is None else urllib.parse.urlencode({"graph": graph})
        separator = "&" if "?" in store_url else "?"
        self._send(f"{_checked_url(store_url, 'a Graph Store URL')}{separator}{query}", ntriples,
                   {"Content-Type": "application/n-triples", "User-Agent": "dramagraph"}, method, timeout)


def graph_store_url(endpoint_url: str) -> str:
    """The Graph Store Protocol URL next to a query endpoint, for servers that follow the common
    layout (Oxigraph ``/query`` → ``/store``, Fuseki ``/ds/sparql`` or ``/ds/query`` → ``/ds/data``,
    Virtuoso ``/sparql`` → ``/sparql-graph-crud-auth``, its Graph Store that takes Digest credentials).

    >>> graph_store_url("http://127.0.0.1:7878/query")
    'http://127.0.0.1:7878/store'
    >>> graph_store_url("http://localhost:3030/ds/sparql")
    'http://localhost:3030/ds/data'
    >>> graph_store_url("http://localhost:8890/sparql")
    'http://localhost:8890/sparql-graph-crud-auth'
    """
    base, _, last = endpoint_url.rstrip("/").rpartition("/")
    if last == "query" and base.count("/") <= 2:
        return f"{base}/store"
    if last in ("sparql", "sparql-auth") and base.count("/") <= 2:
        return f"{base}/sparql-graph-crud-auth"
    if last in ("query", "sparql"):
        return f"{base}/data"
    raise UsageError(f"cannot guess the Graph Store Protocol URL of {endpoint_url}; give --graph-store URL")


# ------------------------------------------------------------------ push
_BLANK = re.compile(rb"_:[A-Za-z0-9_.\-]+")
LOG_FORMAT = "dramagraph-push-log/1"


def _has_blank(quad) -> bool:
    import pyoxigraph as ox

    return isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode)


def _chunks(kg, size: int, union_graph: str | None = None) -> list[tuple[str, str | None, list]]:
    """The requests of a push, in order: ``(method, graph, quads)`` for each named graph (sorted),
    then for the union default graph (``graph=None``, or ``union_graph`` where it goes). A graph's first request is a PUT (it replaces
    what the server had there), the next ones POSTs of ``size`` triples (they add). The triples of a
    graph that touch blank nodes all travel in its first request: a blank node's label means one node
    only within one request, and a PUT sent twice does not copy them."""
    import pyoxigraph as ox

    # the store's order (by its index), the same for the same data: the same data gives the same chunks
    by_graph: dict[str, list] = {}
    for q in kg.store.quads_for_pattern(None, None, None, None):
        if not isinstance(q.graph_name, ox.DefaultGraph):
            by_graph.setdefault(q.graph_name.value, []).append(q)
    union = list(kg.store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    chunks = []
    for name, quads in [*sorted(by_graph.items()), (union_graph, union)]:
        blank = [_has_blank(q) for q in quads]
        first = [q for q, b in zip(quads, blank) if b]
        rest = [q for q, b in zip(quads, blank) if not b] if first else quads
        room = max(size - len(first), 0)
        chunks.append(("PUT", name, first + rest[:room]))
        chunks.extend(("POST", name, rest[start:start + size]) for start in range(room, len(rest), size))
    return chunks


def _digest(method: str, graph: str | None, body: bytes, blank: bool) -> str:
    """What identifies a request in the chunk log: its method, graph and triples (blank node labels,
    which may differ from one load of the same file to the next, left out)."""
    if blank:
        body = b"\n".join(sorted(_BLANK.sub(b"_:", line) for line in body.splitlines()))
    return hashlib.sha256(f"{method} {graph or ''}\n".encode() + body).hexdigest()[:32]


def _read_log(path: Path, store_url: str, size: int) -> list[str]:
    """The digests of the chunks a previous push to ``store_url`` had acknowledged, or [] (start over)
    when there is no log or it is for another server or chunk size."""
    try:
        log = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, ValueError) as e:
        raise InputError(f"cannot read the push log {path}: {e}") from None
    if not isinstance(log, dict) or log.get("format") != LOG_FORMAT:
        raise InputError(f"{path} is not a dramagraph push log")
    if log.get("graphStore") != store_url or log.get("chunkTriples") != size:
        return []
    return [d for d in log.get("acknowledged", []) if isinstance(d, str)]


def _write_log(path: Path, store_url: str, size: int, acknowledged: list[str]) -> None:
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps({"format": LOG_FORMAT, "graphStore": store_url, "chunkTriples": size,
                                   "acknowledged": acknowledged}), encoding="utf-8")
    os.replace(partial, path)


def push(kg, endpoint: Endpoint, store_url: str | None = None, progress: bool = False,
         chunk_triples: int = CHUNK_TRIPLES, log: str | os.PathLike | None = None,
         union_graph: str | None = None) -> dict:
    """Load every named graph of ``kg`` into the server, then its union as the default graph, so that
    queries there see what they see here: Graph Store Protocol requests of at most ``chunk_triples``
    triples each (more only for a graph's triples that touch blank nodes, which go together), a PUT
    first for each graph (which empties it), then POSTs (which add). ``union_graph``: the named graph
    that receives the union instead of the default graph, for servers whose default graph is every
    graph together and cannot be written (Virtuoso: ``UNION_GRAPH`` when the Graph Store URL is its
    ``/sparql-graph-crud[-auth]``; query it with ``Endpoint(url, default_graph=UNION_GRAPH)``).

    ``log``: a file (JSON) that records each chunk the server acknowledged. When it exists from a push
    of the same data to the same Graph Store URL that failed half-way, this push continues after its
    last acknowledged chunk instead of starting over; when the data changed since, it starts over. It
    is removed once the push is complete. ``progress`` shows a bar over the triples on standard error
    when it is a terminal. Returns counts."""
    from ..progress import bar

    if chunk_triples < 1:
        raise UsageError(f"the chunk size must be at least 1 triple, not {chunk_triples}")
    store_url = _checked_url(store_url or graph_store_url(endpoint.url), "a Graph Store URL")
    log = Path(log) if log is not None else None
    done_before = _read_log(log, store_url, chunk_triples) if log is not None else []
    if union_graph is None and "/sparql-graph-crud" in urllib.parse.urlsplit(store_url).path:
        union_graph = UNION_GRAPH
    chunks = _chunks(kg, chunk_triples, union_graph)
    with bar(sum(len(c) for _, _, c in chunks), "pushing", "triple", progress, unit_scale=True) as shown:
        try:
            _send_chunks(endpoint, store_url, chunks, done_before, log, chunk_triples, shown)
        except _DataChanged:  # the server holds chunks of other data: start over
            shown.reset()
            _send_chunks(endpoint, store_url, chunks, [], log, chunk_triples, shown)
    if log is not None:
        log.unlink(missing_ok=True)
    named = [c for _, graph, c in chunks if graph not in (None, union_graph)]
    return {"graphs": len({graph for _, graph, _ in chunks if graph not in (None, union_graph)}),
            "quads": sum(len(c) for c in named),
            "defaultGraphTriples": sum(len(c) for _, graph, c in chunks if graph in (None, union_graph)),
            "graphStore": store_url, "unionGraph": union_graph}


class _DataChanged(Exception):
    pass


def _send_chunks(endpoint, store_url, chunks, done_before, log, size, shown) -> None:
    import pyoxigraph as ox

    acknowledged: list[str] = []
    for method, graph, chunk in chunks:
        body = ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in chunk),
                            format=ox.RdfFormat.N_TRIPLES)
        digest = _digest(method, graph, body, any(_has_blank(q) for q in chunk))
        n = len(acknowledged)
        if n < len(done_before):
            if done_before[n] != digest:
                raise _DataChanged
            acknowledged.append(digest)  # the server has it from the push that failed
            shown.update(len(chunk))
            continue
        try:
            endpoint.send_graph(method, store_url, graph, body)
        except EndpointError as e:
            if log is None:
                raise
            raise type(e)(f"{e} ({n} of {len(chunks)} chunks acknowledged, recorded in {log}: the same push "
                          f"with it continues from there)") from None
        acknowledged.append(digest)
        if log is not None:
            _write_log(log, store_url, size, acknowledged)
        shown.update(len(chunk))
