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
