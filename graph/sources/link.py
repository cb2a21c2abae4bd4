"""Finding the same title or person across sources: the article, each import (IMDb, each Wikidata file),
the user's own data and the store's own triples. :func:`find` says which nodes are one, with a score and
its evidence, and lists the cases it would not decide; :func:`quads` writes the matches as ``owl:sameAs``
with an SSSOM annotation each, for the links graph.

Where it sits: after the store (it reads a :class:`~graph.store.knowledge.KnowledgeGraph` whose named graphs say
which source states what, see :func:`graph.rdf.iris.source_of`), before what reads the links (networks,
explore, the page). It reads the store with ``quads_for_pattern`` only, so it imports nothing of the
package but errors, iris and progress.

Why one file of ~570 lines: the rules below are one algorithm (rounds of titles and people, each
round reading the other's links), and half of the file is their statement and the evidence each
rule writes; split, each part would need the other to be read.

The rules (a node's *source* is every source that types or names it; the ontology, provenance, links and
inferred graphs are no source):

* **Titles** are ``schema:Movie`` (a film) and ``schema:TVSeries`` (a series) nodes, **people** are
  ``schema:Person`` nodes. Source works (``schema:Book``, ...) are not linked.
* **Names**: ``schema:name`` and ``schema:alternateName``, compared after NFKC, accents dropped, case
  folded, punctuation dropped ("The 8-Year Engagement" = "The 8 Year Engagement", "Ryō" = "Ryo").
  A second, *loose* key also folds romanised long vowels and spacing (``ou``/``oo`` → ``o``, ``uu`` →
  ``u``, so "Ryou" = "Ryō" = "Ryo"; "Sekai no Chuushin" = "Sekai no Chushin") and, for people, word
  order ("Miura Haruma" = "Haruma Miura"); a loose match scores less than an exact one. A name one
  letter off ("Tori Matsutaka" / "Tori Matsuzaka") is no match: see *near names* below.
* **Identifiers** are certain: an equal IMDb id (``schema:sameAs <https://www.imdb.com/title/tt…/>``,
  ``schema:identifier "tt…"``, or a node of the IMDb import), an equal Wikidata id (``wd:Q…``, ``"Q…"``,
  a node of a Wikidata import), or another equal ``schema:sameAs`` IRI or ``schema:identifier`` links
  with score 1 whatever the names say. Two nodes with different IMDb (or Wikidata) ids are never linked.
* **A title** is linked only with a name match, the same kind (a film is not a series: the article's
  Koizora film of 2007 and its 2008 drama are two titles), no conflicting year (``schema:datePublished``
  or ``schema:startDate``; one side without a year is no conflict), and evidence beyond the name: the
  same year or at least one shared cast member (the same person node, a linked person, or a person of
  the same name). Score: name 0.5 (loose 0.4) + same year 0.2 + 0.1 a shared cast member (at most 0.3),
  at most 0.95.
* **A person** is linked only with a name match and at least one shared *linked* title (the same title
  node, or titles linked to each other); a name alone is never enough, and a title of the same name that
  is not linked (the Koizora film and drama) is no evidence. Score: name 0.6 (loose 0.5) + 0.15 a shared
  title (at most 0.35), at most 0.95.
* **Rounds**: titles first (shared cast by name), then people through the linked titles, then titles
  again through the linked people, until nothing changes (at most three rounds).
* **One to one**: a pair is linked when each is the other's best candidate in the other's source. When a
  node's best score is reached by two or more candidates of one source, none is linked and the case is
  listed in ``ambiguous``. Two nodes of the same source are never linked.
* **Near names**: people of two linked titles whose names are at most one letter apart (two for names
  of twelve letters or more) but who are not linked are listed in ``ambiguous`` too, for a person to
  decide, never linked.

Candidates come from dictionaries keyed by name and by identifier (people: by the casts of linked
titles), so the work grows with the data, not with its square.

>>> normalized("  Ryō   NISHIKIDO "), loose("Ryou Nishikido", person=True) == loose("Nishikido Ryō", person=True)
('ryo nishikido', True)
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from ..rdf.iris import (BASE, DG_NS, GRAPH_LINKS, IMDB, OWL_NS, PROV_NS, RDF_TYPE, RDFS_COMMENT, SCHEMA_NS, WD_ENTITY,
                   WIKIDATA, XSD_DATETIME, XSD_NS, representatives, source_of)
from ..progress import bar

__all__ = ["find", "quads", "normalized", "loose", "SSSOM_NS", "SEMAPV_NS", "LINK"]

SSSOM_NS = "https://w3id.org/sssom/"
SEMAPV_NS = "https://w3id.org/semapv/vocab/"
LINK = BASE + "link/"  # + a hash of the pair: the SSSOM annotation of one match

_KINDS = {SCHEMA_NS + "Movie": "film", SCHEMA_NS + "TVSeries": "series", SCHEMA_NS + "Person": "person"}
_KIND_WORDS = {"film": "films", "series": "series"}
_NOT_SOURCES = {"ontology", "provenance", "links", "inferred"}
_RANK = {"article": 0, "corrections": 0.5, "confirmations": 0.6, "user": 1, "file": 2, "default": 3, "import": 4}
_ID_NAMES = {"imdb": "IMDb id", "wikidata": "Wikidata id", "iri": "schema:sameAs", "id": "identifier"}
_EXCLUSIVE = ("imdb", "wikidata")  # a node has one id of these: two different ones are two things
_MAX_ROUNDS = 3

_IMDB_IRI = re.compile(r"https?://(?:www\.|m\.)?imdb\.com/(?:title|name)/((?:tt|nm)\d+)/?")
_WD_IRI = re.compile(r"https?://(?:www\.)?wikidata\.org/(?:entity|wiki)/(Q\d+)")
_YEAR = re.compile(r"-?(\d{4})")
_PUNCTUATION = re.compile(r"[\W_]+")


def normalized(text: str) -> str:
    """The name key: NFKC, accents dropped, case folded, punctuation and spacing made one space."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text))
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(_PUNCTUATION.sub(" ", text.casefold()).split())


