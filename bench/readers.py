"""Readers on real inputs.

1. The WCXB development pages (html/ID.html.gz) read as seeds: documents, rejections, how
   each was decoded, and throughput.
2. Cyrillic detection: the langid-dev sentences of ru, uk, be, bg and kk (and whole files
   of them), encoded in each legacy code page they fit, decoded without any declaration.
   Exact-match rate of newsclean's decode() against charset-normalizer alone.

    .venv/bin/python bench/readers.py [--limit N]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

from charset_normalizer import from_bytes

from newsclean.readers.decoding import DecodingError, decode
from newsclean.readers.discover import discover
from newsclean.readers.read import read_path
from newsclean.settings import ReaderSettings

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
PAGES = DATA / "wcxb-dev-articles" / "html"
SENTENCES = DATA / "langid-dev" / "sentences"
LANGUAGES = ("ru", "uk", "be", "bg", "kk")
CODE_PAGES = ("cp1251", "koi8-r", "koi8-u", "kz1048", "cp866", "iso8859-5", "mac-cyrillic")


def bench_pages(limit: int | None) -> None:
    paths = discover(PAGES)[:limit]
    settings = ReaderSettings()
    reasons: Counter[str] = Counter()
    rejections: list[str] = []
    documents = size = 0
    start = time.perf_counter()
    for path in paths:
        result = read_path(path, PAGES, settings)
        size += result.size
        documents += len(result.documents)
        rejections += [r.error for r in result.rejections]
        reasons.update(f"{d.source.encoding}/{d.source.encoding_reason}" for d in result.documents)
    seconds = time.perf_counter() - start
    print(f"WCXB pages: {len(paths)} files, {size / 1e6:.1f} MB gzip")
    print(f"  documents {documents}, rejections {len(rejections)}")
    for error in rejections:
        print(f"    {error}")
    print("  encoding/reason: " + ", ".join(f"{k} {v}" for k, v in reasons.most_common()))
    print(f"  {seconds:.1f} s, {len(paths) / seconds:.0f} files/s")


def bench_cyrillic(limit: int | None) -> None:
    print("Cyrillic sentences, exact decodes (newsclean / charset-normalizer alone):")
    for language in LANGUAGES:
        lines = SENTENCES.joinpath(f"{language}.txt").read_text(encoding="utf-8").splitlines()
        lines = lines[:limit]
        for code_page in CODE_PAGES:
            # the sentences this code page can hold (kk needs letters cp1251 lacks, ...)
            fitting = [line for line in lines if _fits(line, code_page)]
            if len(fitting) < len(lines) / 2:
                continue
            encoded = [line.encode(code_page) for line in fitting]
            whole = "\n".join(fitting) + "\n"
            whole_bytes = whole.encode(code_page)
            ours = sum(_ours(data) == line for data, line in zip(encoded, fitting, strict=True))
            alone = sum(_alone(data) == line for data, line in zip(encoded, fitting, strict=True))
            whole_ok = "yes" if _ours(whole_bytes) == whole else "no"
            share, alone_share = ours / len(fitting), alone / len(fitting)
            print(
                f"  {language} {code_page:<12} {len(fitting):4d} sentences {share:6.1%} / "
                f"{alone_share:6.1%}   all of them in one file: {whole_ok}"
            )


def _fits(line: str, code_page: str) -> bool:
    try:
        line.encode(code_page)
    except UnicodeEncodeError:
        return False
    return True


def _ours(data: bytes) -> str | None:
    try:
        return decode(data).text
    except DecodingError:
        return None


def _alone(data: bytes) -> str | None:
    match = from_bytes(data).best()
    return None if match is None else str(match)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="files / sentences per language")
    args = parser.parse_args()
    if not PAGES.is_dir() or not SENTENCES.is_dir():
        sys.exit(f"development data not found under {DATA}; nothing to measure")
    bench_pages(args.limit)
    bench_cyrillic(args.limit)


if __name__ == "__main__":
    main()
