"""Step 4: ask questions in SPARQL: the named queries of ``queries/`` and ad-hoc ones.

A named query is a file ``queries/NAME.rq`` whose header comments describe it::

    # title: Cast of a title
    # description: Everyone in the cast of one title, with the character they play.
    # param: title kind=title required example="Sky of Love" doc="the title, by any of its names"

Parameters are never pasted into the query text: a value is resolved (a name of a title, person, ...
becomes the node's IRI, see :mod:`graph.names`), made an RDF term, and bound to the variable of the same
name by a ``VALUES`` block of serialized terms placed at the start of the query's WHERE group
(:func:`bind_values`), the same way on the embedded store and on a remote endpoint.

>>> from graph.store import open_graph
>>> rows = run_named(open_graph(data_dir=False), "stats").rows
>>> rows[0]["titles"]
8
"""

from __future__ import annotations

import difflib
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

from .errors import DramagraphError, ParseError, QueryTimeout, UsageError
from .resources import queries_dir

__all__ = ["Param", "NamedQuery", "Result", "catalog", "get", "run_named", "run_sparql",
           "to_python", "PARAM_KINDS", "refuse_unsafe"]

PARAM_KINDS = ("title", "person", "character", "work", "concept", "thing", "string", "integer")


@dataclass(frozen=True)
class Param:
    name: str
    kind: str = "string"
    required: bool = False
    default: str | None = None
    example: str | None = None
    doc: str = ""


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    text: str
    path: Path


@dataclass
class Result:
    """A query's answer: ``kind`` is select, ask or graph.

    ``rows`` are dicts of Python values (:func:`to_python`); ``terms`` the same rows as RDF terms;
    ``payload`` the answer as the engine gave it (SPARQL JSON results, or N-Triples for graphs), from
    which :func:`format_result` writes the other formats.
    """

    kind: str
    variables: list[str] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)
    terms: list[dict] = field(default_factory=list)
    boolean: bool | None = None
    triples: list = field(default_factory=list)
    raw: bytes = b""

    @property
    def payload(self) -> bytes:
        """SPARQL JSON results (select, ask) or N-Triples (graph), made from the terms if the engine
        gave them directly."""
        if not self.raw:
            self.raw = _payload(self)
        return self.raw


def _term_json(term) -> dict:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = term.datatype.value
    return out


def _payload(result: "Result") -> bytes:
    """SPARQL 1.1 Query Results JSON (W3C Recommendation, section 3) of a result's terms."""
    import json

    import pyoxigraph as ox

    if result.kind == "ask":
        return json.dumps({"head": {}, "boolean": bool(result.boolean)}).encode("utf-8")
    if result.kind == "graph":
        return ox.serialize(result.triples, format=ox.RdfFormat.N_TRIPLES)
    bindings = [{k: _term_json(v) for k, v in row.items()} for row in result.terms]
    return json.dumps({"head": {"vars": result.variables}, "results": {"bindings": bindings}},
                      ensure_ascii=False).encode("utf-8")


def _parse_header(path: Path) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    meta: dict[str, str] = {}
    params = []
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        match = re.match(r"#\s*(title|description|param):\s*(.*)$", line)
        if not match:
            continue
        key, value = match.groups()
        if key == "param":
            words = shlex.split(value)
            name, options = words[0], {}
            for word in words[1:]:
                k, _, v = word.partition("=")
                options[k] = v if _ else True
            kind = options.get("kind", "string")
            if kind not in PARAM_KINDS:
                raise UsageError(f"{path}: parameter {name!r} has unknown kind {kind!r}")
            params.append(Param(name, kind, bool(options.get("required")), options.get("default"),
                                options.get("example"), options.get("doc", "")))
        elif key == "description" and key in meta:
            meta[key] += " " + value.strip()
        else:
            meta[key] = value.strip()
    return NamedQuery(path.stem, meta.get("title", path.stem), meta.get("description", ""),
                      tuple(params), text, path)


