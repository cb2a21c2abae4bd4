"""The writer of the network index (:mod:`graph.network.netindex` holds its layout and its reader): one
streamed pass over the store, a single-pattern query per predicate joined in Python, then the arrays.

Why one file of ~500 lines: :func:`build` reads the rows once and writes every array of the layout in
one temporary folder that replaces the old one at the end; the readers of rows (:class:`_Read`), the
view builder and the pair counter are the steps of that one pass, and each is used only here.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import numpy as np

from .netindex import _CACHE_KEY, DIRNAME, FORMAT, TOP_PAIRS, _gather, outdated

# ------------------------------------------------------------------ reading the store in one pass
# The index is read from the store one predicate at a time, each a single triple pattern streamed
# straight into Python (``SELECT ?s ?o { ?s P ?o }``), and the relations of the named queries are
# joined here, in dicts keyed by the role or node: on a large on-disk store Oxigraph answers a single
# pattern at ~5 microseconds a term (turning its term ids into strings), but the named queries' joins
# and OPTIONALs at 100-200 microseconds a row. A single pattern is also cheaper through SPARQL than
# through ``Store.quads_for_pattern``, which decodes the predicate and graph of every quad too.
_PAIRS = "SELECT ?s ?o WHERE {{ ?s {p} ?o }}"
_SUBJECTS = "SELECT ?s WHERE {{ ?s a {c} }}"
_LABELS = "SELECT ?s ?o WHERE {{ ?s {p} ?o . FILTER(isIRI(?s)) }}"
# graph.query.names._LABEL_RANK's properties, with their rank
_LABEL_PROPERTIES = (("schema:name", 0), ("rdfs:label", 1), ("skos:prefLabel", 2), ("schema:alternateName", 3),
                     ("skos:altLabel", 4))
_SCHEME = "https://w3id.org/dramagraph/scheme/"
# the kinds of queries/kinds.rq but "title" (a node with a performance role), in graph.query.names.KIND_ORDER
_KIND_CLASSES = (("character", ("dg:Character",)), ("person", ("schema:Person",)),
                 ("concept", ("skos:Concept",)),
                 ("work", ("schema:Movie", "schema:TVSeries", "schema:CreativeWork", "schema:Book")))
_KIND_SCHEMES = (("illness", _SCHEME + "conditions"), ("theme", _SCHEME + "themes"), ("work kind", _SCHEME + "work-kinds"))



def _save_strings(folder: Path, name: str, strings) -> None:
    encoded = [s.encode("utf-8") for s in strings]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
    if encoded:
        np.cumsum(np.fromiter((len(b) for b in encoded), dtype=np.int64, count=len(encoded)), out=offsets[1:])
    np.save(folder / f"{name}.off.npy", offsets)
    np.save(folder / f"{name}.bin.npy", np.frombuffer(b"".join(encoded), dtype=np.uint8))


def _save(folder: Path, name: str, array, dtype) -> None:
    np.save(folder / f"{name}.npy", np.asarray(array, dtype=dtype))


def _csr(pairs_from, pairs_to, n: int):
    """CSR (indptr, indices) of ``from -> to`` with each row in the order the pairs came."""
    pairs_from = np.asarray(pairs_from, dtype=np.int64)
    order = np.argsort(pairs_from, kind="stable")
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(pairs_from, minlength=n), out=indptr[1:])
    return indptr, np.asarray(pairs_to, dtype=np.int32)[order]


class _ViewBuilder:
    def __init__(self):
        self.edges: dict[tuple, int] = {}  # (low end, high end, key) -> edge number, as networkx keys it
        self.src, self.dst, self.rel = [], [], []
        self.key, self.character, self.role_name, self.label, self.has_character = [], [], [], [], []
        self.order: dict[str, None] = {}  # nodes in the order the view adds them

    def add(self, a, b, key, relation, character, role_name, label, has_character=True):
        order = self.order
        if a not in order:
            order[a] = None
        if b not in order:
            order[b] = None
        ident = (a, b, key) if a <= b else (b, a, key)
        i = self.edges.get(ident)
        if i is not None:  # networkx updates the attributes of an edge added again
            self.rel[i], self.key[i], self.character[i] = relation, key, character
            self.role_name[i], self.label[i], self.has_character[i] = role_name, label, has_character
            return
        self.edges[ident] = len(self.src)
        self.src.append(a)
        self.dst.append(b)
        self.rel.append(relation)
        self.key.append(key)
        self.character.append(character)
        self.role_name.append(role_name)
        self.label.append(label)
        self.has_character.append(has_character)

    def save(self, folder: Path, name: str, ids: dict, relations: list, n: int) -> None:
        src = np.fromiter((ids[x] for x in self.src), dtype=np.int64, count=len(self.src))
        dst = np.fromiter((ids[x] for x in self.dst), dtype=np.int64, count=len(self.dst))
        codes = {r: i for i, r in enumerate(relations)}
        _save(folder, f"{name}.src", src, np.int32)
        _save(folder, f"{name}.dst", dst, np.int32)
        _save(folder, f"{name}.rel", [codes[r] for r in self.rel], np.uint8)
        _save(folder, f"{name}.hasch", self.has_character, np.bool_)
        for column, values in (("key", self.key), ("char", self.character), ("credit", self.role_name),
                               ("label", self.label)):
            _save_strings(folder, f"{name}.{column}", values)
        _save(folder, f"{name}.order", [ids[x] for x in self.order], np.int32)
        # incidences: each edge at both ends (a loop once), in edge order within a node
        edge = np.arange(len(src), dtype=np.int64)
        loop = src == dst
        node = np.concatenate([src, dst[~loop]])
        other = np.concatenate([dst, src[~loop]])
        inc_edge = np.concatenate([edge, edge[~loop]])
        order = np.lexsort((inc_edge, node))
        node, other, inc_edge = node[order], other[order], inc_edge[order]
        indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(node, minlength=n), out=indptr[1:])
        _save(folder, f"{name}.inc.ptr", indptr, np.int64)
        _save(folder, f"{name}.inc.edge", inc_edge, np.int32)
        _save(folder, f"{name}.inc.nbr", other, np.int32)
        # distinct neighbours, in the order of their first edge (networkx's adjacency order)
        _, first = np.unique(node * n + other, return_index=True)
        first.sort()
        indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(node[first], minlength=n), out=indptr[1:])
        _save(folder, f"{name}.adj.ptr", indptr, np.int64)
        _save(folder, f"{name}.adj.nbr", other[first], np.int32)


def _pairs(incidence_titles, incidence_people, n: int, top: int | None):
    """(person, person, count) rows of the pairs of people who share titles, most first, ties by the
    people's IRIs (ids are in IRI order); ``top`` None for every pair."""
    from scipy import sparse

    if len(incidence_people) == 0:
        return np.zeros((0, 3), dtype=np.int64)
    m = sparse.csr_matrix((np.ones(len(incidence_people), dtype=np.int32),
                           (incidence_titles, incidence_people)), shape=(n, n))
    pairs = sparse.triu(m.T @ m, k=1).tocoo()
    data, row, col = pairs.data.astype(np.int64), pairs.row.astype(np.int64), pairs.col.astype(np.int64)
    if top is not None and len(data) > top:
        threshold = np.partition(data, len(data) - top)[len(data) - top]
        keep = data >= threshold
        data, row, col = data[keep], row[keep], col[keep]
    order = np.lexsort((col, row, -data))
    if top is not None:
        order = order[:top]
    return np.stack([row[order], col[order], data[order]], axis=1)


