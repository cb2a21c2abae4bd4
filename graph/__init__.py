"""dramagraph: a knowledge graph of Japanese dramas and films.

The package imports nothing heavy at start: the functions below load rdflib, pyoxigraph, pySHACL and
the rest only when called.

>>> import graph
>>> graph.stats()["titles"]
9
"""

from __future__ import annotations

__version__ = "0.1.0"

_API = {"open_graph", "rdflib_dataset", "load_store", "user_data_dir", "remote", "stats", "resolve", "label",
        "shorten", "provenance", "disputes", "dispute_text", "describe", "validate", "build", "add", "added", "remove", "queries", "query",
        "sparql", "query_result", "sparql_result", "render", "push", "network", "links", "path", "similar",
        "centrality", "export", "viz", "serve", "synth", "audit", "second_sources", "BUILD_FORMATS"}

__all__ = sorted(_API) + ["__version__"]


def __getattr__(name: str):
    if name in _API:
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'graph' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | _API)
