"""Safety checks on RDF input before it is parsed, and the parser's failures as one-line errors.

Where it sits: *errors → rdfcheck → rdfio* → knowledge/store/diskstore → ...: :mod:`graph.rdf.rdfio` runs
:func:`check_bytes` before Oxigraph parses a file held in memory, and :mod:`graph.store.diskstore` runs
:func:`preflight` (streaming) before Oxigraph's bulk loader reads a file; both turn the parser's own
failures into :class:`~graph.errors.ParseError` with :func:`parser_error`.

Oxigraph's parsers report the line and column of a syntax error, never fetch a remote JSON-LD
``@context`` and never expand XML entities. What they would still mishandle is refused here: invalid
UTF-8 (reported with its position), JSON nested deeper than :data:`MAX_JSON_DEPTH` (Oxigraph's JSON-LD
parser crashes the process on very deep input) and RDF/XML with a DTD. Turtle, TriG and N3 nested
deeper than :data:`MAX_NESTING` levels of ``[ ]``, ``( )`` and ``{ }``, and RDF/XML elements nested
deeper than that, are refused by a cheap scan before parsing (Oxigraph takes minutes and gigabytes on
a million levels). A token (a string literal or IRI) over :data:`MAX_TOKEN_MB` MB is beyond Oxigraph's
parser and is refused with one line.
"""

from __future__ import annotations

import os
import re

from ..errors import InputError, ParseError

__all__ = ["MAX_JSON_DEPTH", "MAX_NESTING", "MAX_TOKEN_MB", "position", "check_bytes", "check_nesting",
           "preflight", "parser_error"]

MAX_JSON_DEPTH = 256
MAX_NESTING = 256  # levels of [ ] ( ) { } in Turtle, TriG and N3; of elements in RDF/XML
MAX_TOKEN_MB = 16  # Oxigraph's parser buffer: no literal or IRI may be longer


def position(data: bytes, offset: int) -> tuple[int, int]:
    """The line and column (both from 1, the column in characters) of byte ``offset`` in ``data``.

    >>> position("a\\nbé c".encode("utf-8"), 5)
    (2, 3)
    """
    line = data.count(b"\n", 0, offset) + 1
    start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[start:offset].decode("utf-8", "replace")) + 1
    return line, column


def _check_utf8(data: bytes, where: str) -> None:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as e:
        line, column = position(data, e.start)
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
                line, column = position(data, i)
                raise ParseError(f"JSON nested deeper than {MAX_JSON_DEPTH} levels", where, line, column)
        elif byte in (0x5D, 0x7D):
            depth -= 1


def _check_xml(data: bytes, where: str) -> None:
    lowered = data.lower()
    found = [at for at in (lowered.find(b"<!doctype"), lowered.find(b"<!entity")) if at >= 0]
    if found:
        line, column = position(data, min(found))
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


def check_bytes(data: bytes, fmt: str, where: str = "<input>") -> None:
    """The checks before Oxigraph parses ``data`` (format ``fmt``) in memory: valid UTF-8, JSON depth
    (JSON-LD), no DTD (RDF/XML), nesting depth (Turtle, TriG, N3, RDF/XML).

    >>> check_bytes(b'<a> <b> "caf\\xe9" .', "turtle", "f.ttl")
    Traceback (most recent call last):
    ...
    graph.errors.ParseError: f.ttl:1:13: invalid UTF-8 (byte 0xe9)
    """
    _check_utf8(data, where)
    if fmt == "jsonld":
        _check_json_depth(data, where)
    if fmt == "xml":
        _check_xml(data, where)
    check_nesting(data, fmt, where)


def preflight(path: str | os.PathLike, fmt: str) -> None:
    """The checks of :func:`check_bytes` that Oxigraph's bulk loader lacks, done by streaming:
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


def parser_error(e: BaseException, where: str) -> InputError:
    """Oxigraph's failure to parse ``where`` as one line: a :class:`~graph.errors.ParseError` with the
    position it gave (a syntax error, a token too long), else an :class:`~graph.errors.InputError`."""
    if isinstance(e, SyntaxError):
        message = e.msg if isinstance(e.msg, str) else str(e)
        # Oxigraph says "Parser error at line 3 between columns 3 and 6: <why>"; keep the why.
        if message.startswith("Parser error at ") and ": " in message:
            message = message.split(": ", 1)[1]
        return ParseError(message, where, e.lineno, e.offset)
    if isinstance(e, MemoryError):
        if "buffer maximal size" in str(e):  # Oxigraph's parser keeps one token in a 16 MB buffer
            return ParseError(f"a token (a string literal or an IRI) longer than {MAX_TOKEN_MB} MB: more than "
                              f"the RDF parser can hold", where)
        return InputError(f"{where}: out of memory while parsing")
    return ParseError(str(e), where)
