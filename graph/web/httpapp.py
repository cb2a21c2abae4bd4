"""The HTTP side of ``dramagraph serve``: the ASGI application, its routes and the explorer page.

Where it sits: ``httpguard`` (the connection) → **httpapp** → ``workers`` (each query becomes a job
for a warm worker process) → back here, where the answer's frames are relayed to the client.

* ``/sparql``: GET (``?query=``) and POST (form-encoded ``query=``, or ``application/sparql-query``);
  the format is negotiated by the worker (:func:`graph.web.answers.negotiate`). SPARQL Update is refused
  (:class:`graph.errors.Refused`, 403) whether it comes as ``update=``, as
  ``application/sparql-update``, or as a query the engine reads as an update.
* ``/queries`` lists the named queries (JSON); ``/queries/NAME?param=value`` runs one.
* ``/explore`` is a page that explores from a search outwards, expanding a node on click (as Neo4j
  Bloom does), for graphs past what one page should hold; ``/explore/search?q=NAME`` and
  ``/explore/node?iri=IRI`` answer it in JSON, and ``/explore/path?from=A&to=B&via=people|all`` says how two
  names are connected (its path box) (:mod:`graph.network.expand`, from the network index when the
  store has one), each a job of a worker like a query, with the same deadline.
* ``/node?iri=IRI`` (or ``/node/title/koizora`` for dramagraph's IRIs) is a node's page, or its RDF for a
  client that asks for it (:mod:`graph.web.nodepage`), a job of a worker like a query.
* ``/`` is the explorer page, rendered once from ``graph/web/templates/explorer.html`` with
  ``graph/web/static/explorer.js`` and ``explorer.css``, the vendored Yasgui (``graph/web/static/vendor/yasgui-*``)
  and the same inlined vis-network as ``dramagraph viz`` (:func:`graph.web.page.vis_assets`): no CDN.

The HTTP process only parses requests and relays answers. The deadline (``timeout``) covers the whole
request: waiting for a worker, evaluating, serializing and sending; a client that does not take its
answer in time is dropped (:class:`graph.web.httpguard.SlowClient`). An error's status is its class's
``http_status``; the statuses that belong to HTTP itself (405, 408, 413, 415, and 503 for a full queue
or a query over its memory allowance) are chosen here.
"""

from __future__ import annotations

import asyncio
import json
import pickle
import time
from urllib.parse import parse_qsl, quote

from starlette.middleware.trustedhost import TrustedHostMiddleware

from .answers import UPDATE_REFUSED
from ..errors import DramagraphError, InternalError, QueryTimeout, Refused
from .httpguard import RequestLog, SlowClient
from .nodepage import iri_of_path
from .page import KIND_STYLE, page_environment, static_text, vis_assets
from ..rdf.rdfio import is_absolute_iri
from ..query.catalog import catalog, get
from .serveconfig import Settings
from .workerlink import Busy, Failed, Job
from .workers import Pool

__all__ = ["create_app", "explorer_page", "explore_page"]


YASGUI_VERSION = "4.6.2"


def explorer_page() -> str:
    """The explorer page's HTML: Yasgui's editor (Yasqe) and results viewer (Yasr), vendored in
    ``graph/web/static/vendor/yasgui-4.6.2/``, with the project's prefixes, a gallery of the named queries
    meant for people, and a graph view of CONSTRUCT/DESCRIBE answers (vis-network). Inlined scripts
    and styles only (its Content-Security-Policy allows nothing else, and fetches only from this
    server)."""
    from ..rdf.iris import PREFIXES

    vis_js, vis_css = vis_assets()
    folder = f"vendor/yasgui-{YASGUI_VERSION}"
    yasgui_js = static_text(f"{folder}/yasgui.min.js").replace("//# sourceMappingURL=yasgui.min.js.map", "")
    return page_environment().get_template("explorer.html").render(
        yasgui_js=yasgui_js, yasgui_css=static_text(f"{folder}/yasgui.min.css"), vis_js=vis_js, vis_css=vis_css,
        prefixes=PREFIXES, page_js=static_text("explorer.js"), page_css=static_text("explorer.css"))


