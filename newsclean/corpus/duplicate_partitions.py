"""The duplicate-documents decision as a keyed reduction (see keyed.py): the same clusters as
`duplicates._clusters` over every document at once, byte for byte, with no process holding
every signature.

1. The documents' facts are spilled in ranges of ids, so partition by partition in turn they
   give the rows in id order, and a row's number is its rank, as in the one-process decision.
2. Each partition's band keys (and the hash of each text, for exact copies) are shuffled by
   bucket; a bucket partition pairs the rows of each bucket along the window of
   `lsh.candidate_pairs` and chains the rows of each text. Only the pairs come back.
3. Near pairs are verified where their signatures lie: shuffled to the partition of their
   first row, which attaches its signature, then to that of the second, which compares.
4. The connected rows of the verified and exact pairs (`keyed.smallest_connected`, numpy
   arrays) give clusters; their members' facts are shuffled by cluster, and each cluster's
   canonical and similarities are decided there.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Container, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa

from newsclean.corpus.keyed import (
    KeyedReduction,
    range_bounds,
    range_partition,
    read_spilled,
    smallest_connected,
)
from newsclean.dedup.lsh import BUCKET_WINDOW, band_layout
from newsclean.settings import DuplicateSettings
from newsclean.store.location import StorePath

DOCUMENTS = "duplicates-documents"
SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("published", pa.string()),
        ("length", pa.int64()),
        ("site", pa.string()),
        ("exact", pa.binary()),
        ("signature", pa.binary()),
        ("in_run", pa.bool_()),
    ]
)
# Band keys (and text hashes) of one bucket partition: some 30 bytes each, and the sort that
# finds the buckets about as much again.
BUCKET_RECORDS = 500_000


@dataclass(frozen=True)
class SpilledDocuments:
    """The documents' facts in partitions of consecutive ids, and where each one's rows
    start in id order."""

    folder: StorePath
    offsets: tuple[int, ...]  # rows before each partition; the last is every row
    schema: pa.Schema = SCHEMA  # a step's own documents' columns (a "signature" among them)

    @property
    def partitions(self) -> int:
        return len(self.offsets) - 1

    def table(self, partition: int) -> pa.Table:
        return read_spilled(self.folder, partition, self.schema).sort_by("id")

    def rows(self) -> Iterator[dict[str, Any]]:
        """Every row, in id order, one partition held at a time."""
        for partition in range(self.partitions):
            for batch in self.table(partition).to_batches(max_chunksize=8_192):
                yield from batch.to_pylist()

    def partition_of(self, rows: np.ndarray) -> np.ndarray:
        return np.searchsorted(np.asarray(self.offsets), rows, side="right") - 1


def spill_documents(
    facts: Iterable[tuple[Any, bool]], ids: list[str], reduction: KeyedReduction
) -> SpilledDocuments:
    """Spills `(DocumentFacts, in this run)` of the documents with words; `ids` are their
    ids, sorted."""
    bounds = range_bounds(ids, reduction.partition_documents)
    partitions = len(bounds) + 1
    spiller = reduction.spiller(DOCUMENTS, partitions, SCHEMA)
    counts = [0] * partitions
    for fact, in_run in facts:
        partition = range_partition(bounds, fact.id)
        counts[partition] += 1
        spiller.add(
            partition,
            {
                "id": fact.id,
                "published": fact.published,
                "length": fact.length,
                "site": fact.site,
                "exact": fact.exact,
                "signature": fact.signature,
                "in_run": in_run,
            },
        )
    spiller.close()
    return SpilledDocuments(reduction.folder / DOCUMENTS, tuple(np.cumsum([0, *counts]).tolist()))


@dataclass(frozen=True)
class ClusterFacts:
    """What one cluster's decision reads of a member."""

    row: int
    id: str
    published: str | None
    length: int
    exact: bytes
    signature: bytes
    in_run: bool


@dataclass(frozen=True)
class DecidedCluster:
    canonical: ClusterFacts
    members: tuple[tuple[ClusterFacts, float], ...]  # with the similarity, in id order


def decide_clusters(
    spilled: SpilledDocuments,
    config: DuplicateSettings,
    rank: Callable[[ClusterFacts], Any],
    reduction: KeyedReduction,
) -> list[DecidedCluster]:
    """Every cluster with a document of this run, by its canonical's id: the canonical is
    the member of least `rank`."""
    if spilled.offsets[-1] == 0:
        return []
    nodes, roots = connected_rows(
        spilled, _BandKeys, config.document_threshold, config.num_perm, reduction
    )
    _, cluster = np.unique(roots, return_inverse=True)
    decided = reduction.regroup(
        _by_partition(spilled, nodes, cluster),
        _MemberFacts(spilled),
        _DecideClusters(rank),
        spilled.partitions,
    )
    clusters = [found for part in decided for found in part]
    return sorted(clusters, key=lambda c: c.canonical.id)


