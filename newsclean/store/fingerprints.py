"""The sha256 of each input file, known again from the file's metadata instead of its bytes.

To find the trails of unchanged files, a run needs every input file's sha256, and hashing
reads the whole corpus at every run (83 MB at 10,000 files, ten times that at 100,000). As
git's index does, a run keeps each local file's sha256 beside its stat: size, modification
and change times in nanoseconds, inode and device. A file whose stat is the same is not read
again. Any write moves a file's change time, which no program can set back, so an edit is
seen even where the modification time was kept or restored (`cp -p`, `touch -d`, `tar x`);
a file replaced by another gets another inode. A file changed less than `SETTLE_NS` before
it was hashed is not kept: a second write within the same tick of the filesystem's clock
would leave every time as it was. Folders on other fsspec filesystems are always hashed.

A run holds one packed record per input file in a byte buffer, not Python objects: at
100,000 files those took some 60 MB of the flow process, which its heap kept afterwards.
"""

from __future__ import annotations

import hashlib
import os
import re
import struct
import time
from dataclasses import dataclass, field

from newsclean.readers.read import Unread, raw_bytes, unread_by_stat, unread_link
from newsclean.settings import ReaderSettings
from newsclean.store.location import StorePath, is_link, is_local, own_folder, write_whole

FILENAME = "fingerprints.bin"
# the temporary names of its whole-file writes (see location.write_whole), and no others
_TEMPORARY = re.compile(r"^fingerprints\.bin\.\d+\.tmp$")
# Filesystems with the coarsest clocks (FAT, some network mounts) count in 2-s steps.
SETTLE_NS = 2_000_000_000

# size, modification time, change time (ns), inode, device; then the sha256
_KEPT = struct.Struct("<QqqQQ32s")
# a kept file: the length of its relative path, the path (UTF-8), then _KEPT
_PATH_LENGTH = struct.Struct("<I")
# a file a task is reading: its path's digest, its stat, the time just before the stat
_WATCHED = struct.Struct("<8sQqqQQq")

Stat = tuple[int, int, int, int, int]


@dataclass
class Fingerprints:
    """The sha256 of the input files under one seeds folder, by relative path."""

    kept_at: StorePath | None  # where they are kept; None: not kept (a remote seeds folder)
    known: dict[str, bytes]  # as the last run kept them: path -> _KEPT record
    seeds: StorePath  # the seeds folder: no link out of it is followed
    seen: bytearray = field(default_factory=bytearray)  # this run's kept records
    watched: bytearray = field(default_factory=bytearray)  # _WATCHED records, in order
    learned: int = 0  # watched records learned so far

    @classmethod
    def load(cls, cache: StorePath, seeds: StorePath) -> Fingerprints:
        """The fingerprints kept in the cache folder `cache` for files under `seeds`."""
        if not (is_local(seeds) and is_local(cache)):
            return cls(None, {}, seeds)
        kept_at = cache / FILENAME
        try:
            if is_link(kept_at):  # not ours: replaced by the next save, never read
                raise FileNotFoundError(kept_at)
            known = _parsed(kept_at.read_bytes())
        except (OSError, ValueError, struct.error):
            known = {}
        return cls(kept_at, known, seeds)

    def sha256(self, path: StorePath, relpath: str, readers: ReaderSettings) -> str | None:
        """The sha256 of the file's bytes as reading it gives them; None for a file a run
        would reject unread (too big, not a regular file, unreadable)."""
        if self.kept_at is None:
            return _hashed(path, self.seeds, readers)
        taken = _stat(path)
        if taken is None or _unread_link(path, self.seeds, readers):
            return None
        now, at, info = taken
        if unread_by_stat(info.st_mode, info.st_size, readers) is not None:
            return None
        kept = _KEPT.unpack(self.known[relpath]) if relpath in self.known else None
        if kept is not None and kept[:5] == now:
            sha256: str | None = kept[5].hex()
        else:
            # the stat is taken before the bytes are read: a write during the read moves
            # the change time, and the next run reads the file again
            sha256 = _hashed(path, self.seeds, readers)
        if sha256 is not None:
            self._keep(relpath, now, at, sha256)
        return sha256

    def forget_known(self) -> None:
        """Drops what the last run kept, once every file has been looked up."""
        self.known = {}

    def watch(self, path: StorePath, relpath: str) -> None:
        """Takes the stat of a file that a task is about to read. `learn` must then be told
        the sha256 of each watched file, in the same order."""
        if self.kept_at is None:
            return
        taken = _stat(path)
        now, at = (taken[0], taken[1]) if taken else ((0, 0, 0, 0, 0), 0)
        self.watched += _WATCHED.pack(_digest(relpath), *now, at)

    def learn(self, relpath: str, sha256: str | None) -> None:
        """Keeps the sha256 that reading the next watched file gave, with its stat."""
        if self.kept_at is None or self.learned * _WATCHED.size >= len(self.watched):
            return
        digest, *now, at = _WATCHED.unpack_from(self.watched, self.learned * _WATCHED.size)
        self.learned += 1
        if digest == _digest(relpath) and at and sha256 is not None:
            self._keep(relpath, tuple(now), at, sha256)

    def save(self) -> None:
        """Keeps the fingerprints seen in this run, in place of those kept before."""
        if self.kept_at is None:
            return
        own_folder(self.kept_at.parent)
        write_whole(self.kept_at, bytes(self.seen))
        for left in self.kept_at.parent.iterdir():
            if _TEMPORARY.match(left.name):  # left by runs killed mid-write
                left.unlink(missing_ok=True)

    def _keep(self, relpath: str, now: Stat, at: int, sha256: str) -> None:
        """Keeps a file's sha256 unless the file changed too shortly before its stat was
        taken for its times to tell a later write apart."""
        if at - max(now[1], now[2]) >= SETTLE_NS:
            encoded = relpath.encode("utf-8", "surrogateescape")
            self.seen += _PATH_LENGTH.pack(len(encoded)) + encoded
            self.seen += _KEPT.pack(*now, bytes.fromhex(sha256))


def _parsed(data: bytes) -> dict[str, bytes]:
    """Path -> _KEPT record, from the records `save` wrote."""
    known = {}
    offset = 0
    while offset < len(data):
        (length,) = _PATH_LENGTH.unpack_from(data, offset)
        offset += _PATH_LENGTH.size
        relpath = data[offset : offset + length].decode("utf-8", "surrogateescape")
        offset += length
        record = data[offset : offset + _KEPT.size]
        if len(record) < _KEPT.size:
            raise ValueError("a truncated record")
        known[relpath] = record
        offset += _KEPT.size
    return known


def _stat(path: StorePath) -> tuple[Stat, int, os.stat_result] | None:
    """The file's stat, the time just before it was taken, and the whole stat result."""
    at = time.time_ns()
    try:
        info = os.stat(path)
    except OSError:
        return None
    now = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev)
    return now, at, info


def _digest(relpath: str) -> bytes:
    return hashlib.blake2b(relpath.encode("utf-8", "surrogateescape"), digest_size=8).digest()


def _unread_link(path: StorePath, seeds: StorePath, readers: ReaderSettings) -> bool:
    try:
        return unread_link(path, seeds, readers) is not None
    except OSError:
        return True


def _hashed(path: StorePath, seeds: StorePath, readers: ReaderSettings) -> str | None:
    raw = raw_bytes(path, seeds, readers)
    return None if isinstance(raw, Unread) else hashlib.sha256(raw).hexdigest()
