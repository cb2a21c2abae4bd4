"""The persistent store on disk, versioned: :func:`load_store` bulk-loads files into it,
:func:`open_store` opens its current version read-only, :func:`tidy_store` removes what interrupted
loads left.

Where it sits: *ontology + facts → store* → validate → query → ...: the on-disk form of the store, for
data too large to parse at every command (``dramagraph load``, then ``--store DIR``);
:func:`graph.store.opening.open_graph` opens it the same way as the embedded graph.

Why one file of ~480 lines: a store's versions, its lock, its tidying and the two ways of making a
version (``load`` from files, ``install`` of one source's graphs) must agree on one folder layout, which
is written once, below.
"""

from __future__ import annotations

import gc
import itertools
import json
import os
import re
import secrets
import shutil
import sys
import time
import traceback
from pathlib import Path

from . import locks
from ..errors import InputError, UsageError
from ..rdf.iris import BASE
from .knowledge import ONTOLOGY_FILES, KnowledgeGraph, Source, ontology_graph, vocabulary_apart
from .locks import say
from ..progress import bar
from ..rdf.rdfcheck import parser_error, preflight
from ..rdf.rdfio import FORMATS, atomic_write, format_of, fsync_dir, parse_file, resolve_contexts
from ..rdf.resources import ontology_dir

__all__ = ["load_store", "install", "open_store", "tidy_store", "DEFAULT_WAIT", "STORE_MARKER"]

DEFAULT_WAIT = 120.0  # seconds a writer waits for another writer (add, load) before giving up

# The folder:
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
    version = path / name
    lock = locks.acquire(version, wait=0)
    if lock is None:
        return False  # a reader has it open (or it is gone)
    doomed = path / f".removing-{name[2:]}"
    with lock:
        os.rename(version, doomed)  # gone for readers in one step; the slow removal follows
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
                say(f"removed {full} ({size}), left by an interrupted load")
            elif name.startswith("v-"):
                if _remove_version(path, name):
                    say(f"removed {full}, a version of the store that is not the current one (replaced by "
                         f"a later load, or from a load interrupted before it finished)")
            elif _legacy_file(name) and full.is_file():
                full.unlink()
                legacy += 1
            else:
                full.unlink()
                say(f"removed {full}, left by an interrupted load")
        except OSError as e:
            say(f"could not remove {full}: {_one_line(e)}")
    if legacy:
        say(f"removed {legacy} files of the store's earlier layout from {path}")


def tidy_store(path: str | os.PathLike) -> None:
    """Remove what interrupted loads left in the store folder ``path`` (saying so on standard error):
    their ``.loading-*`` folders, a version that was never made current or was replaced, a temporary
    file. Does nothing while a load is running (it holds the write lock) or when the folder cannot be
    written."""
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


def open_store(path: str | os.PathLike) -> KnowledgeGraph:
    """Open the current version of the store at ``path`` read-only (tidying what interrupted loads left),
    locked shared so that a later load does not remove it while it is open."""
    import pyoxigraph as ox

    path = Path(path)
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
    info = db.parent / VERSION_INFO  # absent in a store of an older layout: the union
    union = json.loads(info.read_text(encoding="utf-8")).get("union", True) if info.is_file() else True
    return KnowledgeGraph(store, [Source(path, "store", None)], path=db, pin=pin,
                          vocabulary=vocabulary_apart(store), union=union)



def _refuse_other(target: Path) -> None:
    """Refuse ``target`` unless it is missing, an empty folder or a store (not a file, not other things)."""
    if not target.exists() or (target / STORE_MARKER).is_file():
        return
    try:
        other = not target.is_dir() or bool(os.listdir(target))
    except OSError as e:
        raise InputError(f"{target}: cannot read: {_one_line(e)}") from None
    if other:
        raise UsageError(f"{target} exists and is not a dramagraph store: refusing to replace it")


