"""WARC: the HTML responses of a web archive, one document each.

Requests, metadata, redirects, errors and non-HTML responses are not articles: they are
counted as skipped, not rejected. A record that ends before its body does (Content-Length too
short) or that the end of the file cuts short is rejected alone, by its WARC-Record-ID. A
WARC that warcio cannot parse further is a problem of the file; the documents read before
the damage are kept.
"""

from __future__ import annotations

import io

from warcio.archiveiterator import ArchiveIterator
from warcio.recordloader import ArcWarcRecord

from newsclean.document import Document
from newsclean.readers.checks import document_problem, html_problem
from newsclean.readers.decoding import DecodingError, decode
from newsclean.readers.records import FileInfo, RecordProblem, Records, new_document
from newsclean.readers.sniff import WARC_MAGIC
from newsclean.settings import ReaderSettings

HTML_MEDIA_TYPES = ("text/html", "application/xhtml+xml")


CUT_SHORT = "cut short of its Content-Length: the file ends inside the record"
OVERRUN = (
    "Content-Length shorter than the record's body: the body runs on past it, so what it "
    "declares would be cut"
)


class _Damaged(ValueError):
    pass


def read_warc(data: bytes, file: FileInfo, settings: ReaderSettings) -> Records:
    records = Records()
    if not data.startswith(WARC_MAGIC):
        problem = f"malformed WARC (starts {data[:16]!r}, not {WARC_MAGIC!r})"
        records.problems.append(RecordProblem(problem))
        return records
    first_of_key: dict[str, str] = {}
    iterator = ArchiveIterator(io.BytesIO(data))
    complete = 0
    # A record's result waits until the next record is found: only then does warcio tell
    # (by its error count) that the record's body ran on past its Content-Length.
    pending: tuple[str, Document | RecordProblem | None] | None = None
    try:
        for record in iterator:
            _settle(records, pending, iterator)
            pending = None
            label = record.rec_headers.get_header("WARC-Record-ID") or f"record {complete + 1}"
            if record.rec_type is None:
                raise _Damaged(f"{label} has no WARC-Type")
            result = None
            if _is_html_response(record):
                result = _read_response(record, label, file, first_of_key, settings)
            else:
                records.skipped += 1
            iterator.read_to_end()
            # warcio returns a record cut short by the end of the file as if it were whole
            if getattr(record.raw_stream, "limit", 0) > 0:
                records.problems.append(RecordProblem(CUT_SHORT, label))
                break
            pending = (label, result)
            complete += 1
        _settle(records, pending, iterator)
    except _Damaged as problem:
        _settle(records, pending, iterator)
        records.problems.append(RecordProblem(f"malformed WARC ({problem})"))
        return records
    # warcio raises many kinds of error on damaged input (its own, ValueError, zlib.error,
    # AttributeError deep in its parser): each means the archive cannot be read further.
    except Exception as error:
        _settle(records, pending, iterator)
        records.problems.append(
            RecordProblem(
                f"malformed WARC ({type(error).__name__}: {error}; after {complete} records)"
            )
        )
        return records
    if data[iterator.offset :].strip():
        records.problems.append(
            RecordProblem(f"malformed WARC (unreadable bytes after {complete} records)")
        )
    elif not records.documents and not records.problems:
        records.problems.append(RecordProblem("no HTML response records"))
    return records


def _settle(
    records: Records,
    pending: tuple[str, Document | RecordProblem | None] | None,
    iterator: ArchiveIterator,
) -> None:
    """Files the result of the record read last, unless its body ran past its end."""
    if pending is None:
        return
    label, result = pending
    if iterator.err_count:
        iterator.err_count = 0
        records.problems.append(RecordProblem(OVERRUN, label))
    elif isinstance(result, RecordProblem):
        records.problems.append(result)
    elif result is not None:
        records.documents.append(result)


def _is_html_response(record: ArcWarcRecord) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return False
    status = record.http_headers.get_statuscode() or ""
    media_type = (record.http_headers.get_header("Content-Type") or "").split(";")[0]
    return status.startswith("2") and media_type.strip().lower() in HTML_MEDIA_TYPES


def _read_response(
    record: ArcWarcRecord,
    label: str,
    file: FileInfo,
    first_of_key: dict[str, str],
    settings: ReaderSettings,
) -> Document | RecordProblem:
    uri = record.rec_headers.get_header("WARC-Target-URI")
    key = uri or label
    if key in first_of_key:
        first = first_of_key[key]
        return RecordProblem(f"duplicate WARC-Target-URI {uri} (first in {first})", label)
    first_of_key[key] = label
    # content_stream() undoes chunking and Content-Encoding: bound it like a gunzip
    max_bytes = settings.max_bytes
    payload = record.content_stream().read(max_bytes + 1)
    if len(payload) > max_bytes:
        return RecordProblem(
            f"payload decompresses to more than max_bytes ({max_bytes} bytes)", label
        )
    content_type = record.http_headers.get_header("Content-Type")
    try:
        decoded = decode(payload, html=True, http_content_type=content_type)
    except DecodingError as error:
        return RecordProblem(f"undecodable ({error})", label)
    problem = document_problem(decoded.text, settings) or html_problem(decoded.text)
    if problem:
        return RecordProblem(problem, label)
    record_id = record.rec_headers.get_header("WARC-Record-ID")
    return new_document(
        file, decoded.text, "html", decoded, record_key=key, record_id=record_id, url=uri
    )
