"""One job of ``dramagraph serve``, answered inside a query worker: query text → checked → evaluated →
rows cut at the limit → bytes in the negotiated format.

Where it sits: ``catalog`` and ``querying`` (named queries, their parameters), ``sparqlcheck`` (the
SERVICE and Update guards) → **answers** → ``workerproc`` (the forked worker that calls :func:`answer`
for each job it receives) → ``workers`` → ``httpapp``. Its work runs in the worker processes only; the
HTTP process never evaluates a query.

* :func:`negotiate` picks the result format from ``Accept`` or ``format=`` (SPARQL JSON, XML, CSV, TSV
  for SELECT and ASK; Turtle, N-Triples, JSON-LD for CONSTRUCT and DESCRIBE).
* :func:`answer` returns ``(status, media type, headers, rows, body)`` for one job; a
  :class:`graph.errors.DramagraphError` becomes an answer through :func:`error_answer`, with the error
  class's own HTTP status.
"""

from __future__ import annotations

import pyoxigraph as ox

from ..errors import DramagraphError, NotAcceptable, ParseError, Refused, UsageError
from ..rdf.iris import PREFIXES
from ..query.catalog import get
from ..query.engine import bind
from ..query.querying import bind_params
from ..rdf.rdfio import serialize
from ..query.sparqlcheck import SERVICE_WORD, refusal, refuse_unsafe, syntax_error
from ..query.sparqltext import first_appearance, is_select_star

__all__ = ["MEDIA_TYPES", "UPDATE_REFUSED", "accept_ranks", "negotiate", "answer", "error_answer"]

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
_RESULT_FORMATS = {"select": ("json", "csv", "tsv", "xml"), "ask": ("json", "xml"),  # CSV/TSV: no boolean
                   "graph": ("turtle", "nt", "jsonld")}
UPDATE_REFUSED = "SPARQL Update is refused: this endpoint is read-only"
_PREFIXES = [(k + ":", k, v) for k, v in PREFIXES.items()]
_negotiated: dict = {}  # (accept, kind, format=) -> the format chosen, for the repeated ones


def accept_ranks(accept: str) -> tuple[list[tuple[float, int, str]], list[str]]:
    """An HTTP Accept header read: the media types it asks for as ``(-q, position, type)``, best first
    when sorted, and those it refuses (``q=0``); types lower-cased, parameters other than ``q`` dropped.

    >>> accept_ranks("text/csv;q=0.5, Application/JSON, text/html;q=0")
    ([(-0.5, 0, 'text/csv'), (-1.0, 1, 'application/json')], ['text/html'])
    """
    ranked, refused = [], []
    for i, part in enumerate(accept.split(",")):
        media, _, params = part.strip().partition(";")
        media, q = media.strip().lower(), 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        if q == 0:
            refused.append(media)
        else:
            ranked.append((-q, i, media))
    return ranked, refused


def negotiate(accept: str, kind: str, explicit: str | None) -> str:
    """The format of an answer of ``kind`` ("select", "ask" or "graph"): ``explicit`` (``format=``)
    if given, else the best of ``accept`` that fits (``q=0`` means "not this"; ``*/*`` and ``type/*``
    take the kind's default, or the first format not refused), else the kind's default (or the first
    format not refused); a 406 (:class:`~graph.errors.NotAcceptable`) when ``accept`` refuses them all.

    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", "select", None)
    'xml'
    >>> negotiate("text/csv", "graph", None)
    'turtle'
    >>> negotiate("application/sparql-results+json;q=0, */*", "select", None)
    'csv'
    """
    allowed = _RESULT_FORMATS[kind]
    if explicit:
        if explicit not in allowed:
            raise UsageError(f"format {explicit!r} does not fit this query; use one of {', '.join(allowed)}")
        return explicit
    if not accept:
        return _DEFAULT[kind]
    ranked, refused = accept_ranks(accept)
    refused = {f for media in refused for f in _matching(media, allowed)}
    candidates = [f for f in (_DEFAULT[kind], *allowed) if f not in refused]
    for _, _, media in sorted(ranked):
        for fmt in _matching(media, candidates):
            return fmt
    if candidates:  # nothing asked for fits: the default (or the first format not refused)
        return candidates[0]
    raise NotAcceptable(f"no answer format fits the Accept header {accept!r}; this query's answers come as "
                        + ", ".join(MEDIA_TYPES[f].split(";")[0] for f in allowed))


def _matching(media: str, formats) -> list[str]:
    """The formats among ``formats`` that ``media`` (a type, ``type/*`` or ``*/*``) accepts, in order."""
    if media == "*/*":
        return list(formats)
    if media.endswith("/*"):
        return [f for f in formats if MEDIA_TYPES[f].startswith(media[:-1])]
    return [f for f in formats if _ACCEPT.get(media) == f]


