"""Resolving what users type (a name, an alternate name, ``prefix:local`` or an IRI) to a node.

Names match as :mod:`graph.query.namefold` folds them, in every script: case, accents and macrons,
long vowels, full- and half-width forms, katakana and hiragana, spacing and punctuation do not count;
a name in kana is found by its romaji and romaji by its kana; a person's two-word name in either order
("Miura Haruma" finds Haruma Miura, 三浦春馬 finds him by his sourced Japanese name). "Sky of Love" finds
Koizora; a query that starts exactly one node's name finds it ("crying out love"). When a name fits several nodes and exactly one of them
is a title of the graph (a film or series with a cast), the title wins, since that is what people mean
by "Koizora"; otherwise the name is ambiguous and :class:`~graph.errors.AmbiguousNameError` lists the
candidates. An unknown name raises :class:`~graph.errors.NotFoundError` with the closest names, in every script.

Each node has one display name per language (:meth:`NameIndex.label_in`, ``--lang``): the names in
that language first (for ``ja``: Japanese script, then kana readings; for ``en``: plain or English
names, then Hepburn romanisations ``@ja-Latn``), then the other names; among equals schema:name before
rdfs:label, skos:prefLabel, alternate names and skos:altLabel, then a Japanese name written without a
space (三浦春馬 before 三浦 春馬), then alphabetical. A plain string written
in kana or kanji counts as Japanese. A name that only a corrected claim states comes after every other.
Nodes linked as the same (``owl:sameAs``, see :mod:`graph.query.sameas`) are one: a name of any of them
resolves to the node that stands for the group.

>>> from graph.store.opening import open_graph
>>> resolve(open_graph(data_dir=False), "ryo nishikido").iri
'https://w3id.org/dramagraph/person/ryo-nishikido'
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import AmbiguousNameError, NotFoundError
from ..rdf.iris import expand
from ..store.knowledge import cached
from . import namefold
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


fold = namefold.fold


def normalize(text: str) -> str:
    """The key of an exact match (:func:`graph.query.namefold.key`): folded, no spacing or punctuation.

    >>> normalize("  Ryō   NISHIKIDO ") == normalize("ryou nishikido")
    True
    >>> normalize("The 8-Year Engagement") == normalize("the 8 year engagement")
    True
    """
    return namefold.key(text)


def _language(label: str, tag: str) -> str:
    """A name's language: its tag, lower case; a plain string in kana or kanji counts as ``ja``."""
    tag = tag.lower() if tag else ""
    if not tag and namefold.has_japanese(label):
        return "ja"
    return tag


def _language_rank(tag: str, lang: str) -> int:
    """0 for a name in ``lang``, 1 for its other script (en: a romanisation; ja: a kana reading), 2 for a
    plain or English name, 3 for the rest."""
    if lang == "en":
        return 0 if tag in ("", "en") or tag.startswith("en-") else 1 if tag == "ja-latn" else 2
    if tag == lang or tag == f"{lang}-jpan":
        return 0
    if tag.startswith(lang + "-") and not tag.endswith("-latn"):
        return 1
    return 2 if tag in ("", "en") or tag.startswith("en-") else 3


KIND_ORDER = ("title", "character", "person", "illness", "theme", "work kind", "concept", "work")


def _rank(name: tuple, lang: str) -> tuple:
    """The display rank of ``name`` (node, disputed, language, property rank, label) in ``lang``: smaller
    is shown first; a name in Japanese script written without a space between family and given name
    before one with it."""
    _, disputed, tag, prop, label = name
    if not tag and lang == "en":  # most names: plain strings, shown in English
        return disputed, 0, prop, False, label
    return disputed, _language_rank(tag, lang), prop, tag.startswith("ja") and " " in label, label


