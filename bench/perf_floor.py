"""The floor: what the libraries themselves spend on a corpus, each called directly.

    .venv/bin/python bench/perf_floor.py SEEDS OUT [--processes 2]

Every part runs as a tight loop over all documents, timed on its own, in pipeline order:
reading the bytes, decoding (charset-normalizer only where the bytes are not UTF-8),
trafilatura.extract for HTML pages, ftfy (fix_text only where ftfy.badness.is_bad fires),
langdetect on the first 4000 characters with a fixed seed, hashing (sha256 of the raw bytes
and a datasketch MinHash of word 2-shingles, 128 permutations) and writing JSONL. With
--processes 2 the same loop runs on two interleaved halves of the files in a
multiprocessing Pool and the wall time of the pool is reported. Prints one JSON line.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import pairwise
from pathlib import Path

import ftfy
import langdetect
import trafilatura
from charset_normalizer import from_bytes
from datasketch import MinHash
from ftfy.badness import is_bad
from langdetect.lang_detect_exception import LangDetectException

LANGUAGE_SAMPLE_CHARS = 4000
LANGDETECT_SEED = 0
MINHASH_PERMUTATIONS = 128
PARTS = ("read", "decode", "trafilatura", "ftfy", "langdetect", "hashing", "write")
# One MinHash's permutations, shared: drawing them anew per document is not the library's cost.
_MINHASH_TEMPLATE = MinHash(num_perm=MINHASH_PERMUTATIONS, seed=1)
# newsclean's ftfy options: curly quotes and character widths are the author's.
_FTFY_CONFIG = ftfy.TextFixerConfig(
    uncurl_quotes=False, normalization=None, fix_character_width=False
)


def decode(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return str(from_bytes(data).best())


def extract_html(page: str) -> str:
    # newsclean's extraction options: tables in, comments out
    return trafilatura.extract(page, include_tables=True, include_comments=False) or ""


def fix_text(text: str) -> str:
    return ftfy.fix_text(text, _FTFY_CONFIG) if is_bad(text) else text


def detect_language(text: str) -> str:
    langdetect.DetectorFactory.seed = LANGDETECT_SEED
    try:
        return langdetect.detect(text[:LANGUAGE_SAMPLE_CHARS])
    except LangDetectException:
        return "unknown"


def minhash(text: str) -> MinHash:
    words = text.split()
    shingles = {f"{a} {b}".encode() for a, b in pairwise(words)}
    signature = MinHash(
        num_perm=MINHASH_PERMUTATIONS,
        permutations=_MINHASH_TEMPLATE.permutations,
        scheme=_MINHASH_TEMPLATE.scheme,
    )
    signature.update_batch(list(shingles))
    return signature


def warm_up() -> float:
    """Seconds the libraries need before their first document (langdetect's profiles,
    trafilatura's and charset-normalizer's lazy set-up): not part of the floor."""
    started = time.perf_counter()
    detect_language("The libraries load what they need on first use.")
    paragraph = "A page to warm up the extractor. " * 20
    extract_html(f"<html><body><article><p>{paragraph}</p></article></body></html>")
    from_bytes("déjà vu".encode("cp1252")).best()
    fix_text("mojibake: cafÃ©")
    return time.perf_counter() - started


@contextmanager
def timed(seconds: dict[str, dict[str, float]], part: str) -> Iterator[None]:
    """Records the wall and CPU seconds of the block under `part`."""
    wall, cpu = time.perf_counter(), time.process_time()
    yield
    seconds["wall"][part] = time.perf_counter() - wall
    seconds["cpu"][part] = time.process_time() - cpu


def floor_parts(paths: list[Path], out: Path) -> dict[str, dict[str, float]]:
    """Wall and CPU seconds per part for the documents in `paths` ({"wall": {part: s},
    "cpu": {part: s}}); their records are written to `out`."""
    seconds: dict[str, dict[str, float]] = {"wall": {}, "cpu": {}}
    with timed(seconds, "read"):
        raw = [path.read_bytes() for path in paths]
    with timed(seconds, "decode"):
        texts = [decode(data) for data in raw]
    with timed(seconds, "trafilatura"):
        texts = [
            extract_html(text) if path.suffix == ".html" else text
            for path, text in zip(paths, texts, strict=True)
        ]
    with timed(seconds, "ftfy"):
        texts = [fix_text(text) for text in texts]
    with timed(seconds, "langdetect"):
        languages = [detect_language(text) for text in texts]
    with timed(seconds, "hashing"):
        digests = [hashlib.sha256(data).hexdigest() for data in raw]
        # a pipeline would feed the signatures to LSH; here only their cost counts
        for text in texts:
            minhash(text)
    with timed(seconds, "write"), out.open("w", encoding="utf-8") as sink:
        for path, text, language, digest in zip(paths, texts, languages, digests, strict=True):
            record = {"id": path.name, "text": text, "language": language, "sha256": digest}
            sink.write(json.dumps(record, sort_keys=True, ensure_ascii=False) + "\n")
    return seconds


def _worker(job: tuple[list[Path], Path]) -> dict[str, dict[str, float]]:
    return floor_parts(*job)


def run_floor(seeds: Path, out: Path, processes: int) -> dict:
    paths = sorted(p for p in seeds.rglob("*") if p.suffix in (".txt", ".html"))
    startup = warm_up()
    out.mkdir(parents=True, exist_ok=True)
    jobs = [(paths[i::processes], out / f"part-{i}.jsonl") for i in range(processes)]
    wall, cpu = time.perf_counter(), time.process_time()
    if processes == 1:
        parts = [floor_parts(*jobs[0])]
    else:
        # fork: the workers inherit the warmed-up libraries, as a long-lived pool would have them
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            parts = pool.map(_worker, jobs)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    if processes > 1:
        # the parent's CPU time is only the pool's overhead: add what the workers spent
        cpu += sum(sum(p["cpu"].values()) for p in parts)
    written = sum(sum(1 for _ in (out / f"part-{i}.jsonl").open()) for i in range(processes))
    return {
        "documents": len(paths),
        "written": written,
        "processes": processes,
        "wall": wall,
        "cpu": cpu,
        "startup": startup,
        # per part: the slowest worker's wall time, all workers' CPU time
        "wall_parts": {part: max(p["wall"][part] for p in parts) for part in PARTS},
        "cpu_parts": {part: sum(p["cpu"][part] for p in parts) for part in PARTS},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("seeds", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--processes", type=int, default=1)
    args = parser.parse_args()
    print(json.dumps(run_floor(args.seeds, args.out, args.processes)))


if __name__ == "__main__":
    sys.exit(main())
