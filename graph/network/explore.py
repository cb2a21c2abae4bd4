"""Step 5 (continued): questions about the network: shared-actor links, explained shortest paths,
similar titles, centrality, and export for Gephi, Cytoscape or a notebook.

Why one file of ~420 lines: each question has two ways to its answer (the network index, or the networkx
view) that must give the same answer, and they read best side by side.

>>> from graph.store.opening import open_graph
>>> kg = open_graph(data_dir=False)
>>> [hop["label"] for hop in path(kg, "Yui Aragaki", "Mikako Tabe")["paths"][0]["nodes"]]
['Yui Aragaki', 'Koizora', 'Haruma Miura', 'Boku no Ita Jikan', 'Mikako Tabe']
"""

from __future__ import annotations

import os
from itertools import combinations
from pathlib import Path

from ..errors import NoPath, UsageError

# Every question below is answered from the store's network index (graph/network/netindex.py) when its version
# has one, else from the networkx views: the same answers either way (tests/network/test_netindex.py).


def _index(kg):
    from .netbuild import current

    return current(kg)

__all__ = ["links", "path", "similar", "centrality", "export", "co_actor_counts", "neighbourhood", "NoPath",
           "MEASURES", "EXPORT_FORMATS"]

MEASURES = ("degree", "betweenness", "closeness")
EXPORT_FORMATS = ("graphml", "gexf", "json")


def links(kg) -> list[dict]:
    """The shared-actor links between titles: each pair of titles and the person in both, with the
    character they play in each."""
    from .networks import network

    ix = _index(kg)
    if ix is not None:
        return _links_indexed(ix)
    G = network(kg, "cast")
    result = []
    for person in sorted((n for n, d in G.nodes(data=True) if d["kind"] == "person"),
                         key=lambda n: G.nodes[n]["label"]):
        roles = sorted({(G.nodes[t]["label"], t, d["character"]) for _, t, d in G.edges(person, data=True)})
        for (a_label, a, a_char), (b_label, b, b_char) in combinations(roles, 2):
            if a == b:
                continue
            result.append({"person": person, "personName": G.nodes[person]["label"],
                           "title1": a, "title1Name": a_label, "character1": a_char,
                           "title2": b, "title2Name": b_label, "character2": b_char})
    return result


def _links_indexed(ix) -> list[dict]:
    V = ix.views["cast"]
    result = []
    people = [int(n) for n in V.order if ix.cast_kind[n] == 2]
    for person in sorted(people, key=ix.name):
        lo, hi = V.inc_ptr[person], V.inc_ptr[person + 1]
        roles = sorted({(ix.name(t), ix.iri(t), V.character[e])
                        for t, e in zip(V.inc_nbr[lo:hi].tolist(), V.inc_edge[lo:hi].tolist())})
        iri, name = ix.iri(person), ix.name(person)
        for (a_label, a, a_char), (b_label, b, b_char) in combinations(roles, 2):
            if a == b:
                continue
            result.append({"person": iri, "personName": name,
                           "title1": a, "title1Name": a_label, "character1": a_char,
                           "title2": b, "title2Name": b_label, "character2": b_char})
    return result


def _hop(G, a, b):
    data = G.get_edge_data(a, b)
    if G.is_multigraph():
        data = data[sorted(data, key=str)[0]]
    relation = data.get("relation", "")
    return {"relation": relation, "character": data.get("character"), "label": data.get("label", relation)}


