"""The CLI, run in process: exact output and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT, STATS

MY_TITLE = """
@prefix schema: <https://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix concept: <https://w3id.org/dramagraph/concept/> .
<title/my-drama> a schema:TVSeries ; schema:name "My Drama" ; schema:startDate "2021"^^xsd:gYear ;
    schema:about concept:leukemia ;
    schema:actor <role/my-drama-hero> .
<role/my-drama-hero> a schema:PerformanceRole ; schema:actor <person/haruma-miura> ;
    schema:characterName "Hero" .
"""


def test_stats_json(cli):
    code, out, err = cli("stats", "--format", "json", "--no-user-data")
    assert (code, err) == (0, "")
    assert json.loads(out) == STATS


def test_stats_table(cli):
    code, out, _ = cli("stats", "--no-user-data")
    assert code == 0
    assert out.splitlines() == [
        "titles        9", "films         3", "tvSeries      6", "relatedWorks  8", "actors        19",
        "performances  20", "illnesses     13", "characters    21", "triples       1887",
        "namedGraphs   163", "inferred      false"]


def test_validate_conforms(cli):
    assert cli("validate", "--no-user-data") == (0, "", "conforms: 1887 triples checked against ontology/shapes.ttl\n")


def test_validate_violations_exit_1_one_line_each(cli, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix schema: <https://schema.org/> .\n<title/x> a schema:Movie ; schema:name "X" ; '
                   'schema:numberOfEpisodes "many" .\n', encoding="utf-8")
    code, out, err = cli("validate", "--no-user-data", str(bad))
    assert code == 1
    assert out == ("Violation: <https://w3id.org/dramagraph/title/x> <https://schema.org/numberOfEpisodes>: "
                   "schema:numberOfEpisodes must be one positive xsd:integer. (value: \"many\")\n")
    assert err == "does not conform: 1 result\n"


def test_infer_keeps_inferences_in_their_own_graph(cli):
    from graph.api import sparql
    from graph.api import open_graph

    kg = open_graph(data_dir=False, infer=True)
    inferred = sparql("""SELECT ?narrower WHERE { GRAPH g:inferred { ?narrower skos:broaderTransitive concept:cancer } }""", kg=kg)
    assert inferred == [{"narrower": "https://w3id.org/dramagraph/concept/leukemia"}]
    mixed = sparql("""ASK { GRAPH ?g { ?s ?p ?o } FILTER(?g != g:inferred)
                           GRAPH g:inferred { ?s ?p ?o } }""", kg=kg)
    assert mixed is False
    code, out, _ = cli("stats", "--no-user-data", "--infer", "--format", "json")
    assert json.loads(out)["inferred"] is True and json.loads(out)["titles"] == 9


@pytest.mark.parametrize("fmt, graphs", [
    pytest.param("trig", 163, id="trig"), pytest.param("nquads", 163, id="nquads"),
    pytest.param("jsonld", 163, id="jsonld"), pytest.param("turtle", 0, id="turtle"),
    pytest.param("nt", 0, id="nt"),
])
def test_build_round_trips(cli, tmp_path, kg, fmt, graphs):
    import pyoxigraph as ox

    out = tmp_path / f"dataset.{fmt}"
    code, _, err = cli("build", "--no-user-data", "--out", str(out), "--format", fmt)
    assert code == 0 and err.startswith(f"wrote {out} ({fmt}, 1887 triples")
    from graph.rdf.rdfio import parse_file

    quads = parse_file(out, fmt)
    names = {q.graph_name for q in quads if not isinstance(q.graph_name, ox.DefaultGraph)}
    assert len(names) == graphs
    triples = {(q.subject, q.predicate, q.object) for q in quads if not isinstance(q.subject, ox.BlankNode)
               and not isinstance(q.object, ox.BlankNode)}
    expected = {(q.subject, q.predicate, q.object) for q in kg.quads() if not isinstance(q.subject, ox.BlankNode)
                and not isinstance(q.object, ox.BlankNode)}
    assert triples == expected
    if graphs:  # the provenance survives: each fact graph still points to its quotation
        kept = {(q.subject.value, q.object.value) for q in quads
                if q.predicate.value == "http://www.w3.org/ns/prov#wasDerivedFrom"}
        assert ("https://w3id.org/dramagraph/graph/koizora-film",
                "https://w3id.org/dramagraph/source/article/quote/koizora-film") in kept


def test_add_a_title_then_every_command_reads_it(cli, tmp_path, data_dir):
    path = tmp_path / "my-drama.ttl"
    path.write_text(MY_TITLE, encoding="utf-8")
    code, _, err = cli("add", str(path))
    assert (code, err) == (0, f"added {path} as {data_dir / 'my-drama.trig'}\n")
    code, out, _ = cli("stats", "--format", "json")
    counts = json.loads(out)
    assert (counts["titles"], counts["tvSeries"], counts["performances"], counts["actors"]) == (10, 7, 21, 19)
    from graph.api import query, sparql

    assert sparql("SELECT ?name WHERE { ?t schema:about/skos:broader* concept:cancer ; schema:name ?name } "
                  "ORDER BY ?name") == [{"name": "Crying Out Love, in the Center of the World"},
                                        {"name": "Koizora"}, {"name": "My Drama"}]
    assert cli("validate")[0] == 0
    code, out, _ = cli("provenance", "My Drama", "--property", "name")
    assert out.splitlines()[1:] == ['  schema:name "My Drama"',
                                    f"      from <https://w3id.org/dramagraph/graph/user/my-drama>, derived from <{path.as_uri()}>"]
    assert cli("added") == (0, "my-drama\n", f"1 added file in {data_dir}\n")
    code, _, err = cli("add", str(path))
    assert code == 2 and "use --replace" in err
    assert cli("add", "--replace", str(path))[0] == 0
    assert cli("remove", "my-drama")[0] == 0
    assert json.loads(cli("stats", "--format", "json")[1])["titles"] == 9


def test_add_refuses_invalid_data_and_changes_nothing(cli, tmp_path, data_dir):
    path = tmp_path / "broken.ttl"
    path.write_text(MY_TITLE.replace('"2021"^^xsd:gYear', '"2021"'), encoding="utf-8")
    code, out, err = cli("add", str(path))
    assert code == 1
    assert out == ('Violation: <https://w3id.org/dramagraph/title/my-drama> <https://schema.org/startDate>: '
                   'schema:startDate must be one xsd:gYear, e.g. "2005"^^xsd:gYear. (value: "2021")\n')
    assert err == "not added: 1 SHACL violation; nothing was changed\n"
    assert list(data_dir.iterdir()) == []


def test_add_refuses_a_malformed_file_and_changes_nothing(cli, tmp_path, data_dir):
    path = tmp_path / "broken.ttl"
    path.write_text("@prefix schema: <https://schema.org/> .\n<a> schema:name 'x' ;;; oops\n", encoding="utf-8")
    code, out, err = cli("add", str(path))
    assert (code, out) == (2, "")
    assert err.startswith(f"dramagraph: error: {path}:2:")
    assert list(data_dir.iterdir()) == []


def test_names_resolve_and_unknown_names_suggest(cli):
    code, out, _ = cli("provenance", "--no-user-data", "sky of love", "--property", "datePublished")
    assert out.splitlines()[:2] == ["Koizora (title) <https://w3id.org/dramagraph/title/koizora>",
                                    '  schema:datePublished "2007"']
    code, out, err = cli("provenance", "--no-user-data", "Haruma Mura")
    assert (code, out) == (2, "")
    assert err == ("dramagraph: error: 'Haruma Mura' is not in the graph as any node; "
                   "did you mean: Haruma Miura?\n")
    code, _, err = cli("provenance", "--no-user-data", "Mika")
    assert code == 2
    assert err == ("dramagraph: error: 'Mika' is ambiguous: it names 2 things: Mika Tahara (character, "
                   "<https://w3id.org/dramagraph/character/mika-tahara>); Mika (person, "
                   "<https://w3id.org/dramagraph/person/mika>)\n")


def commands():
    from graph.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    return sorted(sub.choices)


@pytest.mark.parametrize("command", commands())
def test_every_command_has_help_and_is_in_the_commands_reference(cli, command):
    with pytest.raises(SystemExit) as exit_:
        cli(command, "--help")
    assert exit_.value.code == 0
    assert f"dramagraph {command}" in (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")


def test_import_and_help_load_nothing_heavy():
    code = ("import sys, graph, graph.cli; graph.cli.build_parser().format_help(); "
            "print(sorted({m.split('.')[0] for m in sys.modules} & "
            "{'rdflib', 'pyshacl', 'owlrl', 'pyvis', 'networkx', 'pyoxigraph', 'jinja2'}))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.stdout == "[]\n"
