"""Query answers: the :class:`Result` of a query (rows as Python values and as RDF terms, a boolean, or
triples), read from the engine or from an endpoint's SPARQL JSON, and written in the formats people
and tools ask for (the table for people, the SPARQL 1.1 results formats, RDF for graphs). Results are
never changed after the fact (the server cuts rows while the engine writes them, in graph.web.answers).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import UsageError
from ..rdf.iris import XSD_STRING

__all__ = ["Result", "to_python", "result_from", "from_answer", "in_query_order", "RESULT_FORMATS",
           "format_result"]


@dataclass
class Result:
    """A query's answer: ``kind`` is select, ask or graph.

    ``rows`` are dicts of Python values (:func:`to_python`); ``terms`` the same rows as RDF terms;
    ``payload`` the answer as the engine gave it (SPARQL JSON results, or N-Triples for graphs), from
    which :func:`format_result` writes the other formats.
    """

    kind: str
    variables: list[str] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)
    terms: list[dict] = field(default_factory=list)
    boolean: bool | None = None
    triples: list = field(default_factory=list)
    raw: bytes = b""

    @property
    def payload(self) -> bytes:
        """SPARQL JSON results (select, ask) or N-Triples (graph), made from the terms if the engine
        gave them directly."""
        if not self.raw:
            self.raw = _payload(self)
        return self.raw

def _term_json(term) -> dict:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != XSD_STRING:
        out["datatype"] = term.datatype.value
    return out

def _payload(result: "Result") -> bytes:
    """SPARQL 1.1 Query Results JSON (W3C Recommendation, section 3) of a result's terms."""
    import json

    import pyoxigraph as ox

    if result.kind == "ask":
        return json.dumps({"head": {}, "boolean": bool(result.boolean)}).encode("utf-8")
    if result.kind == "graph":
        return ox.serialize(result.triples, format=ox.RdfFormat.N_TRIPLES)
    bindings = [{k: _term_json(v) for k, v in row.items()} for row in result.terms]
    return json.dumps({"head": {"vars": result.variables}, "results": {"bindings": bindings}},
                      ensure_ascii=False).encode("utf-8")

def to_python(term):
    """A pyoxigraph term as a plain Python value: IRIs and strings as str, numbers as int/float,
    booleans as bool, other literals (years, dates) as their lexical form."""
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value.rsplit("#", 1)[-1] if term.datatype else ""
        try:
            if datatype in ("integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger"):
                return int(term.value)
            if datatype in ("decimal", "double", "float"):
                return float(term.value)
            if datatype == "boolean":
                return term.value in ("true", "1")
        except ValueError:
            return term.value
        return term.value
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    return term.value

def result_from(form: str, payload: bytes) -> Result:
    """A :class:`Result` from SPARQL JSON results (select, ask) or N-Triples (graph)."""
    import pyoxigraph as ox

    if form == "graph":
        return Result("graph", triples=list(ox.parse(input=payload, format=ox.RdfFormat.N_TRIPLES)), raw=payload)
    result = from_answer(ox.parse_query_results(payload, format=ox.QueryResultsFormat.JSON), form)
    result.raw = payload
    return result

def from_answer(answer, form: str) -> Result:
    """A :class:`Result` from pyoxigraph's answer object (solutions, boolean or triples)."""
    import pyoxigraph as ox

    if isinstance(answer, ox.QueryBoolean):
        return Result("ask", boolean=bool(answer))
    if not isinstance(answer, ox.QuerySolutions):
        return Result("graph", triples=list(answer))
    variables = [v.value for v in answer.variables]
    terms, rows = [], []
    for solution in answer:
        term_row, row = {}, {}
        for name in variables:
            term = solution[name]
            if term is not None:
                term_row[name] = term
                row[name] = term.value if type(term) is ox.NamedNode else to_python(term)
        terms.append(term_row)
        rows.append(row)
    return Result("select", variables, rows, terms)

def in_query_order(result: Result, text: str) -> Result:
    """``SELECT *`` columns in the order the query first names them (engines sort them)."""
    from .sparqltext import first_appearance, is_select_star

    if result.kind != "select" or not is_select_star(text):
        return result
    ordered = first_appearance(text, result.variables)
    if ordered == result.variables:
        return result
    return Result("select", ordered, [{v: row[v] for v in ordered if v in row} for row in result.rows],
                  [{v: row[v] for v in ordered if v in row} for row in result.terms])


# the SPARQL 1.1 CSV and TSV results formats define no boolean: an ASK answer is not written in them
RESULT_FORMATS = {"select": ("table", "json", "csv", "tsv", "xml"), "ask": ("table", "json", "xml"),
                  "graph": ("turtle", "nt", "jsonld")}


def format_result(result: Result, fmt: str, label=None, limit: int | None = None) -> str:
    """The result as text in ``fmt``: the SPARQL 1.1 results formats (json, xml, csv, tsv) for SELECT,
    json and xml for ASK (CSV and TSV define no boolean), exactly as specified (written by Oxigraph); turtle, nt or jsonld for graphs; or ``table``,
    aligned for people, with ``label(iri)`` shown instead of IRIs and at most ``limit`` rows."""
    import pyoxigraph as ox

    if fmt not in RESULT_FORMATS[result.kind]:
        if result.kind == "ask" and fmt in ("csv", "tsv"):
            raise UsageError(f"--format {fmt} does not fit an ASK query: the SPARQL results {fmt.upper()} format "
                             f"has no boolean; use json or xml")
        kinds = "SELECT" if result.kind == "select" else "ASK" if result.kind == "ask" else "CONSTRUCT and DESCRIBE"
        raise UsageError(f"--format {fmt} does not fit this query: {kinds} results take "
                         f"{', '.join(RESULT_FORMATS[result.kind])}")
    if result.kind == "graph":
        from ..rdf.iris import PREFIXES
        from ..rdf.rdfio import serialize

        triples = [ox.Quad(t.subject, t.predicate, t.object) for t in result.triples]
        return serialize(triples, fmt, PREFIXES).decode("utf-8")
    if fmt != "table":
        answer = ox.parse_query_results(result.payload, format=ox.QueryResultsFormat.JSON)
        name = {"json": "JSON", "xml": "XML", "csv": "CSV", "tsv": "TSV"}[fmt]
        return answer.serialize(format=getattr(ox.QueryResultsFormat, name)).decode("utf-8")
    if result.kind == "ask":
        return ("yes" if result.boolean else "no") + "\n"
    return _table(result, label, limit)

def _cell(term, label) -> str:
    import pyoxigraph as ox

    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        if label:
            shown = label(term.value)
            if shown != term.value:
                return shown
        from ..rdf.iris import shorten

        return shorten(term.value)
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    return " ".join(term.value.split())

def _table(result: Result, label, limit) -> str:
    rows = result.terms if limit is None else result.terms[:limit]
    header = result.variables
    cells = [[_cell(row.get(v), label) for v in header] for row in rows]
    from ..text import pad, width

    widths = [max([width(h)] + [width(r[i]) for r in cells]) for i, h in enumerate(header)]
    lines = ["  ".join(pad(h, w) for h, w in zip(header, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(pad(c, w) for c, w in zip(r, widths)).rstrip() for r in cells]
    return "\n".join(lines) + "\n"
