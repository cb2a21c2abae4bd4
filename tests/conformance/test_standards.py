"""Issue 18: the fixes the W3C suites asked for, one regression test each (the suites themselves run in
tests/conformance/test_conformance.py)."""

from __future__ import annotations

import json
import urllib.parse

import pytest

from tests.conftest import fetch, run_cli_process, serve_process

EX = "http://example.org/"


# ------------------------------------------------------------------ 18.2 a base IRI
def test_load_validate_and_add_resolve_relative_iris_against_base(cli, tmp_path):
    data = tmp_path / "rel.ttl"
    data.write_text("<a> <b> <c> .\n", encoding="utf-8")
    store = tmp_path / "store"
    assert cli("load", str(data), "--store", str(store), "--base", EX + "dir/doc.ttl")[0] == 0
    code, out, _ = cli("sparql", "--store", str(store), "--format", "csv", "SELECT * { ?s ?p ?o }")
    assert (code, out.splitlines()) == (0, ["s,p,o", f"{EX}dir/a,{EX}dir/b,{EX}dir/c"])
    # without --base, dramagraph's documented default
    assert cli("load", str(data), "--store", str(store))[0] == 0
    out = cli("sparql", "--store", str(store), "--format", "csv", "SELECT * { ?s ?p ?o }")[1]
    assert out.splitlines()[1] == "https://w3id.org/dramagraph/a,https://w3id.org/dramagraph/b,https://w3id.org/dramagraph/c"

    code, _, err = cli("validate", "--no-user-data", str(data), "--base", EX)
    assert (code, err) == (0, "conforms: 1888 triples checked against ontology/shapes.ttl\n")
    code, _, err = cli("add", str(data), "--data-dir", str(tmp_path / "added"), "--base", EX)
    assert code == 0
    assert f"<{EX}a> <{EX}b> <{EX}c>" in (tmp_path / "added" / "rel.trig").read_text(encoding="utf-8")


def test_a_base_must_be_an_absolute_iri(cli, tmp_path):
    data = tmp_path / "rel.ttl"
    data.write_text("<a> <b> <c> .\n", encoding="utf-8")
    code, _, err = cli("load", str(data), "--store", str(tmp_path / "s"), "--base", "dir/doc.ttl")
    assert (code, err) == (2, "dramagraph: error: --base 'dir/doc.ttl': give an absolute IRI, such as "
                              "https://example.org/\n")
    assert not (tmp_path / "s").exists()


def test_a_query_resolves_relative_iris_against_base(cli):
    query = "CONSTRUCT { <s> <p> 1 } WHERE {}"
    code, out, _ = cli("sparql", "--no-user-data", "--format", "nt", "--base", EX, query)
    assert (code, out) == (0, f'<{EX}s> <{EX}p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .\n')
    code, _, err = cli("sparql", "--no-user-data", query)
    assert (code, err) == (2, "dramagraph: error: <query>:1:13: relative IRI <s>: write a full IRI "
                              "(<https://...>) or declare BASE <...> before the query\n")


# ------------------------------------------------------------------ 18.3 the protocol's dataset
@pytest.fixture(scope="module")
def graphs_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("protocol")
    data = folder / "d.trig"
    data.write_text(f'<{EX}a> <{EX}p> "default" .\n<{EX}g1> {{ <{EX}a> <{EX}p> "in g1" . }}\n'
                    f'<{EX}g2> {{ <{EX}a> <{EX}p> "in g2" . }}\n', encoding="utf-8")
    assert run_cli_process("load", str(data), "--store", str(folder / "store")).returncode == 0
    with serve_process(folder, "--store", str(folder / "store")) as server:
        yield server


def values(body: str) -> list:
    return sorted(tuple(b[v]["value"] for v in sorted(b)) for b in json.loads(body)["results"]["bindings"])


