"""Competency questions: the graph answers them exactly as the article does.

Expected answers were read from the article (data/article.txt), not from the graph. Where the corrections
of the article (data/corrections.trig, tested in tests/sources/test_corrections.py) add facts about the same nodes,
a query here reads only the article's graphs (see ``article_says``).
"""

from __future__ import annotations

import re

import pytest

from graph.api import sparql
from tests.conftest import ARTICLE

T = "https://w3id.org/dramagraph/title/"
CORRECTIONS = "https://w3id.org/dramagraph/graph/correction/"


def article_says(triple):
    """The triple pattern ``triple`` as the article says it: matched in the union, as other patterns are,
    and kept only when some graph that is not a correction of the article (the article's own graphs, its
    provenance, the editorial labels, the ontology) holds it."""
    return (f'{triple} . FILTER EXISTS {{ GRAPH ?claim {{ {triple} }} '
            f'FILTER(!STRSTARTS(STR(?claim), "{CORRECTIONS}")) }}')


def ask(kg, text, **bindings):
    return sparql(text, kg=kg, **bindings)


def names(rows, key="name"):
    return sorted(r[key] for r in rows)


def test_who_is_in_two_titles(kg):
    rows = ask(kg, """
        SELECT ?name (COUNT(DISTINCT ?t) AS ?n) WHERE {
          ?t schema:actor ?r . ?r a schema:PerformanceRole ; schema:actor ?p . ?p schema:name ?name }
        GROUP BY ?name HAVING (COUNT(DISTINCT ?t) > 1)""")
    assert rows == [{"name": "Haruma Miura", "n": 2}]


def test_haruma_miura_is_one_node_in_two_titles(kg):
    rows = ask(kg, """
        SELECT ?p ?title ?character WHERE {
          ?t schema:actor ?r ; schema:name ?title . ?r schema:actor ?p ; schema:characterName ?character .
          ?p schema:name "Haruma Miura" } ORDER BY ?title""")
    assert rows == [
        {"p": "https://w3id.org/dramagraph/person/haruma-miura", "title": "Boku no Ita Jikan",
         "character": "Takuto Sawada"},
        {"p": "https://w3id.org/dramagraph/person/haruma-miura", "title": "Koizora",
         "character": "Hiroki Sakurai"},
    ]


def test_titles_about_a_cancer_through_the_hierarchy(kg):
    rows = ask(kg, """
        SELECT DISTINCT ?name WHERE {
          ?t schema:about/skos:broader* concept:cancer ; schema:name ?name } ORDER BY ?name""")
    assert names(rows) == ["Crying Out Love, in the Center of the World", "Koizora"]


def test_titles_about_a_neurodegenerative_disease(kg):
    rows = ask(kg, """
        SELECT DISTINCT ?name ?illness WHERE {
          ?t schema:about ?c ; schema:name ?name . ?c skos:broader+ concept:neurodegenerative-disease ;
             skos:prefLabel ?illness . ?t schema:actor ?r } ORDER BY ?name""")
    assert rows == [
        {"name": "Boku no Ita Jikan", "illness": "amyotrophic lateral sclerosis"},
        {"name": "One Liter of Tears", "illness": "spinocerebellar degeneration"},
    ]


def test_titles_based_on_a_novel(kg):
    rows = ask(kg, """
        SELECT ?name ?kind WHERE {
          ?t schema:actor ?r ; schema:name ?name ; schema:isBasedOn ?w .
          ?w schema:genre ?k . ?k skos:broader* concept:novel ; skos:prefLabel ?kind }
        GROUP BY ?name ?kind ORDER BY ?name""")
    assert rows == [
        {"name": "Crying Out Love, in the Center of the World", "kind": "novel"},
        {"name": "Koizora", "kind": "romance novel"},
    ]


def test_who_played_matsumoto_sakutaro(kg):
    rows = ask(kg, """
        SELECT ?actor ?credit WHERE {
          ?r schema:characterName "Matsumoto Sakutaro" ; schema:actor/schema:name ?actor ;
             schema:roleName ?credit } ORDER BY ?actor""")
    assert rows == [
        {"actor": "Naoto Ogata", "credit": "present Matsumoto Sakutaro"},
        {"actor": "Takayuki Yamada", "credit": "teen Matsumoto Sakutaro"},
    ]


