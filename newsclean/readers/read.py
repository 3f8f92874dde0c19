"""One input file to document records. Whatever is wrong with a file, or with one record of
it, becomes a `Rejection` naming the file and the problem: nothing raises, nothing is
dropped unaccounted."""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from dataclasses import asdict, dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

from newsclean.document import Document
from newsclean.readers.checks import (
    binary_problem,
    document_problem,
    html_problem,
    text_problem,
    without_nuls,
)
from newsclean.readers.decoding import DecodingError, decode
from newsclean.readers.discover import printable, relative_path
from newsclean.readers.feed import read_feed
from newsclean.readers.gzipped import GzipError, gunzip, is_gzip
from newsclean.readers.jsonl import read_jsonl
from newsclean.readers.records import FileInfo, RecordProblem, Records, new_document
from newsclean.readers.sniff import head_text, sniff_format
from newsclean.readers.warc import CUT_SHORT, read_warc
from newsclean.settings import ReaderSettings
from newsclean.store.location import StorePath, is_local


@dataclass(frozen=True)
class Rejection:
    path: str  # relative to the seeds folder, POSIX
    sha256: str | None  # of the raw file bytes; None when they were not read
    error: str  # names the file (and record) and what is wrong
    record: str | None = None  # "line 7" of a JSONL file or a WARC-Record-ID

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ReadResult:
    path: str
    sha256: str | None
    size: int
    documents: list[Document]
    rejections: list[Rejection]
    # records passed over as not articles (WARC requests, images, redirects, ...)
    skipped_records: int = 0


def read_path(path: StorePath, root: StorePath, settings: ReaderSettings) -> ReadResult:
    """Read the file at `path` (under the seeds folder `root`, local or on any fsspec
    filesystem) once."""
    relpath = relative_path(path, root)
    raw = raw_bytes(path, root, settings)
    if isinstance(raw, Unread):
        return _rejected(relpath, None, raw.size, raw.problem)
    return read_bytes(raw, relpath, settings)


@dataclass(frozen=True)
class Unread:
    """Why a file's bytes were not read, and its size as far as known."""

    problem: str
    size: int


def raw_bytes(path: StorePath, seeds: StorePath, settings: ReaderSettings) -> bytes | Unread:
    """The bytes of the file at `path` under the seeds folder, as a run reads them: never
    more than `max_bytes`, never through a link that leaves the seeds folder."""
    try:
        unread = unread_link(path, seeds, settings)
        if unread is not None:
            return unread
        info = path.stat()
        unread = unread_by_stat(info.st_mode, info.st_size, settings)
        if unread is not None:
            return _unlisted(path) if stat.S_ISDIR(info.st_mode) else unread
        with _opened(path) as handle:
            data = handle.read(settings.max_bytes + 1)
    except OSError as error:
        if error.errno == errno.ELOOP:  # the file became a link after it was checked
            return Unread("symbolic link: not followed", 0)
        return Unread(f"cannot read ({error.strerror or error})", 0)
    if len(data) > settings.max_bytes:  # grew since stat()
        return Unread(_too_big(len(data), settings), len(data))
    return data


def unread_by_stat(mode: int, size: int, settings: ReaderSettings) -> Unread | None:
    """Why a file of this mode and size (from its stat) is not read at all, if it is not."""
    # Opening a FIFO or device could block or never end.
    if not stat.S_ISREG(mode):
        return Unread("not a regular file", 0)
    if size > settings.max_bytes:
        return Unread(_too_big(size, settings), size)
    return None


def unread_link(path: StorePath, seeds: StorePath, settings: ReaderSettings) -> Unread | None:
    """Why the symbolic link at `path` is not followed, if it is one and is not. Its target
    is never opened here, only looked up."""
    if not (is_local(path) and path.is_symlink()):
        return None
    try:
        os.stat(path)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return Unread("symbolic link loop: not followed", 0)
        if error.errno == errno.ENOENT:
            to = printable(os.readlink(path))
            return Unread(f"dangling symbolic link (to {to}): not followed", 0)
        raise
    target = Path(os.path.realpath(path))
    if not target.is_relative_to(os.path.realpath(seeds)):
        to = printable(str(target))
        return Unread(f"symbolic link to {to}, outside the seeds folder: not followed", 0)
    if target.is_dir():
        return Unread("symbolic link to a folder: folders behind links are not walked", 0)
    if not settings.follow_links:
        return Unread("symbolic link (the setting readers.follow_links is off): not followed", 0)
    return None


