"""A version's data files grouped into resources (a table in one format, in one file or many
shards), with each table's title, description and, for tabular ones, the type and meaning of
every column. Built from the files listed in the manifest's `outputs`, so it holds for any
layout of the files.
"""

from __future__ import annotations

import tomllib
import typing
from collections.abc import Mapping
from dataclasses import dataclass, fields
from functools import cache
from pathlib import Path
from typing import Any

import pyarrow as pa

from newsclean.corpus.duplicates import Member
from newsclean.readers.read import Rejection
from newsclean.store.arrow_schema import arrow_type, document_schema, jsonl_schema, removed_schema
from newsclean.store.inputs import InputFile

RESOURCES_FILE = Path(__file__).with_name("resources.toml")

MEDIA_TYPES = {
    "jsonl": "application/x-ndjson",
    "json": "application/json",
    "parquet": "application/vnd.apache.parquet",
    "arrow": "application/vnd.apache.arrow.stream",
}


@dataclass(frozen=True)
class Resource:
    """One table in one format: the file or shards (sorted) that hold it."""

    table: str
    format: str
    paths: tuple[str, ...]
    rows: int | None  # None: not a file of rows (a JSON object, a schema)
    sha256: str | None  # of the one file; None for shards, each of which has its own

    @property
    def name(self) -> str:
        return f"{self.table}.{self.format}"

    @property
    def title(self) -> str:
        return str(_table_text(self.table)["title"])

    @property
    def description(self) -> str:
        return str(_table_text(self.table)["description"])

    def schema(self) -> pa.Schema | None:
        """The Arrow schema of the rows, for a tabular resource (rows of the same fields)."""
        if self.table == "documents":
            return document_schema() if self.format == "parquet" else jsonl_schema()
        return _ROW_SCHEMAS[self.table]() if self.table in _ROW_SCHEMAS else None

    def field_descriptions(self) -> dict[str, str]:
        """The meaning of every column of `schema()`; raises if the data file lacks one."""
        schema = self.schema()
        described = _table_text(self.table).get("fields", {})
        if schema is None:
            return {}
        missing = [name for name in schema.names if name not in described]
        if missing:
            raise ValueError(f"{RESOURCES_FILE} describes no column {missing} of {self.table}")
        return {name: str(described[name]) for name in schema.names}


def resources(outputs: Mapping[str, Mapping[str, Any]]) -> list[Resource]:
    """The resources of a version whose files are `outputs` (the manifest's: path inside
    the version -> sha256 and rows), by table then format."""
    grouped: dict[tuple[str, str], list[str]] = {}
    for path in outputs:
        grouped.setdefault(table_and_format(path), []).append(path)
    found = []
    for (table, fmt), paths in sorted(grouped.items()):
        paths.sort()
        rows = [outputs[p].get("rows") for p in paths]
        found.append(
            Resource(
                table,
                fmt,
                tuple(paths),
                None if None in rows else sum(rows),
                outputs[paths[0]]["sha256"] if len(paths) == 1 else None,
            )
        )
    return found


def table_and_format(path: str) -> tuple[str, str]:
    """`documents.jsonl` and `documents/part-00000.jsonl` are both ("documents", "jsonl")."""
    folder, _, filename = path.rpartition("/")
    stem, _, fmt = filename.rpartition(".")
    return (folder.split("/")[0] if folder else stem), fmt


def _table_text(table: str) -> dict[str, Any]:
    tables = _described_tables()
    if table not in tables:
        raise ValueError(f"{RESOURCES_FILE} does not describe {table!r}")
    text: dict[str, Any] = tables[table]
    return text


@cache
def _described_tables() -> dict[str, Any]:
    with RESOURCES_FILE.open("rb") as handle:
        return tomllib.load(handle)


def _schema_of(columns: list[tuple[str, Any]]) -> pa.Schema:
    return pa.schema([pa.field(name, arrow_type(hint)) for name, hint in columns])


def _dataclass_columns(cls: type) -> list[tuple[str, Any]]:
    hints = typing.get_type_hints(cls)
    return [(f.name, hints[f.name]) for f in fields(cls)]


# The rows of the other line files, as their writers build them from these records.
_ROW_SCHEMAS = {
    "removed": removed_schema,
    "rejected": lambda: _schema_of(_dataclass_columns(Rejection)),
    "inputs": lambda: _schema_of(_dataclass_columns(InputFile)),
    "duplicates": lambda: _schema_of([("canonical", str), ("members", list[Member])]),
}