def path(kg, source: str, target: str, via: str | None = None, all_shortest: bool = False) -> dict:
    """The shortest path(s) between two named things, hop by hop.

    ``via="people"`` walks only people and titles (the cast); ``via="all"`` the full network (titles,
    people, characters, illnesses, works). By default: people when both ends are in the cast (actors
    and titles), else all. Raises :class:`NoPath` when there is none.
    """
    import networkx as nx

    from ..query.names import resolve
    from .networks import network

    a, b = resolve(kg, source), resolve(kg, target)
    ix = _index(kg)
    if ix is not None:
        return _path_indexed(ix, a, b, via, all_shortest)
    if via is None:
        cast = network(kg, "cast")
        via = "people" if a.iri in cast and b.iri in cast else "all"
    if via not in ("people", "all"):
        raise UsageError(f"--via takes people or all, not {via!r}")
    G = network(kg, "cast" if via == "people" else "full")
    for end in (a, b):
        if end.iri not in G:
            hint = " (try --via all)" if via == "people" else ""
            raise NoPath(f"{end.label} ({end.kind}) is not in the {via} network{hint}")
    try:
        if all_shortest:
            found = sorted(nx.all_shortest_paths(G, a.iri, b.iri),
                           key=lambda p: ([G.nodes[n]["label"] for n in p], p))
        else:
            found = [nx.shortest_path(G, a.iri, b.iri)]
    except nx.NetworkXNoPath:
        full = network(kg, "full") if via == "people" else None  # does the full network join them?
        hops = nx.shortest_path_length(full, a.iri, b.iri) if full is not None and nx.has_path(full, a.iri, b.iri) \
            else None
        raise _no_path(a, b, via, hops) from None
    paths = []
    for nodes in found:
        paths.append({
            "nodes": [{"iri": n, "label": G.nodes[n]["label"], "kind": G.nodes[n]["kind"]} for n in nodes],
            "hops": [_hop(G, x, y) for x, y in zip(nodes, nodes[1:])],
        })
    return {"from": a.iri, "to": b.iri, "via": via, "length": len(found[0]) - 1, "paths": paths}


def _no_path(a, b, via: str, full_hops: int | None) -> NoPath:
    """"No path" between ``a`` and ``b``, saying when the full network joins them (in ``full_hops``)."""
    hint = f"; --via all finds one of {full_hops} hops" if full_hops is not None else ""
    return NoPath(f"no path between {a.label} and {b.label} in the {via} network{hint}")


def _path_indexed(ix, a, b, via, all_shortest) -> dict:
    ia, ib = ix.id(a.iri), ix.id(b.iri)
    if via is None:
        cast = ix.views["cast"]
        via = "people" if ia in cast and ib in cast else "all"
    if via not in ("people", "all"):
        raise UsageError(f"--via takes people or all, not {via!r}")
    V = ix.views["cast" if via == "people" else "full"]
    for end, i in ((a, ia), (b, ib)):
        if i not in V:
            hint = " (try --via all)" if via == "people" else ""
            raise NoPath(f"{end.label} ({end.kind}) is not in the {via} network{hint}")
    if all_shortest:
        found = sorted(([ix.iri(n) for n in p] for p in V.all_shortest_paths(ia, ib)),
                       key=lambda p: ([V.node_label(ix.id(n)) for n in p], p))
        found = [[ix.id(n) for n in p] for p in found]
    else:
        one = V.shortest_path(ia, ib)
        found = [one] if one else []
    if not found:
        other = ix.views["full"].shortest_path(ia, ib) if via == "people" else None  # does the full network?
        raise _no_path(a, b, via, len(other) - 1 if other else None)
    paths = []
    for nodes in found:
        paths.append({
            "nodes": [{"iri": ix.iri(n), "label": V.node_label(n), "kind": V.node_kind(n)} for n in nodes],
            "hops": [V.hop(x, y) for x, y in zip(nodes, nodes[1:])],
        })
    return {"from": a.iri, "to": b.iri, "via": via, "length": len(found[0]) - 1, "paths": paths}


def similar(kg, title: str, top: int = 10) -> list[dict]:
    """Titles ranked by similarity to ``title``: shared actors, the same or a related illness, a shared
    theme, the same kind of source work (weights in :data:`graph.network.networks.WEIGHTS`), with the
    reasons."""
    from ..query.names import resolve
    from .networks import title_facts

    node = resolve(kg, title, "title")
    ix = _index(kg)
    if ix is not None:
        return _similar_indexed(ix, node.iri, top)
    facts = title_facts(kg)  # only this title's candidates are compared, not every pair
    ranked = []
    for other in facts.candidates(node.iri):
        reasons, score = facts.reasons(node.iri, other)
        if reasons:
            ranked.append({"title": other, "name": facts.label(other), "score": score, "reasons": reasons})
    ranked.sort(key=lambda r: (-r["score"], r["name"], r["title"]))
    return ranked[:top]


