"""Benchmark of `dramagraph import imdb` against bulk-loading the same triples (issue 13, §4).

Writes IMDb-format files with `dramagraph synth-imdb` (deterministic by seed), then measures, each in a
fresh process (wall time and peak RSS from /usr/bin/time):

* ``import``: `dramagraph import imdb DIR --store S` (TSV → the model → a new store holding the article too);
* ``load nt``: `dramagraph load same.nt --store S2`, the very triples the import made, as N-Triples, into
  the default graph only;
* ``load nq``: `dramagraph load same.nq --store S3`, the same triples in the import's named graphs (so the
  store also holds their union in the default graph: the same store the import makes).

and prints the figures and the ratios import / load. Usage:

    python benchmarks/import_imdb.py [--principals 1000000] [--seed 0] [--work DIR]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def measured(argv: list[str]) -> dict:
    """Run ``argv`` in a fresh process; its wall time and peak RSS (MB)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        started = time.perf_counter()
        done = subprocess.run(["/usr/bin/time", "-o", report.name, "-f", "%M", *argv], capture_output=True, text=True)
        seconds = time.perf_counter() - started
        if done.returncode != 0:
            sys.exit(f"{' '.join(argv)} failed:\n{done.stderr}")
        peak = int(report.read().strip().splitlines()[-1]) / 1024
    return {"seconds": seconds, "peakMB": peak}


def same_triples(imdb_dir: Path, work: Path) -> tuple[Path, Path, int]:
    """The import's triples as one N-Triples file and as N-Quads in their named graphs."""
    from graph.sources.imdb import convert

    parts_dir = work / "parts"
    parts_dir.mkdir()
    made = convert(imdb_dir, parts_dir)
    nt, nq = work / "same.nt", work / "same.nq"
    lines = 0
    with open(nt, "w", encoding="utf-8") as f_nt, open(nq, "w", encoding="utf-8") as f_nq:
        for part in made["parts"]:
            graph = f" <{part['graph']}> .\n"
            with open(part["path"], encoding="utf-8") as f:
                for line in f:
                    f_nt.write(line)
                    f_nq.write(line.rstrip()[:-1].rstrip() + graph)
                    lines += 1
    shutil.rmtree(parts_dir)
    return nt, nq, lines


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--principals", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--work", help="folder for the files and stores (default: a temporary one)")
    args = parser.parse_args(argv)
    work = Path(args.work or tempfile.mkdtemp(prefix="dg-import-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    cli = [sys.executable, "-m", "graph.cli"]
    env_note = f"{os.cpu_count()} cores"
    try:
        imdb = work / "imdb"
        t = measured([*cli, "synth-imdb", "--principals", str(args.principals), "--seed", str(args.seed),
                      "--out", str(imdb)])
        sizes = {p.name: p.stat().st_size for p in sorted(imdb.iterdir())}
        print(f"synth-imdb --principals {args.principals:,}: {t['seconds']:.1f} s; files: "
              + ", ".join(f"{n} {s / 1e6:.0f} MB" for n, s in sizes.items()))
        nt, nq, lines = same_triples(imdb, work)
        print(f"the import's triples: {lines:,} ({nt.stat().st_size / 1e6:.0f} MB as N-Triples)")
        rows = {
            "import": measured([*cli, "import", "imdb", str(imdb), "--store", str(work / "s-import")]),
            "load nt": measured([*cli, "load", str(nt), "--store", str(work / "s-nt")]),
            "load nq": measured([*cli, "load", str(nq), "--store", str(work / "s-nq")]),
        }
        print(f"\n{'step':<10} {'seconds':>8} {'peak MB':>8}   ({env_note})")
        for name, m in rows.items():
            print(f"{name:<10} {m['seconds']:>8.1f} {m['peakMB']:>8.0f}")
        print(f"\nimport / load nt = {rows['import']['seconds'] / rows['load nt']['seconds']:.2f}x "
              f"(goal <= 1.5x); import / load nq = {rows['import']['seconds'] / rows['load nq']['seconds']:.2f}x; "
              f"import peak {rows['import']['peakMB']:.0f} MB (goal < 1024 MB)")
        print(f"import rate: {args.principals / rows['import']['seconds']:,.0f} principal rows/s, "
              f"{lines / rows['import']['seconds']:,.0f} triples/s")
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
