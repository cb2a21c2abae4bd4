"""Japanese names (issue 29): every title and person found by kanji, kana or romaji, in either name order, on
every surface that reads a name: the CLI's resolution (``path``, ``provenance``, ``query --param``), /explore's
search (graph.network.expand), node pages by name; a display name per language; tables aligned by display
width; language-tagged names valid. The names in Japanese script come from data/names-ja.trig (sourced).
The page's search in Chromium: tests/web/test_japanese_pages.py; a store of thousands of imported titles with
Japanese names: tests/sources/test_japanese_at_size.py."""

from __future__ import annotations

import pytest

from graph.errors import NotFoundError
from graph.query import namefold
from graph.query.names import index, label_of, resolve

D = "https://w3id.org/dramagraph/"
KOIZORA, TEARS, CRYING = D + "title/koizora", D + "title/one-liter-of-tears", \
    D + "title/crying-out-love-in-the-center-of-the-world"
MIURA, ARAGAKI = D + "person/haruma-miura", D + "person/yui-aragaki"

# the queries, each with the node it must find
QUERIES = [
    ("恋空", KOIZORA), ("1リットルの涙", TEARS), ("三浦春馬", MIURA), ("新垣結衣", ARAGAKI),
    ("Ichi Rittoru no Namida", TEARS), ("Miura Haruma", MIURA), ("crying out love", CRYING),
    # and the forms fans write them in: kana, full-width, spacing, macrons, the other order, case
    ("みうら はるま", MIURA), ("みうらはるま", MIURA), ("ミウラハルマ", MIURA), ("三浦 春馬", MIURA),
    ("ＫＯＩＺＯＲＡ", KOIZORA), ("koizora", KOIZORA), ("Aragaki Yui", ARAGAKI), ("あらがき ゆい", ARAGAKI),
    ("Sekai no Chūshin de, Ai o Sakebu", CRYING), ("世界の中心で、愛をさけぶ", CRYING),
    ("1 Litre no Namida", TEARS),
]


# ------------------------------------------------------------------ the folding rule
def test_fold_makes_the_forms_people_type_one():
    assert {namefold.key(x) for x in ("Ryō", "Ryo", "Ryou", "Ryoh", "RYŌ", "ｒｙｏ")} == {"ryo"}
    assert {namefold.fold(x) for x in ("コイゾラ", "こいぞら", "ｺｲｿﾞﾗ")} == {"こいぞら"}
    assert namefold.fold("グッド・ドクター") == "ぐっど・どくた"  # voicing marks kept, ー dropped
    assert namefold.fold("Ai Wo Sakebu") == namefold.fold("Ai o Sakebu") == "ai o sakebu"


def test_kana_and_romaji_each_way():
    assert namefold.romaji("みうら はるま") == "miura haruma"
    assert namefold.romaji("パーフェクトワールド") == "pafekutowarudo"
    assert namefold.kana("Koizora") == "こいぞら"
    assert namefold.kana("Good Doctor") == ""  # not romaji: no kana made up
    assert sorted(namefold.variants("三浦春馬", person=True)) == ["三浦春馬"]  # kanji are never read by guess
    assert sorted(namefold.query_forms("こいぞら")) == ["koizora", "こいぞら"]


# ------------------------------------------------------------------ the CLI's resolution, on the article
@pytest.mark.parametrize("text,iri", QUERIES)
def test_every_form_resolves_to_its_node(kg, text, iri):
    assert resolve(kg, text).iri == iri


def test_a_fresh_graph_finds_a_japanese_name_before_the_whole_index_is_built():
    from graph.store.opening import open_graph

    fresh = open_graph(data_dir=False)
    assert resolve(fresh, "三浦春馬").iri == MIURA and "name index" not in fresh.cache  # the exact fast path


def test_did_you_mean_in_every_script(kg):
    with pytest.raises(NotFoundError) as kanji:
        resolve(kg, "三浦春", "person")
    assert kanji.value.suggestions == ["Haruma Miura"]
    with pytest.raises(NotFoundError) as romaji:
        resolve(kg, "Koizara", "title")
    assert romaji.value.suggestions == ["Koizora"]
    with pytest.raises(NotFoundError) as kana:
        resolve(kg, "みうらはろま", "person")
    assert kana.value.suggestions == ["Haruma Miura"]