def test_titles_without_a_stated_year(kg):
    rows = ask(kg, """
        SELECT ?name WHERE {
          ?t schema:actor ?r ; schema:name ?name .
          FILTER NOT EXISTS { ?t schema:datePublished|schema:startDate ?y } } GROUP BY ?name""")
    assert names(rows) == ["Boku no Ita Jikan"]


def test_years_are_exactly_the_stated_ones(kg):
    rows = ask(kg, """
        SELECT ?name ?year WHERE {
          VALUES ?type { schema:Movie schema:TVSeries }
          ?t a ?type ; schema:datePublished|schema:startDate ?year . """
               + article_says("?t schema:name|rdfs:label ?name") + """ }
        ORDER BY ?year ?name""")
    assert [(r["name"], r["year"]) for r in rows] == [
        ("Crying Out Love, in the Center of the World", "2004"),
        ("One Liter of Tears", "2005"),
        ("Koizora", "2007"),
        ("Koizora", "2008"),  # the drama version of the same title
        ("I Give My First Love To You", "2009"),
        ("The 8 Year Engagement", "2017"),
        ("Good Doctor", "2018"),
        ("Perfect World", "2019"),
        ("Secret Unrequited Love", "2019"),
    ]


def test_years_are_gyear_and_episodes_integers(kg):
    assert ask(kg, """ASK { VALUES ?type { schema:Movie schema:TVSeries }
                            ?t a ?type ; schema:datePublished|schema:startDate ?y .
                            FILTER(datatype(?y) != xsd:gYear) }""") is False
    rows = ask(kg, """SELECT ?name ?episodes WHERE { ?t schema:numberOfEpisodes ?episodes ; schema:name ?name .
                      FILTER(datatype(?episodes) = xsd:integer) } ORDER BY ?name""")
    assert rows == [{"name": "Crying Out Love, in the Center of the World", "episodes": 11},
                    {"name": "One Liter of Tears", "episodes": 11}]


def test_films_and_tv_series(kg):
    def titles(kind):
        return ask(kg, f"SELECT ?name WHERE {{ ?t a {kind} . {article_says('?t schema:actor ?r')} "
                       f"{article_says('?t schema:name ?name')} }} GROUP BY ?name")
    films, series = titles("schema:Movie"), titles("schema:TVSeries")
    assert names(films) == ["I Give My First Love To You", "Koizora", "The 8 Year Engagement"]
    assert names(series) == ["Boku no Ita Jikan", "Crying Out Love, in the Center of the World",
                             "Good Doctor", "One Liter of Tears", "Perfect World"]


def test_the_only_kind_from_outside_the_article_is_cited(kg):
    rows = ask(kg, """
        SELECT ?name ?type ?source WHERE {
          GRAPH ?g { ?t a ?type } FILTER(!STRSTARTS(STR(?g), "%s")) """ % CORRECTIONS
               + article_says("?t schema:name ?name") + """
          ?g prov:wasDerivedFrom ?q . ?q prov:wasQuotedFrom ?source .
          FILTER(?source != source:article) }""")
    assert rows == [{
        "name": "Boku no Ita Jikan", "type": "https://schema.org/TVSeries",
        "source": "https://phoenixtalkspopculturejapan.wordpress.com/2020/03/22/a-z-drama-challenge-boku-no-ita-jikan/",
    }]