def _fold(word: str) -> str:
    return word.replace("ou", "o").replace("oo", "o").replace("uu", "u")


def loose(text: str, person: bool = False, key: str | None = None) -> str:
    """The loose name key: :func:`normalized` (``key``, when known), long vowels folded (ou, oo → o;
    uu → u), and spaces dropped (a title) or words sorted (a person's name, whose order varies in
    romanised Japanese)."""
    words = [_fold(w) for w in (normalized(text) if key is None else key).split()]
    return " ".join(sorted(words)) if person else "".join(words)


def _near(a: str, b: str) -> int | None:
    """The edit distance of ``a`` and ``b`` when it is within the near-name bound, else None."""
    bound = 2 if min(len(a), len(b)) >= 12 else 1
    if abs(len(a) - len(b)) > bound:
        return None
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > bound:
            return None
        previous = current
    return previous[-1] if previous[-1] <= bound else None


def _external_id(value: str, literal: bool) -> tuple[str, str]:
    if literal:
        if re.fullmatch(r"(?:tt|nm)\d+", value):
            return ("imdb", value)
        if re.fullmatch(r"Q\d+", value):
            return ("wikidata", value)
        return ("id", value)
    m = _IMDB_IRI.fullmatch(value)
    if m:
        return ("imdb", m.group(1))
    m = _WD_IRI.fullmatch(value)
    if m:
        return ("wikidata", m.group(1))
    return ("iri", value)


def _own_id(node: str) -> tuple[str, str] | None:
    for namespace, kind, pattern in ((IMDB, "imdb", r"(?:tt|nm)\d+"), (WIKIDATA, "wikidata", r"Q\d+"),
                                     (WD_ENTITY, "wikidata", r"Q\d+")):
        if node.startswith(namespace) and re.fullmatch(pattern, node[len(namespace):]):
            return (kind, node[len(namespace):])
    return None


