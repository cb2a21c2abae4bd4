"""Reading and writing RDF files safely.

Every file is parsed by Oxigraph's parsers, which report the line and column of a syntax error, never
fetch a remote JSON-LD ``@context`` and never expand XML entities. Before parsing we refuse what those
parsers would still mishandle: invalid UTF-8 (reported with its position), JSON nested deeper than
:data:`MAX_JSON_DEPTH` (Oxigraph's JSON-LD parser crashes the process on very deep input) and RDF/XML
with a DTD. Turtle, TriG and N3 nested deeper than :data:`MAX_NESTING` levels of ``[ ]``, ``( )`` and
``{ }``, and RDF/XML elements nested deeper than that, are refused by a cheap scan before parsing
(Oxigraph takes minutes and gigabytes on a million levels). A token (a string literal or IRI) over
16 MB is beyond Oxigraph's parser and is refused with one line. :func:`parse_file` can refuse a file
over a size before reading it (:data:`MAX_FILE_BYTES`, for the commands that hold a file in memory).

Every file is written through :func:`atomic_writer`: a temporary file in the target's folder, then a
rename, so a crash never leaves half a file. A new file gets the mode ``0666 & ~umask``, a replaced
file keeps its mode, a symbolic link is written through to its target, and a missing folder is an
error (never created silently).
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
from pathlib import Path

from .errors import InputError, ParseError

__all__ = ["FORMATS", "format_of", "parse_bytes", "resolve_contexts", "SCHEMA_ORG_CONTEXTS", "parse_file",
           "serialize", "atomic_write", "atomic_writer", "MAX_JSON_DEPTH", "MAX_NESTING", "MAX_FILE_BYTES",
           "preflight", "check_nesting", "new_file_mode"]

MAX_JSON_DEPTH = 256
MAX_NESTING = 256  # levels of [ ] ( ) { } in Turtle, TriG and N3; of elements in RDF/XML
MAX_FILE_BYTES = 32 * 1024 * 1024  # files parsed whole in memory (add, validate FILE)
MAX_TOKEN_MB = 16  # Oxigraph's parser buffer: no literal or IRI may be longer

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


# ------------------------------------------------------------------ nesting depth
# A scan that skips strings, IRIs, comments and escapes and counts brackets (or XML elements): it
# stops at the first bracket too deep, so a file of a million nested "[" is refused in milliseconds.
_NOT_IRI = rb'[^<>"{}|^`\\\x00-\x20]'
_TURTLE_TOKEN = re.compile(
    rb'"""|' rb"'''"                                                  # a long string (its end: below)
    rb'|"[^"\\\r\n]*(?:\\.[^"\\\r\n]*)*"'                             # a string
    rb"|'[^'\\\r\n]*(?:\\.[^'\\\r\n]*)*'"
    rb"|<" + _NOT_IRI + rb"*(?:\\[uU][0-9A-Fa-f]+" + _NOT_IRI + rb"*)*>"   # an IRI
    rb"|#[^\r\n]*"                                                    # a comment
    rb"|\\."                                                          # an escape in a local name
    rb"|[\[\](){}]"
    rb"|[\"'<\\]")                                                    # unfinished (or stray)
_LONG_END = {b'"""': re.compile(rb'[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*"""', re.S),
             b"'''": re.compile(rb"[^'\\]*(?:(?:\\.|'(?!''))[^'\\]*)*'''", re.S)}
_XML_TOKEN = re.compile(
    rb"<!--|<!\[CDATA\[|<\?"                                          # their ends: below
    rb"|</[^<>]*>"                                                    # an end tag
    rb"|<[^!?/<>][^<>\"']*(?:(?:\"[^\"]*\"|'[^']*')[^<>\"']*)*>"     # a start tag (or an empty one)
    rb"|<")                                                           # unfinished (or stray)
_XML_END = {b"<!--": b"-->", b"<![CDATA[": b"]]>", b"<?": b"?>"}
_NESTING_FORMATS = ("turtle", "trig", "n3", "xml")
_CHUNK = 8 << 20


