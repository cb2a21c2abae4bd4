"""What a query may do, decided before it runs: its syntax (with positions and people's words, see
:mod:`graph.query.sparqltext`), its form, and the refusals: SERVICE (a network call from this machine) and
SPARQL Update (the graph is read-only). Decided by parsing, never by matching keywords: the engine
parses the text with every spelling of "service" masked, and rdflib's parser tells an update.
"""

from __future__ import annotations

import re

from ..errors import DramagraphError, ParseError, Refused, UsageError

__all__ = ["refuse_unsafe", "refuse_update", "check_syntax", "syntax_error", "refusal", "SERVICE_WORD"]


# Any spelling the engine could read as the keyword SERVICE, and more (case-insensitive, also in
# strings, IRIs and names): a query without it cannot call another server.
SERVICE_WORD = re.compile(r"service", re.I)
_SERVICE_REFUSED = "SERVICE is not allowed here: the embedded store makes no network requests"


def _mask_service(text: str) -> str:
    """``text`` with every "service" spelt "servicx" (same length, same case): wherever the engine
    read the keyword SERVICE, it now meets a word that is no keyword and cannot parse."""
    return SERVICE_WORD.sub(lambda m: m.group(0)[:-1] + ("X" if m.group(0)[-1].isupper() else "x"), text)

def _engine_error(text: str, base: str | None = None) -> SyntaxError | None:
    """The engine's syntax error for ``text`` read as a query, or None if it parses. Only for texts
    that cannot name SERVICE (see :func:`_mask_service`): the query is evaluated on an empty store."""
    import pyoxigraph as ox

    from ..rdf.iris import PREFIXES

    try:
        ox.Store().query(text, prefixes=PREFIXES, base_iri=base)
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
    for m in SERVICE_WORD.finditer(text):
        if m.start() <= at and (not text[m.end():at].strip() or re.fullmatch(r":\S*\s*", text[m.end():at])):
            return True
    return False

def refuse_unsafe(text: str, allow_update: bool = False, where: str = "<query>", base: str | None = None) -> None:
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
    error = _engine_error(masked, base)
    if error is None:
        return
    refused = refusal(text, error, where, masked != text)
    if refused is not None and not (allow_update and isinstance(refused, Refused)):
        raise refused


def refusal(text: str, error: SyntaxError, where: str, names_service: bool) -> DramagraphError | None:
    """Why a text the engine does not parse as a query (``error``) is refused: SERVICE, Update, or a
    syntax error (None when it names no "service" and is no update: the syntax check explains it)."""
    if names_service and _fails_at_service(text, error):
        return UsageError(_SERVICE_REFUSED)
    kind, tree = _rdflib_parse(text)
    if names_service and kind is not None and (kind == "query" or _names_service(tree)):
        return UsageError(_SERVICE_REFUSED)  # the parsers disagree, or SERVICE it is: refuse
    if kind == "update":
        return Refused("SPARQL Update is refused: the embedded graph is read-only "
                       "(add data with `dramagraph add`)")
    if names_service:  # never run a text that names "service" and does not parse as a query
        return syntax_error(error, text, where)
    return None

def syntax_error(e: SyntaxError, text: str, where: str) -> ParseError:
    """The engine's syntax error as a :class:`ParseError` in people's words (see
    :func:`graph.query.sparqltext.explain`): "undefined prefix `ex:`" rather than the parser's internals."""
    from .sparqltext import explain

    line, column, message = explain(text, str(e))
    return ParseError(message, where, line, column)

def refuse_update(text: str, base: str | None = None) -> None:
    """Refuse SPARQL Update before it goes to an endpoint: a text the engine does not parse as a query
    and rdflib's update parser does (so ``ex:auto-load`` in a query is no update)."""
    if _engine_error(_mask_service(text), base) is None:
        return
    if _rdflib_parse(text)[0] == "update":
        raise Refused("SPARQL Update is refused: dramagraph only reads from endpoints "
                      "(load data with `dramagraph push`)")

def check_syntax(text: str, where: str = "<query>", base: str | None = None) -> None:
    """Raise :class:`ParseError` with the line and column of ``text``'s first syntax error.

    The engine parses by evaluating on an empty store, which would make a SERVICE call from this
    machine: it only ever sees the text with SERVICE masked (:func:`_mask_service`, same positions). A
    text that parses only with SERVICE (a query for a remote endpoint) is judged by rdflib's parser.
    """
    masked = _mask_service(text)
    error = _engine_error(masked, base)
    if error is None:
        return
    if masked != text and _rdflib_parse(text)[0] == "query":
        return
    raise syntax_error(error, text, where) from None
