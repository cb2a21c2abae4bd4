"""The page of a 15,000-node / 35,000-edge view in headless Chromium, against issue 14's goals, drawn by
vis-network and by sigma.js (WebGL), each measured the same way.

Synthetic data of the article's shape (graph/sources/synth.py, --titles, default 2,100 titles), its `full`
network view cut to --nodes nodes (a breadth-first piece from the most linked node, so it stays
connected; default 15,000), written with the layout computed in Python (graph/network/layout.py) and opened in
headless Chromium (Debian's /usr/bin/chromium) at 1200×800. Printed, each with its goal and ratio:

* written: seconds for graph.web.page.render (layout + HTML) — goal ≤ 10 s;
* drawn and interactive: from navigation to the first drawing of the final layout plus one free
  animation frame (the main thread answers) — goal ≤ 3 s;
* search to focus: dramagraph.search(name) + dramagraph.focus(first match) until the next frame is
  painted, median of 5 names — goal ≤ 0.3 s;
* spread: the box of the middle 90% of nodes (5th–95th percentile of x and y, read from the page) over
  the drawing's box — goal ≥ 0.25;
* labels at the opening zoom: how many labels are drawn and the smallest on-screen size — goal ≥ 12 px
  (sigma: also how many pairs of drawn labels overlap).

--renderer vis, sigma or both (default): with both, each figure is printed for each renderer and the
ratio sigma/vis follows. Headless Chromium runs with --disable-gpu, so sigma's WebGL is SwiftShader's
(on the processor): a machine with a graphics card draws it faster.

Screenshots go to --shots (default /tmp/dramagraph-page-shots): opening.png and after-search.png for vis,
sigma-opening.png and sigma-after-search.png for sigma.
With --compare, the layout the page used before issue 14 is measured too (spread only: it is slow).

    python benchmarks/bench_page.py [--titles 2100] [--nodes 15000] [--renderer both] [--shots DIR] [--compare]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]

VIS_LABELS_JS = """() => {
  const net = window.dramagraph.network, scale = net.getScale();
  const sizes = [];
  for (const node of Object.values(net.body.nodes)) {
    const label = node.labelModule, px = label.fontOptions.size * scale;
    if (node.options.hidden || !node.options.label) continue;
    if (px >= label.elementOptions.scaling.label.drawThreshold - 1) sizes.push(px);
  }
  return {scale: scale, sizes: sizes};
}"""

# sigma draws the labels its label grid chooses, less those that would cover one drawn before in the
# same frame (render-sigma.js), at settings.labelSize px whatever the zoom; overlaps: pairs of drawn
# labels whose text boxes intersect (0 by construction: a check)
SIGMA_LABELS_JS = """() => {
  const d = window.dramagraph, labels = d.labels();
  let overlaps = 0;
  for (let i = 0; i < labels.length; i++) for (let j = i + 1; j < labels.length; j++) {
    const a = labels[i].box, b = labels[j].box;
    if (a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]) overlaps++;
  }
  return {scale: d.scale(), sizes: labels.map(l => l.px), overlaps: overlaps};
}"""

POSITIONS_JS = {"vis": "() => window.dramagraph.network.getPositions()",
                "sigma": "() => { const g = window.dramagraph.graph, out = {};"
                         " g.forEachNode((n, a) => { out[n] = {x: a.x, y: a.y}; }); return out; }"}

SEARCH_JS = """async (names) => {
  const times = [];
  for (const name of names) {
    const t0 = performance.now();
    const found = window.dramagraph.search(name);
    window.dramagraph.focus(found[0].id);
    await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
    times.push((performance.now() - t0) / 1000);
  }
  return times;
}"""


def piece(G, size):
    import networkx as nx

    start = max(G.degree, key=lambda nd: (nd[1], str(nd[0])))[0]
    nodes = [start] + [v for _, v in nx.bfs_edges(G, start)]
    return G.subgraph(nodes[:size]).copy()


def goal(value, target, lower_is_better=True):
    ratio = value / target if lower_is_better else target / value if value else float("inf")
    met = value <= target if lower_is_better else value >= target
    return f"goal {'≤' if lower_is_better else '≥'} {target:g}; ratio {ratio:.2f} ({'met' if met else 'MISSED'})"


def measure(G, renderer, tmp, browser, shots):
    """One renderer's figures (printed as they come): written, drawn, spread, labels, search to focus."""
    from graph.network.layout import spread
    from graph.web.page import render

    path = tmp / f"page-{renderer}.html"
    t = time.perf_counter()
    render(G, path, layout="precomputed", renderer=renderer)
    written = time.perf_counter() - t
    print(f"written:               {written:6.2f} s, {path.stat().st_size / 1e6:.1f} MB   {goal(written, 10)}")
    page = browser.new_page(viewport={"width": 1200, "height": 800})
    outside = []
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("file:", "data:"))
               else (outside.append(route.request.url), route.abort()))
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    t = time.perf_counter()
    page.goto(path.as_uri())
    page.wait_for_function("window.dramagraph && window.dramagraph.ready", timeout=120_000, polling=20)
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => r()))")
    drawn = time.perf_counter() - t
    assert page.evaluate("window.dramagraph.renderer") == renderer
    print(f"drawn and interactive: {drawn:6.2f} s             {goal(drawn, 3)}")
    positions = page.evaluate(POSITIONS_JS[renderer])
    share = spread({k: (v["x"], v["y"]) for k, v in positions.items()})
    print(f"spread (90% box/area): {share:6.3f}               {goal(share, 0.25, lower_is_better=False)}")
    labels = page.evaluate(VIS_LABELS_JS if renderer == "vis" else SIGMA_LABELS_JS)
    sizes = labels["sizes"]
    smallest = min(sizes) if sizes else 0.0
    overlaps = f", {labels['overlaps']} overlapping pairs" if "overlaps" in labels else ""
    print(f"labels at opening zoom: {len(sizes)} drawn (scale {labels['scale']:.3f}), smallest {smallest:.1f} px, "
          f"median {statistics.median(sizes) if sizes else 0:.1f} px{overlaps}   {goal(smallest, 12, lower_is_better=False)}")
    prefix = "" if renderer == "vis" else f"{renderer}-"
    page.screenshot(path=str(shots / f"{prefix}opening.png"))
    by_degree = sorted(G.degree, key=lambda nd: (-nd[1], str(nd[0])))
    names = [G.nodes[n]["label"] for n, _ in by_degree[len(by_degree) // 3::len(by_degree) // 6][:5]]
    times = page.evaluate(SEARCH_JS, names)
    focus = statistics.median(times)
    print(f"search to focus:       {focus:6.3f} s (median of {len(times)}, max {max(times):.3f})   "
          f"{goal(focus, 0.3)}")
    page.screenshot(path=str(shots / f"{prefix}after-search.png"))
    print(f"outside requests: {len(outside)}; console errors: {len(errors)}; screenshots: "
          f"{shots / (prefix + 'opening.png')}, {shots / (prefix + 'after-search.png')}")
    page.close()
    return {"written": written, "drawn": drawn, "spread": share, "focus": focus, "labels": len(sizes),
            "smallest": smallest}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--titles", type=int, default=2100)
    parser.add_argument("--nodes", type=int, default=15000)
    parser.add_argument("--shots", default="/tmp/dramagraph-page-shots")
    parser.add_argument("--renderer", choices=("vis", "sigma", "both"), default="both")
    parser.add_argument("--compare", action="store_true", help="also measure the spread of the old layout")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    import pyoxigraph as ox
    from playwright.sync_api import sync_playwright

    from graph.store.knowledge import KnowledgeGraph
    from graph.network.layout import spread
    from graph.network.networks import network
    from graph.sources.synth import generate_text

    kg = KnowledgeGraph(ox.Store())
    quads = list(ox.parse(input=generate_text(args.titles, seed=11).encode(), format=ox.RdfFormat.N_TRIPLES))
    kg.add_quads([ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode("urn:synth")) for q in quads])
    G = piece(network(kg, "full"), args.nodes)
    print(f"view: the full network of {args.titles:,} synthetic titles, cut to {G.number_of_nodes():,} nodes "
          f"and {G.number_of_edges():,} edges")
    shots = Path(args.shots)
    shots.mkdir(parents=True, exist_ok=True)
    renderers = ["vis", "sigma"] if args.renderer == "both" else [args.renderer]
    figures = {}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for renderer in renderers:
            print(f"-- renderer: {renderer}")
            figures[renderer] = measure(G, renderer, Path(tmp), browser, shots)
        browser.close()
    if len(figures) == 2:
        print("-- ratio sigma/vis (times: below 1, sigma is faster)")
        for key in ("written", "drawn", "focus", "spread"):
            vis, sigma = figures["vis"][key], figures["sigma"][key]
            print(f"{key + ':':23}{sigma / vis if vis else float('inf'):6.2f}  (vis {vis:.3f}, sigma {sigma:.3f})")
    share = figures[renderers[0]]["spread"]
    if args.compare:
        from graph.web.page import _fold  # noqa: F401  (the old layout, as it was: spectral + grid)
        import math

        import networkx as nx

        H = nx.Graph(G)
        t = time.perf_counter()
        try:
            old = {n: tuple(p) for n, p in nx.spectral_layout(H).items()}
            print(f"before issue 14 (spectral layout): spread {spread(old):.2e} in {time.perf_counter() - t:.1f} s; "
                  f"now {share:.3f} (x{share / max(spread(old), 1e-12):,.0f})")
        except Exception as error:  # noqa: BLE001
            print(f"before issue 14: spectral layout failed ({error}); {math.nan}")


if __name__ == "__main__":
    main()
