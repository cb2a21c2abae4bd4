"""The W3C test suites (``tests/conformance/w3c/``, see its README) read from their ``manifest.ttl`` files, and the
comparisons the suites define: graphs and datasets equal up to blank node names (isomorphic), SPARQL
result sets equal up to blank node names and, without ORDER BY, row order.

Used by ``tests/conformance/test_conformance.py`` (one pytest case per manifest entry) and by
``benchmarks/conformance.py`` (the table of counts, dramagraph against plain pyoxigraph). Terms are
compared exactly as written: rdflib's normalisation of literals (``"01"^^xsd:integer`` read as ``"1"``)
is switched off while reading expected and actual answers, so that what the engine changes is seen.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

W3C = Path(__file__).resolve().parent / "w3c"

# suite folder -> the IRI the W3C publishes it under (the base IRI of its files and test names)
PARSER_SUITES = {
    "turtle": "http://www.w3.org/2013/TurtleTests/",
    "trig": "http://www.w3.org/2013/TriGTests/",
    "ntriples": "http://www.w3.org/2013/N-TriplesTests/",
    "nquads": "http://www.w3.org/2013/N-QuadsTests/",
    "rdf-xml": "http://www.w3.org/2013/RDFXMLTests/",
}
SPARQL_BASE = "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/"
# the query evaluation folders whose data is a default graph and named graphs (no entailment, no
# update, no SERVICE), and the result-format folders
SPARQL_FOLDERS = ("aggregates", "bind", "bindings", "construct", "exists", "functions", "grouping", "negation",
                  "project-expression", "property-path", "subquery", "csv-tsv-res", "json-res")
PROTOCOL = W3C / "sparql11" / "protocol" / "manifest.ttl"

MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
QT = "http://www.w3.org/2001/sw/DataAccess/tests/test-query#"
RDFT = "http://www.w3.org/ns/rdftest#"
DAWGT = "http://www.w3.org/2001/sw/DataAccess/tests/test-dawg#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
REJECTED = {RDFT + "Rejected", DAWGT + "Withdrawn", DAWGT + "Rejected"}


@dataclass(frozen=True)
class Entry:
    """One test of a manifest. ``id`` is ``suite:name`` (``name`` the fragment of the test's IRI, as
    the W3C reports name them); ``base`` is the IRI of the action file (its base IRI)."""

    suite: str
    name: str
    iri: str
    kind: str  # the local name of its rdf:type: TestTurtleEval, QueryEvaluationTest, ProtocolTest ...
    title: str = ""
    action: Path | None = None
    base: str | None = None
    result: Path | None = None
    query: Path | None = None
    query_base: str | None = None
    data: tuple = ()  # (path, IRI) of the default graph's files
    graph_data: tuple = ()  # (path, IRI): each a named graph of that IRI
    comment: str = ""

    @property
    def id(self) -> str:
        return f"{self.suite}:{self.name}"

    @property
    def negative(self) -> bool:
        return "Negative" in self.kind

    @property
    def eval(self) -> bool:
        return self.kind.endswith("Eval") and not self.negative


def _local(iri: str, base: str, folder: Path) -> Path:
    if not iri.startswith(base):
        raise ValueError(f"{iri} is outside {base}")
    return folder / iri[len(base):]


def _read(manifest: Path, base: str, suite: str) -> list[Entry]:
    from rdflib import RDF as R, Graph, URIRef

    g = Graph()
    g.parse(manifest, format="turtle", publicID=base + "manifest.ttl")
    folder = manifest.parent
    mf = lambda name: URIRef(MF + name)  # noqa: E731
    qt = lambda name: URIRef(QT + name)  # noqa: E731
    root = URIRef(base + "manifest.ttl")
    entries = []
    for head in g.objects(root, mf("entries")):
        for test in g.items(head):
            approval = {str(a) for p in (RDFT + "approval", DAWGT + "approval", RDFS + "approval")
                        for a in g.objects(test, URIRef(p))}
            if approval & REJECTED:
                continue
            kind = str(g.value(test, R.type)).rsplit("#", 1)[-1]
            name = str(test).rsplit("#", 1)[-1]
            title = str(g.value(test, mf("name")) or name)
            comment = str(g.value(test, URIRef(RDFS + "comment")) or "")
            action = g.value(test, mf("action"))
            result = g.value(test, mf("result"))
            fields = dict(suite=suite, name=name, iri=str(test), kind=kind, title=title, comment=comment,
                          result=_local(str(result), base, folder) if result is not None else None)
            if isinstance(action, URIRef):
                fields.update(action=_local(str(action), base, folder), base=str(action))
            elif action is not None:  # a SPARQL test: [ qt:query ; qt:data ; qt:graphData ]
                query = g.value(action, qt("query"))
                if query is not None:
                    fields.update(query=_local(str(query), base, folder), query_base=str(query))
                fields["data"] = tuple(sorted((_local(str(d), base, folder), str(d))
                                              for d in g.objects(action, qt("data"))))
                fields["graph_data"] = tuple(sorted((_local(str(d), base, folder), str(d))
                                                    for d in g.objects(action, qt("graphData"))))
            entries.append(Entry(**fields))
    return entries


def parser_entries(suite: str) -> list[Entry]:
    return _read(W3C / suite / "manifest.ttl", PARSER_SUITES[suite], suite)


def sparql_entries(folder: str) -> list[Entry]:
    return _read(W3C / "sparql11" / folder / "manifest.ttl", f"{SPARQL_BASE}{folder}/", f"sparql11/{folder}")


def protocol_entries() -> list[Entry]:
    return _read(PROTOCOL, f"{SPARQL_BASE}protocol/", "protocol")


# ------------------------------------------------------------------ terms, graphs, datasets
@contextlib.contextmanager
def exact_literals():
    """Read literals as written (rdflib otherwise rewrites ``"01"^^xsd:integer`` as ``"1"``)."""
    import rdflib

    before = rdflib.NORMALIZE_LITERALS
    rdflib.NORMALIZE_LITERALS = False
    try:
        yield
    finally:
        rdflib.NORMALIZE_LITERALS = before


def to_rdflib(term):
    """A pyoxigraph term as the rdflib term, literally (no normalisation)."""
    import pyoxigraph as ox
    from rdflib import Literal
    from rdflib.term import Identifier

    from graph.rdf.terms import to_rdflib_term

    if isinstance(term, Identifier):
        if isinstance(term, Literal) and term.datatype is not None and str(term.datatype) == XSD_STRING:
            return Literal(str(term), normalize=False)  # RDF 1.1: "a" and "a"^^xsd:string are one term
        return term
    if isinstance(term, (ox.NamedNode, ox.BlankNode, ox.Literal)):
        return to_rdflib_term(term, normalize=False)
    if isinstance(term, ox.DefaultGraph) or term is None:
        return None
    raise TypeError(f"not a term: {term!r}")


XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_GRAPH = "urn:x-conformance:graph"
_DEFAULT = "urn:x-conformance:default-graph"


def as_graph(quads):
    """An rdflib Graph that is isomorphic to another exactly when the two sets of quads (or triples) are
    the same dataset up to blank node names: each quad's graph name is attached to a node standing for
    the quad, so that a blank node shared across graphs stays shared."""
    from rdflib import BNode, Graph, URIRef

    g = Graph()
    rdf = lambda name: URIRef(RDF + name)  # noqa: E731
    for q in quads:
        s, p, o = (to_rdflib(q[0]), to_rdflib(q[1]), to_rdflib(q[2])) if isinstance(q, tuple) else \
            (to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object))
        name = to_rdflib(q[3]) if isinstance(q, tuple) and len(q) > 3 else \
            (to_rdflib(q.graph_name) if hasattr(q, "graph_name") else None)
        if name is None:
            g.add((s, p, o))
        else:
            node = BNode()
            g.add((node, rdf("subject"), s))
            g.add((node, rdf("predicate"), p))
            g.add((node, rdf("object"), o))
            g.add((node, URIRef(_GRAPH), name))
    return g


def same_dataset(actual, expected) -> bool:
    """Quads (or triples) equal up to blank node names."""
    from rdflib.compare import isomorphic

    a, e = as_graph(actual), as_graph(expected)
    return len(a) == len(e) and isomorphic(a, e)


def expect_dataset(entry, quads, what: str) -> None:
    """Fail unless ``quads`` equal the entry's expected result (up to blank node names), showing how
    ``what`` differs."""
    expected = parse_expected_rdf(entry.result)
    if not same_dataset(quads, expected):
        raise Failed(f"{what} differ from the expected:\n" + _diff(quads, expected))


def parse_expected_rdf(path: Path, base: str | None = None) -> list:
    import pyoxigraph as ox

    fmt = {".nt": ox.RdfFormat.N_TRIPLES, ".nq": ox.RdfFormat.N_QUADS, ".ttl": ox.RdfFormat.TURTLE,
           ".rdf": ox.RdfFormat.RDF_XML, ".trig": ox.RdfFormat.TRIG}[path.suffix]
    return list(ox.parse(path=str(path), format=fmt, base_iri=base))


# ------------------------------------------------------------------ SPARQL results
@dataclass
class Answer:
    """A query's answer as rdflib terms: ``kind`` select, ask or graph."""

    kind: str
    variables: list = field(default_factory=list)
    rows: list = field(default_factory=list)  # dicts variable name -> rdflib term
    boolean: bool | None = None
    triples: list = field(default_factory=list)  # (s, p, o) rdflib terms

    def __str__(self):
        if self.kind == "ask":
            return f"ASK {self.boolean}"
        if self.kind == "graph":
            return "\n".join(" ".join(t.n3() for t in triple) for triple in sorted(self.triples))
        return "\n".join(" ".join(f"?{k}={v.n3()}" for k, v in sorted(row.items())) for row in self.rows) \
            or "(no rows)"