class _Data:
    """What linking needs of each title and person: kinds, sources, names, years, ids, casts."""

    def __init__(self, kg, progress: bool):
        import pyoxigraph as ox

        store = kg.store
        apart = set(kg.vocabulary)
        graph_source: dict = {}

        def source(graph):
            """The source of a quad's graph: a name, "" for the default graph, None for no source."""
            if isinstance(graph, ox.DefaultGraph):
                return ""
            if graph not in graph_source:
                name = source_of(graph.value) if isinstance(graph, ox.NamedNode) else "file"
                graph_source[graph] = None if name in _NOT_SOURCES or graph.value in apart else name
            return graph_source[graph]

        def term(t) -> str:
            return t.value if isinstance(t, ox.NamedNode) else "_:" + t.value

        steps = ["types", "name", "alternateName", "datePublished", "startDate", "identifier", "sameAs",
                 "actor"]
        self.kinds: dict[str, set[str]] = {}
        self.sources: dict[str, set[str]] = {}
        in_named: set[str] = set()
        with bar(len(steps), "reading", "property", enabled=progress) as b:
            for cls, kind in _KINDS.items():
                for q in store.quads_for_pattern(None, ox.NamedNode(RDF_TYPE), ox.NamedNode(cls), None):
                    if not isinstance(q.subject, ox.NamedNode):
                        continue
                    node, src = q.subject.value, source(q.graph_name)
                    if src is None:
                        in_named.add(node)
                        continue
                    self.kinds.setdefault(node, set()).add(kind)
                    if src:
                        in_named.add(node)
                        self.sources.setdefault(node, set()).add(src)
            b.update(1)
            # graphs to read facts from: the default graph when it is the union of the named graphs
            facts_graph = ox.DefaultGraph() if kg.union else None
            self.labels: dict[str, set[tuple[int, str]]] = {}
            default_only = any(node not in in_named for node in self.kinds)
            graphs = [None] if default_only or not kg.union else [
                g for g in store.named_graphs() if source(g) is not None]
            for rank, prop in enumerate(("name", "alternateName")):
                for q in (q for g in graphs for q in store.quads_for_pattern(
                        None, ox.NamedNode(SCHEMA_NS + prop), None, g)):
                    node = q.subject.value
                    if node not in self.kinds or not isinstance(q.object, ox.Literal):
                        continue
                    src = source(q.graph_name)
                    if src is None:
                        continue
                    self.labels.setdefault(node, set()).add((rank, q.object.value))
                    if src:
                        in_named.add(node)
                        self.sources.setdefault(node, set()).add(src)
                b.update(1)
            for node in self.kinds:
                if node not in self.sources:
                    self.sources[node] = {"default"} if node not in in_named else set()
            for node in [n for n, s in self.sources.items() if not s]:  # typed only where no source is
                del self.sources[node], self.kinds[node]
                self.labels.pop(node, None)
            self.years: dict[str, set[str]] = {}
            for prop in ("datePublished", "startDate"):
                for q in store.quads_for_pattern(None, ox.NamedNode(SCHEMA_NS + prop), None, facts_graph):
                    node = q.subject.value
                    m = _YEAR.match(q.object.value) if node in self.kinds else None
                    if m and source(q.graph_name) is not None:
                        self.years.setdefault(node, set()).add(m.group(1))
                b.update(1)
            self.ids: dict[str, set[tuple[str, str]]] = {}
            for node in self.kinds:
                own = _own_id(node)
                if own:
                    self.ids[node] = {own}
            for prop, literal in (("identifier", True), ("sameAs", False)):
                for q in store.quads_for_pattern(None, ox.NamedNode(SCHEMA_NS + prop), None, facts_graph):
                    node = q.subject.value
                    if (node in self.kinds and isinstance(q.object, ox.Literal if literal else ox.NamedNode)
                            and source(q.graph_name) is not None):
                        self.ids.setdefault(node, set()).add(_external_id(q.object.value, literal))
                b.update(1)
            actors: dict[str, set[str]] = {}
            for q in store.quads_for_pattern(None, ox.NamedNode(SCHEMA_NS + "actor"), None, facts_graph):
                if source(q.graph_name) is not None and not isinstance(q.object, ox.Literal):
                    actors.setdefault(term(q.subject), set()).add(term(q.object))
            b.update(1)
        people = {n for n, k in self.kinds.items() if "person" in k}
        self.titles = sorted(n for n, k in self.kinds.items() if k & {"film", "series"})
        self.people = sorted(people)
        self.cast: dict[str, set[str]] = {}
        self.credits: dict[str, set[str]] = {}
        for title in self.titles:
            cast = set()
            for x in actors.get(title, ()):
                if x in people:
                    cast.add(x)
                else:
                    cast.update(p for p in actors.get(x, ()) if p in people)
            if cast:
                self.cast[title] = cast
                for p in cast:
                    self.credits.setdefault(p, set()).add(title)
        self.src = {node: "+".join(sorted(s, key=_source_rank)) for node, s in self.sources.items()}
        self.exact, self.loose = {}, {}
        for node, labels in self.labels.items():
            keys = {normalized(text) for _, text in labels} - {""}
            person = "person" in self.kinds[node]
            self.exact[node], self.loose[node] = keys, {loose("", person, key) for key in keys}

    def label(self, node: str) -> str:
        labels = self.labels.get(node)
        return min(labels)[1] if labels else node


