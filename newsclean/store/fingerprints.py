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
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import time
from dataclasses import dataclass, field

from newsclean.readers.read import Unread, raw_bytes
from newsclean.settings import ReaderSettings
from newsclean.store.location import StorePath, is_local
from newsclean.store.trails import UNREADABLE

FILENAME = "fingerprints.pickle"
# Filesystems with the coarsest clocks (FAT, some network mounts) count in 2-s steps.
SETTLE_NS = 2_000_000_000

# size, modification time, change time, inode, device
Stat = tuple[int, int, int, int, int]
# a file's Stat and the time just before it was taken, in nanoseconds
Stamp = tuple[Stat, int]


@dataclass
class Fingerprints:
    """The sha256 of the input files under one seeds folder, by relative path."""

    kept_at: StorePath | None  # where they are kept; None: not kept (a remote seeds folder)
    known: dict[str, tuple[Stat, str]]  # as the last run kept them
    seen: dict[str, tuple[Stat, str]] = field(default_factory=dict)  # this run's
    watched: dict[str, Stamp] = field(default_factory=dict)  # files a task is reading

    @classmethod
    def load(cls, cache: StorePath, seeds: StorePath) -> Fingerprints:
        """The fingerprints kept in the cache folder `cache` for files under `seeds`."""
        if not (is_local(seeds) and is_local(cache)):
            return cls(None, {})
        kept_at = cache / FILENAME
        try:
            with kept_at.open("rb") as handle:
                known: dict[str, tuple[Stat, str]] = pickle.load(handle)
        except UNREADABLE:
            known = {}
        return cls(kept_at, known)

    def sha256(self, path: StorePath, relpath: str, readers: ReaderSettings) -> str | None:
        """The sha256 of the file's bytes as reading it gives them; None for a file a run
        would reject unread (too big, not a regular file, unreadable)."""
        if self.kept_at is None:
            return _hashed(path, readers)
        taken = _stat(path)
        if taken is None:
            return None
        stamp, info = taken
        if not stat.S_ISREG(info.st_mode) or info.st_size > readers.max_bytes:
            return None  # rejected unread, as `raw_bytes` would
        entry = self.known.get(relpath)
        if entry is not None and entry[0] == stamp[0]:
            return self._keep(relpath, stamp, entry[1])
        # the stat is taken before the bytes are read: a write during the read moves the
        # change time, and the next run reads the file again
        sha256 = _hashed(path, readers)
        return self._keep(relpath, stamp, sha256) if sha256 is not None else None

    def watch(self, path: StorePath, relpath: str) -> None:
        """Takes the stat of a file that a task is about to read; `learn` keeps it with the
        sha256 that reading gives."""
        if self.kept_at is not None:
            taken = _stat(path)
            if taken is not None:
                self.watched[relpath] = taken[0]

    def learn(self, relpath: str, sha256: str | None) -> None:
        watched = self.watched.pop(relpath, None)
        if watched is not None and sha256 is not None:
            self._keep(relpath, watched, sha256)

    def save(self) -> None:
        """Keeps the fingerprints seen in this run, in place of those kept before."""
        if self.kept_at is None:
            return
        self.kept_at.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.kept_at.with_name(f"{self.kept_at.name}.{os.getpid()}.tmp")
        temporary.write_bytes(pickle.dumps(self.seen, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(temporary, self.kept_at)  # a reader never sees half the file
        for left in self.kept_at.parent.glob(f"{FILENAME}.*.tmp"):  # by runs killed mid-write
            left.unlink(missing_ok=True)

    def _keep(self, relpath: str, stamp: Stamp, sha256: str) -> str:
        """Keeps a file's sha256 unless the file changed too shortly before its stat was
        taken for its times to tell a later write apart."""
        taken, at = stamp
        if at - max(taken[1], taken[2]) >= SETTLE_NS:
            self.seen[relpath] = (taken, sha256)
        return sha256


def _stat(path: StorePath) -> tuple[Stamp, os.stat_result] | None:
    """The file's stat, with the time just before it was taken."""
    at = time.time_ns()
    try:
        info = os.stat(path)
    except OSError:
        return None
    taken = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev)
    return (taken, at), info


def _hashed(path: StorePath, readers: ReaderSettings) -> str | None:
    raw = raw_bytes(path, readers)
    return None if isinstance(raw, Unread) else hashlib.sha256(raw).hexdigest()
