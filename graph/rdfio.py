"""Reading and writing RDF files safely.

Every file is parsed by Oxigraph's parsers, which report the line and column of a syntax error, never
fetch a remote JSON-LD ``@context`` and never expand XML entities. Before parsing we refuse what those
parsers would still mishandle: invalid UTF-8 (reported with its position), JSON nested deeper than
:data:`MAX_JSON_DEPTH` (Oxigraph's JSON-LD parser crashes the process on very deep input) and RDF/XML
with a DTD. Every file is written through :func:`atomic_write`: a temporary file in the same folder,
then a rename, so a crash never leaves half a file.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import InputError, ParseError

__all__ = ["FORMATS", "format_of", "parse_bytes", "resolve_contexts", "SCHEMA_ORG_CONTEXTS", "parse_file",
           "serialize", "atomic_write", "MAX_JSON_DEPTH", "preflight"]

MAX_JSON_DEPTH = 256

# name -> (pyoxigraph.RdfFormat attribute, file extensions, keeps named graphs)
FORMATS = {
    "turtle": ("TURTLE", (".ttl", ".turtle"), False),
    "nt": ("N_TRIPLES", (".nt", ".ntriples"), False),
    "trig": ("TRIG", (".trig",), True),
    "nquads": ("N_QUADS", (".nq", ".nquads"), True),
    "jsonld": ("JSON_LD", (".jsonld", ".json"), True),
    "xml": ("RDF_XML", (".rdf", ".xml", ".owl"), False),
    "n3": ("N3", (".n3",), False),
}


def format_of(path: str | os.PathLike, fmt: str | None = None) -> str:
    """The format name of a file, from ``fmt`` or else from its extension.

    >>> format_of("titles.TTL")
    'turtle'
    """
    if fmt:
        if fmt not in FORMATS:
            raise InputError(f"unknown RDF format {fmt!r}; choose one of {', '.join(FORMATS)}")
        return fmt
    suffix = Path(path).suffix.lower()
    for name, (_, exts, _) in FORMATS.items():
        if suffix in exts:
            return name
    raise InputError(f"{path}: cannot tell the RDF format from the extension {suffix!r}; "
                     f"use one of {', '.join(e for _, es, _ in FORMATS.values() for e in es)}")


def _position(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[start:offset].decode("utf-8", "replace")) + 1
    return line, column


def _check_utf8(data: bytes, where: str) -> None:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as e:
        line, column = _position(data, e.start)
        raise ParseError(f"invalid UTF-8 (byte 0x{data[e.start]:02x})", where, line, column) from None


def _check_json_depth(data: bytes, where: str) -> None:
    depth, in_string, escaped = 0, False, False
    for i, byte in enumerate(data):
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            depth += 1
            if depth > MAX_JSON_DEPTH:
                line, column = _position(data, i)
                raise ParseError(f"JSON nested deeper than {MAX_JSON_DEPTH} levels", where, line, column)
        elif byte in (0x5D, 0x7D):
            depth -= 1


def _check_xml(data: bytes, where: str) -> None:
    lowered = data.lower()
    found = [at for at in (lowered.find(b"<!doctype"), lowered.find(b"<!entity")) if at >= 0]
    if found:
        line, column = _position(data, min(found))
        raise ParseError("RDF/XML with a DTD or entity declarations is refused "
                         "(entity expansion is unsafe)", where, line, column)


# The URLs that mean schema.org's JSON-LD context, resolved to the copy shipped in graph/contexts/.
SCHEMA_ORG_CONTEXTS = frozenset(f"{scheme}://schema.org{path}" for scheme in ("http", "https")
                                for path in ("", "/", "/docs/jsonldcontext.jsonld", "/docs/jsonldcontext.json"))


def _schema_org_context() -> dict:
    """schema.org's context, its terms mapped to ``https://schema.org/`` (the IRIs dramagraph uses;
    schema.org treats http and https as the same vocabulary)."""
    import json

    path = Path(__file__).resolve().parent / "contexts" / "schema.org.jsonld"
    context = json.loads(path.read_text(encoding="utf-8"))["@context"]
    context["@vocab"] = context["schema"] = "https://schema.org/"
    return context


def resolve_contexts(data: bytes, where: str) -> bytes:
    """JSON-LD ``data`` with schema.org's context put inline in place of its URL; any other remote
    (or relative) context is refused, naming it and where it is, since nothing is ever fetched.

    >>> doc = b'{"@context": "https://schema.org/", "@id": "http://x/m", "@type": "Movie", "name": "M"}'
    >>> [(q.predicate.value, q.object.value) for q in parse_bytes(doc, "jsonld")]
    [('http://www.w3.org/1999/02/22-rdf-syntax-ns#type', 'https://schema.org/Movie'), ('https://schema.org/name', 'M')]
    >>> resolve_contexts(b'{"@context": "https://example.org/ctx.jsonld"}', "f.jsonld")
    Traceback (most recent call last):
    ...
    graph.errors.ParseError: f.jsonld:1:14: the JSON-LD context <https://example.org/ctx.jsonld> is remote and is not fetched (dramagraph makes no network requests); put the context inline in the file (only schema.org's context is known offline)
    """
    import json

    if b'"@context"' not in data:
        return data
    try:
        document = json.loads(data)
    except json.JSONDecodeError as e:
        raise ParseError(f"invalid JSON: {e.msg}", where, e.lineno, e.colno) from None
    state = {"changed": False}

    def context(value):
        if isinstance(value, str):
            if value in SCHEMA_ORG_CONTEXTS:
                state["changed"] = True
                return _schema_org_context()
            at = data.find(json.dumps(value).encode("utf-8"))
            line, column = _position(data, at) if at >= 0 else (None, None)
            raise ParseError(f"the JSON-LD context <{value}> is remote and is not fetched (dramagraph makes no "
                             f"network requests); put the context inline in the file (only schema.org's "
                             f"context is known offline)", where, line, column)
        if isinstance(value, list):
            return [context(v) for v in value]
        if isinstance(value, dict):
            walk(value)
        return value

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "@context":
                    node[key] = context(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(document)
    return json.dumps(document, ensure_ascii=False).encode("utf-8") if state["changed"] else data


def parse_bytes(data: bytes, fmt: str, where: str = "<input>", base_iri: str | None = None,
                default_graph=None):
    """Parse ``data`` in format ``fmt`` into a list of ``pyoxigraph.Quad``.

    Blank nodes are renamed so that files never share one by accident. Triples of a triple format
    go into ``default_graph`` (a ``pyoxigraph.NamedNode``) when it is given.

    >>> [q.object.value for q in parse_bytes(b'<a> <b> "c" .', "turtle", base_iri="http://x/")]
    ['c']
    >>> parse_bytes(b'<a> <b> ex:c .', "turtle", "f.ttl", "http://x/")
    Traceback (most recent call last):
    ...
    graph.errors.ParseError: f.ttl:1:9: The prefix ex: has not been declared
    """
    import pyoxigraph as ox

    _check_utf8(data, where)
    if fmt == "jsonld":
        _check_json_depth(data, where)
        data = resolve_contexts(data, where)
    if fmt == "xml":
        _check_xml(data, where)
    rdf_format = getattr(ox.RdfFormat, FORMATS[fmt][0])
    try:
        quads = list(ox.parse(input=data, format=rdf_format, base_iri=base_iri, rename_blank_nodes=True))
    except SyntaxError as e:
        message = e.msg if isinstance(e.msg, str) else str(e)
        # Oxigraph says "Parser error at line 3 between columns 3 and 6: <why>"; keep the why.
        if message.startswith("Parser error at ") and ": " in message:
            message = message.split(": ", 1)[1]
        raise ParseError(message, where, e.lineno, e.offset) from None
    except (ValueError, OSError) as e:
        raise ParseError(str(e), where) from None
    if default_graph is not None:
        quads = [ox.Quad(q.subject, q.predicate, q.object,
                         default_graph if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name)
                 for q in quads]
    return quads


def preflight(path: str | os.PathLike, fmt: str) -> None:
    """The checks of :func:`parse_bytes` that Oxigraph's bulk loader lacks, done by streaming:
    JSON nesting depth for JSON-LD, no DTD in RDF/XML (it must come before the root element, so the
    first megabyte tells). Invalid UTF-8 and syntax errors are reported by the loader itself."""
    where = str(path)
    try:
        with open(path, "rb") as f:
            if fmt == "xml":
                _check_xml(f.read(1 << 20), where)
            elif fmt == "jsonld":
                data = f.read()  # JSON-LD is parsed whole by Oxigraph anyway
                _check_json_depth(data, where)
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e.strerror or e}") from None


def parse_file(path: str | os.PathLike, fmt: str | None = None, base_iri: str | None = None,
               default_graph=None):
    """Parse the RDF file at ``path`` (format from ``fmt`` or its extension); see :func:`parse_bytes`."""
    fmt = format_of(path, fmt)
    try:
        data = Path(path).read_bytes()
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e.strerror or e}") from None
    return parse_bytes(data, fmt, str(path), base_iri, default_graph)


def serialize(quads, fmt: str, prefixes: dict[str, str] | None = None) -> bytes:
    """Serialize quads; a format without named graphs gets the triples of all graphs (deduplicated).

    >>> import pyoxigraph as ox
    >>> serialize([ox.Quad(ox.NamedNode("http://a"), ox.NamedNode("http://b"), ox.Literal("c"))], "nt")
    b'<http://a> <http://b> "c" .\\n'
    """
    import pyoxigraph as ox

    name, _, keeps_graphs = FORMATS[format_of("", fmt)]
    items = list(quads)
    if not keeps_graphs:
        items = list(dict.fromkeys(ox.Triple(q.subject, q.predicate, q.object) for q in items))
    kwargs = {"prefixes": prefixes} if prefixes and fmt in ("turtle", "trig", "n3", "xml") else {}
    return ox.serialize(items, format=getattr(ox.RdfFormat, name), **kwargs)


def atomic_write(path: str | os.PathLike, data: bytes | str) -> Path:
    """Write ``data`` to ``path`` through a temporary file and a rename; return the path.

    Text is written as UTF-8 whatever the locale. On any error the target is left as it was.
    """
    path = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    directory = path.parent if str(path.parent) else Path(".")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as e:
        raise InputError(f"{path}: cannot write: {e.strerror or e}") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(e, OSError):
            raise InputError(f"{path}: cannot write: {e.strerror or e}") from None
        raise
    return path
