"""A corpus step's facts on disk: each batch's task writes the facts it collected to a Parquet
file in the run's work area and hands back only its path and counts, so the flow's process
never holds every document's facts as task results. A decision reads them back as one
mapping (`SpilledFacts`) whose `items()` streams every file's rows merged in id order,
holding a row group of each file at a time.

A fact is pickled into its row (the steps' facts are slotted dataclasses pickled by their
fields, see facts.py): the decision gets the very objects `collect` returned, whatever the
step, so its result is the same byte for byte.
"""

from __future__ import annotations

import heapq
import itertools
import pickle
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from newsclean.store.location import StorePath, is_local

SCHEMA = pa.schema([("id", pa.string()), ("fact", pa.binary())])
# Rows of a row group: a merge holds one group of every file at once (name facts are some
# 4 KB a document, so 256 rows of 200 files are 200 MB).
GROUP_ROWS = 256


@dataclass(frozen=True)
class FactsFile:
    """One batch's facts for a corpus step: where they are, how many documents gave them,
    and their bytes on disk."""

    path: StorePath
    documents: int
    bytes: int


def write_facts(path: StorePath, facts: Mapping[str, Any]) -> FactsFile:
    """Writes `facts` (by document id) to `path`, sorted by id."""
    ids = sorted(facts)
    table = pa.table(
        {
            "id": pa.array(ids, pa.string()),
            "fact": pa.array(
                [pickle.dumps(facts[i], protocol=pickle.HIGHEST_PROTOCOL) for i in ids],
                pa.binary(),
            ),
        },
        schema=SCHEMA,
    )
    if is_local(path):
        path.parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(table, path, compression="zstd", row_group_size=GROUP_ROWS)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:  # pyarrow cannot open fsspec URLs
            pq.write_table(table, handle, compression="zstd", row_group_size=GROUP_ROWS)
    return FactsFile(path, len(ids), path.stat().st_size)


def _rows(file: FactsFile, columns: list[str]) -> Iterator[dict[str, Any]]:
    """A file's rows in id order, one row group held at a time."""
    if not file.documents:
        return
    handle = file.path.open("rb") if not is_local(file.path) else None
    try:
        parquet = pq.ParquetFile(handle or file.path)
        for batch in parquet.iter_batches(batch_size=GROUP_ROWS, columns=columns):
            yield from batch.to_pylist()
    finally:
        if handle is not None:
            handle.close()


class SpilledFacts(Mapping[str, Any]):
    """Every document's facts for a step, from the `files` batches wrote: a document in
    several files has the facts of the last (as `dict.update` in file order would).

    `items()` and `values()` stream in id order and `in` reads the ids alone; looking one
    document up (`facts[id]`) loads every fact into memory, once, which the steps' decisions
    avoid."""

    def __init__(self, files: list[FactsFile]) -> None:
        self.files = list(files)
        self._ids: frozenset[str] | None = None
        self._loaded: dict[str, Any] | None = None

    @property
    def bytes(self) -> int:
        return sum(f.bytes for f in self.files)

    def _merged(self, columns: list[str]) -> Iterator[tuple[str, dict[str, Any]]]:
        streams = [
            ((row["id"], source, row) for row in _rows(file, columns))
            for source, file in enumerate(self.files)
        ]
        merged = heapq.merge(*streams, key=lambda entry: (entry[0], entry[1]))
        for doc_id, entries in itertools.groupby(merged, key=lambda entry: entry[0]):
            *_, (_, _, row) = entries  # the last file's facts
            yield doc_id, row

    def items(self) -> Iterator[tuple[str, Any]]:  # type: ignore[override]
        for doc_id, row in self._merged(["id", "fact"]):
            yield doc_id, pickle.loads(row["fact"])

    def values(self) -> Iterator[Any]:  # type: ignore[override]
        return (fact for _, fact in self.items())

    def __iter__(self) -> Iterator[str]:
        return (doc_id for doc_id, _ in self._merged(["id"]))

    def ids(self) -> frozenset[str]:
        if self._ids is None:
            self._ids = frozenset(self)
        return self._ids

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self.ids()

    def __len__(self) -> int:
        return len(self.ids())

    def __getitem__(self, doc_id: str) -> Any:
        if self._loaded is None:
            self._loaded = dict(self.items())
        return self._loaded[doc_id]


def in_id_order(facts: Mapping[str, Any]) -> Iterator[tuple[str, Any]]:
    """`facts` by document id, in id order: streamed from disk when spilled."""
    if isinstance(facts, SpilledFacts):
        return facts.items()
    return iter(sorted(facts.items()))
