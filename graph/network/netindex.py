"""A compact on-disk index of the networks, so that exploring a large store answers at once.

The layout (which arrays, in which order) is written once, here, with its reader (:class:`Index`); the
writer is :mod:`graph.network.netbuild` (its :func:`~graph.network.netbuild.build`), which imports this module,
never the other way round.

Where it sits: the network layer (after :mod:`graph.network.networks`, before :mod:`graph.network.explore`). A store on
disk keeps each committed version in its own folder (:mod:`graph.store.diskstore`), and a version never changes,
so an index written into that folder (``v-ID/netindex/``) can never be stale: a load, import or link makes
a new version, which has no index until :func:`graph.network.netbuild.build` writes one. Without it, :mod:`graph.network.explore` falls
back to building the networkx views from the named queries.

The index is made FROM THE SAME ROWS as the views (:func:`graph.network.networks._rows`, with the nodes linked by
``owl:sameAs`` already one node), so every answer is the one the networkx views give, in the same order:

- ``nodes``: every IRI in the networks, sorted (a node's id is its place; found by binary search), with
  its ``schema:name`` (the cast view's label), its label, kind and other names (the full view's);
- for the ``cast`` and ``full`` views: the edges in the order the view adds them (ends, relation, key,
  character, credit, label), the nodes in the order the view adds them, and two CSR arrays: each node's
  incident edges, and its distinct neighbours in networkx's adjacency order (first edge first), so a
  breadth-first search visits nodes exactly as networkx's does;
- what ``similar`` compares: each title's illnesses, themes and kinds of source work (as ids of distinct
  sets; a title's kinds with every broader one), the titles under each illness and theme (and broader
  one) and each kind, the concept hierarchy and labels;
- the top co-actor pairs, counted once.

Arrays are ``.npy`` files opened with ``mmap_mode="r"``: opening the index reads almost nothing.
"""

from __future__ import annotations

import json
from bisect import bisect_left
from pathlib import Path

import numpy as np

__all__ = ["open", "outdated", "Index", "DIRNAME", "FORMAT", "TOP_PAIRS"]

DIRNAME = "netindex"
FORMAT = 2  # 2: themes (themes.sig, themes.under.*, meta's themeSets). An index of another format is not read
TOP_PAIRS = 1000  # co-actor pairs counted at build time; more are counted on demand
_CACHE_KEY = "network index"
_CAST_KINDS = ("", "title", "person")


# ------------------------------------------------------------------ string tables
class Strings:
    """A read-only sequence of strings kept as one UTF-8 blob and its offsets (both memory-mapped)."""

    def __init__(self, folder: Path, name: str):
        self.offsets = _load(folder, f"{name}.off")
        blob = _load(folder, f"{name}.bin")
        self.blob = memoryview(blob) if blob.size else memoryview(b"")

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def __getitem__(self, i) -> str:
        i = int(i)
        return str(self.blob[self.offsets[i]:self.offsets[i + 1]], "utf-8")

    def all(self) -> list[str]:
        """Every string, in order (one pass over the blob: much faster than indexing each)."""
        blob, offsets = bytes(self.blob), self.offsets.tolist()
        return [blob[a:b].decode("utf-8") for a, b in zip(offsets, offsets[1:])]


def _load(folder: Path, name: str):
    """The array, memory-mapped (as a plain ndarray view: slicing a np.memmap costs more)."""
    return np.asarray(np.load(folder / f"{name}.npy", mmap_mode="r"))


def _gather(indptr, indices, rows):
    """The rows' entries one after the other, and which row each came from."""
    rows = np.asarray(rows, dtype=np.int64)
    starts, ends = indptr[rows], indptr[rows + 1]
    lengths = ends - starts
    total = int(lengths.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.int64)
    owner = np.repeat(np.arange(len(rows)), lengths)
    position = np.arange(total) - np.repeat(np.cumsum(lengths) - lengths, lengths) + np.repeat(starts, lengths)
    return np.asarray(indices[position]), rows[owner]


