"""Every named query of queries/ with its exact rows from the article."""

from __future__ import annotations

import re

import pytest

from graph.errors import NotFoundError, UsageError
from graph.query.querying import catalog, get, run_named

COL = "Crying Out Love, in the Center of the World"
T = "https://w3id.org/dramagraph/title/"
G = "https://w3id.org/dramagraph/graph/"
IGM = "I Give My First Love To You"


def pick(rows, *columns):
    return [tuple(row.get(c) for c in columns) for row in rows]


CASES = [
    pytest.param("shared-actors", {}, ("personName", "titleName", "characterName"), [
        ("Haruma Miura", "Boku no Ita Jikan", "Takuto Sawada"), ("Haruma Miura", "Koizora", "Hiroki Sakurai")],
        id="shared-actors"),
    pytest.param("cast", {"title": "Sky of Love"}, ("titleName", "personName", "characterName", "roleName"), [
        ("Koizora", "Haruma Miura", "Hiroki Sakurai", None), ("Koizora", "Yui Aragaki", "Mika Tahara", None)],
        id="cast-by-alternate-name"),
    pytest.param("cast", {"title": COL}, ("personName", "characterName", "roleName", "character"), [
        ("Haruka Ayase", "Hirose Aki", "teen Hirose Aki", "https://w3id.org/dramagraph/character/hirose-aki"),
        ("Naoto Ogata", "Matsumoto Sakutaro", "present Matsumoto Sakutaro",
         "https://w3id.org/dramagraph/character/matsumoto-sakutaro"),
        ("Takayuki Yamada", "Matsumoto Sakutaro", "teen Matsumoto Sakutaro",
         "https://w3id.org/dramagraph/character/matsumoto-sakutaro")], id="cast-two-ages"),
    pytest.param("filmography", {"person": "Haruma Miura"}, ("titleName", "kind", "year", "characterName"), [
        ("Boku no Ita Jikan", "TV series", None, "Takuto Sawada"), ("Koizora", "film", "2007", "Hiroki Sakurai")],
        id="filmography"),
    pytest.param("filmography", {"person": "ryo nishikido"}, ("titleName", "kind", "year", "characterName"), [
        ("One Liter of Tears", "TV series", "2005", "Haruto Asō")], id="filmography-accent-insensitive"),
    pytest.param("titles-about", {"concept": "cancer"}, ("titleName", "aboutLabel"), [
        (COL, "leukemia"), ("Koizora", "cancer")], id="titles-about-cancer"),
    pytest.param("titles-about", {"concept": "neurodegenerative disease"}, ("titleName", "aboutLabel"), [
        ("Boku no Ita Jikan", "amyotrophic lateral sclerosis"),
        ("One Liter of Tears", "spinocerebellar degeneration")], id="titles-about-neurodegenerative"),
    pytest.param("titles-about", {"concept": "young love"}, ("titleName",), [(COL,), (IGM,)],
                 id="titles-about-a-theme"),
    pytest.param("based-on", {"kind": "novel"}, ("titleName", "workKind", "authorName"), [
        (COL, "novel", None), ("Koizora", "romance novel", "Mika")], id="based-on-a-novel"),
    pytest.param("based-on", {}, ("titleName", "workKind", "authorName"), [
        (COL, "novel", None), ("Good Doctor", "Korean drama", None), (IGM, "manga", "Kotomi Aoki"),
        ("Koizora", "romance novel", "Mika"), ("Perfect World", "manga", "Rie Aruga"),
        ("The 8 Year Engagement", "true story", None), ("僕の初恋をキミに捧ぐ", "manga", "Kotomi Aoki")],
        id="based-on-all"),
    pytest.param("characters-with-several-actors", {}, ("titleName", "characterName", "personName", "roleName"), [
        (COL, "Matsumoto Sakutaro", "Naoto Ogata", "present Matsumoto Sakutaro"),
        (COL, "Matsumoto Sakutaro", "Takayuki Yamada", "teen Matsumoto Sakutaro")],
        id="characters-with-several-actors"),
    pytest.param("titles-by-year", {}, ("titleName", "year", "kind"), [
        (COL, "2004", "TV series"), ("One Liter of Tears", "2005", "TV series"), ("Koizora", "2007", "film"),
        (IGM, "2009", "film"), ("The 8 Year Engagement", "2017", "film"), ("Good Doctor", "2018", "TV series"),
        ("Perfect World", "2019", "TV series"), ("僕の初恋をキミに捧ぐ", "2019", "TV series"),
        ("Boku no Ita Jikan", None, "TV series")], id="titles-by-year"),
    pytest.param("titles-without-year", {}, ("titleName",), [("Boku no Ita Jikan",)], id="titles-without-year"),
    pytest.param("adaptations", {}, ("titleName", "relation", "workLabel", "workKind", "year"), [
        (COL, "based on", 'the bestselling novel behind "Crying Out Love, in the Center of the World"', "novel", None),
        (COL, "other version", 'the movie version of "Crying Out Love, in the Center of the World"', "film", None),
        ("Good Doctor", "based on", "Good Doctor", "Korean drama", None),
        (IGM, "adapted as (disputed)", "僕の初恋をキミに捧ぐ", "TV drama", "2019"),
        (IGM, "based on", "Boku no Hatsukoi wo Kimi ni Sasagu", "manga", None),
        ("Koizora", "based on", "Koizora", "romance novel", None),
        ("Koizora", "other version", "Koizora", "TV drama", "2008"),
        ("One Liter of Tears", "inspired by", "Aya Kito", None, None),  # a person's life, not a source work
        ("Perfect World", "based on", "Perfect World", "manga", None),
        ("The 8 Year Engagement", "based on", 'the true story behind "The 8-Year Engagement"', "true story", None),
        # the 2019 drama: the manga (its corrections) and the film (the article's claim, disputed: both are kept)
        ("僕の初恋をキミに捧ぐ", "based on", "Boku no Hatsukoi wo Kimi ni Sasagu", "manga", None),
        ("僕の初恋をキミに捧ぐ", "based on (disputed)", IGM, None, "2009")],
        id="adaptations"),
    pytest.param("co-stars", {"person": "Haruma Miura"}, ("coStarName", "titleName", "character", "coStarCharacter"), [
        ("Mikako Tabe", "Boku no Ita Jikan", "Takuto Sawada", "Megumi Hongo"),
        ("Yui Aragaki", "Koizora", "Hiroki Sakurai", "Mika Tahara")], id="co-stars"),
    # the cast line's "Takuma Kakunouchi": a claim that data/corrections.trig corrects (he is Kakinouchi), so
    # never shown as a fact (the character node's name is the corrected one)
    pytest.param("cast", {"title": IGM}, ("personName", "characterName", "character"), [
        ("Mao Inoue", "Mayu Taneda", "https://w3id.org/dramagraph/character/mayu-taneda"),
        ("Masaki Okada", "Takuma Kakunouchi (disputed)", "https://w3id.org/dramagraph/character/takuma-kakunouchi")],
        id="cast-disputed-character-name"),
    pytest.param("filmography", {"person": "Masaki Okada"}, ("titleName", "kind", "year", "characterName"), [
        (IGM, "film", "2009", "Takuma Kakunouchi (disputed)")], id="filmography-disputed-character-name"),
    pytest.param("co-stars", {"person": "Mao Inoue"}, ("coStarName", "titleName", "character", "coStarCharacter"), [
        ("Masaki Okada", IGM, "Mayu Taneda", "Takuma Kakunouchi (disputed)")], id="co-stars-disputed-character-name"),
    pytest.param("co-stars", {"person": "Masaki Okada"}, ("coStarName", "titleName", "character", "coStarCharacter"), [
        ("Mao Inoue", IGM, "Takuma Kakunouchi (disputed)", "Mayu Taneda")], id="co-stars-own-disputed-character-name"),
    pytest.param("illness-tree", {}, ("label", "broaderLabel", "depth", "titles"), [
        ("autistic savant syndrome", None, 0, "Good Doctor"), ("cancer", None, 0, "Koizora"),
        ("coma", None, 0, "The 8 Year Engagement"), ("encephalitis", None, 0, None),
        ("heart disease", None, 0, IGM), ("memory loss", None, 0, "The 8 Year Engagement"),
        ("miscarriage", None, 0, "Koizora"), ("neurodegenerative disease", None, 0, None),
        ("physical disability", None, 0, None), ("seizure", None, 0, "The 8 Year Engagement"),
        ("amyotrophic lateral sclerosis", "neurodegenerative disease", 1, "Boku no Ita Jikan"),
        ("anti-NMDA receptor encephalitis", "encephalitis", 1, "The 8 Year Engagement"),
        ("heart attack", "heart disease", 1, "The 8 Year Engagement"), ("leukemia", "cancer", 1, COL),
        ("paralysis", "physical disability", 1, "Perfect World"),
        ("spinocerebellar degeneration", "neurodegenerative disease", 1, "One Liter of Tears")], id="illness-tree"),
    pytest.param("title", {"title": "Sky of Love"}, ("name", "kind", "alternateNames", "year", "episodes", "basedOn"), [
        ("Koizora", "film", "Sky of Love | 恋空", "2007", None, "Koizora")], id="title"),
    pytest.param("title", {"title": "One Liter of Tears"}, ("name", "basedOn", "inspiredBy"), [
        ("One Liter of Tears", None, "Aya Kito")], id="title-inspired-by"),
    pytest.param("title", {"title": "one liter of tears"}, ("name", "kind", "year", "episodes"), [
        ("One Liter of Tears", "TV series", "2005", 11)], id="title-episodes"),
    pytest.param("people", {}, ("personName", "titles"), [("Haruma Miura", 2)] + [(n, 1) for n in [
        "Erika Sawajiri", "Haruka Ayase", "Juri Ueno", "Kento Yamazaki", "Mao Inoue", "Masaki Okada", "Mikako Tabe",
        "Mizuki Yamamoto", "Naohito Fujiki", "Naoto Ogata", "Nomura Shuhei", "Ryō Nishikido", "Sakurai Hinako",
        "Takayuki Yamada", "Takeru Sato", "Tao Tsuchiya", "Tori Matsuzaka", "Yui Aragaki"]], id="people"),
    pytest.param("stats", {}, ("titles", "films", "tvSeries", "relatedWorks", "actors", "performances",
                               "illnesses", "characters", "triples"), [(9, 3, 6, 8, 19, 20, 13, 21, 1887)], id="stats"),
    pytest.param("provenance", {"thing": "Ryō Nishikido"}, ("property", "value", "entry"), [
        # his name confirmed by a review (data/confirmations.trig) and his names in Japanese script
        # (data/names-ja.trig): not from an entry of the article, so no entry, first
        ("https://schema.org/name", "Ryō Nishikido", None), ("https://schema.org/alternateName", "錦戸亮", None), ("https://schema.org/alternateName", "にしきど りょう", None),
        ("https://schema.org/alternateName", "錦戸 亮", None),
        ("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", "https://schema.org/Person", 7),
        ("https://schema.org/name", "Ryō Nishikido", 7)], id="provenance"),
    pytest.param("cast-incidence", {}, ("person",), None, id="cast-incidence"),
    pytest.param("disputed", {"thing": "Secret Unrequited Love"}, ("property", "claimed", "corrected", "correction"), [
        ("https://schema.org/isBasedOn", T + "i-give-my-first-love-to-you",
         "https://w3id.org/dramagraph/work/boku-no-hatsukoi-wo-kimi-ni-sasagu-manga",
         "https://w3id.org/dramagraph/graph/correction/bokukimi-drama-tv-asahi-manga"),
        ("https://schema.org/name", "Secret Unrequited Love", "僕の初恋をキミに捧ぐ",
         "https://w3id.org/dramagraph/graph/correction/bokukimi-drama-thetv")], id="disputed"),
    # the claims about Koizora a second source confirms (data/confirmations.trig; all of them:
    # tests/sources/test_confirmations.py)
    pytest.param("confirmations", {"thing": "Koizora"}, ("claim", "confirmation", "page"), [
        (G + "koizora-cancer", G + "confirmation/koizora-cancer-globaltimes", "https://www.globaltimes.cn/content/1194956.shtml"),
        (G + "koizora-cast", G + "confirmation/koizora-cast-ayaito", "https://ayaito.net/various/19970/amp"),
        (G + "koizora-cast", G + "confirmation/koizora-cast-enwiki", "https://en.wikipedia.org/wiki/Koizora_(film)"),
        (G + "koizora-cast", G + "confirmation/koizora-cast-tssmag",
         "https://www.tss-mag.com/2020/07/actor-miura-haruma-dies-at-only-30-years/"),
        (G + "koizora-film", G + "confirmation/koizora-film-enwiki", "https://en.wikipedia.org/wiki/Koizora_(film)"),
        (G + "koizora-miscarriage", G + "confirmation/koizora-miscarriage-liberaublau",
         "https://www.liberaublau.ch/group/my-site-1-gruppe/discussion/ec051591-328a-4cea-94be-38fde8b19754"),
        (G + "koizora-novel", G + "confirmation/koizora-novel-enwiki", "https://hessslslslsls.azureedge.net/wiki/Sky_of_Love"),
        (G + "koizora-pregnancy", G + "confirmation/koizora-pregnancy-enwiki", "https://en.wikipedia.org/wiki/Koizora_(film)")],
        id="confirmations"),
    pytest.param("title-facts", {}, ("title", "kind", "year", "episodes", "basedOn", "illnesses", "entry"), [
        (T + "boku-no-hatsukoi-wo-kimi-ni-sasagu-2019", "TV series", "2019", None,
         "Boku no Hatsukoi wo Kimi ni Sasagu (manga) | I Give My First Love To You (disputed)", None, 5),
        (T + "boku-no-ita-jikan", "TV series", None, None, None, "amyotrophic lateral sclerosis", 3),
        (T + "crying-out-love-in-the-center-of-the-world", "TV series", "2004", 11,
         'the bestselling novel behind "Crying Out Love, in the Center of the World" (novel)', "leukemia", 8),
        (T + "good-doctor", "TV series", "2018", None, "Good Doctor (Korean drama)", "autistic savant syndrome", 4),
        (T + "i-give-my-first-love-to-you", "film", "2009", None, "Boku no Hatsukoi wo Kimi ni Sasagu (manga)",
         "heart disease", 5),
        (T + "koizora", "film", "2007", None, "Koizora (romance novel)", "cancer | miscarriage", 6),
        (T + "one-liter-of-tears", "TV series", "2005", 11, None,
         "spinocerebellar degeneration", 7),
        (T + "perfect-world", "TV series", "2019", None, "Perfect World (manga)", "paralysis", 1),
        (T + "the-8-year-engagement", "film", "2017", None, 'the true story behind "The 8-Year Engagement" (true story)',
         "anti-NMDA receptor encephalitis | coma | heart attack | memory loss | seizure", 2)], id="title-facts"),
]


