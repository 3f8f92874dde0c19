"""documents.parquet holds exactly the rows of documents.jsonl, whatever they contain."""

from __future__ import annotations

import io
import json

import pyarrow.parquet as pq

from newsclean.document import Document, Paragraph, Source
from newsclean.pipeline import run_pipeline
from newsclean.readers.read import read_path
from newsclean.store.arrow_schema import document_schema
from newsclean.store.parquet import ROW_GROUP, parquet_bytes
from newsclean.store.publish import corpus_files
from newsclean.store.versions import DOCUMENTS_JSONL, DOCUMENTS_PARQUET
from tests.conftest import SEEDS


def _rows(jsonl: bytes) -> list[dict]:
    """documents.jsonl rows as Arrow gives them back: maps as key/value pairs."""
    rows = [json.loads(line) for line in jsonl.splitlines()]
    for row in rows:
        row["languages"] = list(row["languages"].items())
    return rows


def _table(parquet: bytes):
    return pq.read_table(io.BytesIO(parquet))


def _doc(index: int, text: str, **fields) -> Document:
    doc = Document(id=f"doc{index:05d}", source=Source(f"{index}.txt", "0" * 64, "text"), **fields)
    doc.paragraphs = [Paragraph(p, language="en") for p in text.split("\n\n")]
    return doc


def test_seed_documents_round_trip(settings):
    docs = [
        doc
        for path in sorted(p for p in SEEDS.rglob("*") if p.is_file())
        for doc in read_path(path, SEEDS, settings.readers).documents
    ]
    cleaned, extra = run_pipeline(docs, settings)
    files = corpus_files(cleaned, [], extra)
    table = _table(files[DOCUMENTS_PARQUET])
    assert table.schema.equals(document_schema())
    assert table.num_rows == len(cleaned) > 0
    assert table.to_pylist() == _rows(files[DOCUMENTS_JSONL])


def test_mixed_languages_hostile_titles_and_a_line_longer_than_a_read_block():
    docs = [
        _doc(0, "Қазақстан\n\nРоссия", languages={"kk": 0.4, "ru": 0.6}),
        # the key's own spelling inside a value must not be taken for the key
        _doc(1, 'quoted ,"languages":{"xx":1} text', title=',"languages":{"zz":0.5}}'),
        _doc(2, "word " * 600_000),  # 3 MB: over Arrow's 1 MB read block
        _doc(3, "Tab\tand \\ backslash \u2028 and 🙂", languages={}),
    ]
    files = corpus_files(docs, [], {})
    table = _table(files[DOCUMENTS_PARQUET])
    assert table.to_pylist() == _rows(files[DOCUMENTS_JSONL])
    assert table.column("languages").to_pylist()[:2] == [[("kk", 0.4), ("ru", 0.6)], []]


def test_row_groups_have_a_fixed_size():
    docs = [_doc(i, f"paragraph {i}") for i in range(ROW_GROUP * 2 + 5)]
    jsonl = corpus_files(docs, [], {})[DOCUMENTS_JSONL]
    metadata = pq.ParquetFile(io.BytesIO(parquet_bytes(jsonl))).metadata
    sizes = [metadata.row_group(i).num_rows for i in range(metadata.num_row_groups)]
    assert sizes == [ROW_GROUP, ROW_GROUP, 5]
    assert _table(parquet_bytes(jsonl)).to_pylist() == _rows(jsonl)


def test_no_documents_give_an_empty_table_with_the_whole_schema():
    table = _table(parquet_bytes(b""))
    assert table.num_rows == 0
    assert table.schema.equals(document_schema())
