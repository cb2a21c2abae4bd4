"""Step 5 (network): search a name, then expand a node's neighbourhood — what the page of ``dramagraph
serve`` at ``/explore`` asks for, one small answer at a time, so that a graph of any size is explored
from a search outwards (as Neo4j Bloom does) instead of drawn whole.

Where it sits: above ``networks``, ``netindex`` and ``facts``; read by ``workerproc`` (each call is a
job of a serve worker) and ``api``. Both answers come from the network index when the store has one
(:mod:`graph.network.netindex`: memory-mapped arrays, no SPARQL), else from the ``full`` view built once from
SPARQL (:func:`graph.network.networks.network`). Same answers either way (``tests/web/test_serve_explore.py``).

* :func:`search`: nodes whose name or alternate name matches in any script (:mod:`graph.query.namefold`),
  best first, ranked as the ``viz`` page ranks (exact name, another exact form, prefix, word prefix, anywhere; then titles before people,
  characters, illnesses, themes and works; then by name).
* :func:`connection`: how two named things are connected (the path box of ``/explore``, as the Oracle of
  Bacon answers): the shortest path that ``dramagraph path A B`` gives, hop by hop, and up to
  :data:`ALTERNATIVES` other shortest paths (``dramagraph path A B --all``'s order) with how many more.
* :func:`neighbourhood`: a node, its facts with their sources, and its neighbours in the ``full`` view
  (the most linked first, at most ``limit``; ``total`` says how many there are) with the links between
  the node and each of them.
"""

from __future__ import annotations

import heapq

from ..errors import NotFoundError, UsageError
from ..store.knowledge import cached
from ..query import namefold
from ..query.names import fold

__all__ = ["search", "neighbourhood", "connection", "KIND_RANK", "MAX_LIMIT", "MAX_NAME", "ALTERNATIVES"]

# the order the viz page's legend gives kinds, which its search uses too
KIND_RANK = {k: i for i, k in enumerate(("title", "person", "character", "illness", "theme", "work", "work kind",
                                         "concept", "other"))}
MAX_LIMIT = 500
MAX_NAME = 200  # characters of a name given to connection()
ALTERNATIVES = 5  # other shortest paths that connection() lists


class _Graph:
    """The full view seen the same way from the index or from networkx: ids, labels, kinds, degrees,
    alternate names, neighbours and the links between two nodes."""

    def __init__(self, kg):
        from .netbuild import current

        self.ix = current(kg)
        if self.ix is not None:
            self.V = self.ix.views["full"]
            self.nodes = [int(i) for i in self.V.order]
            self.degrees = self.V.degree()
        else:
            from .networks import network

            self.G = network(kg, "full")
            self.nodes = sorted(self.G.nodes)
            self.position = {n: i for i, n in enumerate(self.nodes)}

    def iri(self, node) -> str:
        return self.ix.iri(node) if self.ix is not None else node

    def find(self, iri: str):
        if self.ix is not None:
            i = self.ix.id(iri)
            return i if i is not None and i in self.V else None
        return iri if iri in self.G else None

    def attrs(self, node) -> dict:
        if self.ix is not None:
            return self.V.node_attrs(node)
        data = self.G.nodes[node]
        return {"label": data.get("label", node), "kind": data.get("kind", "other"),
                "altNames": list(data.get("altNames") or [])}

    def degree(self, node) -> int:
        if self.ix is not None:
            return int(self.degrees[node])
        return len(self.G[node]) + (node in self.G[node])  # distinct neighbours; a loop counts 2

    def neighbours(self, node) -> list:
        if self.ix is not None:
            return sorted({int(n) for n in self.V.neighbours(node)} - {node})
        return sorted(set(self.G[node]) - {node})

    def links(self, a, b) -> list[dict]:
        """The links between ``a`` and ``b``: relation and label, each once, sorted."""
        if self.ix is not None:
            found = [self.V.edge_attrs(int(e)) for e in self.V.edges_between(a, b)]
        else:
            found = list(self.G.get_edge_data(a, b, default={}).values())
        return sorted({(str(d.get("relation", "")), str(d.get("label") or d.get("relation", ""))) for d in found})


