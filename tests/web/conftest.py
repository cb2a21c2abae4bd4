"""Fixtures and helpers of the page and server tests: where screenshots go, and a server's child
processes and processor time (to see that workers stop and idle servers sleep)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import poll, watched_page


@pytest.fixture(scope="session")
def artifacts(tmp_path_factory) -> Path:
    """Where tests leave screenshots for people to look at: $DRAMAGRAPH_TEST_ARTIFACTS when set, else a
    temporary folder (tests never write into the source tree)."""
    chosen = os.environ.get("DRAMAGRAPH_TEST_ARTIFACTS")
    if chosen:
        Path(chosen).mkdir(parents=True, exist_ok=True)
        return Path(chosen)
    return tmp_path_factory.mktemp("artifacts")


def children(pid: int) -> set[int]:
    """The live (not zombie) child processes of ``pid``."""
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as f:
                    state, parent = f.read().rsplit(b")", 1)[1].split()[:2]
                if int(parent) == pid and state != b"Z":
                    found.add(int(entry))
            except (OSError, ValueError, IndexError):
                continue
    return found


def cpu_ticks(pid: int) -> int:
    """The processor time a process has used so far, in clock ticks (0 if it is gone)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime, stime
    except (OSError, ValueError, IndexError):
        return 0


def open_explore(browser, base, width=1200, height=800, path="/explore"):
    """The page of ``serve``'s /explore in Chromium, ready: (page, seen) as :func:`tests.conftest.watched_page`."""
    page, seen = watched_page(browser, base, width, height)
    page.goto(base + path)
    poll(lambda: page.evaluate("window.dramagraphExplore && window.dramagraphExplore.ready"), 30, "the page ready")
    return page, seen


def idle(page):
    poll(lambda: page.evaluate("window.dramagraphExplore.pending === 0"), 30, "the page's requests answered")


# ------------------------------------------------------------------ the viz page (test_page_view.py)
def viz_open(browser, path, width=1200, height=800, touch=False):
    """A page made by `dramagraph viz` in a Chromium context of its own (``touch``: a phone's touch screen),
    ready: (page, seen, context) as :func:`tests.conftest.open_page`; close the context when done."""
    from tests.conftest import open_page  # noqa: F401  (the same readiness test)

    context = browser.new_context(viewport={"width": width, "height": height}, has_touch=touch, is_mobile=touch)
    url = path.resolve().as_uri()
    page, seen = watched_page(context, url, width, height, asked=False)
    page.goto(url)
    page.wait_for_function("window.dramagraph && window.dramagraph.ready", timeout=60000)
    return page, seen, context


def viz_settle(page):
    """Two animation frames: what the last action asked for is drawn (sigma draws at the next frame)."""
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
