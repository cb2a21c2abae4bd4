"""Linked nodes as one: the groups of nodes that ``owl:sameAs`` links (``dramagraph link`` records them
between the article, the imports and the user's data), and the node that stands for each group.

Where it sits: step 4 (query), below :mod:`graph.query.names`, :mod:`graph.query.querying` and the networks: a name
resolves to the group's node, a parameter binds every node of its group, and the networks draw one node
per group. The links stay in their own named graph: nothing is merged in the data, so ``provenance`` can
show each source's facts side by side.

The node that stands for a group is the article's where there is one, then the user's own, then
Wikidata's, then IMDb's (the first in IRI order among equals), so that the article's names lead and a
source's spelling shows as an alternate name.
"""

from __future__ import annotations

from ..rdf.iris import BASE, IMDB, WIKIDATA

__all__ = ["groups", "representative", "equivalents"]


def _rank(iri: str) -> tuple[int, str]:
    if iri.startswith(IMDB):
        return 3, iri
    if iri.startswith(WIKIDATA):
        return 2, iri
    if iri.startswith(BASE):
        return 0, iri
    return 1, iri


def groups(kg) -> dict[str, tuple[str, ...]]:
    """node -> its group (the representative first, then the others in IRI order), for linked nodes
    only; computed once per state of the graph (``kg.cache``)."""
    from .catalog import get
    from .engine import run_sparql
    from ..store.knowledge import cached

    def build():
        parent: dict[str, str] = {}

        def find(x):
            root = x
            while parent.get(root, root) != root:
                root = parent[root]
            while x != root:
                parent[x], x = root, parent[x]
            return root

        for row in run_sparql(kg, get("same-as").text, vocabulary=True).rows:
            a, b = find(row["a"]), find(row["b"])
            if a != b:
                parent[max(a, b, key=_rank)] = min(a, b, key=_rank)
        members: dict[str, list[str]] = {}
        for node in parent:
            members.setdefault(find(node), []).append(node)
        found = {}
        for root, nodes in members.items():
            ordered = tuple(sorted(set(nodes) | {root}, key=_rank))
            for node in ordered:
                found[node] = ordered
        return found

    return cached(kg, "same as", build)


def representative(kg, node: str) -> str:
    """The node that stands for ``node``'s group (``node`` itself when it is linked to none)."""
    group = groups(kg).get(node)
    return group[0] if group else node


def equivalents(kg, node: str) -> tuple[str, ...]:
    """Every node of ``node``'s group, the representative first (``(node,)`` when it is linked to none)."""
    return groups(kg).get(node, (node,))