class _NestingScanner:
    """Count nesting over a file given in chunks; raise :class:`ParseError` at the first level over
    ``limit``. A token cut by the end of a chunk is carried over to the next one."""

    def __init__(self, fmt: str, where: str, limit: int = MAX_NESTING):
        self.xml, self.where, self.limit = fmt == "xml", where, limit
        self.depth, self.carry = 0, b""
        self.line, self.column = 1, 0  # where the carried text starts (column in characters, 0-based)

    def feed(self, chunk: bytes, eof: bool = False) -> None:
        buf = self.carry + chunk if self.carry else chunk
        stop = self._scan_xml(buf, eof) if self.xml else self._scan_turtle(buf, eof)
        consumed = buf[:stop]
        newlines = consumed.count(b"\n")
        if newlines:
            self.line += newlines
            self.column = len(consumed[consumed.rfind(b"\n") + 1:].decode("utf-8", "replace"))
        else:
            self.column += len(consumed.decode("utf-8", "replace"))
        self.carry = buf[stop:]

    def _too_deep(self, buf: bytes, at: int) -> ParseError:
        before = buf[:at]
        newlines = before.count(b"\n")
        if newlines:
            line, column = self.line + newlines, len(before[before.rfind(b"\n") + 1:].decode("utf-8", "replace"))
        else:
            line, column = self.line, self.column + len(before.decode("utf-8", "replace"))
        what = "XML elements nested" if self.xml else "nested"
        kinds = "" if self.xml else " of [ ], ( ) and { }"
        return ParseError(f"{what} deeper than {self.limit} levels{kinds}", self.where, line, column + 1)

    def _scan_turtle(self, buf: bytes, eof: bool) -> int:
        search, depth, limit, size = _TURTLE_TOKEN.search, self.depth, self.limit, len(buf)
        pos = 0
        try:
            while True:
                m = search(buf, pos)
                if m is None:
                    return size
                start, end = m.span()
                if end - start == 1:
                    byte = buf[start]
                    if byte in b"[({":
                        depth += 1
                        if depth > limit:
                            raise self._too_deep(buf, start)
                    elif byte in b"])}":
                        depth = max(depth - 1, 0)
                    elif not eof and buf.find(b"\n", start) < 0 and size - start < (32 << 20):
                        return start  # maybe a token that goes on in the next chunk
                elif end - start == 3 and buf[start] in b"\"'" and buf[start:end] in _LONG_END:
                    closing = _LONG_END[buf[start:end]].match(buf, end)
                    if closing is None:
                        return size if eof else start
                    end = closing.end()
                elif end == size and not eof and buf[start] == 0x23:  # a comment going on
                    return start
                pos = end
        finally:
            self.depth = depth

    def _scan_xml(self, buf: bytes, eof: bool) -> int:
        search, depth, limit, size = _XML_TOKEN.search, self.depth, self.limit, len(buf)
        pos = 0
        try:
            while True:
                m = search(buf, pos)
                if m is None:
                    return size
                start, end = m.span()
                token = m.group()
                if token in _XML_END:
                    closing = buf.find(_XML_END[token], end)
                    if closing < 0:
                        return size if eof else start
                    end = closing + len(_XML_END[token])
                elif token == b"<":
                    if not eof and buf.find(b">", start) < 0 and size - start < (32 << 20):
                        return start
                elif token.startswith(b"</"):
                    depth = max(depth - 1, 0)
                elif not token.endswith(b"/>"):
                    depth += 1
                    if depth > limit:
                        raise self._too_deep(buf, start)
                pos = end
        finally:
            self.depth = depth


def check_nesting(data: bytes, fmt: str, where: str = "<input>") -> None:
    """Refuse Turtle, TriG or N3 nested deeper than :data:`MAX_NESTING` levels (RDF/XML: elements).

    >>> check_nesting(b'<a> <b> ' + b'[ <p> ' * 300 + b'1' + b' ]' * 300 + b' .', "turtle", "deep.ttl")
    Traceback (most recent call last):
    ...
    graph.errors.ParseError: deep.ttl:1:1545: nested deeper than 256 levels of [ ], ( ) and { }
    >>> check_nesting(b'<a> <b> "[[[[" . # (((((', "turtle")
    """
    if fmt in _NESTING_FORMATS:
        _NestingScanner(fmt, where).feed(data, eof=True)


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
    check_nesting(data, fmt, where)
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
    except MemoryError as e:
        raise _memory_error(e, where) from None
    if default_graph is not None:
        quads = [ox.Quad(q.subject, q.predicate, q.object,
                         default_graph if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name)
                 for q in quads]
    return quads


def _memory_error(e: MemoryError, where: str) -> InputError:
    if "buffer maximal size" in str(e):  # Oxigraph's parser keeps one token in a 16 MB buffer
        return ParseError(f"a token (a string literal or an IRI) longer than {MAX_TOKEN_MB} MB: more than "
                          f"the RDF parser can hold", where)
    return InputError(f"{where}: out of memory while parsing")


