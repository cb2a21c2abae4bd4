"""Conformance: the W3C test suites (tests/conformance/w3c/, vendored from rdflib 7.1.4's sdist: see its README) run
through dramagraph's own commands and library, with plain pyoxigraph on the same files as the reference
(issue 18). One case per manifest entry and way in:

* parser tests (Turtle, TriG, N-Triples, N-Quads, RDF/XML): ``library`` (graph.rdf.rdfio.parse_file with
  the test's base IRI) and ``cli`` (a negative test: ``dramagraph validate FILE`` refuses it with one line,
  exit 2; a positive one: ``dramagraph load FILE --store DIR`` accepts it; an eval test: what the store
  then holds equals the expected quads, blank nodes aside), and ``engine`` (pyoxigraph alone);
* SPARQL 1.1 query evaluation and result formats: ``cli`` (``dramagraph load`` of the test's data, then
  ``dramagraph sparql --store DIR --file Q --format F`` in the format of the expected answer), ``library``
  (graph.query.engine.run_sparql on that store) and ``engine``; answers compared as W3C result sets;
* the protocol tests against a real ``dramagraph serve``.

What dramagraph gets wrong today is marked ``xfail(strict=True)`` with the point of issue 18 it belongs
to, so that a fix turns the mark into a failure to be removed. What the engine itself does differently is
listed once, in ENGINE_DEVIATIONS (and CANONICAL_LITERALS_IN_STORE), with the reason: not worked around.
Anything else that fails, fails CI. ``python benchmarks/conformance.py`` prints the counts.
"""

from __future__ import annotations

import http.client
import json
import shutil
import tempfile
import urllib.parse
from pathlib import Path

import pytest

from tests.conformance import w3c_manifest as w3c
from tests.conftest import run_cli_process, serve_process
pytestmark = pytest.mark.w3c  # the W3C conformance suite: -m "not w3c" deselects it


PARSER = [e for suite in w3c.PARSER_SUITES for e in w3c.parser_entries(suite)]
SPARQL = [e for folder in w3c.SPARQL_FOLDERS for e in w3c.sparql_entries(folder)]
PROTOCOL = w3c.protocol_entries()

# ------------------------------------------------------------------ what the engine does differently
# By test name; these fail on plain pyoxigraph too, so they fail the same way through dramagraph.
ENGINE_DEVIATIONS = {
    'turtle:localName_with_assigned_nfc_PN_CHARS_BASE_character_boundaries':
        "engine: pyoxigraph's N-Quads parser refuses the IRI code point U+E01EF of the expected file (its Turtle/TriG parser accepts it)",
    'trig:localName_with_assigned_nfc_PN_CHARS_BASE_character_boundaries':
        "engine: pyoxigraph's N-Quads parser refuses the IRI code point U+E01EF of the expected file (its Turtle/TriG parser accepts it)",
    'rdf-xml:xml-canon-test001':
        'engine: XML literals are not canonicalised (rdf:parseType="Literal" kept as written)',
    'sparql11/aggregates:agg-sum-02':
        'engine: numbers written in another lexical form (canonical xsd:double/xsd:decimal)',
    'sparql11/aggregates:agg-avg-02':
        'engine: numbers written in another lexical form (canonical xsd:double/xsd:decimal)',
    'sparql11/aggregates:agg-min-01':
        'engine: numbers written in another lexical form ("1" for "1.0"^^xsd:decimal)',
    'sparql11/aggregates:agg-min-02':
        'engine: numbers written in another lexical form (canonical xsd:double/xsd:decimal)',
    'sparql11/aggregates:agg-max-01':
        'engine: numbers written in another lexical form ("30000" for "3.0E4"^^xsd:double)',
    'sparql11/aggregates:agg-max-02':
        'engine: numbers written in another lexical form (canonical xsd:double/xsd:decimal)',
    'sparql11/aggregates:agg-err-02':
        'engine: numbers written in another lexical form ("2.5" for "2.5E0"^^xsd:double)',
    'sparql11/aggregates:agg-empty-group':
        'engine: an aggregate with GROUP BY over no solutions gives no row where the test expects one empty row',
    'sparql11/construct:constructwhere04':
        "engine: CONSTRUCT WHERE with a FROM dataset clause gives no triples (the dataset of the query is not the test's data)",
    'sparql11/functions:strdt03':
        'engine: the store canonicalises typed literals ("01"^^xsd:integer read as "1") and STRDT/STRLANG see the canonical form',
    'sparql11/functions:strlang02':
        'engine: language tags are lower-cased ("en-us" for "en-US")',
    'sparql11/functions:strlang03':
        'engine: language tags are lower-cased ("en-us" for "en-US")',
    'sparql11/functions:plus-1':
        "engine: the store canonicalises typed literals, so the data's numbers differ from the expected answer's",
    'sparql11/functions:plus-2':
        "engine: the store canonicalises typed literals, so the data's numbers differ from the expected answer's",
    'sparql11/functions:bnode01':
        'engine: BNODE(str) gives the same blank node for the same string across solutions',
    'sparql11/functions:coalesce01':
        'engine: numbers written in another lexical form (canonical xsd:decimal)',
    'sparql11/csv-tsv-res:csv03':
        'engine: numbers written in another lexical form in CSV (canonical form)',
    'sparql11/csv-tsv-res:tsv03':
        'engine: numbers written in another lexical form in TSV (canonical form)',
}