def answer_from_rdflib_result(result) -> Answer:
    if result.type == "ASK":
        return Answer("ask", boolean=bool(result.askAnswer))
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return Answer("graph", triples=[tuple(to_rdflib(t) for t in triple) for triple in result.graph])
    variables = [str(v) for v in result.vars or []]
    rows = [{str(k): to_rdflib(v) for k, v in b.items() if v is not None} for b in result.bindings]
    return Answer("select", variables, rows)


def parse_results(data: bytes | str, fmt: str) -> Answer:
    """SPARQL results in ``fmt`` (json, xml, csv, tsv) or an RDF graph (nt, turtle) as an Answer."""
    from rdflib import Graph
    from rdflib.query import Result

    if isinstance(data, bytes):
        data = data.decode("utf-8")
    with exact_literals():
        if fmt in ("nt", "turtle"):
            g = Graph()
            g.parse(data=data, format=fmt)
            return Answer("graph", triples=[tuple(to_rdflib(t) for t in triple) for triple in g])
        stream = io.StringIO(data) if fmt in ("csv", "tsv") else io.BytesIO(data.encode("utf-8"))
        return answer_from_rdflib_result(Result.parse(stream, format=fmt))


def expected_answer(entry: Entry) -> Answer:
    import pyoxigraph as ox

    path = entry.result
    fmt = {".srx": "xml", ".srj": "json", ".csv": "csv", ".tsv": "tsv"}.get(path.suffix)
    if fmt:
        return parse_results(path.read_bytes(), fmt)
    # an RDF result: a graph, or a result set written in RDF (rs:ResultSet)
    triples = parse_expected_rdf(path, entry.result and _iri_of(entry, path))
    if any(t.predicate.value == "http://www.w3.org/2001/sw/DataAccess/tests/result-set#resultVariable"
           or (t.object == ox.NamedNode("http://www.w3.org/2001/sw/DataAccess/tests/result-set#ResultSet"))
           for t in triples):
        from rdflib import Graph
        from rdflib.plugins.sparql.results.rdfresults import RDFResult

        g = Graph()
        with exact_literals():
            g.parse(path, format="turtle")
            return answer_from_rdflib_result(RDFResult(g))
    return Answer("graph", triples=[(to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object))
                                    for t in triples])


