"""Read access to the version a run builds on, for corpus steps that carry state across
versions (learned furniture, the duplicate index, name variants)."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
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

    def _checked(self, filename: str) -> bytes | None:
        target = self.path / filename
        expected = self.outputs.get(filename)
        if not target.is_file():
            if expected is not None:
                raise LearnedStateError(f"{target} is missing, though {self.name} names it")
            return None
        data = target.read_bytes()
        if expected is not None and hashlib.sha256(data).hexdigest() != expected.get("sha256"):
            raise LearnedStateError(
                f"{target} does not match the manifest of {self.name}: it was changed or "
                "damaged after it was written"
            )
        return data