class _Facts:
    """Just what :meth:`graph.network.networks._TitleFacts.reasons` reads, for a few titles, from the index."""

    def __init__(self, ix, cast, broader_kinds, **facets):
        from collections import defaultdict

        self.label, self.ancestors = ix.facts_label, ix.ancestors
        self.cast = cast
        self.illnesses, self.themes, self.kinds = (defaultdict(set, facets.get(f, {}))
                                                   for f in ("illnesses", "themes", "kinds"))
        self.broader_kinds = defaultdict(set, broader_kinds)


def _similar_indexed(ix, iri: str, top: int) -> list[dict]:
    import numpy as np

    from .netindex import _gather
    from .networks import WEIGHTS, _TitleFacts

    node = ix.id(iri)
    if node is None:
        return []
    V = ix.views["cast"]
    n = len(ix)
    # each facet: its name in _TitleFacts, each title's signature, a signature's set, this title's set
    facets = [(part, sig, as_set, as_set(int(sig[node])))
              for part, sig, as_set in (("illnesses", ix.ill_sig, ix.illness_set),
                                        ("themes", ix.theme_sig, ix.theme_set),
                                        ("kinds", ix.kind_sig, ix.kind_set))]
    illnesses, themes, kinds = (own for *_, own in facets)
    broader = ix.broader_kinds()
    # the candidates: titles that share a person, an illness (or a broader one), a theme or a kind of
    # source work
    people = V.neighbours(node) if node in V else np.zeros(0, dtype=np.int32)
    shared_titles, _ = _gather(V.adj_ptr, V.adj_nbr, people)
    actors = np.bincount(shared_titles, minlength=n)
    cid = {c: i for i, c in enumerate(ix.concepts)}
    groups = [cid[c] for concept in illnesses for c in {concept} | ix.ancestors(concept)]
    by_illness, _ = _gather(*ix.ill_under, groups)
    by_theme, _ = _gather(*ix.theme_under, [cid[c] for theme in themes for c in {theme} | ix.ancestors(theme)])
    by_kind, _ = _gather(*ix.kind_under, [cid[k] for k in kinds])
    found = np.zeros(n, dtype=bool)  # a mask, not np.unique: the kinds alone can bring most titles
    for some in (shared_titles, by_illness, by_theme, by_kind):
        found[some] = True
    found[node] = False
    candidates = np.flatnonzero(found)
    # each candidate's score: 3 a shared actor, plus what its illnesses, its themes and its kinds add,
    # worked out once for each distinct set of each (the reasons depend on nothing else)
    score = WEIGHTS["actor"] * actors[candidates]
    for part, signature, as_set, own in facets:
        sigs = np.asarray(signature)[candidates]
        values, inverse = np.unique(sigs, return_inverse=True)
        weights = [_TitleFacts.reasons(_Facts(ix, {"a": {}, "b": {}}, broader, **{part: {"a": own, "b": as_set(sig)}}),
                                       "a", "b")[1]
                   for sig in values.tolist()]
        score = score + np.asarray(weights, dtype=np.int64)[inverse]
    keep = score > 0
    candidates, score = candidates[keep], score[keep]
    if len(candidates) > top:
        threshold = np.partition(score, len(score) - top)[len(score) - top]
        keep = score >= threshold
        candidates, score = candidates[keep], score[keep]
    ranked = sorted(((-int(s), ix.facts_label(ix.iri(c)), ix.iri(c), int(c)) for c, s in zip(candidates, score)))
    result = []
    for _, name, other, other_id in ranked[:top]:
        facts = _Facts(ix, {iri: ix.cast_of(node) if node in V else {}, other: ix.cast_of(other_id)}, broader,
                       **{part: {iri: own, other: as_set(int(sig[other_id]))} for part, sig, as_set, own in facets})
        reasons, weight = _TitleFacts.reasons(facts, iri, other)
        result.append({"title": other, "name": name, "score": weight, "reasons": reasons})
    return result