@pytest.mark.parametrize("name, params, columns, expected", CASES)
def test_named_query_rows(kg, name, params, columns, expected):
    rows = run_named(kg, name, params).rows
    if expected is None:  # unordered: the 20 performances as 20 distinct title-person pairs
        assert len({(r["title"], r["person"]) for r in rows}) == len(rows) == 20
        return
    assert pick(rows, *columns) == expected


def test_unordered_queries_give_exact_sets(kg):
    kinds = {(r["node"].rsplit("/", 1)[-1], r["kind"]) for r in run_named(kg, "kinds").rows}
    assert {("koizora", "title"), ("mika", "person"), ("mika-tahara", "character"), ("leukemia", "illness"),
            ("young-love", "theme"), ("romance-novel", "work kind"), ("koizora-novel", "work")} <= kinds
    labels = {(r["node"].rsplit("/", 1)[-1], r["label"]) for r in run_named(kg, "labels").rows}
    assert {("koizora", "Sky of Love"), ("ryo-nishikido", "Ryō Nishikido"), ("als", "ALS")} <= labels
    kinds_of = {(r["title"].rsplit("/", 1)[-1], r["kindLabel"]) for r in run_named(kg, "source-kinds").rows}
    assert kinds_of == {("crying-out-love-in-the-center-of-the-world", "novel"), ("good-doctor", "Korean drama"),
                        ("good-doctor", "TV drama"), ("koizora", "romance novel"), ("koizora", "novel"),
                        ("i-give-my-first-love-to-you", "manga"), ("perfect-world", "manga"),
                        ("boku-no-hatsukoi-wo-kimi-ni-sasagu-2019", "manga"), ("the-8-year-engagement", "true story")}
    edges = run_named(kg, "network-edges").rows
    assert len(edges) == 105 and sum(r["relation"] == "actor" for r in edges) == 20
    assert sorted((r["node"].rsplit("/", 1)[-1], r["label"]) for r in run_named(kg, "disputed-names").rows) == [
        ("boku-no-hatsukoi-wo-kimi-ni-sasagu-2019", "Secret Unrequited Love"), ("takuma-kakunouchi", "Takuma Kakunouchi"),
        ("tori-matsutaka", "Tori Matsutaka")]


