"""The name search at size (issue 29), today's code and an earlier revision's in one run.

    python benchmarks/name_search.py --titles 20000 [--baseline 9ba32ff] [--imdb-principals N]

Makes a synthetic store of ``--titles`` titles (``dramagraph synth`` shape, network index built as
``dramagraph load`` builds it), or with ``--imdb-principals`` an IMDb-shaped one (``dramagraph synth-imdb``
then ``import imdb``: every third title has a Japanese title.akas name), then measures what people wait
for when they type a name:

* ``resolve exact, fresh (s)``: a name as written, on a freshly opened store (the CLI's case: the fast
  path that needs no name index);
* ``name index (s)``: the first resolution that needs the whole index (another form of a name);
* ``resolve p50 (s)``: names in other forms (lower case; a person's name in the other order; with
  --imdb-principals, Japanese names and their romaji) once the index is built;
* ``not found + did you mean p50 (s)``: misspelt names;
* ``explore search first (s)`` / ``p50 (s)``: /explore's search (the first builds its keys);
* ``CLI path (s)``: ``dramagraph path A B --store``, whole process.

With ``--baseline REV`` the same figures are measured with the code of git revision REV (a temporary
worktree, run in a subprocess on the same store) and the ratios today / baseline are printed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _timed(fn):
    start = time.perf_counter()
    try:
        fn()
    except Exception as e:  # a name that is not found is an answer too (NotFoundError, AmbiguousNameError)
        if type(e).__name__ not in ("NotFoundError", "AmbiguousNameError"):
            raise
    return time.perf_counter() - start


def make_store(args) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="name-search-"))
    store = folder / "store"
    sys.path.insert(0, str(ROOT))
    from graph import api

    if args.imdb_principals:
        api.synth_imdb(folder / "imdb", args.imdb_principals, seed=0)
        api.import_imdb(folder / "imdb", store=store)
    else:
        api.synth(folder / "synth.nt", args.titles, seed=0)
        api.load_store([folder / "synth.nt"], store)
    return store


def measure(store: Path, seed: int) -> dict:
    """The figures on ``store`` with the ``graph`` package that this interpreter imports."""
    import graph
    from graph.network import expand
    from graph.query import names
    from graph.query.engine import run_sparql
    from graph.store.diskstore import open_store

    kg = open_store(store)
    rows = run_sparql(kg, "SELECT ?n ?name ?person WHERE { ?n <https://schema.org/name> ?name . "
                          "BIND(EXISTS { ?n a <https://schema.org/Person> } AS ?person) }", vocabulary=True).rows
    rng = random.Random(seed)
    sample = rng.sample(sorted((r["name"], bool(r["person"])) for r in rows), 40)
    japanese = [r["a"] for r in run_sparql(kg, 'SELECT ?a WHERE { ?t <https://schema.org/alternateName> ?a . '
                                               'FILTER(LANGMATCHES(LANG(?a), "ja")) }', vocabulary=True).rows]
    japanese = rng.sample(sorted(japanese), min(20, len(japanese)))
    exact = [n for n, _ in sample[:10]]
    forms = [(" ".join(reversed(n.split())) if person and len(n.split()) == 2 else n.lower()) for n, person in sample[10:30]]
    forms += japanese
    misspelt = [n[:2] + "q" + n[2:] for n, _ in sample[30:40]]  # no name has a q: none of these is found
    results = {"graph": str(Path(graph.__file__).parent)}
    results["resolve exact, fresh (s)"] = statistics.median(
        _timed(lambda: names.resolve(open_store(store), n)) for n in exact[:5])
    results["name index (s)"] = _timed(lambda: names.index(kg))
    results["resolve p50 (s)"] = statistics.median(_timed(lambda: names.resolve(kg, n)) for n in forms)
    results["not found + did you mean p50 (s)"] = statistics.median(_timed(lambda: names.resolve(kg, n)) for n in misspelt)
    results["explore search first (s)"] = _timed(lambda: expand.search(kg, forms[0]))
    results["explore search p50 (s)"] = statistics.median(_timed(lambda: expand.search(kg, n[:6])) for n in forms)
    people = [n for n, person in sample if person][:2] or exact[:2]
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "graph.cli", "path", people[0], people[-1], "--store", str(store)],
                   capture_output=True, env=dict(os.environ, PYTHONPATH=str(Path(graph.__file__).parent.parent)))
    results["CLI path (s)"] = time.perf_counter() - start
    results["forms found"] = sum(1 for n in forms if _found(names, kg, n))
    results["forms asked"] = len(forms)
    return results


def _found(names, kg, text) -> bool:
    try:
        names.resolve(kg, text)
        return True
    except Exception:
        return False


def baseline(rev: str, store: Path, seed: int) -> dict:
    where = Path(tempfile.mkdtemp(prefix="name-search-baseline-")) / "src"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(where), rev], check=True,
                   capture_output=True)
    try:
        done = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--measure", str(store),
                               "--seed", str(seed)], capture_output=True, text=True,
                              env=dict(os.environ, PYTHONPATH=str(where)), cwd=str(where), check=True)
        return json.loads(done.stdout.splitlines()[-1])
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(where)], capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--titles", type=int, default=20000)
    parser.add_argument("--imdb-principals", type=int, default=0, help="an IMDb-shaped store of about N/4.7 titles")
    parser.add_argument("--baseline", metavar="REV", help="also measure git revision REV (e.g. 9ba32ff) on the same store")
    parser.add_argument("--store", type=Path, help="a store to use instead of making one")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # internal: measure, print JSON
    args = parser.parse_args()
    if args.measure:
        sys.path.insert(0, os.environ.get("PYTHONPATH", str(ROOT)))
        print(json.dumps(measure(args.measure, args.seed)))
        return
    store = args.store or make_store(args)
    print(f"store: {store}")
    now = json.loads(subprocess.run([sys.executable, __file__, "--measure", str(store), "--seed", str(args.seed)],
                                    capture_output=True, text=True, check=True,
                                    env=dict(os.environ, PYTHONPATH=str(ROOT))).stdout.splitlines()[-1])
    before = baseline(args.baseline, store, args.seed) if args.baseline else None
    print(f"{'':36}{'today':>10}" + (f"{args.baseline:>12}{'ratio':>8}" if before else ""))
    for key, value in now.items():
        if key == "graph":
            continue
        line = f"{key:36}{value:10.3f}" if isinstance(value, float) else f"{key:36}{value:10}"
        if before and key in before:
            b = before[key]
            line += (f"{b:12.3f}{value / b:8.2f}" if isinstance(b, float) and b else f"{b:12}")
        print(line)


if __name__ == "__main__":
    main()
