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
receives the dataset with ``push`` gets the same layout, so queries answer the same there, and so does
a persistent store made by :func:`load_store`: the named graphs of the loaded files are kept, the
triples outside any named graph go into the default graph only (a named graph per file would double a
large store), and the default graph is the union of both.
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
from .rdfio import MAX_FILE_BYTES, atomic_write, format_of, parse_file, serialize
from .resources import data_dir_of_article, ontology_dir
from .terms import to_rdflib_graph

__all__ = ["KnowledgeGraph", "Source", "open_graph", "user_data_dir", "add", "added_files",
           "ONTOLOGY_FILES", "load_store", "write_dataset",
           "DEFAULT_WAIT"]

from .iris import BASE
ONTOLOGY_FILES = ("dramagraph.ttl", "concepts.ttl")
PROV = "http://www.w3.org/ns/prov#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
DEFAULT_WAIT = 120.0  # seconds a writer waits for another writer (add, load) before giving up


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
    pin: object = field(default=None, repr=False, compare=False)  # a store version's reader lock

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
            to_rdflib_graph([q], graphs[name])
        return ds

    def union_graph(self):
        """All triples of the dataset as one ``rdflib.Graph``."""
        import pyoxigraph as ox

        return to_rdflib_graph(self.store.quads_for_pattern(None, None, None, ox.DefaultGraph()))


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
    limit = MAX_FILE_BYTES if kind == "file" else None  # a file given for one command is read whole
    kg.add_quads(parse_file(path, fmt, base_iri=BASE, default_graph=ox.NamedNode(graph), max_bytes=limit))
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
        _tidy_data_dir(user_data_dir(data_dir), wait=0)
        for path in added_files(data_dir):
            _load(kg, path, "user", fmt="trig")
    for path in files:
        _load(kg, Path(path), "file")
    if infer:
        from .reason import infer as _infer

        _infer(kg)
    return kg


def _say(text: str) -> None:
    """A message on standard error (what a command did besides its job: recovery, waiting)."""
    import sys

    sys.stderr.write(f"dramagraph: {text}\n")
    sys.stderr.flush()


def _tidy_data_dir(folder: Path, wait: float | None = 0) -> None:
    """Remove the temporary files an interrupted ``add`` left in ``folder`` (saying so), if no add is
    running now (``wait=0``: do nothing when one is)."""
    if not folder.is_dir() or not any(folder.glob(".*.tmp")):
        return
    from . import locks

    lock = locks.acquire(folder, wait=wait)
    if lock is None:
        return
    with lock:
        _remove_add_debris(folder)


def _remove_add_debris(folder: Path) -> None:
    for tmp in sorted(folder.glob(".*.tmp")):
        try:
            tmp.unlink()
            _say(f"removed {tmp}, left by an interrupted add")
        except OSError as e:
            _say(f"could not remove {tmp}, left by an interrupted add: {e.strerror or e}")


def add(path: str | os.PathLike, data_dir: str | os.PathLike | None = None, replace: bool = False,
        fmt: str | None = None, wait: float | None = DEFAULT_WAIT) -> Path:
    """Validate the triples of ``path`` together with the graph and, if they conform, keep them.

    The triples go into the named graph ``<.../graph/user/STEM>``, written with its provenance (the
    file it came from, when) to ``DATA_DIR/STEM.trig``. Nothing is written when the file cannot be
    parsed (:class:`~graph.errors.ParseError`), is over :data:`~graph.rdfio.MAX_FILE_BYTES`, or the
    result does not conform (:class:`~graph.errors.ValidationFailed`). Returns the written file.

    Adds are serialised: each holds a lock on ``DATA_DIR`` (``flock``) from the check that the name
    is free, through validation against the other added data, to the rename that keeps its file. An
    add that finds the lock held says so on standard error and waits up to ``wait`` seconds
    (None: as long as it takes), then gives up with :class:`~graph.errors.InputError`.
    """
    import pyoxigraph as ox

    from . import locks
    from .iris import slugify
    from .shacl import check

    path = Path(path)
    stem = slugify(path.stem)
    graph_iri = f"{BASE}graph/user/{stem}"
    folder = user_data_dir(data_dir)
    target = folder / f"{stem}.trig"

    def refuse_existing():
        if target.exists() and not replace:
            raise UsageError(f"{target} exists: data named {stem!r} was added before; "
                             f"use --replace to replace it")

    refuse_existing()
    fmt = format_of(path, fmt)
    quads = parse_file(path, fmt, base_iri=BASE, default_graph=ox.NamedNode(graph_iri), max_bytes=MAX_FILE_BYTES)
    graph_node = ox.NamedNode(graph_iri)
    quads = [ox.Quad(q.subject, q.predicate, q.object, graph_node) for q in quads]
    if not quads:
        raise InputError(f"{path}: no triples to add")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise InputError(f"{folder}: cannot write: {e.strerror or e}") from None
    waited = f" (waited {wait:g} s)" if wait else ""
    with locks.acquire(folder, wait=wait,
                       waiting=f"waiting for another add into {folder} to finish",
                       busy=f"another add into {folder} is running{waited}; nothing was changed: try "
                            f"again later, or wait longer with --wait SECONDS"):
        _remove_add_debris(folder)
        refuse_existing()  # again: another add may have taken the name while this one parsed
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