def _graph(kg) -> _Graph:
    return cached(kg, "expand graph", lambda: _Graph(kg))


def _entry(g: _Graph, node) -> dict:
    attrs = g.attrs(node)
    return {"id": g.iri(node), "label": str(attrs["label"]), "kind": attrs["kind"],
            "altNames": sorted(map(str, attrs["altNames"])), "degree": g.degree(node)}


def _keys(kg):
    """Per node of the full view: (node, its search forms (:func:`graph.query.namefold.search_forms`: the
    folded label first), the forms joined as words to search, kind, label)."""
    g = _graph(kg)

    def build():
        if g.ix is not None:  # the index's tables read whole: as View.node_attrs gives them, node by node
            import json

            labels, alts, kinds = g.ix.labels.all(), g.ix.alt.all(), g.ix.kind_codes.tolist()
            attrs = ({"label": labels[n], "kind": g.ix.kinds[kinds[n]],
                      "altNames": json.loads(alts[n]) if alts[n] else []} for n in g.nodes)
        else:
            attrs = (g.attrs(n) for n in g.nodes)
        keys = []
        for node, a in zip(g.nodes, attrs):
            # no kana of romaji, no other order: the query is varied instead (namefold.query_variants)
            forms = namefold.search_forms(str(a["label"]), a["altNames"], kana=False)
            keys.append((node, forms, " " + " ".join(forms), a["kind"], str(a["label"])))
        return keys

    return cached(kg, "expand search keys", build)


def search(kg, text: str, limit: int = 20) -> dict:
    """``{"query", "total", "results": [node, ...], "suggestions": [name, ...]}``: the nodes of the full
    view one of whose names matches ``text`` in any script (:mod:`graph.query.namefold`: case, accents,
    long vowels, width and kana folded; kana found by romaji and romaji by kana; a person's name in either
    order), best first, at most ``limit``; each node with ``id`` (IRI), ``label``, ``kind``, ``altNames``
    and ``degree``. When nothing matches, ``suggestions`` holds up to three close names ("did you mean")."""
    limit = _limit(limit)
    qs = [(q.strip(), other) for q, other in namefold.query_variants(text) if q.strip()]
    if not qs:
        raise UsageError("give a name to search, e.g. q=Koizora")
    g = _graph(kg)
    ranked: dict = {}
    keys = _keys(kg)
    texts = [q for q, _ in qs]
    # one pass over the nodes for all the query's forms (most nodes stop at this test)
    if len(texts) == 1:
        a = texts[0]
        candidates = [k for k in keys if a in k[2]]
    elif len(texts) == 2:
        a, b = texts
        candidates = [k for k in keys if a in k[2] or b in k[2]]
    else:
        candidates = [k for k in keys if any(q in k[2] for q in texts)]
    rank = namefold.rank
    if len(qs) == 1 and not qs[0][1]:  # one form: as before issue 29, a list of the matches
        q = qs[0][0]
        found = [(r, KIND_RANK.get(kind, 99), forms[0], node) for node, forms, words, kind, _ in candidates
                 if (r := rank(forms, q, words)) >= 0]
    else:
        for node, forms, words, kind, _ in candidates:
            for q, other_order in qs:
                if q not in words or (other_order and kind != "person"):
                    continue
                r = rank(forms, q, words)
                if r >= 0 and (node not in ranked or r < ranked[node][0]):
                    # the node last: an index's ids are in IRI order, as the fallback's IRIs are
                    ranked[node] = (r, KIND_RANK.get(kind, 99), forms[0], node)
        found = list(ranked.values())
    best = heapq.nsmallest(limit, found)
    answer = {"query": text, "total": len(found), "results": [_entry(g, f[3]) for f in best], "suggestions": []}
    if not found:
        answer["suggestions"] = _suggest(kg, [q for q, _ in qs])
    return answer


