"""Read a file saved from Wikidata into dramagraph's model: films and TV series, their casts with the
characters, source works and authors, years, episode counts, main subjects, IMDb links, English and
Japanese names (one plain ``schema:name``; Japanese labels and aliases as ``schema:alternateName`` tagged
``@ja``, the name in kana P1814 ``@ja-Kana`` or ``@ja-Hira``, the Revised Hepburn romanization P2125
``@ja-Latn``: queries/wikidata/alternate-names.rq).

The input is what a user saves from Wikidata: the RDF of a Wikidata Query Service CONSTRUCT (Turtle,
N-Triples, RDF/XML, JSON-LD) in Wikidata's own vocabulary (wd:, wdt:, p:/ps:/pq: statement nodes, psv:
value nodes), a slice of the RDF dump (N-Triples), or entity JSON (a ``Special:EntityData/Q….json``
document ``{"entities": {...}}``, a dump as a JSON array, or one entity per line). Entity JSON is first
turned into the same Wikidata RDF (:func:`entity_triples`), so there is ONE mapping: the SPARQL CONSTRUCT
queries of ``queries/wikidata/*.rq``, one per concept, which a user can read and extend. They run over
an in-memory pyoxigraph store holding the input; their results are added to it and every query runs
again until nothing new comes (later queries start from the nodes earlier ones made: cast.rq from the
titles of titles.rq, names.rq from every node), so their order does not matter.

Where it sits: before the store in the data flow (like graph.sources.synth): it writes N-Triples files that the
caller bulk-loads into the named graph ``GRAPH_IMPORT + "wikidata/" + NAME`` (provenance is the caller's).
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pyoxigraph as ox

from ..errors import InputError, ParseError
from ..rdf.iris import GRAPH_IMPORT, WD_ENTITY, WIKIDATA, slugify
from ..progress import bar
from ..rdf.rdfio import parse_bytes
from ..rdf.resources import queries_dir

__all__ = ["convert", "entity_triples", "mapping_queries", "graph_of", "LANGUAGES"]

LANGUAGES = ("en", "mul", "ja")  # the labels and aliases read from entity JSON
WDT = "http://www.wikidata.org/prop/direct/"
P = "http://www.wikidata.org/prop/"
PS = P + "statement/"
PSV = P + "statement/value/"
PQ = P + "qualifier/"
PQV = P + "qualifier/value/"
WDS = WD_ENTITY + "statement/"
WDV = "http://www.wikidata.org/value/"
WIKIBASE = "http://wikiba.se/ontology#"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS_ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
XSD = "http://www.w3.org/2001/XMLSchema#"
_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_RDF_FORMATS = {".ttl": "turtle", ".turtle": "turtle", ".nt": "nt", ".ntriples": "nt", ".rdf": "xml",
                ".xml": "xml", ".owl": "xml", ".jsonld": "jsonld"}
_MAX_PASSES = 10


def graph_of(source: str | Path, name: str | None = None) -> str:
    """The named graph of a Wikidata file: ``GRAPH_IMPORT + "wikidata/" + NAME``, NAME = ``name`` or the
    slug of the file's stem.

    >>> graph_of("data/Koizora Film.ttl")
    'https://w3id.org/dramagraph/graph/import/wikidata/koizora-film'
    """
    return f"{GRAPH_IMPORT}wikidata/{slugify(name if name else Path(source).stem)}"


def mapping_queries(folder: Path | None = None) -> list[tuple[str, str]]:
    """``(file name, query text)`` of every ``.rq`` of ``queries/wikidata`` (or ``folder``), sorted."""
    folder = folder or queries_dir() / "wikidata"
    return [(path.name, path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.rq"))]


# ------------------------------------------------------------------ entity JSON → Wikidata RDF
def _lit(value: str, lang: str | None = None, datatype: str | None = None) -> ox.Literal:
    if lang:
        return ox.Literal(value, language=lang)
    return ox.Literal(value, datatype=ox.NamedNode(datatype)) if datatype else ox.Literal(value)


def _time_literal(time: str) -> ox.Literal | None:
    """Wikidata's ``+2007-00-00T00:00:00Z`` as an xsd:dateTime, month and day 00 written 01 (the value
    node's precision says which parts mean something)."""
    match = re.fullmatch(r"([+-])(\d{1,16})-(\d\d)-(\d\d)T(\d\d:\d\d:\d\d)Z", time)
    if not match:
        return None
    sign, year, month, day, clock = match.groups()
    year = year.lstrip("0").rjust(4, "0")
    month, day = (month if month != "00" else "01"), (day if day != "00" else "01")
    return _lit(f"{'-' if sign == '-' else ''}{year}-{month}-{day}T{clock}Z", datatype=XSD + "dateTime")