# ------------------------------------------------------------------ writing the dataset
def write_dataset(kg: KnowledgeGraph, output, fmt: str) -> dict:
    """Serialise everything ``kg`` holds to the binary file object ``output`` in format ``fmt``.

    A format with named graphs (TriG, N-Quads, JSON-LD) gets every named graph, and the triples of the
    default graph that no named graph holds (a store's data loaded from triple files) in its default
    graph; any other format gets the default graph, which is the union of everything. The in-memory
    graph is written sorted, its blank nodes labelled canonically (the same input gives the same
    bytes); a store on disk is streamed in its own order, the same on every run. Returns the counts
    written: ``triples`` (distinct), ``statements`` (lines of N-Triples or N-Quads), ``named``
    (statements in named graphs), ``default`` (in the default graph) and ``graphs``.
    """
    import pyoxigraph as ox

    from .iris import PREFIXES
    from .rdfio import FORMATS

    name, _, keeps_graphs = FORMATS[fmt]
    default = ox.DefaultGraph()
    counts = {"triples": 0, "statements": 0, "named": 0, "default": 0, "graphs": 0}
    graphs = sorted(kg.store.named_graphs(), key=str) if keeps_graphs else []
    counts["graphs"] = len(graphs)

    def default_only():
        # MINUS is a hash join in Oxigraph: as fast as listing the default graph (FILTER NOT EXISTS is 2x slower)
        for row in kg.store.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o MINUS { GRAPH ?g { ?s ?p ?o } } }"):
            yield ox.Quad(row["s"], row["p"], row["o"], default)

    if keeps_graphs:
        def statements():
            for graph in graphs:
                yield from kg.store.quads_for_pattern(None, None, None, graph)
            yield from default_only()
    else:
        def statements():
            yield from kg.store.quads_for_pattern(None, None, None, default)

    if kg.path is None:  # in memory and small: canonical blank nodes, sorted
        items = list(statements())
        if any(isinstance(t, ox.BlankNode) for q in items for t in (q.subject, q.object, q.graph_name)):
            dataset = ox.Dataset(items)
            dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
            items = list(dataset)
        items.sort(key=lambda q: (not isinstance(q.graph_name, ox.DefaultGraph), str(q.graph_name),
                                  str(q.subject), str(q.predicate), str(q.object)))
        source = iter(items)
        counts["triples"] = len({(q.subject, q.predicate, q.object) for q in items})
    else:
        source = statements()
        counts["triples"] = kg.count_triples()

    def counted():
        for q in source:
            counts["statements"] += 1
            if isinstance(q.graph_name, ox.DefaultGraph):
                counts["default"] += 1
            else:
                counts["named"] += 1
            yield q if keeps_graphs else ox.Triple(q.subject, q.predicate, q.object)

    kwargs = {"prefixes": PREFIXES} if fmt in ("turtle", "trig", "n3", "xml") else {}
    ox.serialize(counted(), output, format=getattr(ox.RdfFormat, name), **kwargs)
    if not keeps_graphs:
        counts["triples"] = counts["statements"]
    return counts


