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


_SORT = ("source", "relation", "target", "character", "roleName", "title", "work", "direct", "kind", "person")


def _rows(target, name):
    """The rows of a named query, sorted here (Oxigraph's ORDER BY costs more than the query), and
    cached on the target for the other views."""
    from .querying import run_named

    cache = getattr(target, "_query_rows", None)
    if cache is None:
        cache = {}
        try:
            target._query_rows = cache
        except AttributeError:
            pass
    if name not in cache:
        rows = run_named(target, name).rows
        cache[name] = sorted(rows, key=lambda r: tuple(str(r.get(k, "")) for k in _SORT))
    return cache[name]


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


class _TitleFacts:
    """What the title view compares: each title's cast, illnesses and kinds of source work, with the
    concept hierarchy and inverted indexes to find the titles that share anything with a title."""

    def __init__(self, target):
        idx = _names(target)
        self.label = lambda node: idx.label.get(node, node)
        edges = _rows(target, "network-edges")
        self.ancestors = _broader_closure(edges)
        self.cast = defaultdict(dict)  # title -> person -> character
        self.illnesses = defaultdict(set)
        for row in edges:
            if row["relation"] == "actor":
                self.cast[row["source"]].setdefault(row["target"], row["character"])
            elif row["relation"] == "about" and idx.kind.get(row["target"]) == "illness":
                self.illnesses[row["source"]].add(row["target"])
        self.kinds = defaultdict(set)
        self.broader_kinds = defaultdict(set)  # a kind -> the kinds it is a kind of
        for row in _rows(target, "source-kinds"):
            self.kinds[row["title"]].add(row["kind"])
            if row["kind"] != row["direct"]:
                self.broader_kinds[row["direct"]].add(row["kind"])
        self.titles = sorted(self.cast)
        self.by_person, self.by_group, self.by_kind = defaultdict(set), defaultdict(set), defaultdict(set)
        for title in self.titles:
            for person in self.cast[title]:
                self.by_person[person].add(title)
            for concept in self.illnesses[title]:
                for group in {concept} | self.ancestors(concept):
                    self.by_group[group].add(title)
            for kind in self.kinds[title]:
                self.by_kind[kind].add(title)

    def candidates(self, title) -> set:
        """Titles that share an actor, an illness (or a broader one) or a kind of source work."""
        found = set()
        for person in self.cast[title]:
            found |= self.by_person[person]
        for concept in self.illnesses[title]:
            for group in {concept} | self.ancestors(concept):
                found |= self.by_group[group]
        for kind in self.kinds[title]:
            found |= self.by_kind[kind]
        found.discard(title)
        return found

    def reasons(self, a, b) -> tuple[list[str], int]:
        label, ancestors = self.label, self.ancestors
        reasons, weight = [], 0
        for person in sorted(set(self.cast[a]) & set(self.cast[b]), key=label):
            reasons.append(f"shared actor: {label(person)} ({self.cast[a][person]} in {label(a)}, "
                           f"{self.cast[b][person]} in {label(b)})")
            weight += WEIGHTS["actor"]
        for concept in sorted(self.illnesses[a] & self.illnesses[b], key=label):
            reasons.append(f"same illness: {label(concept)}")
            weight += WEIGHTS["illness"]
        related = set()
        for x in self.illnesses[a]:
            for y in self.illnesses[b]:
                if x == y:
                    continue
                if y in ancestors(x) or x in ancestors(y):
                    narrow, broad = (x, y) if y in ancestors(x) else (y, x)
                    related.add(f"related illness: {label(narrow)} is a kind of {label(broad)}")
                else:
                    for common in ancestors(x) & ancestors(y):
                        related.add(f"related illness: {label(x)} and {label(y)} are both kinds of "
                                    f"{label(common)}")
        for reason in sorted(related):
            reasons.append(reason)
            weight += WEIGHTS["related illness"]
        shared = self.kinds[a] & self.kinds[b]
        # keep the most specific shared kinds (drop a kind that is broader than another shared one)
        specific = {k for k in shared if not any(k in self.broader_kinds[o] for o in shared if o != k)}
        for kind in sorted(specific, key=label):
            reasons.append(f"same kind of source work: {label(kind)}")
            weight += WEIGHTS["source kind"]
        return reasons, weight


def title_facts(target) -> _TitleFacts:
    cached = getattr(target, "_title_facts", None)
    if cached is None:
        cached = _TitleFacts(target)
        try:
            target._title_facts = cached
        except AttributeError:
            pass
    return cached


def title_view(target):
    import networkx as nx

    idx = _names(target)
    facts = title_facts(target)
    G = nx.Graph(view="title")
    for title in facts.titles:
        _add_node(G, idx, title)
    for a in facts.titles:
        for b in sorted(facts.candidates(a)):
            if b > a:
                reasons, weight = facts.reasons(a, b)
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
