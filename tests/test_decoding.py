"""Decoding: byte order marks, declared charsets, UTF-8, and detection of Russian in legacy
code pages, checked for exact equality of the decoded text."""

from __future__ import annotations

import codecs
import io
import random
import struct
import sys
import zipfile
import zlib
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
    decoded = decode(page.encode("koi8-r"))
    assert (decoded.text, decoded.reason) == (page, "detected")
    assert decode(page.encode("koi8-r"), html=True).reason == "meta"


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


# Two sentences per language, in the encodings its text was published in.
LEGACY_TEXTS = {
    "hu": "A megfelelő időpontban a bizottság döntött a fejlesztésről. "
    "Az új űrlap hétfőtől érvényes.",
    "tr": "Bu adım, şehirdeki öğrenciler için çok önemli. Görüşmeler ağustosta başlayacak.",
    "pl": "Rząd przyjął ustawę o zmianie przepisów. "
    "Posłowie ostro krytykowali źródła finansowania.",
    "cs": "Vláda schválila návrh zákona o státním rozpočtu. Poslanci budou hlasovat příští týden.",
    "el": "Η κυβέρνηση ανακοίνωσε νέα μέτρα για την οικονομία. Οι εκλογές θα γίνουν τον Μάιο.",
    "he": "הממשלה הודיעה היום על צעדים חדשים בכלכלה. הבחירות ייערכו בחודש מאי.",
    "ar": "أعلنت الحكومة اليوم عن إجراءات جديدة في الاقتصاد. وستجرى الانتخابات في شهر مايو.",
    "ja": "政府は本日、経済に関する新たな対策を発表しました。選挙は五月に行われる予定です。",
    "ko": "정부는 오늘 경제에 관한 새로운 대책을 발표했습니다. 선거는 오월에 치러질 예정입니다.",
    "zh-hans": "政府今天宣布了新的经济措施。选举将于五月举行。",
    "zh-hant": "政府今天宣佈了新的經濟措施。選舉將於五月舉行。",
    "ru": RUSSIAN_LONG,
    "uk": "Уряд оголосив про нові заходи в економіці. "
    "Вибори відбудуться в травні, повідомляє агенція.",
}
LEGACY_CASES = [
    ("hu", "cp1250"),
    ("hu", "iso8859-2"),
    ("tr", "cp1254"),
    ("tr", "iso8859-9"),
    ("pl", "cp1250"),
    ("pl", "iso8859-2"),
    ("cs", "cp1250"),
    ("cs", "iso8859-2"),
    ("el", "cp1253"),
    ("el", "iso8859-7"),
    ("he", "cp1255"),
    ("ar", "cp1256"),
    ("ja", "shift_jis"),
    ("ja", "euc_jp"),
    ("ja", "iso2022_jp"),
    ("ko", "euc_kr"),
    ("ko", "iso2022_kr"),
    ("zh-hans", "gb18030"),
    ("zh-hant", "big5"),
    ("ru", "cp1251"),
    ("ru", "koi8-r"),
    ("ru", "cp866"),
    ("ru", "iso8859-5"),
    ("uk", "cp1251"),
    ("uk", "koi8-u"),
    ("en", "utf-16-le"),
    ("ru", "utf-16-be"),
    ("el", "utf-32-le"),
    ("ja", "utf-32-be"),
]
LEGACY_TEXTS["en"] = "The government announced new measures today. Elections will be held in May."


def read_one(tmp_path: Path, name: str, data: bytes):
    (tmp_path / name).write_bytes(data)
    result = read_path(tmp_path / name, tmp_path, ReaderSettings())
    assert not result.rejections, result.rejections
    [doc] = result.documents
    return doc


@pytest.mark.parametrize(("language", "encoding"), LEGACY_CASES)
def test_text_in_each_legacy_encoding_reads_back_exactly(
    tmp_path: Path, language: str, encoding: str
) -> None:
    text = LEGACY_TEXTS[language]
    doc = read_one(tmp_path, "article.txt", text.encode(encoding))
    assert doc.body == text
    assert doc.source.encoding_reason.split(":")[0] == "detected"


def test_hungarian_and_turkish_letters_choose_their_code_page() -> None:
    hungarian = decode(LEGACY_TEXTS["hu"].encode("cp1250"))
    assert "megfelelő" in hungarian.text  # not the cp1252 "megfelelõ"
    assert hungarian.encoding == "cp1250"
    turkish = decode(LEGACY_TEXTS["tr"].encode("cp1254"))
    assert "adım" in turkish.text  # not the cp1252 "adým"
    assert turkish.encoding == "cp1254"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_without_a_byte_order_mark(tmp_path: Path, encoding: str) -> None:
    doc = read_one(tmp_path, "wide.txt", RUSSIAN_LONG.encode(encoding))
    assert doc.body == RUSSIAN_LONG
    assert doc.source.encoding == encoding
    assert doc.source.encoding_reason == f"detected: {encoding} without a byte order mark"