# ------------------------------------------------------------------ the persistent store on disk
# DIR/dramagraph-store.json   says that DIR is a dramagraph store; written first
# DIR/current-version         names the version readers open; the commit of a load replaces it (one rename)
# DIR/v-ID/                   one complete store: db/ (Oxigraph/RocksDB) and version.json
# DIR/.loading-ID/            a load in progress (after a crash: debris, removed by the next command)
# DIR/.removing-ID/           a version being removed
# A load locks DIR (flock, exclusive) from start to end, and so does a command tidying up. Readers lock
# their version's folder shared; a version is removed only when no reader holds it (else the first
# command after the last reader removes it).
STORE_MARKER = "dramagraph-store.json"
CURRENT = "current-version"
VERSION_INFO = "version.json"


def _one_line(e: BaseException) -> str:
    return " ".join((getattr(e, "strerror", None) or str(e)).split())


def _current_version(path: Path) -> str | None:
    """The name of the store's current version folder, None before the first load committed."""
    import re

    try:
        name = (path / CURRENT).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    except OSError as e:
        raise InputError(f"{path}: cannot read the store: {_one_line(e)}") from None
    if not re.fullmatch(r"v-[0-9A-Za-z-]+", name) or not (path / name).is_dir():
        raise InputError(f"{path} is damaged: {CURRENT} names {name!r}, which is not a version of the "
                         f"store; load the data again")
    return name


def _is_legacy(path: Path) -> bool:
    """A store made before versions: RocksDB's files right in the folder."""
    return not (path / CURRENT).exists() and (path / "CURRENT").is_file()


def _legacy_file(name: str) -> bool:
    import re

    return re.fullmatch(r"CURRENT|IDENTITY|LOCK|LOG(\.old\.\d+)?|MANIFEST-\d+|OPTIONS-\d+(\.dbtmp)?|"
                        r"\d+\.(sst|log|blob)", name) is not None


def _size(path: Path) -> str:
    total = 0
    for root, _, names in os.walk(path):
        for n in names:
            try:
                total += os.lstat(os.path.join(root, n)).st_size
            except OSError:
                pass
    return f"{total / 1e6:.1f} MB"


def _remove_version(path: Path, name: str) -> bool:
    """Remove the version folder ``name`` unless a reader holds it; True when removed."""
    import shutil

    from . import locks

    version = path / name
    lock = locks.acquire(version, wait=0)
    if lock is None:
        return False  # a reader has it open (or it is gone)
    doomed = path / f".removing-{name[2:]}"
    try:
        os.rename(version, doomed)  # gone for readers in one step; the slow removal follows
    finally:
        if lock is not None:
            lock.release()
    shutil.rmtree(doomed)
    return True


def _debris(path: Path, current: str | None) -> list[str]:
    try:
        names = sorted(os.listdir(path))
    except OSError:
        return []
    return [n for n in names
            if n.startswith((".loading-", ".removing-")) or (n.startswith(f".{CURRENT}.") and n.endswith(".tmp"))
            or (n.startswith("v-") and n != current) or (current is not None and _legacy_file(n))]


def _tidy(path: Path) -> None:
    """Remove what interrupted commands left in the store folder, saying so (the write lock is held)."""
    import shutil

    try:
        current = _current_version(path)
    except InputError:
        return
    legacy = 0
    for name in _debris(path, current):
        full = path / name
        try:
            if name.startswith((".loading-", ".removing-")):
                size = _size(full)
                shutil.rmtree(full)
                _say(f"removed {full} ({size}), left by an interrupted load")
            elif name.startswith("v-"):
                if _remove_version(path, name):
                    _say(f"removed {full}, a version of the store that is not the current one (replaced by "
                         f"a later load, or from a load interrupted before it finished)")
            elif _legacy_file(name) and full.is_file():
                full.unlink()
                legacy += 1
            else:
                full.unlink()
                _say(f"removed {full}, left by an interrupted load")
        except OSError as e:
            _say(f"could not remove {full}: {_one_line(e)}")
    if legacy:
        _say(f"removed {legacy} files of the store's earlier layout from {path}")


def tidy_store(path: str | os.PathLike) -> None:
    """Remove what interrupted loads left in the store folder ``path`` (saying so on standard error):
    their ``.loading-*`` folders, a version that was never made current or was replaced, a temporary
    file. Does nothing while a load is running (it holds the write lock) or when the folder cannot be
    written."""
    from . import locks

    path = Path(path)
    try:
        current = _current_version(path)
    except InputError:
        return
    if not _debris(path, current):
        return
    try:
        lock = locks.acquire(path, wait=0)
    except InputError:
        return
    if lock is not None:
        with lock:
            _tidy(path)


