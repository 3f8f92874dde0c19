"""The schema of a version's documents, derived from the record's dataclasses so that the
two cannot drift apart, and fixed rather than inferred so that a column null in the first
rows (or in all of them) keeps its type in every reader.

Three forms: the Arrow schema of documents.jsonl's rows (shipped as documents.schema.arrow,
for JSON readers: pyarrow, polars, Hugging Face datasets), the Parquet file's own schema
(the same, but `published` is a timestamp), and a JSON Schema of the rows
(documents.schema.json).
"""

from __future__ import annotations

import json
import types
import typing
from dataclasses import fields, is_dataclass
from datetime import UTC, datetime
from typing import Any

import pyarrow as pa

from newsclean.document import WORKING_FIELDS, Document, Removal

SCHEMA_ARROW = "documents.schema.arrow"
SCHEMA_JSON = "documents.schema.json"
REMOVED_SCHEMA_ARROW = "removed.schema.arrow"
REMOVED_SCHEMA_JSON = "removed.schema.json"
# In Parquet, `published` is the instant in UTC: Parquet keeps no offset per value. The
# JSONL row keeps the text with its offset.
PUBLISHED = pa.timestamp("us", tz="UTC")

_SCALARS: dict[Any, pa.DataType] = {
    str: pa.string(),
    int: pa.int64(),
    float: pa.float64(),
    bool: pa.bool_(),
}
_JSON_SCALARS: dict[Any, str] = {str: "string", int: "integer", float: "number", bool: "boolean"}


def arrow_type(hint: Any) -> pa.DataType:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return arrow_type(_optional_inner(hint))
    if origin is list:
        return pa.list_(arrow_type(typing.get_args(hint)[0]))
    if is_dataclass(hint):
        hints = typing.get_type_hints(hint)
        return pa.struct([pa.field(f.name, arrow_type(hints[f.name])) for f in fields(hint)])
    return _SCALARS[hint]


def jsonl_schema() -> pa.Schema:
    """The Arrow schema of documents.jsonl's rows."""
    return pa.schema([pa.field(name, arrow_type(hint)) for name, hint in _row_hints()])


def document_schema() -> pa.Schema:
    """The schema of documents.parquet."""
    schema = jsonl_schema()
    index = schema.get_field_index("published")
    return schema.set(index, pa.field("published", PUBLISHED))


def to_parquet_types(rows: pa.Table) -> pa.Table:
    """Rows read from documents.jsonl by `jsonl_schema`, with Parquet's `published`."""
    index = rows.schema.get_field_index("published")
    instants = pa.array([_instant(v) for v in rows.column(index).to_pylist()], type=PUBLISHED)
    return rows.set_column(index, pa.field("published", PUBLISHED), instants)


def _instant(published: str | None) -> datetime | None:
    """An ISO 8601 timestamp as an instant; one without a zone is taken as UTC (as the
    duplicate step ranks it). A date that is not ISO 8601 (a JSONL input may give any text)
    has no instant: null in Parquet, kept as given in documents.jsonl."""
    if published is None:
        return None
    try:
        moment = datetime.fromisoformat(published)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def json_schema() -> dict[str, Any]:
    """A JSON Schema (2020-12) of documents.jsonl's rows."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "newsclean document (a row of documents.jsonl)",
        **_json_object(_row_hints()),
    }


def removed_schema() -> pa.Schema:
    """The Arrow schema of the rows of removed/ (JSONL and Parquet alike): which document,
    the removal's index in it, then the removal."""
    return pa.schema([pa.field(name, arrow_type(hint)) for name, hint in _removed_hints()])


def removed_json_schema() -> dict[str, Any]:
    """A JSON Schema (2020-12) of removed/'s rows."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "newsclean removal (a row of removed/)",
        **_json_object(_removed_hints()),
    }


def schema_files() -> dict[str, bytes]:
    """The schema files every version holds beside its documents and its removals."""
    return {
        SCHEMA_ARROW: jsonl_schema().serialize().to_pybytes(),
        SCHEMA_JSON: (json.dumps(json_schema(), indent=2) + "\n").encode(),
        REMOVED_SCHEMA_ARROW: removed_schema().serialize().to_pybytes(),
        REMOVED_SCHEMA_JSON: (json.dumps(removed_json_schema(), indent=2) + "\n").encode(),
    }


def _removed_hints() -> list[tuple[str, Any]]:
    hints = typing.get_type_hints(Removal)
    return [("document", str), ("index", int), *((f.name, hints[f.name]) for f in fields(Removal))]


def _row_hints() -> list[tuple[str, Any]]:
    """(name, type) of every column, in the row's order: the record's fields but the
    working ones, then the text."""
    hints = typing.get_type_hints(Document)
    columns = [(f.name, hints[f.name]) for f in fields(Document) if f.name not in WORKING_FIELDS]
    return [*columns, ("text", str)]


def _json_type(hint: Any) -> dict[str, Any]:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        inner = _json_type(_optional_inner(hint))
        if list(inner) == ["type"]:
            return {"type": [inner["type"], "null"]}
        return {"anyOf": [inner, {"type": "null"}]}
    if origin is list:
        return {"type": "array", "items": _json_type(typing.get_args(hint)[0])}
    if is_dataclass(hint):
        hints = typing.get_type_hints(hint)
        return _json_object([(f.name, hints[f.name]) for f in fields(hint)])
    return {"type": _JSON_SCALARS[hint]}


def _json_object(columns: list[tuple[str, Any]]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {name: _json_type(hint) for name, hint in columns},
        "required": [name for name, _ in columns],
        "additionalProperties": False,
    }


def _optional_inner(hint: Any) -> Any:
    (inner,) = [a for a in typing.get_args(hint) if a is not type(None)]
    return inner
