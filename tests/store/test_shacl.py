"""SHACL: each broken case names the exact focus node, path and message."""

from __future__ import annotations

import pytest

from graph.store.shacl import validate
from graph.store.opening import open_graph

PREFIXES = """
@prefix schema: <https://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix dg: <https://w3id.org/dramagraph/ontology#> .
@prefix concept: <https://w3id.org/dramagraph/concept/> .
@prefix ex: <https://example.org/> .
"""

GOOD = PREFIXES + """
ex:my-drama a schema:TVSeries ; schema:name "My Drama" ; schema:startDate "2021"^^xsd:gYear ;
    schema:numberOfEpisodes 10 ; schema:about concept:leukemia ;
    schema:actor [ a schema:PerformanceRole ; schema:actor ex:someone ; schema:characterName "Hero" ] .
ex:someone a schema:Person ; schema:name "Someone" .
"""


MATCH = ("A concept's skos:exactMatch, skos:closeMatch or skos:relatedMatch is a MeSH descriptor (http://id.nlm.nih.gov/mesh/D…) "
         "or a Wikidata item (http://www.wikidata.org/entity/Q…).")


def results_for(tmp_path, turtle):
    path = tmp_path / "extra.ttl"
    path.write_text(turtle, encoding="utf-8")
    report = validate(open_graph(data_dir=False, files=[path]))
    return report.conforms, sorted((v.focus, v.path, v.message) for v in report.violations)


def test_the_article_conforms(kg):
    report = validate(kg)
    assert (report.conforms, report.violations) == (True, [])


def test_a_good_title_conforms(tmp_path):
    assert results_for(tmp_path, GOOD) == (True, [])


@pytest.mark.parametrize("turtle, expected", [
    pytest.param(
        'ex:t a schema:Movie ; schema:name "T" ; schema:datePublished "two thousand"^^xsd:gYear .',
        [("<https://example.org/t>", "<https://schema.org/datePublished>",
          'schema:datePublished must be one xsd:gYear, e.g. "2007"^^xsd:gYear.')],
        id="ill-typed-year"),
    pytest.param(
        'ex:t a schema:Movie ; schema:name "T" ; schema:datePublished "2007" .',
        [("<https://example.org/t>", "<https://schema.org/datePublished>",
          'schema:datePublished must be one xsd:gYear, e.g. "2007"^^xsd:gYear.')],
        id="year-as-string"),
    pytest.param(
        'ex:t a schema:TVSeries ; schema:name "T" ; schema:numberOfEpisodes "eleven" .',
        [("<https://example.org/t>", "<https://schema.org/numberOfEpisodes>",
          "schema:numberOfEpisodes must be one positive xsd:integer.")],
        id="episodes-not-integer"),
    pytest.param(
        'ex:t a schema:Movie ; schema:actor ex:r . ex:r a schema:PerformanceRole ; '
        'schema:actor ex:p ; schema:characterName "C" . ex:p a schema:Person ; schema:name "P" .',
        [("<https://example.org/t>", "(<https://schema.org/name>|<http://www.w3.org/2000/01/rdf-schema#label>)",
          "Needs a schema:name (or, for an unnamed work, an rdfs:label)."),
         ("<https://example.org/t>", "<https://schema.org/name>", "A title needs a schema:name.")],
        id="title-without-name"),
    pytest.param(
        'ex:t schema:name "T" ; schema:actor ex:r . ex:r a schema:PerformanceRole ; '
        'schema:actor ex:p ; schema:characterName "C" . ex:p a schema:Person ; schema:name "P" .',
        [("<https://example.org/t>", "(node)",
          "A title with a cast must be a schema:Movie or a schema:TVSeries.")],
        id="title-without-kind"),
    pytest.param(
        'ex:t a schema:Movie ; schema:name "T" ; schema:actor ex:r . ex:r a schema:PerformanceRole ; '
        'schema:actor ex:p ; schema:characterName "C", "D" . ex:p a schema:Person ; schema:name "P" .',
        [("<https://example.org/r>", "<https://schema.org/characterName>",
          "A performance role has at most one schema:characterName string (one role per character; none where "
          "the source names no character).")],
        id="role-with-two-characters"),
    pytest.param(
        'ex:t a schema:Movie ; schema:name "T" ; schema:actor ex:r . ex:r a schema:PerformanceRole ; '
        'schema:characterName "C" .',
        [("<https://example.org/r>", "<https://schema.org/actor>",
          "A performance role needs exactly one schema:actor, a schema:Person.")],
        id="role-without-actor"),
    pytest.param(
        'ex:t a schema:Movie ; schema:name "T" ; schema:about ex:not-a-concept .',
        [("<https://example.org/t>", "<https://schema.org/about>",
          "schema:about must point to a skos:Concept (an illness or theme of ontology/concepts.ttl).")],
        id="about-not-a-concept"),
    pytest.param(
        'ex:c a dg:Character, schema:Person ; schema:name "Both" .',
        [("<https://example.org/c>", "(node)",
          "A dg:Character is not a schema:Person (real people and characters stay apart).")],
        id="character-and-person"),
    pytest.param(
        'ex:t a schema:Movie ; schema:name "T" ; schema:isBasedOn ex:w . ex:w schema:author ex:nobody .',
        [("<https://example.org/w>", "(<https://schema.org/name>|<http://www.w3.org/2000/01/rdf-schema#label>)",
          "Needs a schema:name (or, for an unnamed work, an rdfs:label)."),
         ("<https://example.org/w>", "<https://schema.org/author>", "schema:author must point to a schema:Person.")],
        id="work-without-name-bad-author"),
    pytest.param(
        'concept:leukemia <http://www.w3.org/2004/02/skos/core#closeMatch> <https://meshb.nlm.nih.gov/record/ui?ui=D007938>, '
        '<http://id.nlm.nih.gov/mesh/D007938>, <http://www.wikidata.org/entity/Q1>, "D007938" .',
        [("<https://w3id.org/dramagraph/concept/leukemia>",
          "(<http://www.w3.org/2004/02/skos/core#exactMatch>|<http://www.w3.org/2004/02/skos/core#closeMatch>"
          "|<http://www.w3.org/2004/02/skos/core#relatedMatch>)", MATCH),
         ("<https://w3id.org/dramagraph/concept/leukemia>",
          "(<http://www.w3.org/2004/02/skos/core#exactMatch>|<http://www.w3.org/2004/02/skos/core#closeMatch>"
          "|<http://www.w3.org/2004/02/skos/core#relatedMatch>)", MATCH)],
        id="match-not-mesh-or-wikidata"),  # a record page and a bare ID: one result each; the IRIs pass
])
def test_violations_name_focus_node_path_and_message(tmp_path, turtle, expected):
    assert results_for(tmp_path, PREFIXES + turtle) == (False, expected)


def test_validation_does_not_change_the_graph(tmp_path):
    path = tmp_path / "extra.ttl"
    path.write_text(GOOD, encoding="utf-8")
    kg = open_graph(data_dir=False, files=[path])
    before = kg.quads()
    validate(kg)
    assert kg.quads() == before
