"""Trails are kept in packs, one per batch, and found again in one read of each pack; trails
kept one file per input by earlier code are still read, and packed by the next sweep."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

import newsclean.store.trails as trails_module
from flows.ingest import ingest
from newsclean.settings import Settings
from newsclean.store.inputs import input_rows
from newsclean.store.records import packed
from newsclean.store.trails import CACHE_DIR, PACKS_DIR, DamagedTrail, TrailCache
from newsclean.store.versions import load_version
from tests.conftest import SEEDS


def _inputs(cleaned: Path) -> list[dict]:
    version = load_version(cleaned, "v0001")
    return input_rows(version.path, version.manifest["outputs"])


def _found(cache: TrailCache, inputs: list[dict]) -> list:
    return cache.find_entries((i["path"], i["sha256"]) for i in inputs)


def _unpacked(cleaned: Path) -> tuple[TrailCache, list, list]:
    """The corpus's trails and their rows, read, then their packs removed: a test writes
    them back as it needs them."""
    cache = TrailCache.for_corpus(cleaned, Settings())
    found = _found(cache, _inputs(cleaned))
    rows = [cache.rows(trail) for trail, _ in found]
    shutil.rmtree(cleaned / CACHE_DIR / PACKS_DIR)
    return cache, found, rows


def _single_files(cleaned: Path) -> list[Path]:
    return sorted((cleaned / CACHE_DIR).glob("??/*.trail"))


def _packs(cleaned: Path) -> list[Path]:
    return sorted((cleaned / CACHE_DIR / PACKS_DIR).glob("*.pack"))


def _write_single_file(cache: TrailCache, trail, rows) -> None:
    """A trail as earlier code kept it: one file per input, the rows after the trail."""
    packed_trail = packed(trail)
    packed_rows = packed({part: [list(row) for row in lines] for part, lines in rows.items()})
    key = cache.key(trail.input.path, trail.input.sha256)
    path = cache.root / key[:2] / f"{key}.trail"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(
        b"newsclean-trail-3\n"
        + len(packed_trail).to_bytes(8, "big")
        + trails_module._digest(packed_rows)
        + packed_trail
        + packed_rows
    )


def test_a_run_keeps_its_trails_in_one_pack_per_batch(cleaned):
    inputs = _inputs(cleaned)
    assert len(inputs) == 5
    assert _single_files(cleaned) == []
    assert len(_packs(cleaned)) == 1  # the seeds are one batch
    cache = TrailCache.for_corpus(cleaned, Settings())
    found = _found(cache, inputs)
    assert all(found)
    assert [trail.input.path for trail, _ in found] == [i["path"] for i in inputs]
    # the rows read back are the ones whose digest the index holds
    for trail, digest in found:
        rows = cache.rows(trail)
        assert rows and cache.store_all([(trail, rows)]) == [digest]


def test_trails_kept_one_file_per_input_are_read_then_packed_by_the_sweep(cleaned, tmp_path):
    cache, found, rows = _unpacked(cleaned)
    for (trail, _), trail_rows in zip(found, rows, strict=True):
        _write_single_file(cache, trail, trail_rows)

    older = TrailCache.for_corpus(cleaned, Settings())
    assert _found(older, _inputs(cleaned)) == found
    assert [older.rows(trail) for trail, _ in found] == rows
    assert older.sweep([trail.input for trail, _ in found]) == 0
    assert _single_files(cleaned) == [] and len(_packs(cleaned)) == 1
    packed_again = TrailCache.for_corpus(cleaned, Settings())
    assert _found(packed_again, _inputs(cleaned)) == found
    assert [packed_again.rows(trail) for trail, _ in found] == rows

    # and a run finds every file's trail as before
    for (trail, _), trail_rows in zip(found, rows, strict=True):
        _write_single_file(cache, trail, trail_rows)
    shutil.rmtree(cleaned / CACHE_DIR / PACKS_DIR)
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    again = ingest(seeds=str(SEEDS), cleaned=str(cleaned))
    assert (again["version"], again["reused"]) == (None, 5)
    assert _single_files(cleaned) == [] and len(_packs(cleaned)) == 1


def test_the_latest_runs_trail_of_a_file_wins(cleaned):
    inputs = _inputs(cleaned)
    cache = TrailCache.for_corpus(cleaned, Settings())
    [(trail, _), *_] = _found(cache, inputs)
    rows = cache.rows(trail)
    later = replace(trail, counts={**trail.counts, "read": 99})
    # written in either order: the stamp of the run, not the order of writing, decides
    TrailCache(cache.root, cache.settings_hash, stamp=cache.stamp + 2).store(later, rows)
    TrailCache(cache.root, cache.settings_hash, stamp=cache.stamp + 1).store(trail, rows)
    fresh = TrailCache.for_corpus(cleaned, Settings())
    assert fresh.find(trail.input.path, trail.input.sha256) == later
    # the sweep keeps the later one, and drops the pack holding only the earlier one
    fresh.sweep([i.input for i, _ in _found(fresh, _inputs(cleaned))])
    assert len(_packs(cleaned)) == 2
    assert (
        TrailCache.for_corpus(cleaned, Settings()).find(trail.input.path, trail.input.sha256)
        == later
    )


def test_a_pack_mostly_swept_is_packed_again(cleaned):
    inputs = _inputs(cleaned)
    cache = TrailCache.for_corpus(cleaned, Settings())
    found = _found(cache, inputs)
    [before] = _packs(cleaned)
    size = before.stat().st_size
    kept, *gone = found
    assert cache.sweep([kept[0].input]) == 4
    [after] = _packs(cleaned)
    assert after != before and after.stat().st_size < size / 2
    fresh = TrailCache.for_corpus(cleaned, Settings())
    assert fresh.find_entry(kept[0].input.path, kept[0].input.sha256) == kept
    assert fresh.rows(kept[0]) == cache.rows(kept[0])
    assert all(fresh.find(t.input.path, t.input.sha256) is None for t, _ in gone)


def test_many_small_packs_are_packed_together(cleaned, monkeypatch):
    monkeypatch.setattr(trails_module, "_MAX_PACKS", 2)
    cache, found, rows = _unpacked(cleaned)
    for (trail, _), trail_rows in zip(found, rows, strict=True):
        cache.store(trail, trail_rows)
    assert len(_packs(cleaned)) == 5
    assert cache.sweep([trail.input for trail, _ in found]) == 0
    assert len(_packs(cleaned)) == 2
    fresh = TrailCache.for_corpus(cleaned, Settings())
    assert _found(fresh, _inputs(cleaned)) == found
    assert [fresh.rows(trail) for trail, _ in found] == rows


def test_a_damaged_pack_gives_no_trail_and_damaged_rows_are_not_used(cleaned):
    inputs = _inputs(cleaned)
    cache = TrailCache.for_corpus(cleaned, Settings())
    [(first, _), *_] = _found(cache, inputs)
    [pack] = _packs(cleaned)
    data = pack.read_bytes()
    pack.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))  # one bit of the last rows flipped
    fresh = TrailCache.for_corpus(cleaned, Settings())
    found = _found(fresh, _inputs(cleaned))
    assert all(found)
    with pytest.raises(DamagedTrail, match=pack.name):
        for trail, _ in found:
            fresh.rows(trail)
    # a bit of a trail flipped: no trail of the pack is found
    middle = len(data) // 8
    pack.write_bytes(data[:middle] + bytes([data[middle] ^ 1]) + data[middle + 1 :])
    assert _found(TrailCache.for_corpus(cleaned, Settings()), inputs) == [None] * 5
    assert first is not None
