"""A version's documents read by the common readers (pandas, pyarrow, DuckDB, polars, Hugging
Face datasets), from its JSONL and its Parquet shards, with the schema files the version
ships, and through `newsclean.open_version`.

Two versions are read: the repository's own (the seeds, where the first row has no place)
and one in two shards, whose first 400 rows, more than Arrow's first 1 MB read block, have
no place, and whose last rows give a place, a mixed language and dates with and without a
zone.
"""

from __future__ import annotations

import atexit
import json
import os
import re
import shutil
import subprocess
import sys
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
import pyarrow.dataset as ds  # noqa: E402
import pyarrow.json as pa_json  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402
from jsonschema import Draft202012Validator  # noqa: E402

import newsclean  # noqa: E402
from newsclean.document import Document, LanguageShare, Paragraph, Source  # noqa: E402
from newsclean.pipeline import batch_counts  # noqa: E402
from newsclean.settings import Settings  # noqa: E402
from newsclean.store.arrow_schema import SCHEMA_ARROW, SCHEMA_JSON  # noqa: E402
from newsclean.store.inputs import InputFile  # noqa: E402
from newsclean.store.publish import corpus_files, publish  # noqa: E402
from newsclean.store.versions import load_version  # noqa: E402
from tests.conftest import ROOT  # noqa: E402

UNPLACED = 400  # rows without a place first: 400 x 3 KB is over Arrow's 1 MB read block
PUBLISHED = ["2022-11-19T00:19:00+03:00", "2022-11-19T00:19:00", "2022-11-19"]


def _generated_docs() -> list[Document]:
    docs = []
    for i in range(UNPLACED + 3):
        doc = Document(id=f"doc{i:05d}", source=Source(f"{i:05d}.txt", "0" * 64, "text"))
        doc.paragraphs = [Paragraph(f"Paragraph {i} " + "word " * 600, language="en")]
        doc.language, doc.language_confidence = "en", 1.0
        if i >= UNPLACED:
            doc.place, doc.published = "Almaty", PUBLISHED[i - UNPLACED]
        docs.append(doc)
    docs[-1].languages = [LanguageShare("kk", 0.4), LanguageShare("ru", 0.6)]
    docs[0].remove("furniture", "furniture.tsv:1", "a link line", "Read more", kind="related")
    return docs


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    cleaned = tmp_path_factory.mktemp("cleaned")
    docs = _generated_docs()
    inputs = [InputFile(d.source.path, d.source.sha256, 10, 1, 0) for d in docs]
    with pytest.MonkeyPatch.context() as patch:
        # two shards: the first holds every row without a place, and one with
        patch.setattr("newsclean.store.shards._first_cut", lambda count: [UNPLACED + 1, 2])
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


def _jsonl(version: Path) -> list[Path]:
    return sorted((version / "documents").glob("*.jsonl"))


def _parquet(version: Path) -> list[Path]:
    return sorted((version / "documents").glob("*.parquet"))


def _expected(version: Path) -> list[dict]:
    """The rows of the JSONL shards, which hold every document in id order (a first
    version's shards cut the documents in path order, here that of the ids)."""
    rows = [json.loads(line) for shard in _jsonl(version) for line in shard.open()]
    assert [r["id"] for r in rows] == sorted(r["id"] for r in rows)
    return rows


def test_the_generated_version_has_two_shards(generated):
    assert [p.name for p in _parquet(generated)] == ["part-00000.parquet", "part-00001.parquet"]
    assert [p.name for p in _jsonl(generated)] == ["part-00000.jsonl", "part-00001.jsonl"]


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
    from_json = pa.concat_tables(
        pa_json.read_json(shard, parse_options=pa_json.ParseOptions(explicit_schema=schema))
        for shard in _jsonl(version)
    )
    from_parquet = pq.read_table(_parquet(version))
    from_dataset = newsclean.open_version(version.parent, version.name).to_table()
    assert from_dataset.equals(from_parquet)
    assert from_dataset.schema.equals(ds.dataset(_parquet(version)).schema)
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
    from_json = pd.concat(
        [pd.read_json(shard, lines=True, dtype=False) for shard in _jsonl(version)],
        ignore_index=True,
    )
    from_parquet = pd.read_parquet(_parquet(version))
    for frame in (from_json, from_parquet):
        assert list(frame["id"]) == [r["id"] for r in expected]
        assert frame["language_confidence"].dtype == "float64"
        assert [None if pd.isna(p) else p for p in frame["place"]] == [r["place"] for r in expected]
    assert str(from_parquet["published"].dtype) == "datetime64[us, UTC]"
    assert [list(v) for v in from_parquet["languages"]] == [r["languages"] for r in expected]


