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
