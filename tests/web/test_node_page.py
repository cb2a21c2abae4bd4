"""`dramagraph serve`'s node pages, /node?iri=IRI (issue 15 §6): a node's facts grouped by source with the
quoted passage, the facts pointing at it and its network neighbours; Turtle, TriG, JSON-LD and N-Triples
by content negotiation, as Linked Data servers answer; exact errors; the page in Chromium at 390 px, by
keyboard, with no outside request and hostile labels shown as text; a capped neighbour list on a
synthetic store of 3,000 titles with a network index."""

from __future__ import annotations

import json
import re
import urllib.parse

import pytest

from tests.conftest import fetch, poll, run_cli_process, serve_process, watched_page

D = "https://w3id.org/dramagraph/"
KOIZORA, MIURA, LEUKEMIA = D + "title/koizora", D + "person/haruma-miura", D + "concept/leukemia"
ARTICLE = "the article “Top 8 Most Inspiring Japanese Dramas and Movies”"
HOSTILE = "</script><img src=x onerror=alert(1)>"
HOSTILE_TTL = """@prefix schema: <https://schema.org/> .
@prefix concept: <https://w3id.org/dramagraph/concept/> .
<title/hostile> a schema:TVSeries ;
    schema:name "</script><img src=x onerror=alert(1)>" ;
    schema:alternateName "<b>bold</b> & \\"quoted\\"" ;
    schema:about concept:romance .
"""
S, X, C = "https://schema.org/", "http://www.w3.org/2001/XMLSchema#", D + "concept/"
KOIZORA_NT = f"""<{KOIZORA}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{S}Movie> .
<{KOIZORA}> <{S}about> <{C}cancer> .
<{KOIZORA}> <{S}about> <{C}miscarriage> .
<{KOIZORA}> <{S}about> <{C}pregnancy> .
<{KOIZORA}> <{S}about> <{C}romance> .
<{KOIZORA}> <{S}actor> <{D}role/koizora-hiroki-sakurai> .
<{KOIZORA}> <{S}actor> <{D}role/koizora-mika-tahara> .
<{KOIZORA}> <{S}alternateName> "Sky of Love" .
<{KOIZORA}> <{S}alternateName> "恋空"@ja .
<{KOIZORA}> <{S}alternateName> "Koizora"@ja-Latn .
<{KOIZORA}> <{S}character> <{D}character/hiroki-sakurai> .
<{KOIZORA}> <{S}character> <{D}character/mika-tahara> .
<{KOIZORA}> <{S}character> <{D}character/saki> .
<{KOIZORA}> <{S}datePublished> "2007"^^<{X}gYear> .
<{KOIZORA}> <{S}isBasedOn> <{D}work/koizora-novel> .
<{KOIZORA}> <{S}name> "Koizora" .
"""


def url(base, iri, **params):
    return f"{base}/node?" + urllib.parse.urlencode({"iri": iri, **params})


def triples(text: str, fmt: str) -> set:
    import rdflib

    return set(rdflib.Graph().parse(data=text, format=fmt))


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The article's graph plus a user's file whose title has a hostile name (about romance only, so
    that Koizora's, Haruma Miura's and leukemia's pages are the article's)."""
    tmp = tmp_path_factory.mktemp("node")
    (tmp / "hostile.ttl").write_text(HOSTILE_TTL, encoding="utf-8")
    done = run_cli_process("add", str(tmp / "hostile.ttl"), env={"DRAMAGRAPH_DATA_DIR": str(tmp / "data")})
    assert done.returncode == 0, done.stderr
    with serve_process(tmp) as base:
        base.hostile_file = tmp / "hostile.ttl"
        yield base


TSSMAG_PAGE = "https://www.tss-mag.com/2020/07/actor-miura-haruma-dies-at-only-30-years/"
TSSMAG = ("Haruma Miura was known from a young age of seven in various Japanese dramas and movies, but also in theatrical "
          "performances such as Kinky Boots.\nHe was able to play different roles and to naturally immerse himself in them, "
          "which made his characters much more natural and lively.\n\nKnown for his role of Hiroki Sakurai in the movie "
          "Koizora, taken from the novel of the same name, this film is the story of a young high school girl named Mika "
          "Tahara, who meets Hiroki Sakurai after losing her phone.")

def shown(d: dict) -> list:
    """A description's sources as (graph, what, quote, [(property, value as shown, note)])."""
    return [(s["graph_short"], s["what"], s["quote"], [(f["property"], f["value"]["text"], f["value"]["note"])
                                                       for f in s["facts"]]) for s in d["sources"]]


