"""Writing the whole dataset out as one RDF file (``dramagraph build``, :func:`graph.api.build`).

Where it sits: ontology + facts → *store → a file*, beside validate → query → ...: it takes a loaded
graph (embedded or on disk) and serialises all of it; :func:`graph.api.build` gives it a file through
:func:`graph.rdf.rdfio.atomic_writer`.

>>> import io
>>> from graph.store.opening import open_graph
>>> write_dataset(open_graph(data_dir=False), io.BytesIO(), "trig")["graphs"]
163
"""

from __future__ import annotations

from ..rdf.iris import PREFIXES
from .knowledge import KnowledgeGraph
from ..rdf.rdfio import FORMATS

__all__ = ["write_dataset"]


def write_dataset(kg: KnowledgeGraph, output, fmt: str) -> dict:
    """Serialise everything ``kg`` holds to the binary file object ``output`` in format ``fmt``.

    A format with named graphs (TriG, N-Quads, JSON-LD) gets every named graph, and the triples of the
    default graph that no named graph holds (a store's data loaded from triple files) in its default
    graph; any other format gets the default graph, which is the union of everything (with the vocabulary
that a store keeps apart, :attr:`~graph.store.knowledge.KnowledgeGraph.vocabulary`). The in-memory
    graph is written sorted, its blank nodes labelled canonically (the same input gives the same
    bytes); a store on disk is streamed in its own order, the same on every run. Returns the counts
    written: ``triples`` (distinct), ``statements`` (lines of N-Triples or N-Quads), ``named``
    (statements in named graphs), ``default`` (in the default graph) and ``graphs``.
    """
    import pyoxigraph as ox

    name, _, keeps_graphs = FORMATS[fmt]
    default = ox.DefaultGraph()
    counts = {"triples": 0, "statements": 0, "named": 0, "default": 0, "graphs": 0}
    graphs = sorted(kg.store.named_graphs(), key=str) if keeps_graphs else []
    counts["graphs"] = len(graphs)

    def default_only():
        if not kg.union:  # a store whose default graph holds only what no named graph holds
            yield from kg.store.quads_for_pattern(None, None, None, default)
            return
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
            for graph in kg.vocabulary:  # kept out of a store's default graph, but part of its union
                yield from kg.store.quads_for_pattern(None, None, None, ox.NamedNode(graph))

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
