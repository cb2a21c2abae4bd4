"""Japanese names at the size fans have (issue 29): an IMDb-shaped store of 3,306 titles (and the article's) (``synth-imdb``,
every third title with a title.akas row in kana or kanji, region JP, language ja, and its romanisation), imported
with ``import imdb``; the CLI's resolution and /explore's search find titles by their Japanese names, in
hiragana for a katakana name, half-width, and by romaji, among thousands."""

from __future__ import annotations

import pytest

from graph.errors import NotFoundError

I = "https://w3id.org/dramagraph/imdb/"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    from graph import api
    from graph.store.diskstore import open_store

    folder = tmp_path_factory.mktemp("japanese-at-size")
    api.synth_imdb(folder / "imdb", 45000, seed=0)
    done = api.import_imdb(folder / "imdb", store=folder / "store")
    assert (done["counts"]["titles"], done["counts"]["alternateNames"]) == (3306, 4767)
    return open_store(folder / "store")


FOUND = [
    ("ミツハフ 3", I + "tt90000003"), ("みつはふ 3", I + "tt90000003"), ("ﾐﾂﾊﾌ 3", I + "tt90000003"),
    ("mitsuhafu 3", I + "tt90000003"), ("Mitsuhafu 3", I + "tt90000003"), ("恋空 7", I + "tt90000007"),
    ("ブハモゼ 12", I + "tt90000012"), ("ぶはもぜ 12", I + "tt90000012"), ("Buhamoze 12", I + "tt90000012"),
    ("セブタツ 15", I + "tt90000015"), ("sebutatsu 15", I + "tt90000015"), ("星のこけ 27", I + "tt90000027"),
    ("恋空", "https://w3id.org/dramagraph/title/koizora"),  # the article's, among 3,306 imported titles
]


@pytest.mark.parametrize("text,iri", FOUND)
def test_the_cli_resolves_japanese_names_among_thousands(store, text, iri):
    from graph.query.names import resolve

    assert resolve(store, text).iri == iri


@pytest.mark.parametrize("text,iri", FOUND)
def test_explore_search_finds_them_first(store, text, iri):
    from graph.network import expand

    assert expand.search(store, text, limit=1)["results"][0]["id"] == iri


def test_a_misspelt_japanese_name_suggests_the_title(store):
    from graph.network import expand
    from graph.query.names import resolve

    with pytest.raises(NotFoundError) as unknown:
        resolve(store, "ミツハブ 3", "title")
    assert unknown.value.suggestions == ["Title 3"]
    assert expand.search(store, "ミツハブ 3")["suggestions"] == ["Title 3"]


def test_the_japanese_page_names_them_in_japanese(store):
    from graph.query.names import label_of

    assert [label_of(store, I + t, "ja") for t in ("tt90000003", "tt90000012", "tt90000004")] == \
        ["ミツハフ 3", "ブハモゼ 12", "Title 4"]  # tt90000004 has no Japanese name: its English one
