"""A real OpenLink Virtuoso for the tests (and the benchmarks): Debian's ``virtuoso-opensource`` 7
started in the foreground with a generated ``virtuoso.ini`` in a throwaway folder, on free loopback
ports, and stopped at the end.

``start_virtuoso(folder)`` returns a :class:`Virtuoso` (its ``base`` URL, ``sparql`` endpoint,
``isql_port``, ``folder``, and ``isql()`` to run SQL as dba, e.g. a grant or the bulk loader).
The ``virtuoso`` pytest fixture (module scope) gives one to a test module; mark its tests
``@pytest.mark.virtuoso``. Without ``virtuoso-t`` the fixture fails, saying
``apt-get install virtuoso-opensource`` (CI installs it); a developer may set
``DRAMAGRAPH_SKIP_VIRTUOSO=1`` to skip those tests instead (or deselect them: ``-m "not virtuoso"``).

A fresh database has the user dba with password dba; it listens on 127.0.0.1 only.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

SKIP_ENV = "DRAMAGRAPH_SKIP_VIRTUOSO"
INSTALL = "apt-get install virtuoso-opensource"

INI = """\
[Database]
DatabaseFile       = {db}/virtuoso.db
ErrorLogFile       = {db}/virtuoso.log
LockFile           = {db}/virtuoso.lck
TransactionFile    = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = {db}/virtuoso-temp.db
TransactionFile    = {db}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort               = 127.0.0.1:{isql_port}
LiteMode                 = 0
DisableUnixSocket        = 1
DisableTcpSocket         = 0
MaxClientConnections     = 10
CheckpointInterval       = 60
O_DIRECT                 = 0
CaseMode                 = 2
MaxStaticCursorRows      = 5000
CheckpointAuditTrail     = 0
AllowOSCalls             = 0
SchedulerInterval        = 10
DirsAllowed              = ., {folder}, /usr/share/virtuoso-opensource-7/vad
ThreadCleanupInterval    = 0
ThreadThreshold          = 10
ResourcesCleanupInterval = 0
FreeTextBatchSize        = 100000
SingleCPU                = 0
PrefixResultNames        = 0
RdfFreeTextRulesSize     = 100
IndexTreeMaps            = 64
MaxMemPoolSize           = 200000000
MaxQueryMem              = {max_query_mem}
VectorSize               = 1000
MaxVectorSize            = 1000000
AdjustVectorSize         = 0
ThreadsPerQuery          = 2
AsyncQueueMaxThreads     = 10
NumberOfBuffers          = {buffers}
MaxDirtyBuffers          = {dirty}

[HTTPServer]
ServerPort                  = 127.0.0.1:{http_port}
ServerRoot                  = {folder}/www
MaxClientConnections        = 10
DavRoot                     = DAV
EnabledDavVSP               = 0
HTTPProxyEnabled            = 0
TempASPXDir                 = 0
ServerThreads               = 10
MaxKeepAlives               = 10
KeepAliveTimeout            = 10
HTTPThreadSize              = 280000
HttpPrintWarningsInOutput   = 0
Charset                     = UTF-8
EnabledGzipContent          = 0

[Client]
SQL_PREFETCH_ROWS  = 100
SQL_PREFETCH_BYTES = 16000
SQL_QUERY_TIMEOUT  = 0
SQL_TXN_TIMEOUT    = 0

[SPARQL]
ResultSetMaxRows           = {max_rows}
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime      = 0
DeferInferenceRulesInit    = 0
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def binary() -> str | None:
    """The ``virtuoso-t`` server binary, or None."""
    return shutil.which("virtuoso-t")