# ------------------------------------------------------------------ what a page holds
def test_koizoras_facts_are_listed_under_the_article_with_the_quoted_passages(kg):
    from graph.web.nodepage import describe

    d = describe(kg, KOIZORA)
    assert (d["label"], d["kind"], d["types"], d["facts"]) == ("Koizora", "title", ["schema:Movie"], 26)
    entry6 = ARTICLE + ", entry 6"
    assert shown(d) == [
        ("g:koizora-cancer", entry6, "Later, Hiro is diagnosed with cancer, and he doesn't have much time to live, "
                                     "so he breaks up with Mika.", [("schema:about", "cancer", None)]),
        ("g:koizora-cast", entry6, "Yui Aragaki as Mika Tahara\n  • Haruma Miura as Hiroki Sakurai",
         [("schema:actor", "Haruma Miura as Hiroki Sakurai", None), ("schema:actor", "Yui Aragaki as Mika Tahara", None)]),
        ("g:koizora-film", entry6, 'Its immense popularity was bought to life in a 2007 film, "Sky of Love". Starring '
                                   'Yui Aragaki and Haruma Miura, they portrayed the characters of Mika and Hiro.',
         [("rdf:type", "film", None), ("schema:alternateName", "Sky of Love", None),
          ("schema:character", "Hiroki Sakurai", None), ("schema:character", "Mika Tahara", None),
          ("schema:datePublished", "2007", None)]),
        ("g:koizora-miscarriage", entry6, "The two young lovers wanted to raise the baby, but Hiro's ex-girlfriend, "
                                          "Saki, pushed Mika, causing her to have a miscarriage.",
         [("schema:about", "miscarriage", None), ("schema:character", "Saki", None)]),
        ("g:koizora-novel", entry6, "Koizora was a mass cultural phenomenon which started as a romance novel "
                                    "written by author Mika.",
         [("schema:isBasedOn", "Koizora", None), ("schema:name", "Koizora", None)]),
        ("g:koizora-pregnancy", entry6, "They had romance in the school library, and later, Mika confirms that she is "
                                        "pregnant.", [("schema:about", "pregnancy", None), ("schema:about", "romance", None)]),
        # the pages that confirm some of those facts (data/confirmations.trig), after the article's entries
        (f"<{D}graph/confirmation/koizora-cancer-globaltimes>", "a quoted web page",
         "In the film,  Miura plays Hiroki Sakurai, a high school student who has cancer.", [("schema:about", "cancer", None)]),
        (f"<{D}graph/confirmation/koizora-cast-ayaito>", "a quoted web page",
         "春馬くんの役名:桜井弘樹(ヒロ)\n\n田原美嘉 – 新垣結衣\n桜井弘樹 – 三浦春馬",
         [("schema:actor", "Haruma Miura as Hiroki Sakurai", None), ("schema:actor", "Yui Aragaki as Mika Tahara", None)]),
        (f"<{D}graph/confirmation/koizora-cast-tssmag>", "a quoted web page", TSSMAG,
         [("schema:actor", "Haruma Miura as Hiroki Sakurai", None)]),
        (f"<{D}graph/confirmation/koizora-film-enwiki>", "a quoted web page",
         "The caller turns out to be Hiro, a delinquent-like boy that Mika is initially afraid of, who shows proof of his "
         "identity as the caller with a photo of the sky on his cellular phone.",
         [("schema:character", "Hiroki Sakurai", None), ("schema:character", "Mika Tahara", None)]),
        (f"<{D}graph/confirmation/koizora-miscarriage-liberaublau>", "a quoted web page",
         "Their happiness is short-lived, as Mika suffers a miscarriage after a fight with Saki.",
         [("schema:about", "miscarriage", None), ("schema:character", "Saki", None)]),
        (f"<{D}graph/confirmation/koizora-pregnancy-enwiki>", "a quoted web page",
         "Mika later becomes pregnant after she and Hiro consummate in the school library.",
         [("schema:about", "pregnancy", None)]),
        # its names in Japanese script (data/names-ja.trig)
        (f"<{D}graph/names/koizora-piglix>", "a quoted web page",
         "Koizora (恋空 Koizora?, lit: Sky of Love) is a 2007 film based on a cell phone novel of the same name.",
         [("schema:alternateName", "Koizora", "Japanese in Latin letters"), ("schema:alternateName", "恋空", "Japanese")]),
        (f"<{D}graph/names/koizora-toho>", "a quoted web page",
         "恋空 公開終了\nイントロダクション ストーリー キャスト スタッフ 劇場一覧", [("schema:alternateName", "恋空", "Japanese")]),
    ]
    assert {s["link_href"] for s in d["sources"]} == {"node?iri=" + urllib.parse.quote(D + "source/article", safe=""),
                                                      "https://www.globaltimes.cn/content/1194956.shtml",
                                                      "https://ayaito.net/various/19970/amp", TSSMAG_PAGE,
                                                      "https://en.wikipedia.org/wiki/Koizora_(film)",
                                                      "https://www.liberaublau.ch/group/my-site-1-gruppe/discussion/"
                                                      "ec051591-328a-4cea-94be-38fde8b19754",
                                                      "http://piglix.com/piglix/Koizora_(film)",
                                                      "https://www.toho.co.jp/movie/lineup/koizora/introduction.html"}
    about = d["sources"][0]["facts"][0]["value"]
    assert (about["iri"], about["href"]) == (C + "cancer", "node?iri=https%3A%2F%2Fw3id.org%2Fdramagraph%2Fconcept%2Fcancer")
    assert d["incoming"] == {"total": 1, "shown": [{"from": {
        "iri": D + "work/koizora-2008-drama", "text": "Koizora", "short": "work:koizora-2008-drama",
        "href": "node?iri=" + urllib.parse.quote(D + "work/koizora-2008-drama", safe=""), "note": None,
        "rdf": "work:koizora-2008-drama"},
        "property": "dg:versionOf", "label": "version of", "property_iri": "https://w3id.org/dramagraph/ontology#versionOf"}]}
    assert d["neighbours"]["total"] == 11
    assert [(n["text"], n["kind"]) for n in d["neighbours"]["shown"][:3]] == [
        ("romance", "theme"), ("Haruma Miura", "person"), ("Yui Aragaki", "person")]