class NameIndex:
    """Names to nodes and each node's display name per language (:meth:`label_in`; ``label`` is the
    English one): its best name by language, then property (``_LABEL_RANK``), a name that only a corrected
    claim states (``disputed``, pairs of node and name) after every other, then alphabetical.
    ``by_key`` holds the keys of every name's forms (:func:`graph.query.namefold.variants` without kana: a
    query is looked up in its kana, its romaji and, for people, the other order, by
    :func:`graph.query.namefold.query_variants`)."""

    def __init__(self, rows, kind_rows, disputed=frozenset()):
        rank = {kind: i for i, kind in enumerate(KIND_ORDER)}
        self.kind: dict[str, str] = {}
        for row in kind_rows:
            node, kind = row["node"], row["kind"]
            if node not in self.kind or rank[kind] < rank[self.kind[node]]:
                self.kind[node] = kind
        self.by_key: dict[str, set[str]] = {}
        self._names: list[tuple] = []  # (node, disputed, language, property rank, label) of every name
        for row in rows:
            node, label, prop = row["node"], row["label"], row["property"].rsplit("/", 1)[-1].rsplit("#", 1)[-1]
            self.kind.setdefault(node, "other")
            for k in namefold.keys(label):  # the query is varied instead (query_variants)
                self.by_key.setdefault(k, set()).add(node)
            self._names.append((node, (node, label) in disputed, _language(label, row.get("lang")),
                                _LABEL_RANK.get(prop, 9), label))
        self._labels: dict[str, dict[str, str]] = {}
        self.label = self._best("en")
        self.alternates: dict[str, set[str]] = {}
        for row in rows:
            if row["label"] != self.label.get(row["node"]):
                self.alternates.setdefault(row["node"], set()).add(row["label"])
        self._sorted_keys: list[str] | None = None

    def sorted_keys(self) -> list[str]:
        """Every key of ``by_key``, sorted (made once): for prefixes and close matches."""
        if self._sorted_keys is None:
            self._sorted_keys = sorted(self.by_key)
        return self._sorted_keys

    def _best(self, lang: str) -> dict[str, str]:
        if lang not in self._labels:
            best: dict[str, tuple] = {}
            for name in self._names:
                ranked = _rank(name, lang)
                if name[0] not in best or ranked < best[name[0]]:
                    best[name[0]] = ranked
            self._labels[lang] = {node: ranked[-1] for node, ranked in best.items()}
        return self._labels[lang]

    def label_in(self, node: str, lang: str = "en") -> str:
        """The display name of ``node`` in ``lang`` (``en`` or ``ja``), falling back as the rule says."""
        return self._best(lang).get(node, node)

    def named(self, node: str) -> Named:
        return Named(self.label.get(node, node), self.kind.get(node, "other"), node)

    def prefixed(self, text: str) -> set[str]:
        """The nodes one of whose names starts with ``text`` (folded, as a key), for a name typed in part."""
        import bisect

        q = namefold.key(text)
        if len(q) < 4:
            return set()
        keys, found = self.sorted_keys(), set()
        i = bisect.bisect_left(keys, q)
        while i < len(keys) and keys[i].startswith(q):
            found |= self.by_key[keys[i]]
            i += 1
        return found


def index(kg) -> NameIndex:
    """The name index of ``kg`` (built once per state of the graph)."""
    from .catalog import get
    from .engine import run_sparql

    return cached(kg, "name index",
                  lambda: NameIndex(_with_language(run_sparql(kg, get("labels").text, vocabulary=True)),
                                    run_sparql(kg, get("kinds").text, vocabulary=True).rows, disputed_names(kg)))


def _with_language(result) -> list[dict]:
    """The rows of a ``labels`` answer, each with ``lang``: its name's language tag, read off the term."""
    for row, terms in zip(result.rows, result.terms):
        row["lang"] = getattr(terms["label"], "language", None) or ""
    return result.rows


def disputed_names(kg) -> frozenset:
    """``(node, name)`` of each name that only a corrected claim states (query ``disputed-names``)."""
    from .catalog import get
    from .engine import run_sparql

    return cached(kg, "disputed names", lambda: frozenset(
        (row["node"], row["label"]) for row in run_sparql(kg, get("disputed-names").text, vocabulary=True).rows))


def label_of(kg, node: str, lang: str = "en") -> str:
    """The display name of ``node`` in ``lang`` (see :class:`NameIndex`), or the IRI itself."""
    return index(kg).label_in(node, lang)