def _value(datavalue: dict) -> tuple[ox.NamedNode | ox.Literal | None, list[ox.Triple], ox.NamedNode | None]:
    """The RDF of one snak's datavalue: ``(simple value, triples of its value node, value node)``."""
    kind, value = datavalue.get("type"), datavalue.get("value")
    if kind == "wikibase-entityid" and isinstance(value, dict):
        entity = value.get("id") or (f"Q{value['numeric-id']}" if "numeric-id" in value else None)
        return (ox.NamedNode(WD_ENTITY + entity) if entity and re.fullmatch(r"[A-Z]\d+", entity) else None), [], None
    if kind == "string" and isinstance(value, str):
        return _lit(value), [], None
    if kind == "monolingualtext" and isinstance(value, dict):
        return _lit(value["text"], lang=value["language"]), [], None
    if kind == "quantity" and isinstance(value, dict):
        amount = str(value.get("amount", "")).lstrip("+")
        return (_lit(amount, datatype=XSD + "decimal") if re.fullmatch(r"-?\d+(\.\d+)?", amount) else None), [], None
    if kind == "time" and isinstance(value, dict):
        literal = _time_literal(str(value.get("time", "")))
        if literal is None:
            return None, [], None
        node = ox.NamedNode(WDV + hashlib.sha1(json.dumps(value, sort_keys=True).encode()).hexdigest())
        triples = [ox.Triple(node, _TYPE, ox.NamedNode(WIKIBASE + "TimeValue")),
                   ox.Triple(node, ox.NamedNode(WIKIBASE + "timeValue"), literal),
                   ox.Triple(node, ox.NamedNode(WIKIBASE + "timePrecision"),
                             _lit(str(int(value.get("precision", 0))), datatype=XSD + "integer"))]
        if value.get("calendarmodel"):
            triples.append(ox.Triple(node, ox.NamedNode(WIKIBASE + "timeCalendarModel"),
                                     ox.NamedNode(value["calendarmodel"])))
        return literal, triples, node
    return None, [], None


def entity_triples(entity: dict) -> list[ox.Triple]:
    """The Wikidata RDF (as in the RDF dump format) of one entity of Wikidata's JSON: labels and aliases
    in English, multilingual and Japanese (rdfs:label, skos:altLabel), every statement as a p:/ps:/pq:
    statement node with its wikibase:rank, time values also as psv:/pqv: value nodes (wikibase:timeValue,
    wikibase:timePrecision), and the truthy wdt: triples of the best-ranked statements."""
    qid = entity.get("id")
    if not isinstance(qid, str) or not re.fullmatch(r"[QP]\d+", qid):
        return []
    item = ox.NamedNode(WD_ENTITY + qid)
    out: list[ox.Triple] = []
    for lang in LANGUAGES:
        label = (entity.get("labels") or {}).get(lang)
        if isinstance(label, dict) and isinstance(label.get("value"), str):
            out.append(ox.Triple(item, ox.NamedNode(RDFS_LABEL), _lit(label["value"], lang=lang)))
        for alias in (entity.get("aliases") or {}).get(lang) or []:
            if isinstance(alias, dict) and isinstance(alias.get("value"), str):
                out.append(ox.Triple(item, ox.NamedNode(SKOS_ALT), _lit(alias["value"], lang=lang)))
    claims = entity.get("claims") or entity.get("statements") or {}
    for prop, statements in claims.items() if isinstance(claims, dict) else ():
        if not re.fullmatch(r"P\d+", prop) or not isinstance(statements, list):
            continue
        statements = [s for s in statements if isinstance(s, dict)]
        ranks = {s.get("rank", "normal") for s in statements}
        best = "preferred" if "preferred" in ranks else "normal"
        for statement in statements:
            rank = statement.get("rank", "normal")
            node = ox.NamedNode(WDS + re.sub(r"[^A-Za-z0-9_.-]", "-", str(statement.get("id") or
                                f"{qid}-{hashlib.sha1(json.dumps(statement, sort_keys=True).encode()).hexdigest()}")))
            out.append(ox.Triple(item, ox.NamedNode(P + prop), node))
            out.append(ox.Triple(node, _TYPE, ox.NamedNode(WIKIBASE + "Statement")))
            out.append(ox.Triple(node, ox.NamedNode(WIKIBASE + "rank"),
                                 ox.NamedNode(WIKIBASE + rank.capitalize() + "Rank")))
            snak = statement.get("mainsnak") or {}
            if snak.get("snaktype") == "value" and isinstance(snak.get("datavalue"), dict):
                simple, value_triples, value_node = _value(snak["datavalue"])
                if simple is not None:
                    out.append(ox.Triple(node, ox.NamedNode(PS + prop), simple))
                    if rank == best:
                        out.append(ox.Triple(item, ox.NamedNode(WDT + prop), simple))
                if value_node is not None:
                    out.append(ox.Triple(node, ox.NamedNode(PSV + prop), value_node))
                    out.extend(value_triples)
            for qprop, snaks in (statement.get("qualifiers") or {}).items():
                for qsnak in snaks if isinstance(snaks, list) else ():
                    if isinstance(qsnak, dict) and qsnak.get("snaktype") == "value" \
                            and isinstance(qsnak.get("datavalue"), dict):
                        simple, value_triples, value_node = _value(qsnak["datavalue"])
                        if simple is not None:
                            out.append(ox.Triple(node, ox.NamedNode(PQ + qprop), simple))
                        if value_node is not None:
                            out.append(ox.Triple(node, ox.NamedNode(PQV + qprop), value_node))
                            out.extend(value_triples)
    return out


