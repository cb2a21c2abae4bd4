"""Resolving what users type (a name, an alternate name, ``prefix:local`` or an IRI) to a node.

Names match case- and accent-insensitively, with punctuation ignored: "ryo nishikido" finds
"Ryō Nishikido", "Sky of Love" finds Koizora. When a name fits several nodes and exactly one of them
is a title of the graph (a film or series with a cast), the title wins, since that is what people mean
by "Koizora"; otherwise the name is ambiguous and :class:`~graph.errors.AmbiguousNameError` lists the
candidates. An unknown name raises :class:`~graph.errors.NotFoundError` with the closest names.
Nodes linked as the same (``owl:sameAs``, see :mod:`graph.query.sameas`) are one: a name of any of them
resolves to the node that stands for the group.

>>> from graph.store.opening import open_graph
>>> resolve(open_graph(data_dir=False), "ryo nishikido").iri
'https://w3id.org/dramagraph/person/ryo-nishikido'
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

from ..errors import AmbiguousNameError, NotFoundError
from ..rdf.iris import expand
from ..store.knowledge import cached
from .sameas import representative

__all__ = ["fold", "Named", "normalize", "index", "resolve", "label_of", "disputed_names", "KIND_MATCHES"]

# which node kinds a parameter kind accepts
KIND_MATCHES = {
    "title": {"title"},
    "work": {"title", "work"},
    "person": {"person"},
    "character": {"character"},
    "concept": {"illness", "theme", "work kind", "concept"},
    "thing": None,  # anything
}
_LABEL_RANK = {"name": 0, "label": 1, "prefLabel": 2, "alternateName": 3, "altLabel": 4}


@dataclass(frozen=True, order=True)
class Named:
    label: str
    kind: str
    iri: str


def fold(text: str) -> str:
    """Case- and accent-insensitive text (punctuation and spacing kept), as the pages' search compares.

    >>> fold("Ryō NISHIKIDO")
    'ryo nishikido'
    """
    text = unicodedata.normalize("NFKD", str(text))
    return "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()


def normalize(text: str) -> str:
    """Case-, accent- and punctuation-insensitive key.

    >>> normalize("  Ryō   NISHIKIDO ")
    'ryo nishikido'
    >>> normalize("The 8-Year Engagement") == normalize("the 8 year engagement")
    True
    """
    return " ".join(re.sub(r"[^\w]+", " ", fold(text)).split())


KIND_ORDER = ("title", "character", "person", "illness", "theme", "work kind", "concept", "work")


class NameIndex:
    """Names to nodes and each node's display name: its best name by property (``_LABEL_RANK``), a name
    that only a corrected claim states (``disputed``, pairs of node and name) after every other, then
    alphabetical."""

    def __init__(self, rows, kind_rows, disputed=frozenset()):
        rank = {kind: i for i, kind in enumerate(KIND_ORDER)}
        self.kind: dict[str, str] = {}
        for row in kind_rows:
            node, kind = row["node"], row["kind"]
            if node not in self.kind or rank[kind] < rank[self.kind[node]]:
                self.kind[node] = kind
        self.by_key: dict[str, set[str]] = {}
        best: dict[str, tuple[int, str]] = {}
        for row in rows:
            node, label, prop = row["node"], row["label"], row["property"].rsplit("/", 1)[-1].rsplit("#", 1)[-1]
            self.kind.setdefault(node, "other")
            self.by_key.setdefault(normalize(label), set()).add(node)
            rank = ((node, label) in disputed, _LABEL_RANK.get(prop, 9), label)
            if node not in best or rank < best[node]:
                best[node] = rank
        self.label = {node: rank[-1] for node, rank in best.items()}
        self.alternates: dict[str, set[str]] = {}
        for row in rows:
            if row["label"] != self.label.get(row["node"]):
                self.alternates.setdefault(row["node"], set()).add(row["label"])

    def named(self, node: str) -> Named:
        return Named(self.label.get(node, node), self.kind.get(node, "other"), node)


def index(kg) -> NameIndex:
    """The name index of ``kg`` (built once per state of the graph)."""
    from .catalog import get
    from .engine import run_sparql

    return cached(kg, "name index",
                  lambda: NameIndex(run_sparql(kg, get("labels").text, vocabulary=True).rows,
                                    run_sparql(kg, get("kinds").text, vocabulary=True).rows, disputed_names(kg)))


def disputed_names(kg) -> frozenset:
    """``(node, name)`` of each name that only a corrected claim states (query ``disputed-names``)."""
    from .catalog import get
    from .engine import run_sparql

    return cached(kg, "disputed names", lambda: frozenset(
        (row["node"], row["label"]) for row in run_sparql(kg, get("disputed-names").text, vocabulary=True).rows))


def label_of(kg, node: str) -> str:
    """The display name of ``node`` (its schema:name, else label), or the IRI itself."""
    return index(kg).label.get(node, node)


def _exact(kg, text: str, accepted) -> Named | None:
    """The node whose name is exactly ``text``, found without building the whole index (which takes
    seconds on a graph of a million triples); None when that is not one clear node. The candidates'
    labels and kinds come from the same queries (``labels``, ``kinds``, bound to each node) and the
    same :class:`NameIndex` as the whole index's, so both ways give the same answer."""
    import pyoxigraph as ox

    from .catalog import get
    from .engine import run_sparql
    from .sparqltext import inline

    labels, kinds = get("labels").text, get("kinds").text
    named = {row["node"] for literal in (ox.Literal(text), ox.Literal(text, language="en"))
             for row in run_sparql(kg, labels, {"label": literal}, vocabulary=True).rows}
    nodes = sorted({representative(kg, node) for node in named} | named)
    label_rows, kind_rows = [], []
    for node in nodes:
        label_rows += run_sparql(kg, labels, {"node": ox.NamedNode(node)}, vocabulary=True).rows
        # the node written into the text: bound, Oxigraph would evaluate each UNION branch whole
        kind_rows += [dict(row, node=node) for row in
                      run_sparql(kg, inline(kinds, "node", ox.NamedNode(node)), vocabulary=True).rows]
    small = NameIndex(label_rows, kind_rows, disputed_names(kg))
    found = sorted({small.named(representative(kg, n)) for n in named
                    if accepted is None or small.kind.get(n, "other") in accepted})
    titles = [n for n in found if n.kind == "title"]
    if len(found) == 1:
        return found[0]
    if len(found) > 1 and len(titles) == 1:
        return titles[0]
    return None


