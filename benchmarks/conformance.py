"""The W3C test suites (tests/conformance/w3c/, from rdflib 7.1.4's sdist) through dramagraph and through plain
pyoxigraph: prints, per suite, the tests passed / run for each, as in issue 18's table.

    python benchmarks/conformance.py               # the table (about a minute on 2 cores)
    python benchmarks/conformance.py --failures    # and every failing test, by name, with why
    python benchmarks/conformance.py --json OUT    # and each test's outcome as JSON

dramagraph is counted through the CLI (`validate` for syntax tests, `load` then `sparql --store` for
eval tests, `sparql --store --file` for SPARQL) and through the library (graph.rdf.rdfio.parse_file with the
test's base IRI, graph.query.engine.run_sparql); a test passes for dramagraph when it passes both ways. The
protocol tests run against a real `dramagraph serve` (tests/conformance/test_conformance.py has them); this script
counts them with pytest: see --protocol.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conformance import w3c_manifest as w3c  # noqa: E402


def _outcome(check, *args) -> str | None:
    """None when the check passes, else why not (its first line)."""
    try:
        check(*args)
        return None
    except w3c.Failed as e:
        return str(e)
    except Exception as e:  # noqa: BLE001 - a crash of the check is a failure too, said in one line
        return f"{type(e).__name__}: {e}"


def parser_group(entry: w3c.Entry) -> str:
    names = {"turtle": "Turtle", "trig": "TriG", "ntriples": "N-Triples", "nquads": "N-Quads", "rdf-xml": "RDF/XML"}
    name = names[entry.suite]
    if entry.eval:
        return f"{name} eval"
    return f"{name} syntax ({'negative' if entry.negative else 'positive'})"


def run(show_failures: bool, out_json: str | None, protocol: bool) -> int:
    os.environ.setdefault("DRAMAGRAPH_DATA_DIR", tempfile.mkdtemp(prefix="conformance-data-"))
    rows: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # group -> [dramagraph, engine, total]
    outcomes = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="conformance-", dir=w3c.fast_tmp()) as tmp:
        tmp = Path(tmp)
        for suite in w3c.PARSER_SUITES:
            for i, entry in enumerate(w3c.parser_entries(suite)):
                work = tmp / f"{suite}-{i}"
                work.mkdir()
                why = {ch: _outcome(w3c.check_parser, entry, ch, work) for ch in ("library", "cli")}
                why["engine"] = _outcome(w3c.check_engine_parser, entry)
                outcomes.append((parser_group(entry), entry.id, why))
        stores = tmp / "stores"
        stores.mkdir()
        for folder in w3c.SPARQL_FOLDERS:
            for entry in w3c.sparql_entries(folder):
                why = {ch: _outcome(w3c.check_sparql, entry, ch, stores) for ch in ("library", "cli")}
                why["engine"] = _outcome(w3c.check_engine_sparql, entry)
                group = "SPARQL 1.1 result formats" if folder in ("csv-tsv-res", "json-res") \
                    else "SPARQL 1.1 query evaluation"
                outcomes.append((group, entry.id, why))
    for group, _, why in outcomes:
        row = rows[group]
        row[0] += why["library"] is None and why["cli"] is None
        row[1] += why["engine"] is None
        row[2] += 1
    sparql = [0, 0, 0]
    for group in ("SPARQL 1.1 query evaluation", "SPARQL 1.1 result formats"):
        for k in range(3):
            sparql[k] += rows[group][k]
    print(f"| suite | dramagraph | pyoxigraph alone |\n|---|---|---|")
    for group, (mine, engine, total) in rows.items():
        print(f"| {group} | {mine} / {total} | {engine} / {total} |")
    print(f"| SPARQL 1.1, all {len(w3c.SPARQL_FOLDERS)} folders | {sparql[0]} / {sparql[2]} | {sparql[1]} / {sparql[2]} |")
    by_channel = defaultdict(lambda: [0, 0])
    for group, _, why in outcomes:
        for ch in ("library", "cli"):
            by_channel[(group, ch)][0] += why[ch] is None
            by_channel[(group, ch)][1] += 1
    print("\nby way in (dramagraph):")
    for (group, ch), (ok, total) in by_channel.items():
        print(f"  {group:32} {ch:8} {ok} / {total}")
    if protocol:
        import subprocess

        done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rA",
                               "tests/conformance/test_conformance.py", "-k", "protocol", "--runxfail"],
                              cwd=ROOT, capture_output=True, text=True)
        passed = defaultdict(lambda: [0, 0])
        for line in done.stdout.splitlines():
            if line.startswith(("PASSED", "FAILED")) and "test_protocol" in line:
                group = "Protocol bad requests refused" if "bad_" in line else "Protocol query tests"
                passed[group][0] += line.startswith("PASSED")
                passed[group][1] += 1
        for group, (ok, total) in passed.items():
            print(f"| {group} | {ok} / {total} | — |")
    print(f"\n{len(outcomes)} tests in {time.perf_counter() - started:.0f} s")
    if show_failures:
        for group, test, why in outcomes:
            for ch, reason in why.items():
                if reason is not None:
                    print(f"\nFAIL [{ch}] {test} ({group}): {reason.splitlines()[0][:300]}")
    if out_json:
        Path(out_json).write_text(json.dumps([{"group": g, "test": t, **w} for g, t, w in outcomes], indent=1),
                                  encoding="utf-8")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--failures", action="store_true", help="list every failing test and why")
    parser.add_argument("--json", metavar="OUT", help="write each test's outcome as JSON")
    parser.add_argument("--protocol", action="store_true",
                        help="also count the protocol tests (runs them with pytest --runxfail)")
    args = parser.parse_args()
    return run(args.failures, args.json, args.protocol)


if __name__ == "__main__":
    sys.exit(main())
