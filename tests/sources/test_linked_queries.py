"""After `import wikidata` of the shipped example and `link`, the named queries read each linked title and
person as one node, its representative (dg:representedBy, written by `link`): one row per title in a
filmography, counts of representatives in stats and people; the same on a remote endpoint; and at size
(a Wikidata mirror of a synthetic IMDb download, thousands of links)."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.rdf.iris import BASE, WIKIDATA
from tests.conftest import free_port
from tests.query.conftest import start_server
from tests.sources.linked_synth import write_wikidata_mirror

ROOT = Path(__file__).resolve().parent.parent.parent
EXAMPLE = ROOT / "data" / "examples" / "wikidata-koizora.ttl"
T, P = BASE + "title/", BASE + "person/"


@pytest.fixture(scope="module")
def linked_store(tmp_path_factory):
    from graph import api

    store = tmp_path_factory.mktemp("linked-example") / "store"
    api.import_wikidata(EXAMPLE, store=store)
    api.link(store=store)
    return store


@pytest.fixture(scope="module")
def kg(linked_store):
    from graph.store.opening import open_graph

    return open_graph(store=linked_store)


def rows(kg, name, **params):
    from graph.query.querying import run_named

    return run_named(kg, name, params).rows


def test_link_writes_each_members_representative(kg):
    assert rows(kg, "same-as") and sorted(
        (r["node"], r["rep"]) for r in __import__("graph.query.engine", fromlist=["run_sparql"]).run_sparql(
            kg, "SELECT ?node ?rep WHERE { ?node dg:representedBy ?rep }", vocabulary=True).rows) == [
        (WIKIDATA + "Q999999901", T + "koizora"), (WIKIDATA + "Q999999902", P + "yui-aragaki"),
        (WIKIDATA + "Q999999903", P + "haruma-miura"),
        # the shipped alias of the 2019 drama (data/corrections.trig)
        ("https://w3id.org/dramagraph/work/secret-unrequited-love", T + "boku-no-hatsukoi-wo-kimi-ni-sasagu-2019")]


def test_filmography_lists_a_linked_title_once(kg):
    assert rows(kg, "filmography", person="Haruma Miura") == [
        {"person": P + "haruma-miura", "title": T + "boku-no-ita-jikan", "titleName": "Boku no Ita Jikan",
         "kind": "TV series", "characterName": "Takuto Sawada"},
        {"person": P + "haruma-miura", "title": T + "koizora", "titleName": "Koizora", "kind": "film",
         "year": "2007", "characterName": "Hiroki Sakurai"}]
    assert rows(kg, "filmography", person="新垣結衣") == [
        {"person": P + "yui-aragaki", "title": T + "koizora", "titleName": "Koizora", "kind": "film",
         "year": "2007", "characterName": "Mika Tahara"}]


def test_stats_count_representatives(kg):
    assert rows(kg, "stats")[0] | {"triples": None} == {
        "titles": 9, "films": 3, "tvSeries": 6, "relatedWorks": 8, "actors": 19, "performances": 20,
        "illnesses": 13, "characters": 21, "triples": None}


def test_people_cast_co_stars_shared_actors_and_titles_about_read_one_node(kg):
    assert [(r["personName"], r["titles"]) for r in rows(kg, "people")[:2]] == [("Haruma Miura", 2), ("Erika Sawajiri", 1)]
    assert len(rows(kg, "people")) == 19
    assert [(r["titleName"], r["personName"], r.get("characterName"), r["role"].removeprefix(BASE))
            for r in rows(kg, "cast", title="Sky of Love")] == [
        ("Koizora", "Haruma Miura", "Hiroki Sakurai", "role/koizora-hiroki-sakurai"),
        ("Koizora", "Yui Aragaki", "Mika Tahara", "role/koizora-mika-tahara")]
    assert [(r["coStarName"], r["titleName"], r["character"], r["coStarCharacter"])
            for r in rows(kg, "co-stars", person="Haruma Miura")] == [
        ("Mikako Tabe", "Boku no Ita Jikan", "Takuto Sawada", "Megumi Hongo"),
        ("Yui Aragaki", "Koizora", "Hiroki Sakurai", "Mika Tahara")]
    assert [(r["personName"], r["titleName"], r["characterName"]) for r in rows(kg, "shared-actors")] == [
        ("Haruma Miura", "Boku no Ita Jikan", "Takuto Sawada"), ("Haruma Miura", "Koizora", "Hiroki Sakurai")]
    assert [(r["titleName"], r["aboutLabel"]) for r in rows(kg, "titles-about", concept="cancer")] == [
        ("Crying Out Love, in the Center of the World", "leukemia"), ("Koizora", "cancer")]


def test_title_and_the_year_lists_read_one_node(kg):
    """`title Koizora` printed two rows (the article's and Wikidata's node) and `titles-by-year` listed
    Koizora twice: one row, the representative's, with the linked node's facts beside its own."""
    assert rows(kg, "title", title="Koizora") == rows(kg, "title", title="恋空") == [
        {"title": T + "koizora", "name": "Koizora", "kind": "film", "alternateNames": "Sky of Love | 恋空",
         "year": "2007", "basedOn": "Koizora", "about": "cancer | miscarriage | pregnancy | romance"}]
    assert [(r["titleName"], r.get("year")) for r in rows(kg, "titles-by-year")] == [
        ("Crying Out Love, in the Center of the World", "2004"), ("One Liter of Tears", "2005"),
        ("Koizora", "2007"), ("I Give My First Love To You", "2009"), ("The 8 Year Engagement", "2017"),
        ("Good Doctor", "2018"), ("Perfect World", "2019"), ("僕の初恋をキミに捧ぐ", "2019"),
        ("Boku no Ita Jikan", None)]
    assert rows(kg, "titles-without-year") == [{"title": T + "boku-no-ita-jikan", "titleName": "Boku no Ita Jikan"}]


def test_the_cli_prints_one_koizora(linked_store, cli):
    code, out, err = cli("query", "filmography", "--param", "person=Haruma Miura", "--store", str(linked_store),
                         "--format", "csv")
    assert (code, out.splitlines()) == (0, [
        "person,title,titleName,kind,year,characterName,roleName",
        f"{P}haruma-miura,{T}boku-no-ita-jikan,Boku no Ita Jikan,TV series,,Takuto Sawada,",
        f"{P}haruma-miura,{T}koizora,Koizora,film,2007,Hiroki Sakurai,"])
    code, out, err = cli("stats", "--store", str(linked_store))
    assert out.splitlines()[:6] == ["titles        9", "films         3", "tvSeries      6", "relatedWorks  8",
                                    "actors        19", "performances  20"]


def test_a_remote_endpoint_reads_linked_nodes_as_one(kg, tmp_path):
    from graph.query.endpoint import Endpoint, push
    from tests.query.test_remote import oxigraph_binary

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    process = start_server([oxigraph_binary(), "serve", "--location", str(tmp_path / "ox"), "--bind", f"127.0.0.1:{port}"],
                           f"{base}/query?query=ASK%7B%7D")
    try:
        push(kg, Endpoint(f"{base}/query"))
        remote = Endpoint(f"{base}/query")
        for name, params in (("filmography", {"person": "Haruma Miura"}), ("stats", {}), ("people", {}),
                             ("co-stars", {"person": "Yui Aragaki"}), ("cast", {"title": "Koizora"}),
                             ("title", {"title": "Koizora"}), ("titles-by-year", {})):
            assert rows(remote, name, **params) == rows(kg, name, **params), name
        assert [r["titleName"] for r in rows(remote, "filmography", person="Haruma Miura")] == [
            "Boku no Ita Jikan", "Koizora"]
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_thousands_of_linked_titles_count_once(tmp_path, cli):
    """A synthetic IMDb download (2,000 titles) and a Wikidata answer naming half of its kept titles with
    their IMDb IDs: after `link`, stats and people count each linked title and person once, and every
    filmography lists each title once — counted here from the TSV files, independently of the queries."""
    from graph import api
    from graph.query.sameas import groups
    from graph.store.opening import open_graph

    code, out, err = cli("synth-imdb", "--principals", "20000", "--seed", "3", "--out", str(tmp_path / "imdb"))
    assert code == 0, err
    written = write_wikidata_mirror(tmp_path / "imdb", tmp_path / "mirror.ttl", every=2)
    assert written == {"titles": 739, "people": 1268, "cast": 4895}
    store = tmp_path / "store"
    api.import_imdb(tmp_path / "imdb", store=store)
    api.import_wikidata(tmp_path / "mirror.ttl", store=store)
    found = api.link(store=store)
    assert (found["counts"]["titleMatches"], found["counts"]["personMatches"]) == (739, 1268)
    kg = open_graph(store=store)
    # what the files hold: kept titles with an actor, their actors, distinct (title, actor) pairs
    kept = {f[0] for f in (line.split("\t") for line in (tmp_path / "imdb" / "title.basics.tsv").read_text(
        encoding="utf-8").splitlines()[1:]) if f[1] in ("movie", "tvMovie", "tvSeries", "tvMiniSeries") and f[4] == "0"}
    pairs = {(f[0], f[2]) for f in (line.split("\t") for line in (tmp_path / "imdb" / "title.principals.tsv").read_text(
        encoding="utf-8").splitlines()[1:]) if f[0] in kept and f[3] in ("actor", "actress")}
    stats = rows(kg, "stats")[0]
    assert (stats["titles"], stats["actors"], stats["performances"]) == (
        9 + len({t for t, _ in pairs}), 19 + len({p for _, p in pairs}), 20 + len(pairs))
    named = {f.split("\t")[0] for f in (tmp_path / "imdb" / "name.basics.tsv").read_text(encoding="utf-8").splitlines()[1:]}
    by_year = rows(kg, "titles-by-year")
    assert len(by_year) == len({r["title"] for r in by_year}) == stats["titles"]
    people = rows(kg, "people")  # people with a name (a principal may have no row in name.basics)
    assert len(people) == 19 + len({p for _, p in pairs if p in named})
    assert [r for r in people if groups(kg).get(r["person"], (r["person"],))[0] != r["person"]] == []
    per_person = {}
    for t, p in pairs:
        per_person.setdefault(p, set()).add(t)
    linked = sorted(n for n in groups(kg) if "/imdb/nm" in n)[:25]
    for node in linked:
        got = rows(kg, "filmography", person=node)
        assert sorted(r["title"] for r in got) == sorted(groups(kg).get(BASE + "imdb/" + t, (BASE + "imdb/" + t,))[0]
                                                         for t in per_person[node.rsplit("/", 1)[1]])
