"""The user's added data: :func:`add` keeps a file's triples only if the whole graph still conforms to
the SHACL shapes, :func:`added` lists what was added, :func:`remove` takes it away. All three work on
the data folder (:func:`graph.store.opening.user_data_dir`), one writer at a time (a lock on the folder).

Where it sits: ontology + facts → store → validate, and back into the facts: "add only if it still
validates" needs both the loaded graph (:mod:`graph.store.opening`) and the shapes (:mod:`graph.store.shacl`), so it
lives above both.
"""

from __future__ import annotations

import os
from pathlib import Path

from . import locks
from .diskstore import DEFAULT_WAIT
from ..errors import InputError, UsageError
from ..rdf.iris import BASE, GRAPH_PROVENANCE, GRAPH_USER, PREFIXES, PROV_NS, RDF_TYPE, XSD_DATETIME, slugify
from .knowledge import load_file
from ..rdf.rdfio import FORMATS, MAX_FILE_BYTES, atomic_write, format_of, now_xsd, parse_file, serialize
from .shacl import check
from .opening import added_files, open_graph, remove_add_debris, user_data_dir

__all__ = ["add", "added", "remove"]


def add(file: str | os.PathLike, data_dir: str | os.PathLike | None = None, replace: bool = False,
        wait: float | None = DEFAULT_WAIT, *, fmt: str | None = None, base: str | None = None) -> Path:
    """Add the titles of ``file`` to the user's data, if the whole graph still conforms: validate its
    triples together with the graph and, if they conform, keep them.

    The triples go into the named graph ``<.../graph/user/STEM>``, written with its provenance (the
    file it came from, when) to ``DATA_DIR/STEM.trig``. Nothing is written when the file cannot be
    parsed (:class:`~graph.errors.ParseError`), is over :data:`~graph.rdf.rdfio.MAX_FILE_BYTES`, or the
    result does not conform (:class:`~graph.errors.ValidationFailed`). Returns the written file.

    Adds are serialised: each holds a lock on ``DATA_DIR`` (``flock``) from the check that the name
    is free, through validation against the other added data, to the rename that keeps its file. An
    add that finds the lock held says so on standard error and waits up to ``wait`` seconds
    (None: as long as it takes), then gives up with :class:`~graph.errors.InputError`.
    """
    import pyoxigraph as ox

    path = Path(file)
    stem = slugify(path.stem)
    graph_iri = GRAPH_USER + stem
    folder = user_data_dir(data_dir)
    target = folder / f"{stem}.trig"

    def refuse_existing():
        if target.exists() and not replace:
            raise UsageError(f"{target} exists: data named {stem!r} was added before; "
                             f"use --replace to replace it")

    refuse_existing()
    fmt = format_of(path, fmt)
    quads = parse_file(path, fmt, base_iri=base or BASE, default_graph=ox.NamedNode(graph_iri), max_bytes=MAX_FILE_BYTES)
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
        remove_add_debris(folder)
        refuse_existing()  # again: another add may have taken the name while this one parsed
        kg = open_graph(data_dir=False)
        for existing in added_files(data_dir):
            if existing != target:
                load_file(kg, existing, "user", fmt="trig")
        kg.add_quads(quads)
        check(kg)

        prov = ox.NamedNode(GRAPH_PROVENANCE)
        now = now_xsd()
        meta = [
            ox.Quad(graph_node, ox.NamedNode(RDF_TYPE), ox.NamedNode(PROV_NS + "Entity"), prov),
            ox.Quad(graph_node, ox.NamedNode(PROV_NS + "wasDerivedFrom"), ox.NamedNode(path.resolve().as_uri()),
                    prov),
            ox.Quad(graph_node, ox.NamedNode(PROV_NS + "generatedAtTime"),
                    ox.Literal(now, datatype=ox.NamedNode(XSD_DATETIME)), prov),
        ]
        atomic_write(target, serialize(quads + meta, "trig", PREFIXES))
    return target


def added(data_dir=None) -> list[dict]:
    """The data added with :func:`add`: ``name`` (what :func:`remove` takes), ``file`` (where it is
    kept) and ``graph`` (the named graph holding it), in load order."""
    return [{"name": path.stem, "file": str(path), "graph": GRAPH_USER + path.stem}
            for path in added_files(data_dir)]


def remove(name: str, data_dir=None, wait: float | None = DEFAULT_WAIT) -> Path:
    """Remove data added with :func:`add`, by the name :func:`added` lists or by the name of the file
    that was added (``my-drama`` or ``my-drama.ttl``); returns the file removed. Like :func:`add` it
    holds the data folder's lock, waiting up to ``wait`` seconds (None: as long as it takes).

    >>> remove("never-added")
    Traceback (most recent call last):
    ...
    graph.errors.UsageError: nothing named 'never-added' was added (see `dramagraph added`)
    """
    stem = Path(name).name
    if any(stem.lower().endswith(ext) for _, exts, _ in FORMATS.values() for ext in exts):
        stem = Path(stem).stem
    folder = user_data_dir(data_dir)
    path = folder / f"{slugify(stem)}.trig"
    if not path.is_file():
        raise UsageError(f"nothing named {name!r} was added (see `dramagraph added`)")
    # the same lock as `add`: an add validating against this file must not see it vanish half-way
    with locks.acquire(folder, wait=wait, waiting=f"waiting for an add into {folder} to finish",
                       busy=f"an add into {folder} is running; nothing was removed: try again later"):
        if not path.is_file():
            raise UsageError(f"nothing named {name!r} was added (see `dramagraph added`)")
        path.unlink()
    return path
