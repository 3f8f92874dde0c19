"""What changed between two versions: documents added, removed and changed, by id."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from newsclean.store.location import StorePath
from newsclean.store.versions import DOCUMENTS_JSONL, Version


@dataclass(frozen=True)
class CorpusChange:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, list[str]]:
        return {"added": self.added, "removed": self.removed, "changed": self.changed}


# Rows start with the document's id (Document.to_dict), which is hex: reading it from the
# line spares parsing every row of two versions at each run.
_ID_FIRST = b'{"id":"'


def row_hashes(path: StorePath) -> dict[str, str]:
    """Document id -> hash of its whole row in a documents.jsonl file, read as a stream."""
    hashes: dict[str, str] = {}
    with path.open("rb") as handle:
        for line in handle:
            add_row_hash(hashes, line)
    return hashes


def add_row_hash(hashes: dict[str, str], line: bytes) -> None:
    """Adds one documents.jsonl line (newline included) to a map of `row_hashes`."""
    hashes[_row_id(line)] = hashlib.sha256(line).hexdigest()


def _row_id(line: bytes) -> str:
    if line.startswith(_ID_FIRST):
        return line[len(_ID_FIRST) : line.index(b'"', len(_ID_FIRST))].decode("ascii")
    return str(json.loads(line)["id"])


def document_labels(version: StorePath, ids: set[str]) -> dict[str, tuple[str, str | None]]:
    """The source path and title of the documents `ids` of a version: only their rows are
    parsed."""
    labels = {}
    with (version / DOCUMENTS_JSONL).open("rb") as handle:
        for line in handle:
            if _row_id(line) in ids:
                row = json.loads(line)
                labels[row["id"]] = (row["source"]["path"], row["title"])
    return labels


def compare(old: dict[str, str], new: dict[str, str]) -> CorpusChange:
    return CorpusChange(
        added=sorted(new.keys() - old.keys()),
        removed=sorted(old.keys() - new.keys()),
        changed=sorted(k for k in old.keys() & new.keys() if old[k] != new[k]),
    )


def version_rows(path: StorePath) -> dict[str, str]:
    return row_hashes(path / DOCUMENTS_JSONL)


def diff_versions(old: Version, new: Version) -> CorpusChange:
    return compare(version_rows(old.path), version_rows(new.path))