def test_haruma_miuras_page(kg):
    from graph.web.nodepage import describe

    d = describe(kg, MIURA, root="../../")
    assert (d["label"], d["kind"], d["types"], d["facts"]) == ("Haruma Miura", "person", ["schema:Person"], 12)
    assert shown(d) == [
        ("g:boku-no-ita-jikan-cast", ARTICLE + ", entry 3", "Haruma Miura as Takuto Sawada\n  • Mikako Tabe as Megumi Hongo",
         [("rdf:type", "person", None), ("schema:name", "Haruma Miura", None)]),
        ("g:koizora-cast", ARTICLE + ", entry 6", "Yui Aragaki as Mika Tahara\n  • Haruma Miura as Hiroki Sakurai",
         [("rdf:type", "person", None), ("schema:name", "Haruma Miura", None)]),
        # the pages that confirm his name (data/confirmations.trig), after the article's entries
        (f"<{D}graph/confirmation/boku-no-ita-jikan-cast-mydramalist>", "a quoted web page",
         "And no I don't say that just because Haruma Miura knows how to cry.", [("schema:name", "Haruma Miura", None)]),
        (f"<{D}graph/confirmation/koizora-cast-enwiki>", "a quoted web page",
         "The film is directed by Natsuki Imai and stars Yui Aragaki and Haruma Miura.", [("schema:name", "Haruma Miura", None)]),
        (f"<{D}graph/confirmation/koizora-cast-tssmag>", "a quoted web page", TSSMAG, [("schema:name", "Haruma Miura", None)]),
        # his name in Japanese script and its reading (data/names-ja.trig)
        (f"<{D}graph/names/boku-no-ita-jikan-jawiki>", "a quoted web page",
         "『僕のいた時間』(ぼくのいたじかん)は、2014年1月8日から3月19日まで毎週水曜日22:00 - 22:54[注 1]に、"
         "フジテレビ系の「水曜10時」枠で放送された日本のテレビドラマ。主演は三浦春馬[1]。",
         [("schema:alternateName", "三浦春馬", "Japanese")]),
        (f"<{D}graph/names/haruma-miura-fuhou>", "a quoted web page",
         "三浦 春馬(みうら はるま、1990年〈平成2年〉4月5日 - 2020年〈令和2年〉7月18日)は、日本の俳優、歌手。",
         [("schema:alternateName", "みうら はるま", "Japanese in hiragana"), ("schema:alternateName", "三浦 春馬", "Japanese")]),
        (f"<{D}graph/names/koizora-cast-ayaito>", "a quoted web page",
         "春馬くんの役名:桜井弘樹(ヒロ)\n\n田原美嘉 – 新垣結衣\n桜井弘樹 – 三浦春馬", [("schema:alternateName", "三浦春馬", "Japanese")]),
        (f"<{D}graph/names/takuto-sawada-jawiki>", "a quoted web page",
         "澤田 拓人(さわだ たくと)〈22〉\n- 演 - 三浦春馬[3](幼少期:髙橋駿介)", [("schema:alternateName", "三浦春馬", "Japanese")])]
    assert [(i["from"]["text"], i["from"]["iri"], i["property"]) for i in d["incoming"]["shown"]] == [
        ("Haruma Miura as Takuto Sawada", D + "role/boku-no-ita-jikan-takuto-sawada", "schema:actor"),
        ("Haruma Miura as Hiroki Sakurai", D + "role/koizora-hiroki-sakurai", "schema:actor")]
    assert d["incoming"]["total"] == 2
    assert d["neighbours"] == {"total": 4, "shown": [
        {"iri": KOIZORA, "text": "Koizora", "kind": "title", "links": ["Haruma Miura as Hiroki Sakurai"],
         "href": "../../node?iri=https%3A%2F%2Fw3id.org%2Fdramagraph%2Ftitle%2Fkoizora"},
        {"iri": D + "title/boku-no-ita-jikan", "text": "Boku no Ita Jikan", "kind": "title",
         "links": ["Haruma Miura as Takuto Sawada"],
         "href": "../../node?iri=https%3A%2F%2Fw3id.org%2Fdramagraph%2Ftitle%2Fboku-no-ita-jikan"},
        {"iri": D + "character/hiroki-sakurai", "text": "Hiroki Sakurai", "kind": "character",
         "links": ["Haruma Miura as Hiroki Sakurai"],
         "href": "../../node?iri=https%3A%2F%2Fw3id.org%2Fdramagraph%2Fcharacter%2Fhiroki-sakurai"},
        {"iri": D + "character/takuto-sawada", "text": "Takuto Sawada", "kind": "character",
         "links": ["Haruma Miura as Takuto Sawada"],
         "href": "../../node?iri=https%3A%2F%2Fw3id.org%2Fdramagraph%2Fcharacter%2Ftakuto-sawada"}]}


def test_the_concept_leukemia_shows_its_broader_concept_from_the_vocabulary(kg):
    from graph.web.nodepage import describe

    d = describe(kg, LEUKEMIA)
    assert (d["label"], d["kind"], d["types"]) == ("leukemia", "illness", ["skos:Concept"])
    assert shown(d) == [(f"<{D}graph/ontology/concepts>", "dramagraph's vocabulary", None, [
        ("dct:source", "Leukemia (MeSH descriptor D007938)", None),
        ("rdf:type", "concept", None), ("skos:altLabel", "leukaemia", "English"), ("skos:broader", "cancer", None),
        ("skos:exactMatch", "Leukemia (MeSH descriptor D007938)", None),
        ("skos:inScheme", "Illnesses and conditions", None), ("skos:prefLabel", "leukemia", "English")])]
    source = d["sources"][0]["facts"][0]["value"]
    assert source["iri"] == "http://id.nlm.nih.gov/mesh/D007938"  # the descriptor, not the MeSH home page
    assert d["sources"][0]["detail"] == "ontology/concepts.ttl"
    broader = d["sources"][0]["facts"][3]["value"]
    assert (broader["iri"], broader["href"]) == (C + "cancer", "node?iri=https%3A%2F%2Fw3id.org%2Fdramagraph%2Fconcept%2Fcancer")
    assert [(i["from"]["text"], i["property"]) for i in d["incoming"]["shown"]] == [
        ("Crying Out Love, in the Center of the World", "schema:about")]
    assert [(n["text"], n["kind"], n["links"]) for n in d["neighbours"]["shown"]] == [
        ("Crying Out Love, in the Center of the World", "title", ["about"]), ("cancer", "illness", ["broader"])]


