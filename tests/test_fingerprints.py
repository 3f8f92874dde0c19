"""An input file's sha256 is known again from its stat, and read afresh whenever the file
may have changed."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import fsspec
import pytest

import newsclean.store.fingerprints as fingerprints_module
from newsclean.settings import ReaderSettings
from newsclean.store.fingerprints import Fingerprints
from newsclean.store.location import store_path
from tests.conftest import SEEDS

READERS = ReaderSettings()


def _seeds(tmp_path: Path) -> tuple[Path, Path, list[str]]:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    names = sorted(p.name for p in SEEDS.iterdir() if p.is_file())
    for name in names:
        (seeds / name).write_bytes((SEEDS / name).read_bytes())
    return seeds, tmp_path / "cache", names


def _run(seeds: Path, cache: Path, names: list[str]) -> dict[str, str | None]:
    """What one run's fingerprinting gives each file, kept for the next run."""
    fingerprints = Fingerprints.load(cache, seeds)
    found = {name: fingerprints.sha256(seeds / name, name, READERS) for name in names}
    fingerprints.save()
    return found


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def settled(monkeypatch):
    """Files count as settled at once, as those untouched for a while do."""
    monkeypatch.setattr(fingerprints_module, "SETTLE_NS", 0)


def _unread(monkeypatch) -> list[str]:
    read: list[str] = []
    real = fingerprints_module.raw_bytes

    def counted(path, seeds, readers):
        read.append(Path(path).name)
        return real(path, seeds, readers)

    monkeypatch.setattr(fingerprints_module, "raw_bytes", counted)
    return read


def test_an_unchanged_file_is_not_read_again(tmp_path, settled, monkeypatch):
    seeds, cache, names = _seeds(tmp_path)
    first = _run(seeds, cache, names)
    assert first == {name: _sha256(seeds / name) for name in names}
    read = _unread(monkeypatch)
    assert _run(seeds, cache, names) == first
    assert read == []


def test_an_edit_that_keeps_size_and_times_is_read_again(tmp_path, settled, monkeypatch):
    seeds, cache, names = _seeds(tmp_path)
    target = seeds / names[0]
    _run(seeds, cache, names)
    before = os.stat(target)
    data = bytearray(target.read_bytes())
    data[-2:] = b"!\n" if data[-2:] != b"!\n" else b"?\n"
    target.write_bytes(bytes(data))  # same size
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))  # same modification time
    assert os.stat(target).st_mtime_ns == before.st_mtime_ns
    read = _unread(monkeypatch)
    again = _run(seeds, cache, names)
    assert read == [names[0]]
    assert again[names[0]] == _sha256(target) != _sha256(SEEDS / names[0])


def test_a_file_replaced_by_another_is_read_again(tmp_path, settled, monkeypatch):
    seeds, cache, names = _seeds(tmp_path)
    _run(seeds, cache, names)
    target, other = seeds / names[0], seeds / names[1]
    replacement = tmp_path / "replacement"
    replacement.write_bytes(other.read_bytes())
    os.replace(replacement, target)
    read = _unread(monkeypatch)
    again = _run(seeds, cache, names)
    assert read == [names[0]]
    assert again[names[0]] == _sha256(other)


def test_a_file_read_by_a_task_is_known_to_the_next_run(tmp_path, settled, monkeypatch):
    seeds, cache, names = _seeds(tmp_path)
    fingerprints = Fingerprints.load(cache, seeds)
    for name in names:
        fingerprints.watch(seeds / name, name)
    # what the tasks' reading gave, in the same order; a file they could not read teaches
    # nothing
    fingerprints.learn(names[0], None)
    for name in names[1:]:
        fingerprints.learn(name, _sha256(seeds / name))
    fingerprints.save()
    read = _unread(monkeypatch)
    again = _run(seeds, cache, names)
    assert read == [names[0]]
    assert again == {name: _sha256(seeds / name) for name in names}


def test_a_sha256_learned_out_of_order_is_not_kept(tmp_path, settled, monkeypatch):
    seeds, cache, names = _seeds(tmp_path)
    fingerprints = Fingerprints.load(cache, seeds)
    for name in names:
        fingerprints.watch(seeds / name, name)
    for name in [names[1], names[0], *names[2:]]:
        fingerprints.learn(name, _sha256(seeds / name))
    fingerprints.save()
    read = _unread(monkeypatch)
    _run(seeds, cache, names)
    assert read == names[:2]


def test_a_file_just_written_is_not_kept(tmp_path, monkeypatch):
    seeds, cache, names = _seeds(tmp_path)  # written now: within the settling time
    _run(seeds, cache, names)
    read = _unread(monkeypatch)
    _run(seeds, cache, names)
    assert read == names


def test_a_file_rejected_unread_has_no_sha256(tmp_path, settled):
    seeds, cache, _ = _seeds(tmp_path)
    os.mkfifo(seeds / "fifo")
    big = seeds / "big.txt"
    big.write_bytes(b"x" * 100)
    fingerprints = Fingerprints.load(cache, seeds)
    small = ReaderSettings(max_bytes=99)
    assert fingerprints.sha256(seeds / "fifo", "fifo", READERS) is None
    assert fingerprints.sha256(big, "big.txt", small) is None
    assert fingerprints.sha256(seeds / "gone.txt", "gone.txt", READERS) is None
    assert fingerprints.sha256(big, "big.txt", READERS) == _sha256(big)
    # kept, it is still too big for a run that allows fewer bytes
    fingerprints.save()
    assert Fingerprints.load(cache, seeds).sha256(big, "big.txt", small) is None


def test_a_damaged_file_of_fingerprints_only_costs_reading_again(tmp_path, settled, monkeypatch):
    seeds, cache, names = _seeds(tmp_path)
    first = _run(seeds, cache, names)
    (cache / fingerprints_module.FILENAME).write_bytes(b"\x80not what a run writes")
    read = _unread(monkeypatch)
    assert _run(seeds, cache, names) == first
    assert read == names


def test_a_remote_seeds_folder_is_always_hashed(settled):
    fs = fsspec.filesystem("memory")
    fs.pipe("/fp-seeds/a.txt", b"one article")
    seeds = store_path("memory://fp-seeds")
    cache = store_path("memory://fp-cache")
    for _ in range(2):
        fingerprints = Fingerprints.load(cache, seeds)
        sha = fingerprints.sha256(seeds / "a.txt", "a.txt", READERS)
        assert sha == hashlib.sha256(b"one article").hexdigest()
        fingerprints.save()
    assert not fs.exists("/fp-cache")
