"""Optional inference: OWL RL (owlrl), kept apart from the asserted facts.

Where it sits: ontology + facts → store → *(inference, on request)* → validate → query → ... It takes a
loaded graph (:func:`graph.store.opening.open_graph`) and adds one named graph to it;
:func:`graph.api.open_graph` with ``infer=True`` applies it after loading.

The reasoner runs on a copy of the asserted triples plus the standard axioms of
``ontology/axioms.ttl``; only the new triples about dramagraph's own nodes are kept, in the named
graph ``<https://w3id.org/dramagraph/graph/inferred>`` (a ``dg:Inferred``). Asserted graphs are never
changed, so "asserted" and "inferred" can always be told apart with ``GRAPH``.

>>> from graph.store.opening import open_graph
>>> kg = open_graph(data_dir=False)
>>> infer(kg) > 0 and kg.store.contains_named_graph(__import__("pyoxigraph").NamedNode(GRAPH_INFERRED))
True
"""

from __future__ import annotations

import pyoxigraph as ox

from ..rdf.iris import BASE, DG_NS, GRAPH_INFERRED, GRAPH_PROVENANCE, OWL_NS, RDF_TYPE, RDFS_COMMENT, RDFS_NS
from ..rdf.rdfio import parse_file
from ..rdf.resources import ontology_dir
from ..rdf.terms import from_rdflib_triple, to_rdflib_graph

__all__ = ["infer"]

# dg:representedBy names the one node that stands for a linked group (graph.rdf.iris.representative_rank):
# owl:sameAs would copy it onto the representative itself (pointing at its alias), so none is inferred
_NOISE_PREDICATES = {OWL_NS + "sameAs", OWL_NS + "differentFrom", DG_NS + "representedBy"}
_NOISE_TYPES = {OWL_NS + "Thing", RDFS_NS + "Resource", OWL_NS + "NamedIndividual"}


def infer(kg) -> int:
    """Add the inferred graph to ``kg``; return how many triples it holds."""
    import owlrl
    from rdflib import URIRef

    graph = kg.union_graph()
    asserted = set(graph)
    to_rdflib_graph(parse_file(ontology_dir() / "axioms.ttl"), graph)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False,
                           datatype_axioms=False).expand(graph)
    target = ox.NamedNode(GRAPH_INFERRED)
    rdf_type = URIRef(RDF_TYPE)
    new = []
    for s, p, o in graph:
        if (s, p, o) in asserted or not isinstance(s, URIRef) or not str(s).startswith(BASE):
            continue
        if str(p) in _NOISE_PREDICATES or (p == rdf_type and str(o) in _NOISE_TYPES):
            continue
        if s == o:
            continue
        new.append(from_rdflib_triple((s, p, o), target))
    provenance = ox.NamedNode(GRAPH_PROVENANCE)
    meta = [
        ox.Quad(target, ox.NamedNode(RDF_TYPE), ox.NamedNode(DG_NS + "Inferred"), provenance),
        ox.Quad(target, ox.NamedNode(RDFS_COMMENT),
                ox.Literal("Triples inferred by owlrl (OWL 2 RL) from the asserted graphs and ontology/axioms.ttl"),
                provenance),
    ]
    kg.add_quads(new + meta)
    kg.inferred = True
    return len(new)
