"""``dramagraph link``: find the same titles and people across a store's sources (:mod:`graph.sources.link`) and
keep the matches in the store's links graph, replacing the links found before.

Where it sits: after the query step (it reads the store with :mod:`graph.sources.link`) and writes back into the
store through :func:`graph.store.diskstore.install`, under the store's write lock, so the links are found in
the very data they are stored with.
"""

from __future__ import annotations

import os

from ..errors import UsageError
from ..rdf.iris import GRAPH_LINKS
from ..rdf.rdfio import now_xsd

__all__ = ["link_store"]


def link_store(store: str | os.PathLike | None = None, *, progress: bool = False,
               wait: float | None = 120.0) -> dict:
    """Link the sources of the store ``store`` (default ``$DRAMAGRAPH_STORE``); see :func:`graph.api.link`."""
    from . import link
    from ..store.diskstore import install, open_store
    from ..store.knowledge import KnowledgeGraph, vocabulary_apart
    from ..store.opening import store_dir

    path = store_dir(store)
    if path is None:
        raise UsageError("link works on a store on disk: give --store DIR (made by `dramagraph import` or "
                         "`dramagraph load`) or set DRAMAGRAPH_STORE")
    opened = open_store(path)  # refuses a folder that is not a store (or an empty one) before taking its lock
    if opened.pin is not None:
        opened.pin.release()
    opened = None
    found = {}

    def produce(_work, store_being_built) -> dict:
        kg = KnowledgeGraph(store_being_built, vocabulary=vocabulary_apart(store_being_built))
        found.update(link.find(kg, progress=progress))
        return {"quads": link.quads(found, now_xsd()), "counts": found.get("counts", {})}

    info = install(path, GRAPH_LINKS, produce, progress=progress, wait=wait)
    return {"store": str(path), "matches": found["matches"], "ambiguous": found["ambiguous"],
            "counts": found.get("counts", {}), "triples": info["triples"], "seconds": info["seconds"]}