def _source_rank(src: str) -> tuple:
    return (_RANK.get(src.split("+")[0].split("/")[0], 5), src)  # "article+corrections" ranks as the article


class _Clusters:
    """Which nodes are one after a round's matches (union-find)."""

    def __init__(self, pairs=()):
        self.parent: dict[str, str] = {}
        for a, b in pairs:
            self.parent[self.find(a)] = self.find(b)

    def find(self, node: str) -> str:
        root = node
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while node != root:
            self.parent[node], node = root, self.parent[node]
        return root


def _id_evidence(data: _Data, a: str, b: str) -> tuple[list[str], bool]:
    """The evidence of equal ids, and whether an exclusive id (IMDb, Wikidata) differs."""
    ida, idb = data.ids.get(a, set()), data.ids.get(b, set())
    same = sorted(ida & idb)
    if same:
        return [f"same {_ID_NAMES[kind]} {value}" for kind, value in same], False
    conflict = any({v for k, v in ida if k == kind} and {v for k, v in idb if k == kind} for kind in _EXCLUSIVE)
    return [], conflict


def _name_evidence(data: _Data, a: str, b: str) -> tuple[list[str], str | None]:
    """The evidence of a shared name, and how it matched: "exact", "loose" or None."""
    shared = data.exact.get(a, set()) & data.exact.get(b, set())
    if shared:
        names = sorted({text for _, text in data.labels[a] if normalized(text) in shared})
        word = "name" if len(names) == 1 else "names"
        return [f"same {word} " + ", ".join(f"'{n}'" for n in names)], "exact"
    person = "person" in data.kinds[a]
    shared = data.loose.get(a, set()) & data.loose.get(b, set())
    if shared:
        na = min(text for _, text in data.labels[a] if loose(text, person) in shared)
        nb = min(text for _, text in data.labels[b] if loose(text, person) in shared)
        how = "long vowels, spacing or word order" if person else "long vowels or spacing"
        return [f"same name up to {how}: '{na}' / '{nb}'"], "loose"
    return [], None


def _order(data: _Data, a: str, b: str) -> tuple[str, str]:
    return (a, b) if (_source_rank(data.src[a]), a) <= (_source_rank(data.src[b]), b) else (b, a)


def _score_title(data: _Data, a: str, b: str, people: _Clusters) -> tuple[float, list[str]] | None:
    ids, conflict = _id_evidence(data, a, b)
    if conflict:
        return None
    names, exact = _name_evidence(data, a, b)
    kinds = data.kinds[a] & data.kinds[b] - {"person"}
    ya, yb = data.years.get(a, set()), data.years.get(b, set())
    if not ids and (exact is None or not kinds or (ya and yb and not ya & yb)):
        return None
    evidence = ids + names
    if kinds:
        evidence.append("both " + " and ".join(_KIND_WORDS[k] for k in sorted(kinds)))
    if ya & yb:
        evidence.append("same year " + ", ".join(sorted(ya & yb)))
    elif ya or yb:
        evidence.append(f"year {', '.join(sorted(ya or yb))} on one side only")
    cast_a, cast_b = data.cast.get(a, set()), data.cast.get(b, set())
    shared = []
    if cast_a and cast_b:
        roots_b = {people.find(p) for p in cast_b}
        keys_b = set().union(*(data.loose.get(p, set()) for p in cast_b))
        shared = sorted(data.label(p) for p in cast_a
                        if p in cast_b or people.find(p) in roots_b or data.loose.get(p, set()) & keys_b)
    if shared:
        evidence.append(f"{len(shared)} shared cast: " + ", ".join(shared))
    if ids:
        return 1.0, evidence
    if not ya & yb and not shared:
        return None
    score = 0.5 if exact == "exact" else 0.4
    score += 0.2 if ya & yb else 0.0
    score += min(0.3, 0.1 * len(shared))
    return round(min(0.95, score), 3), evidence