def connected_rows(
    spilled: SpilledDocuments,
    keys: Callable[[SpilledDocuments, int, int, int], Callable[[int], list]],
    min_similarity: float,
    permutations: int,
    reduction: KeyedReduction,
) -> tuple[np.ndarray, np.ndarray]:
    """The rows with a partner, sorted, and the index among them of each one's smallest
    connected row: partners are candidates of a shared LSH band bucket verified at
    `min_similarity`, and rows of one exact key. `keys(spilled, bands, rows_per_band,
    buckets)` reads a partition's band keys, then its exact keys, by bucket partition (the
    shape `bucket_pairs` reads)."""
    bands, rows_per_band = band_layout(min_similarity, permutations)
    buckets = max(spilled.partitions, math.ceil(spilled.offsets[-1] * (bands + 1) / BUCKET_RECORDS))
    found = reduction.regroup(
        range(spilled.partitions),
        keys(spilled, bands, rows_per_band, buckets),
        bucket_pairs,
        buckets,
    )
    near = unique_pairs([pairs for pairs, _ in found])
    exact = unique_pairs([pairs for _, pairs in found])
    del found
    pairs = np.concatenate([verified_pairs(spilled, near, min_similarity, reduction), exact])
    nodes, compact = np.unique(pairs, return_inverse=True)
    return nodes, smallest_connected(len(nodes), compact.reshape(-1, 2))


def unique_pairs(parts: list[np.ndarray]) -> np.ndarray:
    if not parts:
        return np.empty((0, 2), dtype=np.int64)
    return np.unique(np.concatenate(parts).reshape(-1, 2), axis=0)


@dataclass(frozen=True)
class _BandKeys:
    """A partition's band keys and text hashes, as chunks by bucket partition: (band, key,
    row) of the LSH bands, then (hash, row) of the texts."""

    spilled: SpilledDocuments
    bands: int
    rows_per_band: int
    buckets: int

    def __call__(self, partition: int) -> list[tuple[int, tuple[np.ndarray, ...]]]:
        table = self.spilled.table(partition)
        rows = self.spilled.offsets[partition] + np.arange(table.num_rows, dtype=np.int64)
        signatures = matrix(table.column("signature").to_pylist(), "<u4")
        exact = matrix(table.column("exact").to_pylist(), "<u4")
        del table
        # band b's keys: rows b * n to (b + 1) * n of one (bands * n, rows_per_band) matrix
        keys = (
            signatures[:, : self.bands * self.rows_per_band]
            .reshape(len(rows), self.bands, self.rows_per_band)
            .transpose(1, 0, 2)
            .reshape(-1, self.rows_per_band)
        )
        del signatures
        band = np.repeat(np.arange(self.bands, dtype=np.int16), len(rows))
        band_rows = np.tile(rows, self.bands)
        # band keys are MinHash values, text hashes digests: their first value spreads them
        band_target = (keys[:, 0].astype(np.int64) + band) % self.buckets
        exact_target = exact[:, 0].astype(np.int64) % self.buckets
        chunks = []
        for q in range(self.buckets):
            mine, same_text = band_target == q, exact_target == q
            if mine.any() or same_text.any():
                chunks.append(
                    (
                        q,
                        (
                            band[mine],
                            keys[mine],
                            band_rows[mine],
                            exact[same_text],
                            rows[same_text],
                        ),
                    )
                )
        return chunks


def matrix(values: list[bytes], dtype: str) -> np.ndarray:
    if not values:
        return np.empty((0, 0), dtype=dtype)
    return np.frombuffer(b"".join(values), dtype=dtype).reshape(len(values), -1)


def bucket_pairs(_: int, chunks: list[tuple[np.ndarray, ...]]) -> tuple[np.ndarray, np.ndarray]:
    """(near candidate pairs, exact pairs) of one bucket partition, each (smaller row,
    larger row): rows of a bucket paired along a window of BUCKET_WINDOW in row order, as
    `lsh.candidate_pairs` does; rows of one text chained."""
    near = _window_pairs(
        np.concatenate([c[0] for c in chunks]),
        np.concatenate([c[1] for c in chunks]),
        np.concatenate([c[2] for c in chunks]),
        BUCKET_WINDOW,
    )
    exact = _window_pairs(
        np.zeros(sum(len(c[4]) for c in chunks), dtype=np.int16),
        np.concatenate([c[3] for c in chunks]),
        np.concatenate([c[4] for c in chunks]),
        1,
    )
    return near, exact


def _window_pairs(band: np.ndarray, keys: np.ndarray, rows: np.ndarray, window: int) -> np.ndarray:
    """Pairs of rows `lag` <= `window` apart in row order among the rows of one band and
    key."""
    if len(rows) < 2:
        return np.empty((0, 2), dtype=np.int64)
    order = np.lexsort((rows, *keys.T[::-1], band))
    band, keys, rows = band[order], keys[order], rows[order]
    del order
    same_bucket = np.r_[False, (band[1:] == band[:-1]) & (keys[1:] == keys[:-1]).all(axis=1)]
    del keys
    bucket = np.cumsum(~same_bucket)
    found = []
    for lag in range(1, min(window, len(rows) - 1) + 1):
        same = bucket[lag:] == bucket[:-lag]
        if not same.any():
            break
        found.append(np.stack([rows[:-lag][same], rows[lag:][same]], axis=1))
    return np.concatenate(found) if found else np.empty((0, 2), dtype=np.int64)