def _iri_of(entry: Entry, path: Path) -> str:
    return f"{SPARQL_BASE}{entry.suite.split('/', 1)[1]}/{path.name}"


def answer_from_pyoxigraph(result, kind: str | None = None) -> Answer:
    """A pyoxigraph query answer (solutions, boolean, or triples) as an Answer."""
    import pyoxigraph as ox

    if isinstance(result, (bool, ox.QueryBoolean)):
        return Answer("ask", boolean=bool(result))
    if isinstance(result, ox.QueryTriples) or kind == "graph":
        return Answer("graph", triples=[(to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object))
                                        for t in result])
    variables = [v.value for v in result.variables]
    rows = []
    for solution in result:
        rows.append({v: to_rdflib(solution[v]) for v in variables if solution[v] is not None})
    return Answer("select", variables, rows)


_ORDER_BY = re.compile(r"\bORDER\s+BY\b", re.I)


def _row_graph(answer: Answer, ordered: bool):
    from rdflib import BNode, Graph, Literal, URIRef

    g = Graph()
    for i, row in enumerate(answer.rows):
        node = BNode()
        g.add((node, URIRef(_DEFAULT), Literal("row")))
        if ordered:
            g.add((node, URIRef("urn:x-conformance:index"), Literal(i)))
        for var, value in row.items():
            g.add((node, URIRef("urn:x-conformance:var:" + var), value))
    return g


