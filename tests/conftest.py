"""Shared fixtures. The autouse fixture of the root conftest.py gives every test its own empty data
directory, so no test reads or writes the user's real added data."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "data" / "article.txt"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

# `dramagraph stats` of the article's graph
STATS = {"titles": 9, "films": 3, "tvSeries": 6, "relatedWorks": 8, "actors": 19, "performances": 20,
         "illnesses": 13, "characters": 21, "triples": 1887, "namedGraphs": 163, "inferred": False}


@pytest.fixture
def data_dir(_isolated_data_dir):
    return _isolated_data_dir


@pytest.fixture(scope="session")
def kg():
    """The article's graph without user data (loaded once; do not modify it)."""
    from graph.store.opening import open_graph

    return open_graph(data_dir=False)


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium, driven by Playwright (no browser download)."""
    playwright = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: apt-get install chromium")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def cli(capsys):
    """Run the CLI in process: returns (exit code, stdout, stderr)."""
    from graph.cli import main

    def run(*argv):
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return run


def run_cli_process(*argv, env=None, timeout=120, cwd=None):
    """Run ``python -m graph.cli`` in a child process (for what in-process runs cannot show)."""
    full_env = dict(os.environ, **(env or {}))
    return subprocess.run([sys.executable, "-m", "graph.cli", *argv], capture_output=True, text=True,
                          encoding="utf-8", env=full_env, timeout=timeout, cwd=cwd or ROOT)


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ------------------------------------------------------------------ `dramagraph serve` in tests
class Served(str):
    """The base URL of a running `dramagraph serve`, with its ``process``, ``port`` and ``log`` (the file
    its standard error goes to)."""

    process: subprocess.Popen
    port: int
    log: Path

    def log_lines(self) -> list[str]:
        return self.log.read_text(encoding="utf-8").splitlines()


@contextlib.contextmanager
def serve_process(tmp: Path, *args: str, host: str = "127.0.0.1", timeout: float = 60):
    """Run `dramagraph serve ARGS` on a free port of ``host`` (its standard error to a file, so that a
    server logging every request never blocks on a full pipe) until it says it serves; stop it after."""
    if ":" in host:  # IPv6
        with socket.socket(socket.AF_INET6) as s:
            s.bind((host, 0))
            port = s.getsockname()[1]
    else:
        port = free_port()
    log = tmp / f"serve-{port}.log"
    env = dict(os.environ, DRAMAGRAPH_DATA_DIR=str(tmp / "data"))
    with open(log, "wb") as stderr:
        process = subprocess.Popen([sys.executable, "-m", "graph.cli", "serve", "--host", host, "--port", str(port),
                                    *args], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=stderr)
    served = Served(f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}")
    served.process, served.port, served.log = process, port, log
    try:
        deadline = time.monotonic() + timeout
        while "dramagraph: serving" not in log.read_text(encoding="utf-8"):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"dramagraph serve did not start: {log.read_text(encoding='utf-8')[-800:]}")
            time.sleep(0.05)
        yield served
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def fetch(url, data=None, headers=None, method=None):
    """(status, headers, body as text) of one HTTP request; an HTTP error status is an answer too."""
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as r:
            return r.status, r.headers, r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read().decode("utf-8")


def poll(condition, seconds: float, what: str):
    """The first true value of ``condition()``, asked every 50 ms; the test fails after ``seconds``."""
    deadline = time.monotonic() + seconds
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"not within {seconds:g} s: {what}")
        time.sleep(0.05)


def watched_page(opener, allowed: str, width=1200, height=800, asked=True):
    """A new Chromium page (``opener``: a browser or a context) that lets through only the requests whose
    URL is ``allowed`` or starts with ``allowed + "/"`` (a file, or a server's base); every other request
    is blocked and recorded. Returns (page, seen): ``seen`` lists the ``outside`` requests, console and
    page ``errors``, ``dialogs`` (dismissed), and (unless ``asked`` is false) the paths ``asked`` of the
    allowed base."""
    # a context has its viewport already; a browser's page is given one
    page = opener.new_page(viewport={"width": width, "height": height}) if hasattr(opener, "new_context") \
        else opener.new_page()
    seen = {"outside": [], "errors": [], "dialogs": []} | ({"asked": []} if asked else {})

    def route(r):
        url = r.request.url
        if url == allowed or url.startswith(allowed + "/"):
            if asked:
                seen["asked"].append(url[len(allowed):])
            r.continue_()
        else:
            seen["outside"].append(url)
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: seen["errors"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))
    return page, seen


def open_page(browser, path, width=1200, height=800):
    """A page made by `dramagraph viz` in Chromium, every outside request blocked and recorded: returns
    (page, seen) where ``seen`` lists outside requests, console errors and dialogs."""
    url = path.resolve().as_uri()
    page, seen = watched_page(browser, url, width, height, asked=False)
    page.goto(url)
    page.wait_for_function("window.dramagraph && window.dramagraph.ready", timeout=60000)
    return page, seen


def pytest_collection_modifyitems(items):
    """Tests that use the ``browser`` fixture (Chromium through Playwright) get the ``browser`` marker, so that
    ``-m "not browser"`` deselects them."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
