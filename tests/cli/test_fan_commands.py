"""What a fan trying the commands stumbles on (issue 30): each point with the exact answer."""

from __future__ import annotations


def test_queries_lists_the_peoples_queries_and_all_with_all(cli):
    import graph

    code, out, _ = cli("queries")
    listed = [line.split(":")[0] for line in out.splitlines() if not line.startswith(" ")]
    people = sorted(q["name"] for q in graph.queries() if q["audience"] == "people")
    assert code == 0 and sorted(listed) == people and "kinds" not in listed and "labels" not in listed
    code, out, _ = cli("queries", "--all")
    listed = [line.split(":")[0] for line in out.splitlines() if not line.startswith(" ")]
    assert sorted(listed) == sorted(q["name"] for q in graph.queries()) and "kinds" in listed


def test_export_takes_its_format_from_the_file_name(cli, tmp_path):
    out = tmp_path / "cast.graphml"
    assert cli("export", "--view", "cast", "--out", str(out), "--no-user-data") == \
        (0, "", f"wrote {out} (graphml, 28 nodes, 20 edges)\n")
    assert out.read_text(encoding="utf-8").startswith("<?xml")
    bad = tmp_path / "cast.txt"
    assert cli("export", "--view", "cast", "--out", str(bad), "--no-user-data") == \
        (2, "", f"dramagraph: error: cannot tell the format of {str(bad)!r} from its extension: give --format "
                "graphml, gexf or json (or name the file .graphml, .gexf or .json)\n")
    assert not bad.exists()


NO_PATH = ("dramagraph: error: no path between Crying Out Love, in the Center of the World and Mikako Tabe in the "
           "people network; --via all finds one of 4 hops\n")


def test_no_path_says_that_via_all_finds_one(cli, tmp_path):
    assert cli("path", "crying out love", "Mikako Tabe", "--no-user-data") == (1, "", NO_PATH)
    # the same on a store with its network index (dramagraph load)
    from graph import api

    api.build(tmp_path / "article.trig")
    api.load_store([tmp_path / "article.trig"], tmp_path / "store")
    assert cli("path", "crying out love", "Mikako Tabe", "--store", str(tmp_path / "store")) == (1, "", NO_PATH)
    code, out, _ = cli("path", "crying out love", "Mikako Tabe", "--via", "all", "--no-user-data")
    assert code == 0 and out.splitlines()[0] == "Crying Out Love, in the Center of the World (title)"


def test_viz_open_says_when_no_browser_opened_the_page(tmp_path):
    from tests.conftest import run_cli_process

    out = tmp_path / "page.html"
    done = run_cli_process("viz", "--out", str(out), "--open", "--no-user-data",
                           env={"BROWSER": str(tmp_path / "no-such-browser")})
    assert (done.returncode, done.stdout) == (0, "")
    assert done.stderr.splitlines() == [
        f"wrote {out} (84 nodes, 105 edges); it works offline",
        f"found no web browser to open it: open {out} yourself (or name one in $BROWSER)"]


def test_co_actors_names_a_few_titles_a_pair(cli, tmp_path):
    from graph import api
    from graph.sources.synth import generate
    from graph.store.diskstore import open_store

    generate(tmp_path / "synth.nt", 400, seed=0)
    api.load_store([tmp_path / "synth.nt"], tmp_path / "store")
    top = api.co_actors(top=1, kg=open_store(tmp_path / "store"))[0]
    names = [t["name"] for t in top["titles"]]
    assert len(names) > 5  # the busiest pair of a power law shares many titles
    code, out, _ = cli("co-actors", "--top", "1", "--store", str(tmp_path / "store"))
    assert (code, out) == (0, f"{top['count']:>3}  {top['name1']} — {top['name2']}: {'; '.join(names[:5])}; "
                              f"… and {len(names) - 5} more (--titles 0 names them all)\n")
    code, out, _ = cli("co-actors", "--top", "1", "--titles", "0", "--store", str(tmp_path / "store"))
    assert (code, out) == (0, f"{top['count']:>3}  {top['name1']} — {top['name2']}: {'; '.join(names)}\n")