def test_a_node_outside_the_network_has_its_facts_and_no_neighbour_list(kg):
    from graph.web.nodepage import describe

    d = describe(kg, D + "role/koizora-hiroki-sakurai")
    assert (d["label"], d["kind"], d["neighbours"]) == ("Haruma Miura as Hiroki Sakurai", "other", None)
    assert [(f[0], f[1]) for s in shown(d) for f in s[3]] == [
        ("dg:portrays", "Hiroki Sakurai"), ("rdf:type", "role"), ("schema:actor", "Haruma Miura"),
        ("schema:characterName", "Hiroki Sakurai"),
        # the article's cast line, then the two pages that confirm it (data/confirmations.trig)
        ("dg:portrays", "Hiroki Sakurai"), ("schema:actor", "Haruma Miura"),
        ("dg:portrays", "Hiroki Sakurai"), ("schema:actor", "Haruma Miura"), ("schema:characterName", "Hiroki Sakurai")]


def test_imported_facts_name_their_file_row_and_wikidata_item(tmp_path):
    from graph.store.diskstore import open_store
    from graph.sources.imports import import_imdb, import_wikidata
    from graph.web.nodepage import describe
    from tests.sources.test_import_imdb import write_imdb
    from tests.sources.test_import_wikidata import FILM_AND_SERIES

    import_imdb(write_imdb(tmp_path / "imdb"), store=tmp_path / "store", data_dir=tmp_path / "data")
    (tmp_path / "Sky Test.ttl").write_text(FILM_AND_SERIES, encoding="utf-8")
    import_wikidata(tmp_path / "Sky Test.ttl", store=tmp_path / "store", data_dir=tmp_path / "data")
    kg = open_store(tmp_path / "store")

    def sources(iri):
        return [(s["what"], re.sub(r", \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$", ", WHEN", s["detail"]), s["link_href"],
                 s["graph_short"]) for s in describe(kg, iri)["sources"]]

    imdb, g = "read by `dramagraph import imdb`, WHEN", f"<{D}graph/import/imdb/"
    assert sources(D + "imdb/tt9100001") == [
        ("the imported file title.akas.tsv", "the rows of tt9100001, " + imdb, None, g + "title.akas>"),
        ("the imported file title.basics.tsv", "the row of tt9100001, " + imdb, None, g + "title.basics>"),
        ("the imported file title.principals.tsv", "the rows of tt9100001, " + imdb, None, g + "title.principals>")]
    assert sources(D + "imdb/role/tt9100001-2-1") == [
        ("the imported file title.principals.tsv", "the row of tt9100001, ordering 2, " + imdb, None,
         g + "title.principals>")]
    assert sources(D + "wikidata/Q9000001") == [
        ("the saved Wikidata file Sky Test.ttl",
         "the statements of Wikidata item Q9000001, read by `dramagraph import wikidata`, WHEN",
         "https://www.wikidata.org/wiki/Q9000001", f"<{D}graph/import/wikidata/sky-test>")]


def test_negotiation():
    from graph.errors import NotAcceptable, UsageError
    from graph.web.nodepage import negotiate

    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
    assert [negotiate(a) for a in (browser, "", "*/*", "text/*", "text/turtle", "application/trig",
                                   "application/ld+json", "application/n-triples", "application/n-quads",
                                   "text/html;q=0.1, text/turtle;q=0.9", "text/turtle;q=0, */*",
                                   "application/*", "image/png, text/turtle;q=0.2")] == [
        "html", "html", "html", "html", "turtle", "trig", "jsonld", "nt", "nquads", "turtle", "html", "trig", "turtle"]
    assert negotiate("text/turtle", "jsonld") == "jsonld"
    with pytest.raises(NotAcceptable, match="^no format of a node fits the Accept header 'image/png, text/html;q=0'"):
        negotiate("image/png, text/html;q=0")
    with pytest.raises(UsageError, match=r"^format 'rdfxml' is not one of html, turtle, trig, jsonld, nt, nquads$"):
        negotiate("", "rdfxml")


# ------------------------------------------------------------------ over HTTP
def test_turtle_is_exactly_the_nodes_triples(server):
    status, headers, body = fetch(url(server, KOIZORA), headers={"Accept": "text/turtle"})
    assert (status, headers["Content-Type"], headers["Vary"]) == (200, "text/turtle; charset=utf-8", "Accept")
    assert triples(body, "turtle") == triples(KOIZORA_NT, "nt")
    assert "@prefix title: <https://w3id.org/dramagraph/title/> ." in body
    status, headers, body = fetch(url(server, KOIZORA, format="nt"), headers={"Accept": "text/html"})
    assert (status, headers["Content-Type"]) == (200, "application/n-triples")
    assert triples(body, "nt") == triples(KOIZORA_NT, "nt")


