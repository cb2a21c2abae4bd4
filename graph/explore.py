"""Step 5 (continued): questions about the network: shared-actor links, explained shortest paths,
similar titles, centrality, and export for Gephi, Cytoscape or a notebook.

>>> from graph.store import open_graph
>>> kg = open_graph(data_dir=False)
>>> [hop["label"] for hop in path(kg, "Yui Aragaki", "Mikako Tabe")["paths"][0]["nodes"]]
['Yui Aragaki', 'Koizora', 'Haruma Miura', 'Boku no Ita Jikan', 'Mikako Tabe']
"""

from __future__ import annotations

import os
from itertools import combinations
from pathlib import Path

from .errors import NoPath, UsageError

__all__ = ["links", "path", "similar", "centrality", "export", "co_actor_counts", "NoPath", "MEASURES",
           "EXPORT_FORMATS"]

MEASURES = ("degree", "betweenness", "closeness")
EXPORT_FORMATS = ("graphml", "gexf", "json")


def links(kg) -> list[dict]:
    """The shared-actor links between titles: each pair of titles and the person in both, with the
    character they play in each."""
    from .networks import network

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

    from .names import resolve
    from .networks import network

    a, b = resolve(kg, source), resolve(kg, target)
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
                           key=lambda p: [G.nodes[n]["label"] for n in p])
        else:
            found = [nx.shortest_path(G, a.iri, b.iri)]
    except nx.NetworkXNoPath:
        raise NoPath(f"no path between {a.label} and {b.label} in the {via} network") from None
    paths = []
    for nodes in found:
        paths.append({
            "nodes": [{"iri": n, "label": G.nodes[n]["label"], "kind": G.nodes[n]["kind"]} for n in nodes],
            "hops": [_hop(G, x, y) for x, y in zip(nodes, nodes[1:])],
        })
    return {"from": a.iri, "to": b.iri, "via": via, "length": len(found[0]) - 1, "paths": paths}


def similar(kg, title: str, top: int = 10) -> list[dict]:
    """Titles ranked by similarity to ``title``: shared actors, the same or a related illness, the same
    kind of source work (weights in :data:`graph.networks.WEIGHTS`), with the reasons."""
    from .names import resolve
    from .networks import title_facts

    node = resolve(kg, title, "title")
    facts = title_facts(kg)  # only this title's candidates are compared, not every pair
    ranked = []
    for other in facts.candidates(node.iri):
        reasons, score = facts.reasons(node.iri, other)
        if reasons:
            ranked.append({"title": other, "name": facts.label(other), "score": score, "reasons": reasons})
    ranked.sort(key=lambda r: (-r["score"], r["name"], r["title"]))
    return ranked[:top]


def centrality(kg, view: str = "full", measure: str = "degree", top: int | None = None) -> list[dict]:
    """Nodes of ``view`` ranked by ``measure`` (degree, betweenness or closeness centrality)."""
    import networkx as nx

    from .networks import network

    if measure not in MEASURES:
        raise UsageError(f"unknown measure {measure!r}; choose one of {', '.join(MEASURES)}")
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


def export(kg, view: str, fmt: str, out: str | os.PathLike) -> Path:
    """Write the ``view`` network as GraphML, GEXF or node-link JSON, atomically."""
    import io
    import json

    import networkx as nx

    from .networks import network
    from .rdfio import atomic_write

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
    """Pairs of people who share titles, with how many, most first (ties by the people's IRIs).

    The person-title incidence is fetched once (``queries/cast-incidence.rq``) and the pairs are
    counted as the sparse product ``M.T @ M`` (scipy): at a million triples this is several times
    faster than the same count as a SPARQL ``GROUP BY`` in Oxigraph.

    >>> from graph.store import open_graph
    >>> co_actor_counts(open_graph(data_dir=False), top=1)[0]["count"]
    1
    """
    import numpy as np
    from scipy import sparse

    from .querying import run_named

    rows = run_named(kg, "cast-incidence").terms
    if not rows:
        return []
    titles, people = {}, {}
    t_index = np.fromiter((titles.setdefault(r["title"].value, len(titles)) for r in rows), dtype=np.int64,
                          count=len(rows))
    p_index = np.fromiter((people.setdefault(r["person"].value, len(people)) for r in rows), dtype=np.int64,
                          count=len(rows))
    incidence = sparse.csr_matrix((np.ones(len(rows), dtype=np.int32), (t_index, p_index)),
                                  shape=(len(titles), len(people)))
    pairs = sparse.triu(incidence.T @ incidence, k=1).tocoo()
    names = np.array(list(people), dtype=object)

    def key(i):  # most shared first, then the pair's IRIs in order, as SPARQL's ORDER BY would
        return (-pairs.data[i], *sorted((names[pairs.row[i]], names[pairs.col[i]])))

    if top is None or pairs.nnz <= top:
        order = sorted(range(pairs.nnz), key=key)
    else:
        # a partial selection first: only the candidates that can reach the top need sorting
        threshold = np.partition(pairs.data, pairs.nnz - top)[pairs.nnz - top]
        order = sorted(np.nonzero(pairs.data >= threshold)[0], key=key)
    result = []
    for i in order[:top] if top else order:
        a, b = sorted((names[pairs.row[i]], names[pairs.col[i]]))
        result.append({"person1": a, "person2": b, "count": int(pairs.data[i])})
    return result
