"""Read access to the version a run builds on, for corpus steps that carry state across
versions (learned furniture, the duplicate index, name variants)."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

from newsclean.store.location import StorePath
from newsclean.store.shards import (
    SHARDED_STEP_FILES,
    join_step_file,
    shard_files,
)


class LearnedStateError(RuntimeError):
    """A file of the previous version that no longer holds what was written to it."""


@dataclass(frozen=True)
class PreviousVersion:
    name: str
    path: StorePath  # a local folder, or one on another fsspec filesystem
    # the manifest's outputs, by file name: a file read is checked against its sha256
    outputs: Mapping[str, Any] = field(default_factory=dict)

    def read_bytes(self, filename: str) -> bytes | None:
        """A file of the version, or None if that version has no such file. Raises
        LearnedStateError, naming the file, if it no longer matches the manifest. A file
        stored in shards (see shards.py) is read from them, each checked."""
        folder = SHARDED_STEP_FILES.get(filename)
        if folder is not None and filename not in self.outputs:
            names = shard_files(self.outputs, folder, ".jsonl")
            if names:
                return join_step_file([self._checked(name) or b"" for name in names])
        return self._checked(filename)

    def open_checked(self, filename: str) -> CheckedReader | None:
        """A file of the version stored whole (not in shards), to read in chunks, or None if
        that version has no such file: only the chunk at hand is held. Leaving its `with`
        block raises LearnedStateError, naming the file, if it no longer matches the
        manifest (so too when its reader failed on the damaged file)."""
        target = self._target(filename)
        if target is None:
            return None
        expected = self.outputs.get(filename)
        return CheckedReader(target, expected.get("sha256") if expected else None, self.name)

    def _target(self, filename: str) -> StorePath | None:
        target = self.path / filename
        if not target.is_file():
            if self.outputs.get(filename) is not None:
                raise LearnedStateError(f"{target} is missing, though {self.name} names it")
            return None
        return target

    def _checked(self, filename: str) -> bytes | None:
        target = self._target(filename)
        if target is None:
            return None
        expected = self.outputs.get(filename)
        data = target.read_bytes()
        if expected is not None and hashlib.sha256(data).hexdigest() != expected.get("sha256"):
            raise _changed(target, self.name)
        return data


def _changed(target: StorePath, version: str) -> LearnedStateError:
    return LearnedStateError(
        f"{target} does not match the manifest of {version}: it was changed or "
        "damaged after it was written"
    )


class CheckedReader:
    """A version's file as a binary file object, hashed as it is read; its end is checked
    against the manifest's sha256 (when the manifest names the file) as the `with` block
    is left."""

    def __init__(self, target: StorePath, sha256: str | None, version: str) -> None:
        self.target, self.sha256, self.version = target, sha256, version
        self.handle = target.open("rb")
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.digest.update(data)
        return data

    def __enter__(self) -> CheckedReader:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        try:
            if self.sha256 is None:
                return
            while self.read(1 << 16):
                pass
            if self.digest.hexdigest() != self.sha256:
                raise _changed(self.target, self.version) from error
        finally:
            self.handle.close()
