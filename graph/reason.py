"""Optional step 3: OWL RL inference (owlrl), kept apart from the asserted facts.

The reasoner runs on a copy of the asserted triples plus the standard axioms of
``ontology/axioms.ttl``; only the new triples about dramagraph's own nodes are kept, in the named
graph ``<https://w3id.org/dramagraph/graph/inferred>`` (a ``dg:Inferred``). Asserted graphs are never
changed, so "asserted" and "inferred" can always be told apart with ``GRAPH``.

>>> from graph.store import open_graph
>>> kg = open_graph(data_dir=False, infer=True)
>>> kg.store.contains_named_graph(__import__("pyoxigraph").NamedNode(GRAPH_INFERRED))
True
"""

from __future__ import annotations

from .rdfio import parse_file
from .resources import ontology_dir

__all__ = ["infer", "GRAPH_INFERRED"]

from .iris import BASE
GRAPH_INFERRED = BASE + "graph/inferred"
_NOISE_PREDICATES = {
    "http://www.w3.org/2002/07/owl#sameAs",
    "http://www.w3.org/2002/07/owl#differentFrom",
}
_NOISE_TYPES = {
    "http://www.w3.org/2002/07/owl#Thing",
    "http://www.w3.org/2000/01/rdf-schema#Resource",
    "http://www.w3.org/2002/07/owl#NamedIndividual",
}


def infer(kg) -> int:
    """Add the inferred graph to ``kg``; return how many triples it holds."""
    import owlrl
    import pyoxigraph as ox
    from rdflib import URIRef

    from .store import from_rdflib_term, to_rdflib_term

    graph = kg.union_graph()
    asserted = set(graph)
    for q in parse_file(ontology_dir() / "axioms.ttl"):
        graph.add((to_rdflib_term(q.subject), to_rdflib_term(q.predicate), to_rdflib_term(q.object)))
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False,
                           datatype_axioms=False).expand(graph)
    target = ox.NamedNode(GRAPH_INFERRED)
    rdf_type = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    new = []
    for s, p, o in graph:
        if (s, p, o) in asserted or not isinstance(s, URIRef) or not str(s).startswith(BASE):
            continue
        if str(p) in _NOISE_PREDICATES or (p == rdf_type and str(o) in _NOISE_TYPES):
            continue
        if s == o:
            continue
        new.append(ox.Quad(from_rdflib_term(s), from_rdflib_term(p), from_rdflib_term(o), target))
    meta = [
        ox.Quad(target, ox.NamedNode(str(rdf_type)), ox.NamedNode("https://w3id.org/dramagraph/ontology#Inferred"),
                ox.NamedNode(BASE + "graph/provenance")),
        ox.Quad(target, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#comment"),
                ox.Literal("Triples inferred by owlrl (OWL 2 RL) from the asserted graphs and ontology/axioms.ttl"),
                ox.NamedNode(BASE + "graph/provenance")),
    ]
    kg.add_quads(new + meta)
    kg.inferred = True
    return len(new)
