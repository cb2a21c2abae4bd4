"""Corrections are data, never overwrites (issue 20): the article's mistakes (two; a third, the 2009 film's
lead, since issue 31) stay as its claims, each in a graph of its own that is dg:correctedBy the graphs saying otherwise, each derived from a quotation
of its source (address, day read). The query `disputed` lists them; `provenance`, the page's details
panel and /explore show both sides; a disputed name still finds its node but is not its display name.
Also: illness concepts tied to specific MeSH/Wikidata records, and "inspired by" as a network link."""

from __future__ import annotations

import json

import pytest

from tests.conftest import open_page, run_cli_process
from tests.web.test_page_behaviour import click_node

G = "https://w3id.org/dramagraph/graph/"
GC = G + "correction/"
P = "https://w3id.org/dramagraph/person/"
CH = "https://w3id.org/dramagraph/character/"
ROLE = "https://w3id.org/dramagraph/role/i-give-my-first-love-to-you-takuma-kakunouchi"
T = "https://w3id.org/dramagraph/title/"
W = "https://w3id.org/dramagraph/work/"
SCHEMA = "https://schema.org/"
MANGA = W + "boku-no-hatsukoi-wo-kimi-ni-sasagu-manga"
MATSUZAKA = ('the article says "Tori Matsutaka"; annyeongoppa.com says "Tori Matsuzaka"; '
             'mainichikirei.jp says "松坂桃李"')
BASIS = ('the article says "I Give My First Love To You"; www.tv-asahi.co.jp says '
         '"Boku no Hatsukoi wo Kimi ni Sasagu"')
TITLE = 'the article says "Secret Unrequited Love"; thetv.jp says "僕の初恋をキミに捧ぐ"'
KAKINOUCHI = ('the article says "Takuma Kakunouchi"; en.wikipedia.org says "Takuma Kakinouchi"; renote.net says '
              '"かきのうち たくま"')


def rows(kg, text):
    from graph.query.engine import run_sparql

    return run_sparql(kg, text, vocabulary=True).rows


def test_the_query_disputed_lists_every_disputed_claim_with_its_corrections(kg):
    from graph.query.querying import run_named

    found = [(r["thing"], r["property"], r["claimed"], r["claim"], r.get("corrected"), r["correction"],
              r["correctionSource"], r["read"]) for r in run_named(kg, "disputed").rows]
    assert found == [
        (P + "tori-matsutaka", SCHEMA + "name", "Tori Matsutaka", G + "perfect-world-cast-actor-name",
         "Tori Matsuzaka", GC + "tori-matsuzaka-annyeongoppa",
         "https://annyeongoppa.com/2020/05/03/j-drama-recommendation-perfect-world/", "2026-11-27"),
        (P + "tori-matsutaka", SCHEMA + "name", "Tori Matsutaka", G + "perfect-world-cast-actor-name",
         "松坂桃李", GC + "tori-matsuzaka-mainichi",
         "https://mainichikirei.jp/article/20190415dog00m100010000c.html", "2026-11-27"),
        (T + "boku-no-hatsukoi-wo-kimi-ni-sasagu-2019", SCHEMA + "isBasedOn", T + "i-give-my-first-love-to-you",
         G + "i-give-my-first-love-to-you-adaptation-basis", MANGA, GC + "bokukimi-drama-tv-asahi-manga",
         "https://www.tv-asahi.co.jp/bokukimi/", "2026-11-27"),
        (T + "boku-no-hatsukoi-wo-kimi-ni-sasagu-2019", SCHEMA + "name", "Secret Unrequited Love",
         G + "i-give-my-first-love-to-you-adaptation-title", "僕の初恋をキミに捧ぐ", GC + "bokukimi-drama-thetv",
         "https://thetv.jp/news/detail/169984", "2026-11-27"),
        # the 2009 film's lead (issue 31; tests/sources/test_confirmations.py), and the cast line's character name
        # (the role's: the corrections name the character, so they give no value of their own for it)
        (ROLE, SCHEMA + "characterName", "Takuma Kakunouchi", G + "i-give-my-first-love-to-you-cast-character-name",
         None, GC + "takuma-kakinouchi-enwiki", "https://en.wikipedia.org/wiki/I_Give_My_First_Love_to_You", "2026-12-07"),
        (CH + "takuma-kakunouchi", SCHEMA + "name", "Takuma Kakunouchi", G + "i-give-my-first-love-to-you-cast-character-name",
         "Takuma Kakinouchi", GC + "takuma-kakinouchi-enwiki",
         "https://en.wikipedia.org/wiki/I_Give_My_First_Love_to_You", "2026-12-07"),
        (ROLE, SCHEMA + "characterName", "Takuma Kakunouchi", G + "i-give-my-first-love-to-you-cast-character-name",
         None, GC + "takuma-kakinouchi-renote", "https://renote.net/reviews/12523", "2026-12-07"),
        (CH + "takuma-kakunouchi", SCHEMA + "name", "Takuma Kakunouchi", G + "i-give-my-first-love-to-you-cast-character-name",
         "かきのうち たくま", GC + "takuma-kakinouchi-renote", "https://renote.net/reviews/12523", "2026-12-07"),
    ]
    # narrowed to one node, by either of its names
    assert {r["correction"] for r in run_named(kg, "disputed", {"thing": "Tori Matsutaka"}).rows} == {
        GC + "tori-matsuzaka-annyeongoppa", GC + "tori-matsuzaka-mainichi"}