# dramagraph's gaps (issue 18), and the one engine behaviour that only shows through a store
CANONICAL_LITERALS_IN_STORE = 'engine: the store writes typed literals in canonical form ("01"^^xsd:integer as "1", "1.0"^^xsd:decimal as "1")'

# (reason, way in) -> the tests that fail that way today
EXPECTED_FAILURES = {
    (CANONICAL_LITERALS_IN_STORE, 'cli'): [
        'turtle:bareword_decimal', 'turtle:bareword_double', 'turtle:double_lower_case_e',
        'turtle:positive_numeric', 'turtle:numeric_with_leading_0', 'turtle:turtle-subm-11',
        'turtle:turtle-subm-17', 'turtle:turtle-subm-19', 'turtle:turtle-subm-20', 'turtle:turtle-subm-26',
        'trig:bareword_decimal', 'trig:bareword_double', 'trig:double_lower_case_e',
        'trig:positive_numeric', 'trig:numeric_with_leading_0', 'trig:trig-subm-11',
        'trig:trig-subm-17', 'trig:trig-subm-19', 'trig:trig-subm-20', 'trig:trig-subm-26',
    ],
}



def _marks(test: str, channel: str):
    if test in ENGINE_DEVIATIONS:
        return [pytest.mark.xfail(strict=True, reason=ENGINE_DEVIATIONS[test])]
    for (reason, way), tests in EXPECTED_FAILURES.items():
        if way == channel and test in tests:
            return [pytest.mark.xfail(strict=True, reason=reason)]
    return []


def _cases(entries, channels):
    return [pytest.param(e, ch, id=f"{e.id}[{ch}]", marks=_marks(e.id, ch)) for e in entries for ch in channels]


def test_the_suites_are_all_there():
    """The manifests list what the W3C publishes (a vendoring mistake would silently shrink the suite)."""
    counts = {}
    for e in PARSER + SPARQL:
        counts[e.suite] = counts.get(e.suite, 0) + 1
    assert {k: counts[k] for k in w3c.PARSER_SUITES} == {
        "turtle": 291, "trig": 335, "ntriples": 68, "nquads": 85, "rdf-xml": 162}
    assert sum(v for k, v in counts.items() if k.startswith("sparql11/")) == 192
    assert len(PROTOCOL) == 34
    assert all(e.action is not None and e.action.is_file() for e in PARSER)
    assert all((e.query or e.action).is_file() and (e.result is None or e.result.is_file()) for e in SPARQL)