def same_answer(actual: Answer, expected: Answer, query_text: str = "", check_variables: bool = False) -> bool:
    """W3C result-set equality: same kind; ASK the same boolean; graphs isomorphic; solutions the same
    multiset up to blank node names (in the same order when the query has ORDER BY)."""
    from rdflib import Graph
    from rdflib.compare import isomorphic

    if actual.kind != expected.kind:
        return False
    if actual.kind == "ask":
        return actual.boolean == expected.boolean
    if actual.kind == "graph":
        a, e = Graph(), Graph()
        for t in actual.triples:
            a.add(t)
        for t in expected.triples:
            e.add(t)
        return len(a) == len(e) and isomorphic(a, e)
    if len(actual.rows) != len(expected.rows):
        return False
    if check_variables and set(actual.variables) != set(expected.variables):
        return False
    if not isomorphic(_row_graph(actual, False), _row_graph(expected, False)):
        return False
    if _ORDER_BY.search(query_text) and not any(
            isinstance(v, __import__("rdflib").BNode) for row in expected.rows for v in row.values()):
        # the order matters only between rows that differ in the projected values: compare in order
        # the rows as they come, when a unique ordering is defined by the expected answer
        return _ordered_equal(actual.rows, expected.rows)
    return True


def _ordered_equal(actual: list, expected: list) -> bool:
    """Rows in the same order, except that runs of rows the expected answer cannot order (equal on
    every value but one the query did not sort by) may come in any order: compared as multisets of
    runs of equal sort position, which we approximate by exact order, then by order of distinct rows."""
    key = lambda row: tuple(sorted((k, v.n3()) for k, v in row.items()))  # noqa: E731
    if [key(r) for r in actual] == [key(r) for r in expected]:
        return True
    return False


# ------------------------------------------------------------------ running dramagraph and the engine
class Failed(AssertionError):
    """A conformance check that did not pass; its message says what differed."""


def run_cli(*argv) -> tuple[int, str, str]:
    """``dramagraph ARGV`` in this process: (exit code, standard output, standard error). A usage error
    of argparse (an option dramagraph does not have yet) is exit code 2 with its message."""
    from graph.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main([str(a) for a in argv])
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else 2
    return code, out.getvalue(), err.getvalue()


def cli_has_option(command: str, option: str) -> bool:
    """Whether ``dramagraph COMMAND`` takes ``option`` (e.g. ``--base``, issue 18 point 2)."""
    from graph.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    return any(option in action.option_strings for action in sub.choices[command]._actions)


_BASE_OPTION: dict = {}


def base_args(command: str, base: str | None) -> list[str]:
    """``--base IRI`` when the command has it (issue 18.2), else nothing: the file's relative IRIs then
    resolve against dramagraph's documented default, and the tests that need the base fail."""
    if base is None:
        return []
    if command not in _BASE_OPTION:
        _BASE_OPTION[command] = cli_has_option(command, "--base")
    return ["--base", base] if _BASE_OPTION[command] else []


