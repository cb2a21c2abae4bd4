"""The library's entry points, one function per thing a user does; ``graph.cli`` is a thin layer over
these, and ``import graph`` exposes them (``graph.stats()``, ``graph.provenance("Koizora")``, ...).

Every function takes the graph to work on as ``kg`` (from :func:`open_graph`) or loads the default one:
the ontology, the article's facts and the user's added data.

>>> stats()["titles"]
8
"""

from __future__ import annotations

import os
from pathlib import Path

from .store import KnowledgeGraph, open_graph

__all__ = ["open_graph", "load", "stats", "provenance", "validate", "build", "add", "query", "sparql",
           "network", "links", "path", "similar", "centrality", "export", "viz", "BUILD_FORMATS"]

BUILD_FORMATS = ("turtle", "nt", "trig", "nquads", "jsonld")


def _kg(kg: KnowledgeGraph | None) -> KnowledgeGraph:
    return kg if kg is not None else open_graph()


def load(data_dir: str | os.PathLike | None = None, files=(), infer: bool = False):
    """The whole dataset as an ``rdflib.Dataset`` (default graph = union of the named graphs).

    >>> ds = load(data_dir=False)
    >>> from rdflib import URIRef
    >>> (URIRef("https://w3id.org/dramagraph/title/koizora"), None, None) in ds
    True
    """
    return open_graph(data_dir, files, infer).to_rdflib()


def stats(kg: KnowledgeGraph | None = None) -> dict:
    """Counts of what the graph holds (see ``queries/stats.rq``), plus named graphs and sources."""
    from .querying import run_named

    kg = _kg(kg)
    row = dict(run_named(kg, "stats").rows[0])
    row["named_graphs"] = len(kg.graph_names())
    row["inferred"] = kg.inferred
    return row


def provenance(thing: str, kg: KnowledgeGraph | None = None) -> list[dict]:
    """Every fact with ``thing`` as subject and where it came from.

    Each row: ``property``, ``value``, ``graph`` (the named graph asserting it), ``quote`` (the
    source's words), ``source``, ``entry`` (the article's entry number), ``derivedFrom``.

    >>> rows = provenance("Sky of Love", open_graph(data_dir=False))
    >>> [r["entry"] for r in rows if r["property"].endswith("datePublished")]
    [6]
    """
    from .querying import run_named

    return run_named(_kg(kg), "provenance", {"thing": thing}).rows


def validate(files=(), data_dir=None, kg: KnowledgeGraph | None = None):
    """SHACL-validate the graph plus ``files``; returns a :class:`graph.shacl.Report`."""
    from .shacl import validate as _validate

    return _validate(kg if kg is not None else open_graph(data_dir, files))


def build(out: str | os.PathLike, fmt: str = "turtle", kg: KnowledgeGraph | None = None) -> Path:
    """Write the whole dataset to ``out`` (atomically). ``trig`` and ``nquads`` keep the named graphs
    (and so the provenance); ``turtle``, ``nt`` and ``jsonld`` hold the union of the triples."""
    from .errors import UsageError
    from .iris import PREFIXES
    from .rdfio import atomic_write, serialize

    if fmt not in BUILD_FORMATS:
        raise UsageError(f"unknown format {fmt!r}; choose one of {', '.join(BUILD_FORMATS)}")
    return atomic_write(out, serialize(_kg(kg).quads(), fmt, PREFIXES))


def add(file: str | os.PathLike, data_dir=None, replace: bool = False) -> Path:
    """Add the titles of ``file`` to the user's data, if the whole graph still conforms."""
    from .store import add as _add

    return _add(file, data_dir, replace)


def _target(kg, endpoint):
    if endpoint is not None:
        from .endpoint import Endpoint

        return endpoint if isinstance(endpoint, Endpoint) else Endpoint(endpoint)
    return _kg(kg)


def query(name: str, kg: KnowledgeGraph | None = None, *, endpoint=None, timeout: float | None = None,
          **params) -> list[dict]:
    """Run the named query ``name`` (a file of ``queries/``); returns rows as dicts.

    ``endpoint`` (a URL) runs it on a SPARQL 1.1 server instead; ``timeout`` stops it after that many
    seconds (:class:`graph.errors.QueryTimeout`).

    >>> [r["titleName"] for r in query("filmography", person="Haruma Miura")]
    ['Boku no Ita Jikan', 'Koizora']
    """
    from .querying import run_named

    return run_named(_target(kg, endpoint), name, {k: str(v) for k, v in params.items()}, timeout).rows


def sparql(text: str, kg: KnowledgeGraph | None = None, *, endpoint=None, timeout: float | None = None,
           **bindings):
    """Run SPARQL ``text``; keyword arguments bind variables (strings become literals, use
    ``pyoxigraph.NamedNode`` for IRIs). SELECT gives rows as dicts, ASK a bool, CONSTRUCT triples.

    >>> sparql("SELECT ?n WHERE { ?t schema:alternateName ?a ; schema:name ?n }", a="Sky of Love")
    [{'n': 'Koizora'}]
    """
    from .querying import run_sparql

    result = run_sparql(_target(kg, endpoint), text, bindings, timeout=timeout)
    if result.kind == "ask":
        return result.boolean
    if result.kind == "graph":
        return result.triples
    return result.rows


def network(view: str = "full", kg: KnowledgeGraph | None = None, *, endpoint=None):
    """The networkx graph of a view: ``cast``, ``co-actor``, ``title`` or ``full`` (see
    :mod:`graph.networks`), with readable ``label`` and ``kind`` on every node.

    >>> G = network("cast", open_graph(data_dir=False))
    >>> sorted(G.nodes[n]["label"] for n in G["https://w3id.org/dramagraph/person/haruma-miura"])
    ['Boku no Ita Jikan', 'Koizora']
    """
    from .networks import network as _network

    return _network(view, _target(kg, endpoint))


def links(kg: KnowledgeGraph | None = None) -> list[dict]:
    """The shared-actor links between titles (see :func:`graph.explore.links`)."""
    from .explore import links as _links

    return _links(_kg(kg))


def path(a: str, b: str, kg: KnowledgeGraph | None = None, via: str | None = None, all_shortest: bool = False):
    """The shortest path(s) between two named things (see :func:`graph.explore.path`)."""
    from .explore import path as _path

    return _path(a, b, _kg(kg), via, all_shortest)


def similar(title: str, kg: KnowledgeGraph | None = None, top: int = 10) -> list[dict]:
    """Titles like ``title``, ranked, with reasons (see :func:`graph.explore.similar`)."""
    from .explore import similar as _similar

    return _similar(title, _kg(kg), top)


def centrality(view: str = "full", measure: str = "degree", kg: KnowledgeGraph | None = None) -> list[dict]:
    """Nodes of a view ranked by centrality (see :func:`graph.explore.centrality`)."""
    from .explore import centrality as _centrality

    return _centrality(view, measure, _kg(kg))


def export(view: str, fmt: str, out, kg: KnowledgeGraph | None = None) -> Path:
    """Write a view as GraphML, GEXF or JSON (see :func:`graph.explore.export`)."""
    from .explore import export as _export

    return _export(view, fmt, out, _kg(kg))


def viz(view: str = "full", out=None, kg: KnowledgeGraph | None = None, around: str | None = None, depth: int = 1,
        layout: str = "auto"):
    """Write the interactive page of a network view (see :func:`graph.page.viz`); returns a
    :class:`graph.page.VizPage`, which Jupyter shows inline."""
    from .page import viz as _viz

    return _viz(view, _kg(kg), out, around, depth, layout)
