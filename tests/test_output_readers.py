"""A version's documents read by the common readers (pandas, pyarrow, DuckDB, polars, Hugging
Face datasets), from JSONL and from Parquet, with the schema files the version ships.

Two versions are read: the repository's own (the seeds, where the first row has no place)
and one whose first 400 rows, more than Arrow's first 1 MB read block, have no place, and
whose last rows give a place, a mixed language and dates with and without a zone.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

# datasets reads these as it is imported: never the network, never ~/.cache
os.environ["HF_DATASETS_OFFLINE"] = "1"
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["HF_HOME"] = tempfile.mkdtemp(prefix="newsclean-hf-")
atexit.register(shutil.rmtree, os.environ["HF_HOME"], ignore_errors=True)

import datasets  # noqa: E402
import duckdb  # noqa: E402
import pandas as pd  # noqa: E402
import polars as pl  # noqa: E402
import pyarrow as pa  # noqa: E402
import pyarrow.json as pa_json  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402
from jsonschema import Draft202012Validator  # noqa: E402

from newsclean.document import Document, LanguageShare, Paragraph, Source  # noqa: E402
from newsclean.pipeline import batch_counts  # noqa: E402
from newsclean.settings import Settings  # noqa: E402
from newsclean.store.arrow_schema import SCHEMA_ARROW, SCHEMA_JSON  # noqa: E402
from newsclean.store.publish import InputFile, corpus_files, publish  # noqa: E402
from newsclean.store.versions import (  # noqa: E402
    DOCUMENTS_JSONL,
    DOCUMENTS_PARQUET,
    load_version,
)
from tests.conftest import ROOT  # noqa: E402

UNPLACED = 400  # rows without a place first: 400 x 3 KB is over Arrow's 1 MB read block
PUBLISHED = ["2022-11-19T00:19:00+03:00", "2022-11-19T00:19:00", "2022-11-19"]


def _generated_docs() -> list[Document]:
    docs = []
    for i in range(UNPLACED + 3):
        doc = Document(id=f"doc{i:05d}", source=Source(f"{i}.txt", "0" * 64, "text"))
        doc.paragraphs = [Paragraph(f"Paragraph {i} " + "word " * 600, language="en")]
        doc.language, doc.language_confidence = "en", 1.0
        if i >= UNPLACED:
            doc.place, doc.published = "Almaty", PUBLISHED[i - UNPLACED]
        docs.append(doc)
    docs[-1].languages = [LanguageShare("kk", 0.4), LanguageShare("ru", 0.6)]
    return docs


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    cleaned = tmp_path_factory.mktemp("cleaned")
    docs = _generated_docs()
    inputs = [InputFile(d.source.path, d.source.sha256, 10, 1, 0) for d in docs]
    files = corpus_files(docs, [], {})
    result = publish(
        cleaned,
        files,
        inputs=inputs,
        settings=Settings(),
        counts={"inputs": len(inputs), **batch_counts(docs, 0)},
        parent=None,
    )
    return cleaned / result.version


@pytest.fixture(scope="module", params=["repository", "generated"])
def version(request) -> Path:
    if request.param == "repository":
        return load_version(ROOT / "cleaned").path
    return request.getfixturevalue("generated")


def _expected(version: Path) -> list[dict]:
    with (version / DOCUMENTS_JSONL).open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


def _schema(version: Path) -> pa.Schema:
    return pa.ipc.read_schema(pa.py_buffer((version / SCHEMA_ARROW).read_bytes()))


def _instant(published: str | None) -> datetime | None:
    if published is None:
        return None
    moment = datetime.fromisoformat(published)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _without_published(row: dict) -> dict:
    return {k: v for k, v in row.items() if k != "published"}


def test_rows_follow_the_json_schema(version):
    validator = Draft202012Validator(json.loads((version / SCHEMA_JSON).read_text()))
    for row in _expected(version):
        validator.validate(row)
        assert isinstance(row["language_confidence"], float)


def test_pyarrow_reads_both_with_the_same_columns(version):
    expected = _expected(version)
    schema = _schema(version)
    from_json = pa_json.read_json(
        version / DOCUMENTS_JSONL, parse_options=pa_json.ParseOptions(explicit_schema=schema)
    )
    from_parquet = pq.read_table(version / DOCUMENTS_PARQUET)
    assert from_json.to_pylist() == expected
    assert from_parquet.column_names == from_json.column_names == schema.names
    assert from_parquet.schema.field("published").type == pa.timestamp("us", tz="UTC")
    assert from_parquet.column("published").to_pylist() == [
        _instant(r["published"]) for r in expected
    ]
    assert from_parquet.drop_columns("published").to_pylist() == [
        _without_published(r) for r in expected
    ]


def test_pandas_reads_both(version):
    expected = _expected(version)
    from_json = pd.read_json(version / DOCUMENTS_JSONL, lines=True, dtype=False)
    from_parquet = pd.read_parquet(version / DOCUMENTS_PARQUET)
    for frame in (from_json, from_parquet):
        assert list(frame["id"]) == [r["id"] for r in expected]
        assert frame["language_confidence"].dtype == "float64"
        assert [None if pd.isna(p) else p for p in frame["place"]] == [r["place"] for r in expected]
    assert str(from_parquet["published"].dtype) == "datetime64[us, UTC]"
    assert [list(v) for v in from_parquet["languages"]] == [r["languages"] for r in expected]


def test_polars_reads_both_with_the_shipped_schema(version):
    expected = _expected(version)
    schema = pl.from_arrow(_schema(version).empty_table()).schema
    from_json = pl.read_ndjson(version / DOCUMENTS_JSONL, schema=schema)
    from_parquet = pl.read_parquet(version / DOCUMENTS_PARQUET)
    assert from_json.to_dicts() == expected
    assert from_parquet["place"].to_list() == [r["place"] for r in expected]
    assert from_parquet["language_confidence"].dtype == pl.Float64
    assert from_parquet["published"].dtype == pl.Datetime("us", "UTC")


def test_duckdb_reads_both_and_every_version_with_its_file_name(version):
    expected = _expected(version)
    jsonl = duckdb.sql(
        f"select place, language_confidence from read_json('{version / DOCUMENTS_JSONL}', "
        "format='newline_delimited') order by id"
    )
    assert jsonl.fetchall() == [(r["place"], r["language_confidence"]) for r in expected]
    # every version at once, as the README shows: the folder names the version
    rows = duckdb.sql(
        "select regexp_extract(filename, 'v[0-9]+') as version, id, published "
        f"from read_parquet('{version.parent}/v*/documents.parquet', filename=true) "
        "order by version, id"
    ).fetchall()
    assert [(v, i) for v, i, _ in rows if v == version.name] == [
        (version.name, r["id"]) for r in expected
    ]
    assert [p for v, _, p in rows if v == version.name] == [
        _instant(r["published"]) for r in expected
    ]


def test_hugging_face_datasets_loads_both(version, tmp_path):
    expected = _expected(version)
    features = datasets.Features.from_arrow_schema(_schema(version))
    from_json = datasets.load_dataset(
        "json",
        data_files=str(version / DOCUMENTS_JSONL),
        features=features,
        cache_dir=str(tmp_path),
        split="train",
    )
    from_parquet = datasets.load_dataset(
        "parquet",
        data_files=str(version / DOCUMENTS_PARQUET),
        cache_dir=str(tmp_path),
        split="train",
    )
    # datasets' JSON loader lets Arrow take ISO 8601 text for timestamps, then casts them back
    # to text in UTC: the offset of `published` is read from the JSONL by the other readers
    assert [_without_published(r) for r in from_json.to_list()] == [
        _without_published(r) for r in expected
    ]
    assert from_parquet["published"] == [_instant(r["published"]) for r in expected]
    assert from_parquet["place"] == [r["place"] for r in expected]
    assert from_parquet["languages"] == [r["languages"] for r in expected]
    assert from_parquet.features["published"].dtype == "timestamp[us, tz=UTC]"
