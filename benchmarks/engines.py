"""The named queries on three engines at about a million triples: the embedded store (a dramagraph
store made by `dramagraph load`), `oxigraph serve` and OpenLink Virtuoso (Debian's virtuoso-opensource,
started as in tests/query/virtuoso.py).

The data: `dramagraph synth --titles 20000` (about 1M triples) and the article's dataset with its named
graphs (`dramagraph build --out article.nq`), so that every named query's example parameters find their
node. Each engine gets the same triples in the same default graph (the union of the named graphs and
the rest): Oxigraph by `oxigraph load`; Virtuoso by its bulk loader
(ld_dir + rdf_loader_run through isql), the union in graph.query.endpoint.UNION_GRAPH made /sparql's default
graph. Each query runs once to warm up, then ``--runs`` times (not again when it took over 10 s); the
table shows the fastest, in seconds
(the row counts of the three engines are checked to be equal: a query whose answers differ is marked).

    python benchmarks/engines.py                 # 20,000 titles (about 3 minutes to load, 2 to query)
    python benchmarks/engines.py --titles 2000   # a quick look
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import free_port  # noqa: E402
from tests.query.virtuoso import start_virtuoso  # noqa: E402


def dramagraph(*argv) -> None:
    subprocess.run([sys.executable, "-m", "graph.cli", *argv], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)


def oxigraph_binary() -> str:
    found = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    if not Path(found).exists():
        sys.exit("the `oxigraph` server binary is missing: pip install -e '.[test]'")
    return found


def wait_for(url: str, process, timeout: float = 120) -> None:
    import urllib.request

    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(url, timeout=5).read()
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                sys.exit(f"the server did not start ({url})")
            time.sleep(0.2)


def timed(target, name: str, params: dict, runs: int, timeout: float) -> tuple[float | str, int | None]:
    from graph.errors import DramagraphError
    from graph.query.querying import run_named

    try:
        t = time.perf_counter()
        result = run_named(target, name, params, timeout=timeout)  # warm-up
        best = time.perf_counter() - t
        for _ in range(runs if best < 10 else 0):  # a slow query once is enough
            t = time.perf_counter()
            result = run_named(target, name, params, timeout=timeout)
            best = min(best, time.perf_counter() - t)
        return best, len(result.rows) if result.kind == "select" else len(result.triples)
    except DramagraphError as e:
        return f"({type(e).__name__})", None


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--titles", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=120.0)
    args = parser.parse_args(argv)

    from graph.store.diskstore import load_store, open_store
    from graph.query.endpoint import UNION_GRAPH, Endpoint
    from graph.query.querying import catalog

    work = Path(tempfile.mkdtemp(prefix="dramagraph-engines-"))
    processes = []
    virtuoso = None
    try:
        data = work / "data"
        data.mkdir()
        big, article, article_union = data / "big.nt", data / "article.nq", data / "article.nt"
        dramagraph("synth", "--titles", str(args.titles), "--out", str(big))
        dramagraph("build", "--no-user-data", "--out", str(article))
        dramagraph("build", "--no-user-data", "--format", "nt", "--out", str(article_union))
        triples = sum(1 for _ in open(big, "rb")) + sum(1 for _ in open(article_union, "rb"))
        print(f"data: {args.titles} synthetic titles and the article, {triples:,} triples", flush=True)

        t = time.perf_counter()
        load_store([article, big], work / "store")
        embedded = open_store(work / "store")
        print(f"embedded store: loaded in {time.perf_counter() - t:.1f} s", flush=True)

        t = time.perf_counter()
        location = work / "oxigraph"
        # the named graphs, and their union with the rest in the default graph (as `push` does):
        # `serve --union-default-graph` would count a triple of two graphs twice
        subprocess.run([oxigraph_binary(), "load", "--location", str(location), "--file", str(article),
                        "--file", str(big), "--file", str(article_union)], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port = free_port()
        server = subprocess.Popen([oxigraph_binary(), "serve", "--location", str(location), "--bind",
                                   f"127.0.0.1:{port}"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        processes.append(server)
        wait_for(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", server)
        oxigraph = Endpoint(f"http://127.0.0.1:{port}/query", timeout=args.timeout)
        print(f"oxigraph serve: loaded in {time.perf_counter() - t:.1f} s", flush=True)

        t = time.perf_counter()
        virtuoso = start_virtuoso(work / "virtuoso", buffers=170_000, max_query_mem="2G")
        folder = str(data).replace("'", "''")
        virtuoso.isql(f"ld_dir('{folder}', 'article.nq', 'urn:unused'); "
                      f"ld_dir('{folder}', 'big.nt', '{UNION_GRAPH}'); "
                      f"ld_dir('{folder}', 'article.nt', '{UNION_GRAPH}'); "
                      "rdf_loader_run(); checkpoint; "
                      f"INSERT INTO DB.DBA.SYS_SPARQL_HOST (SH_HOST, SH_GRAPH_URI) VALUES ('*', '{UNION_GRAPH}')",
                      timeout=3600)
        failed = virtuoso.isql("SELECT COUNT(*) FROM DB.DBA.LOAD_LIST WHERE ll_error IS NOT NULL")
        remote_v = Endpoint(virtuoso.sparql, timeout=args.timeout)
        print(f"virtuoso: loaded in {time.perf_counter() - t:.1f} s (files with errors: {failed.split()[-1]})",
              flush=True)

        from graph.query.querying import run_sparql

        for label, target in (("embedded", embedded), ("oxigraph", oxigraph), ("virtuoso", remote_v)):
            n = run_sparql(target, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", timeout=args.timeout).rows[0]["n"]
            print(f"  {label}: {n:,} triples in the default graph", flush=True)

        rows = []
        header = f"{'query':32} {'embedded':>10} {'oxigraph':>10} {'virtuoso':>10} {'rows':>8}"
        print("\n" + header + "\n" + "-" * len(header), flush=True)
        for name in sorted(catalog()):
            query = catalog()[name]
            params = {p.name: p.example for p in query.params if p.required or p.example}
            cells, counts = [], []
            for target in (embedded, oxigraph, remote_v):
                seconds, count = timed(target, name, params, args.runs, args.timeout)
                cells.append(f"{seconds:10.3f}" if isinstance(seconds, float) else f"{seconds:>10}")
                counts.append(count)
            same = len(set(counts)) == 1
            line = f"{name:32} {' '.join(cells)} {counts[0] if counts[0] is not None else '-':>8}" + \
                ("" if same else f"  rows differ: {counts}")
            rows.append(line)
            print(line, flush=True)
        return 0
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=30)
        if virtuoso is not None:
            virtuoso.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