def test_json_ld_parses_to_the_same_triples(server):
    status, headers, body = fetch(url(server, KOIZORA), headers={"Accept": "application/ld+json"})
    assert (status, headers["Content-Type"], headers["Vary"]) == (200, "application/ld+json", "Accept")
    json.loads(body)
    assert triples(body, "json-ld") == triples(KOIZORA_NT, "nt")


def test_trig_keeps_the_named_graph_of_each_fact(server):
    import rdflib

    status, headers, body = fetch(f"{server}/node/person/haruma-miura", headers={"Accept": "application/trig"})
    assert (status, headers["Content-Type"]) == (200, "application/trig; charset=utf-8")
    ds = rdflib.Dataset()
    ds.parse(data=body, format="trig")
    name, person = rdflib.URIRef(S + "name"), rdflib.URIRef(S + "Person")
    m, kind, alt = rdflib.URIRef(MIURA), rdflib.RDF.type, rdflib.URIRef(S + "alternateName")
    assert {(s, p, o, g) for s, p, o, g in ds.quads()} == {
        (m, p, o, rdflib.URIRef(D + "graph/" + g)) for g in ("boku-no-ita-jikan-cast", "koizora-cast")
        for p, o in ((kind, person), (name, rdflib.Literal("Haruma Miura")))} | {
        # his names in Japanese script and its reading, each in the graph of its source (data/names-ja.trig)
        (m, alt, rdflib.Literal(text, lang=lang), rdflib.URIRef(D + "graph/names/" + g)) for g, text, lang in (
            ("boku-no-ita-jikan-jawiki", "三浦春馬", "ja"), ("koizora-cast-ayaito", "三浦春馬", "ja"),
            ("takuto-sawada-jawiki", "三浦春馬", "ja"), ("haruma-miura-fuhou", "三浦 春馬", "ja"),
            ("haruma-miura-fuhou", "みうら はるま", "ja-Hira"))} | {
        # his name as the pages that confirm it write it (data/confirmations.trig)
        (m, name, rdflib.Literal("Haruma Miura"), rdflib.URIRef(D + "graph/confirmation/" + g))
        for g in ("boku-no-ita-jikan-cast-mydramalist", "koizora-cast-enwiki", "koizora-cast-tssmag")}


def test_html_by_default_and_the_path_form(server):
    status, headers, body = fetch(url(server, MIURA), headers={"Accept": ""})
    assert (status, headers["Content-Type"], headers["Vary"]) == (200, "text/html; charset=utf-8", "Accept")
    assert headers["Content-Security-Policy"] == ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                                                  "form-action 'none'; base-uri 'none'")
    assert "<script" not in body and '<meta name="viewport" content="width=device-width, initial-scale=1">' in body
    assert '<h1 id="node-label">Haruma Miura</h1>' in body
    status, _, by_path = fetch(f"{server}/node/person/haruma-miura")
    assert status == 200
    assert by_path == body.replace('href="node?iri=', 'href="../../node?iri=').replace(
        'href="./"', 'href="../../"').replace('href="explore?', 'href="../../explore?').replace(
        'href="?query=', 'href="../../?query=')
    status, _, short = fetch(url(server, "person:haruma-miura"))
    assert (status, short) == (200, body)


def test_errors_are_one_line(server):
    assert fetch(url(server, D + "title/nope"))[::2] == (404, f"no node <{D}title/nope> in the graph\n")
    assert fetch(url(server, D + "title/nope"), headers={"Accept": "text/turtle"})[::2] == (
        404, f"no node <{D}title/nope> in the graph\n")
    assert fetch(f"{server}/node")[::2] == (400, "give iri=... or name=..., e.g. /node?iri=https://w3id.org/dramagraph/"
                                                 "title/koizora or /node?name=Koizora\n")
    assert fetch(f"{server}/node?iri=")[::2] == fetch(f"{server}/node")[::2]
    assert fetch(url(server, "koizora"))[::2] == (400, "iri takes an absolute IRI or prefix:name, not 'koizora'\n")
    assert fetch(url(server, "http://a b"))[::2] == (400, "iri takes an absolute IRI or prefix:name, not 'http://a b'\n")
    assert fetch(url(server, KOIZORA), headers={"Accept": "image/png"})[::2] == (
        406, "no format of a node fits the Accept header 'image/png'; a node comes as text/html, text/turtle, "
             "application/trig, application/ld+json, application/n-triples or application/n-quads\n")
    assert fetch(url(server, KOIZORA, format="rdfxml"))[::2] == (
        400, "format 'rdfxml' is not one of html, turtle, trig, jsonld, nt, nquads\n")
    assert fetch(f"{server}/node/title/nope")[::2] == (404, f"no node <{D}title/nope> in the graph\n")


def test_a_hostile_label_is_text(server):
    status, _, body = fetch(url(server, D + "title/hostile"))
    assert status == 200
    assert "<img" not in body and "</script>" not in body and "<b>" not in body
    assert '<h1 id="node-label">&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;</h1>' in body
    assert "<title>&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; · dramagraph</title>" in body
    assert f"your file {server.hostile_file.resolve()}" in body


# ------------------------------------------------------------------ the page in Chromium
def open_node(browser, base, path, width=390, height=800):
    page, seen = watched_page(browser, base, width, height)
    page.goto(base + path)
    return page, seen


