"""Raw bytes to text, recording which encoding was used and why.

Order: a byte order mark; then UTF-16 or UTF-32 without one (newsclean.readers.wide); then
bytes that are valid UTF-8 and not plain ASCII, or UTF-8 but for a few invalid bytes, which
are replaced (a damaged UTF-8 file is not in another code page); then a declared charset (the
HTTP Content-Type header of a WARC response, then the page's own meta charset) unless it
reads as mojibake; then ISO-2022 escape sequences; then plain ASCII; otherwise detection.
Valid non-ASCII UTF-8 outranks a declared charset because stale declarations are common
(two of the 711 development pages declare iso-8859-1 over UTF-8 bytes) while real text in a
legacy encoding is practically never valid UTF-8 (Cyrillic in cp1251 or KOI8-R would need
continuation bytes after every letter).
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from itertools import pairwise

from charset_normalizer import from_bytes

from newsclean.readers.latin import LATIN_ENCODINGS, best_latin_reading, latin_fit
from newsclean.readers.wide import unmarked_wide_encoding

# Longest first: the UTF-32-LE mark begins with the UTF-16-LE one.
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Real pages often put their meta charset after large inline scripts and styles: 11 of the
# 711 development pages declare it beyond the first 4 KB.
META_SCAN_BYTES = 16 * 1024
_META_CHARSET = re.compile(rb"""<meta\s[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""\s*<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)""")
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)

# Labels browsers decode with a wider encoding than their name says (WHATWG Encoding
# Standard), keyed by Python's codec name: pages labelled latin-1 are in practice cp1252.
_WHATWG_SUPERSETS = {
    "ascii": "cp1252",
    "iso8859-1": "cp1252",
    "iso8859-9": "cp1254",
    "iso8859-11": "cp874",
    "tis-620": "cp874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "euc_kr": "cp949",
    "shift_jis": "cp932",
}

# Single-byte Cyrillic encodings, most common on the web first (the order breaks ties).
CYRILLIC_ENCODINGS = ("cp1251", "koi8-r", "koi8-u", "kz1048", "cp866", "iso8859-5", "mac-cyrillic")
# Letters of Russian, Ukrainian, Belarusian and Kazakh; other Cyrillic letters (Serbian,
# Macedonian) are what a wrong Cyrillic code page typically produces.
_COMMON_CYRILLIC = set(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяієїґўәғқңөұүһАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯІЄЇҐЎӘҒҚҢӨҰҮҺ"
)
# Non-letters at home in Cyrillic text (besides punctuation and spaces).
_COMMON_SYMBOLS = set("№©®™°€±§¶")
# A Cyrillic reading is trusted when at most this share of its non-ASCII characters is odd.
_MAX_ODD_SHARE = 0.05
# Lowercase shares closer than this are a tie (see best_cyrillic_reading).
_LOWERCASE_SHARE_MARGIN = 0.1
_CYRILLIC_SAMPLE_BYTES = 64 * 1024
_WORD = re.compile(r"[^\W\d_]+")
# Text with invalid UTF-8 is UTF-8 when it has at least as many valid multi-byte characters
# as invalid sequences, and this many at least: text in a legacy code page has next to no
# valid sequences (it would need a continuation byte after each accented letter).
MIN_VALID_UTF8_CHARACTERS = 2
# ISO-2022 switches character sets by escape sequences in otherwise 7-bit bytes.
_ISO_2022 = (
    (b"\x1b$)C", ("iso2022_kr",)),
    (b"\x1b$", ("iso2022_jp", "iso2022_jp_2", "iso2022_jp_ext")),
)
_TAG = re.compile(r"<[^>]*>")
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")
_NON_ASCII = re.compile("[^\x00-\x7f]")


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # Python codec name, e.g. "utf-8", "cp1251", "utf-16-le"
    # bom | utf-8 | http-header | meta | detected, with why after a colon when the usual
    # order did not decide ("detected: meta cp1252 reads as mojibake")
    reason: str
    replaced: int = 0  # invalid UTF-8 byte sequences replaced by U+FFFD
    nuls: int = 0  # stray NUL bytes removed from the text (see checks.without_nuls)


class DecodingError(ValueError):
    """The bytes are not text in any encoding that fits."""


def decode(
    data: bytes, *, html: bool = False, xml: bool = False, http_content_type: str | None = None
) -> Decoded:
    """Decode `data`. `html` enables the meta charset, `xml` the encoding of the XML
    declaration; `http_content_type` is the Content-Type header the bytes were served with,
    if any."""
    bom = bom_encoding(data)
    if bom is not None:
        encoding, length = bom
        decoded = _strict(data[length:], encoding)
        if decoded is not None:
            return Decoded(decoded, encoding, "bom")
        if encoding == "utf-8" and (damaged := _damaged_utf8(data[length:])) is not None:
            return Decoded(damaged[0], "utf-8", "bom: invalid bytes replaced", damaged[1])
        raise DecodingError(f"starts with a {encoding} byte order mark but is not valid {encoding}")
    wide = unmarked_wide_encoding(data)
    if wide is not None:
        text = _strict(data, wide)
        if text is None:
            raise DecodingError(f"reads as {wide} without a byte order mark but is not valid")
        return Decoded(text, wide, f"detected: {wide} without a byte order mark")
    utf8 = _strict(data, "utf-8")
    if utf8 is not None and not data.isascii():
        return Decoded(utf8, "utf-8", "utf-8")
    if utf8 is None and (damaged := _damaged_utf8(data)) is not None:
        return Decoded(damaged[0], "utf-8", "utf-8: invalid bytes replaced", damaged[1])
    declared = []
    if http_content_type:
        declared.append((header_charset(http_content_type), "http-header"))
    if html:
        declared.append((meta_charset(data), "meta"))
    if xml:
        declared.append((xml_charset(data), "xml-declaration"))
    rejected = []
    for encoding, reason in declared:
        text = _strict(data, encoding) if encoding else None
        if text is None:
            continue
        if utf8 is not None or _plausible(text, encoding):
            return Decoded(text, encoding, reason)
        rejected.append(f"{reason} {encoding} reads as mojibake")
    iso_2022 = _iso_2022(data)
    if iso_2022 is not None:
        return iso_2022
    if utf8 is not None:
        return Decoded(utf8, "utf-8", "utf-8")
    detected = detect(data)
    if rejected:
        return Decoded(detected.text, detected.encoding, "detected: " + "; ".join(rejected))
    return detected


def _damaged_utf8(data: bytes) -> tuple[str, int] | None:
    """`data` decoded as UTF-8 with its invalid bytes replaced, and how many sequences were,
    when it is UTF-8 but for those; None when it is no UTF-8."""
    escaped = data.decode("utf-8", errors="surrogateescape")
    invalid = len(_ESCAPED_BYTE.findall(escaped))
    valid = len(_NON_ASCII.findall(escaped)) - invalid
    if not invalid or valid < max(invalid, MIN_VALID_UTF8_CHARACTERS):
        return None
    text = data.decode("utf-8", errors="replace")
    return text, text.count("\ufffd") - escaped.count("\ufffd")


def _plausible(text: str, encoding: str) -> bool:
    """Whether a declared single-byte encoding gives text rather than mojibake: Latin code
    pages a reading one language writes, Cyrillic ones one without odd letters or case."""
    prose = _TAG.sub(" ", text)
    if encoding in LATIN_ENCODINGS:
        return prose.isascii() or latin_fit(prose) is not None
    if encoding in CYRILLIC_ENCODINGS:
        odd, letters, _ = _cyrillic_oddities(prose)
        non_ascii = sum(1 for char in prose if not char.isascii())
        return odd <= _MAX_ODD_SHARE * non_ascii and (letters > 0 or prose.isascii())
    return True


def _iso_2022(data: bytes) -> Decoded | None:
    """7-bit text with ISO-2022 escape sequences (Japanese, Korean mail and old pages)."""
    if not data.isascii() or b"\x1b" not in data:
        return None
    for escape, encodings in _ISO_2022:
        if escape in data:
            for encoding in encodings:
                text = _strict(data, encoding)
                if text is not None:
                    return Decoded(text, encoding, "detected: iso-2022 escape sequences")
    return None


def head_encoding(head: bytes) -> tuple[str, int] | None:
    """The encoding the start of content is in when its bytes alone show it, and the length
    of its byte order mark: a mark, UTF-16 or UTF-32 without one, or ISO-2022 escapes. Such
    content is full of NUL bytes or shift controls that would pass for binary data."""
    bom = bom_encoding(head)
    if bom is not None:
        return bom
    wide = unmarked_wide_encoding(head)
    if wide is not None:
        return wide, 0
    iso_2022 = _iso_2022(head)
    return None if iso_2022 is None else (iso_2022.encoding, 0)


def bom_encoding(data: bytes) -> tuple[str, int] | None:
    """The encoding a byte order mark announces and the mark's length."""
    for mark, encoding in BOMS:
        if data.startswith(mark):
            return encoding, len(mark)
    return None