def _small_index(kg, nodes) -> NameIndex:
    """A :class:`NameIndex` of ``nodes`` only, from the same queries as the whole index's (``labels``,
    ``kinds``) bound to each node, so both give each node the same name."""
    import pyoxigraph as ox

    from .catalog import get
    from .engine import run_sparql
    from .sparqltext import inline

    labels, kinds = get("labels").text, get("kinds").text
    label_rows, kind_rows = [], []
    for node in sorted(nodes):
        label_rows += _with_language(run_sparql(kg, labels, {"node": ox.NamedNode(node)}, vocabulary=True))
        # the node written into the text: bound, Oxigraph would evaluate each UNION branch whole
        kind_rows += [dict(row, node=node) for row in
                      run_sparql(kg, inline(kinds, "node", ox.NamedNode(node)), vocabulary=True).rows]
    return NameIndex(label_rows, kind_rows, disputed_names(kg))


#: Up to this many nodes, :func:`labels_of` asks for their names one by one instead of building the
#: whole index (seconds on a large store: a table of 2 rows took 7 s on 20,000 titles that way).
FEW_NODES = 200


def labels_of(kg, nodes, lang: str = "en") -> dict[str, str]:
    """Each of ``nodes``' display name in ``lang`` (as :func:`label_of`), without building the whole
    name index when there are few of them and it is not built yet."""
    nodes = set(nodes)
    idx = index(kg) if "name index" in kg.cache or len(nodes) > FEW_NODES else _small_index(kg, nodes)
    return {node: idx.label_in(node, lang) for node in nodes}


def _exact(kg, text: str, accepted) -> Named | None:
    """The node whose name is exactly ``text``, found without building the whole index (which takes
    seconds on a graph of a million triples); None when that is not one clear node. The candidates'
    labels and kinds come from the same queries (``labels``, ``kinds``, bound to each node) and the
    same :class:`NameIndex` as the whole index's, so both ways give the same answer."""
    import pyoxigraph as ox

    from .catalog import get
    from .engine import run_sparql

    labels = get("labels").text
    tags = ("en", "ja", "ja-Latn") if text.isascii() else ("ja", "ja-Hira", "ja-Kana", "ja-Hrkt")
    forms = (ox.Literal(text), *(ox.Literal(text, language=t) for t in tags))  # bound as one VALUES block
    named = {row["node"] for row in run_sparql(kg, labels, {"label": forms}, vocabulary=True).rows}
    small = _small_index(kg, {representative(kg, node) for node in named} | named)
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
        stands = representative(kg, as_iri)  # an alias (owl:sameAs) with no facts of its own resolves too
        if (as_iri in idx.kind or stands != as_iri) and stands in idx.kind and fits(stands):
            return idx.named(stands)
        raise NotFoundError(f"no{what} <{as_iri}> in the graph")
    nodes = sorted({representative(kg, n) for form, other_order in namefold.query_variants(text)
                    for n in idx.by_key.get(namefold.key(form), ())
                    if fits(n) and (not other_order or idx.kind.get(n) == "person")})
    if not nodes:  # a name typed in part: the one node (or the one title) whose name starts so
        nodes = sorted({representative(kg, n) for n in idx.prefixed(text) if fits(n)})
        if len(nodes) > 1 and len([n for n in nodes if idx.kind.get(n) == "title"]) != 1:
            nodes = []
    if len(nodes) > 1:
        titles = [n for n in nodes if idx.kind.get(n) == "title"]
        if len(titles) == 1:
            nodes = titles
    if len(nodes) == 1:
        return idx.named(nodes[0])
    if nodes:
        raise AmbiguousNameError(text, [(idx.label.get(n, n), idx.kind.get(n, "other"), n) for n in nodes])
    close = _close(idx, text, fits)
    raise NotFoundError(f"{text!r} is not in the graph as a{'ny' if not what else ''}{what or ' node'}", close)


def _close(idx: NameIndex, text: str, fits) -> list[str]:
    """Up to three display names of nodes one of whose names (in any script, any form) is close to
    ``text`` (:func:`graph.query.namefold.close`): "did you mean"."""
    shown: list[str] = []
    for form in sorted(namefold.query_forms(text), key=len):
        for key in namefold.close(namefold.key(form), idx.sorted_keys(), n=6):
            for node in sorted(idx.by_key[key]):
                name = idx.label.get(node, node)
                if fits(node) and name not in shown:
                    shown.append(name)
    return shown[:3]