def test_default_graph_uri_and_named_graph_uri_define_the_dataset(graphs_server):
    url = graphs_server + "/sparql?"
    q = "SELECT ?o { ?s ?p ?o }"
    status, _, body = fetch(url + urllib.parse.urlencode({"query": q}))
    # the union of the store's graphs is its default graph (one rule for named graphs, issue 11)
    assert (status, values(body)) == (200, [("default",), ("in g1",), ("in g2",)])
    status, _, body = fetch(url + urllib.parse.urlencode({"query": q, "default-graph-uri": EX + "g1"}))
    assert (status, values(body)) == (200, [("in g1",)])
    status, _, body = fetch(url + urllib.parse.urlencode([("query", q), ("default-graph-uri", EX + "g1"),
                                                          ("default-graph-uri", EX + "g2")]))
    assert (status, values(body)) == (200, [("in g1",), ("in g2",)])
    named = "SELECT ?g ?o { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
    status, _, body = fetch(url + urllib.parse.urlencode({"query": named, "named-graph-uri": EX + "g2"}))
    assert (status, values(body)) == (200, [(EX + "g2", "in g2")])  # and an empty default graph
    # the protocol's dataset replaces FROM; in a form POST too
    form = urllib.parse.urlencode({"query": f"SELECT ?o FROM <{EX}g2> {{ ?s ?p ?o }}",
                                   "default-graph-uri": EX + "g1"}).encode()
    status, _, body = fetch(graphs_server + "/sparql", form, {"Content-Type": "application/x-www-form-urlencoded"})
    assert (status, values(body)) == (200, [("in g1",)])
    status, _, body = fetch(graphs_server + "/sparql?default-graph-uri=" + urllib.parse.quote(EX + "g2"),
                            q.encode(), {"Content-Type": "application/sparql-query"})
    assert (status, values(body)) == (200, [("in g2",)])
    status, _, body = fetch(url + urllib.parse.urlencode({"query": q, "default-graph-uri": "g1"}))
    assert (status, body) == (400, "default-graph-uri and named-graph-uri take absolute IRIs, not 'g1'\n")


def test_two_queries_are_a_bad_request(graphs_server):
    status, _, body = fetch(graphs_server + "/sparql?" + urllib.parse.urlencode(
        [("query", "ASK {}"), ("query", "SELECT * {}")]))
    assert (status, body) == (400, "2 query parameters: give exactly one query=\n")
    form = urllib.parse.urlencode([("query", "ASK {}"), ("query", "ASK {}")]).encode()
    status, _, body = fetch(graphs_server + "/sparql", form, {"Content-Type": "application/x-www-form-urlencoded"})
    assert (status, body) == (400, "2 query parameters: give exactly one query=\n")
    status, _, body = fetch(graphs_server + "/sparql?query=ASK%7B%7D", b"ASK {}",
                            {"Content-Type": "application/sparql-query"})
    assert (status, body) == (400, "a query in the body and another as ?query=: give one\n")


@pytest.mark.parametrize("accept, query, expected", [
    ("application/sparql-results+json;q=0, */*", "SELECT * {}", "text/csv; charset=utf-8"),
    ("application/sparql-results+json;q=0", "SELECT * {}", "text/csv; charset=utf-8"),
    ("text/csv;q=0, text/*", "SELECT * {}", "text/tab-separated-values; charset=utf-8"),
    ("application/sparql-results+xml;q=0.2, application/sparql-results+json;q=0.9", "ASK {}",
     "application/sparql-results+json"),
    ("text/csv", "ASK {}", "application/sparql-results+json"),  # CSV has no boolean
    ("text/turtle;q=0, application/n-triples;q=0.1", "CONSTRUCT WHERE { ?s ?p ?o }", "application/n-triples"),
])
def test_accept_q_0_means_not_this(graphs_server, accept, query, expected):
    status, headers, _ = fetch(graphs_server + "/sparql?" + urllib.parse.urlencode({"query": query}),
                               headers={"Accept": accept})
    assert (status, headers["Content-Type"]) == (200, expected)


