"""The pool of warm query workers of ``dramagraph serve``, its queue and its watchdog.

Where it sits: ``httpapp`` (each request's query becomes a :class:`graph.web.workerlink.Job`) →
**workers** → ``workerlink`` (one worker's socket) → ``workerproc`` (the forked process) → ``answers``.

Workers are forked once at start, each with its own read-only handle on the store. :meth:`Pool.submit`
gives a job to an idle worker, or queues it behind a worker's young job (so that a worker never waits
for the HTTP process between two), or queues it here up to ``max_queue`` (:class:`Busy` past that). The
watchdog, every 50 ms, takes back a job queued behind one that runs long, kills a worker past its job's
deadline or over its memory allowance (Oxigraph's evaluation cannot be interrupted otherwise), fails
queued jobs past their deadline, and reaps the killed. A worker that goes is replaced.
"""

from __future__ import annotations

import asyncio
import collections
import os
import signal
import socket
import sys
import time

from ..errors import DramagraphError, InternalError
from .serveconfig import Settings
from .workerlink import Busy, Job, Loop, WorkerLink
from .workerproc import worker_main

__all__ = ["Pool", "PIPELINE_WINDOW", "TAKE_BACK_AFTER"]


def _rss(pid: int) -> int:
    """Resident memory of a process in bytes (0 if it is gone)."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            return int(f.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return 0


try:
    _PAGE = os.sysconf("SC_PAGE_SIZE")
except (ValueError, OSError, AttributeError):  # pragma: no cover
    _PAGE = 4096
try:
    _MAX_FD = int(os.sysconf("SC_OPEN_MAX"))
except (ValueError, OSError):  # pragma: no cover
    _MAX_FD = 65536


PIPELINE_WINDOW = 0.01  # a job is queued in a worker behind one that started less than this ago...
TAKE_BACK_AFTER = 0.05  # ...and taken back for another worker when that one runs longer than this


class Pool:
    """Warm worker processes, a bounded queue of jobs waiting for one, and a watchdog that kills a
    worker past its job's deadline or over its memory allowance."""

    def __init__(self, kg, settings: Settings):
        self.kg, self.settings = kg, settings
        self.size = settings.pool_size()
        self.workers: set[WorkerLink] = set()
        self.idle: list[WorkerLink] = []
        self.queue = collections.deque()
        self.dead: list[int] = []
        self.memory = settings.max_query_memory * 1024 * 1024
        self.closing = False
        self.watchdog = None
        # a test hook: queue behind any running job, so that taking jobs back is exercised
        self.window = float(os.environ.get("DRAMAGRAPH_TEST_PIPELINE_WINDOW") or PIPELINE_WINDOW)

    async def start(self) -> None:
        Loop.loop = asyncio.get_running_loop()
        for _ in range(self.size):
            self.feed(await self._spawn())
        self.watchdog = asyncio.get_running_loop().create_task(self._watch())

    async def _spawn(self) -> WorkerLink:
        parent, child = socket.socketpair()
        me = os.getpid()
        pid = os.fork()
        if pid == 0:  # the worker: keep only its socket and the standard streams
            try:
                fd = child.fileno()
                os.closerange(3, fd)
                os.closerange(fd + 1, _MAX_FD)
                worker_main(self.kg, child, me)
            finally:
                os._exit(0)
        child.close()
        worker = None
        try:
            _, worker = await asyncio.get_running_loop().connect_accepted_socket(lambda: WorkerLink(pid, self), parent)
            await asyncio.wait_for(worker.ready, 120)
            if worker.closed:
                raise EOFError
        except (OSError, EOFError, asyncio.TimeoutError):
            self._kill(pid)
            if worker is not None:
                worker.transport.close()
            raise InternalError("a query worker could not start") from None
        worker.baseline = _rss(pid)
        worker.member = True
        self.workers.add(worker)
        return worker

    def submit(self, job: Job) -> None:
        """Give ``job`` to an idle worker, or queue it behind a worker's young job, or queue it here;
        :class:`Busy` if the queue is full."""
        if self.idle:
            self.idle.pop().start(job)
            return
        waiting = len(self.queue) + sum(len(w.jobs) - 1 for w in self.workers if w.jobs)
        if waiting >= self.settings.max_queue:
            raise Busy
        if not self.queue:
            now = time.monotonic()
            for worker in self.workers:
                if len(worker.jobs) == 1 and now - worker.since < self.window:
                    worker.start(job)
                    return
        self.queue.append(job)

    def feed(self, worker: WorkerLink) -> None:
        """Give ``worker`` waiting jobs (up to two, the second only behind a young one), or let it rest."""
        queue = self.queue
        while queue and len(worker.jobs) < 2:
            if worker.jobs and time.monotonic() - worker.since > self.window:
                break
            job = queue.popleft()
            if job.failed is None:
                worker.start(job)
        if not worker.jobs and worker in self.workers and worker not in self.idle:
            self.idle.append(worker)

    def abandon(self, job: Job) -> None:
        """The request gave up on ``job`` (its client is gone or too slow): stop its work."""
        job.fail("abandoned")
        worker = job.worker
        if worker is None or job.done or worker not in self.workers:
            return
        if worker.jobs and worker.jobs[0] is job:
            self._retire(worker)
        elif job in worker.jobs:
            worker.take_back(worker.jobs.index(job))

    def _retire(self, worker: WorkerLink) -> None:
        self.workers.discard(worker)
        if worker in self.idle:
            self.idle.remove(worker)
        self._kill(worker.pid)
        worker.transport.close()

    def lost(self, worker: WorkerLink) -> None:
        """A worker's socket closed (killed, or it died): fail its running job, put back the jobs it
        had not started, start another worker."""
        self.workers.discard(worker)
        if worker in self.idle:
            self.idle.remove(worker)
        if worker.pid not in self.dead:
            self._kill(worker.pid)
        jobs = list(worker.jobs)
        worker.jobs.clear()
        if jobs:
            jobs[0].fail(worker.killed or "died")
            for job in reversed(jobs[1:]):  # never started: they go first to another worker
                if job.failed is None:
                    job.worker = None
                    self.queue.appendleft(job)
            while self.idle and self.queue:
                self.feed(self.idle.pop())
        if worker.member and not self.closing:
            worker.member = False
            asyncio.get_running_loop().create_task(self._replace())

    async def _replace(self) -> None:
        while not self.closing:
            try:
                worker = await self._spawn()
            except (DramagraphError, OSError) as e:
                sys.stderr.write(f"dramagraph: error: {e}; trying again in 1 s\n")
                await asyncio.sleep(1)
                continue
            self.feed(worker)
            return

    def _kill(self, pid: int) -> None:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        if pid not in self.dead:
            self.dead.append(pid)

    def _reap(self) -> None:
        alive = []
        for pid in self.dead:
            try:
                done, _ = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                continue
            if not done:
                alive.append(pid)
        self.dead = alive

    async def _watch(self) -> None:
        tick = 0
        while not self.closing:
            await asyncio.sleep(0.05)
            now = time.monotonic()
            tick += 1
            taken = []
            for worker in list(self.workers):
                if len(worker.jobs) > 1 and now - worker.since > TAKE_BACK_AFTER:
                    taken += [job for job in (worker.take_back(i) for i in range(1, len(worker.jobs))) if job]
                if worker.jobs:
                    deadline = worker.jobs[0].deadline
                    if deadline is not None and now > deadline:
                        worker.killed = "timeout"
                    elif _rss(worker.pid) - worker.baseline > self.memory:
                        worker.killed = "memory"
                    if worker.killed:
                        self._retire(worker)
                elif tick % 20 == 0 and worker in self.idle and _rss(worker.pid) - worker.baseline > self.memory // 2:
                    # an idle worker that kept memory from earlier queries: start afresh
                    worker.killed = "recycled"
                    self._retire(worker)
            for job in reversed(taken):  # behind a long job: first in line for another worker
                self.queue.appendleft(job)
            while taken and self.idle and self.queue:
                self.feed(self.idle.pop())
            if self.queue:
                kept = [job for job in self.queue if job.failed is None]
                for job in kept:
                    if job.deadline is not None and now > job.deadline:
                        job.fail("timeout")
                self.queue = type(self.queue)(job for job in kept if job.failed is None)
            self._reap()

    async def close(self) -> None:
        self.closing = True
        if self.watchdog:
            self.watchdog.cancel()
        for worker in list(self.workers):
            self._retire(worker)
        for job in self.queue:
            job.fail("died")
        deadline = time.monotonic() + 5
        while self.dead and time.monotonic() < deadline:
            self._reap()
            await asyncio.sleep(0.01)
