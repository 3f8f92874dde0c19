"""Where a corpus decision runs as a keyed reduction: its facts spilled to Parquet files in a
folder, partitioned by key, regrouped by other keys with `dask.bag`'s group-by, and each
partition decided by a task, so that no process holds every fact at once and only the small
decisions come back.

The same code runs everywhere: with dask's synchronous scheduler in the deciding process
(its group-bys spill through partd to disk), or on the workers of the run's Dask cluster,
which then must see the folder (the work area in the cleaned folder, shared by design).
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from newsclean.store.location import StorePath, is_local

# Documents of one partition: its facts (some 600 bytes each for duplicates) and what is
# derived from them at once (25 band keys each) stay within tens of MB.
PARTITION_DOCUMENTS = 5_000
# Chunks (each many rows) the in-process shuffle writes to disk at a time.
CHUNKS_PER_BLOCK = 64
# Rows buffered (in all partitions) before each partition's are written out as one more part
# file.
SPILL_ROWS = 8_192


@dataclass(frozen=True)
class KeyedReduction:
    """A folder to spill partitions into, and the scheduler that decides them: dask's name
    of one ("synchronous") or a `distributed.Client`."""

    folder: StorePath
    scheduler: Any = "synchronous"
    partition_documents: int = PARTITION_DOCUMENTS

    def spiller(self, table: str, partitions: int, schema: pa.Schema) -> Spiller:
        return Spiller(self.folder / table, partitions, schema)

    def regroup(
        self,
        items: Iterable[Any],
        scatter: Callable[[Any], Iterable[tuple[int, Any]]],
        decide: Callable[[int, list[Any]], Any],
        partitions: int,
    ) -> list[Any]:
        """`scatter` turns each item into (partition, chunk) pairs; the chunks are grouped
        by partition (dask's shuffle) and `decide` gets each partition's chunks, in the
        order of the items and of `scatter`'s output whatever the shuffle's. Returns the
        decisions of the partitions that got a chunk, by partition."""
        import dask.bag as db  # imported when a decision runs, not with every cleaning step

        listed = list(enumerate(items))
        if not listed:
            return []
        bag = db.from_sequence(listed, npartitions=len(listed)).map(_tagged(scatter)).flatten()
        # the elements are chunks, few per partition: dask's disk shuffle would otherwise pad
        # each of its blocks to a million elements
        grouped = bag.groupby(_first, npartitions=partitions, blocksize=CHUNKS_PER_BLOCK)
        decided = grouped.map(_decided(decide)).compute(scheduler=self.scheduler)
        return [result for _, result in sorted(decided, key=_first)]


class _tagged:
    """(partition, (source, n, chunk)): the source item and rank let the partition put its
    chunks in the same order whatever order the shuffle brings them in."""

    def __init__(self, scatter: Callable[[Any], Iterable[tuple[int, Any]]]) -> None:
        self.scatter = scatter

    def __call__(self, item: tuple[int, Any]) -> list[tuple[int, tuple[int, int, Any]]]:
        source, value = item
        tagged = [
            (partition, (source, n, chunk))
            for n, (partition, chunk) in enumerate(self.scatter(value))
        ]
        _release_arrow_memory()
        return tagged


class _decided:
    def __init__(self, decide: Callable[[int, list[Any]], Any]) -> None:
        self.decide = decide

    def __call__(self, group: tuple[int, list[tuple[int, Any]]]) -> tuple[int, Any]:
        partition, tagged = group
        ordered = sorted((chunk for _, chunk in tagged), key=lambda c: (c[0], c[1]))
        decided = self.decide(partition, [chunk for _, _, chunk in ordered])
        _release_arrow_memory()
        return partition, decided


def _release_arrow_memory() -> None:
    """Arrow's allocator (mimalloc) keeps the pages a partition's tables freed for reuse; given
    back after each partition, the process's memory follows the partition at hand instead of
    the largest one seen (some 50 MB at 100,000 documents)."""
    pa.default_memory_pool().release_unused()


def _first(pair: tuple[int, Any]) -> int:
    return pair[0]


class Spiller:
    """Rows appended by partition, written to Parquet part files as they add up; a partition
    past `partitions` is added as it comes."""

    def __init__(self, folder: StorePath, partitions: int, schema: pa.Schema) -> None:
        self.folder = folder
        self.schema = schema
        self.buffers: list[list[dict[str, Any]]] = [[] for _ in range(partitions)]
        self.buffered = 0
        self.parts = itertools.count()

    def add(self, partition: int, row: dict[str, Any]) -> None:
        if partition >= len(self.buffers):
            self.buffers.extend([] for _ in range(partition + 1 - len(self.buffers)))
        self.buffers[partition].append(row)
        self.buffered += 1
        if self.buffered >= SPILL_ROWS:
            self.close()

    def close(self) -> None:
        """Writes out every buffered row."""
        for partition in range(len(self.buffers)):
            self._flush(partition)
        self.buffered = 0
        _release_arrow_memory()

    def _flush(self, partition: int) -> None:
        rows = self.buffers[partition]
        if not rows:
            return
        folder = self.folder / f"{partition:05d}"
        folder.mkdir(parents=True, exist_ok=True)
        table = pa.Table.from_pylist(rows, schema=self.schema)
        write_table(folder / f"part-{next(self.parts):06d}.parquet", table)
        self.buffers[partition] = []


def write_table(path: StorePath, table: pa.Table) -> None:
    if is_local(path):
        pq.write_table(table, path, compression="zstd")
        return
    with path.open("wb") as handle:  # pyarrow cannot open fsspec URLs
        pq.write_table(table, handle, compression="zstd")


def read_table(path: StorePath) -> pa.Table:
    if is_local(path):
        return pq.read_table(path)
    with path.open("rb") as handle:
        return pq.read_table(handle)


def read_spilled(folder: StorePath, partition: int, schema: pa.Schema) -> pa.Table:
    """Every row spilled into one partition of the table in `folder` (in no order)."""
    where = folder / f"{partition:05d}"
    names = sorted(p.name for p in where.iterdir()) if where.exists() else []
    if not names:
        return schema.empty_table()
    return pa.concat_tables([read_table(where / name) for name in names])


def spill_table(folder: StorePath, partition: int, name: str, table: pa.Table) -> None:
    """Writes `table` as one part, named `name`, of a partition of the table in `folder`
    (as `read_spilled` reads it): a task's rows for another partition, spilled at once."""
    where = folder / f"{partition:05d}"
    where.mkdir(parents=True, exist_ok=True)
    write_table(where / f"{name}.parquet", table)


def smallest_connected(count: int, pairs: np.ndarray) -> np.ndarray:
    """For each of `count` rows, the smallest row of its connected component under `pairs`
    (as `lsh.components` finds it), in numpy arrays: some 40 bytes a pair, where a Python
    union-find over a million pairs holds some 150 MB of lists and numbers. Roots are hooked
    under the smaller root of each pair that still joins two trees, then every row's root
    is found by pointer jumping; the rounds end when every pair lies in one tree."""
    roots = np.arange(count, dtype=np.int64)
    first, second = pairs[:, 0], pairs[:, 1]
    while True:
        first_root, second_root = roots[first], roots[second]
        apart = first_root != second_root
        if not apart.any():
            return roots
        first_root, second_root = first_root[apart], second_root[apart]
        smaller = np.minimum(first_root, second_root)
        np.minimum.at(roots, first_root, smaller)
        np.minimum.at(roots, second_root, smaller)
        while True:
            jumped = roots[roots]
            if (jumped == roots).all():
                break
            roots = jumped


def range_bounds(keys: list[str], per_partition: int) -> list[str]:
    """The first key of every partition but the first, cutting the sorted `keys` into
    partitions of `per_partition` keys: partition i holds the keys from bound i - 1 up to
    bound i, so the partitions read in turn give the keys in order."""
    return keys[per_partition::per_partition]


def range_partition(bounds: list[str], key: str) -> int:
    return bisect.bisect_right(bounds, key)
