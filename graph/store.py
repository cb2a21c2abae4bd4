"""Step 1: load the graph.

The dataset is an in-memory Oxigraph store holding one named graph per source:

* ``<.../graph/ontology/NAME>``: each vocabulary file of ``ontology/`` (not the SHACL shapes);
* the named graphs of the article (``data/article.trig``), each derived from a quotation;
* ``<.../graph/user/NAME>``: each file the user added with :func:`add` (kept in the data directory);
* ``<file:///...>``: files given for one command only (e.g. ``dramagraph validate extra.ttl``);
* ``<.../graph/inferred>``: inferred triples, only when asked for (see :mod:`graph.reason`).

Every triple lives in a named graph, and the default graph holds their union, deduplicated (a real
RDF merge: Oxigraph's "union default graph" option would repeat a triple once per graph holding it).
SPARQL sees that default graph; ``GRAPH ?g`` tells which source asserted what. A remote endpoint that
receives the dataset with ``push`` gets the same layout, so queries answer the same there.
:meth:`KnowledgeGraph.to_rdflib` gives the dataset as an ``rdflib.Dataset`` for notebooks and pySHACL.

>>> kg = open_graph(data_dir=False)
>>> kg.count_triples() > 500
True
"""

from __future__ import annotations

import datetime as _dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError, UsageError
from .rdfio import atomic_write, format_of, parse_file, serialize
from .resources import data_dir_of_article, ontology_dir

__all__ = ["KnowledgeGraph", "Source", "open_graph", "user_data_dir", "add", "added_files",
           "ONTOLOGY_FILES", "to_rdflib_term", "from_rdflib_term"]

from .iris import BASE
ONTOLOGY_FILES = ("dramagraph.ttl", "concepts.ttl")
PROV = "http://www.w3.org/ns/prov#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@dataclass(frozen=True)
class Source:
    """One loaded file and the named graph(s) it went into."""

    path: Path
    kind: str  # ontology | article | user | file | inferred
    graph: str | None  # the graph its triples went into, or None when the file names its graphs


@dataclass
class KnowledgeGraph:
    """The loaded dataset: an Oxigraph store plus the list of what went into it.

    ``path`` is set for a persistent on-disk store (opened read-only), None for the in-memory one.
    ``cache`` is the one place where what is computed from the data (query rows, the name index,
    network views) is kept; it is emptied whenever the data changes (:meth:`add_quads`), as networkx
    does with ``G.__networkx_cache__``.
    """

    store: object  # pyoxigraph.Store
    sources: list[Source] = field(default_factory=list)
    inferred: bool = False
    path: Path | None = None
    cache: dict = field(default_factory=dict, repr=False, compare=False)

    def reopen(self):
        """The store to query in a worker process: a new read-only handle for an on-disk store."""
        if self.path is None:
            return self.store
        import pyoxigraph as ox

        return ox.Store.read_only(str(self.path))

    def quads(self):
        """Every quad of the named graphs (not the union copy), in a stable order."""
        import pyoxigraph as ox

        return sorted((q for q in self.store.quads_for_pattern(None, None, None, None)
                       if not isinstance(q.graph_name, ox.DefaultGraph)), key=str)

    def add_quads(self, quads) -> None:
        """Add quads of named graphs, and their triples to the union default graph."""
        import pyoxigraph as ox

        quads = list(quads)
        default = ox.DefaultGraph()
        self.store.extend(quads + [ox.Quad(q.subject, q.predicate, q.object, default) for q in quads])
        self.cache.clear()

    def count_triples(self) -> int:
        """Distinct triples in the union of all graphs."""
        result = self.store.query("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")
        return int(next(iter(result))["n"].value)

    def graph_names(self) -> list[str]:
        return sorted(g.value for g in self.store.named_graphs())

    def to_rdflib(self):
        """The dataset as an ``rdflib.Dataset`` whose default graph is the union of the named graphs."""
        from rdflib import Dataset, URIRef

        ds = Dataset(default_union=True)
        graphs: dict[str, object] = {}
        for q in self.quads():
            name = q.graph_name.value
            if name not in graphs:
                graphs[name] = ds.graph(URIRef(name))
            graphs[name].add((to_rdflib_term(q.subject), to_rdflib_term(q.predicate),
                              to_rdflib_term(q.object)))
        return ds

    def union_graph(self):
        """All triples of the dataset as one ``rdflib.Graph``."""
        from rdflib import Graph

        import pyoxigraph as ox

        g = Graph()
        for q in self.store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
            g.add((to_rdflib_term(q.subject), to_rdflib_term(q.predicate), to_rdflib_term(q.object)))
        return g