_catalog: dict[str, NamedQuery] | None = None


def catalog() -> dict[str, NamedQuery]:
    """All named queries, by name."""
    global _catalog
    if _catalog is None:
        _catalog = {p.stem: _parse_header(p) for p in sorted(queries_dir().glob("*.rq"))}
    return _catalog


def get(name: str) -> NamedQuery:
    """The named query ``name``; an unknown name raises a did-you-mean :class:`UsageError`."""
    queries = catalog()
    if name in queries:
        return queries[name]
    close = difflib.get_close_matches(name, list(queries), n=3, cutoff=0.75)
    hint = f"; did you mean {', '.join(close)}?" if close else "; see `dramagraph queries`"
    raise UsageError(f"no named query {name!r}{hint}")


def to_python(term):
    """A pyoxigraph term as a plain Python value: IRIs and strings as str, numbers as int/float,
    booleans as bool, other literals (years, dates) as their lexical form."""
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value.rsplit("#", 1)[-1] if term.datatype else ""
        try:
            if datatype in ("integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger"):
                return int(term.value)
            if datatype in ("decimal", "double", "float"):
                return float(term.value)
            if datatype == "boolean":
                return term.value in ("true", "1")
        except ValueError:
            return term.value
        return term.value
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    return term.value


_SAFE_TOKEN = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*'
)
# Any spelling the engine could read as the keyword SERVICE, and more (case-insensitive, also in
# strings, IRIs and names): a query without it cannot call another server.
_SERVICE_WORD = re.compile(r"service", re.I)
_SERVICE_REFUSED = "SERVICE is not allowed here: the embedded store makes no network requests"


def _mask_service(text: str) -> str:
    """``text`` with every "service" spelt "servicx" (same length, same case): wherever the engine
    read the keyword SERVICE, it now meets a word that is no keyword and cannot parse."""
    return _SERVICE_WORD.sub(lambda m: m.group(0)[:-1] + ("X" if m.group(0)[-1].isupper() else "x"), text)


def _engine_error(text: str) -> SyntaxError | None:
    """The engine's syntax error for ``text`` read as a query, or None if it parses. Only for texts
    that cannot name SERVICE (see :func:`_mask_service`): the query is evaluated on an empty store."""
    import pyoxigraph as ox

    from .iris import PREFIXES

    try:
        ox.Store().query(text, prefixes=PREFIXES)
    except SyntaxError as e:
        return e
    except (OSError, RuntimeError, ValueError):  # an evaluation error on an empty store: it parsed
        pass
    return None


def _rdflib_parse(text: str):
    """(``"query"`` or ``"update"``, parse tree) by rdflib's SPARQL grammar, or (None, None)."""
    try:
        from rdflib.plugins.sparql import parser
    except ImportError:  # pragma: no cover - rdflib is a dependency
        return None, None
    for kind, parse in (("query", parser.parseQuery), ("update", parser.parseUpdate)):
        try:
            return kind, parse(text)
        except Exception:  # noqa: BLE001 - pyparsing and escape errors alike mean "not this kind"
            continue
    return None, None


def _names_service(tree) -> bool:
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                return True
            stack.extend(node.values())
        elif isinstance(node, (list, tuple, ParseResults)):
            stack.extend(node)
    return False


def _offset(text: str, error: SyntaxError) -> int | None:
    match = re.search(r"error at (\d+):(\d+)", str(error))
    if not match:
        return None
    lines = text.split("\n")
    line, column = int(match[1]), int(match[2])
    if line > len(lines):
        return None
    return sum(len(x) + 1 for x in lines[:line - 1]) + column - 1


def _fails_at_service(text: str, error: SyntaxError) -> bool:
    """Whether the engine stopped at (or just after) a masked "service"."""
    at = _offset(text, error)
    if at is None:
        return False
    for m in _SERVICE_WORD.finditer(text):
        if m.start() <= at and (not text[m.end():at].strip() or re.fullmatch(r":\S*\s*", text[m.end():at])):
            return True
    return False


