"""MinHash signatures of word shingles, computed for many texts at once.

The signatures are exactly those of `datasketch.MinHash` (scheme "affine32", the given seed)
fed with `shingle_hash` of every shingle; the work is done in numpy over all shingles of a
batch instead of one `update` call per shingle, which is what makes a million paragraphs
affordable.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from datasketch import MinHash
from datasketch.hashfunc import sha1_hash32

# Odd multiplier of the polynomial that folds a shingle's word hashes into one 32-bit hash.
_FOLD = np.uint32(0x9E3779B1)
# Shingles hashed and permuted per numpy block: bounds the (shingles x permutations) matrix.
_BLOCK_SHINGLES = 200_000
_MAX_HASH = np.uint32(0xFFFFFFFF)


@lru_cache(maxsize=1 << 20)
def word_hash(word: str) -> int:
    """A stable 32-bit hash of one word (datasketch's SHA-1 hash; Python's `hash` is salted)."""
    return sha1_hash32(word.encode("utf-8"))


def shingle_hash(shingle: Sequence[str]) -> int:
    """The 32-bit hash of one shingle: its word hashes folded by a polynomial mod 2^32."""
    value = 0
    for word in shingle:
        value = (value * int(_FOLD) + word_hash(word)) & 0xFFFFFFFF
    return value


class MinHasher:
    """Signatures of texts given as word lists: the set of their `shingle_words`-word
    shingles (a text shorter than that is one shingle)."""

    def __init__(self, num_perm: int, seed: int, shingle_words: int) -> None:
        template = MinHash(num_perm=num_perm, seed=seed, scheme="affine32")
        self.num_perm = num_perm
        self.seed = seed
        self.shingle_words = shingle_words
        self._a = template.permutations[0].astype(np.uint32)
        self._b = template.permutations[1].astype(np.uint32)

    def signatures(self, texts: Sequence[Sequence[str]]) -> np.ndarray:
        """One row of `num_perm` uint32 values per text. A text without words gets the
        all-max row of an empty datasketch MinHash."""
        out = np.full((len(texts), self.num_perm), _MAX_HASH, dtype=np.uint32)
        start = 0
        while start < len(texts):
            stop, budget = start, 0
            while stop < len(texts) and (stop == start or budget < _BLOCK_SHINGLES):
                budget += max(len(texts[stop]) - self.shingle_words + 1, 1)
                stop += 1
            self._sign_block(texts[start:stop], out[start:stop])
            start = stop
        return out

    def _sign_block(self, texts: Sequence[Sequence[str]], out: np.ndarray) -> None:
        hashes: list[np.ndarray] = []
        rows: list[int] = []
        for row, text in enumerate(texts):
            shingles = self._shingle_hashes(text)
            if shingles.size:
                hashes.append(shingles)
                rows.append(row)
        if not hashes:
            return
        lengths = np.array([h.size for h in hashes])
        offsets = np.concatenate(([0], np.cumsum(lengths)[:-1]))
        mixed = _fmix32(np.concatenate(hashes))
        # one row per permutation: the minimum of each text runs along contiguous memory
        permuted = np.multiply.outer(self._a, mixed)
        permuted += self._b[:, None]
        out[rows] = np.minimum.reduceat(permuted, offsets, axis=1).T

    def _shingle_hashes(self, words: Sequence[str]) -> np.ndarray:
        if not words:
            return np.empty(0, dtype=np.uint32)
        word_hashes = np.fromiter(map(word_hash, words), dtype=np.uint32, count=len(words))
        k = min(self.shingle_words, len(words))
        count = len(words) - k + 1
        folded = np.zeros(count, dtype=np.uint32)
        for offset in range(k):
            folded = folded * _FOLD + word_hashes[offset : offset + count]
        return folded


def _fmix32(values: np.ndarray) -> np.ndarray:
    """datasketch's pre-mix of input hashes for the affine32 scheme (MurmurHash3 finaliser)."""
    values = values ^ (values >> np.uint32(16))
    values = values * np.uint32(0x85EBCA6B)
    values = values ^ (values >> np.uint32(13))
    values = values * np.uint32(0xC2B2AE35)
    return values ^ (values >> np.uint32(16))


def estimated_jaccard(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Share of equal signature values, row by row (the MinHash estimate of Jaccard)."""
    return np.mean(first == second, axis=-1)
