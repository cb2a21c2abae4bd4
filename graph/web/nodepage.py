"""A node's own page on ``dramagraph serve``: ``/node?iri=IRI`` (and ``/node/title/koizora`` for
dramagraph's own IRIs), the node's facts grouped by the source that states them, as Linked Data servers
serve a resource: HTML for browsers, RDF for clients that ask for it (issue 15 §6).

Where it sits: above ``page`` (the Jinja2 environment), ``expand`` (the network neighbours, from the
network index when the store has one) and ``rdfio`` (serialization); read by ``workerproc``, which
answers each request as a job of a serve worker, under the request's deadline.

* :func:`negotiate`: the format from ``format=`` or else ``Accept`` (``text/html`` by default, and for
  ``*/*``; ``text/turtle``, ``application/trig``, ``application/ld+json``, ``application/n-triples``,
  ``application/n-quads``); a 406 (:class:`~graph.errors.NotAcceptable`) when nothing fits.
* :func:`node_quads`: the node's triples, each in the named graph that states it: every triple with the
  node as subject, and those of the blank nodes it points at (its concise bounded description).
* :func:`describe`: what the page shows: label, kind, types, the facts grouped by source (the article's
  entry with the quoted passage, an imported file and row, a saved Wikidata file and item, the user's
  file, the links, the vocabulary, the default graph), the facts pointing at the node and its network
  neighbours, each list capped with its full count.
* :func:`answer`: ``(status, media type, headers, rows, body)`` of one request, like
  :func:`graph.web.answers.answer`.

The page is HTML only: no script at all, so its Content-Security-Policy allows none; every label and
literal goes through Jinja2's autoescaping.

Why one file of ~400 lines: negotiation, the node's triples and the page's description are one answer to
one request; the longest part is :func:`_source`, how each kind of source (article, file, import,
vocabulary) is named.
"""

from __future__ import annotations

from urllib.parse import quote as _quote, unquote

import pyoxigraph as ox

from .answers import accept_ranks
from ..errors import NotAcceptable, NotFoundError, UsageError
from ..rdf.iris import (ARTICLE, BASE, GRAPH_IMPORT, GRAPH_INFERRED, GRAPH_LINKS, GRAPH_ONTOLOGY, GRAPH_PROVENANCE,
                   GRAPH_USER, IMDB, PREFIXES, RDF_TYPE, WIKIDATA, expand, shorten)

__all__ = ["FORMATS", "CAP", "CSP", "negotiate", "iri_of", "iri_of_path", "node_quads", "describe", "render",
           "answer"]

FORMATS = {
    "html": "text/html; charset=utf-8",
    "turtle": "text/turtle; charset=utf-8",
    "trig": "application/trig; charset=utf-8",
    "jsonld": "application/ld+json",
    "nt": "application/n-triples",
    "nquads": "application/n-quads",
}
_ACCEPT = {
    "text/html": "html", "application/xhtml+xml": "html",
    "text/turtle": "turtle", "application/x-turtle": "turtle", "application/trig": "trig",
    "application/ld+json": "jsonld", "application/json": "jsonld",
    "application/n-triples": "nt", "text/plain": "nt", "application/n-quads": "nquads",
}
CAP = 50  # facts pointing at the node, and network neighbours, shown on the page
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'"
_RDF_PREFIXES = dict(PREFIXES)
_KINDS = ("title", "character", "person", "illness", "theme", "work kind", "concept", "work")
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def negotiate(accept: str, explicit: str | None = None) -> str:
    """The format of a node's answer: ``explicit`` (``format=``) if given, else the best type of
    ``accept`` that fits (``q=0`` refuses a type; ``*/*`` and ``text/*`` are the page), else HTML
    when ``accept`` is empty; a 406 when ``accept`` names only types that do not fit.

    >>> negotiate("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
    'html'
    >>> negotiate("application/ld+json;q=0.5, text/turtle"), negotiate("", "trig"), negotiate("*/*")
    ('turtle', 'trig', 'html')
    >>> negotiate("image/png")
    Traceback (most recent call last):
    ...
    graph.errors.NotAcceptable: no format of a node fits the Accept header 'image/png'; a node comes as text/html, text/turtle, application/trig, application/ld+json, application/n-triples or application/n-quads
    """
    if explicit:
        if explicit not in FORMATS:
            raise UsageError(f"format {explicit!r} is not one of {', '.join(FORMATS)}")
        return explicit
    if not accept.strip():
        return "html"
    ranked, refused = accept_ranks(accept)
    refused = {f for media in refused for f in _matching(media)}
    for _, _, media in sorted(ranked):
        for fmt in _matching(media):
            if fmt not in refused:
                return fmt
    types = [m.split(";")[0] for m in FORMATS.values()]
    raise NotAcceptable(f"no format of a node fits the Accept header {accept!r}; a node comes as "
                        f"{', '.join(types[:-1])} or {types[-1]}")