def test_accept_refusing_every_format_is_406(graphs_server):
    status, _, body = fetch(graphs_server + "/sparql?query=ASK%7B%7D", headers={"Accept": "*/*;q=0"})
    assert (status, body) == (406, "no answer format fits the Accept header '*/*;q=0'; this query's answers "
                                   "come as application/sparql-results+json, application/sparql-results+xml\n")


# ------------------------------------------------------------------ 18.4 parsed, not matched
@pytest.mark.parametrize("local", ["auto-load", "x-move", "p.drop", "service", "clear"])
def test_names_that_contain_update_words_are_queries(cli, graphs_server, local):
    query = f"PREFIX ex: <{EX}> SELECT ?o WHERE {{ ?s ex:{local} ?o }}"
    assert cli("sparql", "--no-user-data", "--format", "csv", query)[:2] == (0, "o\r\n")
    status, _, body = fetch(graphs_server + "/sparql?" + urllib.parse.urlencode({"query": query}),
                            headers={"Accept": "text/csv"})
    assert (status, body) == (200, "o\r\n")


# ------------------------------------------------------------------ 18.5 one line, no traceback
def test_a_library_warning_is_one_line(tmp_path):
    data = tmp_path / "bad.rdf"
    data.write_text('<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
                    'xmlns:ex="http://example.org/">\n <rdf:Description rdf:about="http://example.org/a">\n'
                    '  <ex:p rdf:datatype="http://www.w3.org/2001/XMLSchema#integer">flargh</ex:p>\n'
                    ' </rdf:Description>\n</rdf:RDF>\n', encoding="utf-8")
    done = run_cli_process("validate", "--no-user-data", str(data))
    assert (done.returncode, done.stderr.splitlines()) == (0, [
        "dramagraph: warning: rdflib: Failed to convert Literal lexical form to value. "
        "Datatype=http://www.w3.org/2001/XMLSchema#integer, Converter=<class 'int'> "
        "(ValueError: invalid literal for int() with base 10: 'flargh')",
        "conforms: 1888 triples checked against ontology/shapes.ttl"])


# ------------------------------------------------------------------ 18.6 ASK has no CSV or TSV
@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_ask_in_csv_or_tsv_is_refused_in_one_line(cli, graphs_server, fmt):
    code, out, err = cli("sparql", "--no-user-data", "--format", fmt, "ASK {}")
    assert (code, out, err) == (2, "", f"dramagraph: error: --format {fmt} does not fit an ASK query: the SPARQL "
                                       f"results {fmt.upper()} format has no boolean; use json or xml\n")
    status, _, body = fetch(graphs_server + f"/sparql?query=ASK%7B%7D&format={fmt}")
    assert (status, body) == (400, f"format {fmt!r} does not fit this query; use one of json, xml\n")


def test_load_no_union_keeps_the_files_default_graph_as_it_is(cli, tmp_path):
    """Issue 18.1: a plain SPARQL store on request: `load --no-union` (the W3C suites load this way)."""
    data = tmp_path / "x.trig"
    data.write_text(f'<{EX}a> <{EX}p> "d" .\n<{EX}g> {{ <{EX}a> <{EX}p> "n" . <{EX}a> <{EX}p> "d" . }}\n',
                    encoding="utf-8")
    query = "SELECT ?o { ?s ?p ?o } ORDER BY ?o"
    for flag, default in (("--no-union", ["o", "d"]), (None, ["o", "d", "n"])):
        store = tmp_path / f"store{flag}"
        assert cli("load", str(data), "--store", str(store), *([flag] if flag else []))[0] == 0
        assert cli("sparql", "--store", str(store), "--format", "csv", query)[1].splitlines() == default
    out = tmp_path / "back.nq"
    code, _, err = cli("build", "--store", str(tmp_path / "store--no-union"), "--out", str(out))
    assert code == 0
    lines = [line for line in out.read_text(encoding="utf-8").splitlines() if "example.org" in line]
    assert sorted(lines) == [f'<{EX}a> <{EX}p> "d" .', f'<{EX}a> <{EX}p> "d" <{EX}g> .', f'<{EX}a> <{EX}p> "n" <{EX}g> .']
