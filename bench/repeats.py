"""Repeat removal (steps/repeats.py) measured on the WCXB development pages and the seeds.

The pages go through the document steps up to furniture (as bench/extraction.py runs them),
then `drop_repeats`. A removed repeat is content lost when the page's hand-checked main text
(`ground_truth.main_content`) holds its text twice or more (the output keeps one copy at
most); texts are compared folded (newsclean.textnorm.comparison_key, on word boundaries).
Also counted: removals whose text the gold holds more often than the output still does (a
near copy or a teaser the gold keeps beside its original). Then the repeats removed from
the seeds, which do repeat paragraphs and teasers.

    .venv/bin/python bench/repeats.py [--limit N] [--workers 2] [--show]

`--show` prints every removal counted as content lost.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from collections import Counter
from multiprocessing import Pool
from pathlib import Path

from extraction import DATA, load_pages, newsclean_document

from newsclean.document import Document
from newsclean.pipeline import PIPELINE, DocumentStage, DocumentStep
from newsclean.readers.read import read_bytes
from newsclean.settings import Settings
from newsclean.steps.repeats import STEP, drop_repeats
from newsclean.textnorm import comparison_key

ROOT = Path(__file__).resolve().parent.parent


def copies(text: str, folded: str) -> int:
    key = comparison_key(text)
    return folded.count(f" {key} ") if key else 0


def dev_pages(limit: int | None, workers: int, show: bool) -> None:
    pages = load_pages(limit)
    settings = Settings()
    with Pool(workers) as pool:
        docs = pool.map(newsclean_document, [(page, settings) for page in pages], chunksize=8)
    removed: Counter[str] = Counter()
    twice: Counter[str] = Counter()
    more: Counter[str] = Counter()
    documents = set()
    for page, doc in zip(pages, docs, strict=True):
        if doc.dropped:
            continue
        doc = drop_repeats(doc, settings)
        gold = f" {comparison_key(page.gold)} "
        output = f" {comparison_key(doc.text)} "
        for removal in doc.removals:
            if removal.step != STEP:
                continue
            documents.add(page.id)
            removed[removal.rule] += 1
            in_gold = copies(removal.text, gold)
            twice[removal.rule] += in_gold >= 2
            more[removal.rule] += in_gold > copies(removal.text, output)
            if show and in_gold > copies(removal.text, output):
                print(f"  {page.id} {removal.rule} (gold {in_gold}x): {removal.text[:100]!r}")
    total = sum(removed.values())
    print(f"pages: {len(pages)}; repeats removed: {total}, in {len(documents)} pages")
    for rule in sorted(removed):
        print(
            f"  {rule:<8} {removed[rule]:5d} removed; the gold holds {twice[rule]} twice or "
            f"more, {more[rule]} more often than the output keeps"
        )
    share = sum(twice.values()) / total if total else 0.0
    lost = sum(more.values()) / total if total else 0.0
    print(f"share of removed repeats the gold holds twice or more: {share:.2%}")
    print(f"share the gold holds more often than the output keeps: {lost:.2%}")


def seeds() -> None:
    settings = Settings()
    (clean,) = [s for s in PIPELINE if isinstance(s, DocumentStage) and s.name == "clean"]
    print("\nrepeats removed from the seeds:")
    for path in sorted((ROOT / "seeds").iterdir()):
        read = read_bytes(path.read_bytes(), path.name, settings.readers)
        for doc in read.documents:
            doc = run_stage(doc, clean.steps, settings)
            for removal in doc.removals:
                if removal.step == STEP:
                    print(
                        f"  {path.name} {removal.rule} {removal.kind} paragraph "
                        f"{removal.paragraph} of {removal.duplicate_of.paragraph}: "
                        f"{removal.text[:60]!r}"
                    )


def run_stage(doc: Document, steps: tuple[DocumentStep, ...], settings: Settings) -> Document:
    for step in steps:
        if doc.dropped:
            break
        doc = step(doc, settings)
    return doc


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="the first N pages only")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--show", action="store_true", help="print the content lost")
    args = parser.parse_args()
    print("command:", shlex.join([".venv/bin/python", "bench/repeats.py", *sys.argv[1:]]))
    if DATA.is_dir():
        dev_pages(args.limit, args.workers, args.show)
    else:
        print(f"no development data at {DATA}: only the seeds")
    seeds()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
