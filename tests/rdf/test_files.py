"""Written files: the umask, replaced files' modes, symbolic links, missing folders, every format
build names, byte-identical output, and `build --store` writing all that the store holds."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys

import pytest

from tests.conftest import ROOT

T = "https://w3id.org/dramagraph/"


def run(*argv, umask=None, env=None, cwd=None):
    """The CLI in a child process, with its own umask."""
    preexec = (lambda: os.umask(umask)) if umask is not None else None
    return subprocess.run([sys.executable, "-m", "graph.cli", *argv], capture_output=True, text=True,
                          encoding="utf-8", env=dict(os.environ, **(env or {})), cwd=cwd or ROOT,
                          preexec_fn=preexec, timeout=120)


def mode(path):
    return stat.S_IMODE(os.lstat(path).st_mode)


MY_TITLE = """@prefix schema: <https://schema.org/> .
<title/umask-drama> a schema:TVSeries ; schema:name "Umask Drama" .
"""


@pytest.mark.parametrize("umask, file_mode, dir_mode", [pytest.param(0o027, 0o640, 0o750, id="umask-027"),
                                                       pytest.param(0o002, 0o664, 0o775, id="umask-002")])
def test_new_files_and_folders_follow_the_umask(tmp_path, umask, file_mode, dir_mode):
    title = tmp_path / "umask-drama.ttl"
    title.write_text(MY_TITLE, encoding="utf-8")
    data_dir = tmp_path / "data" / "dramagraph"  # made by add, parents too: the folder is dramagraph's
    made = {
        "build": (["build", "--no-user-data", "--out", str(tmp_path / "all.ttl")], tmp_path / "all.ttl"),
        "synth": (["synth", "--titles", "3", "--out", str(tmp_path / "s.nt")], tmp_path / "s.nt"),
        "viz": (["viz", "--no-user-data", "--view", "cast", "--out", str(tmp_path / "p.html")], tmp_path / "p.html"),
        "export": (["export", "--no-user-data", "--view", "cast", "--format", "graphml", "--out",
                    str(tmp_path / "e.graphml")], tmp_path / "e.graphml"),
        "add": (["add", str(title), "--data-dir", str(data_dir)], data_dir / "umask-drama.trig"),
    }
    for name, (argv, path) in made.items():
        result = run(*argv, umask=umask)
        assert result.returncode == 0, (name, result.stderr)
        assert (name, oct(mode(path))) == (name, oct(file_mode))
    assert [oct(mode(p)) for p in (tmp_path / "data", data_dir)] == [oct(dir_mode)] * 2

    store = tmp_path / "store"
    result = run("load", str(tmp_path / "s.nt"), "--store", str(store), umask=umask)
    assert result.returncode == 0, result.stderr
    version = (store / "current-version").read_text(encoding="utf-8").strip()
    assert {p.name: oct(mode(p)) for p in [store, store / version]} == {"store": oct(dir_mode), version: oct(dir_mode)}
    assert {p.name: oct(mode(p)) for p in store.iterdir() if p.is_file()} == {
        "current-version": oct(file_mode), "dramagraph-store.json": oct(file_mode)}


@pytest.mark.parametrize("before", [pytest.param(0o604, id="0604"), pytest.param(0o660, id="0660")])
def test_a_replaced_file_keeps_its_mode(tmp_path, cli, before):
    out = tmp_path / "all.ttl"
    out.write_text("old\n", encoding="utf-8")
    os.chmod(out, before)
    assert cli("build", "--no-user-data", "--out", str(out))[0] == 0
    assert oct(mode(out)) == oct(before)
    assert out.read_text(encoding="utf-8").startswith("@prefix")


def test_out_naming_a_symlink_writes_through_to_its_target(tmp_path, cli):
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "dataset.nt"
    target.write_text("old\n", encoding="utf-8")
    os.chmod(target, 0o644)
    link = tmp_path / "latest.nt"
    link.symlink_to(target)
    code, _, err = cli("build", "--no-user-data", "--out", str(link))
    assert (code, err) == (0, f"wrote {link} (nt, 1887 triples)\n")
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert len(target.read_text(encoding="utf-8").splitlines()) == 1887
    assert oct(mode(target)) == oct(0o644)
    assert sorted(p.name for p in (tmp_path / "real").iterdir()) == ["dataset.nt"]  # no temporary file left

    dangling = tmp_path / "next.nt"
    dangling.symlink_to(tmp_path / "real" / "new.nt")
    assert cli("build", "--no-user-data", "--out", str(dangling))[0] == 0
    assert dangling.is_symlink() and len((tmp_path / "real" / "new.nt").read_text(encoding="utf-8").splitlines()) == 1887


@pytest.mark.parametrize("argv", [
    pytest.param(["build", "--no-user-data", "--out"], id="build"),
    pytest.param(["synth", "--titles", "2", "--out"], id="synth"),
    pytest.param(["viz", "--no-user-data", "--view", "cast", "--out"], id="viz"),
    pytest.param(["export", "--no-user-data", "--view", "cast", "--format", "json", "--out"], id="export"),
])
def test_a_missing_folder_is_refused_not_made(tmp_path, cli, argv):
    name = {"viz": "x.html", "export": "x.json"}.get(argv[0], "x.ttl" if argv[0] == "build" else "x.nt")
    out = tmp_path / "nonexistent" / "dir" / name
    code, stdout, err = cli(*argv, str(out))
    assert (code, stdout, err) == (2, "", f"dramagraph: error: {out}: cannot write: no such folder {out.parent}\n")
    assert list(tmp_path.iterdir()) == []


def test_load_refuses_a_missing_parent_folder(tmp_path, cli):
    data = tmp_path / "d.nt"
    data.write_text("<http://a> <http://b> <http://c> .\n", encoding="utf-8")
    store = tmp_path / "no" / "store"
    assert cli("load", str(data), "--store", str(store)) == (
        2, "", f"dramagraph: error: {store}: cannot make the store: no such folder {store.parent}\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.nt"]


def test_build_writes_every_format_the_extensions_name(cli):
    from graph.api import BUILD_FORMATS
    from graph.cli import build_parser
    from graph.rdf.rdfio import FORMATS

    assert BUILD_FORMATS == tuple(FORMATS)
    build = build_parser()._subparsers._group_actions[0].choices["build"]
    choices = next(a.choices for a in build._actions if a.dest == "format")
    assert tuple(choices) == BUILD_FORMATS


def _triples(quads):
    import pyoxigraph as ox

    plain = {(q.subject, q.predicate, q.object) for q in quads
             if not isinstance(q.subject, ox.BlankNode) and not isinstance(q.object, ox.BlankNode)}
    with_blank = len({(q.subject, q.predicate, q.object) for q in quads}) - len(plain)
    return plain, with_blank


@pytest.mark.parametrize("ext", sorted({e for _, exts, _ in __import__("graph.rdf.rdfio").rdf.rdfio.FORMATS.values()
                                        for e in exts}))
def test_build_by_extension_round_trips(cli, tmp_path, kg, ext):
    import pyoxigraph as ox

    from graph.rdf.rdfio import FORMATS, format_of, parse_file

    out = tmp_path / f"dataset{ext}"
    fmt = format_of(out)
    code, stdout, err = cli("build", "--no-user-data", "--out", str(out))
    if FORMATS[fmt][2]:
        assert (code, err) == (0, f"wrote {out} ({fmt}, 1887 triples as 2086 statements: 2086 in 163 named graphs, "
                                  f"0 in the default graph)\n")
    else:
        assert (code, err) == (0, f"wrote {out} ({fmt}, 1887 triples)\n")
    quads = parse_file(out)
    union = list(kg.store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    assert _triples(quads) == _triples(union)
    graphs = {q.graph_name.value for q in quads if not isinstance(q.graph_name, ox.DefaultGraph)}
    assert len(graphs) == (163 if FORMATS[fmt][2] else 0)


def test_build_rdf_xml_is_rdf_xml(cli, tmp_path):
    out = tmp_path / "dataset.rdf"
    assert cli("build", "--no-user-data", "--out", str(out))[0] == 0
    import rdflib

    g = rdflib.Graph().parse(out, format="xml")  # another library reads it as RDF/XML
    assert len(g) == 1887
    assert (rdflib.URIRef(T + "title/koizora"), rdflib.URIRef("https://schema.org/alternateName"),
            rdflib.Literal("Sky of Love")) in g


@pytest.mark.parametrize("fmt", ["turtle", "nt", "trig", "nquads", "jsonld", "xml", "n3"])
def test_two_builds_give_the_same_bytes(cli, tmp_path, fmt):
    first, second = tmp_path / f"1.{fmt}", tmp_path / f"2.{fmt}"
    assert cli("build", "--no-user-data", "--out", str(first), "--format", fmt)[0] == 0
    assert cli("build", "--no-user-data", "--out", str(second), "--format", fmt)[0] == 0
    assert first.read_bytes() == second.read_bytes()


def test_two_build_processes_give_the_same_bytes(tmp_path):
    outs = [tmp_path / "1.trig", tmp_path / "2.trig"]
    for out in outs:
        result = run("build", "--no-user-data", "--out", str(out))
        assert result.returncode == 0, result.stderr
    assert outs[0].read_bytes() == outs[1].read_bytes()
    assert b"_:c14n0 " in outs[0].read_bytes()  # blank nodes labelled canonically


@pytest.fixture(scope="module")
def synth_store(tmp_path_factory):
    from graph.store.diskstore import load_store
    from graph.sources.synth import generate

    folder = tmp_path_factory.mktemp("build-store")
    generate(folder / "s.nt", 30, seed=4)
    load_store([folder / "s.nt"], folder / "store")
    return folder / "store"


def test_build_from_a_store_writes_everything_stats_counts(cli, tmp_path, synth_store):
    import pyoxigraph as ox

    from graph.rdf.rdfio import parse_file
    from graph.store.opening import open_graph

    counts = json.loads(cli("stats", "--store", str(synth_store), "--format", "json")[1])
    kg = open_graph(store=synth_store)
    union = [q for graph in (ox.DefaultGraph(), *map(ox.NamedNode, kg.vocabulary))
             for q in kg.store.quads_for_pattern(None, None, None, graph)]  # the vocabulary is kept apart
    assert counts["triples"] == len(union) == 1678
    for fmt in ("nt", "turtle", "xml", "n3"):
        out = tmp_path / f"all.{fmt}"
        code, _, err = cli("build", "--store", str(synth_store), "--out", str(out), "--format", fmt)
        assert (code, err) == (0, f"wrote {out} ({fmt}, 1678 triples)\n")
        assert _triples(parse_file(out, fmt)) == _triples(union)
    assert len((tmp_path / "all.nt").read_text(encoding="utf-8").splitlines()) == 1678

    out = tmp_path / "all.nq"
    code, _, err = cli("build", "--store", str(synth_store), "--out", str(out))
    assert (code, err) == (0, f"wrote {out} (nquads, 1678 triples as 1678 statements: 305 in 2 named graphs, "
                              f"1373 in the default graph)\n")
    quads = parse_file(out)
    assert len(quads) == 1678 and _triples(quads) == _triples(union)
    assert {q.graph_name.value for q in quads if not isinstance(q.graph_name, ox.DefaultGraph)} == {
        T + "graph/ontology/dramagraph", T + "graph/ontology/concepts"}
    first = out.read_bytes()
    assert cli("build", "--store", str(synth_store), "--out", str(out))[0] == 0
    assert out.read_bytes() == first
