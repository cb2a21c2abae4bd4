"""Step 7: ``dramagraph serve``, a read-only SPARQL 1.1 Protocol endpoint and a web explorer.

* ``/sparql``: GET (``?query=``) and POST (form-encoded ``query=``, or ``application/sparql-query``),
  with content negotiation: SPARQL JSON, XML, CSV, TSV for SELECT and ASK; Turtle, N-Triples, JSON-LD for
  CONSTRUCT and DESCRIBE (``Accept``, or ``format=json|xml|csv|tsv|turtle|nt|jsonld``).
* ``/queries`` lists the named queries (JSON); ``/queries/NAME?param=value`` runs one.
* ``/`` is the explorer page: a query editor with the named queries as examples, a results table and a
  graph of the results, with the same inlined vis-network as ``dramagraph viz``: no CDN.

Safe to leave running: SPARQL Update is refused (403) and the data never changes; ``SERVICE`` is refused
and ``FROM`` loads nothing; every query runs in a worker process that is killed after the timeout
(503), on a thread off the event loop, so a slow query never blocks other clients; results are capped
at ``max_rows`` rows (the response says so in ``X-Dramagraph-Truncated``); requests over
``max_request_bytes`` get 413.
"""

from __future__ import annotations

import json
import sys

from .errors import DramagraphError, ParseError, QueryTimeout, UsageError

__all__ = ["create_app", "run", "bind_warning", "MEDIA_TYPES"]

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


def _negotiate(accept: str, kind: str, explicit: str | None) -> str:
    from .querying import RESULT_FORMATS

    allowed = RESULT_FORMATS[kind]
    if explicit:
        if explicit not in allowed or explicit == "table":
            raise UsageError(f"format {explicit!r} does not fit this query; use one of "
                             f"{', '.join(f for f in allowed if f != 'table')}")
        return explicit
    ranked = []
    for i, part in enumerate((accept or "").split(",")):
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


def create_app(kg, timeout: float = 30.0, max_rows: int = 10_000, max_request_bytes: int = 100_000):
    """The ASGI application (Starlette) serving ``kg``."""
    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.requests import Request
    from starlette.responses import HTMLResponse, JSONResponse, Response
    from starlette.routing import Route

    from .page import vis_assets
    from .querying import catalog, format_result, get, run_named, run_sparql

    def error(status: int, message: str) -> Response:
        return Response(message + "\n", status_code=status, media_type="text/plain; charset=utf-8")

    async def read_body(request: Request) -> bytes | None:
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > max_request_bytes:
            return None
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > max_request_bytes:
                return None
        return body

    async def answer(request: Request, run) -> Response:
        try:
            result = await run_in_threadpool(run)
            fmt = _negotiate(request.headers.get("accept", ""), result.kind, request.query_params.get("format"))
            truncated = result.kind == "select" and len(result.rows) > max_rows
            if truncated:
                result.rows, result.terms, result.raw = result.rows[:max_rows], result.terms[:max_rows], b""
            body = format_result(result, fmt)
        except QueryTimeout as e:
            return error(503, f"timeout: {e}")
        except ParseError as e:
            return error(400, f"malformed query: {e}")
        except UsageError as e:
            status = 403 if "Update" in str(e) else (404 if "no named query" in str(e) else 400)
            return error(status, str(e))
        except DramagraphError as e:
            return error(500, str(e))
        headers = {"X-Dramagraph-Truncated": str(max_rows)} if truncated else {}
        return Response(body, media_type=MEDIA_TYPES[fmt], headers=headers)

    async def sparql(request: Request) -> Response:
        if request.method == "GET":
            if "update" in request.query_params:
                return error(403, "SPARQL Update is refused: this endpoint is read-only")
            text = request.query_params.get("query")
        else:
            body = await read_body(request)
            if body is None:
                return error(413, f"request larger than {max_request_bytes} bytes")
            content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
            try:
                decoded = body.decode("utf-8")
            except UnicodeDecodeError:
                return error(400, "the request body is not UTF-8")
            if content_type == "application/sparql-update":
                return error(403, "SPARQL Update is refused: this endpoint is read-only")
            if content_type == "application/sparql-query":
                text = decoded
            elif content_type == "application/x-www-form-urlencoded":
                from urllib.parse import parse_qs

                form = parse_qs(decoded, keep_blank_values=True)
                if "update" in form:
                    return error(403, "SPARQL Update is refused: this endpoint is read-only")
                text = (form.get("query") or [None])[0]
            else:
                return error(415, "send application/sparql-query or application/x-www-form-urlencoded")
        if not text:
            return error(400, "no query: give query=...")
        if len(text.encode("utf-8")) > max_request_bytes:
            return error(413, f"query larger than {max_request_bytes} bytes")
        return await answer(request, lambda: run_sparql(kg, text, where="query", timeout=timeout))

    async def queries(request: Request) -> Response:
        listed = [{"name": q.name, "title": q.title, "description": q.description,
                   "params": [{"name": p.name, "kind": p.kind, "required": p.required, "default": p.default,
                               "example": p.example, "doc": p.doc} for p in q.params],
                   "text": q.text} for q in catalog().values()]
        return JSONResponse(listed)

    async def named(request: Request) -> Response:
        name = request.path_params["name"]
        try:
            get(name)
        except UsageError as e:
            return error(404, str(e))
        params = {k: v for k, v in request.query_params.items() if k != "format"}
        return await answer(request, lambda: run_named(kg, name, params, timeout=timeout))

    js, css = vis_assets()
    page = (_EXPLORER.replace("%%VIS_CSS%%", css.replace("</style", "<\\/style"))
            .replace("%%VIS_JS%%", js.replace("</script", "<\\/script")).replace("%%APP_JS%%", _EXPLORER_JS))

    async def explorer(request: Request) -> Response:
        return HTMLResponse(page)

    return Starlette(routes=[
        Route("/", explorer),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/queries", queries),
        Route("/queries/{name}", named),
    ])


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


def run(kg, host: str = "127.0.0.1", port: int = 8000, timeout: float = 30.0, max_rows: int = 10_000,
        max_request_bytes: int = 100_000) -> None:
    """Serve ``kg`` with uvicorn until interrupted."""
    import uvicorn

    warning = bind_warning(host)
    if warning:
        sys.stderr.write(warning + "\n")
    app = create_app(kg, timeout, max_rows, max_request_bytes)
    sys.stderr.write(f"dramagraph: serving SPARQL at http://{host}:{port}/sparql and the explorer at "
                     f"http://{host}:{port}/ (Ctrl-C stops)\n")
    uvicorn.run(app, host=host, port=port, log_level="warning", limit_concurrency=200)


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