def _score_person(data: _Data, a: str, b: str, titles: _Clusters) -> tuple[float, list[str]] | None:
    ids, conflict = _id_evidence(data, a, b)
    if conflict:
        return None
    names, exact = _name_evidence(data, a, b)
    if not ids and exact is None:
        return None
    roots_b = {titles.find(t) for t in data.credits.get(b, ())}
    shared = sorted({data.label(t) for t in data.credits.get(a, ()) if titles.find(t) in roots_b})
    evidence = ids + names
    if shared:
        evidence.append(f"{len(shared)} shared {'title' if len(shared) == 1 else 'titles'}: " + ", ".join(shared))
    if ids:
        return 1.0, evidence
    if not shared:
        return None
    score = (0.6 if exact == "exact" else 0.5) + min(0.35, 0.15 * len(shared))
    return round(min(0.95, score), 3), evidence


def _blocks(keys: dict[str, set], nodes) -> dict:
    index: dict = {}
    for node in nodes:
        for key in keys.get(node, ()):
            index.setdefault(key, []).append(node)
    return index


def _pairs_of(block, data: _Data, pairs: set) -> None:
    if len(block) < 2:
        return
    for i, a in enumerate(block):
        sa = data.sources[a]
        for b in block[i + 1:]:
            if a != b and not sa & data.sources[b]:
                pairs.add(_order(data, a, b))


def _choose(data: _Data, scored: dict, kind: str) -> tuple[list[dict], list[dict]]:
    """The one-to-one matches of the scored pairs, and the ties that are left undecided."""
    best: dict[tuple[str, str], list[tuple[float, str]]] = {}
    for (a, b), (score, _) in scored.items():
        best.setdefault((a, data.src[b]), []).append((score, b))
        best.setdefault((b, data.src[a]), []).append((score, a))
    top: dict[tuple[str, str], str | None] = {}
    ambiguous = []
    for (node, other), candidates in best.items():
        high = max(score for score, _ in candidates)
        tied = sorted(c for score, c in candidates if score == high)
        top[(node, other)] = tied[0] if len(tied) == 1 else None
        if len(tied) > 1:
            ambiguous.append({"node": node, "kind": kind, "source": data.src[node], "candidates": tied,
                              "why": f"{len(tied)} candidates of {other} with the same score {high}: "
                                     + ", ".join(data.label(c) for c in tied) + "; none linked"})
    matches = []
    for (a, b), (score, evidence) in scored.items():
        if top[(a, data.src[b])] == b and top[(b, data.src[a])] == a:
            matches.append({"a": a, "b": b, "kind": kind, "score": score, "evidence": evidence,
                            "sources": (data.src[a], data.src[b])})
    return _consistent(data, matches, ambiguous)


def _consistent(data: _Data, matches: list[dict], ambiguous: list[dict]) -> tuple[list[dict], list[dict]]:
    """owl:sameAs is transitive: where the matches would make one node of two with different IMDb (or
    Wikidata) ids, only the identifier matches of that group stay; the others are listed, not linked."""
    clusters = _Clusters((m["a"], m["b"]) for m in matches)
    ids: dict[str, dict[str, set[str]]] = {}
    for m in matches:
        for node in (m["a"], m["b"]):
            for kind, value in data.ids.get(node, ()):
                if kind in _EXCLUSIVE:
                    ids.setdefault(clusters.find(node), {}).setdefault(kind, set()).add(value)
    clashes = {root: sorted((k, sorted(v)) for k, v in by_kind.items() if len(v) > 1)
               for root, by_kind in ids.items()}
    kept = []
    for m in matches:
        clash = clashes.get(clusters.find(m["a"]))
        if not clash or m["score"] == 1.0:
            kept.append(m)
            continue
        what = "; ".join(f"{_ID_NAMES[k]}s {', '.join(v)}" for k, v in clash)
        ambiguous.append({"node": m["a"], "kind": m["kind"], "source": m["sources"][0], "candidates": [m["b"]],
                          "why": f"score {m['score']}, but linking would make one node of different {what}; "
                                 "not linked"})
    return kept, ambiguous


def _scored(pairs, score) -> dict:
    """(a, b) -> (score, evidence) for the candidate pairs that ``score`` does not reject."""
    found = {}
    for a, b in pairs:
        result = score(a, b)
        if result is not None:
            found[(a, b)] = result
    return found