def _opened(path: StorePath) -> IO[bytes]:
    """The file open for reading. A local one is opened where its link, already checked,
    leads, and neither through a link nor as a FIFO put in its place since."""
    if not is_local(path):
        return path.open("rb")
    where = os.path.realpath(path) if path.is_symlink() else path
    # O_NONBLOCK: a FIFO put in its place must not block the open
    handle = os.fdopen(os.open(where, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK), "rb")
    if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
        handle.close()
        raise OSError(errno.EINVAL, "no longer a regular file")
    return handle


def _unlisted(folder: StorePath) -> Unread:
    """Discovery lists a folder in place of its files when it cannot list it."""
    try:
        with os.scandir(folder) as entries:
            next(entries, None)
    except OSError as error:
        return Unread(f"folder cannot be listed ({error.strerror}): its files are not read", 0)
    return Unread("folder that could not be listed when the run looked for files", 0)


def read_bytes(data: bytes, relpath: str, settings: ReaderSettings) -> ReadResult:
    """Read a file's raw bytes, already in memory, stored at `relpath`."""
    sha256 = hashlib.sha256(data).hexdigest()
    if len(data) > settings.max_bytes:
        return _rejected(relpath, sha256, len(data), _too_big(len(data), settings))
    try:
        records = _read_content(data, relpath, sha256, settings)
    except _FileProblem as problem:
        return _rejected(relpath, sha256, len(data), str(problem))
    # One hostile file must not stop a run: whatever a library raises on it is reported
    # with the file, as a rejection, and the run goes on.
    except Exception as error:
        problem = f"cannot read ({type(error).__name__}: {error})"
        return _rejected(relpath, sha256, len(data), problem)
    rejections = [_rejection(relpath, sha256, problem) for problem in records.problems]
    return ReadResult(relpath, sha256, len(data), records.documents, rejections, records.skipped)


class _FileProblem(ValueError):
    pass


def _read_content(data: bytes, relpath: str, sha256: str, settings: ReaderSettings) -> Records:
    name = PurePosixPath(relpath).name
    content = data
    if is_gzip(data):
        name = name[:-3] if name.lower().endswith(".gz") else name
        try:
            content = gunzip(data, settings.max_bytes)
        except GzipError as error:
            if sniff_format(error.intact, name) == "warc":
                return _damaged_warc(error, FileInfo(relpath, sha256, "warc"), settings)
            raise _FileProblem(str(error)) from None
    if not content.strip():
        raise _FileProblem("empty (whitespace only)" if content else "empty file")
    file_format = sniff_format(content, name)
    file = FileInfo(relpath, sha256, file_format)
    if file_format == "warc":
        return read_warc(content, file, settings)
    problem = binary_problem(head_text(content))
    if problem:
        raise _FileProblem(problem)
    if file_format == "feed":
        return read_feed(content, file, settings)
    try:
        decoded = decode(content, html=file_format == "html")
    except DecodingError as error:
        raise _FileProblem(f"undecodable ({error})") from None
    if file_format == "jsonl":
        if problem := text_problem(decoded.text, 1):
            raise _FileProblem(problem)
        return read_jsonl(decoded, file, settings)
    problem = document_problem(decoded.text, settings)
    decoded = without_nuls(decoded)
    if problem is None and file_format == "html":
        problem = html_problem(decoded.text)
    if problem:
        raise _FileProblem(problem)
    # here the file format (text or html) is also what the body holds
    return Records([new_document(file, decoded.text, file_format, decoded)])


def _damaged_warc(error: GzipError, file: FileInfo, settings: ReaderSettings) -> Records:
    """The records of a .warc.gz up to where its gzip stream breaks off: the record the break
    cuts is rejected alone; a break between records is a problem of the file."""
    records = read_warc(error.intact, file, settings)
    if not any(problem.error == CUT_SHORT for problem in records.problems):
        # what warcio made of the broken-off end is the break itself, said plainly
        records.problems = [problem for problem in records.problems if problem.record]
        records.problems.append(RecordProblem(f"{error}; the records before the break are kept"))
    return records


def _too_big(size: int, settings: ReaderSettings) -> str:
    return f"too big ({size} bytes; max_bytes is {settings.max_bytes})"


def _rejected(relpath: str, sha256: str | None, size: int, error: str) -> ReadResult:
    rejection = _rejection(relpath, sha256, RecordProblem(error))
    return ReadResult(relpath, sha256, size, [], [rejection])


def _rejection(relpath: str, sha256: str | None, problem: RecordProblem) -> Rejection:
    where = f"{relpath}: {problem.record}" if problem.record else relpath
    return Rejection(relpath, sha256, f"{where}: {problem.error}", problem.record)
