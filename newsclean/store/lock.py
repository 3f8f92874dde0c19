"""One writer at a time on a cleaned folder. A second run is told who holds the lock, and
stops, rather than waiting silently or corrupting the versions."""

from __future__ import annotations

import errno
import fcntl
import os
import socket
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

from upath import UPath

from newsclean.store.location import StorePath, is_local, refuse_link

LOCK_NAME = ".lock"


class CorpusLocked(RuntimeError):
    """Another run is writing to the same cleaned folder."""


def corpus_lock(cleaned: StorePath) -> AbstractContextManager[None]:
    """Holds an exclusive lock on `cleaned` for the block: an flock on a local folder, a
    lock object on any other filesystem."""
    return _flock(cleaned) if is_local(cleaned) else _lock_object(cleaned)


@contextmanager
def _flock(cleaned: Path) -> Iterator[None]:
    """The OS releases the lock if the process dies, so a crashed run never leaves the
    folder locked."""
    cleaned.mkdir(parents=True, exist_ok=True)
    path = cleaned / LOCK_NAME
    try:
        # a link planted in its place would have the holder written into a file elsewhere
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    except OSError as error:
        if error.errno == errno.ELOOP:
            refuse_link(path)
        raise
    handle = os.fdopen(descriptor, "r+")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown process"
            raise CorpusLocked(
                f"{cleaned} is being written by another newsclean run ({holder}); "
                "wait for it to finish and run again"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()} since {_now()}")
        handle.flush()
        yield
    finally:
        handle.close()


@contextmanager
def _lock_object(cleaned: UPath) -> Iterator[None]:
    """Object stores have no flock: the lock is an object that names its holder, created
    only where none exists, and removed when the block ends. A run that dies cannot remove
    it, so the error says how to."""
    cleaned.mkdir(parents=True, exist_ok=True)
    path = cleaned / LOCK_NAME
    try:
        _create_exclusively(path, f"host {socket.gethostname()} pid {os.getpid()} since {_now()}")
    except FileExistsError:
        try:
            holder = path.read_text(encoding="utf-8").strip() or "unknown process"
        except OSError:
            holder = "unknown process"
        raise CorpusLocked(
            f"{cleaned} is being written by another newsclean run ({holder}); wait for it to "
            f"finish and run again. If that run died, remove its lock object {path} and run "
            "again"
        ) from None
    try:
        yield
    finally:
        path.unlink(missing_ok=True)


def _create_exclusively(path: UPath, holder: str) -> None:
    """Writes the lock object, or raises FileExistsError if it exists. Filesystems without
    exclusive creation get a check before the write, which two runs starting in the same
    instant could both pass."""
    try:
        handle = path.fs.open(path.path, "xb")
    except (NotImplementedError, ValueError):
        if path.exists():
            raise FileExistsError(str(path)) from None
        handle = path.fs.open(path.path, "wb")
    with handle:  # some stores (s3) refuse an existing object only here, when it is written
        handle.write(holder.encode())


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S%z")