def test_alternate_names(kg):
    rows = ask(kg, "SELECT ?name ?alt WHERE { ?t schema:actor ?r ; schema:name ?name ; schema:alternateName ?alt } "
                   "GROUP BY ?name ?alt ORDER BY ?name STR(?alt)")
    # the article's, and the names in Japanese script, kana and romaji of data/names-ja.trig
    assert [(r["name"], r["alt"]) for r in rows] == [
        ("Boku no Ita Jikan", "The Hours of My Life"), ("Boku no Ita Jikan", "ぼくのいたじかん"),
        ("Boku no Ita Jikan", "僕のいた時間"),
        ("Crying Out Love, in the Center of the World", "Sekai no Chushin De, Ai Wo Sakebu"),
        ("Crying Out Love, in the Center of the World", "Sekai no Chuushin de, Ai wo Sakebu"),
        ("Crying Out Love, in the Center of the World", "世界の中心で、愛をさけぶ"),
        ("Good Doctor", "グッド・ドクター"),
        ("I Give My First Love To You", "Boku no Hatsukoi o Kimi ni Sasagu"),
        ("I Give My First Love To You", "僕の初恋をキミに捧ぐ"),
        ("Koizora", "Koizora"), ("Koizora", "Sky of Love"), ("Koizora", "恋空"),
        ("One Liter of Tears", "1 Litre no Namida"), ("One Liter of Tears", "1 Litre of Tears"),
        ("One Liter of Tears", "1リットルの涙"), ("One Liter of Tears", "Ichi Rittoru no Namida"),
        ("Perfect World", "パーフェクトワールド"),
        ("The 8 Year Engagement", "8年越しの花嫁 奇跡の実話"), ("The 8 Year Engagement", "The 8-Year Engagement"),
    ]


def test_source_works_and_their_authors(kg):
    rows = ask(kg, """
        SELECT ?title ?work ?kind ?author WHERE { """
               + article_says("?t schema:actor ?r") + article_says("?t schema:name ?title")
               + article_says("?t schema:isBasedOn ?w") + article_says("?w schema:name|rdfs:label ?work")
               + """ ?w schema:genre/skos:prefLabel ?kind .
          OPTIONAL { """ + article_says("?w schema:author/schema:name ?author") + """ } }
        GROUP BY ?title ?work ?kind ?author ORDER BY ?title""")
    assert [(r["title"], r["work"], r["kind"], r.get("author")) for r in rows] == [
        ("Crying Out Love, in the Center of the World",
         'the bestselling novel behind "Crying Out Love, in the Center of the World"', "novel", None),
        ("Good Doctor", "Good Doctor", "Korean drama", None),
        ("Koizora", "Koizora", "romance novel", "Mika"),
        ("Perfect World", "Perfect World", "manga", "Rie Aruga"),
        ("The 8 Year Engagement", 'the true story behind "The 8-Year Engagement"', "true story", None),
    ]


def test_adaptations_and_other_versions(kg):
    rows = ask(kg, """
        SELECT ?version ?relation ?title ?year WHERE {
          { ?v schema:isBasedOn ?t . BIND("based on" AS ?relation) }
          UNION { ?v dg:versionOf ?t . BIND("version of" AS ?relation) } """
               + article_says("?t schema:actor ?r") + article_says("?t schema:name ?title")
               + article_says("?v schema:name|rdfs:label ?version") + """
          OPTIONAL { ?v schema:startDate|schema:datePublished ?year } }
        GROUP BY ?version ?relation ?title ?year ORDER BY ?title ?version""")
    assert [(r["version"], r["relation"], r["title"], r.get("year")) for r in rows] == [
        ('the movie version of "Crying Out Love, in the Center of the World"', "version of",
         "Crying Out Love, in the Center of the World", None),
        ("Secret Unrequited Love", "based on", "I Give My First Love To You", "2019"),
        ("Koizora", "version of", "Koizora", "2008"),
    ]


def test_the_author_mika_is_not_the_character_mika_tahara(kg):
    rows = ask(kg, """SELECT ?x ?type WHERE { ?x schema:name|schema:alternateName "Mika" ; a ?type } ORDER BY ?x""")
    assert rows == [
        {"x": "https://w3id.org/dramagraph/character/mika-tahara",
         "type": "https://w3id.org/dramagraph/ontology#Character"},
        {"x": "https://w3id.org/dramagraph/person/mika", "type": "https://schema.org/Person"},
    ]


def test_names_keep_their_spelling(kg):
    rows = ask(kg, """SELECT ?actor ?character WHERE { ?r schema:actor/schema:name ?actor ;
                      schema:characterName ?character . FILTER(CONTAINS(?actor, "Nishikido")) }""")
    assert rows == [{"actor": "Ryō Nishikido", "character": "Haruto Asō"}]


