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

from ..rdf.iris import representatives

__all__ = ["groups", "representative", "equivalents"]


def groups(kg) -> dict[str, tuple[str, ...]]:
    """node -> its group (the representative first, then the others by
    :func:`graph.rdf.iris.representative_rank`), for linked nodes only; computed once per state of the
    graph (``kg.cache``)."""
    from .catalog import get
    from .engine import run_sparql
    from ..store.knowledge import cached

    def build():
        return representatives((row["a"], row["b"]) for row in run_sparql(kg, get("same-as").text,
                                                                           vocabulary=True).rows)

    return cached(kg, "same as", build)


def representative(kg, node: str) -> str:
    """The node that stands for ``node``'s group (``node`` itself when it is linked to none)."""
    group = groups(kg).get(node)
    return group[0] if group else node


def equivalents(kg, node: str) -> tuple[str, ...]:
    """Every node of ``node``'s group, the representative first (``(node,)`` when it is linked to none)."""
    return groups(kg).get(node, (node,))
