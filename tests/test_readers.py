"""Reading input files: the seeds, HTML, gzip, JSONL and WARC built here, and hostile bytes.
Every bad input must come back as a rejection naming the file and the problem."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import random
import re
import struct
import zlib
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsclean.document import document_id
from newsclean.readers.discover import discover
from newsclean.readers.read import ReadResult, Rejection, read_bytes, read_path
from newsclean.settings import ReaderSettings

from .conftest import SEEDS

SETTINGS = ReaderSettings()
SEED_PATHS = sorted(SEEDS.glob("*.txt"))

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Tokayev re-elected</title>
<style>p { margin: 0 }</style></head>
<body><nav><a href="/">Home</a></nav>
<article><h1>Tokayev re-elected</h1>
<p>Kassym-Jomart Tokayev won the early presidential election with 81% of the vote.</p>
<p>Observers from the OSCE said the campaign lacked real competition.</p></article>
</body></html>
"""


def write(root: Path, relpath: str, data: bytes) -> Path:
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def read(root: Path, relpath: str, data: bytes, settings: ReaderSettings = SETTINGS) -> ReadResult:
    return read_path(write(root, relpath, data), root, settings)


def only_rejection(result: ReadResult) -> Rejection:
    assert result.documents == []
    [rejection] = result.rejections
    return rejection


# --- discovery ---------------------------------------------------------------------------


def test_discover_lists_regular_files_sorted_and_skips_hidden(tmp_path: Path) -> None:
    for relpath in ["b.txt", "a/z.html", "a/b/c.jsonl", "A.txt", ".hidden.txt", ".git/x.txt"]:
        write(tmp_path, relpath, b"x")
    (tmp_path / "empty-folder").mkdir()
    found = [p.relative_to(tmp_path).as_posix() for p in discover(tmp_path)]
    assert found == ["A.txt", "a/b/c.jsonl", "a/z.html", "b.txt"]


def test_discover_names_a_missing_or_wrong_seeds_folder(tmp_path: Path) -> None:
    missing = re.escape(f"seeds folder {tmp_path / 'nope'} does not exist")
    with pytest.raises(FileNotFoundError, match=missing):
        discover(tmp_path / "nope")
    file = write(tmp_path, "file.txt", b"x")
    with pytest.raises(NotADirectoryError, match=re.escape(f"seeds folder {file} is not a dir")):
        discover(file)


def test_discover_finds_the_seeds() -> None:
    assert discover(SEEDS) == SEED_PATHS
    assert len(SEED_PATHS) == 5


# --- plain text: the seeds ----------------------------------------------------------------


@pytest.mark.parametrize("path", SEED_PATHS, ids=lambda p: p.name)
def test_each_seed_reads_as_one_text_document(path: Path) -> None:
    raw = path.read_bytes()
    result = read_path(path, SEEDS, SETTINGS)
    assert result.rejections == []
    [doc] = result.documents
    assert result.sha256 == doc.source.sha256 == hashlib.sha256(raw).hexdigest()
    assert result.size == len(raw)
    assert doc.id == document_id(path.name)
    assert doc.body == raw.decode("utf-8")
    source = doc.source
    assert (source.path, source.format, source.content) == (path.name, "text", "text")
    assert (source.encoding, source.encoding_reason) == ("utf-8", "utf-8")
    assert (source.record_id, source.url) == (None, None)


def test_seed_ids_are_distinct_and_stable_across_edits(tmp_path: Path) -> None:
    ids = {read_path(p, SEEDS, SETTINGS).documents[0].id for p in SEED_PATHS}
    assert len(ids) == 5
    first = read(tmp_path, "news/story.txt", SEED_PATHS[0].read_bytes()).documents[0]
    edited = read(tmp_path, "news/story.txt", SEED_PATHS[1].read_bytes()).documents[0]
    assert first.id == edited.id == document_id("news/story.txt")
    assert first.source.sha256 != edited.source.sha256


def test_read_bytes_matches_read_path() -> None:
    path = SEED_PATHS[2]
    from_bytes = read_bytes(path.read_bytes(), path.name, SETTINGS)
    assert from_bytes == read_path(path, SEEDS, SETTINGS)


