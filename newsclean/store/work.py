"""Where a run's batches wait between passes, and how their parts become a version's files.

A run never holds the corpus in memory: each pass loads one batch, works on it and saves it
back, and the last pass writes the batch's rows as sorted part files that are merged into
the version's files as a stream. The work area lives in the cleaned folder so that every
worker of a cluster that shares that folder (a network mount, or a URL such as s3://) sees it;
it is removed after the run, and a run that dies leaves it to the next run's clean-up (its
name starts with the temporary prefix).
"""

from __future__ import annotations

import heapq
import json
import os
import pickle
from collections.abc import Iterator
from contextlib import ExitStack, suppress
from dataclasses import dataclass
from typing import Any

from newsclean.document import Document
from newsclean.readers.read import Rejection
from newsclean.store.location import StorePath, remove
from newsclean.store.versions import (
    DOCUMENTS_JSONL,
    DOCUMENTS_PARQUET,
    REJECTED,
    REMOVED,
    TEMP_PREFIX,
    write_parquet,
)

# The line files of a version, and the part of a batch each is merged from.
PARTS = {DOCUMENTS_JSONL: "documents", REMOVED: "removed", REJECTED: "rejected"}


def part_rows(
    docs: list[Document], rejections: list[Rejection]
) -> dict[str, list[tuple[str, str]]]:
    """The lines documents and rejections contribute to each line file, with the key each
    file is sorted by: documents by id, removals by document and index, rejections by path
    and record. Documents a step failed on are quarantined with the rejections."""
    failed = [
        Rejection(d.source.path, d.source.sha256, d.error, d.source.record_id)
        for d in docs
        if d.error
    ]
    return {
        "documents": sorted((d.id, _line(d.to_dict())) for d in docs if not d.dropped),
        "removed": sorted(
            (f"{row['document']}\t{row['index']:09d}", _line(row))
            for d in docs
            for row in d.removal_rows()
        ),
        "rejected": sorted(
            (f"{r.path}\t{r.record or ''}", _line(r.to_dict())) for r in [*rejections, *failed]
        ),
    }


def _line(row: dict) -> str:
    return json.dumps(row, ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True)
class WorkArea:
    path: StorePath

    @classmethod
    def create(cls, cleaned: StorePath) -> WorkArea:
        path = cleaned / f"{TEMP_PREFIX}work-{os.getpid()}"
        path.mkdir(parents=True)
        return cls(path)

    def remove(self) -> None:
        with suppress(OSError):  # gone already; the next run's clean-up takes any rest
            remove(self.path)

    def save(self, batch: int, docs: list[Document], rejections: list[Rejection]) -> None:
        with (self.path / f"batch-{batch:06d}.pickle").open("wb") as handle:
            pickle.dump((docs, rejections), handle, protocol=pickle.HIGHEST_PROTOCOL)

    def load(self, batch: int) -> tuple[list[Document], list[Rejection]]:
        with (self.path / f"batch-{batch:06d}.pickle").open("rb") as handle:
            return pickle.load(handle)

    def save_decision(self, step: str, decision: Any) -> None:
        """What a corpus step's apply needs, written once for every batch's task to read: a
        task parameter would be pickled for, and walked by Prefect in, every task."""
        with (self.path / f"decision-{step}.pickle").open("wb") as handle:
            pickle.dump(decision, handle, protocol=pickle.HIGHEST_PROTOCOL)

    def load_decision(self, step: str) -> Any:
        with (self.path / f"decision-{step}.pickle").open("rb") as handle:
            return pickle.load(handle)

    def write_parts(self, batch: int, docs: list[Document], rejections: list[Rejection]) -> None:
        """The batch's rows of every data file, each line prefixed by its sort key."""
        for part, rows in part_rows(docs, rejections).items():
            with (self.path / f"part-{batch:06d}.{part}").open("w", encoding="utf-8") as handle:
                for key, line in rows:
                    handle.write(f"{key}\t{line}\n")

    def assemble(self, batches: int, target: StorePath) -> None:
        """Merges every batch's parts into the data files of a version in `target`."""
        for filename, part in PARTS.items():
            with (target / filename).open("w", encoding="utf-8") as out:
                for line in self._merged(batches, part):
                    out.write(line)
        write_parquet(
            (json.loads(line) for line in self._merged(batches, "documents")),
            target / DOCUMENTS_PARQUET,
        )

    def _merged(self, batches: int, part: str) -> Iterator[str]:
        """The lines of one part across batches, in key order, keys stripped."""
        with ExitStack() as stack:
            files = [
                stack.enter_context((self.path / f"part-{b:06d}.{part}").open(encoding="utf-8"))
                for b in range(batches)
            ]
            for line in heapq.merge(*files, key=_sort_key):
                yield _strip_key(line)


def _sort_key(line: str) -> str:
    # The key is everything before the JSON object, which starts at the first "\t{".
    return line[: line.index("\t{")]


def _strip_key(line: str) -> str:
    return line[line.index("\t{") + 1 :]