def test_the_page_on_a_phone_by_keyboard(browser, server, artifacts):
    page, seen = open_node(browser, server, "/node/title/koizora")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.inner_text("h1") == "Koizora"
    sources = page.evaluate("""() => [...document.querySelectorAll('article.source')].map(a => [
        a.querySelector('h3').textContent, a.querySelector('blockquote').textContent,
        [...a.querySelectorAll('.fact')].map(f => [f.querySelector('dt').textContent, f.querySelector('dd').textContent])])""")
    assert [s[0] for s in sources] == [ARTICLE + ", entry 6"] * 6 + ["a quoted web page"] * 8
    assert sources[1][1:] == ["Yui Aragaki as Mika Tahara\n  • Haruma Miura as Hiroki Sakurai",
                              [["cast", "Haruma Miura as Hiroki Sakurai"], ["cast", "Yui Aragaki as Mika Tahara"]]]
    assert sources[2][2][-1] == ["year", "2007"]
    for box in page.evaluate("[...document.querySelectorAll('main *')].map(e => e.getBoundingClientRect().right)"):
        assert box <= 390
    page.screenshot(path=str(artifacts / "node-page-390.png"), full_page=True)

    # every link shown and every "show RDF" is reached with Tab, in order, and Enter follows a link
    focusable = page.evaluate("[...document.querySelectorAll('a[href], summary')].filter(e => e.tagName === 'SUMMARY' || !e.closest('details:not([open])'))"
                              ".map(e => e.href || e.tagName)")
    reached = []
    for _ in range(len(focusable)):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("document.activeElement.href || document.activeElement.tagName"))
    assert reached == focusable and focusable.count("SUMMARY") == 14  # one "show RDF" per source
    links = [f for f in focusable if f != "SUMMARY"]
    assert server + "/?query=" + urllib.parse.quote(f"DESCRIBE <{KOIZORA}>", safe="") in links
    assert server + "/explore?iri=" + urllib.parse.quote(KOIZORA, safe="") in links
    assert server + "/node?iri=" + urllib.parse.quote(MIURA, safe="") in links
    page.focus("#neighbours a >> text='Haruma Miura'")
    page.keyboard.press("Enter")
    poll(lambda: page.title() == "Haruma Miura · dramagraph", 30, "Haruma Miura's page")
    assert page.evaluate("location.href") == server + "/node?iri=" + urllib.parse.quote(MIURA, safe="")
    assert page.inner_text("h1") == "Haruma Miura"
    assert (seen["outside"], seen["errors"], seen["dialogs"]) == ([], [], [])
    page.close()


def test_a_hostile_label_runs_nothing_in_the_browser(browser, server):
    page, seen = open_node(browser, server, "/node?iri=" + urllib.parse.quote(D + "title/hostile", safe=""))
    assert page.inner_text("h1") == HOSTILE
    assert page.title() == HOSTILE + " · dramagraph"
    assert page.evaluate("document.querySelectorAll('img, script, b').length") == 0
    assert page.evaluate("[...document.querySelectorAll('.literal')].map(e => e.textContent)") == [
        '<b>bold</b> & "quoted"', HOSTILE]
    assert (seen["outside"], seen["errors"], seen["dialogs"]) == ([], [], [])
    page.close()


# ------------------------------------------------------------------ a large store
@pytest.fixture(scope="module")
def synth_store(tmp_path_factory):
    from graph.network import netbuild, netindex
    from graph.store.diskstore import load_store, open_store
    from graph.sources.synth import generate

    folder = tmp_path_factory.mktemp("node-synth")
    generate(folder / "synth.nt", 3000, seed=5)
    load_store([folder / "synth.nt"], folder / "store")
    netbuild.build(open_store(folder / "store"))
    kg = open_store(folder / "store")
    assert netindex.open(kg) is not None
    return kg, folder / "store"


def test_a_node_page_of_a_large_store_caps_its_lists_with_their_counts(synth_store, tmp_path):
    from graph.web.nodepage import CAP, describe

    kg, store = synth_store
    count = "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { %s }"
    about = int(next(iter(kg.store.query(count % f"?x <{S}about> <{LEUKEMIA}>", **kg.dataset(True))))["n"].value)
    pointing = int(next(iter(kg.store.query(count % f"?x ?p <{LEUKEMIA}>", **kg.dataset(True))))["n"].value)
    assert (about, pointing) == (63, 63)
    d = describe(kg, LEUKEMIA)
    assert d["neighbours"]["total"] == about + 1  # the titles about it and its broader concept, cancer
    assert len(d["neighbours"]["shown"]) == CAP == 50
    assert (d["incoming"]["total"], len(d["incoming"]["shown"])) == (pointing, CAP)
    with serve_process(tmp_path, "--store", str(store)) as base:
        status, _, body = fetch(url(base, LEUKEMIA))
        assert status == 200
        assert '<h2 id="neighbours-title">Neighbours in the network (64)</h2>' in body
        assert '<p class="more" id="neighbours-more">50 of 64 shown, the most linked first;' in body
        assert '<p class="more" id="incoming-more">50 of 63 shown;' in body
        listed = re.findall(r'<li><a href="node\?iri=([^"]+)">', body.split('id="neighbours"')[1].split("</ul>")[0])
        assert [urllib.parse.unquote(i) for i in listed] == [n["iri"] for n in d["neighbours"]["shown"]]
        assert listed[0] == urllib.parse.quote(C + "cancer", safe="")  # the most linked first
        assert all(urllib.parse.unquote(i).startswith(D + "synth/title/") for i in listed[1:])
        status, _, turtle = fetch(url(base, LEUKEMIA, format="turtle"))
        assert status == 200 and len(triples(turtle, "turtle")) == 7  # with its skos:exactMatch to MeSH


