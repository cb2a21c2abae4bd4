"""Reading and writing RDF files safely.

Where it sits: errors/iris → rdfcheck → *rdfio* → knowledge/store/diskstore → ...: every RDF file
dramagraph reads or writes goes through here.

Every file is parsed by Oxigraph's parsers after the checks of :mod:`graph.rdf.rdfcheck` (invalid UTF-8,
too deep nesting, a DTD in RDF/XML, a token too long are refused with one line and a position); a
JSON-LD ``@context`` of schema.org is resolved offline, any other remote one refused
(:func:`resolve_contexts`). :func:`parse_file` can refuse a file over a size before reading it
(:data:`MAX_FILE_BYTES`, for the commands that hold a file in memory).

Every file is written through :func:`atomic_writer`: a temporary file in the target's folder, then a
rename, so a crash never leaves half a file. A new file gets the mode ``0666 & ~umask``, a replaced
file keeps its mode, a symbolic link is written through to its target, and a missing folder is an
error (never created silently).
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from ..errors import InputError, ParseError, UsageError
from .iris import SCHEMA_NS
from .rdfcheck import check_bytes, parser_error, position

__all__ = ["now_xsd", "FORMATS", "format_of", "parse_bytes", "resolve_contexts", "SCHEMA_ORG_CONTEXTS", "parse_file",
           "serialize", "atomic_write", "atomic_writer", "MAX_FILE_BYTES", "new_file_mode", "fsync_dir",
           "is_absolute_iri", "check_base"]

MAX_FILE_BYTES = 32 * 1024 * 1024  # files parsed whole in memory (add, validate FILE)

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


# The URLs that mean schema.org's JSON-LD context, resolved to the copy shipped in graph/rdf/contexts/.
SCHEMA_ORG_CONTEXTS = frozenset(f"{scheme}://schema.org{path}" for scheme in ("http", "https")
                                for path in ("", "/", "/docs/jsonldcontext.jsonld", "/docs/jsonldcontext.json"))


def _schema_org_context() -> dict:
    """schema.org's context, its terms mapped to ``https://schema.org/`` (the IRIs dramagraph uses;
    schema.org treats http and https as the same vocabulary)."""
    import json

    path = Path(__file__).resolve().parent / "contexts" / "schema.org.jsonld"
    context = json.loads(path.read_text(encoding="utf-8"))["@context"]
    context["@vocab"] = context["schema"] = SCHEMA_NS
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
            line, column = position(data, at) if at >= 0 else (None, None)
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


def is_absolute_iri(text: str) -> bool:
    """Whether ``text`` is an absolute IRI: a scheme, and a valid IRI for the engine.

    >>> is_absolute_iri("http://example.org/g"), is_absolute_iri("g"), is_absolute_iri("http://a/{x}")
    (True, False, False)
    """
    import re

    import pyoxigraph as ox

    try:
        ox.NamedNode(text)
    except ValueError:
        return False
    return re.match(r"[A-Za-z][A-Za-z0-9+.-]*:\S", text) is not None


def check_base(base: str | None) -> str | None:
    """``base`` if it is an absolute IRI (what relative IRIs resolve against), else a UsageError.

    >>> check_base("http://example.org/doc.ttl")
    'http://example.org/doc.ttl'
    >>> check_base("doc.ttl")
    Traceback (most recent call last):
    ...
    graph.errors.UsageError: --base 'doc.ttl': give an absolute IRI, such as https://example.org/
    """
    if base is None:
        return None
    if not is_absolute_iri(base):
        raise UsageError(f"--base {base!r}: give an absolute IRI, such as https://example.org/")
    return base


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

    check_bytes(data, fmt, where)
    if fmt == "jsonld":
        data = resolve_contexts(data, where)
    rdf_format = getattr(ox.RdfFormat, FORMATS[fmt][0])
    try:
        quads = list(ox.parse(input=data, format=rdf_format, base_iri=base_iri, rename_blank_nodes=True))
    except (SyntaxError, ValueError, OSError, MemoryError) as e:
        raise parser_error(e, where) from None
    if default_graph is not None:
        quads = [ox.Quad(q.subject, q.predicate, q.object,
                         default_graph if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name)
                 for q in quads]
    return quads


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


def now_xsd() -> str:
    """Now (UTC, to the second) as an ``xsd:dateTime``: the ``prov:generatedAtTime`` of added data, imports, links."""
    import datetime as _dt
    return _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat()