def _title_round(data: _Data, people: _Clusters) -> tuple[list[dict], list[dict], int]:
    pairs: set = set()
    for block in _blocks(data.loose, data.titles).values():
        _pairs_of(block, data, pairs)
    for block in _blocks(data.ids, data.titles).values():
        _pairs_of(block, data, pairs)
    return (*_choose(data, _scored(pairs, lambda a, b: _score_title(data, a, b, people)), "title"), len(pairs))


def _person_round(data: _Data, titles: _Clusters) -> tuple[list[dict], list[dict], int]:
    pairs: set = set()
    members: dict[str, list[str]] = {}
    for title in data.cast:
        members.setdefault(titles.find(title), []).append(title)
    for group in members.values():
        cast = sorted(set().union(*(data.cast[t] for t in group)))
        if len({s for p in cast for s in data.sources[p]}) < 2:
            continue
        for block in _blocks(data.loose, cast).values():
            _pairs_of(block, data, pairs)
    for block in _blocks(data.ids, data.people).values():
        _pairs_of(block, data, pairs)
    return (*_choose(data, _scored(pairs, lambda a, b: _score_person(data, a, b, titles)), "person"), len(pairs))


def _near_names(data: _Data, titles: _Clusters, matches: list[dict]) -> list[dict]:
    """People of linked titles with names a letter or two apart, neither linked in the other's source."""
    linked = {(m["a"], m["sources"][1]) for m in matches} | {(m["b"], m["sources"][0]) for m in matches}
    members: dict[str, list[str]] = {}
    for title in data.cast:
        members.setdefault(titles.find(title), []).append(title)
    found: dict[tuple[str, str], set[str]] = {}
    for group in members.values():
        cast = sorted(set().union(*(data.cast[t] for t in group)))
        if len({s for p in cast for s in data.sources[p]}) < 2:
            continue
        for i, first in enumerate(cast):
            for second in cast[i + 1:]:
                if (data.sources[first] & data.sources[second]
                        or data.loose.get(first, set()) & data.loose.get(second, set())):
                    continue
                a, b = _order(data, first, second)
                if (a, data.src[b]) in linked or (b, data.src[a]) in linked:
                    continue
                for ka in data.exact.get(a, ()):
                    for kb in data.exact.get(b, ()):
                        if _near(ka, kb) is not None:
                            found.setdefault((a, b), set()).update(
                                data.label(t) for t in group if t in data.credits.get(a, ()) | data.credits.get(b, ()))
    out = []
    for (a, b), shared in sorted(found.items()):
        distance = min(_near(ka, kb) or 99 for ka in data.exact[a] for kb in data.exact[b])
        letters = "letter" if distance == 1 else "letters"
        out.append({"node": a, "kind": "person", "source": data.src[a], "candidates": [b],
                    "why": f"near name '{data.label(a)}' / '{data.label(b)}' ({distance} {letters} apart) in "
                           f"linked titles {', '.join(sorted(shared))}: not linked by a near name"})
    return out


def find(kg, *, progress: bool = False) -> dict:
    """The same titles and people across the sources of ``kg`` (see the module's rules).

    Returns ``{"matches": [{"a", "b", "kind", "score", "evidence", "sources"}], "ambiguous": [{"node",
    "kind", "source", "candidates", "why"}], "counts": {...}}``, sorted; ``a`` is the node of the source
    that comes first (the article, the user's data, files, the store's own triples, imports)."""
    data = _Data(kg, progress)
    people = _Clusters()
    title_matches: list = []
    person_matches: list = []
    rounds = 0
    candidates = 0
    with bar(_MAX_ROUNDS, "linking", "round", enabled=progress) as b:
        previous = (set(), set())
        while rounds < _MAX_ROUNDS:
            rounds += 1
            title_matches, title_ambiguous, n_titles = _title_round(data, people)
            titles = _Clusters((m["a"], m["b"]) for m in title_matches)
            person_matches, person_ambiguous, n_people = _person_round(data, titles)
            people = _Clusters((m["a"], m["b"]) for m in person_matches)
            candidates = n_titles + n_people
            b.update(1)
            state = ({(m["a"], m["b"]) for m in title_matches}, {(m["a"], m["b"]) for m in person_matches})
            # a title round counts cast of the same (loose) name already: only people linked by an
            # identifier across different names can change the next one
            if state == previous or all(data.loose.get(m["a"], set()) & data.loose.get(m["b"], set())
                                        for m in person_matches):
                break
            previous = state
    ambiguous = title_ambiguous + person_ambiguous + _near_names(data, titles, person_matches)
    matches = sorted(title_matches + person_matches, key=lambda m: (m["kind"] != "title", m["a"], m["b"]))
    ambiguous.sort(key=lambda x: (x["kind"] != "title", x["node"], x["candidates"]))
    counts = {"titles": len(data.titles), "people": len(data.people),
              "sources": len({s for ss in data.sources.values() for s in ss}),
              "titleMatches": len(title_matches), "personMatches": len(person_matches),
              "ambiguous": len(ambiguous), "candidates": candidates, "rounds": rounds}
    return {"matches": matches, "ambiguous": ambiguous, "counts": counts, "stated": _stated_same(kg)}


