"""The garbage collector set for a cleaning run.

A batch makes and unpickles hundreds of thousands of small objects (paragraphs, removals,
facts). At Python's default threshold the collector runs every 700 of them and now and then
scans the whole heap, Prefect's and the libraries' modules included: about a tenth of a
worker's time on the bench corpus. What the process holds once set up is frozen out of
every scan, and young collections come less often. Cycles are still collected.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

# Allocations between young collections (Python's default: 700).
YOUNG_COLLECTION_THRESHOLD = 20_000


def settle_heap() -> None:
    """Freezes what the process holds now and makes collections rarer; run once set up. For
    processes a run owns (its worker pool): what is frozen is never collected."""
    gc.collect()
    gc.freeze()
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(YOUNG_COLLECTION_THRESHOLD, older, oldest)


@contextmanager
def settled_heap() -> Iterator[None]:
    """`settle_heap` for the length of a run, in a process that lives on after it: the
    collector is as it was afterwards."""
    threshold = gc.get_threshold()
    settle_heap()
    try:
        yield
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)


def release_freed_memory() -> None:
    """Gives the pages freed since back to the system (glibc's `malloc_trim`; nothing
    elsewhere). A process that builds a large structure and drops it keeps its pages for
    reuse otherwise, so structures built one after another would each add their size."""
    gc.collect()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@cache
def _malloc_trim() -> ctypes._CFuncPtr | None:
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name).malloc_trim if name else None
    except (OSError, AttributeError):
        return None
