"""Decoding: byte order marks, declared charsets, UTF-8, and detection of Russian in legacy
code pages, checked for exact equality of the decoded text."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from newsclean.readers.decoding import (
    DecodingError,
    best_cyrillic_reading,
    decode,
    header_charset,
    meta_charset,
)
from newsclean.readers.read import read_path
from newsclean.settings import ReaderSettings

RUSSIAN_SHORT = [
    "Привет, мир!",
    "Москва, 19 ноября.",
    "В воскресенье в Казахстане пройдут досрочные президентские выборы.",
    "Ещё один день прошёл спокойно.",
]
RUSSIAN_LONG = (
    "В воскресенье, 20 ноября, в Казахстане пройдут досрочные президентские выборы, "
    "которые, по мнению наблюдателей, позволят действующему главе государства "
    "Касым-Жомарту Токаеву вновь занять президентское кресло на ближайшие семь лет.\n"
    "При этом общий внутренний курс и внешняя многовекторность не изменятся. "
    "Остальные пять кандидатов не являются реальными соперниками: они никому не "
    "известны, ранее были чиновниками низшего звена и выдвинуты при участии самих "
    "властей. Явка, по данным Центральной избирательной комиссии, к полудню превысила "
    "сорок процентов.\n"
)
# Outside cp1251 and KOI8-R alike: the long text must survive both, so it has plain hyphens.
RUSSIAN_WITH_TYPOGRAPHY = "«Новости» №5 — обзор за неделю…"


@pytest.mark.parametrize("encoding", ["cp1251", "koi8-r"])
@pytest.mark.parametrize("text", [*RUSSIAN_SHORT, RUSSIAN_LONG])
def test_russian_in_legacy_code_pages_is_decoded_exactly(text: str, encoding: str) -> None:
    decoded = decode(text.encode(encoding))
    assert decoded.text == text
    assert (decoded.encoding, decoded.reason) == (encoding, "detected")


def test_russian_typography_in_cp1251_is_decoded_exactly() -> None:
    decoded = decode(RUSSIAN_WITH_TYPOGRAPHY.encode("cp1251"))
    assert decoded.text == RUSSIAN_WITH_TYPOGRAPHY
    assert decoded.encoding == "cp1251"


@pytest.mark.parametrize("encoding", ["cp1251", "koi8-r", "mac-cyrillic", "cp866", "iso8859-5"])
def test_cyrillic_reading_avoids_swapped_case_and_stray_letters(encoding: str) -> None:
    # charset-normalizer alone reads this KOI8-R as Shift-JIS and this cp1251 as cp1125
    assert best_cyrillic_reading("Привет, мир!".encode(encoding)) == encoding


@pytest.mark.parametrize(
    "text",
    [
        # mac-cyrillic reads a leading cp1251 "Я" as "я" and "Т" as a quotation mark
        "Я думаю, что выборы пройдут спокойно.",
        "Ты знаешь, где находится избирательный участок?",
        # Latin "i" for the Cyrillic one, as often typed in Ukrainian
        "Вiн сказав, що вибори вiдбудуться вчасно.",
        "Новини дня: полiтика i економiка.",
        # soft hyphens, as web pages insert them
        "Пре\xadзи\xadдент под\xadпи\xadсал указ о вы\xadбо\xadрах.",
    ],
)
def test_cp1251_sentences_that_mislead_a_detector(text: str) -> None:
    decoded = decode(text.encode("cp1251"))
    assert (decoded.text, decoded.encoding) == (text, "cp1251")


def test_kazakh_letters_choose_kz1048_over_cp1251() -> None:
    text = "Қазақстан Республикасының Президенті сайлау өтетінін хабарлады."
    decoded = decode(text.encode("kz1048"))
    assert decoded.text == text
    assert decoded.encoding == "kz1048"


def test_western_text_is_not_taken_for_cyrillic() -> None:
    text = "Le président a déclaré que les élections se dérouleront à Paris, où très peu votent."
    assert best_cyrillic_reading(text.encode("cp1252")) is None
    decoded = decode(text.encode("cp1252"))
    assert decoded.text == text
    assert decoded.reason == "detected"


def test_cp1251_files_read_through_the_reader(tmp_path: Path) -> None:
    (tmp_path / "ru.txt").write_bytes(RUSSIAN_LONG.encode("cp1251"))
    (tmp_path / "ru-koi8.txt").write_bytes(RUSSIAN_SHORT[2].encode("koi8_r"))
    settings = ReaderSettings()
    [long_doc] = read_path(tmp_path / "ru.txt", tmp_path, settings).documents
    [short_doc] = read_path(tmp_path / "ru-koi8.txt", tmp_path, settings).documents
    assert long_doc.body == RUSSIAN_LONG
    assert (long_doc.source.encoding, long_doc.source.encoding_reason) == ("cp1251", "detected")
    assert short_doc.body == RUSSIAN_SHORT[2]
    assert short_doc.source.encoding == "koi8-r"


def russian_page(charset_tag: str) -> str:
    return (
        "<!DOCTYPE html>\n<html><head>" + charset_tag + "<title>Выборы в Казахстане</title>"
        "</head><body><h1>Выборы в Казахстане</h1><p>" + RUSSIAN_SHORT[2] + "</p></body></html>"
    )


@pytest.mark.parametrize(
    "charset_tag",
    [
        '<meta charset="windows-1251">',
        "<meta http-equiv='Content-Type' content='text/html; charset=windows-1251'>",
    ],
)
def test_html_meta_charset_is_honoured(charset_tag: str) -> None:
    page = russian_page(charset_tag)
    decoded = decode(page.encode("cp1251"), html=True)
    assert decoded.text == page
    assert (decoded.encoding, decoded.reason) == ("cp1251", "meta")


def test_meta_charset_is_ignored_outside_html() -> None:
    page = russian_page('<meta charset="koi8-r">')
    # a wrong declaration: the bytes are cp1251
    assert decode(page.encode("cp1251"), html=True).text != page
    decoded = decode(page.encode("cp1251"))
    assert decoded.text == page
    assert decoded.reason == "detected"


def test_meta_charset_after_a_long_head_is_found() -> None:
    head = "<script>" + "var x = 1;\n" * 800 + "</script>"  # ~9 KB before the meta
    page = russian_page(head + '<meta charset="windows-1251">')
    decoded = decode(page.encode("cp1251"), html=True)
    assert (decoded.text, decoded.reason) == (page, "meta")


def test_http_header_charset_outranks_meta() -> None:
    page = russian_page('<meta charset="windows-1251">')
    decoded = decode(
        page.encode("koi8_r"), html=True, http_content_type="text/html; charset=KOI8-R"
    )
    assert decoded.text == page
    assert (decoded.encoding, decoded.reason) == ("koi8-r", "http-header")


def test_wrong_declaration_falls_back_to_detection() -> None:
    page = russian_page('<meta charset="utf-8">')
    decoded = decode(page.encode("cp1251"), html=True)
    assert decoded.text == page
    assert (decoded.encoding, decoded.reason) == ("cp1251", "detected")


def test_valid_utf8_outranks_a_stale_latin1_declaration() -> None:
    page = russian_page('<meta charset="iso-8859-1">').replace(RUSSIAN_SHORT[2], "what’s new")
    decoded = decode(page.encode("utf-8"), html=True)
    assert decoded.text == page
    assert (decoded.encoding, decoded.reason) == ("utf-8", "utf-8")


def test_latin1_label_means_cp1252_as_in_browsers() -> None:
    page = '<html><head><meta charset="ISO-8859-1"></head><body>“Quoted” – café</body></html>'
    decoded = decode(page.encode("cp1252"), html=True)
    assert decoded.text == page
    assert (decoded.encoding, decoded.reason) == ("cp1252", "meta")


def test_ascii_page_with_declared_charset_reports_the_declaration() -> None:
    page = '<html><head><meta charset="windows-1251"></head><body>Plain ASCII</body></html>'
    decoded = decode(page.encode("ascii"), html=True)
    assert (decoded.text, decoded.encoding, decoded.reason) == (page, "cp1251", "meta")


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
    ],
)
def test_byte_order_mark_decides(bom: bytes, encoding: str) -> None:
    text = "Токаев — Tokayev.\n" + RUSSIAN_SHORT[0]
    decoded = decode(bom + text.encode(encoding), html=True)
    assert decoded.text == text  # the mark itself is not text
    assert (decoded.encoding, decoded.reason) == (encoding, "bom")


def test_byte_order_mark_outranks_meta() -> None:
    page = russian_page('<meta charset="windows-1251">')
    decoded = decode(codecs.BOM_UTF8 + page.encode("utf-8"), html=True)
    assert (decoded.text, decoded.encoding, decoded.reason) == (page, "utf-8", "bom")


def test_broken_utf16_after_its_mark_is_undecodable() -> None:
    data = codecs.BOM_UTF16_LE + "ok".encode("utf-16-le") + b"\x00\xd8"  # lone surrogate
    with pytest.raises(DecodingError, match="utf-16-le byte order mark but is not valid"):
        decode(data)


def test_plain_utf8_and_ascii() -> None:
    assert decode("Tokayev — Токаев".encode()).reason == "utf-8"
    assert decode(b"plain ascii").encoding == "utf-8"


def test_charset_labels() -> None:
    assert meta_charset(b'<head><meta charset="UTF-8"></head>') == "utf-8"
    assert meta_charset(b"<meta content='text/html; charset=koi8-r' http-equiv=x>") == "koi8-r"
    assert meta_charset(b'<meta charset="utf-16">') == "utf-8"  # unreadable if it were true
    assert meta_charset(b'<meta charset="no-such-charset">') is None
    assert meta_charset(b"<p>charset=cp1251</p>") is None
    assert header_charset('text/html; charset="Windows-1251"') == "cp1251"
    assert header_charset("text/html") is None


@pytest.mark.parametrize(
    ("bom", "encoding"), [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le")]
)
def test_files_with_a_byte_order_mark_read_through_the_reader(
    tmp_path: Path, bom: bytes, encoding: str
) -> None:
    (tmp_path / "marked.txt").write_bytes(bom + RUSSIAN_LONG.encode(encoding))
    [doc] = read_path(tmp_path / "marked.txt", tmp_path, ReaderSettings()).documents
    assert doc.body == RUSSIAN_LONG
    assert (doc.source.encoding, doc.source.encoding_reason) == (encoding, "bom")