def to_rdflib_term(term):
    """A pyoxigraph term as the equal rdflib term (xsd:string literals become plain literals)."""
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"unsupported term {term!r}")


def from_rdflib_term(term):
    """An rdflib term as the equal pyoxigraph term."""
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"unsupported term {term!r}")


def user_data_dir(override: str | os.PathLike | None = None) -> Path:
    """Where added data lives: ``override``, else ``$DRAMAGRAPH_DATA_DIR``, else the platform's
    user data folder (e.g. ``~/.local/share/dramagraph`` on Linux)."""
    if override:
        return Path(override)
    env = os.environ.get("DRAMAGRAPH_DATA_DIR")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir("dramagraph", appauthor=False))


def added_files(data_dir: str | os.PathLike | None = None) -> list[Path]:
    """The files added with :func:`add`, in load order."""
    folder = user_data_dir(data_dir)
    return sorted(folder.glob("*.trig")) if folder.is_dir() else []


def _load(kg: KnowledgeGraph, path: Path, kind: str, graph: str | None = None,
          fmt: str | None = None) -> Source:
    """Parse ``path`` into ``kg``: triples outside a named graph go into ``graph`` (default: a graph
    named by the file's URI), so that every triple lives in a named graph."""
    import pyoxigraph as ox

    graph = graph or Path(path).resolve().as_uri()
    kg.add_quads(parse_file(path, fmt, base_iri=BASE, default_graph=ox.NamedNode(graph)))
    source = Source(Path(path), kind, graph)
    kg.sources.append(source)
    return source


def open_graph(data_dir: str | os.PathLike | None | bool = None, files=(), infer: bool = False,
               store: str | os.PathLike | None = None) -> KnowledgeGraph:
    """Load the ontology, the article's facts, the user's added data and ``files``.

    ``data_dir=False`` leaves the user's added data out. ``infer=True`` adds the inferred graph.
    ``store`` (or ``$DRAMAGRAPH_STORE``) opens a persistent store made by :func:`load_store` instead,
    read-only and without parsing anything. Raises :class:`graph.errors.ParseError` (with file, line
    and column) for a malformed file.
    """
    import pyoxigraph as ox

    store = store or os.environ.get("DRAMAGRAPH_STORE") or None
    if store is not None:
        return _open_store(Path(store), files, infer)

    kg = KnowledgeGraph(ox.Store())
    for name in ONTOLOGY_FILES:
        _load(kg, ontology_dir() / name, "ontology", f"{BASE}graph/ontology/{Path(name).stem}")
    _load(kg, data_dir_of_article() / "article.trig", "article", f"{BASE}graph/article")
    if data_dir is not False:
        for path in added_files(data_dir):
            _load(kg, path, "user", fmt="trig")
    for path in files:
        _load(kg, Path(path), "file")
    if infer:
        from .reason import infer as _infer

        _infer(kg)
    return kg


