"""Durability under faults, with real processes: `kill -9` at every rename of a load (strace fault
injection) and at an add's rename, concurrent adds, readers during replacing loads, a full disk (a small
tmpfs, as root) and a read-only folder."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys

import pytest

from tests.conftest import ROOT, run_cli_process

STRACE = shutil.which("strace")
needs_strace = pytest.mark.skipif(STRACE is None, reason="strace is not installed (apt-get install -y strace)")

TITLE = """@prefix schema: <https://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<title/{slug}> a schema:TVSeries ; schema:name "{name}" ; schema:startDate "{year}"^^xsd:gYear .
"""


def cli_argv(*argv):
    return [sys.executable, "-m", "graph.cli", *argv]


def stats(store):
    result = run_cli_process("stats", "--store", str(store), "--format", "json")
    return result.returncode, json.loads(result.stdout) if result.returncode == 0 else None, result.stderr


def listing(folder):
    return sorted(p.name for p in folder.iterdir())


@pytest.fixture(scope="module")
def datasets(tmp_path_factory):
    """Two small synthetic files: 6 and 9 titles."""
    from graph.sources.synth import generate

    folder = tmp_path_factory.mktemp("datasets")
    generate(folder / "a.nt", 6, seed=1)
    generate(folder / "b.nt", 9, seed=2)
    return {6: folder / "a.nt", 9: folder / "b.nt"}


# ------------------------------------------------------------------ kill -9 during load and add
def traced(argv, inject, log):
    return subprocess.run([STRACE, "-f", "-qq", "-o", str(log), "-e", "trace=rename,renameat,renameat2",
                           "-e", f"inject={inject}:signal=SIGKILL", *argv],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)


def assert_whole_store_after_the_next_command(store, expected_titles):
    code, counts, err = stats(store)
    assert code == 0, err
    assert counts["titles"] == expected_titles
    assert all(line.startswith("dramagraph: removed ") for line in err.splitlines()), err
    version = (store / "current-version").read_text(encoding="utf-8").strip()
    assert listing(store) == ["current-version", "dramagraph-store.json", version]  # no debris
    assert stats(store)[2] == ""  # nothing more to say


@needs_strace
def test_a_load_killed_at_any_rename_leaves_the_old_or_the_new_store(tmp_path, datasets):
    store = tmp_path / "store"
    assert run_cli_process("load", str(datasets[6]), "--store", str(store)).returncode == 0
    # how many renames a replacing load makes (RocksDB's own, then ours: the version's info, the
    # version into place, the commit of current-version, the old version out of the way)
    log = tmp_path / "count.log"
    subprocess.run([STRACE, "-f", "-qq", "-o", str(log), "-e", "trace=rename,renameat,renameat2",
                    *cli_argv("load", str(datasets[9]), "--store", str(store))], check=True, cwd=ROOT,
                   capture_output=True)
    renames = [line for line in log.read_text().splitlines() if "rename" in line]
    assert any("current-version" in line for line in renames)
    now, seen_commit = 9, set()
    for n in range(1, len(renames) + 1):
        other = 6 if now == 9 else 9
        result = traced(cli_argv("load", str(datasets[other]), "--store", str(store)),
                        f"rename:when={n}", tmp_path / f"kill-{n}.log")
        assert result.returncode == -9, (n, result.stderr)
        committed = any('current-version") = 0' in line for line in (tmp_path / f"kill-{n}.log").read_text().splitlines())
        now = other if committed else now
        seen_commit.add(committed)
        assert_whole_store_after_the_next_command(store, now)
    assert seen_commit == {False, True}  # the kills hit before the commit and after it


@needs_strace
@pytest.mark.parametrize("when", ["3+", "12+"])
def test_a_load_killed_while_it_writes_leaves_the_old_store(tmp_path, datasets, when):
    store = tmp_path / "store"
    assert run_cli_process("load", str(datasets[6]), "--store", str(store)).returncode == 0
    result = subprocess.run([STRACE, "-f", "-qq", "-o", os.devnull, "-e", "trace=fdatasync,fsync", "-e",
                             f"inject=fdatasync,fsync:signal=SIGKILL:when={when}",
                             *cli_argv("load", str(datasets[9]), "--store", str(store))],
                            capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == -9
    assert [n for n in listing(store) if n.startswith(".loading-")]  # what the kill left...
    assert_whole_store_after_the_next_command(store, 6)  # ...is gone after the next command


@needs_strace
def test_an_add_killed_at_its_rename_leaves_nothing_after_the_next_command(tmp_path, data_dir):
    title = tmp_path / "killed.ttl"
    title.write_text(TITLE.format(slug="killed", name="Killed", year=2001), encoding="utf-8")
    result = traced(cli_argv("add", str(title)), "rename:when=1", tmp_path / "add.log")
    assert result.returncode == -9
    (tmp, ) = list(data_dir.iterdir())
    assert tmp.name.startswith(".killed.trig.") and tmp.name.endswith(".tmp")
    result = run_cli_process("stats", "--format", "json")
    assert (result.returncode, result.stderr) == (0, f"dramagraph: removed {tmp}, left by an interrupted add\n")
    assert json.loads(result.stdout)["titles"] == 9  # the add did not happen
    assert listing(data_dir) == []
    assert run_cli_process("add", str(title)).stderr == f"added {title} as {data_dir / 'killed.trig'}\n"


# ------------------------------------------------------------------ concurrent writers
def start(*argv):
    return subprocess.Popen(cli_argv(*argv), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)


def finish(process):
    out, err = process.communicate(timeout=120)
    return process.returncode, out, err


def test_two_adds_of_the_same_name_at_once_one_wins(tmp_path, data_dir):
    files = []
    for name in ("first", "second"):
        (tmp_path / name).mkdir()
        path = tmp_path / name / "same.ttl"
        path.write_text(TITLE.format(slug=f"same-{name}", name=f"Same {name}", year=2001), encoding="utf-8")
        files.append(path)
    results = [finish(p) for p in [start("add", str(f)) for f in files]]
    target = data_dir / "same.trig"
    refused = (f"dramagraph: error: {target} exists: data named 'same' was added before; use --replace to "
               f"replace it\n")
    waiting = f"dramagraph: waiting for another add into {data_dir} to finish\n"
    assert sorted(code for code, _, _ in results) == [0, 2]
    (winner, ), (loser, ) = [[i for i, r in enumerate(results) if r[0] == code] for code in (0, 2)]
    assert results[winner][2] in (f"added {files[winner]} as {target}\n", waiting + f"added {files[winner]} as {target}\n")
    assert results[loser][2] in (refused, waiting + refused)
    assert f"Same {('first', 'second')[winner]}" in target.read_text(encoding="utf-8")
    assert listing(data_dir) == ["same.trig"]


def test_two_conflicting_adds_at_once_one_is_refused(tmp_path, data_dir):
    files = []
    for year in (2001, 2002):
        path = tmp_path / f"conflict-{year}.ttl"
        path.write_text(TITLE.format(slug="conflict", name="Conflict", year=year), encoding="utf-8")
        files.append(path)
    results = [finish(p) for p in [start("add", str(f)) for f in files]]
    assert sorted(code for code, _, _ in results) == [0, 1]
    (loser, ) = [r for r in results if r[0] == 1]
    assert loser[1] == ("Violation: <https://w3id.org/dramagraph/title/conflict> <https://schema.org/startDate>: "
                        "schema:startDate must be one xsd:gYear, e.g. \"2005\"^^xsd:gYear.\n")
    assert run_cli_process("validate").returncode == 0
    assert len(listing(data_dir)) == 1


def test_an_add_waits_for_another_then_gives_up(tmp_path, data_dir):
    title = tmp_path / "patient.ttl"
    title.write_text(TITLE.format(slug="patient", name="Patient", year=2003), encoding="utf-8")
    fd = os.open(data_dir, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # what a running add holds
        result = run_cli_process("add", str(title), "--wait", "1")
    finally:
        os.close(fd)
    assert (result.returncode, result.stderr) == (2, (
        f"dramagraph: waiting for another add into {data_dir} to finish\n"
        f"dramagraph: error: another add into {data_dir} is running (waited 1 s); nothing was changed: try "
        f"again later, or wait longer with --wait SECONDS\n"))
    assert listing(data_dir) == []
    result = run_cli_process("add", str(title), "--wait", "0")
    assert (result.returncode, result.stderr) == (0, f"added {title} as {data_dir / 'patient.trig'}\n")


def test_a_load_waits_for_another_load_into_the_same_store(tmp_path, datasets):
    store = tmp_path / "store"
    assert run_cli_process("load", str(datasets[6]), "--store", str(store)).returncode == 0
    fd = os.open(store, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        result = run_cli_process("load", str(datasets[9]), "--store", str(store), "--wait", "0.5")
    finally:
        os.close(fd)
    assert (result.returncode, result.stderr) == (2, (
        f"dramagraph: waiting for another load into {store} to finish\n"
        f"dramagraph: error: another load into {store} is running (waited 0.5 s); nothing was changed: try "
        f"again later, or wait longer with --wait SECONDS\n"))
    assert stats(store)[1]["titles"] == 6


READER = r"""
import sys, time
from graph.store.opening import open_graph
store, stop, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
deadline = time.monotonic() + seconds
import os
while time.monotonic() < deadline and not os.path.exists(stop):
    try:
        kg = open_graph(store=store)
        n = next(iter(kg.store.query("SELECT (COUNT(*) AS ?n) { ?t a ?c VALUES ?c { "
                                     "<https://schema.org/Movie> <https://schema.org/TVSeries> } }")))["n"].value
        full = sum(1 for _ in kg.store.quads_for_pattern(None, None, None, None))
        print(n, flush=True)
        del kg
    except BaseException as e:
        print("ERROR", type(e).__name__, " ".join(str(e).split())[:200], flush=True)
