"""The explorer page of `dramagraph serve` (/): its weight and how soon it paints and is ready, in
headless Chromium (Debian's /usr/bin/chromium), on a real server of the article's graph.

Printed:

* page weight: the bytes of / (everything is inlined: no other request), gzip-compressed too (what a
  compressing proxy would send), and of each part: the vendored Yasgui (script, styles), vis-network
  (script, styles) and the page's own script and styles;
* first paint, first contentful paint, DOMContentLoaded, load, and ready (the examples loaded and the
  editor usable: ``dramagraphExplorer.ready``), each the median of --runs fresh loads, in ms since
  navigation began (the browser's own clock: performance timings);
* a 10,000-row answer (a cross join cut at serve's default --max-rows) from the click on Run to the
  table drawn, median of --runs (the page before issue 15 froze for 89 s on it);
* outside requests and console errors (both must be 0).

    python benchmarks/bench_explorer.py [--runs 5]
"""

from __future__ import annotations

import argparse
import gzip
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
CROSS = "SELECT * WHERE { ?s ?p ?o . ?s2 ?p2 ?o2 }"
TIMINGS_JS = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const paint = Object.fromEntries(performance.getEntriesByType('paint').map(p => [p.name, p.startTime]));
  return {fp: paint['first-paint'], fcp: paint['first-contentful-paint'], dcl: nav.domContentLoadedEventEnd,
          load: nav.loadEventEnd, ready: window.dramagraphExplorer.readyMs};
}"""


def serve(tmp: Path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = tmp / "serve.log"
    env = dict(os.environ, DRAMAGRAPH_DATA_DIR=str(tmp / "data"))
    with open(log, "wb") as err:
        process = subprocess.Popen([sys.executable, "-m", "graph.cli", "serve", "--port", str(port), "--quiet"],
                                   cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=err)
    deadline = time.monotonic() + 60
    while "dramagraph: serving" not in log.read_text(encoding="utf-8"):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise SystemExit("dramagraph serve did not start: " + log.read_text(encoding="utf-8")[-500:])
        time.sleep(0.05)
    return process, f"http://127.0.0.1:{port}"


def poll(page, expression, seconds=60):
    deadline = time.monotonic() + seconds
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise SystemExit(f"not within {seconds} s: {expression}")
        time.sleep(0.01)


def weight(base: str) -> None:
    sys.path.insert(0, str(ROOT))
    from graph.web.httpapp import YASGUI_VERSION
    from graph.web.page import STATIC, VIS_VERSION

    body = urllib.request.urlopen(base + "/", timeout=30).read()
    print(f"page weight: / is {len(body) / 1e6:.2f} MB ({len(gzip.compress(body)) / 1e6:.2f} MB gzip-compressed), "
          f"in one request")
    parts = [f"vendor/yasgui-{YASGUI_VERSION}/yasgui.min.js", f"vendor/yasgui-{YASGUI_VERSION}/yasgui.min.css",
             f"vendor/vis-network-{VIS_VERSION}/vis-network.min.js", f"vendor/vis-network-{VIS_VERSION}/vis-network.min.css",
             "explorer.js", "explorer.css"]
    for part in parts:
        data = (STATIC / part).read_bytes()
        print(f"  {part:42} {len(data):>9,} bytes ({len(gzip.compress(data)):>7,} gzip-compressed)")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        process, base = serve(Path(tmp))
        try:
            weight(base)
            outside, errors, timings, tables = [], [], [], []
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                for _ in range(args.runs):
                    context = browser.new_context(viewport={"width": 1200, "height": 800})  # a fresh cache
                    page = context.new_page()
                    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base + "/")
                               else (outside.append(r.request.url), r.abort()))
                    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
                    page.on("pageerror", lambda e: errors.append(str(e)))
                    page.goto(base + "/")
                    poll(page, "window.dramagraphExplorer && dramagraphExplorer.ready")
                    page.evaluate("() => new Promise(r => setTimeout(r, 50))")  # the load event's end is set
                    timings.append(page.evaluate(TIMINGS_JS))
                    page.evaluate("t => dramagraphExplorer.yasqe.setValue(t)", CROSS)
                    started = time.perf_counter()
                    page.click("#dg-run")
                    poll(page, "dramagraphExplorer.done && dramagraphExplorer.runs")
                    page.evaluate("() => new Promise(r => requestAnimationFrame(() => r()))")
                    tables.append(time.perf_counter() - started)
                    assert page.evaluate("[dramagraphExplorer.rows, dramagraphExplorer.truncated]") == [10000, 10000]
                    context.close()
                browser.close()
        finally:
            process.terminate()
            process.wait(timeout=15)
    print(f"in headless Chromium, median of {args.runs} fresh loads (ms since navigation began):")
    for key, name in (("fp", "first paint"), ("fcp", "first contentful paint"), ("dcl", "DOMContentLoaded"),
                      ("load", "load"), ("ready", "ready (examples loaded, editor usable)")):
        values = [t[key] for t in timings if t[key] is not None]
        print(f"  {name:40} {statistics.median(values):7.0f}   (min {min(values):.0f}, max {max(values):.0f})")
    print(f"10,000-row answer, Run to table drawn: {statistics.median(tables):.2f} s median "
          f"(min {min(tables):.2f}, max {max(tables):.2f}); before issue 15: 89 s")
    print(f"outside requests: {len(outside)}; console errors: {len(errors)}")


if __name__ == "__main__":
    main()
