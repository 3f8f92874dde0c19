"""Cost of repeat removal (steps/repeats.py) as a document's paragraphs grow.

One document of N paragraphs per kind and size, through `drop_repeats` alone; the figure is
the time per paragraph, which stays flat when the cost is near-linear:

- news: the seeds' paragraphs, each numbered so that it repeats no other, with one passage
  of ten paragraphs doubled every hundred and a teaser of a paragraph after it;
- small vocabulary: prose of 12 to 16 words drawn from 12 words, so that most pairs of
  paragraphs share most of their words;
- small vocabulary, long: the same with 100 words a paragraph (a 3.8 MB text of 5,928 such
  paragraphs is what ran for minutes when every pair was compared);
- one paragraph: the same sentence of prose N times.

    .venv/bin/python bench/repeats_scaling.py [--sizes 1000,3000,10000,30000,100000] [--kinds ...]

Documents over readers.max_document_chars (4,000,000) are measured anyway and marked, up to
10,000,000 characters.
"""

from __future__ import annotations

import argparse
import random
import shlex
import sys
import time
from collections.abc import Callable
from pathlib import Path

from newsclean.document import Document, Paragraph, Source
from newsclean.settings import Settings
from newsclean.steps.repeats import drop_repeats

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
# Documents up to this size are measured (2.5 times readers.max_document_chars).
MAX_MEASURED_CHARS = 10_000_000
VOCABULARY = ["the", "a", "of", "to", "and", "in", "on", "rate", "bank", "price", "said", "rose"]


def news(count: int) -> list[str]:
    sentences = [
        line.strip()
        for path in sorted(SEEDS.glob("*.txt"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if len(line.split()) > 12 and line.strip().endswith(".")
    ]
    out: list[str] = []
    while len(out) < count:
        block = [
            f"{sentences[(len(out) + i) % len(sentences)][:-1]} (part {len(out) + i})."
            for i in range(100)
        ]
        block[20:20] = block[10:20]  # a doubled passage
        block.insert(31, " ".join(block[0].split()[:10]) + "…")  # a teaser of the first
        out += block
    return out[:count]


def small_vocabulary(count: int, words: tuple[int, int] = (12, 16)) -> list[str]:
    rng = random.Random(count)
    return [
        " ".join(rng.choice(VOCABULARY) for _ in range(rng.randint(*words))).capitalize() + "."
        for _ in range(count)
    ]


def small_vocabulary_long(count: int) -> list[str]:
    return small_vocabulary(count, (95, 105))


def one_paragraph(count: int) -> list[str]:
    return ["The bank said the rate rose in the first quarter of the year, as expected."] * count


KINDS: dict[str, Callable[[int], list[str]]] = {
    "news": news,
    "small-vocabulary": small_vocabulary,
    "small-vocabulary-long": small_vocabulary_long,
    "one-paragraph": one_paragraph,
}


def measure(kind: str, count: int, settings: Settings) -> None:
    paragraphs = KINDS[kind](count)
    chars = sum(len(p) + 2 for p in paragraphs)
    if chars > MAX_MEASURED_CHARS:
        print(f"{kind:<22} {count:>8,} {chars / 1e6:7.1f} MB  not measured: far over the limit")
        return
    doc = Document(
        id=kind,
        source=Source(path=f"{kind}.txt", sha256="", format="text"),
        paragraphs=[Paragraph(p) for p in paragraphs],
    )
    start = time.perf_counter()
    doc = drop_repeats(doc, settings)
    seconds = time.perf_counter() - start
    over = " (over max_document_chars)" if chars > settings.readers.max_document_chars else ""
    print(
        f"{kind:<22} {count:>8,} {chars / 1e6:7.1f} MB {seconds:8.2f} s "
        f"{seconds / count * 1e6:8.1f} µs/paragraph  "
        f"{count - len(doc.paragraphs):>7,} removed{over}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,3000,10000,30000,100000")
    parser.add_argument("--kinds", default=",".join(KINDS))
    args = parser.parse_args()
    print("command:", shlex.join([".venv/bin/python", "bench/repeats_scaling.py", *sys.argv[1:]]))
    settings = Settings()
    print(f"{'kind':<22} {'paragraphs':>8} {'size':>10} {'time':>10} {'per paragraph':>15}")
    for kind in args.kinds.split(","):
        for size in args.sizes.split(","):
            measure(kind, int(size), settings)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
