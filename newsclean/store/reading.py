"""Readers and pruning agree through a lock on each version's manifest: a reader
(`newsclean.open_version`) holds a shared flock on it for as long as it reads, and `prune`
removes a version only while it holds an exclusive one, which it does not wait for. Only a
local folder has flock; elsewhere a version cannot tell that it is being read."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from newsclean.store.versions import MANIFEST, Version, VersionError


def hold_for_reading(version: Version) -> int:
    """Takes a shared lock on the version for reading and returns its descriptor: the lock
    lasts until the descriptor is closed. Raises VersionError if the version is being
    pruned, or was pruned as it was opened."""
    assert isinstance(version.path, Path)
    manifest = version.path / MANIFEST
    try:
        descriptor = os.open(manifest, os.O_RDONLY)
    except OSError as error:
        raise VersionError(f"cannot open version {version.name}: {error}") from None
    try:
        fcntl.flock(descriptor, fcntl.LOCK_SH | fcntl.LOCK_NB)
        # a prune that removed the version between the open and the lock leaves the
        # descriptor on a file no longer in the folder
        if os.fstat(descriptor).st_ino != os.stat(manifest).st_ino:
            raise FileNotFoundError(manifest)
    except BlockingIOError:
        os.close(descriptor)
        raise VersionError(f"version {version.name} is being pruned") from None
    except OSError:
        os.close(descriptor)
        raise VersionError(f"version {version.name} was pruned as it was opened") from None
    return descriptor


def lock_for_removal(path: Path) -> int | None:
    """An exclusive lock on the version in `path`, or None if a reader holds it."""
    descriptor = os.open(path / MANIFEST, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(descriptor)
        return None
    return descriptor
