"""Step 5: networkx projections, built from the results of named queries (never by walking triples).

Views (:data:`VIEWS`):

``cast``
    people and titles (``nx.MultiGraph``): one edge per role, with ``character`` and ``roleName``.
``co-actor``
    people (``nx.Graph``), linked when they share a title; ``titles`` lists the shared titles,
    ``weight`` counts them.
``title``
    titles (``nx.Graph``), linked by shared actors, by related illnesses (the same concept, or one a
    kind of the other, or both kinds of the same broader one) and by the kind of source work; each edge
    has ``reasons`` (a list of sentences) and a ``weight``.
``full``
    titles, people, characters, illnesses and themes, source works and other versions
    (``nx.MultiGraph``); every node has ``kind`` and every edge ``relation``.

Every node has ``label`` (its name), ``kind`` and ``altNames``; node ids are IRIs.

>>> from graph.store import open_graph
>>> G = network("co-actor", open_graph(data_dir=False))
>>> sorted(G.nodes["https://w3id.org/dramagraph/person/haruma-miura"]["label"] for _ in [0])
['Haruma Miura']
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations

from .errors import UsageError

__all__ = ["VIEWS", "network", "WEIGHTS"]

VIEWS = ("cast", "co-actor", "title", "full")
# how much each kind of reason counts in the title view (and so in `similar`)
WEIGHTS = {"actor": 3, "illness": 2, "related illness": 1, "source kind": 1}


def _rows(target, name):
    from .querying import run_named

    return run_named(target, name).rows


def _names(target):
    from .names import index

    return index(target)


def _add_node(G, idx, iri):
    if iri not in G:
        alternates = sorted(idx.alternates.get(iri, ())) if hasattr(idx, "alternates") else []
        G.add_node(iri, label=idx.label.get(iri, iri), kind=idx.kind.get(iri, "other"), altNames=alternates)


def _cast_rows(target):
    return [r for r in _rows(target, "network-edges") if r["relation"] == "actor"]


def cast_view(target):
    import networkx as nx

    idx = _names(target)
    G = nx.MultiGraph(view="cast")
    for row in _cast_rows(target):
        _add_node(G, idx, row["source"])
        _add_node(G, idx, row["target"])
        G.add_edge(row["target"], row["source"], key=row["role"], relation="actor",
                   character=row["character"], roleName=row.get("roleName", row["character"]),
                   label=f"{idx.label.get(row['target'])} as {row['character']}")
    return G


def co_actor_view(target):
    import networkx as nx

    idx = _names(target)
    people_by_title = defaultdict(set)
    for row in _cast_rows(target):
        people_by_title[row["source"]].add(row["target"])
    G = nx.Graph(view="co-actor")
    for people in people_by_title.values():
        for person in people:
            _add_node(G, idx, person)
    shared = defaultdict(set)
    for title, people in sorted(people_by_title.items()):
        for a, b in combinations(sorted(people), 2):
            shared[a, b].add(title)
    for (a, b), titles in sorted(shared.items()):
        labels = sorted(idx.label.get(t, t) for t in titles)
        G.add_edge(a, b, relation="co-actor", titles=labels, weight=len(labels), label="; ".join(labels))
    return G


def _broader_closure(edges):
    parents = defaultdict(set)
    for row in edges:
        if row["relation"] == "broader":
            parents[row["source"]].add(row["target"])

    def ancestors(concept):
        seen, todo = set(), [concept]
        while todo:
            for parent in parents.get(todo.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        return seen

    return ancestors


def title_view(target):
    import networkx as nx

    idx = _names(target)
    edges = _rows(target, "network-edges")
    ancestors = _broader_closure(edges)
    cast = defaultdict(dict)  # title -> person -> character
    illnesses = defaultdict(set)
    for row in edges:
        if row["relation"] == "actor":
            cast[row["source"]].setdefault(row["target"], row["character"])
        elif row["relation"] == "about" and idx.kind.get(row["target"]) == "illness":
            illnesses[row["source"]].add(row["target"])
    kinds = defaultdict(set)
    broader_kinds = defaultdict(set)  # a kind -> the kinds it is a kind of
    for row in _rows(target, "source-kinds"):
        kinds[row["title"]].add(row["kind"])
        if row["kind"] != row["direct"]:
            broader_kinds[row["direct"]].add(row["kind"])
    titles = sorted(cast)
    G = nx.Graph(view="title")
    for title in titles:
        _add_node(G, idx, title)
    label = idx.label.get
    for a, b in combinations(titles, 2):
        reasons, weight = [], 0
        for person in sorted(set(cast[a]) & set(cast[b]), key=lambda p: label(p, p)):
            reasons.append(f"shared actor: {label(person, person)} ({cast[a][person]} in {label(a, a)}, "
                           f"{cast[b][person]} in {label(b, b)})")
            weight += WEIGHTS["actor"]
        for concept in sorted(illnesses[a] & illnesses[b], key=lambda c: label(c, c)):
            reasons.append(f"same illness: {label(concept, concept)}")
            weight += WEIGHTS["illness"]
        related = set()
        for x in illnesses[a]:
            for y in illnesses[b]:
                if x == y:
                    continue
                if y in ancestors(x) or x in ancestors(y):
                    narrow, broad = (x, y) if y in ancestors(x) else (y, x)
                    related.add(f"related illness: {label(narrow, narrow)} is a kind of {label(broad, broad)}")
                else:
                    for common in sorted(ancestors(x) & ancestors(y), key=lambda c: label(c, c)):
                        related.add(f"related illness: {label(x, x)} and {label(y, y)} are both kinds of "
                                    f"{label(common, common)}")
        for reason in sorted(related):
            reasons.append(reason)
            weight += WEIGHTS["related illness"]
        shared_kinds = kinds[a] & kinds[b]
        # keep the most specific shared kinds (drop a kind that is broader than another shared one)
        specific = {k for k in shared_kinds if not any(k in broader_kinds[o] for o in shared_kinds if o != k)}
        for kind in sorted(specific, key=lambda k: label(k, k)):
            reasons.append(f"same kind of source work: {label(kind, kind)}")
            weight += WEIGHTS["source kind"]
        if reasons:
            G.add_edge(a, b, relation="related", reasons=reasons, weight=weight, label="; ".join(reasons))
    return G


def full_view(target):
    import networkx as nx

    idx = _names(target)
    G = nx.MultiGraph(view="full")
    for row in _rows(target, "network-edges"):
        source, target_, relation = row["source"], row["target"], row["relation"]
        _add_node(G, idx, source)
        _add_node(G, idx, target_)
        attrs = {"relation": relation}
        if row.get("character"):
            attrs["character"] = row["character"]
            who = source if relation == "plays" else target_
            attrs["label"] = f"{idx.label.get(who, who)} as {row.get('roleName', row['character'])}"
        else:
            attrs["label"] = relation
        key = f"{relation}:{row.get('role', '')}"
        G.add_edge(source, target_, key=key, **attrs)
    return G


_BUILDERS = {"cast": cast_view, "co-actor": co_actor_view, "title": title_view, "full": full_view}


def network(view: str = "full", target=None):
    """The networkx graph of ``view`` (see :data:`VIEWS`) for ``target`` (a loaded graph or an
    :class:`~graph.endpoint.Endpoint`; default: the embedded graph with the user's data)."""
    if view not in _BUILDERS:
        raise UsageError(f"unknown view {view!r}; choose one of {', '.join(VIEWS)}")
    if target is None:
        from .store import open_graph

        target = open_graph()
    cached = getattr(target, "_networks", None)
    if cached is None:
        cached = {}
        try:
            target._networks = cached
        except AttributeError:
            pass
    if view not in cached:
        cached[view] = _BUILDERS[view](target)
    return cached[view]