def test_the_articles_words_are_kept_and_each_correction_is_derived_from_a_quotation(kg):
    # the article's claims are still there, as the article's, cited to its passages
    assert rows(kg, """SELECT ?g ?name ?quote WHERE {
        GRAPH ?g { ?x schema:name ?name } VALUES ?name { "Tori Matsutaka" "Secret Unrequited Love" }
        ?g prov:wasDerivedFrom ?q . ?q prov:value ?quote ; prov:wasQuotedFrom <https://w3id.org/dramagraph/source/article> }
        ORDER BY ?name""") == [
        {"g": G + "i-give-my-first-love-to-you-adaptation-title", "name": "Secret Unrequited Love",
         "quote": 'There is also a TV drama adaptation of this film, entitled "Secret Unrequited Love" aired in 2019.'},
        {"g": G + "perfect-world-cast-actor-name", "name": "Tori Matsutaka",
         "quote": "Tori Matsutaka as Itsuki Ayukawa\n  • Mizuki Yamamoto as Tsugumi Kawana"}]
    # every correction graph: derived from a quotation of a page (not the article), read on a day
    found = rows(kg, f"""SELECT ?g ?page ?read WHERE {{
        ?g prov:wasDerivedFrom ?q . FILTER(STRSTARTS(STR(?g), "{GC}"))
        ?q prov:value ?quote ; prov:wasQuotedFrom ?page ; prov:generatedAtTime ?read }} ORDER BY ?g""")
    assert [(r["g"][len(GC):], r["page"], r["read"]) for r in found] == [
        ("bokukimi-drama-identifier", "https://thetv.jp/news/detail/169984", "2026-11-27"),
        ("bokukimi-drama-phimnhat", "https://phimnhat.vn/tin-tuc/10343/nomura-shuhei-va-sakurai-hinako-tai-hien-"
         "cau-chuyen-tinh-buon-cua-boku-no-hatsukoi-wo-kimi-ni-sasagu.html", "2026-12-07"),
        ("bokukimi-drama-thetv", "https://thetv.jp/news/detail/169984", "2026-11-27"),
        ("bokukimi-drama-tv-asahi", "https://www.tv-asahi.co.jp/bokukimi/", "2026-11-27"),
        ("bokukimi-drama-tv-asahi-manga", "https://www.tv-asahi.co.jp/bokukimi/", "2026-11-27"),
        ("bokukimi-film-eseong", "http://eseong.com/2008/12/kotomi-aokis-popular-shojo-manga.html", "2026-11-27"),
        ("bokukimi-film-tv-asahi", "https://www.tv-asahi.co.jp/bokukimi/", "2026-11-27"),
        ("takuma-kakinouchi-enwiki", "https://en.wikipedia.org/wiki/I_Give_My_First_Love_to_You", "2026-12-07"),
        ("takuma-kakinouchi-renote", "https://renote.net/reviews/12523", "2026-12-07"),
        ("tori-matsuzaka-annyeongoppa", "https://annyeongoppa.com/2020/05/03/j-drama-recommendation-perfect-world/",
         "2026-11-27"),
        ("tori-matsuzaka-mainichi", "https://mainichikirei.jp/article/20190415dog00m100010000c.html", "2026-11-27")]


