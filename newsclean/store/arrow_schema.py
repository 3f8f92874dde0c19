"""The Parquet schema of documents.parquet, derived from the record's dataclasses so the two
cannot drift apart, and fixed rather than inferred so that empty columns keep their types."""

from __future__ import annotations

import types
import typing
from dataclasses import fields, is_dataclass
from typing import Any

import pyarrow as pa

from newsclean.document import WORKING_FIELDS, Document

_SCALARS: dict[Any, pa.DataType] = {
    str: pa.string(),
    int: pa.int64(),
    float: pa.float64(),
    bool: pa.bool_(),
}


def arrow_type(hint: Any) -> pa.DataType:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        (inner,) = [a for a in typing.get_args(hint) if a is not type(None)]
        return arrow_type(inner)
    if origin is list:
        return pa.list_(arrow_type(typing.get_args(hint)[0]))
    if origin is dict:
        key, value = typing.get_args(hint)
        return pa.map_(arrow_type(key), arrow_type(value))
    if is_dataclass(hint):
        hints = typing.get_type_hints(hint)
        return pa.struct([pa.field(f.name, arrow_type(hints[f.name])) for f in fields(hint)])
    return _SCALARS[hint]


def document_schema() -> pa.Schema:
    hints = typing.get_type_hints(Document)
    columns = [
        pa.field(f.name, arrow_type(hints[f.name]))
        for f in fields(Document)
        if f.name not in WORKING_FIELDS
    ]
    columns.append(pa.field("text", pa.string()))
    return pa.schema(columns)
