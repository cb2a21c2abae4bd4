"""Issue 11: what the CLI says to people (SPARQL errors, provenance, numeric options, page names,
grammar, column order, sub-command usage) and what it writes for other tools (node-link JSON, JSON-LD
with schema.org's context, `remove` by file name, JSON listings). Each test failed before its fix."""

from __future__ import annotations

import json

import pytest


# ------------------------------------------------------------------ SPARQL syntax errors (11.7)
@pytest.mark.parametrize("query, message", [
    pytest.param("SELECT * WHERE { ?s ex:p ?o }",
                 "<query>:1:21: undefined prefix `ex:` (declare it with PREFIX ex: <...>, or use a predeclared "
                 "one: schema:, skos:, prov:, ...)", id="undefined-prefix"),
    pytest.param("PREFIX ex: <http://example.org/>\nSELECT * WHERE {\n  ?s ex:p ?o .\n  ?o foaf:name ?n }",
                 "<query>:4:6: undefined prefix `foaf:` (declare it with PREFIX foaf: <...>, or use a "
                 "predeclared one: schema:, skos:, prov:, ...)", id="undefined-prefix-line-4"),
    pytest.param("SELECT * WHERE { ?s schema:name ?o ",
                 "<query>:1:16: the `{` here is never closed (a `}` is missing)", id="unclosed-brace"),
    pytest.param("SELECT ?s WHERE { ?s ?p ?o } }",
                 "<query>:1:30: unexpected `}`: there is no `{` before it to close", id="extra-brace"),
    pytest.param("SELEC * WHERE { ?s ?p ?o }",
                 "<query>:1:1: expected SELECT, CONSTRUCT, ASK or DESCRIBE, found `SELEC` (did you mean SELECT?)",
                 id="misspelt-form"),
    pytest.param('SELECT * WHERE { ?s ?p "abc }',
                 "<query>:1:24: unterminated string: the quote here is never closed", id="unterminated-string"),
    pytest.param("SELECT ?x WHERE { ?s <rel> ?x }",
                 "<query>:1:22: relative IRI <rel>: write a full IRI (<https://...>) or declare BASE <...> "
                 "before the query", id="relative-iri"),
    pytest.param("SELECT ?x WHERE { ?s ?p ?o } GROUP BY ?s",
                 "<query>:1:41: The SELECT contains a variable that is unbound", id="engine-sentence"),
    pytest.param("SELECT ?x WHERE { ?s schema:x\\#y ?x . ?s ex:q ?x }",
                 "<query>:1:42: undefined prefix `ex:` (declare it with PREFIX ex: <...>, or use a predeclared "
                 "one: schema:, skos:, prov:, ...)", id="escaped-hash-is-not-a-comment"),
])
def test_sparql_syntax_errors_in_peoples_words(cli, query, message):
    assert cli("sparql", "--no-user-data", query) == (2, "", f"dramagraph: error: {message}\n")


def test_other_syntax_errors_keep_the_position_and_a_short_expectation(cli):
    code, _, err = cli("sparql", "--no-user-data", "SELECT ?x WHERE { ?s ?p ?o . ?s }")
    assert (code, err) == (2, "dramagraph: error: <query>:1:34: syntax error at the end of the query; "
                              "expected BIND\n")


