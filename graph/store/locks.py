"""Locks between processes, taken with ``fcntl.flock`` on a folder: writers of the data folder
(``add``) and of a store folder (``load``) lock that folder exclusively; a reader of a store version
locks the version's folder shared, so that the version is not removed under it. No lock file is made.

A lock dies with its process (``kill -9`` included), so a crash never leaves a stale lock. A folder
that is renamed or removed while someone waits for it is noticed (the path no longer leads to the
locked inode). Where ``fcntl`` does not exist (Windows) the locks do nothing.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from ..errors import InputError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None

__all__ = ["FileLock", "acquire", "say"]

_POLL = 0.05


class FileLock:
    """A held lock; :meth:`release` (or leaving the ``with`` block) lets it go."""

    def __init__(self, path: Path, fd: int | None):
        self.path, self.fd = path, fd

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)  # closing the file releases the lock
            self.fd = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.release()

    def __del__(self):
        self.release()


def say(text: str) -> None:
    """A message on standard error: what a command did besides its job (waiting for a lock, tidying up
    after an interrupted writer)."""
    sys.stderr.write(f"dramagraph: {text}\n")
    sys.stderr.flush()


def _open(path: Path) -> int | None:
    try:
        return os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        return None


def _same_file(fd: int, path: Path) -> bool:
    try:
        here, there = os.fstat(fd), os.stat(path)
    except OSError:
        return False
    return (here.st_ino, here.st_dev) == (there.st_ino, there.st_dev)


def acquire(path: str | os.PathLike, *, shared: bool = False, wait: float | None = None,
            waiting: str | None = None, busy: str | None = None) -> FileLock | None:
    """Lock the folder (or file) ``path``, exclusively or ``shared``; None when it does not exist.

    ``wait``: None waits as long as it takes; a number of seconds waits that long, then raises
    :class:`InputError` with the message ``busy``; 0 without ``busy`` tries once and returns None when
    the lock is held elsewhere.
    ``waiting`` is said once on standard error when the lock is not free within a moment.
    Raises :class:`InputError` when ``path`` cannot be opened.
    """
    path = Path(path)
    if fcntl is None:  # pragma: no cover
        return FileLock(path, None)
    mode = fcntl.LOCK_SH if shared else fcntl.LOCK_EX
    started = time.monotonic()
    said = False
    while True:
        try:
            fd = _open(path)
        except OSError as e:
            raise InputError(f"{path}: cannot lock: {e.strerror or e}") from None
        if fd is None:
            return None
        try:
            while True:
                try:
                    fcntl.flock(fd, mode | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    waited = time.monotonic() - started
                    if wait == 0 and busy is None:
                        os.close(fd)
                        return None
                    if wait is not None and waited >= wait:
                        raise InputError(busy or f"{path} is locked by another process") from None
                    if waiting and not said and waited >= 0.2:
                        say(waiting)
                        said = True
                    time.sleep(_POLL)
        except BaseException:
            os.close(fd)
            raise
        if _same_file(fd, path):
            return FileLock(path, fd)
        os.close(fd)  # renamed or removed while we waited: lock what is there now, if anything