def refuse_unsafe(text: str, allow_update: bool = False, where: str = "<query>") -> None:
    """Refuse ``SERVICE`` (a network call) and, unless allowed, SPARQL Update, as the engine parses
    the text, whatever its spelling, escapes and comments.

    Every spelling of "service" is masked (:func:`_mask_service`) and the engine parses the result: if
    it is a query, the text names no SERVICE (masking changes letters only, so strings, IRIs, names and
    comments stay what they were). Otherwise the text is not run: the refusal says SERVICE if the engine
    stopped at a masked word or rdflib's parser finds a SERVICE pattern, "Update" if rdflib's update
    parser reads it. A text without "service" that is no query and no update is left to the syntax check.

    >>> refuse_unsafe('SELECT * { ?s ?p "SERVICE" }')
    >>> refuse_unsafe('PREFIX ex: <http://example.org/> SELECT * { ?s ex:auto-load ?o }')
    >>> refuse_unsafe('SELECT * { service <http://x/> { ?s ?p ?o } }')
    Traceback (most recent call last):
    ...
    graph.errors.UsageError: SERVICE is not allowed here: the embedded store makes no network requests
    >>> refuse_unsafe('LOAD <http://x/>')
    Traceback (most recent call last):
    ...
    graph.errors.Refused: SPARQL Update is refused: the embedded graph is read-only (add data with `dramagraph add`)
    """
    masked = _mask_service(text)
    error = _engine_error(masked)
    if error is None:
        return
    refusal = _refusal(text, error, where, masked != text)
    if refusal is not None and not (allow_update and refusal.args[0].startswith("SPARQL Update")):
        raise refusal


def _refusal(text: str, error: SyntaxError, where: str, names_service: bool) -> DramagraphError | None:
    """Why a text the engine does not parse as a query (``error``) is refused: SERVICE, Update, or a
    syntax error (None when it names no "service" and is no update: the syntax check explains it)."""
    from .errors import Refused

    if names_service and _fails_at_service(text, error):
        return UsageError(_SERVICE_REFUSED)
    kind, tree = _rdflib_parse(text)
    if names_service and kind is not None and (kind == "query" or _names_service(tree)):
        return UsageError(_SERVICE_REFUSED)  # the parsers disagree, or SERVICE it is: refuse
    if kind == "update":
        return Refused("SPARQL Update is refused: the embedded graph is read-only "
                       "(add data with `dramagraph add`)")
    if names_service:  # never run a text that names "service" and does not parse as a query
        return _syntax_error(error, text, where)
    return None


def _syntax_error(e: SyntaxError, text: str, where: str) -> ParseError:
    """The engine's syntax error as a :class:`ParseError` in people's words (see
    :func:`graph.sparqltext.explain`): "undefined prefix `ex:`" rather than the parser's internals."""
    from .sparqltext import explain

    line, column, message = explain(text, str(e))
    return ParseError(message, where, line, column)


DEFAULT_TIMEOUT = 30.0
_FORM = re.compile(r"(?<![\w:?$])(SELECT|CONSTRUCT|DESCRIBE|ASK)(?![\w:])", re.I)


def query_form(text: str) -> str:
    """``select``, ``ask`` or ``graph`` (CONSTRUCT/DESCRIBE) for a query text."""
    match = _FORM.search(_blank(text))
    if not match:
        raise UsageError("not a SPARQL query (no SELECT, ASK, CONSTRUCT or DESCRIBE)")
    form = match.group(1).upper()
    return {"SELECT": "select", "ASK": "ask"}.get(form, "graph")