def error_answer(e: DramagraphError):
    """The answer for an error: its class's HTTP status and its message as plain text."""
    message = str(e)
    if isinstance(e, ParseError):
        message = f"malformed query: {message}"
    elif isinstance(e, Refused):  # said in the endpoint's words, not the CLI's
        message = UPDATE_REFUSED
    return e.http_status, "text/plain; charset=utf-8", {}, None, (message + "\n").encode("utf-8")


def _guarded_query(store, text: str, where: str, substitutions: dict | None = None, options: dict | None = None):
    """Evaluate ``text`` on ``store`` unless it could call another server or is an update: a text that
    mentions "service" in any spelling goes through :func:`graph.query.sparqlcheck.refuse_unsafe` first (the
    engine decides, on the text with "service" masked); a text the engine does not read as a query is
    explained (an update, or a syntax error), never run another way."""
    if SERVICE_WORD.search(text):
        refuse_unsafe(text, where=where, base=(options or {}).get("base_iri"))
    prefixes = {k: v for mark, k, v in _PREFIXES if mark in text}
    try:
        return store.query(text, prefixes=prefixes, substitutions=substitutions or None, **(options or {}))
    except SyntaxError as e:
        raise refusal(text, e, where, False) or syntax_error(e, text, where) from None


def answer(kg, op: str, target: str, params: dict, accept: str, explicit: str | None, max_rows: int):
    """(status, media type, headers, rows, body) for one job: ``op`` is "sparql" (``target`` the query
    text, ``params`` the protocol's dataset: lists of ``default-graph-uri`` and ``named-graph-uri``, and
    the ``base`` IRI of the query) or
    "named" (``target`` the query's name, ``params`` its parameters)."""
    if op == "named":
        query = get(target)
        (text, substitutions), where = bind(query.text, bind_params(kg, query, params)), str(query.path)
    else:
        text, substitutions, where = target, None, "query"
    options = kg.dataset(op == "named")
    if op == "sparql" and (params.get("default-graph-uri") or params.get("named-graph-uri")):
        # the protocol's dataset (default-graph-uri, named-graph-uri) replaces the query's FROM
        options = {"default_graph": [ox.NamedNode(g) for g in params.get("default-graph-uri", ())],
                   "named_graphs": [ox.NamedNode(g) for g in params.get("named-graph-uri", ())]}
    if op == "sparql" and params.get("base"):  # relative IRIs: against the endpoint's URL
        options["base_iri"] = params["base"]
    result = _guarded_query(kg.store, text, where, substitutions, options)
    fmt, body, rows, truncated = _serialize(result, text, accept, explicit, max_rows)
    headers = {"X-Dramagraph-Truncated": str(max_rows)} if truncated else {}
    return 200, MEDIA_TYPES[fmt], headers, rows, body


def _format(accept: str, kind: str, explicit: str | None) -> str:
    key = (accept, kind, explicit)
    found = _negotiated.get(key)
    if found is None:
        found = negotiate(accept, kind, explicit)
        if len(_negotiated) > 256:
            _negotiated.clear()
        _negotiated[key] = found
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

    def read(self, result, fmt) -> bytes:
        try:
            result.serialize(output=self, format=fmt)
        except _Enough:
            pass
        return b"".join(self.parts)


def _serialize(result, text: str, accept: str, explicit: str | None, max_rows: int):
    """(format, body, rows, truncated): the engine writes the solutions (as TSV) or triples (as
    N-Triples) and is stopped after ``max_rows``, before anything else is built; other formats are
    made from those by Oxigraph's parsers and serializers (SPARQL 1.1 results formats, RDF syntaxes)."""
    if isinstance(result, ox.QuerySolutions):
        fmt = _format(accept, "select", explicit)
        lines = _Lines(max_rows + 1)  # the header, then one line per solution
        data = lines.read(result, ox.QueryResultsFormat.TSV)
        rows = max(lines.lines - 1, 0)
        if "*" in text:
            data = _in_query_order(data, text)
        if fmt != "tsv":
            data = ox.parse_query_results(data, format=ox.QueryResultsFormat.TSV).serialize(
                format=getattr(ox.QueryResultsFormat, fmt.upper()))
        return fmt, data, rows, lines.more
    if isinstance(result, ox.QueryBoolean):
        fmt = _format(accept, "ask", explicit)
        return fmt, result.serialize(format=getattr(ox.QueryResultsFormat, fmt.upper())), 1, False
    fmt = _format(accept, "graph", explicit)
    lines = _Lines(max_rows)
    data = lines.read(result, ox.RdfFormat.N_TRIPLES)
    quads = list(ox.parse(data, format=ox.RdfFormat.N_QUADS))
    return fmt, serialize(quads, fmt, PREFIXES), len(quads), lines.more


def _in_query_order(tsv: bytes, text: str) -> bytes:
    """TSV results of ``SELECT *`` with their columns in the order the query first names them."""
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
