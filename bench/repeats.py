"""Repeat removal (steps/repeats.py) measured on the WCXB development pages and the seeds.

The pages go through the document steps up to furniture (as bench/extraction.py runs them),
then `drop_repeats`. A removed repeat is content lost when the page's hand-checked main text
(`ground_truth.main_content`) holds its text twice or more (the output keeps one copy at
most); texts are compared folded (newsclean.textnorm.comparison_key, on word boundaries).
Also counted: removals whose text the gold holds more often than the output still does (a
near copy or a teaser the gold keeps beside its original). Then the repeats removed from
the seeds, which do repeat paragraphs and teasers.

With `--articles DIR` (plain-text articles, paragraphs between blank lines, titles in
`../metadata/NAME.json` when there: newspaper4k's `tests/data/txt`, news in a dozen
languages), copies are inserted into each article, one case at a time, and must all be
removed, with nothing else: the first prose paragraph again right after it with its quotes
straight or typographic the other way (a standfirst printed twice), the title as the second
paragraph, a prose paragraph of 20 words or more again two paragraphs on with 3% of its
words (one at least) replaced by other words of the article (a doubled block with edits),
and one again three paragraphs on (a pull quote printed twice). Scripts written without
spaces (Chinese, Japanese, Thai) have a few words a paragraph: no near copy applies there.

    .venv/bin/python bench/repeats.py [--limit N] [--workers 2] [--show] [--articles DIR]

`--show` prints every removal counted as content lost, and every inserted copy kept.
"""

from __future__ import annotations

import argparse
import json
import re
import shlex
import sys
from collections import Counter
from multiprocessing import Pool
from pathlib import Path

from extraction import DATA, load_pages, newsclean_document

from newsclean.dedup.paragraphs import ParagraphWords, fact_words
from newsclean.document import Document, Paragraph, Source
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


# Straight quotes made typographic (opening before a word, closing elsewhere), and the other
# way round.
TYPOGRAPHIC = [
    (re.compile(r'"(?=\w)'), "\u201c"),
    (re.compile('"'), "\u201d"),
    (re.compile("'"), "\u2019"),
]
STRAIGHT = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2019": "'", "\u2018": "'"})
LANGUAGES = {"arabic", "bengali", "burmese", "chinese", "hindi", "japanese", "korean", "latvian"}
LANGUAGES |= {"nepali", "spanish", "thai"}


def swap_quotes(text: str) -> str:
    if any(q in text for q in "\u201c\u201d\u2019\u2018"):
        return text.translate(STRAIGHT)
    for pattern, quote in TYPOGRAPHIC:
        text = pattern.sub(quote, text)
    return text


def inserted_copies(folder: Path, show: bool) -> None:
    settings = Settings()
    config = settings.duplicates
    cases: Counter[tuple[str, str]] = Counter()
    removed: Counter[tuple[str, str]] = Counter()
    for path in sorted(folder.glob("*.txt")):
        paragraphs = [p.strip() for p in path.read_text(encoding="utf-8").split("\n\n")]
        paragraphs = [p for p in paragraphs if p]
        language = path.stem.split("_")[0]
        language = language if language in LANGUAGES else "english"
        metadata = folder.parent / "metadata" / f"{path.stem}.json"
        title = (
            json.loads(metadata.read_text(encoding="utf-8")).get("title")
            if metadata.is_file()
            else None
        )
        if repeat_texts(paragraphs, title, settings):
            print(f"  {path.name}: repeats removed from the article itself, left out")
            continue
        forms = [ParagraphWords.of(p) for p in paragraphs]
        prose = [
            i for i, f in enumerate(forms) if f.prose and len(f.words) >= config.min_prose_words
        ]
        edited: dict[str, tuple[list[str], str]] = {}
        if prose:
            i = prose[0]
            copy = swap_quotes(paragraphs[i])
            edited["standfirst"] = ([*paragraphs[: i + 1], copy, *paragraphs[i + 1 :]], copy)
            i = prose[len(prose) // 2]
            edited["pull quote"] = (
                [*paragraphs[: i + 3], paragraphs[i], *paragraphs[i + 3 :]],
                paragraphs[i],
            )
        if title and len(paragraphs) > 1:
            edited["title"] = ([paragraphs[0], title, *paragraphs[1:]], title)
        long = [i for i in prose if len(forms[i].words) >= 20]
        if long:
            i = long[len(long) // 2]
            copy = edit_words(paragraphs[i], paragraphs)
            edited["near copy"] = ([*paragraphs[: i + 2], copy, *paragraphs[i + 2 :]], copy)
        for case, (texts, copy) in edited.items():
            cases[language, case] += 1
            gone = repeat_texts(texts, title, settings)
            if len(gone) == 1 and copy in texts:
                removed[language, case] += 1
            elif show:
                print(f"  {path.name} {case}: removed {gone!r:.200}")
    print("\ninserted copies removed (all of them and nothing else), per language:")
    for case in ("standfirst", "title", "near copy", "pull quote"):
        row = [
            f"{language} {removed[language, case]}/{cases[language, case]}"
            for language, c in sorted(cases)
            if c == case
        ]
        total = (
            sum(removed[k] for k in cases if k[1] == case),
            sum(v for k, v in cases.items() if k[1] == case),
        )
        print(f"  {case:<11} {total[0]}/{total[1]}: {', '.join(row)}")


def repeat_texts(paragraphs: list[str], title: str | None, settings: Settings) -> list[str]:
    doc = Document(
        id="article",
        source=Source(path="article.txt", sha256="", format="text"),
        paragraphs=[Paragraph(p) for p in paragraphs],
        title=title,
    )
    return [r.text for r in drop_repeats(doc, settings).removals if r.step == STEP]


def edit_words(text: str, paragraphs: list[str]) -> str:
    """The text with 3% of its words (one at least) replaced by other words of the article:
    words that are no number or name, replaced by such words."""
    facts = fact_words(text)
    words = text.split()
    plain = [i for i, w in enumerate(words) if i and w.isalpha() and comparison_key(w) not in facts]
    others = sorted(
        {w for p in paragraphs for w in p.split() if w.isalpha() and w.islower()} - set(words)
    )
    for n, i in enumerate(
        plain[:: max(1, len(plain) // max(1, round(0.03 * len(words))))][
            : max(1, round(0.03 * len(words)))
        ]
    ):
        words[i] = others[n % len(others)] if others else words[i][::-1]
    return " ".join(words)


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
    parser.add_argument("--articles", type=Path, help="a folder of plain-text articles")
    args = parser.parse_args()
    print("command:", shlex.join([".venv/bin/python", "bench/repeats.py", *sys.argv[1:]]))
    if DATA.is_dir():
        dev_pages(args.limit, args.workers, args.show)
    else:
        print(f"no development data at {DATA}: only the seeds")
    seeds()
    if args.articles:
        inserted_copies(args.articles, args.show)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
