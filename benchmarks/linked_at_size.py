"""Linked sources at size (issue 30): a synthetic IMDb download, a Wikidata answer mirroring every
``--every``-th of its titles with their actors (each item with its IMDb ID, so ``dramagraph link`` links
them for certain), then ``stats`` and ``filmography`` of linked people timed on the store.

    python benchmarks/linked_at_size.py [--principals 20000] [--every 2] [--people 20] [--work DIR]

Prints the store's counts, the links made, the median of ``stats`` (5 runs) and of ``filmography``
over random linked people (after a first call that opens the store and the name lookups).
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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.sources.linked_synth import write_wikidata_mirror  # noqa: E402


def run(*argv):
    subprocess.run([sys.executable, "-m", "graph.cli", *argv], check=True, capture_output=True, cwd=ROOT)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--principals", type=int, default=20000)
    parser.add_argument("--every", type=int, default=2)
    parser.add_argument("--people", type=int, default=20)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--work", type=Path)
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="linked-at-size-"))
    store = work / "store"
    if not store.exists():
        run("synth-imdb", "--principals", str(args.principals), "--seed", str(args.seed), "--out", str(work / "imdb"))
        print("wikidata mirror:", write_wikidata_mirror(work / "imdb", work / "mirror.ttl", every=args.every))
        run("import", "imdb", str(work / "imdb"), "--store", str(store))
        run("import", "wikidata", str(work / "mirror.ttl"), "--store", str(store))
        run("link", "--store", str(store))
    from graph.query.querying import run_named
    from graph.query.sameas import groups
    from graph.store.opening import open_graph

    kg = open_graph(store=store)
    same = groups(kg)
    print(f"store {store}: {len(same)} linked nodes")
    times = []
    for _ in range(5):
        start = time.perf_counter()
        row = run_named(kg, "stats").rows[0]
        times.append(time.perf_counter() - start)
    print("stats:", row, f"median {statistics.median(times) * 1000:.0f} ms")
    people = sorted({g[0] for n, g in same.items() if "/imdb/nm" in n})
    random.seed(args.seed)
    chosen = random.sample(people, min(args.people, len(people)))
    run_named(kg, "filmography", {"person": chosen[0]})
    times, rows = [], 0
    for person in chosen:
        start = time.perf_counter()
        rows += len(run_named(kg, "filmography", {"person": person}).rows)
        times.append(time.perf_counter() - start)
    print(f"filmography of {len(chosen)} linked people: {rows} rows, median {statistics.median(times) * 1000:.1f} ms, "
          f"max {max(times) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
