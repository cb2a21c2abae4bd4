"""Ad-hoc SPARQL from the CLI: results formats exactly per spec, timeouts, bad and unsafe queries."""

from __future__ import annotations

import csv
import http.server
import io
import json
import multiprocessing
import threading
import xml.etree.ElementTree as ET

import pytest

ALT = 'SELECT ?name ?alt WHERE { ?t schema:name ?name ; schema:alternateName ?alt ; schema:actor ?r } ' \
      'GROUP BY ?name ?alt ORDER BY ?name STR(?alt) LIMIT 2'
EXPECTED = [("Boku no Ita Jikan", "The Hours of My Life"), ("Boku no Ita Jikan", "ぼくのいたじかん")]
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def test_json_results(cli):
    code, out, _ = cli("sparql", "--no-user-data", "--format", "json", ALT)
    doc = json.loads(out)
    assert code == 0 and doc["head"] == {"vars": ["name", "alt"]}
    assert [(b["name"]["value"], b["alt"]["value"]) for b in doc["results"]["bindings"]] == EXPECTED
    assert doc["results"]["bindings"][0]["name"] == {"type": "literal", "value": "Boku no Ita Jikan"}


def test_xml_results(cli):
    code, out, _ = cli("sparql", "--no-user-data", "--format", "xml", ALT)
    ns = {"s": "http://www.w3.org/2005/sparql-results#"}
    root = ET.fromstring(out)
    assert [v.get("name") for v in root.findall("s:head/s:variable", ns)] == ["name", "alt"]
    rows = [tuple(r.find(f"s:binding[@name='{v}']/s:literal", ns).text for v in ("name", "alt"))
            for r in root.findall("s:results/s:result", ns)]
    assert rows == EXPECTED


def test_csv_results(cli):
    code, out, _ = cli("sparql", "--no-user-data", "--format", "csv", ALT)
    assert out.startswith("name,alt\r\n")  # RFC 4180 line ends, as the spec says
    rows = list(csv.reader(io.StringIO(out)))
    assert rows == [["name", "alt"], *map(list, EXPECTED)]


def test_tsv_results(cli):
    code, out, _ = cli("sparql", "--no-user-data", "--format", "tsv", ALT)
    assert out.splitlines() == ["?name\t?alt", '"Boku no Ita Jikan"\t"The Hours of My Life"',
                                '"Boku no Ita Jikan"\t"ぼくのいたじかん"@ja-hira']


def test_tsv_results_have_rdf_terms(cli):
    code, out, _ = cli("sparql", "--no-user-data", "--format", "tsv",
                       "SELECT ?t ?y WHERE { ?t schema:alternateName 'Sky of Love' ; schema:datePublished ?y }")
    assert out.splitlines() == ["?t\t?y", '<https://w3id.org/dramagraph/title/koizora>\t'
                                '"2007"^^<http://www.w3.org/2001/XMLSchema#gYear>']


@pytest.mark.parametrize("fmt, expected", [
    pytest.param("json", '{"head":{},"boolean":true}\n', id="json"),
    pytest.param("table", "yes\n", id="table"),
])
def test_ask(cli, fmt, expected):
    assert cli("sparql", "--no-user-data", "--format", fmt, "ASK { title:koizora a schema:Movie }")[1] == expected


def test_ask_xml(cli):
    out = cli("sparql", "--no-user-data", "--format", "xml", "ASK { title:koizora a schema:TVSeries }")[1]
    root = ET.fromstring(out)
    assert root.find("{http://www.w3.org/2005/sparql-results#}boolean").text == "false"


@pytest.mark.parametrize("fmt", ["turtle", "nt", "jsonld"])
def test_construct_formats_parse_back(cli, fmt):
    from graph.rdf.rdfio import parse_bytes

    code, out, _ = cli("sparql", "--no-user-data", "--format", fmt,
                       "CONSTRUCT { ?t schema:name ?n } WHERE { ?t schema:alternateName 'Sky of Love' ; schema:name ?n }")
    quads = parse_bytes(out.encode("utf-8"), fmt, base_iri="http://x/")
    assert [(q.subject.value, q.predicate.value, q.object.value) for q in quads] == [
        ("https://w3id.org/dramagraph/title/koizora", "https://schema.org/name", "Koizora")]


def test_table_uses_labels_and_limit(cli):
    code, out, err = cli("sparql", "--no-user-data", "--limit", "1",
                         "SELECT ?t ?p WHERE { ?t schema:actor/schema:actor ?p } ORDER BY ?p")
    # ordered by the person's IRI: person/erika-sawajiri comes first
    assert out.splitlines() == ["t                   p",
                                "------------------  --------------",
                                "One Liter of Tears  Erika Sawajiri"]
    assert err == "20 rows (showing 1; --limit to see more)\n"


def test_a_format_that_does_not_fit(cli):
    code, _, err = cli("sparql", "--no-user-data", "--format", "turtle", "ASK {}")
    assert (code, err) == (2, "dramagraph: error: --format turtle does not fit this query: ASK "
                              "results take table, json, xml\n")


def test_query_from_a_file_and_from_stdin(cli, tmp_path, monkeypatch):
    path = tmp_path / "q.rq"
    path.write_text("ASK { title:koizora a schema:Movie }", encoding="utf-8")
    assert cli("sparql", "--no-user-data", "--file", str(path))[1] == "yes\n"
    monkeypatch.setattr("sys.stdin", io.StringIO("ASK { title:koizora a schema:TVSeries }"))
    assert cli("sparql", "--no-user-data", "-")[1] == "no\n"