def _suggest(kg, qs: list[str]) -> list[str]:
    """Up to three labels of nodes with a name close to one of the query's forms."""
    def build():
        by_form: dict[str, str] = {}
        for _, forms, _, _, label in _keys(kg):
            for form in forms:
                by_form.setdefault(form, label)
        return by_form, list(by_form)

    by_form, candidates = cached(kg, "expand suggestion forms", build)
    shown: list[str] = []
    for q in qs:
        for form in namefold.close(q, candidates):
            if by_form[form] not in shown:
                shown.append(by_form[form])
    return shown[:3]


def neighbourhood(kg, iri: str, limit: int = 50, facts: bool = True) -> dict:
    """``{"node", "sources", "total", "neighbours", "links"}`` of ``iri`` in the full view: the node (as
    :func:`search` gives it), its facts grouped by source (:func:`_facts`; ``facts=False`` leaves them
    out), how many neighbours it has, the ``limit`` most linked of them (then by kind and name),
    and each link between the node and a shown neighbour (``from``, ``to``, ``relation``, ``label``).
    Raises :class:`NotFoundError` when ``iri`` is not in the network."""
    limit = _limit(limit)
    g = _graph(kg)
    node = g.find(iri)
    if node is None:
        raise NotFoundError(f"{iri} is not in the network; search a name first")
    around = [(_entry(g, n), n) for n in g.neighbours(node)]
    around.sort(key=lambda p: (-p[0]["degree"], KIND_RANK.get(p[0]["kind"], 99), fold(p[0]["label"]), p[0]["id"]))
    shown = around[:limit]
    links = [{"from": g.iri(node), "to": e["id"], "relation": relation, "label": label}
             for e, n in shown for relation, label in g.links(node, n)]
    answer = {"node": _entry(g, node), "total": len(around), "neighbours": [e for e, _ in shown], "links": links}
    if facts:
        answer["sources"] = _facts(kg, g.iri(node))
    return answer


def _facts(kg, iri: str) -> list[dict]:
    """The node's facts grouped by the source that states them (its named graph), in the order
    :func:`graph.query.facts.facts_of` gives them: each group with ``graph``, ``quote`` (the source's
    words, once for all the facts it supports), ``source`` (the page quoted), ``what`` (the source in
    words: 'the article “…”, entry 6', the quoted page's site, "dramagraph's vocabulary") and its
    ``facts``: ``label`` (the property in plain words, :func:`graph.rdf.labels.term_label`, as the node
    pages say it), ``property`` (prefixed) and ``propertyIri``, ``value`` (as text: a node of the network
    by its label, another IRI by its name or plain words, a literal as it is), ``valueIri``, ``node``
    (the IRI when the value is a node of the network, so that the page can open it), ``disputed``,
    ``confirmed`` (a second source's confirmation in words, :func:`graph.query.facts.confirmation_text`)."""
    from urllib.parse import urlsplit

    from ..query.facts import confirmation_text, dispute_text, display_labels, facts_of
    from ..rdf.iris import ARTICLE, BASE, GRAPH_IMPORT, GRAPH_INFERRED, GRAPH_LINKS, GRAPH_ONTOLOGY, GRAPH_USER, shorten
    from ..rdf.labels import term_label

    g = _graph(kg)
    _, rows = facts_of(kg, iri)

    def is_iri(v) -> bool:
        return isinstance(v, str) and v.startswith(("http://", "https://"))

    names = display_labels(kg, {r["value"] for r in rows if is_iri(r["value"])} |
                           {r.get("source") for r in rows if is_iri(r.get("source"))})
    groups: dict = {}
    for r in rows:
        value = r["value"] if isinstance(r["value"], str) else str(r["value"])
        node = g.find(value) if is_iri(value) else None
        shown = str(g.attrs(node)["label"]) if node is not None else \
            (names.get(value) or shorten(value)) if is_iri(value) else value
        graph, quote, source = r.get("graph"), r.get("quote"), r.get("source")
        group = groups.get(graph)
        if group is None:
            if quote is not None:
                what = f"the article “{names.get(ARTICLE, 'the article')}”" if source == ARTICLE else \
                    names.get(source) or shorten(source) if (source or "").startswith(BASE) else \
                    urlsplit(source or "").netloc or "a quoted source"
                if r.get("entry") is not None:
                    what += f", entry {r['entry']}"
            else:
                graph_ = graph or ""
                what = ("dramagraph's vocabulary" if graph_.startswith(GRAPH_ONTOLOGY) else
                        "your file" if graph_.startswith(GRAPH_USER) else
                        "an imported file" if graph_.startswith(GRAPH_IMPORT) else
                        "the links between sources" if graph_ == GRAPH_LINKS else
                        "inferred" if graph_ == GRAPH_INFERRED else
                        "the store's default graph" if not graph_ else "the file " + shorten(graph_))
            group = groups[graph] = {"graph": graph, "quote": quote, "source": source, "what": what, "facts": [],
                                     "order": (0 if source == ARTICLE else 1 if quote is not None else 2,
                                               r.get("entry") if isinstance(r.get("entry"), int) else 99, graph or "")}
        group["facts"].append({"label": term_label(r["property"]), "property": shorten(r["property"]),
                               "propertyIri": r["property"], "value": shown,
                               "valueIri": value if is_iri(value) else None,
                               "node": g.iri(node) if node is not None else None,
                               "disputed": dispute_text(r["disputed"]) if r.get("disputed") else None,
                               "confirmed": confirmation_text(r["confirmed"]) if r.get("confirmed") else None})
    ordered = sorted(groups.values(), key=lambda group: group["order"])  # as the node pages order them
    for group in ordered:
        del group["order"]
    return ordered