def verified_pairs(
    spilled: SpilledDocuments, pairs: np.ndarray, threshold: float, reduction: KeyedReduction
) -> np.ndarray:
    """The pairs whose signatures agree on at least `threshold` of their values."""
    if not len(pairs):
        return pairs
    first = spilled.partition_of(pairs[:, 0])
    items = [pairs[first == p] for p in range(spilled.partitions)]
    kept = reduction.regroup(
        items,
        _FirstSignatures(spilled),
        _Compare(spilled, threshold),
        spilled.partitions,
    )
    return unique_pairs(kept)


class _FirstSignatures:
    """Pairs whose first row lies in one partition, with its signature, by the partition of
    the second row."""

    def __init__(self, spilled: SpilledDocuments) -> None:
        self.spilled = spilled

    def __call__(self, pairs: np.ndarray) -> list[tuple[int, tuple[np.ndarray, np.ndarray]]]:
        if not len(pairs):
            return []
        partition = int(self.spilled.partition_of(pairs[:1, 0])[0])
        signatures = matrix(self.spilled.table(partition).column("signature").to_pylist(), "<u4")
        first = signatures[pairs[:, 0] - self.spilled.offsets[partition]]
        second = self.spilled.partition_of(pairs[:, 1])
        return [
            (int(q), (pairs[mine], first[mine]))
            for q in np.unique(second).tolist()
            for mine in [second == q]
        ]


class _Compare:
    def __init__(self, spilled: SpilledDocuments, threshold: float) -> None:
        self.spilled, self.threshold = spilled, threshold

    def __call__(self, partition: int, chunks: list[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
        signatures = matrix(self.spilled.table(partition).column("signature").to_pylist(), "<u4")
        pairs = np.concatenate([c[0] for c in chunks])
        first = np.concatenate([c[1] for c in chunks])
        second = signatures[pairs[:, 1] - self.spilled.offsets[partition]]
        # the estimate of `minhash.estimated_jaccard`, computed the same way
        similarity = np.mean(first == second, axis=-1)
        return pairs[similarity >= self.threshold]


def _by_partition(
    spilled: SpilledDocuments, nodes: np.ndarray, cluster: np.ndarray
) -> list[tuple[np.ndarray, np.ndarray]]:
    """(rows, their cluster) of every partition holding a cluster's member."""
    partition = spilled.partition_of(nodes)
    return [
        (nodes[mine], cluster[mine])
        for p in range(spilled.partitions)
        for mine in [partition == p]
        if mine.any()
    ]


class _MemberFacts:
    """The facts of a partition's cluster members, by the partition deciding their cluster."""

    def __init__(self, spilled: SpilledDocuments) -> None:
        self.spilled = spilled

    def __call__(
        self, members: tuple[np.ndarray, np.ndarray]
    ) -> list[tuple[int, list[tuple[int, ClusterFacts]]]]:
        rows, cluster = members
        partition = int(self.spilled.partition_of(rows[:1])[0])
        table = self.spilled.table(partition).take(rows - self.spilled.offsets[partition])
        found: dict[int, list[tuple[int, ClusterFacts]]] = {}
        for row, number, fact in zip(
            rows.tolist(), cluster.tolist(), table.to_pylist(), strict=True
        ):
            found.setdefault(number % self.spilled.partitions, []).append(
                (
                    number,
                    ClusterFacts(
                        row,
                        fact["id"],
                        fact["published"],
                        fact["length"],
                        fact["exact"],
                        fact["signature"],
                        fact["in_run"],
                    ),
                )
            )
        return sorted(found.items())


class _DecideClusters:
    def __init__(self, rank: Callable[[ClusterFacts], Any]) -> None:
        self.rank = rank

    def __call__(
        self, _: int, chunks: list[list[tuple[int, ClusterFacts]]]
    ) -> list[DecidedCluster]:
        members: dict[int, list[ClusterFacts]] = {}
        for chunk in chunks:
            for number, fact in chunk:
                members.setdefault(number, []).append(fact)
        decided = []
        for facts in members.values():
            if not any(f.in_run for f in facts):
                continue
            facts.sort(key=lambda f: f.row)
            canonical = min(facts, key=self.rank)
            reference = np.frombuffer(canonical.signature, dtype="<u4")
            signatures = matrix([f.signature for f in facts], "<u4")
            # the estimate of `minhash.estimated_jaccard`, computed the same way
            similarity = np.mean(signatures == reference, axis=-1).tolist()
            decided.append(
                DecidedCluster(
                    canonical,
                    tuple(
                        (f, s) for f, s in zip(facts, similarity, strict=True) if f is not canonical
                    ),
                )
            )
        return decided


def index_ids(facts: Container[str], lines: list[bytes]) -> Iterator[str]:
    """The ids of the previous index's documents with words that this run did not see."""
    for line in lines:
        row = json.loads(line)
        if row["id"] not in facts and row["length"]:
            yield row["id"]