def test_a_file_name_given_as_the_query_suggests_file(cli, tmp_path, monkeypatch):
    (tmp_path / "q.rq").write_text("SELECT ?s { ?s ?p ?o } LIMIT 1", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert cli("sparql", "--no-user-data", "q.rq") == (
        2, "", "dramagraph: error: 'q.rq' looks like a file name, not a query; to run the query in a file, "
               "use --file q.rq\n")
    code, out, _ = cli("sparql", "--no-user-data", "--format", "csv", "--file", "q.rq")
    assert (code, out.splitlines()[0]) == (0, "s")


def test_syntax_errors_of_a_query_file_name_the_file(cli, tmp_path):
    path = tmp_path / "bad.rq"
    path.write_text("SELECT ?n WHERE {\n  ?t dc:title ?n\n}\n", encoding="utf-8")
    code, _, err = cli("sparql", "--no-user-data", "--file", str(path))
    assert (code, err) == (2, f"dramagraph: error: {path}:2:6: undefined prefix `dc:` (declare it with PREFIX "
                              f"dc: <...>, or use a predeclared one: schema:, skos:, prov:, ...)\n")


# ------------------------------------------------------------------ provenance (11.8)
def test_provenance_of_an_unknown_property_says_so(cli):
    assert cli("provenance", "--no-user-data", "Koizora", "--property", "foo") == (
        2, "", "dramagraph: error: Koizora has no fact with the property 'foo'; its properties: rdf:type, "
               "schema:about, schema:actor, schema:alternateName, schema:character, schema:datePublished, "
               "schema:isBasedOn, schema:name\n")


def test_provenance_on_a_store_shows_the_facts_that_no_named_graph_holds(cli, tmp_path):
    data = tmp_path / "one.nt"
    data.write_text('<https://w3id.org/dramagraph/title/t1> <https://schema.org/name> "Title One" .\n'
                    '<https://w3id.org/dramagraph/title/t1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> '
                    '<https://schema.org/Movie> .\n', encoding="utf-8")
    store = tmp_path / "store"
    assert cli("load", str(data), "--store", str(store))[0] == 0
    code, out, err = cli("provenance", "--store", str(store), "Title One")
    assert (code, out.splitlines()) == (0, [
        "Title One (work) <https://w3id.org/dramagraph/title/t1>",
        "  rdf:type schema:Movie",
        "      from the default graph only: no named graph says where it came from",
        '  schema:name "Title One"',
        "      from the default graph only: no named graph says where it came from"])
    assert err == ("all 2 facts of Title One come from no named graph: where they came from was not recorded "
                   "when they were loaded\n")


# ------------------------------------------------------------------ numeric options (11.9)
@pytest.mark.parametrize("argv, message", [
    pytest.param(["sparql", "--limit", "-1", "ASK {}"], "argument --limit: must be at least 0, not -1", id="limit"),
    pytest.param(["similar", "Koizora", "--top", "-2"], "argument --top: must be at least 1, not -2", id="top"),
    pytest.param(["centrality", "--top", "0"], "argument --top: must be at least 1, not 0", id="centrality-top"),
    pytest.param(["synth", "--titles", "-5", "--out", "x.nt"], "argument --titles: must be at least 1, not -5",
                 id="titles"),
    pytest.param(["viz", "--around", "Koizora", "--depth", "-1"], "argument --depth: must be at least 0, not -1",
                 id="depth"),
    pytest.param(["query", "stats", "--timeout", "-3"], "argument --timeout: must be 0 (no limit) or more seconds, "
                                                         "not -3", id="timeout"),
    pytest.param(["query", "stats", "--timeout", "nan"], "argument --timeout: must be 0 (no limit) or more "
                                                          "seconds, not nan", id="timeout-nan"),
    pytest.param(["sparql", "--limit", "ten", "ASK {}"], "argument --limit: must be a whole number, not 'ten'",
                 id="not-a-number"),
])
def test_numeric_options_refuse_nonsense(capsys, tmp_path, monkeypatch, argv, message):
    from graph.cli import main

    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == f"dramagraph {argv[0]}: error: {message}"
    assert not list(tmp_path.iterdir())


def test_depth_without_around_is_refused(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert cli("viz", "--no-user-data", "--depth", "2") == (
        2, "", "dramagraph: error: --depth needs --around NAME: it counts the hops around that node\n")
    assert not list(tmp_path.iterdir())


# ------------------------------------------------------------------ page names (11.10)
def test_default_page_names_follow_the_view_and_focus(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    full = tmp_path / "dramagraph-full.html"
    full.write_text("an earlier page", encoding="utf-8")
    code, _, err = cli("viz", "--no-user-data", "--around", "Haruma Miura")
    name = "dramagraph-full-around-haruma-miura-depth-1.html"
    assert (code, err) == (0, f"wrote {name} (5 nodes, 6 edges); it works offline\n")
    assert full.read_text(encoding="utf-8") == "an earlier page"
    code, _, err = cli("viz", "--no-user-data", "--view", "cast", "--around", "Koizora", "--depth", "2")
    assert (code, err) == (0, "wrote dramagraph-cast-around-koizora-depth-2.html (4 nodes, 3 edges); "
                              "it works offline\n")
    code, _, err = cli("viz", "--no-user-data")
    assert (code, err.splitlines()) == (0, ["replaced the existing dramagraph-full.html",
                                            "wrote dramagraph-full.html (84 nodes, 105 edges); it works offline"])
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "dramagraph-cast-around-koizora-depth-2.html", "dramagraph-full-around-haruma-miura-depth-1.html",
        "dramagraph-full.html"]


@pytest.mark.parametrize("out", ["page.png", "page", "page.html.txt"])
def test_a_page_is_only_written_to_an_html_file(cli, tmp_path, out):
    assert cli("viz", "--no-user-data", "--out", str(tmp_path / out)) == (
        2, "", f"dramagraph: error: {tmp_path / out}: the page is HTML; give a file name ending in .html\n")
    assert not list(tmp_path.iterdir())


# ------------------------------------------------------------------ grammar, columns, usage (11.12)
def test_counts_are_said_in_good_grammar(cli, tmp_path):
    out = tmp_path / "one.html"
    code, _, err = cli("viz", "--no-user-data", "--view", "co-actor", "--around", "Mikako Tabe", "--depth", "0",
                       "--out", str(out))
    assert (code, err) == (0, f"wrote {out} (1 node, 0 edges); it works offline\n")
    assert "1 node, 0 edges." in out.read_text(encoding="utf-8")
    code, _, err = cli("sparql", "--no-user-data", "SELECT ?t WHERE { ?t schema:alternateName 'Sky of Love' }")
    assert (code, err) == (0, "1 row\n")
    code, _, err = cli("sparql", "--no-user-data", "SELECT ?t WHERE { ?t schema:alternateName 'none' }")
    assert (code, err) == (0, "0 rows\n")


def test_select_star_keeps_the_query_order_of_variables(cli):
    code, out, _ = cli("sparql", "--no-user-data", "--format", "csv",
                       "SELECT * WHERE { ?title schema:alternateName 'Sky of Love' ; schema:name ?name ; "
                       "schema:datePublished ?date }")
    assert (code, out.splitlines()) == (0, ["title,name,date",
                                            "https://w3id.org/dramagraph/title/koizora,Koizora,2007"])


def test_select_star_order_in_the_library_and_json(kg):
    from graph.api import sparql
    from graph.query.querying import format_result, run_sparql

    rows = sparql("SELECT * WHERE { ?s schema:alternateName 'Sky of Love' ; ?p 2007 }", kg=kg)
    assert rows == []  # 2007 is an integer, the year a gYear: no row, but the columns still follow the query
    result = run_sparql(kg, "SELECT * WHERE { ?s schema:alternateName 'Sky of Love' ; schema:name ?a }")
    assert result.variables == ["s", "a"]
    assert json.loads(format_result(result, "json"))["head"]["vars"] == ["s", "a"]


def test_a_misspelt_option_shows_the_subcommands_usage(capsys):
    from graph.cli import main

    with pytest.raises(SystemExit) as exit_:
        main(["stats", "--formt", "json"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("usage: dramagraph stats ")
    assert err[-1] == ("dramagraph stats: error: unrecognized arguments: --formt json; --formt (did you mean "
                       "--format?)")


# ------------------------------------------------------------------ node-link JSON (11.13)
def test_exported_json_loads_with_networkx_defaults(cli, tmp_path):
    import networkx as nx

    out = tmp_path / "cast.json"
    assert cli("export", "--no-user-data", "--view", "cast", "--format", "json", "--out", str(out))[0] == 0
    with open(out, encoding="utf-8") as f:
        G = nx.node_link_graph(json.load(f))
    miura = "https://w3id.org/dramagraph/person/haruma-miura"
    assert sorted(G.nodes[n]["label"] for n in G[miura]) == ["Boku no Ita Jikan", "Koizora"]
    assert (G.number_of_nodes(), G.number_of_edges()) == (28, 20)


# ------------------------------------------------------------------ JSON-LD contexts (11.15)
SCHEMA_ORG_DOC = """{
  "@context": "https://schema.org/",
  "@id": "https://w3id.org/dramagraph/title/my-film",
  "@type": "Movie",
  "name": "My Film",
  "sameAs": "https://www.imdb.com/title/tt0000001/",
  "actor": {"@id": "https://w3id.org/dramagraph/role/my-film-hero", "@type": "PerformanceRole",
            "actor": {"@id": "https://w3id.org/dramagraph/person/haruma-miura"}, "characterName": "Hero"}
}
"""


def test_json_ld_with_the_schema_org_context_is_read_offline(cli, tmp_path, data_dir):
    path = tmp_path / "my-film.jsonld"
    path.write_text(SCHEMA_ORG_DOC, encoding="utf-8")
    code, _, err = cli("add", str(path))
    assert (code, err) == (0, f"added {path} as {data_dir / 'my-film.trig'}\n")
    from graph.api import query, sparql

    assert [r["titleName"] for r in query("filmography", person="Haruma Miura")] == [
        "Boku no Ita Jikan", "Koizora", "My Film"]
    assert sparql("SELECT ?same WHERE { title:my-film schema:sameAs ?same }") == [
        {"same": "https://www.imdb.com/title/tt0000001/"}]


@pytest.mark.parametrize("context", ["https://example.org/context.jsonld", "context.jsonld"])
def test_any_other_remote_context_is_refused_by_name(cli, tmp_path, context):
    path = tmp_path / "remote.jsonld"
    path.write_text('{\n  "@context": ["https://schema.org/", "%s"],\n  "@id": "http://x/a", "name": "A"\n}\n'
                    % context, encoding="utf-8")
    assert cli("validate", "--no-user-data", str(path)) == (
        2, "", f"dramagraph: error: {path}:2:39: the JSON-LD context <{context}> is remote and is not fetched "
               f"(dramagraph makes no network requests); put the context inline in the file (only schema.org's "
               f"context is known offline)\n")


# ------------------------------------------------------------------ remove, listings (11.16)
MY_TITLE = """@prefix schema: <https://schema.org/> .
<title/my-drama> a schema:TVSeries ; schema:name "My Drama" ; schema:actor <role/my-drama-hero> .
<role/my-drama-hero> a schema:PerformanceRole ; schema:actor <person/haruma-miura> ; schema:characterName "Hero" .
"""


@pytest.mark.parametrize("name", ["my-drama.ttl", "my-drama", "{path}"])
def test_remove_takes_the_added_name_or_the_file_name(cli, tmp_path, data_dir, name):
    path = tmp_path / "my-drama.ttl"
    path.write_text(MY_TITLE, encoding="utf-8")
    assert cli("add", str(path))[0] == 0
    assert cli("added", "--format", "json") == (0, json.dumps([{
        "name": "my-drama", "file": str(data_dir / "my-drama.trig"),
        "graph": "https://w3id.org/dramagraph/graph/user/my-drama"}], indent=2) + "\n",
        f"1 added file in {data_dir}\n")
    assert cli("remove", name.format(path=path)) == (0, "", f"removed {data_dir / 'my-drama.trig'}\n")
    assert cli("added") == (0, "", f"0 added files in {data_dir}\n")


def test_queries_lists_as_json(cli):
    code, out, _ = cli("queries", "--format", "json")
    listed = {q["name"]: q for q in json.loads(out)}
    assert code == 0
    assert listed["cast"]["params"] == [{"name": "title", "kind": "title", "required": False, "default": None,
                                         "example": "Sky of Love",
                                         "doc": "the title, by any of its names; all titles if left out"}]
    assert listed["cast"]["title"] == "Cast"


def test_remove_waits_for_an_add_and_gives_up_cleanly(cli, tmp_path, data_dir):
    from graph.store import locks

    path = tmp_path / "my-drama.ttl"
    path.write_text(MY_TITLE, encoding="utf-8")
    assert cli("add", str(path))[0] == 0
    with locks.acquire(data_dir):  # an add holding the data folder
        code, out, err = cli("remove", "my-drama", "--wait", "0.3")
    assert (code, out) == (2, "")
    assert err.splitlines()[-1] == (f"dramagraph: error: an add into {data_dir} is running; nothing was removed: "
                                    f"try again later")
    assert (data_dir / "my-drama.trig").is_file()
    assert cli("remove", "my-drama") == (0, "", f"removed {data_dir / 'my-drama.trig'}\n")


def test_binding_finds_the_where_group_past_an_escaped_hash(kg):
    """The WHERE group is found by the lexer: `\\#` in a name is no comment (a comment-blanking regex
    hid the rest of the line, and with it the group)."""
    from graph.api import sparql

    text = ("PREFIX ex: <http://example.org/> SELECT (ex:a\\#b AS ?k) ?n WHERE { ?t schema:alternateName ?a ; "
            "schema:name ?n }")
    assert sparql(text, kg=kg, a="Sky of Love") == [{"k": "http://example.org/a#b", "n": "Koizora"}]
