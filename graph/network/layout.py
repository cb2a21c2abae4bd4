"""Positions for large network views, computed ahead of time so the page draws at once.

A force-directed layout per connected component (igraph's Fruchterman–Reingold, with its grid for big
components; networkx's spring layout when igraph is not installed), then:

* outliers pulled in: beyond the 95th percentile of distance from the component's centre, distances
  grow logarithmically, so that a few leaves on long chains cannot stretch the drawing while the
  rest sits in a corner (the "90% of nodes in a 6×9 box, view 7,400 wide" failure);
* every component scaled to an area in proportion to its node count (the same density everywhere);
* components packed side by side in rows (largest first), the whole roughly square.

:func:`spread` measures the result: the share of the drawing's area covered by the box of the middle
90% of nodes (5th to 95th percentile of x and of y); the goal is at least a quarter.
The same graph and seed always give the same positions.

>>> import networkx as nx
>>> G = nx.path_graph(30); G.add_edge("a", "b")
>>> pos = layout(G, seed=1)
>>> len(pos), pos == layout(G, seed=1), spread(pos) >= 0.25
(32, True, True)
"""

from __future__ import annotations

import math
import random

__all__ = ["layout", "spread", "UNIT"]

UNIT = 40.0  # canvas units per node along a side: a component of n nodes spans about UNIT*sqrt(n)
GAP = 2.0  # gap between packed components, in UNITs


def spread(positions) -> float:
    """Area of the box holding the middle 90% of nodes (5th–95th percentile of x and of y) over the
    area of the box holding all of them (1.0 when there are fewer than two distinct places)."""
    import numpy as np

    xy = np.asarray(list(positions.values()), dtype=float).reshape(-1, 2)
    if len(xy) < 2:
        return 1.0
    lo, hi = xy.min(axis=0), xy.max(axis=0)
    p5, p95 = np.percentile(xy, 5, axis=0), np.percentile(xy, 95, axis=0)
    full = np.where(hi - lo > 0, hi - lo, 1.0)
    return float(np.prod((p95 - p5) / full)) if np.all(hi - lo > 0) else float((p95 - p5).max() / full.max())


def _component_positions(edges, n, seed, iterations):
    """Positions (n×2 array) of one connected component with ``edges`` among nodes 0..n-1."""
    import numpy as np

    if n == 1:
        return np.zeros((1, 2))
    if n == 2:
        return np.array([[0.0, 0.0], [1.0, 0.0]])
    rng = np.random.default_rng(seed)
    start = rng.uniform(-1, 1, size=(n, 2)) * math.sqrt(n)
    try:
        import igraph
    except ImportError:
        return _networkx_positions(edges, n, seed, start)
    g = igraph.Graph(n=n, edges=edges)
    previous = igraph.set_random_number_generator(random.Random(seed))
    try:
        coords = g.layout_fruchterman_reingold(seed=start.tolist(), niter=iterations,
                                               grid="grid" if n > 1000 else "nogrid")
    finally:
        igraph.set_random_number_generator(previous if previous is not None else random)
    return np.asarray(coords.coords, dtype=float)


def _networkx_positions(edges, n, seed, start):
    import networkx as nx
    import numpy as np

    H = nx.Graph()
    H.add_nodes_from(range(n))
    H.add_edges_from(edges)
    pos = nx.spring_layout(H, pos={i: tuple(start[i]) for i in range(n)}, seed=seed,
                           iterations=50 if n <= 2000 else 20)
    return np.array([pos[i] for i in range(n)], dtype=float)


def _tame(xy):
    """Centre, pull outliers in (log beyond the 95th percentile radius) and scale to UNIT*sqrt(n)."""
    import numpy as np

    n = len(xy)
    if n == 1:
        return np.zeros((1, 2))
    xy = xy - np.median(xy, axis=0)
    r = np.hypot(xy[:, 0], xy[:, 1])
    r95 = float(np.percentile(r, 95)) or float(r.max()) or 1.0
    far = r > r95
    if far.any():
        squeezed = r95 * (1.0 + 0.25 * np.log(r[far] / r95))
        xy[far] *= (squeezed / r[far])[:, None]
    span = float((xy.max(axis=0) - xy.min(axis=0)).max()) or 1.0
    return xy * (UNIT * math.sqrt(n) / span)


def layout(G, seed: int = 42, iterations: int = 150) -> dict:
    """``{node: (x, y)}`` for networkx graph ``G`` (any kind; direction and parallel edges ignored)."""
    import networkx as nx

    if len(G) == 0:
        return {}
    order = sorted(G.nodes, key=str)
    index = {node: i for i, node in enumerate(order)}
    H = nx.Graph()
    H.add_nodes_from(range(len(order)))
    H.add_edges_from((index[a], index[b]) for a, b in G.edges() if a != b)
    components = sorted((sorted(c) for c in nx.connected_components(H)), key=lambda c: (-len(c), c[0]))
    placed = []  # (members, positions relative to the box's lower left corner, width, height)
    for members in components:
        local = {node: i for i, node in enumerate(members)}
        edges = sorted((local[a], local[b]) for a, b in H.subgraph(members).edges())
        xy = _tame(_component_positions(edges, len(members), seed, iterations))
        lo = xy.min(axis=0)
        size = xy.max(axis=0) - lo
        placed.append((members, xy - lo, max(float(size[0]), UNIT / 2), max(float(size[1]), UNIT / 2)))
    # shelf packing: rows as wide as the square root of the total area (or the widest component)
    gap = GAP * UNIT
    total = sum((w + gap) * (h + gap) for _, _, w, h in placed)
    row_width = max(math.sqrt(total) * 1.1, max(w for _, _, w, _ in placed))
    positions = [None] * len(order)
    x = y = row_height = 0.0
    for members, xy, w, h in placed:
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y + row_height + gap, 0.0
        for node, (px, py) in zip(members, xy):
            positions[node] = (round(x + float(px), 1), round(y + float(py), 1))
        x += w + gap
        row_height = max(row_height, h)
    return {order[i]: positions[i] for i in range(len(order))}
