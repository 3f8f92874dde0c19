"""Read access to the version a run builds on, for corpus steps that carry state across
versions (learned furniture, the duplicate index, name variants)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from newsclean.store.location import StorePath


@dataclass(frozen=True)
class PreviousVersion:
    name: str
    path: StorePath  # a local folder, or one on another fsspec filesystem

    def read_bytes(self, filename: str) -> bytes | None:
        """A file of the version, or None if that version has no such file."""
        target = self.path / filename
        return target.read_bytes() if target.is_file() else None

    def documents(self) -> Iterator[dict[str, Any]]:
        """The rows of its documents.jsonl."""
        with (self.path / "documents.jsonl").open(encoding="utf-8") as handle:
            for line in handle:
                yield json.loads(line)
