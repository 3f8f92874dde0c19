"""Parquet shards of documents/ and removed/, made from their JSONL shards by Arrow's own
JSON reader.

Arrow parses the lines in C++, so no row becomes a Python dict on the way; only `published`
is turned into a timestamp afterwards (see `arrow_schema`). The file is written in row
groups of a fixed size, so it never depends on how the run was batched.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any, BinaryIO

import pyarrow as pa
import pyarrow.json as pa_json
import pyarrow.parquet as pq

from newsclean.store.arrow_schema import (
    document_schema,
    jsonl_schema,
    removed_schema,
    to_parquet_types,
)
from newsclean.store.location import StorePath
from newsclean.store.shards import DOCUMENTS_DIR, REMOVED_DIR

ROW_GROUP = 2048  # rows per Parquet row group
# Arrow reads JSON in blocks, and a line may not straddle two of them.
_MIN_BLOCK = 1 << 20

OpenJsonl = Callable[[], BinaryIO]


def _same(rows: pa.Table) -> pa.Table:
    return rows


# Per folder of shards: the schema its JSONL rows are read with, the Parquet file's schema,
# and how the one becomes the other.
_TABLES: dict[str, tuple[Callable[[], pa.Schema], Callable[[], pa.Schema], Any]] = {
    DOCUMENTS_DIR: (jsonl_schema, document_schema, to_parquet_types),
    REMOVED_DIR: (removed_schema, removed_schema, _same),
}
PARQUET_FOLDERS = tuple(_TABLES)


def write_parquet(
    open_jsonl: OpenJsonl, sink: StorePath | io.BytesIO, folder: str = DOCUMENTS_DIR
) -> None:
    """The Parquet shard of `folder` from the JSONL shard that `open_jsonl` opens (it is read
    twice)."""
    read_schema, parquet_schema, converted = _TABLES[folder]
    with open_jsonl() as lines:
        longest = max(map(len, lines), default=0)
    with ExitStack() as stack:
        if not isinstance(sink, Path | io.BytesIO):  # pyarrow cannot open fsspec URLs
            sink = stack.enter_context(sink.open("wb"))
        writer = stack.enter_context(pq.ParquetWriter(sink, parquet_schema(), compression="zstd"))
        if not longest:
            return  # Arrow's reader refuses empty input; the schema alone is the file
        reader = pa_json.open_json(
            stack.enter_context(open_jsonl()),
            read_options=pa_json.ReadOptions(block_size=max(_MIN_BLOCK, longest + 1)),
            parse_options=pa_json.ParseOptions(
                explicit_schema=read_schema(), unexpected_field_behavior="ignore"
            ),
        )
        for rows in _row_groups(reader):
            writer.write_table(converted(rows))


def parquet_bytes(jsonl: bytes, folder: str = DOCUMENTS_DIR) -> bytes:
    buffer = io.BytesIO()
    write_parquet(lambda: io.BytesIO(jsonl), buffer, folder)
    return buffer.getvalue()


def _row_groups(reader: pa_json.JSONStreamingReader) -> Iterator[pa.Table]:
    """The reader's rows as tables of ROW_GROUP rows (the last one shorter), each in one
    chunk: the writer would split a page where a chunk ends."""
    pending: pa.Table | None = None
    for batch in reader:
        table = pa.Table.from_batches([batch])
        pending = table if pending is None else pa.concat_tables([pending, table])
        while pending.num_rows >= ROW_GROUP:
            yield pending.slice(0, ROW_GROUP).combine_chunks()
            pending = pending.slice(ROW_GROUP)
    if pending is not None and pending.num_rows:
        yield pending.combine_chunks()
