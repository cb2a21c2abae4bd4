"""Every term used in code, data and queries is declared in ontology/ or is a known standard term.

Standard terms are checked against rdflib's closed vocabularies (schema.org, SKOS, PROV, RDF, RDFS,
OWL, XSD, Dublin Core, SHACL): a misspelt ``schema:actors`` fails here.
"""

from __future__ import annotations

import re

import pytest
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SDO, SH, SKOS, XSD

from graph.rdf.rdfio import parse_file
from tests.conftest import ROOT

CLOSED = {str(ns): ns for ns in (SDO, SKOS, PROV, RDF, RDFS, OWL, XSD, DCTERMS, SH)}
DG = "https://w3id.org/dramagraph/ontology#"
PREFIXED = {"schema": str(SDO), "skos": str(SKOS), "prov": str(PROV), "rdf": str(RDF), "rdfs": str(RDFS),
            "owl": str(OWL), "xsd": str(XSD), "dct": str(DCTERMS), "dg": DG, "sh": str(SH)}


def declared_dg_terms():
    return {q.subject.value for q in parse_file(ROOT / "ontology" / "dramagraph.ttl")
            if q.subject.value.startswith(DG)}


def is_known(iri: str) -> bool:
    if iri.startswith(DG):
        return iri in declared_dg_terms()
    for namespace, closed in CLOSED.items():
        if iri.startswith(namespace):
            local = iri[len(namespace):]
            # rdflib's schema.org namespace only warns on unknown names: look at the declared ones
            return local in closed.__annotations__ or local in getattr(closed, "_extras", ())
    return True  # not a vocabulary we vouch for (data IRIs, sources)


def vocabulary_iris_in_rdf(path):
    iris = set()
    for q in parse_file(path):
        iris.add(q.predicate.value)
        if q.predicate.value == str(RDF.type):
            iris.add(q.object.value)
    return iris


RDF_FILES = [ROOT / "data" / "article.trig", *sorted((ROOT / "ontology").glob("*.ttl"))]


@pytest.mark.parametrize("path", RDF_FILES, ids=lambda p: p.name)
def test_rdf_files_use_only_known_terms(path):
    assert sorted(i for i in vocabulary_iris_in_rdf(path) if not is_known(i)) == []


def prefixed_names(text):
    text = re.sub(r'"[^"\n]*"|<[^>\s]*>|#[^\n]*', " ", text)
    return {PREFIXED[p] + local for p, local in re.findall(r"(?<![\w?$])(\w+):([A-Za-z_]\w*)", text)
            if p in PREFIXED}


@pytest.mark.parametrize("path", sorted((ROOT / "queries").glob("*.rq")), ids=lambda p: p.name)
def test_queries_use_only_known_terms(path):
    assert sorted(i for i in prefixed_names(path.read_text(encoding="utf-8")) if not is_known(i)) == []


def test_code_uses_only_known_terms():
    used = set()
    for path in sorted((ROOT / "graph").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        used |= {DG + t for t in re.findall(r"\bDG\.(\w+)", text)}
        used |= {str(SDO) + t for t in re.findall(r"\bSCHEMA\.(\w+)", text)}
        used |= set(re.findall(r"https://w3id\.org/dramagraph/ontology#\w+", text))
        used |= {str(SDO) + t for t in re.findall(r"https://schema\.org/(\w+)", text)}
        used |= {str(PROV) + t for t in re.findall(r'PROV \+ "(\w+)"', text)}
    assert used, "the scan found no terms at all"
    assert sorted(i for i in used if not is_known(i)) == []


def test_the_namespace_class_mirrors_the_ontology_file():
    from graph.rdf.namespace import DG as DGNS

    in_class = {str(getattr(DGNS, name)) for name in DGNS.__annotations__}
    assert in_class == declared_dg_terms() - {"https://w3id.org/dramagraph/ontology"}
    with pytest.raises(AttributeError):
        DGNS.notATerm  # noqa: B018


def test_a_misspelt_standard_term_is_caught():
    assert is_known("https://schema.org/actor") and not is_known("https://schema.org/characterNames")
    assert not is_known(DG + "portray")