def test_malformed_query_gives_line_and_column(cli, tmp_path):
    path = tmp_path / "bad.rq"
    path.write_text("SELECT ?t\nWHERE {\n  ?t schema:name }\n", encoding="utf-8")
    code, out, err = cli("sparql", "--no-user-data", "--file", str(path))
    assert (code, out) == (2, "")
    assert err.startswith(f"dramagraph: error: {path}:3:18: ")
    assert err.count("\n") == 1


def test_a_runaway_query_is_stopped(cli):
    code, out, err = cli("sparql", "--no-user-data", "--timeout", "1", RUNAWAY)
    assert (code, out) == (3, "")
    assert err == ("dramagraph: error: the query ran out of time after 1 s and was stopped "
                   "(raise --timeout, or make the query more selective)\n")
    assert multiprocessing.active_children() == []


def test_update_is_refused_on_the_embedded_store(cli):
    code, _, err = cli("sparql", "--no-user-data", "INSERT DATA { <http://a> <http://b> <http://c> }")
    assert (code, err) == (2, "dramagraph: error: SPARQL Update is refused: the embedded graph is read-only "
                              "(add data with `dramagraph add`)\n")


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):  # noqa: N802
        _Recorder.requests.append(self.path)
        self.send_response(200)
        self.end_headers()

    do_POST = do_GET

    def log_message(self, *args):
        pass


@pytest.fixture
def recorder():
    _Recorder.requests = []
    server = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_service_is_refused_and_sends_nothing(cli, recorder):
    code, _, err = cli("sparql", "--no-user-data", f"SELECT * WHERE {{ SERVICE <{recorder}/sparql> {{ ?s ?p ?o }} }}")
    assert (code, err) == (2, "dramagraph: error: SERVICE is not allowed here: the embedded store makes no "
                              "network requests\n")
    assert _Recorder.requests == []


def test_from_loads_nothing(cli, recorder, tmp_path):
    secret = tmp_path / "secret.ttl"
    secret.write_text("<http://secret> <http://p> 'leaked' .", encoding="utf-8")
    code, out, _ = cli("sparql", "--no-user-data", "--format", "csv",
                       f"SELECT ?o FROM <{recorder}/data.ttl> FROM NAMED <{secret.as_uri()}> "
                       "WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }")
    assert (code, out) == (0, "o\r\n")
    assert _Recorder.requests == []


def test_a_value_that_looks_like_sparql_is_just_a_value(cli):
    hostile = '"} ; DROP ALL ; SELECT * WHERE { ?s ?p ?o } #'
    from graph.api import sparql

    assert sparql("SELECT ?t WHERE { ?t schema:name ?n }", n=hostile) == []
    assert sparql("ASK { ?t schema:name ?n }", n="Koizora") is True


def test_values_bind_a_parameter_where_the_planner_sees_it(kg):
    """Issue 12.5, then 27: a value is bound by a VALUES block at the start of the WHERE group, locally
    and remotely alike (pyoxigraph's substitutions come after planning: a bound variable was planned as
    unbound, joined last), and again inside a subquery that projects the variable as itself."""
    import pyoxigraph as ox

    from graph.query.engine import bind, run_sparql

    sky = ox.Literal("Sky of Love")
    projected = "SELECT ?a ?n WHERE { ?t schema:alternateName ?a ; schema:name ?n }"
    hidden = "SELECT ?n WHERE { ?t schema:alternateName ?a ; schema:name ?n }"
    values = 'VALUES (?a) { ("Sky of Love") }'
    assert bind(projected, {"a": sky}) == (
        f'SELECT ?a ?n WHERE {{ {values} ?t schema:alternateName ?a ; schema:name ?n }}', {})
    assert bind(projected, {"a": sky}, remote=True) == bind(projected, {"a": sky})
    assert bind(hidden, {"a": sky}) == (
        f'SELECT ?n WHERE {{ {values} ?t schema:alternateName ?a ; schema:name ?n }}', {})
    nested = "SELECT ?a ?c WHERE { { SELECT ?a (COUNT(*) AS ?c) WHERE { ?t schema:alternateName ?a } GROUP BY ?a } }"
    assert bind(nested, {"a": sky})[0] == (
        f"SELECT ?a ?c WHERE {{ {values} {{ SELECT ?a (COUNT(*) AS ?c) WHERE {{ {values} ?t schema:alternateName ?a }}"
        " GROUP BY ?a } }")
    other = "SELECT ?a ?c WHERE { ?t schema:alternateName ?a { SELECT (COUNT(*) AS ?c) WHERE { ?t schema:name ?a } } }"
    assert bind(other, {"a": sky})[0].count("VALUES") == 1  # a subquery's own ?a is another variable
    assert run_sparql(kg, nested, {"a": "Sky of Love"}).rows == [{"a": "Sky of Love", "c": 1}]
    assert run_sparql(kg, projected, {"a": "Sky of Love"}).rows == [{"a": "Sky of Love", "n": "Koizora"}]
    assert run_sparql(kg, projected, {"a": "Sky of Love"}, timeout=20).rows == [{"a": "Sky of Love", "n": "Koizora"}]
    assert run_sparql(kg, hidden, {"a": "Sky of Love"}).rows == [{"n": "Koizora"}]
    assert run_sparql(kg, "ASK { ?t schema:name ?n FILTER(?n = ?want) }", {"want": "Koizora"}).boolean is True
