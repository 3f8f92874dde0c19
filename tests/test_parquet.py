"""documents.parquet holds exactly the rows of documents.jsonl, whatever they contain."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta, timezone

import pyarrow as pa
import pyarrow.parquet as pq

from newsclean.document import Document, LanguageShare, Paragraph, Source
from newsclean.pipeline import run_pipeline
from newsclean.readers.read import read_path
from newsclean.store.arrow_schema import document_schema
from newsclean.store.parquet import ROW_GROUP, parquet_bytes
from newsclean.store.publish import corpus_files
from tests.conftest import SEEDS


def _rows(jsonl: bytes) -> list[dict]:
    """documents.jsonl rows as Parquet gives them back: `published` as an instant (the seeds'
    and these tests' dates all give a zone, or none, which is UTC)."""
    rows = [json.loads(line) for line in jsonl.splitlines()]
    for row in rows:
        if row["published"] is not None:
            moment = datetime.fromisoformat(row["published"])
            row["published"] = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return rows


# fewer documents than a shard holds: one shard
JSONL, PARQUET = "documents/part-00000.jsonl", "documents/part-00000.parquet"


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
    table = _table(files[PARQUET])
    assert table.schema.equals(document_schema())
    assert table.num_rows == len(cleaned) > 0
    assert table.to_pylist() == _rows(files[JSONL])


def test_mixed_languages_hostile_titles_and_a_line_longer_than_a_read_block():
    docs = [
        _doc(
            0,
            "Қазақстан\n\nРоссия",
            languages=[LanguageShare("kk", 0.4), LanguageShare("ru", 0.6)],
        ),
        # the key's own spelling inside a value must not be taken for the key
        _doc(1, 'quoted ,"languages":{"xx":1} text', title=',"languages":{"zz":0.5}}'),
        _doc(2, "word " * 600_000),  # 3 MB: over Arrow's 1 MB read block
        _doc(3, "Tab\tand \\ backslash \u2028 and 🙂", languages=[]),
    ]
    files = corpus_files(docs, [], {})
    table = _table(files[PARQUET])
    assert table.to_pylist() == _rows(files[JSONL])
    assert table.column("languages").to_pylist()[:2] == [
        [{"language": "kk", "share": 0.4}, {"language": "ru", "share": 0.6}],
        [],
    ]


def test_row_groups_have_a_fixed_size():
    docs = [_doc(i, f"paragraph {i}") for i in range(ROW_GROUP * 2 + 5)]
    files = corpus_files(docs, [], {})
    jsonl = b"".join(
        files[name]
        for name in sorted(files)
        if name.endswith(".jsonl") and name.startswith("documents/")
    )
    metadata = pq.ParquetFile(io.BytesIO(parquet_bytes(jsonl))).metadata
    sizes = [metadata.row_group(i).num_rows for i in range(metadata.num_row_groups)]
    assert sizes == [ROW_GROUP, ROW_GROUP, 5]
    assert _table(parquet_bytes(jsonl)).to_pylist() == _rows(jsonl)


def test_no_documents_give_an_empty_table_with_the_whole_schema():
    table = _table(parquet_bytes(b""))
    assert table.num_rows == 0
    assert table.schema.equals(document_schema())


def test_published_is_a_timestamp_in_utc_and_a_date_that_is_not_iso_is_null():
    given = [
        "2022-11-19T00:19:00+03:00",
        "2022-11-19T00:19:00.5-05:30",
        "2022-11-19T00:19:00",  # no zone: taken as UTC
        "2022-11-19",  # a date alone (trafilatura's): its midnight, UTC
        "21 ноября 2022",  # a JSONL input's own text: no instant
        None,
    ]
    docs = [_doc(i, "text", published=p) for i, p in enumerate(given)]
    files = corpus_files(docs, [], {})
    table = _table(files[PARQUET])
    assert table.schema.field("published").type == pa.timestamp("us", tz="UTC")
    moscow = timezone(timedelta(hours=3))
    assert table.column("published").to_pylist() == [
        datetime(2022, 11, 19, 0, 19, tzinfo=moscow),
        datetime(2022, 11, 19, 5, 49, 0, 500_000, tzinfo=UTC),
        datetime(2022, 11, 19, 0, 19, tzinfo=UTC),
        datetime(2022, 11, 19, tzinfo=UTC),
        None,
        None,
    ]
    # documents.jsonl keeps the text as given, offset included
    assert [json.loads(line)["published"] for line in files[JSONL].splitlines()] == given
