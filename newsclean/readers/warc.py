"""WARC: the HTML responses of a web archive, one document each.

Requests, metadata, redirects, errors and non-HTML responses are not articles: they are
counted as skipped, not rejected. A record that ends before its body does (Content-Length too
short), or whose Content-Length runs into the next record (too long), is rejected alone, by
its WARC-Record-ID, and reading resumes at the next record; so is a record that the end of
the file cuts short. A WARC that warcio cannot parse further is
a problem of the file; the documents read before the damage are kept.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from warcio.archiveiterator import ArchiveIterator
from warcio.recordloader import ArcWarcRecord

from newsclean.document import Document
from newsclean.readers.checks import document_problem, html_problem, without_nuls
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
UNDERRUN = (
    "Content-Length longer than the record's body: it runs into the next record, which is "
    "read on its own"
)


class _Damaged(ValueError):
    pass


class _QuietArchiveIterator(ArchiveIterator):
    """warcio's iterator, without the warning it prints to stderr (naming no file) when a
    record does not end where its Content-Length says: the reader counts those (`err_count`)
    and rejects the record by name instead."""

    INC_RECORD = ""


def read_warc(data: bytes, file: FileInfo, settings: ReaderSettings) -> Records:
    if not data.startswith(WARC_MAGIC):
        problem = f"malformed WARC (starts {data[:16]!r}, not {WARC_MAGIC!r})"
        return Records(problems=[RecordProblem(problem)])
    archive = _Archive(data, file, settings)
    start: int | None = 0
    while start is not None:
        start = archive.read_from(start)
    records = archive.records
    if not records.documents and not records.problems:
        records.problems.append(RecordProblem("no HTML response records"))
    return records


# A record is the WARC version line at the start of a line: where reading resumes after a
# record whose body ran past its Content-Length.
_RECORD_START = re.compile(rb"(?<=\n)WARC/1\.[01]\r?\n")

# a record read: where it starts, where warcio ends it, its label, and what it gave
_Pending = tuple[int, int, str, Document | RecordProblem | None]


@dataclass
class _Archive:
    data: bytes
    file: FileInfo
    settings: ReaderSettings
    records: Records = field(default_factory=Records)
    first_of_key: dict[str, str] = field(default_factory=dict)
    complete: int = 0  # records read whole so far

    def read_from(self, start: int) -> int | None:
        """Reads the records from offset `start` on. Returns where the next record starts
        after one whose body ran past its Content-Length (warcio would read the rest of that
        body as records), or None once done."""
        iterator = _QuietArchiveIterator(io.BytesIO(self.data[start:]))
        # A record's result waits until the next record is found: only then does warcio
        # tell (by its error count) that the record's body ran on past its Content-Length.
        pending: _Pending | None = None
        try:
            for record in iterator:
                if self._overran(pending, iterator):
                    return self._next_record(pending)
                label = record.rec_headers.get_header("WARC-Record-ID")
                label = label or f"record {self.complete + 1}"
                if record.rec_type is None:
                    raise _Damaged(f"{label} has no WARC-Type")
                result = None
                if _is_html_response(record):
                    result = _read_response(
                        record, label, self.file, self.first_of_key, self.settings
                    )
                else:
                    self.records.skipped += 1
                record_start = start + iterator.offset
                iterator.read_to_end()
                pending = (record_start, start + iterator.offset, label, result)
                # warcio returns a record cut short by the end of the file as if it were whole
                if getattr(record.raw_stream, "limit", 0) > 0:
                    # unless a record starts inside it: then its Content-Length was too long
                    found = _RECORD_START.search(self.data, record_start + 1)
                    self.records.problems.append(
                        RecordProblem(UNDERRUN if found else CUT_SHORT, label)
                    )
                    return found.start() if found else None
                self.complete += 1
            if self._overran(pending, iterator):
                return self._next_record(pending)
        except _Damaged as problem:
            if self._overran(pending, iterator):
                return self._next_record(pending)
            self.records.problems.append(RecordProblem(f"malformed WARC ({problem})"))
            return None
        # warcio raises many kinds of error on damaged input (its own, ValueError,
        # zlib.error, AttributeError deep in its parser): each means the archive cannot be
        # read further, unless the record before ran past its end.
        except Exception as error:
            if self._overran(pending, iterator):
                return self._next_record(pending)
            self.records.problems.append(
                RecordProblem(
                    f"malformed WARC ({type(error).__name__}: {error}; after "
                    f"{self.complete} records)"
                )
            )
            return None
        if self.data[start + iterator.offset :].strip():
            self.records.problems.append(
                RecordProblem(f"malformed WARC (unreadable bytes after {self.complete} records)")
            )
        return None

    def _overran(self, pending: _Pending | None, iterator: ArchiveIterator) -> bool:
        """Files the result of the record read last; True (and a rejection of the record)
        when its body ran past its Content-Length."""
        if pending is None:
            return False
        record_start, record_end, label, result = pending
        if iterator.err_count:
            # the record did not end where its Content-Length said: the next record starts
            # before that end (too long) or after it (too short)
            found = _RECORD_START.search(self.data, record_start + 1)
            too_long = found is not None and found.start() < record_end
            self.records.problems.append(RecordProblem(UNDERRUN if too_long else OVERRUN, label))
            return True
        if isinstance(result, RecordProblem):
            self.records.problems.append(result)
        elif result is not None:
            self.records.documents.append(result)
        return False

    def _next_record(self, pending: _Pending | None) -> int | None:
        assert pending is not None
        found = _RECORD_START.search(self.data, pending[0] + 1)
        return found.start() if found else None


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
    problem = document_problem(decoded.text, settings)
    decoded = without_nuls(decoded)
    problem = problem or html_problem(decoded.text)
    if problem:
        return RecordProblem(problem, label)
    record_id = record.rec_headers.get_header("WARC-Record-ID")
    return new_document(
        file, decoded.text, "html", decoded, record_key=key, record_id=record_id, url=uri
    )
