"""Step 5: networkx projections, built from the results of named queries (never by walking triples).

Views (:data:`VIEWS`):

``cast``
    people and titles (``nx.MultiGraph``): one edge per role, with ``character`` and ``roleName``.
``co-actor``
    people (``nx.Graph``), linked when they share a title; ``titles`` lists the shared titles,
    ``weight`` counts them.
``title``
    titles (``nx.Graph``), linked by shared actors, by related illnesses (the same concept, or one a
    kind of the other, or both kinds of the same broader one), by related themes (what a title is about
    besides illness: the same theme, or one a kind of the other, or both kinds of the same broader one:
    young love is a kind of romance) and by the kind of source work; each edge has ``reasons`` (a list of sentences)
    and a ``weight``.
``full``
    titles, people, characters, illnesses and themes, source works and other versions
    (``nx.MultiGraph``); every node has ``kind`` and every edge ``relation``.

Every node has ``label`` (its name), ``kind`` and ``altNames``; node ids are IRIs. Nodes linked as the same
(``owl:sameAs``, :mod:`graph.query.sameas`) are one node: the one that stands for them, the article's first;
the others' names are among its ``altNames``.

>>> from graph.store.opening import open_graph
>>> G = network(open_graph(data_dir=False), "co-actor")
>>> sorted(G.nodes["https://w3id.org/dramagraph/person/haruma-miura"]["label"] for _ in [0])
['Haruma Miura']
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations

from ..errors import UsageError
from ..store.knowledge import cached
from ..query.sameas import groups

__all__ = ["VIEWS", "network", "WEIGHTS"]

VIEWS = ("cast", "co-actor", "title", "full")
# how much each kind of reason counts in the title view (and so in `similar`)
WEIGHTS = {"actor": 3, "illness": 2, "related illness": 1, "theme": 1, "related theme": 1, "source kind": 1}


_SORT = ("source", "relation", "target", "character", "roleName", "title", "work", "direct", "kind", "person",
         "role", "concept", "broader")


def _rows(kg, name, sort=True):
    """The rows of a named query, sorted here (Oxigraph's ORDER BY costs more than the query), and
    cached on the graph for the other views. Nodes linked as the same (:mod:`graph.query.sameas`) become the
    one node that stands for them (except in ``node-names``, which gives each node its own name)."""
    from ..query.querying import run_named

    def build():
        rows = run_named(kg, name).rows
        same = groups(kg) if name != "node-names" else {}
        if same:
            rows = [{k: same[v][0] if isinstance(v, str) and v in same else v for k, v in row.items()}
                    for row in rows]
        return _sorted(rows) if sort else rows

    return cached(kg, f"rows of {name}", build)


def _sorted(rows):
    """Rows in the order :func:`_rows` gives them (by the columns of ``_SORT``, as text)."""
    return sorted(rows, key=lambda r: tuple(str(r.get(k, "")) for k in _SORT))


def _names(kg):
    from ..query.names import index

    return index(kg)


def _node_names(kg) -> dict[str, str]:
    """IRI -> schema:name, for the views that need no other label (cheap on a large store)."""
    from ..query.names import disputed_names

    def names() -> dict[str, str]:
        disputed, best = disputed_names(kg), {}
        for r in _rows(kg, "node-names", sort=False):
            rank = ((r["node"], r["name"]) in disputed, r["name"])
            if r["node"] not in best or rank < best[r["node"]]:
                best[r["node"]] = rank
        return {node: name for node, (_, name) in best.items()}

    return cached(kg, "node names", names)


def _add_node(G, idx, iri, same=None):
    if iri not in G:
        alternates = set(idx.alternates.get(iri, ())) if hasattr(idx, "alternates") else set()
        for other in (same or {}).get(iri, (iri,))[1:]:  # the names the linked nodes go by in their sources
            alternates |= {idx.label.get(other, other)} | set(getattr(idx, "alternates", {}).get(other, ()))
        alternates = sorted(alternates - {idx.label.get(iri, iri)})
        G.add_node(iri, label=idx.label.get(iri, iri), kind=idx.kind.get(iri, "other"), altNames=alternates)


def _cast(kg):
    """(title, person, character, role, credit) for every role, sorted."""
    credits = {r["role"]: r["roleName"] for r in _rows(kg, "role-names", sort=False)}
    return [(r["title"], r["person"], r.get("characterName"), r["role"],
             credits.get(r["role"], r.get("characterName")))
            for r in _rows(kg, "network-cast")]


def cast_view(kg):
    import networkx as nx

    names = _node_names(kg)
    G = nx.MultiGraph(view="cast")
    for title, person, character, role, credit in _cast(kg):
        for node, kind in ((title, "title"), (person, "person")):
            if node not in G:
                G.add_node(node, label=names.get(node, node), kind=kind, altNames=[])
        G.add_edge(person, title, key=role, relation="actor", character=character or "", roleName=credit or "",
                   label=f"{names.get(person, person)} as {character}" if character else names.get(person, person))
    return G


def co_actor_view(kg):
    import networkx as nx

    names = _node_names(kg)
    people_by_title = defaultdict(set)
    for row in _rows(kg, "cast-incidence"):
        people_by_title[row["title"]].add(row["person"])
    G = nx.Graph(view="co-actor")
    for person in sorted({p for people in people_by_title.values() for p in people}):
        G.add_node(person, label=names.get(person, person), kind="person", altNames=[])
    shared = defaultdict(list)
    for title, people in sorted(people_by_title.items()):
        for a, b in combinations(sorted(people), 2):
            shared[a, b].append(title)
    for (a, b), titles in sorted(shared.items()):
        labels = sorted(names.get(t, t) for t in titles)
        G.add_edge(a, b, relation="co-actor", titles=labels, weight=len(labels), label="; ".join(labels))
    return G


def _closure(parents):
    """ancestors(concept): every concept above it (skos:broader, transitively)."""
    memo = {}

    def ancestors(concept):
        if concept in memo:
            return memo[concept]
        seen, todo = set(), [concept]
        while todo:
            for parent in parents.get(todo.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        memo[concept] = seen
        return seen

    return ancestors


def _concepts(kg):
    """What the title view reads of the concepts: ``(labels, parents, illnesses, themes, source_kinds)``:
    each concept's label, its broader concepts, each title's illnesses and its themes (``network-about``:
    the concepts of the scheme of conditions are illnesses, those of any other scheme -- the article's
    themes, a Wikidata import's main subjects -- are themes), and the
    ``(title, kind)`` of each work a title is based on (``network-sources``, which also labels a kind
    in no hierarchy, such as manga). The view and its index (:mod:`graph.network.netindex`) read it alike."""
    return _concepts_of(_rows(kg, "network-about"), _rows(kg, "network-sources"))


def _concepts_of(about_rows, source_rows):
    """:func:`_concepts` from the (sorted) rows of ``network-about`` and ``network-sources``."""
    labels, parents, illnesses, themes = {}, {}, {}, {}
    conditions = "https://w3id.org/dramagraph/scheme/conditions"
    for row in about_rows:
        labels[row["concept"]] = row["label"]
        if "broader" in row:
            parents.setdefault(row["concept"], set()).add(row["broader"])
        elif "title" in row and row["scheme"] == conditions:
            illnesses.setdefault(row["title"], set()).add(row["concept"])
        elif "title" in row:
            themes.setdefault(row["title"], set()).add(row["concept"])
    source_kinds = []
    for row in source_rows:
        source_kinds.append((row["title"], row["kind"]))
        if "kindLabel" in row:
            labels.setdefault(row["kind"], row["kindLabel"])
    return labels, parents, illnesses, themes, source_kinds


def _specific(shared, broader):
    """The most specific of ``shared`` concepts: without one that is broader (``broader(c)``) than another."""
    if len(shared) < 2:
        return shared
    return {c for c in shared if not any(c in broader(o) for o in shared if o != c)}


class _TitleFacts:
    """What the title view compares: each title's cast, illnesses, themes and kinds of source work, with the
    concept hierarchy and inverted indexes to find the titles that share anything with a title."""

    def __init__(self, kg):
        names = _node_names(kg)
        concept_labels, parents, illnesses, themes, source_kinds = _concepts(kg)
        self.illnesses = defaultdict(set, illnesses)
        self.label = lambda node: names.get(node) or concept_labels.get(node, node)
        self.ancestors = _closure(parents)
        self.cast = defaultdict(dict)  # title -> person -> character
        for title, person, character, _, _ in _cast(kg):
            self.cast[title].setdefault(person, character)
        self.kinds = defaultdict(set)  # title -> its works' kinds and every broader kind
        self.broader_kinds = defaultdict(set)  # a kind -> the kinds it is a kind of
        for title, kind in source_kinds:
            self.kinds[title] |= {kind} | self.ancestors(kind)
            self.broader_kinds[kind] = self.ancestors(kind)
        self.themes = defaultdict(set, themes)
        self.titles = sorted(self.cast)
        self.by_person, self.by_group, self.by_kind = defaultdict(set), defaultdict(set), defaultdict(set)
        self.by_theme = defaultdict(set)
        for title in self.titles:
            for person in self.cast[title]:
                self.by_person[person].add(title)
            for concept in self.illnesses[title]:
                for group in {concept} | self.ancestors(concept):
                    self.by_group[group].add(title)
            for theme in self.themes[title]:
                for group in {theme} | self.ancestors(theme):
                    self.by_theme[group].add(title)
            for kind in self.kinds[title]:
                self.by_kind[kind].add(title)

    def candidates(self, title) -> set:
        """Titles that share an actor, an illness (or a broader one), a theme or a kind of source work."""
        found = set()
        for person in self.cast[title]:
            found |= self.by_person[person]
        for concept in self.illnesses[title]:
            for group in {concept} | self.ancestors(concept):
                found |= self.by_group[group]
        for theme in self.themes[title]:
            for group in {theme} | self.ancestors(theme):
                found |= self.by_theme[group]
        for kind in self.kinds[title]:
            found |= self.by_kind[kind]
        found.discard(title)
        return found

    def reasons(self, a, b) -> tuple[list[str], int]:
        label, ancestors = self.label, self.ancestors
        reasons, weight = [], 0
        for person in sorted(set(self.cast[a]) & set(self.cast[b]), key=label):
            roles = [f"{self.cast[t][person]} in {label(t)}" if self.cast[t][person] else f"in {label(t)}"
                     for t in (a, b)]
            reasons.append(f"shared actor: {label(person)} ({roles[0]}, {roles[1]})")
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
        for reason, kind in _theme_reasons(self, a, b):
            reasons.append(reason)
            weight += WEIGHTS[kind]
        # the most specific shared kinds (not one that is broader than another shared one)
        for kind in sorted(_specific(self.kinds[a] & self.kinds[b], self.broader_kinds.__getitem__), key=label):
            reasons.append(f"same kind of source work: {label(kind)}")
            weight += WEIGHTS["source kind"]
        return reasons, weight


def _theme_reasons(facts, a, b) -> list[tuple[str, str]]:
    """(reason, its kind in WEIGHTS) for each most specific theme that ``a`` and ``b`` share, a theme
    counting with its broader ones: the same theme, one a kind of the other (young love, romance), or
    both kinds of one."""
    label, ancestors = facts.label, facts.ancestors
    own = (facts.themes[a], facts.themes[b])
    if not own[0] or not own[1]:
        return []
    under = [{t for theme in themes for t in {theme} | ancestors(theme)} for themes in own]
    found = []
    for theme in sorted(_specific(under[0] & under[1], ancestors), key=label):
        direct = [theme in themes for themes in own]
        if all(direct):
            found.append((f"same theme: {label(theme)}", "theme"))
            continue
        narrow = sorted({label(t) for side, themes in enumerate(own) if not direct[side] for t in themes
                         if theme in ancestors(t)})
        if any(direct):
            verb = "is a kind" if len(narrow) == 1 else "are kinds"
            found.append((f"related theme: {' and '.join(narrow)} {verb} of {label(theme)}", "related theme"))
        else:
            found.append((f"related theme: {' and '.join(narrow)} are both kinds of {label(theme)}",
                          "related theme"))
    return found


def title_facts(kg) -> _TitleFacts:
    return cached(kg, "title facts", lambda: _TitleFacts(kg))


def title_view(kg):
    import networkx as nx

    facts = title_facts(kg)
    G = nx.Graph(view="title")
    for title in facts.titles:
        G.add_node(title, label=facts.label(title), kind="title", altNames=[])
    for a in facts.titles:
        for b in sorted(facts.candidates(a)):
            if b > a:
                reasons, weight = facts.reasons(a, b)
                if reasons:
                    G.add_edge(a, b, relation="related", reasons=reasons, weight=weight, label="; ".join(reasons))
    return G


def full_view(kg):
    import networkx as nx

    idx = _names(kg)
    same = groups(kg)
    G = nx.MultiGraph(view="full")
    for row in _rows(kg, "network-edges"):
        source, end, relation = row["source"], row["target"], row["relation"]
        _add_node(G, idx, source, same)
        _add_node(G, idx, end, same)
        attrs = {"relation": relation}
        if row.get("character"):
            attrs["character"] = row["character"]
            who = source if relation == "plays" else end
            attrs["label"] = f"{idx.label.get(who, who)} as {row.get('roleName', row['character'])}"
        else:
            attrs["label"] = relation
        key = f"{relation}:{row.get('role', '')}"
        G.add_edge(source, end, key=key, **attrs)
    return G


_BUILDERS = {"cast": cast_view, "co-actor": co_actor_view, "title": title_view, "full": full_view}


def network(kg, view: str = "full"):
    """The networkx graph of ``view`` (see :data:`VIEWS`) for ``kg`` (a loaded graph or an
    :class:`~graph.query.endpoint.Endpoint`), built once and kept in ``kg.cache`` until the graph changes."""
    if view not in _BUILDERS:
        raise UsageError(f"unknown view {view!r}; choose one of {', '.join(VIEWS)}")
    return cached(kg, f"{view} network", lambda: _BUILDERS[view](kg))