def _matching(media: str) -> list[str]:
    if media == "*/*":
        return list(FORMATS)
    if media.endswith("/*"):
        return [f for f in FORMATS if FORMATS[f].startswith(media[:-1])]
    return [_ACCEPT[media]] if media in _ACCEPT else []


def iri_of(text: str) -> str:
    """The IRI a request names: an absolute IRI, ``<IRI>`` or ``prefix:local`` with the project's prefixes.

    >>> iri_of("title:koizora")
    'https://w3id.org/dramagraph/title/koizora'
    """
    from ..rdf.rdfio import is_absolute_iri

    found = expand(text.strip())
    if found is None and is_absolute_iri(text.strip()):
        found = text.strip()
    try:
        ox.NamedNode(found or "")
    except ValueError:
        raise UsageError(f"iri takes an absolute IRI or prefix:name, not {text!r}") from None
    return found


def iri_of_path(path: str) -> str | None:
    """The dramagraph IRI of a node page's path form (``/node/title/koizora``), or None.

    >>> iri_of_path("/node/title/koizora"), iri_of_path("/node/")
    ('https://w3id.org/dramagraph/title/koizora', None)
    """
    rest = path[len("/node/"):] if path.startswith("/node/") else ""
    return BASE + unquote(rest) if rest.strip("/") else None


def node_quads(kg, iri: str) -> list:
    """The node's triples, each with the named graph that states it (a triple only in a store's default
    graph keeps ``DefaultGraph``): every triple with the node as subject, then those of the blank nodes
    it points at, followed (its concise bounded description). Sorted, each quad once."""
    store = kg.store
    todo, seen, quads = [ox.NamedNode(iri)], set(), []
    while todo:
        subject = todo.pop()
        if subject in seen:
            continue
        seen.add(subject)
        found = list(store.quads_for_pattern(subject, None, None, None))
        named = {(q.subject, q.predicate, q.object) for q in found if not isinstance(q.graph_name, ox.DefaultGraph)}
        for q in found:
            if not isinstance(q.graph_name, ox.DefaultGraph) or (q.subject, q.predicate, q.object) not in named:
                quads.append(q)
            if isinstance(q.object, ox.BlankNode):
                todo.append(q.object)
    return sorted(set(quads), key=str)


def _known(kg, iri: str) -> bool:
    node = ox.NamedNode(iri)
    return any(True for _ in kg.store.quads_for_pattern(node, None, None, None)) or \
        any(True for _ in kg.store.quads_for_pattern(None, None, node, None))


def _query(kg, text: str):
    return kg.store.query(text, prefixes=PREFIXES, **kg.dataset(True))


def _values(terms) -> str:
    return " ".join(str(t) for t in terms)


def _labels(kg, iris) -> dict[str, str]:
    """The display name of each IRI that has one (:func:`graph.query.facts.display_labels`)."""
    from ..query.facts import display_labels

    return display_labels(kg, iris)


def _kind(kg, iri: str) -> str:
    """The node's kind, as the name index gives it (the first of :data:`graph.query.names.KIND_ORDER`)."""
    from ..query.catalog import get
    from ..query.sparqltext import inline

    found = {row["kind"].value for row in _query(kg, inline(get("kinds").text, "node", ox.NamedNode(iri)))}
    return next((k for k in _KINDS if k in found), "other")