@dataclass
class Virtuoso:
    """A running Virtuoso: ``base`` (http://127.0.0.1:PORT), ``sparql`` (its /sparql endpoint),
    ``isql_port``, ``folder`` (its database, log and ini; also readable by its bulk loader)."""

    base: str
    http_port: int
    isql_port: int
    folder: Path
    process: subprocess.Popen = field(repr=False)

    @property
    def sparql(self) -> str:
        return f"{self.base}/sparql"

    @property
    def log(self) -> Path:
        return self.folder / "db" / "virtuoso.log"

    def isql(self, sql: str, timeout: float = 600) -> str:
        """Run SQL statements (separated by ``;``) as dba with ``isql-vt``; raise RuntimeError with
        Virtuoso's message when one fails. Returns isql's output."""
        client = shutil.which("isql-vt") or shutil.which("isql")
        if client is None:
            raise RuntimeError(f"isql-vt is missing: {INSTALL}")
        done = subprocess.run([client, f"127.0.0.1:{self.isql_port}", "dba", "dba", "VERBOSE=OFF",
                               "BANNER=OFF", "PROMPT=OFF", "ERRORS=STDOUT", f"EXEC={sql}"],
                              capture_output=True, text=True, timeout=timeout)
        output = done.stdout + done.stderr
        if done.returncode != 0 or "*** Error" in output:
            raise RuntimeError(f"isql failed ({done.returncode}) on {sql[:200]!r}: {output.strip()[:1000]}")
        return output

    def stop(self, timeout: float = 60) -> None:
        """Stop the server (SIGTERM makes it checkpoint and exit), killing it after ``timeout``."""
        if self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)

    def __enter__(self) -> "Virtuoso":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def start_virtuoso(folder: Path, *, buffers: int = 2000, max_rows: int = 1_000_000,
                   max_query_mem: str = "500M", timeout: float = 120) -> Virtuoso:
    """Start Virtuoso with a new database in ``folder`` and wait (up to ``timeout`` s) until its
    /sparql endpoint answers. ``buffers`` are 8 KB pages of memory (2000 = 16 MB, enough for the
    article's graph; ~100000 for a million triples); ``max_rows`` caps a SPARQL answer (Virtuoso's
    default is 10,000: more would cut answers silently). Raises RuntimeError when it cannot start."""
    executable = binary()
    if executable is None:
        raise RuntimeError(f"virtuoso-t is missing: {INSTALL}")
    folder = Path(folder).resolve()
    (folder / "db").mkdir(parents=True, exist_ok=True)
    (folder / "www").mkdir(exist_ok=True)
    isql_port, http_port = _free_port(), _free_port()
    while http_port == isql_port:
        http_port = _free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(INI.format(db=folder / "db", folder=folder, isql_port=isql_port, http_port=http_port,
                              buffers=buffers, dirty=buffers * 3 // 4, max_rows=max_rows,
                              max_query_mem=max_query_mem), encoding="utf-8")
    out = open(folder / "stdout.log", "wb")
    process = subprocess.Popen([executable, "+foreground", "+configfile", str(ini)], cwd=folder,
                               stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)
    out.close()
    server = Virtuoso(f"http://127.0.0.1:{http_port}", http_port, isql_port, folder, process)
    ready = f"{server.sparql}?query=ASK%7B%7D"
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(ready, timeout=5) as response:
                if response.status == 200:
                    return server
        except (OSError, urllib.error.URLError):
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            server.stop(timeout=10)
            said = (folder / "stdout.log").read_text(errors="replace")[-1500:]
            raise RuntimeError(f"Virtuoso did not start within {timeout:g} s (exit {process.poll()}): {said}")
        time.sleep(0.2)


def require_virtuoso() -> None:
    """Fail (or, with DRAMAGRAPH_SKIP_VIRTUOSO=1, skip) the test when Virtuoso is not installed."""
    if binary() is None:
        if os.environ.get(SKIP_ENV) == "1":
            pytest.skip(f"{SKIP_ENV}=1 and virtuoso-t is missing")
        pytest.fail(f"virtuoso-t is missing: {INSTALL} (or set {SKIP_ENV}=1 to skip these tests)")


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    """A Virtuoso with an empty database for this test module; stopped at its end."""
    if os.environ.get(SKIP_ENV) == "1":
        pytest.skip(f"{SKIP_ENV}=1: the Virtuoso tests are skipped")
    require_virtuoso()
    try:
        server = start_virtuoso(tmp_path_factory.mktemp("virtuoso"))
    except RuntimeError as e:
        pytest.fail(str(e))
    yield server
    server.stop()
