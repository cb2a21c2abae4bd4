"""Loading the graph: :func:`open_graph` puts the ontology, the article's facts, the user's added data and
the files given for one command into one in-memory :class:`~graph.store.knowledge.KnowledgeGraph` (or opens a
store on disk made by ``dramagraph load``); :func:`user_data_dir` and :func:`added_files` say where the
user's added data is kept.

Where it sits: *ontology + facts → store* → validate → query → network → viz/serve. The layout of the
dataset (one named graph per source, the default graph their union) is described in
:mod:`graph.store.knowledge`; the store on disk in :mod:`graph.store.diskstore`. Inference (``--infer``) is applied
after loading, by :func:`graph.api.open_graph`; adding data (which validates first) is done above, in
:mod:`graph.store.userdata`.

>>> kg = open_graph(data_dir=False)
>>> kg.count_triples() > 500
True
"""

from __future__ import annotations

import os
from pathlib import Path

from . import locks
from .diskstore import open_store
from ..errors import UsageError
from ..rdf.iris import GRAPH_ARTICLE
from .knowledge import ONTOLOGY_FILES, KnowledgeGraph, load_file, ontology_graph
from ..rdf.resources import data_dir_of_article, ontology_dir

__all__ = ["open_graph", "user_data_dir", "added_files", "store_dir", "tidy_data_dir", "remove_add_debris",
           "READ_ONLY"]

READ_ONLY = ("--store is read-only: extra files and --infer go with the embedded graph; "
             "load them into the store with `dramagraph load`")


# the article's facts, the corrections of its errors from other sources, its names in Japanese script from
# other sources, and the confirmations of its facts by a second source (each file: a graph per quotation, see
# its opening comment)
ARTICLE_FILES = ("article.trig", "corrections.trig", "names-ja.trig", "confirmations.trig")

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
    """The files added with :func:`graph.store.userdata.add`, in load order."""
    folder = user_data_dir(data_dir)
    return sorted(folder.glob("*.trig")) if folder.is_dir() else []


def store_dir(store: str | os.PathLike | None = None) -> Path | None:
    """The store on disk to open: ``store``, else ``$DRAMAGRAPH_STORE``, else None (the embedded graph)."""
    store = store or os.environ.get("DRAMAGRAPH_STORE") or None
    return None if store is None else Path(store)


def open_graph(data_dir: str | os.PathLike | None | bool = None, files=(), *,
               store: str | os.PathLike | None = None, base: str | None = None) -> KnowledgeGraph:
    """Load the ontology, the article's facts, the user's added data and ``files``.

    ``data_dir=False`` leaves the user's added data out. ``store`` (or ``$DRAMAGRAPH_STORE``) opens a
    persistent store made by :func:`graph.store.diskstore.load_store` instead, read-only and without parsing
    anything. Relative IRIs of ``files`` resolve against ``base`` (default: dramagraph's base IRI). Raises
:class:`graph.errors.ParseError` (with file, line and column) for a malformed file.
    (:func:`graph.api.open_graph` takes ``infer=True`` too.)
    """
    import pyoxigraph as ox

    path = store_dir(store)
    if path is not None:
        if files:
            raise UsageError(READ_ONLY)
        return open_store(path)

    kg = KnowledgeGraph(ox.Store())
    for name in ONTOLOGY_FILES:
        load_file(kg, ontology_dir() / name, "ontology", ontology_graph(name))
    for name in ARTICLE_FILES:
        load_file(kg, data_dir_of_article() / name, "article", GRAPH_ARTICLE)
    if data_dir is not False:
        tidy_data_dir(user_data_dir(data_dir), wait=0)
        for path in added_files(data_dir):
            load_file(kg, path, "user", fmt="trig")
    for path in files:
        load_file(kg, Path(path), "file", base=base)
    return kg


def tidy_data_dir(folder: Path, wait: float | None = 0) -> None:
    """Remove the temporary files an interrupted ``add`` left in ``folder`` (saying so), if no add is
    running now (``wait=0``: do nothing when one is)."""
    if not folder.is_dir() or not any(folder.glob(".*.tmp")):
        return
    lock = locks.acquire(folder, wait=wait)
    if lock is None:
        return
    with lock:
        remove_add_debris(folder)


def remove_add_debris(folder: Path) -> None:
    """Remove the temporary files of interrupted adds from ``folder`` (its lock held), saying so."""
    for tmp in sorted(folder.glob(".*.tmp")):
        try:
            tmp.unlink()
            locks.say(f"removed {tmp}, left by an interrupted add")
        except OSError as e:
            locks.say(f"could not remove {tmp}, left by an interrupted add: {e.strerror or e}")