def one_line_refusal(code: int, out: str, err: str, what: str) -> None:
    """Exit 2, nothing on standard output, one line on standard error: ``dramagraph: error: ...``."""
    if "Traceback" in err or "Traceback" in out:
        raise Failed(f"{what}: a traceback reached the user:\n{err[-1500:]}")
    if code != 2:
        raise Failed(f"{what}: exit {code}, not 2 (refused); stderr: {err[-500:]!r}")
    if out or len(err.splitlines()) != 1 or not err.startswith("dramagraph: error: "):
        raise Failed(f"{what}: not one line on standard error: out={out[:300]!r} err={err[:600]!r}")


def no_traceback(err: str, what: str) -> None:
    if "Traceback" in err:
        raise Failed(f"{what}: a traceback reached the user:\n{err[-1500:]}")


def _parsed_by_library(entry: Entry, base: str | None):
    from graph.rdf.rdfio import parse_file

    return parse_file(entry.action, base_iri=base)


ONTOLOGY_GRAPHS = "https://w3id.org/dramagraph/graph/ontology/"
# What a loaded file put into a store: its named graphs, and the triples of the default graph that no
# named graph holds (the store's default graph is the union of the named graphs: see graph.store.diskstore).
# The ontology's graphs are left out (issue 18 point 1 is measured by the SPARQL tests).
DUMP = f"""SELECT ?s ?p ?o ?g WHERE {{
  {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(isBlank(?g) || !STRSTARTS(STR(?g), "{ONTOLOGY_GRAPHS}")) }}
  UNION {{ ?s ?p ?o }} }}"""  # loaded --no-union: the default graph holds what the file put there


def fast_tmp() -> str | None:
    """Where to make the tests' stores: memory (/dev/shm) when there is one, where a store is made
    twice as fast (no disk syncs); else the system's temporary folder."""
    return "/dev/shm" if Path("/dev/shm").is_dir() and os.access("/dev/shm", os.W_OK) else None


def check_parser(entry: Entry, channel: str, tmp: Path) -> None:
    """One parser test through dramagraph: ``library`` (:func:`graph.rdf.rdfio.parse_file` with the test's
    base IRI) or ``cli`` (negative tests: ``dramagraph validate FILE`` refuses it in one line, exit 2;
    positive tests: ``dramagraph load FILE --store DIR`` accepts it; eval tests: what that store then
    holds, read with :func:`graph.api.open_graph`, equals the expected)."""
    from graph.errors import DramagraphError

    if channel == "library":
        try:
            quads = _parsed_by_library(entry, entry.base)
        except DramagraphError as e:
            if entry.negative:
                if "\n" in str(e):
                    raise Failed(f"refused in more than one line: {e}") from None
                return
            raise Failed(f"refused a valid file: {e}") from None
        if entry.negative:
            raise Failed(f"accepted an invalid file ({len(quads)} quads)")
        if entry.eval:
            expect_dataset(entry, quads, "parsed quads")
        return
    if entry.negative:
        code, out, err = run_cli("validate", "--no-user-data", *base_args("validate", entry.base), entry.action)
        one_line_refusal(code, out, err, "dramagraph validate")
        return
    store = tmp / "store"
    code, out, err = run_cli("load", entry.action, "--store", store, "--no-union", *base_args("load", entry.base))
    no_traceback(err, "dramagraph load")
    if code != 0:
        raise Failed(f"dramagraph load refused a valid file: exit {code}: {err.strip()[:500]}")
    if not entry.eval:
        return
    from graph.api import open_graph

    kg = open_graph(data_dir=False, store=store)
    try:
        quads = [(s["s"], s["p"], s["o"], s["g"]) for s in kg.store.query(DUMP)]
    finally:
        if kg.pin is not None:
            kg.pin.release()
    expect_dataset(entry, quads, "loaded quads")


def check_engine_parser(entry: Entry) -> None:
    """The same parser test on plain pyoxigraph (the reference)."""
    import pyoxigraph as ox

    fmt = {".ttl": ox.RdfFormat.TURTLE, ".trig": ox.RdfFormat.TRIG, ".nt": ox.RdfFormat.N_TRIPLES,
           ".nq": ox.RdfFormat.N_QUADS, ".rdf": ox.RdfFormat.RDF_XML}[entry.action.suffix]
    try:
        quads = list(ox.parse(path=str(entry.action), format=fmt, base_iri=entry.base))
    except SyntaxError as e:
        if entry.negative:
            return
        raise Failed(f"pyoxigraph refused a valid file: {e}") from None
    if entry.negative:
        raise Failed(f"pyoxigraph accepted an invalid file ({len(quads)} quads)")
    if entry.eval:
        expect_dataset(entry, quads, "pyoxigraph's quads")