def test_the_network_queries(kg):
    short = lambda iri: iri.rsplit("/", 1)[-1]  # noqa: E731
    credits = {(short(r["role"]), r["roleName"]) for r in run_named(kg, "role-names").rows}
    assert credits == {("crying-out-love-teen-matsumoto-sakutaro", "teen Matsumoto Sakutaro"),
                       ("crying-out-love-present-matsumoto-sakutaro", "present Matsumoto Sakutaro"),
                       ("crying-out-love-teen-hirose-aki", "teen Hirose Aki"),
                       ("secret-unrequited-love-lead", "主人公"), ("secret-unrequited-love-heroine", "ヒロイン")}
    cast = {(short(r["title"]), short(r["person"]), r.get("characterName"))
            for r in run_named(kg, "network-cast").rows}
    assert len(cast) == 20 and ("koizora", "haruma-miura", "Hiroki Sakurai") in cast
    assert ("boku-no-hatsukoi-wo-kimi-ni-sasagu-2019", "shuhei-nomura", None) in cast
    sources = {(short(r["title"]), short(r["kind"])) for r in run_named(kg, "network-sources").rows}
    assert sources == {("crying-out-love-in-the-center-of-the-world", "novel"), ("good-doctor", "korean-drama"),
                       ("i-give-my-first-love-to-you", "manga"), ("koizora", "romance-novel"),
                       ("perfect-world", "manga"), ("boku-no-hatsukoi-wo-kimi-ni-sasagu-2019", "manga"),
                       ("the-8-year-engagement", "true-story")}
    about = run_named(kg, "network-about").rows
    assert {(short(r["concept"]), short(r["broader"])) for r in about if "broader" in r} >= {
        ("leukemia", "cancer"), ("als", "neurodegenerative-disease"), ("romance-novel", "novel")}
    assert {(short(r["title"]), r["label"]) for r in about if "title" in r} >= {
        ("koizora", "cancer"), ("crying-out-love-in-the-center-of-the-world", "leukemia")}
    names = {(short(r["node"]), r["name"]) for r in run_named(kg, "node-names").rows}
    assert {("ryo-nishikido", "Ryō Nishikido"), ("mika-tahara", "Mika Tahara"), ("koizora", "Koizora")} <= names