def _stream(kg, text, shown=None, odd=None):
    """The solutions of ``text`` on ``kg``'s default graph (with the vocabulary), as tuples of plain
    values (as :func:`graph.query.results.from_answer` makes them: IRIs as str, blank nodes ``_:id``, literals
    by :func:`graph.query.results.to_python`, unbound None). ``odd`` (a list) gets True when a value is not
    a string (a number or boolean literal)."""
    import pyoxigraph as ox

    from ..rdf.iris import PREFIXES
    from ..query.results import to_python

    named, literal = ox.NamedNode, ox.Literal
    strings = (ox.NamedNode("http://www.w3.org/2001/XMLSchema#string"),
               ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"))

    def value(term):
        if term is None:
            return None
        if type(term) is literal:
            if term.datatype in strings:
                return term.value
            found = to_python(term)
            if odd is not None and type(found) is not str:
                odd.append(True)
            return found
        return "_:" + term.value  # a blank node

    count = 0
    for solution in kg.store.query(text, prefixes=PREFIXES, **kg.dataset(True)):
        yield tuple([t.value if type(t) is named else value(t) for t in solution])
        count += 1
        if shown is not None and count == 10_000:
            shown.update(count)
            count = 0
    if shown is not None:
        shown.update(count)


class _Read:
    """What the index is made of, read from the store in one pass over the predicates the networks
    use: the same as the named queries' rows give :func:`graph.network.networks._cast` (``network-cast``,
    ``role-names``), ``network-edges``, :func:`graph.network.networks._node_names` (``node-names``),
    :func:`graph.query.names.index` (``labels``, ``kinds``) and :func:`graph.network.networks._concepts`
    (``network-about``, ``network-sources``), each relation joined here as its query joins it. The
    rare parts keep their queries: ``same-as`` (:func:`graph.query.sameas.groups`) and ``disputed-names``
    (names that only a corrected claim states)."""

    def __init__(self, kg, shown=None):
        from ..query.names import KIND_ORDER, disputed_names
        from .networks import _concepts_of, _sorted
        from ..query.sameas import groups

        self.same = same = groups(kg)
        disputed = disputed_names(kg)
        odd = []  # not empty when some value is not a string: the rows are then sorted as _rows does

        def pairs(predicate):
            if shown is not None:
                shown.set_postfix_str(predicate)
            return list(_stream(kg, _PAIRS.format(p=predicate), shown, odd))

        def subjects(*classes):
            found = set()
            for c in classes:
                if shown is not None:
                    shown.set_postfix_str(f"a {c}")
                found.update(s for (s,) in _stream(kg, _SUBJECTS.format(c=c), shown))
            return found

        def by_subject(rows, keep=None):
            found = {}
            for s, o in rows:
                if keep is None or s in keep:
                    found.setdefault(s, []).append(o)
            return found

        def one(x):
            return same[x][0] if x in same else x  # graph.network.networks._rows: a linked node is its group's

        mapped = (lambda row: tuple(one(v) if isinstance(v, str) else v for v in row)) if same else (lambda row: row)

        # roles (?role a schema:PerformanceRole): the cast view, and the full view's actor and plays links
        roles = subjects("schema:PerformanceRole")
        actor = pairs("schema:actor")
        has_actor = {s for s, _ in actor}  # FILTER EXISTS { ?title schema:actor ?role }
        persons = by_subject(actor, roles)
        cast_of = [(t, r) for t, r in actor if r in roles]
        del actor
        names_of = by_subject(pairs("schema:characterName"), roles)
        credits_of = by_subject(pairs("schema:roleName"), roles)
        portrays = by_subject(pairs("dg:portrays"), roles)
        titles = {t for t, _ in cast_of}  # kind "title"
        cast, credits, full = set(), {}, set()
        for role, found in credits_of.items():
            credits[one(role)] = found[-1]
        for title, role in cast_of:
            for person in persons.get(role, ()):
                for cn in names_of.get(role, (None,)):
                    cast.add(mapped((title, person, cn, role)))
                    for rn in credits_of.get(role, (None,)):
                        full.add(mapped((title, "actor", person, cn, rn, role)))
        del cast_of
        for role, characters in portrays.items():
            for person in persons.get(role, ()):
                for char in characters:
                    for cn in names_of.get(role, ()):
                        for rn in credits_of.get(role, (None,)):
                            full.add(mapped((person, "plays", char, cn, rn, role)))
        del persons, names_of, portrays

        def links(relation, rows, keep=lambda s, o: True):
            for s, o in rows:
                if keep(s, o):
                    full.add(mapped((s, relation, o, None, None, None)))

        links("character", pairs("schema:character"))
        concepts = subjects("skos:Concept")
        about = pairs("schema:about")
        links("about", about, lambda s, o: o in concepts)
        broader = pairs("skos:broader")
        scheme_pairs = pairs("skos:inScheme")
        schemes = by_subject(scheme_pairs)
        work_kinds = _SCHEME + "work-kinds"
        links("broader", broader, lambda s, o: work_kinds not in schemes.get(s, ()))
        based_on = pairs("schema:isBasedOn")
        links("based on", based_on)
        links("inspired by", pairs("dg:inspiredBy"))
        links("version of", pairs("dg:versionOf"))
        articles = subjects("schema:Article")
        links("author", pairs("schema:author"), lambda s, o: s not in articles)

        # names: graph.network.networks._node_names (schema:name) and graph.query.names.NameIndex (every label)
        best_name, best_label, all_labels, pref_labels = {}, {}, {}, {}
        for predicate, rank in _LABEL_PROPERTIES:
            if shown is not None:
                shown.set_postfix_str(predicate)
            for node, label in _stream(kg, _LABELS.format(p=predicate), shown, odd):
                key = ((node, label) in disputed, rank, label)
                if node not in best_label or key < best_label[node]:
                    best_label[node] = key
                if rank == 0 and (node not in best_name or key < best_name[node]):
                    best_name[node] = key
                if rank == 2:
                    pref_labels.setdefault(node, []).append(label)
                found = all_labels.get(node)
                if found is None:
                    all_labels[node] = label  # one label, kept as it is (most nodes have one)
                elif isinstance(found, set):
                    found.add(label)
                elif found != label:
                    all_labels[node] = {found, label}
        self.names = {node: key[-1] for node, key in best_name.items()}
        self.label = {node: key[-1] for node, key in best_label.items()}
        self.alternates = {node: found - {self.label[node]} for node, found in all_labels.items()
                           if isinstance(found, set)}
        del best_name, best_label, all_labels
        # kinds: graph.query.names.NameIndex's (the first of KIND_ORDER that a node has)
        members = {"title": titles, "concept": concepts}
        for name, classes in _KIND_CLASSES:
            if name not in members:
                members[name] = subjects(*classes)
        for name, scheme in _KIND_SCHEMES:
            members[name] = {s for s, o in scheme_pairs if o == scheme}
        self.kind = {}
        for name in reversed(KIND_ORDER):  # the first kind last, so that it wins
            self.kind.update(dict.fromkeys(members[name], name))

        # concepts: the rows of network-about and network-sources, for graph.network.networks._concepts_of
        def described(concept):  # ?concept skos:prefLabel ?label ; skos:inScheme ?scheme
            return [(label, scheme) for label in pref_labels.get(concept, ()) for scheme in schemes.get(concept, ())]

        about_rows = []
        for title, concept in about:
            if title in has_actor:
                about_rows += [{"title": title, "concept": concept, "label": label, "scheme": scheme}
                               for label, scheme in described(concept)]
        narrower = {source for source, _ in broader}
        for concept, parent in broader:
            about_rows += [{"concept": concept, "label": label, "scheme": scheme, "broader": parent}
                           for label, scheme in described(concept)]
        for parent in {parent for _, parent in broader} - narrower:
            about_rows += [{"concept": parent, "label": label, "scheme": scheme} for label, scheme in described(parent)]
        genres = by_subject(pairs("schema:genre"))
        source_rows = []
        for title, work in based_on:
            if title in has_actor:
                for kind in genres.get(work, ()):
                    row = {"title": title, "work": work, "kind": kind}
                    source_rows += [dict(row, kindLabel=label) for label in pref_labels.get(kind, ())] or [row]

        def as_rows(rows):
            return _sorted([{k: one(v) if isinstance(v, str) else v for k, v in r.items()} for r in rows])

        self.concepts = _concepts_of(as_rows(about_rows), as_rows(source_rows))

        # the rows in the order the views add them (graph.network.networks._rows sorts by _SORT's columns)
        def text(v):
            return "" if v is None else str(v)

        def by_cast(r):
            if odd:
                return text(r[0]), text(r[1]), text(r[3]), text(r[2])
            return r[0], r[1], r[3], "" if r[2] is None else r[2]  # strings or None: the same, faster

        def by_full(r):
            if odd:
                return tuple(map(text, r))
            return (r[0], r[1], r[2], "" if r[3] is None else r[3], "" if r[4] is None else r[4],
                    "" if r[5] is None else r[5])

        self.cast = [(title, person, cn, role, credits.get(role, cn)) for title, person, cn, role in
                     sorted(cast, key=by_cast)]
        self.full = sorted(full, key=by_full)


def current(kg):
    """The index of ``kg`` (:func:`graph.network.netindex.open`), written anew first when the version holds
    one of another format (an older dramagraph's): None when it has none or it cannot be written."""
    from . import netindex

    index = netindex.open(kg)
    if index is None and outdated(kg) and build(kg) is not None:
        index = netindex.open(kg)
    return index


def build(kg, progress: bool = False) -> Path | None:
    """Write the network index of ``kg`` into its version folder (``v-ID/netindex``) and return that
    folder; None for a graph that is not a versioned store on disk (the in-memory graph, a legacy
    store) or when the folder cannot be written. A version never changes, so an index already there is
    kept as it is, unless it is of another format (:func:`graph.network.netindex.outdated`): then it is
    written anew. Call it after a load, import or link has committed its version::

        from graph.network import netbuild
        netbuild.build(open_store(store))   # or the KnowledgeGraph the command opened
    """
    from types import SimpleNamespace

    from .networks import _closure
    from ..progress import bar

    if getattr(kg, "path", None) is None:
        return None
    version = Path(kg.path).parent
    if not (version / "version.json").is_file():
        return None
    final = version / DIRNAME
    old = outdated(kg)
    if (final / "meta.json").is_file() and not old:
        return final
    with bar(None, "indexing the network", "row", progress) as shown:
        read = _Read(kg, shown)
    names, same = read.names, read.same
    idx = SimpleNamespace(label=read.label, kind=read.kind, alternates=read.alternates)

    cast = _ViewBuilder()
    for title, person, character, role, credit in read.cast:
        person_name = names.get(person, person)
        cast.add(title, person, role, "actor", character or "", credit or "",
                 f"{person_name} as {character}" if character else person_name)
    full = _ViewBuilder()
    for source, relation, end, character, role_name, role in read.full:
        key = f"{relation}:{role if role is not None else ''}"
        if character:
            who = source if relation == "plays" else end
            label = f"{idx.label.get(who, who)} as {role_name if role_name is not None else character}"
            full.add(source, end, key, relation, character, "", label)
        else:
            full.add(source, end, key, relation, "", "", relation, False)

    concept_labels, parents, illnesses, themes, source_kinds = read.concepts

    nodes = sorted(set(cast.order) | set(full.order) | set(illnesses) | set(themes) | {t for t, _ in source_kinds})
    ids = {iri: i for i, iri in enumerate(nodes)}
    n = len(nodes)
    tmp = version / f".{DIRNAME}-{os.getpid()}.tmp"
    try:
        if tmp.exists():
            shutil.rmtree(tmp)
        tmp.mkdir()
        _save_strings(tmp, "iri", nodes)
        _save_strings(tmp, "name", (names.get(x, "") for x in nodes))
        _save_strings(tmp, "label", (idx.label.get(x, x) for x in nodes))
        kinds = sorted({idx.kind.get(x, "other") for x in nodes})
        kind_code = {k: i for i, k in enumerate(kinds)}
        _save(tmp, "kind", [kind_code[idx.kind.get(x, "other")] for x in nodes], np.uint8)

        def alternates(iri):
            found = set(idx.alternates.get(iri, ()))
            for other in same.get(iri, (iri,))[1:]:
                found |= {idx.label.get(other, other)} | set(idx.alternates.get(other, ()))
            return json.dumps(sorted(found - {idx.label.get(iri, iri)}), ensure_ascii=False) if found else ""

        _save_strings(tmp, "alt", (alternates(x) if x in full.order else "" for x in nodes))
        cast_kind = np.zeros(n, dtype=np.uint8)
        cast_kind[[ids[t] for t in cast.src]] = 1
        cast_kind[[ids[p] for p in cast.dst]] = 2
        _save(tmp, "castkind", cast_kind, np.uint8)
        relations = sorted(set(cast.rel) | set(full.rel))
        cast.save(tmp, "cast", ids, relations, n)
        full.save(tmp, "full", ids, relations, n)

        # what `similar` compares (see graph.network.networks._TitleFacts)
        ancestors = _closure(parents)

        kinds_of: dict[str, set] = {}
        broader_kinds = {}
        for title, kind in source_kinds:
            kinds_of.setdefault(title, set()).update({kind} | ancestors(kind))
            broader_kinds[kind] = sorted(ancestors(kind))
        concepts = sorted(set(concept_labels) | {c for s in illnesses.values() for c in s}
                          | {c for s in kinds_of.values() for c in s} | {c for s in themes.values() for c in s}
                          | {p for ps in parents.values() for p in ps} | set(broader_kinds))
        cid = {c: i for i, c in enumerate(concepts)}
        cast_titles = set(cast.src)

        def signatures(facet, name):
            sets, sig = {}, np.full(n, -1, dtype=np.int32)
            for title, members in facet.items():
                key = tuple(sorted(cid[c] for c in members))
                sig[ids[title]] = sets.setdefault(key, len(sets))
            _save(tmp, f"{name}.sig", sig, np.int32)
            # the titles (with a cast) under each concept: for illnesses and themes, under it or a narrower one
            under_from, under_to = [], []
            for title, members in facet.items():
                if title not in cast_titles:
                    continue
                groups_of = set(members)
                if name in ("ill", "themes"):
                    for c in members:
                        groups_of |= ancestors(c)
                for c in groups_of:
                    under_from.append(cid[c])
                    under_to.append(ids[title])
            indptr, indices = _csr(under_from, under_to, len(concepts))
            _save(tmp, f"{name}.under.ptr", indptr, np.int64)
            _save(tmp, f"{name}.under.titles", indices, np.int32)
            return [list(k) for k in sets]

        ill_sets = signatures(illnesses, "ill")
        kind_sets = signatures(kinds_of, "kinds")
        theme_sets = signatures(themes, "themes")

        # co-actor pairs: the title-person incidence of the cast view
        cast_ptr = np.load(tmp / "cast.adj.ptr.npy")
        cast_nbr = np.load(tmp / "cast.adj.nbr.npy")
        titles = np.nonzero(cast_kind == 1)[0]
        people, owner = _gather(cast_ptr, cast_nbr, titles)
        _save(tmp, "pairs", _pairs(owner, people, n, TOP_PAIRS), np.int64)

        meta = {"format": FORMAT, "nodes": n, "kinds": kinds, "relations": relations, "topPairs": TOP_PAIRS,
                "castEdges": len(cast.src), "fullEdges": len(full.src), "concepts": concepts,
                "conceptLabels": [concept_labels.get(c) for c in concepts],
                "parents": {cid[c]: sorted(cid[p] for p in ps) for c, ps in parents.items()},
                "broaderKinds": {cid[k]: [cid[a] for a in v] for k, v in broader_kinds.items()},
                "illnessSets": ill_sets, "kindSets": kind_sets, "themeSets": theme_sets}
        (tmp / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        if old:  # an index of another format: set it aside (readers that mapped its files keep them)
            aside = version / f".{DIRNAME}-old-{os.getpid()}"
            try:
                os.rename(final, aside)
            except OSError:
                pass  # another process moved it first
            shutil.rmtree(aside, ignore_errors=True)
        try:
            os.rename(tmp, final)
        except OSError:
            if not (final / "meta.json").is_file():  # another process wrote it first: keep theirs
                raise
            shutil.rmtree(tmp, ignore_errors=True)
    except PermissionError:
        shutil.rmtree(tmp, ignore_errors=True)
        return None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    kg.cache.pop(_CACHE_KEY, None)
    return final
