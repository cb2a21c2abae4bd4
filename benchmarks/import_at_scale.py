"""An IMDb-sized import, end to end: `synth-imdb`, `import imdb` with its network index, then `path`
and `similar` on the store it made (issue 27, point 4).

    python benchmarks/import_at_scale.py [--principals 10000000] [--seed 0] [--work DIR] [--pairs 15]

Each command runs in a fresh process (wall time and peak RSS from /usr/bin/time); ``path`` between
random pairs of people and ``similar`` of random titles are timed in one process after a first call
(which opens the index and the name lookups), and their p50 printed. Goals: import + index in at most
20 minutes and 3 GiB of peak RSS on two cores; path p50 <= 20 ms, similar p50 <= 100 ms.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

from import_imdb import measured

_EXPLORE = r"""
import json, random, statistics, sys, time
from graph import api
from graph.store.opening import open_graph
store, tsv, pairs = sys.argv[1], sys.argv[2], int(sys.argv[3])
kg = open_graph(store=store)
with open(f"{tsv}/name.basics.tsv", encoding="utf-8") as f:
    names = [line.split("\t")[1] for _, line in zip(range(5001), f)][1:]
with open(f"{tsv}/title.basics.tsv", encoding="utf-8") as f:
    titles = [row[2] for row in (line.split("\t") for _, line in zip(range(5001), f)) if row[1] in ("movie", "tvSeries")]
rng = random.Random(1)
started = time.perf_counter()
api.path(names[0], names[1], kg=kg)
first = time.perf_counter() - started
def timed(call):
    started = time.perf_counter()
    try:
        call()
    except Exception:  # NoPath is an answer too
        pass
    return time.perf_counter() - started
paths = [timed(lambda: api.path(*rng.sample(names, 2), kg=kg)) for _ in range(pairs)]
similar = [timed(lambda: api.similar(rng.choice(titles), kg=kg)) for _ in range(pairs)]
print(json.dumps({"first": first, "path": statistics.median(paths), "similar": statistics.median(similar)}))
"""


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--principals", type=int, default=10_000_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--pairs", type=int, default=15)
    parser.add_argument("--work", help="folder for the files and the store (default: a temporary one)")
    args = parser.parse_args(argv)
    work = Path(args.work or tempfile.mkdtemp(prefix="dg-scale-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    cli = [sys.executable, "-m", "graph.cli"]
    tsv, store = work / "imdb", work / "store"
    made = measured([*cli, "synth-imdb", "--principals", str(args.principals), "--seed", str(args.seed), "--out", str(tsv)])
    print(f"synth-imdb --principals {args.principals:,}: {made['seconds']:.0f} s")
    done = measured([*cli, "import", "imdb", str(tsv), "--store", str(store)])
    minutes, gib = done["seconds"] / 60, done["peakMB"] / 1024
    print(f"import imdb + index: {minutes:.1f} min (goal <= 20, ratio {minutes / 20:.2f}), "
          f"peak {gib:.2f} GiB (goal <= 3, ratio {gib / 3:.2f})")
    out = subprocess.run([sys.executable, "-c", _EXPLORE, str(store), str(tsv), str(args.pairs)],
                         capture_output=True, text=True, check=True).stdout
    found = json.loads(out.strip().splitlines()[-1])
    print(f"first path (opens the index and the names): {found['first'] * 1000:.0f} ms")
    print(f"path p50: {found['path'] * 1000:.1f} ms (goal <= 20, ratio {found['path'] * 1000 / 20:.2f})")
    print(f"similar p50: {found['similar'] * 1000:.1f} ms (goal <= 100, ratio {found['similar'] * 1000 / 100:.2f})")
    return 0


if __name__ == "__main__":
    random.seed(0)
    sys.exit(main())
