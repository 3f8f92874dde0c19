"""documents.parquet, made from documents.jsonl by Arrow's own JSON reader.

Arrow parses the lines in C++, so no row becomes a Python dict on the way. Its reader has
no map type, so the one map column, `languages`, is read from each line apart. The file is
written in row groups of a fixed size, so it never depends on how the run was batched.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import BinaryIO

import pyarrow as pa
import pyarrow.json as pa_json
import pyarrow.parquet as pq

from newsclean.store.arrow_schema import document_schema
from newsclean.store.location import StorePath

ROW_GROUP = 2048  # rows per Parquet row group
# Arrow reads JSON in blocks, and a line may not straddle two of them.
_MIN_BLOCK = 1 << 20
# documents.jsonl rows are written with these separators, fields in the record's order:
# `languages` follows `language_confidence`, and its object holds no other object.
_LANGUAGES_KEY = b',"languages":'

OpenJsonl = Callable[[], BinaryIO]


def write_parquet(open_jsonl: OpenJsonl, sink: StorePath | io.BytesIO) -> None:
    """documents.parquet from the documents.jsonl that `open_jsonl` opens (it is read twice)."""
    schema = document_schema()
    column = schema.get_field_index("languages")
    field = schema.field(column)
    languages, longest = _languages_column(open_jsonl, field.type)
    with ExitStack() as stack:
        if not isinstance(sink, Path | io.BytesIO):  # pyarrow cannot open fsspec URLs
            sink = stack.enter_context(sink.open("wb"))
        writer = stack.enter_context(pq.ParquetWriter(sink, schema, compression="zstd"))
        if not len(languages):
            return  # Arrow's reader refuses empty input; the schema alone is the file
        reader = pa_json.open_json(
            stack.enter_context(open_jsonl()),
            read_options=pa_json.ReadOptions(block_size=max(_MIN_BLOCK, longest + 1)),
            parse_options=pa_json.ParseOptions(
                explicit_schema=schema.remove(column), unexpected_field_behavior="ignore"
            ),
        )
        done = 0
        for rows in _row_groups(reader):
            writer.write_table(rows.add_column(column, field, languages.slice(done, rows.num_rows)))
            done += rows.num_rows


def parquet_bytes(jsonl: bytes) -> bytes:
    buffer = io.BytesIO()
    write_parquet(lambda: io.BytesIO(jsonl), buffer)
    return buffer.getvalue()


def _languages_column(open_jsonl: OpenJsonl, kind: pa.DataType) -> tuple[pa.Array, int]:
    """Every row's `languages`, and the length of the longest line."""
    values = []
    longest = 0
    with open_jsonl() as lines:
        for line in lines:
            longest = max(longest, len(line))
            start = line.index(_LANGUAGES_KEY) + len(_LANGUAGES_KEY)
            values.append(list(json.loads(line[start : line.index(b"}", start) + 1]).items()))
    return pa.array(values, type=kind), longest


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