def _term(term, labels: dict, root: str) -> dict:
    """A value as the page shows it: an IRI links to its own page with its label (a vocabulary's term in
    plain words); a literal is its text, with its language in words as a note; ``rdf`` is the value as
    RDF writes it (``"2007"^^xsd:gYear``), shown only on asking ("show RDF")."""
    from ..rdf.labels import language_label

    if isinstance(term, ox.NamedNode):
        return {"iri": term.value, "text": labels.get(term.value) or shorten(term.value),
                "short": shorten(term.value), "href": node_href(term.value, root), "note": None,
                "rdf": shorten(term.value)}
    if isinstance(term, ox.BlankNode):
        return {"iri": None, "text": f"_:{term.value}", "short": None, "href": None, "note": "blank node",
                "rdf": f"_:{term.value}"}
    quoted = '"' + term.value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    if term.language:
        rdf = f"{quoted}@{term.language}"
    elif term.datatype.value != _XSD_STRING:
        rdf = f"{quoted}^^{shorten(term.datatype.value)}"
    else:
        rdf = quoted
    note = language_label(term.language) if term.language else None
    return {"iri": None, "text": term.value, "short": None, "href": None, "note": note, "rdf": rdf}


def node_href(iri: str, root: str = "") -> str:
    """The address of a node's page, relative to the server's root ``root`` ("" or "../")."""
    return f"{root}node?iri={_quote(iri, safe='')}"


_RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def _sources(kg, graphs, node_iri: str, labels: dict) -> dict:
    """For each named graph: how the page names its source (``what``, ``detail``, ``quote``, ``link``)."""
    graphs = sorted(g for g in graphs if g)
    rows = {}
    if graphs:
        text = (f"SELECT ?graph ?from ?quote ?source ?entry ?file ?time ?activity WHERE {{ "
                f"VALUES ?graph {{ {_values(ox.NamedNode(g) for g in graphs)} }} "
                f"OPTIONAL {{ ?graph prov:wasDerivedFrom ?from . OPTIONAL {{ ?from prov:value ?quote }} "
                f"OPTIONAL {{ ?from prov:wasQuotedFrom ?source }} OPTIONAL {{ ?from schema:position ?entry }} "
                f"OPTIONAL {{ ?from schema:name ?file }} }} "
                f"OPTIONAL {{ ?graph prov:generatedAtTime ?time }} "
                f"OPTIONAL {{ ?family schema:hasPart ?graph ; schema:description ?activity }} }}")
        quotes: dict[str, dict[str, str]] = {}  # a graph derived from several quotations shows them all
        for row in _query(kg, text):
            rows.setdefault(row["graph"].value, {k: (row[k].value if row[k] is not None else None)
                                                 for k in ("from", "quote", "source", "entry", "file", "time",
                                                           "activity")})
            if row["quote"] is not None:
                quotes.setdefault(row["graph"].value, {})[row["from"].value] = row["quote"].value
        for g, found in quotes.items():
            rows[g]["quote"] = " … ".join(found[k] for k in sorted(found))
    sources = {}
    for g in graphs:
        r = rows.get(g, {})
        if r.get("quote") is None and (r.get("from") or "").startswith(BASE + "source/"):
            # derived from one of the project's own sources (its editorial choice): named by its label
            found = list(kg.store.quads_for_pattern(ox.NamedNode(r["from"]), ox.NamedNode(_RDFS_LABEL), None, None))
            sources[g] = {"what": found[0].object.value if found else shorten(r["from"]),
                          "detail": "the project's own words, not a source's", "link": r["from"], "internal": True,
                          "order": (1, 0, g)}
            continue
        sources[g] = _source(g, r, node_iri, labels)
    return sources


