"""The input files a version was made from, as rows in shards: `inputs/part-NNNNN.jsonl`,
one row per file (path, sha256, bytes, documents, rejected, document ids), sorted by path.

The list grows with the corpus (2 MB at 10,000 files), so it is cut into shards as the
documents are (see shards.py, with each file's path as its id and its source): a file keeps
its parent's shard, new files go to new shards, and a version writes again only the shards
of files that are new, changed or gone; the rest are the parent's files, hard-linked.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from newsclean.store.location import StorePath
from newsclean.store.records import stored
from newsclean.store.shards import (
    INPUTS_DIR,
    assign_shards,
    parse_shard_file,
    shard_file,
    shard_files,
)


@stored
@dataclass(frozen=True)
class InputFile:
    """One input file as a run read it: its sha256 (None when it could not be read) and
    size, how many documents and rejections it gave, and the ids of those documents (kept
    or dropped, in the order the file gave them), so that any document traces to its file."""

    path: str
    sha256: str | None
    bytes: int
    documents: int
    rejected: int
    document_ids: list[str] = field(default_factory=list)


def input_shards(inputs: Iterable[InputFile], parent: Mapping[str, int]) -> dict[str, bytes]:
    """The inputs' shards by name, given the parent version's assignment of paths to
    shards (`input_assignment`)."""
    by_path = {described.path: described for described in inputs}
    paths = dict(zip(by_path, by_path, strict=True))
    shards = assign_shards(paths, parent, paths)
    lines: dict[int, list[str]] = {}
    for path in sorted(by_path):
        row = json.dumps(vars(by_path[path]), ensure_ascii=False, separators=(",", ":"))
        lines.setdefault(shards[path], []).append(f"{row}\n")
    return {
        shard_file(INPUTS_DIR, number, ".jsonl"): "".join(rows).encode()
        for number, rows in sorted(lines.items())
    }


def input_rows(version: StorePath, outputs: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Every input file of the version whose manifest lists `outputs`, in path order."""
    return sorted((row for _, row in _shard_rows(version, outputs)), key=lambda row: row["path"])


def input_assignment(version: StorePath, outputs: Mapping[str, Any]) -> dict[str, int]:
    """Input path -> shard number in the version (empty for a version from before input
    shards, whose manifest listed the inputs itself)."""
    return {row["path"]: number for number, row in _shard_rows(version, outputs)}


def _shard_rows(version: StorePath, outputs: Mapping[str, Any]) -> Iterator[tuple[int, dict]]:
    """(shard number, row) of every row of the version's input shards."""
    for name in shard_files(outputs, INPUTS_DIR, ".jsonl"):
        parsed = parse_shard_file(name)
        assert parsed is not None
        for line in (version / name).read_text(encoding="utf-8").splitlines():
            yield parsed[1], json.loads(line)
