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

from .knowledge import KnowledgeGraph
from .userdata import add, added, remove

__all__ = ["open_graph", "load", "stats", "provenance", "validate", "build", "add", "added", "remove", "query",
           "sparql", "queries",
           "network", "links", "path", "similar", "centrality", "export", "viz", "BUILD_FORMATS"]

# every format dramagraph reads, it writes (graph.rdfio.FORMATS; a test keeps the two the same)
BUILD_FORMATS = ("turtle", "nt", "trig", "nquads", "jsonld", "xml", "n3")


def open_graph(data_dir: str | os.PathLike | None | bool = None, files=(), infer: bool = False,
               store: str | os.PathLike | None = None) -> KnowledgeGraph:
    """Load the graph (see :func:`graph.store.open_graph`); ``infer=True`` adds the inferred graph
    (:func:`graph.reason.infer`), which a store on disk (``store`` or ``$DRAMAGRAPH_STORE``) cannot take."""
    from .errors import UsageError
    from .store import READ_ONLY, store_dir
    from .store import open_graph as _open_graph

    if infer and store_dir(store) is not None:
        raise UsageError(READ_ONLY)
    kg = _open_graph(data_dir, files, store=store)
    if infer:
        from .reason import infer as _infer

        _infer(kg)
    return kg


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


def provenance(thing: str, kg: KnowledgeGraph | None = None, property: str | None = None) -> list[dict]:
    """Every fact with ``thing`` as subject and where it came from.

    Each row: ``property``, ``value``, ``graph`` (the named graph asserting it), ``quote`` (the
    source's words), ``source``, ``entry`` (the article's entry number), ``derivedFrom``. A fact that
    no named graph holds (a store's default graph, loaded from files that name no graph) has
    ``graph`` None. ``property`` keeps the facts of one property (``datePublished``,
    ``schema:datePublished`` or the full IRI); a property the node has no fact of raises
    :class:`~graph.errors.NotFoundError` naming the properties it has.

    >>> rows = provenance("Sky of Love", open_graph(data_dir=False))
    >>> [r["entry"] for r in rows if r["property"].endswith("datePublished")]
    [6]
    >>> provenance("Sky of Love", open_graph(data_dir=False), property="foo")
    Traceback (most recent call last):
    ...
    graph.errors.NotFoundError: Koizora has no fact with the property 'foo'; its properties: rdf:type, schema:about, schema:actor, schema:alternateName, schema:character, schema:datePublished, schema:isBasedOn, schema:name
    """
    import pyoxigraph as ox

    from .errors import NotFoundError
    from .iris import shorten
    from .names import resolve
    from .querying import run_named, run_sparql

    kg = _kg(kg)
    node = resolve(kg, thing)
    rows = run_named(kg, "provenance", {"thing": node.iri}).rows
    held = {(r["property"], _key(r["value"])) for r in rows}
    facts = run_sparql(kg, "SELECT ?property ?value WHERE { ?thing ?property ?value }",
                       {"thing": ox.NamedNode(node.iri)}).rows
    for fact in sorted(facts, key=lambda f: (f["property"], _key(f["value"]))):
        if (fact["property"], _key(fact["value"])) not in held:  # only in the default graph
            rows.append({"thing": node.iri, "property": fact["property"], "value": fact["value"], "graph": None})
    if property is None:
        return rows

    def matches(iri: str) -> bool:
        return property in (iri, shorten(iri)) or iri.endswith(("/" + property, "#" + property))

    kept = [r for r in rows if matches(r["property"])]
    if not kept and rows:
        names = sorted({shorten(r["property"]) for r in rows}, key=lambda p: (p.split(":")[0] != "rdf",
                                                                              p.startswith("dg:"), p))
        raise NotFoundError(f"{node.label} has no fact with the property {property!r}; its properties: "
                            f"{', '.join(names)}")
    return kept


def _key(value):
    return value if isinstance(value, str) else repr(value)


def validate(files=(), data_dir=None, kg: KnowledgeGraph | None = None):
    """SHACL-validate the graph plus ``files``; returns a :class:`graph.shacl.Report`."""
    from .shacl import validate as _validate

    return _validate(kg if kg is not None else open_graph(data_dir, files))


def build(out: str | os.PathLike, fmt: str = "turtle", kg: KnowledgeGraph | None = None, *,
          report: bool = False):
    """Write the whole dataset to ``out`` (atomically; see :func:`graph.rdfio.atomic_writer`) and
    return its path, or with ``report=True`` a dict of what was written (``path`` and the counts of
    :func:`graph.dataset.write_dataset`). ``trig``, ``nquads`` and ``jsonld`` keep the named graphs (and
    so the provenance); ``turtle``, ``nt``, ``xml`` (RDF/XML) and ``n3`` hold the union of the triples.
    Works the same on a store on disk (``open_graph(store=DIR)``). The same data gives the same bytes.
    """
    from .errors import UsageError
    from .rdfio import atomic_writer
    from .dataset import write_dataset

    if fmt not in BUILD_FORMATS:
        raise UsageError(f"unknown format {fmt!r}; choose one of {', '.join(BUILD_FORMATS)}")
    kg = _kg(kg)
    with atomic_writer(out) as f:
        counts = write_dataset(kg, f, fmt)
    return dict(counts, path=Path(out), format=fmt) if report else Path(out)


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


def queries() -> list[dict]:
    """The named queries (``queries/*.rq``): ``name``, ``title``, ``description``, ``params`` (each with
    ``name``, ``kind``, ``required``, ``default``, ``example``, ``doc``) and ``text``.

    >>> [q["params"][0]["name"] for q in queries() if q["name"] == "cast"]
    ['title']
    """
    from dataclasses import asdict

    from .querying import catalog

    return [{"name": q.name, "title": q.title, "description": q.description,
             "params": [asdict(p) for p in q.params], "text": q.text} for q in catalog().values()]


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


def viz(view: str = "full", out=None, kg: KnowledgeGraph | None = None, around: str | None = None,
        depth: int | None = None, layout: str = "auto"):
    """Write the interactive page of a network view (see :func:`graph.page.viz`); returns a
    :class:`graph.page.VizPage`, which Jupyter shows inline."""
    from .page import viz as _viz

    return _viz(view, _kg(kg), out, around, depth, layout)