def test_box_office_figures_as_stated(kg):
    gross = ask(kg, """SELECT ?value ?currency ?rank WHERE { title:i-give-my-first-love-to-you dg:boxOfficeGross
                       [ schema:value ?value ; schema:currency ?currency ; dg:grossRank ?rank ] }""")
    assert gross == [{"value": 2150000000, "currency": "JPY", "rank": 17}]
    tickets = ask(kg, """SELECT ?min WHERE { title:the-8-year-engagement dg:ticketsSold/schema:minValue ?min }""")
    assert tickets == [{"min": 2000000}]
    copies = ask(kg, """SELECT ?min WHERE { ?t schema:isBasedOn ?w . ?w dg:copiesSold/schema:minValue ?min }""")
    assert copies == [{"min": 3000000}]


def test_illnesses_per_title(kg):
    rows = ask(kg, """
        SELECT ?name (GROUP_CONCAT(?illness; separator="|") AS ?illnesses) WHERE {
          { SELECT ?name ?illness WHERE { ?t schema:actor ?r ; schema:name ?name ; schema:about ?c .
            ?c skos:inScheme scheme:conditions ; skos:prefLabel ?illness } GROUP BY ?name ?illness ORDER BY ?illness } }
        GROUP BY ?name ORDER BY ?name""")
    assert {r["name"]: sorted(r["illnesses"].split("|")) for r in rows} == {
        "Boku no Ita Jikan": ["amyotrophic lateral sclerosis"],
        "Crying Out Love, in the Center of the World": ["leukemia"],
        "Good Doctor": ["autistic savant syndrome"],
        "I Give My First Love To You": ["heart disease"],
        "Koizora": ["cancer", "miscarriage"],
        "One Liter of Tears": ["spinocerebellar degeneration"],
        "Perfect World": ["paralysis"],
        "The 8 Year Engagement": ["anti-NMDA receptor encephalitis", "coma", "heart attack", "memory loss",
                                  "seizure"],
    }


def test_the_article_is_a_node(kg):
    rows = ask(kg, """SELECT ?name ?author ?year WHERE { source:article a prov:Entity ; schema:name ?name ;
                      schema:author/schema:name ?author ; schema:copyrightYear ?year }""")
    assert rows == [{"name": "Top 8 Most Inspiring Japanese Dramas and Movies", "author": "Mare", "year": 2020}]


# ------------------------------------------------------------------ the cast, name for name
def article_cast_lines():
    """(actor, credit) from every '  • X as Y' line of the article, by entry heading."""
    lines, entry = [], None
    for line in ARTICLE.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^(\d)\. (.+)$", line)
        if heading:
            entry = int(heading[1])
        cast = re.match(r"^\s+• (.+?) as (.+)$", line)
        if cast:
            lines.append((entry, cast[1], cast[2]))
    return lines


def test_cast_lists_of_the_article_and_the_graph_match_name_for_name(kg):
    rows = ask(kg, """
        SELECT ?entry ?actor ?credit WHERE {
          GRAPH ?g { ?t schema:actor ?r . ?r schema:actor ?p . OPTIONAL { ?r schema:roleName ?roleName } }
          # the cast line's character name, in the same graph or (disputed) in a claim of its own
          ?r schema:characterName ?character .
          ?g prov:wasDerivedFrom/schema:position ?entry .
          BIND(COALESCE(?roleName, ?character) AS ?credit) """ + article_says("?p schema:name ?actor") + " }")
    graph_cast = sorted((r["entry"], r["actor"], r["credit"]) for r in rows)
    expected = sorted(article_cast_lines())
    assert len(expected) == 18
    assert graph_cast == expected


# ------------------------------------------------------------------ provenance
def test_every_quotation_of_the_article_is_verbatim(kg):
    article = ARTICLE.read_text(encoding="utf-8")
    rows = ask(kg, "SELECT ?q ?text WHERE { ?q prov:wasQuotedFrom source:article ; prov:value ?text }")
    assert len(rows) == 46
    assert [r["q"] for r in rows if r["text"] not in article] == []