def _source(g: str, r: dict, node_iri: str, labels: dict) -> dict:
    when = f", {r['time'].replace('T', ' ').rstrip('Z')} UTC" if r.get("time") else ""
    if r.get("quote") is not None:
        source = r.get("source") or ""
        if source == ARTICLE or source.startswith(BASE):
            what = labels.get(source) or shorten(source)
            what = f"the article “{what}”" if source == ARTICLE else what
        else:
            what = "a quoted web page"
        entry = f", entry {r['entry']}" if r.get("entry") else ""
        return {"what": what + entry, "quote": r["quote"], "link": source or None, "internal": source.startswith(BASE),
                "order": (0, int(r["entry"]) if str(r.get("entry") or "").isdigit() else 99, g)}
    derived = r.get("from") or ""
    path = unquote(derived[len("file://"):]) if derived.startswith("file://") else derived
    if g.startswith(GRAPH_USER):
        return {"what": f"your file {path or g[len(GRAPH_USER):]}", "detail": f"added with `dramagraph add`{when}",
                "order": (1, 0, g)}
    if g.startswith(GRAPH_IMPORT + "wikidata/"):
        item = node_iri[len(WIKIDATA):] if node_iri.startswith(WIKIDATA) else ""
        detail = f"the statements of Wikidata item {item}" if item and not item.startswith("role/") else ""
        return {"what": f"the saved Wikidata file {r.get('file') or path or g}",
                "detail": ", ".join(x for x in (detail, r.get("activity")) if x) + when,
                "link": f"https://www.wikidata.org/wiki/{item}" if detail else None, "internal": False,
                "order": (2, 0, g)}
    if g.startswith(GRAPH_IMPORT):
        key = node_iri[len(IMDB):] if node_iri.startswith(IMDB) else ""
        row = ""
        if key.startswith("role/"):
            tconst, _, ordering = key[len("role/"):].partition("-")
            row = f"the row of {tconst}, ordering {ordering.split('-')[0]}"
        elif key:
            file = r.get("file") or ""
            row = f"the row of {key}" if file.startswith(("title.basics", "name.basics")) else f"the rows of {key}"
        activity = r.get("activity") or ""
        return {"what": f"the imported file {r.get('file') or path or g}",
                "detail": ", ".join(x for x in (row, activity) if x) + when, "order": (2, 1, g)}
    if g == GRAPH_LINKS:
        return {"what": "the links between sources", "detail": f"found by `dramagraph link`{when}", "order": (3, 0, g)}
    if g == GRAPH_INFERRED:
        return {"what": "inferred", "detail": "OWL 2 RL over the asserted triples (--infer)", "order": (4, 0, g)}
    if g == GRAPH_PROVENANCE:
        return {"what": "the provenance records", "detail": "where each source's facts came from", "order": (4, 1, g)}
    if g.startswith(GRAPH_ONTOLOGY):
        return {"what": "dramagraph's vocabulary", "detail": f"ontology/{g[len(GRAPH_ONTOLOGY):]}.ttl",
                "order": (5, 0, g)}
    return {"what": f"the file {path or g}", "detail": when.lstrip(", "), "order": (6, 0, g)}


def _incoming(kg, iri: str, labels_wanted: set, cap: int) -> tuple[int, list]:
    """(how many, the first ``cap`` by property and subject): the facts with the node as object, as
    (subject, property), each once whichever graphs state it (read from the store's object index)."""
    import heapq

    found = {(q.subject, q.predicate) for q in kg.store.quads_for_pattern(None, None, ox.NamedNode(iri), None)}
    rows = heapq.nsmallest(cap, found, key=lambda sp: (sp[1].value, str(sp[0])))
    labels_wanted.update(s.value for s, _ in rows if isinstance(s, ox.NamedNode))
    return len(found), rows


