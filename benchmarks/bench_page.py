"""Time to a usable page in headless Chromium, physics vs a layout computed in Python.

Synthetic data of the article's shape (graph/synth.py), its `full` network view cut to about 500, 2,000
and 10,000 nodes (a breadth-first piece, so it stays connected), rendered both ways. "Usable" means the
page has drawn with its final layout: vis-network's `stabilizationIterationsDone` with physics, its first
`afterDrawing` with a precomputed layout. Physics waits are capped (--cap, default 120 s).

    python benchmarks/bench_page.py [--sizes 500 2000 10000] [--cap 120]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def piece(G, size):
    import networkx as nx

    start = max(G.degree, key=lambda nd: (nd[1], nd[0]))[0]
    nodes = [start] + [v for _, v in nx.bfs_edges(G, start)]
    return G.subgraph(nodes[:size]).copy()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000, 10000])
    parser.add_argument("--cap", type=float, default=120.0, help="longest wait for physics to settle (s)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    import pyoxigraph as ox
    from playwright.sync_api import sync_playwright

    from graph.networks import network
    from graph.page import render
    from graph.knowledge import KnowledgeGraph
    from graph.synth import generate_text

    store = ox.Store()
    kg = KnowledgeGraph(store)
    quads = list(ox.parse(input=generate_text(max(args.sizes) // 5, seed=11).encode(), format=ox.RdfFormat.N_TRIPLES))
    kg.add_quads([ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode("urn:synth")) for q in quads])
    full = network(kg, "full")
    print(f"full view of the synthetic graph: {full.number_of_nodes()} nodes, {full.number_of_edges()} edges\n")
    print(f"{'nodes':>6} {'edges':>6}  {'layout':<12}{'write':>8}{'size MB':>9}{'usable in Chromium':>20}")
    with sync_playwright() as p, tempfile.TemporaryDirectory() as tmp:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for size in args.sizes:
            G = piece(full, size)
            for layout in ("physics", "precomputed"):
                path = Path(tmp) / f"{size}-{layout}.html"
                t = time.perf_counter()
                render(G, path, layout=layout)
                written = time.perf_counter() - t
                page = browser.new_page(viewport={"width": 1200, "height": 800})
                t = time.perf_counter()
                page.goto(path.as_uri())
                try:
                    page.wait_for_function("window.dramagraph && window.dramagraph.ready", timeout=args.cap * 1000,
                                           polling=100)
                    usable = f"{time.perf_counter() - t:.2f} s"
                except Exception:
                    usable = f"> {args.cap:.0f} s"
                page.close()
                print(f"{G.number_of_nodes():>6} {G.number_of_edges():>6}  {layout:<12}{written:>7.2f}s"
                      f"{path.stat().st_size / 1e6:>9.1f}{usable:>20}")
        browser.close()


if __name__ == "__main__":
    main()
