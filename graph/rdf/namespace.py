"""The vocabulary: dramagraph's own terms (closed) and the IRIs of its data.

Own terms are declared once, in ``ontology/dramagraph.ttl``; :class:`DG` mirrors that file and refuses
any other name (an undeclared attribute raises ``AttributeError``). tests/rdf/test_terms.py keeps the two in step.

>>> str(DG.portrays)
'https://w3id.org/dramagraph/ontology#portrays'
"""

from __future__ import annotations

from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD, DefinedNamespace, Namespace
from rdflib.term import URIRef

from .iris import ARTICLE, BASE, DG_NS, GRAPH_INFERRED, GRAPH_PROVENANCE, PREFIXES, iri, slugify

__all__ = ["DG", "SCHEMA", "SKOS", "PROV", "RDF", "RDFS", "OWL", "XSD", "DCTERMS", "BASE", "PREFIXES",
           "iri", "slugify", "GRAPH_PROVENANCE", "GRAPH_INFERRED", "ARTICLE"]

SCHEMA = SDO  # https://schema.org/


class DG(DefinedNamespace):
    """dramagraph's own terms (ontology/dramagraph.ttl)."""

    _NS = Namespace(DG_NS)
    _fail = True

    Character: URIRef  # a person portrayed in a title
    Inferred: URIRef  # a named graph of inferred triples
    portrays: URIRef  # PerformanceRole -> Character
    versionOf: URIRef  # another version (film/TV) of a title
    inspiredBy: URIRef  # a story -> the person, event or work that inspired it (weaker than isBasedOn)
    correctedBy: URIRef  # a claim (named graph) -> the correction (named graph) that contradicts it
    confirmedBy: URIRef  # a claim (named graph) -> a graph of another source stating the same triples
    representedBy: URIRef  # a linked node -> the node that stands for its owl:sameAs group
    boxOfficeGross: URIRef  # Movie -> MonetaryAmount
    grossRank: URIRef  # rank by gross among the films its description names
    ticketsSold: URIRef  # Movie -> QuantitativeValue
    copiesSold: URIRef  # book -> QuantitativeValue