# --- HTML and format sniffing -------------------------------------------------------------


def test_html_page(tmp_path: Path) -> None:
    [doc] = read(tmp_path, "world/tokayev.html", PAGE.encode()).documents
    assert doc.body == PAGE
    assert doc.id == document_id("world/tokayev.html")
    assert (doc.source.format, doc.source.content) == ("html", "html")
    assert (doc.source.encoding, doc.source.encoding_reason) == ("utf-8", "meta")


def test_txt_that_is_really_html_is_html(tmp_path: Path) -> None:
    [doc] = read(tmp_path, "page.txt", PAGE.encode()).documents
    assert (doc.source.format, doc.source.content, doc.body) == ("html", "html", PAGE)


def test_html_fragment_without_page_tags_in_a_txt_is_html(tmp_path: Path) -> None:
    fragment = "<h2>Results</h2><p>Tokayev won.</p><p>Turnout was 69%.</p>"
    [doc] = read(tmp_path, "fragment.txt", fragment.encode()).documents
    assert doc.source.format == "html"


def test_text_mentioning_a_tag_stays_text(tmp_path: Path) -> None:
    text = "Use the <b> tag sparingly, the style guide says.\n"
    [doc] = read(tmp_path, "guide.txt", text.encode()).documents
    assert (doc.source.format, doc.body) == ("text", text)


def test_html_that_is_really_plain_text_is_text(tmp_path: Path) -> None:
    text = SEED_PATHS[0].read_text(encoding="utf-8")
    [doc] = read(tmp_path, "story.html", text.encode()).documents
    assert (doc.source.format, doc.source.content, doc.body) == ("text", "text", text)


# --- gzip ---------------------------------------------------------------------------------


def test_gzip_of_text(tmp_path: Path) -> None:
    raw = SEED_PATHS[3].read_bytes()
    packed = gzip.compress(raw, mtime=0)
    result = read(tmp_path, "politics/a.txt.gz", packed)
    [doc] = result.documents
    assert doc.body == raw.decode("utf-8")
    assert doc.source.sha256 == hashlib.sha256(packed).hexdigest()  # as stored, before gunzip
    assert (result.size, doc.source.format) == (len(packed), "text")


def test_gzip_of_html(tmp_path: Path) -> None:
    [doc] = read(tmp_path, "politics/a.html.gz", gzip.compress(PAGE.encode())).documents
    assert (doc.source.format, doc.body) == ("html", PAGE)


def test_gzip_is_recognised_by_its_magic_whatever_the_name(tmp_path: Path) -> None:
    [doc] = read(tmp_path, "a.txt", gzip.compress(PAGE.encode())).documents
    assert (doc.source.format, doc.body) == ("html", PAGE)


def test_multi_member_gzip_is_read_whole(tmp_path: Path) -> None:
    data = gzip.compress(b"First half. ") + gzip.compress(b"Second half.")
    [doc] = read(tmp_path, "two.txt.gz", data).documents
    assert doc.body == "First half. Second half."