def check_syntax(text: str, where: str = "<query>") -> None:
    """Raise :class:`ParseError` with the line and column of ``text``'s first syntax error.

    The engine parses by evaluating on an empty store, which would make a SERVICE call from this
    machine: it only ever sees the text with SERVICE masked (:func:`_mask_service`, same positions). A
    text that parses only with SERVICE (a query for a remote endpoint) is judged by rdflib's parser.
    """
    masked = _mask_service(text)
    error = _engine_error(masked)
    if error is None:
        return
    if masked != text and _rdflib_parse(text)[0] == "query":
        return
    raise _syntax_error(error, text, where) from None


def _evaluate(store, text: str, form: str) -> bytes:
    import pyoxigraph as ox

    from .iris import PREFIXES

    answer = store.query(text, prefixes=PREFIXES)
    if form == "graph":
        return answer.serialize(format=ox.RdfFormat.N_TRIPLES)
    return answer.serialize(format=ox.QueryResultsFormat.JSON)


def _child(kg, text, form, conn):
    try:
        # an on-disk store is opened anew: a RocksDB handle must not be shared across a fork
        conn.send(("ok", _evaluate(kg.reopen(), text, form)))
    except BaseException as e:  # report anything to the parent, then leave
        conn.send(("error", f"{type(e).__name__}: {e}"))
    finally:
        conn.close()


def execute_local(kg, text: str, form: str, timeout: float | None) -> bytes:
    """Evaluate on ``kg``'s store; with a ``timeout``, in a forked worker process that is killed when
    time runs out (Oxigraph's evaluation cannot be interrupted from another thread)."""
    import multiprocessing

    if not timeout or "fork" not in multiprocessing.get_all_start_methods():
        return _evaluate(kg.store, text, form)
    ctx = multiprocessing.get_context("fork")
    receiver, sender = ctx.Pipe(duplex=False)
    worker = ctx.Process(target=_child, args=(kg, text, form, sender), daemon=True)
    worker.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            raise QueryTimeout(f"the query ran out of time after {timeout:g} s and was stopped "
                               f"(raise --timeout, or make the query more selective)")
        status, payload = receiver.recv()
    except EOFError:
        raise DramagraphError("the query worker died (out of memory?)") from None
    finally:
        if worker.is_alive():
            worker.kill()
        worker.join()
        receiver.close()
    if status != "ok":
        raise DramagraphError(f"query failed: {payload}")
    return payload


def run_sparql(kg, text: str, bindings: dict | None = None, where: str = "<query>",
               timeout: float | None = None) -> Result:
    """Run SPARQL ``text`` on ``kg`` (a loaded graph, whose default graph is the union of its named
    graphs, or a :class:`graph.endpoint.Endpoint`); ``bindings`` maps variable names to pyoxigraph
    terms (or plain strings/ints, made literals). ``timeout`` in seconds stops a runaway query.

    >>> from graph.store import open_graph
    >>> run_sparql(open_graph(data_dir=False), "ASK { title:koizora a schema:Movie }").boolean
    True
    """
    remote = hasattr(kg, "execute")
    if remote:
        _refuse_update(text)
    else:
        refuse_unsafe(text)
    check_syntax(text, where)
    form = query_form(text)
    text = bind_values(text, {k: _as_term(v) for k, v in (bindings or {}).items()})
    if remote:
        result = result_from(form, kg.execute(text, form, timeout))
    elif not timeout:  # no worker needed: read the solutions straight from the store
        from .iris import PREFIXES

        result = _result(kg.store.query(text, prefixes=PREFIXES), form)
    else:
        result = result_from(form, execute_local(kg, text, form, timeout))
    return _in_query_order(result, text)


def _in_query_order(result: Result, text: str) -> Result:
    """``SELECT *`` columns in the order the query first names them (engines sort them)."""
    from .sparqltext import first_appearance, is_select_star

    if result.kind != "select" or not is_select_star(text):
        return result
    ordered = first_appearance(text, result.variables)
    if ordered == result.variables:
        return result
    return Result("select", ordered, [{v: row[v] for v in ordered if v in row} for row in result.rows],
                  [{v: row[v] for v in ordered if v in row} for row in result.terms])


