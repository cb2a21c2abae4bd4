"""RDF I/O between the two libraries: pyoxigraph terms and quads (what the store holds) as rdflib terms and
graphs (what pySHACL and owlrl work on), and back.

Where it sits: ontology + facts → store → *(an rdflib copy for)* validate (:mod:`graph.store.shacl`) and
inference (:mod:`graph.store.reason`); the results come back as pyoxigraph quads. rdflib is imported only when
a conversion runs (it is slow to import), and pyoxigraph too (:mod:`graph.api` is imported for the CLI's
``--help``, which loads neither).

>>> import pyoxigraph as ox
>>> to_rdflib_term(ox.Literal("x"))
rdflib.term.Literal('x')
>>> from_rdflib_term(to_rdflib_term(ox.NamedNode("http://a")))
<NamedNode value=http://a>
"""

from __future__ import annotations

from .iris import XSD_STRING

__all__ = ["to_rdflib_term", "from_rdflib_term", "to_rdflib_graph", "from_rdflib_triple"]


def to_rdflib_term(term, normalize: bool | None = None):
    """A pyoxigraph term as the equal rdflib term (xsd:string literals become plain literals);
    ``normalize=False`` keeps a literal's lexical form as written (``"01"^^xsd:integer`` stays ``01``)."""
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language, normalize=normalize)
        if term.datatype.value == XSD_STRING:
            return Literal(term.value, normalize=normalize)
        return Literal(term.value, datatype=URIRef(term.datatype.value), normalize=normalize)
    raise TypeError(f"unsupported term {term!r}")


def from_rdflib_term(term):
    """An rdflib term as the equal pyoxigraph term."""
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"unsupported term {term!r}")


def to_rdflib_graph(quads, graph=None):
    """The triples of pyoxigraph ``quads`` (their graph names dropped) added to the rdflib ``graph``
    (a new ``rdflib.Graph`` when None); returns the graph."""
    if graph is None:
        from rdflib import Graph

        graph = Graph()
    for q in quads:
        graph.add((to_rdflib_term(q.subject), to_rdflib_term(q.predicate), to_rdflib_term(q.object)))
    return graph


def from_rdflib_triple(triple, graph_name):
    """An rdflib triple ``(s, p, o)`` as a ``pyoxigraph.Quad`` in the named graph ``graph_name``."""
    import pyoxigraph as ox

    s, p, o = triple
    return ox.Quad(from_rdflib_term(s), from_rdflib_term(p), from_rdflib_term(o), graph_name)