def add(path: str | os.PathLike, data_dir: str | os.PathLike | None = None, replace: bool = False,
        fmt: str | None = None) -> Path:
    """Validate the triples of ``path`` together with the graph and, if they conform, keep them.

    The triples go into the named graph ``<.../graph/user/STEM>``, written with its provenance (the
    file it came from, when) to ``DATA_DIR/STEM.trig``. Nothing is written when the file cannot be
    parsed (:class:`~graph.errors.ParseError`) or the result does not conform
    (:class:`~graph.errors.ValidationFailed`). Returns the written file.
    """
    import pyoxigraph as ox

    from .iris import slugify
    from .shacl import check

    path = Path(path)
    stem = slugify(path.stem)
    graph_iri = f"{BASE}graph/user/{stem}"
    folder = user_data_dir(data_dir)
    target = folder / f"{stem}.trig"
    if target.exists() and not replace:
        raise UsageError(f"{target} exists: data named {stem!r} was added before; "
                         f"use --replace to replace it")
    fmt = format_of(path, fmt)
    quads = parse_file(path, fmt, base_iri=BASE, default_graph=ox.NamedNode(graph_iri))
    graph_node = ox.NamedNode(graph_iri)
    quads = [ox.Quad(q.subject, q.predicate, q.object, graph_node) for q in quads]
    if not quads:
        raise InputError(f"{path}: no triples to add")
    kg = open_graph(data_dir=False)
    for existing in added_files(data_dir):
        if existing != target:
            _load(kg, existing, "user", fmt="trig")
    kg.add_quads(quads)
    check(kg)

    prov = ox.NamedNode(f"{BASE}graph/provenance")
    now = _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat()
    meta = [
        ox.Quad(graph_node, ox.NamedNode(RDF_TYPE), ox.NamedNode(PROV + "Entity"), prov),
        ox.Quad(graph_node, ox.NamedNode(PROV + "wasDerivedFrom"), ox.NamedNode(path.resolve().as_uri()), prov),
        ox.Quad(graph_node, ox.NamedNode(PROV + "generatedAtTime"),
                ox.Literal(now, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#dateTime")), prov),
    ]
    from .iris import PREFIXES

    atomic_write(target, serialize(quads + meta, "trig", PREFIXES))
    return target



STORE_MARKER = "dramagraph-store.json"


def _open_store(path: Path, files, infer) -> KnowledgeGraph:
    import pyoxigraph as ox

    if files or infer:
        raise UsageError("--store is read-only: extra files and --infer go with the embedded graph; "
                         "load them into the store with `dramagraph load`")
    if not (path / STORE_MARKER).is_file():
        raise UsageError(f"{path} is not a dramagraph store; make one with `dramagraph load FILE... --store {path}`")
    try:
        store = ox.Store.read_only(str(path))
    except OSError as e:
        raise InputError(f"{path}: cannot open the store: {e}") from None
    return KnowledgeGraph(store, [Source(path, "store", None)], path=path)


def load_store(files, store_dir: str | os.PathLike, progress=None) -> dict:
    """Bulk-load ``files`` (and the ontology) into a persistent Oxigraph store at ``store_dir``.

    The store is built in a temporary folder beside ``store_dir`` and only then put in its place, so a
    failed load (a syntax error in the 3rd file, an interrupt) leaves any previous store as it was.
    The files' triples go into the default graph (at this size a named graph per file would double the
    store); the ontology goes into its named graphs and the default graph as usual. ``progress`` is
    called with (file index, number of files, path) before each file.
    """
    import json
    import shutil
    import tempfile
    import time

    import pyoxigraph as ox

    from .rdfio import FORMATS, preflight

    target = Path(store_dir)
    if target.exists() and not (target / STORE_MARKER).is_file():
        raise UsageError(f"{target} exists and is not a dramagraph store: refusing to replace it")
    files = [Path(f) for f in files]
    formats = []
    for f in files:
        fmt = format_of(f)
        if not f.is_file():
            raise InputError(f"{f}: cannot read: No such file or directory")
        preflight(f, fmt)
        formats.append(fmt)
    target.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{target.name}.loading-", dir=target.parent))
    started = time.perf_counter()
    store = kg = None
    try:
        store = ox.Store(str(building))
        kg = KnowledgeGraph(store)
        for name in ONTOLOGY_FILES:
            _load(kg, ontology_dir() / name, "ontology", f"{BASE}graph/ontology/{Path(name).stem}")
        for i, (f, fmt) in enumerate(zip(files, formats)):
            if progress:
                progress(i, len(files), f)
            try:
                store.bulk_load(path=str(f), format=getattr(ox.RdfFormat, FORMATS[fmt][0]), base_iri=BASE,
                                to_graph=ox.DefaultGraph())
            except SyntaxError as e:
                from .errors import ParseError

                message = e.msg if isinstance(e.msg, str) else str(e)
                if message.startswith("Parser error at ") and ": " in message:
                    message = message.split(": ", 1)[1]
                raise ParseError(message, str(f), e.lineno, e.offset) from None
        if progress:
            progress(len(files), len(files), None)
        store.flush()
        triples = KnowledgeGraph(store).count_triples()
        info = {"files": [str(f.resolve()) for f in files], "triples": triples,
                "seconds": round(time.perf_counter() - started, 3)}
        del store, kg
        (building / STORE_MARKER).write_text(json.dumps(info, indent=2), encoding="utf-8")
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
            os.replace(target, old / "store")
            os.replace(building, target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(building, target)
        return info
    except BaseException:
        import gc

        store = kg = None  # close the store first: RocksDB writes its log on close
        gc.collect()
        shutil.rmtree(building, ignore_errors=True)
        raise
