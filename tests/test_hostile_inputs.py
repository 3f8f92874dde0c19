"""Hostile inputs, each alone among good files: links, FIFOs, folders that cannot be listed,
names that are not UTF-8, lone surrogates, damaged WARC records, HTML past the parser's
limits, documents too big to clean. Each must come back as a rejection (or a repair) of its
own, naming what is wrong, and never stop the others."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest

from newsclean.document import Document, Source
from newsclean.readers.discover import discover, relative_path
from newsclean.readers.read import ReadResult, read_bytes, read_path
from newsclean.settings import ReaderSettings, Settings
from newsclean.steps.extract import extract_html
from newsclean.store.fingerprints import Fingerprints
from newsclean.store.trails import TrailCache

from .test_readers import ARCHIVE, PAGE, RUSSIAN_PAGE, build_warc, only_rejection, write

SETTINGS = ReaderSettings()
ARTICLE = b"Kassym-Jomart Tokayev won the early presidential election with 81% of the vote.\n"


def read_all(seeds: Path, settings: ReaderSettings = SETTINGS) -> dict[str, ReadResult]:
    return {r.path: r for r in (read_path(p, seeds, settings) for p in discover(seeds))}


def errors(results: dict[str, ReadResult]) -> dict[str, str]:
    return {path: only_rejection(r).error for path, r in results.items() if r.rejections}


# --- links, FIFOs, unlisted folders ------------------------------------------------------


@pytest.fixture
def linked(tmp_path: Path) -> Path:
    """A seeds folder beside a secret file, with every kind of link and a FIFO."""
    (tmp_path / "secret.txt").write_bytes(b"root:x:0:0:root:/root:/bin/bash\n")
    seeds = tmp_path / "seeds"
    write(seeds, "a.txt", ARTICLE)
    write(seeds, "sub/b.txt", ARTICLE)
    (seeds / "passwd.txt").symlink_to(tmp_path / "secret.txt")
    (seeds / "relative.txt").symlink_to("../secret.txt")
    (seeds / "inside.txt").symlink_to("sub/b.txt")
    (seeds / "dangling.txt").symlink_to("nowhere.txt")
    (seeds / "loop.txt").symlink_to("loop.txt")
    (seeds / "folder").symlink_to("sub")
    os.mkfifo(seeds / "pipe.txt")
    return seeds


def test_links_a_fifo_and_loops_are_rejected_with_their_reason(linked: Path) -> None:
    results = read_all(linked)
    secret = (linked.parent / "secret.txt").resolve()
    assert errors(results) == {
        "dangling.txt": "dangling.txt: dangling symbolic link (to nowhere.txt): not followed",
        "folder": "folder: symbolic link to a folder: folders behind links are not walked",
        "inside.txt": "inside.txt: symbolic link (the setting readers.follow_links is off): "
        "not followed",
        "loop.txt": "loop.txt: symbolic link loop: not followed",
        "passwd.txt": f"passwd.txt: symbolic link to {secret}, outside the seeds folder: "
        "not followed",
        "pipe.txt": "pipe.txt: not a regular file",
        "relative.txt": f"relative.txt: symbolic link to {secret}, outside the seeds folder: "
        "not followed",
    }
    assert [path for path, r in results.items() if r.documents] == ["a.txt", "sub/b.txt"]


def test_a_link_out_of_the_seeds_is_never_read(linked: Path, monkeypatch) -> None:
    opened: list[str] = []
    real_open = os.open

    def watched_open(path, *args, **kwargs):
        opened.append(Path(path).name)
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", watched_open)
    follow = ReaderSettings(follow_links=True)
    for name in ("passwd.txt", "relative.txt"):
        rejection = only_rejection(read_path(linked / name, linked, follow))
        assert rejection.sha256 is None
        assert "outside the seeds folder: not followed" in rejection.error
    assert opened == []
    read_path(linked / "inside.txt", linked, follow)
    assert opened == ["b.txt"]  # what is opened is seen: the link inside leads to sub/b.txt
    # nor is it hashed to know it again next run
    fingerprints = Fingerprints.load(linked.parent / "cache", linked)
    assert fingerprints.sha256(linked / "passwd.txt", "passwd.txt", follow) is None


def test_a_file_swapped_for_a_link_after_its_check_is_not_followed(
    linked: Path, monkeypatch
) -> None:
    """As if `passwd.txt` had been a regular file when checked and a link when opened."""
    monkeypatch.setattr("newsclean.readers.read.unread_link", lambda *args: None)
    monkeypatch.setattr(Path, "is_symlink", lambda self: False)
    rejection = only_rejection(read_path(linked / "passwd.txt", linked, SETTINGS))
    assert rejection.error == "passwd.txt: symbolic link: not followed"


def test_a_file_swapped_for_a_fifo_after_its_check_is_not_opened(linked: Path, monkeypatch) -> None:
    monkeypatch.setattr("newsclean.readers.read.unread_by_stat", lambda *args: None)
    rejection = only_rejection(read_path(linked / "pipe.txt", linked, SETTINGS))
    assert rejection.error == "pipe.txt: cannot read (no longer a regular file)"


def test_links_inside_the_seeds_are_read_when_allowed(linked: Path) -> None:
    results = read_all(linked, ReaderSettings(follow_links=True))
    [doc] = results["inside.txt"].documents
    assert (doc.source.path, doc.body) == ("inside.txt", ARTICLE.decode())
    assert "outside the seeds folder" in only_rejection(results["passwd.txt"]).error
    assert "loop" in only_rejection(results["loop.txt"]).error


def test_a_folder_that_cannot_be_listed_is_rejected_not_skipped(
    tmp_path: Path, monkeypatch
) -> None:
    """Root lists any folder whatever its mode, and the tests run as root: the listing error
    is made by os.scandir, which os.walk calls, failing on one folder as chmod 000 would."""
    write(tmp_path, "a.txt", ARTICLE)
    write(tmp_path, "locked/b.txt", ARTICLE)
    write(tmp_path, "open/c.txt", ARTICLE)
    real_scandir = os.scandir

    def scandir(path=".") -> object:
        if Path(path).name == "locked":
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    results = read_all(tmp_path)
    assert sorted(results) == ["a.txt", "locked", "open/c.txt"]
    assert only_rejection(results["locked"]).error == (
        "locked: folder cannot be listed (Permission denied): its files are not read"
    )


def test_seeds_folder_that_cannot_be_listed_is_an_error(tmp_path: Path, monkeypatch) -> None:
    def scandir(path=".") -> object:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))

    monkeypatch.setattr(os, "scandir", scandir)
    with pytest.raises(OSError, match="cannot be listed"):
        discover(tmp_path)


# --- names that are not UTF-8 ------------------------------------------------------------


def test_a_link_to_a_name_that_is_not_utf8_is_rejected_in_utf8(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (tmp_path / os.fsdecode(b"out\xff.txt")).write_bytes(ARTICLE)
    (seeds / "out.txt").symlink_to(tmp_path / os.fsdecode(b"out\xff.txt"))
    (seeds / "gone.txt").symlink_to(os.fsdecode(b"gone\xff.txt"))
    results = read_all(seeds)
    assert errors(results) == {
        "gone.txt": "gone.txt: dangling symbolic link (to gone\\xff.txt): not followed",
        "out.txt": f"out.txt: symbolic link to {tmp_path.resolve()}/out\\xff.txt, outside the "
        "seeds folder: not followed",
    }
    for result in results.values():
        json.dumps(result.rejections[0].to_dict(), ensure_ascii=False).encode("utf-8")


def test_a_name_that_is_not_utf8_is_read_under_an_escaped_path(tmp_path: Path) -> None:
    (tmp_path / os.fsdecode(b"caf\xe9.txt")).write_bytes(ARTICLE)
    [path] = discover(tmp_path)
    result = read_path(path, tmp_path, SETTINGS)
    [doc] = result.documents
    assert relative_path(path, tmp_path) == result.path == doc.source.path == "caf\\xe9.txt"
    json.dumps(doc.to_dict(), ensure_ascii=False).encode("utf-8")  # the output can hold it
    TrailCache(tmp_path / "cache", "settings").key(result.path, result.sha256)


# --- lone surrogates in JSON Lines -------------------------------------------------------


def test_lone_surrogates_in_jsonl_are_replaced_and_counted(tmp_path: Path) -> None:
    lines = [
        r'{"id": "a\ud800", "text": "Tokayev \ud800won\udfff.", "title": "T\udc00",'
        r' "author": "\ud801", "url": "https://x.kz/\ud802", "published": "2024\udbff"}',
        r'{"text": "Paired \ud83d\ude00 stays."}',
    ]
    result = read(tmp_path, "s.jsonl", "\n".join(lines).encode())
    repaired, paired = result.documents
    assert repaired.body == "Tokayev \ufffdwon\ufffd."
    assert (repaired.title, repaired.author, repaired.source.url, repaired.published) == (
        "T\ufffd",
        "\ufffd",
        "https://x.kz/\ufffd",
        "2024\ufffd",
    )
    assert repaired.source.record_id == "a\ufffd"
    [change] = repaired.changes
    assert (change.step, change.rule, change.count) == ("read", "lone-surrogate", 7)
    assert (paired.body, paired.changes) == ("Paired \U0001f600 stays.", [])
    json.dumps(repaired.to_dict(), ensure_ascii=False).encode("utf-8")


def read(root: Path, relpath: str, data: bytes, settings: ReaderSettings = SETTINGS) -> ReadResult:
    return read_path(write(root, relpath, data), root, settings)


# --- damaged WARC records ----------------------------------------------------------------

THREE = [ARCHIVE[1], ARCHIVE[3], ("response", "https://example.kz/3", "text/html", PAGE.encode())]


@pytest.mark.parametrize("short_by", [30, 200], ids=["last-line", "many-lines"])
def test_a_warc_record_longer_than_its_content_length_is_rejected_alone(
    tmp_path: Path, short_by: int
) -> None:
    """warcio reads what runs past the Content-Length as the next record: one line it skips
    with a warning, more it takes for a broken header and stops."""
    data = build_warc(compress=False, records=[THREE[1], THREE[0], THREE[2]])
    start = data.index(b"Content-Length: ") + len(b"Content-Length: ")
    end = data.index(b"\r\n", start)
    short = str(int(data[start:end]) - short_by).encode()
    result = read(tmp_path, "short.warc", data[:start] + short + data[end:])
    assert [d.source.url for d in result.documents] == [
        "https://example.kz/news/1",
        "https://example.kz/3",
    ]
    [rejection] = result.rejections
    assert rejection.record.startswith("<urn:uuid:")
    assert rejection.error == (
        f"short.warc: {rejection.record}: Content-Length shorter than the record's body: the "
        "body runs on past it, so what it declares would be cut"
    )


@pytest.mark.parametrize("longer_by", [40, 5000], ids=["into-a-header", "past-a-record"])
@pytest.mark.parametrize("which", [0, 1])
def test_a_warc_record_shorter_than_its_content_length_swallows_no_other(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], which: int, longer_by: int
) -> None:
    # a Content-Length 5,000 bytes too long ran over the next record, which was lost with
    # no row: every record of the file must end as a document or a rejected row
    data = build_warc(compress=False, records=THREE)
    starts = [i for i in range(len(data)) if data.startswith(b"Content-Length: ", i)]
    start = starts[which] + len(b"Content-Length: ")
    end = data.index(b"\r\n", start)
    longer = str(int(data[start:end]) + longer_by).encode()
    result = read(tmp_path, "long.warc", data[:start] + longer + data[end:])
    urls = ["https://example.kz/news/1", "https://example.kz/en/2", "https://example.kz/3"]
    assert [d.source.url for d in result.documents] == urls[:which] + urls[which + 1 :]
    [rejection] = result.rejections
    assert rejection.error == (
        f"long.warc: {rejection.record}: Content-Length longer than the record's body: it runs "
        "into the next record, which is read on its own"
    )
    # warcio's own warning, which names no file, is not printed
    assert "Content-Length" not in capfd.readouterr().err


@pytest.mark.parametrize("cut", [60, 250])
def test_a_truncated_warc_gz_keeps_its_intact_records(tmp_path: Path, cut: int) -> None:
    data = build_warc(compress=True, records=THREE)
    result = read(tmp_path, "cut.warc.gz", data[:-cut])
    assert [d.source.url for d in result.documents] == [
        "https://example.kz/news/1",
        "https://example.kz/en/2",
    ]
    [rejection] = result.rejections
    assert rejection.record is not None and rejection.record.startswith("<urn:uuid:")
    assert rejection.error == (
        f"cut.warc.gz: {rejection.record}: cut short of its Content-Length: the file ends "
        "inside the record"
    )


def test_a_warc_gz_broken_off_between_records_keeps_them(tmp_path: Path) -> None:
    data = build_warc(compress=True, records=THREE)
    result = read(tmp_path, "cut.warc.gz", data[:-1])  # the last member's trailer is lost
    assert len(result.documents) == 3
    [rejection] = result.rejections
    assert rejection.error == (
        "cut.warc.gz: truncated gzip stream (unexpected end of data); the records before the "
        "break are kept"
    )


def test_a_truncated_text_gz_is_still_rejected_whole(tmp_path: Path) -> None:
    import gzip

    rejection = only_rejection(read(tmp_path, "a.txt.gz", gzip.compress(ARTICLE * 50)[:-20]))
    assert rejection.error == "a.txt.gz: truncated gzip stream (unexpected end of data)"


# --- HTML past the parser's limits -------------------------------------------------------

TOP = "<p>The election commission counted every ballot again on Monday in Astana.</p>"


def deep(top: str) -> str:
    return f"<html><body>{top}{'<div>' * 100_000}<p>deep text</p>{'</div>' * 100_000}</body></html>"


def huge_attribute(top: str) -> str:
    return f'<html><body>{top}<img alt="{"x" * 11_000_000}"><p>after</p></body></html>'


@pytest.mark.parametrize("page", [deep, huge_attribute], ids=["deep", "huge-attribute"])
def test_html_past_the_parser_limit_says_so(tmp_path: Path, page) -> None:
    settings = ReaderSettings(max_document_chars=20_000_000)
    rejection = only_rejection(read(tmp_path, "p.html", page("").encode(), settings))
    assert rejection.error.startswith(
        "p.html: malformed HTML (no text above where the HTML parser hit its limit ("
    )


@pytest.mark.parametrize("page", [deep, huge_attribute], ids=["deep", "huge-attribute"])
def test_html_past_the_parser_limit_keeps_the_text_above(tmp_path: Path, page) -> None:
    settings = ReaderSettings(max_document_chars=20_000_000)
    html = page(TOP)
    [doc] = read(tmp_path, "p.html", html.encode(), settings).documents
    doc = extract_html(doc, Settings(readers=settings))
    assert doc.body == "The election commission counted every ballot again on Monday in Astana."
    [removal] = doc.removals
    assert (removal.step, removal.rule, removal.kind, removal.text) == (
        "extract",
        "parser-limit",
        "page",
        html,
    )
    assert removal.reason.startswith("the HTML parser hit its limit (")


def test_a_page_within_the_limits_records_no_parser_limit() -> None:
    doc = Document("x", Source("p.html", "0", "html", content="html"), body=PAGE)
    assert [r.rule for r in extract_html(doc, Settings()).removals] == []


# --- one document's size -----------------------------------------------------------------


def test_a_document_too_big_to_clean_is_rejected_alone(tmp_path: Path) -> None:
    settings = ReaderSettings(max_document_chars=1000)
    rejection = only_rejection(read(tmp_path, "big.txt", ARTICLE * 20, settings))
    assert rejection.error == (
        f"big.txt: too big for one document ({len(ARTICLE) * 20} characters; "
        "max_document_chars is 1000)"
    )
    records = [{"text": "small one"}, {"text": "x" * 1001}, {"html": PAGE + " " * 1000}]
    data = "\n".join(json.dumps(r) for r in records).encode()
    result = read(tmp_path, "mixed.jsonl", data, settings)
    assert [d.body for d in result.documents] == ["small one"]
    assert [r.record for r in result.rejections] == ["line 2", "line 3"]
    assert all("too big for one document" in r.error for r in result.rejections)
    warc = build_warc(compress=False, records=[ARCHIVE[1], ARCHIVE[3]])
    result = read(tmp_path, "a.warc", warc, ReaderSettings(max_document_chars=300))
    assert [d.body for d in result.documents] == [RUSSIAN_PAGE]
    [rejection] = result.rejections
    assert "too big for one document" in rejection.error


def test_read_bytes_of_a_big_document_is_bounded(tmp_path: Path) -> None:
    data = ARTICLE * (SETTINGS.max_document_chars // len(ARTICLE) + 1)
    rejection = only_rejection(read_bytes(data, "huge.txt", SETTINGS))
    assert "max_document_chars is 4000000" in rejection.error


# --- pages that hold an article in spite of their bytes or markup -------------------------

SPANISH_ARTICLE = [
    "El Ayuntamiento de Valencia aprobó este lunes el presupuesto municipal para 2024, que "
    "destina una partida récord a la rehabilitación de colegios públicos y calles del centro.",
    "La oposición votó en contra y criticó que las ayudas al transporte público se reduzcan "
    "por segundo año consecutivo, mientras el gasto en publicidad institucional aumenta.",
    "El alcalde defendió las cuentas ante el pleno y anunció que las primeras obras "
    "comenzarán en septiembre, antes del inicio del curso escolar.",
]


def spanish_page(article: list[str]) -> str:
    paragraphs = "".join(f"<p>{p}</p>\n" for p in article)
    return (
        '<!DOCTYPE html>\n<html lang="es"><head><meta charset="utf-8">\n'
        "<title>Valencia aprueba su presupuesto | Diario del Turia</title>\n"
        '<meta property="og:site_name" content="Diario del Turia"></head>\n'
        "<body><nav><a href='/'>Portada</a> <a href='/local'>Local</a></nav>\n"
        f"<article><h1>Valencia aprueba su presupuesto</h1>\n{paragraphs}</article>\n"
        "<footer>Diario del Turia</footer></body></html>\n"
    )


def test_stray_nul_bytes_in_a_page_are_removed_and_counted(tmp_path: Path) -> None:
    # as a page saved by a crawler with a few NULs in it: one inside a word, some between
    # tags, one in the head
    page = spanish_page(SPANISH_ARTICLE)
    page = page.replace("presupuesto municipal", "presu\0puesto municipal")
    page = page.replace("</p>\n", "</p>\0\n").replace("<title>", "<title>\0\0")
    [doc] = read(tmp_path, "es/valencia.html", page.encode()).documents
    assert "\0" not in doc.body
    assert [(c.rule, c.count) for c in doc.changes] == [("nul-bytes", 6)]
    doc = extract_html(doc, Settings())
    assert SPANISH_ARTICLE[0] in doc.body.split("\n")


def test_stray_nul_bytes_in_a_warc_response_are_removed(tmp_path: Path) -> None:
    page = spanish_page(SPANISH_ARTICLE).replace("</p>", "</p>\0")
    record = ("response", "https://diario.example/valencia", "text/html", page.encode())
    [doc] = read(tmp_path, "crawl.warc", build_warc(compress=False, records=[record])).documents
    assert [(c.rule, c.count) for c in doc.changes] == [("nul-bytes", 3)]


def test_text_with_stray_nul_bytes_is_text(tmp_path: Path) -> None:
    text = "\n\n".join(SPANISH_ARTICLE).replace(". ", ".\0 ", 1) + "\0"
    [doc] = read(tmp_path, "es/nota.txt", text.encode()).documents
    assert doc.body == "\n\n".join(SPANISH_ARTICLE)


def test_text_with_nul_bytes_everywhere_is_still_binary(tmp_path: Path) -> None:
    # one NUL in every 20 characters is no stray byte
    text = "\n\n".join(SPANISH_ARTICLE)
    spoilt = "".join(c + ("\0" if i % 20 == 0 else "") for i, c in enumerate(text))
    rejection = only_rejection(read(tmp_path, "es/nota.txt", spoilt.encode()))
    assert rejection.error == "es/nota.txt: binary content (NUL bytes)"


def test_a_page_whose_text_follows_an_early_end_of_html_is_read(tmp_path: Path) -> None:
    # a template that closes its document before the article: libxml2 drops everything
    # after </html>, browsers (and HTML5 parsers) show it
    page = spanish_page(SPANISH_ARTICLE).replace("</head>\n<body>", "</head></html>\n<body>")
    [doc] = read(tmp_path, "es/valencia.html", page.encode()).documents
    doc = extract_html(doc, Settings())
    assert not doc.dropped
    for paragraph in SPANISH_ARTICLE:
        assert paragraph in doc.body.split("\n")
    assert "html5-rebuilt" in {c.rule for c in doc.changes}
    assert doc.site == "Diario del Turia"


def test_a_page_no_parser_finds_text_in_says_which_tried(tmp_path: Path) -> None:
    page = "<html><head><title>Valencia</title><style>p {}</style></head><body> </body></html>"
    rejection = only_rejection(read(tmp_path, "es/empty.html", page.encode()))
    assert rejection.error == (
        "es/empty.html: malformed HTML (no text outside head, scripts and styles; read by "
        "libxml2, lexbor)"
    )