# ------------------------------------------------------------------ reading
class View:
    """One view (``cast`` or ``full``) of the index."""

    def __init__(self, folder: Path, name: str, index: "Index"):
        self.name = name
        self.index = index
        self.src, self.dst = _load(folder, f"{name}.src"), _load(folder, f"{name}.dst")
        self.rel, self.has_character = _load(folder, f"{name}.rel"), _load(folder, f"{name}.hasch")
        self.key, self.character = Strings(folder, f"{name}.key"), Strings(folder, f"{name}.char")
        self.credit, self.label = Strings(folder, f"{name}.credit"), Strings(folder, f"{name}.label")
        self.order = _load(folder, f"{name}.order")
        self.inc_ptr, self.inc_edge = _load(folder, f"{name}.inc.ptr"), _load(folder, f"{name}.inc.edge")
        self.inc_nbr = _load(folder, f"{name}.inc.nbr")
        self.adj_ptr, self.adj_nbr = _load(folder, f"{name}.adj.ptr"), _load(folder, f"{name}.adj.nbr")

    def __contains__(self, node: int) -> bool:
        return node is not None and self.inc_ptr[node + 1] > self.inc_ptr[node]

    def number_of_nodes(self) -> int:
        return len(self.order)

    def neighbours(self, node: int):
        return self.adj_nbr[self.adj_ptr[node]:self.adj_ptr[node + 1]]

    def degree(self):
        """Each node's degree in the simple graph of the view (distinct neighbours; a loop counts 2)."""
        degree = np.diff(np.asarray(self.adj_ptr))
        owner = np.repeat(np.arange(len(degree)), degree)
        loops = owner[np.asarray(self.adj_nbr) == owner]
        degree = degree.copy()
        degree[loops] += 1
        return degree

    def node_label(self, node: int) -> str:
        return self.index.name(node) if self.name == "cast" else self.index.label(node)

    def node_kind(self, node: int) -> str:
        return _CAST_KINDS[self.index.cast_kind[node]] if self.name == "cast" else self.index.kind(node)

    def node_attrs(self, node: int) -> dict:
        alt = self.index.alt[node] if self.name == "full" else ""
        return {"label": self.node_label(node), "kind": self.node_kind(node),
                "altNames": json.loads(alt) if alt else []}

    def edges_between(self, a: int, b: int):
        lo, hi = self.inc_ptr[a], self.inc_ptr[a + 1]
        nbr = np.asarray(self.inc_nbr[lo:hi])
        return np.asarray(self.inc_edge[lo:hi])[nbr == b]

    def edge_attrs(self, e: int) -> dict:
        relation = self.index.relations[self.rel[e]]
        if self.name == "cast":
            return {"relation": relation, "character": self.character[e], "roleName": self.credit[e],
                    "label": self.label[e]}
        attrs = {"relation": relation}
        if self.has_character[e]:
            attrs["character"] = self.character[e]
        attrs["label"] = self.label[e]
        return attrs

    def hop(self, a: int, b: int) -> dict:
        """What :func:`graph.network.explore._hop` says of the step from ``a`` to ``b``: the edge of the least key."""
        edges = self.edges_between(a, b)
        e = min(edges, key=lambda e: self.key[e])
        data = self.edge_attrs(e)
        relation = data.get("relation", "")
        return {"relation": relation, "character": data.get("character"), "label": data.get("label", relation)}

    # -------------------------------------------------------------- searches
    def shortest_path(self, source: int, target: int) -> list[int] | None:
        """The path networkx's ``shortest_path`` finds (its bidirectional search, visiting neighbours in
        the same order), or None."""
        if source == target:
            return [source]
        n = len(self.adj_ptr) - 1
        pred = np.full(n, -2, dtype=np.int64)
        succ = np.full(n, -2, dtype=np.int64)
        pred[source], succ[target] = -1, -1
        forward, reverse = np.array([source]), np.array([target])
        while len(forward) and len(reverse):
            backward = len(forward) > len(reverse)
            level, mine, theirs = (reverse, succ, pred) if backward else (forward, pred, succ)
            seq, owner = _gather(self.adj_ptr, self.adj_nbr, level)
            hits = np.nonzero(theirs[seq] != -2)[0]
            if len(hits):
                cut = hits[0] + 1
                seq, owner = seq[:cut], owner[:cut]
            values, first = np.unique(seq, return_index=True)
            new = mine[values] == -2
            first = np.sort(first[new])
            mine[seq[first]] = owner[first]
            if len(hits):
                w = int(seq[-1])
                path = []
                x = w
                while x != -1:
                    path.append(x)
                    x = int(pred[x])
                path.reverse()
                x = int(succ[path[-1]])
                while x != -1:
                    path.append(x)
                    x = int(succ[x])
                return path
            if backward:
                reverse = seq[first]
            else:
                forward = seq[first]
        return None

    def distances(self, source: int, stop: int | None = None, cutoff: int | None = None):
        """Hops from ``source`` to every node reached (-1 for the others), level by level, stopping after
        the level that reaches ``stop`` or at ``cutoff`` hops."""
        n = len(self.adj_ptr) - 1
        dist = np.full(n, -1, dtype=np.int64)
        dist[source] = 0
        level, d = np.array([source]), 0
        while len(level) and (cutoff is None or d < cutoff) and (stop is None or dist[stop] < 0):
            seq, _ = _gather(self.adj_ptr, self.adj_nbr, level)
            seq = np.unique(seq)
            seq = seq[dist[seq] < 0]
            d += 1
            dist[seq] = d
            level = seq
        return dist

    def all_shortest_paths(self, source: int, target: int) -> list[list[int]]:
        ds = self.distances(source, stop=target)
        if ds[target] < 0:
            return []
        dt = self.distances(target, cutoff=int(ds[target]))
        length = int(ds[target])
        paths = []

        def walk(node, trail):
            if node == target:
                paths.append(trail)
                return
            for nxt in np.unique(self.neighbours(node)):
                if ds[nxt] == ds[node] + 1 and dt[nxt] == length - ds[nxt]:
                    walk(int(nxt), trail + [int(nxt)])

        walk(source, [source])
        return paths

    def subgraph(self, nodes):
        """The networkx graph (a MultiGraph, as the view) on ``nodes`` with every edge between them."""
        import networkx as nx

        nodes = np.unique(np.asarray(nodes, dtype=np.int64))
        G = nx.MultiGraph(view=self.name)
        inside = np.zeros(len(self.adj_ptr) - 1, dtype=bool)
        inside[nodes] = True
        for node in nodes:
            G.add_node(self.index.iri(node), **self.node_attrs(node))
        edges, _ = _gather(self.inc_ptr, self.inc_edge, nodes)
        edges = np.unique(edges)
        src, dst = np.asarray(self.src)[edges], np.asarray(self.dst)[edges]
        for e, a, b in zip(edges[inside[src] & inside[dst]], src[inside[src] & inside[dst]],
                           dst[inside[src] & inside[dst]]):
            G.add_edge(self.index.iri(a), self.index.iri(b), key=self.key[e], **self.edge_attrs(e))
        return G