def centrality(kg, view: str = "full", measure: str = "degree", top: int | None = None) -> list[dict]:
    """Nodes of ``view`` ranked by ``measure`` (degree, betweenness or closeness centrality)."""
    import networkx as nx

    from .networks import network

    if measure not in MEASURES:
        raise UsageError(f"unknown measure {measure!r}; choose one of {', '.join(MEASURES)}")
    ix = _index(kg) if measure == "degree" and view in ("cast", "full") else None
    if ix is not None:
        return _degree_indexed(ix.views[view], top)
    G = network(kg, view)
    simple = nx.Graph(G) if G.is_multigraph() else G
    scores = {"degree": nx.degree_centrality, "betweenness": nx.betweenness_centrality,
              "closeness": nx.closeness_centrality}[measure](simple)
    ranked = sorted(({"node": n, "label": G.nodes[n]["label"], "kind": G.nodes[n]["kind"],
                      "score": round(s, 6)} for n, s in scores.items()),
                    key=lambda r: (-r["score"], r["label"], r["node"]))
    for i, row in enumerate(ranked, 1):
        row["rank"] = i
    return ranked[:top] if top else ranked


def _degree_indexed(V, top: int | None) -> list[dict]:
    """networkx's degree centrality of the view's simple graph, ranked as :func:`centrality` ranks it;
    only the nodes that can reach the top are named and sorted."""
    import numpy as np

    ix = V.index
    nodes = np.asarray(V.order, dtype=np.int64)
    degree = V.degree()[nodes]
    unit = 1.0 / (len(nodes) - 1.0) if len(nodes) > 1 else None

    def score(d):
        return round(float(d) * unit, 6) if unit is not None else 1

    if top and len(nodes) > top:
        kth = score(np.partition(degree, len(degree) - top)[len(degree) - top])
        levels = np.unique(degree)[::-1]  # a lower degree may round to the same score: keep it too
        least = min(int(d) for d in levels if score(d) >= kth)
        nodes, degree = nodes[degree >= least], degree[degree >= least]
    ranked = sorted(({"node": ix.iri(n), "label": V.node_label(n), "kind": V.node_kind(n), "score": score(d)}
                     for n, d in zip(nodes.tolist(), degree.tolist())),
                    key=lambda r: (-r["score"], r["label"], r["node"]))
    for i, row in enumerate(ranked, 1):
        row["rank"] = i
    return ranked[:top] if top else ranked


def neighbourhood(kg, view: str, node: str, depth: int = 1):
    """The networkx graph of ``view`` within ``depth`` hops of ``node`` (an IRI), as
    ``nx.ego_graph(network(kg, view), node, radius=depth)`` gives it, built from the network index
    without the whole view; None when there is no index or it does not hold ``view`` (``cast`` and
    ``full`` only): build the view then. Raises :class:`UsageError` when ``node`` is not in the view."""
    ix = _index(kg) if view in ("cast", "full") else None
    if ix is None:
        return None
    V = ix.views[view]
    i = ix.id(node)
    if i not in V:
        label = ix.label(i) if i is not None else node
        kind = ix.kind(i) if i is not None else "other"
        raise UsageError(f"{label} ({kind}) is not in the {view} network; try --view full")
    import numpy as np

    return V.subgraph(np.nonzero(V.distances(i, cutoff=depth) >= 0)[0])


def _flat(G):
    """A copy with list attributes joined by "; " (GraphML and GEXF take scalars only)."""
    H = G.copy()
    for _, data in H.nodes(data=True):
        for key, value in list(data.items()):
            if isinstance(value, (list, tuple)):
                data[key] = "; ".join(map(str, value))
    edges = H.edges(keys=True, data=True) if H.is_multigraph() else H.edges(data=True)
    for *_, data in edges:
        for key, value in list(data.items()):
            if isinstance(value, (list, tuple)):
                data[key] = "; ".join(map(str, value))
    for key, value in list(H.graph.items()):
        if isinstance(value, (list, tuple)):
            H.graph[key] = "; ".join(map(str, value))
    return H


def _node_link_key() -> str:
    """The edge key that the installed networkx's ``node_link_graph`` reads by default: ``edges`` from
    networkx 3.6 on, ``links`` before (where the default is None, meaning ``links``)."""
    import inspect

    import networkx as nx

    return inspect.signature(nx.node_link_graph).parameters["edges"].default or "links"


def export_format(out: str | os.PathLike, fmt: str | None = None) -> str:
    """``fmt``, or the export format that the file name ``out`` says (``x.graphml``), as ``build`` infers its own.

    >>> export_format("cast.GraphML"), export_format("cast.txt", "json")
    ('graphml', 'json')
    """
    if fmt is not None:
        return fmt
    found = Path(out).suffix.lower().lstrip(".")
    if found not in EXPORT_FORMATS:
        raise UsageError(f"cannot tell the format of {str(out)!r} from its extension: give --format graphml, "
                         "gexf or json (or name the file .graphml, .gexf or .json)")
    return found