def preflight(path: str | os.PathLike, fmt: str) -> None:
    """The checks of :func:`parse_bytes` that Oxigraph's bulk loader lacks, done by streaming:
    JSON nesting depth for JSON-LD, no DTD in RDF/XML (it must come before the root element, so the
    first megabyte tells), nesting depth of Turtle, TriG, N3 and RDF/XML (read in 8 MB chunks).
    Invalid UTF-8 and syntax errors are reported by the loader itself."""
    where = str(path)
    try:
        with open(path, "rb") as f:
            if fmt == "jsonld":
                data = f.read()  # JSON-LD is parsed whole by Oxigraph anyway
                _check_json_depth(data, where)
            elif fmt in _NESTING_FORMATS:
                scanner = _NestingScanner(fmt, where)
                first = True
                while True:
                    chunk = f.read(_CHUNK)
                    if first and fmt == "xml":
                        _check_xml(chunk[: 1 << 20], where)
                    first = False
                    scanner.feed(chunk, eof=not chunk)
                    if not chunk:
                        break
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e.strerror or e}") from None


def parse_file(path: str | os.PathLike, fmt: str | None = None, base_iri: str | None = None,
               default_graph=None, max_bytes: int | None = None):
    """Parse the RDF file at ``path`` (format from ``fmt`` or its extension); see :func:`parse_bytes`.

    ``max_bytes`` refuses a larger file before reading it (:class:`~graph.errors.InputError`)."""
    fmt = format_of(path, fmt)
    try:
        if max_bytes is not None:
            size = os.stat(path).st_size
            if size > max_bytes:
                raise InputError(f"{path}: {size / 2**20:.1f} MB is over the {max_bytes / 2**20:g} MB limit "
                                 f"for a file read whole; load large data into a store with "
                                 f"`dramagraph load FILE... --store DIR`")
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


def _umask() -> int:
    try:  # Linux says it without changing it
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def new_file_mode() -> int:
    """The mode a new file gets: ``0666 & ~umask``, as with ``open()`` and ``cp``."""
    return 0o666 & ~_umask()


def fsync_dir(directory: str | os.PathLike) -> None:
    """Make a rename in ``directory`` durable (best effort: not every platform can)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _cannot_write(path, e: OSError) -> InputError:
    error = InputError(f"{path}: cannot write: {e.strerror or e}")
    error.reason = e.strerror or str(e)  # for a caller that names a bigger whole (a store)
    return error


@contextlib.contextmanager
def atomic_writer(path: str | os.PathLike, make_parents: bool = False):
    """A binary file object whose content replaces ``path`` in one rename when the block ends well.

    On any error (a full disk, a read-only folder, an exception in the block) the target is left as it
    was and the temporary file removed; an ``OSError`` becomes one :class:`~graph.errors.InputError`
    line. A new file gets ``0666 & ~umask``, a replaced one keeps its mode (and, for root, its owner).
    A symbolic link is written through: its target is replaced, the link stays. A device or pipe
    (``/dev/null``, ``/dev/stdout``) is written into. A missing folder is an error unless
    ``make_parents`` (for the folders dramagraph owns, such as the data folder).
    """
    path = Path(path)
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    try:
        existing = os.stat(target)
    except FileNotFoundError:
        existing = None
    except OSError as e:
        raise _cannot_write(path, e) from None
    if existing is not None and stat.S_ISDIR(existing.st_mode):
        raise InputError(f"{path}: cannot write: it is a folder")
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        try:
            with open(target, "wb") as f:
                yield f
        except OSError as e:
            raise _cannot_write(path, e) from None
        return
    directory = target.parent
    try:
        if not directory.is_dir():
            if not make_parents:
                raise InputError(f"{path}: cannot write: no such folder {directory}")
            directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as e:
        raise _cannot_write(path, e) from None
    try:
        os.chmod(tmp, stat.S_IMODE(existing.st_mode) if existing is not None else new_file_mode())
        if existing is not None and hasattr(os, "fchown") and \
                (existing.st_uid, existing.st_gid) != (os.geteuid(), os.getegid()):
            try:
                os.fchown(fd, existing.st_uid, existing.st_gid)
            except OSError:
                pass  # only root may give a file away: it is then the writer's
        with os.fdopen(fd, "wb") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
        fsync_dir(directory)
    except BaseException as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(e, OSError):
            raise _cannot_write(path, e) from None
        raise


def atomic_write(path: str | os.PathLike, data: bytes | str, make_parents: bool = False) -> Path:
    """Write ``data`` to ``path`` through :func:`atomic_writer`; return the path.

    Text is written as UTF-8 whatever the locale. On any error the target is left as it was.
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    with atomic_writer(path, make_parents) as f:
        f.write(data)
    return Path(path)
