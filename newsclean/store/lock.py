"""One writer at a time on a cleaned folder. A second run is told who holds the lock, and
stops, rather than waiting silently or corrupting the versions."""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK_NAME = ".lock"


class CorpusLocked(RuntimeError):
    """Another run is writing to the same cleaned folder."""


@contextmanager
def corpus_lock(cleaned: Path) -> Iterator[None]:
    """Holds an exclusive lock on `cleaned` for the block. The OS releases it if the process
    dies, so a crashed run never leaves the folder locked."""
    cleaned.mkdir(parents=True, exist_ok=True)
    path = cleaned / LOCK_NAME
    handle = path.open("a+")
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
        handle.write(f"pid {os.getpid()} since {time.strftime('%Y-%m-%dT%H:%M:%S%z')}")
        handle.flush()
        yield
    finally:
        handle.close()