def test_every_asserted_fact_is_traceable_to_a_quotation(kg):
    untraced = ask(kg, """
        SELECT DISTINCT ?g WHERE {
          GRAPH ?g { ?s ?p ?o }
          FILTER(STRSTARTS(STR(?g), "https://w3id.org/dramagraph/graph/")
                 && !STRSTARTS(STR(?g), "https://w3id.org/dramagraph/graph/ontology/")
                 && ?g != g:provenance)
          FILTER NOT EXISTS { ?g prov:wasDerivedFrom ?q . ?q prov:value ?text ; prov:wasQuotedFrom ?src } }""")
    # only the project's own labels and descriptions, which say so: derived from its editorial choice
    assert [r["g"] for r in untraced] == ["https://w3id.org/dramagraph/graph/editorial"]
    assert ask(kg, "ASK { g:editorial prov:wasDerivedFrom <https://w3id.org/dramagraph/source/editorial> . "
                   "<https://w3id.org/dramagraph/source/editorial> rdfs:label ?label ; rdfs:comment ?comment }") is True


def test_the_project_own_labels_are_not_the_article_words(kg):
    rows = ask(kg, "SELECT ?s ?p ?o WHERE { GRAPH g:editorial { ?s ?p ?o } } ORDER BY ?s ?p")
    assert [(r["s"].rsplit("/", 1)[1], r["p"].rsplit("/", 1)[1].rsplit("#", 1)[-1], r["o"]) for r in rows] == [
        ("akira-shiga", "description", "Minato Shindo's mentor and savior"),
        ("kou", "description", "another guy who fell for Mayu"),
        ("seiji-takayama", "description", "a doctor who discourages Minato Shindo"),
        ("aya-kito", "description", "the real person who inspired the story"),
        ("mika", "description", "author of the romance novel Koizora"),
        ("aya-kito-journal", "label", "Aya Kito's journal"),
        ("crying-out-love-movie", "label", 'the movie version of "Crying Out Love, in the Center of the World"'),
        ("crying-out-love-novel", "label",
         'the bestselling novel behind "Crying Out Love, in the Center of the World"'),
        ("the-8-year-engagement-true-story", "label", 'the true story behind "The 8-Year Engagement"')]
    article = " ".join(ARTICLE.read_text(encoding="utf-8").split())
    assert [r["o"] for r in rows if r["o"] in article] == []  # none is the article's words


def test_one_liter_of_tears_is_inspired_by_aya_kito_not_based_on_her_journal(kg):
    rows = ask(kg, """
        SELECT ?property ?name ?quote WHERE {
          GRAPH ?g { <https://w3id.org/dramagraph/title/one-liter-of-tears> ?property ?x } ?x schema:name|rdfs:label ?name .
          ?g prov:wasDerivedFrom ?q . ?q prov:value ?quote ; prov:wasQuotedFrom <https://w3id.org/dramagraph/source/article>
          FILTER(?property IN (schema:isBasedOn, dg:inspiredBy)) }""")  # the article's claim (a second source confirms it)
    assert [(r["property"], r["name"]) for r in rows] == [("https://w3id.org/dramagraph/ontology#inspiredBy", "Aya Kito")]
    assert rows[0]["quote"] == ("The story is inspired from the real Aya Kito, who wrote a journal about her "
                                "personal experience living with the disease.")
    journal = ask(kg, "SELECT ?author WHERE { <https://w3id.org/dramagraph/work/aya-kito-journal> schema:author/schema:name ?author ; "
                      "schema:genre/skos:prefLabel ?kind }")
    assert journal == [{"author": "Aya Kito"}]


def test_provenance_of_a_fact(kg):
    from graph.api import provenance

    rows = [r for r in provenance("Sky of Love", kg=kg) if r["property"] == "https://schema.org/datePublished"]
    assert [(r["value"], r["graph"], r["entry"], r["source"]) for r in rows] == [
        ("2007", "https://w3id.org/dramagraph/graph/koizora-film", 6,
         "https://w3id.org/dramagraph/source/article")]
    assert rows[0]["quote"].startswith("Its immense popularity was bought to life in a 2007 film")


@pytest.mark.parametrize("iri", [
    pytest.param("https://w3id.org/dramagraph/title/koizora", id="title"),
    pytest.param("https://w3id.org/dramagraph/person/haruma-miura", id="person"),
    pytest.param("https://w3id.org/dramagraph/person/ryo-nishikido", id="accented-name"),
    pytest.param("https://w3id.org/dramagraph/title/crying-out-love-in-the-center-of-the-world", id="long-title"),
])
def test_iris_are_stable_and_readable(kg, iri):
    assert ask(kg, "ASK { ?x ?p ?o . FILTER(?x = IRI(?i)) }", i=iri) is True