def test_a_graph_from_two_quotations_and_the_project_own_words_are_shown_as_such(kg):
    from graph.web.nodepage import describe

    drama = describe(kg, D + "work/koizora-2008-drama")
    assert [(s["graph_short"], s["what"], s["quote"]) for s in drama["sources"]] == [
        ("g:koizora-drama", ARTICLE + ", entry 6",
         "If you can't get enough of \"Mika x Hiro\" romance, there is a drama version of the same title released "
         "in 2008. … 6. Koizora")]
    movie = describe(kg, D + "work/crying-out-love-movie")
    editorial = [s for s in movie["sources"] if s["graph_short"] == "g:editorial"]
    assert [(s["what"], s["detail"], s["quote"], [(f["property"], f["value"]["text"]) for f in s["facts"]])
            for s in editorial] == [
        ("dramagraph's editorial choice", "the project's own words, not a source's", None,
         [("rdfs:label", 'the movie version of "Crying Out Love, in the Center of the World"')])]


# ------------------------------------------------------------------ plain words (issue 30)
MIURA_TEXT = [
    'SPARQL explorer · Explore',
    'Haruma Miura',
    '',
    'person',
    '',
    'https://w3id.org/dramagraph/person/haruma-miura',
    '',
    'DESCRIBE in the SPARQL explorer · Explore the network · RDF: Turtle, TriG, JSON-LD, N-Triples',
    '',
    'Facts by source (12)',
    'the article “Top 8 Most Inspiring Japanese Dramas and Movies”, entry 3',
    'Haruma Miura as Takuto Sawada',
    '• Mikako Tabe as Megumi Hongo',
    'is a',
    'person',
    'name',
    'Haruma Miura',
    'show RDF',
    'the article “Top 8 Most Inspiring Japanese Dramas and Movies”, entry 6',
    'Yui Aragaki as Mika Tahara',
    '• Haruma Miura as Hiroki Sakurai',
    'is a',
    'person',
    'name',
    'Haruma Miura',
    'show RDF',
    'a quoted web page',
    "And no I don't say that just because Haruma Miura knows how to cry.",
    'name',
    'Haruma Miura',
    'show RDF',
    'a quoted web page',
    'The film is directed by Natsuki Imai and stars Yui Aragaki and Haruma Miura.',
    'name',
    'Haruma Miura',
    'show RDF',
    'a quoted web page',
    'Haruma Miura was known from a young age of seven in various Japanese dramas and movies, but also in theatrical performances such as Kinky Boots.',
    'He was able to play different roles and to naturally immerse himself in them, which made his characters much more natural and lively.',
    '',
    'Known for his role of Hiroki Sakurai in the movie Koizora, taken from the novel of the same name, this film is the story of a young high school girl named Mika Tahara, who meets Hiroki Sakurai after losing her phone.',
    'name',
    'Haruma Miura',
    'show RDF',
    'a quoted web page',
    '『僕のいた時間』(ぼくのいたじかん)は、2014年1月8日から3月19日まで毎週水曜日22:00 - 22:54[注 1]に、フジテレビ系の「水曜10時」枠で放送された日本のテレビドラマ。主演は三浦春馬[1]。',
    'also known as',
    '三浦春馬 (Japanese)',
    'show RDF',
    'a quoted web page',
    '三浦 春馬(みうら はるま、1990年〈平成2年〉4月5日 - 2020年〈令和2年〉7月18日)は、日本の俳優、歌手。',
    'also known as',
    'みうら はるま (Japanese in hiragana)',
    'also known as',
    '三浦 春馬 (Japanese)',
    'show RDF',
    'a quoted web page',
    '春馬くんの役名:桜井弘樹(ヒロ)',
    '',
    '田原美嘉 – 新垣結衣',
    '桜井弘樹 – 三浦春馬',
    'also known as',
    '三浦春馬 (Japanese)',
    'show RDF',
    'a quoted web page',
    '澤田 拓人(さわだ たくと)〈22〉',
    '- 演 - 三浦春馬[3](幼少期:髙橋駿介)',
    'also known as',
    '三浦春馬 (Japanese)',
    'show RDF',
    'Linked from (2)',
    'Haruma Miura as Takuto Sawada (cast)',
    'Haruma Miura as Hiroki Sakurai (cast)',
    'Neighbours in the network (4)',
    'Koizora title: Haruma Miura as Hiroki Sakurai',
    'Boku no Ita Jikan title: Haruma Miura as Takuto Sawada',
    'Hiroki Sakurai character: Haruma Miura as Hiroki Sakurai',
    'Takuto Sawada character: Haruma Miura as Takuto Sawada',
]
KOIZORA_FACTS_TEXT = [
    'Facts by source (26)',
    'the article “Top 8 Most Inspiring Japanese Dramas and Movies”, entry 6',
    "Later, Hiro is diagnosed with cancer, and he doesn't have much time to live, so he breaks up with Mika.",
    'about',
    'cancer',
    'show RDF',
    'the article “Top 8 Most Inspiring Japanese Dramas and Movies”, entry 6',
    'Yui Aragaki as Mika Tahara',
    '• Haruma Miura as Hiroki Sakurai',
    'cast',
    'Haruma Miura as Hiroki Sakurai',
    'cast',
    'Yui Aragaki as Mika Tahara',
    'show RDF',
    'the article “Top 8 Most Inspiring Japanese Dramas and Movies”, entry 6',
    'Its immense popularity was bought to life in a 2007 film, "Sky of Love". Starring Yui Aragaki and Haruma Miura, they portrayed the characters of Mika and Hiro.',
    'is a',
    'film',
    'also known as',
    'Sky of Love',
    'character',
    'Hiroki Sakurai',
    'character',
    'Mika Tahara',
    'year',
    '2007',
    'show RDF',
    'the article “Top 8 Most Inspiring Japanese Dramas and Movies”, entry 6',
    "The two young lovers wanted to raise the baby, but Hiro's ex-girlfriend, Saki, pushed Mika, causing her to have a miscarriage.",
    'about',
    'miscarriage',
    'character',
    'Saki',
    'show RDF',
    'the article “Top 8 Most Inspiring Japanese Dramas and Movies”, entry 6',
    'Koizora was a mass cultural phenomenon which started as a romance novel written by author Mika.',
    'based on',
    'Koizora',
    'name',
    'Koizora',
    'show RDF',
    'the article “Top 8 Most Inspiring Japanese Dramas and Movies”, entry 6',
    'They had romance in the school library, and later, Mika confirms that she is pregnant.',
    'about',
    'pregnancy',
    'about',
    'romance',
    'show RDF',
    'a quoted web page',
    'In the film, Miura plays Hiroki Sakurai, a high school student who has cancer.',
    'about',
    'cancer',
    'show RDF',
    'a quoted web page',
    '春馬くんの役名:桜井弘樹(ヒロ)',
    '',
    '田原美嘉 – 新垣結衣',
    '桜井弘樹 – 三浦春馬',
    'cast',
    'Haruma Miura as Hiroki Sakurai',
    'cast',
    'Yui Aragaki as Mika Tahara',
    'show RDF',
    'a quoted web page',
    'Haruma Miura was known from a young age of seven in various Japanese dramas and movies, but also in theatrical performances such as Kinky Boots.',
    'He was able to play different roles and to naturally immerse himself in them, which made his characters much more natural and lively.',
    '',
    'Known for his role of Hiroki Sakurai in the movie Koizora, taken from the novel of the same name, this film is the story of a young high school girl named Mika Tahara, who meets Hiroki Sakurai after losing her phone.',
    'cast',
    'Haruma Miura as Hiroki Sakurai',
    'show RDF',
    'a quoted web page',
    'The caller turns out to be Hiro, a delinquent-like boy that Mika is initially afraid of, who shows proof of his identity as the caller with a photo of the sky on his cellular phone.',
    'character',
    'Hiroki Sakurai',
    'character',
    'Mika Tahara',
    'show RDF',
    'a quoted web page',
    'Their happiness is short-lived, as Mika suffers a miscarriage after a fight with Saki.',
    'about',
    'miscarriage',
    'character',
    'Saki',
    'show RDF',
    'a quoted web page',
    'Mika later becomes pregnant after she and Hiro consummate in the school library.',
    'about',
    'pregnancy',
    'show RDF',
    'a quoted web page',
    'Koizora (恋空 Koizora?, lit: Sky of Love) is a 2007 film based on a cell phone novel of the same name.',
    'also known as',
    'Koizora (Japanese in Latin letters)',
    'also known as',
    '恋空 (Japanese)',
    'show RDF',
    'a quoted web page',
    '恋空 公開終了',
    'イントロダクション ストーリー キャスト スタッフ 劇場一覧',
    'also known as',
    '恋空 (Japanese)',
    'show RDF',
]