def test_truncated_gzip(tmp_path: Path) -> None:
    packed = gzip.compress(SEED_PATHS[0].read_bytes())
    rejection = only_rejection(read(tmp_path, "politics/a.html.gz", packed[: len(packed) // 2]))
    assert rejection.error == ("politics/a.html.gz: truncated gzip stream (unexpected end of data)")
    assert rejection.sha256 == hashlib.sha256(packed[: len(packed) // 2]).hexdigest()


def test_corrupt_gzip(tmp_path: Path) -> None:
    packed = bytearray(gzip.compress(SEED_PATHS[0].read_bytes()))
    packed[-6] ^= 0xFF  # the CRC32 of the content
    rejection = only_rejection(read(tmp_path, "a.txt.gz", bytes(packed)))
    assert rejection.error.startswith("a.txt.gz: corrupt gzip stream (")


def test_gzip_bomb_is_stopped_at_max_bytes(tmp_path: Path) -> None:
    settings = ReaderSettings(max_bytes=1_000_000)
    bomb = gzip.compress(b"\0" * 50_000_000, compresslevel=9)
    assert len(bomb) < settings.max_bytes
    rejection = only_rejection(read(tmp_path, "bomb.txt.gz", bomb, settings))
    assert rejection.error == ("bomb.txt.gz: decompresses to more than max_bytes (1000000 bytes)")


# --- JSON Lines ---------------------------------------------------------------------------


def jsonl(*lines: object) -> bytes:
    return "".join(
        (line if isinstance(line, str) else json.dumps(line, ensure_ascii=False)) + "\n"
        for line in lines
    ).encode()


def test_jsonl_records_metadata_and_bad_lines(tmp_path: Path) -> None:
    data = jsonl(
        {
            "id": "kz-1",
            "text": "Tokayev was re-elected.",
            "url": "https://example.kz/1",
            "title": "Election",
            "author": "A. Kurmanov",
            "published": "2022-11-21T09:30:00Z",
        },
        {"text": "Вторая запись без id.", "published": "21 ноября 2022"},
        "not json at all",
        "",
        {"html": PAGE, "id": 7},
        ["a", "list"],
        {"title": "no body"},
        {"id": "kz-1", "text": "Same id again."},
        {"text": "   "},
    )
    result = read(tmp_path, "feeds/news.jsonl", data)
    first, second, third = result.documents
    assert first.id == document_id("feeds/news.jsonl", "kz-1")
    assert (first.body, first.title, first.author) == (
        "Tokayev was re-elected.",
        "Election",
        "A. Kurmanov",
    )
    assert first.published == "2022-11-21T09:30:00+00:00"
    assert (first.source.url, first.source.record_id) == ("https://example.kz/1", "kz-1")
    assert (first.source.format, first.source.content) == ("jsonl", "text")
    assert second.id == document_id("feeds/news.jsonl", "line 2")
    assert (second.body, second.published) == ("Вторая запись без id.", "21 ноября 2022")
    assert third.id == document_id("feeds/news.jsonl", "7")
    assert (third.body, third.source.format, third.source.content) == (PAGE, "jsonl", "html")
    assert [(r.record, r.error) for r in result.rejections] == [
        ("line 3", "feeds/news.jsonl: line 3: not valid JSON (Expecting value at column 1)"),
        ("line 6", "feeds/news.jsonl: line 6: not a JSON object (a JSON list)"),
        ("line 7", "feeds/news.jsonl: line 7: has neither text nor html"),
        ("line 8", "feeds/news.jsonl: line 8: duplicate id 'kz-1' (first on line 1)"),
        ("line 9", "feeds/news.jsonl: line 9: text: empty (whitespace only)"),
    ]
    assert all(r.sha256 == hashlib.sha256(data).hexdigest() for r in result.rejections)


def test_jsonl_text_outranks_html_unless_blank(tmp_path: Path) -> None:
    data = jsonl({"text": "Own text.", "html": PAGE}, {"text": "", "html": PAGE})
    own, extracted = read(tmp_path, "both.jsonl", data).documents
    assert (own.body, own.source.content) == ("Own text.", "text")
    assert (extracted.body, extracted.source.content) == (PAGE, "html")


def test_jsonl_field_types_are_checked(tmp_path: Path) -> None:
    data = jsonl({"text": 5}, {"text": "ok", "title": ["x"]}, {"text": "ok", "id": True})
    result = read(tmp_path, "types.jsonl", data)
    assert result.documents == []
    assert [r.error for r in result.rejections] == [
        "types.jsonl: line 1: text is not a string",
        "types.jsonl: line 2: title is not a string",
        "types.jsonl: line 3: id true is not a non-empty string or an integer",
    ]


def test_jsonl_record_with_empty_html_is_rejected(tmp_path: Path) -> None:
    data = jsonl({"html": "<html><head><title>t</title></head><body></body></html>"})
    rejection = only_rejection(read(tmp_path, "h.jsonl", data))
    assert rejection.error == (
        "h.jsonl: line 1: html: malformed HTML (no text outside head, scripts and styles; "
        "read by libxml2, lexbor)"
    )


def test_jsonl_is_recognised_by_content_and_keeps_line_separators(tmp_path: Path) -> None:
    text = "Before\u2028after the separator."
    data = jsonl({"text": text}, {"text": "Second."})
    docs = read(tmp_path, "export.txt", data).documents
    assert [(d.source.format, d.body) for d in docs] == [("jsonl", text), ("jsonl", "Second.")]


# --- WARC ---------------------------------------------------------------------------------

RUSSIAN_PAGE = (
    "<html><head><title>Новости</title></head><body><p>В воскресенье в Казахстане пройдут "
    "досрочные президентские выборы.</p></body></html>"
)


def build_warc(*, compress: bool, records: list[tuple[str, str, str, bytes]]) -> bytes:
    """A WARC of (type, uri, content type, payload) records; requests get request headers."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compress)
    for record_type, uri, content_type, payload in records:
        if record_type == "request":
            headers = StatusAndHeaders(
                "GET / HTTP/1.1", [("Host", "example.kz")], is_http_request=True
            )
        else:
            status = "404 Not Found" if uri.endswith("missing") else "200 OK"
            headers = StatusAndHeaders(
                status, [("Content-Type", content_type)], protocol="HTTP/1.1"
            )
        record = writer.create_warc_record(
            uri, record_type, payload=io.BytesIO(payload), http_headers=headers
        )
        writer.write_record(record)
    return buffer.getvalue()


ARCHIVE = [
    ("request", "https://example.kz/news/1", "", b""),
    (
        "response",
        "https://example.kz/news/1",
        "text/html; charset=windows-1251",
        RUSSIAN_PAGE.encode("cp1251"),
    ),
    ("response", "https://example.kz/logo.png", "image/png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
    ("response", "https://example.kz/en/2", "text/html", PAGE.encode()),
    ("response", "https://example.kz/missing", "text/html", b"<p>Not found</p>"),
]


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_warc_html_responses_become_documents(tmp_path: Path, name: str) -> None:
    data = build_warc(compress=name.endswith(".gz"), records=ARCHIVE)
    result = read(tmp_path, name, data)
    assert result.rejections == []
    assert result.skipped_records == 3  # the request, the image and the 404
    russian, english = result.documents
    assert russian.body == RUSSIAN_PAGE
    assert russian.id == document_id(name, "https://example.kz/news/1")
    assert russian.source.url == "https://example.kz/news/1"
    assert russian.source.record_id.startswith("<urn:uuid:")
    assert (russian.source.format, russian.source.content) == ("warc", "html")
    assert (russian.source.encoding, russian.source.encoding_reason) == ("cp1251", "http-header")
    assert (english.body, english.source.encoding_reason) == (PAGE, "meta")
    assert russian.source.sha256 == hashlib.sha256(data).hexdigest()


def gzip_encoded_warc(payload: bytes) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    headers = StatusAndHeaders(
        "200 OK",
        [("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip")],
        protocol="HTTP/1.1",
    )
    record = writer.create_warc_record(
        "https://example.kz/gz",
        "response",
        payload=io.BytesIO(gzip.compress(payload)),
        http_headers=headers,
    )
    writer.write_record(record)
    return buffer.getvalue()


def test_warc_content_encoding_is_undone(tmp_path: Path) -> None:
    [doc] = read(tmp_path, "enc.warc", gzip_encoded_warc(PAGE.encode())).documents
    assert (doc.body, doc.source.encoding_reason) == (PAGE, "http-header")


def test_warc_payload_bomb_is_stopped_at_max_bytes(tmp_path: Path) -> None:
    settings = ReaderSettings(max_bytes=100_000)
    page = PAGE.encode() + b" " * 5_000_000
    result = read(tmp_path, "bomb.warc", gzip_encoded_warc(page), settings)
    assert result.documents == []
    [rejection] = result.rejections
    assert rejection.error == (
        f"bomb.warc: {rejection.record}: payload decompresses to more than max_bytes (100000 bytes)"
    )


def test_warc_is_recognised_by_its_magic(tmp_path: Path) -> None:
    data = build_warc(compress=False, records=ARCHIVE)
    assert len(read(tmp_path, "crawl.dat", data).documents) == 2


def test_warc_without_html_responses(tmp_path: Path) -> None:
    data = build_warc(compress=False, records=ARCHIVE[:1] + ARCHIVE[2:3])
    result = read(tmp_path, "images.warc", data)
    assert only_rejection(result).error == "images.warc: no HTML response records"
    assert result.skipped_records == 2


def test_warc_duplicate_uri_and_empty_page_are_record_rejections(tmp_path: Path) -> None:
    records = [
        *ARCHIVE[1:2],
        ARCHIVE[1],
        ("response", "https://example.kz/blank", "text/html", b"<html><body> </body></html>"),
    ]
    result = read(tmp_path, "dup.warc", build_warc(compress=False, records=records))
    assert len(result.documents) == 1
    duplicate, blank = result.rejections
    assert duplicate.record.startswith("<urn:uuid:")
    assert duplicate.error.startswith(
        f"dup.warc: {duplicate.record}: duplicate WARC-Target-URI "
        "https://example.kz/news/1 (first in <urn:uuid:"
    )
    assert (
        blank.error == f"dup.warc: {blank.record}: malformed HTML (no text outside head, "
        "scripts and styles; read by libxml2, lexbor)"
    )


def test_garbage_warc(tmp_path: Path) -> None:
    garbage = random.Random(1).randbytes(2000)
    rejection = only_rejection(read(tmp_path, "crawl.warc", garbage))
    assert rejection.error.startswith("crawl.warc: malformed WARC (starts b")


def test_warc_with_a_garbled_header(tmp_path: Path) -> None:
    rejection = only_rejection(read(tmp_path, "bad.warc", b"WARC/1.0\r\nnonsense\r\n\r\nxx"))
    assert rejection.error == "bad.warc: malformed WARC (record 1 has no WARC-Type)"


def test_truncated_warc_keeps_the_complete_records(tmp_path: Path) -> None:
    data = build_warc(compress=False, records=ARCHIVE[1:2] + ARCHIVE[3:4])
    cut = data[: len(data) - 200]
    result = read(tmp_path, "cut.warc", cut)
    [doc] = result.documents
    assert doc.body == RUSSIAN_PAGE
    [rejection] = result.rejections
    assert rejection.record.startswith("<urn:uuid:")
    assert rejection.error == (
        f"cut.warc: {rejection.record}: cut short of its Content-Length: the file ends inside "
        "the record"
    )


def test_warc_cut_inside_a_record_header(tmp_path: Path) -> None:
    data = build_warc(compress=False, records=ARCHIVE[1:2])
    rejection = only_rejection(read(tmp_path, "cut.warc", data[:120]))
    assert rejection.error == "cut.warc: malformed WARC (unreadable bytes after 0 records)"


# --- hostile input ------------------------------------------------------------------------


def png() -> bytes:
    """A real 1x1 PNG."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\0\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def test_binary_png_named_txt(tmp_path: Path) -> None:
    rejection = only_rejection(read(tmp_path, "img/logo.txt", png()))
    assert rejection.error == "img/logo.txt: binary content (NUL bytes)"


def test_random_bytes(tmp_path: Path) -> None:
    rejection = only_rejection(read(tmp_path, "noise.html", random.Random(0).randbytes(4096)))
    assert rejection.error == "noise.html: binary content (NUL bytes)"


def test_control_characters_without_nul(tmp_path: Path) -> None:
    data = bytes(random.Random(2).choice(range(1, 32)) for _ in range(400)) + b" some text"
    rejection = only_rejection(read(tmp_path, "ctl.txt", data))
    assert "ctl.txt: binary content (" in rejection.error
    assert "are control characters)" in rejection.error


def test_undecodable_high_bytes(tmp_path: Path) -> None:
    noise = bytes(b | 0x80 for b in random.Random(3).randbytes(3000))
    rejection = only_rejection(read(tmp_path, "noise.txt", noise))
    assert rejection.error == "noise.txt: undecodable (no text encoding fits the bytes)"


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "empty file"),
        (b" \n\t\r\n ", "empty (whitespace only)"),
        (b"\xef\xbb\xbf \n", "empty (whitespace only)"),
        ("\ufeff  \n".encode("utf-16-le"), "empty (whitespace only)"),
        (gzip.compress(b""), "empty file"),
        (gzip.compress(b"\n\n"), "empty (whitespace only)"),
        # what normalising removes, leaving no text
        ("\u200b\u200b\n\u00ad".encode(), "empty (only invisible and control characters)"),
        ("\u2060\x80 \ufeff".encode(), "empty (only invisible and control characters)"),
    ],
)
def test_empty_inputs(tmp_path: Path, data: bytes, problem: str) -> None:
    assert only_rejection(read(tmp_path, "blank.txt", data)).error == f"blank.txt: {problem}"


@pytest.mark.parametrize("body", [b"", "<p>\u200b&#173;</p>".encode()])
def test_html_that_yields_no_text(tmp_path: Path, body: bytes) -> None:
    page = (
        b"<html><head><title>T</title><script>var a = 1;</script></head><body>%s</body></html>"
        % body
    )
    rejection = only_rejection(read(tmp_path, "empty.html", page))
    assert rejection.error == (
        "empty.html: malformed HTML (no text outside head, scripts and styles; read by "
        "libxml2, lexbor)"
    )


def test_too_big_is_not_read(tmp_path: Path) -> None:
    settings = ReaderSettings(max_bytes=1000)
    result = read(tmp_path, "big.txt", b"word " * 300, settings)
    rejection = only_rejection(result)
    assert rejection.error == "big.txt: too big (1500 bytes; max_bytes is 1000)"
    assert (rejection.sha256, result.size) == (None, 1500)
    from_memory = only_rejection(read_bytes(b"word " * 300, "big.txt", settings))
    assert from_memory.sha256 == hashlib.sha256(b"word " * 300).hexdigest()


def test_missing_file_is_a_rejection(tmp_path: Path) -> None:
    rejection = only_rejection(read_path(tmp_path / "gone.txt", tmp_path, SETTINGS))
    assert rejection.error == "gone.txt: cannot read (No such file or directory)"
    assert rejection.sha256 is None


def test_unreadable_file_is_a_rejection(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "secret.txt", b"text")

    def refuse(*args: object, **kwargs: object) -> None:
        # what open() raises on a file without read permission (root would not see it)
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "open", refuse)
    rejection = only_rejection(read_path(path, tmp_path, SETTINGS))
    assert rejection.error == "secret.txt: cannot read (Permission denied)"


def test_fifo_is_not_opened(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    rejection = only_rejection(read_path(tmp_path / "pipe.txt", tmp_path, SETTINGS))
    assert rejection.error == "pipe.txt: not a regular file"


def test_a_library_failure_is_a_rejection_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr("newsclean.readers.read.html_problem", fail)
    rejection = only_rejection(read(tmp_path, "deep.html", PAGE.encode()))
    assert rejection.error == (
        "deep.html: cannot read (RecursionError: maximum recursion depth exceeded)"
    )


def test_russian_jsonl_is_recognised_by_content(tmp_path: Path) -> None:
    # the Cyrillic ha is D1 85 in UTF-8: a line break to str.splitlines() read as latin-1
    records = [{"text": "Тихо и хорошо."}, {"text": "Уехал в Алматы."}]
    docs = read(tmp_path, "ru.txt", jsonl(*records)).documents
    assert [(d.source.format, d.body) for d in docs] == [
        ("jsonl", "Тихо и хорошо."),
        ("jsonl", "Уехал в Алматы."),
    ]


def test_jsonl_record_longer_than_the_sniffed_head(tmp_path: Path) -> None:
    page = PAGE.replace("<p>", "<p>" + "Long paragraph. " * 5000, 1)
    [doc] = read(tmp_path, "big.txt", jsonl({"html": page})).documents
    assert (doc.source.format, doc.source.content, doc.body) == ("jsonl", "html", page)


def test_jsonl_name_with_no_json_rejects_each_line(tmp_path: Path) -> None:
    result = read(tmp_path, "broken.jsonl", b'first line\n{"text": "cut off\n')
    assert result.documents == []
    assert [r.record for r in result.rejections] == ["line 1", "line 2"]
    assert result.rejections[1].error.startswith("broken.jsonl: line 2: not valid JSON (")


def test_rejection_to_dict() -> None:
    rejection = Rejection("a.jsonl", "ab", "a.jsonl: line 2: has neither text nor html", "line 2")
    assert rejection.to_dict() == {
        "path": "a.jsonl",
        "sha256": "ab",
        "error": "a.jsonl: line 2: has neither text nor html",
        "record": "line 2",
    }