def _open_store(path: Path, files, infer) -> KnowledgeGraph:
    import pyoxigraph as ox

    from . import locks

    if files or infer:
        raise UsageError("--store is read-only: extra files and --infer go with the embedded graph; "
                         "load them into the store with `dramagraph load`")
    if not (path / STORE_MARKER).is_file():
        raise UsageError(f"{path} is not a dramagraph store; make one with `dramagraph load FILE... --store {path}`")
    tidy_store(path)
    pin = None
    for _ in range(100):
        name = _current_version(path)
        if name is None:
            if _is_legacy(path):
                db = path
                break
            raise UsageError(f"{path} is an empty dramagraph store (nothing was loaded into it, or its first "
                             f"load was interrupted); load data with `dramagraph load FILE... --store {path}`")
        # a shared lock keeps the version from being removed while it is open; if it went between
        # reading the pointer and locking, read the pointer again
        pin = locks.acquire(path / name, shared=True)
        if pin is not None:
            db = path / name / "db"
            break
    else:
        raise InputError(f"{path}: the store kept changing while it was being opened; try again")
    try:
        store = ox.Store.read_only(str(db))
    except OSError as e:
        if pin is not None:
            pin.release()
        raise InputError(f"{path}: cannot open the store: {_one_line(e)}") from None
    return KnowledgeGraph(store, [Source(path, "store", None)], path=db, pin=pin)


def _store_state(target: Path) -> str:
    """missing | empty | store | other (a file, or a folder with things that are not a store's)."""
    if not target.exists():
        return "missing"
    if not target.is_dir():
        return "other"
    if (target / STORE_MARKER).is_file():
        return "store"
    try:
        names = set(os.listdir(target))
    except OSError as e:
        raise InputError(f"{target}: cannot read: {_one_line(e)}") from None
    return "empty" if not names else "other"


def _fill(db: Path, files, formats, progress) -> dict:
    """Bulk-load ``files`` into a new store at ``db``; the default graph becomes the union."""
    import gc

    import pyoxigraph as ox

    from .errors import ParseError
    from .rdfio import FORMATS, _memory_error, resolve_contexts

    store = ox.Store(str(db))
    kg = KnowledgeGraph(store)
    try:
        for i, (f, fmt) in enumerate(zip(files, formats)):
            if progress:
                progress(i, len(files), f)
            try:
                source = {"path": str(f)}
                if fmt == "jsonld":  # read whole anyway; schema.org's context resolved offline as by add
                    source = {"input": resolve_contexts(f.read_bytes(), str(f))}
                store.bulk_load(**source, format=getattr(ox.RdfFormat, FORMATS[fmt][0]), base_iri=BASE,
                                to_graph=ox.DefaultGraph())
            except SyntaxError as e:
                message = e.msg if isinstance(e.msg, str) else str(e)
                if message.startswith("Parser error at ") and ": " in message:
                    message = message.split(": ", 1)[1]
                raise ParseError(message, str(f), e.lineno, e.offset) from None
            except MemoryError as e:
                raise _memory_error(e, str(f)) from None
        # the files' named graphs are kept, and their triples join the default graph: the union
        batch = []
        for graph in sorted(store.named_graphs(), key=str):
            for q in store.quads_for_pattern(None, None, None, graph):
                batch.append(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()))
                if len(batch) >= 100_000:
                    store.bulk_extend(batch)
                    batch = []
        if batch:
            store.bulk_extend(batch)
        for name in ONTOLOGY_FILES:  # unless the files brought it (a `build --format trig` of dramagraph)
            graph = f"{BASE}graph/ontology/{Path(name).stem}"
            if not store.contains_named_graph(ox.NamedNode(graph)):
                _load(kg, ontology_dir() / name, "ontology", graph)
        if progress:
            progress(len(files), len(files), None)
        store.flush()
        return {"files": [str(f.resolve()) for f in files], "triples": kg.count_triples(),
                "graphs": len(kg.graph_names())}
    except BaseException:
        kg = store = None  # close the store before its folder is removed
        gc.collect()
        raise