def _fill(db: Path, files, formats, shown, base=None, union=True) -> dict:
    """Bulk-load ``files`` into a new store at ``db`` (a bar when ``shown``); see :func:`load_store`."""
    import pyoxigraph as ox

    sizes = [os.path.getsize(f) for f in files]
    store = ox.Store(str(db))
    kg = KnowledgeGraph(store)
    done = bar(sum(sizes), "loading", "B", shown, unit_scale=True)
    try:
        for i, (f, fmt, size) in enumerate(zip(files, formats, sizes)):
            done.set_postfix_str(f"file {i + 1}/{len(files)} {f} ({size / 1e6:.0f} MB)")
            try:
                source = {"path": str(f)}
                if fmt == "jsonld":  # read whole anyway; schema.org's context resolved offline as by add
                    source = {"input": resolve_contexts(f.read_bytes(), str(f))}
                store.bulk_load(**source, format=getattr(ox.RdfFormat, FORMATS[fmt][0]), base_iri=base or BASE,
                                to_graph=ox.DefaultGraph())
            except (SyntaxError, MemoryError) as e:
                raise parser_error(e, str(f)) from None
            done.update(size)
        done.set_postfix_str("the union default graph and the ontology")
        # the files' named graphs are kept, and their triples join the default graph: the union
        batch = []
        for graph in sorted(store.named_graphs(), key=str) if union else ():
            for q in store.quads_for_pattern(None, None, None, graph):
                batch.append(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()))
                if len(batch) >= 100_000:
                    store.bulk_extend(batch)
                    batch = []
        if batch:
            store.bulk_extend(batch)
        for name in ONTOLOGY_FILES:  # unless the files brought it (a `build --format trig` of dramagraph)
            graph = ontology_graph(name)
            if not store.contains_named_graph(ox.NamedNode(graph)):  # in its named graph only
                store.bulk_extend(parse_file(ontology_dir() / name, base_iri=BASE, default_graph=ox.NamedNode(graph)))
        store.flush()
        return {"files": [str(f.resolve()) for f in files], "triples": kg.count_triples(),
                "graphs": len(kg.graph_names()), "union": union}
    except BaseException:
        kg = store = None  # close the store before its folder is removed
        gc.collect()
        raise
    finally:
        done.close()


def load_store(files, store_dir: str | os.PathLike, progress: bool = False,
               wait: float | None = DEFAULT_WAIT, base: str | None = None, union: bool = True) -> dict:
    """Bulk-load ``files`` (and the ontology) into a persistent Oxigraph store at ``store_dir``.

    ``store_dir`` may be missing (its parent must exist), an empty folder, or a store (replaced). The
    new version is built in ``DIR/.loading-ID`` and becomes the store in one atomic step, the rename of
    ``DIR/current-version``: a failed or killed load leaves the previous store as it was, and readers
    see the old version or the new, never a mix. The next command removes what a killed load left.
    The files' named graphs are kept; their other triples go into the default graph only; the default
    graph is the union of both (as in the embedded graph), or with ``union=False`` only the latter. The
    ontology comes in its named graphs, out of the default graph, unless the files hold it. Loads into
    one store are serialised by a lock on ``DIR`` (waiting up to ``wait`` seconds). ``progress`` shows a
    bar on a terminal. Returns ``files``, ``triples``, ``graphs``, ``union``, ``seconds``, ``version``.
    """
    _refuse_other(Path(store_dir))
    files, formats = _checked(files)
    return _new_version(Path(store_dir), wait, "load",
                        lambda building, previous: _fill(building / "db", files, formats, progress, base, union))


def _checked(files):
    """The files as paths, and their formats; refuses a missing file or one over the limits."""
    files = [Path(f) for f in files]
    formats = []
    for f in files:
        fmt = format_of(f)
        if not f.is_file():
            raise InputError(f"{f}: cannot read: No such file or directory")
        preflight(f, fmt)
        formats.append(fmt)
    return files, formats