def test_polars_reads_both_with_the_shipped_schema(version):
    expected = _expected(version)
    schema = pl.from_arrow(_schema(version).empty_table()).schema
    from_json = pl.concat(pl.read_ndjson(shard, schema=schema) for shard in _jsonl(version))
    from_parquet = pl.read_parquet(version / "documents" / "*.parquet")
    assert from_json.to_dicts() == expected
    assert from_parquet["place"].to_list() == [r["place"] for r in expected]
    assert from_parquet["language_confidence"].dtype == pl.Float64
    assert from_parquet["published"].dtype == pl.Datetime("us", "UTC")


def test_duckdb_reads_both_and_every_version_with_its_file_name(version):
    expected = _expected(version)
    jsonl = duckdb.sql(
        f"select place, language_confidence from read_json('{version}/documents/*.jsonl', "
        f"format='newline_delimited', columns={_duckdb_columns(version)}) order by id"
    )
    assert jsonl.fetchall() == [(r["place"], r["language_confidence"]) for r in expected]
    parquet = duckdb.sql(
        f"select id, place from read_parquet('{version}/documents/*.parquet') order by id"
    )
    assert parquet.fetchall() == [(r["id"], r["place"]) for r in expected]
    # every version at once, as the README shows: the folder names the version
    rows = duckdb.sql(
        "select regexp_extract(filename, 'v[0-9]+') as version, id, published "
        f"from read_parquet('{version.parent}/v*/documents/*.parquet', filename=true) "
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
        data_files=[str(shard) for shard in _jsonl(version)],
        features=features,
        cache_dir=str(tmp_path),
        split="train",
    )
    from_parquet = datasets.load_dataset(
        "parquet",
        data_files=str(version / "documents" / "*.parquet"),
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


def _duckdb_columns(version: Path) -> str:
    """The two columns read, typed as the version's schema says: DuckDB, like every JSON
    reader, would otherwise guess `place` from rows that have none."""
    schema = _schema(version)
    types = {"place": "VARCHAR", "language_confidence": "DOUBLE", "id": "VARCHAR"}
    assert all(pa.types.is_string(schema.field(c).type) for c in ("place", "id"))
    return "{" + ", ".join(f"'{name}': '{kind}'" for name, kind in types.items()) + "}"


def _code_blocks(markdown: str, language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```$", markdown, re.DOTALL | re.MULTILINE)


def test_the_cards_loading_code_runs_as_written(generated, tmp_path, monkeypatch):
    """The card's own code blocks, run from a folder that holds `cleaned/` as the card says:
    each reader gets every document, and none trips on the JSONL shards beside the Parquet."""
    (tmp_path / "cleaned").symlink_to(generated.parent)
    monkeypatch.chdir(tmp_path)
    (block,) = _code_blocks((generated / "README.md").read_text(), "python")
    namespace: dict = {}
    exec(compile(block, "README.md", "exec"), namespace)
    count = len(_expected(generated))
    assert len(namespace["documents"]) == count
    assert namespace["table"].num_rows == count
    assert namespace["frame"].height == count
    assert namespace["corpus"].num_rows == count
    assert sorted(namespace["documents"]["id"]) == [r["id"] for r in _expected(generated)]
    assert namespace["removed"]["rule"].tolist() == ["furniture.tsv:1"]


def test_the_readmes_reading_code_runs_as_written(generated, tmp_path, monkeypatch):
    (tmp_path / "cleaned").symlink_to(generated.parent)
    monkeypatch.chdir(tmp_path)
    section = (ROOT / "README.md").read_text().split("### Reading the corpus", 1)[0]
    section = section.split("## The output contract", 1)[1]
    (python,) = _code_blocks(section, "python")
    namespace: dict = {}
    exec(compile(python, "README.md", "exec"), namespace)
    assert namespace["frame"]["id"].tolist() == [r["id"] for r in _expected(generated)]
    (sql,) = _code_blocks(section, "sql")
    rows = duckdb.sql(sql).fetchall()
    assert len(rows) == len(_expected(generated)) and {r[0] for r in rows} == {generated.name}


def test_frictionless_validate_passes_on_a_version_without_rejections_in_two_shards(generated):
    checked = subprocess.run(
        [str(Path(sys.executable).with_name("frictionless")), "validate", "datapackage.json"],
        cwd=generated,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert checked.returncode == 0, checked.stdout[-3000:]