def _stated_same(kg) -> list[tuple[str, str]]:
    """The ``owl:sameAs`` the data states itself (outside the links graph, e.g. in the user's files):
    they join the groups whose representatives :func:`quads` writes."""
    import pyoxigraph as ox

    links = ox.NamedNode(GRAPH_LINKS)
    return sorted({(q.subject.value, q.object.value)
                   for q in kg.store.quads_for_pattern(None, ox.NamedNode(OWL_NS + "sameAs"), None, None)
                   if q.graph_name != links and isinstance(q.subject, ox.NamedNode)
                   and isinstance(q.object, ox.NamedNode) and q.subject != q.object})


def link_iri(a: str, b: str) -> str:
    """The IRI of the SSSOM annotation of the match of ``a`` and ``b`` (the same for the same pair)."""
    return LINK + hashlib.sha1(f"{a} {b}".encode()).hexdigest()[:16]


def quads(result: dict, generated_at: str) -> list:
    """The quads of the links graph for ``result`` of :func:`find`: ``a owl:sameAs b`` for each match, an
    SSSOM annotation of each (an ``owl:Axiom`` with ``sssom:confidence``, ``sssom:mapping_justification``
    and the evidence as ``rdfs:comment``), ``node dg:representedBy representative`` for every linked node
    that does not stand for its group (:func:`graph.rdf.iris.representatives`; the named queries read a
    group as its representative through it), and the graph's ``prov:generatedAtTime`` (an xsd:dateTime)."""
    import pyoxigraph as ox

    node, graph = ox.NamedNode, ox.NamedNode(GRAPH_LINKS)
    same = node(OWL_NS + "sameAs")
    out = [ox.Quad(graph, node(RDF_TYPE), node(PROV_NS + "Entity"), graph),
           ox.Quad(graph, node(PROV_NS + "generatedAtTime"), ox.Literal(generated_at, datatype=node(XSD_DATETIME)),
                   graph)]
    for m in result["matches"]:
        a, b = node(m["a"]), node(m["b"])
        axiom = node(link_iri(m["a"], m["b"]))
        # score 1 is given for an equal identifier only (the other evidence tops out at 0.95)
        how = "BackgroundKnowledgeBasedMatching" if m["score"] == 1.0 else "CompositeMatching"
        out += [ox.Quad(a, same, b, graph),
                ox.Quad(axiom, node(RDF_TYPE), node(OWL_NS + "Axiom"), graph),
                ox.Quad(axiom, node(OWL_NS + "annotatedSource"), a, graph),
                ox.Quad(axiom, node(OWL_NS + "annotatedProperty"), same, graph),
                ox.Quad(axiom, node(OWL_NS + "annotatedTarget"), b, graph),
                ox.Quad(axiom, node(SSSOM_NS + "confidence"),
                        ox.Literal(repr(float(m["score"])), datatype=node(XSD_NS + "double")), graph),
                ox.Quad(axiom, node(SSSOM_NS + "mapping_justification"), node(SEMAPV_NS + how), graph),
                ox.Quad(axiom, node(RDFS_COMMENT), ox.Literal("; ".join(m["evidence"])), graph)]
    pairs = [(m["a"], m["b"]) for m in result["matches"]] + list(result.get("stated", ()))
    represented = node(DG_NS + "representedBy")
    for member, group in sorted(representatives(pairs).items()):
        if member != group[0]:
            out.append(ox.Quad(node(member), represented, node(group[0]), graph))
    return out