def test_the_page_speaks_plain_words_with_the_iris_one_click_away(browser, server):
    """A fan reads "year 2007", "based on Koizora", "cast Haruma Miura as Hiroki Sakurai": each property in
    the words of ontology/labels.json (or the ontology's rdfs:label), each quotation once above the facts it
    supports; the IRIs are a click away: each property's words link to its IRI, and "show RDF" opens the
    source's graph and triples as RDF writes them."""
    page, seen = open_node(browser, server, "/node/person/haruma-miura")
    assert page.inner_text("body").splitlines() == MIURA_TEXT
    page.goto(server + "/node/title/koizora")
    facts = page.inner_text("section[aria-labelledby=facts-title]")
    assert facts.splitlines() == KOIZORA_FACTS_TEXT
    body = page.inner_text("body")
    assert "^^" not in body and "schema:" not in body and "xsd:" not in body and "@ja" not in body
    for quote in page.evaluate("[...document.querySelectorAll('blockquote')].map(b => b.innerText)"):
        assert body.count(quote) == 1, quote
    terms = page.evaluate("[...document.querySelectorAll('a.term')].map(a => [a.textContent, a.getAttribute('href')])")
    assert dict(terms) == {"about": S + "about", "cast": S + "actor", "is a": "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
                           "also known as": S + "alternateName", "character": S + "character", "year": S + "datePublished",
                           "based on": S + "isBasedOn", "name": S + "name", "version of": D + "ontology#versionOf"}
    assert page.evaluate("[...document.querySelectorAll('.node-type')].map(a => [a.textContent, a.getAttribute('href')])") == \
        [["film", S + "Movie"]]
    film = page.locator("article.source").nth(2)
    assert film.locator(".triples").is_hidden()
    film.locator("summary").click()
    assert film.locator(".triples").inner_text().splitlines() == [
        "rdf:type schema:Movie", 'schema:alternateName "Sky of Love"', "schema:character character:hiroki-sakurai",
        "schema:character character:mika-tahara", 'schema:datePublished "2007"^^xsd:gYear']
    assert film.locator(".source-graph a").get_attribute("href") == "../../node?iri=" + urllib.parse.quote(D + "graph/koizora-film", safe="")
    assert (seen["outside"], seen["errors"], seen["dialogs"]) == ([], [], [])
    page.close()