class Index:
    """An opened network index (see the module's text); node ids are places in the sorted IRIs."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        self.iris = Strings(folder, "iri")
        self.names, self.labels, self.alt = Strings(folder, "name"), Strings(folder, "label"), Strings(folder, "alt")
        self.kinds, self.kind_codes = self.meta["kinds"], _load(folder, "kind")
        self.cast_kind = _load(folder, "castkind")
        self.relations = self.meta["relations"]
        self.views = {name: View(folder, name, self) for name in ("cast", "full")}
        self.pairs = _load(folder, "pairs")
        self.concepts = self.meta["concepts"]
        self.ill_sig, self.kind_sig = _load(folder, "ill.sig"), _load(folder, "kinds.sig")
        self.ill_under = (_load(folder, "ill.under.ptr"), _load(folder, "ill.under.titles"))
        self.kind_under = (_load(folder, "kinds.under.ptr"), _load(folder, "kinds.under.titles"))
        self.theme_sig = _load(folder, "themes.sig")
        self.theme_under = (_load(folder, "themes.under.ptr"), _load(folder, "themes.under.titles"))

    def __len__(self) -> int:
        return len(self.iris)

    def id(self, iri: str) -> int | None:
        """The id of ``iri``, or None when it is in no network."""
        i = bisect_left(_Seq(self.iris), iri)
        return i if i < len(self.iris) and self.iris[i] == iri else None

    def iri(self, node: int) -> str:
        return self.iris[node]

    def name(self, node: int) -> str:
        """The cast view's label: the node's ``schema:name``, else its IRI."""
        return self.names[node] or self.iris[node]

    def label(self, node: int) -> str:
        return self.labels[node]

    def kind(self, node: int) -> str:
        return self.kinds[self.kind_codes[node]]

    # -------------------------------------------------------------- what `similar` compares
    def facts_label(self, iri: str) -> str:
        """:class:`graph.network.networks._TitleFacts`'s label: the name, else the concept's label, else the IRI."""
        if not hasattr(self, "_facts_labels"):
            self._facts_labels = {}
        if iri not in self._facts_labels:
            self._facts_labels[iri] = self._facts_label(iri)
        return self._facts_labels[iri]

    def _facts_label(self, iri: str) -> str:
        node = self.id(iri)
        name = self.names[node] if node is not None else ""
        if name:
            return name
        if not hasattr(self, "_concept_labels"):
            self._concept_labels = {c: label for c, label in zip(self.concepts, self.meta["conceptLabels"])
                                    if label is not None}
        return self._concept_labels.get(iri, iri)

    def ancestors(self, concept: str) -> set:
        """Every concept above ``concept`` (skos:broader, transitively), as IRIs."""
        if not hasattr(self, "_cid"):
            self._cid = {c: i for i, c in enumerate(self.concepts)}
            self._ancestors = {}
        if concept not in self._ancestors:
            parents = self.meta["parents"]
            seen, todo = set(), [self._cid.get(concept)]
            while todo:
                for parent in parents.get(str(todo.pop()), ()):
                    if parent not in seen:
                        seen.add(parent)
                        todo.append(parent)
            self._ancestors[concept] = {self.concepts[c] for c in seen}
        return self._ancestors[concept]

    def illness_set(self, sig: int) -> set:
        return {self.concepts[c] for c in self.meta["illnessSets"][sig]} if sig >= 0 else set()

    def kind_set(self, sig: int) -> set:
        return {self.concepts[c] for c in self.meta["kindSets"][sig]} if sig >= 0 else set()

    def theme_set(self, sig: int) -> set:
        return {self.concepts[c] for c in self.meta["themeSets"][sig]} if sig >= 0 else set()

    def broader_kinds(self) -> dict:
        return {self.concepts[int(k)]: {self.concepts[a] for a in v} for k, v in self.meta["broaderKinds"].items()}

    def cast_of(self, title: int) -> dict:
        """person IRI -> the character of their first role in ``title`` ("" for none)."""
        V = self.views["cast"]
        lo, hi = V.inc_ptr[title], V.inc_ptr[title + 1]
        cast = {}
        for person, e in zip(V.inc_nbr[lo:hi].tolist(), V.inc_edge[lo:hi].tolist()):
            cast.setdefault(self.iri(person), V.character[e])
        return cast


class _Seq:
    def __init__(self, strings):
        self.strings = strings

    def __len__(self):
        return len(self.strings)

    def __getitem__(self, i):
        return self.strings[i]


def outdated(kg) -> bool:
    """Whether ``kg``'s version holds an index of another :data:`FORMAT` (written by an older dramagraph):
    :func:`open` does not read it, :func:`graph.network.netbuild.current` writes it anew."""
    found = _meta(kg)
    return found is not None and found[1].get("format") != FORMAT


def _meta(kg) -> tuple[Path, dict] | None:
    """The index folder of ``kg``'s version and its ``meta.json``, or None when there is none."""
    if getattr(kg, "path", None) is None:
        return None
    folder = Path(kg.path).parent / DIRNAME
    try:
        return folder, json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def open(kg) -> Index | None:  # noqa: A001 - the module's verb: netindex.open(kg)
    """The index of ``kg``'s version, or None when it has none, or one of another :data:`FORMAT` (see
    :func:`outdated`); kept in ``kg.cache``."""
    from ..store.knowledge import cached

    def find():
        found = _meta(kg)
        return Index(found[0]) if found is not None and found[1].get("format") == FORMAT else None

    return cached(kg, _CACHE_KEY, find)