def explore_page() -> str:
    """The page that explores a graph of any size from a search outwards: it asks /explore/search for
    names and /explore/node for a node's neighbourhood (:mod:`graph.network.expand`) and draws only what was
    expanded, with the same inlined vis-network."""
    vis_js, vis_css = vis_assets()
    legend = [[kind, colour, shape, label] for kind, (colour, shape, label) in KIND_STYLE.items()]
    return page_environment().get_template("explore.html").render(
        vis_js=vis_js, vis_css=vis_css, page_js=static_text("explore.js"), page_css=static_text("explore.css"),
        legend=legend)


def create_app(kg, timeout: float | None = 30.0, max_rows: int = 10_000, max_request_bytes: int = 100_000,
               settings: Settings | None = None, on_ready=None):
    """The ASGI application serving ``kg`` (its worker pool starts with the ASGI lifespan)."""
    settings = settings or Settings(timeout=timeout, max_rows=max_rows, max_request_bytes=max_request_bytes)
    timeout, max_rows, max_request_bytes = settings.timeout, settings.max_rows, settings.max_request_bytes
    pool = Pool(kg, settings)
    queries = catalog()
    listing = [{"name": q.name, "title": q.title, "description": q.description, "audience": q.audience,
                "params": [{"name": p.name, "kind": p.kind, "required": p.required, "default": p.default,
                            "example": p.example, "doc": p.doc} for p in q.params],
                "text": q.text} for q in queries.values()]
    listing_body = json.dumps(listing).encode("utf-8")
    page_body = explorer_page().encode("utf-8")
    explore_body = explore_page().encode("utf-8")
    text_plain = "text/plain; charset=utf-8"

    async def respond(send, status: int, body: bytes, media: str, headers: dict | None = None):
        raw = [(b"content-type", media.encode("latin-1")), (b"content-length", str(len(body)).encode())]
        for k, v in (headers or {}).items():
            raw.append((k.lower().encode("latin-1"), v.encode("latin-1")))
        await send({"type": "http.response.start", "status": status, "headers": raw})
        await send({"type": "http.response.body", "body": body})

    async def error(send, status: int, message: str, headers: dict | None = None):
        await respond(send, status, (message + "\n").encode("utf-8"), text_plain, headers)

    async def failure(send, e: DramagraphError):
        await error(send, e.http_status, str(e))

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
        work = Job(job, deadline)
        try:
            pool.submit(work)
        except Busy:
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
        except Failed as e:
            if streaming:
                raise SlowClient from None  # the status is sent: drop the connection
            if e.reason == "memory":  # the server's resources, as for a full queue: try again, differently
                await error(send, 503, f"the query needed more than {settings.max_query_memory} MB of memory "
                                       f"and was stopped; make it more selective")
            else:
                await failure(send, QueryTimeout(_timed_out(timeout)) if e.reason == "timeout" else
                              InternalError("the query worker stopped unexpectedly (out of memory?)"))
        except BaseException:
            pool.abandon(work)
            raise

    async def sparql(scope, receive, send, started):
        method = scope["method"]
        params = parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True)
        if method == "GET":
            fields = params
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
                return await failure(send, Refused(UPDATE_REFUSED))
            if content_type == "application/sparql-query":
                if any(k == "query" for k, _ in params):
                    return await error(send, 400, "a query in the body and another as ?query=: give one")
                fields = [("query", decoded)] + params
            elif content_type == "application/x-www-form-urlencoded":
                fields = parse_qsl(decoded, keep_blank_values=True) + [(k, v) for k, v in params if k == "format"]
            else:
                return await error(send, 415, "send application/sparql-query or application/x-www-form-urlencoded")
        else:
            return await error(send, 405, "use GET or POST", {"Allow": "GET, POST"})
        if any(k == "update" for k, _ in fields):
            return await failure(send, Refused(UPDATE_REFUSED))
        texts = [v for k, v in fields if k == "query"]
        if len(texts) > 1:
            return await error(send, 400, f"{len(texts)} query parameters: give exactly one query=")
        text = texts[0] if texts else None
        if not text:
            return await error(send, 400, "no query: give query=...")
        if len(text.encode("utf-8")) > max_request_bytes:
            return await error(send, 413, f"query larger than {max_request_bytes} bytes")
        dataset = {key: [v for k, v in fields if k == key] for key in ("default-graph-uri", "named-graph-uri")}
        for iri in dataset["default-graph-uri"] + dataset["named-graph-uri"]:
            if not is_absolute_iri(iri):
                return await error(send, 400, f"default-graph-uri and named-graph-uri take absolute IRIs, not {iri!r}")
        formats = [v for k, v in fields if k == "format"]
        dataset["base"] = f"{scope.get('scheme', 'http')}://{_header(scope, b'host') or 'localhost'}/sparql"
        job = ("sparql", text, dataset, _header(scope, b"accept"), formats[-1] if formats else None, max_rows)
        await run_job(scope, send, job, started)

    async def named(scope, receive, send, started, name):
        try:
            query = get(name)
        except DramagraphError as e:
            return await error(send, e.http_status, str(e).replace("see `dramagraph queries`", "see /queries"))
        params = dict(parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True))
        explicit = params.pop("format", None)
        for p in query.params:
            if p.required and p.name not in params:
                example = quote(p.example or "...", safe="")
                return await error(send, 400, f"query {query.name!r} needs the parameter {p.name!r} "
                                              f"({p.doc or p.kind}), e.g. /queries/{query.name}?{p.name}={example}")
        job = ("named", name, params, _header(scope, b"accept"), explicit, max_rows)
        await run_job(scope, send, job, started)

    async def explore(scope, send, started, path):
        params = dict(parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True))
        key = "q" if path == "/explore/search" else "iri"
        if not params.get(key, "").strip():
            example = "/explore/search?q=Koizora" if key == "q" else "/explore/node?iri=https://..."
            return await error(send, 400, f"give {key}=..., e.g. {example}")
        if len(params[key].encode("utf-8")) > max_request_bytes:
            return await error(send, 413, f"{key} larger than {max_request_bytes} bytes")
        limit = params.get("limit", "20" if key == "q" else "50")
        job = ("search" if key == "q" else "expand", params[key], limit)
        await run_job(scope, send, job, started)

    async def connect(scope, send, started):
        params = dict(parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True))
        ends = [params.get("from", ""), params.get("to", "")]
        if not all(e.strip() for e in ends):
            return await error(send, 400, "give two names: from=...&to=..., e.g. /explore/path?from=Koizora&to=Mikako+Tabe")
        if any(len(e.encode("utf-8")) > max_request_bytes for e in ends):
            return await error(send, 413, f"a name larger than {max_request_bytes} bytes")
        await run_job(scope, send, ("path", (ends[0], ends[1], params.get("via") or None), None), started)

    async def node(scope, send, started, path):
        params = parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True)
        iri = next((v for k, v in params if k == "iri"), "").strip() if path == "/node" else iri_of_path(path)
        name = next((v for k, v in params if k == "name"), "").strip() if path == "/node" and not iri else ""
        if not iri and not name:
            return await error(send, 400, "give iri=... or name=..., e.g. /node?iri=https://w3id.org/dramagraph/title/koizora "
                                          "or /node?name=Koizora")
        if len((iri or name).encode("utf-8")) > max_request_bytes:
            return await error(send, 413, f"{'iri' if iri else 'name'} larger than {max_request_bytes} bytes")
        formats = [v for k, v in params if k == "format"]
        root = "../" * (path.count("/") - 1)  # the page's links are relative: /node/title/x is two deep
        await run_job(scope, send, ("node", iri or name, _header(scope, b"accept"), formats[-1] if formats else None,
                                    root, not iri), started)

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
        if path == "/explore":
            return await respond(send, 200, explore_body, "text/html; charset=utf-8")
        if path in ("/explore/search", "/explore/node"):
            return await explore(scope, send, started, path)
        if path == "/explore/path":
            return await connect(scope, send, started)
        if path == "/node" or path.startswith("/node/"):
            return await node(scope, send, started, path)
        if path == "/queries":
            return await respond(send, 200, listing_body, "application/json")
        if path.startswith("/queries/") and path.count("/") == 2:
            return await named(scope, receive, send, started, path[len("/queries/"):])
        return await error(send, 404, "not found: the endpoints are /sparql, /queries, /queries/NAME, /explore, "
                                      "/node?iri=IRI and /")

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
    wrapped = guarded if settings.quiet else RequestLog(guarded)
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
        raise SlowClient from None


def _header(scope, name: bytes) -> str:
    for key, value in scope["headers"]:
        if key == name:
            return value.decode("latin-1")
    return ""
