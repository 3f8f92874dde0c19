"""What reading one file yields before it is tied to the file: documents and problems."""

from __future__ import annotations

from dataclasses import dataclass, field

from newsclean.document import Document, Source, document_id
from newsclean.readers.decoding import Decoded


@dataclass(frozen=True)
class RecordProblem:
    """What is wrong with the file (`record` None) or with one record of it."""

    error: str
    record: str | None = None


@dataclass
class Records:
    documents: list[Document] = field(default_factory=list)
    problems: list[RecordProblem] = field(default_factory=list)
    # records that are not articles (WARC requests, images, ...), passed over on purpose
    skipped: int = 0


@dataclass(frozen=True)
class FileInfo:
    """The file a record comes from."""

    path: str  # relative to the seeds folder, POSIX
    sha256: str
    format: str  # text | html | jsonl | warc | feed


def new_document(
    file: FileInfo,
    body: str,
    content: str,
    decoded: Decoded,
    *,
    record_key: str | None = None,
    record_id: str | None = None,
    url: str | None = None,
) -> Document:
    source = Source(
        path=file.path,
        sha256=file.sha256,
        format=file.format,
        record_id=record_id,
        url=url,
        encoding=decoded.encoding,
        encoding_reason=decoded.reason,
        content=content,
    )
    doc = Document(id=document_id(file.path, record_key), source=source, body=body)
    if decoded.replaced:
        # counted in this document's own text: a JSONL file's damage is spread over records
        replaced = body.count("\ufffd")
        doc.change("decode", "invalid-utf8", "invalid UTF-8 bytes replaced by U+FFFD", replaced)
    doc.change("decode", "nul-bytes", "stray NUL bytes removed", decoded.nuls)
    return doc