def _nt(q) -> str:
    terms = [to_rdflib(t) for t in (q if isinstance(q, tuple) else
                                     (q.subject, q.predicate, q.object, getattr(q, "graph_name", None)))]
    return " ".join(t.n3() for t in terms if t is not None)


def _diff(actual, expected, limit: int = 12) -> str:
    a, e = sorted({_nt(q) for q in actual}), sorted({_nt(q) for q in expected})
    only_a = [x for x in a if x not in e][:limit]
    only_e = [x for x in e if x not in a][:limit]
    return "  got only:      " + "\n                 ".join(only_a or ["-"]) + \
           "\n  expected only: " + "\n                 ".join(only_e or ["-"])


# ------------------------------------------------------------------ SPARQL evaluation
def graph_data_file(path: Path, iri: str, folder: Path) -> Path:
    """The triples of ``path`` as an N-Quads file whose graph is ``iri`` (a qt:graphData of a test)."""
    import pyoxigraph as ox

    out = folder / (re.sub(r"[^A-Za-z0-9.-]", "_", iri.rsplit("data-sparql11/", 1)[-1]) + ".nq")
    if not out.exists():
        triples = parse_expected_rdf(path, iri)
        quads = [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(iri)) for t in triples]
        out.write_bytes(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))
    return out


_STORES: dict = {}


def store_for(entry: Entry, folder: Path) -> Path:
    """A store made by ``dramagraph load`` from the test's data (qt:data into the default graph, each
    qt:graphData as the named graph of its IRI); made once per distinct data and kept (read-only)."""
    key = (entry.data, entry.graph_data)
    if key in _STORES:
        return _STORES[key]
    files = [path for path, _ in entry.data] + [graph_data_file(p, iri, folder) for p, iri in entry.graph_data]
    store = folder / f"store-{len(_STORES)}"
    if not files:  # no data: an empty file, so that the store holds only what dramagraph adds
        empty = folder / "empty.nt"
        empty.write_text("", encoding="utf-8")
        files = [empty]
    bases = [iri for _, iri in entry.data]
    code, _, err = run_cli("load", *files, "--store", store, "--no-union",  # SPARQL's dataset: no union
                           *(base_args("load", bases[0]) if len(bases) == 1 else []))
    if code != 0:
        raise Failed(f"dramagraph load of the test's data failed: exit {code}: {err.strip()[:500]}")
    _STORES[key] = store
    return store


def query_kind(text: str) -> str:
    import pyoxigraph as ox

    store = ox.Store()
    try:
        result = store.query(text, base_iri="http://example.org/")
    except SyntaxError:
        result = None
    if isinstance(result, (bool, ox.QueryBoolean)):
        return "ask"
    if isinstance(result, ox.QueryTriples):
        return "graph"
    return "select"


def _cli_format(entry: Entry, kind: str) -> str:
    suffix = entry.result.suffix
    if kind == "graph":
        return "nt"
    return {".srx": "xml", ".srj": "json", ".csv": "csv", ".tsv": "tsv"}.get(suffix, "json")