def describe(kg, iri: str, root: str = "", cap: int = CAP) -> dict:
    """What the node's page shows (see the module's text); raises :class:`NotFoundError` for an IRI that
    no triple of the store holds as subject or object."""
    from ..network import expand
    from ..rdf.labels import term_label

    if not _known(kg, iri):
        raise NotFoundError(f"no node <{iri}> in the graph")
    quads = node_quads(kg, iri)
    network = None
    try:
        network = expand.neighbourhood(kg, iri, cap, facts=False)
    except NotFoundError:
        pass
    wanted = {iri} | {q.object.value for q in quads if isinstance(q.object, ox.NamedNode)}
    wanted |= {q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode)}
    incoming_total, incoming = _incoming(kg, iri, wanted, cap)
    labels = _labels(kg, wanted | {ARTICLE})
    graphs = {q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode)}
    sources = _sources(kg, graphs, iri, labels)
    groups: dict = {}
    subject = ox.NamedNode(iri)
    for q in quads:
        g = q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else None
        if g not in groups:
            source = sources[g] if g else {"what": "the store's default graph", "detail": "no named source",
                                          "order": (7, 0, "")}
            groups[g] = dict(source, graph=g, graph_short=shorten(g) if g else None,
                             graph_href=node_href(g, root) if g else None, facts=[])
        groups[g]["facts"].append({"subject": None if q.subject == subject else f"_:{q.subject.value}",
                                   "property": shorten(q.predicate.value), "property_iri": q.predicate.value,
                                   "label": term_label(q.predicate.value), "value": _term(q.object, labels, root)})
    ordered = sorted(groups.values(), key=lambda s: s["order"])
    for group in ordered:
        group.pop("order")
        group["facts"].sort(key=lambda f: (f["subject"] or "", f["property"], f["value"]["text"]))
        for key in ("detail", "quote", "link"):
            group.setdefault(key, None)
        group["link_href"] = (node_href(group["link"], root) if group.get("internal") else group["link"]) \
            if group["link"] else None
        group.pop("internal", None)
    if network is not None:
        label, kind = network["node"]["label"], network["node"]["kind"]
    else:
        label, kind = labels.get(iri) or shorten(iri), _kind(kg, iri)
    type_iris = sorted({q.object.value for q in quads
                        if q.subject == subject and q.predicate.value == RDF_TYPE and isinstance(q.object, ox.NamedNode)},
                       key=shorten)
    types = [shorten(t) for t in type_iris]
    answer = {"iri": iri, "label": label, "kind": kind, "types": types,
              "type_words": [{"text": labels.get(t) or shorten(t), "iri": t} for t in type_iris], "sources": ordered,
              "facts": sum(len(g["facts"]) for g in ordered),
              "incoming": {"total": incoming_total,
                           "shown": [{"from": _term(s, labels, root), "property": shorten(p.value),
                                      "label": term_label(p.value), "property_iri": p.value}
                                     for s, p in incoming]},
              "neighbours": None}
    if network is not None:
        links: dict = {}
        for link in network["links"]:
            links.setdefault(link["to"], []).append(link["label"])
        answer["neighbours"] = {"total": network["total"], "shown": [
            {"iri": n["id"], "text": n["label"], "kind": n["kind"], "href": node_href(n["id"], root),
             "links": sorted(set(links.get(n["id"], [])))} for n in network["neighbours"]]}
    return answer


def render(data: dict, root: str = "") -> str:
    """The node's page as HTML (``graph/web/templates/node.html`` with ``graph/web/static/node.css``)."""
    from .page import page_environment, static_text

    describe_query = f"DESCRIBE <{data['iri']}>"
    alternates = [(fmt, FORMATS[fmt].split(";")[0], f"{node_href(data['iri'], root)}&format={fmt}")
                  for fmt in ("turtle", "trig", "jsonld", "nt")]
    return page_environment().get_template("node.html").render(
        node=data, css=static_text("node.css"), csp=CSP, root=root or "./",
        explore_href=f"{root}explore?iri={_quote(data['iri'], safe='')}", sparql_href=f"{root}?query={_quote(describe_query, safe='')}",
        describe_query=describe_query, alternates=alternates)


def answer(kg, iri: str, accept: str = "", explicit: str | None = None, root: str = "", by_name: bool = False):
    """(status, media type, headers, rows, body) of ``/node``: the page or the node's RDF in the format
    :func:`negotiate` picks; rows is the number of the node's triples (quads for TriG and N-Quads).
    ``by_name``: ``iri`` is a name as people write it (``/node?name=恋空``), found by the one name search
    (:func:`graph.query.names.resolve`: any script, either name order, "did you mean" when unknown)."""
    from ..rdf.rdfio import serialize

    fmt = negotiate(accept, explicit)
    if by_name:
        from ..query.names import resolve

        iri = resolve(kg, iri).iri
    iri = iri_of(iri)
    headers = {"Vary": "Accept"}
    if fmt == "html":
        data = describe(kg, iri, root)
        headers.update({"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff"})
        return 200, FORMATS[fmt], headers, data["facts"], render(data, root).encode("utf-8")
    if not _known(kg, iri):
        raise NotFoundError(f"no node <{iri}> in the graph")
    quads = node_quads(kg, iri)
    if fmt in ("trig", "nquads"):
        items = quads
    else:
        items = list(dict.fromkeys(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in quads))
    used = {t.value for q in items for t in (q.subject, q.predicate, q.object, q.graph_name)
            if isinstance(t, ox.NamedNode)}
    prefixes = {k: v for k, v in _RDF_PREFIXES.items() if any(i.startswith(v) for i in used)}
    return 200, FORMATS[fmt], headers, len(items), serialize(items, fmt, prefixes)
