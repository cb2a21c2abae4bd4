"""`push` of about a million triples to a real Oxigraph server and a real Virtuoso, on loopback.

Makes a synthetic graph (`dramagraph synth --titles 20000`: ~0.97 million triples), loads it into a
dramagraph store (`dramagraph load`), then pushes it to each server in turn, started fresh on
127.0.0.1 with an empty database: `oxigraph serve` (Graph Store at /store) and Debian's Virtuoso
(tests/query/virtuoso.py; its Graph Store /sparql-graph-crud-auth with Digest credentials dba/dba, the union
in the named graph UNION_GRAPH). A push sends every named graph, then the union, in requests of
--chunk triples (default 100,000). Prints, per engine: triples sent, requests, seconds, triples per
second, and the triples the server then counts in its default graph (or UNION_GRAPH).

    python benchmarks/push.py [--titles 20000] [--chunk 100000] [--engines oxigraph,virtuoso] [--keep DIR]

Nothing leaves the machine. On a 2-core machine the client (serializing N-Triples) and the server
share the cores.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def oxigraph_server(folder: Path):
    from tests.conftest import free_port

    port = free_port()
    binary = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    process = subprocess.Popen([binary, "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=2).read()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise SystemExit("oxigraph serve did not start")
            time.sleep(0.1)
    return base, process


def count(endpoint) -> int:
    answer = json.loads(endpoint.execute("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "select", timeout=600))
    return int(answer["results"]["bindings"][0]["n"]["value"])


def measure(name, kg, endpoint, chunk, sent, requests):
    from graph.query.endpoint import push

    t = time.perf_counter()
    push(kg, endpoint, chunk_triples=chunk)
    seconds = time.perf_counter() - t
    held = count(endpoint)
    print(f"{name:<10} {sent:>12,} {requests:>9,} {seconds:>10.1f} {sent / seconds:>12,.0f} {held:>14,}", flush=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--titles", type=int, default=20_000)
    parser.add_argument("--chunk", type=int, default=100_000, help="triples per request")
    parser.add_argument("--engines", default="oxigraph,virtuoso")
    parser.add_argument("--keep", metavar="DIR", help="keep the data, the store and the databases in DIR")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    import pyoxigraph

    from graph.store.diskstore import load_store
    from graph.query.endpoint import UNION_GRAPH, Endpoint, _chunks
    from graph.store.opening import open_graph
    from graph.sources.synth import generate

    work = Path(args.keep or tempfile.mkdtemp(prefix="dramagraph-push-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"pyoxigraph {pyoxigraph.__version__}")
    try:
        data, store = work / "big.nt", work / "store"
        triples = generate(data, args.titles, seed=42)
        shutil.rmtree(store, ignore_errors=True)
        load_store([data], store)
        kg = open_graph(store=store)
        plan = _chunks(kg, args.chunk)
        sent, requests = sum(len(c) for _, _, c in plan), len(plan)
        print(f"{args.titles:,} synthetic titles: {triples:,} triples in the file, {kg.count_triples():,} in "
              f"the union default graph; a push sends {sent:,} (the named graphs, then the union) in "
              f"{requests} requests of at most {args.chunk:,}\n")
        print(f"{'engine':<10} {'triples':>12} {'requests':>9} {'seconds':>10} {'triples/s':>12} {'server counts':>14}")
        for engine in args.engines.split(","):
            if engine == "oxigraph":
                shutil.rmtree(work / "oxigraph", ignore_errors=True)
                base, process = oxigraph_server(work / "oxigraph")
                try:
                    measure("oxigraph", kg, Endpoint(f"{base}/query", timeout=600), args.chunk, sent, requests)
                finally:
                    process.terminate()
                    process.wait(timeout=60)
            elif engine == "virtuoso":
                from tests.query.virtuoso import start_virtuoso

                shutil.rmtree(work / "virtuoso", ignore_errors=True)
                os.environ["DRAMAGRAPH_ENDPOINT_USER"] = os.environ["DRAMAGRAPH_ENDPOINT_PASSWORD"] = "dba"
                with start_virtuoso(work / "virtuoso", buffers=170_000) as server:
                    endpoint = Endpoint(server.sparql, timeout=600, default_graph=UNION_GRAPH)
                    measure("virtuoso", kg, endpoint, args.chunk, sent, requests)
            else:
                raise SystemExit(f"unknown engine {engine!r}: oxigraph or virtuoso")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