def load_store(files, store_dir: str | os.PathLike, progress=None, wait: float | None = DEFAULT_WAIT) -> dict:
    """Bulk-load ``files`` (and the ontology) into a persistent Oxigraph store at ``store_dir``.

    ``store_dir`` may be missing (its parent must exist), an empty folder, or a store (replaced). The
    new version is built in ``DIR/.loading-ID`` and becomes the store in one atomic step, the rename of
    ``DIR/current-version``: a failed or killed load leaves the previous store as it was, and readers
    see the old version or the new, never a mix. The next command removes what a killed load left.
    The files' named graphs are kept; their other triples go into the default graph only; the default
    graph is the union of both (as in the embedded graph). The ontology comes in its named graphs
    unless the files hold them. Loads into one store are serialised by a lock on ``DIR`` (waiting up
    to ``wait`` seconds). ``progress`` is called with (file index, number of files, path) before each
    file. Returns ``files``, ``triples``, ``graphs``, ``seconds``, ``version``.
    """
    import json
    import secrets
    import shutil
    import time

    from . import locks
    from .rdfio import fsync_dir, preflight

    target = Path(store_dir)
    if _store_state(target) == "other":
        raise UsageError(f"{target} exists and is not a dramagraph store: refusing to replace it")
    files = [Path(f) for f in files]
    formats = []
    for f in files:
        fmt = format_of(f)
        if not f.is_file():
            raise InputError(f"{f}: cannot read: No such file or directory")
        preflight(f, fmt)
        formats.append(fmt)
    started = time.perf_counter()
    created = False
    if not target.exists():
        if not target.parent.is_dir():
            raise InputError(f"{target}: cannot make the store: no such folder {target.parent}")
        try:
            os.mkdir(target)
            created = True
        except FileExistsError:
            pass
        except OSError as e:
            raise InputError(f"{target}: cannot write: {_one_line(e)}") from None
    waited = f" (waited {wait:g} s)" if wait else ""
    try:
        lock = locks.acquire(target, wait=wait,
                             waiting=f"waiting for another load into {target} to finish",
                             busy=f"another load into {target} is running{waited}; nothing was changed: "
                                  f"try again later, or wait longer with --wait SECONDS")
    except InputError:
        if created:
            shutil.rmtree(target, ignore_errors=True)
        raise
    if lock is None:
        raise InputError(f"{target} was removed while the load was starting; nothing was loaded")
    building = version = None
    committed = wrote_marker = False
    try:
        if _store_state(target) == "other":  # again, under the lock
            raise UsageError(f"{target} exists and is not a dramagraph store: refusing to replace it")
        if not (target / STORE_MARKER).is_file():
            atomic_write(target / STORE_MARKER, json.dumps({"dramagraph": "store", "layout": 2}) + "\n")
            wrote_marker = True
        _tidy(target)
        previous = _current_version(target)
        ident = time.strftime("%Y%m%d-%H%M%S") + "-" + secrets.token_hex(4)
        building = target / f".loading-{ident}"
        os.mkdir(building)
        info = _fill(building / "db", files, formats, progress)
        info["seconds"] = round(time.perf_counter() - started, 3)
        info["version"] = f"v-{ident}"
        atomic_write(building / VERSION_INFO, json.dumps(info, indent=2) + "\n")
        fsync_dir(building)
        version = target / f"v-{ident}"
        os.rename(building, version)
        building = None
        atomic_write(target / CURRENT, f"{version.name}\n")  # the commit: one rename
        committed = True
        try:
            if previous is not None and not _remove_version(target, previous):
                _say(f"kept the previous version {target / previous}: a reader still has it open; the "
                     f"first command after it closes removes it")
            _tidy(target)
        except OSError as e:
            _say(f"could not remove the previous version of {target}: {_one_line(e)}")
        return info
    except BaseException as e:
        if not committed:
            for leftover in (building, version):
                if leftover is not None:
                    shutil.rmtree(leftover, ignore_errors=True)
            if created:
                shutil.rmtree(target, ignore_errors=True)
            elif wrote_marker:  # an empty folder given: empty again
                (target / STORE_MARKER).unlink(missing_ok=True)
        if isinstance(e, OSError):
            raise InputError(f"{target}: cannot write the store: {_one_line(e)}") from None
        if isinstance(e, InputError) and getattr(e, "reason", None):  # one of the store's own files
            raise InputError(f"{target}: cannot write the store: {e.reason}") from None
        raise
    finally:
        lock.release()
