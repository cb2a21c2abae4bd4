"""`dramagraph serve` against `oxigraph serve-read-only`, on the same data, in one run, on loopback.

Makes a 2,000-title synthetic graph (`dramagraph synth`), loads it into a dramagraph store
(`dramagraph load`) and into an Oxigraph store (`oxigraph load`), then for each server in turn: starts it
on 127.0.0.1, warms it up, and runs CLIENTS keep-alive HTTP/1.1 clients for SECONDS seconds, each sending
the same query (`SELECT ?n WHERE { ?p schema:name ?n } LIMIT 5`, GET, SPARQL JSON) again and again while
the peak memory of the server's process tree is sampled (RSS, and PSS, which counts the pages forked
workers share once). Each server runs ROUNDS times, alternately, so that other load on the machine
falls on both; the median round is shown. Prints, for each server, answers per second, p50 and p99
latency, errors and peak memory, then dramagraph's figures as ratios of Oxigraph's. Nothing leaves
the machine; every loop stops by itself.

    python benchmarks/load_serve.py [--clients 50] [--seconds 20] [--titles 2000] [--rounds 3]

The clients are one asyncio event loop in this process (plain sockets, no HTTP library), the same for
both servers; on a 2-core machine they share the cores with the server under test.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERY = "PREFIX schema: <https://schema.org/>\nSELECT ?n WHERE { ?p schema:name ?n } LIMIT 5"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tree_memory(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of a process and all its descendants, in bytes (Linux /proc). PSS shares the pages
    that forked workers hold in common among them, so it does not count them once per process."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as f:
                    parent = int(f.read().rsplit(b")", 1)[1].split()[1])
                children.setdefault(parent, []).append(int(entry))
            except (OSError, ValueError, IndexError):
                continue
    rss = pss = 0
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/smaps_rollup", "rb") as f:
                for line in f:
                    if line.startswith(b"Rss:"):
                        rss += int(line.split()[1]) * 1024
                    elif line.startswith(b"Pss:"):
                        pss += int(line.split()[1]) * 1024
        except (OSError, ValueError, IndexError):
            pass
        todo += children.get(p, [])
    return rss, pss


class _Client(asyncio.Protocol):
    """One keep-alive connection sending the same request until told to stop."""

    def __init__(self, request: bytes, stats, stop_at: float, done: asyncio.Future):
        self.request, self.stats, self.stop_at, self.done = request, stats, stop_at, done
        self.buffer = b""
        self.started = 0.0

    def connection_made(self, transport):
        self.transport = transport
        self.send()

    def send(self):
        if time.perf_counter() >= self.stop_at:
            self.transport.close()
            return
        self.buffer = b""
        self.started = time.perf_counter()
        self.transport.write(self.request)

    def data_received(self, data):
        self.buffer += data
        end = self.buffer.find(b"\r\n\r\n")
        if end < 0:
            return
        head = self.buffer[:end].decode("latin-1").lower()
        body = self.buffer[end + 4:]
        if "transfer-encoding: chunked" in head:
            if not body.endswith(b"0\r\n\r\n"):
                return
        else:
            length = 0
            for line in head.split("\r\n"):
                if line.startswith("content-length:"):
                    length = int(line.split(":", 1)[1])
            if len(body) < length:
                return
        status = head[9:12]
        latency = time.perf_counter() - self.started
        if status == "200":
            self.stats["latencies"].append(latency)
        else:
            self.stats["errors"][status] = self.stats["errors"].get(status, 0) + 1
        self.send()

    def connection_lost(self, exc):
        if time.perf_counter() < self.stop_at:
            self.stats["errors"]["closed"] = self.stats["errors"].get("closed", 0) + 1
        if not self.done.done():
            self.done.set_result(None)


async def _load(port: int, path: str, clients: int, seconds: float) -> dict:
    request = (f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
               f"Accept: application/sparql-results+json\r\n\r\n").encode()
    stats = {"latencies": [], "errors": {}}
    loop = asyncio.get_running_loop()
    stop_at = time.perf_counter() + seconds
    done = [loop.create_future() for _ in range(clients)]
    started = time.perf_counter()
    for future in done:
        await loop.create_connection(lambda f=future: _Client(request, stats, stop_at, f), "127.0.0.1", port)
    await asyncio.wait_for(asyncio.gather(*done), seconds + 60)
    stats["elapsed"] = time.perf_counter() - started
    return stats


def measure(name: str, argv: list[str], port: int, path: str, clients: int, seconds: float, env=None) -> dict:
    log = tempfile.TemporaryFile()
    server = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log)
    peak, sampling = [0, 0], [True]
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5).read()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    raise SystemExit(f"{name} did not start: {log.read().decode()[-500:]}")
                time.sleep(0.2)

        def sample():
            while sampling[0]:
                rss, pss = tree_memory(server.pid)
                peak[0], peak[1] = max(peak[0], rss), max(peak[1], pss)
                time.sleep(0.1)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        asyncio.run(_load(port, path, clients, min(3.0, seconds)))  # warm-up
        stats = asyncio.run(_load(port, path, clients, seconds))
        sampling[0] = False
        sampler.join()
    finally:
        sampling[0] = False
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    ordered = sorted(stats["latencies"])

    def pct(q):
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else float("nan")

    return {"name": name, "ok": len(ordered), "rate": len(ordered) / stats["elapsed"], "p50": pct(0.50),
            "p99": pct(0.99), "errors": stats["errors"], "rss": peak[0] / 1e6, "pss": peak[1] / 1e6}


def oxigraph_binary() -> str:
    found = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    if not Path(found).exists():
        raise SystemExit("the `oxigraph` server binary is missing: pip install oxigraph")
    return found


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--titles", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3,
                        help="each server this many times, alternately; the median round is shown")
    args = parser.parse_args(argv)
    oxigraph = oxigraph_binary()
    work = Path(tempfile.mkdtemp(prefix="dramagraph-load-"))
    env = dict(os.environ, DRAMAGRAPH_DATA_DIR=str(work / "data"))
    try:
        data = work / "x.nt"
        for step in (["synth", "--titles", str(args.titles), "--out", str(data)],
                     ["load", str(data), "--store", str(work / "store")]):
            subprocess.run([sys.executable, "-m", "graph.cli", *step], cwd=ROOT, env=env, check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        subprocess.run([oxigraph, "load", "--location", str(work / "oxigraph"), "--file", str(data)], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        rounds: dict[str, list[dict]] = {"oxigraph serve-read-only": [], "dramagraph serve": []}
        for _ in range(args.rounds):
            port = free_port()
            rounds["oxigraph serve-read-only"].append(measure(
                "oxigraph serve-read-only",
                [oxigraph, "serve-read-only", "--location", str(work / "oxigraph"), "--bind", f"127.0.0.1:{port}"],
                port, "/query?" + urllib.parse.urlencode({"query": QUERY}), args.clients, args.seconds))
            port = free_port()
            rounds["dramagraph serve"].append(measure(
                "dramagraph serve",
                [sys.executable, "-m", "graph.cli", "serve", "--store", str(work / "store"), "--port", str(port)],
                port, "/sparql?" + urllib.parse.urlencode({"query": QUERY}), args.clients, args.seconds, env=env))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{args.clients} keep-alive clients for {args.seconds:g} s, {args.rounds} rounds each, alternately; "
          f"{args.titles} titles; {os.cpu_count()} cores shared by clients and server; query: "
          f"{QUERY.split(chr(10), 1)[1]}")
    print(f"{'server':26} {'answers/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'peak RSS MB':>12} {'peak PSS MB':>12}  "
          f"errors  (rates of all rounds)")

    def rates(runs):
        return ", ".join(f"{x['rate']:.0f}" for x in runs)

    shown = []
    for name, runs in rounds.items():
        r = sorted(runs, key=lambda x: x["rate"])[len(runs) // 2]
        shown.append(r)
        errors = sum(sum(x["errors"].values()) for x in runs)
        print(f"{name:26} {r['rate']:10.0f} {r['p50']:8.1f} {r['p99']:8.1f} {max(x['rss'] for x in runs):12.0f} "
              f"{max(x['pss'] for x in runs):12.0f}  {errors:6d}  ({rates(runs)})")
    ox_, dg = shown
    print(f"dramagraph / oxigraph: rate {dg['rate'] / ox_['rate']:.2f}x, p50 {dg['p50'] / ox_['p50']:.2f}x, "
          f"p99 {dg['p99'] / ox_['p99']:.2f}x, peak RSS {dg['rss'] / ox_['rss']:.2f}x, "
          f"peak PSS {dg['pss'] / ox_['pss']:.2f}x")


if __name__ == "__main__":
    main()