def test_the_2019_drama_and_the_2009_film_adapt_kotomi_aokis_manga(kg):
    assert rows(kg, f"""SELECT ?work ?g WHERE {{ GRAPH ?g {{ ?work schema:isBasedOn <{MANGA}> }} }}
                        ORDER BY ?work ?g""") == [
        {"work": T + "boku-no-hatsukoi-wo-kimi-ni-sasagu-2019", "g": GC + "bokukimi-drama-tv-asahi-manga"},
        {"work": T + "i-give-my-first-love-to-you", "g": GC + "bokukimi-film-eseong"},
        {"work": T + "i-give-my-first-love-to-you", "g": GC + "bokukimi-film-tv-asahi"}]
    assert rows(kg, f"""SELECT ?p ?name WHERE {{ <{MANGA}> schema:author ?a . ?a ?p ?name .
        VALUES ?p {{ schema:name schema:alternateName }} }} ORDER BY ?p""") == [
        {"p": SCHEMA + "alternateName", "name": "青木琴美"}, {"p": SCHEMA + "name", "name": "Kotomi Aoki"}]
    # the drama's broadcaster, first broadcast and leads
    assert rows(kg, f"""SELECT ?broadcaster ?start WHERE {{ <{T}boku-no-hatsukoi-wo-kimi-ni-sasagu-2019> schema:publication ?e .
        ?e a schema:BroadcastEvent ; schema:publishedBy/schema:name ?broadcaster ; schema:startDate ?start }}""") == [
        {"broadcaster": "テレビ朝日", "start": "2019-01-19"}]
    assert rows(kg, f"""SELECT ?role ?name WHERE {{ <{T}boku-no-hatsukoi-wo-kimi-ni-sasagu-2019> schema:actor ?r .
        ?r schema:roleName ?role ; schema:actor/schema:name ?name }} ORDER BY DESC(?role) ?name""") == [
        # the leads' names in Latin script (family name first, as phimnhat.vn writes them); their names in
        # Japanese script are schema:alternateName
        {"role": "主人公", "name": "Nomura Shuhei"}, {"role": "ヒロイン", "name": "Sakurai Hinako"}]


def test_a_disputed_name_still_finds_its_node_but_is_not_its_display_name(kg):
    from graph.query.names import index, label_of, resolve

    assert {resolve(kg, name).iri for name in ("Tori Matsutaka", "Tori Matsuzaka", "松坂桃李")} == {
        P + "tori-matsutaka"}
    assert label_of(kg, P + "tori-matsutaka") == "Tori Matsuzaka"
    assert sorted(index(kg).alternates[P + "tori-matsutaka"]) == ["Tori Matsutaka", "まつざか・とおり", "松坂 桃李", "松坂桃李"]
    assert resolve(kg, "Secret Unrequited Love").label == "僕の初恋をキミに捧ぐ"


