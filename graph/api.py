"""The public API: one function per thing a user does. ``import graph`` exposes these
(``graph.stats()``, ``graph.provenance("Koizora")``, ...), and ``graph.cli`` is a thin layer over them:
everything the command does, one call here does.

Where it sits: the last step of the data's way, above every other module (``store`` → ``shacl`` →
``querying``/``names`` → ``networks``/``explore`` → ``page``/``serve`` → **api** → ``cli``).

The graph argument. Inside the package the graph is always the first parameter, ``kg`` (as networkx
puts ``G`` first). Here every function takes it as the keyword ``kg=`` and, when it is left out, loads
the default graph (the ontology, the article's facts and the data the user added). ``kg`` is what
:func:`open_graph` returns, or a SPARQL server from :func:`remote`, for the functions that read
through queries (``query``, ``sparql``, ``network``, ``label``). Keys of returned dicts are camelCase,
like the variables of the named queries.

Why one file of ~520 lines: it is the whole public surface, one short function (mostly docstring) per
thing a user does, and it reads best as one list.

>>> stats()["titles"]
9
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from .rdf.iris import shorten

if TYPE_CHECKING:  # imported where used, so that ``import graph`` and ``dramagraph --help`` stay fast
    from .store.knowledge import KnowledgeGraph

__all__ = ["open_graph", "rdflib_dataset", "shorten", "load_store", "user_data_dir", "remote", "stats", "resolve", "label",
           "provenance", "disputes", "dispute_text", "describe", "validate", "build", "add", "added", "remove", "queries", "query", "sparql",
           "query_result", "sparql_result", "render", "push", "network", "links", "path", "similar",
           "centrality", "export", "viz", "serve", "synth", "synth_imdb", "import_imdb", "import_wikidata", "link", "co_actors", "audit", "second_sources",
           "BUILD_FORMATS"]

# every format dramagraph reads, it writes (graph.rdf.rdfio.FORMATS; a test keeps the two the same)
BUILD_FORMATS = ("turtle", "nt", "trig", "nquads", "jsonld", "xml", "n3")


# ------------------------------------------------------------------ the graph
def open_graph(data_dir: str | os.PathLike | None | bool = None, files=(), infer: bool = False,
               store: str | os.PathLike | None = None, base: str | None = None) -> KnowledgeGraph:
    """Load the graph (see :func:`graph.store.opening.open_graph`): ``data_dir=False`` leaves out the user's
    added data, ``files`` adds RDF files, ``store`` reads a store made by :func:`load_store` (default
    ``$DRAMAGRAPH_STORE``), ``infer=True`` adds the inferred graph (:func:`graph.store.reason.infer`), which a
    store on disk cannot take. Relative IRIs in ``files`` resolve against ``base``."""
    from .errors import UsageError
    from .rdf.rdfio import check_base
    from .store.opening import READ_ONLY, store_dir
    from .store.opening import open_graph as _open_graph

    if infer and store_dir(store) is not None:
        raise UsageError(READ_ONLY)
    kg = _open_graph(data_dir, files, store=store, base=check_base(base))
    if infer:
        from .store.reason import infer as _infer

        _infer(kg)
    return kg


def rdflib_dataset(data_dir: str | os.PathLike | None = None, files=(), infer: bool = False):
    """The whole dataset as an ``rdflib.Dataset`` (default graph = union of the named graphs).

    >>> ds = rdflib_dataset(data_dir=False)
    >>> from rdflib import URIRef
    >>> (URIRef("https://w3id.org/dramagraph/title/koizora"), None, None) in ds
    True
    """
    return open_graph(data_dir, files, infer).to_rdflib()


def load_store(files, store: str | os.PathLike, *, wait: float | None = 120.0, progress: bool = False,
               base: str | None = None, union: bool = True, index: bool = True) -> dict:
    """Bulk-load RDF ``files`` into the on-disk store folder ``store`` (``dramagraph load``; see
    :func:`graph.store.diskstore.load_store`), relative IRIs resolved against ``base``; the default graph is
    the union of all graphs, or with ``union=False`` only what the files put in no named graph.
    Returns ``files``, ``triples`` and ``seconds``, and ``indexSeconds``: the time to build the network
    index that makes ``path``, ``links``, ``similar`` and ``co-actors`` fast (``index=False``: not built)."""
    from .store.diskstore import load_store as _load_store
    from .rdf.rdfio import check_base

    return _indexed(_load_store(files, store, progress=progress, wait=wait, base=check_base(base), union=union),
                    store, index, progress)


def _indexed(info: dict, store, index: bool, progress: bool = False) -> dict:
    """Build the network index of the store's new version (see :mod:`graph.network.netindex`) unless ``index``
    is false (``progress``: a bar on a terminal); adds ``indexSeconds`` (None when not built) to ``info``."""
    import time

    from .store.diskstore import open_store
    from .network.netbuild import build
    from .store.opening import store_dir

    info["indexSeconds"] = None
    if index:
        started = time.perf_counter()
        kg = open_store(store_dir(store))
        try:
            if build(kg, progress=progress) is not None:
                info["indexSeconds"] = round(time.perf_counter() - started, 3)
        finally:
            if kg.pin is not None:
                kg.pin.release()
    return info


def import_imdb(folder: str | os.PathLike, *, store: str | os.PathLike | None = None, region: str | None = None,
                types=None, categories=None, episodes: bool = False, data_dir=None, progress: bool = False,
                wait: float | None = 120.0, index: bool = True) -> dict:
    """Read IMDb's datasets (``title.basics``, ``title.principals``, ``name.basics``, ``title.akas``, as
    ``.tsv`` or ``.tsv.gz``) from ``folder`` into the store ``store`` (default ``$DRAMAGRAPH_STORE``;
    a new store starts from the embedded graph), replacing an earlier IMDb import only (see
    :mod:`graph.sources.imdb` for the mapping). Returns ``counts``, ``graphs``, ``files``, ``triples``, ``seconds``."""
    from .sources.imports import import_imdb as _import

    return _indexed(_import(folder, store=store, region=region, types=types, categories=categories,
                            episodes=episodes, data_dir=data_dir, progress=progress, wait=wait), store, index,
                    progress)


def import_wikidata(file: str | os.PathLike, *, store: str | os.PathLike | None = None, name: str | None = None,
                    data_dir=None, progress: bool = False, wait: float | None = 120.0, index: bool = True) -> dict:
    """Read a file saved from Wikidata (a WDQS CONSTRUCT's RDF, or entity JSON/N-Triples) into the store,
    mapped by the CONSTRUCT queries of ``queries/wikidata/``, as the import ``wikidata/NAME``."""
    from .sources.imports import import_wikidata as _import

    return _indexed(_import(file, store=store, name=name, data_dir=data_dir, progress=progress, wait=wait), store,
                    index, progress)


def link(*, store: str | os.PathLike | None = None, progress: bool = False, wait: float | None = 120.0,
         index: bool = True) -> dict:
    """Find the same titles and people across the store's sources (the article, imports, your data) and
    record the matches (``owl:sameAs`` with their evidence and score) in the store's links graph, replacing
    earlier links. Returns ``matches``, ``ambiguous`` (listed, never linked) and ``counts``."""
    from .sources.linking import link_store

    return _indexed(link_store(store, progress=progress, wait=wait), store, index, progress)


def user_data_dir(data_dir: str | os.PathLike | None = None) -> Path:
    """The folder of the data added with :func:`add` (``$DRAMAGRAPH_DATA_DIR`` or the platform's)."""
    from .store.opening import user_data_dir as _user_data_dir

    return _user_data_dir(data_dir)


def remote(url: str, timeout: float = 30.0):
    """A SPARQL 1.1 server to query instead of the embedded graph: pass it as ``kg=``."""
    from .query.endpoint import Endpoint

    return Endpoint(url, timeout=timeout)


def _kg(kg):
    return kg if kg is not None else open_graph()


def _target(kg, endpoint):
    return remote(endpoint) if endpoint is not None else _kg(kg)


# ------------------------------------------------------------------ facts
def stats(*, kg: KnowledgeGraph | None = None) -> dict:
    """Counts of what the graph holds (see ``queries/stats.rq``), plus named graphs and inference."""
    from .query.querying import run_named

    kg = _kg(kg)
    row = dict(run_named(kg, "stats").rows[0])
    row["namedGraphs"] = len(kg.graph_names())
    row["inferred"] = kg.inferred
    return row


def resolve(name, *, kind: str = "thing", kg=None):
    """The one node ``name`` names (a name, an alternate name, ``prefix:local`` or an IRI), as a
    :class:`graph.query.names.Named` (``label``, ``kind``, ``iri``); ``kind`` (title, person, work, character,
    concept) narrows it. Every function that takes a name also takes this answer, and then does not
    look the name up again.

    >>> resolve("sky of love").label
    'Koizora'
    """
    from .query.names import resolve as _resolve

    return _resolve(_kg(kg), name, kind)


def label(iri: str, *, kg=None) -> str:
    """The readable name of a node (its IRI when it has none)."""
    from .query.names import label_of

    return label_of(_kg(kg), iri)


def describe(thing, *, property: str | None = None, kg: KnowledgeGraph | None = None) -> dict:
    """The node ``thing`` names and its facts with their sources: ``node`` (IRI), ``label``, ``kind``
    and ``facts`` (the rows of :func:`provenance`)."""
    from .query.facts import facts_of

    node, rows = facts_of(_kg(kg), thing, property)
    return {"node": node.iri, "label": node.label, "kind": node.kind, "facts": rows}


def provenance(thing, *, property: str | None = None, kg: KnowledgeGraph | None = None) -> list[dict]:
    """Every fact with ``thing`` as subject and where it came from (see :func:`graph.query.facts.facts_of`).

    >>> rows = provenance("Sky of Love", kg=open_graph(data_dir=False))
    >>> [r["entry"] for r in rows if r["property"].endswith("datePublished")]
    [6]
    """
    return describe(thing, property=property, kg=kg)["facts"]


def disputes(thing=None, *, kg: KnowledgeGraph | None = None) -> list[dict]:
    """Every claim (about ``thing``, by any name, when given) that another source contradicts, with
    its corrections (see :func:`graph.query.facts.disputes`).

    >>> [dispute_text(d) for d in disputes("Tori Matsuzaka", kg=open_graph(data_dir=False))]
    ['the article says "Tori Matsutaka"; annyeongoppa.com says "Tori Matsuzaka"; mainichikirei.jp says "松坂桃李"']
    """
    from .query.facts import disputes as _disputes
    from .query.names import resolve

    kg = _kg(kg)
    iri = resolve(kg, thing).iri if thing is not None else None
    return [d for found in _disputes(kg, iri).values() for d in found]


def dispute_text(dispute: dict) -> str:
    """'the article says "…"; SITE says "…"' for one of :func:`disputes`."""
    from .query.facts import dispute_text as _text

    return _text(dispute)


def validate(files=(), *, data_dir=None, kg: KnowledgeGraph | None = None):
    """SHACL-validate the graph plus ``files``; returns a :class:`graph.store.shacl.Report`."""
    from .store.shacl import validate as _validate

    return _validate(kg if kg is not None else open_graph(data_dir, files))


def build(out: str | os.PathLike, fmt: str | None = None, *, kg: KnowledgeGraph | None = None,
          report: bool = False):
    """Write the whole dataset to ``out`` (atomically) in ``fmt`` (default: from the extension) and
    return its path, or with ``report=True`` a dict of what was written: ``path``, ``format``,
    ``keepsNamedGraphs`` and the counts of :func:`graph.store.dataset.write_dataset`. ``trig``, ``nquads`` and
    ``jsonld`` keep the named graphs (and so the provenance); ``turtle``, ``nt``, ``xml`` (RDF/XML) and
    ``n3`` hold the union of the triples. The same data gives the same bytes.
    """
    from .store.dataset import write_dataset
    from .errors import UsageError
    from .rdf.rdfio import FORMATS, atomic_writer, format_of

    fmt = fmt or format_of(out)
    if fmt not in BUILD_FORMATS:
        raise UsageError(f"unknown format {fmt!r}; choose one of {', '.join(BUILD_FORMATS)}")
    kg = _kg(kg)
    with atomic_writer(out) as f:
        counts = write_dataset(kg, f, fmt)
    if not report:
        return Path(out)
    return dict(counts, path=Path(out), format=fmt, keepsNamedGraphs=FORMATS[fmt][2])


def add(file: str | os.PathLike, data_dir: str | os.PathLike | None = None, replace: bool = False,
        wait: float | None = 120.0, *, fmt: str | None = None, base: str | None = None) -> Path:
    """Add the titles of ``file`` to the user's data if the graph still conforms to the shapes (see
    :func:`graph.store.userdata.add`), relative IRIs resolved against ``base``; returns where it is kept."""
    from .rdf.rdfio import check_base
    from .store.userdata import add as _add

    return _add(file, data_dir, replace, wait, fmt=fmt, base=check_base(base))


def added(data_dir: str | os.PathLike | None = None) -> list[dict]:
    """The data added with :func:`add`: ``name``, ``file`` and ``graph``, in load order."""
    from .store.userdata import added as _added

    return _added(data_dir)


def remove(name: str, data_dir: str | os.PathLike | None = None, wait: float | None = 120.0) -> Path:
    """Remove data added with :func:`add`, by the name :func:`added` lists; returns the file removed."""
    from .store.userdata import remove as _remove

    return _remove(name, data_dir, wait)


# ------------------------------------------------------------------ questions
def queries() -> list[dict]:
    """The named queries (``queries/*.rq``): ``name``, ``title``, ``description``, ``audience``
    (``people``, or ``internal`` for those dramagraph's own views read), ``params`` (each with ``name``,
    ``kind``, ``required``, ``default``, ``example``, ``doc``) and ``text``.

    >>> [q["params"][0]["name"] for q in queries() if q["name"] == "cast"]
    ['title']
    >>> sorted(q["name"] for q in queries() if q["audience"] == "internal")[:3]
    ['cast-incidence', 'disputed-names', 'kinds']
    """
    from dataclasses import asdict

    from .query.catalog import catalog

    return [{"name": q.name, "title": q.title, "description": q.description, "audience": q.audience,
             "params": [asdict(p) for p in q.params], "text": q.text} for q in catalog().values()]


def query_result(name: str, params: dict | None = None, *, kg=None, endpoint: str | None = None,
                 timeout: float | None = None):
    """Run the named query ``name`` with ``params`` (names to text); a :class:`graph.query.results.Result`."""
    from .query.querying import run_named

    return run_named(_target(kg, endpoint), name, {k: str(v) for k, v in (params or {}).items()}, timeout)


def sparql_result(text: str, bindings: dict | None = None, *, kg=None, endpoint: str | None = None,
                  timeout: float | None = None, where: str = "<query>", vocabulary: bool = False,
                  base: str | None = None):
    """Run SPARQL ``text`` (from ``where``, named in messages); a :class:`graph.query.results.Result`.
    ``vocabulary`` adds dramagraph's vocabulary to the default graph of a store that keeps it apart;
    relative IRIs in the query resolve against ``base``."""
    from .query.engine import run_sparql
    from .errors import UsageError
    from .rdf.rdfio import check_base
    from .query.sparqltext import looks_like_file_name

    if where == "<query>" and looks_like_file_name(text):
        raise UsageError(f"{text!r} looks like a file name, not a query; to run the query in a file, use "
                         f"--file {text}")
    return run_sparql(_target(kg, endpoint), text, bindings, where=where, timeout=timeout, vocabulary=vocabulary,
                      base=check_base(base))


def query(name: str, *, kg=None, endpoint: str | None = None, timeout: float | None = None,
          **params) -> list[dict]:
    """Run the named query ``name`` (a file of ``queries/``); returns rows as dicts.

    ``endpoint`` (a URL) runs it on a SPARQL 1.1 server instead; ``timeout`` stops it after that many
    seconds (:class:`graph.errors.QueryTimeout`).

    >>> [r["titleName"] for r in query("filmography", person="Haruma Miura")]
    ['Boku no Ita Jikan', 'Koizora']
    """
    return query_result(name, params, kg=kg, endpoint=endpoint, timeout=timeout).rows


def sparql(text: str, *, kg=None, endpoint: str | None = None, timeout: float | None = None,
           vocabulary: bool = False, **bindings):
    """Run SPARQL ``text``; keyword arguments bind variables (strings become literals, use
    ``pyoxigraph.NamedNode`` for IRIs). SELECT gives rows as dicts, ASK a bool, CONSTRUCT triples.

    >>> sparql("SELECT ?n WHERE { ?t schema:alternateName ?a ; schema:name ?n }", a="Sky of Love")
    [{'n': 'Koizora'}]
    """
    result = sparql_result(text, bindings, kg=kg, endpoint=endpoint, timeout=timeout, where="SPARQL text",
                           vocabulary=vocabulary)
    if result.kind == "ask":
        return result.boolean
    if result.kind == "graph":
        return result.triples
    return result.rows


def render(result, fmt: str | None = None, *, kg=None, limit: int | None = None) -> str:
    """A query's answer as text: ``table`` (for people: names instead of IRIs, at most ``limit`` rows),
    or the SPARQL results formats and RDF syntaxes (see :func:`graph.query.results.format_result`)."""
    import pyoxigraph as ox

    from .query.names import labels_of
    from .query.results import format_result

    fmt = fmt or ("turtle" if result.kind == "graph" else "table")
    if fmt != "table" or result.kind != "select":
        return format_result(result, fmt, None, None)
    shown = result.terms if limit is None else result.terms[:limit]
    names = labels_of(_kg(kg), {t.value for row in shown for t in row.values() if isinstance(t, ox.NamedNode)})
    return format_result(result, fmt, lambda iri: names.get(iri, iri), limit)


def push(endpoint: str, *, graph_store: str | None = None, timeout: float = 300.0, progress: bool = False,
         chunk_triples: int = 100_000, resume: str | os.PathLike | None = None, union_graph: str | None = None,
         kg: KnowledgeGraph | None = None) -> dict:
    """Load the dataset into a SPARQL server through the Graph Store Protocol (``graph_store``: its
    URL, default guessed from ``endpoint``), in requests of at most ``chunk_triples`` triples;
    ``resume`` names a file recording the acknowledged chunks, so that a push that failed continues
    after them; ``union_graph`` puts the union in that named graph instead of the default graph (the
    default for Virtuoso). Credentials come from the environment or netrc (:func:`graph.query.endpoint.credentials`).
    Returns ``graphs``, ``quads``, ``defaultGraphTriples``, ``graphStore``."""
    from .query.endpoint import push as _push

    return _push(_kg(kg), remote(endpoint, timeout), graph_store, progress=progress, chunk_triples=chunk_triples,
                 log=resume, union_graph=union_graph)


# ------------------------------------------------------------------ networks
def network(view: str = "full", *, kg=None, endpoint: str | None = None):
    """The networkx graph of a view: ``cast``, ``co-actor``, ``title`` or ``full`` (see
    :mod:`graph.network.networks`), with readable ``label`` and ``kind`` on every node.

    >>> G = network("cast", kg=open_graph(data_dir=False))
    >>> sorted(G.nodes[n]["label"] for n in G["https://w3id.org/dramagraph/person/haruma-miura"])
    ['Boku no Ita Jikan', 'Koizora']
    """
    from .network.networks import network as _network

    return _network(_target(kg, endpoint), view)


def links(*, kg: KnowledgeGraph | None = None) -> list[dict]:
    """The shared-actor links between titles (see :func:`graph.network.explore.links`)."""
    from .network.explore import links as _links

    return _links(_kg(kg))


def path(a, b, *, via: str | None = None, all_shortest: bool = False, lang: str = "en",
         kg: KnowledgeGraph | None = None) -> dict:
    """The shortest path(s) between two named things (see :func:`graph.network.explore.path`); each node
    named in ``lang`` (``en`` or ``ja``: :meth:`graph.query.names.NameIndex.label_in`)."""
    from .network.explore import path as _path

    kg = _kg(kg)
    found = _path(kg, a, b, via, all_shortest)
    if lang != "en":
        from .query.names import label_of

        for p in found["paths"]:
            for hop in p["nodes"]:
                hop["label"] = label_of(kg, hop["iri"], lang)
    return found


def similar(title, *, top: int = 10, kg: KnowledgeGraph | None = None) -> list[dict]:
    """Titles like ``title``, ranked, with reasons (see :func:`graph.network.explore.similar`)."""
    from .network.explore import similar as _similar

    return _similar(_kg(kg), title, top)


def co_actors(*, top: int | None = 20, kg: KnowledgeGraph | None = None) -> list[dict]:
    """The pairs of people who share the most titles, with the titles they share (see
    :func:`graph.network.explore.co_actor_counts`); people linked as the same are one."""
    from .network.explore import co_actor_counts

    return co_actor_counts(_kg(kg), top)


def centrality(view: str = "full", measure: str = "degree", *, top: int | None = None,
               kg: KnowledgeGraph | None = None) -> list[dict]:
    """Nodes of a view ranked by centrality (see :func:`graph.network.explore.centrality`)."""
    from .network.explore import centrality as _centrality

    return _centrality(_kg(kg), view, measure, top)


def export(view: str, fmt: str | None, out, *, kg: KnowledgeGraph | None = None, report: bool = False):
    """Write a view as GraphML, GEXF or JSON (``fmt``; None: from the file name's extension; see
    :func:`graph.network.explore.export`); returns the path, or with ``report=True`` a dict of ``path``,
    ``format``, ``nodes`` and ``edges``."""
    from .network.explore import export as _export
    from .network.explore import export_format
    from .network.networks import network as _network

    kg = _kg(kg)
    fmt = export_format(out, fmt)
    written = _export(kg, view, fmt, out)
    if not report:
        return written
    G = _network(kg, view)  # kept in kg.cache by the export: not built again
    return {"path": written, "format": fmt, "nodes": G.number_of_nodes(), "edges": G.number_of_edges()}


def viz(view: str = "full", out=None, *, around=None, depth: int | None = None, layout: str = "auto",
        max_edges: int | None = 50_000, min_weight: float | None = None, renderer: str = "auto",
        lang: str = "en", kg: KnowledgeGraph | None = None):
    """Write the interactive page of a network view (see :func:`graph.web.page.viz`); returns a
    :class:`graph.web.page.VizPage`, which Jupyter shows inline. A view of more than ``max_edges`` edges is
    refused before anything is written (:class:`graph.errors.UsageError`, saying how to narrow it);
    ``min_weight`` keeps the weighted views' (title, co-actor) edges of at least that weight.
    ``renderer``: ``vis`` (vis-network), ``sigma`` (sigma.js, WebGL) or ``auto`` (vis up to
    :data:`graph.web.page.SIGMA_THRESHOLD` nodes, sigma above). ``lang``: the language of the nodes'
    names (``en`` or ``ja``; a node without a name in it keeps the one it has)."""
    from .web.page import viz as _viz

    return _viz(_kg(kg), view, out, around, depth, layout, max_edges=max_edges, min_weight=min_weight,
                renderer=renderer, lang=lang)


def audit(files=(), *, kg: KnowledgeGraph | None = None):
    """Check that every fact is supported by the source it cites (see :mod:`graph.sources.audit`): the dataset
    (shipped and added data), or only ``files`` when given. Returns a :class:`graph.sources.audit.Report`;
    a file that cannot be parsed raises :class:`graph.errors.ParseError` (file:line:col)."""
    import pyoxigraph as ox

    from .sources.audit import audit_store
    from .rdf.rdfio import parse_file
    from .rdf.resources import data_dir_of_article

    article = (data_dir_of_article() / "article.txt").read_text(encoding="utf-8")
    if not files:
        return audit_store(_kg(kg).store, article)
    store = ox.Store()
    for f in files:
        store.extend(parse_file(f))
    return audit_store(store, article)


def second_sources(files=(), *, kg: KnowledgeGraph | None = None) -> list[dict]:
    """For each entry of the article, how many of its facts a second source confirms (``dg:confirmedBy``) or
    corrects (``dg:correctedBy``): the dataset, or only ``files`` when given (see
    :func:`graph.sources.confirmations.second_sources`).

    >>> [(e["entry"], e["title"], e["secondSource"], e["facts"]) for e in second_sources(kg=open_graph(data_dir=False))][:2]
    [(1, 'Perfect World', 19, 35), (2, 'The 8 Year Engagement', 19, 37)]
    """
    import pyoxigraph as ox

    from .sources.confirmations import second_sources as _second_sources
    from .rdf.rdfio import parse_file
    from .rdf.resources import data_dir_of_article

    article = (data_dir_of_article() / "article.txt").read_text(encoding="utf-8")
    if not files:
        return _second_sources(_kg(kg).store, article)
    store = ox.Store()
    for f in files:
        store.extend(parse_file(f))
    return _second_sources(store, article)


# ------------------------------------------------------------------ serving and data
def serve(host: str = "127.0.0.1", port: int = 8000, *, allowed_hosts=(), kg: KnowledgeGraph | None = None,
          **limits) -> None:
    """Serve the graph until interrupted: a read-only SPARQL endpoint, the named queries and the
    explorer (see :mod:`graph.web.serve`). ``allowed_hosts`` adds ``Host`` names to answer; ``limits`` are
    the fields of :class:`graph.web.serveconfig.Settings` (``timeout``, ``max_rows``, ``workers``, ...)."""
    from .web.serve import Settings, allowed_hosts as hosts, run

    run(_kg(kg), host, port, settings=Settings(allowed_hosts=hosts(host, allowed_hosts), **limits))


def synth(out: str | os.PathLike, titles: int, seed: int = 0, *, progress: bool = False, themes: bool = False) -> int:
    """Write ``titles`` synthetic titles shaped like the article's as N-Triples (``themes``: with themes);
    returns the triples."""
    from .sources.synth import generate

    return generate(out, titles, seed, progress=progress, themes=themes)


def synth_imdb(out_dir: str | os.PathLike, principals: int, seed: int = 0, *, gz: bool = False,
               progress: bool = False) -> dict:
    """Write synthetic files in IMDb's format (``title.basics.tsv``, ...) with ``principals`` rows of
    ``title.principals`` into ``out_dir`` (for tests and benchmarks of ``import imdb``); returns counts."""
    from .errors import InputError
    from .sources.synth import generate_imdb

    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise InputError(f"{out}: cannot write: {e.strerror or e}") from None
    return generate_imdb(out, principals, seed, gz=gz, progress=progress)
