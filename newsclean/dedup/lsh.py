"""Locality-sensitive hashing over a matrix of MinHash signatures: rows that agree on a whole
band of `rows_per_band` values become candidate pairs, then a pair is kept only if its
signatures agree on at least `threshold` of all values.

The band layout `(bands, rows_per_band)` is datasketch's `MinHashLSH` choice for the threshold
and number of permutations; a band's bucket is the exact band content, as in `MinHashLSH`.
The buckets are found by sorting numpy arrays instead of filling Python dicts, which keeps a
million rows within seconds and a few hundred megabytes (`MinHashLSH` needs about 9 GB there).
Pairs are always (smaller row, larger row) and sorted, so the result does not depend on the
order rows were added in beyond their row numbers.
"""

from __future__ import annotations

import numpy as np
from datasketch import MinHashLSH

from newsclean.dedup.minhash import estimated_jaccard

# A bucket holding more rows than this (many near-identical texts) is paired along a sliding
# window of this many rows instead of all pairs: the windows still chain every member into
# one cluster while the number of pairs stays linear.
BUCKET_WINDOW = 64
_VERIFY_BLOCK = 1_000_000


def band_layout(threshold: float, num_perm: int) -> tuple[int, int]:
    """datasketch's (bands, rows per band) minimising false positives and negatives at the
    threshold, equally weighted."""
    index = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return index.b, index.r


def candidate_pairs(signatures: np.ndarray, bands: int, rows_per_band: int) -> np.ndarray:
    """Distinct (i, j), i < j, of rows sharing at least one band, as an (m, 2) int64 array."""
    n = signatures.shape[0]
    found: list[np.ndarray] = []
    for band in range(bands):
        block = np.ascontiguousarray(
            signatures[:, band * rows_per_band : (band + 1) * rows_per_band]
        )
        keys = block.view(np.dtype((np.void, block.dtype.itemsize * rows_per_band))).ravel()
        order = np.argsort(keys, kind="stable")
        sorted_keys = keys[order]
        bucket = np.zeros(n, dtype=np.int64)
        bucket[1:] = np.cumsum(sorted_keys[1:] != sorted_keys[:-1])
        for lag in range(1, min(BUCKET_WINDOW, n - 1) + 1):
            same = bucket[lag:] == bucket[:-lag]
            if not same.any():
                break
            first = order[:-lag][same]
            second = order[lag:][same]
            found.append(np.stack([np.minimum(first, second), np.maximum(first, second)], 1))
    if not found:
        return np.empty((0, 2), dtype=np.int64)
    pairs = np.concatenate(found).astype(np.int64)
    return np.unique(pairs, axis=0)


def similar_pairs(
    signatures: np.ndarray, threshold: float, bands: int, rows_per_band: int
) -> tuple[np.ndarray, np.ndarray]:
    """Candidate pairs whose estimated Jaccard similarity reaches the threshold, with it."""
    pairs = candidate_pairs(signatures, bands, rows_per_band)
    similarity = np.empty(len(pairs), dtype=np.float64)
    for start in range(0, len(pairs), _VERIFY_BLOCK):
        chunk = pairs[start : start + _VERIFY_BLOCK]
        similarity[start : start + len(chunk)] = estimated_jaccard(
            signatures[chunk[:, 0]], signatures[chunk[:, 1]]
        )
    keep = similarity >= threshold
    return pairs[keep], similarity[keep]


def components(n: int, pairs: np.ndarray) -> np.ndarray:
    """For each of n rows, the smallest row of its connected component under `pairs`."""
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in pairs.tolist():
        a, b = root(i), root(j)
        if a != b:
            parent[max(a, b)] = min(a, b)
    return np.array([root(i) for i in range(n)], dtype=np.int64)