def test_provenance_shows_what_the_article_says_and_what_the_other_sources_say(cli):
    code, out, err = cli("provenance", "Tori Matsutaka", "--property", "name")
    assert code == 0, err
    assert out.splitlines() == [
        "Tori Matsuzaka (person) <https://w3id.org/dramagraph/person/tori-matsutaka>",
        '  schema:name "Tori Matsuzaka"',
        f"      from <{GC}tori-matsuzaka-annyeongoppa>, "
        "<https://annyeongoppa.com/2020/05/03/j-drama-recommendation-perfect-world/>: \"Tsugumi Kawana (Mizuki "
        "Yamamoto) accidentally met her old classmate and first love Itsuki Ayukawa (Tori Matsuzaka) while "
        "delivering some documents to her boss.\"",
        '  schema:name "Tori Matsutaka"',
        '      from g:perfect-world-cast-actor-name, article entry 1: "Tori Matsutaka as Itsuki Ayukawa • Mizuki '
        'Yamamoto as Tsugumi Kawana"',
        f"      disputed: {MATSUZAKA}",
        "        annyeongoppa.com <https://annyeongoppa.com/2020/05/03/j-drama-recommendation-perfect-world/>, read "
        "2026-11-27: \"Tsugumi Kawana (Mizuki Yamamoto) accidentally met her old classmate and first love Itsuki "
        "Ayukawa (Tori Matsuzaka) while delivering some documents to her boss.\"",
        "        mainichikirei.jp <https://mainichikirei.jp/article/20190415dog00m100010000c.html>, read 2026-11-27: "
        "\"俳優の松坂桃李さんが主演を務める連続ドラマ「パーフェクトワールド」(カンテレ・フジテレビ系、火曜午後9時)が16日、スタートする。"
        "有賀リエさんのマンガ「パーフェクトワールド」が原作で、大学時代に事故に遭い、脊髄(せきずい)損傷で下半身不随になった建築士・鮎川樹(松坂さん)と、"
        "高校時代の同級生・川奈つぐみ(山本美月さん)との純粋なラブストーリーを描く。\""]
    code, out, err = cli("provenance", "Secret Unrequited Love", "--format", "json")
    assert code == 0, err
    disputed = [(r["property"], r["disputed"]["claimedShown"], [c["shown"] for c in r["disputed"]["corrections"]])
                for r in json.loads(out)["facts"] if r.get("disputed")]
    assert disputed == [(SCHEMA + "isBasedOn", "I Give My First Love To You", ["Boku no Hatsukoi wo Kimi ni Sasagu"]),
                        (SCHEMA + "name", "Secret Unrequited Love", ["僕の初恋をキミに捧ぐ"])]


def test_the_api_lists_disputes_in_words(kg):
    import graph

    role = 'the article says "Takuma Kakunouchi"; en.wikipedia.org says otherwise; renote.net says otherwise'
    assert [graph.dispute_text(d) for d in graph.disputes(kg=kg)] == [MATSUZAKA, BASIS, TITLE, role, KAKINOUCHI]


def test_explore_shows_the_dispute_beside_the_fact(kg):
    from graph.network.expand import neighbourhood

    facts = [f for s in neighbourhood(kg, P + "tori-matsutaka")["sources"] for f in s["facts"]]  # grouped by source
    assert [(f["value"], f["disputed"]) for f in facts if f["property"] == "schema:name"] == [
        ("Tori Matsutaka", MATSUZAKA), ("Tori Matsuzaka", None)]  # the article's group first, as on the node page


def test_the_details_panel_shows_both_sides_in_chromium(browser, tmp_path):
    out = tmp_path / "page.html"
    done = run_cli_process("viz", "--out", str(out), env={"DRAMAGRAPH_DATA_DIR": str(tmp_path / "data")})
    assert done.returncode == 0, done.stderr
    page, seen = open_page(browser, out)
    click_node(page, P + "tori-matsutaka")
    assert page.inner_text("#dg-details-title") == "Tori Matsuzaka"
    facts = page.eval_on_selector_all("#dg-details dt, #dg-details dd", "els => els.map(e => e.textContent)")
    assert facts == ["also known as", "Tori Matsutaka | まつざか・とおり | 松坂 桃李 | 松坂桃李", "disputed", MATSUZAKA]
    assert seen == {"outside": [], "errors": [], "dialogs": []}
    page.close()