def _refuse_update(text: str) -> None:
    """Refuse SPARQL Update before it goes to an endpoint: a text the engine does not parse as a query
    and rdflib's update parser does (so ``ex:auto-load`` in a query is no update)."""
    from .errors import Refused

    if _engine_error(_mask_service(text)) is None:
        return
    if _rdflib_parse(text)[0] == "update":
        raise Refused("SPARQL Update is refused: dramagraph only reads from endpoints "
                      "(load data with `dramagraph push`)")


def result_from(form: str, payload: bytes) -> Result:
    """A :class:`Result` from SPARQL JSON results (select, ask) or N-Triples (graph)."""
    import pyoxigraph as ox

    if form == "graph":
        return Result("graph", triples=list(ox.parse(input=payload, format=ox.RdfFormat.N_TRIPLES)), raw=payload)
    result = _result(ox.parse_query_results(payload, format=ox.QueryResultsFormat.JSON), form)
    result.raw = payload
    return result


def _result(answer, form: str) -> Result:
    """A :class:`Result` from pyoxigraph's answer object (solutions, boolean or triples)."""
    import pyoxigraph as ox

    if isinstance(answer, ox.QueryBoolean):
        return Result("ask", boolean=bool(answer))
    if not isinstance(answer, ox.QuerySolutions):
        return Result("graph", triples=list(answer))
    variables = [v.value for v in answer.variables]
    terms, rows = [], []
    for solution in answer:
        term_row, row = {}, {}
        for name in variables:
            term = solution[name]
            if term is not None:
                term_row[name] = term
                row[name] = term.value if type(term) is ox.NamedNode else to_python(term)
        terms.append(term_row)
        rows.append(row)
    return Result("select", variables, rows, terms)


def _blank(text: str) -> str:
    """``text`` with strings, IRIs and comments replaced by spaces (same length, same positions)."""
    return _SAFE_TOKEN.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def _matching_brace(code: str, start: int) -> int:
    depth = 0
    for i in range(start, len(code)):
        if code[i] == "{":
            depth += 1
        elif code[i] == "}":
            depth -= 1
            if depth == 0:
                return i
    raise UsageError("unbalanced braces in the query")


def bind_values(text: str, bindings: dict) -> str:
    r"""Bind variables by a ``VALUES`` block at the start of the query's WHERE group.

    ``bindings`` maps variable names to pyoxigraph terms, which are serialized (escaped) as RDF terms:
    a value can never change the query's structure.

    >>> import pyoxigraph as ox
    >>> bind_values('SELECT ?n { ?t <http://n> ?n }', {"t": ox.Literal('"} DROP ALL')})
    'SELECT ?n { VALUES (?t) { ("\\"} DROP ALL") } ?t <http://n> ?n }'
    """
    if not bindings:
        return text
    names = sorted(bindings)
    block = (" VALUES (" + " ".join(f"?{n}" for n in names) + ") { ("
             + " ".join(str(bindings[n]) for n in names) + ") }")
    code = _blank(text)
    form = re.search(r"(?<![\w:?$])(SELECT|CONSTRUCT|DESCRIBE|ASK)(?![\w:])", code, re.I)
    if not form:
        raise UsageError("cannot bind parameters: not a SPARQL query")
    position = code.find("{", form.end())
    if form.group(1).upper() == "CONSTRUCT" and not re.match(r"\s*WHERE\b", code[form.end():], re.I):
        position = code.find("{", _matching_brace(code, position) + 1)  # skip the template
    if position < 0:
        raise UsageError("cannot bind parameters: the query has no WHERE group")
    return text[:position + 1] + block + text[position + 1:]


def _as_term(value):
    import pyoxigraph as ox

    if isinstance(value, (ox.NamedNode, ox.BlankNode, ox.Literal)):
        return value
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false",
                          datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    return ox.Literal(str(value))


