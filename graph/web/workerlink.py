"""The HTTP process's end of one query worker, and the jobs it carries.

Where it sits: ``httpapp`` (a request becomes a :class:`Job`) → ``workers`` (the pool picks a worker)
→ **workerlink** (:class:`WorkerLink` sends the job over the worker's socket and hands the frames of
the answer back to the job as they arrive) → ``workerproc`` (the worker process). The frames are those
of :mod:`graph.web.workerproc`. Reading from a worker pauses while a few chunks wait for a slow client, so a
big answer never piles up in the HTTP process (back-pressure).
"""

from __future__ import annotations

import asyncio
import collections
import pickle
import time

from .workerproc import frame

__all__ = ["Busy", "Failed", "Loop", "Job", "WorkerLink", "Returned"]


class Busy(Exception):
    """The queue of jobs waiting for a worker is full."""


class Failed(Exception):
    """A job that got no answer: ``reason`` is "timeout", "memory", "died" or "busy"."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class Loop:
    """The server's event loop, kept once: ``asyncio.get_running_loop()`` makes a system call each time."""

    loop = None


class Job:
    """One request's query: what to ask a worker, its deadline, and the frames of its answer."""

    __slots__ = ("task", "deadline", "frames", "waiting", "failed", "worker", "done", "sequence")

    def __init__(self, task, deadline: float | None):
        self.task, self.deadline = task, deadline
        self.sequence = 0
        self.frames = collections.deque()
        self.waiting = None
        self.failed = None  # a reason once the job can get no (more) answer
        self.worker = None
        self.done = False

    def wake(self) -> None:
        if self.waiting is not None and not self.waiting.done():
            self.waiting.set_result(None)

    def fail(self, reason: str) -> None:
        if not self.done and self.failed is None:
            self.failed = reason
            self.wake()

    async def next(self) -> tuple[bytes, bytes]:
        """The next frame of the answer; :class:`Failed` if there will be none."""
        while not self.frames:
            if self.failed:
                raise Failed(self.failed)
            self.waiting = Loop.loop.create_future()
            await self.waiting
        item = self.frames.popleft()
        worker = self.worker
        if worker is not None and worker.paused and len(self.frames) <= 1:
            worker.paused = False
            worker.transport.resume_reading()
        return item


class WorkerLink(asyncio.Protocol):
    """The server's end of one worker's socket. A worker holds its running job and, under load, the
    next one (so that it never waits for the server between two); frames are handed to the job they
    answer as they come; reading pauses while a few chunks wait for a slow client (the worker then
    blocks: back-pressure). When a job's last frame arrives the worker takes more waiting jobs."""

    def __init__(self, pid: int, pool):
        self.pid, self.pool = pid, pool
        self.killed = None  # why the server killed it: "timeout" or "memory"
        self.baseline = 0
        self.transport = None
        self.buffer = bytearray()
        self.jobs = collections.deque()  # sent to the worker, the running one first
        self.since = 0.0  # when the running job started
        self.sequence = 0
        self.ready = asyncio.get_running_loop().create_future()
        self.closed = False
        self.paused = False
        self.member = False  # taken into the pool (then replaced when it goes)

    def connection_made(self, transport):
        self.transport = transport

    def start(self, job: Job) -> None:
        if not self.jobs:
            self.since = time.monotonic()
        self.sequence += 1
        job.worker, job.sequence = self, self.sequence
        self.jobs.append(job)
        self.transport.write(frame(b"J", pickle.dumps((self.sequence, job.task))))

    def take_back(self, index: int) -> Job | None:
        """Take back a job this worker has not started; it answers that one with a K frame."""
        job = self.jobs[index]
        if job.done or isinstance(job.task, Returned):
            return None
        ghost = Job(Returned(), None)
        ghost.failed, ghost.worker = "taken back", self
        self.jobs[index] = ghost
        self.transport.write(frame(b"S", job.sequence.to_bytes(4, "big")))
        job.worker = None
        job.frames.clear()
        return job

    def data_received(self, data):
        buffer = self.buffer
        buffer += data
        start, end = 0, len(buffer)
        while end - start >= 5:
            n = int.from_bytes(buffer[start + 1:start + 5], "big")
            if end - start - 5 < n:
                break
            kind = bytes(buffer[start:start + 1])
            payload = bytes(buffer[start + 5:start + 5 + n])
            start += 5 + n
            if not self.jobs:
                if kind == b"R" and not self.ready.done():
                    self.ready.set_result(None)
                continue
            job = self.jobs[0]
            if job.failed is None:
                job.frames.append((kind, payload))
            if kind == b"E" or kind == b"K":
                job.done = True
                self.jobs.popleft()
                job.wake()
                self.since = time.monotonic()
                self.pool.feed(self)
            elif len(job.frames) > 4 and not self.paused:
                self.paused = True
                self.transport.pause_reading()
        if start:
            del buffer[:start]
        if self.jobs and self.jobs[0].frames:
            self.jobs[0].wake()

    def connection_lost(self, exc):
        self.closed = True
        if not self.ready.done():
            self.ready.set_result(None)
        self.pool.lost(self)


class Returned:
    """The task of a placeholder for a job taken back from a worker."""
