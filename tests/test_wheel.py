"""The wheel carries ontology/, queries/ and data/: installed in a fresh venv in a temp dir, far from
the repository, `dramagraph stats` works.

The fresh venv gets the wheel with --no-deps --no-index; its dependencies (rdflib, pyoxigraph, ...) are
borrowed from this environment through a .pth file, so the test needs no network.
"""

from __future__ import annotations

import json
import os
import site
import subprocess
import sys
import sysconfig
import zipfile

from tests.conftest import ROOT
from tests.conftest import STATS


def test_wheel_installs_in_a_fresh_venv_and_runs_outside_the_repo(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), str(ROOT)],
                   check=True, capture_output=True, timeout=300)
    wheel = next(dist.glob("dramagraph-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("graph/_res/ontology/shapes.ttl", "graph/_res/ontology/concepts.ttl",
                   "graph/_res/queries/stats.rq", "graph/_res/data/article.trig", "graph/_res/data/corrections.trig", "graph/_res/data/names-ja.trig", "graph/_res/data/confirmations.trig",
                   "graph/_res/queries/disputed.rq", "graph/cli/__init__.py",
                   "graph/_res/queries/wikidata/cast.rq", "graph/_res/data/examples/wikidata-koizora.ttl"):
        assert needed in names

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps",
                    "--no-index", str(wheel)], check=True, capture_output=True, timeout=300)
    venv_site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip()
    borrowed = [p for p in {*site.getsitepackages(), sysconfig.get_paths()["purelib"]} if os.path.isdir(p)]
    with open(os.path.join(venv_site, "_borrowed_deps.pth"), "w", encoding="utf-8") as f:
        f.write("\n".join(borrowed) + "\n")

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["DRAMAGRAPH_DATA_DIR"] = str(tmp_path / "data-dir")
    result = subprocess.run([str(venv / "bin" / "dramagraph"), "stats", "--format", "json"], cwd=elsewhere,
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == STATS
    where = subprocess.run([str(python), "-c", "import graph.rdf.resources as r; print(r.resource_dir('queries'))"],
                           cwd=elsewhere, env=env, capture_output=True, text=True, timeout=60).stdout.strip()
    assert where == os.path.join(venv_site, "graph", "_res", "queries")
    # the Wikidata mapping travels with the wheel: an import from the installed copy maps the example
    example = os.path.join(venv_site, "graph", "_res", "data", "examples", "wikidata-koizora.ttl")
    result = subprocess.run([str(venv / "bin" / "dramagraph"), "import", "wikidata", example, "--store",
                             str(elsewhere / "store"), "--format", "json"], cwd=elsewhere, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["counts"]["titles"] == 1
