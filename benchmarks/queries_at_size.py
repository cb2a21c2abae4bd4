"""Every named query at size (issue 27, point 2): its time on a 20,000-title ``synth`` store and on a
store of 1M imported IMDb-format principals, beside a hand-written pyoxigraph query where there is one
(the same patterns as a plain join, on the store's default graph, no correction filter), and the ratio.

    python benchmarks/queries_at_size.py [--synth-store DIR] [--imdb-store DIR] [--timeout 30] [--workdir DIR]

Without a store folder it makes one: ``synth 20000 --seed 42`` loaded with ``--no-index``, and
``synth-imdb --principals 1000000 --seed 0`` imported with ``--no-index`` (a few minutes). Parameters:
the catalog's example where it names a node of the store (the IMDb store starts from the article), else
a stand-in of the synth data (``Person 500``, ``Title 7``, ``cancer``, ``novel``). Each figure is the
best of two runs in this process (the first run of a store warms its caches), through
``graph.query.querying.run_named`` with the default timeout, so name resolution is counted.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

STAND_INS = {"person": "Person 500", "title": "Title 7", "thing": "Title 7", "concept": "cancer", "kind": "novel"}

# hand-written: the answer's patterns as one plain join; ?x is bound to the parameter's node by VALUES
HAND = {
    "filmography": ("person", "SELECT ?title ?titleName ?year ?characterName WHERE { VALUES ?x { %s } "
                    "?role schema:actor ?x . ?title schema:actor ?role ; schema:name ?titleName . "
                    "OPTIONAL { ?role schema:characterName ?characterName } "
                    "OPTIONAL { ?title schema:datePublished|schema:startDate ?year } }"),
    "co-stars": ("person", "SELECT ?coStar ?coStarName ?title ?titleName WHERE { VALUES ?x { %s } "
                 "?r1 schema:actor ?x . ?title schema:actor ?r1 , ?r2 . ?r2 schema:actor ?coStar . "
                 "FILTER(?coStar != ?x) ?coStar schema:name ?coStarName . ?title schema:name ?titleName }"),
    "cast": ("title", "SELECT ?person ?personName ?characterName WHERE { VALUES ?x { %s } "
             "?x schema:actor ?role . ?role schema:actor ?person . ?person schema:name ?personName . "
             "OPTIONAL { ?role schema:characterName ?characterName } }"),
    "titles-about": ("concept", "SELECT DISTINCT ?title ?about WHERE { VALUES ?x { %s } "
                     "?about skos:broader* ?x . ?title schema:about ?about . ?title schema:name ?n }"),
    "cast-incidence": (None, "SELECT DISTINCT ?title ?person WHERE { ?title schema:actor ?role . "
                             "?role schema:actor ?person . ?person a schema:Person }"),
    "node-names": (None, "SELECT ?node ?name WHERE { ?node schema:name ?name }"),
    "people": (None, "SELECT ?person (COUNT(DISTINCT ?title) AS ?n) WHERE { ?title schema:actor ?role . "
                     "?role schema:actor ?person . ?person schema:name ?name } GROUP BY ?person"),
}


def _make_stores(workdir: Path) -> tuple[Path, Path]:
    from graph import api
    from graph.sources.synth import generate, generate_imdb

    synth, imdb = workdir / "synth-store", workdir / "imdb-store"
    if not synth.exists():
        print("making the 20,000-title synth store ...", file=sys.stderr)
        generate(workdir / "synth.nt", 20000, seed=42)
        api.load_store([workdir / "synth.nt"], synth, index=False)
    if not imdb.exists():
        print("making the 1M-principal IMDb store ...", file=sys.stderr)
        (workdir / "imdb").mkdir(exist_ok=True)
        generate_imdb(workdir / "imdb", 1_000_000, seed=0)
        api.import_imdb(workdir / "imdb", store=imdb, index=False)
    return synth, imdb


def _best(run, times: int = 2):
    best, out = None, None
    for _ in range(times):
        started = time.perf_counter()
        out = run()
        took = time.perf_counter() - started
        best = took if best is None else min(best, took)
    return best, out


def measure(store: Path, timeout: float) -> dict:
    """name -> (seconds or None, rows or error, hand-written seconds or None)."""
    from graph.query.catalog import catalog
    from graph.errors import NotFoundError
    from graph.rdf.iris import PREFIXES
    from graph.query.names import resolve
    from graph.query.querying import run_named
    from graph.store.opening import open_graph

    kg = open_graph(store=store)
    out = {}
    for name, query in catalog().items():
        params = {}
        for p in query.params:
            if not p.example:
                continue
            try:
                resolve(kg, p.example, p.kind)
                params[p.name] = p.example
            except NotFoundError:
                params[p.name] = STAND_INS[p.name]
        try:
            seconds, result = _best(lambda: run_named(kg, name, params, timeout=timeout))
            answer = f"{len(result.rows)} rows" if result.rows is not None else "answer"
        except Exception as e:  # a timeout is a figure too
            seconds, answer = None, type(e).__name__
        hand = None
        if name in HAND:
            param, text = HAND[name]
            node = f"<{resolve(kg, params[param], 'thing').iri}>" if param else ""
            hand, _ = _best(lambda: list(kg.store.query(text % node if param else text, prefixes=PREFIXES)))
        out[name] = (seconds, answer, hand, params)
        print(f"  {name}: {seconds if seconds is None else round(seconds, 3)} s ({answer})", file=sys.stderr)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--synth-store", type=Path)
    ap.add_argument("--imdb-store", type=Path)
    ap.add_argument("--timeout", type=float, default=30.0)
    ap.add_argument("--workdir", type=Path)
    args = ap.parse_args(argv)
    if not (args.synth_store and args.imdb_store):
        workdir = args.workdir or Path(tempfile.mkdtemp(prefix="dg-queries-"))
        synth, imdb = _make_stores(workdir)
        args.synth_store, args.imdb_store = args.synth_store or synth, args.imdb_store or imdb
    figures = {"20k titles": measure(args.synth_store, args.timeout),
               "1M principals": measure(args.imdb_store, args.timeout)}

    def cell(seconds, answer, hand, _params):
        mine = f"{seconds:.2f} s" if seconds is not None else f"> {args.timeout:.0f} s ({answer})"
        if hand is None:
            return f"{mine} | | "
        ratio = f"{seconds / hand:.1f}×" if seconds is not None and hand > 0 else "—"
        return f"{mine} | {hand:.2f} s | {ratio}"

    print("| query | 20k titles | hand-written | ratio | 1M principals | hand-written | ratio |")
    print("|---|---|---|---|---|---|---|")
    for name in figures["20k titles"]:
        print(f"| {name} | {cell(*figures['20k titles'][name])} | {cell(*figures['1M principals'][name])} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