@pytest.fixture(scope="module")
def scratch():
    """A folder for the suites' stores: in memory (/dev/shm) when there is one (a store is made twice as
    fast there), removed at the end."""
    folder = Path(tempfile.mkdtemp(prefix="dramagraph-w3c-", dir=w3c.fast_tmp()))
    yield folder
    w3c._STORES.clear()
    shutil.rmtree(folder, ignore_errors=True)


# ------------------------------------------------------------------ parsers
@pytest.mark.parametrize("entry, channel", _cases(PARSER, ("library", "cli", "engine")))
def test_parser(entry, channel, scratch, capfd):
    if channel == "engine":
        w3c.check_engine_parser(entry)
    else:
        work = Path(tempfile.mkdtemp(dir=scratch))
        try:
            w3c.check_parser(entry, channel, work)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    out, err = capfd.readouterr()
    assert "Traceback" not in out + err


# ------------------------------------------------------------------ SPARQL 1.1
@pytest.mark.parametrize("entry, channel", _cases(SPARQL, ("library", "cli", "engine")))
def test_sparql(entry, channel, scratch, capfd):
    if channel == "engine":
        w3c.check_engine_sparql(entry)
    else:
        w3c.check_sparql(entry, channel, scratch)
    out, err = capfd.readouterr()
    assert "Traceback" not in out + err


DATATYPES = [e for e in PARSER if e.suite == "rdf-xml" and e.name.startswith("datatypes")]


@pytest.mark.parametrize("entry", [pytest.param(e, id=e.id) for e in DATATYPES])
def test_validate_prints_no_library_traceback(entry):
    """`dramagraph validate` (which hands the data to rdflib and pySHACL) on the typed-literal tests:
    accepted (exit 0 or 1), and on standard error only dramagraph's own lines: a library's warning
    (rdflib on an ill-typed literal) is one line, ``dramagraph: warning: rdflib: ...``, never a traceback."""
    done = run_cli_process("validate", "--no-user-data", str(entry.action))
    assert done.returncode in (0, 1), done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert [line for line in done.stderr.splitlines()
            if not line.startswith(("conforms:", "does not conform:", "dramagraph: warning: "))] == []


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_ask_in_csv_or_tsv_is_refused_or_readable(fmt):
    """An ASK answer in CSV or TSV: refused in one line (exit 2), or written so that rdflib reads it back
    as the boolean (a convention the README would then document)."""
    code, out, err = w3c.run_cli("sparql", "--no-user-data", "--timeout", "0", "--format", fmt, "ASK {}")
    if code == 2:
        w3c.one_line_refusal(code, out, err, f"dramagraph sparql --format {fmt}")
        return
    assert code == 0, err
    answer = w3c.parse_results(out, fmt)
    assert (answer.kind, answer.boolean) == ("ask", True)


# ------------------------------------------------------------------ SPARQL 1.1 Protocol
# The manifest names the tests; their requests are those of the W3C's protocol test descriptions, on
# a store holding the three graphs they assume (here written inline, each a named graph of its IRI).
D = "http://kasei.us/2009/09/sparql/data/"
PROTOCOL_DATA = f"""
<{D}data1.rdf> {{ <{D}data1.rdf> <http://purl.org/dc/terms/title> "one" ; <urn:shared> "x" . }}
<{D}data2.rdf> {{ <{D}data2.rdf> <http://purl.org/dc/terms/title> "two" ; <urn:shared> "x" . }}
<{D}data3.rdf> {{ <{D}data3.rdf> <http://purl.org/dc/terms/title> "three" ; <urn:shared> "x" . }}
"""
FORM = "application/x-www-form-urlencoded"
RESULT_TYPES = ("application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                "text/tab-separated-values")
RDF_TYPES = ("text/turtle", "application/n-triples", "application/rdf+xml", "application/ld+json")
NOT_RUN = "dramagraph serve is read-only: the SPARQL Update side of the protocol is not offered"


def _q(**params) -> str:
    return urllib.parse.urlencode([(k.replace("_", "-"), v) for k, vs in params.items()
                                   for v in (vs if isinstance(vs, list) else [vs])])


def request(served, method: str, query: str = "", body: bytes | None = None, content_type: str | None = None):
    """(status, media type, body) of one raw request (urllib would add a form media type of its own)."""
    connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=30)
    headers = {"Content-Type": content_type} if content_type else {}
    try:
        connection.request(method, "/sparql" + (f"?{query}" if query else ""), body=body, headers=headers)
        response = connection.getresponse()
        return response.status, (response.getheader("Content-Type") or "").split(";")[0], response.read()
    finally:
        connection.close()


