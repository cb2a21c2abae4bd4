"""graph.sources.link: the same titles and people across the article, an IMDb import and a Wikidata import (a
small TriG file written here, its graphs named as the importers name theirs), and the links graph's quads."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from graph.sources import link
from graph.rdf.iris import GRAPH_LINKS
from graph.store.opening import open_graph

IMPORTS = """\
@prefix schema: <https://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix imdb: <https://w3id.org/dramagraph/imdb/> .
@prefix wikidata: <https://w3id.org/dramagraph/wikidata/> .
@prefix gi: <https://w3id.org/dramagraph/graph/import/> .

gi:imdb\\/title.basics {
  imdb:tt9000001 a schema:Movie ; schema:name "Koizora" ; schema:datePublished "2007"^^xsd:gYear ;
      schema:identifier "tt9000001" ; schema:sameAs <https://www.imdb.com/title/tt9000001/> .
  imdb:tt9000002 a schema:TVSeries ; schema:name "Koizora" ; schema:startDate "2008"^^xsd:gYear ;
      schema:identifier "tt9000002" ; schema:sameAs <https://www.imdb.com/title/tt9000002/> .
  imdb:tt9000003 a schema:Movie ; schema:name "Sunny Days" ; schema:datePublished "2010"^^xsd:gYear .
  imdb:tt9000004 a schema:TVSeries ; schema:name "Perfect World" ; schema:startDate "2019"^^xsd:gYear .
  imdb:tt9000006 a schema:TVSeries ; schema:name "1 Litre no Namida" ; schema:startDate "2005"^^xsd:gYear .
}
gi:imdb\\/title.akas {
  imdb:tt9000001 schema:alternateName "Sky of Love" .
  imdb:tt9000006 schema:alternateName "One Liter of Tears" .
}
gi:imdb\\/title.principals {
  imdb:tt9000001 schema:actor imdb:role\\/tt9000001-1, imdb:role\\/tt9000001-2 .
  imdb:role\\/tt9000001-1 a schema:PerformanceRole ; schema:actor imdb:nm9000001 ; schema:characterName "Mika Tahara" .
  imdb:role\\/tt9000001-2 a schema:PerformanceRole ; schema:actor imdb:nm9000002 ; schema:characterName "Hiroki Sakurai" .
  imdb:tt9000003 schema:actor imdb:role\\/tt9000003-1 .
  imdb:role\\/tt9000003-1 a schema:PerformanceRole ; schema:actor imdb:nm9000003 .
  imdb:tt9000004 schema:actor imdb:role\\/tt9000004-1, imdb:role\\/tt9000004-2 .
  imdb:role\\/tt9000004-1 a schema:PerformanceRole ; schema:actor imdb:nm9000004 ; schema:characterName "Itsuki Ayukawa" .
  imdb:role\\/tt9000004-2 a schema:PerformanceRole ; schema:actor imdb:nm9000005 ; schema:characterName "Tsugumi Kawana" .
  imdb:tt9000006 schema:actor imdb:role\\/tt9000006-1, imdb:role\\/tt9000006-2 .
  imdb:role\\/tt9000006-1 a schema:PerformanceRole ; schema:actor imdb:nm9000006 ; schema:characterName "Haruto Asō" .
  imdb:role\\/tt9000006-2 a schema:PerformanceRole ; schema:actor imdb:nm9000007 ; schema:characterName "Aya Ikeuchi" .
}
gi:imdb\\/name.basics {
  imdb:nm9000001 a schema:Person ; schema:name "Yui Aragaki" ; schema:identifier "nm9000001" .
  imdb:nm9000002 a schema:Person ; schema:name "Haruma Miura" ; schema:identifier "nm9000002" .
  imdb:nm9000003 a schema:Person ; schema:name "Haruma Miura" ; schema:identifier "nm9000003" .
  imdb:nm9000004 a schema:Person ; schema:name "Tori Matsuzaka" ; schema:identifier "nm9000004" .
  imdb:nm9000005 a schema:Person ; schema:name "Mizuki Yamamoto" ; schema:identifier "nm9000005" .
  imdb:nm9000006 a schema:Person ; schema:name "Ryou Nishikido" ; schema:identifier "nm9000006" .
  imdb:nm9000007 a schema:Person ; schema:name "Erika Sawajiro" ; schema:identifier "nm9000007" .
}
gi:wikidata\\/dramas {
  wikidata:Q9000001 a schema:Movie ; schema:name "Sky of Love" ; schema:datePublished "2007"^^xsd:gYear ;
      schema:identifier "Q9000001" ; schema:sameAs <https://www.imdb.com/title/tt9000001/>, <http://www.wikidata.org/entity/Q9000001> .
  wikidata:Q9000002 a schema:TVSeries ; schema:name "Good Doctor" ; schema:startDate "2018"^^xsd:gYear .
  wikidata:Q9000003 a schema:TVSeries ; schema:name "Good Doctor" ; schema:startDate "2018"^^xsd:gYear .
}
"""

T, W, P = "https://w3id.org/dramagraph/title/", "https://w3id.org/dramagraph/work/", "https://w3id.org/dramagraph/person/"
I, WD = "https://w3id.org/dramagraph/imdb/", "https://w3id.org/dramagraph/wikidata/"
IMDB, WIKI = "import/imdb", "import/wikidata/dramas"


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    path = tmp_path_factory.mktemp("link") / "imports.trig"
    path.write_text(IMPORTS, encoding="utf-8")
    return link.find(open_graph(data_dir=False, files=[path]))


def test_matches(result):
    got = [(m["kind"], m["a"], m["b"], m["score"], m["evidence"], m["sources"]) for m in result["matches"]]
    assert got == [
        ("title", I + "tt9000001", WD + "Q9000001", 1.0,
         ["same IMDb id tt9000001", "same name 'Sky of Love'", "both films", "same year 2007"], (IMDB, WIKI)),
        ("title", T + "koizora", I + "tt9000001", 0.9,
         ["same names 'Koizora', 'Sky of Love'", "both films", "same year 2007",
          "2 shared cast: Haruma Miura, Yui Aragaki"], ("article", IMDB)),
        ("title", T + "koizora", WD + "Q9000001", 0.7,
         ["same name 'Sky of Love'", "both films", "same year 2007"], ("article", WIKI)),
        ("title", T + "one-liter-of-tears", I + "tt9000006", 0.8,
         # IMDb's own title is the Drama Wiki's romanisation (data/names-ja.trig), its alias the article's name
         ["same names '1 Litre no Namida', 'One Liter of Tears'", "both series", "same year 2005",
          "1 shared cast: Ryō Nishikido"],
         ("article", IMDB)),
        # the corrections (data/corrections.trig) name the article's "Tori Matsutaka" Tori Matsuzaka too
        ("title", T + "perfect-world", I + "tt9000004", 0.9,
         ["same name 'Perfect World'", "both series", "same year 2019",
          "2 shared cast: Mizuki Yamamoto, Tori Matsutaka"], ("article", IMDB)),
        # the article's 2008 drama is a series: it goes with IMDb's series, never with the 2007 film
        ("title", W + "koizora-2008-drama", I + "tt9000002", 0.7,
         ["same name 'Koizora'", "both series", "same year 2008"], ("article", IMDB)),
        # the second Haruma Miura (nm9000003, in an unrelated title) shares no title: not linked
        ("person", P + "haruma-miura", I + "nm9000002", 0.75,
         ["same name 'Haruma Miura'", "1 shared title: Koizora"], ("article+confirmations", IMDB)),
        ("person", P + "mizuki-yamamoto", I + "nm9000005", 0.75,
         ["same name 'Mizuki Yamamoto'", "1 shared title: Perfect World"], ("article+confirmations", IMDB)),
        ("person", P + "ryo-nishikido", I + "nm9000006", 0.65,
         ["same name up to long vowels, spacing or word order: 'Ryō Nishikido' / 'Ryou Nishikido'",
          "1 shared title: One Liter of Tears"], ("article+confirmations", IMDB)),
        # his node's names come from the article and its corrections: that source still comes first
        ("person", P + "tori-matsutaka", I + "nm9000004", 0.75,
         ["same name 'Tori Matsuzaka'", "1 shared title: Perfect World"], ("article+corrections", IMDB)),
        ("person", P + "yui-aragaki", I + "nm9000001", 0.75,
         ["same name 'Yui Aragaki'", "1 shared title: Koizora"], ("article+confirmations", IMDB)),
    ]


def test_ambiguous_and_near_names_are_listed_not_linked(result):
    assert result["ambiguous"] == [
        {"node": T + "good-doctor", "kind": "title", "source": "article",
         "candidates": [WD + "Q9000002", WD + "Q9000003"],
         "why": f"2 candidates of {WIKI} with the same score 0.7: Good Doctor, Good Doctor; none linked"},
        # (the article's "Tori Matsutaka" was the near name here; his corrected name now links him)
        {"node": P + "erika-sawajiri", "kind": "person", "source": "article+confirmations", "candidates": [I + "nm9000007"],
         "why": "near name 'Erika Sawajiri' / 'Erika Sawajiro' (1 letter apart) in linked titles 1 Litre no Namida, "
                "One Liter of Tears: not linked by a near name"},
    ]
    # people: IMDb's Erika Sawajiro and the corrections' Shuhei Nomura, Hinako Sakurai and Kotomi Aoki too;
    # sources: the corrections and the confirmations too
    assert result["counts"] == {"titles": 20, "people": 30, "sources": 5, "titleMatches": 6, "personMatches": 5,
                                "ambiguous": 2, "candidates": 17, "rounds": 1}


def test_quads(result):
    got = link.quads(result, "2024-05-01T12:00:00Z")
    assert {q.graph_name for q in got} == {ox.NamedNode(GRAPH_LINKS)}
    represented = [q for q in got if q.predicate.value.endswith("#representedBy")]  # one per linked node but the representative
    from graph.rdf.iris import representatives
    # the matches and the sameAs links the data states (the shipped alias of the 2019 drama among them)
    groups = representatives([(m["a"], m["b"]) for m in result["matches"]] + list(result.get("stated", ())))
    assert sorted((q.subject.value, q.object.value) for q in represented) == sorted(
        (node, group[0]) for node, group in groups.items() if node != group[0])
    assert len(represented) == 11  # 11 matches, one of them joining a third node to a group, and the shipped alias
    assert len(got) == 2 + 8 * len(result["matches"]) + len(represented) == len(set(got))
    n = ox.NamedNode
    owl, sssom, semapv = "http://www.w3.org/2002/07/owl#", link.SSSOM_NS, link.SEMAPV_NS
    g = n(GRAPH_LINKS)
    assert got[:2] == [
        ox.Quad(g, n("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), n("http://www.w3.org/ns/prov#Entity"), g),
        ox.Quad(g, n("http://www.w3.org/ns/prov#generatedAtTime"),
                ox.Literal("2024-05-01T12:00:00Z", datatype=n("http://www.w3.org/2001/XMLSchema#dateTime")), g)]

    def annotation(a, b, score, how, comment):
        axiom = n(link.link_iri(a, b))
        assert axiom.value.startswith("https://w3id.org/dramagraph/link/")
        return [ox.Quad(n(a), n(owl + "sameAs"), n(b), g),
                ox.Quad(axiom, n("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), n(owl + "Axiom"), g),
                ox.Quad(axiom, n(owl + "annotatedSource"), n(a), g),
                ox.Quad(axiom, n(owl + "annotatedProperty"), n(owl + "sameAs"), g),
                ox.Quad(axiom, n(owl + "annotatedTarget"), n(b), g),
                ox.Quad(axiom, n(sssom + "confidence"),
                        ox.Literal(score, datatype=n("http://www.w3.org/2001/XMLSchema#double")), g),
                ox.Quad(axiom, n(sssom + "mapping_justification"), n(semapv + how), g),
                ox.Quad(axiom, n("http://www.w3.org/2000/01/rdf-schema#comment"), ox.Literal(comment), g)]

    assert got[2:10] == annotation(I + "tt9000001", WD + "Q9000001", "1.0", "BackgroundKnowledgeBasedMatching",
                                   "same IMDb id tt9000001; same name 'Sky of Love'; both films; same year 2007")
    assert got[-8 - len(represented):-len(represented)] == annotation(P + "yui-aragaki", I + "nm9000001", "0.75", "CompositeMatching",
                                  "same name 'Yui Aragaki'; 1 shared title: Koizora")
    assert link.link_iri(P + "yui-aragaki", I + "nm9000001") != link.link_iri(I + "nm9000001", P + "yui-aragaki")


def test_one_source_alone_links_nothing(kg):
    # the article's Koizora film and its 2008 drama (and its two "Good Doctor"s) are one source's nodes; its
    # corrections and confirmations (the second and third sources) add names and nodes of their own but no node
    # of the same name
    result = link.find(kg)
    assert (result["matches"], result["ambiguous"]) == ([], [])
    assert result["counts"]["titles"] == 12 and result["counts"]["sources"] == 3


def test_different_imdb_ids_and_years_are_no_match(tmp_path):
    path = tmp_path / "u.trig"
    path.write_text("""@prefix schema: <https://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://w3id.org/dramagraph/graph/user/mine> {
  <urn:x:a> a schema:Movie ; schema:name "Koizora" ; schema:datePublished "2007"^^xsd:gYear ;
      schema:sameAs <https://www.imdb.com/title/tt1111111/> .
  <urn:x:b> a schema:TVSeries ; schema:name "Perfect World" ; schema:startDate "2018"^^xsd:gYear .
  <urn:x:c> a schema:Movie ; schema:name "The 8 Year Engagement" .
  <urn:x:d> a schema:TVSeries ; schema:name "Boku no Ita Jikan" .
}
<https://w3id.org/dramagraph/graph/import/imdb/title.basics> {
  <https://w3id.org/dramagraph/imdb/tt2222222> a schema:Movie ; schema:name "Koizora" ;
      schema:datePublished "2007"^^xsd:gYear .
}
""", encoding="utf-8")
    result = link.find(open_graph(data_dir=False, files=[path]))
    # a: different IMDb ids (tt1111111 / tt2222222) although name, kind and year agree; b: years differ;
    # c, d: a name alone (no year on one side, no cast) is not enough
    # the article's Koizora matches either (0.7 each: name, kind, year), but owl:sameAs is transitive and
    # would make one node of two IMDb ids: both are listed, neither linked
    assert result["matches"] == []
    why = "score 0.7, but linking would make one node of different IMDb ids tt1111111, tt2222222; not linked"
    assert result["ambiguous"] == [
        {"node": T + "koizora", "kind": "title", "source": "article", "candidates": [I + "tt2222222"], "why": why},
        {"node": T + "koizora", "kind": "title", "source": "article", "candidates": ["urn:x:a"], "why": why}]


def test_names():
    assert link.normalized("The 8-Year Engagement") == link.normalized("the 8 year engagement") == "the 8 year engagement"
    assert link.normalized("Ｋｏｉｚｏｒａ") == "koizora"  # NFKC: full-width letters
    assert link.loose("Ryō") == link.loose("Ryo") == link.loose("Ryou") == "ryo"
    assert link.loose("Miura Haruma", person=True) == link.loose("Haruma Miura", person=True) == "haruma miura"
    assert link.loose("Sekai no Chuushin de") == link.loose("Sekai no Chushin De") == "sekainochushinde"
    assert link.normalized("Tori Matsutaka") != link.normalized("Tori Matsuzaka")