# ---------------------------------------------------------------- similar counts shared themes (issue 30)
KOIZORA = """titles like Koizora:
1. Boku no Ita Jikan  (score 4)
     - shared actor: Haruma Miura (Hiroki Sakurai in Koizora, Takuto Sawada in Boku no Ita Jikan)
     - same theme: romance
2. Crying Out Love, in the Center of the World  (score 3)
     - related illness: leukemia is a kind of cancer
     - related theme: young love is a kind of romance
     - same kind of source work: novel
3. I Give My First Love To You  (score 1)
     - related theme: young love is a kind of romance
4. Perfect World  (score 1)
     - same theme: romance
5. The 8 Year Engagement  (score 1)
     - same theme: romance
"""


def test_similar_counts_shared_themes_from_the_views_and_the_index(cli, tmp_path):
    import json

    from graph import api

    assert cli("similar", "Koizora", "--no-user-data") == (0, KOIZORA, "")
    api.build(tmp_path / "article.trig")
    api.load_store([tmp_path / "article.trig"], tmp_path / "store")
    index = next((tmp_path / "store").glob("v-*/netindex"))
    assert json.loads((index / "meta.json").read_text(encoding="utf-8"))["format"] == 2
    assert cli("similar", "Koizora", "--store", str(tmp_path / "store")) == (0, KOIZORA, "")
    # an index of the format before themes (1) is not read: it is written anew, with the themes
    meta = json.loads((index / "meta.json").read_text(encoding="utf-8"))
    (index / "meta.json").write_text(json.dumps(dict(meta, format=1)), encoding="utf-8")
    (index / "themes.sig.npy").unlink()
    assert cli("similar", "Koizora", "--store", str(tmp_path / "store")) == (0, KOIZORA, "")
    assert json.loads((index / "meta.json").read_text(encoding="utf-8"))["format"] == 2
    assert (index / "themes.sig.npy").is_file()


TITLE_7 = """titles like Title 7:
1. Title 906  (score 14)
     - shared actor: Person 0 (Character 7-0 in Title 7, Character 906-0 in Title 906)
     - shared actor: Person 1 (Character 7-1 in Title 7, Character 906-1 in Title 906)
     - shared actor: Person 150 (Character 7-4 in Title 7, Character 906-3 in Title 906)
     - same illness: synthetic illness 39
     - related illness: paralysis is a kind of physical disability
     - related illness: synthetic illness 39 and paralysis are both kinds of physical disability
     - related illness: synthetic illness 39 is a kind of physical disability
2. Title 1455  (score 13)
     - shared actor: Person 0 (Character 7-0 in Title 7, Character 1455-0 in Title 1455)
     - shared actor: Person 1 (Character 7-1 in Title 7, Character 1455-1 in Title 1455)
     - same illness: physical disability
     - related illness: synthetic illness 19 is a kind of physical disability
     - related illness: synthetic illness 39 and synthetic illness 19 are both kinds of physical disability
     - related illness: synthetic illness 39 is a kind of physical disability
     - same theme: synthetic theme 19
     - same kind of source work: novel
"""


def test_similar_counts_themes_at_size_the_same_with_and_without_the_index(cli, tmp_path):
    """2,000 synthetic titles with themes (dramagraph synth --themes): the index and the views agree."""
    from graph import api

    assert cli("synth", "--titles", "2000", "--themes", "--out", str(tmp_path / "s.nt"))[0] == 0
    plain = tmp_path / "plain.nt"
    assert cli("synth", "--titles", "2000", "--out", str(plain))[0] == 0
    # the themes come from a random stream of their own: without their lines, the same data
    theme_lines = ("/synth/theme/", "<https://schema.org/about> <https://w3id.org/dramagraph/concept/romance>",
                   "concept/young-love>", "concept/social-prejudice>", "concept/medical-profession>",
                   "concept/family-support>", "concept/pregnancy>")
    lines = (tmp_path / "s.nt").read_text(encoding="utf-8").splitlines()
    assert [x for x in lines if not any(t in x for t in theme_lines)] == plain.read_text(encoding="utf-8").splitlines()
    api.load_store([tmp_path / "s.nt"], tmp_path / "indexed")
    api.load_store([tmp_path / "s.nt"], tmp_path / "views", index=False)
    for store in ("indexed", "views"):
        assert cli("similar", "Title 7", "--top", "2", "--store", str(tmp_path / store)) == (0, TITLE_7, ""), store
    from graph.store.diskstore import open_store

    for title in ("Title 0", "Title 12", "Title 1999"):
        assert api.similar(title, top=30, kg=open_store(tmp_path / "indexed")) == \
            api.similar(title, top=30, kg=open_store(tmp_path / "views")), title
