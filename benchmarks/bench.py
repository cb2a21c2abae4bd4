"""dramagraph against plain rdflib and pyoxigraph, on synthetic data of the article's shape.

Every measurement runs in a fresh Python process, so that its time and its peak memory (ru_maxrss) are
its own. Prints one table per size with the ratios, then the CLI start-up figures.

    python benchmarks/bench.py            # 10k, 100k and 1M triples (about 10 minutes on 2 cores)
    python benchmarks/bench.py --quick    # 10k and 100k triples, rdflib queries at 10k only (< 2 min)
    python benchmarks/bench.py --endpoint # also the largest size's queries on `oxigraph serve`

rdflib's SPARQL is skipped above 100k triples (its co-actor query alone takes minutes there).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PERSON0 = "https://w3id.org/dramagraph/synth/person/0"
QUERIES = {
    "co-actor": """SELECT ?a ?b (COUNT(DISTINCT ?t) AS ?n) WHERE {
        ?t <https://schema.org/actor>/<https://schema.org/actor> ?a .
        ?t <https://schema.org/actor>/<https://schema.org/actor> ?b . FILTER(STR(?a) < STR(?b)) }
        GROUP BY ?a ?b ORDER BY DESC(?n) ?a ?b LIMIT 20""",
    "hierarchy": """SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE {
        ?t <https://schema.org/about>/<http://www.w3.org/2004/02/skos/core#broader>*
           <https://w3id.org/dramagraph/concept/cancer> }""",
    "filmography": f"""SELECT ?t ?name ?c WHERE {{ ?t <https://schema.org/actor> ?r .
        ?r <https://schema.org/actor> <{PERSON0}> ; <https://schema.org/characterName> ?c .
        ?t <https://schema.org/name> ?name }} ORDER BY ?name ?c""",
}

# ------------------------------------------------------------------ tasks (run in a child process)


def _rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def task(name: str, data: str, store: str, extra: str) -> dict:
    concepts = str(ROOT / "ontology" / "concepts.ttl")
    out: dict = {}
    if name == "load-rdflib":
        import rdflib

        t = time.perf_counter()
        g = rdflib.Graph()
        g.parse(data, format="nt")
        g.parse(concepts, format="turtle")
        out["seconds"] = time.perf_counter() - t
    elif name == "load-pyoxigraph":
        import pyoxigraph as ox

        t = time.perf_counter()
        st = ox.Store(store)
        st.bulk_load(path=data, format=ox.RdfFormat.N_TRIPLES)
        st.bulk_load(path=concepts, format=ox.RdfFormat.TURTLE)
        st.flush()
        out["seconds"] = time.perf_counter() - t
    elif name == "load-dramagraph":
        from graph.store.diskstore import load_store

        t = time.perf_counter()
        load_store([data], store)
        out["seconds"] = time.perf_counter() - t
    elif name.startswith("query:rdflib:"):
        import rdflib

        g = rdflib.Graph()
        g.parse(data, format="nt")
        g.parse(concepts, format="turtle")
        t = time.perf_counter()
        rows = [tuple(str(v) for v in row) for row in g.query(QUERIES[name.split(":")[2]])]
        out["seconds"], out["answer"] = time.perf_counter() - t, rows
    elif name.startswith("query:pyoxigraph:"):
        import pyoxigraph as ox

        st = ox.Store.read_only(store)
        t = time.perf_counter()
        rows = [tuple(v.value for v in sol) for sol in st.query(QUERIES[name.split(":")[2]])]
        out["seconds"], out["answer"] = time.perf_counter() - t, rows
    elif name.startswith("query:dramagraph:"):
        from graph.network.explore import co_actor_counts
        from graph.query.querying import run_sparql
        from graph.store.opening import open_graph

        kg = open_graph(store=store)
        which = name.split(":")[2]
        t = time.perf_counter()
        if which == "co-actor":  # the fast path: sparse incidence product
            rows = [(r["person1"], r["person2"], str(r["count"])) for r in co_actor_counts(kg, top=20)]
        else:
            result = run_sparql(kg, QUERIES[which], timeout=None)
            rows = [tuple(str(r[v]) for v in result.variables) for r in result.rows]
        out["seconds"], out["answer"] = time.perf_counter() - t, rows
    elif name.startswith("query:endpoint:"):
        from graph.query.endpoint import Endpoint
        from graph.query.querying import run_sparql

        which = name.split(":")[2]
        t = time.perf_counter()
        result = run_sparql(Endpoint(extra, timeout=600), QUERIES[which], timeout=600)
        rows = [tuple(str(r[v]) for v in result.variables) for r in result.rows]
        out["seconds"], out["answer"] = time.perf_counter() - t, rows
    elif name in ("projection", "path", "similar"):
        from graph.network.explore import path, similar
        from graph.network.networks import network
        from graph.store.opening import open_graph

        kg = open_graph(store=store)
        t = time.perf_counter()
        if name == "projection":
            G = network(kg, "co-actor")
            out["answer"] = [G.number_of_nodes(), G.number_of_edges()]
        elif name == "path":
            found = path(kg, "Title 0", f"Title {int(extra) - 1}", via="people")
            out["answer"] = [found["length"]]
        else:
            out["answer"] = [r["name"] for r in similar(kg, "Title 5", top=3)]
        out["seconds"] = time.perf_counter() - t
    elif name == "page":
        from graph.network.networks import network
        from graph.store.opening import open_graph

        try:
            from graph.web import page
        except ImportError:
            return {"skipped": "graph.web.page is not there yet"}
        from benchmarks.bench_page import piece

        kg = open_graph(store=store)
        G = piece(network(kg, "cast"), 10_000)  # a 10,000-node view (or the whole view when smaller)
        t = time.perf_counter()
        page.render(G, Path(extra))
        out["seconds"], out["answer"] = time.perf_counter() - t, [G.number_of_nodes()]
    else:
        raise SystemExit(f"unknown task {name}")
    out["rss_mb"] = _rss_mb()
    return out


# ------------------------------------------------------------------ the driver


def run(name, data="", store="", extra="", timeout=900) -> dict:
    code = ("import json, sys; sys.path.insert(0, %r); from benchmarks.bench import task; "
            "print(json.dumps(task(*sys.argv[1:5])))" % str(ROOT))
    try:
        result = subprocess.run([sys.executable, "-c", code, name, data, store, extra], capture_output=True,
                                text=True, timeout=timeout, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return {"skipped": f"> {timeout} s"}
    if result.returncode != 0:
        return {"skipped": "failed: " + (result.stderr.strip().splitlines() or ["?"])[-1][:100]}
    return json.loads(result.stdout.strip().splitlines()[-1])


def fmt_time(m):
    return m.get("skipped", "") if "seconds" not in m else f"{m['seconds']:.3f} s"


def ratio(slow, fast):
    if "seconds" not in slow or "seconds" not in fast or fast["seconds"] == 0:
        return "-"
    return f"{slow['seconds'] / fast['seconds']:.1f}x"


def median_seconds(argv, runs=7):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(argv, capture_output=True, cwd=ROOT, env=dict(os.environ, DRAMAGRAPH_DATA_DIR=tempfile.gettempdir()))
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="10k and 100k triples only (< 2 minutes)")
    parser.add_argument("--endpoint", action="store_true",
                        help="also run the largest size's queries on a real `oxigraph serve` on 127.0.0.1")
    parser.add_argument("--keep", metavar="DIR", help="keep the generated data and stores in DIR")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from graph.sources.synth import TRIPLES_PER_TITLE, generate

    sizes = [10_000, 100_000] if args.quick else [10_000, 100_000, 1_000_000]
    rdflib_query_limit = 10_000 if args.quick else 100_000
    work = Path(args.keep or tempfile.mkdtemp(prefix="dramagraph-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.system()} {platform.release()}")
    import pyoxigraph
    import rdflib

    print(f"rdflib {rdflib.__version__}, pyoxigraph {pyoxigraph.__version__}\n")
    try:
        for size in sizes:
            titles = max(10, size // TRIPLES_PER_TITLE)
            data = work / f"synth-{size}.nt"
            t = time.perf_counter()
            triples = generate(data, titles, seed=42)
            gen = time.perf_counter() - t
            print(f"== {size:,} triples target: {titles:,} titles, {triples:,} triples, generated in {gen:.2f} s")
            stores = {name: str(work / f"store-{name}-{size}") for name in ("pyoxigraph", "dramagraph")}
            for path in stores.values():
                shutil.rmtree(path, ignore_errors=True)
            rows = []
            load = {s: run(f"load-{s}", str(data), stores.get(s, "")) for s in ("rdflib", "pyoxigraph", "dramagraph")}
            rows.append(("load", load))
            for q in QUERIES:
                m = {"dramagraph": run(f"query:dramagraph:{q}", str(data), stores["dramagraph"]),
                     "pyoxigraph": run(f"query:pyoxigraph:{q}", str(data), stores["pyoxigraph"])}
                m["rdflib"] = (run(f"query:rdflib:{q}", str(data)) if size <= rdflib_query_limit
                               else {"skipped": "skipped"})
                answers = {k: v.get("answer") for k, v in m.items() if "answer" in v}
                same = len({json.dumps(sorted(map(list, a))) for a in answers.values()}) <= 1
                rows.append((f"{q}{'' if same else ' (ANSWERS DIFFER)'}", m))
            for t_name in ("projection", "path", "similar"):
                rows.append((t_name, {"dramagraph": run(t_name, str(data), stores["dramagraph"], str(titles))}))
            rows.append(("page (<=10k nodes)", {"dramagraph": run("page", str(data), stores["dramagraph"],
                                                                 str(work / f"page-{size}.html"))}))
            print(f"{'step':<22}{'dramagraph':>12}{'pyoxigraph':>12}{'rdflib':>12}{'rdflib/dg':>11}"
                  f"{'dg/pyox':>9}{'peak MB dg':>12}{'peak MB rdflib':>16}")
            for label, m in rows:
                dg, px, rl = m.get("dramagraph", {}), m.get("pyoxigraph", {}), m.get("rdflib", {})
                print(f"{label:<22}{fmt_time(dg):>12}{fmt_time(px):>12}{fmt_time(rl):>12}{ratio(rl, dg):>11}"
                      f"{ratio(dg, px):>9}{dg.get('rss_mb', 0):>12.0f}{rl.get('rss_mb', 0):>16.0f}")
            print()
            if args.endpoint and size == sizes[-1]:
                endpoint_rows(work, stores["dramagraph"], size)
        print("== CLI start (median of 7 runs)")
        base = median_seconds([sys.executable, "-c", "import rdflib"])
        helpt = median_seconds([sys.executable, "-m", "graph.cli", "--help"])
        query = median_seconds([sys.executable, "-m", "graph.cli", "query", "shared-actors", "--no-user-data"])
        print(f"python -c 'import rdflib'            {base:.3f} s")
        print(f"dramagraph --help                    {helpt:.3f} s  ({helpt / base:.2f}x; goal <= 1.2x)")
        print(f"dramagraph query shared-actors       {query:.3f} s  ({query / base:.2f}x; goal <= 2x)")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def endpoint_rows(work, store, size):
    """Push the largest store to a real oxigraph server on loopback and time the queries there."""
    binary = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    port = free_port()
    location = work / "oxigraph-server"
    server = subprocess.Popen([binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/query"
    try:
        time.sleep(1)
        t = time.perf_counter()
        pushed = subprocess.run([sys.executable, "-m", "graph.cli", "push", "--store", store, "--endpoint", url],
                                capture_output=True, text=True, cwd=ROOT)
        print(f"== {size:,} triples on oxigraph serve: push {time.perf_counter() - t:.1f} s "
              f"({pushed.stderr.strip() or pushed.returncode})")
        for q in QUERIES:
            m = run(f"query:endpoint:{q}", extra=url)
            print(f"{q:<22}{fmt_time(m):>12}")
        print()
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