def meta_charset(data: bytes) -> str | None:
    """The charset of a <meta charset> or http-equiv Content-Type in the page's head."""
    match = _META_CHARSET.search(data, 0, META_SCAN_BYTES)
    return _browser_encoding(match.group(1).decode("ascii")) if match else None


def xml_charset(data: bytes) -> str | None:
    """The encoding an XML declaration at the start names (`<?xml ... encoding="..."?>`)."""
    match = _XML_ENCODING.match(data)
    return _browser_encoding(match.group(1).decode("ascii")) if match else None


def header_charset(content_type: str) -> str | None:
    """The charset parameter of an HTTP Content-Type header."""
    match = _HEADER_CHARSET.search(content_type)
    return _browser_encoding(match.group(1)) if match else None


def _browser_encoding(label: str) -> str | None:
    """The Python codec a browser would use for a charset label; None if unknown. A UTF-16
    or UTF-32 label on ASCII-compatible bytes (the label itself was readable) is wrong, and
    browsers read such pages as UTF-8."""
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    if name.startswith(("utf-16", "utf-32")):
        return "utf-8"
    return _WHATWG_SUPERSETS.get(name, name)


def detect(data: bytes) -> Decoded:
    """Guess the encoding of bytes that are neither marked, declared nor UTF-8.

    charset-normalizer is reliable on long texts but confuses the Cyrillic code pages on
    short ones (it reads "Привет, мир!" in KOI8-R as Shift-JIS, and in cp1251 as cp1125), so
    every single-byte Cyrillic reading is also scored by how natural it looks, and the best
    one wins unless charset-normalizer found a non-Cyrillic language.
    """
    results = from_bytes(data)
    match = results.best()
    if match is not None:
        # On a tie charset-normalizer picks the first name alphabetically, reading French
        # "très" in cp1252 as cp1250 "trčs"; cp1252 is the most common legacy web encoding.
        tied = (m for m in results if (m.chaos, m.coherence) == (match.chaos, match.coherence))
        match = next((m for m in tied if m.encoding == "cp1252"), match)
    candidates = [] if match is None else [match.encoding]
    coherence = {codecs.lookup(m.encoding).name: m.coherence for m in results}
    latin = best_latin_reading(data[:_CYRILLIC_SAMPLE_BYTES], coherence)
    cyrillic = best_cyrillic_reading(data[:_CYRILLIC_SAMPLE_BYTES])
    if cyrillic is not None:
        found_other_language = (
            match is not None
            and match.coherence > 0
            and not any("Cyrillic" in alphabet for alphabet in match.alphabets)
        )
        candidates.insert(len(candidates) if found_other_language else 0, cyrillic)
    if latin is not None:
        candidates.insert(0, latin)
    for encoding in candidates:
        text = _strict(data, encoding)
        if text is not None:
            return Decoded(text, codecs.lookup(encoding).name, "detected")
    raise DecodingError("no text encoding fits the bytes")