def _json_entities(data: bytes, where: str) -> list[dict]:
    """The entities of a JSON file: ``{"entities": {...}}``, a JSON array (a dump), one entity per line
    (a dump's lines, with their trailing commas), or a single entity."""
    text = data.decode("utf-8-sig")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as whole:
        entities = []
        for number, line in enumerate(text.splitlines(), 1):
            line = line.strip().rstrip(",")
            if line in ("", "[", "]"):
                continue
            try:
                entities.append(json.loads(line))
            except json.JSONDecodeError as e:
                if number == 1 or not entities:
                    raise ParseError(f"invalid JSON: {whole.msg}", where, whole.lineno, whole.colno) from None
                raise ParseError(f"invalid JSON: {e.msg}", where, number, e.colno) from None
        document = entities
    if isinstance(document, dict) and isinstance(document.get("entities"), dict):
        entities = list(document["entities"].values())
    elif isinstance(document, dict) and "id" in document and ("claims" in document or "labels" in document):
        entities = [document]
    elif isinstance(document, list):
        entities = document
    else:
        raise InputError(f"{where}: not a Wikidata entity document: expected {{\"entities\": {{...}}}} "
                         f"(Special:EntityData/Q….json), a JSON array of entities or one entity per line")
    bad = next((k for k, e in enumerate(entities) if not (isinstance(e, dict) and isinstance(e.get("id"), str))),
               None)
    if bad is not None:
        raise InputError(f"{where}: entity {bad + 1} is not a Wikidata entity (an object with an \"id\")")
    return entities


def _is_json_ld(data: bytes) -> bool:
    head = data.lstrip()[:4096].decode("utf-8", "ignore")
    return bool(re.search(r'"@(context|graph|id)"', head)) and not re.search(r'"(entities|claims)"\s*:', head)


def _read(source: Path) -> list:
    """The input's triples (all in the default graph) as pyoxigraph quads or triples."""
    where = str(source)
    try:
        data = source.read_bytes()
    except OSError as e:
        raise InputError(f"{where}: cannot read: {e.strerror or e}") from None
    suffix = source.suffix.lower()
    if suffix in (".json", ".ndjson", ".jsonl") and not _is_json_ld(data):
        triples = []
        for entity in _json_entities(data, where):
            triples.extend(entity_triples(entity))
        return triples
    fmt = "jsonld" if suffix == ".json" else _RDF_FORMATS.get(suffix)
    if fmt is None:
        raise InputError(f"{where}: cannot tell the format from the extension {suffix!r}; use .ttl, .nt, .rdf, "
                         f".jsonld (Wikidata RDF) or .json, .ndjson (Wikidata entity JSON)")
    return [ox.Triple(q.subject, q.predicate, q.object) for q in parse_bytes(data, fmt, where)]


