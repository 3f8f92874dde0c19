"""Short records, as APIs and social feeds give them: one sentence each, in many languages.
No step may leave one of them without text; a record that is nothing but furniture is
dropped whole, with its reason. `data/short_records.jsonl` holds sentences written for these
tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsclean.document import Document, Paragraph, Source
from newsclean.pipeline import PIPELINE, batch_counts, is_emptied, run_pipeline
from newsclean.readers.read import read_bytes, read_path
from newsclean.settings import Settings
from tests.conftest import DEV_DATA

DATA = Path(__file__).parent / "data"
SHORT_RECORDS = DATA / "short_records.jsonl"
# records that are nothing but furniture
FURNITURE = {"furniture-1", "furniture-2", "en-10", "en-11", "ru-4"}
SENTENCES = DEV_DATA / "langid-dev" / "sentences"


def _records() -> dict[str, dict[str, str]]:
    lines = SHORT_RECORDS.read_text(encoding="utf-8").splitlines()
    return {record["id"]: record for record in map(json.loads, lines)}


def test_every_short_record_keeps_its_text_and_its_title(settings: Settings) -> None:
    records = _records()
    read = read_path(SHORT_RECORDS, DATA, settings.readers)
    assert read.rejections == [] and len(read.documents) == len(records)
    docs, _ = run_pipeline(read.documents, settings)
    assert not [d.source.record_id for d in docs if is_emptied(d)]
    by_record = {d.source.record_id: d for d in docs}
    for key, record in records.items():
        doc = by_record[key]
        if key in FURNITURE:
            assert doc.dropped and [r.text for r in doc.removals] == [record["text"]]
            continue
        assert not doc.dropped, key
        if "\n" not in record["text"]:  # one line: all of it stays the text
            assert doc.text == record["text"], key
        if "title" in record:
            assert doc.title == record["title"], key
    # a title over a sentence is still a title
    assert by_record["en-13"].title == "Kazakhstan prepares for early elections"
    assert by_record["en-13"].text.startswith("The vote will be held")


def test_a_document_kept_with_no_text_is_counted_as_emptied() -> None:
    source = Source("a.txt", "0" * 64, "text")
    kept = Document("kept", source, paragraphs=[Paragraph("A sentence stays.")])
    emptied = Document("emptied", source, paragraphs=[Paragraph(" ")])
    dropped = Document("dropped", source, dropped=True)
    counts = batch_counts([kept, emptied, dropped], rejected=0)
    assert counts["emptied"] == 1 and counts["documents"] == 2 and counts["dropped"] == 1


@pytest.mark.skipif(not SENTENCES.is_dir(), reason="needs ../shared/data/langid-dev")
def test_no_sentence_of_75_languages_is_emptied(settings: Settings) -> None:
    """37,500 one-sentence records through every stage that removes text (the annotate
    stage and the name variants only add to a document)."""
    lines = [
        json.dumps({"id": f"{path.stem}-{n}", "text": text}, ensure_ascii=False)
        for path in sorted(SENTENCES.glob("*.txt"))
        for n, text in enumerate(path.read_text(encoding="utf-8").splitlines()[:500])
    ]
    read = read_bytes(("\n".join(lines) + "\n").encode(), "sentences.jsonl", settings.readers)
    docs, _ = run_pipeline(read.documents, settings, pipeline=PIPELINE[:3])
    assert len(docs) > 37_000
    assert [d.source.record_id for d in docs if is_emptied(d)] == []
    # the only documents dropped are copies of another sentence, and lines without a letter
    # ("..") as no prose
    assert {r.step for d in docs if d.dropped for r in d.removals} <= {"duplicates", "quality"}
    no_prose = [r.text for d in docs if d.dropped for r in d.removals if r.step == "quality"]
    assert no_prose and not any(c.isalpha() for text in no_prose for c in text)
