"""Exploring a large store with and without the network index (graph/network/netindex.py), in one run.

    python benchmarks/explore_index.py --titles 30000 [--store DIR] [--pairs 15]

Makes a synthetic store (``dramagraph synth`` shape, ~4.7 performances a title) unless ``--store``
names one already loaded, then measures today's way (the networkx views built from the named
queries) and the index: ``path`` between two people (in-process p50, and the whole CLI call),
``similar`` (p50), co-actor top 20, and what ``serve``'s /explore page asks (a name search, a node's
neighbourhood with its facts: graph/network/expand.py), and prints each with its ratio. Goals (issue 14): path <= 50 ms
in-process and <= 0.5 s for the CLI call, similar <= 100 ms, co-actors top 20 <= 1 s.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _timed(fn):
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def _cli(*argv) -> float:
    start = time.perf_counter()
    done = subprocess.run(["dramagraph", *argv], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):  # 1: no path (an answer too)
        raise SystemExit(f"{' '.join(argv)} failed ({done.returncode}): {done.stderr.strip()}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--titles", type=int, default=30000)
    parser.add_argument("--store", type=Path)
    parser.add_argument("--pairs", type=int, default=15)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--themes", action="store_true", help="synthetic titles with themes (dramagraph synth --themes)")
    args = parser.parse_args()

    from graph.network import expand, explore, netbuild, netindex
    from graph.store.diskstore import load_store, open_store
    from graph.sources.synth import generate

    store = args.store
    if store is None or not store.exists():
        store = store or Path(tempfile.mkdtemp(prefix="explore-index-")) / "store"
        data = store.parent / "synth.nt"
        seconds, triples = _timed(lambda: generate(data, args.titles, seed=0, themes=args.themes))
        print(f"synth: {args.titles} titles, {triples} triples in {seconds:.1f} s")
        seconds, _ = _timed(lambda: load_store([data], store))
        print(f"load: {seconds:.1f} s")
    kg = open_store(store)
    if netindex.open(kg) is not None:
        raise SystemExit(f"{store} already has an index: give a store without one to measure both ways")
    rng = random.Random(args.seed)
    from graph.network.networks import _node_names, _rows

    names = _node_names(kg)
    people = sorted({r["person"] for r in _rows(kg, "cast-incidence", sort=False)})
    titles = sorted({r["title"] for r in _rows(kg, "cast-incidence", sort=False)})
    performances = len(_rows(kg, "network-cast", sort=False))
    print(f"store: {len(titles)} titles, {len(people)} people, {performances} performances")
    pairs = [(names[a], names[b]) for a, b in (rng.sample(people, 2) for _ in range(args.pairs))]
    similar_titles = [names[t] for t in rng.sample(titles, 5)]
    opened = rng.sample(people, 5) + rng.sample(titles, 5)
    kg.cache.clear()

    results = {}

    def measure(way, kg):
        first, _ = _timed(lambda: explore.path(kg, *pairs[0]))
        times = []
        for a, b in pairs[1:]:
            try:
                times.append(_timed(lambda: explore.path(kg, a, b))[0])
            except explore.NoPath:
                times.append(_timed(lambda: None)[0])
        results[way, "path first call (s)"] = first
        results[way, "path p50 (s)"] = statistics.median(times)
        results[way, "similar p50 (s)"] = statistics.median(
            _timed(lambda: explore.similar(kg, t))[0] for t in similar_titles)
        results[way, "co-actors top 20 (s)"] = _timed(lambda: explore.co_actor_counts(kg, 20))[0]
        results[way, "CLI path (s)"] = statistics.median(_cli("path", a, b, "--store", str(store))
                                                         for a, b in pairs[:3])
        # what serve's /explore page asks: a name search (the first call builds the search keys) and a
        # node's 50 most linked neighbours with its facts
        results[way, "explore search first (s)"] = _timed(lambda: expand.search(kg, pairs[0][0]))[0]
        results[way, "explore search p50 (s)"] = statistics.median(
            _timed(lambda: expand.search(kg, a[:8]))[0] for a, _ in pairs)
        results[way, "explore node p50 (s)"] = statistics.median(
            _timed(lambda: expand.neighbourhood(kg, iri))[0] for iri in opened)
        return {"explore": [expand.neighbourhood(kg, iri) for iri in opened], "path": explore.path(kg, *pairs[1]), "similar": explore.similar(kg, similar_titles[0]),
                "co": explore.co_actor_counts(kg, 20)}

    today = measure("today", kg)
    seconds, folder = _timed(lambda: netbuild.build(open_store(store)))
    size = sum(f.stat().st_size for f in folder.iterdir())
    print(f"index: built in {seconds:.1f} s, {size / 1e6:.0f} MB in {folder}")
    indexed = open_store(store)
    assert netindex.open(indexed) is not None
    now = measure("index", indexed)
    assert now == today, "the index answered differently"
    print(f"\n{'':28} {'today':>10} {'index':>10} {'ratio':>8}")
    for what in ("path first call (s)", "path p50 (s)", "CLI path (s)", "similar p50 (s)", "co-actors top 20 (s)",
                 "explore search first (s)", "explore search p50 (s)", "explore node p50 (s)"):
        a, b = results["today", what], results["index", what]
        print(f"{what:28} {a:10.4f} {b:10.4f} {a / b:8.1f}x")


if __name__ == "__main__":
    main()