def test_every_query_is_tested_here():
    tested = {case.values[0] for case in CASES} | {"kinds", "labels", "source-kinds", "network-edges", "role-names",
                                                   "network-cast", "network-sources", "network-about", "node-names",
                                                   "same-as", "disputed-names"}
    assert tested == set(catalog())


@pytest.mark.parametrize("name", sorted(catalog()))
def test_every_query_has_a_header(name):
    query = catalog()[name]
    assert query.title and query.title != name and query.description
    for param in query.params:
        assert param.example, f"{name}: parameter {param.name} has no example"
        assert f"?{param.name}" in query.text


def test_at_least_twelve_named_queries():
    assert len(catalog()) >= 12


def test_a_missing_required_parameter_is_named(kg):
    with pytest.raises(UsageError, match=r"query 'filmography' needs the parameter 'person' \(the person, by name\), "
                                         r"e.g. --param person='Haruma Miura'"):
        run_named(kg, "filmography")


def test_an_unknown_parameter_is_named(kg):
    with pytest.raises(UsageError, match=re.escape("query 'cast' has no parameter 'tilte' (its parameters: title)")):
        run_named(kg, "cast", {"tilte": "Koizora"})


def test_an_unknown_query_gets_did_you_mean():
    with pytest.raises(UsageError, match=re.escape("no named query 'shared-actor'; did you mean shared-actors?")):
        get("shared-actor")