"""


def test_readers_during_replacing_loads_see_the_old_or_the_new_store(tmp_path, datasets):
    store = tmp_path / "store"
    assert run_cli_process("load", str(datasets[6]), "--store", str(store)).returncode == 0
    stop = tmp_path / "stop"
    readers = [subprocess.Popen([sys.executable, "-c", READER, str(store), str(stop), "60"], cwd=ROOT,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    try:
        for i in range(8):
            result = run_cli_process("load", str(datasets[(9, 6)[i % 2]]), "--store", str(store))
            assert result.returncode == 0, result.stderr
    finally:
        stop.touch()
        outputs = [r.communicate(timeout=60) for r in readers]
    seen = [line for out, _ in outputs for line in out.splitlines()]
    assert [line for line in seen if not line.isdigit()] == []  # no error, ever
    assert set(seen) == {"6", "9"} and len(seen) > 20  # reads went on across the swaps
    assert all(err == "" or all(line.startswith("dramagraph: removed ") for line in err.splitlines())
               for _, err in outputs)
    assert_whole_store_after_the_next_command(store, 6)


# ------------------------------------------------------------------ a full disk, a read-only folder
@pytest.fixture
def small_disk(tmp_path):
    """A 1 MB tmpfs (only root may mount one)."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs to fill needs root")
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(disk)], capture_output=True,
                             text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    yield disk
    subprocess.run(["umount", "-l", str(disk)], check=False)


