"""The collector settings of a run: frozen start-up heap, rarer young collections."""

from __future__ import annotations

import gc
import multiprocessing

from flows.ingest import _settled_worker
from newsclean.heap import YOUNG_COLLECTION_THRESHOLD, settled_heap


def _collector_state() -> tuple[int, int]:
    return gc.get_threshold()[0], gc.get_freeze_count()


def test_a_settled_heap_is_frozen_during_the_run_and_restored_after() -> None:
    before = gc.get_threshold()
    held = [object() for _ in range(1000)]
    with settled_heap():
        assert gc.get_threshold()[0] == YOUNG_COLLECTION_THRESHOLD
        assert gc.get_freeze_count() >= len(held)
        cycle: list = []
        cycle.append(cycle)
        del cycle
        assert gc.collect() >= 1  # cycles made during the run are still collected
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_a_run_s_worker_processes_start_with_a_settled_heap() -> None:
    # spawned, as Prefect's process pool spawns them: the initializer travels by reference
    context = multiprocessing.get_context("spawn")
    with context.Pool(1, initializer=_settled_worker) as pool:
        threshold, frozen = pool.apply(_collector_state)
    assert threshold == YOUNG_COLLECTION_THRESHOLD
    assert frozen > 10_000  # the modules of every cleaning step, imported before the freeze