def _boolean(status, media, body):
    assert status == 200 and media in RESULT_TYPES[:2], (status, media, body[:300])
    if media.endswith("json"):
        return json.loads(body)["boolean"]
    return b"<boolean>true</boolean>" in body


def _rows(status, media, body):
    assert (status, media) == (200, "application/sparql-results+json"), (status, media, body[:300])
    return sorted(tuple(sorted((k, v["value"]) for k, v in b.items())) for b in json.loads(body)["results"]["bindings"])


ASK_DATA1 = f"ASK {{ <{D}data1.rdf> ?p ?o }}"
PROTOCOL_QUERIES = {
    "query_post_form": lambda s: _boolean(*request(s, "POST", body=_q(query="ASK {}").encode(), content_type=FORM)),
    "query_get": lambda s: _boolean(*request(s, "GET", _q(query="ASK {}"))),
    "query_post_direct": lambda s: _boolean(*request(s, "POST", body=b"ASK {}",
                                                     content_type="application/sparql-query")),
    "query_dataset_default_graphs_get": lambda s: _boolean(*request(
        s, "GET", _q(query=ASK_DATA1, default_graph_uri=D + "data1.rdf"))),
    "query_dataset_default_graphs_post": lambda s: _boolean(*request(
        s, "POST", _q(default_graph_uri=[D + "data1.rdf", D + "data2.rdf"]),
        f"ASK {{ <{D}data1.rdf> ?p ?o . <{D}data2.rdf> ?p ?o }}".encode(), "application/sparql-query")),
    "query_dataset_named_graphs_post": lambda s: _boolean(*request(
        s, "POST", _q(named_graph_uri=[D + "data1.rdf", D + "data2.rdf"]),
        b"ASK { GRAPH ?g { ?s ?p ?o } }", "application/sparql-query")),
    "query_dataset_named_graphs_get": lambda s: _boolean(*request(
        s, "GET", _q(query="ASK { GRAPH ?g { ?s ?p ?o } }", named_graph_uri=[D + "data1.rdf", D + "data2.rdf"]))),
    # the answers below differ when the parameters are ignored
    "query_dataset_full": lambda s: _rows(*request(
        s, "POST", _q(default_graph_uri=D + "data3.rdf", named_graph_uri=[D + "data1.rdf", D + "data2.rdf"]),
        b"SELECT ?g ?x ?s { ?x <urn:shared> ?o GRAPH ?g { ?s <urn:shared> ?o } }", "application/sparql-query"))
    == [(("g", D + "data1.rdf"), ("s", D + "data1.rdf"), ("x", D + "data3.rdf")),
        (("g", D + "data2.rdf"), ("s", D + "data2.rdf"), ("x", D + "data3.rdf"))],
    "query_multiple_dataset": lambda s: _boolean(*request(
        s, "POST", _q(default_graph_uri=D + "data2.rdf"),
        f"ASK FROM <{D}data1.rdf> {{ <{D}data1.rdf> ?p ?o }}".encode(), "application/sparql-query")) is False,
    "query_content_type_select": lambda s: _rows(*request(s, "POST", body=b"SELECT (1 AS ?value) {}",
                                                          content_type="application/sparql-query"))
    == [(("value", "1"),)],
    "query_content_type_ask": lambda s: _boolean(*request(s, "POST", body=b"ASK {}",
                                                          content_type="application/sparql-query")),
    "query_content_type_describe": lambda s: (lambda r: r[0] == 200 and r[1] in RDF_TYPES)(request(
        s, "POST", body=b"DESCRIBE <http://example.org/>", content_type="application/sparql-query")),
    "query_content_type_construct": lambda s: (lambda r: r[0] == 200 and r[1] in RDF_TYPES and b" 1 " in r[2])(
        request(s, "POST", body=b"CONSTRUCT { <s> <p> 1 } WHERE {}", content_type="application/sparql-query")),
}
UPDATE = "CLEAR NAMED"
PROTOCOL_BAD = {
    "bad_query_method": lambda s: request(s, "PUT", _q(query="ASK {}")),
    "bad_multiple_queries": lambda s: request(s, "GET", _q(query=["ASK {}", "SELECT * {}"])),
    "bad_query_wrong_media_type": lambda s: request(s, "POST", body=b"ASK {}", content_type="text/plain"),
    "bad_query_missing_form_type": lambda s: request(s, "POST", body=_q(query="ASK {}").encode()),
    "bad_query_missing_direct_type": lambda s: request(s, "POST", body=b"ASK {}"),
    "bad_query_non_utf8": lambda s: request(s, "POST", body="ASK {}".encode("utf-16"),
                                            content_type="application/sparql-query; charset=UTF-16"),
    "bad_query_syntax": lambda s: request(s, "GET", _q(query="ASK {")),
    "bad_update_get": lambda s: request(s, "GET", _q(update="CLEAR ALL")),
    "bad_multiple_updates": lambda s: request(s, "POST", body=_q(update=[UPDATE, "CLEAR DEFAULT"]).encode(),
                                              content_type=FORM),
    "bad_update_wrong_media_type": lambda s: request(s, "POST", body=UPDATE.encode(), content_type="text/plain"),
    "bad_update_missing_form_type": lambda s: request(s, "POST", body=_q(update=UPDATE).encode()),
    "bad_update_non_utf8": lambda s: request(s, "POST", body=UPDATE.encode("utf-16"),
                                             content_type="application/sparql-update; charset=UTF-16"),
    "bad_update_syntax": lambda s: request(s, "POST", body=_q(update="CLEAR XYZ").encode(), content_type=FORM),
    "bad_update_dataset_conflict": lambda s: request(s, "POST", body=_q(
        using_named_graph_uri="http://example/people",
        update="WITH <http://example/addresses> DELETE { ?p <urn:n> 'Bill' } INSERT { ?p <urn:n> 'William' } "
               "WHERE { ?p <urn:n> 'Bill' }").encode(), content_type=FORM),
}
PROTOCOL_MARKS: dict = {}  # every protocol test that runs passes