def install(store_dir: str | os.PathLike, family: str, produce, *, seed=None, progress: bool = False,
            wait: float | None = DEFAULT_WAIT) -> dict:
    """Replace one source's graphs in the store at ``store_dir``: a new version of the store, the same as
    the current one except that every named graph ``family`` or ``family/…`` (an import, the links) is
    replaced by what ``produce`` makes.

    ``produce(workdir, store)`` may read ``store``, the version being built (a pyoxigraph Store, holding
    the current data without the replaced graphs), writes its N-Triples files into ``workdir`` (a folder
    inside the version being built, removed afterwards) and returns ``{"parts": [{"graph": IRI, "path": Path, ...}], "quads": [...]}``:
    each part's file goes into its named graph, and the quads (pyoxigraph quads of named graphs, e.g.
    the provenance) as they are; with the default graph the union, their triples join it. A default
    graph triple of the replaced graphs leaves it unless another named graph still holds it.
    The current version is copied with hard links (RocksDB's immutable files), so the cost is the new
    data, not the store. A store that has no version yet starts from ``seed(workdir)``, a list of files
    loaded first (as :func:`load_store` does, ontology included). Atomic and serialised as
    :func:`load_store`: any error, or ``produce`` raising, leaves the store as it was. Returns the
    version's info: ``triples``, ``graphs``, ``replaced`` (graphs), ``removedTriples``, ``seconds``, and
    under ``sources[family]`` what ``produce`` returned besides its parts and quads, with the triples of
    each graph it added (kept in the version's ``version.json``, so ``stats`` can tell each source).
    """
    import pyoxigraph as ox

    def build(building: Path, previous: str | None) -> dict:
        work = building / "work"
        os.mkdir(work)
        db = building / "db"
        target = building.parent
        if previous is None:
            files, formats = _checked(seed(work) if seed else [])
            info = _fill(db, files, formats, progress)
        else:
            info = json.loads((target / previous / VERSION_INFO).read_text(encoding="utf-8"))
            ox.Store.read_only(str(target / previous / "db")).backup(str(db))
        union = info.get("union", True)
        store = ox.Store(str(db))
        try:
            replaced, removed = _remove_family(store, family, union)
            made = produce(work, store)
            parts = made.pop("parts", [])
            quads = list(made.pop("quads", []))
            sizes = [os.path.getsize(part["path"]) for part in parts]
            done = bar(sum(sizes) * (2 if union else 1) + 1, "storing", "B", progress, unit_scale=True)
            try:
                for part, size in zip(parts, sizes):
                    graphs = [ox.NamedNode(part["graph"])] + ([ox.DefaultGraph()] if union else [])
                    done.set_postfix_str(f"{Path(part['path']).name} ({size / 1e6:.0f} MB)")
                    with open(part["path"], "rb") as f:
                        # in slices: one bulk load of a whole large file holds about 600 MB per million
                        # triples; slices of 250,000 lines keep the peak near 450 MB at the same speed
                        while chunk := b"".join(itertools.islice(f, _SLICE)):
                            for graph in graphs:
                                try:  # the converters' own output, IRIs checked: parsed leniently
                                    store.bulk_load(input=chunk, format=ox.RdfFormat.N_TRIPLES, to_graph=graph,
                                                    lenient=True)
                                except SyntaxError as e:  # a converter's bug, not the user's input
                                    raise parser_error(e, str(part["path"])) from None
                                done.update(len(chunk))
                if quads:
                    store.bulk_extend(quads + ([ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
                                                for q in quads] if union else []))
                done.update(1)
            finally:
                done.close()
            store.flush()
            kg = KnowledgeGraph(store)
            info.setdefault("sources", {})[family] = {
                **made, "graphs": {part["graph"]: part.get("triples") for part in parts}}
            info.update({"triples": kg.count_triples(), "graphs": len(kg.graph_names()), "union": union,
                         "replaced": replaced, "removedTriples": removed})
            kg = None
            return info
        finally:
            failed = sys.exc_info()[1]
            if failed is not None:  # the failed frames (``produce`` was given the store) let go of it
                traceback.clear_frames(failed.__traceback__)
            store = None
            gc.collect()  # closes the store before its folder is renamed (or removed)
            shutil.rmtree(work, ignore_errors=True)

    return _new_version(Path(store_dir), wait, "import", build)


_SLICE = 250_000  # lines of N-Triples per bulk load of an import


def _remove_family(store, family: str, union: bool) -> tuple[list[str], int]:
    """Remove the named graphs ``family`` and ``family/…``, and their triples from the union default graph
    where no other named graph holds them; returns the graphs removed and the count of their quads."""
    import pyoxigraph as ox

    doomed = {g for g in store.named_graphs()
              if isinstance(g, ox.NamedNode) and (g.value == family or g.value.startswith(family + "/"))}
    removed = 0
    default = ox.DefaultGraph()
    for graph in sorted(doomed, key=str):
        batch = []
        for q in store.quads_for_pattern(None, None, None, graph):
            removed += 1
            if union and not any(isinstance(other.graph_name, ox.NamedNode) and other.graph_name not in doomed
                                 for other in store.quads_for_pattern(q.subject, q.predicate, q.object, None)):
                batch.append(ox.Quad(q.subject, q.predicate, q.object, default))
        for q in batch:
            store.remove(q)
        store.remove_graph(graph)
    return sorted(g.value for g in doomed), removed


def _new_version(target: Path, wait: float | None, verb: str, build) -> dict:
    """Make a new version of the store at ``target`` with ``build(building, previous)`` (it fills the
    folder ``building``, given the current version's name or None, and returns the version's info), and
    make it current in one rename; on any error, leave the store as it was."""
    _refuse_other(target)
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
                             waiting=f"waiting for another {verb} into {target} to finish",
                             busy=f"another {verb} into {target} is running{waited}; nothing was changed: "
                                  f"try again later, or wait longer with --wait SECONDS")
    except InputError:
        if created:
            shutil.rmtree(target, ignore_errors=True)
        raise
    if lock is None:
        raise InputError(f"{target} was removed while the {verb} was starting; nothing was changed")
    building = version = None
    committed = wrote_marker = False
    try:
        _refuse_other(target)  # again, under the lock
        if not (target / STORE_MARKER).is_file():
            atomic_write(target / STORE_MARKER, json.dumps({"dramagraph": "store", "layout": 2}) + "\n")
            wrote_marker = True
        _tidy(target)
        previous = _current_version(target)
        ident = time.strftime("%Y%m%d-%H%M%S") + "-" + secrets.token_hex(4)
        building = target / f".loading-{ident}"
        os.mkdir(building)
        info = build(building, previous)
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
                say(f"kept the previous version {target / previous}: a reader still has it open; the "
                     f"first command after it closes removes it")
            _tidy(target)
        except OSError as e:
            say(f"could not remove the previous version of {target}: {_one_line(e)}")
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