def check_sparql(entry: Entry, channel: str, folder: Path) -> None:
    """One SPARQL 1.1 test through dramagraph: ``cli`` (``dramagraph sparql --store DIR --file Q`` in
    the result format of the expected answer) or ``library`` (:func:`graph.query.engine.run_sparql` on the
    store opened by :func:`graph.api.open_graph`)."""
    text = (entry.query or entry.action).read_text(encoding="utf-8")
    if entry.kind == "NegativeSyntaxTest11":
        if channel == "cli":
            one_line_refusal(*run_cli("sparql", "--no-user-data", "--timeout", "0", "--file", entry.action),
                             "dramagraph sparql")
        else:
            from graph.api import open_graph
            from graph.query.engine import run_sparql
            from graph.errors import DramagraphError

            try:
                run_sparql(open_graph(data_dir=False), text)
            except DramagraphError:
                return
            raise Failed("the library ran a malformed query")
        return
    store = store_for(entry, folder)
    kind = query_kind(text)
    expected = expected_answer(entry)
    if channel == "cli":
        fmt = _cli_format(entry, kind)
        code, out, err = run_cli("sparql", "--store", store, "--timeout", "0", "--format", fmt,
                                 "--file", entry.query, *(["--base", entry.query_base] if entry.query_base else []))
        no_traceback(err, "dramagraph sparql")
        if code != 0:
            raise Failed(f"dramagraph sparql: exit {code}: {err.strip()[:500]}")
        try:
            actual = parse_results(out, fmt)
        except Exception as e:  # noqa: BLE001 - what rdflib's parsers make of dramagraph's answer
            raise Failed(f"the answer in {fmt} does not parse ({type(e).__name__}: {e}):\n{out[:500]}") from None
    else:
        from graph.api import open_graph
        from graph.query.engine import run_sparql
        from graph.errors import DramagraphError

        kg = open_graph(data_dir=False, store=store)
        try:
            result = run_sparql(kg, text, base=entry.query_base)
        except DramagraphError as e:
            raise Failed(f"graph.query.engine.run_sparql refused the query: {e}") from None
        finally:
            if kg.pin is not None:
                kg.pin.release()
        if entry.result.suffix in (".csv", ".tsv"):  # written by dramagraph's writer, as the CLI does
            from graph.query.results import format_result

            fmt = entry.result.suffix[1:]
            actual = parse_results(format_result(result, fmt), fmt)
        else:
            actual = _answer_from_result(result)
    if not same_answer(actual, expected, text, check_variables=False):
        raise Failed(f"answer differs from the expected\n--- got:\n{_short(actual)}\n--- expected:\n{_short(expected)}")


def _short(answer: Answer, limit: int = 2000) -> str:
    text = str(answer)
    return text if len(text) <= limit else text[:limit] + " ..."


def _answer_from_result(result) -> Answer:
    if result.kind == "ask":
        return Answer("ask", boolean=result.boolean)
    if result.kind == "graph":
        return Answer("graph", triples=[(to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object))
                                        for t in result.triples])
    rows = [{k: to_rdflib(v) for k, v in row.items() if v is not None} for row in result.terms]
    return Answer("select", list(result.variables), rows)


def engine_store(entry: Entry):
    """Plain pyoxigraph with the test's dataset: qt:data in the default graph, qt:graphData named."""
    import pyoxigraph as ox

    store = ox.Store()
    for path, iri in entry.data:
        store.extend([ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph())
                      for t in parse_expected_rdf(path, iri)])
    for path, iri in entry.graph_data:
        store.extend([ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(iri))
                      for t in parse_expected_rdf(path, iri)])
    return store


def check_engine_sparql(entry: Entry) -> None:
    """The same SPARQL test on plain pyoxigraph (the reference), in memory, with the query's base IRI."""
    import pyoxigraph as ox

    text = (entry.query or entry.action).read_text(encoding="utf-8")
    store = engine_store(entry)
    try:
        result = store.query(text, base_iri=entry.query_base or entry.base)
    except SyntaxError as e:
        if entry.kind == "NegativeSyntaxTest11":
            return
        raise Failed(f"pyoxigraph refused the query: {e}") from None
    if entry.kind == "NegativeSyntaxTest11":
        raise Failed("pyoxigraph ran a malformed query")
    expected = expected_answer(entry)
    if entry.kind == "CSVResultFormatTest" or entry.result.suffix in (".csv", ".tsv"):
        fmt = {".csv": ox.QueryResultsFormat.CSV, ".tsv": ox.QueryResultsFormat.TSV}[entry.result.suffix]
        actual = parse_results(result.serialize(format=fmt), entry.result.suffix[1:])
    else:
        actual = answer_from_pyoxigraph(result)
    if not same_answer(actual, expected, text):
        raise Failed(f"pyoxigraph's answer differs\n--- got:\n{_short(actual)}\n--- expected:\n{_short(expected)}")
