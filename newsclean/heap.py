"""The garbage collector set for a cleaning run.

A batch makes and unpickles hundreds of thousands of small objects (paragraphs, removals,
facts). At Python's default threshold the collector runs every 700 of them and now and then
scans the whole heap, Prefect's and the libraries' modules included: about a tenth of a
worker's time on the bench corpus. What the process holds once set up is frozen out of
every scan, and young collections come less often. Cycles are still collected.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

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