def test_cli_errors_exit_2(cli):
    assert cli("query", "--no-user-data", "shared-actor") == (
        2, "", "dramagraph: error: no named query 'shared-actor'; did you mean shared-actors?\n")
    code, _, err = cli("query", "--no-user-data", "filmography", "--param", "nobody")
    assert (code, err) == (2, "dramagraph: error: --param takes NAME=VALUE, not 'nobody'\n")


def test_a_hostile_value_is_just_a_value(kg):
    hostile = '"} ; DROP ALL ; SELECT * WHERE { ?s ?p ?o } #'
    with pytest.raises(NotFoundError, match="is not in the graph as a person"):
        run_named(kg, "filmography", {"person": hostile})


def test_queries_list(cli):
    code, out, _ = cli("queries")
    assert code == 0
    assert "filmography: Filmography\n" in out
    assert "    --param person=<person>  (required, e.g. 'Haruma Miura') the person, by name\n" in out


def test_no_corrected_claim_is_shown_as_a_fact(kg):
    """Issue 31, point 3: the article's claim that the 2019 drama adapts the 2009 film, which the
    broadcaster's page corrects (data/corrections.trig), is marked "(disputed)" by every query that shows
    what a title is based on: one rule, graph.query.catalog.DISPUTED_RULE."""
    drama = "https://w3id.org/dramagraph/title/boku-no-hatsukoi-wo-kimi-ni-sasagu-2019"
    assert pick(run_named(kg, "adaptations", {"title": IGM}).rows, "titleName", "relation", "workLabel") == [
        (IGM, "adapted as (disputed)", "僕の初恋をキミに捧ぐ"), (IGM, "based on", "Boku no Hatsukoi wo Kimi ni Sasagu")]
    assert pick(run_named(kg, "adaptations", {"title": "Secret Unrequited Love"}).rows, "relation", "workLabel") == [
        ("based on", "Boku no Hatsukoi wo Kimi ni Sasagu"), ("based on (disputed)", IGM)]
    assert pick(run_named(kg, "title", {"title": "Secret Unrequited Love"}).rows, "name", "basedOn") == [
        ("僕の初恋をキミに捧ぐ", "Boku no Hatsukoi wo Kimi ni Sasagu | I Give My First Love To You (disputed)")]
    assert [r["basedOn"] for r in run_named(kg, "title-facts").rows if r["title"] == drama] == [
        "Boku no Hatsukoi wo Kimi ni Sasagu (manga) | I Give My First Love To You (disputed)"]
    # the facts no correction disputes stay unmarked
    assert pick(run_named(kg, "title", {"title": IGM}).rows, "basedOn") == [("Boku no Hatsukoi wo Kimi ni Sasagu",)]
