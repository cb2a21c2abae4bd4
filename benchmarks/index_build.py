"""How long building the network index takes (graph/network/netbuild.py writes what graph/network/netindex.py reads), against the load it follows.

    python benchmarks/index_build.py --titles 20000 [--seed 42] [--workdir DIR]

Makes synthetic data (``dramagraph synth``), loads it into a fresh store without the index
(``dramagraph load --no-index``), then builds the index of that store in a process of its own, and
prints each one's wall time and peak memory (RSS) and the ratio index/load. Goal (issue 27, point 4):
the index in at most half the time of the load. Each step runs in its own process so that its peak
memory is its own.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_STEP = r"""
import json, resource, sys, time
started = time.perf_counter()
if sys.argv[1] == "load":
    from graph.store.diskstore import load_store
    load_store([sys.argv[3]], sys.argv[2])
else:
    from graph.network import netbuild
    from graph.store.diskstore import open_store
    assert netbuild.build(open_store(sys.argv[2])) is not None
print(json.dumps({"seconds": time.perf_counter() - started,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _step(*argv) -> dict:
    done = subprocess.run([sys.executable, "-c", _STEP, *map(str, argv)], capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"{argv[0]} failed: {done.stderr.strip()}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--titles", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--workdir", type=Path, help="where the data and store go (default: a new temporary folder)")
    args = parser.parse_args()

    from graph.sources.synth import generate

    work = args.workdir or Path(tempfile.mkdtemp(prefix="index-build-"))
    work.mkdir(parents=True, exist_ok=True)
    data, store = work / "synth.nt", work / f"store-{time.time_ns()}"
    triples = generate(data, args.titles, seed=args.seed)
    print(f"synth: {args.titles} titles, {triples} triples ({data})")
    load = _step("load", store, data)
    print(f"load --no-index: {load['seconds']:.1f} s, peak RSS {load['rss_mb']:.0f} MB")
    index = _step("index", store)
    print(f"index build:     {index['seconds']:.1f} s, peak RSS {index['rss_mb']:.0f} MB")
    print(f"index/load: {index['seconds'] / load['seconds']:.2f} (goal <= 0.5)")


if __name__ == "__main__":
    main()