def test_illness_concepts_link_to_specific_records_and_none_to_a_home_page(kg):
    found = rows(kg, """SELECT ?concept ?match ?how WHERE {
        ?concept skos:inScheme scheme:conditions .
        VALUES ?how { skos:exactMatch skos:closeMatch skos:relatedMatch } ?concept ?how ?match ; dct:source ?source .
        FILTER(?source = ?match || ?how = skos:exactMatch) } ORDER BY ?concept ?match""")
    C, MESH, WD, SKOS = ("https://w3id.org/dramagraph/concept/", "http://id.nlm.nih.gov/mesh/",
                         "http://www.wikidata.org/entity/", "http://www.w3.org/2004/02/skos/core#")
    assert sorted({(r["concept"][len(C):], r["match"].replace(MESH, "mesh:").replace(WD, "wd:"),
                    r["how"][len(SKOS):]) for r in found}) == [
        ("als", "mesh:D000690", "exactMatch"), ("anti-nmda-receptor-encephalitis", "mesh:D060426", "exactMatch"),
        ("autistic-savant-syndrome", "mesh:D000067877", "closeMatch"),
        ("cancer", "mesh:D009369", "exactMatch"), ("coma", "mesh:D003128", "exactMatch"),
        ("encephalitis", "mesh:D004660", "exactMatch"), ("heart-attack", "mesh:D009203", "exactMatch"),
        ("heart-attack", "wd:Q12152", "exactMatch"), ("heart-disease", "mesh:D006331", "exactMatch"),
        ("leukemia", "mesh:D007938", "exactMatch"), ("memory-loss", "mesh:D008569", "closeMatch"),
        ("miscarriage", "mesh:D000022", "exactMatch"), ("neurodegenerative-disease", "mesh:D019636", "exactMatch"),
        ("paralysis", "mesh:D010243", "exactMatch"), ("paralysis", "mesh:D013119", "relatedMatch"), ("seizure", "mesh:D012640", "exactMatch"),
        ("spinocerebellar-degeneration", "mesh:D013132", "exactMatch")]
    assert rows(kg, """SELECT ?s ?source WHERE { ?s dct:source ?source .
        FILTER(REGEX(STR(?source), "^https?://[^/]+/?$")) }""") == []


def test_one_liter_of_tears_is_linked_to_aya_kito_as_inspired_by(cli):
    code, out, err = cli("path", "Aya Kito", "One Liter of Tears")
    assert code == 0, err
    assert out.splitlines() == ["Aya Kito (person)", "  --[inspired by]-- One Liter of Tears (title)"]


@pytest.mark.parametrize("name", ["Tori Matsutaka", "Tori Matsuzaka", "松坂桃李"])
def test_either_spelling_finds_him_from_the_command_line(cli, name):
    code, out, err = cli("path", name, "Mizuki Yamamoto")
    assert code == 0, err
    assert out.splitlines() == ["Tori Matsuzaka (person)", "  --[Tori Matsuzaka as Itsuki Ayukawa]-- Perfect World (title)",
                                "  --[Mizuki Yamamoto as Tsugumi Kawana]-- Mizuki Yamamoto (person)"]


def test_named_queries_give_one_row_per_role_under_the_display_name(kg):
    from graph.query.querying import run_named

    assert [(r["personName"], r["characterName"]) for r in run_named(kg, "cast", {"title": "Perfect World"}).rows] == [
        ("Mizuki Yamamoto", "Tsugumi Kawana"), ("Tori Matsuzaka", "Itsuki Ayukawa")]
    assert [r["titleName"] for r in run_named(kg, "titles-by-year").rows if str(r.get("year")) == "2019"] == [
        "Perfect World", "僕の初恋をキミに捧ぐ"]


def test_the_fan_pages_name_a_corrected_node_as_the_commands_do():
    """/explore's panel and the node pages named Tori Matsuzaka by the article's misspelling and the 2019
    drama by the article's wrong title: their namer had a rule of its own beside the name index's."""
    from graph.query.facts import display_labels
    from graph.query.names import label_of
    from graph.store.opening import open_graph

    kg = open_graph()
    tori, drama = P + "tori-matsutaka", T + "boku-no-hatsukoi-wo-kimi-ni-sasagu-2019"
    assert display_labels(kg, [tori, drama]) == {tori: "Tori Matsuzaka", drama: "僕の初恋をキミに捧ぐ"}
    assert (label_of(kg, tori), label_of(kg, drama)) == ("Tori Matsuzaka", "僕の初恋をキミに捧ぐ")