# ------------------------------------------------------------------ the mapping
def _map(triples, queries, progress: bool, where: str) -> ox.Store:
    """Run ``queries`` over the input until they add nothing new; a store whose named graph
    ``<urn:dramagraph:mapped>`` holds the result; the bar names ``where`` (the user's file)."""
    store = ox.Store()
    store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples)
    mapped = ox.NamedNode("urn:dramagraph:mapped")
    with bar(None, f"mapping {where}", unit="query", enabled=progress) as shown:
        for _ in range(_MAX_PASSES):
            added = 0
            for name, text in queries:
                shown.set_postfix_str(name)
                try:
                    results = list(store.query(text, use_default_graph_as_union=True))
                except SyntaxError as e:
                    raise ParseError(f"the mapping query is not valid SPARQL: {e}", name) from None
                new = [ox.Quad(t.subject, t.predicate, t.object, mapped) for t in results]
                new = [q for q in new if q not in store]
                for quad in new:
                    store.add(quad)
                added += len(new)
                shown.update(1)
            if not added:
                break
    return store


_COUNT_NAMES = ("titles", "films", "series", "people", "roles", "characterNames", "characters", "works",
                "subjects")
_COUNTS = """
PREFIX schema: <https://schema.org/>
PREFIX dg: <https://w3id.org/dramagraph/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT
  (COUNT(DISTINCT ?title) AS ?titles) (COUNT(DISTINCT ?film) AS ?films) (COUNT(DISTINCT ?series) AS ?series)
  (COUNT(DISTINCT ?person) AS ?people) (COUNT(DISTINCT ?role) AS ?roles)
  (COUNT(DISTINCT ?named) AS ?characterNames) (COUNT(DISTINCT ?character) AS ?characters)
  (COUNT(DISTINCT ?work) AS ?works) (COUNT(DISTINCT ?subject) AS ?subjects)
WHERE { GRAPH <urn:dramagraph:mapped> {
  { ?title a ?k . VALUES ?k { schema:Movie schema:TVSeries } }
  UNION { ?film a schema:Movie } UNION { ?series a schema:TVSeries } UNION { ?person a schema:Person }
  UNION { ?role a schema:PerformanceRole } UNION { ?named schema:characterName ?n }
  UNION { ?character a dg:Character } UNION { ?x schema:isBasedOn ?work } UNION { ?y schema:about ?subject }
} }
"""


def convert(source: str | Path, out_dir: Path, *, name: str | None = None, progress: bool = False,
            queries: list[tuple[str, str]] | None = None) -> dict:
    """Convert the saved Wikidata file ``source`` into one N-Triples file in ``out_dir`` (which exists and
    is empty), the facts of the named graph :func:`graph_of` ``(source, name)``.

    ``queries`` (``(name, text)`` pairs) replace the mapping of ``queries/wikidata``. Returns
    ``{"parts": [{"graph", "path", "source", "triples"}], "counts": {"titles", "films", "series", "people",
    "roles", "characterNames", "characters", "works", "subjects"}}``. A file that cannot be read or parsed
    raises :class:`~graph.errors.ParseError` or :class:`~graph.errors.InputError` (one line, naming the file);
    so does a file with no film or TV series in it.
    """
    source = Path(source)
    graph = graph_of(source, name)
    store = _map(_read(source), queries if queries is not None else mapping_queries(), progress, source.name)
    row = next(iter(store.query(_COUNTS)))
    counts = {key: int(row[key].value) for key in _COUNT_NAMES}
    if counts["titles"] == 0:
        raise InputError(f"{source}: no film or TV series in this file: no item is an instance (P31) of film "
                         f"(Q11424), television series (Q5398426) or a subclass the mapping knows "
                         f"(queries/wikidata/titles.rq)")
    mapped = ox.NamedNode("urn:dramagraph:mapped")
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, mapped)]
    text = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
    lines = sorted(set(line for line in text.splitlines() if line.strip()))
    path = Path(out_dir) / f"wikidata-{slugify(name if name else source.stem)}.nt"
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return {"parts": [{"graph": graph, "path": path, "source": source, "triples": len(lines)}], "counts": counts}
