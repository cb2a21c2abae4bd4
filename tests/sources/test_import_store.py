"""`dramagraph import imdb|wikidata` and `dramagraph link` as a user runs them: into a store that starts from
the article, each import replacing only its own graphs, bad input leaving the store as it was, and the
reading commands treating linked nodes as one afterwards."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.rdf.iris import BASE, GRAPH_IMPORT, IMDB

ROOT = Path(__file__).resolve().parent.parent.parent
BASICS = ("tconst\ttitleType\tprimaryTitle\toriginalTitle\tisAdult\tstartYear\tendYear\truntimeMinutes\tgenres\n"
          "tt9000001\tmovie\tKoizora\tKoizora\t0\t2007\t\\N\t129\tDrama,Romance\n"
          "tt9000002\tmovie\tAnother Film\tAnother Film\t0\t2010\t\\N\t\\N\tDrama\n"
          "tt9000003\ttvEpisode\tAn Episode\tAn Episode\t0\t2011\t\\N\t\\N\tDrama\n")
PRINCIPALS = ("tconst\tordering\tnconst\tcategory\tjob\tcharacters\n"
              'tt9000001\t1\tnm9000001\tactress\t\\N\t["Mika Tahara"]\n'
              'tt9000001\t2\tnm9000002\tactor\t\\N\t["Hiroki Sakurai"]\n'
              'tt9000001\t3\tnm9000004\tdirector\t\\N\t\\N\n'
              'tt9000002\t1\tnm9000002\tactor\t\\N\t["Lead","Narrator"]\n'
              'tt9000002\t2\tnm9000003\tactress\t\\N\t\\N\n')
NAMES = ("nconst\tprimaryName\tbirthYear\tdeathYear\tprimaryProfession\tknownForTitles\n"
         "nm9000001\tYui Aragaki\t\\N\t\\N\tactress\ttt9000001\n"
         "nm9000002\tHaruma Miura\t\\N\t\\N\tactor\ttt9000001\n"
         "nm9000003\tJosé Ñandú\t\\N\t\\N\tactress\t\\N\n"
         "nm9000004\tA Director\t\\N\t\\N\tdirector\t\\N\n")


def write_imdb(folder: Path, basics=BASICS, principals=PRINCIPALS, names=NAMES) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in (("title.basics", basics), ("title.principals", principals), ("name.basics", names)):
        (folder / f"{name}.tsv").write_text(text, encoding="utf-8")
    return folder


def version(store: Path) -> str:
    return (store / "current-version").read_text().strip()


@pytest.fixture
def imported(tmp_path, cli):
    store = tmp_path / "store"
    code, out, err = cli("import", "imdb", str(write_imdb(tmp_path / "imdb")), "--store", str(store))
    assert code == 0, err
    return store


def test_an_import_into_a_new_store_starts_from_the_article(imported, tmp_path, cli):
    code, out, err = cli("stats", "--store", str(imported), "--format", "json")
    stats = json.loads(out)
    # the article's (with its corrections: 9 titles, 3 films, 6 series, 19 actors, 20 performances) and the import's
    # (a performance is one person in one title: Haruma Miura's Lead and Narrator in Another Film are one)
    assert (stats["titles"], stats["films"], stats["tvSeries"], stats["actors"], stats["performances"]) == \
           (11, 5, 6, 22, 24)
    code, out, _ = cli("sparql", "--store", str(imported), "--format", "csv",
                       f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
                       f"FILTER(STRSTARTS(STR(?g), '{GRAPH_IMPORT}')) }} GROUP BY ?g ORDER BY ?g")
    assert [line.split(",")[0].removeprefix(GRAPH_IMPORT) for line in out.split()[1:]] == [
        "imdb", "imdb/name.basics", "imdb/title.basics", "imdb/title.principals"]


def test_the_import_says_what_it_read(tmp_path, cli):
    code, out, err = cli("import", "imdb", str(write_imdb(tmp_path / "imdb")), "--store", str(tmp_path / "s"),
                         "--format", "json")
    info = json.loads(out)
    assert code == 0
    assert info["graph"] == GRAPH_IMPORT + "imdb"
    assert (info["counts"]["titles"], info["counts"]["people"], info["counts"]["roles"],
            info["counts"]["characterNames"]) == (2, 3, 5, 4)
    assert info["files"] == sorted(str((tmp_path / "imdb" / f"{n}.tsv").resolve())
                                   for n in ("name.basics", "title.basics", "title.principals"))


def test_imported_facts_cite_the_file_they_came_from(imported, tmp_path, cli):
    code, out, _ = cli("provenance", "José Ñandú", "--store", str(imported), "--format", "json")
    rows = json.loads(out)["facts"]
    assert {(r["property"].rsplit("/", 1)[-1], r["value"], r["graph"].removeprefix(GRAPH_IMPORT),
             r["derivedFrom"]) for r in rows if r["property"].endswith("name")} == {
        ("name", "José Ñandú", "imdb/name.basics", (tmp_path / "imdb" / "name.basics.tsv").resolve().as_uri())}
    code, out, _ = cli("sparql", "--store", str(imported), "--format", "csv",
                       f"SELECT ?name ?modified WHERE {{ <{GRAPH_IMPORT}imdb/name.basics> prov:wasDerivedFrom ?f . "
                       f"?f schema:name ?name ; schema:dateModified ?modified }}")
    assert out.split()[1].split(",")[0] == "name.basics.tsv"


def test_importing_again_replaces_that_import_only(imported, tmp_path, cli):
    smaller = write_imdb(tmp_path / "imdb2", basics="\n".join(BASICS.split("\n")[:2]) + "\n",
                         principals="\n".join(PRINCIPALS.split("\n")[:3]) + "\n")
    code, out, err = cli("import", "imdb", str(smaller), "--store", str(imported))
    assert code == 0, err
    code, out, _ = cli("stats", "--store", str(imported), "--format", "json")
    stats = json.loads(out)
    assert (stats["titles"], stats["performances"]) == (10, 22)
    code, out, err = cli("query", "cast", "--param", "title=Another Film", "--store", str(imported))
    assert (code, out, err) == (2, "", "dramagraph: error: 'Another Film' is not in the graph as a title\n")
    code, out, _ = cli("query", "cast", "--param", "title=imdb:tt9000001", "--store", str(imported),
                       "--format", "csv")
    assert sorted(tuple(line.split(",")[3:5]) for line in out.splitlines()[1:]) == [
        ("Haruma Miura", "Hiroki Sakurai"), ("Yui Aragaki", "Mika Tahara")]
    code, out, _ = cli("query", "cast", "--param", "title=title:koizora", "--store", str(imported), "--format", "csv")
    assert sorted(tuple(line.split(",")[3:5]) for line in out.splitlines()[1:]) == [
        ("Haruma Miura", "Hiroki Sakurai"), ("Yui Aragaki", "Mika Tahara")]  # the article's, untouched


@pytest.mark.parametrize("broken, where", [
    (dict(principals=PRINCIPALS + "tt9000002\t3\tnm9000003\n"), "title.principals.tsv:7"),
    (dict(principals=PRINCIPALS + 'tt9000002\t3\tnm9000003\tactor\t\\N\t["unclosed\n'), "title.principals.tsv:7"),
    (dict(basics="tconst\ttitleType\n"), "title.basics.tsv:1"),
])
def test_bad_input_leaves_the_store_as_it_was(imported, tmp_path, cli, broken, where):
    before = version(imported)
    code, out, err = cli("import", "imdb", str(write_imdb(tmp_path / "bad", **broken)), "--store", str(imported))
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and err.startswith("dramagraph: error: ") and where in err, err
    assert "Traceback" not in err
    assert version(imported) == before
    assert sorted(p.name for p in imported.iterdir()) == ["current-version", "dramagraph-store.json", before]


def test_a_missing_file_is_named(tmp_path, cli):
    folder = write_imdb(tmp_path / "imdb")
    (folder / "name.basics.tsv").unlink()
    code, out, err = cli("import", "imdb", str(folder), "--store", str(tmp_path / "s"))
    assert code == 2 and "name.basics" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "s").exists()


def test_an_import_needs_a_store(tmp_path, cli, monkeypatch):
    monkeypatch.delenv("DRAMAGRAPH_STORE", raising=False)
    code, out, err = cli("import", "imdb", str(write_imdb(tmp_path / "imdb")))
    assert code == 2
    assert err == ("dramagraph: error: an import goes into a store on disk: give --store DIR (a new folder is "
                   "made, starting from the article and your added data) or set DRAMAGRAPH_STORE\n")


def test_link_then_read_linked_nodes_as_one(imported, cli):
    code, out, err = cli("link", "--store", str(imported), "--format", "json")
    assert code == 0, err
    found = json.loads(out)
    assert sorted((m["kind"], m["a"].removeprefix(BASE), m["b"].removeprefix(BASE)) for m in found["matches"]) == [
        ("person", "person/haruma-miura", "imdb/nm9000002"),
        ("person", "person/yui-aragaki", "imdb/nm9000001"),
        ("title", "title/koizora", "imdb/tt9000001")]
    assert found["ambiguous"] == []
    # one node each: a path from an IMDb-only actor to an article-only one crosses the linked titles
    code, out, err = cli("path", "José Ñandú", "Yui Aragaki", "--store", str(imported))
    assert out.splitlines() == [
        "José Ñandú (person)",
        "  --[José Ñandú]-- Another Film (title)",
        "  --[Haruma Miura as Lead]-- Haruma Miura (person)",
        "  --[Haruma Miura as Hiroki Sakurai]-- Koizora (title)",
        "  --[Yui Aragaki as Mika Tahara]-- Yui Aragaki (person)"]
    code, out, _ = cli("query", "filmography", "--param", "person=Haruma Miura", "--store", str(imported),
                       "--format", "csv")
    assert sorted(tuple(line.split(",")[2:4]) for line in out.splitlines()[1:]) == [
        ("Another Film", "film"), ("Boku no Ita Jikan", "TV series"), ("Koizora", "film")]
    # the links graph keeps its evidence
    code, out, _ = cli("sparql", "--store", str(imported), "--format", "csv",
                       f"SELECT ?score WHERE {{ GRAPH <{BASE}graph/links> {{ ?m owl:annotatedSource <{BASE}title/koizora> ; "
                       f"owl:annotatedTarget <{IMDB}tt9000001> ; <https://w3id.org/sssom/confidence> ?score }} }}")
    assert len(out.splitlines()) == 2


def test_importing_wikidata_beside_imdb(imported, cli):
    example = ROOT / "data" / "examples" / "wikidata-koizora.ttl"
    code, out, err = cli("import", "wikidata", str(example), "--store", str(imported), "--format", "json")
    assert code == 0, err
    info = json.loads(out)
    assert info["graph"] == GRAPH_IMPORT + "wikidata/wikidata-koizora"
    code, out, _ = cli("sparql", "--store", str(imported), "--format", "csv",
                       "SELECT DISTINCT ?g WHERE { ?t a schema:Movie . GRAPH ?g { ?t schema:name 'Koizora' } } ORDER BY ?g")
    assert [line.removeprefix(BASE) for line in out.split()[1:]] == [
        "graph/import/imdb/title.basics", "graph/import/wikidata/wikidata-koizora", "graph/koizora-novel"]


def test_shared_actor_links_between_imported_titles(imported, cli):
    code, out, err = cli("links", "--store", str(imported), "--format", "json")
    found = json.loads(out)
    imported_only = sorted((r["title1Name"], r["person"], r["personName"], r["character1"], r["title2Name"],
                            r["character2"])
                           for r in found if r["title1"].startswith(IMDB) and r["title2"].startswith(IMDB))
    assert imported_only == [
        ("Another Film", IMDB + "nm9000002", "Haruma Miura", "Lead", "Koizora", "Hiroki Sakurai"),
        ("Another Film", IMDB + "nm9000002", "Haruma Miura", "Narrator", "Koizora", "Hiroki Sakurai")]


def test_an_import_of_thousands_of_titles_answers_as_its_files_say(tmp_path, cli):
    """A synthetic IMDb download of ~2,000 titles: what the store counts equals what the files hold,
    counted here independently of the importer (plain Python over the TSV)."""
    folder = tmp_path / "imdb"
    code, out, err = cli("synth-imdb", "--principals", "20000", "--seed", "3", "--out", str(folder))
    assert code == 0, err
    kept_types = {"movie", "tvMovie", "tvSeries", "tvMiniSeries"}
    titles, films = set(), set()
    for line in (folder / "title.basics.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        f = line.split("\t")
        if f[1] in kept_types and f[4] == "0":
            titles.add(f[0])
            if f[1] in ("movie", "tvMovie"):
                films.add(f[0])
    cast = {}
    for line in (folder / "title.principals.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        f = line.split("\t")
        if f[0] in titles and f[3] in ("actor", "actress"):
            cast.setdefault(f[0], set()).add(f[2])
    people = {p for members in cast.values() for p in members}
    store = tmp_path / "store"
    code, out, err = cli("import", "imdb", str(folder), "--store", str(store))
    assert code == 0, err
    code, out, _ = cli("stats", "--store", str(store), "--format", "json")
    stats = json.loads(out)
    assert len(titles) > 1000
    assert (stats["titles"], stats["films"], stats["actors"], stats["performances"]) == (
        9 + len([t for t in titles if t in cast]), 3 + len([t for t in films if t in cast]), 19 + len(people),
        20 + sum(len(members) for members in cast.values()))  # a performance: one person in one title
    # a shortest path between two imported people, as networkx finds it on the files' own cast graph
    import networkx as nx

    G = nx.Graph()
    for title, members in cast.items():
        G.add_edges_from((title, p) for p in members)
    a, b = sorted(people)[0], sorted(people)[-1]
    expected = nx.shortest_path_length(G, a, b)
    code, out, err = cli("path", f"imdb:{a}", f"imdb:{b}", "--store", str(store), "--format", "json")
    assert code == 0, err
    assert json.loads(out)["length"] == expected
