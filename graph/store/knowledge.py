"""The loaded dataset: :class:`KnowledgeGraph`, an Oxigraph store plus the list of what went into it, and
:func:`load_file`, which parses one file into it.

Where it sits: *ontology + facts → store* → validate → query → network → viz/serve. This is the object
every later step takes as ``kg``; :func:`graph.store.opening.open_graph` fills it (embedded) or opens one on disk
(:mod:`graph.store.diskstore`).

The dataset holds one named graph per source:

* ``<.../graph/ontology/NAME>``: each vocabulary file of ``ontology/`` (not the SHACL shapes);
* the named graphs of the article (``data/article.trig``), each derived from a quotation;
* ``<.../graph/user/NAME>``: each file the user added with :func:`graph.store.userdata.add` (kept in the data
  directory);
* ``<file:///...>``: files given for one command only (e.g. ``dramagraph validate extra.ttl``);
* ``<.../graph/inferred>``: inferred triples, only when asked for (see :mod:`graph.store.reason`).

Every triple lives in a named graph, and the default graph holds their union, deduplicated (a real
RDF merge: Oxigraph's "union default graph" option would repeat a triple once per graph holding it).
SPARQL sees that default graph; ``GRAPH ?g`` tells which source asserted what. A remote endpoint that
receives the dataset with ``push`` gets the same layout, so queries answer the same there, and so does
a persistent store made by :func:`graph.store.diskstore.load_store`: the named graphs of the loaded files are
kept, the triples outside any named graph go into the default graph only (a named graph per file would
double a large store), and the default graph is the union of both.
:meth:`KnowledgeGraph.to_rdflib` gives the dataset as an ``rdflib.Dataset`` for notebooks and pySHACL.

>>> import pyoxigraph as ox
>>> from graph.rdf.resources import ontology_dir
>>> kg = KnowledgeGraph(ox.Store())
>>> load_file(kg, ontology_dir() / "concepts.ttl", "ontology", ontology_graph("concepts.ttl")).graph
'https://w3id.org/dramagraph/graph/ontology/concepts'
>>> kg.count_triples() > 100
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..rdf.iris import BASE, GRAPH_ONTOLOGY
from ..rdf.rdfio import MAX_FILE_BYTES, parse_file
from ..rdf.terms import to_rdflib_graph

__all__ = ["cached", "KnowledgeGraph", "Source", "load_file", "ONTOLOGY_FILES", "ontology_graph", "vocabulary_apart"]

ONTOLOGY_FILES = ("dramagraph.ttl", "concepts.ttl")


def cached(kg, key: str, build):
    """``kg.cache[key]``, made by ``build()`` the first time: the one cache of a graph (or endpoint),
    emptied when its data changes."""
    cache = kg.cache
    if key not in cache:
        cache[key] = build()
    return cache[key]


def ontology_graph(name: str) -> str:
    """The named graph of the vocabulary file ``name`` of ``ontology/``."""
    return GRAPH_ONTOLOGY + Path(name).stem


def vocabulary_apart(store) -> tuple[str, ...]:
    """The vocabulary graphs a store keeps out of its default graph: all of them when ``dramagraph
    load`` added the ontology, none when the files brought it (as a ``build --format trig`` does)."""
    import pyoxigraph as ox

    apart = []
    for name in ONTOLOGY_FILES:
        first = next(iter(store.quads_for_pattern(None, None, None, ox.NamedNode(ontology_graph(name)))), None)
        if first is not None and not any(True for _ in store.quads_for_pattern(
                first.subject, first.predicate, first.object, ox.DefaultGraph())):
            apart.append(ontology_graph(name))
    return tuple(apart)


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

    ``vocabulary`` names the graphs of dramagraph's vocabulary that a store keeps out of its default
    graph (a store of the user's own files, see :mod:`graph.store.diskstore`): dramagraph's own queries (the
    named queries, the name index) read them with the default graph; the user's SPARQL does not.
    """

    store: object  # pyoxigraph.Store
    sources: list[Source] = field(default_factory=list)
    inferred: bool = False
    path: Path | None = None
    cache: dict = field(default_factory=dict, repr=False, compare=False)
    pin: object = field(default=None, repr=False, compare=False)  # a store version's reader lock
    vocabulary: tuple[str, ...] = ()
    union: bool = True  # the default graph holds the union of the named graphs (a store loaded --no-union: not)

    def dataset(self, vocabulary: bool) -> dict:
        """The options of ``Store.query``: with ``vocabulary`` (dramagraph's own queries, or when the user
        asks) the default graph also holds the vocabulary a store keeps apart; without, the query sees
        the store's default graph and named graphs but not the vocabulary's."""
        if not self.vocabulary:
            return {}
        import pyoxigraph as ox

        if vocabulary:
            return {"default_graph": [ox.DefaultGraph(), *map(ox.NamedNode, self.vocabulary)]}
        if "user's graphs" not in self.cache:  # the vocabulary's graphs are not the user's to see either
            self.cache["user's graphs"] = [g for g in self.store.named_graphs()
                                           if not (isinstance(g, ox.NamedNode) and g.value in self.vocabulary)]
        return {"named_graphs": list(self.cache["user's graphs"])}

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
        """Distinct triples in the union of all graphs (the vocabulary included)."""
        result = self.store.query("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", **self.dataset(True))
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



def load_file(kg: KnowledgeGraph, path: Path, kind: str, graph: str | None = None,
          fmt: str | None = None, base: str | None = None) -> Source:
    """Parse ``path`` into ``kg``: triples outside a named graph go into ``graph`` (default: a graph
    named by the file's URI), so that every triple lives in a named graph. Relative IRIs resolve
    against ``base`` (default: dramagraph's base IRI, ``https://w3id.org/dramagraph/``)."""
    import pyoxigraph as ox

    graph = graph or Path(path).resolve().as_uri()
    limit = MAX_FILE_BYTES if kind == "file" else None  # a file given for one command is read whole
    kg.add_quads(parse_file(path, fmt, base_iri=base or BASE, default_graph=ox.NamedNode(graph), max_bytes=limit))
    source = Source(Path(path), kind, graph)
    kg.sources.append(source)
    return source