def best_cyrillic_reading(data: bytes) -> str | None:
    """The single-byte Cyrillic encoding under which `data` reads most naturally, or None if
    no Cyrillic reading looks like text.

    A wrong code page turns letters into symbols, rare letters or letters of the wrong case:
    cp1251 read as KOI8-R swaps lower and upper case ("Привет" becomes "оРИВЕТ"), cp1251
    read as mac-cyrillic turns capitals into symbols or Macedonian letters ("ќривет",
    "“ы делаешь"). So readings are ranked by odd characters and words, then by how many
    common Cyrillic letters they keep, then by the share of lowercase letters (running text
    is mostly lowercase), and last by how common the code page is. The lowercase share only
    counts when it differs clearly: a single "Я" read as "я" must not outweigh the order.
    """
    if data.isascii():
        return None
    readings = []
    for rank, encoding in enumerate(CYRILLIC_ENCODINGS):
        text = _strict(data, encoding)
        if text is None:
            continue
        odd, letters, lower = _cyrillic_oddities(text)
        non_ascii = sum(1 for char in text if not char.isascii())
        if letters and odd <= _MAX_ODD_SHARE * non_ascii:
            readings.append((odd, -letters, lower / letters, rank, encoding))
    if not readings:
        return None
    best_odd_letters = min(reading[:2] for reading in readings)
    finalists = [reading for reading in readings if reading[:2] == best_odd_letters]
    most_lower = max(reading[2] for reading in finalists)
    clear = [r for r in finalists if r[2] >= most_lower - _LOWERCASE_SHARE_MARGIN]
    return min(clear, key=lambda reading: reading[3])[4]


def _cyrillic_oddities(text: str) -> tuple[int, int, int]:
    """(odd characters and words, common Cyrillic letters, lowercase ones) of a text."""
    odd = letters = lower = 0
    for char in text:
        if char.isascii():
            continue
        if char in _COMMON_CYRILLIC:
            letters += 1
            lower += char.islower()
        elif char not in _COMMON_SYMBOLS and not _is_punctuation_or_space(char):
            odd += 1
    for word in _WORD.findall(text):
        if word.isascii():
            continue
        wrong_case = any(a.islower() and b.isupper() for a, b in pairwise(word))
        # Western text read as Cyrillic ("cafй") is mostly Latin; a Latin "i" standing in
        # for the Cyrillic one inside Cyrillic words is common in Ukrainian and Belarusian text.
        latin = sum(1 for char in word if char.isascii())
        odd += wrong_case or 2 * latin > len(word)
    return odd, letters, lower


def _is_punctuation_or_space(char: str) -> bool:
    # Cf: soft hyphens and zero-width joiners, frequent in web text
    category = unicodedata.category(char)
    return category[0] in "PZ" or category == "Cf"


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None