def export(kg, view: str, fmt: str | None, out: str | os.PathLike) -> Path:
    """Write the ``view`` network as GraphML, GEXF or node-link JSON (``fmt``; None: from the name of
    ``out``, :func:`export_format`), atomically."""
    import io
    import json

    import networkx as nx

    from .networks import network
    from ..rdf.rdfio import atomic_write

    fmt = export_format(out, fmt)
    if fmt not in EXPORT_FORMATS:
        raise UsageError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
    G = network(kg, view)
    if fmt == "json":
        data = json.dumps(nx.node_link_data(G, edges=_node_link_key()), ensure_ascii=False, indent=1,
                          sort_keys=True)
        return atomic_write(out, data + "\n")
    buffer = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(_flat(G), buffer, encoding="utf-8")
    else:
        nx.write_gexf(_flat(G), buffer, encoding="utf-8")
    return atomic_write(out, buffer.getvalue())


def co_actor_counts(kg, top: int | None = 20) -> list[dict]:
    """Pairs of people who share titles, most first (ties by the people's IRIs), each with the titles
    they share: ``person1``, ``person2`` (IRIs, in order), ``name1``, ``name2``, ``count`` and
    ``titles`` (``{"title", "name"}``, by name). People linked as the same (``owl:sameAs``) are one, as
    in the ``co-actor`` view.

    From the network index when there is one (the top pairs are counted when it is built); else the
    person-title incidence (``queries/cast-incidence.rq``) is fetched once and the pairs counted as the
    sparse product ``M.T @ M`` (scipy): at a million triples this is several times faster than the
    same count as a SPARQL ``GROUP BY`` in Oxigraph.

    >>> from graph.store.opening import open_graph
    >>> pair = co_actor_counts(open_graph(data_dir=False), top=1)[0]
    >>> pair["count"], [t["name"] for t in pair["titles"]]
    (1, ['One Liter of Tears'])
    """
    import numpy as np

    from .netbuild import _pairs
    from .netindex import _gather

    ix = _index(kg)
    if ix is not None:
        V = ix.views["cast"]
        if top is not None and top <= len(ix.pairs) or len(ix.pairs) < ix.meta["topPairs"]:
            pairs = np.asarray(ix.pairs[:top] if top is not None else ix.pairs)
        else:
            titles = np.nonzero(np.asarray(ix.cast_kind) == 1)[0]
            people, owner = _gather(V.adj_ptr, V.adj_nbr, titles)
            pairs = _pairs(owner, people, len(ix), top)
        result = []
        for a, b, count in pairs.tolist():
            shared = np.intersect1d(V.neighbours(a), V.neighbours(b))
            result.append({"person1": ix.iri(a), "person2": ix.iri(b), "name1": ix.name(a), "name2": ix.name(b),
                           "count": int(count),
                           "titles": sorted(({"title": ix.iri(t), "name": ix.name(t)} for t in shared.tolist()),
                                            key=lambda t: (t["name"], t["title"]))})
        return result
    from .networks import _node_names, _rows

    incidence = {(r["title"], r["person"]) for r in _rows(kg, "cast-incidence", sort=False)}
    if not incidence:
        return []
    nodes = sorted({x for pair in incidence for x in pair})
    ids = {iri: i for i, iri in enumerate(nodes)}
    t_index = np.fromiter((ids[t] for t, _ in incidence), dtype=np.int64, count=len(incidence))
    p_index = np.fromiter((ids[p] for _, p in incidence), dtype=np.int64, count=len(incidence))
    pairs = _pairs(t_index, p_index, len(nodes), top)
    names = _node_names(kg)
    titles_of = {}
    for t, p in incidence:
        titles_of.setdefault(p, set()).add(t)
    result = []
    for a, b, count in pairs.tolist():
        a, b = nodes[a], nodes[b]
        result.append({"person1": a, "person2": b, "name1": names.get(a, a), "name2": names.get(b, b),
                       "count": int(count),
                       "titles": sorted(({"title": t, "name": names.get(t, t)} for t in titles_of[a] & titles_of[b]),
                                        key=lambda t: (t["name"], t["title"]))})
    return result