def bind_params(kg, query: NamedQuery, params: dict[str, str]) -> dict:
    """Check ``params`` against the query's declared parameters and turn them into RDF terms."""
    import pyoxigraph as ox

    from .names import resolve

    declared = {p.name: p for p in query.params}
    unknown = sorted(set(params) - set(declared))
    if unknown:
        known = ", ".join(declared) or "none"
        raise UsageError(f"query {query.name!r} has no parameter {unknown[0]!r} (its parameters: {known})")
    bindings = {}
    for param in query.params:
        value = params.get(param.name, param.default)
        if value is None:
            if param.required:
                raise UsageError(f"query {query.name!r} needs the parameter {param.name!r} "
                                 f"({param.doc or param.kind}), e.g. --param {param.name}="
                                 f"{shlex.quote(param.example or '...')}")
            continue
        if param.kind == "integer":
            try:
                bindings[param.name] = _as_term(int(value))
            except ValueError:
                raise UsageError(f"parameter {param.name!r} must be an integer, not {value!r}") from None
        elif param.kind == "string":
            bindings[param.name] = ox.Literal(str(value))
        else:
            bindings[param.name] = ox.NamedNode(resolve(kg, str(value), param.kind).iri)
    return bindings


def run_named(kg, name: str, params: dict[str, str] | None = None, timeout: float | None = None) -> Result:
    """Run the named query ``name`` with ``params`` (parameter name -> value as the user wrote it)."""
    query = get(name)
    return run_sparql(kg, query.text, bind_params(kg, query, params or {}), where=str(query.path),
                      timeout=timeout)


RESULT_FORMATS = {"select": ("table", "json", "csv", "tsv", "xml"), "ask": ("table", "json", "csv", "tsv", "xml"),
                  "graph": ("turtle", "nt", "jsonld")}


def format_result(result: Result, fmt: str, label=None, limit: int | None = None) -> str:
    """The result as text in ``fmt``: the SPARQL 1.1 results formats (json, xml, csv, tsv) for SELECT
    and ASK, exactly as specified (written by Oxigraph); turtle, nt or jsonld for graphs; or ``table``,
    aligned for people, with ``label(iri)`` shown instead of IRIs and at most ``limit`` rows."""
    import pyoxigraph as ox

    if fmt not in RESULT_FORMATS[result.kind]:
        kinds = "SELECT and ASK" if result.kind != "graph" else "CONSTRUCT and DESCRIBE"
        raise UsageError(f"--format {fmt} does not fit this query: {kinds} results take "
                         f"{', '.join(RESULT_FORMATS[result.kind])}")
    if result.kind == "graph":
        from .iris import PREFIXES
        from .rdfio import serialize

        triples = [ox.Quad(t.subject, t.predicate, t.object) for t in result.triples]
        return serialize(triples, fmt, PREFIXES).decode("utf-8")
    if fmt != "table":
        answer = ox.parse_query_results(result.payload, format=ox.QueryResultsFormat.JSON)
        name = {"json": "JSON", "xml": "XML", "csv": "CSV", "tsv": "TSV"}[fmt]
        return answer.serialize(format=getattr(ox.QueryResultsFormat, name)).decode("utf-8")
    if result.kind == "ask":
        return ("yes" if result.boolean else "no") + "\n"
    return _table(result, label, limit)


def _cell(term, label) -> str:
    import pyoxigraph as ox

    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        if label:
            shown = label(term.value)
            if shown != term.value:
                return shown
        from .iris import shorten

        return shorten(term.value)
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    return " ".join(term.value.split())


def _table(result: Result, label, limit) -> str:
    rows = result.terms if limit is None else result.terms[:limit]
    header = result.variables
    cells = [[_cell(row.get(v), label) for v in header] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in cells]
    return "\n".join(lines) + "\n"