def connection(kg, source: str, target: str, via: str | None = None, alternatives: int = ALTERNATIVES) -> dict:
    """How ``source`` and ``target`` (names in any script, or IRIs) are connected:
    ``{"from", "to", "via", "length", "path", "others", "more", "total"}``: the two ends (``iri``,
    ``label``, ``kind``), the network walked (``people``: people and titles; ``all``: the full network;
    None: people when both ends are in the cast, as ``dramagraph path`` chooses), the hops, ``path``
    the one :func:`graph.network.explore.path` gives (``{"nodes", "hops"}``), ``others`` the next
    shortest paths of the same length in ``--all``'s order (at most ``alternatives``), ``more`` how many
    are left out, ``total`` how many there are. Raises :class:`UsageError` for an empty or too long
    name or twice the same node, :class:`NotFoundError` for an unknown name (with "did you mean"),
    :class:`graph.errors.NoPath` when nothing connects them."""
    from ..query.names import resolve
    from .explore import path

    if via not in (None, "", "people", "all"):
        raise UsageError(f"via takes people or all, not {via!r}")
    names = []
    for key, text in (("from", source), ("to", target)):
        text = (text or "").strip()
        if not text:
            raise UsageError(f"give two names: {key}= is empty, e.g. /explore/path?from=Koizora&to=Mikako+Tabe")
        if len(text) > MAX_NAME:
            raise UsageError(f"{key}= is {len(text)} characters long: a name has at most {MAX_NAME}")
        names.append(text)
    a, b = resolve(kg, names[0]), resolve(kg, names[1])
    if a.iri == b.iri:
        raise UsageError(f"both names are {a.label} ({a.kind}): give two different names")
    one = path(kg, a, b, via or None)
    every = path(kg, a, b, one["via"], all_shortest=True)["paths"]
    main = one["paths"][0]
    key = [n["iri"] for n in main["nodes"]]
    others = [p for p in every if [n["iri"] for n in p["nodes"]] != key]
    return {"from": {"iri": a.iri, "label": a.label, "kind": a.kind}, "to": {"iri": b.iri, "label": b.label, "kind": b.kind},
            "via": one["via"], "length": one["length"], "path": main, "others": others[:alternatives],
            "more": max(len(others) - alternatives, 0), "total": len(others) + 1}


def _limit(limit) -> int:
    try:
        limit = int(limit)
    except (TypeError, ValueError):
        raise UsageError(f"limit takes a whole number from 1 to {MAX_LIMIT}, not {limit!r}") from None
    if not 1 <= limit <= MAX_LIMIT:
        raise UsageError(f"limit takes a whole number from 1 to {MAX_LIMIT}, not {limit}")
    return limit
