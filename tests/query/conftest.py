"""Helpers of the remote-endpoint tests: starting a real SPARQL server and comparing its answers to the
embedded graph's."""

from __future__ import annotations

import subprocess
import time
import urllib.request

import pytest

from tests.conftest import ROOT


def start_server(argv, ready_url, env=None, timeout=30):
    """Start a server process and wait until ``ready_url`` answers; fail the test if it never does."""
    process = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(ready_url, timeout=2).read()
            return process
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"{argv[0]} did not start: {process.stderr.read().decode()[:500]}")
            time.sleep(0.1)


def assert_exploring_answers_the_same(cli, endpoint: str) -> None:
    """links, path, similar, centrality and co-actors on the command line give the same JSON with
    ``--endpoint`` (a server the article was pushed to) as on the embedded graph."""
    import json

    for argv in (["links", "--format", "json"], ["path", "Yui Aragaki", "Mikako Tabe", "--format", "json"],
                 ["similar", "Koizora", "--format", "json"], ["centrality", "--top", "5", "--format", "json"],
                 ["co-actors", "--top", "5", "--format", "json"]):
        here = cli(*argv, "--no-user-data")
        there = cli(*argv, "--no-user-data", "--endpoint", endpoint)
        assert here[0] == there[0] == 0, argv
        assert json.loads(there[1]) == json.loads(here[1]), argv
