"""How often decoding gets legacy-encoded text exactly right, next to charset-normalizer.

    .venv/bin/python bench/decoding.py [--files 6] [--misses]

Real sentences (../shared/data/langid-dev, Leipzig corpora) are encoded in the code pages
their languages were published in, without a byte order mark, into files of one sentence
and of several (a short article). Each file is read by newsclean's reader (`read_bytes`, as a
.txt file: no declared charset) and by charset-normalizer's best guess alone, and
counts as correct when the text comes back exactly. Two further families: UTF-8 with a few
invalid bytes put into the middle (correct is UTF-8 with those bytes replaced by U+FFFD), and
HTML whose meta charset is wrong (iso-8859-1 declared over other code pages; correct is the
page as written). Prints correct/total per family, for both, and the seconds each spent.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

from charset_normalizer import from_bytes

from newsclean.readers.read import read_bytes
from newsclean.settings import ReaderSettings

SENTENCES = Path(__file__).resolve().parents[2] / "shared" / "data" / "langid-dev" / "sentences"

# family: (languages, encodings); every language is written in every encoding of its family
FAMILIES = {
    "Western European": (("fr", "de", "es", "pt", "it", "nl", "sv", "da"), ("cp1252", "latin-1")),
    "Central European": (("hu", "pl", "cs", "sk", "sl", "hr", "ro"), ("cp1250", "iso8859-2")),
    "Turkish": (("tr",), ("cp1254", "iso8859-9")),
    "Baltic": (("lt", "lv", "et"), ("cp1257", "iso8859-13")),
    "Greek": (("el",), ("cp1253", "iso8859-7")),
    "Hebrew": (("he",), ("cp1255", "iso8859-8")),
    "Arabic": (("ar", "fa"), ("cp1256",)),
    "Cyrillic": (
        ("ru", "uk", "bg", "be"),
        ("cp1251", "koi8-r", "koi8-u", "cp866", "iso8859-5", "mac-cyrillic"),
    ),
    "Thai": (("th",), ("cp874",)),
    "Japanese": (("ja",), ("shift_jis", "euc_jp", "iso2022_jp")),
    "Korean": (("ko",), ("euc_kr", "iso2022_kr")),
    "Chinese": (("zh",), ("gb18030", "gb2312", "big5")),
    "UTF-16/32 without BOM": (
        ("en", "ru", "el", "de", "ja"),
        ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"),
    ),
}
INVALID_UTF8_LANGUAGES = ("en", "ru", "de", "el", "ja", "pl")
WRONG_META_PAGES = (("ru", "cp1251"), ("uk", "cp1251"), ("el", "cp1253"), ("pl", "cp1250"))
ARTICLE_SENTENCES = 8


def sentences(language: str, encoding: str) -> list[str]:
    """The language's sentences that the encoding can hold (Big5 has no simplified Han,
    KOI8-R no Ukrainian letters, Latin-1 no curly quotes)."""
    lines = (SENTENCES / f"{language}.txt").read_text(encoding="utf-8").splitlines()
    kept = []
    for line in lines:
        try:
            line.encode(encoding)
        except UnicodeEncodeError:
            continue
        # a few lines hold C1 controls, themselves mis-decoded bytes: not text to encode
        if not line.isascii() and not any("\x80" <= char <= "\x9f" for char in line):
            kept.append(line)
    return kept


def texts(pool: list[str], files: int, rng: random.Random) -> list[str]:
    """`files` texts of one sentence and as many of a short article's worth."""
    if len(pool) < ARTICLE_SENTENCES:
        return []
    singles = rng.sample(pool, files)
    articles = ["\n".join(rng.sample(pool, ARTICLE_SENTENCES)) for _ in range(files)]
    return singles + articles


def cases(files: int) -> list[tuple[str, str, str, bytes, str, bool]]:
    """(family, language, encoding, bytes, expected text, is html) for every file."""
    rng = random.Random(16)
    made = []
    for family, (languages, encodings) in FAMILIES.items():
        for language in languages:
            for encoding in encodings:
                for text in texts(sentences(language, encoding), files, rng):
                    made.append((family, language, encoding, text.encode(encoding), text, False))
    for language in INVALID_UTF8_LANGUAGES:
        for text in texts(sentences(language, "utf-8"), files, rng):
            data = with_invalid_bytes(text.encode("utf-8"), rng)
            expected = data.decode("utf-8", errors="replace")
            made.append(("UTF-8 with invalid bytes", language, "utf-8", data, expected, False))
    for language, encoding in WRONG_META_PAGES:
        for text in texts(sentences(language, encoding), files, rng):
            page = (
                '<html><head><meta charset="iso-8859-1"><title>News</title></head><body><p>'
                + text.replace("\n", "</p>\n<p>")
                + "</p></body></html>"
            )
            family = "HTML, wrong meta charset"
            made.append((family, language, encoding, page.encode(encoding), page, True))
    return made


def with_invalid_bytes(data: bytes, rng: random.Random) -> bytes:
    """`data` with one to three bytes that cannot occur in UTF-8 put between characters."""
    for _ in range(rng.randint(1, 3)):
        cut = rng.randrange(len(data) // 4, 3 * len(data) // 4)
        while cut < len(data) and 0x80 <= data[cut] < 0xC0:  # not inside a character
            cut += 1
        data = data[:cut] + bytes([rng.choice((0xFF, 0xFE, 0xC0, 0xF8))]) + data[cut:]
    return data


def newsclean_text(data: bytes, is_html: bool) -> str | None:
    """The text newsclean's reader makes of the file, or None if it rejects it."""
    result = read_bytes(data, "page.html" if is_html else "article.txt", ReaderSettings())
    return result.documents[0].body if result.documents else None


def charset_normalizer_text(data: bytes, is_html: bool) -> str | None:
    best = from_bytes(data).best()
    return None if best is None else str(best)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=6, help="files of each length per pair")
    parser.add_argument("--misses", action="store_true", help="print what newsclean got wrong")
    args = parser.parse_args()
    if not SENTENCES.is_dir():
        sys.exit(f"{SENTENCES} is absent: this benchmark needs the langid-dev sentences")
    made = cases(args.files)
    decoders = {"newsclean": newsclean_text, "charset-normalizer": charset_normalizer_text}
    right: dict[tuple[str, str], int] = defaultdict(int)
    total: dict[str, int] = defaultdict(int)
    seconds: dict[str, float] = defaultdict(float)
    for family, language, encoding, data, expected, is_html in made:
        total[family] += 1
        for name, decoder in decoders.items():
            started = time.perf_counter()
            text = decoder(data, is_html)
            seconds[name] += time.perf_counter() - started
            right[family, name] += text == expected
            if args.misses and name == "newsclean" and text != expected:
                shown = "rejected" if text is None else repr(text[:70])
                print(f"miss: {family} {language} {encoding}: {shown}")
    print(f"{len(made)} files; correct/total by family")
    print("| family | files | newsclean | charset-normalizer |")
    print("|---|---|---|---|")
    for family in total:
        row = [f"{right[family, name]}" for name in decoders]
        print(f"| {family} | {total[family]} | {row[0]} | {row[1]} |")
    sums = [sum(right[family, name] for family in total) for name in decoders]
    print(f"| all | {len(made)} | **{sums[0]}** | {sums[1]} |")
    print("seconds: " + ", ".join(f"{name} {seconds[name]:.1f}" for name in decoders))


if __name__ == "__main__":
    main()