def fill(disk):
    filler = disk / "filler"
    with open(filler, "wb") as f:
        try:
            while True:
                f.write(b"\0" * 65536)
                f.flush()
        except OSError:
            pass
    return filler


def writing_commands(here, disk, datasets, title):
    """Every command that writes, aimed at ``disk``: (name, argv, what it writes)."""
    return [
        ("synth", ["synth", "--titles", "3000", "--out", str(disk / "s.nt")], disk / "s.nt"),
        ("build", ["build", "--no-user-data", "--out", str(disk / "all.ttl")], disk / "all.ttl"),
        ("viz", ["viz", "--no-user-data", "--view", "cast", "--out", str(disk / "p.html")], disk / "p.html"),
        ("export", ["export", "--no-user-data", "--view", "cast", "--format", "graphml", "--out",
                    str(disk / "e.graphml")], disk / "e.graphml"),
        ("add", ["add", str(title), "--data-dir", str(disk / "data")], disk / "data"),
        ("load", ["load", str(datasets[9]), "--store", str(disk / "store")], disk / "store"),
    ]


def test_a_full_disk_gives_one_line_exit_2_and_leaves_nothing(tmp_path, small_disk, datasets):
    title = tmp_path / "full.ttl"
    title.write_text(TITLE.format(slug="full", name="Full", year=2004), encoding="utf-8")
    (small_disk / "data").mkdir()
    # a store that fits, then a disk with no room left
    assert run_cli_process("load", str(datasets[6]), "--store", str(small_disk / "old")).returncode == 0
    filler = fill(small_disk)
    before = listing(small_disk)
    for name, argv, path in writing_commands(tmp_path, small_disk, datasets, title):
        if name == "load":
            argv = ["load", str(datasets[9]), "--store", str(small_disk / "old")]
        result = run_cli_process(*argv)
        assert (name, result.returncode, result.stdout) == (name, 2, ""), result.stderr
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr, result.stderr
        assert "No space left on device" in result.stderr, result.stderr
        assert listing(small_disk) == before, name
    assert listing(small_disk / "data") == []
    version = (small_disk / "old" / "current-version").read_text(encoding="utf-8").strip()
    assert listing(small_disk / "old") == ["current-version", "dramagraph-store.json", version]
    filler.unlink()
    assert stats(small_disk / "old")[1]["titles"] == 6