def test_path_provenance_and_query_take_japanese_names(cli):
    assert cli("path", "三浦春馬", "Mikako Tabe", "--no-user-data") == (0, (
        "Haruma Miura (person)\n"
        "  --[Haruma Miura as Takuto Sawada]-- Boku no Ita Jikan (title)\n"
        "  --[Mikako Tabe as Megumi Hongo]-- Mikako Tabe (person)\n"), "1 shortest path of 2 hops, via people\n")
    code, out, _ = cli("provenance", "1リットルの涙", "--no-user-data")
    assert code == 0 and out.splitlines()[0] == "One Liter of Tears (title) <https://w3id.org/dramagraph/title/one-liter-of-tears>"
    code, out, _ = cli("query", "filmography", "--param", "person=Miura Haruma", "--no-user-data", "--format", "csv")
    assert code == 0 and out.replace("\r", "").splitlines() == [
        "person,title,titleName,kind,year,characterName,roleName",
        f"{MIURA},{D}title/boku-no-ita-jikan,Boku no Ita Jikan,TV series,,Takuto Sawada,",
        f"{MIURA},{KOIZORA},Koizora,film,2007,Hiroki Sakurai,"]
    assert cli("path", "crying out love", "Takayuki Yamada", "--no-user-data")[1].splitlines()[0] == \
        "Crying Out Love, in the Center of the World (title)"


# ------------------------------------------------------------------ a display name per language
def test_one_display_name_per_language(kg, cli):
    assert [label_of(kg, n, "ja") for n in (KOIZORA, MIURA, TEARS, D + "person/mare")] == \
        ["恋空", "三浦春馬", "1リットルの涙", "Mare"]  # Mare: no Japanese name in any source, so the English one
    assert [label_of(kg, n) for n in (KOIZORA, MIURA, TEARS)] == ["Koizora", "Haruma Miura", "One Liter of Tears"]
    assert cli("path", "恋空", "多部未華子", "--lang", "ja", "--no-user-data")[1] == (
        "恋空 (title)\n"
        "  --[Haruma Miura as Hiroki Sakurai]-- 三浦春馬 (person)\n"
        "  --[Haruma Miura as Takuto Sawada]-- 僕のいた時間 (title)\n"
        "  --[Mikako Tabe as Megumi Hongo]-- 多部未華子 (person)\n")


# ------------------------------------------------------------------ /explore's search and node pages
@pytest.mark.parametrize("text,iri", QUERIES)
def test_explore_search_finds_each_form_first(kg, text, iri):
    from graph.network import expand

    assert expand.search(kg, text, limit=1)["results"][0]["id"] == iri


def test_explore_search_suggests_when_nothing_matches(kg):
    from graph.network import expand

    assert expand.search(kg, "三浦春真") == {"query": "三浦春真", "total": 0, "results": [],
                                            "suggestions": ["Haruma Miura"]}


def test_a_node_page_by_name(kg):
    from graph.web import nodepage

    status, media, _, _, body = nodepage.answer(kg, "三浦春馬", "text/html", None, "", True)
    assert (status, media) == (200, "text/html; charset=utf-8") and '<h1 id="node-label">Haruma Miura</h1>' in body.decode()
    with pytest.raises(NotFoundError) as unknown:
        nodepage.answer(kg, "三浦春", "text/html", None, "", True)
    assert unknown.value.suggestions == ["Haruma Miura"]


# ------------------------------------------------------------------ tables and shapes
def test_tables_align_by_display_width(cli):
    code, out, err = cli("sparql", "--no-user-data", 'SELECT ?name ?ja WHERE { VALUES ?n { person:yui-aragaki person:haruma-miura } '
                       '?n schema:name ?name ; schema:alternateName ?ja . FILTER(LANG(?ja) = "ja" && !CONTAINS(?ja, " ")) } ORDER BY ?name')
    assert code == 0 and out.splitlines() == [
        "name          ja",
        "------------  --------",
        "Haruma Miura  三浦春馬",
        "Yui Aragaki   新垣結衣"] and err == "2 rows\n"


def test_a_language_tagged_name_validates(cli, tmp_path):
    mine = tmp_path / "mine.ttl"
    mine.write_text('@prefix schema: <https://schema.org/> .\n'
                    '<https://example.org/t/1> a schema:Movie ; schema:name "恋空"@ja , "Koizora"@ja-Latn ;\n'
                    '    schema:alternateName "こいぞら"@ja-Hira .\n'
                    '<https://example.org/p/1> a schema:Person ; schema:name "三浦春馬"@ja .\n', encoding="utf-8")
    code, _, err = cli("validate", str(mine), "--no-user-data")
    assert (code, err.startswith("conforms:")) == (0, True), err
