"""How big a network view is, counted from the network index without building the view.

Where it sits: the network layer, after :mod:`graph.network.netindex` (whose arrays it reads) and before
:mod:`graph.web.page`, which refuses a view over its edge budget before it builds anything (issue 27 §6:
``viz --view title`` on 2,000 titles used to build the whole view, 46-93 s, only to count it).

The counts are the views' own (:mod:`graph.network.networks`):

- ``cast`` and ``full``: the index holds their edges; exact.
- ``co-actor``: one edge per pair of people who share a title, weighted by how many they share:
  the pairs of the title-person incidence, counted block by block with scipy; exact, with the weights.
- ``title``: one edge per pair of titles that share an actor, an illness or a theme (or a broader one)
  or a kind of source work: the pairs of a title-feature incidence; exact, but an edge's weight is known
  only from below (3 per shared actor, 2 per shared illness, 1 when they share a theme, 1 when they
  share a kind of work), so with
  ``min_weight`` the count is a lower bound, which is enough to refuse.

When the count passes a budget the counting stops early: a pair count over the budget is all a
refusal needs (:attr:`Size.at_least`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

__all__ = ["Size", "view_size", "page_megabytes"]

_BLOCK = 4096  # rows of the incidence multiplied at a time
_FULL_COUNT = 20_000_000  # below this many candidate pairs, count them all (the weights too)


@dataclass
class Size:
    """A view's ``nodes`` and ``edges``; ``at_least``: the edges are a lower bound (counting stopped
    past the budget, or weights known only from below); ``weights``: edges per weight, when exact;
    ``megabytes``: about how big the page would be."""

    nodes: int
    edges: int
    at_least: bool = False
    weights: Counter | None = field(default=None, repr=False)
    megabytes: float = 0.0


def _incidence(rows, cols, shape):
    import numpy as np
    from scipy import sparse

    return sparse.csr_matrix((np.ones(len(rows), dtype=np.int32), (rows, cols)), shape=shape)


def _pairs(n, bound, block, budget):
    """Count the pairs ``a < b`` of ``n`` rows for which ``block(start, stop)`` (a sparse matrix of
    rows start..stop against all rows, and the same rows' weights or None) is not zero:
    ``(count, weights Counter or None, at_least)``. ``bound`` is an upper bound of the count: below
    :data:`_FULL_COUNT` every pair is counted and weighed, above it the count stops past ``budget``."""
    import numpy as np

    full = bound <= _FULL_COUNT
    count, weights = 0, Counter()
    for start in range(0, n, _BLOCK):
        stop = min(start + _BLOCK, n)
        found, weight = block(start, stop)
        found = found.tocoo()
        count += int((found.col > found.row + start).sum())
        if full and weight is not None:
            weight = weight.tocoo()
            upper = weight.col > weight.row + start
            values, counts = np.unique(weight.data[upper], return_counts=True)
            weights.update(dict(zip(values.tolist(), counts.tolist())))
        if not full and budget is not None and count > budget:
            return count, None, True
    return count, (weights if full else None), False


def _bound(*matrices) -> int:
    """An upper bound of the pairs of rows that share a column: the pairs within each column."""
    import numpy as np

    total = 0
    for m in matrices:
        k = np.diff(m.tocsc().indptr).astype(np.int64)
        total += int((k * (k - 1) // 2).sum())
    return total


def page_megabytes(nodes: int, edges: int, node_chars: float, edge_chars: float) -> float:
    """About how big a page of ``nodes`` and ``edges`` would be, given the characters of their IRIs and
    labels as the page's JSON holds them (``node_chars``: 2 x IRI + 2 x label summed over the nodes;
    ``edge_chars``: 2 x both ends' IRIs + label summed over the edges), plus vis-network and the page's
    own code. :func:`graph.web.page.check_budget` sums them over a built view, :func:`view_size` estimates
    them from mean lengths."""
    return (edge_chars + 70 * edges + node_chars + 200 * nodes) / 1e6 + 0.8


def _mean_lengths(ix, nodes):
    """The mean label and IRI lengths of (up to 500, evenly spaced) ``nodes``."""
    import numpy as np

    if not len(nodes):
        return 0, 0
    sample = nodes[np.linspace(0, len(nodes) - 1, num=min(len(nodes), 500), dtype=np.int64)].tolist()
    return (sum(len(ix.label(i)) for i in sample) / len(sample), sum(len(ix.iri(i)) for i in sample) / len(sample))


def _estimate(nodes, edges, label, iri, edge_labels):
    """:func:`page_megabytes` from mean lengths; an edge's label is about ``edge_labels`` node labels."""
    return page_megabytes(nodes, edges, nodes * (2 * iri + 2 * label), edges * (4 * iri + edge_labels * label))


def view_size(ix, view: str, budget: int | None = None, min_weight: float | None = None) -> Size | None:
    """The :class:`Size` of ``view`` (``cast``, ``full``, ``co-actor`` or ``title``) in the index ``ix``
    (:class:`graph.network.netindex.Index`), counting no further than needed to tell it is over ``budget``
    edges; ``min_weight`` counts only the edges of at least that weight (the weighted views). None when
    the pairs are too many to weigh for ``min_weight``: then the view must be built to be counted."""
    import numpy as np

    from .netindex import _gather
    from .networks import WEIGHTS

    if view in ("cast", "full"):
        V = ix.views[view]
        nodes = np.asarray(V.order)
        label, iri = _mean_lengths(ix, nodes)
        return Size(len(nodes), len(V.src), megabytes=_estimate(len(nodes), len(V.src), label, iri, 1))
    cast = ix.views["cast"]
    kinds = np.asarray(ix.cast_kind)
    titles = np.nonzero(kinds == 1)[0]
    people, owner = _gather(cast.adj_ptr, cast.adj_nbr, titles)
    n = len(ix)
    if view == "co-actor":
        persons = np.nonzero(kinds == 2)[0]
        M = _incidence(people, owner, (n, n))[persons]  # person x title
        MT = M.T.tocsr()

        def block(start, stop):
            shared = M[start:stop] @ MT
            return shared, shared

        count, weights, at_least = _pairs(len(persons), _bound(M), block, None if min_weight else budget)
        if min_weight is not None:
            if weights is None:  # too many pairs to weigh: let the view be built
                return None
            weights = Counter({w: c for w, c in weights.items() if w >= min_weight})
            count = sum(weights.values())
        label, iri = _mean_lengths(ix, persons)
        # an edge's label names the shared titles: about two title labels
        return Size(len(persons), count, at_least, weights, _estimate(len(persons), count, label, iri, 2))
    if view != "title":
        raise ValueError(f"no such view: {view}")
    index = np.full(n, -1, dtype=np.int64)
    index[titles] = np.arange(len(titles))
    T = len(titles)
    P = _incidence(owner, people, (n, n))[titles]  # title x person
    facets = []
    for ptr, members in (ix.ill_under, ix.kind_under, ix.theme_under):  # concept -> the titles under it
        ptr, members = np.asarray(ptr), np.asarray(members, dtype=np.int64)
        concept = np.repeat(np.arange(len(ptr) - 1), np.diff(ptr))
        facets.append(_incidence(index[members], concept, (T, max(len(ptr) - 1, 1))))
    groups, kinds_of, themes = facets
    # title x its own illnesses: each title's set of illnesses (by signature) spread out, without a loop
    sets = ix.meta["illnessSets"]
    sizes = np.array([len(members) for members in sets], dtype=np.int64)
    sets_ptr = np.concatenate([[0], np.cumsum(sizes)])
    sigs = np.asarray(ix.ill_sig)[titles]
    ill = np.flatnonzero(sigs >= 0)
    cols, _ = _gather(sets_ptr, np.array([c for members in sets for c in members], dtype=np.int64), sigs[ill])
    same = _incidence(np.repeat(ill, sizes[sigs[ill]]), cols, (T, max(len(ix.concepts), 1)))
    PT, GT, KT, ST, TT = (m.T.tocsr() for m in (P, groups, kinds_of, same, themes))
    weighed = min_weight is not None

    def block(start, stop):
        actors, kinds, shared_themes = P[start:stop] @ PT, kinds_of[start:stop] @ KT, themes[start:stop] @ TT
        found = actors + groups[start:stop] @ GT + kinds + shared_themes
        if not weighed:
            return found, None
        # from below: 3 a shared actor, 2 a shared illness, 1 any shared (or related) theme, 1 any shared
        # kind of work (graph.network.networks.WEIGHTS)
        kinds.data[:] = 1
        shared_themes.data[:] = 1
        weight = (WEIGHTS["actor"] * actors + WEIGHTS["illness"] * (same[start:stop] @ ST)
                  + min(WEIGHTS["theme"], WEIGHTS["related theme"]) * shared_themes + WEIGHTS["source kind"] * kinds)
        return found, weight

    count, weights, at_least = _pairs(T, _bound(P, groups, kinds_of, themes), block, None if weighed else budget)
    if weighed:
        if weights is None:
            return None
        count, at_least = sum(c for w, c in weights.items() if w >= min_weight), True
    label, iri = _mean_lengths(ix, titles)
    # an edge's label gives its reasons: about four labels
    return Size(T, count, at_least, None, _estimate(T, count, label, iri, 4))