@pytest.fixture(scope="module")
def protocol_server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("protocol")
    data = tmp / "protocol-data.trig"
    data.write_text(PROTOCOL_DATA, encoding="utf-8")
    code, _, err = w3c.run_cli("load", data, "--store", tmp / "store")
    assert code == 0, err
    with serve_process(tmp, "--store", str(tmp / "store"), "--quiet", "--workers", "1") as served:
        yield served


def _protocol_cases():
    cases = []
    for e in PROTOCOL:
        marks = []
        if e.name in PROTOCOL_MARKS:
            marks = [pytest.mark.xfail(strict=True, reason=PROTOCOL_MARKS[e.name])]
        elif e.name not in PROTOCOL_QUERIES and e.name not in PROTOCOL_BAD:
            marks = [pytest.mark.skip(reason=NOT_RUN)]
        cases.append(pytest.param(e, id=e.id, marks=marks))
    return cases


@pytest.mark.parametrize("entry", _protocol_cases())
def test_protocol(entry, protocol_server):
    if entry.name in PROTOCOL_QUERIES:
        assert PROTOCOL_QUERIES[entry.name](protocol_server) is True
    else:
        status, media, body = PROTOCOL_BAD[entry.name](protocol_server)
        assert 400 <= status < 500, (status, media, body[:300])
    # the server is still there, and answers
    assert _boolean(*request(protocol_server, "GET", _q(query="ASK {}"))) is True