def test_a_new_store_on_a_full_disk_leaves_nothing(tmp_path, small_disk, datasets):
    from graph.sources.synth import generate

    big = tmp_path / "big.nt"
    generate(big, 2000, seed=3)  # about 4 MB of data for a 1 MB disk
    result = run_cli_process("load", str(big), "--store", str(small_disk / "store"))
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.startswith(f"dramagraph: error: {small_disk / 'store'}: cannot write the store: ")
    assert result.stderr.count("\n") == 1 and "No space left on device" in result.stderr
    assert listing(small_disk) == []
    result = run_cli_process("synth", "--titles", "3000", "--out", str(small_disk / "s.nt"))
    assert (result.returncode, result.stderr) == (
        2, f"dramagraph: error: {small_disk / 's.nt'}: cannot write: No space left on device\n")
    assert listing(small_disk) == []


@pytest.fixture
def read_only_folder(tmp_path, datasets):
    """A folder holding a store and a data folder, that cannot be written: a tmpfs remounted read-only
    as root (root ignores permissions), else a folder of mode 0555."""
    folder = tmp_path / "ro"
    folder.mkdir()
    mounted = False
    if os.geteuid() == 0:
        result = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(folder)], capture_output=True,
                                text=True)
        if result.returncode != 0:
            pytest.skip(f"root cannot be kept from writing without a read-only mount: {result.stderr.strip()}")
        mounted = True
    assert run_cli_process("load", str(datasets[6]), "--store", str(folder / "store")).returncode == 0
    (folder / "data").mkdir()
    if mounted:
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        reason = "Read-only file system"
    else:
        for path in (folder / "data", folder):
            os.chmod(path, 0o555)
        reason = "Permission denied"
    yield folder, reason
    if mounted:
        subprocess.run(["umount", "-l", str(folder)], check=False)
    else:
        for path in (folder, folder / "data"):
            os.chmod(path, 0o755)


def test_a_read_only_folder_gives_one_line_exit_2(tmp_path, read_only_folder, datasets):
    folder, reason = read_only_folder
    title = tmp_path / "ro.ttl"
    title.write_text(TITLE.format(slug="ro", name="Read Only", year=2005), encoding="utf-8")
    before = listing(folder)
    store_before = listing(folder / "store")
    for name, argv, path in writing_commands(tmp_path, folder, datasets, title):
        result = run_cli_process(*argv)
        assert (name, result.returncode, result.stdout) == (name, 2, ""), result.stderr
        assert result.stderr.count("\n") == 1 and reason in result.stderr, (name, result.stderr)
    new_store = run_cli_process("load", str(datasets[9]), "--store", str(folder / "new-store"))
    assert (new_store.returncode, new_store.stderr) == (
        2, f"dramagraph: error: {folder / 'new-store'}: cannot write: {reason}\n")
    assert (listing(folder), listing(folder / "store"), listing(folder / "data")) == (before, store_before, [])
    code, counts, err = stats(folder / "store")  # a store on a read-only disk is still read
    assert (code, counts["titles"], err) == (0, 6, "")
