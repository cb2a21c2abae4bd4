"""A bounded load test of `dramagraph serve` on loopback: N concurrent clients for S seconds, then stop.

Starts the server on 127.0.0.1 (a free port), runs the clients (threads, each looping over a small mix
of requests: the named query shared-actors, cast of a title, and an ad-hoc SELECT), then stops the server
and prints throughput, p50/p99 latency and errors. Nothing leaves the machine.

    python benchmarks/load_serve.py [--clients 50] [--seconds 30]
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQUESTS = [
    "/queries/shared-actors",
    "/queries/cast?title=" + urllib.parse.quote("Sky of Love"),
    "/sparql?" + urllib.parse.urlencode({"query": "SELECT ?n WHERE { ?t schema:name ?n ; schema:actor ?r } LIMIT 20"}),
]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    args = parser.parse_args(argv)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ, DRAMAGRAPH_DATA_DIR=tempfile.mkdtemp())
    server = subprocess.Popen([sys.executable, "-m", "graph.cli", "serve", "--port", str(port)], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/queries", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        latencies, errors, lock = [], [], threading.Lock()
        stop = time.monotonic() + args.seconds

        def client(i):
            k = i
            while time.monotonic() < stop:
                path = REQUESTS[k % len(REQUESTS)]
                k += 1
                t = time.perf_counter()
                try:
                    with urllib.request.urlopen(base + path, timeout=30) as r:
                        r.read()
                    with lock:
                        latencies.append(time.perf_counter() - t)
                except Exception as e:  # count every failure, keep going until time is up
                    with lock:
                        errors.append(type(e).__name__)

        threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
        started = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=10)
    ordered = sorted(latencies)
    p = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else float("nan")  # noqa: E731
    print(f"{args.clients} clients, {elapsed:.1f} s, on {os.cpu_count()} cores")
    print(f"requests ok      {len(latencies)}")
    print(f"throughput       {len(latencies) / elapsed:.1f} requests/s")
    print(f"latency p50      {p(0.50):.1f} ms")
    print(f"latency p99      {p(0.99):.1f} ms")
    print(f"latency mean     {statistics.mean(ordered) * 1000 if ordered else float('nan'):.1f} ms")
    print(f"errors           {len(errors)} {dict((e, errors.count(e)) for e in set(errors)) if errors else ''}")


if __name__ == "__main__":
    main()