def resolve(kg, text: str | Named, kind: str = "thing") -> Named:
    """The one node that ``text`` names, of a kind that ``kind`` accepts (see :data:`KIND_MATCHES`).
    A :class:`Named` (an answer of this function) is taken as it is, so callers resolve a name once."""
    accepted = KIND_MATCHES.get(kind)
    if isinstance(text, Named):
        if accepted is None or text.kind in accepted:
            return text
        text = text.iri
    if "name index" not in kg.cache and expand(text.strip()) is None:
        exact = _exact(kg, text, accepted)
        if exact is not None:
            return exact
    idx = index(kg)
    what = "" if kind == "thing" else f" {kind}"

    def fits(node):
        return accepted is None or idx.kind.get(node) in accepted

    as_iri = expand(text.strip())
    if as_iri is not None:
        if as_iri in idx.kind and fits(as_iri):
            return idx.named(representative(kg, as_iri))
        raise NotFoundError(f"no{what} <{as_iri}> in the graph")
    nodes = sorted({representative(kg, n) for n in idx.by_key.get(normalize(text), ()) if fits(n)})
    if len(nodes) > 1:
        titles = [n for n in nodes if idx.kind.get(n) == "title"]
        if len(titles) == 1:
            nodes = titles
    if len(nodes) == 1:
        return idx.named(nodes[0])
    if nodes:
        raise AmbiguousNameError(text, [(idx.label.get(n, n), idx.kind.get(n, "other"), n) for n in nodes])
    labels = sorted({idx.label[n] for n in idx.label if fits(n)})
    by_key = {normalize(label): label for label in labels}
    close = difflib.get_close_matches(normalize(text), list(by_key), n=3, cutoff=0.6)
    raise NotFoundError(f"{text!r} is not in the graph as a{'ny' if not what else ''}{what or ' node'}",
                        [by_key[c] for c in close])