def test_html_in_utf16_without_a_byte_order_mark_is_html(tmp_path: Path) -> None:
    page = russian_page('<meta charset="utf-16">')
    doc = read_one(tmp_path, "page.txt", page.encode("utf-16-le"))
    assert (doc.source.format, doc.body) == ("html", page)


def png_image() -> bytes:
    def chunk(kind: bytes, payload: bytes) -> bytes:
        body = kind + payload
        return struct.pack(">I", len(payload)) + body + struct.pack(">I", zlib.crc32(body))

    pixels = b"".join(b"\0" + bytes(range(i, i + 48)) for i in range(16))
    header = struct.pack(">IIBBBBB", 16, 16, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(pixels))
        + chunk(b"IEND", b"")
    )


def zip_archive() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("article.txt", RUSSIAN_LONG.encode("utf-16-le"))
    return buffer.getvalue()


def nuls_in_utf16_places() -> bytes:
    # every second byte NUL, as in UTF-16-LE Latin text, the others random
    rng = random.Random(5)
    return bytes(byte for _ in range(4000) for byte in (rng.randrange(256), 0))


@pytest.mark.parametrize(
    "make",
    [
        png_image,
        zip_archive,
        nuls_in_utf16_places,
        lambda: Path(sys.executable).read_bytes()[: 64 * 1024],
    ],
    ids=["png", "zip", "utf16-nul-pattern", "executable"],
)
def test_binary_is_still_rejected_not_read_as_utf16(tmp_path: Path, make) -> None:
    (tmp_path / "file.txt").write_bytes(make())
    result = read_path(tmp_path / "file.txt", tmp_path, ReaderSettings())
    assert result.documents == []
    [rejection] = result.rejections
    assert "binary content" in rejection.error


DAMAGED_RUSSIAN = RUSSIAN_LONG.encode()[:200] + b"\xff" + RUSSIAN_LONG.encode()[200:]
DAMAGED_ENGLISH = "The schools’ budget — “a first” — was cut.".encode().replace(
    b"sch", b"sc\xc0\xffh"
)


@pytest.mark.parametrize("data", [DAMAGED_RUSSIAN, DAMAGED_ENGLISH], ids=["russian", "english"])
def test_utf8_with_a_few_invalid_bytes_is_utf8_with_them_replaced(
    tmp_path: Path, data: bytes
) -> None:
    doc = read_one(tmp_path, "damaged.txt", data)
    assert doc.body == data.decode("utf-8", errors="replace")
    assert "\ufffd" in doc.body
    assert (doc.source.encoding, doc.source.encoding_reason) == (
        "utf-8",
        "utf-8: invalid bytes replaced",
    )
    replaced = doc.body.count("\ufffd")
    assert [(c.step, c.rule, c.count) for c in doc.changes] == [
        ("decode", "invalid-utf8", replaced)
    ]


def test_legacy_text_is_not_taken_for_damaged_utf8() -> None:
    text = "Le président a déclaré que les élections se dérouleront à Paris."
    decoded = decode(text.encode("cp1252"))
    assert (decoded.text, decoded.encoding, decoded.replaced) == (text, "cp1252", 0)


def test_a_wrong_meta_charset_loses_to_detection(tmp_path: Path) -> None:
    page = russian_page('<meta charset="iso-8859-1">')
    doc = read_one(tmp_path, "page.html", page.encode("cp1251"))
    assert doc.body == page
    assert doc.source.encoding == "cp1251"
    assert doc.source.encoding_reason == "detected: meta cp1252 reads as mojibake"


def test_a_right_meta_charset_for_western_text_still_decides() -> None:
    page = (
        '<html><head><meta charset="iso-8859-1"></head><body><p>'
        "Le président a déclaré que les élections auront lieu à Paris.</p></body></html>"
    )
    decoded = decode(page.encode("cp1252"), html=True)
    assert (decoded.text, decoded.reason) == (page, "meta")


def test_utf8_with_a_byte_order_mark_and_an_invalid_byte() -> None:
    decoded = decode(codecs.BOM_UTF8 + DAMAGED_RUSSIAN)
    assert decoded.text == DAMAGED_RUSSIAN.decode("utf-8", errors="replace")
    # the byte went in the middle of a letter: its two halves are invalid as well
    assert decoded.replaced == decoded.text.count("\ufffd") == 3
    assert (decoded.encoding, decoded.reason) == ("utf-8", "bom: invalid bytes replaced")
